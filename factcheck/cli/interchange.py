"""Commands for exchange files: export (CSV, JSON-LD, REFI-QDA, ClaimReview) and their import."""

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
from factcheck.services.interchange import EXCHANGE_EXTENSIONS
from factcheck.services.project import Project


def add_parsers(command: CommandFactory) -> None:
    p = command("export", "Export annotations: CSV, links CSV, W3C JSON-LD, REFI-QDA or ClaimReview.")
    p.set_defaults(handler=_export)
    p.add_argument("--format", required=True, choices=["csv", "links-csv", "jsonld", "qdpx", "claimreview"])
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--document", metavar="DOC_ID", help="only this document's annotations")
    scope.add_argument("--matter", metavar="NAME_OR_ID", help="only this matter's annotations")
    p.add_argument(
        "--no-bom", action="store_true", help="CSV: plain UTF-8 without a byte-order mark (R, pandas)"
    )
    p.add_argument("-o", "--output", required=True, type=Path, metavar="PATH", help="the file to write")
    layer_option(p, "adjudicated once adjudication is open, else all")


def _export(project: Project, args: argparse.Namespace) -> int:
    if args.document:
        scope = Scope.document(project.documents.get(args.document).id)
    elif args.matter:
        scope = Scope.matter(project.matters.find(args.matter).id)
    else:
        scope = Scope.project()
    layer = Layer.parse(args.layer) if args.layer else None
    result = project.interchange.export(args.format, args.output, scope, bom=not args.no_bom, layer=layer)
    noun = {"links-csv": "links", "claimreview": "reviews"}.get(args.format, "annotations")
    print(f"{result.path}\t{result.items} {noun}")
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
    for reason in report.skipped:
        print(f"skipped\t{one_line(reason)}")


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
        print(f"skipped\tline {problem.line}\t{problem.annotation_id or '-'}\t{one_line(problem.reason)}")
    if preview.is_empty(delete_missing=delete_missing):
        return
    if not apply:
        print("Nothing written: run again with --apply to make these changes.")
        return
    applied = project.csv_edits.apply(preview, delete_missing=delete_missing)
    print(f"applied\t{applied.summary}")
