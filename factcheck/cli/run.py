"""Build the parser from every command module and run one command with one-line errors."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from factcheck.cli import COMMANDS
from factcheck.cli.common import OneLineErrorParser
from factcheck.domain import FactcheckError
from factcheck.services.setup import open_or_create


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(
        prog="factcheck", description="Tag claims and counterclaims in news articles."
    )
    parser.add_argument("--db", type=Path, help="project file (default: your default project)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineErrorParser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        if name not in COMMANDS:
            raise ValueError(f"{name!r} is missing from factcheck.cli.COMMANDS")
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="project file")
        return p

    for module_name in dict.fromkeys(COMMANDS.values()):
        importlib.import_module(f"factcheck.cli.{module_name}").add_parsers(command)
    return parser


def run(argv: Sequence[str] | None = None, picture_renderer: Callable[..., Path] | None = None) -> int:
    """Run one command; ``picture_renderer`` draws ``timeline --format png|svg`` (factcheck.app hands in
    the Qt one: the CLI never imports Qt)."""
    args = build_parser().parse_args(argv)
    args.picture_renderer = picture_renderer
    try:
        project = open_or_create(args.db)
    except FactcheckError as exc:
        print(f"factcheck: {exc}", file=sys.stderr)
        return 2
    try:
        return args.handler(project, args)
    except FactcheckError as exc:
        print(f"factcheck: {exc}", file=sys.stderr)
        return 2
    finally:
        project.close()
