"""Commands for matters: list them; create, show, rename, delete; add and remove members."""

from __future__ import annotations

import argparse

from factcheck.cli.common import (
    CommandFactory,
    OneLineErrorParser,
    add_db_option,
    one_line,
)
from factcheck.services.project import Project


def add_parsers(command: CommandFactory) -> None:
    command(
        "matters", "List the matters: claims, counterclaims, articles and date span of each."
    ).set_defaults(handler=_matters)

    p = command("matter", "Create, show, rename or delete a matter; add annotations to it or remove them.")
    p.set_defaults(handler=_matter)
    actions = p.add_subparsers(dest="action", required=True, parser_class=OneLineErrorParser)
    a = actions.add_parser("create", help="create a matter")
    a.add_argument("name", metavar="NAME")
    a.add_argument("--description", default="")
    a = actions.add_parser("show", help="list a matter's annotations by claim date")
    a.add_argument("matter", metavar="NAME_OR_ID")
    a = actions.add_parser("rename", help="rename a matter")
    a.add_argument("matter", metavar="NAME_OR_ID")
    a.add_argument("name", metavar="NEW_NAME")
    a = actions.add_parser("delete", help="delete a matter (its annotations stay)")
    a.add_argument("matter", metavar="NAME_OR_ID")
    for verb, what in (
        ("add", "put annotations in a matter"),
        ("remove", "take annotations out of a matter"),
    ):
        a = actions.add_parser(verb, help=what)
        a.add_argument("matter", metavar="NAME_OR_ID")
        a.add_argument("annotation_ids", nargs="+", metavar="ANNOTATION_ID")
    add_db_option(actions)


def _matters(project: Project, _args: argparse.Namespace) -> int:
    for m in project.matters.list():
        print(
            f"{m.id}\t{m.name}\t{m.claims} claims\t{m.counterclaims} counterclaims\t"
            f"{m.articles} articles\t{m.date_span or '-'}"
        )
    return 0


def _matter(project: Project, args: argparse.Namespace) -> int:
    matters = project.matters
    if args.action == "create":
        row = matters.create(args.name, args.description)
        print(f"{row.id}\t{row.name}")
        return 0
    matter = matters.find(args.matter)
    if args.action == "show":
        for row in matters.members(matter.id):
            date = row.effective_claim_date
            print(
                f"{row.id}\t{row.label_name}\t{date or '-'}\t{row.claimant_name or '-'}\t{row.verdict}\t"
                f"{one_line(row.quote)}"
            )
    elif args.action == "rename":
        matters.rename(matter.id, args.name)
        print(f"{matter.id}\t{matters.get(matter.id).name}")
    elif args.action == "delete":
        deleted = matters.delete(matter.id)
        print(
            f"{matter.id}\t{matter.name}\tdeleted ({len(deleted.annotation_ids)} annotations left as they are)"
        )
    elif args.action == "add":
        added = matters.add_members(matter.id, args.annotation_ids)
        print(f"{matter.id}\t{matter.name}\t{len(added)} added")
    else:
        for annotation_id in args.annotation_ids:
            matters.remove_member(matter.id, annotation_id)
        print(f"{matter.id}\t{matter.name}\t{len(args.annotation_ids)} removed")
    return 0
