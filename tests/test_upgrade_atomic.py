"""Upgrades are all-or-nothing: a failure or a kill in any migration leaves a file that opens with all its
data; a file an older factcheck left half-upgraded is restored from its backup; one backup per version."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
from pathlib import Path

import pytest
from helpers.old_projects import FIRST_REVISION, build_first_schema_project, data_digest, stamped_revision
from helpers.procs import run_worker, start_worker
from sqlalchemy import Engine, event

from factcheck.domain import ProjectError
from factcheck.services import Project
from factcheck.store.engine import make_engine, sqlite_url
from factcheck.store.migrate import head_revision, upgrade_to_head

pytestmark = pytest.mark.sqlite_only  # about the project file itself


class InjectedFailure(Exception):
    """Raised from inside a migration by the tests."""


@pytest.fixture(scope="module")
def first_schema_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("old") / "pristine.factcheck"
    build_first_schema_project(path, documents=4, annotations=400)
    return path


def _copy(source: Path, folder: Path, name: str = "m.factcheck") -> Path:
    target = folder / name
    shutil.copyfile(source, target)
    return target


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _upgrade_statements(path: Path) -> list[str]:
    """Every SQL statement the upgrade of ``path`` runs on its engine, in order (on a copy)."""
    statements: list[str] = []
    engine = make_engine(sqlite_url(path))
    event.listen(engine, "before_cursor_execute", lambda _c, _cu, sql, *_a: statements.append(sql))
    try:
        upgrade_to_head(engine, backup_dir=path.parent)
    finally:
        engine.dispose()
    return statements


def _is_stamp(statement: str) -> bool:
    """Alembic records each migration with an INSERT or UPDATE of alembic_version right after it."""
    words = statement.split()
    return len(words) > 2 and words[0] in ("INSERT", "UPDATE") and "alembic_version" in words[1:3]


def _points_in_each_migration(
    statements: list[str], kinds: tuple[str, ...] = ("first", "middle", "last", "stamp")
) -> list[tuple[int, str]]:
    """(1-based statement number, description) of the first, middle and last statement of each migration
    and of its version stamp, as far as ``kinds`` asks."""
    stamps = [i for i, sql in enumerate(statements) if _is_stamp(sql)]
    assert stamps, "no migration ran"
    points: list[tuple[int, str]] = []
    begin = 0
    for number, stamp in enumerate(stamps, 1):
        body = list(range(begin, stamp))
        begin = stamp + 1
        where = {"stamp": stamp}
        if body:
            where |= {"first": body[0], "middle": body[len(body) // 2], "last": body[-1]}
        for kind in kinds:
            if kind in where:
                i = where[kind]
                points.append((i + 1, f"migration {number}, {kind} statement: {statements[i][:70]!r}"))
    return points


def test_every_migration_runs_between_the_stamps(first_schema_file: Path, tmp_path: Path) -> None:
    # The failure and kill tests below find each migration by its stamp: make sure they can.
    statements = _upgrade_statements(_copy(first_schema_file, tmp_path))
    stamps = [sql for sql in statements if _is_stamp(sql)]
    assert len(stamps) >= 3  # 0002, 0003, 0004 and any later migration


def test_a_failure_anywhere_in_any_migration_changes_nothing(first_schema_file: Path, tmp_path: Path) -> None:
    statements = _upgrade_statements(_copy(first_schema_file, tmp_path / "..", "recorded.factcheck"))
    before = _dump(first_schema_file)
    digest = data_digest(first_schema_file)
    for number, where in _points_in_each_migration(statements):
        path = _copy(first_schema_file, tmp_path)
        engine = make_engine(sqlite_url(path))
        count = 0

        def fail_at(_conn, _cursor, _sql, *_args, number=number, where=where) -> None:
            nonlocal count
            count += 1
            if count == number:
                raise InjectedFailure(where)

        event.listen(engine, "before_cursor_execute", fail_at)
        try:
            with pytest.raises((InjectedFailure, ProjectError)):
                upgrade_to_head(engine)
        finally:
            engine.dispose()
        assert _dump(path) == before, f"the failed upgrade changed the file ({where})"
        project = Project.open(path)  # and it upgrades cleanly afterwards
        project.close()
        assert stamped_revision(path) == head_revision(), where
        assert data_digest(path) == digest, where
        for leftover in tmp_path.iterdir():
            leftover.unlink()


def test_a_failure_while_creating_a_new_project_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "new.factcheck"

    def fail_in_the_first_migration(conn, cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith("CREATE TABLE ANNOTATIONS"):
            raise InjectedFailure("disk unplugged")

    event.listen(Engine, "before_cursor_execute", fail_in_the_first_migration)
    try:
        with pytest.raises((InjectedFailure, ProjectError)):
            Project.open(path)
    finally:
        event.remove(Engine, "before_cursor_execute", fail_in_the_first_migration)
    assert list(tmp_path.iterdir()) == []
    Project.open(path).close()  # a path that still does not exist: created now
    assert stamped_revision(path) == head_revision()


def test_killed_in_any_migration_the_file_reopens_with_all_its_data(
    first_schema_file: Path, tmp_path: Path
) -> None:
    recorded = _copy(first_schema_file, tmp_path, "recorded.factcheck")
    statements = json.loads(run_worker("open", recorded, "--record").splitlines()[-1])
    digest = data_digest(first_schema_file)
    # The middle statement of each migration, and the first version stamp (written, not committed). The
    # first, middle and last statement and the stamp of every migration are failed in-process above.
    chosen = (
        _points_in_each_migration(statements, ("middle",))
        + _points_in_each_migration(statements, ("stamp",))[:1]
    )
    assert len(chosen) >= 4
    for number, where in chosen:
        path = _copy(first_schema_file, tmp_path)
        child = start_worker("open", path, "--kill-at", number)
        out, err = child.communicate(timeout=60)
        assert child.returncode == -signal.SIGKILL, f"not killed at {where}: {out} {err}"
        project = Project.open(path)
        project.close()
        assert data_digest(path) == digest, where
        assert stamped_revision(path) == head_revision()


def _half_upgraded(path: Path) -> None:
    """What an interrupted upgrade by factcheck 0.1 left: 0002's first table made, the stamp still 0001."""
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE document_versions (id VARCHAR(36) NOT NULL, document_id VARCHAR(36) NOT NULL, "
        "number INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (id))"
    )
    conn.commit()
    conn.close()


def test_a_half_upgraded_file_is_restored_from_its_backup(first_schema_file: Path, tmp_path: Path) -> None:
    path = _copy(first_schema_file, tmp_path)
    digest = data_digest(path)
    # The backup factcheck 0.1 made before it started, under its name (with a time stamp).
    backup = _copy(path, tmp_path, f"m.before-upgrade-{FIRST_REVISION}-20261120T101010Z.factcheck")
    _half_upgraded(path)
    assert stamped_revision(path) == FIRST_REVISION

    project = Project.open(path)
    try:
        notice = project.notice
    finally:
        project.close()
    assert "half-upgraded" in notice and backup.name in notice, notice
    assert "\n" not in notice
    assert stamped_revision(path) == head_revision()
    assert data_digest(path) == digest


def test_a_half_upgraded_file_without_a_backup_is_refused_untouched(
    first_schema_file: Path, tmp_path: Path
) -> None:
    path = _copy(first_schema_file, tmp_path)
    _half_upgraded(path)
    before = path.read_bytes()
    listing = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(ProjectError, match=r"interrupted upgrade.*no backup"):
        Project.open(path)
    assert path.read_bytes() == before
    # Only SQLite's (empty) logs may appear beside it: a writable connection found the half upgrade, and
    # connections never delete the logs on close (store/sqlite_files.py).
    appeared = {p.name for p in tmp_path.iterdir()} - set(listing)
    assert appeared <= {"m.factcheck-wal", "m.factcheck-shm"}, appeared
    assert all((tmp_path / name).stat().st_size == 0 for name in appeared if name.endswith("-wal"))


def test_one_backup_per_version_and_the_message_says_where(first_schema_file: Path, tmp_path: Path) -> None:
    path = _copy(first_schema_file, tmp_path)
    messages = []
    for _attempt in range(3):
        engine = make_engine(sqlite_url(path))
        stamps = 0

        def fail_late(_conn, _cursor, statement, *_args) -> None:
            nonlocal stamps
            stamps += _is_stamp(statement)
            if stamps == 2:  # after the second migration
                raise InjectedFailure("the disk was unplugged")

        event.listen(engine, "before_cursor_execute", fail_late)
        try:
            with pytest.raises(ProjectError) as caught:
                upgrade_to_head(engine)
            messages.append(str(caught.value))
        finally:
            engine.dispose()
    backups = [p for p in tmp_path.iterdir() if "before-upgrade" in p.name]
    assert [p.name for p in backups] == [f"m.before-upgrade-{FIRST_REVISION}.factcheck"]
    assert all(str(backups[0]) in message and "left as it was" in message for message in messages), messages
    assert data_digest(backups[0]) == data_digest(first_schema_file)
    project = Project.open(path)
    try:
        assert project.backup_made == backups[0]
    finally:
        project.close()
