"""Reading: find (Ctrl+F, F3, Shift+F3), zoom, keyboard selection, shortcuts visible in menus and tooltips."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QTextCursor

from tests.ui.helpers import rows


def test_find_selects_matches_and_f3_moves_between_them(qtbot, sample_window):
    window = sample_window
    window.activateWindow()
    qtbot.keyClick(window.article, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.reading.find_bar.isVisible()
    qtbot.keyClicks(window.reading.find_bar.field, "unsafe")
    first = window.article.textCursor().selectionStart()
    assert window.article.textCursor().selectedText() == "unsafe"
    qtbot.keyClick(window.reading.find_bar.field, Qt.Key.Key_F3)
    second = window.article.textCursor().selectionStart()
    assert second > first and window.article.textCursor().selectedText() == "unsafe"
    qtbot.keyClick(window.reading.find_bar.field, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert window.article.textCursor().selectionStart() == first
    qtbot.keyClicks(window.reading.find_bar.field, "zzz")
    assert window.reading.find_bar.status.text() == "Not found"


def test_found_text_can_be_tagged_straight_away(qtbot, sample_window):
    window = sample_window
    window.activateWindow()
    qtbot.keyClick(window.article, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.reading.find_bar.field, "morale")
    qtbot.keyClick(window.reading.find_bar.field, Qt.Key.Key_Escape)
    qtbot.keyClick(window.article, Qt.Key.Key_C)
    assert [r[0] for r in rows(window.workspace.project.path, "SELECT quote FROM annotations")] == ["morale"]


def test_keyboard_selection_with_shift_arrows_then_tag(qtbot, sample_window):
    window = sample_window
    window.activateWindow()
    text = window.article.toPlainText()
    cursor = window.article.textCursor()
    cursor.setPosition(text.index("Actor"))
    window.article.setTextCursor(cursor)
    window.article.setFocus()
    for _ in range(len("Actor Alec")):
        qtbot.keyClick(window.article, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.article, Qt.Key.Key_X)
    assert rows(window.workspace.project.path, "SELECT quote FROM annotations") == [("Actor Alec",)]


def test_whitespace_around_a_selection_is_trimmed(qtbot, sample_window):
    window = sample_window
    text = window.article.toPlainText()
    start = text.index("Actor") - 2  # the blank line before the paragraph
    window.article.select_span(start, start + 2 + len("Actor Alec Baldwin "))
    qtbot.keyClick(window.article, Qt.Key.Key_C)
    assert rows(window.workspace.project.path, "SELECT quote FROM annotations") == [("Actor Alec Baldwin",)]


def test_zoom_changes_the_text_size(qtbot, sample_window):
    window = sample_window
    window.activateWindow()
    before = window.article.font().pointSizeF()
    qtbot.keyClick(window.article, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.article.font().pointSizeF() > before
    qtbot.keyClick(window.article, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.article.font().pointSizeF() == before


def test_every_action_shows_its_shortcut(sample_window):
    window = sample_window
    tag_claim = next(a for a in window.tag_actions.values() if a.text() == "Tag as claim")
    assert tag_claim.shortcut() == QKeySequence("C")
    assert "(C)" in tag_claim.toolTip()
    counter = next(a for a in window.tag_actions.values() if a.text() == "Tag as counterclaim")
    assert counter.shortcut() == QKeySequence("X") and "(X)" in counter.toolTip()
    menu_actions = [
        a for menu in window.menuBar().findChildren(type(window.annotate_menu)) for a in menu.actions()
    ]
    for action in menu_actions:
        if (
            action.menu()
            or action.isSeparator()
            or action.text() in ("Annotator &Name…",)
            or not action.text()
        ):
            continue
        if action.text().startswith("&") and action.text()[1:2].isdigit():
            continue  # recent projects
        if action.text() in ("No recent projects", "Clear Menu"):
            continue
        assert not action.shortcut().isEmpty(), action.text()


def test_context_menu_offers_the_same_tag_actions(qtbot, sample_window):
    window = sample_window
    assert set(window.tag_actions.values()) <= set(window.toolbar.actions())
    assert set(window.tag_actions.values()) <= set(window.annotate_menu.actions())


def test_selecting_in_the_list_scrolls_the_article_to_it(qtbot, sample_window):
    window = sample_window
    project = window.workspace.project
    label = project.labels.by_name("counterclaim")
    row = project.annotations.create_from_quote(
        window.workspace.document_id, "The work was hard, but meaningful", label.id
    )
    window.workspace.reload()
    window.article.moveCursor(QTextCursor.MoveOperation.Start)
    window.article.verticalScrollBar().setValue(0)
    window.annotation_list.view.selectRow(window.annotation_list.model.row_of(row.id))
    cursor = window.article.textCursor()
    assert window.article.offsets.to_code_point(cursor.position()) == row.start
    assert window.article.viewport().rect().contains(window.article.cursorRect(cursor).center())
