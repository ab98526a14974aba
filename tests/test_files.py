"""factcheck.files: atomic writes leave the previous file on failure, and killed writers' leftovers go."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factcheck.files import WriteError, atomic_output, atomic_path, write_text_atomically
from factcheck.services import Project

pytestmark = pytest.mark.sqlite_only  # about the project file itself


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_an_export_killed_midway_leaves_a_partial_file_that_the_next_export_removes(
    project: Project, sample_doc, tmp_path: Path
) -> None:
    target = tmp_path / "all.csv"
    # A real export process, killed while it writes (it stops itself after the first row is written).
    script = (
        "import os, signal, sys\n"
        "from factcheck.services import Project\n"
        "import factcheck.files as files\n"
        "real = files.os.fsync\n"
        "def die(fd):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "files.os.fsync = die\n"
        f"project = Project.open({str(project.path)!r})\n"
        f"project.interchange.export('csv', {str(target)!r})\n"
    )
    project.annotations.create(sample_doc.id, 0, 20, project.labels.by_name("claim").id)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    child = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr
    left = [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
    assert len(left) == 1 and left[0].stat().st_size > 0
    # Left by an older factcheck (no host or process in the name), two hours ago.
    legacy = tmp_path / ".all.csv.k2j4h1x.partial"
    legacy.write_bytes(b"half")
    two_hours_ago = time.time() - 7200
    os.utime(legacy, (two_hours_ago, two_hours_ago))
    # Another export still running in this process: kept.
    running = tmp_path / f".all.csv.{socket.gethostname()}-{os.getpid()}-abc.partial"
    running.write_bytes(b"in progress")

    project.interchange.export("csv", target)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")) == [running.name]
    assert target.read_text(encoding="utf-8-sig").count("\n") >= 2


def test_a_failed_write_keeps_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_output(target) as out:
        out.write(b"half of a new report")
        raise RuntimeError("the renderer failed")
    with pytest.raises(RuntimeError), atomic_path(target) as temp:
        temp.write_text("half", encoding="utf-8")
        raise RuntimeError("the picture failed")
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    write_text_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "new"


def test_a_missing_folder_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="does not exist"):
        write_text_atomically(tmp_path / "nowhere" / "x.md", "text")


def test_a_dead_writers_partial_is_recognised(tmp_path: Path) -> None:
    from factcheck.files import remove_stale_temporaries

    target = tmp_path / "x.csv"
    stale = tmp_path / f".x.csv.{socket.gethostname()}-{_dead_pid()}-q1.partial"
    stale.write_bytes(b"x")
    assert remove_stale_temporaries(target) == [stale]
