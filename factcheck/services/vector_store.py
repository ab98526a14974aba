"""Sentence vectors stored in the project, computed only for texts that have none yet (incrementally,
in batches committed one by one, so a cancelled or interrupted run keeps what it finished)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from factcheck.assistant.jobs import CancelCheck, Progress, check
from factcheck.assistant.model import DIMENSION, MODEL_ID, Embedder
from factcheck.assistant.vectors import normalised, pack, text_key, unpack
from factcheck.services.base import Service
from factcheck.store.models import AssistantVector

#: Texts embedded and committed together (a cancel is seen, and work is saved, this often).
CHUNK = 256
#: Keys looked up in one query.
_LOOKUP = 500


class VectorStore(Service):
    def __init__(
        self, sessions: sessionmaker[Session], embedder: Callable[[], Embedder], *, read_only: bool
    ) -> None:
        super().__init__(sessions, read_only=read_only)
        self._embedder = embedder

    def stored(self, keys: Sequence[str]) -> dict[str, bytes]:
        """The stored blobs of these keys (those that have one)."""
        found: dict[str, bytes] = {}
        unique = list(dict.fromkeys(keys))
        with self._read() as session:
            for first in range(0, len(unique), _LOOKUP):
                chunk = unique[first : first + _LOOKUP]
                rows = session.execute(
                    select(AssistantVector.text_sha256, AssistantVector.vector).where(
                        AssistantVector.model == MODEL_ID, AssistantVector.text_sha256.in_(chunk)
                    )
                )
                found.update((key, blob) for key, blob in rows)
        return found

    def count(self) -> int:
        with self._read() as session:
            return session.scalar(
                select(func.count()).select_from(AssistantVector).where(AssistantVector.model == MODEL_ID)
            )

    def vectors(
        self,
        texts: Sequence[str],
        *,
        save: bool = True,
        progress: Progress | None = None,
        cancelled: CancelCheck | None = None,
    ) -> np.ndarray:
        """(n, 384) unit vectors for ``texts``: stored ones read, the others embedded (and stored when
        ``save`` and the project is writable). ``progress(done, total)`` counts texts embedded."""
        keys = [text_key(t) for t in texts]
        blobs = self.stored(keys)
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in blobs and key not in missing:
                missing[key] = normalised(text)
        check(cancelled)
        if missing:
            blobs.update(
                self._embed(missing, save=save and not self.read_only, progress=progress, cancelled=cancelled)
            )
        elif progress is not None:
            progress(0, 0)
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        return unpack([blobs[k] for k in keys])

    def embed(self, texts: Sequence[str], *, cancelled: CancelCheck | None = None) -> np.ndarray:
        """Vectors for texts that are not kept (queries): no lookup, nothing stored."""
        return self._embedder().embed([normalised(t) for t in texts], cancelled=cancelled)

    def _embed(
        self,
        missing: dict[str, str],
        *,
        save: bool,
        progress: Progress | None,
        cancelled: CancelCheck | None,
    ) -> dict[str, bytes]:
        embedder = self._embedder()
        items = list(missing.items())
        made: dict[str, bytes] = {}
        for first in range(0, len(items), CHUNK):
            check(cancelled)
            chunk = items[first : first + CHUNK]
            blobs = pack(embedder.embed([text for _, text in chunk], cancelled=cancelled))
            pairs = dict(zip((key for key, _ in chunk), blobs, strict=True))
            if save:
                with self._write() as session:
                    present = set(
                        session.scalars(
                            select(AssistantVector.text_sha256).where(
                                AssistantVector.model == MODEL_ID,
                                AssistantVector.text_sha256.in_(list(pairs)),
                            )
                        )
                    )
                    rows = [
                        {"model": MODEL_ID, "text_sha256": key, "vector": blob}
                        for key, blob in pairs.items()
                        if key not in present  # another window may have stored them meanwhile
                    ]
                    if rows:
                        session.execute(insert(AssistantVector), rows)
            made.update(pairs)
            if progress is not None:
                progress(len(made), len(items))
        return made
