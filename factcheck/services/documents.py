"""Documents: add an imported article, list them with their counts, read one's text."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, Subquery, case, delete, func, insert, select

from factcheck.domain import (
    BUILTIN_CLAIM,
    BUILTIN_COUNTERCLAIM,
    BadInputError,
    ConcurrentEditError,
    DocumentRow,
    ImportedDocument,
    Layer,
    NotFoundError,
)
from factcheck.services.base import Service
from factcheck.services.versioning import changed_columns, check_version, guarded_update, holds
from factcheck.store.models import (
    Annotation,
    AnnotationLink,
    Claimant,
    Document,
    DocumentVersion,
    Label,
    Matter,
    MatterMember,
    utc_now,
)
from factcheck.text.normalise import canonical_text


@dataclass(frozen=True)
class DocumentSnapshot:
    """Everything a document holds, as plain rows: what undo of a delete (or redo of an import) restores."""

    document: dict
    versions: list[dict]
    annotations: list[dict]
    #: Links touching its annotations (also those to other documents) and their matter memberships.
    links: list[dict] = field(default_factory=list)
    memberships: list[dict] = field(default_factory=list)


class DuplicateDocumentError(BadInputError):
    """The same text is already in the project."""

    def __init__(self, existing: DocumentRow) -> None:
        super().__init__(f"This article is already in the project as “{existing.title or existing.id}”.")
        self.existing = existing


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _counts(visible: list) -> Subquery:
    """Each document's numbers of annotations, claims and counterclaims the viewer may see."""
    return (
        select(
            Annotation.document_id.label("document_id"),
            func.count(Annotation.id).label("total"),
            func.sum(case((Label.name == BUILTIN_CLAIM, 1), else_=0)).label("claims"),
            func.sum(case((Label.name == BUILTIN_COUNTERCLAIM, 1), else_=0)).label("counterclaims"),
        )
        .join(Label, Label.id == Annotation.label_id)
        .where(*visible)
        .group_by(Annotation.document_id)
        .subquery()
    )


def _list_query(counts: Subquery) -> Select:
    return select(
        Document.id,
        Document.title,
        Document.outlet,
        Document.author,
        Document.url,
        Document.published_at,
        Document.imported_at,
        Document.source_format,
        Document.source_name,
        Document.text_sha256,
        func.coalesce(counts.c.total, 0),
        func.coalesce(counts.c.claims, 0),
        func.coalesce(counts.c.counterclaims, 0),
        Document.published_day,
        Document.version,
    ).outerjoin(counts, counts.c.document_id == Document.id)


#: The document's properties :meth:`DocumentService.update_metadata` changes.
METADATA_FIELDS = ("title", "outlet", "author", "url", "published_at", "published_day")


class DocumentService(Service):
    def list(self, layer: Layer | None = None) -> list[DocumentRow]:
        """Every document with its annotation counts in ``layer`` (default: every annotator's), newest
        publication first (undated last)."""
        with self._read() as session:
            query = _list_query(_counts(self.team.clauses(session, layer))).order_by(
                Document.published_at.is_(None), Document.published_at.desc(), Document.imported_at
            )
            return [DocumentRow(*row) for row in session.execute(query)]

    def get(self, document_id: str, layer: Layer | None = None) -> DocumentRow:
        with self._read() as session:
            query = _list_query(_counts(self.team.clauses(session, layer)))
            row = session.execute(query.where(Document.id == document_id)).first()
        if row is None:
            raise NotFoundError(f"No document with id {document_id}.")
        return DocumentRow(*row)

    def text(self, document_id: str) -> str:
        with self._read() as session:
            text = session.scalar(select(Document.text).where(Document.id == document_id))
        if text is None:
            raise NotFoundError(f"No document with id {document_id}.")
        return text

    def find_by_text(self, text: str) -> DocumentRow | None:
        digest = text_sha256(canonical_text(text))
        with self._read() as session:
            found = session.scalar(select(Document.id).where(Document.text_sha256 == digest))
        return self.get(found) if found else None

    def add(self, imported: ImportedDocument, *, allow_duplicate: bool = False) -> DocumentRow:
        """Store an imported article; its canonical text is fixed from now on."""
        text = canonical_text(imported.text)
        digest = text_sha256(text)
        if not allow_duplicate:
            existing = self.find_by_text(text)
            if existing is not None:
                raise DuplicateDocumentError(existing)
        published = _aware(imported.published_at)
        with self._write() as session:
            document = Document(
                title=(imported.title or _first_line(text))[:500],
                outlet=imported.outlet[:300],
                author=imported.author[:300],
                url=imported.url[:2000],
                published_at=published,
                published_day=published_day(published),
                imported_at=utc_now(),
                text=text,
                text_sha256=digest,
                source_format=imported.source_format,
                source_name=imported.source_name[:500],
            )
            session.add(document)
            session.flush()
            document_id = document.id
            session.add(
                DocumentVersion(
                    document_id=document_id,
                    number=1,
                    text=text,
                    text_sha256=digest,
                    original=imported.original or None,
                    source_format=imported.source_format,
                    source_name=imported.source_name[:500],
                    imported_at=document.imported_at,
                    note="; ".join(imported.notes),
                )
            )
        return self.get(document_id)

    def update_metadata(
        self, document_id: str, *, expected_version: int | None = None, **fields
    ) -> DocumentRow:
        """Change title, outlet, author, url or published_at; returns the row as it was (for undo).

        Only the properties that change are written, and only while the document is at
        ``expected_version`` (when given): else ConcurrentEditError and nothing is written. Undo:
        ``revert_metadata(before, self.get(id))``."""
        unknown = set(fields) - set(METADATA_FIELDS)
        if unknown:
            raise BadInputError(f"Unknown document field(s): {', '.join(sorted(unknown))}.")
        if "published_at" in fields:
            _aware(fields["published_at"])
        if "published_at" in fields and "published_day" not in fields:
            fields["published_day"] = published_day(fields["published_at"])
        for name in set(METADATA_FIELDS) - {"published_at", "published_day"}:
            if name in fields:
                fields[name] = (fields[name] or "").strip()
        before = self.get(document_id)
        check_version(_what(before), before, expected_version)
        current = _metadata(before)
        values = {name: value for name, value in fields.items() if current[name] != value}
        if values:
            self._write_metadata(before, values)
        return before

    def revert_metadata(self, before: DocumentRow, after: DocumentRow) -> DocumentRow:
        """Undo a change of properties from ``before`` to ``after`` (redo: the other way round): the
        properties it changed get their old values if they still hold the new ones, else
        ConcurrentEditError (nothing written)."""
        target, expected = _metadata(before), _metadata(after)
        columns = changed_columns(target, expected)
        current = self.get(before.id)
        if not holds(_metadata(current), expected, columns):
            raise ConcurrentEditError(_what(current), current)
        if columns:
            self._write_metadata(current, {name: target[name] for name in columns})
        return self.get(before.id)

    def _write_metadata(self, current: DocumentRow, values: dict) -> None:
        with self._write() as session:
            if not guarded_update(session, Document, current.id, current.version, values):
                raise ConcurrentEditError(_what(current), None)

    def delete(self, document_id: str) -> DocumentSnapshot:
        """Delete a document with its versions and annotations; returns all of it for :meth:`restore`."""
        with self._write() as session:
            snapshot = _snapshot(session, document_id)
            session.execute(delete(Annotation).where(Annotation.document_id == document_id))
            session.execute(delete(DocumentVersion).where(DocumentVersion.document_id == document_id))
            session.execute(delete(Document).where(Document.id == document_id))
        return snapshot

    def restore(self, snapshot: DocumentSnapshot) -> DocumentRow:
        """Put a deleted document back exactly: same ids, texts, original bytes and annotations."""
        with self._write() as session:
            session.execute(insert(Document), [snapshot.document])
            if snapshot.versions:
                session.execute(insert(DocumentVersion), snapshot.versions)
            if snapshot.annotations:
                session.execute(insert(Annotation), _with_present_claimants(session, snapshot.annotations))
            # Links to annotations deleted since (in another document) cannot come back; the rest do.
            ends = {link[key] for link in snapshot.links for key in ("source_id", "target_id")}
            present = set(session.scalars(select(Annotation.id).where(Annotation.id.in_(ends))))
            links = [link for link in snapshot.links if {link["source_id"], link["target_id"]} <= present]
            if links:
                session.execute(insert(AnnotationLink), links)
            matters = {m["matter_id"] for m in snapshot.memberships}
            present = set(session.scalars(select(Matter.id).where(Matter.id.in_(matters))))
            memberships = [m for m in snapshot.memberships if m["matter_id"] in present]
            if memberships:
                session.execute(insert(MatterMember), memberships)
        return self.get(snapshot.document["id"])


def _what(document: DocumentRow) -> str:
    return f"The document “{document.title or document.id}”"


def _metadata(document: DocumentRow) -> dict:
    return {name: getattr(document, name) for name in METADATA_FIELDS}


def _columns(model) -> list:
    return list(model.__table__.columns)


def _snapshot(session, document_id: str) -> DocumentSnapshot:
    def rows(model, where) -> list[dict]:
        columns = _columns(model)
        return [
            dict(zip([c.key for c in columns], row, strict=True))
            for row in session.execute(select(*columns).where(where))
        ]

    documents = rows(Document, Document.id == document_id)
    if not documents:
        raise NotFoundError(f"No document with id {document_id}.")
    annotation_ids = select(Annotation.id).where(Annotation.document_id == document_id)
    return DocumentSnapshot(
        documents[0],
        rows(DocumentVersion, DocumentVersion.document_id == document_id),
        rows(Annotation, Annotation.document_id == document_id),
        rows(
            AnnotationLink,
            AnnotationLink.source_id.in_(annotation_ids) | AnnotationLink.target_id.in_(annotation_ids),
        ),
        rows(MatterMember, MatterMember.annotation_id.in_(annotation_ids)),
    )


def _with_present_claimants(session, annotations: list[dict]) -> list[dict]:
    """The annotations, with a claimant merged or deleted since the snapshot left out (not a broken key)."""
    wanted = {a.get("claimant_id") for a in annotations} - {None}
    present = set(session.scalars(select(Claimant.id).where(Claimant.id.in_(wanted)))) if wanted else set()
    return [
        a if a.get("claimant_id") in present or a.get("claimant_id") is None else {**a, "claimant_id": None}
        for a in annotations
    ]


def published_day(value: datetime | None) -> str | None:
    """The calendar day of ``value`` in its own time zone: the date the article bears."""
    return value.date().isoformat() if value is not None else None


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise BadInputError("A publication date needs a time zone.")
    return value


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0].strip()[:200]
