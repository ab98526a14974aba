"""Build the SQLAlchemy engine for a project: PRAGMAs on connect, a session factory, file checks."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from factcheck.domain import DamagedProjectError, ProjectError
from factcheck.store import sqlite_files
from factcheck.store.migrate import known_revisions

BUSY_TIMEOUT_MS = 10_000


def sqlite_uri(path: Path, *, read_only: bool = False) -> str:
    """SQLite's URI filename for ``path``, with ``#``, ``?`` and ``%`` in the name percent-encoded."""
    uri = path.resolve().as_uri()
    return f"{uri}?mode=ro" if read_only else uri


def sqlite_url(path: Path, *, read_only: bool = False) -> str:
    """The SQLAlchemy URL for a project file (read-only files open through SQLite's URI form)."""
    if read_only:
        url = URL.create("sqlite", database=sqlite_uri(path), query={"mode": "ro", "uri": "true"})
    else:
        url = URL.create("sqlite", database=str(path.resolve()))
    return url.render_as_string(hide_password=False)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; on SQLite every connection gets WAL, foreign keys and a busy timeout."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        read_only = engine.url.query.get("mode") == "ro"
        event.listen(engine, "connect", _sqlite_pragmas_ro if read_only else _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    sqlite_files.keep_wal_on_close(dbapi_connection)  # see sqlite_files: closing never deletes the WAL
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode and str(mode[0]).lower() != "wal":
            raise ProjectError(
                f"The project file could not switch to write-ahead logging (journal {mode[0]})."
            )
        # NORMAL under WAL: a commit survives the app crashing or being killed, and the file never
        # corrupts; only an OS crash or power cut can roll back the last moments, which Project.checkpoint()
        # (run ~1 s after edits stop) bounds. FULL cost 4 ms median and 21 ms max per edit here.
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _sqlite_pragmas_ro(dbapi_connection, _record) -> None:
    sqlite_files.keep_wal_on_close(dbapi_connection)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA query_only = ON")
    finally:
        cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def check_project_file(path: Path) -> bool:
    """Refuse anything that is not an openable project; True when the file must open read-only.

    Never writes to ``path``: a file that is not SQLite, or is corrupt, is left exactly as it was.
    """
    if path.is_dir():
        raise ProjectError(f"{path} is a folder, not a project file.")
    if not path.exists():
        parent = path.parent
        if not parent.is_dir():
            raise ProjectError(f"The folder {parent} does not exist.")
        if not os.access(parent, os.W_OK):
            raise ProjectError(f"Cannot create a project in {parent}: the folder is read-only.")
        return False
    # Never open() the file itself: closing that descriptor would drop every SQLite lock this process
    # holds on it (another window of this process, a Project still open) — see store/sqlite_files.py.
    # SQLite's own "file is not a database" tells a file that is not SQLite.
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ProjectError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    read_only = not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)
    if size:
        _check_integrity(path)
    return read_only


def _check_integrity(path: Path) -> None:
    if not os.access(path, os.R_OK):
        raise ProjectError(f"Cannot read {path}: permission denied.")
    try:
        conn = sqlite_files.connect(
            sqlite_uri(path, read_only=True), uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
    except sqlite3.Error as exc:
        raise ProjectError(f"Cannot open {path.name}: {exc}.") from exc
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if rows == [("ok",)]:
            # quick_check does not compare indexes with their tables: issue 16's damage. Counting is cheap.
            rows = [(problem,) for problem in sqlite_files.index_count_mismatches(conn)] or rows
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revisions = (
            {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")}
            if "alembic_version" in tables
            else set()
        )
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
            raise ProjectError(
                f"{path.name} is not a factcheck project (not a readable SQLite database); it was left untouched."
            ) from exc
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_READONLY_DIRECTORY":
            # A WAL file in a folder where SQLite cannot create its -shm index: not damaged.
            raise ProjectError(
                f"{path.name} is in a read-only folder and cannot be opened there; copy it somewhere writable."
            ) from exc
        raise DamagedProjectError(path, [str(exc)], sqlite_files.backups_of(path)) from exc
    finally:
        conn.close()
    if rows != [("ok",)]:
        raise DamagedProjectError(path, [row[0] for row in rows], sqlite_files.backups_of(path))
    if tables and "alembic_version" not in tables:
        raise ProjectError(f"{path.name} is an SQLite database of another program, not a factcheck project.")
    if revisions - known_revisions():
        # Refused here, before a writable connection could switch the file to WAL.
        raise ProjectError(
            "This project was saved by a newer version of factcheck; update factcheck to open it."
        )
