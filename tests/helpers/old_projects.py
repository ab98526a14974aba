"""Project files as the first schema (0001) made them, full of data, and a digest of the data they hold.

Used by the upgrade tests and by ``bench/bench_upgrade_kill.py``: the file is built by running the real
first migration, then rows are inserted with plain SQL in 0001's columns (which every later schema keeps),
so the digest means the same thing before and after any upgrade.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import uuid
from pathlib import Path

from factcheck.store.engine import make_engine, sqlite_url
from factcheck.store.migrate import migrate

FIRST_REVISION = "0001_workbench"
CLAIM_ID = "5b0c3a52-3c1e-5f0e-9a57-6c1a7c1a0001"
COUNTERCLAIM_ID = "5b0c3a52-3c1e-5f0e-9a57-6c1a7c1a0002"
_SENTENCE = (
    "the minister said spending rose by forty percent last year while critics “disputed” the figures "
    "and an independent review found — after months — that the council’s budget fell in real terms"
)
_WORDS = _SENTENCE.split(" ")
_STAMP = "2021-12-10 00:39:00.000000"


def build_first_schema_project(path: Path, *, documents: int = 20, annotations: int = 10_000, seed: int = 1):
    """Write a project at revision 0001 with ``documents`` articles and ``annotations`` highlights."""
    engine = make_engine(sqlite_url(path))
    try:
        migrate(engine, FIRST_REVISION)
    finally:
        engine.dispose()
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    try:
        doc_rows = []
        texts = []
        for i in range(documents):
            text = " ".join(rng.choice(_WORDS) for _ in range(9_000))
            texts.append(text)
            doc_rows.append(
                (
                    str(uuid.UUID(int=rng.getrandbits(128))),
                    f"Article {i}",
                    "The Outlet",
                    "A. Reporter",
                    f"https://example.org/{i}",
                    _STAMP,
                    _STAMP,
                    text,
                    hashlib.sha256(text.encode()).hexdigest(),
                    "txt",
                    f"article-{i}.txt",
                )
            )
        conn.executemany("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?)", doc_rows)
        ann_rows = []
        for i in range(annotations):
            doc = i % documents
            text = texts[doc]
            start = rng.randrange(0, len(text) - 200)
            end = start + rng.randrange(10, 150)
            ann_rows.append(
                (
                    str(uuid.UUID(int=rng.getrandbits(128))),
                    doc_rows[doc][0],
                    CLAIM_ID if i % 3 else COUNTERCLAIM_ID,
                    start,
                    end,
                    text[start:end],
                    text[max(0, start - 32) : start],
                    text[end : end + 32],
                    "researcher",
                    _STAMP,
                    _STAMP,
                )
            )
        conn.executemany("INSERT INTO annotations VALUES (?,?,?,?,?,?,?,?,?,?,?)", ann_rows)
        conn.commit()
    finally:
        conn.close()


def data_digest(path: Path) -> str:
    """A hash of every document, label and annotation in the columns the first schema has."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        for sql in (
            "SELECT id, title, outlet, author, url, text, text_sha256, source_name FROM documents ORDER BY id",
            "SELECT id, name, color, shortcut, builtin, position FROM labels ORDER BY id",
            'SELECT id, document_id, label_id, start, "end", quote, prefix, suffix, annotator '
            "FROM annotations ORDER BY id",
        ):
            for row in conn.execute(sql):
                digest.update(repr(row).encode())
        return digest.hexdigest()
    finally:
        conn.close()


def stamped_revision(path: Path) -> str | None:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        conn.close()
