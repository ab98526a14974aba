"""Power loss while a writer runs: every image of the disk a power cut can leave opens intact, holds a
prefix of the commits, and loses nothing committed before the last checkpoint.

Model. Under WAL with synchronous=NORMAL a commit is appended to the -wal file without fsync; the -wal is
fsynced before each checkpoint copies its frames into the database file, which is then fsynced too
(Project.checkpoint, run ~1 s after edits stop). So after a power cut the database file is as of some
checkpoint (complete: it was synced), and the -wal holds the frames up to that checkpoint's end (synced)
plus any prefix of the later, unsynced frames (the OS wrote some, not others; a frame cut in the middle
fails its checksum and ends the log). The test takes consistent (database, -wal, -shm) images while a
writer process commits, then cuts the -wal copy at random byte offsets at or past the synced part (the
frames the -shm says were already checkpointed), and opens each image as a user would.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import struct
import threading
from pathlib import Path

import pytest
from helpers.procs import start_worker

from factcheck.services import Project

pytestmark = pytest.mark.sqlite_only  # about the project file itself

WAL_HEADER = 32
FRAME_HEADER = 24
IMAGES = 12
CUTS_PER_IMAGE = 4


def _snapshot(path: Path, target: Path) -> tuple[bytes, bytes, bytes]:
    """(database, -wal, -shm) as one consistent image: a read transaction held meanwhile stops the writer's
    checkpoints from restarting the -wal under the copy (they may still backfill: harmless, idempotent)."""
    reader = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM sqlite_master").fetchone()
        shm = Path(f"{path}-shm").read_bytes()
        wal = Path(f"{path}-wal").read_bytes()
        db = path.read_bytes()
        reader.execute("COMMIT")
    finally:
        reader.close()
    return db, wal, shm


def _synced_wal_bytes(wal: bytes, shm: bytes) -> int:
    """How much of the -wal was fsynced: the frames the -shm says were backfilled into the database."""
    if len(wal) < WAL_HEADER or len(shm) < 100:
        return len(wal)
    page_size = struct.unpack(">I", wal[8:12])[0]
    backfilled = struct.unpack("<I", shm[96:100])[0]  # WalCkptInfo.nBackfill, after two 48-byte headers
    return min(len(wal), WAL_HEADER + backfilled * (FRAME_HEADER + page_size))


def _open_image(folder: Path, db: bytes, wal: bytes) -> list[str]:
    """Write the image as the files a rebooted machine has, open it as factcheck does, list its annotations."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    path = folder / "p.factcheck"
    path.write_bytes(db)
    Path(f"{path}-wal").write_bytes(wal)  # the -shm is not kept across a reboot of the disk's contents
    project = Project.open(path)
    try:
        assert project.integrity_ok()
        with project.engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT id FROM annotations ORDER BY created_at, rowid").fetchall()
    finally:
        project.close()
    return [row[0] for row in rows]


def test_power_cuts_while_a_writer_commits(project: Project, sample_doc, tmp_path: Path) -> None:
    path = project.path
    project.close()
    child = start_worker("writer", path, sample_doc.id, 100_000, 25)
    watchdog = threading.Timer(120, child.kill)
    watchdog.start()
    reported: list[str] = []
    checkpointed = 0  # how many commits the last completed checkpoint covered
    images = []
    rng = random.Random(10)
    try:
        while len(images) < IMAGES:
            line = child.stdout.readline().strip()
            if not line:
                break
            if line == "checkpoint":
                checkpointed = len(reported)
                continue
            reported.append(line)
            if len(reported) > 60 and rng.random() < 0.05:
                # Commits reported before the copy began, and those a checkpoint made durable.
                images.append((len(reported), checkpointed, _snapshot(path, tmp_path)))
        child.kill()
        child.wait(timeout=30)
    finally:
        watchdog.cancel()
        child.stdout.close()
        child.stderr.close()
    assert len(images) == IMAGES, "the writer stopped early"

    lost_at_most = 0
    for number, (seen, durable, (db, wal, shm)) in enumerate(images):
        synced = _synced_wal_bytes(wal, shm)
        cuts = [len(wal)] + [rng.randint(synced, len(wal)) for _ in range(CUTS_PER_IMAGE)]
        for cut in cuts:
            present = _open_image(tmp_path / f"image{number}", db, wal[:cut])
            # Nothing made up, nothing out of order: the commits present are the first ones reported.
            assert present == reported[: len(present)], f"image {number}, -wal cut at {cut}"
            assert len(present) >= durable, f"image {number}: lost commits made before a checkpoint"
            if cut == len(wal):
                assert len(present) >= seen, f"image {number}: a whole -wal lost a reported commit"
            lost_at_most = max(lost_at_most, seen - len(present))
    # The unsynced tail never holds more than the commits since the last checkpoint (25 here).
    assert lost_at_most <= 25 + 1
