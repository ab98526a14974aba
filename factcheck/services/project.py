"""An open project file: its engine, migrations on open, copies, change detection, and its services."""

from __future__ import annotations

import getpass
import os
import sqlite3
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import DatabaseError, OperationalError

from factcheck.domain import ProjectError
from factcheck.services.annotations import AnnotationService
from factcheck.services.claimants import ClaimantService
from factcheck.services.csv_edits import CsvEditService
from factcheck.services.documents import DocumentService
from factcheck.services.interchange import InterchangeService
from factcheck.services.labels import LabelService
from factcheck.services.links import LinkService
from factcheck.services.matters import MatterService
from factcheck.services.search import SearchService
from factcheck.services.timeline import TimelineService
from factcheck.services.versions import VersionService
from factcheck.store import sqlite_files
from factcheck.store.engine import (
    check_project_file,
    make_engine,
    make_session_factory,
    sqlite_uri,
    sqlite_url,
)
from factcheck.store.migrate import current_revision, head_revision, upgrade_to_head


def default_annotator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "researcher"


class Project:
    """One project file opened for work. Create with :meth:`open`; :meth:`close` when done."""

    def __init__(self, path: Path, engine, *, read_only: bool, annotator: str, backup: Path | None) -> None:
        self.path = path
        self.engine = engine
        self.read_only = read_only
        self.backup_made = backup
        self._annotator = annotator
        sessions = make_session_factory(engine)
        self.labels = LabelService(sessions, read_only=read_only)
        self.documents = DocumentService(sessions, read_only=read_only)
        self.annotations = AnnotationService(
            sessions, self.labels, annotator=lambda: self._annotator, read_only=read_only
        )
        self.versions = VersionService(sessions, self.annotations, read_only=read_only)
        self.claimants = ClaimantService(sessions, read_only=read_only)
        self.links = LinkService(sessions, read_only=read_only)
        self.matters = MatterService(sessions, read_only=read_only)
        self.search = SearchService(sessions, read_only=read_only)
        self.interchange = InterchangeService(sessions, project_name=lambda: self.name, read_only=read_only)
        self.csv_edits = CsvEditService(sessions, read_only=read_only)
        self.timeline = TimelineService(sessions, read_only=read_only)
        self._watch: sqlite3.Connection | None = None
        self._reconnects = 0

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def annotator(self) -> str:
        return self._annotator

    @annotator.setter
    def annotator(self, value: str) -> None:
        self._annotator = value.strip() or default_annotator()

    @classmethod
    def open(cls, path: Path | str, *, annotator: str | None = None) -> Project:
        """Open (creating if missing) and migrate a project file; raises ProjectError with a clear reason."""
        path = Path(path).expanduser()
        read_only = check_project_file(path)
        sqlite_files.remove_orphans(path)  # a new file must not inherit the log of a moved one
        engine = make_engine(sqlite_url(path, read_only=read_only))
        backup = None
        try:
            if read_only:
                revision = current_revision(engine)
                if revision != head_revision():
                    raise ProjectError(
                        f"{path.name} is read-only and was made by another version of factcheck; "
                        "copy it somewhere writable to open it."
                    )
            else:
                backup = upgrade_to_head(engine)
        except OperationalError as exc:
            engine.dispose()
            raise ProjectError(_explain(path, exc)) from exc
        except DatabaseError as exc:
            engine.dispose()
            raise ProjectError(f"{path.name} is damaged and cannot be opened ({exc.orig}).") from exc
        except BaseException:
            engine.dispose()
            raise
        return cls(
            path, engine, read_only=read_only, annotator=annotator or default_annotator(), backup=backup
        )

    def close(self) -> None:
        if not self.read_only:
            # Connections close without checkpointing (store/sqlite_files.py): empty the WAL into the file
            # now, so that the file alone holds every edit (a copy of it, a backup).
            try:
                with self.engine.connect() as conn:
                    sqlite_files.checkpoint(conn.connection.dbapi_connection)
            except (sqlite3.Error, DatabaseError):
                pass  # busy: the next checkpoint does it; nothing is lost either way
        if self._watch is not None:
            self._watch.close()
            self._watch = None
        self.engine.dispose()

    def data_version(self) -> int:
        """A number that changes when another connection (another window, the CLI) commits to the file.

        Also the place where a window notices it lost its SQLite locks (a file dialog showed the project's
        folder, see store/sqlite_files.py): it then reconnects, and the number changes so that it reloads."""
        if self._watch is not None and not self.read_only and sqlite_files.locks_lost(self.path):
            self.reconnect()
        if self._watch is None:
            self._watch = sqlite_files.connect(sqlite_uri(self.path, read_only=True), uri=True, timeout=1)
        try:
            # A new connection counts anew: the reconnections keep the number from ever repeating.
            return int(self._watch.execute("PRAGMA data_version").fetchone()[0]) + (self._reconnects << 32)
        except sqlite3.Error:
            return -1

    def reconnect(self) -> None:
        """Close every connection to the file and open anew, which takes SQLite's locks again (they are
        per process: lost for all connections, they come back only when all have closed)."""
        if self._watch is not None:
            self._watch.close()
            self._watch = None
        self.engine.dispose()
        self._reconnects += 1
        self._watch = sqlite_files.connect(sqlite_uri(self.path, read_only=True), uri=True, timeout=1)
        self._watch.execute("PRAGMA data_version").fetchone()

    def locks_held(self) -> bool | None:
        """Whether this process still holds its SQLite locks on the project (None: cannot tell here)."""
        lost = sqlite_files.locks_lost(self.path)
        return None if lost is None else not lost

    def checkpoint(self) -> None:
        """Make every commit so far durable against power loss too (syncs the WAL into the file)."""
        if self.read_only:
            return
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        except DatabaseError:
            pass  # busy or unwritable now: the next checkpoint (or the next open) does it

    def integrity_ok(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"

    def copy_to(self, target: Path | str) -> Path:
        """Write a consistent copy of the project to ``target`` (Save Project As).

        A new file is written whole beside it and renamed into place. A file that exists — another project,
        perhaps open in another window — or that left ``-wal``/``-shm`` files is never replaced under its
        users: the copy goes into it through SQLite (its backup API, one transaction), so a stale log is
        never paired with the new file and its other users see the new content safely."""
        target = Path(target).expanduser()
        if target.exists() and target.resolve() == self.path.resolve():
            raise ProjectError("Choose a different file: that is the project already open.")
        if not target.parent.is_dir():
            raise ProjectError(f"The folder {target.parent} does not exist.")
        try:
            sqlite_files.remove_orphans(target)
            source = sqlite_files.connect(sqlite_uri(self.path, read_only=True), uri=True, timeout=10)
            try:
                if _in_use_by_sqlite(target):
                    _copy_into(source, target)
                else:
                    _copy_beside(source, target)
            finally:
                source.close()
        except (sqlite3.Error, OSError) as exc:
            raise ProjectError(f"Could not save a copy to {target}: {exc}.") from exc
        return target


def _in_use_by_sqlite(target: Path) -> bool:
    """True when ``target`` is an SQLite file or has a log beside it (never opens ``target`` itself)."""
    if any(Path(f"{target}{suffix}").exists() for suffix in ("-wal", "-shm", "-journal")):
        return True
    if not target.exists():
        return False
    probe = None
    try:
        probe = sqlite_files.connect(sqlite_uri(target, read_only=True), uri=True, timeout=10)
        probe.execute("PRAGMA schema_version").fetchone()
        return True
    except sqlite3.DatabaseError:
        return False  # not SQLite (a text file chosen to be overwritten): no SQLite user to protect
    finally:
        if probe is not None:
            probe.close()


def _copy_into(source: sqlite3.Connection, target: Path) -> None:
    dest = sqlite_files.connect(target, timeout=10)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode = WAL").fetchone()
        sqlite_files.checkpoint(dest)
    finally:
        dest.close()


def _copy_beside(source: sqlite3.Connection, target: Path) -> None:
    temp = target.with_name(f".{target.name}.partial")
    try:
        # A private file nobody else opens: a plain connection, whose close checkpoints and removes the WAL.
        dest = sqlite3.connect(temp)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = WAL").fetchone()
        finally:
            dest.close()
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def _explain(path: Path, exc: OperationalError) -> str:
    message = str(exc.orig)
    if "locked" in message or "busy" in message:
        return f"{path.name} is busy in another program; try again in a moment."
    if "readonly" in message or "read-only" in message:
        return f"{path.name} cannot be written (read-only file or folder)."
    if "disk" in message and "full" in message:
        return "The disk is full: free some space and try again."
    return f"Cannot open {path.name}: {message}."
