"""The core loop in the real window: select a passage, press the key, find the row in the SQLite file."""

from __future__ import annotations

from PySide6.QtCore import Qt

from factcheck.services.project import Project
from tests.ui.helpers import rows, select_text


def _annotations(window):
    return rows(
        window.workspace.project.path,
        'SELECT a.id, l.name, a.start, a."end", a.quote FROM annotations a JOIN labels l ON l.id = a.label_id',
    )


def test_select_unsafe_and_press_claim_key_saves_the_row(qtbot, sample_window):
    window = sample_window
    start, end = select_text(qtbot, window, "unsafe")
    assert window.article.textCursor().selectedText() == "unsafe"
    qtbot.keyClick(window.article, Qt.Key.Key_C)
    saved = _annotations(window)
    assert len(saved) == 1
    annotation_id, label, s, e, quote = saved[0]
    text = window.workspace.project.documents.text(window.workspace.document_id)
    assert (label, quote) == ("claim", "unsafe")
    assert text[s:e] == "unsafe" and (s, e) == (start, end)
    assert window.annotation_list.model.rowCount() == 1
    assert "Saved" in window.saved_label.text()


def test_undo_removes_and_redo_restores_the_same_id(qtbot, sample_window):
    window = sample_window
    select_text(qtbot, window, "chaotic")
    qtbot.keyClick(window.article, Qt.Key.Key_X)
    (first,) = _annotations(window)
    assert first[1] == "counterclaim"
    assert window.undo_action.text() == "&Undo Tag as counterclaim"
    qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _annotations(window) == []
    assert window.annotation_list.model.rowCount() == 0
    qtbot.keyClick(
        window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert _annotations(window) == [first]


def test_delete_and_undo_brings_back_the_same_annotation(qtbot, sample_window):
    window = sample_window
    select_text(qtbot, window, "high")
    qtbot.keyClick(window.article, Qt.Key.Key_C)
    before = rows(window.workspace.project.path, "SELECT * FROM annotations")
    window.annotation_list.view.setFocus()
    qtbot.keyClick(window.annotation_list.view, Qt.Key.Key_Delete)
    assert rows(window.workspace.project.path, "SELECT * FROM annotations") == []
    qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(window.workspace.project.path, "SELECT * FROM annotations") == before


def test_reopening_paints_the_highlight_over_the_same_text(qtbot, sample_window, make_window):
    window = sample_window
    select_text(qtbot, window, "unsafe")
    qtbot.keyClick(window.article, Qt.Key.Key_C)
    path = window.workspace.project.path
    window.close()
    again = make_window(path)
    (span,) = list(again.article._index)
    assert again.article.toPlainText()[span.start : span.end] == "unsafe"
    rects = again.article._span_rects(span, again.article._visible_spans()[1])
    assert rects, "the highlight is on screen"


def test_overlapping_counterclaim_and_claim_are_both_painted(qtbot, sample_window):
    window = sample_window
    select_text(qtbot, window, "“unsafe” and “chaotic,”")
    qtbot.keyClick(window.article, Qt.Key.Key_C)
    select_text(qtbot, window, "chaotic")
    qtbot.keyClick(window.article, Qt.Key.Key_X)
    labels = sorted(r[1] for r in _annotations(window))
    assert labels == ["claim", "counterclaim"]
    visible, blocks = window.article._visible_spans()
    assert len(visible) == 2
    claim_rect = window.article._span_rects(visible[0], blocks)[0]
    counter_rect = window.article._span_rects(visible[1], blocks)[0]
    assert claim_rect.intersects(counter_rect)


def test_empty_selection_does_nothing_and_says_why(qtbot, sample_window):
    window = sample_window
    qtbot.keyClick(window.article, Qt.Key.Key_C)
    assert _annotations(window) == []
    assert "select a passage" in window.statusBar().currentMessage()


def test_clicking_a_highlight_selects_it_in_the_list(qtbot, sample_window):
    window = sample_window
    select_text(qtbot, window, "professional")
    qtbot.keyClick(window.article, Qt.Key.Key_C)
    window.workspace.set_current_annotation(None)
    annotation = window.workspace.annotations[0]
    cursor = window.article.textCursor()
    cursor.setPosition(window.article.offsets.to_utf16(annotation.start + 3))
    point = window.article.cursorRect(cursor).center()
    qtbot.mouseClick(window.article.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.reading.selected_annotation() == annotation


def test_second_window_sees_edits_of_the_first(qtbot, sample_window, make_window):
    first = sample_window
    second = make_window(first.workspace.project.path)
    select_text(qtbot, first, "unsafe")
    qtbot.keyClick(first.article, Qt.Key.Key_C)
    second.workspace.check_external_changes()
    assert [a.quote for a in second.workspace.annotations] == ["unsafe"]
    select_text(qtbot, second, "chaotic")
    qtbot.keyClick(second.article, Qt.Key.Key_X)
    first.workspace.check_external_changes()
    assert sorted(a.quote for a in first.workspace.annotations) == ["chaotic", "unsafe"]


def test_save_as_continues_in_the_copy(qtbot, sample_window, tmp_path):
    window = sample_window
    select_text(qtbot, window, "unsafe")
    qtbot.keyClick(window.article, Qt.Key.Key_C)
    original = window.workspace.project.path
    assert window.projects.save_project_to(tmp_path / "copy")
    assert window.workspace.project.path.name == "copy.factcheck"
    assert "copy" in window.windowTitle()
    select_text(qtbot, window, "chaotic")
    qtbot.keyClick(window.article, Qt.Key.Key_C)
    assert len(rows(window.workspace.project.path, "SELECT id FROM annotations")) == 2
    assert len(rows(original, "SELECT id FROM annotations")) == 1
    Project.open(original).close()
