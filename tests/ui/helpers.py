"""Shared steps for window tests: select words in the article like a user, read the SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QTextCursor


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


def when_dialog(window, act) -> None:
    """Run ``act(dialog)`` on the next modal dialog the window opens (exposed as ``window.last_dialog``);
    a failure rejects the dialog, so a test never hangs on it."""

    def poll() -> None:
        dialog = window.last_dialog
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, poll)
            return
        try:
            act(dialog)
        except BaseException:
            dialog.reject()
            raise

    QTimer.singleShot(0, poll)
