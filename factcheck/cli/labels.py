"""Commands for labels and claimants: list, add, edit, delete."""

from __future__ import annotations

import argparse

from factcheck.cli.common import (
    CommandFactory,
    OneLineErrorParser,
    add_db_option,
)
from factcheck.domain import (
    BadInputError,
)
from factcheck.services.project import Project


def add_parsers(command: CommandFactory) -> None:
    command("labels", "List the labels with their colour, key and number of annotations.").set_defaults(
        handler=_labels
    )

    p = command("label", "Add, change or delete a label of your own.")
    p.set_defaults(handler=_label)
    actions = p.add_subparsers(dest="action", required=True, parser_class=OneLineErrorParser)
    a = actions.add_parser("add", help="add a label")
    a.add_argument("name", metavar="NAME")
    a.add_argument("--color", help="#RRGGBB (default: the next colour-blind-safe one)")
    a.add_argument("--key", default="", help="the key that tags a selection with it")
    a = actions.add_parser("edit", help="rename, recolour or set the key of a label")
    a.add_argument("label", metavar="NAME")
    a.add_argument("--name")
    a.add_argument("--color")
    a.add_argument("--key", help="'' to remove the key")
    a = actions.add_parser("delete", help="delete a label (refused while in use, unless --move-to)")
    a.add_argument("label", metavar="NAME")
    a.add_argument("--move-to", metavar="LABEL", help="move its annotations to this label")
    add_db_option(actions)

    command("claimants", "List the claimants with their number of annotations.").set_defaults(
        handler=_claimants
    )


def _labels(project: Project, _args: argparse.Namespace) -> int:
    usage = project.labels.usage()
    for label in project.labels.list():
        kind = "built-in" if label.builtin else "own"
        print(
            f"{label.id}\t{label.name}\t{label.color}\t{label.shortcut or '-'}\t{kind}\t{usage.get(label.id, 0)}"
        )
    return 0


def _label(project: Project, args: argparse.Namespace) -> int:
    labels = project.labels
    if args.action == "add":
        row = labels.add(args.name, args.color, args.key)
    elif args.action == "edit":
        label = labels.by_name(args.label)
        if args.name is None and args.color is None and args.key is None:
            raise BadInputError("Nothing to change: give --name, --color or --key.")
        _, row = labels.update(label.id, name=args.name, color=args.color, shortcut=args.key)
    else:
        label = labels.by_name(args.label)
        move_to = labels.by_name(args.move_to).id if args.move_to else None
        deleted = labels.delete(label.id, move_to)
        print(f"{label.id}\t{label.name}\tdeleted ({len(deleted.moved)} annotations moved)")
        return 0
    print(f"{row.id}\t{row.name}\t{row.color}\t{row.shortcut or '-'}")
    return 0


def _claimants(project: Project, _args: argparse.Namespace) -> int:
    for claimant in project.claimants.list():
        print(f"{claimant.id}\t{claimant.name}\t{claimant.annotation_count}")
    return 0
