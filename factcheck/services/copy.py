"""Copy a whole project between a file and a PostgreSQL database, either way (``factcheck copy``): every
table in one read snapshot, written in one transaction, and verified row by row before it is committed."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Table, delete, func, insert, inspect, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from factcheck.domain import BadInputError, ConnectionLostError, ProjectError
from factcheck.services.base import CONNECTION_LOST, explain_database_error
from factcheck.services.project import Project
from factcheck.store.backends import ProjectLocation, display_location, is_connection_lost, parse_location
from factcheck.store.models import Annotation, Base, Document, Label

#: Rows read and written at a time.
BATCH = 2000
#: Tables that exist in every project without being project data (Alembic's, SQLite's own).
_NOT_DATA = {"alembic_version", "sqlite_sequence", "sqlite_stat1"}

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class CopyReport:
    source: str
    target: ProjectLocation
    #: Rows copied (and verified) per table.
    tables: dict[str, int] = field(default_factory=dict)
    #: Tables of the source that are not project tables of this version of factcheck (not copied).
    skipped: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        rows = sum(self.tables.values())
        return (
            f"{self.tables.get('documents', 0)} documents, {self.tables.get('annotations', 0)} annotations: "
            f"{rows} rows in {len(self.tables)} tables copied to {display_location(self.target)}, "
            "every row verified."
        )


def copy_project(
    source: Project | str | Path | URL, target: str | Path | URL, *, progress: Progress | None = None
) -> CopyReport:
    """Copy the project at ``source`` (or the open one) to ``target``: a new file, or a database on a server
    that is empty or holds a new, empty project. Nothing is left at the target when anything fails."""
    target_location = parse_location(target) if not isinstance(target, URL) else target
    own = not isinstance(source, Project)
    project = Project.open(source) if own else source
    try:
        if _same(project.location, target_location):
            raise BadInputError("Choose a different target: that is the project being copied.")
        if isinstance(target_location, URL):
            return _copy_to_server(project, target_location, progress)
        return _copy_to_file(project, target_location, progress)
    finally:
        if own:
            project.close()


def _same(a: ProjectLocation, b: ProjectLocation) -> bool:
    if isinstance(a, URL) and isinstance(b, URL):
        keys = ("host", "port", "database")
        return all(getattr(a, k) == getattr(b, k) for k in keys) and a.query == b.query
    if isinstance(a, Path) and isinstance(b, Path):
        return b.exists() and a.resolve() == b.resolve()
    return False


def _copy_to_file(project: Project, target: Path, progress: Progress | None) -> CopyReport:
    if target.exists():
        raise BadInputError(f"{target} already exists; copy to a new file.")
    if not target.parent.is_dir():
        raise BadInputError(f"The folder {target.parent} does not exist.")
    temp = target.with_name(f".{target.name}.partial")
    temp.unlink(missing_ok=True)
    try:
        copy = Project.open(temp)
        try:
            report = _copy_rows(project, copy, target, progress)
        finally:
            copy.close()
        os.replace(temp, target)
    except BaseException:
        for leftover in (temp, temp.with_name(temp.name + "-wal"), temp.with_name(temp.name + "-shm")):
            leftover.unlink(missing_ok=True)
        raise
    return report


def _copy_to_server(project: Project, target: URL, progress: Progress | None) -> CopyReport:
    copy = Project.open(target)
    try:
        if copy.read_only:
            raise ProjectError(f"{display_location(target)} is read-only for you; nothing was copied.")
        return _copy_rows(project, copy, target, progress)
    finally:
        copy.close()


def _copy_rows(
    source: Project, target: Project, where: ProjectLocation, progress: Progress | None
) -> CopyReport:
    tables = Base.metadata.sorted_tables
    try:
        with source.engine.connect() as read, target.engine.connect() as write:
            if source.is_server:
                read.execution_options(isolation_level="REPEATABLE READ")
            with read.begin(), write.begin():
                _refuse_a_used_target(write, target)
                for table in reversed(tables):
                    write.execute(delete(table))
                counts: dict[str, int] = {}
                for table in tables:
                    counts[table.name] = _copy_table(read, write, table, progress)
                for table in tables:
                    if _digest(read, table) != _digest(write, table):
                        raise ProjectError(
                            f"The copy of the table {table.name} differs from the original; nothing was copied."
                        )
                skipped = tuple(
                    sorted(set(inspect(read).get_table_names()) - {t.name for t in tables} - _NOT_DATA)
                )
    except DBAPIError as exc:
        if is_connection_lost(exc):
            raise ConnectionLostError(CONNECTION_LOST.replace("your change", "the copy")) from exc
        raise ProjectError(explain_database_error(exc).replace("Your change", "The copy")) from exc
    return CopyReport(source.display_location, where, counts, skipped)


def _refuse_a_used_target(write: Connection, target: Project) -> None:
    """A target must be new: no documents, annotations or labels of its own (a new project's built-in
    labels are replaced by the source's)."""
    documents = write.scalar(select(func.count()).select_from(Document)) or 0
    annotations = write.scalar(select(func.count()).select_from(Annotation)) or 0
    own_labels = write.scalar(select(func.count()).select_from(Label).where(Label.builtin.is_(False))) or 0
    if documents or annotations or own_labels:
        raise BadInputError(
            f"{target.display_location} already holds a project ({documents} documents); "
            "copy to a new file or an empty database."
        )


def _copy_table(read: Connection, write: Connection, table: Table, progress: Progress | None) -> int:
    rows = 0
    result = read.execute(select(table).execution_options(yield_per=BATCH))
    for batch in result.mappings().partitions():
        write.execute(insert(table), [dict(row) for row in batch])
        rows += len(batch)
        if progress is not None:
            progress(table.name, rows)
    return rows


def _digest(conn: Connection, table: Table) -> tuple[int, str]:
    """The table's rows hashed value by value the same way on both backends, in an order of their own
    (a server's collation may sort keys differently from SQLite)."""
    hashes = sorted(
        hashlib.sha256(repr(tuple(_plain(value) for value in row)).encode("utf-8", "surrogatepass")).digest()
        for row in conn.execute(select(table).execution_options(yield_per=BATCH))
    )
    return len(hashes), hashlib.sha256(b"".join(hashes)).hexdigest()


def _plain(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, bool):
        return int(value)
    return value
