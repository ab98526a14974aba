"""Export files: progress reports and cancellation; the atomic writer itself is factcheck.files'."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import BinaryIO

from factcheck import files
from factcheck.domain import FactcheckError

#: ``progress(done, total)``: how far an export has come (total 0 when unknown).
Progress = Callable[[int, int], None]
#: ``cancelled()``: True when the user asked to stop; checked between rows.
Cancelled = Callable[[], bool]


class ExportError(FactcheckError):
    """The export file could not be written; the previous file (if any) is untouched."""


class ExportCancelled(FactcheckError):
    """The user cancelled the export; nothing was written and the previous file is untouched."""

    def __init__(self) -> None:
        super().__init__("The export was cancelled; nothing was written.")


class Ticker:
    """Counts exported items, reports progress and raises ExportCancelled when asked to stop.

    ``step()`` is cheap: the callbacks run about every hundredth of ``total`` (at most every
    ``every`` items), so a progress bar moves in 1 % steps and a cancel is seen within 1 % of the work.
    """

    __slots__ = ("_cancelled", "_every", "_next", "_progress", "done", "total")

    def __init__(
        self,
        total: int,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        *,
        every: int = 1000,
    ) -> None:
        self.total = total
        self.done = 0
        self._progress = progress
        self._cancelled = cancelled
        self._every = max(1, min(every, total // 100))
        self._next = 0

    def check(self) -> None:
        """Raise ExportCancelled if the user asked to stop."""
        if self._cancelled is not None and self._cancelled():
            raise ExportCancelled()

    def step(self, count: int = 1) -> None:
        self.done += count
        if self.done >= self._next:
            self._next = self.done + self._every
            self.check()
            if self._progress is not None:
                self._progress(self.done, self.total)

    def finish(self) -> None:
        self.check()
        if self._progress is not None:
            self._progress(self.done, max(self.total, self.done))


def atomic_output(target: Path | str) -> AbstractContextManager[BinaryIO]:
    """``factcheck.files.atomic_output`` (temporary file, fsync, rename; stale temporaries removed) with
    failures reported as ExportError: ``target`` changes only when the block ends without an exception."""
    return files.atomic_output(target, error=ExportError)
