"""Commands for exchange files: export (CSV, JSON-LD, REFI-QDA, ClaimReview, Hypothesis), their import,
and the project's publisher setting."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from factcheck.cli.common import (
    CommandFactory,
    layer_option,
    one_line,
)
from factcheck.domain import (
    BadInputError,
    Layer,
)
from factcheck.services.export_source import Scope
from factcheck.services.interchange import EXCHANGE_EXTENSIONS, ExportFormat, clean_publisher
from factcheck.services.project import Project


def add_parsers(command: CommandFactory) -> None:
    p = command(
        "export", "Export annotations: CSV, links CSV, W3C JSON-LD, REFI-QDA, ClaimReview or Hypothesis."
    )
    p.set_defaults(handler=_export)
    p.add_argument("--format", required=True, choices=[f.value for f in ExportFormat])
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--document", metavar="DOC_ID", help="only this document's annotations")
    scope.add_argument("--matter", metavar="NAME_OR_ID", help="only this matter's annotations")
    p.add_argument(
        "--no-bom", action="store_true", help="CSV: plain UTF-8 without a byte-order mark (R, pandas)"
    )
    p.add_argument(
        "--publisher",
        metavar="NAME",
        help="ClaimReview: the organisation publishing the reviews (default: the project's setting)",
    )
    p.add_argument(
        "--publisher-url",
        metavar="URL",
        help="ClaimReview: its web address; each review's url is URL#claim-<id> (default: the setting)",
    )
    p.add_argument(
        "--save-publisher",
        action="store_true",
        help="also store --publisher and --publisher-url as the project's setting",
    )
    p.add_argument("-o", "--output", required=True, type=Path, metavar="PATH", help="the file to write")
    layer_option(p, "adjudicated once adjudication is open, else all")

    p = command("publisher", "Show or set the organisation named on exported ClaimReviews.")
    p.set_defaults(handler=_publisher)
    p.add_argument("--name", help="the publisher's name ('' to clear)")
    p.add_argument("--url", help="the publisher's web address ('' to clear)")


def _export(project: Project, args: argparse.Namespace) -> int:
    if args.document:
        scope = Scope.document(project.documents.get(args.document).id)
    elif args.matter:
        scope = Scope.matter(project.matters.find(args.matter).id)
    else:
        scope = Scope.project()
    publisher = None
    if args.publisher is not None or args.publisher_url is not None:
        saved = project.interchange.publisher()
        publisher = clean_publisher(
            saved.name if args.publisher is None else args.publisher,
            saved.url if args.publisher_url is None else args.publisher_url,
        )
        if args.save_publisher:
            project.interchange.set_publisher(publisher.name, publisher.url)
    layer = Layer.parse(args.layer) if args.layer else None
    result = project.interchange.export(
        args.format, args.output, scope, bom=not args.no_bom, publisher=publisher, layer=layer
    )
    print(f"{result.path}\t{result.items} {result.format.noun}")
    for note in result.notes:
        print(f"note\t{note}")
    return 0


def _publisher(project: Project, args: argparse.Namespace) -> int:
    publisher = project.interchange.publisher()
    if args.name is not None or args.url is not None:
        publisher = project.interchange.set_publisher(
            publisher.name if args.name is None else args.name,
            publisher.url if args.url is None else args.url,
        )
    print(f"{publisher.name or '-'}\t{publisher.url or '-'}")
    return 0


def import_exchange_files(project: Project, args: argparse.Namespace) -> int:
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
    if report.review:
        rows = {row.id: row for row in project.annotations.get_many(list(report.review))}
        for annotation_id in report.review:
            row = rows.get(annotation_id)
            quote = one_line(row.quote[:80]) if row is not None else ""
            print(f"review\t{annotation_id}\t{quote}")
    for reason in report.skipped:
        print(f"left out\t{one_line(reason)}")


def _import_csv(project: Project, path: Path, *, apply: bool, delete_missing: bool) -> None:
    preview = project.csv_edits.preview(path)
    print(f"{path}\t{preview.summary(delete_missing=delete_missing)}")
    for change in preview.changes:
        for field in change.changes:
            print(
                f"change\t{change.annotation_id}\t{field.field}\t{one_line(field.before)}\t{one_line(field.after)}"
            )
    if delete_missing:
        for deletion in preview.deletions:
            print(f"delete\t{deletion.annotation_id}\t{one_line(deletion.quote[:80])}")
    for kept in preview.kept_recent:
        print(f"kept\t{kept.annotation_id}\tnewer than the CSV's rows\t{one_line(kept.quote[:80])}")
    for problem in preview.problems:
        where = f"line {problem.line}" + (f", {problem.column}" if problem.column else "")
        print(f"not applied\t{where}\t{problem.annotation_id or '-'}\t{one_line(problem.reason)}")
    if preview.is_empty(delete_missing=delete_missing):
        return
    if not apply:
        print("Nothing written: run again with --apply to make these changes.")
        return
    applied = project.csv_edits.apply(preview, delete_missing=delete_missing)
    print(f"applied\t{applied.summary}")
