"""The command-line face of factcheck: import, list, annotate, annotations — over the same services."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from factcheck.cli_commands import CLI_COMMANDS
from factcheck.domain import BadInputError, FactcheckError
from factcheck.services.project import Project
from factcheck.services.setup import open_or_create

COMMANDS = CLI_COMMANDS


class OneLineErrorParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        hint = "factcheck --help" if self.prog == "factcheck" else f"{self.prog} --help"
        self.exit(2, f"factcheck: {message} (see {hint})\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(prog="factcheck", description="Tag claims and counterclaims in news articles.")
    parser.add_argument("--db", type=Path, help="project file (default: your default project)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineErrorParser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="project file")
        return p

    p = command("import", "Import article files into the project.")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--keep-boilerplate", action="store_true", help="keep advertisement separator lines")

    command("list", "List the project's documents with their annotation counts.")

    p = command("annotate", "Tag the Nth occurrence of an exact quote in a document.")
    p.add_argument("document_id", metavar="DOC_ID")
    p.add_argument("--quote", required=True)
    p.add_argument("--label", required=True, help="claim, counterclaim, or another label's name")
    p.add_argument("--occurrence", type=int, default=1, help="which occurrence of the quote (1 = first)")

    p = command("annotations", "List a document's annotations in text order.")
    p.add_argument("document_id", metavar="DOC_ID")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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
    # Importing pulls in the format libraries, so only this command pays for them.
    from factcheck.importers import import_path

    failures = 0
    for path in args.files:
        try:
            imported = import_path(path, remove_boilerplate=not args.keep_boilerplate)
            row = project.documents.add(imported)
        except BadInputError as exc:
            failures += 1
            print(f"factcheck: {path}: {exc}", file=sys.stderr)
            continue
        print(f"{row.id}\t{row.title}")
    return 2 if failures else 0


def _list(project: Project, _args: argparse.Namespace) -> int:
    for row in project.documents.list():
        published = row.published_at.date().isoformat() if row.published_at else "-"
        print(
            f"{row.id}\t{row.title}\t{published}\t{row.annotation_count} annotations "
            f"({row.claim_count} claims, {row.counterclaim_count} counterclaims)"
        )
    return 0


def _annotate(project: Project, args: argparse.Namespace) -> int:
    label = project.labels.by_name(args.label)
    row = project.annotations.create_from_quote(args.document_id, args.quote, label.id, args.occurrence)
    print(f"{row.id}\t{row.label_name}\t{row.start}\t{row.end}\t{row.quote}")
    return 0


def _annotations(project: Project, args: argparse.Namespace) -> int:
    project.documents.get(args.document_id)
    for row in project.annotations.for_document(args.document_id):
        quote = row.quote.replace("\n", "\\n").replace("\t", "\\t")
        print(f"{row.id}\t{row.label_name}\t{row.start}\t{row.end}\t{quote}")
    return 0


_HANDLERS = {"import": _import, "list": _list, "annotate": _annotate, "annotations": _annotations}


if __name__ == "__main__":
    raise SystemExit(main())
