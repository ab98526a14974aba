"""Shared steps for window tests: select words in the article like a user, read the SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog


def select_text(qtbot, window, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """Select the ``occurrence``-th ``needle`` in the article by dragging the mouse across it."""
    window.activateWindow()  # a user clicking into a window makes it the active one
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    article = window.article
    text = article.toPlainText()
    position = -1
    for _ in range(occurrence):
        position = text.index(needle, position + 1)
    start_cursor = QTextCursor(article.document())
    start_cursor.setPosition(position)
    article.setTextCursor(start_cursor)
    article.ensureCursorVisible()
    begin = article.cursorRect(start_cursor).center() + QPoint(1, 0)
    end_cursor = QTextCursor(article.document())
    end_cursor.setPosition(position + len(needle))
    finish = article.cursorRect(end_cursor).center() - QPoint(1, 0)
    viewport = article.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=begin)
    qtbot.mouseMove(viewport, finish)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=finish)
    return position, position + len(needle)


def rows(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """Read the project file with plain sqlite3 (not the app's engine) to see what is really on disk."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def when_dialog(act, kind: type = QDialog) -> None:
    """Run ``act(dialog)`` on the next modal dialog of ``kind`` the app opens (a real ``exec()``, found
    as the active modal widget; progress dialogs are passed over); a failure rejects the dialog, so a
    test never hangs on it."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind) or isinstance(dialog, QProgressDialog) or not dialog.isVisible():
            QTimer.singleShot(20, poll)
            return
        try:
            act(dialog)
        except BaseException:
            dialog.reject()
            raise

    QTimer.singleShot(0, poll)


class Collected(list):
    """Every emission of a signal, as a list of argument tuples (``problems[-1][1]`` is the last message)."""

    def __init__(self, signal) -> None:
        super().__init__()
        signal.connect(lambda *args: self.append(args))


def problems(window) -> Collected:
    """What the window would show in message boxes from now on: (title, message) pairs."""
    shown = Collected(window.workspace.problem)
    window.workspace.failed.connect(lambda message: shown.append(("Change not saved", message)))
    return shown
