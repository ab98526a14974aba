"""A project file found damaged: say what is wrong, rebuild its indexes when only they disagree with the
tables (REINDEX), or put the latest backup in its place — keeping the damaged file beside it either way.

The window's dialog and the CLI (``factcheck repair``) call these; ``Project.open`` rebuilds the indexes
by itself when they are all that is wrong, and says so (``Project.repaired``).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from factcheck.domain import DamagedProjectError, ProjectError
from factcheck.store import sqlite_files
from factcheck.store.engine import sqlite_uri


@dataclass(frozen=True)
class Diagnosis:
    """What SQLite's checks say of a project file, and the whole backups found beside it (oldest first)."""

    path: Path
    problems: tuple[str, ...]
    backups: tuple[Path, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def indexes_only(self) -> bool:
        """True when only indexes disagree with their tables: REINDEX rebuilds them from the rows."""
        return DamagedProjectError(self.path, self.problems).indexes_only

    @property
    def latest_backup(self) -> Path | None:
        return self.backups[-1] if self.backups else None


@dataclass(frozen=True)
class Repair:
    """What a repair did, in a sentence for people, and where the damaged file was kept."""

    path: Path
    summary: str
    damaged_copy: Path | None


def diagnose(path: Path | str, *, limit: int = 100) -> Diagnosis:
    """Run ``PRAGMA integrity_check`` and count every index's entries (read-only, never writing)."""
    path = Path(path).expanduser()
    try:
        conn = sqlite_files.connect(sqlite_uri(path, read_only=True), uri=True)
        try:
            rows = [row[0] for row in conn.execute(f"PRAGMA integrity_check({int(limit)})")]
            if rows == ["ok"]:
                rows = sqlite_files.index_count_mismatches(conn) or rows
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        rows = [str(exc)]
    problems = () if rows == ["ok"] else tuple(rows)
    return Diagnosis(path, problems, tuple(sqlite_files.backups_of(path)))


def reindex(path: Path | str) -> Repair:
    """Rebuild every index from its table, after keeping a copy of the file as it was; refused unless only
    indexes are wrong (the rows themselves are then intact, so nothing is lost)."""
    diagnosis = diagnose(path)
    if diagnosis.ok:
        return Repair(diagnosis.path, f"{diagnosis.path.name} is whole; nothing was done.", None)
    if not diagnosis.indexes_only:
        raise DamagedProjectError(diagnosis.path, diagnosis.problems, diagnosis.backups)
    kept = _keep_damaged_copy(diagnosis.path)
    conn = sqlite_files.connect(diagnosis.path)
    try:
        conn.execute("REINDEX")
        conn.commit()
        sqlite_files.checkpoint(conn)
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"The indexes of {diagnosis.path.name} could not be rebuilt: {exc}.") from exc
    finally:
        conn.close()
    after = diagnose(diagnosis.path)
    if not after.ok:
        raise DamagedProjectError(after.path, after.problems, after.backups)
    names = sorted({p.rsplit(" ", 1)[-1] for p in diagnosis.problems})
    return Repair(
        diagnosis.path,
        f"{diagnosis.path.name} had inconsistent indexes ({', '.join(names)}); they were rebuilt from the "
        f"data, which was intact. The file as it was is kept as {kept.name}.",
        kept,
    )


def restore_backup(path: Path | str, backup: Path | str | None = None) -> Repair:
    """Put ``backup`` (default: the latest whole one) in place of the damaged project; the damaged file and
    its -wal/-shm are kept beside it. Refused while another program has the project open."""
    path = Path(path).expanduser()
    backups = sqlite_files.backups_of(path)
    chosen = Path(backup).expanduser() if backup is not None else (backups[-1] if backups else None)
    if chosen is None:
        raise ProjectError(f"No backup of {path.name} was found beside it.")
    if not diagnose(chosen).ok:
        raise ProjectError(f"The backup {chosen.name} is damaged too.")
    if sqlite_files.other_users(path):
        raise ProjectError(f"{path.name} is open in another window or program; close it there first.")
    kept = path.with_name(f"{path.stem}.damaged-{_stamp()}{path.suffix}")
    # The damaged file and its log move together: a log must never meet another file of that name.
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            os.replace(source, f"{kept}{suffix}")
    temp = path.with_name(f".{path.name}.restoring")
    try:
        source_conn = sqlite_files.connect(sqlite_uri(chosen, read_only=True), uri=True)
        try:
            dest = sqlite3.connect(temp)  # private until renamed: a plain connection, its WAL goes on close
            try:
                source_conn.backup(dest)
                dest.execute("PRAGMA journal_mode = WAL").fetchone()
            finally:
                dest.close()
        finally:
            source_conn.close()
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    when = datetime.fromtimestamp(chosen.stat().st_mtime, UTC).astimezone().strftime("%Y-%m-%d %H:%M")
    return Repair(
        path,
        f"{path.name} was damaged; the backup {chosen.name} (of {when}) was put in its place — edits made "
        f"since then are not in it. The damaged file is kept as {kept.name}.",
        kept,
    )


def _keep_damaged_copy(path: Path) -> Path:
    kept = path.with_name(f"{path.stem}.damaged-{_stamp()}{path.suffix}")
    source = sqlite_files.connect(sqlite_uri(path, read_only=True), uri=True)
    try:
        dest = sqlite3.connect(kept)
        try:
            source.backup(dest)  # page by page, as it is: the copy is exactly as damaged as the file
        finally:
            dest.close()
    finally:
        source.close()
    return kept


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
