"""The word-match half of the assistant's archive ranking: SQLite FTS5 with BM25 (PostgreSQL: tsvector).

Every full-text statement lives here, behind three functions (:func:`add`, :func:`remove`, :func:`search`);
migration 0007 creates the index: on SQLite an FTS5 virtual table, on PostgreSQL a plain table of the same
name with a ``tsvector`` column and a GIN index, ranked by ``ts_rank_cd`` (normalised by length) instead of
BM25. The MAP@5 in bench/README.md is SQLite's. Alembic's autogenerate compare must not see that table
nor the shadow tables FTS5 makes for it: :func:`include_name` leaves them out (env.py and the
models-vs-migrations test use it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, text

#: The virtual table: one row an archive entry, the entry's id unindexed, its claim and title searched.
ARCHIVE_FTS = "assistant_archive_fts"
#: ``CREATE VIRTUAL TABLE`` as the migration runs it (kept here for reference and for tests).
ARCHIVE_FTS_DDL = (
    f"CREATE VIRTUAL TABLE {ARCHIVE_FTS} USING fts5("
    "entry_id UNINDEXED, claim, title, tokenize = 'porter unicode61 remove_diacritics 2')"
)
#: What FTS5 adds beside a virtual table named T: T_data, T_idx, T_content, T_docsize, T_config.
_SHADOW = ("data", "idx", "content", "docsize", "config")
FTS_TABLES = frozenset({ARCHIVE_FTS, *(f"{ARCHIVE_FTS}_{suffix}" for suffix in _SHADOW)})

#: The claim counts fully, the title (a headline over the claim) less.
_CLAIM_WEIGHT, _TITLE_WEIGHT = 1.0, 0.5
#: Words too common to say anything about which claim is meant (they only slow the OR query down).
_STOPWORDS = (
    "a about after all also an and any are as at be been before being but by can could did do does "
    "for from had has have he her here his how i if in into is it its just me more most my no not now "
    "of on one only or other our out over said says she so some than that the their them then there "
    "these they this those to up us very was we were what when where which who will with would you your "
    "rt amp via http https www com pic twitter status"
)
STOPWORDS = frozenset(_STOPWORDS.split())
_WORD = re.compile(r"\w+")
#: At most this many distinct words of a query go to FTS5 (a tweet rarely has more).
MAX_QUERY_WORDS = 48


def include_name(name: str | None, type_: str, parent_names) -> bool:
    """Alembic's ``include_name`` hook: compare every table but FTS5's virtual and shadow tables."""
    return not (type_ == "table" and name in FTS_TABLES)


def query_words(query: str) -> list[str]:
    """The distinct searchable words of ``query``, in order (lower case, no stopwords, no single letters)."""
    words = []
    for word in _WORD.findall(query.casefold()):
        if len(word) > 1 and word not in STOPWORDS and not word.startswith("_"):
            words.append(word)
    return list(dict.fromkeys(words))[:MAX_QUERY_WORDS]


def add(conn: Connection, entries: Iterable[tuple[str, str, str]]) -> None:
    """Index ``(entry_id, claim, title)`` rows."""
    rows = [{"entry_id": e, "claim": c, "title": t} for e, c, t in entries]
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        statement = f"INSERT INTO {ARCHIVE_FTS} (entry_id, claim, title) VALUES (:entry_id, :claim, :title)"
    else:
        statement = (
            f"INSERT INTO {ARCHIVE_FTS} (entry_id, words) VALUES (:entry_id, "
            "setweight(to_tsvector('english', :claim), 'A') || setweight(to_tsvector('english', :title), 'B'))"
        )
    conn.execute(text(statement), rows)


def remove(conn: Connection, entry_ids: Sequence[str]) -> None:
    """Drop these entries from the index."""
    for first in range(0, len(entry_ids), 500):
        chunk = list(entry_ids[first : first + 500])
        marks = ", ".join(f":e{i}" for i in range(len(chunk)))
        conn.execute(
            text(f"DELETE FROM {ARCHIVE_FTS} WHERE entry_id IN ({marks})"),
            {f"e{i}": entry for i, entry in enumerate(chunk)},
        )


def rebuild(conn: Connection) -> int:
    """Index every archive entry afresh (after a copy of the project between a file and a server, whose
    rows travel but whose word index is built differently on each); returns how many entries."""
    conn.execute(text(f"DELETE FROM {ARCHIVE_FTS}"))
    rows = conn.execute(text("SELECT id, claim, title FROM assistant_archive_entries")).all()
    add(conn, ((entry_id, claim, title) for entry_id, claim, title in rows))
    return len(rows)


def search(conn: Connection, query: str, limit: int) -> list[tuple[str, float]]:
    """The best ``limit`` entries for ``query`` by BM25 over any of its words: ``(entry_id, score)``,
    best first, scores positive (FTS5's ``bm25()`` is negated)."""
    words = query_words(query)
    if not words or limit <= 0:
        return []
    if conn.dialect.name != "sqlite":
        return _search_tsvector(conn, words, limit)
    match = " OR ".join('"' + word.replace('"', '""') + '"' for word in words)
    rows = conn.execute(
        text(
            f"SELECT entry_id, -bm25({ARCHIVE_FTS}, 0.0, {_CLAIM_WEIGHT}, {_TITLE_WEIGHT}) AS score "
            f"FROM {ARCHIVE_FTS} WHERE {ARCHIVE_FTS} MATCH :match ORDER BY score DESC LIMIT :limit"
        ),
        {"match": match, "limit": limit},
    )
    return [(entry_id, float(score)) for entry_id, score in rows]


def _search_tsvector(conn: Connection, words: list[str], limit: int) -> list[tuple[str, float]]:
    # Each word through to_tsquery's own parser (stemmed like the index), joined by OR.
    query = " || ".join(f"plainto_tsquery('english', :w{i})" for i in range(len(words)))
    rows = conn.execute(
        text(
            f"SELECT entry_id, ts_rank_cd('{{0.1, 0.2, 0.5, 1.0}}', words, q, 1) AS score "
            f"FROM {ARCHIVE_FTS}, ({'SELECT ' + query} AS q) AS query WHERE words @@ q "
            "ORDER BY score DESC LIMIT :limit"
        ),
        {"limit": limit, **{f"w{i}": word for i, word in enumerate(words)}},
    )
    return [(entry_id, float(score)) for entry_id, score in rows]
