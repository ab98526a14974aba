"""Opening files that cannot be written: a full disk, read-only media, permissions and damage are told
apart, and nothing (no -wal, no -shm) is created beside a file that is read-only, damaged, newer or foreign.

The disk tests mount a small tmpfs (real ENOSPC and EROFS from the kernel), so they need root.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.procs import probe

from factcheck.domain import FactcheckError, ImportedDocument, ProjectError
from factcheck.services import Project

pytestmark = pytest.mark.sqlite_only  # about the project file itself

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 4 MB tmpfs mounted for the test."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small disk needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder: Path) -> Path:
    """Write a file until the disk is full; returns it (delete it to free the space)."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        for size in (65536, 4096, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(fd)
    return filler


def _project(path: Path) -> str:
    project = Project.open(path)
    try:
        doc = project.documents.add(
            ImportedDocument(text="The minister said spending rose by 40%.", source_format="txt", title="T")
        )
        project.annotations.create(doc.id, 0, 12, project.labels.by_name("claim").id)
        return doc.id
    finally:
        project.close()


def _as_copied(path: Path) -> None:
    """Remove the empty -wal and -shm a closed project keeps beside it: the file as it arrives on a disc or by
    mail (the file alone holds every edit after close)."""
    for log in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        log.unlink(missing_ok=True)


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FACTCHECK_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, env=env, timeout=120
    )


# --- A full disk ---------------------------------------------------------------------------------------


def test_a_full_disk_is_not_called_damage(small_disk: Path, tmp_path: Path) -> None:
    path = small_disk / "proj.factcheck"
    doc_id = _project(path)
    _as_copied(path)  # opening must then create the -shm, which a full disk refuses
    filler = _fill(small_disk)
    with pytest.raises(ProjectError) as refused:
        Project.open(path)
    message = str(refused.value)
    assert "full" in message and "damaged" not in message, message
    result = _cli("list", "--db", str(path), data_dir=tmp_path)  # what a user typed in the campaign
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "disk holding proj.factcheck is full" in result.stderr and "damaged" not in result.stderr
    filler.unlink()
    project = Project.open(path)  # nothing was lost
    try:
        assert [a.document_id for a in project.annotations.for_document(doc_id)] == [doc_id]
    finally:
        project.close()


def test_edits_exports_and_reports_on_a_disk_that_fills_up(small_disk: Path, tmp_path: Path) -> None:
    path = small_disk / "proj.factcheck"
    doc_id = _project(path)
    report = small_disk / "report.md"
    report.write_text("the previous report\n", encoding="utf-8")
    project = Project.open(path)
    try:
        project.annotations.for_document(doc_id)
        filler = _fill(small_disk)
        claim = project.labels.by_name("claim").id
        with pytest.raises(FactcheckError, match="disk is full"):
            project.annotations.create(doc_id, 13, 30, claim)
        with pytest.raises(FactcheckError, match="disk is full"):
            project.interchange.export("csv", small_disk / "all.csv")
        filler.unlink()
        assert len(project.annotations.for_document(doc_id)) == 1
    finally:
        project.close()
    elsewhere = (
        tmp_path / "elsewhere.factcheck"
    )  # the project on a disk with room, the report on the full one
    project = Project.open(elsewhere)
    try:
        text = " ".join(f"Claim number {i} is about the budget." for i in range(300))
        doc = project.documents.add(ImportedDocument(text=text, source_format="txt", title="Budget"))
        for i in range(300):
            project.annotations.create(doc.id, i * 10, i * 10 + 9, project.labels.by_name("claim").id)
    finally:
        project.close()
    filler = _fill(small_disk)
    result = _cli(
        "timeline", "--format", "md", "-o", str(report), "--db", str(elsewhere), data_dir=tmp_path / "data"
    )
    filler.unlink()
    assert result.returncode == 2 and "disk is full" in result.stderr, result.stderr
    assert report.read_text(encoding="utf-8") == "the previous report\n"  # not half-overwritten
    leftovers = [p.name for p in small_disk.iterdir() if p.name.endswith(".partial")]
    assert leftovers == []

    # "Save Original File": the service writes atomically too.
    original = small_disk / "original.txt"
    original.write_text("an older original\n", encoding="utf-8")
    project = Project.open(elsewhere)
    try:
        big = project.documents.add(
            ImportedDocument(text="A long article. " * 2000, source_format="txt", original=b"x" * 64_000)
        )
        filler = _fill(small_disk)
        with pytest.raises(FactcheckError, match="disk is full"):
            project.versions.save_original(big.id, 1, original)
        filler.unlink()
        assert original.read_text(encoding="utf-8") == "an older original\n"
        project.versions.save_original(big.id, 1, original)
        assert original.read_bytes() == b"x" * 64_000
    finally:
        project.close()


# --- Read-only media and permissions -------------------------------------------------------------------


def test_a_project_on_read_only_media_opens_read_only_and_says_why(small_disk: Path) -> None:
    path = small_disk / "proj.factcheck"
    doc_id = _project(path)
    _as_copied(path)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    project = Project.open(path)
    try:
        assert project.read_only
        assert "read-only disk" in project.notice
        assert len(project.annotations.for_document(doc_id)) == 1
    finally:
        project.close()
    assert sorted(p.name for p in small_disk.iterdir()) == ["proj.factcheck"]


def test_a_file_without_read_permission_is_not_called_damaged(project_path: Path) -> None:
    _project(project_path)
    project_path.chmod(0o000)
    try:
        report = probe(project_path)
    finally:
        project_path.chmod(0o644)
    assert report["open"].startswith("ProjectError: "), report
    assert "permission" in report["open"] and "damaged" not in report["open"]


# --- Nothing is created beside files that must not change ----------------------------------------------


def test_a_read_only_project_gets_no_wal_or_shm_and_can_be_edited_after_chmod(project_path: Path) -> None:
    # chmod 444 made SQLite create -wal and -shm files of mode 0444 beside it; after chmod 644 edits still
    # failed until the -shm was deleted.
    _project(project_path)
    _as_copied(project_path)
    project_path.chmod(0o444)
    report = probe(project_path)
    assert report["open"] == "ok" and report["read_only"] is True
    assert sorted(p.name for p in project_path.parent.iterdir()) == [project_path.name]
    project_path.chmod(0o644)
    project = Project.open(project_path)
    try:
        assert not project.read_only
        doc = project.documents.list()[0]
        project.annotations.create(doc.id, 13, 30, project.labels.by_name("claim").id)
    finally:
        project.close()


def test_a_read_only_copy_of_a_crashed_project_shows_its_last_commits(
    project_path: Path, tmp_path: Path
) -> None:
    # A -wal holding commits (the writer crashed): read-only opens must read it, not ignore it.
    writer = Project.open(project_path)
    doc = writer.documents.add(ImportedDocument(text="Committed before the crash.", source_format="txt"))
    writer.annotations.create(doc.id, 0, 9, writer.labels.by_name("claim").id)
    copy = tmp_path / "copy"
    copy.mkdir()
    for suffix in ("", "-wal"):
        (copy / f"c.factcheck{suffix}").write_bytes(Path(f"{project_path}{suffix}").read_bytes())
    writer.close()
    assert (copy / "c.factcheck-wal").stat().st_size > 0
    (copy / "c.factcheck").chmod(0o444)
    report = probe(copy / "c.factcheck")
    assert report["open"] == "ok" and report["read_only"] is True
    assert report["documents"] == 1, f"the commit in the -wal was not read ({doc.id})"


def _wal_file_of_another_program(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()


def _newer_project(path: Path) -> None:
    Project.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()


def _damaged_project(path: Path) -> None:
    _project(path)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE filler (x TEXT)")
    conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 900,) for _ in range(200)])
    conn.commit()
    conn.close()
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 3 + 200] = b"\xff" * 200  # scribble over a b-tree page
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("make", [_wal_file_of_another_program, _newer_project, _damaged_project])
def test_refused_files_get_no_wal_or_shm(project_path: Path, make) -> None:
    make(project_path)
    before = project_path.read_bytes()
    with pytest.raises(ProjectError):
        Project.open(project_path)
    assert sorted(p.name for p in project_path.parent.iterdir()) == [project_path.name]
    assert project_path.read_bytes() == before


def test_an_empty_sqlite_file_is_not_turned_into_a_project(project_path: Path) -> None:
    conn = sqlite3.connect(project_path)
    conn.execute("CREATE TABLE x (y)")
    conn.execute("DROP TABLE x")
    conn.commit()
    conn.close()
    before = project_path.read_bytes()
    with pytest.raises(ProjectError, match="empty SQLite database"):
        Project.open(project_path)
    assert project_path.read_bytes() == before


def test_a_zero_length_file_is_not_turned_into_a_project(project_path: Path) -> None:
    project_path.write_bytes(b"")
    with pytest.raises(ProjectError, match="empty file"):
        Project.open(project_path)
    assert project_path.read_bytes() == b""
    assert sorted(p.name for p in project_path.parent.iterdir()) == [project_path.name]
