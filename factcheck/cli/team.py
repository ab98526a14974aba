"""Commands for working as a team: copy a project between a file and a server, project settings (blind
mode), the annotators."""

from __future__ import annotations

import argparse
import json

from factcheck.cli.common import CommandFactory, OneLineErrorParser, add_db_option, db_location, one_line
from factcheck.domain import AgreementReport, UnitView
from factcheck.services.copy import copy_project
from factcheck.services.project import Project


def add_parsers(command: CommandFactory) -> None:
    add_team_parsers(command)
    p = command(
        "copy",
        "Copy a whole project between a file and a PostgreSQL database (either way), verified row by row.",
    )
    p.set_defaults(handler=_copy, without_project=True)
    p.add_argument("--from", dest="source", required=True, type=db_location, metavar="PATH_OR_URL")
    p.add_argument(
        "--to",
        dest="target",
        required=True,
        type=db_location,
        metavar="PATH_OR_URL",
        help="a new file, or an empty database (postgresql+psycopg://user@host/database)",
    )


def _copy(_project: Project | None, args: argparse.Namespace) -> int:
    report = copy_project(args.source, args.target)
    for table, rows in report.tables.items():
        print(f"{table}\t{rows}")
    for table in report.skipped:
        print(f"{table}\tnot copied (not a table of this version of factcheck)")
    print(report.summary)
    return 0


def add_team_parsers(command: CommandFactory) -> None:
    p = command("project", "Show or change the project's team settings (blind mode).")
    p.set_defaults(handler=_project)
    actions = p.add_subparsers(dest="action", required=True, parser_class=OneLineErrorParser)
    actions.add_parser("show", help="print the team settings")
    a = actions.add_parser("set", help="change a setting")
    a.add_argument(
        "--blind",
        required=True,
        choices=["on", "off"],
        help="on: each annotator sees only their own annotations until adjudication is opened",
    )
    add_db_option(actions)

    command(
        "annotators", "List the annotators you may see, with their numbers of annotations and links."
    ).set_defaults(handler=_annotators)

    p = command(
        "agreement",
        "Inter-annotator agreement: Krippendorff's alpha (labels, verdicts), Cohen's kappa per pair, "
        "and span agreement; one line each: measure<TAB>scope<TAB>value.",
    )
    p.set_defaults(handler=_agreement)
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--document", metavar="DOC_ID", help="only this document")
    scope.add_argument("--matter", metavar="NAME_OR_ID", help="only this matter's passages")
    p.add_argument("--annotators", metavar="A,B,…", help="compare only these annotators")
    p.add_argument("--json", action="store_true", help="one JSON document, with the disagreements")
    p.add_argument("--disagreements", action="store_true", help="also list the disagreements")


def _project(project: Project, args: argparse.Namespace) -> int:
    if args.action == "set":
        project.team_settings.set_blind(args.blind == "on")
    settings = project.team_settings.settings()
    print(f"blind\t{'on' if settings.blind else 'off'}")
    print(f"adjudication\t{'open' if settings.adjudication_open else 'closed'}")
    print(f"you\t{project.annotator}")
    return 0


def _annotators(project: Project, _args: argparse.Namespace) -> int:
    for row in project.team_settings.annotators():
        last = row.last_edit.isoformat(timespec="seconds") if row.last_edit else "-"
        you = "\tyou" if row.is_you else ""
        print(f"{row.name}\t{row.annotations} annotations\t{row.links} links\t{last}{you}")
    return 0


def annotator_list(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [" ".join(name.split()) for name in value.split(",") if name.strip()]


def _agreement(project: Project, args: argparse.Namespace) -> int:
    matter_id = project.matters.find(args.matter).id if args.matter else None
    report = project.agreement.report(
        document_id=args.document, matter_id=matter_id, annotators=annotator_list(args.annotators)
    )
    if args.json:
        print(json.dumps(_report_json(report), ensure_ascii=False, indent=1))
        return 0
    for m in report.measures:
        print(f"{m.measure}\t{m.scope}\t{format_value(m.value)}")
    if args.disagreements:
        for unit in report.disagreements:
            print_unit(unit)
    return 0


def format_value(value: float | None) -> str:
    if value is None:
        return "n/a"
    return str(int(value)) if value == int(value) and abs(value) > 1 else f"{value:.3f}"


def print_unit(unit: UnitView) -> None:
    print(
        f"unit\t{unit.key}\t{unit.document_id}\t{unit.start}\t{unit.end}\t"
        f"{','.join(unit.disagreements) or 'agreed'}\t{one_line(unit.document_title)}"
    )
    for span in unit.spans:
        print(
            f"\t{span.annotator}\t{span.annotation_id}\t{span.start}\t{span.end}\t{span.label}\t"
            f"{span.verdict or '-'}\t{span.claimant or '-'}\t{one_line(span.quote)}"
        )


def _report_json(report: AgreementReport) -> dict:
    return {
        "scope": report.scope,
        "annotators": list(report.annotators),
        "units": report.units,
        "measures": [
            {"measure": m.measure, "scope": m.scope, "value": m.value, "n": m.n} for m in report.measures
        ],
        "disagreements": [
            {
                "unit": u.key,
                "document_id": u.document_id,
                "start": u.start,
                "end": u.end,
                "on": list(u.disagreements),
                "decision": u.decision_id,
                "spans": [
                    {
                        "annotator": s.annotator,
                        "annotation_id": s.annotation_id,
                        "start": s.start,
                        "end": s.end,
                        "label": s.label,
                        "verdict": s.verdict,
                        "claimant": s.claimant,
                    }
                    for s in u.spans
                ],
            }
            for u in report.disagreements
        ],
    }
