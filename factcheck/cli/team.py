"""Commands for working as a team: copy a project between a file and a server, project settings (blind
mode), the annotators."""

from __future__ import annotations

import argparse

from factcheck.cli.common import CommandFactory, db_location
from factcheck.services.copy import copy_project
from factcheck.services.project import Project


def add_parsers(command: CommandFactory) -> None:
    p = command(
        "copy",
        "Copy a whole project between a file and a PostgreSQL database (either way), verified row by row.",
    )
    p.set_defaults(handler=_copy, without_project=True)
    p.add_argument("--from", dest="source", required=True, type=db_location, metavar="PATH_OR_URL")
    p.add_argument(
        "--to",
        dest="target",
        required=True,
        type=db_location,
        metavar="PATH_OR_URL",
        help="a new file, or an empty database (postgresql+psycopg://user@host/database)",
    )


def _copy(_project: Project | None, args: argparse.Namespace) -> int:
    report = copy_project(args.source, args.target)
    for table, rows in report.tables.items():
        print(f"{table}\t{rows}")
    for table in report.skipped:
        print(f"{table}\tnot copied (not a table of this version of factcheck)")
    print(report.summary)
    return 0
