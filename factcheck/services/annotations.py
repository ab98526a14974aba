"""Annotations: tag a span, record who said it, when and the verdict, delete and restore it exactly."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import delete, func, insert, literal, or_, select, update

from factcheck.domain import (
    AnnotationRow,
    BadInputError,
    DeletedAnnotation,
    Dependents,
    Filters,
    Layer,
    NotFoundError,
    Span,
)
from factcheck.services.base import Service
from factcheck.services.claimants import claimant_for
from factcheck.services.labels import LabelService
from factcheck.services.record import RECORD_FIELDS, check_fields, record_values
from factcheck.services.rows import LINK_COLUMNS, ROWS, filter_clauses, link_row, make_row, row_query
from factcheck.services.visibility import Team
from factcheck.store.models import (
    Annotation,
    AnnotationLink,
    Claimant,
    Document,
    Label,
    Matter,
    MatterMember,
    new_id,
    utc_now,
)
from factcheck.text.anchoring import context, find_occurrence, trim_span

#: What ``update`` accepts besides the record fields: the label, or a claimant by id (for undo).
_UPDATE_FIELDS = RECORD_FIELDS | {"label_id", "claimant_id"}


class AnnotationService(Service):
    def __init__(
        self,
        sessions,
        labels: LabelService,
        *,
        annotator: Callable[[], str],
        read_only: bool,
        team: Team | None = None,
    ) -> None:
        super().__init__(sessions, read_only=read_only, team=team)
        self._labels = labels
        self._annotator = annotator
        self._texts: dict[str, tuple[str, str]] = {}
        #: What went with each annotation deleted through :meth:`delete`, for :meth:`restore` (undo).
        self._deleted: dict[str, DeletedAnnotation] = {}

    # --- Reading ------------------------------------------------------------------------------------------

    def for_document(self, document_id: str, *, preview: int | None = None) -> list[AnnotationRow]:
        """The document's annotations in text order (Core rows: no ORM objects for 10k highlights).

        With ``preview`` the quotes (and notes) are cut to that many characters and the context left out:
        what a list shows, without loading megabytes of long quotes. Such rows are marked incomplete and can
        never be written back (restore/replace refuse them).
        """
        return self.filtered(document_id, None, preview=preview)

    def filtered(
        self, document_id: str, filters: Filters | None, *, preview: int | None = None
    ) -> list[AnnotationRow]:
        """The document's annotations that pass ``filters`` (the search's filters), in text order."""
        query = (
            row_query(preview=preview)
            .where(Annotation.document_id == document_id, *filter_clauses(filters))
            .order_by(Annotation.start, Annotation.end, Annotation.id)
        )
        with self._read() as session:
            query = query.where(*self.team.clauses(session, filters.layer if filters else None))
            # Core execution on the session's connection: no ORM result machinery for 10k rows.
            return [make_row(row) for row in session.connection().execute(query)]

    def get(self, annotation_id: str) -> AnnotationRow:
        with self._read() as session:
            return self._get(session, annotation_id)

    def get_many(self, annotation_ids: Iterable[str]) -> list[AnnotationRow]:
        """The annotations with these ids that exist, in the order given."""
        ids = list(dict.fromkeys(annotation_ids))
        with self._read() as session:
            query = ROWS.where(Annotation.id.in_(ids), *self.team.visible(session))
            found = {row.id: row for row in map(make_row, session.execute(query))}
        return [found[i] for i in ids if i in found]

    def _get(self, session, annotation_id: str) -> AnnotationRow:
        """The annotation, if the viewer may see it (blind mode: only their own)."""
        query = ROWS.where(Annotation.id == annotation_id, *self.team.visible(session))
        row = session.execute(query).first()
        if row is None:
            raise NotFoundError(f"No annotation with id {annotation_id}.")
        return make_row(row)

    def _document_text(self, session, document_id: str) -> str:
        """The document's current text, from a small cache checked against its sha256 (a cheap read)."""
        digest = session.scalar(select(Document.text_sha256).where(Document.id == document_id))
        if digest is None:
            raise NotFoundError(f"No document with id {document_id}.")
        cached = self._texts.get(document_id)
        if cached is not None and cached[0] == digest:
            return cached[1]
        text = session.scalar(select(Document.text).where(Document.id == document_id))
        self._texts = {document_id: (digest, text)}  # one document at a time: the one being annotated
        return text

    def annotators(self) -> list[str]:
        """Everyone whose annotations the viewer may see (for the search's filter; blind mode: only you)."""
        with self._read() as session:
            query = select(Annotation.annotator).where(*self.team.clauses(session)).distinct()
            return list(session.scalars(query.order_by(Annotation.annotator)))

    def count(self, layer: Layer | None = None) -> int:
        """How many annotations the viewer may see in ``layer`` (default: every annotator's)."""
        with self._read() as session:
            query = select(func.count(literal(1))).select_from(Annotation)
            return session.scalar(query.where(*self.team.clauses(session, layer))) or 0

    # --- Creating and editing -----------------------------------------------------------------------------

    def create(
        self,
        document_id: str,
        start: int,
        end: int,
        label_id: str,
        *,
        annotation_id: str | None = None,
        matter_ids: Iterable[str] = (),
        **record: Any,
    ) -> AnnotationRow:
        """Tag [start, end) (code points, whitespace trimmed) with a label; committed before returning.

        ``record`` may set the fact-checker's fields at once (claimant, claim_date, attribution, verdict,
        rating_text, rating_value, rating_best, rating_worst, note) and ``matter_ids`` the matters it joins:
        all in the same transaction, so a bad value leaves nothing behind.
        """
        check_fields(record, RECORD_FIELDS)
        values = record_values(record)
        annotation_id = annotation_id or new_id()
        with self._write() as session:
            label = session.scalar(select(Label.id).where(Label.id == label_id))
            if label is None:
                raise NotFoundError(f"No label with id {label_id}.")
            text = self._document_text(session, document_id)
            if start < 0 or end > len(text) or end < start:
                raise BadInputError(
                    f"The selection {start}–{end} lies outside the document (length {len(text)})."
                )
            span = trim_span(text, start, end)
            if span is None:
                raise BadInputError("Nothing to tag: the selection is empty or only whitespace.")
            if "claimant" in record:
                values["claimant_id"] = claimant_for(session, record["claimant"])
            prefix, suffix = context(text, span.start, span.end)
            now = utc_now()
            session.execute(
                insert(Annotation).values(
                    id=annotation_id,
                    document_id=document_id,
                    label_id=label,
                    start=span.start,
                    end=span.end,
                    quote=text[span.start : span.end],
                    prefix=prefix,
                    suffix=suffix,
                    annotator=self._annotator(),
                    updated_by=self._annotator(),
                    created_at=now,
                    updated_at=now,
                    **values,
                )
            )
            self._join_matters(session, annotation_id, matter_ids)
            return self._get(session, annotation_id)

    def create_from_quote(
        self,
        document_id: str,
        quote: str,
        label_id: str,
        occurrence: int = 1,
        *,
        matter_ids: Iterable[str] = (),
        **record: Any,
    ) -> AnnotationRow:
        """Tag the ``occurrence``-th exact occurrence of ``quote`` (the CLI's way to point at a passage)."""
        with self._read() as session:
            text = session.scalar(select(Document.text).where(Document.id == document_id))
        if text is None:
            raise NotFoundError(f"No document with id {document_id}.")
        span: Span = find_occurrence(text, quote, occurrence)
        return self.create(document_id, span.start, span.end, label_id, matter_ids=matter_ids, **record)

    def update(self, annotation_id: str, **fields: Any) -> tuple[AnnotationRow, AnnotationRow]:
        """Change the label and any of the record's fields; returns the annotation before and after.

        ``claimant`` is a name: the claimant with that name (any case) is reused or created; '' or None
        clears it. ``claim_date`` is 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' or a ClaimDate; None or '' means the
        document's publication date. A future claim date is accepted: ask the user before (ClaimDate.is_future).
        ``updated_at`` is bumped. Undo: ``replace(before)``.
        """
        check_fields(fields, _UPDATE_FIELDS)
        if not fields:
            row = self.get(annotation_id)
            return row, row
        if "claimant" in fields and "claimant_id" in fields:
            raise BadInputError("Give a claimant by name or by id, not both.")
        with self._write() as session:
            before = self._get(session, annotation_id)
            values = record_values(fields, before)
            if "label_id" in fields:
                if session.scalar(select(Label.id).where(Label.id == fields["label_id"])) is None:
                    raise NotFoundError(f"No label with id {fields['label_id']}.")
                values["label_id"] = fields["label_id"]
            if "claimant" in fields:
                values["claimant_id"] = claimant_for(session, fields["claimant"])
            if "claimant_id" in fields:
                claimant_id = fields["claimant_id"] or None
                if claimant_id and session.get(Claimant, claimant_id) is None:
                    raise NotFoundError(f"No claimant with id {claimant_id}.")
                values["claimant_id"] = claimant_id
            values["updated_at"] = max(utc_now(), before.updated_at)
            values["updated_by"] = self.team.annotator()
            session.execute(update(Annotation).where(Annotation.id == annotation_id).values(**values))
            after = self._get(session, annotation_id)
        return before, after

    def set_label(self, annotation_id: str, label_id: str) -> AnnotationRow:
        self._labels.get(label_id)
        with self._write() as session:
            changed = session.execute(
                update(Annotation)
                .where(Annotation.id == annotation_id)
                .values(label_id=label_id, updated_at=utc_now(), updated_by=self.team.annotator())
            ).rowcount
            if not changed:
                raise NotFoundError(f"No annotation with id {annotation_id}.")
        return self.get(annotation_id)

    def replace(self, row: AnnotationRow) -> AnnotationRow:
        """Write every field of ``row`` over the stored annotation with its id (undo of an edit).

        Matter memberships are not part of the row's writable fields (see MatterService)."""
        _require_complete(row)
        with self._write() as session:
            changed = session.execute(
                update(Annotation).where(Annotation.id == row.id).values(**_stored_values(row, with_id=False))
            ).rowcount
            if not changed:
                raise NotFoundError(f"No annotation with id {row.id}.")
            return self._get(session, row.id)

    # --- Deleting and restoring ---------------------------------------------------------------------------

    def dependents(self, annotation_id: str) -> Dependents:
        """What would go with the annotation if it were deleted: its links and matter memberships."""
        with self._read() as session:
            self._get(session, annotation_id)
            links = session.scalar(
                select(func.count(AnnotationLink.id)).where(
                    or_(AnnotationLink.source_id == annotation_id, AnnotationLink.target_id == annotation_id)
                )
            )
            matters = session.scalar(
                select(func.count(MatterMember.matter_id)).where(MatterMember.annotation_id == annotation_id)
            )
        return Dependents(links or 0, matters or 0)

    def delete_with_links(self, annotation_id: str) -> DeletedAnnotation:
        """Delete the annotation with its links and matter memberships; returns all of it for
        :meth:`restore_with_links` (the matters themselves and the other annotations stay)."""
        with self._write() as session:
            row = self._get(session, annotation_id)
            links = tuple(
                link_row(values)
                for values in session.execute(
                    select(*LINK_COLUMNS)
                    .where(
                        or_(
                            AnnotationLink.source_id == annotation_id,
                            AnnotationLink.target_id == annotation_id,
                        )
                    )
                    .order_by(AnnotationLink.created_at, AnnotationLink.id)
                )
            )
            session.execute(delete(Annotation).where(Annotation.id == annotation_id))
        return DeletedAnnotation(row, links, row.matter_ids)

    def restore_with_links(self, deleted: DeletedAnnotation) -> AnnotationRow:
        """Put a deleted annotation back with the same id and fields, its links and its memberships.

        A link whose other annotation, a membership whose matter, or a claimant that no longer exists is left
        out (undo runs in reverse order, so with one undo stack that does not happen)."""
        row = deleted.row
        _require_complete(row)
        with self._write() as session:
            values = _stored_values(row, with_id=True)
            if row.claimant_id is not None and session.get(Claimant, row.claimant_id) is None:
                values["claimant_id"] = None  # merged into another claimant since: not a broken key
            session.execute(insert(Annotation).values(**values))
            others = {
                link.target_id if link.source_id == row.id else link.source_id for link in deleted.links
            }
            present = set(session.scalars(select(Annotation.id).where(Annotation.id.in_(others))))
            links = [
                link
                for link in deleted.links
                if (link.target_id if link.source_id == row.id else link.source_id) in present
            ]
            if links:
                session.execute(
                    insert(AnnotationLink),
                    [
                        {
                            "id": link.id,
                            "source_id": link.source_id,
                            "target_id": link.target_id,
                            "relation": str(link.relation),
                            "created_at": link.created_at,
                            "annotator": link.annotator,
                        }
                        for link in links
                    ],
                )
            self._join_matters(session, row.id, deleted.matter_ids, skip_missing=True)
            return self._get(session, row.id)

    def delete(self, annotation_id: str) -> AnnotationRow:
        """Delete and return the row as it was, so that :meth:`restore` can put it back exactly.

        Its links and matter memberships go too; they are kept here so that :meth:`restore` of this row
        brings them back (the explicit pair is :meth:`delete_with_links` / :meth:`restore_with_links`)."""
        deleted = self.delete_with_links(annotation_id)
        if deleted.links or deleted.matter_ids:
            self._deleted[annotation_id] = deleted
        else:
            self._deleted.pop(annotation_id, None)
        return deleted.row

    def restore(self, row: AnnotationRow) -> AnnotationRow:
        """Insert ``row`` again with the same id, offsets, author, record and timestamps (undo of a delete),
        with the links and memberships that went when :meth:`delete` removed it."""
        kept = self._deleted.pop(row.id, None)
        links, matter_ids = (kept.links, kept.matter_ids) if kept else ((), row.matter_ids)
        return self.restore_with_links(DeletedAnnotation(row, links, matter_ids))

    # --- Helpers ------------------------------------------------------------------------------------------

    @staticmethod
    def _join_matters(session, annotation_id: str, matter_ids: Iterable[str], *, skip_missing=False) -> None:
        ids = list(dict.fromkeys(matter_ids))
        if not ids:
            return
        existing = set(session.scalars(select(Matter.id).where(Matter.id.in_(ids))))
        missing = [m for m in ids if m not in existing]
        if missing and not skip_missing:
            raise NotFoundError(f"No matter with id {missing[0]}.")
        rows = [{"matter_id": m, "annotation_id": annotation_id} for m in ids if m in existing]
        if rows:
            session.execute(insert(MatterMember), rows)


def _stored_values(row: AnnotationRow, *, with_id: bool) -> dict[str, Any]:
    """The annotations table's columns as ``row`` has them."""
    values = {
        "label_id": row.label_id,
        "start": row.start,
        "end": row.end,
        "quote": row.quote,
        "prefix": row.prefix,
        "suffix": row.suffix,
        "updated_at": row.updated_at,
        "anchor_status": row.anchor_status,
        "anchor_confidence": row.anchor_confidence,
        "claimant_id": row.claimant_id,
        "claim_date": row.claim_date,
        "claim_date_precision": str(row.claim_date_precision) if row.claim_date_precision else None,
        "attribution": str(row.attribution) if row.attribution else None,
        "verdict": str(row.verdict),
        "rating_text": row.rating_text,
        "rating_value": row.rating_value,
        "rating_best": row.rating_best,
        "rating_worst": row.rating_worst,
        "note": row.note,
        "updated_by": row.updated_by,
    }
    if with_id:
        values.update(
            id=row.id,
            document_id=row.document_id,
            annotator=row.annotator,
            created_at=row.created_at,
            adjudicated=row.adjudicated,
        )
    return values


def _require_complete(row: AnnotationRow) -> None:
    if not row.complete:
        raise ValueError("a preview row (cut quote, no context) cannot be written back")
