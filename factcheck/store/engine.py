"""Build the SQLAlchemy engine for a project: PRAGMAs on connect, a session factory, file checks, and
why SQLite could not open a file (a full disk, read-only media, permissions and damage told apart)."""

from __future__ import annotations

import os
import sqlite3
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from factcheck.domain import DamagedProjectError, ProjectError
from factcheck.files import describe_os_error
from factcheck.store import sqlite_files
from factcheck.store.migrate import known_revisions, unknown_revision_message

BUSY_TIMEOUT_MS = 10_000
#: Less free space than this on the disk, and an I/O error while opening means the disk is full.
LOW_SPACE_BYTES = 1024 * 1024


def sqlite_uri(path: Path, *, read_only: bool = False, immutable: bool = False) -> str:
    """SQLite's URI filename for ``path``, with ``#``, ``?`` and ``%`` in the name percent-encoded.

    ``immutable`` (read-only files with nothing in a -wal file) tells SQLite the file cannot change, so it
    takes no locks and creates no -wal or -shm file beside it.
    """
    uri = path.resolve().as_uri()
    if immutable:
        return f"{uri}?mode=ro&immutable=1"
    return f"{uri}?mode=ro" if read_only else uri


def sqlite_url(path: Path, *, read_only: bool = False, immutable: bool = False) -> str:
    """The SQLAlchemy URL for a project file (read-only files open through SQLite's URI form)."""
    if read_only or immutable:
        query = {"mode": "ro", "uri": "true"} | ({"immutable": "1"} if immutable else {})
        url = URL.create("sqlite", database=sqlite_uri(path), query=query)
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


class Access(StrEnum):
    """How a project file can be opened."""

    NEW = "new"  #: it does not exist: it will be created
    WRITE = "write"
    READ_ONLY = "read_only"  #: read-only, with commits in its -wal file to read (mode=ro)
    IMMUTABLE = "immutable"  #: read-only, nothing in a -wal: immutable=1, nothing is created beside it


def check_project_file(path: Path) -> Access:
    """Refuse anything that is not an openable project; say how the file must be opened.

    Never writes to ``path`` and creates nothing beside it: a file that is not a project, is damaged, or
    is from a newer version is checked through an immutable connection and left exactly as it was. Only
    a path that does not exist yet becomes a new project: an existing empty file is refused.
    """
    if path.is_dir():
        raise ProjectError(f"{path} is a folder, not a project file.")
    if not path.exists():
        parent = path.parent
        if not parent.is_dir():
            raise ProjectError(f"The folder {parent} does not exist.")
        if not os.access(parent, os.W_OK) or on_read_only_disk(parent):
            why = "it is on a read-only disk" if on_read_only_disk(parent) else "the folder is read-only"
            raise ProjectError(f"Cannot create a project in {parent}: {why}.")
        return Access.NEW
    # Never open() the file itself: closing that descriptor would drop every SQLite lock this process
    # holds on it (another window of this process, a Project still open) — see store/sqlite_files.py.
    # SQLite's own "file is not a database" tells a file that is not SQLite.
    if not os.access(path, os.R_OK):
        raise ProjectError(f"You do not have permission to read {path.name}.")
    try:
        size = path.stat().st_size
    except PermissionError as exc:
        raise ProjectError(f"You do not have permission to read {path.name}.") from exc
    except OSError as exc:
        raise ProjectError(f"Cannot read {path.name}: {describe_os_error(exc)}.") from exc
    if not size:
        raise ProjectError(
            f"{path.name} is an empty file, not a factcheck project; it was left untouched. "
            "To start a project, choose a name that does not exist yet."
        )
    wal = Path(f"{path}-wal")
    wal_in_use = wal.exists() and wal.stat().st_size > 0
    _check_integrity(path, immutable=not wal_in_use)
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK) and not on_read_only_disk(path)
    if writable:
        return Access.WRITE
    return Access.READ_ONLY if wal_in_use else Access.IMMUTABLE


def read_only_reason(path: Path) -> str:
    """Why a file that exists cannot be written, in words: "on a read-only disk", "a read-only file"…"""
    if on_read_only_disk(path):
        return "it is on a read-only disk"
    if not os.access(path, os.W_OK):
        return "the file is read-only"
    return "its folder is read-only"


def on_read_only_disk(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def free_bytes(folder: Path) -> int | None:
    try:
        info = os.statvfs(folder)
    except (OSError, AttributeError):
        return None
    return info.f_bavail * info.f_frsize


def describe_sqlite_error(path: Path, exc: BaseException) -> str:
    """One sentence saying why SQLite could not open or read ``path``: a full disk, read-only media,
    permissions, another program's lock, damage, or a failing disk, told apart.

    SQLite reports a full disk while creating its -shm index as a generic "disk I/O error"; the free
    space left on the file's disk tells that apart from damage.
    """
    error = getattr(exc, "orig", exc)
    name = getattr(error, "sqlite_errorname", "") or ""
    message = str(error)
    space = free_bytes(path.parent)
    io_failure = name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_FULL")) or "disk" in message
    if name == "SQLITE_FULL" or (io_failure and space is not None and space < LOW_SPACE_BYTES):
        return f"The disk holding {path.name} is full: free some space and try again ({path.name} was not changed)."
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_IOERR")) and on_read_only_disk(path):
        return f"{path.name} is on a read-only disk and cannot be opened there; copy it somewhere writable."
    if name == "SQLITE_READONLY_DIRECTORY" or (
        name.startswith("SQLITE_CANTOPEN") and not os.access(path.parent, os.W_OK)
    ):
        return f"{path.name} is in a read-only folder and cannot be opened there; copy it somewhere writable."
    if name in ("SQLITE_PERM", "SQLITE_AUTH") or name.startswith("SQLITE_READONLY"):
        return f"You do not have permission to change {path.name} (or its folder)."
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return f"{path.name} is busy in another program; try again in a moment."
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return f"{path.name} is damaged and cannot be opened ({message}); it was left untouched."
    if name.startswith("SQLITE_IOERR"):
        return (
            f"The disk could not read or write {path.name} ({message}): it may be failing, full or "
            "disconnected; the file was left untouched."
        )
    return f"Cannot open {path.name}: {message}."


def _check_integrity(path: Path, *, immutable: bool) -> None:
    try:
        problems, tables, revisions = _read_schema(path, immutable=immutable)
        if problems and immutable and Path(f"{path}-wal").exists():
            # Another process began writing while the file was read as immutable: read it the normal way.
            problems, tables, revisions = _read_schema(path, immutable=False)
    except sqlite3.DatabaseError as exc:
        name = getattr(exc, "sqlite_errorname", "") or ""
        if name == "SQLITE_NOTADB":
            raise ProjectError(
                f"{path.name} is not a factcheck project (not an SQLite database); it was left untouched."
            ) from exc
        if name.startswith("SQLITE_CORRUPT"):
            raise DamagedProjectError(path, [str(exc)], sqlite_files.backups_of(path)) from exc
        raise ProjectError(describe_sqlite_error(path, exc)) from exc
    if problems:
        raise DamagedProjectError(path, problems, sqlite_files.backups_of(path))
    if not tables:
        raise ProjectError(
            f"{path.name} is an empty SQLite database, not a factcheck project; it was left untouched. "
            "To start a project, choose a name that does not exist yet."
        )
    if "alembic_version" not in tables:
        raise ProjectError(f"{path.name} is an SQLite database of another program, not a factcheck project.")
    unknown = revisions - known_revisions()
    if unknown:
        # Refused here, before a writable connection could switch the file to WAL.
        raise ProjectError(unknown_revision_message(path.name, sorted(unknown)[0], tables))


def _read_schema(path: Path, *, immutable: bool) -> tuple[list[str], set[str], set[str]]:
    """What a check of the file's structure found (empty when sound), its tables and its revisions."""
    conn = sqlite_files.connect(
        sqlite_uri(path, read_only=True, immutable=immutable), uri=True, timeout=BUSY_TIMEOUT_MS / 1000
    )
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if rows != [("ok",)]:
            return [str(row[0]) for row in rows], set(), set()
        # quick_check does not compare indexes with their tables: issue 16's damage. Counting is cheap.
        mismatches = sqlite_files.index_count_mismatches(conn)
        if mismatches:
            return list(mismatches), set(), set()
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revisions = (
            {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")}
            if "alembic_version" in tables
            else set()
        )
    finally:
        conn.close()
    return [], tables, revisions
