"""Read a project's tables directly, as a check that bypasses factcheck: a file through sqlite3, a server
database through psycopg. SQL is written with ``?`` placeholders (rewritten for psycopg)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url


def query(db: Path | str, sql: str, params: tuple = ()) -> list[tuple]:
    if isinstance(db, str) and "://" in db:
        import psycopg  # noqa: PLC0415 (only the PostgreSQL runs need it)

        url = make_url(db)
        conninfo = psycopg.conninfo.make_conninfo(
            host=url.host or "", port=url.port or 5432, user=url.username or "", dbname=url.database or ""
        )
        with psycopg.connect(conninfo) as conn:
            rows = conn.execute(sql.replace("?", "%s"), params).fetchall()
        return [tuple(_as_sqlite(value) for value in row) for row in rows]
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def _as_sqlite(value):
    """A server's value as the project file holds it (a time as its UTC text)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value
