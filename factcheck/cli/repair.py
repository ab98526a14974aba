"""``factcheck repair``: check a project file, rebuild its indexes when only they are wrong, or put its
latest backup in its place (the damaged file is always kept beside it)."""

from __future__ import annotations

import argparse
from pathlib import Path

from factcheck.cli.common import CommandFactory
from factcheck.domain import BadInputError
from factcheck.paths import default_project_path
from factcheck.services import repair


def add_parsers(command: CommandFactory) -> None:
    p = command(
        "repair",
        "Check a project file; rebuild its indexes when only they are wrong, or restore its latest backup.",
    )
    p.set_defaults(handler=_repair, without_project=True)
    p.add_argument(
        "--restore",
        nargs="?",
        const="",
        metavar="BACKUP",
        help="put this backup (default: the latest whole one beside the project) in the project's place",
    )


def _repair(_project, args: argparse.Namespace) -> int:
    path = args.db or default_project_path()
    if not isinstance(path, Path):
        raise BadInputError("repair works on a project file; a server keeps its own storage whole.")
    if args.restore is not None:
        print(repair.restore_backup(path, args.restore or None).summary)
        return 0
    found = repair.diagnose(path)
    if found.ok or found.indexes_only:
        print(repair.reindex(path).summary)
        return 0
    for problem in found.problems:
        print(problem)
    latest = found.latest_backup
    hint = (
        f"restore its latest backup, {latest.name}, with: factcheck repair --restore --db {path}"
        if latest
        else "no backup of it was found beside it"
    )
    raise BadInputError(f"{path.name} is damaged beyond its indexes; {hint}.")
