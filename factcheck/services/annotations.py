"""Annotations: tag a span, change its label, delete and restore it exactly (for undo)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete, func, insert, literal, select, update

from factcheck.domain import AnnotationRow, BadInputError, NotFoundError, Span
from factcheck.services.base import Service
from factcheck.services.labels import LabelService
from factcheck.store.models import Annotation, Document, Label, new_id, utc_now
from factcheck.text.anchoring import context, find_occurrence, trim_span

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
    Annotation.anchor_status,
    Annotation.anchor_confidence,
)
_ROWS = select(*_ROW_COLUMNS).join(Label, Label.id == Annotation.label_id)


class AnnotationService(Service):
    def __init__(
        self, sessions, labels: LabelService, *, annotator: Callable[[], str], read_only: bool
    ) -> None:
        super().__init__(sessions, read_only=read_only)
        self._labels = labels
        self._annotator = annotator
        self._texts: dict[str, tuple[str, str]] = {}

    def for_document(self, document_id: str, *, preview: int | None = None) -> list[AnnotationRow]:
        """The document's annotations in text order (Core rows: no ORM objects for 10k highlights).

        With ``preview`` the quotes are cut to that many characters and the context left out: what a list
        shows, without loading megabytes of long quotes. Such rows are marked incomplete and can never be
        written back (restore/replace refuse them).
        """
        if preview is None:
            query = _ROWS
        else:
            columns = list(_ROW_COLUMNS)
            columns[columns.index(Annotation.quote)] = func.substr(Annotation.quote, 1, preview)
            columns[columns.index(Annotation.prefix)] = literal("")
            columns[columns.index(Annotation.suffix)] = literal("")
            query = select(*columns, literal(False)).join(Label, Label.id == Annotation.label_id)
        query = query.where(Annotation.document_id == document_id).order_by(
            Annotation.start, Annotation.end, Annotation.id
        )
        with self._read() as session:
            return [AnnotationRow(*row) for row in session.execute(query)]

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
        annotation_id = annotation_id or new_id()
        with self._write() as session:
            label = session.execute(select(Label.id, Label.name, Label.color).where(Label.id == label_id)).first()
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
            quote = text[span.start : span.end]
            prefix, suffix = context(text, span.start, span.end)
            now = utc_now()
            session.execute(
                insert(Annotation).values(
                    id=annotation_id,
                    document_id=document_id,
                    label_id=label.id,
                    start=span.start,
                    end=span.end,
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
            span.start,
            span.end,
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
        _require_complete(row)
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
                    anchor_status=row.anchor_status,
                    anchor_confidence=row.anchor_confidence,
                )
            )
        return row

    def replace(self, row: AnnotationRow) -> AnnotationRow:
        """Write every field of ``row`` over the stored annotation with its id (undo of an edit)."""
        _require_complete(row)
        with self._write() as session:
            changed = session.execute(
                update(Annotation)
                .where(Annotation.id == row.id)
                .values(
                    label_id=row.label_id,
                    start=row.start,
                    end=row.end,
                    quote=row.quote,
                    prefix=row.prefix,
                    suffix=row.suffix,
                    updated_at=row.updated_at,
                    anchor_status=row.anchor_status,
                    anchor_confidence=row.anchor_confidence,
                )
            ).rowcount
            if not changed:
                raise NotFoundError(f"No annotation with id {row.id}.")
        return self.get(row.id)

    def count(self) -> int:
        with self._read() as session:
            return session.scalar(select(func.count(literal(1))).select_from(Annotation)) or 0


def _require_complete(row: AnnotationRow) -> None:
    if not row.complete:
        raise ValueError("a preview row (cut quote, no context) cannot be written back")
