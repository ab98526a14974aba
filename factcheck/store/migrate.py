"""Bring a project file to the current schema: back it up first, then run Alembic's upgrade."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from factcheck.domain import ProjectError
from factcheck.store import sqlite_files

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


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


def upgrade_to_head(engine: Engine, *, backup_dir: Path | None = None) -> Path | None:
    """Create or upgrade the schema; returns the backup made before upgrading an older file, if any."""
    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(engine)
    head = script.get_current_head()
    if current == head:
        return None
    if current is not None and current not in known_revisions():
        raise ProjectError(
            "This project was saved by a newer version of factcheck; update factcheck to open it."
        )
    backup = None
    if current is not None and engine.dialect.name == "sqlite" and engine.url.database:
        backup = _backup_sqlite(Path(engine.url.database), current, backup_dir)
    migrate(engine, "head")
    return backup


def migrate(engine: Engine, revision: str, *, down: bool = False) -> None:
    """Run Alembic to ``revision`` in one transaction, with SQLite's foreign keys off meanwhile.

    Batch migrations rebuild a table by copying it and dropping the old one; with foreign keys on, that
    drop would cascade into the rows that refer to it (Alembic's own advice for SQLite). The keys are
    checked once the migration is done, and a violation rolls nothing back silently: it is an error.
    """
    config = alembic_config()
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")  # outside a transaction, or it is ignored
            conn.commit()
        try:
            with conn.begin():
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


def _backup_sqlite(path: Path, revision: str, backup_dir: Path | None) -> Path:
    """A consistent copy made through SQLite's backup API (safe while the WAL holds recent commits)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target_dir = backup_dir or path.parent
    target = target_dir / f"{path.stem}.before-upgrade-{revision}-{stamp}{path.suffix or '.sqlite'}"
    source = sqlite_files.connect(path)
    try:
        dest = sqlite_files.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    except sqlite3.Error as exc:
        raise ProjectError(f"Could not back up the project before upgrading it: {exc}.") from exc
    finally:
        source.close()
    return target
