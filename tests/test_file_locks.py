"""Issue 16's corruption: a process that lost its SQLite locks (a file dialog showed the project's folder)
while the CLI committed and closed. SQLite's locks are POSIX locks, which a process loses on *all* its
descriptors of a file when it closes *any* one; here a plain open()/close() of the file stands in for Qt's
file dialog (tests/ui/test_file_dialog_locks.py shows the real dialog doing it)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.domain import ImportedDocument
from factcheck.services import Project

ROOT = Path(__file__).resolve().parents[1]
WORDS = " ".join(f"word{i}" for i in range(3000))

pytestmark = [
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/locks is Linux's"),
]


def cli(db: Path, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args, "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr


def sniff(path: Path) -> None:
    """What a file dialog does to every file of the folder it shows: open, read a little, close."""
    for name in (path, Path(f"{path}-shm")):
        if name.exists():
            with open(name, "rb") as handle:
                handle.read(64)


def check(path: Path) -> tuple[list[str], int]:
    """integrity_check and the number of annotations, read by a fresh process (the sqlite3 shell's way)."""
    script = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "print('|'.join(r[0] for r in c.execute('PRAGMA integrity_check'))); "
        "print(c.execute('SELECT count(*) FROM annotations').fetchone()[0])"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    problems, count = out.stdout.splitlines()
    return problems.split("|"), int(count)


@pytest.fixture
def window(project_path: Path):
    project = Project.open(project_path)
    doc = project.documents.add(ImportedDocument(text=WORDS, source_format="txt"))
    claim = project.labels.by_name("claim").id
    rows = [project.annotations.create(doc.id, i * 12, i * 12 + 8, claim) for i in range(150)]
    project.checkpoint()
    project.data_version()
    yield project, doc, rows
    project.close()


def test_a_second_project_object_on_the_file_keeps_the_first_ones_locks(window, project_path) -> None:
    project, _, _ = window
    assert project.locks_held() is True
    Project.open(project_path).close()  # as "Open Recent" of the project already open
    assert project.locks_held() is True


def test_a_lost_lock_no_longer_splits_the_log(window, project_path) -> None:
    """The window lost its locks; the CLI edits and annotates, each run closing as if it were the last user;
    the window keeps tagging and editing, and checkpoints. Before the fix the CLI deleted the -wal and -shm
    the window still used: its commits and the CLI's were lost and the indexes no longer matched."""
    project, doc, rows = window
    sniff(project_path)
    assert project.locks_held() is False
    for k in range(6):
        cli(project_path, "edit", rows[k].id, "--verdict", "false", "--note", f"cli {k}")
        cli(project_path, "annotate", doc.id, "--quote", f"word{2000 + k}", "--label", "counterclaim")
        project.annotations.create(doc.id, 20000 + k * 12, 20000 + k * 12 + 8, rows[0].label_id)
        project.annotations.update(rows[k].id, rating_text=f"window {k}")
        assert Path(f"{project_path}-wal").exists()  # never deleted under the window
        if k % 2:
            project.checkpoint()
    project.close()
    problems, count = check(project_path)
    assert problems == ["ok"] and count == 150 + 6 + 6
    reopened = Project.open(project_path)
    try:
        notes = {r.note for r in reopened.annotations.get_many(r.id for r in rows[:6])}
        ratings = {r.rating_text for r in reopened.annotations.get_many(r.id for r in rows[:6])}
    finally:
        reopened.close()
    assert notes == {f"cli {k}" for k in range(6)} and ratings == {f"window {k}" for k in range(6)}


def test_the_poll_notices_lost_locks_and_takes_them_again(window, project_path) -> None:
    project, doc, _ = window
    seen = project.data_version()
    sniff(project_path)
    assert project.locks_held() is False
    assert project.data_version() != seen  # reconnected: the window reloads what it shows, to be sure
    assert project.locks_held() is True
    project.annotations.create(doc.id, 0, 5, project.labels.by_name("claim").id)  # and works on
    assert project.locks_held() is True


def test_save_as_over_a_project_open_in_another_window(tmp_path, window) -> None:
    project, _, _ = window
    other_path = tmp_path / "other.factcheck"
    other = Project.open(other_path)
    try:
        other.documents.add(ImportedDocument(text="Another story entirely.", source_format="txt"))
        other.data_version()
        project.copy_to(other_path)  # that window's file is overwritten, through SQLite, under its locks
        assert [d.text_sha256 for d in other.documents.list()] == [
            d.text_sha256 for d in project.documents.list()
        ]
        assert other.integrity_ok()
    finally:
        other.close()
    problems, count = check(other_path)
    assert problems == ["ok"] and count == 150


def test_save_as_beside_a_stale_log_of_a_moved_project(tmp_path, window) -> None:
    project, _, _ = window
    moved = Project.open(tmp_path / "moved.factcheck")
    moved.documents.add(ImportedDocument(text="Its log is left behind.", source_format="txt"))
    shutil.copy(f"{tmp_path / 'moved.factcheck'}-wal", f"{tmp_path / 'copy.factcheck'}-wal")
    shutil.copy(f"{tmp_path / 'moved.factcheck'}-shm", f"{tmp_path / 'copy.factcheck'}-shm")
    moved.close()
    copy = project.copy_to(tmp_path / "copy.factcheck")
    problems, count = check(copy)
    assert problems == ["ok"] and count == 150


def test_closing_leaves_the_whole_project_in_the_file(window, project_path, tmp_path) -> None:
    """The -wal is kept (closing never deletes it) but emptied: the file alone is a complete project."""
    project, _, _ = window
    project.annotations.update(project.annotations.for_document(window[1].id)[0].id, note="last edit")
    project.close()
    assert Path(f"{project_path}-wal").stat().st_size == 0
    alone = tmp_path / "alone" / "copy.factcheck"
    alone.parent.mkdir()
    shutil.copy(project_path, alone)
    conn = sqlite3.connect(alone)
    try:
        assert conn.execute("SELECT count(*) FROM annotations WHERE note = 'last edit'").fetchone()[0] == 1
    finally:
        conn.close()


def test_an_upgrade_while_another_process_has_the_file_open(project_path) -> None:
    """A window of the previous factcheck keeps writing while a newer one opens the file and upgrades it
    (0006 adds columns, no table is rebuilt): both go on, and the file stays whole."""
    from factcheck.store.engine import make_engine, sqlite_url  # noqa: PLC0415 (this test only)
    from factcheck.store.migrate import migrate  # noqa: PLC0415

    Project.open(project_path).close()
    engine = make_engine(sqlite_url(project_path))
    migrate(engine, "0005_team", down=True)
    engine.dispose()
    old = sqlite3.connect(project_path)  # the older window: plain SQL on the 0005 schema
    old.execute(
        "INSERT INTO documents (id, title, outlet, author, url, imported_at, text, text_sha256, source_format, "
        "source_name, current_version) VALUES ('d', 't', '', '', '', '2021-01-01', 'Some text here.', 'x', "
        "'txt', '', 1)"
    )
    old.commit()
    upgraded = Project.open(project_path)  # upgrades to head while `old` holds the file
    try:
        old.execute("UPDATE documents SET title = 'still writing' WHERE id = 'd'")
        old.commit()
        assert upgraded.documents.get("d").title == "still writing"
        assert upgraded.integrity_ok()
    finally:
        old.close()
        upgraded.close()
    problems, _ = check(project_path)
    assert problems == ["ok"]
