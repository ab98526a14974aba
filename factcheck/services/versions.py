"""Versions of a document: import a corrected text, re-attach every annotation, review what moved."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select

from factcheck.domain import (
    CONTEXT_CHARS,
    AnnotationRow,
    BadInputError,
    ConcurrentEditError,
    ImportedDocument,
    NotFoundError,
    ReanchorReport,
    VersionRow,
)
from factcheck.files import write_bytes_atomically
from factcheck.services.annotations import AnnotationService
from factcheck.services.base import Service
from factcheck.services.documents import text_sha256
from factcheck.services.versioning import check_version, guarded_update
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
#: Where an annotation sits: the fields a new version (and its undo, and a review decision) changes.
PLACEMENT = ("start", "end", "quote", "prefix", "suffix", "anchor_status", "anchor_confidence")
_RETRIES = 3


class _Raced(Exception):
    """An annotation of the document changed between the reading and the writing (rolled back)."""


def _placement(row: AnnotationRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in PLACEMENT}


class VersionService(Service):
    def __init__(
        self, sessions, annotations: AnnotationService, *, read_only: bool, team: Team | None = None
    ) -> None:
        super().__init__(sessions, read_only=read_only, team=team)
        self._annotations = annotations
        #: (document id, version number) → {annotation id: its placement after add_version}, for the undo.
        self._placed: dict[tuple[str, int], dict[str, dict[str, Any]]] = {}

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
        self, document_id: str, imported: ImportedDocument, *, expected_version: int | None = None
    ) -> tuple[ReanchorReport, list[AnnotationRow]]:
        """Make ``imported`` the document's current text and re-attach its annotations, in one transaction.

        Returns the report and the annotations as they were before (what undo puts back). Refused
        (ConcurrentEditError) when the document is no longer at ``expected_version``; an annotation changed
        or added by another writer meanwhile makes it start over on the fresh annotations.
        """
        text = canonical_text(imported.text)
        digest = text_sha256(text)
        for attempt in range(_RETRIES):
            try:
                return self._add_version(document_id, imported, text, digest, expected_version)
            except _Raced:
                if attempt + 1 == _RETRIES:
                    raise ConcurrentEditError(
                        "An annotation of this document",
                        None,
                        "The document's annotations kept changing in "
                        "another window; nothing was imported. Try again.",
                    ) from None
        raise AssertionError("unreachable")

    def _add_version(
        self, document_id: str, imported: ImportedDocument, text: str, digest: str, expected: int | None
    ) -> tuple[ReanchorReport, list[AnnotationRow]]:
        before = self._annotations.for_document(document_id)
        with self._write() as session:
            document = session.get(Document, document_id)
            if document is None:
                raise NotFoundError(f"No document with id {document_id}.")
            check_version(f"The document “{document.title}”", document, expected)
            if document.text_sha256 == digest:
                raise BadInputError("The new version's text is identical to the current one; nothing to do.")
            number = (
                session.scalar(
                    select(func.max(DocumentVersion.number)).where(DocumentVersion.document_id == document_id)
                )
                or 0
            ) + 1
            # A proposed place awaiting review may differ in length from the quote: the quote counts.
            anchors = [Anchor(a.start, a.start + len(a.quote), a.quote, a.prefix, a.suffix) for a in before]
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
            session.flush()  # the document's row first: its version guards against a concurrent import
            counts: Counter[str] = Counter()
            placed: dict[str, dict[str, Any]] = {}
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
                # Conditional on the version read: an annotation edited meanwhile is never overwritten.
                if not guarded_update(session, Annotation, row.id, row.version, values):
                    raise _Raced
                placed[row.id] = {**_placement(row), **values, "version": row.version + 1}
            present = session.scalar(
                select(func.count(Annotation.id)).where(Annotation.document_id == document_id)
            )
            if present != len(before):
                raise _Raced  # one was added (or deleted) meanwhile: it would keep the old text's offsets
        self._placed[(document_id, number)] = placed
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
        """Undo of :meth:`add_version`: drop version ``number`` and put the annotations back as given.

        Only where the annotations sit goes back (their record — claimant, verdict, note, links, matters — is
        untouched). Refused with ConcurrentEditError, nothing written, when another window placed one of them
        anew or tagged the new text since: those offsets hold only in the new text."""
        placed = self._placed.get((document_id, number))
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
            current = {
                row.id: row
                for row in self._annotations.rows_in(session, Annotation.document_id == document_id)
            }
            wanted = {row.id: row for row in annotations}
            for annotation_id, now in current.items():
                row = wanted.get(annotation_id)
                moved_since = (
                    row is None
                    or (placed is not None and _placement(now) != _without_version(placed.get(annotation_id)))
                    or (
                        placed is None
                        and now.version != row.version + 1
                        and _placement(now) != _placement(row)
                    )
                )
                if moved_since:
                    raise ConcurrentEditError(
                        "This document",
                        None,
                        "Annotations of this version were added or placed anew in another window since; "
                        "the version was not taken back. Reload and undo those first.",
                    )
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
            for row in annotations:
                now = current.get(row.id)
                if now is None:
                    continue  # deleted since: nothing to place
                values = _placement(row)
                if now.version == row.version + 1:
                    values["updated_at"] = row.updated_at  # nothing else happened to it since
                if not guarded_update(session, Annotation, row.id, now.version, values):
                    raise ConcurrentEditError("An annotation of this document", None)
        self._placed.pop((document_id, number), None)

    def review(self, annotation_id: str) -> list[AnnotationRow]:
        """The annotations of that document that need a decision."""
        row = self._annotations.get(annotation_id)
        return [
            a
            for a in self._annotations.for_document(row.document_id)
            if a.anchor_status == AnchorStatus.NEEDS_REVIEW
        ]

    def accept(self, annotation_id: str, *, expected_version: int | None = None) -> AnnotationRow:
        """Accept the proposed place: the annotation now quotes the text that stands there."""
        row = self._annotations.get(annotation_id)
        if row.anchor_status == AnchorStatus.ORPHANED:
            raise BadInputError("This annotation has no proposed place; select where it belongs instead.")
        return self.relocate(annotation_id, row.start, row.end, expected_version=expected_version)

    def relocate(
        self, annotation_id: str, start: int, end: int, *, expected_version: int | None = None
    ) -> AnnotationRow:
        """Place the annotation on [start, end) of the current text (whitespace trimmed); it is anchored.

        Refused (ConcurrentEditError) when it is no longer at ``expected_version``. Undo: the annotation
        service's ``revert(before, after)`` (or ``replace(before)``)."""
        row = self._annotations.get(annotation_id)
        check_version("This annotation", row, expected_version)
        with self._write() as session:
            text = session.scalar(select(Document.text).where(Document.id == row.document_id))
            assert text is not None
            span = trim_span(text, start, end)
            if span is None:
                raise BadInputError("Nothing selected: select the passage where this annotation belongs.")
            values = {
                "start": span.start,
                "end": span.end,
                "quote": text[span.start : span.end],
                "prefix": text[max(0, span.start - CONTEXT_CHARS) : span.start],
                "suffix": text[span.end : span.end + CONTEXT_CHARS],
                "anchor_status": AnchorStatus.ANCHORED,
                "anchor_confidence": 1.0,
                "updated_at": max(utc_now(), row.updated_at),
            }
            if not guarded_update(session, Annotation, annotation_id, row.version, values):
                raise ConcurrentEditError("This annotation", self._annotations.get(annotation_id))
        after = self._annotations.get(annotation_id)
        self._annotations.remember_edit(row, after)
        return after

    def orphan(self, annotation_id: str, *, expected_version: int | None = None) -> AnnotationRow:
        """Mark the annotation as not in the current text; it keeps its quote and shows in the list only."""
        row = self._annotations.get(annotation_id)
        check_version("This annotation", row, expected_version)
        with self._write() as session:
            values = {
                "anchor_status": AnchorStatus.ORPHANED,
                "anchor_confidence": 0.0,
                "updated_at": max(utc_now(), row.updated_at),
            }
            if not guarded_update(session, Annotation, annotation_id, row.version, values):
                raise ConcurrentEditError("This annotation", self._annotations.get(annotation_id))
        after = self._annotations.get(annotation_id)
        self._annotations.remember_edit(row, after)
        return after


def _without_version(values: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if values is None else {name: values[name] for name in PLACEMENT}
