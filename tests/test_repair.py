"""A project file found damaged: indexes rebuilt when only they are wrong (what issue 16's file had), the
latest backup put in place otherwise, and the damaged file always kept."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.domain import DamagedProjectError, ImportedDocument, ProjectError
from factcheck.services import Project, repair

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.sqlite_only  # a damaged file; a server keeps its own storage whole
TEXT = " ".join(f"Sentence {i} says the bridge is safe." for i in range(200))


def _project_with_annotations(path: Path, count: int = 120) -> list[str]:
    project = Project.open(path)
    try:
        doc = project.documents.add(ImportedDocument(text=TEXT, source_format="txt"))
        claim = project.labels.by_name("claim").id
        return [project.annotations.create(doc.id, i * 30, i * 30 + 20, claim).id for i in range(count)]
    finally:
        project.close()


def _break_an_index(path: Path) -> None:
    """Leave ix_annotations_label_id with half its entries (the rows intact): what issue 16's file showed."""
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE half (label_id);
        INSERT INTO half (rowid, label_id) SELECT rowid, label_id FROM annotations;
        CREATE INDEX ix_half ON half (label_id);
        DELETE FROM half WHERE rowid % 2 = 0;
        """
    )
    real = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'ix_annotations_label_id'"
    ).fetchone()[0]
    halved = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ix_half'").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = 'ix_annotations_label_id'", (halved,))
    conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = 'ix_half'", (real,))
    conn.commit()
    conn.close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE half")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _break_a_table(path: Path) -> None:
    """Scribble over the middle of the file: table pages, not only indexes."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle : middle + 8192] = b"\xa5" * 8192
    path.write_bytes(bytes(data))


def test_only_indexes_wrong_is_told_and_rebuilt(project_path: Path) -> None:
    ids = _project_with_annotations(project_path)
    _break_an_index(project_path)
    found = repair.diagnose(project_path)
    assert not found.ok and found.indexes_only
    assert any("ix_annotations_label_id" in p for p in found.problems)
    done = repair.reindex(project_path)
    assert "ix_annotations_label_id" in done.summary and "rebuilt" in done.summary
    assert done.damaged_copy is not None and done.damaged_copy.exists()
    assert repair.diagnose(project_path).ok
    assert not repair.diagnose(done.damaged_copy).ok  # kept exactly as it was
    project = Project.open(project_path)
    try:
        assert sorted(a.id for a in project.annotations.get_many(ids)) == sorted(ids)
    finally:
        project.close()


def test_opening_a_file_whose_indexes_are_wrong_rebuilds_them_and_says_so(project_path: Path) -> None:
    ids = _project_with_annotations(project_path)
    _break_an_index(project_path)
    project = Project.open(project_path)
    try:
        assert project.repaired is not None and "rebuilt" in project.repaired
        assert project.integrity_ok()
        assert len(project.annotations.get_many(ids)) == len(ids)
    finally:
        project.close()


def test_a_damaged_table_is_refused_with_the_backup_offered_and_restored(project_path: Path) -> None:
    _project_with_annotations(project_path, 60)
    project = Project.open(project_path)
    backup = project.copy_to(project_path.with_name(f"{project_path.stem}.backup-1{project_path.suffix}"))
    project.close()
    _project_more = Project.open(project_path)
    _project_more.documents.add(ImportedDocument(text="Added after the backup.", source_format="txt"))
    _project_more.close()
    _break_a_table(project_path)

    with pytest.raises(DamagedProjectError) as refused:
        Project.open(project_path)
    assert refused.value.backups == (backup,)
    assert backup.name in str(refused.value)
    with pytest.raises(DamagedProjectError):
        repair.reindex(project_path)  # not only indexes: REINDEX would not do

    done = repair.restore_backup(project_path)
    assert backup.name in done.summary and done.damaged_copy.exists()
    project = Project.open(project_path)
    try:
        assert project.integrity_ok() and len(project.documents.list()) == 1
    finally:
        project.close()


def test_a_backup_is_not_put_under_another_program_using_the_file(project_path: Path) -> None:
    _project_with_annotations(project_path, 10)
    other = Project.open(project_path)
    other.copy_to(project_path.with_name(f"{project_path.stem}.backup-1{project_path.suffix}"))
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from factcheck.services import Project; p = Project.open(sys.argv[1]); "
            "p.data_version(); print('open', flush=True); time.sleep(60)",
            str(project_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    other.close()
    try:
        assert child.stdout.readline().strip() == "open"
        with pytest.raises(ProjectError, match="open in another window"):
            repair.restore_backup(project_path)
    finally:
        child.kill()
        child.wait()


def test_the_cli_says_what_it_did(project_path: Path) -> None:
    _project_with_annotations(project_path, 40)
    _break_an_index(project_path)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(ROOT / "main.py"), *args, "--db", str(project_path)],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )

    listed = cli("list")
    assert listed.returncode == 0 and "indexes" in listed.stderr and "rebuilt" in listed.stderr
    assert cli("repair").stdout.strip().endswith("is whole; nothing was done.")
