"""Build the parser from every command module and run one command with one-line errors."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from factcheck.cli import COMMANDS
from factcheck.cli.common import OneLineErrorParser, add_project_options
from factcheck.domain import BadInputError, FactcheckError
from factcheck.services.setup import open_or_create


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(
        prog="factcheck", description="Tag claims and counterclaims in news articles."
    )
    add_project_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineErrorParser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        if name not in COMMANDS:
            raise ValueError(f"{name!r} is missing from factcheck.cli.COMMANDS")
        p = sub.add_parser(name, help=help_text, description=help_text)
        add_project_options(p, suppress=True)
        return p

    for module_name in dict.fromkeys(COMMANDS.values()):
        importlib.import_module(f"factcheck.cli.{module_name}").add_parsers(command)
    return parser


def run(argv: Sequence[str] | None = None, picture_renderer: Callable[..., Path] | None = None) -> int:
    """Run one command; ``picture_renderer`` draws ``timeline --format png|svg`` (factcheck.app hands in
    the Qt one: the CLI never imports Qt)."""
    args = build_parser().parse_args(argv)
    args.picture_renderer = picture_renderer
    if getattr(args, "without_project", False):
        # Commands that open projects themselves (copy: two of them).
        try:
            return args.handler(None, args)
        except FactcheckError as exc:
            print(f"factcheck: {exc}", file=sys.stderr)
            return 2
    try:
        project = open_or_create(args.db, annotator=annotator_option(args.as_annotator))
    except FactcheckError as exc:
        print(f"factcheck: {exc}", file=sys.stderr)
        return 2
    if getattr(project, "repaired", None):
        print(f"factcheck: {project.repaired}", file=sys.stderr)  # what opening it had to repair
    try:
        return args.handler(project, args)
    except FactcheckError as exc:
        print(f"factcheck: {exc}", file=sys.stderr)
        return 2
    finally:
        project.close()


def annotator_option(value: str | None) -> str | None:
    """``--as NAME``: the annotator to work as (None: the default), checked like a name a user types."""
    if value is None:
        return None
    name = " ".join(value.split())
    if not name:
        raise BadInputError("--as needs a name.")
    if len(name) > 200:
        raise BadInputError("An annotator's name can have at most 200 characters.")
    return name
