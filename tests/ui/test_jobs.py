"""The one background-job helper: progress, done, errors in plain words, cancel, and waiting on close."""

from __future__ import annotations

import threading

from factcheck.domain import BadInputError
from factcheck.ui.jobs import Jobs
from tests.ui.helpers import Collected


def test_progress_then_the_result_then_finished(qtbot, qapp):
    jobs = Jobs(qapp)

    def count(report, cancelled):
        for done in range(3):
            report(done, 3, f"file {done}")
        return "all three"

    job = jobs.start(count)
    progress, results, order = Collected(job.progressed), Collected(job.succeeded), []
    job.succeeded.connect(lambda _result: order.append("succeeded"))
    job.finished.connect(lambda: order.append("finished"))
    qtbot.waitUntil(lambda: order == ["succeeded", "finished"], timeout=5000)
    assert progress == [(0, 3, "file 0"), (1, 3, "file 1"), (2, 3, "file 2")]
    assert results == [("all three",)]
    assert jobs.running() == []


def test_a_problem_and_a_crash_are_reported_not_lost(qtbot, qapp):
    jobs = Jobs(qapp)

    def refuse(_report, _cancelled):
        raise BadInputError("That file is empty.")

    def crash(_report, _cancelled):
        raise ZeroDivisionError("division by zero")

    messages = []
    jobs.start(refuse, on_failure=messages.append)
    jobs.start(crash, on_failure=messages.append)
    qtbot.waitUntil(lambda: len(messages) == 2 and not jobs.running(), timeout=5000)
    assert sorted(messages) == ["That file is empty.", "Unexpected error: division by zero"]


def test_cancel_and_wait_for_every_job(qtbot, qapp):
    jobs = Jobs(qapp)
    started = threading.Event()
    stopped = []

    def loop(_report, cancelled):
        started.set()
        while not cancelled():
            threading.Event().wait(0.01)
        stopped.append(True)
        return "stopped"

    job = jobs.start(loop)
    assert started.wait(5)
    assert job.is_running()
    jobs.cancel_all()
    assert jobs.wait_all(5000)  # what closing the window does
    assert stopped == [True] and job.cancelled
    qtbot.waitUntil(lambda: not jobs.running(), timeout=5000)


def test_closing_the_window_stops_a_running_import_after_its_current_file(qtbot, sample_window):
    window = sample_window
    release = threading.Event()
    seen = []

    def slow(_report, cancelled):
        release.wait(5)
        seen.append(cancelled())
        return None

    window.workspace.jobs.start(slow)
    release.set()
    window.close()  # cancels and waits: the job's thread has ended when close returns
    assert seen == [True] or seen == [False]
    assert window.workspace.jobs.wait_all(0)
    assert window.workspace.project is None
