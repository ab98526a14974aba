"""The window's layout kept per user (QSettings): its size and place, the docks (inspector, matters,
timeline, review: shown or not, where, how big), the toolbar, and the split between the three panes."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QSize
from PySide6.QtWidgets import QMainWindow, QSplitter

GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
SPLITTER_KEY = "window/splitter"
#: Bumped when the docks change, so an older saved layout is not applied to a different set of docks.
STATE_VERSION = 2
#: A first window's size, made smaller to fit a smaller screen.
DEFAULT_SIZE = QSize(1400, 860)


def restore_layout(window: QMainWindow, splitter: QSplitter, settings: QSettings) -> None:
    geometry = settings.value(GEOMETRY_KEY)
    if not geometry or not window.restoreGeometry(geometry):
        screen = window.screen()
        room = screen.availableGeometry().size() if screen is not None else DEFAULT_SIZE
        window.resize(DEFAULT_SIZE.boundedTo(room))
    state = settings.value(STATE_KEY)
    if state:
        window.restoreState(state, STATE_VERSION)
    sizes = settings.value(SPLITTER_KEY)
    if sizes:
        splitter.restoreState(sizes)


def save_layout(window: QMainWindow, splitter: QSplitter, settings: QSettings) -> None:
    settings.setValue(GEOMETRY_KEY, window.saveGeometry())
    settings.setValue(STATE_KEY, window.saveState(STATE_VERSION))
    settings.setValue(SPLITTER_KEY, splitter.saveState())
