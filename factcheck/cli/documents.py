"""Commands for articles: import (files, folders, URLs, new versions) and list."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from factcheck import importers
from factcheck.cli.common import (
    CommandFactory,
)
from factcheck.cli.interchange import import_exchange_files
from factcheck.domain import (
    BadInputError,
    ImportedDocument,
)
from factcheck.services.documents import DuplicateDocumentError
from factcheck.services.project import Project
from factcheck.text.published import parse_published


def add_parsers(command: CommandFactory) -> None:
    p = command(
        "import",
        "Import article files, folders or web pages (https://…) into the project; or annotations from "
        "W3C Web Annotation (.jsonld, .json) or REFI-QDA (.qdpx) files, or a factcheck CSV edited in a "
        "spreadsheet (.csv: the changes are shown, and made with --apply).",
    )
    p.set_defaults(handler=_import)
    p.add_argument("files", nargs="+", metavar="FILE_OR_URL")
    p.add_argument("--keep-boilerplate", action="store_true", help="keep advertisement separator lines")
    for name in ("title", "outlet", "author", "url"):
        p.add_argument(
            f"--{name}", help=f"the article's {name} (instead of the detected one; one source only)"
        )
    p.add_argument("--published", help="publication time, e.g. 2021-12-09 16:39 -08:00 (one source only)")
    p.add_argument("--new-version-of", metavar="DOC_ID", help="store the file as a new version of DOC_ID")
    p.add_argument(
        "--apply", action="store_true", help="an edited factcheck CSV: apply the previewed changes"
    )
    p.add_argument(
        "--delete-missing",
        action="store_true",
        help="an edited factcheck CSV: also delete the annotations of its documents that it no longer lists",
    )

    command("list", "List the project's documents with their annotation counts.").set_defaults(handler=_list)


def _import(project: Project, args: argparse.Namespace) -> int:
    # Exchange files (.csv, .jsonld, .json, .qdpx) hold annotations, not articles: imported on their own.
    exchange_failures = import_exchange_files(project, args)
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


def _list(project: Project, _args: argparse.Namespace) -> int:
    for row in project.documents.list():
        published = row.published_day or "-"
        print(
            f"{row.id}\t{row.title}\t{published}\t{row.annotation_count} annotations "
            f"({row.claim_count} claims, {row.counterclaim_count} counterclaims)"
        )
    return 0
