"""Other processes: a writer killed mid-burst loses nothing it reported, two writers share a file,
and an open project notices another process's change."""

from __future__ import annotations

import signal
import sqlite3
import threading
from pathlib import Path

import pytest
from helpers.procs import run_worker, start_worker

from factcheck.domain import DocumentRow
from factcheck.services import Project

#: About the project file itself (SQLite); the server counterparts are in tests/team/.
pytestmark = pytest.mark.sqlite_only

REPORTED_BEFORE_KILL = 150


def _annotation_ids(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {row[0] for row in conn.execute("SELECT id FROM annotations")}
    finally:
        conn.close()


def _closed_project_with_sample(project: Project, sample_doc: DocumentRow) -> tuple[Path, str]:
    path = project.path
    project.close()  # the workers are the only writers
    return path, sample_doc.id


def test_a_writer_killed_mid_burst_loses_no_annotation_it_reported(project, sample_doc) -> None:
    path, doc_id = _closed_project_with_sample(project, sample_doc)
    child = start_worker("burst", path, doc_id, 100_000)
    watchdog = threading.Timer(60, child.kill)  # never hang the suite if the child stops printing
    watchdog.start()
    reported: list[str] = []
    try:
        while len(reported) < REPORTED_BEFORE_KILL:
            line = child.stdout.readline()
            if not line:
                break
            reported.append(line.strip())
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        watchdog.cancel()
        child.stdout.close()
        stderr = child.stderr.read()
        child.stderr.close()
    assert len(reported) == REPORTED_BEFORE_KILL, stderr
    assert child.returncode == -signal.SIGKILL, "the burst ended before it was killed: make it longer"

    stored = _annotation_ids(path)  # integrity_check == ok, after SQLite recovered the WAL
    assert set(reported) <= stored
    assert len(stored) >= len(reported)

    reopened = Project.open(path)
    try:
        assert reopened.integrity_ok()
        rows = reopened.annotations.for_document(doc_id)
        assert {r.id for r in rows} == stored
        text = reopened.documents.text(doc_id)
        assert all(r.quote == text[r.start : r.end] for r in rows)
    finally:
        reopened.close()


def test_two_processes_write_to_one_project_at_the_same_time(project, sample_doc) -> None:
    path, doc_id = _closed_project_with_sample(project, sample_doc)
    per_worker = 200
    workers = [start_worker("burst", path, doc_id, per_worker, "--wait", stdin=True) for _ in range(2)]
    try:
        for worker in workers:
            assert worker.stdout.readline().strip() == "ready", worker.stderr.read()
        for worker in workers:  # both open and waiting: start them together
            worker.stdin.write("go\n")
            worker.stdin.flush()
        results = [worker.communicate(timeout=60) for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()

    reported: list[set[str]] = []
    for worker, (out, err) in zip(workers, results, strict=True):
        assert worker.returncode == 0, err
        assert "locked" not in err.lower() and "busy" not in err.lower(), err
        lines = out.split()
        assert lines[-1] == "done"
        reported.append(set(lines[:-1]))
        assert len(reported[-1]) == per_worker
    assert not reported[0] & reported[1]
    assert _annotation_ids(path) == reported[0] | reported[1]

    # The writes really were interleaved, not one burst after the other.
    conn = sqlite3.connect(path)
    try:
        spans = []
        for ids in reported:
            marks = ",".join("?" * len(ids))
            spans.append(
                conn.execute(
                    f"SELECT min(created_at), max(created_at) FROM annotations WHERE id IN ({marks})",
                    tuple(ids),
                ).fetchone()
            )
    finally:
        conn.close()
    (first_start, first_end), (second_start, second_end) = spans
    assert first_start < second_end and second_start < first_end, spans


def test_an_open_project_sees_another_process_change_the_file(project, sample_doc) -> None:
    version = project.data_version()
    assert version == project.data_version()  # stable while nothing changes
    assert project.annotations.for_document(sample_doc.id) == []

    created = run_worker("create-one", project.path, sample_doc.id, 0, 40).strip()

    assert project.data_version() != version
    rows = project.annotations.for_document(sample_doc.id)
    assert [r.id for r in rows] == [created]
    assert project.documents.get(sample_doc.id).claim_count == 1
