"""Commands for annotations: annotate a quote, list a document's annotations, edit one."""

from __future__ import annotations

import argparse

from factcheck.cli.common import (
    CommandFactory,
    layer_option,
    one_line,
    print_annotation,
    record_fields,
    record_options,
)
from factcheck.domain import (
    BadInputError,
)
from factcheck.services.project import Project
from factcheck.services.record import record_values
from factcheck.services.search import make_filters


def add_parsers(command: CommandFactory) -> None:
    p = command("annotate", "Tag the Nth occurrence of an exact quote in a document.")
    p.set_defaults(handler=_annotate)
    p.add_argument("document_id", metavar="DOC_ID")
    p.add_argument("--quote", required=True)
    p.add_argument("--label", required=True, help="claim, counterclaim, or another label's name")
    p.add_argument("--occurrence", type=int, default=1, help="which occurrence of the quote (1 = first)")
    record_options(p)

    p = command(
        "annotations", "List a document's annotations in text order (with --as NAME: what NAME may see)."
    )
    p.set_defaults(handler=_annotations)
    p.add_argument("document_id", metavar="DOC_ID")
    layer_option(p, "every annotator's")

    p = command("edit", "Change an annotation's label, claimant, claim date, verdict, note or matters.")
    p.set_defaults(handler=_edit)
    p.add_argument("annotation_id", metavar="ANNOTATION_ID")
    p.add_argument("--label", help="claim, counterclaim, or another label's name")
    record_options(p)
    p.add_argument(
        "--expect-version",
        type=int,
        metavar="N",
        help="refuse the change if the annotation changed since its version N (without: the current one)",
    )
    p.add_argument(
        "--leave-matter",
        action="append",
        default=[],
        metavar="NAME_OR_ID",
        help="take it out of this matter (repeatable)",
    )


def _annotate(project: Project, args: argparse.Namespace) -> int:
    label = project.labels.by_name(args.label)
    record = record_fields(args)
    matter_ids = [project.matters.find(m).id for m in args.matter]
    row = project.annotations.create_from_quote(
        args.document_id, args.quote, label.id, args.occurrence, matter_ids=matter_ids, **record
    )
    print_annotation(row)
    return 0


def _annotations(project: Project, args: argparse.Namespace) -> int:
    project.documents.get(args.document_id)
    filters = make_filters(layer=args.layer) if args.layer else None
    for row in project.annotations.filtered(args.document_id, filters):
        print(f"{row.id}\t{row.label_name}\t{row.start}\t{row.end}\t{one_line(row.quote)}\t{row.annotator}")
    return 0


def _edit(project: Project, args: argparse.Namespace) -> int:
    fields = record_fields(args)
    if args.label is not None:
        fields["label_id"] = project.labels.by_name(args.label).id
    joins = [project.matters.find(m).id for m in args.matter]
    leaves = [project.matters.find(m).id for m in args.leave_matter]
    if not (fields or joins or leaves):
        raise BadInputError("Nothing to change: give at least one option, such as --verdict or --note.")
    row = project.annotations.get(args.annotation_id)
    record_values(fields, row)  # every value checked before anything is written
    for matter_id in leaves:
        project.matters.remove_member(matter_id, row.id)
    for matter_id in joins:
        project.matters.add_member(matter_id, row.id)
    if fields:
        # Field-level: only the options given are written, to the current version unless one is named.
        _, row = project.annotations.update(row.id, expected_version=args.expect_version, **fields)
    else:
        row = project.annotations.get(row.id)
    print_annotation(row)
    return 0
