"""The one refresh path: a view re-reads what it shows after the workspace signals, but only while it is
shown — a hidden panel is marked stale and catches up the moment it is shown again."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, SignalInstance
from PySide6.QtWidgets import QWidget


class WhenShown(QObject):
    """Calls ``refresh()`` for ``widget``: at once (or ``delay_ms`` after the last of a burst of signals)
    while the widget is visible, else when it is next shown. Starts stale: the first show refreshes."""

    def __init__(self, widget: QWidget, refresh: Callable[[], object], *, delay_ms: int = 0) -> None:
        super().__init__(widget)
        self._widget = widget
        self._refresh = refresh
        self._stale = True
        self._timer: QTimer | None = None
        if delay_ms:
            self._timer = QTimer(self)
            self._timer.setSingleShot(True)
            self._timer.setInterval(delay_ms)
            self._timer.timeout.connect(self.refresh_now)
        widget.installEventFilter(self)

    def follow(self, *signals: SignalInstance) -> WhenShown:
        """Mark stale on each of ``signals`` (a workspace's, usually)."""
        for signal in signals:
            signal.connect(self.stale)
        return self

    @property
    def is_stale(self) -> bool:
        return self._stale

    def stale(self, *_args) -> None:
        self._stale = True
        if not self._widget.isVisible():
            return
        if self._timer is not None:
            self._timer.start()
        else:
            self.refresh_now()

    def refresh_now(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._stale = False
        self._refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Show and self._stale:
            self.refresh_now()
        return False
