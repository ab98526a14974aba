"""An open project (a file, or a database on a PostgreSQL server): its engine, migrations on open, copies,
change detection, and its services."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DatabaseError, OperationalError

from factcheck.domain import DamagedProjectError, ProjectError
from factcheck.files import describe_os_error, sync_folder, temporary_sibling
from factcheck.services import repair
from factcheck.services.adjudication import AdjudicationService
from factcheck.services.agreement import AgreementService
from factcheck.services.annotations import AnnotationService
from factcheck.services.claimants import ClaimantService
from factcheck.services.csv_edits import CsvEditService
from factcheck.services.documents import DocumentService
from factcheck.services.interchange import InterchangeService
from factcheck.services.labels import LabelService
from factcheck.services.links import LinkService
from factcheck.services.matters import MatterService
from factcheck.services.search import SearchService
from factcheck.services.team import TeamService
from factcheck.services.timeline import TimelineService
from factcheck.services.versions import VersionService
from factcheck.services.visibility import Team, default_annotator
from factcheck.store import sqlite_files
from factcheck.store.backends import (
    ProjectLocation,
    display_location,
    is_server_url,
    location_name,
    parse_location,
)
from factcheck.store.engine import (
    Access,
    check_project_file,
    describe_sqlite_error,
    make_engine,
    make_session_factory,
    read_only_reason,
    sqlite_uri,
    sqlite_url,
)
from factcheck.store.migrate import (
    HalfUpgradedError,
    current_revision,
    head_revision,
    restore_half_upgraded,
    upgrade_to_head,
)

CREATING_SUFFIX = ".creating"


class Project:
    """One project opened for work. Create with :meth:`open`; :meth:`close` when done.

    ``location`` is the file's Path or the server database's URL (``path`` is the same value, kept for the
    callers that predate servers); ``display_location`` is what to show and remember (never a password).
    """

    def __init__(
        self, path: ProjectLocation, engine, *, read_only: bool, annotator: str, backup: Path | None
    ) -> None:
        self.path = path
        self.location: ProjectLocation = path
        self.is_server = isinstance(path, URL)
        self.display_location = display_location(path)
        self.engine = engine
        self.read_only = read_only
        self.backup_made = backup
        #: What was repaired when the file was opened (its indexes rebuilt), in a sentence; else None.
        self.repaired: str | None = None
        self._annotator = annotator
        #: True when the server fixes who you are (your login is subject to row-level security): the
        #: annotator is then your login's name and cannot be changed (the Settings field shows it greyed).
        self.annotator_fixed = False
        sessions = make_session_factory(engine)
        #: Who is working and what they may see; every service shares it.
        self.team = Team(lambda: self._annotator)
        common = {"read_only": read_only, "team": self.team}
        self.labels = LabelService(sessions, **common)
        self.documents = DocumentService(sessions, **common)
        self.annotations = AnnotationService(
            sessions, self.labels, annotator=lambda: self._annotator, **common
        )
        self.versions = VersionService(sessions, self.annotations, **common)
        self.claimants = ClaimantService(sessions, **common)
        self.links = LinkService(sessions, **common)
        self.matters = MatterService(sessions, **common)
        self.search = SearchService(sessions, **common)
        self.interchange = InterchangeService(sessions, project_name=lambda: self.name, **common)
        self.csv_edits = CsvEditService(sessions, **common)
        self.timeline = TimelineService(sessions, **common)
        self.team_settings = TeamService(sessions, **common)
        self.agreement = AgreementService(sessions, **common)
        self.adjudication = AdjudicationService(sessions, self.agreement, self.annotations, **common)
        self._watch: sqlite3.Connection | None = None
        self._reconnects = 0
        self._listener = None
        #: One line the user should see on opening (empty when there is nothing to say).
        self.notice = ""
        # How other connections read the file (read-only files: without creating anything beside it).
        self._uri = "" if self.is_server else sqlite_uri(path, read_only=True)

    @property
    def name(self) -> str:
        return location_name(self.location)

    @property
    def annotator(self) -> str:
        return self._annotator

    @annotator.setter
    def annotator(self, value: str) -> None:
        if self.annotator_fixed:
            return  # the server decides who you are (row-level security); see annotator_fixed
        self._annotator = " ".join(value.split())[:200] or default_annotator()

    @classmethod
    def open(cls, path: Path | str | URL, *, annotator: str | None = None) -> Project:
        """Open and migrate a project file, creating it only when the path does not exist yet, or open a
        project database on a PostgreSQL server (a ``postgresql+psycopg://user@host/database`` URL).

        Raises ProjectError with one clear sentence. ``backup_made`` is the copy kept of a file upgraded
        from an older version; ``notice`` says in one line anything the user should know (a half-upgraded
        file restored from its backup, a file opened read-only and why).
        """
        location = parse_location(path)
        if isinstance(location, URL):
            return cls._open_server(location, annotator=annotator)
        path = location
        repaired = None
        try:
            access = check_project_file(path)
        except DamagedProjectError as damage:
            if not damage.indexes_only or not os.access(path, os.W_OK):
                raise
            # Only indexes disagree with their tables (issue 16's file): rebuilt from the intact rows, with
            # the file as it was kept beside it; the window and the CLI say what was done.
            repaired = repair.reindex(path).summary
            access = check_project_file(path)
        if access is Access.NEW:
            sqlite_files.remove_orphans(path)  # a new file must not inherit the log of a moved one
            _create(path)
            access = Access.WRITE
        read_only = access is not Access.WRITE
        uri_options = {"read_only": read_only, "immutable": access is Access.IMMUTABLE}
        engine = make_engine(sqlite_url(path, **uri_options))
        backup = None
        notice = ""
        try:
            if read_only:
                revision = current_revision(engine)
                if revision != head_revision():
                    raise ProjectError(
                        f"{path.name} is read-only ({read_only_reason(path)}) and was made by another "
                        "version of factcheck; copy it somewhere writable to open it."
                    )
                notice = f"{path.name} is open read-only: {read_only_reason(path)}."
            else:
                try:
                    backup = upgrade_to_head(engine)
                except HalfUpgradedError as exc:
                    restored = restore_half_upgraded(path, exc.revision)
                    backup = upgrade_to_head(engine)
                    notice = (
                        f"{path.name} was left half-upgraded by an interrupted upgrade; it was restored from "
                        f"{restored} and upgraded again."
                    )
        except (OperationalError, DatabaseError) as exc:
            engine.dispose()
            raise ProjectError(describe_sqlite_error(path, exc)) from exc
        except BaseException:
            engine.dispose()
            raise
        project = cls(
            path, engine, read_only=read_only, annotator=annotator or default_annotator(), backup=backup
        )
        project.notice = notice
        project.repaired = repaired
        project._uri = sqlite_uri(path, **uri_options) if read_only else sqlite_uri(path, read_only=True)
        return project

    @classmethod
    def _open_server(cls, url: URL, *, annotator: str | None) -> Project:
        # Deferred: psycopg loads only for projects on a server.
        from factcheck.store.server import open_server, policy_login

        engine, read_only = open_server(url)
        try:
            login = policy_login(engine)
        except DatabaseError as exc:
            engine.dispose()
            raise ProjectError(f"Cannot open {display_location(url)}: {exc.orig}.") from exc
        if login is not None and annotator is not None and annotator != login:
            engine.dispose()
            raise ProjectError(
                f"You are signed in to the server as {login}: you work as {login}, not as {annotator}."
            )
        project = cls(
            url, engine, read_only=read_only, annotator=login or annotator or default_annotator(), backup=None
        )
        project.annotator_fixed = login is not None
        return project

    def close(self) -> None:
        if not self.read_only and not self.is_server:
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
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        self.engine.dispose()

    def data_version(self) -> int:
        """A number that changes when another connection (another window, the CLI) commits to the project.

        A file: SQLite's data_version. A server: the count of change notifications the project's triggers
        sent (LISTEN/NOTIFY), read without waiting. -1 when it cannot be read now. See :meth:`changed_since`.
        """
        if self.is_server:
            if self._listener is None:
                # Deferred: psycopg loads only for projects on a server.
                from factcheck.store.server import ChangeListener

                self._listener = ChangeListener(self.engine)
            return self._listener.version()
        # Also where a window notices it lost its SQLite locks (a file dialog showed the project's folder,
        # see store/sqlite_files.py): it then reconnects, and the number changes so that it reloads.
        if self._watch is not None and not self.read_only and sqlite_files.locks_lost(self.path):
            self.reconnect()
        if self._watch is None:
            self._watch = sqlite_files.connect(self._uri, uri=True, timeout=1)
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
        self._watch = sqlite_files.connect(self._uri, uri=True, timeout=1)
        self._watch.execute("PRAGMA data_version").fetchone()

    def locks_held(self) -> bool | None:
        """Whether this process still holds its SQLite locks on the project (None: cannot tell here)."""
        if self.is_server:
            return None
        lost = sqlite_files.locks_lost(self.path)
        return None if lost is None else not lost

    def change_token(self) -> int:
        """An opaque token for "the project as it is now" (both backends); see :meth:`changed_since`."""
        return self.data_version()

    def changed_since(self, token: int) -> bool:
        """True when anyone (another window, another annotator, the CLI) committed since ``token`` was
        taken, or when that cannot be told (then re-reading is the safe answer). Cheap: the UI polls it."""
        current = self.data_version()
        return current == -1 or current != token

    def checkpoint(self) -> None:
        """Make every commit so far durable against power loss too (syncs the WAL into the file); a server
        makes each commit durable itself, so there it does nothing."""
        if self.read_only or self.is_server:
            return
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        except DatabaseError:
            pass  # busy or unwritable now: the next checkpoint (or the next open) does it

    def integrity_ok(self) -> bool:
        """SQLite's integrity check; a server keeps its own (there: True when it answers)."""
        with self.engine.connect() as conn:
            if self.is_server:
                return conn.execute(text("SELECT 1")).scalar() == 1
            return conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"

    def copy_to(self, target: Path | str | URL) -> ProjectLocation:
        """Write a consistent copy of the project to ``target`` (Save Project As); a server database, or a
        copy to one, goes through :func:`factcheck.services.copy.copy_project`.

        A new file is written whole beside it and renamed into place. A file that exists — another project,
        perhaps open in another window — or that left ``-wal``/``-shm`` files is never replaced under its
        users: the copy goes into it through SQLite (its backup API, one transaction), so a stale log is
        never paired with the new file and its other users see the new content safely."""
        if self.is_server or (isinstance(target, URL | str) and is_server_url(target)):
            # Deferred: a cycle (copy opens projects).
            from factcheck.services.copy import copy_project

            return copy_project(self, target).target
        target = Path(target).expanduser()
        if target.exists() and target.resolve() == self.path.resolve():
            raise ProjectError("Choose a different file: that is the project already open.")
        if not target.parent.is_dir():
            raise ProjectError(f"The folder {target.parent} does not exist.")
        try:
            sqlite_files.remove_orphans(target)
            source = sqlite_files.connect(self._uri, uri=True, timeout=10)
            try:
                if _in_use_by_sqlite(target):
                    _copy_into(source, target)
                else:
                    _copy_beside(source, target)
            finally:
                source.close()
        except sqlite3.Error as exc:
            raise ProjectError(
                f"Could not save a copy to {target}: {describe_sqlite_error(target, exc)}"
            ) from exc
        except OSError as exc:
            raise ProjectError(f"Could not save a copy to {target}: {describe_os_error(exc)}.") from exc
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
    """A new file written whole beside ``target`` (named for its writer, so a killed copy's leftover is
    removed by the next one) and renamed into place."""
    fd, temp = temporary_sibling(target)
    os.close(fd)
    try:
        temp.unlink()  # SQLite makes the file itself
        # A private file nobody else opens: a plain connection, whose close checkpoints and removes the WAL.
        dest = sqlite3.connect(temp)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = WAL").fetchone()
        finally:
            dest.close()
        os.replace(temp, target)
        sync_folder(target.parent)
    finally:
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            leftover.unlink(missing_ok=True)


def _create(path: Path) -> None:
    """Make a new project file all at once: migrated in a temporary file beside ``path``, then moved to
    ``path`` only if nothing is there yet (a kill or failure leaves no empty or half-made project)."""
    try:
        fd, temp = temporary_sibling(path, CREATING_SUFFIX)
        os.close(fd)
    except OSError as exc:
        raise ProjectError(f"Cannot create {path.name}: {describe_os_error(exc)}.") from exc
    try:
        temp.unlink()  # SQLite makes the file itself (an empty file would be taken for a database)
        engine = make_engine(sqlite_url(temp))
        try:
            upgrade_to_head(engine)
        finally:
            engine.dispose()  # the last connection checkpoints and removes the -wal and -shm files
        try:
            os.link(temp, path)  # fails if something appeared at ``path`` meanwhile: never replaced
        except FileExistsError as exc:
            raise ProjectError(f"{path.name} appeared while it was being created; open it instead.") from exc
        except OSError:
            if path.exists():
                raise
            os.replace(temp, path)  # a file system without hard links
        sync_folder(path.parent)
    except (OperationalError, DatabaseError) as exc:
        raise ProjectError(describe_sqlite_error(path, exc)) from exc
    except OSError as exc:
        raise ProjectError(f"Cannot create {path.name}: {describe_os_error(exc)}.") from exc
    finally:
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            leftover.unlink(missing_ok=True)
