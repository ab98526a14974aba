"""Commands for links between annotations: link, unlink, links."""

from __future__ import annotations

import argparse

from factcheck.cli.common import (
    CommandFactory,
    one_line,
)
from factcheck.domain import (
    LinkRelation,
)
from factcheck.services.project import Project


def add_parsers(command: CommandFactory) -> None:
    p = command("link", "Link annotation A to annotation B: A disputes, supports or repeats B.")
    p.set_defaults(handler=_link)
    p.add_argument("source_id", metavar="A")
    p.add_argument("target_id", metavar="B")
    relation = p.add_mutually_exclusive_group(required=True)
    for rel in LinkRelation:
        relation.add_argument(
            f"--{rel.value}", dest="relation", action="store_const", const=rel.value, help=f"A {rel.value} B"
        )

    p = command("unlink", "Remove a link (its id is printed by link and links).")
    p.set_defaults(handler=_unlink)
    p.add_argument("link_id", metavar="LINK_ID")

    p = command("links", "List an annotation's links, both ways.")
    p.set_defaults(handler=_links)
    p.add_argument("annotation_id", metavar="ANNOTATION_ID")


def _link(project: Project, args: argparse.Namespace) -> int:
    link = project.links.link(args.source_id, args.target_id, args.relation)
    print(f"{link.id}\t{link.source_id}\t{link.relation}\t{link.target_id}")
    return 0


def _unlink(project: Project, args: argparse.Namespace) -> int:
    link = project.links.unlink(args.link_id)
    print(f"{link.id}\t{link.source_id}\t{link.relation}\t{link.target_id}\tremoved")
    return 0


def _links(project: Project, args: argparse.Namespace) -> int:
    for view in project.links.links_of(args.annotation_id):
        print(
            f"{view.link.id}\t{view.phrase}\t{view.other_id}\t{view.other_label_name}\t"
            f"{one_line(view.other_document_title)}\t{one_line(view.other_quote)}"
        )
    return 0
