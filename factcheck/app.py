"""Composition root: a subcommand goes to the CLI; otherwise open the window on the project."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from factcheck.cli import COMMANDS as CLI_COMMANDS


def parse_gui_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="factcheck",
        description="Open the factcheck workbench, or run a command: " + ", ".join(CLI_COMMANDS) + ".",
    )
    parser.add_argument(
        "--db",
        type=_location,
        help="project file to open (created if missing), or a postgresql+psycopg://user@host/database URL",
    )
    parser.add_argument("--version", action="version", version="factcheck 0.1.0")
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        print(
            f"factcheck: unknown command or option {unknown[0]!r}; the commands are {', '.join(CLI_COMMANDS)}",
            file=sys.stderr,
        )
        raise SystemExit(2)
    return args


def _location(value: str) -> Path | str:
    """A path, or a server URL kept as text (parsed when the project opens: no SQLAlchemy before the
    first frame)."""
    return value if "://" in value else Path(value)


def render_timeline_picture(data, path: Path, fmt: str, *, scale: float = 1.0, title: str = "") -> Path:
    """Draw ``factcheck timeline --format png|svg`` with Qt: the CLI is handed this and never imports Qt."""
    if "QT_QPA_PLATFORM" not in os.environ and _no_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a picture needs no screen
    # Deferred: Qt (and the timeline's painting code) load only when a picture is asked for.
    from factcheck.ui.timeline import render_picture

    return render_picture(data, path, fmt, scale=scale, title=title)


def _no_display() -> bool:
    if sys.platform.startswith(("win", "darwin")):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if any(arg in CLI_COMMANDS for arg in argv):
        # Deferred: the command line needs SQLAlchemy but never Qt, the window the other way round.
        from factcheck import cli

        return cli.main(argv, picture_renderer=render_timeline_picture if "timeline" in argv else None)
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

    return run_gui(args.db, open_initial, open_project)
