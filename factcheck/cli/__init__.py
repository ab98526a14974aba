"""The command line: COMMANDS names every subcommand and the module that implements it (light to import)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

#: Every subcommand and the module of ``factcheck.cli`` that builds its parser and runs it. The launcher
#: reads the names without importing the modules (they load SQLAlchemy); ``run`` imports them.
COMMANDS: dict[str, str] = {
    "import": "documents",
    "list": "documents",
    "annotate": "annotations",
    "annotations": "annotations",
    "edit": "annotations",
    "link": "links",
    "unlink": "links",
    "links": "links",
    "matters": "matters",
    "matter": "matters",
    "search": "search",
    "labels": "labels",
    "label": "labels",
    "claimants": "labels",
    "export": "interchange",
    "publisher": "interchange",
    "timeline": "timeline",
    "repair": "repair",
    "copy": "team",
    "project": "team",
    "annotators": "team",
    "agreement": "team",
    "adjudicate": "adjudicate",
}


def main(argv: Sequence[str] | None = None, picture_renderer: Callable[..., Path] | None = None) -> int:
    """Run one command and return its exit code (see ``factcheck.cli.run``)."""
    # Deferred: importing the command modules loads SQLAlchemy; COMMANDS must stay cheap for the launcher.
    from factcheck.cli.run import run

    return run(argv, picture_renderer)
