"""The timeline docked in the window: a click on a mark selects the annotation everywhere; Enter opens it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.helpers import select_text


def test_timeline_follows_edits_and_selects_in_the_window(qtbot, sample_window):
    window = sample_window
    select_text(qtbot, window, "unsafe")
    qtbot.keyClick(window.article, Qt.Key.Key_C)
    claim = window.inspector.row.id
    select_text(qtbot, window, "chaotic")
    qtbot.keyClick(window.article, Qt.Key.Key_X)
    counter = window.inspector.row.id
    window.activateWindow()
    qtbot.keyClick(
        window.article, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.timeline_dock.isVisible()
    view = window.timeline.view
    qtbot.waitUntil(lambda: not view.mark_rect(claim).isEmpty(), timeout=3000)
    # A click on the claim's mark selects it in the list and the inspector.
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.mark_rect(claim).center().toPoint())
    assert window.reading.selected_annotation().id == claim
    assert window.inspector.row.id == claim
    # Selecting in the list selects the mark.
    window.workspace.set_current_annotation(counter)
    assert view.selected_id() == counter
