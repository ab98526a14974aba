"""Versions of a document: import a corrected text, re-attach every annotation, review what moved."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import delete, func, select, update

from factcheck.domain import (
    CONTEXT_CHARS,
    AnnotationRow,
    BadInputError,
    ImportedDocument,
    NotFoundError,
    ReanchorReport,
    VersionRow,
)
from factcheck.files import write_bytes_atomically
from factcheck.services.annotations import AnnotationService
from factcheck.services.base import Service
from factcheck.services.documents import text_sha256
from factcheck.services.visibility import Team
from factcheck.store.models import Annotation, Document, DocumentVersion, utc_now
from factcheck.text.anchoring import trim_span
from factcheck.text.normalise import canonical_text
from factcheck.text.reanchor import Anchor, AnchorStatus, reanchor

_VERSION_COLUMNS = (
    DocumentVersion.id,
    DocumentVersion.document_id,
    DocumentVersion.number,
    DocumentVersion.text_sha256,
    DocumentVersion.source_format,
    DocumentVersion.source_name,
    DocumentVersion.imported_at,
    DocumentVersion.note,
    DocumentVersion.original.is_not(None),
)


class VersionService(Service):
    def __init__(
        self, sessions, annotations: AnnotationService, *, read_only: bool, team: Team | None = None
    ) -> None:
        super().__init__(sessions, read_only=read_only, team=team)
        self._annotations = annotations

    def list(self, document_id: str) -> list[VersionRow]:
        query = select(*_VERSION_COLUMNS).where(DocumentVersion.document_id == document_id)
        with self._read() as session:
            return [VersionRow(*row) for row in session.execute(query.order_by(DocumentVersion.number))]

    def text(self, document_id: str, number: int) -> str:
        with self._read() as session:
            text = session.scalar(
                select(DocumentVersion.text).where(
                    DocumentVersion.document_id == document_id, DocumentVersion.number == number
                )
            )
        if text is None:
            raise NotFoundError(f"Document {document_id} has no version {number}.")
        return text

    def original(self, document_id: str, number: int) -> bytes | None:
        with self._read() as session:
            return session.scalar(
                select(DocumentVersion.original).where(
                    DocumentVersion.document_id == document_id, DocumentVersion.number == number
                )
            )

    def save_original(self, document_id: str, number: int, path: Path | str) -> Path:
        """Write a version's original file (as imported) to ``path`` atomically: a full disk or a kill
        leaves any previous file at ``path`` as it was. What "Save Original File" should call."""
        data = self.original(document_id, number)
        if data is None:
            raise NotFoundError(f"Version {number} of document {document_id} has no original file kept.")
        return write_bytes_atomically(path, data, error=BadInputError)

    def add_version(
        self, document_id: str, imported: ImportedDocument
    ) -> tuple[ReanchorReport, list[AnnotationRow]]:
        """Make ``imported`` the document's current text and re-attach its annotations, in one transaction.

        Returns the report and the annotations as they were before (what undo puts back).
        """
        text = canonical_text(imported.text)
        digest = text_sha256(text)
        before = self._annotations.for_document(document_id)
        with self._write() as session:
            document = session.get(Document, document_id)
            if document is None:
                raise NotFoundError(f"No document with id {document_id}.")
            if document.text_sha256 == digest:
                raise BadInputError("The new version's text is identical to the current one; nothing to do.")
            number = (
                session.scalar(
                    select(func.max(DocumentVersion.number)).where(DocumentVersion.document_id == document_id)
                )
                or 0
            ) + 1
            anchors = [Anchor(a.start, a.end, a.quote, a.prefix, a.suffix) for a in before]
            placements = reanchor(text, anchors)
            now = utc_now()
            session.add(
                DocumentVersion(
                    document_id=document_id,
                    number=number,
                    text=text,
                    text_sha256=digest,
                    original=imported.original or None,
                    source_format=imported.source_format,
                    source_name=imported.source_name[:500],
                    imported_at=now,
                    note="; ".join(imported.notes),
                )
            )
            document.text = text
            document.text_sha256 = digest
            document.current_version = number
            counts: Counter[str] = Counter()
            for row, placement in zip(before, placements, strict=True):
                counts[placement.status] += 1
                values: dict = {
                    "anchor_status": str(placement.status),
                    "anchor_confidence": placement.confidence,
                }
                if placement.start is not None and placement.end is not None:
                    values["start"], values["end"] = placement.start, placement.end
                    if placement.status in (AnchorStatus.ANCHORED, AnchorStatus.MOVED):
                        values["prefix"] = text[max(0, placement.start - CONTEXT_CHARS) : placement.start]
                        values["suffix"] = text[placement.end : placement.end + CONTEXT_CHARS]
                session.execute(update(Annotation).where(Annotation.id == row.id).values(**values))
        report = ReanchorReport(
            document_id,
            number,
            anchored=counts[AnchorStatus.ANCHORED],
            moved=counts[AnchorStatus.MOVED],
            needs_review=counts[AnchorStatus.NEEDS_REVIEW],
            orphaned=counts[AnchorStatus.ORPHANED],
        )
        return report, before

    def revert_version(self, document_id: str, number: int, annotations: list[AnnotationRow]) -> None:
        """Undo of :meth:`add_version`: drop version ``number`` and put the annotations back as given."""
        with self._write() as session:
            document = session.get(Document, document_id)
            if document is None:
                raise NotFoundError(f"No document with id {document_id}.")
            if document.current_version != number:
                raise BadInputError("Only the newest version can be taken back.")
            previous = session.execute(
                select(DocumentVersion.number, DocumentVersion.text, DocumentVersion.text_sha256)
                .where(DocumentVersion.document_id == document_id, DocumentVersion.number < number)
                .order_by(DocumentVersion.number.desc())
            ).first()
            if previous is None:
                raise BadInputError("The first version of a document cannot be taken back.")
            session.execute(
                delete(DocumentVersion).where(
                    DocumentVersion.document_id == document_id, DocumentVersion.number == number
                )
            )
            document.text, document.text_sha256, document.current_version = (
                previous[1],
                previous[2],
                previous[0],
            )
            session.flush()
            # Only where the annotations sat changes with a version: put those fields back in place, so
            # their record (claimant, verdict, note, links, matters) is untouched.
            for row in annotations:
                session.execute(
                    update(Annotation)
                    .where(Annotation.id == row.id)
                    .values(
                        start=row.start,
                        end=row.end,
                        quote=row.quote,
                        prefix=row.prefix,
                        suffix=row.suffix,
                        anchor_status=row.anchor_status,
                        anchor_confidence=row.anchor_confidence,
                        updated_at=row.updated_at,
                    )
                )

    def review(self, annotation_id: str) -> list[AnnotationRow]:
        """The annotations of that document that need a decision."""
        row = self._annotations.get(annotation_id)
        return [
            a
            for a in self._annotations.for_document(row.document_id)
            if a.anchor_status == AnchorStatus.NEEDS_REVIEW
        ]

    def accept(self, annotation_id: str) -> AnnotationRow:
        """Accept the proposed place: the annotation now quotes the text that stands there."""
        row = self._annotations.get(annotation_id)
        if row.anchor_status == AnchorStatus.ORPHANED:
            raise BadInputError("This annotation has no proposed place; select where it belongs instead.")
        return self.relocate(annotation_id, row.start, row.end)

    def relocate(self, annotation_id: str, start: int, end: int) -> AnnotationRow:
        """Place the annotation on [start, end) of the current text (whitespace trimmed); it is anchored."""
        row = self._annotations.get(annotation_id)
        with self._write() as session:
            text = session.scalar(select(Document.text).where(Document.id == row.document_id))
            assert text is not None
            span = trim_span(text, start, end)
            if span is None:
                raise BadInputError("Nothing selected: select the passage where this annotation belongs.")
            session.execute(
                update(Annotation)
                .where(Annotation.id == annotation_id)
                .values(
                    start=span.start,
                    end=span.end,
                    quote=text[span.start : span.end],
                    prefix=text[max(0, span.start - CONTEXT_CHARS) : span.start],
                    suffix=text[span.end : span.end + CONTEXT_CHARS],
                    anchor_status="anchored",
                    anchor_confidence=1.0,
                    updated_at=utc_now(),
                )
            )
        return self._annotations.get(annotation_id)

    def orphan(self, annotation_id: str) -> AnnotationRow:
        """Mark the annotation as not in the current text; it keeps its quote and shows in the list only."""
        self._annotations.get(annotation_id)
        with self._write() as session:
            session.execute(
                update(Annotation)
                .where(Annotation.id == annotation_id)
                .values(anchor_status=AnchorStatus.ORPHANED, anchor_confidence=0.0, updated_at=utc_now())
            )
        return self._annotations.get(annotation_id)
