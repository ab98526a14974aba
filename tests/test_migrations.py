"""The schema comes from the Alembic migrations, matches the models, and upgrades never lose a file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from factcheck.domain import BUILTIN_CLAIM, BUILTIN_COUNTERCLAIM, ProjectError
from factcheck.services import Project
from factcheck.store.engine import make_engine, sqlite_url
from factcheck.store.migrate import alembic_config, current_revision, head_revision, upgrade_to_head
from factcheck.store.models import Base

#: About the project file itself (SQLite); the server counterparts are in tests/team/.
pytestmark = pytest.mark.sqlite_only


def _scalar(path: Path, sql: str):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def _snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def test_new_project_is_created_by_the_migrations(project_path: Path) -> None:
    project = Project.open(project_path)
    try:
        assert project.backup_made is None
        assert current_revision(project.engine) == head_revision()
        labels = project.labels.list()
    finally:
        project.close()
    assert _scalar(project_path, "SELECT version_num FROM alembic_version") == head_revision()
    assert [(label.name, label.builtin, label.position) for label in labels] == [
        (BUILTIN_CLAIM, True, 0),
        (BUILTIN_COUNTERCLAIM, True, 1),
    ]
    # Nothing but the project itself is left in the folder (no backup of a file that did not exist).
    # (The WAL's -wal and -shm stay: closing never deletes them, see store/sqlite_files.py.)
    assert [p.name for p in project_path.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))] == [
        project_path.name
    ]


def test_builtin_labels_have_the_same_ids_in_every_project(tmp_path: Path) -> None:
    ids = []
    for name in ("a.factcheck", "b.factcheck"):
        project = Project.open(tmp_path / name)
        ids.append({label.name: label.id for label in project.labels.list()})
        project.close()
    assert ids[0] == ids[1]


def test_migrated_schema_matches_the_models(project: Project) -> None:
    with project.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_migrations_downgrade_to_base_and_upgrade_again(project_path: Path) -> None:
    Project.open(project_path).close()
    engine = make_engine(sqlite_url(project_path))
    try:
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "base")
        with engine.connect() as conn:
            tables = {
                row[0] for row in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
            }
        assert tables <= {"alembic_version"}
        assert current_revision(engine) is None
        assert upgrade_to_head(engine) is None  # a file with no schema has nothing worth backing up
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
    project = Project.open(project_path)
    try:
        assert {label.name for label in project.labels.list()} == {BUILTIN_CLAIM, BUILTIN_COUNTERCLAIM}
    finally:
        project.close()


def test_opening_a_current_project_makes_no_backup(project_path: Path, sample_text: str) -> None:
    from factcheck.domain import ImportedDocument

    project = Project.open(project_path)
    project.documents.add(ImportedDocument(text=sample_text, source_format="txt"))
    project.close()
    before = _snapshot(project_path)

    project = Project.open(project_path)
    try:
        assert project.backup_made is None
        assert upgrade_to_head(project.engine) is None
        assert len(project.documents.list()) == 1
    finally:
        project.close()
    assert _snapshot(project_path) == before
    # (The WAL's -wal and -shm stay: closing never deletes them, see store/sqlite_files.py.)
    assert [p.name for p in project_path.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))] == [
        project_path.name
    ]


def test_an_older_project_is_backed_up_before_it_is_upgraded(project_path: Path) -> None:
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_revision(head_revision())
    if head.down_revision is None:
        pytest.skip("There is only one migration, so no project file can be at an older revision yet.")
    previous = head.down_revision
    assert isinstance(previous, str), "a merge revision needs this test extended"
    # A real file at the previous revision, made by running the migrations up to it.
    engine = make_engine(sqlite_url(project_path))
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, previous)
    engine.dispose()
    dump_before = list(sqlite3.connect(project_path).iterdump())

    project = Project.open(project_path)
    try:
        backup = project.backup_made
        assert current_revision(project.engine) == head_revision()
    finally:
        project.close()
    assert backup is not None and backup.exists()
    assert _scalar(backup, "SELECT version_num FROM alembic_version") == previous
    assert _scalar(backup, "PRAGMA integrity_check") == "ok"
    assert list(sqlite3.connect(backup).iterdump()) == dump_before


def _newer_project_made_by_factcheck(path: Path) -> None:
    Project.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()


def _newer_project_in_rollback_journal_mode(path: Path) -> None:
    # A newer factcheck may change much, but keeps its documents, labels and annotations.
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    conn.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
    for table in ("documents", "labels", "annotations"):
        conn.execute(f"CREATE TABLE {table} (id TEXT PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()


def _other_program_that_uses_alembic(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    conn.execute("INSERT INTO alembic_version VALUES ('ae1027a6acf')")
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    conn.commit()
    conn.close()


def test_another_programs_alembic_database_is_not_called_a_newer_project(project_path: Path) -> None:
    # Issue 12.9: it was refused as "saved by a newer version of factcheck".
    _other_program_that_uses_alembic(project_path)
    before = _snapshot(project_path)
    with pytest.raises(ProjectError, match="another program") as refused:
        Project.open(project_path)
    assert "newer" not in str(refused.value)
    assert _snapshot(project_path) == before
    assert [p.name for p in project_path.parent.iterdir()] == [project_path.name]


def test_an_empty_version_table_is_recognised_from_the_tables(project_path: Path) -> None:
    # Issue 12.9: an emptied alembic_version gave "table documents already exists". The tables are those
    # of a known version, so the file is stamped with it (inside the upgrade) and opens.
    Project.open(project_path).close()
    conn = sqlite3.connect(project_path)
    conn.execute(
        "INSERT INTO documents (id, title, outlet, author, url, imported_at, text, text_sha256, "
        "source_format, source_name) VALUES ('d', 't', '', '', '', '2024-01-01 00:00:00', 'x', 'h', "
        "'txt', '')"
    )
    conn.execute("DELETE FROM alembic_version")
    conn.commit()
    conn.close()
    project = Project.open(project_path)
    try:
        assert [d.id for d in project.documents.list()] == ["d"]
        assert current_revision(project.engine) == head_revision()
    finally:
        project.close()


def test_an_empty_version_table_and_unknown_tables_are_refused_clearly(project_path: Path) -> None:
    Project.open(project_path).close()
    conn = sqlite3.connect(project_path)
    conn.execute("DELETE FROM alembic_version")
    conn.execute("DROP TABLE matter_members")
    conn.commit()
    conn.close()
    before = _snapshot(project_path)
    with pytest.raises(ProjectError, match="no record of its schema version") as refused:
        Project.open(project_path)
    assert "already exists" not in str(refused.value)
    assert _snapshot(project_path) == before


@pytest.mark.parametrize("make", [_newer_project_made_by_factcheck, _newer_project_in_rollback_journal_mode])
def test_a_project_from_a_newer_version_is_refused_and_left_untouched(project_path: Path, make) -> None:
    make(project_path)
    before = _snapshot(project_path)
    with pytest.raises(ProjectError, match="newer version"):
        Project.open(project_path)
    assert _snapshot(project_path) == before
    assert not [p for p in project_path.parent.iterdir() if "before-upgrade" in p.name]


def test_upgrade_to_head_itself_refuses_an_unknown_revision(project_path: Path) -> None:
    _newer_project_made_by_factcheck(project_path)
    before = _snapshot(project_path)
    engine = make_engine(sqlite_url(project_path))
    try:
        with pytest.raises(ProjectError, match="newer version"):
            upgrade_to_head(engine)
        assert current_revision(engine) == "9999_from_the_future"
    finally:
        engine.dispose()
    assert _snapshot(project_path) == before
