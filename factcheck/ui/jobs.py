"""The one background-job helper: run a function off the UI thread, with progress, cancel, error and done
signals (in the spirit of napari's ``thread_worker``). Every long job — imports, downloads, exports, the
project search, the note preview — runs through ``Jobs.start``; closing the window cancels and waits for
all of them.

The function is called as ``fn(report, cancelled)``: ``report(done, total=0, text="")`` emits progress and
``cancelled()`` tells it to stop early. It runs services only — never widgets.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThread, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from factcheck.domain import FactcheckError

type Report = Callable[..., object]
type JobFunction = Callable[[Report, Callable[[], bool]], object]


class Job(QObject):
    """One run of a function on a worker thread. Signals arrive on the UI thread, in this order: any number
    of ``progressed``, then ``succeeded`` or ``failed``, then ``finished`` (always, also after a cancel)."""

    progressed = Signal(int, int, str)  # done, total (0: unknown), what is being done
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, fn: JobFunction, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._cancel = threading.Event()
        self._ended = threading.Event()

    def cancel(self) -> None:
        """Ask the function to stop; it decides when (an import finishes the file it is on)."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_running(self) -> bool:
        return not self._ended.is_set()

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until the function has returned (the window closing); True when it did in time."""
        return self._ended.wait(timeout_ms / 1000)

    def run(self) -> None:
        """On a worker thread: call the function and report (queued to the UI thread)."""

        def report(done: int, total: int = 0, text: str = "") -> None:
            self.progressed.emit(int(done), int(total), str(text))

        try:
            result = self._fn(report, self._cancel.is_set)
        except FactcheckError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - shown to the researcher, never lost in a thread
            traceback.print_exc()
            self.failed.emit(f"Unexpected error: {exc}")
        else:
            self.succeeded.emit(result)
        finally:
            self._ended.set()
            self.finished.emit()


class Jobs(QObject):
    """Starts jobs and keeps them until they end."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: list[Job] = []
        # Its own pool (threads are kept warm between jobs): waiting for it never waits on Qt's others.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max(2, QThread.idealThreadCount()))

    def start(
        self,
        fn: JobFunction,
        *,
        on_success: Callable[[object], object] | None = None,
        on_failure: Callable[[str], object] | None = None,
    ) -> Job:
        job = Job(fn, self)
        self._running.append(job)
        if on_success is not None:
            job.succeeded.connect(on_success)
        if on_failure is not None:
            job.failed.connect(on_failure)
        job.finished.connect(lambda: self._ended(job))
        self._pool.start(job.run)
        return job

    def _ended(self, job: Job) -> None:
        self._running.remove(job)
        job.deleteLater()

    def running(self) -> list[Job]:
        return list(self._running)

    def cancel_all(self) -> None:
        for job in self._running:
            job.cancel()

    def wait_all(self, timeout_ms: int = 30_000) -> bool:
        """Wait for every job's function to return (closing the window, tests)."""
        return self._pool.waitForDone(timeout_ms)


def show_progress(job: Job, parent: QWidget, label: str, *, total: int = 0) -> QProgressDialog:
    """A window-modal progress dialog for ``job`` (after 300 ms); its Cancel cancels the job, and it closes
    when the job finishes. ``total`` 0 shows a busy bar."""
    progress = QProgressDialog(label, "Cancel", 0, total, parent)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    progress.canceled.connect(job.cancel)

    def moved(done: int, _total: int, text: str) -> None:
        progress.setValue(done)
        if text:
            progress.setLabelText(f"{label}\n{text}")

    def close() -> None:
        progress.canceled.disconnect(job.cancel)  # closing a progress dialog "cancels" it
        progress.close()
        progress.deleteLater()

    job.progressed.connect(moved)
    job.finished.connect(close)
    return progress
