"""The adjudicate command: open adjudication, walk the units the annotators disagree on, decide each one
(accept, merge, own, reject), accept the agreed ones at once, list and undo decisions.

    factcheck adjudicate open | close
    factcheck adjudicate list [--document ID] [--annotators A,B] [--all]
    factcheck adjudicate show UNIT
    factcheck adjudicate accept UNIT --from NAME
    factcheck adjudicate merge UNIT --from NAME [--label NAME] [--verdict NAME] [--claimant NAME] …
    factcheck adjudicate own UNIT --label LABEL [--start N --end N] [record options]
    factcheck adjudicate reject UNIT
    factcheck adjudicate agreed [--document ID]
    factcheck adjudicate decisions [--document ID]
    factcheck adjudicate undo DECISION_ID
"""

from __future__ import annotations

import argparse

from factcheck.cli.common import (
    CommandFactory,
    OneLineErrorParser,
    add_db_option,
    record_fields,
    record_options,
)
from factcheck.cli.team import annotator_list, print_unit
from factcheck.domain import BadInputError, Decision
from factcheck.services.adjudication import MERGE_FIELDS
from factcheck.services.project import Project


def add_parsers(command: CommandFactory) -> None:
    p = command(
        "adjudicate",
        "Settle the annotators' disagreements into the adjudicated layer (exports and timelines use it "
        "once adjudication is open).",
    )
    p.set_defaults(handler=_adjudicate)
    actions = p.add_subparsers(dest="action", required=True, parser_class=OneLineErrorParser)
    actions.add_parser("open", help="open adjudication: everyone's annotations become visible")
    actions.add_parser("close", help="back to coding (blind again if blind mode is on)")
    a = actions.add_parser("list", help="the units still to decide, each annotator's span under it")
    a.add_argument("--document", metavar="DOC_ID")
    a.add_argument("--annotators", metavar="A,B,…")
    a.add_argument("--all", action="store_true", help="also the units everyone agrees on")
    a = actions.add_parser("show", help="one unit side by side")
    a.add_argument("unit", metavar="UNIT")
    a = actions.add_parser("accept", help="take one annotator's annotation as it is")
    a.add_argument("unit", metavar="UNIT")
    a.add_argument("--from", dest="base", required=True, metavar="NAME")
    a = actions.add_parser("merge", help="take one annotator's annotation with fields from others")
    a.add_argument("unit", metavar="UNIT")
    a.add_argument(
        "--from", dest="base", required=True, metavar="NAME", help="whose annotation to start from"
    )
    for field in MERGE_FIELDS:
        a.add_argument(
            f"--{field.replace('_', '-')}", dest=f"take_{field}", metavar="NAME", help=f"{field} from NAME"
        )
    a = actions.add_parser("own", help="write your own annotation for the unit")
    a.add_argument("unit", metavar="UNIT")
    a.add_argument("--label", required=True, help="claim, counterclaim, or another label's name")
    a.add_argument("--start", type=int, help="start offset (default: the unit's)")
    a.add_argument("--end", type=int, help="end offset (default: the unit's)")
    record_options(a)
    a = actions.add_parser("reject", help="none of them: the passage stays out of the adjudicated layer")
    a.add_argument("unit", metavar="UNIT")
    a = actions.add_parser("agreed", help="accept every unit all annotators marked the same way")
    a.add_argument("--document", metavar="DOC_ID")
    a = actions.add_parser("decisions", help="list the decisions: who decided what, when")
    a.add_argument("--document", metavar="DOC_ID")
    a = actions.add_parser("undo", help="take a decision back (its adjudicated annotation goes)")
    a.add_argument("decision_id", metavar="DECISION_ID")
    add_db_option(actions)


def _adjudicate(project: Project, args: argparse.Namespace) -> int:
    service = project.adjudication
    action = args.action
    if action in ("open", "close"):
        (
            project.team_settings.open_adjudication
            if action == "open"
            else project.team_settings.close_adjudication
        )()
        print(f"adjudication\t{'open' if action == 'open' else 'closed'}")
    elif action == "list":
        for unit in service.open_units(
            document_id=args.document, annotators=annotator_list(args.annotators), include_agreed=args.all
        ):
            print_unit(unit)
    elif action == "show":
        print_unit(service.unit(args.unit))
    elif action == "accept":
        _print(service.accept(service.unit(args.unit), args.base))
    elif action == "merge":
        overrides = {f: getattr(args, f"take_{f}") for f in MERGE_FIELDS if getattr(args, f"take_{f}")}
        _print(service.merge(service.unit(args.unit), args.base, overrides))
    elif action == "own":
        if args.matter:
            raise BadInputError(
                "--matter is not taken here: the reviewer's annotation joins matters by edit."
            )
        label = project.labels.by_name(args.label)
        _print(
            service.write_own(
                service.unit(args.unit), label.id, start=args.start, end=args.end, **record_fields(args)
            )
        )
    elif action == "reject":
        _print(service.reject(service.unit(args.unit)))
    elif action == "agreed":
        decisions = service.accept_agreed(document_id=args.document)
        for decision in decisions:
            _print(decision)
        print(f"accepted\t{len(decisions)} agreed units")
    elif action == "decisions":
        for row in service.decisions(args.document):
            print(
                f"{row.id}\t{row.kind}\t{row.document_id}\t{row.start}\t{row.end}\t{row.result_id or '-'}\t"
                f"{row.decided_by}\t{row.decided_at.isoformat(timespec='seconds')}"
            )
    else:
        decision = service.decision(args.decision_id)
        service.undo(decision)
        print(f"{decision.row.id}\tundone")
    return 0


def _print(decision: Decision) -> None:
    row = decision.row
    print(f"{row.id}\t{row.kind}\t{row.result_id or '-'}\t{row.decided_by}")
