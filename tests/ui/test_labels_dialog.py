"""Settings ▸ Labels in the real window: add, recolour, set a key, reorder, rename, delete with move, the
refusals, undo of each — read back from the SQLite file — and a new label's key tagging in the article."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence

from factcheck.ui.dialogs.labels_dialog import LabelsDialog
from tests.ui.helpers import rows, select_text, when_dialog


def _labels(window) -> list[tuple]:
    return rows(
        window.workspace.project.path,
        "SELECT id, name, color, shortcut, builtin, position FROM labels ORDER BY position",
    )


def _by_name(window) -> dict[str, tuple]:
    return {row[1]: row for row in _labels(window)}


def _dialog(qtbot, window) -> LabelsDialog:
    dialog = window.labels_dialog()
    dialog.show_dialog()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)  # its keys (F2, Del, Ctrl+Z…) work when it is active
    return dialog


def _add(qtbot, dialog, name: str, shortcut: str = "", color: str | None = None) -> None:
    def fill(add) -> None:
        add.name.setText(name)
        if color:
            next(b for b in add.swatches.buttons() if b.property("color") == color).click()
        add.key.set_shortcut(shortcut)
        add.buttons.button(add.buttons.StandardButton.Ok).click()

    when_dialog(fill)
    dialog.add_action.trigger()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)  # back from the Add dialog


@pytest.fixture
def window(sample_window):
    return sample_window


def test_the_dialog_lists_labels_with_key_use_and_built_in_mark(qtbot, window):
    select_text(qtbot, window, "unsafe")
    qtbot.keyClick(window.article, Qt.Key.Key_C)
    dialog = _dialog(qtbot, window)
    model = dialog.model
    assert [[model.index(r, c).data() for c in (0, 1, 2, 4)] for r in range(model.rowCount())] == [
        ["claim", "C", "1", "yes"],
        ["counterclaim", "X", "0", "yes"],
    ]
    assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is not None  # the chip


def test_a_new_label_with_a_key_tags_in_the_window_and_undo_removes_it(qtbot, window):
    dialog = _dialog(qtbot, window)
    seen = {}

    def fill(add) -> None:
        seen["default colour"] = add.color
        add.name.setText("evidence")
        add.key.edit.setFocus()
        qtbot.keyClick(add.key.edit, Qt.Key.Key_E)
        add.buttons.button(add.buttons.StandardButton.Ok).click()

    when_dialog(fill)
    dialog.add_action.trigger()
    assert seen["default colour"] == "#E69F00"  # the first free colour of the colour-blind-safe palette
    evidence = _by_name(window)["evidence"]
    assert evidence[2:5] == ("#E69F00", "E", 0)
    assert [dialog.model.row_at(r).label.name for r in range(dialog.model.rowCount())][-1] == "evidence"
    assert dialog.current_label().name == "evidence"
    action = window.tag_actions[evidence[0]]
    assert action.shortcut() == QKeySequence("E")

    select_text(qtbot, window, "exploitative")
    qtbot.keyClick(window.article, Qt.Key.Key_E)
    assert rows(
        window.workspace.project.path,
        "SELECT a.quote, l.name FROM annotations a JOIN labels l ON l.id = a.label_id",
    ) == [("exploitative", "evidence")]
    assert dialog.model.row_at(dialog.model.row_of(evidence[0])).uses == 1

    window.workspace.undo_stack.undo()  # the tag
    window.workspace.undo_stack.undo()  # the label
    assert "evidence" not in _by_name(window)
    assert evidence[0] not in window.tag_actions
    assert dialog.model.rowCount() == 2
    window.workspace.undo_stack.redo()
    assert _by_name(window)["evidence"] == evidence, "redo brings back the same id, colour and key"


def test_recolour_through_the_colour_dialog_and_undo(qtbot, window):
    dialog = _dialog(qtbot, window)
    dialog.select_label(_by_name(window)["counterclaim"][0])

    def pick(color_dialog) -> None:
        color_dialog.setCurrentColor(QColor("#cc79a7"))
        color_dialog.accept()

    when_dialog(pick)
    qtbot.keyClick(dialog.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert _by_name(window)["counterclaim"][2] == "#CC79A7"
    assert "reddish purple" in dialog.message.text()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)  # back from the colour dialog
    qtbot.keyClick(dialog.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo works in the dialog
    assert _by_name(window)["counterclaim"][2] == "#D55E00"
    assert dialog.model.index(1, 3).data() == "vermillion"


def test_set_key_and_the_refused_keys(qtbot, window):
    dialog = _dialog(qtbot, window)
    _add(qtbot, dialog, "quote")
    quote = _by_name(window)["quote"]
    assert quote[3] == ""
    steps = window.workspace.undo_stack.count()

    def press(keys: str):
        def act(key_dialog) -> None:
            key_dialog.key.set_shortcut(keys)
            key_dialog.accept()

        return act

    when_dialog(press("Ctrl+1"))
    dialog.set_key()
    assert _by_name(window)["quote"][3] == "Ctrl+1"
    assert window.tag_actions[quote[0]].shortcut() == QKeySequence("Ctrl+1")

    when_dialog(press("C"))  # claim's key: the service refuses it
    dialog.set_key()
    assert _by_name(window)["quote"][3] == "Ctrl+1"
    assert dialog.message.text() == "The key C already tags “claim”."
    assert window.workspace.undo_stack.count() == steps + 1, "a refused change leaves nothing to undo"

    when_dialog(press("Ctrl+I"))  # the window's Import Articles…
    dialog.set_key()
    assert _by_name(window)["quote"][3] == "Ctrl+1"
    assert "Import Articles" in dialog.message.text()

    window.workspace.undo_stack.undo()
    assert _by_name(window)["quote"][3] == ""
    assert window.tag_actions[quote[0]].shortcut().isEmpty()


def test_move_up_and_down_reorders_and_undo_puts_the_order_back(qtbot, window):
    dialog = _dialog(qtbot, window)
    _add(qtbot, dialog, "evidence")
    _add(qtbot, dialog, "rhetoric")
    before = [row[1] for row in _labels(window)]
    assert before == ["claim", "counterclaim", "evidence", "rhetoric"]
    assert dialog.current_label().name == "rhetoric"
    dialog.view.setFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [row[1] for row in _labels(window)] == ["claim", "rhetoric", "counterclaim", "evidence"]
    assert dialog.current_label().name == "rhetoric", "the moved label stays selected"
    assert [a.text() for a in window.annotate_menu.actions()][:2] == ["Tag as claim", "Tag as rhetoric"]
    window.workspace.undo_stack.undo()
    window.workspace.undo_stack.undo()
    assert [row[1] for row in _labels(window)] == before
    dialog.select_label(_by_name(window)["claim"][0])
    assert not dialog.up_action.isEnabled() and dialog.down_action.isEnabled()


def test_rename_a_label_of_ones_own_and_undo(qtbot, window):
    dialog = _dialog(qtbot, window)
    _add(qtbot, dialog, "evidnce")

    def rename(input_dialog) -> None:
        input_dialog.setTextValue("evidence")
        input_dialog.accept()

    when_dialog(rename)
    qtbot.keyClick(dialog.view, Qt.Key.Key_F2)
    assert "evidence" in _by_name(window) and "evidnce" not in _by_name(window)
    assert any(a.text() == "Tag as evidence" for a in window.tag_actions.values())
    window.workspace.undo_stack.undo()
    assert "evidnce" in _by_name(window)


def test_built_in_labels_cannot_be_renamed_or_deleted(qtbot, window):
    dialog = _dialog(qtbot, window)
    before = _labels(window)
    dialog.select_label(_by_name(window)["claim"][0])
    qtbot.keyClick(dialog.view, Qt.Key.Key_F2)  # no dialog opens: the refusal is said at once
    assert dialog.message.text().startswith("“claim” is built in and keeps its name")
    qtbot.keyClick(dialog.view, Qt.Key.Key_Delete)
    assert dialog.message.text() == "“claim” is built in and cannot be deleted."
    assert _labels(window) == before and window.workspace.undo_stack.count() == 0


def test_a_name_another_label_has_cannot_be_added(qtbot, window):
    dialog = _dialog(qtbot, window)
    seen = {}

    def fill(add) -> None:
        add.name.setText("Counterclaim")
        seen["ok"] = add.buttons.button(add.buttons.StandardButton.Ok).isEnabled()
        seen["error"] = add.error.text()
        add.reject()

    when_dialog(fill)
    dialog.add_label()
    assert seen == {"ok": False, "error": "There is already a label named “counterclaim”."}
    assert len(_labels(window)) == 2


def test_deleting_a_label_in_use_moves_its_annotations_and_undo_moves_them_back(qtbot, window):
    dialog = _dialog(qtbot, window)
    _add(qtbot, dialog, "rhetoric", "R")
    rhetoric = _by_name(window)["rhetoric"]
    window.activateWindow()
    select_text(qtbot, window, "chaotic")
    qtbot.keyClick(window.article, Qt.Key.Key_R)
    select_text(qtbot, window, "exploitative")
    qtbot.keyClick(window.article, Qt.Key.Key_R)
    tagged = rows(window.workspace.project.path, "SELECT id, label_id FROM annotations ORDER BY id")
    assert {label for _, label in tagged} == {rhetoric[0]}

    # Cancel: the label stays, nothing changes.
    when_dialog(lambda move: move.reject())
    dialog.select_label(rhetoric[0])
    dialog.delete_label()
    assert _by_name(window)["rhetoric"] == rhetoric
    assert "kept" in dialog.message.text()

    counterclaim = _by_name(window)["counterclaim"][0]
    seen = {}

    def move_to_counterclaim(move) -> None:
        seen["text"] = move.move_button.text()
        move.target.setCurrentIndex(move.target.findData(counterclaim))
        move.move_button.click()

    when_dialog(move_to_counterclaim)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    dialog.view.setFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_Delete)
    assert seen["text"] == "Move 2 and Delete “rhetoric”"
    assert "rhetoric" not in _by_name(window)
    after = rows(window.workspace.project.path, "SELECT id, label_id FROM annotations ORDER BY id")
    assert after == [(annotation_id, counterclaim) for annotation_id, _ in tagged], "moved, never deleted"
    assert rhetoric[0] not in window.tag_actions
    assert {row.label_name for row in window.workspace.annotations} == {"counterclaim"}

    window.workspace.undo_stack.undo()
    assert _by_name(window)["rhetoric"] == rhetoric
    assert rows(window.workspace.project.path, "SELECT id, label_id FROM annotations ORDER BY id") == tagged
    assert window.tag_actions[rhetoric[0]].shortcut() == QKeySequence("R")


def test_an_unused_label_is_deleted_at_once_and_undo_restores_it(qtbot, window):
    dialog = _dialog(qtbot, window)
    _add(qtbot, dialog, "quote", color="#009E73")
    quote = _by_name(window)["quote"]
    assert quote[2] == "#009E73"
    dialog.delete_label()
    assert "quote" not in _by_name(window)
    window.workspace.undo_stack.undo()
    assert _by_name(window)["quote"] == quote
