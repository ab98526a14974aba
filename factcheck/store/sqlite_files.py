"""Keeping a project file whole while several processes use it (issue 16's corruption).

SQLite coordinates processes with POSIX advisory locks, and POSIX drops *every* lock a process holds on a
file as soon as that process closes *any* descriptor of the file ("How To Corrupt An SQLite Database File",
section 2.2). Qt's file dialogs open and close each file of the folder they show to sniff its type, so a
window whose dialog showed the project's folder silently lost its locks on the project and its ``-shm``.
The CLI, closing as the apparently last user, then checkpointed and *deleted* the ``-wal`` and ``-shm``
while the window still used them: from then on the window and everyone else wrote to two different logs,
both checkpointed into one file — lost updates, a window that never saw outside changes again, and
"wrong # of entries in index" (reproduced by tests/test_file_locks.py and bench/bench_stress.py).

So every connection here is opened with SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE: closing never deletes the
``-wal``/``-shm`` (checkpoints are explicit, :func:`checkpoint`), and a process that lost its locks can be
told so (:func:`locks_lost`) and reconnect. Never open a project file with anything but SQLite.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

#: The byte ranges SQLite's unix VFS locks: the database's SHARED range and the -shm's "dead man switch".
_SHARED_FIRST = 0x40000000 + 2
_SHM_DMS = 120 + 8


def keep_wal_on_close(dbapi_connection: sqlite3.Connection) -> None:
    """Closing this connection never checkpoints, and so never deletes the ``-wal`` and ``-shm`` files."""
    dbapi_connection.setconfig(sqlite3.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, True)


def connect(
    database: str | os.PathLike[str], *, uri: bool = False, timeout: float = 10.0
) -> sqlite3.Connection:
    """``sqlite3.connect`` for a project file (or its URI), closing without deleting the WAL's files."""
    conn = sqlite3.connect(database, uri=uri, timeout=timeout)
    try:
        keep_wal_on_close(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def checkpoint(conn: sqlite3.Connection, *, wait_ms: int = 200) -> None:
    """Copy the WAL into the file and empty it when no reader needs it (waits at most ``wait_ms``)."""
    conn.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def locks_lost(path: Path) -> bool | None:
    """True when this process uses the project (a connection of it has read it) but no longer holds its
    SQLite locks, as after a file dialog sniffed the folder; None where that cannot be told (not Linux).

    Reads /proc/locks only; never opens the project's files."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        inodes = {os.stat(path).st_ino: "db", os.stat(f"{path}-shm").st_ino: "shm"}
        with open("/proc/locks", encoding="ascii", errors="replace") as table:
            lines = table.read().splitlines()
    except OSError:
        return None
    pid = str(os.getpid())
    held = set()
    for line in lines:
        fields = line.split()
        # "1: POSIX  ADVISORY  READ 1234 08:02:5678 1073741826 1073742335" (blocked waiters start "->").
        if len(fields) < 8 or fields[1] != "POSIX" or fields[4] != pid:
            continue
        try:
            inode, start = int(fields[5].rsplit(":", 1)[1]), int(fields[6])
        except ValueError:
            continue
        kind = inodes.get(inode)
        if (kind, start) in (("db", _SHARED_FIRST), ("shm", _SHM_DMS)):
            held.add(kind)
    return held != {"db", "shm"}


def remove_orphans(path: Path) -> None:
    """Delete a ``-wal``/``-shm``/``-journal`` left beside a database file that no longer exists (it was
    moved or deleted): paired with a new file of that name, an old log would be replayed into it."""
    if path.exists():
        return
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def index_count_mismatches(conn: sqlite3.Connection) -> list[str]:
    """Indexes holding another number of entries than their table has rows — issue 16's "wrong # of
    entries in index", found in a few milliseconds per 10k rows (``PRAGMA quick_check`` does not look,
    ``integrity_check`` takes five times as long). Each index is counted through itself, its table through
    the table alone."""
    problems = []
    indexes = conn.execute(
        "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND (sql IS NULL OR sql NOT LIKE '% WHERE %')"
    ).fetchall()
    for index, table in indexes:
        first = conn.execute(
            "SELECT name FROM pragma_index_info(?) ORDER BY seqno LIMIT 1", (index,)
        ).fetchone()
        if first is None or first[0] is None:
            continue  # an index on an expression
        column = first[0].replace('"', '""')
        in_table = conn.execute(f'SELECT count("{column}") FROM "{table}" NOT INDEXED').fetchone()[0]
        in_index = conn.execute(f'SELECT count("{column}") FROM "{table}" INDEXED BY "{index}"').fetchone()[0]
        if in_table != in_index:
            problems.append(f"wrong # of entries in index {index}")
    return problems


#: Copies of a project that factcheck keeps beside it: before an upgrade (store/migrate.py), a backup, and
#: the file as it was before a repair.
BACKUP_MARKERS = (".before-upgrade-", ".backup-")


def backups_of(path: Path) -> list[Path]:
    """The whole copies of the project beside it (their quick_check passes), oldest first."""
    found = []
    for candidate in path.parent.glob(f"{path.stem}.*"):
        if candidate == path or candidate.name.endswith(("-wal", "-shm", "-journal")):
            continue
        if not any(marker in candidate.name for marker in BACKUP_MARKERS):
            continue
        try:
            conn = connect(f"{candidate.resolve().as_uri()}?mode=ro", uri=True)
            try:
                whole = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            finally:
                conn.close()
        except sqlite3.DatabaseError:
            whole = False
        if whole:
            found.append(candidate)
    return sorted(found, key=lambda p: p.stat().st_mtime_ns)


def other_users(path: Path) -> bool | None:
    """True when another process holds SQLite locks on the project or its -shm (from /proc/locks; None
    where that cannot be told). Never opens the project's files."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        inodes = {os.stat(p).st_ino for p in (path, Path(f"{path}-shm")) if p.exists()}
        with open("/proc/locks", encoding="ascii", errors="replace") as table:
            lines = table.read().splitlines()
    except OSError:
        return None
    me = str(os.getpid())
    for line in lines:
        fields = line.split()
        if len(fields) >= 6 and fields[1] == "POSIX" and fields[4] != me:
            try:
                if int(fields[5].rsplit(":", 1)[1]) in inodes:
                    return True
            except ValueError:
                continue
    return False
