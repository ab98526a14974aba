"""The command-line face of factcheck: import, list, annotate, edit, link, matters, search… over the services."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from factcheck import importers
from factcheck.cli_commands import CLI_COMMANDS
from factcheck.domain import (
    AnnotationRow,
    Attribution,
    BadInputError,
    ClaimDate,
    FactcheckError,
    ImportedDocument,
    LinkRelation,
    Snippet,
    Verdict,
)
from factcheck.reports.chronology import date_range_words, html_report, markdown_report
from factcheck.reports.data import LaneBy
from factcheck.services.documents import DuplicateDocumentError
from factcheck.services.export_source import Scope
from factcheck.services.interchange import EXCHANGE_EXTENSIONS
from factcheck.services.project import Project
from factcheck.services.record import RECORD_FIELDS, record_values
from factcheck.services.search import make_filters
from factcheck.services.setup import open_or_create
from factcheck.text.published import parse_published

COMMANDS = CLI_COMMANDS


class OneLineErrorParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        hint = "factcheck --help" if self.prog == "factcheck" else f"{self.prog} --help"
        self.exit(2, f"factcheck: {message} (see {hint})\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(
        prog="factcheck", description="Tag claims and counterclaims in news articles."
    )
    parser.add_argument("--db", type=Path, help="project file (default: your default project)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineErrorParser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="project file")
        return p

    p = command(
        "import",
        "Import article files, folders or web pages (https://…) into the project; or annotations from "
        "W3C Web Annotation (.jsonld, .json) or REFI-QDA (.qdpx) files, or a factcheck CSV edited in a "
        "spreadsheet (.csv: the changes are shown, and made with --apply).",
    )
    p.add_argument("files", nargs="+", metavar="FILE_OR_URL")
    p.add_argument("--keep-boilerplate", action="store_true", help="keep advertisement separator lines")
    for name in ("title", "outlet", "author", "url"):
        p.add_argument(
            f"--{name}", help=f"the article's {name} (instead of the detected one; one source only)"
        )
    p.add_argument("--published", help="publication time, e.g. 2021-12-09 16:39 -08:00 (one source only)")
    p.add_argument("--new-version-of", metavar="DOC_ID", help="store the file as a new version of DOC_ID")
    p.add_argument("--apply", action="store_true", help="an edited factcheck CSV: apply the previewed changes")
    p.add_argument(
        "--delete-missing",
        action="store_true",
        help="an edited factcheck CSV: also delete the annotations of its documents that it no longer lists",
    )

    p = command("export", "Export annotations: CSV, links CSV, W3C JSON-LD, REFI-QDA or ClaimReview.")
    p.add_argument("--format", required=True, choices=["csv", "links-csv", "jsonld", "qdpx", "claimreview"])
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--document", metavar="DOC_ID", help="only this document's annotations")
    scope.add_argument("--matter", metavar="NAME_OR_ID", help="only this matter's annotations")
    p.add_argument("--no-bom", action="store_true", help="CSV: plain UTF-8 without a byte-order mark (R, pandas)")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="PATH", help="the file to write")

    command("list", "List the project's documents with their annotation counts.")

    p = command("annotate", "Tag the Nth occurrence of an exact quote in a document.")
    p.add_argument("document_id", metavar="DOC_ID")
    p.add_argument("--quote", required=True)
    p.add_argument("--label", required=True, help="claim, counterclaim, or another label's name")
    p.add_argument("--occurrence", type=int, default=1, help="which occurrence of the quote (1 = first)")
    _record_options(p)

    p = command("annotations", "List a document's annotations in text order.")
    p.add_argument("document_id", metavar="DOC_ID")

    p = command("edit", "Change an annotation's label, claimant, claim date, verdict, note or matters.")
    p.add_argument("annotation_id", metavar="ANNOTATION_ID")
    p.add_argument("--label", help="claim, counterclaim, or another label's name")
    _record_options(p)
    p.add_argument(
        "--leave-matter",
        action="append",
        default=[],
        metavar="NAME_OR_ID",
        help="take it out of this matter (repeatable)",
    )

    p = command("link", "Link annotation A to annotation B: A disputes, supports or repeats B.")
    p.add_argument("source_id", metavar="A")
    p.add_argument("target_id", metavar="B")
    relation = p.add_mutually_exclusive_group(required=True)
    for rel in LinkRelation:
        relation.add_argument(
            f"--{rel.value}", dest="relation", action="store_const", const=rel.value, help=f"A {rel.value} B"
        )

    p = command("unlink", "Remove a link (its id is printed by link and links).")
    p.add_argument("link_id", metavar="LINK_ID")

    p = command("links", "List an annotation's links, both ways.")
    p.add_argument("annotation_id", metavar="ANNOTATION_ID")

    command("matters", "List the matters: claims, counterclaims, articles and date span of each.")

    p = command("matter", "Create, show, rename or delete a matter; add annotations to it or remove them.")
    actions = p.add_subparsers(dest="action", required=True, parser_class=OneLineErrorParser)
    a = actions.add_parser("create", help="create a matter")
    a.add_argument("name", metavar="NAME")
    a.add_argument("--description", default="")
    a = actions.add_parser("show", help="list a matter's annotations by claim date")
    a.add_argument("matter", metavar="NAME_OR_ID")
    a = actions.add_parser("rename", help="rename a matter")
    a.add_argument("matter", metavar="NAME_OR_ID")
    a.add_argument("name", metavar="NEW_NAME")
    a = actions.add_parser("delete", help="delete a matter (its annotations stay)")
    a.add_argument("matter", metavar="NAME_OR_ID")
    for verb, what in (
        ("add", "put annotations in a matter"),
        ("remove", "take annotations out of a matter"),
    ):
        a = actions.add_parser(verb, help=what)
        a.add_argument("matter", metavar="NAME_OR_ID")
        a.add_argument("annotation_ids", nargs="+", metavar="ANNOTATION_ID")
    for a in actions.choices.values():
        a.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="project file")

    p = command("search", "Search the articles' text and the annotations (quote, note, claimant).")
    p.add_argument("text", metavar="TEXT", help="words to find ('' to list annotations by the filters only)")
    p.add_argument("--label", action="append", default=[], help="only this label (repeatable)")
    p.add_argument("--claimant", action="append", default=[], help="only this claimant (repeatable)")
    p.add_argument("--verdict", action="append", default=[], help="only this verdict (repeatable)")
    p.add_argument("--matter", metavar="NAME_OR_ID", help="only annotations in this matter")
    p.add_argument("--document", metavar="DOC_ID", help="only this document")
    p.add_argument("--annotator", action="append", default=[], help="only annotations by (repeatable)")
    p.add_argument(
        "--from", dest="date_from", metavar="DATE", help="claim date from (2021, 2021-10, 2021-10-07)"
    )
    p.add_argument("--to", dest="date_to", metavar="DATE", help="claim date up to (inclusive)")
    p.add_argument("--limit", type=int, default=200, help="at most this many hits of each kind")

    command("labels", "List the labels with their colour, key and number of annotations.")

    p = command("label", "Add, change or delete a label of your own.")
    actions = p.add_subparsers(dest="action", required=True, parser_class=OneLineErrorParser)
    a = actions.add_parser("add", help="add a label")
    a.add_argument("name", metavar="NAME")
    a.add_argument("--color", help="#RRGGBB (default: the next colour-blind-safe one)")
    a.add_argument("--key", default="", help="the key that tags a selection with it")
    a = actions.add_parser("edit", help="rename, recolour or set the key of a label")
    a.add_argument("label", metavar="NAME")
    a.add_argument("--name")
    a.add_argument("--color")
    a.add_argument("--key", help="'' to remove the key")
    a = actions.add_parser("delete", help="delete a label (refused while in use, unless --move-to)")
    a.add_argument("label", metavar="NAME")
    a.add_argument("--move-to", metavar="LABEL", help="move its annotations to this label")
    for a in actions.choices.values():
        a.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="project file")

    command("claimants", "List the claimants with their number of annotations.")
    _timeline_parser(command("timeline", "Write the claim timeline: a chronology report (md, html) or a picture (png, svg)."))
    return parser


def _record_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--claimant", metavar="NAME", help="who made the claim ('' for nobody)")
    p.add_argument(
        "--claim-date",
        metavar="DATE",
        help="when the claim was made: 2021, 2021-10 or 2021-10-07 ('' for the publication date)",
    )
    p.add_argument("--allow-future", action="store_true", help="accept a claim date after today")
    p.add_argument("--attribution", help=", ".join(a.value for a in Attribution))
    p.add_argument("--verdict", help=", ".join(v.value for v in Verdict))
    p.add_argument("--rating", dest="rating_text", metavar="TEXT", help="the rating in words")
    p.add_argument("--rating-value", metavar="N", help="the rating on a numeric scale")
    p.add_argument("--rating-best", metavar="N", help="the best value of that scale")
    p.add_argument("--rating-worst", metavar="N", help="the worst value of that scale")
    note = p.add_mutually_exclusive_group()
    note.add_argument("--note", help="a note in Markdown")
    note.add_argument("--note-file", type=Path, metavar="PATH", help="read the note from a file ('-': stdin)")
    p.add_argument(
        "--matter",
        action="append",
        default=[],
        metavar="NAME_OR_ID",
        help="put it in this matter (repeatable)",
    )


def main(argv: Sequence[str] | None = None, picture_renderer: PictureRenderer | None = None) -> int:
    """Run one command; ``picture_renderer`` draws ``timeline --format png|svg`` (factcheck.app hands in
    the Qt one: this module never imports Qt)."""
    args = build_parser().parse_args(argv)
    args.picture_renderer = picture_renderer
    try:
        project = open_or_create(args.db)
    except FactcheckError as exc:
        print(f"factcheck: {exc}", file=sys.stderr)
        return 2
    try:
        return _HANDLERS[args.command](project, args)
    except FactcheckError as exc:
        print(f"factcheck: {exc}", file=sys.stderr)
        return 2
    finally:
        project.close()


def _import(project: Project, args: argparse.Namespace) -> int:
    # Exchange files (.csv, .jsonld, .json, .qdpx) hold annotations, not articles: imported on their own.
    exchange_failures = _import_exchange_files(project, args)
    if not args.files:
        return 2 if exchange_failures else 0
    sources = [_source(value) for value in args.files]
    overrides = {
        name: getattr(args, name) for name in ("title", "outlet", "author", "url") if getattr(args, name)
    }
    if args.published:
        overrides["published_at"] = parse_published(args.published)
    files: list[str | Path] = []
    for source in sources:
        found = [source] if isinstance(source, str) else importers.expand_paths([source])
        if not found:
            raise BadInputError(
                f"{source} is a folder with no importable files ({', '.join(importers.SUPPORTED_EXTENSIONS)})."
            )
        files.extend(found)
    if (overrides or args.new_version_of) and len(files) != 1:
        raise BadInputError("Metadata options and --new-version-of take exactly one file or URL.")
    failures = 0
    for source in files:
        try:
            imported = _read(source, not args.keep_boilerplate)
            if overrides:
                imported = dataclasses.replace(imported, **overrides)
            if args.new_version_of:
                report, _before = project.versions.add_version(args.new_version_of, imported)
                print(report.summary)
                for row in project.annotations.for_document(args.new_version_of):
                    if row.anchor_status in ("needs_review", "orphaned"):
                        print(f"{row.id}\t{row.anchor_status}\t{row.anchor_confidence:.2f}\t{row.quote}")
                continue
            row = project.documents.add(imported)
        except DuplicateDocumentError as exc:
            print(
                f"factcheck: {source}: skipped, already in the project as {exc.existing.id}", file=sys.stderr
            )
            continue
        except BadInputError as exc:
            failures += 1
            print(f"factcheck: {source}: {exc}", file=sys.stderr)
            continue
        print(f"{row.id}\t{row.title}")
    return 2 if failures or exchange_failures else 0


def _source(value: str) -> str | Path:
    """A URL stays a string; anything else is a path."""
    return value if value.lower().startswith(("http://", "https://")) else Path(value)


def _read(source: str | Path, clean: bool) -> ImportedDocument:
    if isinstance(source, str):
        return importers.fetch_url(source, remove_boilerplate=clean)
    return importers.import_path(source, remove_boilerplate=clean)


def _import_exchange_files(project: Project, args: argparse.Namespace) -> int:
    """Import the exchange files among ``args.files`` (and take them out of it); returns the failures."""
    exchange = [
        v
        for v in args.files
        if not v.lower().startswith(("http://", "https://"))
        and Path(v).suffix.lower() in (".csv", *EXCHANGE_EXTENSIONS)
    ]
    args.files = [v for v in args.files if v not in exchange]
    failures = 0
    for value in exchange:
        path = Path(value)
        try:
            if path.suffix.lower() == ".csv":
                _import_csv(project, path, apply=args.apply, delete_missing=args.delete_missing)
            else:
                _import_exchange(project, path)
        except BadInputError as exc:
            failures += 1
            print(f"factcheck: {path}: {exc}", file=sys.stderr)
    return failures


def _import_exchange(project: Project, path: Path) -> None:
    report = project.interchange.import_exchange(path)
    print(f"{path}\t{report.summary}")
    for reason in report.skipped:
        print(f"skipped\t{_one_line(reason)}")


def _import_csv(project: Project, path: Path, *, apply: bool, delete_missing: bool) -> None:
    preview = project.csv_edits.preview(path)
    print(f"{path}\t{preview.summary(delete_missing=delete_missing)}")
    for change in preview.changes:
        for field in change.changes:
            print(f"change\t{change.annotation_id}\t{field.field}\t{_one_line(field.before)}\t{_one_line(field.after)}")
    if delete_missing:
        for deletion in preview.deletions:
            print(f"delete\t{deletion.annotation_id}\t{_one_line(deletion.quote[:80])}")
    for kept in preview.kept_recent:
        print(f"kept\t{kept.annotation_id}\tnewer than the CSV's rows\t{_one_line(kept.quote[:80])}")
    for problem in preview.problems:
        print(f"skipped\tline {problem.line}\t{problem.annotation_id or '-'}\t{_one_line(problem.reason)}")
    if preview.is_empty(delete_missing=delete_missing):
        return
    if not apply:
        print("Nothing written: run again with --apply to make these changes.")
        return
    applied = project.csv_edits.apply(preview, delete_missing=delete_missing)
    print(f"applied\t{applied.summary}")


def _export(project: Project, args: argparse.Namespace) -> int:
    if args.document:
        scope = Scope.document(project.documents.get(args.document).id)
    elif args.matter:
        scope = Scope.matter(project.matters.find(args.matter).id)
    else:
        scope = Scope.project()
    result = project.interchange.export(args.format, args.output, scope, bom=not args.no_bom)
    noun = {"links-csv": "links", "claimreview": "reviews"}.get(args.format, "annotations")
    print(f"{result.path}\t{result.items} {noun}")
    return 0


def _list(project: Project, _args: argparse.Namespace) -> int:
    for row in project.documents.list():
        published = row.published_day or "-"
        print(
            f"{row.id}\t{row.title}\t{published}\t{row.annotation_count} annotations "
            f"({row.claim_count} claims, {row.counterclaim_count} counterclaims)"
        )
    return 0


def _annotate(project: Project, args: argparse.Namespace) -> int:
    label = project.labels.by_name(args.label)
    record = _record_fields(args)
    matter_ids = [project.matters.find(m).id for m in args.matter]
    row = project.annotations.create_from_quote(
        args.document_id, args.quote, label.id, args.occurrence, matter_ids=matter_ids, **record
    )
    _print_annotation(row)
    return 0


def _edit(project: Project, args: argparse.Namespace) -> int:
    fields = _record_fields(args)
    if args.label is not None:
        fields["label_id"] = project.labels.by_name(args.label).id
    joins = [project.matters.find(m).id for m in args.matter]
    leaves = [project.matters.find(m).id for m in args.leave_matter]
    if not (fields or joins or leaves):
        raise BadInputError("Nothing to change: give at least one option, such as --verdict or --note.")
    row = project.annotations.get(args.annotation_id)
    record_values(fields, row)  # every value checked before anything is written
    for matter_id in leaves:
        project.matters.remove_member(matter_id, row.id)
    for matter_id in joins:
        project.matters.add_member(matter_id, row.id)
    if fields:
        _, row = project.annotations.update(row.id, **fields)
    else:
        row = project.annotations.get(row.id)
    _print_annotation(row)
    return 0


def _record_fields(args: argparse.Namespace) -> dict:
    """The record options that were given, as AnnotationService fields (a future date needs --allow-future)."""
    fields = {}
    for name in sorted(RECORD_FIELDS):
        value = getattr(args, name)
        if value is not None:
            fields[name] = value
    if args.note_file is not None:
        try:
            if str(args.note_file) == "-":
                fields["note"] = sys.stdin.read()
            else:
                fields["note"] = args.note_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInputError(f"Cannot read the note from {args.note_file}: {exc}.") from exc
    if fields.get("claim_date", "").strip():
        date = ClaimDate.parse(fields["claim_date"])
        if date.is_future() and not args.allow_future:
            raise BadInputError(f"The claim date {date} is in the future; add --allow-future if it is right.")
    return fields


def _one_line(text: str) -> str:
    return text.replace("\n", "\\n").replace("\t", "\\t")


def _print_annotation(row: AnnotationRow) -> None:
    print(f"{row.id}\t{row.label_name}\t{row.start}\t{row.end}\t{_one_line(row.quote)}")


def _link(project: Project, args: argparse.Namespace) -> int:
    link = project.links.link(args.source_id, args.target_id, args.relation)
    print(f"{link.id}\t{link.source_id}\t{link.relation}\t{link.target_id}")
    return 0


def _unlink(project: Project, args: argparse.Namespace) -> int:
    link = project.links.unlink(args.link_id)
    print(f"{link.id}\t{link.source_id}\t{link.relation}\t{link.target_id}\tremoved")
    return 0


def _links(project: Project, args: argparse.Namespace) -> int:
    for view in project.links.links_of(args.annotation_id):
        print(
            f"{view.link.id}\t{view.phrase}\t{view.other_id}\t{view.other_label_name}\t"
            f"{_one_line(view.other_document_title)}\t{_one_line(view.other_quote)}"
        )
    return 0


def _matters(project: Project, _args: argparse.Namespace) -> int:
    for m in project.matters.list():
        print(
            f"{m.id}\t{m.name}\t{m.claims} claims\t{m.counterclaims} counterclaims\t"
            f"{m.articles} articles\t{m.date_span or '-'}"
        )
    return 0


def _matter(project: Project, args: argparse.Namespace) -> int:
    matters = project.matters
    if args.action == "create":
        row = matters.create(args.name, args.description)
        print(f"{row.id}\t{row.name}")
        return 0
    matter = matters.find(args.matter)
    if args.action == "show":
        for row in matters.members(matter.id):
            date = row.effective_claim_date
            print(
                f"{row.id}\t{row.label_name}\t{date or '-'}\t{row.claimant_name or '-'}\t{row.verdict}\t"
                f"{_one_line(row.quote)}"
            )
    elif args.action == "rename":
        matters.rename(matter.id, args.name)
        print(f"{matter.id}\t{matters.get(matter.id).name}")
    elif args.action == "delete":
        deleted = matters.delete(matter.id)
        print(
            f"{matter.id}\t{matter.name}\tdeleted ({len(deleted.annotation_ids)} annotations left as they are)"
        )
    elif args.action == "add":
        added = matters.add_members(matter.id, args.annotation_ids)
        print(f"{matter.id}\t{matter.name}\t{len(added)} added")
    else:
        for annotation_id in args.annotation_ids:
            matters.remove_member(matter.id, annotation_id)
        print(f"{matter.id}\t{matter.name}\t{len(args.annotation_ids)} removed")
    return 0


def _search(project: Project, args: argparse.Namespace) -> int:
    # Deferred: only this command needs the search module's helpers.
    from factcheck.services.search import make_filters

    filters = make_filters(
        labels=[project.labels.by_name(name).id for name in args.label],
        claimants=[project.claimants.by_name(name).id for name in args.claimant],
        verdicts=args.verdict,
        matter_id=project.matters.find(args.matter).id if args.matter else None,
        document_id=project.documents.get(args.document).id if args.document else None,
        annotators=args.annotator,
        date_from=args.date_from,
        date_to=args.date_to,
    )
    results = project.search.search(args.text, filters, limit=args.limit)
    for hit in results.annotations:
        row = hit.annotation
        date = row.effective_claim_date
        print(
            f"annotation\t{row.id}\t{row.label_name}\t{row.claimant_name or '-'}\t{date or '-'}\t"
            f"{row.verdict}\t{hit.field or '-'}\t{_marked(hit.snippet)}"
        )
    for hit in results.texts:
        print(f"text\t{hit.document_id}\t{hit.start}\t{hit.end}\t{_marked(hit.snippet)}")
    if results.truncated:
        print(
            f"factcheck: more than {args.limit} hits; only the first are shown (see --limit).",
            file=sys.stderr,
        )
    return 0


def _marked(snippet: Snippet) -> str:
    return _one_line(f"…{snippet.before}>>{snippet.match}<<{snippet.after}…")


def _labels(project: Project, _args: argparse.Namespace) -> int:
    usage = project.labels.usage()
    for label in project.labels.list():
        kind = "built-in" if label.builtin else "own"
        print(
            f"{label.id}\t{label.name}\t{label.color}\t{label.shortcut or '-'}\t{kind}\t{usage.get(label.id, 0)}"
        )
    return 0


def _label(project: Project, args: argparse.Namespace) -> int:
    labels = project.labels
    if args.action == "add":
        row = labels.add(args.name, args.color, args.key)
    elif args.action == "edit":
        label = labels.by_name(args.label)
        if args.name is None and args.color is None and args.key is None:
            raise BadInputError("Nothing to change: give --name, --color or --key.")
        _, row = labels.update(label.id, name=args.name, color=args.color, shortcut=args.key)
    else:
        label = labels.by_name(args.label)
        move_to = labels.by_name(args.move_to).id if args.move_to else None
        deleted = labels.delete(label.id, move_to)
        print(f"{label.id}\t{label.name}\tdeleted ({len(deleted.moved)} annotations moved)")
        return 0
    print(f"{row.id}\t{row.name}\t{row.color}\t{row.shortcut or '-'}")
    return 0


def _claimants(project: Project, _args: argparse.Namespace) -> int:
    for claimant in project.claimants.list():
        print(f"{claimant.id}\t{claimant.name}\t{claimant.annotation_count}")
    return 0


def _annotations(project: Project, args: argparse.Namespace) -> int:
    project.documents.get(args.document_id)
    for row in project.annotations.for_document(args.document_id):
        _print_annotation(row)
    return 0


# --- timeline -----------------------------------------------------------------------------------------

#: How a picture is drawn: (data, path, "png" or "svg", scale=…, title=…) -> the path written.
PictureRenderer = Callable[..., Path]
TIMELINE_FORMATS = ("md", "html", "png", "svg")


def _timeline_parser(p: argparse.ArgumentParser) -> None:
    p.add_argument("--matter", metavar="ID_OR_NAME", help="only this matter's annotations")
    p.add_argument("--by", choices=[b.value for b in LaneBy], default=LaneBy.MATTER.value,
                   help="one lane per matter (default), claimant or document (pictures)")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="claim date from (2021, 2021-10, 2021-10-07)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="claim date up to (inclusive)")
    p.add_argument("--label", action="append", default=[], help="only this label (repeatable)")
    p.add_argument("--claimant", action="append", default=[], help="only this claimant (repeatable)")
    p.add_argument("--verdict", action="append", default=[], help="only this verdict (repeatable)")
    p.add_argument("--document", metavar="DOC_ID", help="only this document")
    p.add_argument("--format", required=True, choices=TIMELINE_FORMATS,
                   help="md or html: the chronology report; png or svg: the timeline as a picture")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="PATH", help="file to write ('-': stdout, md/html)")
    p.add_argument("--scale", type=float, default=1.0, metavar="N", help="PNG resolution: 2 for 2× (1–4)")  # fmt: skip


def _timeline(project: Project, args: argparse.Namespace) -> int:
    picture = args.format in ("png", "svg")
    if picture and args.picture_renderer is None:
        raise BadInputError(
            f"--format {args.format} needs Qt to draw the picture: run it as `factcheck timeline …` "
            "(the full program), or write md or html."
        )
    if picture and str(args.output) == "-":
        raise BadInputError("A picture cannot go to stdout; give a file name with -o.")
    if not 1 <= args.scale <= 4:
        raise BadInputError("--scale must be between 1 and 4 (2 for a 2× picture).")
    matter = project.matters.find(args.matter) if args.matter else None
    filters = make_filters(
        labels=[project.labels.by_name(name).id for name in args.label],
        claimants=[project.claimants.by_name(name).id for name in args.claimant],
        verdicts=args.verdict,
        matter_id=matter.id if matter else None,
        document_id=project.documents.get(args.document).id if args.document else None,
        date_from=args.date_from,
        date_to=args.date_to,
    )
    data = project.timeline.entries(filters, by=args.by, full_text=not picture)
    try:
        if picture:
            title = matter.name if matter else "Claim timeline"
            path = args.picture_renderer(data, args.output, args.format, scale=args.scale, title=title)
        else:
            write = markdown_report if args.format == "md" else html_report
            text = write(data, scope=_timeline_scope(args), generated=date.today())
            if str(args.output) == "-":
                sys.stdout.write(text)
                return 0
            args.output.write_text(text, encoding="utf-8")
            path = args.output
    except OSError as exc:
        raise BadInputError(f"Could not write {args.output}: {exc.strerror or exc}.") from exc
    lanes = len(data.lanes)
    print(f"{path}\t{len(data.entries)} dated\t{len(data.undated)} undated\t{lanes} lane{'' if lanes == 1 else 's'}")
    return 0


def _timeline_scope(args: argparse.Namespace) -> str:
    """The filters in words, for the report's opening paragraph."""
    parts = [f"{name} {', '.join(values)}" for name, values in
             (("label", args.label), ("claimant", args.claimant), ("verdict", args.verdict)) if values]  # fmt: skip
    if args.document:
        parts.append(f"document {args.document}")
    if args.date_from or args.date_to:
        parts.append(date_range_words(args.date_from, args.date_to))
    return ("Only annotations with " + "; ".join(parts) + ".") if parts else ""


_HANDLERS = {
    "import": _import,
    "export": _export,
    "list": _list,
    "annotate": _annotate,
    "annotations": _annotations,
    "edit": _edit,
    "link": _link,
    "unlink": _unlink,
    "links": _links,
    "matters": _matters,
    "matter": _matter,
    "search": _search,
    "labels": _labels,
    "label": _label,
    "claimants": _claimants,
    "timeline": _timeline,
}


if __name__ == "__main__":
    raise SystemExit(main())
