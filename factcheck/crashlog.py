"""The log file under the data folder: library warnings and the tracebacks of unexpected errors.

The command line (and later the window) calls :func:`setup_logging` once: warnings that libraries log
(pypdf's about odd PDFs, for instance) go to the log file instead of the terminal. An unexpected
exception is written there whole by :func:`record_crash`, and the user sees one line naming the file.
"""

from __future__ import annotations

import logging
import sys
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path

from factcheck.paths import data_dir

LOG_NAME = "factcheck.log"
#: The log is started afresh once it grows past this (one previous log is kept as factcheck.log.1).
MAX_LOG_BYTES = 1024 * 1024
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_path() -> Path:
    """The log file: ``logs/factcheck.log`` in the data folder, or in the temporary folder if that fails."""
    folder = data_dir() / "logs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.gettempdir())
    return folder / LOG_NAME


def setup_logging(level: int = logging.WARNING) -> None:
    """Send log records of ``level`` and above (and Python warnings) to the log file, never the terminal.

    The file is opened only when the first record arrives, so a quiet run creates nothing.
    """
    root = logging.getLogger()
    if any(getattr(handler, "_factcheck", False) for handler in root.handlers):
        return
    handler = _LazyFileHandler()
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._factcheck = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    logging.captureWarnings(True)


def record_crash(exc: BaseException, context: str = "") -> Path | None:
    """Append ``exc``'s traceback to the log; returns the log's path, or None if it could not be written."""
    path = log_path()
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    lines = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    header = f"\n=== {stamp} unexpected error{f' in {context}' if context else ''} (Python {sys.version.split()[0]})\n"
    try:
        _rotate(path)
        with path.open("a", encoding="utf-8") as log:
            log.write(header + lines)
    except OSError:
        return None
    return path


def crash_message(exc: BaseException, log: Path | None) -> str:
    """The one line the user sees for an unexpected error."""
    what = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
    first = what.splitlines()[0] if what else type(exc).__name__
    if len(first) > 200:
        first = first[:199] + "…"
    where = f"the details are in {log}" if log else "the details could not be written to a log file"
    return f"An unexpected error stopped factcheck ({first}); {where}. Please report it."


def _rotate(path: Path) -> None:
    try:
        if path.stat().st_size > MAX_LOG_BYTES:
            path.replace(path.with_name(LOG_NAME + ".1"))
    except OSError:
        pass


class _LazyFileHandler(logging.Handler):
    """A handler that finds and opens the log file only when there is something to write."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = self.format(record)
            path = log_path()
            _rotate(path)
            with path.open("a", encoding="utf-8") as log:
                log.write(message + "\n")
        except Exception:  # logging must never take the program down
            self.handleError(record)
