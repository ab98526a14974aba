"""The scope of an export (project, document, matter or a list of annotations) and the store side of an
export: Core queries streaming the records the exporters write, never ORM objects."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    exists,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
)
from sqlalchemy.orm import Session, aliased, sessionmaker

from factcheck.domain import AnchorStatus, BadInputError, NotFoundError
from factcheck.interchange.records import (
    AnnotationRecord,
    ClaimantRecord,
    DocumentRecord,
    LabelRecord,
    LinkRecord,
    MatterRecord,
)
from factcheck.store.backends import json_values, utc_text
from factcheck.store.models import (
    Annotation,
    AnnotationLink,
    Claimant,
    Document,
    Label,
    Matter,
    MatterMember,
)

#: Rows fetched from SQLite at a time while streaming.
_BATCH = 2000


class ScopeKind(StrEnum):
    PROJECT = "project"
    DOCUMENT = "document"
    MATTER = "matter"
    ANNOTATIONS = "annotations"


@dataclass(frozen=True, slots=True)
class Scope:
    """What an export covers: the whole project, one document, one matter, or exactly these annotations
    (what the search or filter shows). Build with the class methods."""

    kind: ScopeKind = ScopeKind.PROJECT
    #: The document or matter id, for those kinds.
    id: str | None = None
    #: The annotation ids, for ScopeKind.ANNOTATIONS.
    annotation_ids: tuple[str, ...] = ()

    @classmethod
    def project(cls) -> Scope:
        return cls()

    @classmethod
    def document(cls, document_id: str) -> Scope:
        return cls(ScopeKind.DOCUMENT, document_id)

    @classmethod
    def matter(cls, matter_id: str) -> Scope:
        return cls(ScopeKind.MATTER, matter_id)

    @classmethod
    def annotations(cls, annotation_ids: Sequence[str]) -> Scope:
        return cls(ScopeKind.ANNOTATIONS, None, tuple(dict.fromkeys(annotation_ids)))

    def clauses(self) -> list[ColumnElement[bool]]:
        """WHERE clauses over annotations selecting the scope."""
        if self.kind is ScopeKind.PROJECT:
            return []
        if self.kind is ScopeKind.DOCUMENT:
            return [Annotation.document_id == self.id]
        if self.kind is ScopeKind.MATTER:
            return [
                exists()
                .where(MatterMember.annotation_id == Annotation.id, MatterMember.matter_id == self.id)
                .correlate(Annotation)
            ]
        # Any number of ids in one parameter (an IN list is limited to 32k host parameters).
        ids = select(literal_column("value", String)).select_from(
            json_values(json.dumps(self.annotation_ids))
        )
        return [Annotation.id.in_(ids)]


def _iso(column) -> ColumnElement[str]:
    """A stored UTC time ('2021-12-09 14:03:00.000000') as ISO 8601 ('2021-12-09T14:03:00.000000Z'),
    rewritten by SQLite: no datetime is built per row."""
    raw = utc_text(column)
    return func.substr(raw, 1, 10) + "T" + func.substr(raw, 12) + "Z"


ANNOTATION_COLUMNS = (
    Annotation.id.label("id"),
    Annotation.document_id.label("document_id"),
    Annotation.label_id.label("label_id"),
    Annotation.start.label("start"),
    Annotation.end.label("end"),
    Annotation.quote.label("quote"),
    Annotation.prefix.label("prefix"),
    Annotation.suffix.label("suffix"),
    Annotation.claimant_id.label("claimant_id"),
    Annotation.claim_date.label("claim_date"),
    Annotation.claim_date_precision.label("claim_date_precision"),
    Annotation.attribution.label("attribution"),
    Annotation.verdict.label("verdict"),
    Annotation.rating_text.label("rating_text"),
    Annotation.rating_value.label("rating_value"),
    Annotation.rating_best.label("rating_best"),
    Annotation.rating_worst.label("rating_worst"),
    # Matters and links are read once into dictionaries (matter_map, links): a correlated sub-query per
    # row cost a third of a 100k-row CSV export.
    null().label("matters"),
    null().label("links_out"),
    null().label("links_in"),
    Annotation.note.label("note"),
    Annotation.annotator.label("annotator"),
    _iso(Annotation.created_at).label("created_at"),
    _iso(Annotation.updated_at).label("updated_at"),
    Annotation.anchor_status.label("anchor_status"),
)
assert tuple(c.name for c in ANNOTATION_COLUMNS) == AnnotationRecord._fields


def annotation_query(scope: Scope, *, placed_only: bool = False) -> Select:
    clauses = scope.clauses() + ([Annotation.anchor_status != AnchorStatus.ORPHANED] if placed_only else [])
    return (
        select(*ANNOTATION_COLUMNS)
        .select_from(Annotation)
        .where(*clauses)
        .order_by(Annotation.document_id, Annotation.start, Annotation.end, Annotation.id)
    )


class StoreSource:
    """An :class:`~factcheck.interchange.records.ExportSource` over the project's database.

    Reads in one read transaction (a consistent snapshot: edits committed meanwhile are not half seen);
    :meth:`close` ends it. Use as a context manager.
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        scope: Scope,
        project_name: str = "",
        *,
        placed_only: bool = False,
        visible: Sequence[ColumnElement[bool]] = (),
    ) -> None:
        self.scope = scope
        self.project_name = project_name
        #: Leave out orphaned annotations (no place in the current text): for formats that have only positions.
        self.placed_only = placed_only
        # ``visible``: the layer shown and what the viewer may see (factcheck.services.visibility).
        orphans = [Annotation.anchor_status != AnchorStatus.ORPHANED] if placed_only else []
        self._clauses = scope.clauses() + list(visible) + orphans
        self._whole = scope.kind is ScopeKind.PROJECT and not placed_only and not visible
        self._session = sessions()
        self._session.begin()
        self._check_scope()

    def __enter__(self) -> StoreSource:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._session.close()

    def _check_scope(self) -> None:
        scope = self.scope
        if scope.kind is ScopeKind.DOCUMENT:
            if self._session.scalar(select(Document.id).where(Document.id == scope.id)) is None:
                self.close()
                raise NotFoundError(f"No document with id {scope.id}.")
        elif scope.kind is ScopeKind.MATTER:
            if self._session.scalar(select(Matter.id).where(Matter.id == scope.id)) is None:
                self.close()
                raise NotFoundError(f"No matter with id {scope.id}.")
        elif scope.kind is ScopeKind.ANNOTATIONS and not scope.annotation_ids:
            self.close()
            raise BadInputError("Nothing to export: no annotation is selected.")

    def _stream(self, query: Select) -> Iterator:
        """Core rows straight from the cursor (no ORM result processing), fetched in batches."""
        result = self._session.connection().execute(query.execution_options(yield_per=_BATCH))
        for partition in result.partitions():
            yield from partition

    # --- ExportSource ---------------------------------------------------------------------------------

    def count(self) -> int:
        query = select(func.count(literal(1))).select_from(Annotation).where(*self._clauses)
        return self._session.scalar(query) or 0

    def _annotation_query(self) -> Select:
        return (
            select(*ANNOTATION_COLUMNS)
            .select_from(Annotation)
            .where(*self._clauses)
            .order_by(Annotation.document_id, Annotation.start, Annotation.end, Annotation.id)
        )

    def annotations(self) -> Iterator[AnnotationRecord]:
        return self._stream(self._annotation_query())

    def annotation_tuples(self) -> Iterator[tuple]:
        if self._session.connection().dialect.name != "sqlite":
            return (tuple(row) for row in self.annotations())
        return itertools.chain.from_iterable(self._tuple_batches())

    def _tuple_batches(self) -> Iterator[list[tuple]]:
        """The same rows as plain tuples straight from the sqlite3 cursor (in AnnotationRecord's order):
        no SQLAlchemy result processing, which the CSV export's 100k rows feel (every column is read
        as SQLite stores it: the times are rewritten to ISO 8601 in the query); fetched in batches."""
        query = self._annotation_query()
        connection = self._session.connection()
        compiled = query.compile(dialect=connection.dialect)
        parameters = [compiled.params[name] for name in compiled.positiontup or ()]
        cursor = connection.connection.driver_connection.cursor()
        cursor.arraysize = _BATCH
        try:
            cursor.execute(str(compiled), parameters)
            while batch := cursor.fetchmany():
                yield batch
        finally:
            cursor.close()

    def _scope_ids(self) -> Select:
        return select(Annotation.id).where(*self._clauses)

    def _document_clause(self) -> list[ColumnElement[bool]]:
        if self.scope.kind is ScopeKind.PROJECT:
            return []
        if self.scope.kind is ScopeKind.DOCUMENT:
            return [Document.id == self.scope.id]
        held = select(Annotation.document_id).where(*self._clauses)
        return [Document.id.in_(held)]

    def documents(self) -> Iterator[DocumentRecord]:
        query = (
            select(
                Document.id,
                Document.title,
                Document.outlet,
                Document.author,
                Document.url,
                utc_text(Document.published_at),
                Document.source_name,
                utc_text(Document.imported_at),
                Document.published_day,
            )
            .where(*self._document_clause())
            .order_by(Document.id)
        )
        return (DocumentRecord(*row) for row in self._stream(query))

    def documents_by_id(self) -> dict[str, DocumentRecord]:
        """The scope's documents (metadata only) by id."""
        return {document.id: document for document in self.documents()}

    def document_count(self) -> int:
        query = select(func.count(Document.id)).where(*self._document_clause())
        return self._session.scalar(query) or 0

    def document_text(self, document_id: str) -> str:
        text = self._session.scalar(select(Document.text).where(Document.id == document_id))
        if text is None:
            raise NotFoundError(f"No document with id {document_id}.")
        return text

    def labels(self) -> list[LabelRecord]:
        query = select(Label.id, Label.name, Label.color).order_by(Label.position, Label.name)
        return [LabelRecord(*row) for row in self._session.execute(query)]

    def matters(self) -> list[MatterRecord]:
        query = select(Matter.id, Matter.name, Matter.description).order_by(Matter.name, Matter.id)
        if not self._whole:
            members = select(MatterMember.matter_id).where(MatterMember.annotation_id.in_(self._scope_ids()))
            query = query.where(Matter.id.in_(members))
        return [MatterRecord(*row) for row in self._session.execute(query)]

    def claimants(self) -> list[ClaimantRecord]:
        used = select(Annotation.claimant_id).where(*self._clauses)
        query = select(Claimant.id, Claimant.name).where(Claimant.id.in_(used)).order_by(Claimant.name)
        return [ClaimantRecord(*row) for row in self._session.execute(query)]

    def _link_where(self, both_ends: bool) -> list[ColumnElement[bool]]:
        if self._whole:
            return []
        ids = self._scope_ids()
        # `|| ''` keeps SQLite from probing the (source_id, target_id) index with every pair of the two id
        # lists (10^10 probes for 100k annotations): the links are scanned once and looked up in the lists.
        ends = (
            (AnnotationLink.source_id + "").in_(ids),
            (AnnotationLink.target_id + "").in_(ids),
        )
        return [and_(*ends) if both_ends else or_(*ends)]

    def links(self, *, both_ends: bool, quote_chars: int | None = None) -> Iterator[LinkRecord]:
        source, target = aliased(Annotation), aliased(Annotation)
        source_doc, target_doc = aliased(Document), aliased(Document)
        quotes = (
            (func.substr(source.quote, 1, quote_chars), func.substr(target.quote, 1, quote_chars))
            if quote_chars
            else (source.quote, target.quote)
        )
        query = (
            select(
                AnnotationLink.id,
                AnnotationLink.source_id,
                AnnotationLink.relation,
                AnnotationLink.target_id,
                utc_text(AnnotationLink.created_at),
                *quotes,
                source_doc.title,
                target_doc.title,
            )
            .join(source, source.id == AnnotationLink.source_id)
            .join(target, target.id == AnnotationLink.target_id)
            .join(source_doc, source_doc.id == source.document_id)
            .join(target_doc, target_doc.id == target.document_id)
            .where(*self._link_where(both_ends))
            .order_by(AnnotationLink.created_at, AnnotationLink.id)
        )
        return (LinkRecord(*row) for row in self._stream(query))

    def matter_map(self) -> dict[str, list[str]]:
        """The matter ids of each annotation of the scope (sorted), read in one pass."""
        query = select(MatterMember.annotation_id, MatterMember.matter_id).order_by(
            MatterMember.annotation_id, MatterMember.matter_id
        )
        if not self._whole:
            query = query.where(MatterMember.annotation_id.in_(self._scope_ids()))
        found: dict[str, list[str]] = {}
        for annotation_id, matter_id in self._session.execute(query):
            found.setdefault(annotation_id, []).append(matter_id)
        return found

    def link_count(self, *, both_ends: bool) -> int:
        query = select(func.count(AnnotationLink.id)).where(*self._link_where(both_ends))
        return self._session.scalar(query) or 0

    def annotators(self) -> list[str]:
        query = select(Annotation.annotator).where(*self._clauses).distinct().order_by(Annotation.annotator)
        return list(self._session.scalars(query))

    def case_members(self) -> Iterator[tuple[str, str, str]]:
        claimants = (
            select(literal("claimant"), Annotation.claimant_id, Annotation.id)
            .where(Annotation.claimant_id.is_not(None), *self._clauses)
            .order_by(Annotation.claimant_id, Annotation.id)
        )
        members = (
            select(literal("matter"), MatterMember.matter_id, MatterMember.annotation_id)
            .join(Annotation, Annotation.id == MatterMember.annotation_id)
            .where(*self._clauses)
            .order_by(MatterMember.matter_id, MatterMember.annotation_id)
        )
        yield from (tuple(row) for row in self._stream(claimants))
        yield from (tuple(row) for row in self._stream(members))

    def repeat_links(self) -> Iterator[tuple[str, str]]:
        query = select(AnnotationLink.source_id, AnnotationLink.target_id).where(
            AnnotationLink.relation == "repeats"
        )
        return (tuple(row) for row in self._stream(query))

    def appearances(self, annotation_ids: list[str]) -> list[tuple]:
        query = (
            select(
                Annotation.id,
                Document.url,
                Document.title,
                Document.outlet,
                utc_text(Document.published_at),
                Annotation.claim_date,
            )
            .join(Document, Document.id == Annotation.document_id)
            .where(
                Annotation.id.in_(
                    select(literal_column("value", String)).select_from(
                        json_values(json.dumps(annotation_ids))
                    )
                )
            )
        )
        return [tuple(row) for row in self._session.execute(query)]
