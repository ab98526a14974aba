"""Composition root: a subcommand goes to the CLI; otherwise open the window on the project."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from factcheck import cli


def parse_gui_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="factcheck", description="Open the factcheck workbench.")
    parser.add_argument("--db", type=Path, help="project file to open (created if missing)")
    parser.add_argument("--version", action="version", version="factcheck 0.1.0")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if any(arg in cli.COMMANDS for arg in argv):
        return cli.main(argv)
    args = parse_gui_args(argv)
    # Deferred imports: Qt only when a window is wanted, and SQLAlchemy (~0.3 s) only after the first
    # frame is painted, so the window appears at once (see performance-limits.md, start-up).
    from factcheck.ui.application import run_gui

    def open_initial(path, annotator):
        from factcheck.services.setup import open_or_create

        return open_or_create(path, annotator=annotator)

    def open_project(path):
        from factcheck.services.project import Project

        return Project.open(path)

    def import_file(path):
        from factcheck.importers import import_path

        return import_path(path)

    return run_gui(args.db, open_initial, open_project, import_file)
