"""Atomic export files (temporary file, fsync, rename) with progress reports and cancellation."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import BinaryIO

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


@cache
def _default_mode() -> int:
    # The only way to read the umask is to set it; done once, on the first export.
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_output(target: Path | str) -> Iterator[BinaryIO]:
    """A binary file that becomes ``target`` only when the block ends without an exception.

    The bytes go to a temporary file in the target's folder, which is flushed, fsynced and renamed over
    ``target`` (os.replace) at the end; any exception — ExportCancelled included — removes the temporary
    file and leaves a previous ``target`` exactly as it was. OSErrors become ExportError.
    """
    target = Path(target).expanduser()
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(f"The folder {folder} does not exist.")
    if target.is_dir():
        raise ExportError(f"{target} is a folder; choose a file name.")
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=folder)
    except OSError as exc:
        raise ExportError(f"Cannot write in {folder}: {exc.strerror or exc}.") from exc
    temp = Path(temp_name)
    try:
        try:
            mode = target.stat().st_mode & 0o777 if target.exists() else _default_mode()
            os.fchmod(fd, mode)
        except (OSError, AttributeError):
            pass  # permissions are a nicety (and fchmod is POSIX only)
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
        _sync_folder(folder)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise ExportError(f"Could not write {target.name}: {exc.strerror or exc}.") from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); a folder cannot be opened for syncing everywhere."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
