"""What the assistant's long calls share with the UI's job helper: progress and cancel callbacks."""

from __future__ import annotations

from collections.abc import Callable

from factcheck.domain import FactcheckError

#: ``progress(done, total)``: how far a long call has come (total 0 when unknown).
Progress = Callable[[int, int], None]
#: ``cancelled()``: True when the user asked to stop; checked between batches of work.
CancelCheck = Callable[[], bool]


class Cancelled(FactcheckError):
    """The user stopped the work; what was finished before is kept, nothing is half-written."""

    def __init__(self) -> None:
        super().__init__("Stopped; the work done so far is kept.")


def check(cancelled: CancelCheck | None) -> None:
    """Raise :class:`Cancelled` if the user asked to stop."""
    if cancelled is not None and cancelled():
        raise Cancelled()
