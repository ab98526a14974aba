"""The timeline command: the chronology report (md, html) or the timeline as a picture (png, svg)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from lxml import etree

from factcheck.cli.common import (
    CommandFactory,
    layer_option,
)
from factcheck.domain import (
    BadInputError,
)
from factcheck.files import atomic_path, describe_os_error, write_text_atomically
from factcheck.reports.chronology import date_range_words, html_report, markdown_report
from factcheck.reports.data import LaneBy
from factcheck.services.project import Project
from factcheck.services.search import make_filters

#: How a picture is drawn: (data, path, "png" or "svg", scale=…, title=…) -> the path written.
PictureRenderer = Callable[..., Path]
TIMELINE_FORMATS = ("md", "html", "png", "svg")


def add_parsers(command: CommandFactory) -> None:
    p = command(
        "timeline", "Write the claim timeline: a chronology report (md, html) or a picture (png, svg)."
    )
    p.set_defaults(handler=_timeline)
    _timeline_parser(p)


def _timeline_parser(p: argparse.ArgumentParser) -> None:
    p.add_argument("--matter", metavar="ID_OR_NAME", help="only this matter's annotations")
    p.add_argument(
        "--by",
        choices=[b.value for b in LaneBy],
        default=LaneBy.MATTER.value,
        help="one lane per matter (default), claimant or document (pictures)",
    )
    p.add_argument(
        "--from", dest="date_from", metavar="DATE", help="claim date from (2021, 2021-10, 2021-10-07)"
    )
    p.add_argument("--to", dest="date_to", metavar="DATE", help="claim date up to (inclusive)")
    p.add_argument("--label", action="append", default=[], help="only this label (repeatable)")
    p.add_argument("--claimant", action="append", default=[], help="only this claimant (repeatable)")
    p.add_argument("--verdict", action="append", default=[], help="only this verdict (repeatable)")
    p.add_argument("--document", metavar="DOC_ID", help="only this document")
    p.add_argument(
        "--format",
        required=True,
        choices=TIMELINE_FORMATS,
        help="md or html: the chronology report; png or svg: the timeline as a picture",
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="PATH",
        help="file to write ('-': stdout, md/html)",
    )
    p.add_argument("--scale", type=float, default=1.0, metavar="N", help="PNG resolution: 2 for 2× (1–4)")
    layer_option(p, "adjudicated once adjudication is open, else all")


def _timeline(project: Project, args: argparse.Namespace) -> int:
    picture = args.format in ("png", "svg")
    if picture and args.picture_renderer is None:
        raise BadInputError(
            f"--format {args.format} needs Qt to draw the picture: run it as `factcheck timeline …` "
            "(the full program), or write md or html."
        )
    if picture and str(args.output) == "-":
        raise BadInputError("A picture cannot go to stdout; give a file name with -o.")
    if not 1 <= args.scale <= 4:
        raise BadInputError("--scale must be between 1 and 4 (2 for a 2× picture).")
    matter = project.matters.find(args.matter) if args.matter else None
    filters = make_filters(
        labels=[project.labels.by_name(name).id for name in args.label],
        claimants=[project.claimants.by_name(name).id for name in args.claimant],
        verdicts=args.verdict,
        matter_id=matter.id if matter else None,
        document_id=project.documents.get(args.document).id if args.document else None,
        date_from=args.date_from,
        date_to=args.date_to,
        layer=args.layer,
    )
    data = project.timeline.entries(filters, by=args.by, full_text=not picture)
    try:
        if picture:
            title = matter.name if matter else "Claim timeline"
            # Drawn into a temporary file that replaces the target only once complete.
            with atomic_path(args.output, error=BadInputError) as temp:
                args.picture_renderer(data, temp, args.format, scale=args.scale, title=title)
                if args.format == "svg":
                    _check_complete_svg(temp, args.output)
            path = args.output
        else:
            write = markdown_report if args.format == "md" else html_report
            text = write(data, scope=_timeline_scope(args), generated=date.today())
            if str(args.output) == "-":
                sys.stdout.write(text)
                return 0
            # Atomic: a full disk or a kill leaves the previous report as it was, never half of a new one.
            path = write_text_atomically(args.output, text, error=BadInputError)
    except OSError as exc:
        raise BadInputError(f"Could not write {args.output}: {describe_os_error(exc)}.") from exc
    lanes = len(data.lanes)
    print(
        f"{path}\t{len(data.entries)} dated\t{len(data.undated)} undated\t{lanes} lane{'' if lanes == 1 else 's'}"
    )
    return 0


def _check_complete_svg(temp: Path, target: Path) -> None:
    """Qt's SVG writer reports no write error (a full disk leaves a cut-off file): parse what it wrote."""
    try:
        etree.parse(str(temp), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except (etree.XMLSyntaxError, OSError) as exc:
        raise BadInputError(f"Could not write {target}: the picture came out incomplete ({exc}).") from exc


def _timeline_scope(args: argparse.Namespace) -> str:
    """The filters in words, for the report's opening paragraph."""
    parts = [
        f"{name} {', '.join(values)}"
        for name, values in (("label", args.label), ("claimant", args.claimant), ("verdict", args.verdict))
        if values
    ]
    if args.document:
        parts.append(f"document {args.document}")
    if args.date_from or args.date_to:
        parts.append(date_range_words(args.date_from, args.date_to))
    return ("Only annotations with " + "; ".join(parts) + ".") if parts else ""
