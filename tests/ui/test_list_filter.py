"""The document's annotation list takes the search's filters; the panels open from their shortcuts."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.helpers import select_text


def _tag(qtbot, window, quote, key):
    select_text(qtbot, window, quote)
    qtbot.keyClick(window.article, key)


def test_filtering_the_list_by_label_keeps_highlights_and_new_tags_follow_the_filter(qtbot, sample_window):
    window = sample_window
    _tag(qtbot, window, "unsafe", Qt.Key.Key_C)
    _tag(qtbot, window, "chaotic", Qt.Key.Key_X)
    window.annotation_list.filter_toggle.click()
    assert window.annotation_list.filter_bar.isVisible()
    counter = window.workspace.project.labels.by_name("counterclaim")
    bar = window.annotation_list.filter_bar
    bar.label_combo.setCurrentIndex(bar.label_combo.findData(counter.id))
    qtbot.waitUntil(lambda: window.annotation_list.model.rowCount() == 1)
    assert window.annotation_list.model.row_at(0).quote == "chaotic"
    assert window.annotation_list.filter_toggle.text() == "Filter (1 of 2)"
    assert len(list(window.article._index)) == 2  # the article still shows every highlight
    _tag(qtbot, window, "professional", Qt.Key.Key_C)  # a claim: saved, but hidden by the filter
    assert window.annotation_list.model.rowCount() == 1
    assert len(window.workspace.annotations) == 3
    bar.clear()
    qtbot.waitUntil(lambda: window.annotation_list.model.rowCount() == 3)


def test_search_labels_and_matters_open_from_their_keys(qtbot, sample_window):
    window = sample_window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(
        window.article, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: window._search_dialog is not None and window._search_dialog.isVisible())
    window._search_dialog.hide()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(
        window.article, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: window._labels_dialog is not None and window._labels_dialog.isVisible())
    window._labels_dialog.hide()
    window.show_matters()
    assert window.matters_dock.isVisible()
