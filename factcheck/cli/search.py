"""The search command: the articles' text and the annotations, with filters."""

from __future__ import annotations

import argparse
import sys

from factcheck.cli.common import (
    CommandFactory,
    layer_option,
    one_line,
)
from factcheck.domain import (
    Snippet,
)
from factcheck.services.project import Project
from factcheck.services.search import make_filters


def add_parsers(command: CommandFactory) -> None:
    p = command("search", "Search the articles' text and the annotations (quote, note, claimant).")
    p.set_defaults(handler=_search)
    p.add_argument("text", metavar="TEXT", help="words to find ('' to list annotations by the filters only)")
    p.add_argument("--label", action="append", default=[], help="only this label (repeatable)")
    p.add_argument("--claimant", action="append", default=[], help="only this claimant (repeatable)")
    p.add_argument("--verdict", action="append", default=[], help="only this verdict (repeatable)")
    p.add_argument("--matter", metavar="NAME_OR_ID", help="only annotations in this matter")
    p.add_argument("--document", metavar="DOC_ID", help="only this document")
    p.add_argument("--annotator", action="append", default=[], help="only annotations by (repeatable)")
    p.add_argument(
        "--from", dest="date_from", metavar="DATE", help="claim date from (2021, 2021-10, 2021-10-07)"
    )
    p.add_argument("--to", dest="date_to", metavar="DATE", help="claim date up to (inclusive)")
    p.add_argument("--limit", type=int, default=200, help="at most this many hits of each kind")
    layer_option(p, "every annotator's")


def _search(project: Project, args: argparse.Namespace) -> int:
    filters = make_filters(
        labels=[project.labels.by_name(name).id for name in args.label],
        claimants=[project.claimants.by_name(name).id for name in args.claimant],
        verdicts=args.verdict,
        matter_id=project.matters.find(args.matter).id if args.matter else None,
        document_id=project.documents.get(args.document).id if args.document else None,
        annotators=args.annotator,
        date_from=args.date_from,
        date_to=args.date_to,
        layer=args.layer,
    )
    results = project.search.search(args.text, filters, limit=args.limit)
    for hit in results.annotations:
        row = hit.annotation
        date = row.effective_claim_date
        print(
            f"annotation\t{row.id}\t{row.label_name}\t{row.claimant_name or '-'}\t{date or '-'}\t"
            f"{row.verdict}\t{hit.field or '-'}\t{_marked(hit.snippet)}"
        )
    for hit in results.texts:
        print(f"text\t{hit.document_id}\t{hit.start}\t{hit.end}\t{_marked(hit.snippet)}")
    if results.truncated:
        print(
            f"factcheck: more than {args.limit} hits; only the first are shown (see --limit).",
            file=sys.stderr,
        )
    return 0


def _marked(snippet: Snippet) -> str:
    return one_line(f"…{snippet.before}>>{snippet.match}<<{snippet.after}…")
