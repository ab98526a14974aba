"""Commands for articles: import (files, folders, URLs, new versions) and list."""

from __future__ import annotations

import argparse
import dataclasses
import sys

from factcheck.cli.common import CommandFactory
from factcheck.cli.interchange import import_exchange_files
from factcheck.domain import AnchorStatus, BadInputError
from factcheck.services.bulk_import import expand_sources, import_each, read_source
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
    overrides = {
        name: getattr(args, name) for name in ("title", "outlet", "author", "url") if getattr(args, name)
    }
    if args.published:
        overrides["published_at"] = parse_published(args.published)
    sources = expand_sources(args.files)
    if (overrides or args.new_version_of) and len(sources) != 1:
        raise BadInputError("Metadata options and --new-version-of take exactly one file or URL.")
    clean = not args.keep_boilerplate
    if args.new_version_of:
        return _new_version(project, args.new_version_of, sources[0], overrides, clean)
    failures = 0
    for outcome in import_each(project, sources, remove_boilerplate=clean, overrides=overrides):
        if outcome.document is not None:
            print(f"{outcome.document.id}\t{outcome.document.title}")
        elif outcome.duplicate_of is not None:
            existing = outcome.duplicate_of.id
            print(
                f"factcheck: {outcome.source}: skipped, already in the project as {existing}", file=sys.stderr
            )
        else:
            failures += 1
            print(f"factcheck: {outcome.source}: {outcome.problem}", file=sys.stderr)
    return 2 if failures or exchange_failures else 0


def _new_version(project: Project, document_id: str, source, overrides: dict, clean: bool) -> int:
    try:
        imported = read_source(source, remove_boilerplate=clean)
        if overrides:
            imported = dataclasses.replace(imported, **overrides)
        report, _before = project.versions.add_version(document_id, imported)
    except BadInputError as exc:
        print(f"factcheck: {source}: {exc}", file=sys.stderr)
        return 2
    print(report.summary)
    for row in project.annotations.for_document(document_id):
        if row.anchor_status in (AnchorStatus.NEEDS_REVIEW, AnchorStatus.ORPHANED):
            print(f"{row.id}\t{row.anchor_status}\t{row.anchor_confidence:.2f}\t{row.quote}")
    return 0


def _list(project: Project, _args: argparse.Namespace) -> int:
    for row in project.documents.list():
        published = row.published_day or "-"
        print(
            f"{row.id}\t{row.title}\t{published}\t{row.annotation_count} annotations "
            f"({row.claim_count} claims, {row.counterclaim_count} counterclaims)"
        )
    return 0
