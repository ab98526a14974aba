"""What the command modules share: the one-line-error parser, the record options, and row printing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from factcheck.domain import AnnotationRow, Attribution, BadInputError, ClaimDate, Verdict
from factcheck.services.record import RECORD_FIELDS
from factcheck.store.backends import ProjectLocation, parse_location

#: ``command(name, help)`` adds a subcommand's parser (with ``--db``); each module's ``add_parsers`` gets it.
CommandFactory = Callable[[str, str], argparse.ArgumentParser]


class OneLineErrorParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        hint = "factcheck --help" if self.prog == "factcheck" else f"{self.prog} --help"
        if "expected one argument" in message:
            hint = "a value that begins with '-' is written with '=', as in --claimant=-x; " + hint
        self.exit(2, f"factcheck: {message} (see {hint})\n")


DB_HELP = "project file, or a postgresql+psycopg://user@host/database URL (default: your default project)"
AS_HELP = "work as this annotator (default: FACTCHECK_ANNOTATOR, else your user name)"


def db_location(value: str) -> ProjectLocation:
    """``--db``: a project file's path or a server database's URL (argparse's one-line error otherwise)."""
    try:
        return parse_location(value)
    except BadInputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_project_options(p: argparse.ArgumentParser, *, suppress: bool) -> None:
    """``--db`` and ``--as`` (on the main parser, and again on each command so they may come after it)."""
    default = argparse.SUPPRESS if suppress else None
    p.add_argument("--db", type=db_location, default=default, metavar="PATH_OR_URL", help=DB_HELP)
    p.add_argument("--as", dest="as_annotator", default=default, metavar="NAME", help=AS_HELP)


def add_db_option(parsers: argparse._SubParsersAction) -> None:
    """Give every action of a command with actions (``matter create``…) its own ``--db`` and ``--as``."""
    for action in parsers.choices.values():
        add_project_options(action, suppress=True)


LAYER_HELP = "whose annotations: all, adjudicated, or an annotator's name"


def layer_option(p: argparse.ArgumentParser, default: str) -> None:
    p.add_argument("--layer", metavar="LAYER", help=f"{LAYER_HELP} (default: {default})")


def record_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--claimant", metavar="NAME", help="who made the claim ('' for nobody)")
    p.add_argument(
        "--claim-date",
        metavar="DATE",
        help="when the claim was made: 2021, 2021-10 or 2021-10-07 ('' for the publication date)",
    )
    p.add_argument("--allow-future", action="store_true", help="accept a claim date after today")
    p.add_argument("--attribution", help=", ".join(a.value for a in Attribution))
    p.add_argument("--verdict", help=", ".join(v.value for v in Verdict))
    p.add_argument("--rating", dest="rating_text", metavar="TEXT", help="the rating in words")
    p.add_argument("--rating-value", metavar="N", help="the rating on a numeric scale")
    p.add_argument("--rating-best", metavar="N", help="the best value of that scale")
    p.add_argument("--rating-worst", metavar="N", help="the worst value of that scale")
    note = p.add_mutually_exclusive_group()
    note.add_argument("--note", help="a note in Markdown")
    note.add_argument("--note-file", type=Path, metavar="PATH", help="read the note from a file ('-': stdin)")
    p.add_argument(
        "--matter",
        action="append",
        default=[],
        metavar="NAME_OR_ID",
        help="put it in this matter (repeatable)",
    )


def record_fields(args: argparse.Namespace) -> dict:
    """The record options that were given, as AnnotationService fields (a future date needs --allow-future)."""
    fields = {}
    for name in sorted(RECORD_FIELDS):
        value = getattr(args, name)
        if value is not None:
            fields[name] = value
    if args.note_file is not None:
        try:
            if str(args.note_file) == "-":
                fields["note"] = sys.stdin.read()
            else:
                fields["note"] = args.note_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInputError(f"Cannot read the note from {args.note_file}: {exc}.") from exc
    if fields.get("claim_date", "").strip():
        date = ClaimDate.parse(fields["claim_date"])
        if date.is_future() and not args.allow_future:
            raise BadInputError(f"The claim date {date} is in the future; add --allow-future if it is right.")
    return fields


def one_line(text: str) -> str:
    return text.replace("\n", "\\n").replace("\t", "\\t")


def print_annotation(row: AnnotationRow) -> None:
    print(f"{row.id}\t{row.label_name}\t{row.start}\t{row.end}\t{one_line(row.quote)}")
