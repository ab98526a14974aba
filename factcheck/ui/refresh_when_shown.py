"""A panel that re-reads the project after an edit only while it is shown, and catches up when shown again."""

from __future__ import annotations


class RefreshWhenShown:
    """Mix into a QWidget that defines ``refresh()`` (which clears ``_dirty``); connect edits to ``_changed``."""

    _dirty = True

    def _changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._dirty:
            self.refresh()
        super().showEvent(event)
