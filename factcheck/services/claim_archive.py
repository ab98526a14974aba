"""Fact-check archives: import a CSV/TSV or ClaimReview file into the project, list and remove archives,
and find the published checks of a claim by a hybrid ranking (FTS5 BM25 fused with embedding cosine)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from factcheck.assistant.jobs import CancelCheck, Progress, check
from factcheck.assistant.matching import CANDIDATES, CLAIM_SHARE, clean_query, fuse
from factcheck.assistant.model import DIMENSION, MODEL_ID
from factcheck.assistant.records import ArchiveImport, ArchiveRow, Match, MatchKind
from factcheck.assistant.vectors import text_key, unpack
from factcheck.domain import BadInputError, NotFoundError
from factcheck.interchange.archive_file import read_archive
from factcheck.services.base import Service
from factcheck.services.vector_store import VectorStore
from factcheck.store import fulltext
from factcheck.store.models import Archive, ArchiveEntry, AssistantVector, new_id, utc_now

_BATCH = 2000


class ArchiveService(Service):
    def __init__(self, sessions: sessionmaker[Session], vectors: VectorStore, *, read_only: bool) -> None:
        super().__init__(sessions, read_only=read_only)
        self._vectors = vectors
        self._lock = threading.Lock()
        self._index: tuple[tuple, list[Match], dict[str, int], np.ndarray, np.ndarray] | None = None

    def import_file(
        self,
        path: Path | str,
        *,
        name: str | None = None,
        progress: Progress | None = None,
        cancelled: CancelCheck | None = None,
    ) -> ArchiveImport:
        """Read an archive file into the project as archive ``name`` (default: the file's name without its
        extension), replacing an archive of that name. Claims and word index are written in one
        transaction; then their vectors are computed (:meth:`index`; a cancel there keeps the archive,
        which matches by words until it is indexed)."""
        path = Path(path).expanduser()
        parsed = read_archive(path)
        name = (name or path.stem).strip()
        if not name:
            raise BadInputError("Give the archive a name.")
        check(cancelled)
        with self._write() as session:
            archive_id = session.scalar(select(Archive.id).where(Archive.name == name))
            replaced = archive_id is not None
            if replaced:
                old = list(
                    session.scalars(select(ArchiveEntry.id).where(ArchiveEntry.archive_id == archive_id))
                )
                fulltext.remove(session.connection(), old)
                session.execute(delete(ArchiveEntry).where(ArchiveEntry.archive_id == archive_id))
                session.execute(
                    update(Archive)
                    .where(Archive.id == archive_id)
                    .values(source_name=path.name, imported_at=utc_now())
                )
            else:
                archive_id = new_id()
                session.execute(
                    insert(Archive).values(
                        id=archive_id, name=name, source_name=path.name, imported_at=utc_now()
                    )
                )
            rows = [
                {
                    "id": new_id(),
                    "archive_id": archive_id,
                    "source_id": r.source_id,
                    "claim": r.claim,
                    "title": r.title,
                    "verdict": r.verdict,
                    "url": r.url,
                    "date": r.date,
                    "claim_sha256": text_key(r.claim),
                    "title_sha256": text_key(r.title) if r.title.strip() else None,
                }
                for r in parsed.records
            ]
            for first in range(0, len(rows), _BATCH):
                chunk = rows[first : first + _BATCH]
                session.execute(insert(ArchiveEntry), chunk)
                fulltext.add(session.connection(), ((r["id"], r["claim"], r["title"]) for r in chunk))
        self.index(progress=progress, cancelled=cancelled)
        return ArchiveImport(self.get(archive_id), parsed.skipped, replaced)

    def index(self, *, progress: Progress | None = None, cancelled: CancelCheck | None = None) -> int:
        """Embed the archives' claims and titles that have no stored vector yet; returns how many."""
        with self._read() as session:
            texts = {}
            for claim, claim_key, title, title_key in session.execute(
                select(
                    ArchiveEntry.claim,
                    ArchiveEntry.claim_sha256,
                    ArchiveEntry.title,
                    ArchiveEntry.title_sha256,
                )
            ):
                texts[claim_key] = claim
                if title_key is not None:
                    texts[title_key] = title
        stored = self._vectors.stored(list(texts))
        missing = [text for key, text in texts.items() if key not in stored]
        if missing:
            try:
                self._vectors.vectors(missing, progress=progress, cancelled=cancelled)
            finally:
                with self._lock:
                    self._index = None  # new vectors: match by meaning with them from now on
        elif progress is not None:
            progress(0, 0)
        return len(missing)

    def list(self) -> list[ArchiveRow]:
        with self._read() as session:
            archives = session.execute(
                select(Archive.id, Archive.name, Archive.source_name, Archive.imported_at).order_by(
                    Archive.name
                )
            ).all()
            return [self._row(session, *a) for a in archives]

    def get(self, archive_id: str) -> ArchiveRow:
        with self._read() as session:
            found = session.execute(
                select(Archive.id, Archive.name, Archive.source_name, Archive.imported_at).where(
                    Archive.id == archive_id
                )
            ).first()
            if found is None:
                raise NotFoundError(f"No archive with id {archive_id}.")
            return self._row(session, *found)

    def find(self, name_or_id: str) -> ArchiveRow:
        with self._read() as session:
            archive_id = session.scalar(
                select(Archive.id).where((Archive.id == name_or_id) | (Archive.name == name_or_id))
            )
        if archive_id is None:
            raise NotFoundError(f"No archive named {name_or_id!r}.")
        return self.get(archive_id)

    def remove(self, name_or_id: str) -> ArchiveRow:
        """Delete an archive, its entries and their word index (vectors stay: another archive may share them)."""
        row = self.find(name_or_id)
        with self._write() as session:
            old = list(session.scalars(select(ArchiveEntry.id).where(ArchiveEntry.archive_id == row.id)))
            fulltext.remove(session.connection(), old)
            session.execute(delete(Archive).where(Archive.id == row.id))
        return row

    @staticmethod
    def _row(session, archive_id, name, source_name, imported_at) -> ArchiveRow:
        entries = session.scalar(
            select(func.count(ArchiveEntry.id)).where(ArchiveEntry.archive_id == archive_id)
        )
        indexed = session.scalar(
            select(func.count(ArchiveEntry.id))
            .join(
                AssistantVector,
                (AssistantVector.model == MODEL_ID)
                & (AssistantVector.text_sha256 == ArchiveEntry.claim_sha256),
            )
            .where(ArchiveEntry.archive_id == archive_id)
        )
        return ArchiveRow(archive_id, name, source_name, imported_at, entries or 0, indexed or 0)

    # --- Matching -----------------------------------------------------------------------------------------

    def match(self, text: str, *, top: int = 5, cancelled: CancelCheck | None = None) -> list[Match]:
        """The archives' fact-checks of the claim ``text``, best first (hybrid score, higher is closer)."""
        return self.match_many([text], top=top, cancelled=cancelled)[0]

    def match_many(
        self,
        texts: Sequence[str],
        *,
        top: int = 5,
        progress: Progress | None = None,
        cancelled: CancelCheck | None = None,
    ) -> list[list[Match]]:
        """:meth:`match` for many queries (embedded together; much faster than one by one)."""
        entries, ids, claims, titles = self._matrix()
        if not entries:
            return [[] for _ in texts]
        queries = [clean_query(t) for t in texts]
        vectors = self._vectors.embed(queries, cancelled=cancelled)
        results = []
        with self._read() as session:
            conn = session.connection()
            for number, (query, vector) in enumerate(zip(queries, vectors, strict=True), start=1):
                cosines = CLAIM_SHARE * (claims @ vector) + (1 - CLAIM_SHARE) * (titles @ vector)
                words = [(ids[e], s) for e, s in fulltext.search(conn, query, CANDIDATES) if e in ids]
                ranked = fuse(cosines, words, top)
                results.append([replace(entries[r.index], score=r.score) for r in ranked])
                if number % 20 == 0:
                    check(cancelled)
                    if progress is not None:
                        progress(number, len(texts))
        if progress is not None:
            progress(len(texts), len(texts))
        return results

    def _matrix(self) -> tuple[list[Match], dict[str, int], np.ndarray, np.ndarray]:
        """Every entry (as a Match without a score), its row by entry id, and the claim and title vectors
        (the claim's where there is no title; zeros where not indexed yet). Cached until an archive is
        imported or removed, or this service indexes vectors."""
        with self._read() as session:
            # An import or a re-import stamps its archive; a removal changes the count (both tiny reads).
            stamp = tuple(
                session.execute(select(func.count(Archive.id), func.max(Archive.imported_at))).one()
            )
            with self._lock:
                if self._index is not None and self._index[0] == stamp:
                    return self._index[1], self._index[2], self._index[3], self._index[4]
            rows = session.execute(
                select(
                    ArchiveEntry.id,
                    ArchiveEntry.claim_sha256,
                    ArchiveEntry.title_sha256,
                    ArchiveEntry.source_id,
                    ArchiveEntry.claim,
                    ArchiveEntry.verdict,
                    ArchiveEntry.url,
                    ArchiveEntry.title,
                    ArchiveEntry.date,
                    Archive.name,
                )
                .join(Archive, Archive.id == ArchiveEntry.archive_id)
                .order_by(ArchiveEntry.id)
            ).all()
        keys = [r[1] for r in rows] + [r[2] for r in rows if r[2] is not None]
        blobs = self._vectors.stored(keys)
        zero = np.zeros(DIMENSION, dtype=np.float32)
        claims = _stack([blobs.get(r[1]) for r in rows], zero)
        titles = claims.copy()
        titled = [i for i, row in enumerate(rows) if row[2] is not None and row[2] in blobs]
        if titled:
            titles[titled] = unpack([blobs[rows[i][2]] for i in titled])
        entries = [Match(MatchKind.ARCHIVE, r[3], 0.0, *r[4:]) for r in rows]
        ids = {r[0]: i for i, r in enumerate(rows)}
        with self._lock:
            self._index = (stamp, entries, ids, claims, titles)
        return entries, ids, claims, titles


def _stack(blobs: list[bytes | None], zero: np.ndarray) -> np.ndarray:
    if not blobs:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    present = [i for i, b in enumerate(blobs) if b is not None]
    out = np.tile(zero, (len(blobs), 1))
    if present:
        out[present] = unpack([blobs[i] for i in present])
    return out
