"""The annotation row query every service shares: columns, the DTO builder, and the filters' SQL."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Select, String, case, exists, func, literal, select

from factcheck.domain import (
    AnnotationRow,
    Attribution,
    BadInputError,
    DatePrecision,
    Filters,
    LinkRelation,
    LinkRow,
    Verdict,
)
from factcheck.store.backends import utc_text
from factcheck.store.models import Annotation, AnnotationLink, Claimant, Document, Label, MatterMember

#: The matters of an annotation, one indexed lookup per row (matter_members is keyed on annotation_id).
_MATTER_IDS = (
    select(func.aggregate_strings(MatterMember.matter_id, ","))
    .where(MatterMember.annotation_id == Annotation.id)
    .correlate(Annotation)  # only annotations: a query that also joins matter_members keeps its own
    .scalar_subquery()
)

#: The day the article bears (its own time zone), else the UTC day of the stored instant (the first ten
#: characters of the UTC ISO string: no datetime to build for each of 10k rows).
PUBLISHED_DAY = func.coalesce(
    Document.published_day, func.substr(utc_text(Document.published_at), 1, 10, type_=String)
)

#: The columns of AnnotationRow up to ``complete`` (positional: keep the order of the dataclass).
BASE_COLUMNS = (
    Annotation.id,
    Annotation.document_id,
    Annotation.label_id,
    Label.name,
    Label.color,
    Annotation.start,
    Annotation.end,
    Annotation.quote,
    Annotation.prefix,
    Annotation.suffix,
    Annotation.annotator,
    Annotation.created_at,
    Annotation.updated_at,
    Annotation.anchor_status,
    Annotation.anchor_confidence,
)
#: What follows ``complete``; :func:`make_row` turns these into the record fields.
RECORD_COLUMNS = (
    Annotation.claimant_id,
    Claimant.name,
    Annotation.claim_date,
    Annotation.claim_date_precision,
    PUBLISHED_DAY,
    Annotation.attribution,
    Annotation.verdict,
    Annotation.rating_text,
    Annotation.rating_value,
    Annotation.rating_best,
    Annotation.rating_worst,
    Annotation.note,
    _MATTER_IDS,
    Annotation.updated_by,
    Annotation.adjudicated,
    Annotation.version,
)

#: The effective claim date: the stored one, or the publication's UTC day ('YYYY-MM-DD').
EFFECTIVE_DATE = func.coalesce(Annotation.claim_date, PUBLISHED_DAY)
#: The first and last day of that period as ISO strings, for range comparisons (string order = date order).
_effective_first = case(
    (func.length(EFFECTIVE_DATE) == 4, EFFECTIVE_DATE + "-01-01"),
    (func.length(EFFECTIVE_DATE) == 7, EFFECTIVE_DATE + "-01"),
    else_=EFFECTIVE_DATE,
)
_effective_last = case(
    (func.length(EFFECTIVE_DATE) == 4, EFFECTIVE_DATE + "-12-31"),
    (func.length(EFFECTIVE_DATE) == 7, EFFECTIVE_DATE + "-31"),  # only compared, never shown
    else_=EFFECTIVE_DATE,
)


def joined(query: Select) -> Select:
    """``query`` over annotations with the tables the row columns and the filters refer to."""
    return (
        query.select_from(Annotation)
        .join(Label, Label.id == Annotation.label_id)
        .join(Document, Document.id == Annotation.document_id)
        .outerjoin(Claimant, Claimant.id == Annotation.claimant_id)
    )


def row_query(*, preview: int | None = None) -> Select:
    """SELECT of everything an AnnotationRow holds; with ``preview``, quote and note are cut, and context,
    times and matters left out (such rows are marked incomplete and can never be written back)."""
    base = list(BASE_COLUMNS)
    record = list(RECORD_COLUMNS)
    if preview is None:
        complete = literal(True)
    else:
        base[base.index(Annotation.quote)] = func.substr(Annotation.quote, 1, preview)
        base[base.index(Annotation.prefix)] = literal("")
        base[base.index(Annotation.suffix)] = literal("")
        # A list shows no times: skipping them saves parsing 20k datetimes for a 10k-row document.
        base[base.index(Annotation.created_at)] = literal(None)
        base[base.index(Annotation.updated_at)] = literal(None)
        record[record.index(Annotation.note)] = func.substr(Annotation.note, 1, preview)
        record[record.index(_MATTER_IDS)] = literal(None)  # the inspector reads them for one row
        complete = literal(False)
    return joined(select(*base, complete, *record))


ROWS = row_query()


_PRECISIONS = {None: None, **{p.value: p for p in DatePrecision}}
_ATTRIBUTIONS = {None: None, **{a.value: a for a in Attribution}}
_VERDICTS = {v.value: v for v in Verdict}


def make_row(values: Sequence) -> AnnotationRow:
    """An AnnotationRow from one row of :func:`row_query` (called for every row of a 10k list: kept lean)."""
    v = tuple(values)
    return AnnotationRow(
        *v[:16],
        v[16],  # claimant_id
        v[17] or "",  # claimant_name
        v[18],  # claim_date
        _PRECISIONS[v[19]],
        v[18] is None,  # claim_date_is_default
        v[20],  # document_date
        _ATTRIBUTIONS[v[21]],
        _VERDICTS[v[22]],
        v[23],  # rating_text
        v[24],  # rating_value
        v[25],  # rating_best
        v[26],  # rating_worst
        v[27],  # note
        tuple(sorted(v[28].split(","))) if v[28] else (),  # matter_ids
        v[29],  # updated_by
        bool(v[30]),  # adjudicated
        v[31],  # version
    )


def filter_clauses(filters: Filters | None) -> list[ColumnElement[bool]]:
    """WHERE clauses (over a query built by :func:`row_query`) for every filter that is set."""
    if filters is None:
        return []
    clauses: list[ColumnElement[bool]] = []
    if filters.labels:
        clauses.append(Annotation.label_id.in_(filters.labels))
    if filters.claimants:
        clauses.append(Annotation.claimant_id.in_(filters.claimants))
    if filters.verdicts:
        clauses.append(Annotation.verdict.in_([str(v) for v in filters.verdicts]))
    if filters.matter_id:
        clauses.append(
            exists()
            .where(MatterMember.annotation_id == Annotation.id, MatterMember.matter_id == filters.matter_id)
            .correlate(Annotation)
        )
    if filters.document_id:
        clauses.append(Annotation.document_id == filters.document_id)
    if filters.annotators:
        clauses.append(Annotation.annotator.in_(filters.annotators))
    if filters.date_from and filters.date_to and filters.date_from.first_day() > filters.date_to.last_day():
        raise BadInputError(
            f"The date range ends ({filters.date_to}) before it begins ({filters.date_from})."
        )
    if filters.date_from:
        clauses.append(_effective_last >= filters.date_from.first_day().isoformat())
    if filters.date_to:
        clauses.append(_effective_first <= filters.date_to.last_day().isoformat())
    return clauses


LINK_COLUMNS = (
    AnnotationLink.id,
    AnnotationLink.source_id,
    AnnotationLink.target_id,
    AnnotationLink.relation,
    AnnotationLink.created_at,
    AnnotationLink.annotator,
)


def link_row(values: Sequence) -> LinkRow:
    """A LinkRow from the first six values of a row selected with :data:`LINK_COLUMNS`."""
    return LinkRow(values[0], values[1], values[2], LinkRelation(values[3]), values[4], values[5])
