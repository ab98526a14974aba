"""Annotations: tag a span, change its label, delete and restore it exactly (for undo)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete, func, insert, literal, select, update

from factcheck.domain import CONTEXT_CHARS, AnnotationRow, BadInputError, NotFoundError, Span
from factcheck.services.base import Service
from factcheck.services.labels import LabelService
from factcheck.store.models import Annotation, Document, Label, new_id, utc_now
from factcheck.text.anchoring import find_occurrence, trim_span

_ROW_COLUMNS = (
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
)
_ROWS = select(*_ROW_COLUMNS).join(Label, Label.id == Annotation.label_id)
# Enough text around a selection to trim its whitespace and still take full context on both sides.
_WINDOW_MARGIN = CONTEXT_CHARS


class AnnotationService(Service):
    def __init__(
        self, sessions, labels: LabelService, *, annotator: Callable[[], str], read_only: bool
    ) -> None:
        super().__init__(sessions, read_only=read_only)
        self._labels = labels
        self._annotator = annotator

    def for_document(self, document_id: str) -> list[AnnotationRow]:
        """The document's annotations in text order (Core rows: no ORM objects for 10k highlights)."""
        query = _ROWS.where(Annotation.document_id == document_id).order_by(
            Annotation.start, Annotation.end, Annotation.created_at
        )
        with self._read() as session:
            return [AnnotationRow(*row) for row in session.execute(query)]

    def get(self, annotation_id: str) -> AnnotationRow:
        with self._read() as session:
            row = session.execute(_ROWS.where(Annotation.id == annotation_id)).first()
        if row is None:
            raise NotFoundError(f"No annotation with id {annotation_id}.")
        return AnnotationRow(*row)

    def create(
        self, document_id: str, start: int, end: int, label_id: str, *, annotation_id: str | None = None
    ) -> AnnotationRow:
        """Tag [start, end) (code points, whitespace trimmed) with a label; committed before returning."""
        label = self._labels.get(label_id)
        annotation_id = annotation_id or new_id()
        with self._write() as session:
            window_start = max(0, start - _WINDOW_MARGIN)
            found = session.execute(
                select(
                    func.length(Document.text),
                    func.substr(Document.text, window_start + 1, (end - window_start) + _WINDOW_MARGIN),
                ).where(Document.id == document_id)
            ).first()
            if found is None:
                raise NotFoundError(f"No document with id {document_id}.")
            length, window = found
            if start < 0 or end > length or end < start:
                raise BadInputError(
                    f"The selection {start}–{end} lies outside the document (length {length})."
                )
            span = trim_span(window, start - window_start, end - window_start)
            if span is None:
                raise BadInputError("Nothing to tag: the selection is empty or only whitespace.")
            quote = window[span.start : span.end]
            prefix = window[max(0, span.start - CONTEXT_CHARS) : span.start]
            suffix = window[span.end : span.end + CONTEXT_CHARS]
            now = utc_now()
            session.execute(
                insert(Annotation).values(
                    id=annotation_id,
                    document_id=document_id,
                    label_id=label.id,
                    start=window_start + span.start,
                    end=window_start + span.end,
                    quote=quote,
                    prefix=prefix,
                    suffix=suffix,
                    annotator=self._annotator(),
                    created_at=now,
                    updated_at=now,
                )
            )
        return AnnotationRow(
            annotation_id,
            document_id,
            label.id,
            label.name,
            label.color,
            window_start + span.start,
            window_start + span.end,
            quote,
            prefix,
            suffix,
            self._annotator(),
            now,
            now,
        )

    def create_from_quote(
        self, document_id: str, quote: str, label_id: str, occurrence: int = 1
    ) -> AnnotationRow:
        """Tag the ``occurrence``-th exact occurrence of ``quote`` (the CLI's way to point at a passage)."""
        with self._read() as session:
            text = session.scalar(select(Document.text).where(Document.id == document_id))
        if text is None:
            raise NotFoundError(f"No document with id {document_id}.")
        span: Span = find_occurrence(text, quote, occurrence)
        return self.create(document_id, span.start, span.end, label_id)

    def set_label(self, annotation_id: str, label_id: str) -> AnnotationRow:
        self._labels.get(label_id)
        with self._write() as session:
            changed = session.execute(
                update(Annotation)
                .where(Annotation.id == annotation_id)
                .values(label_id=label_id, updated_at=utc_now())
            ).rowcount
            if not changed:
                raise NotFoundError(f"No annotation with id {annotation_id}.")
        return self.get(annotation_id)

    def delete(self, annotation_id: str) -> AnnotationRow:
        """Delete and return the row as it was, so that :meth:`restore` can put it back exactly."""
        with self._write() as session:
            row = session.execute(_ROWS.where(Annotation.id == annotation_id)).first()
            if row is None:
                raise NotFoundError(f"No annotation with id {annotation_id}.")
            session.execute(delete(Annotation).where(Annotation.id == annotation_id))
        return AnnotationRow(*row)

    def restore(self, row: AnnotationRow) -> AnnotationRow:
        """Insert ``row`` again with the same id, offsets, author and timestamps (undo of a delete)."""
        with self._write() as session:
            session.execute(
                insert(Annotation).values(
                    id=row.id,
                    document_id=row.document_id,
                    label_id=row.label_id,
                    start=row.start,
                    end=row.end,
                    quote=row.quote,
                    prefix=row.prefix,
                    suffix=row.suffix,
                    annotator=row.annotator,
                    created_at=row.created_at,
                    updated_at=row.updated_at,
                )
            )
        return row

    def count(self) -> int:
        with self._read() as session:
            return session.scalar(select(func.count(literal(1))).select_from(Annotation)) or 0
