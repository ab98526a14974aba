"""Build the parser from every command module and run one command: every failure is one line on stderr.

Bad input and unusable files exit 2 with the reason; an unexpected exception exits 1 with one line that
names the log file holding its traceback (factcheck.crashlog); a closed pipe (``| head -1``) ends quietly.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from factcheck.cli import COMMANDS
from factcheck.cli.common import OneLineErrorParser, add_project_options
from factcheck.crashlog import crash_message, record_crash, setup_logging
from factcheck.domain import BadInputError, FactcheckError
from factcheck.services.setup import open_or_create

#: What a shell reports for a process ended by SIGPIPE (128 + 13): the reader went away, nothing failed.
EXIT_BROKEN_PIPE = 141
EPILOG = (
    "A value that begins with '-' is written with '=': --claimant=-x, --quote='-10% in a year'. "
    "Exit status: 0 done, 2 bad input or an unusable file (one line on stderr), 1 an unexpected error "
    "(its details go to the log file named)."
)


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(
        prog="factcheck", description="Tag claims and counterclaims in news articles.", epilog=EPILOG
    )
    add_project_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineErrorParser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        if name not in COMMANDS:
            raise ValueError(f"{name!r} is missing from factcheck.cli.COMMANDS")
        p = sub.add_parser(name, help=help_text, description=help_text, epilog=EPILOG)
        add_project_options(p, suppress=True)
        return p

    for module_name in dict.fromkeys(COMMANDS.values()):
        importlib.import_module(f"factcheck.cli.{module_name}").add_parsers(command)
    return parser


def run(argv: Sequence[str] | None = None, picture_renderer: Callable[..., Path] | None = None) -> int:
    """Run one command; ``picture_renderer`` draws ``timeline --format png|svg`` (factcheck.app hands in
    the Qt one: the CLI never imports Qt)."""
    setup_logging()
    try:
        return _run(argv, picture_renderer)
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except FactcheckError as exc:
        print(f"factcheck: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("factcheck: interrupted; nothing more was done.", file=sys.stderr)
        return 130
    except Exception as exc:
        print(f"factcheck: {crash_message(exc, record_crash(exc, 'the command line'))}", file=sys.stderr)
        return 1


def _run(argv: Sequence[str] | None, picture_renderer: Callable[..., Path] | None) -> int:
    args = build_parser().parse_args(argv)
    args.picture_renderer = picture_renderer
    if getattr(args, "without_project", False):
        # Commands that open projects themselves (copy: two of them).
        code = args.handler(None, args)
        sys.stdout.flush()  # a closed pipe shows here, inside run()'s try
        return code
    project = open_or_create(args.db, annotator=annotator_option(args.as_annotator))
    try:
        for line in (getattr(project, "notice", ""), getattr(project, "repaired", ""), _backup_line(project)):
            if line:
                print(f"factcheck: {line}", file=sys.stderr)
        code = args.handler(project, args)
        sys.stdout.flush()
        return code
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


def _backup_line(project) -> str:
    backup = getattr(project, "backup_made", None)
    if not backup:
        return ""
    return f"upgraded {project.name} to this version; the old file is kept as {backup}"


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's exit-time flush does not raise BrokenPipeError again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
