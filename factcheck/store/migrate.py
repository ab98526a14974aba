"""Bring a project file to the current schema, all or nothing: one backup per version, then every
migration in one SQLite transaction; a file an interrupted upgrade left half-done is recognised."""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.pool import StaticPool

from factcheck.domain import ProjectError
from factcheck.files import sync_folder
from factcheck.store import sqlite_files

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
#: Tables every factcheck project has had since the first schema (and any newer one will keep).
CORE_TABLES = frozenset({"documents", "labels", "annotations"})
_VERSION_TABLE = "alembic_version"


class HalfUpgradedError(ProjectError):
    """The file's schema is not the one its version stamp names: an upgrade was interrupted part-way."""

    def __init__(self, path: Path, revision: str) -> None:
        self.path = path
        self.revision = revision
        super().__init__(
            f"{path.name} was left half-upgraded by an interrupted upgrade and no backup of it was found "
            "beside it; it was left untouched."
        )


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every revision this version of factcheck can upgrade from (or is at)."""
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def unknown_revision_message(name: str, revision: str, tables: set[str]) -> str:
    """A newer factcheck's file keeps the core tables; another program that uses Alembic does not."""
    if tables >= CORE_TABLES:
        return f"{name} was saved by a newer version of factcheck; update factcheck to open it."
    return (
        f"{name} is the database of another program (its schema version is “{revision}”), "
        "not a factcheck project; it was left untouched."
    )


def backup_path(path: Path, revision: str, backup_dir: Path | None = None) -> Path:
    """Where the copy of ``path`` made before upgrading it from ``revision`` goes: one per version."""
    return (backup_dir or path.parent) / f"{path.stem}.before-upgrade-{revision}{path.suffix or '.sqlite'}"


def upgrade_to_head(engine: Engine, *, backup_dir: Path | None = None) -> Path | None:
    """Create or upgrade the schema, all or nothing; returns the backup made of an older file, if any.

    Raises HalfUpgradedError when the file's tables are not those of the version it is stamped with (an
    upgrade by factcheck 0.1 was interrupted), and ProjectError when the upgrade fails; the file is then
    exactly as it was.
    """
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return None
    sqlite_path = _sqlite_path(engine)
    name = sqlite_path.name if sqlite_path else "The project"
    if engine.dialect.name != "sqlite":  # a server: transactional DDL, and no file to back up here
        if current is not None and current not in known_revisions():
            raise ProjectError(unknown_revision_message(name, current, set(CORE_TABLES)))
        migrate(engine, "head")
        return None
    with engine.connect() as conn:
        tables = _tables(conn)
        found = schema_fingerprint(conn)
    if current is not None and current not in known_revisions():
        raise ProjectError(unknown_revision_message(name, current, tables))
    stamp_first: str | None = None
    if current is None and tables - {_VERSION_TABLE}:
        stamp_first = _revision_with_schema(found)
        if stamp_first is None:
            raise ProjectError(
                f"{name} has tables but no record of its schema version, and they match no version of "
                "factcheck; it was left untouched."
            )
    elif current is not None and found != revision_fingerprint(current):
        raise HalfUpgradedError(sqlite_path or Path(name), current)
    backup = None
    from_revision = current or stamp_first
    if from_revision is not None and sqlite_path is not None:
        backup = backup_sqlite(sqlite_path, from_revision, backup_dir)
    try:
        migrate(engine, "head", first=_stamp(stamp_first) if stamp_first else None)
    except ProjectError as exc:
        raise ProjectError(_failed(name, str(exc), backup)) from exc
    except Exception as exc:  # any failure rolled the whole upgrade back: say so, and where the copy is
        raise ProjectError(_failed(name, str(getattr(exc, "orig", exc)), backup)) from exc
    return backup


def _failed(name: str, reason: str, backup: Path | None) -> str:
    copy = f" A copy made before the upgrade is at {backup}." if backup else ""
    return (
        f"Could not upgrade {name} to this version of factcheck ({reason.rstrip('.')}); "
        f"it was left as it was.{copy}"
    )


def _stamp(revision: str) -> Callable[[Connection], None]:
    def stamp(conn: Connection) -> None:
        conn.exec_driver_sql(f"INSERT INTO {_VERSION_TABLE} (version_num) VALUES (?)", (revision,))

    return stamp


def migrate(
    engine: Engine, revision: str, *, down: bool = False, first: Callable[[Connection], None] | None = None
) -> None:
    """Run Alembic to ``revision`` in ONE transaction, with SQLite's foreign keys off meanwhile.

    pysqlite never begins a transaction before DDL, so ``conn.begin()`` alone left every CREATE, ALTER and
    DROP committed as it ran: a kill or error part-way left a half-upgraded file. On SQLite the transaction
    is begun explicitly (BEGIN IMMEDIATE, which also waits for other writers), and env.py runs every
    migration and its version stamp inside it; any failure or kill rolls all of it back.

    Batch migrations rebuild a table by copying it and dropping the old one; with foreign keys on, that
    drop would cascade into the rows that refer to it (Alembic's own advice for SQLite). The keys are
    checked once the migration is done, and a violation rolls nothing back silently: it is an error.
    ``first`` runs inside the transaction before the migrations.
    """
    config = alembic_config()
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")  # outside a transaction, or it is ignored
            conn.commit()
        try:
            with conn.begin():
                if sqlite:
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                if first is not None:
                    first(conn)
                config.attributes["connection"] = conn
                (command.downgrade if down else command.upgrade)(config, revision)
                if sqlite:
                    problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if problems:
                        raise ProjectError(f"Upgrading the project would break {len(problems)} references.")
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys = ON")
                conn.commit()


# --- What each version's schema looks like -------------------------------------------------------------

Fingerprint = frozenset[tuple[str, ...]]


def schema_fingerprint(conn: Connection) -> Fingerprint:
    """The tables with their columns, and the indexes, of a database (not Alembic's version table)."""
    items: set[tuple[str, ...]] = set()
    rows = conn.exec_driver_sql(
        "SELECT type, name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index') "
        "AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    for kind, name, table in rows:
        if table == _VERSION_TABLE:
            continue
        if kind == "table":
            columns = conn.exec_driver_sql(f'PRAGMA table_info("{name}")').fetchall()
            items.add(("table", name, *sorted(str(column[1]) for column in columns)))
        else:
            items.add(("index", name, table))
    return frozenset(items)


@functools.cache
def revision_fingerprint(revision: str) -> Fingerprint:
    """The schema a file at ``revision`` has: the migrations run on an in-memory database (cached)."""
    engine = create_engine("sqlite://", poolclass=StaticPool)
    try:
        migrate(engine, revision)
        with engine.connect() as conn:
            return schema_fingerprint(conn)
    finally:
        engine.dispose()


def _revision_with_schema(found: Fingerprint) -> str | None:
    for revision in known_revisions():
        if revision_fingerprint(revision) == found:
            return revision
    return None


def _tables(conn: Connection) -> set[str]:
    rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {row[0] for row in rows}


def _sqlite_path(engine: Engine) -> Path | None:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):  # the URI form read-only files are opened with
        return None
    return Path(database)


# --- Backups -------------------------------------------------------------------------------------------


def backup_sqlite(path: Path, revision: str, backup_dir: Path | None = None) -> Path:
    """A consistent copy through SQLite's backup API (safe while the WAL holds recent commits), written to
    a temporary file and renamed, so a kill never leaves a half-written backup; a retry replaces it."""
    target = backup_path(path, revision, backup_dir)
    temp = target.with_name(f".{target.name}.partial")
    try:
        temp.unlink(missing_ok=True)  # a kill while backing up left it
        source = sqlite_files.connect(path)
        try:
            dest = sqlite_files.connect(temp)
            try:
                source.backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")  # a plain file: no -wal beside the backup
            finally:
                dest.close()
        finally:
            source.close()
        os.replace(temp, target)
        sync_folder(target.parent)
    except (sqlite3.Error, OSError) as exc:
        temp.unlink(missing_ok=True)
        raise ProjectError(f"Could not back up the project before upgrading it: {exc}.") from exc
    return target


def restore_half_upgraded(path: Path, revision: str, backup_dir: Path | None = None) -> Path:
    """Put back the copy made before the interrupted upgrade from ``revision``; returns the copy used.

    The copy must be a sound file at ``revision`` with that version's tables. Its pages are written into
    ``path`` through SQLite's backup API in one transaction (WAL-aware: a kill leaves ``path`` as it was).
    Raises HalfUpgradedError when no usable copy exists.
    """
    for candidate in _backup_candidates(path, revision, backup_dir):
        if not _is_sound_copy(candidate, revision):
            continue
        try:
            source = sqlite_files.connect(f"{candidate.resolve().as_uri()}?immutable=1", uri=True)
            try:
                dest = sqlite_files.connect(path, timeout=10)
                try:
                    source.backup(dest)
                finally:
                    dest.close()
            finally:
                source.close()
        except sqlite3.Error as exc:
            raise ProjectError(f"Could not restore {path.name} from {candidate}: {exc}.") from exc
        return candidate
    raise HalfUpgradedError(path, revision)


def _backup_candidates(path: Path, revision: str, backup_dir: Path | None) -> list[Path]:
    """This version's backup and those factcheck 0.1 made (one per attempt, time-stamped), newest first."""
    canonical = backup_path(path, revision, backup_dir)
    folder = canonical.parent
    older = folder.glob(f"{path.stem}.before-upgrade-{revision}-*{path.suffix or '.sqlite'}")
    found = [p for p in (canonical, *older) if p.is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime_ns, reverse=True)


def _is_sound_copy(candidate: Path, revision: str) -> bool:
    try:
        conn = sqlite_files.connect(f"{candidate.resolve().as_uri()}?immutable=1", uri=True)
    except sqlite3.Error:
        return False
    try:
        if conn.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
            return False
        stamped = [row[0] for row in conn.execute(f"SELECT version_num FROM {_VERSION_TABLE}")]
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    if stamped != [revision]:
        return False
    engine = create_engine("sqlite://", creator=lambda: _immutable(candidate), poolclass=StaticPool)
    try:
        with engine.connect() as conn:
            return schema_fingerprint(conn) == revision_fingerprint(revision)
    except Exception:
        return False
    finally:
        engine.dispose()


def _immutable(path: Path) -> sqlite3.Connection:
    return sqlite_files.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
