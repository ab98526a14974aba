"""The Matters panel docked in the real window: new, rename, delete and undo, read back from the SQLite file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QDockWidget, QMessageBox

from factcheck.services.project import Project
from factcheck.services.setup import add_sample
from factcheck.ui.commands.matters import MembershipCommand
from factcheck.ui.window.matters_panel import MattersPanel
from tests.ui.helpers import rows, select_text, when_dialog


def _docked(qtbot, window) -> MattersPanel:
    """Dock the panel as the lead will, so the window's own keys (Del deletes an annotation) are in play."""
    dock = QDockWidget("Matters", window)
    panel = MattersPanel(window.workspace, window.reading, dock)
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.show()
    qtbot.waitExposed(panel)
    return panel


def _matters(window) -> list[tuple]:
    return rows(window.workspace.project.path, "SELECT id, name FROM matters ORDER BY name")


def _members(window) -> list[tuple]:
    return rows(
        window.workspace.project.path,
        "SELECT matter_id, annotation_id FROM matter_members ORDER BY annotation_id",
    )


def _name_and_ok(name: str):
    def act(dialog) -> None:
        dialog.name.setText(name)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    return act


@pytest.fixture
def threads(tmp_path, make_window):
    """The sample with two claims, one of them in a matter; the window shows it."""
    path = tmp_path / "threads.factcheck"
    project = Project.open(path)
    sample = add_sample(project)
    claim = project.labels.by_name("claim").id
    matter = project.matters.create("Was the Rust set unsafe?")
    unsafe = project.annotations.create_from_quote(
        sample,
        "unsafe",
        claim,
        claimant="crew members who quit",
        claim_date="2021-10",
        matter_ids=[matter.id],
    )
    chaotic = project.annotations.create_from_quote(sample, "chaotic", claim, claim_date="2021-11")
    project.close()
    window = make_window(path)
    return window, {"matter": matter.id, "unsafe": unsafe.id, "chaotic": chaotic.id, "doc": sample}


def test_the_panel_lists_matters_with_counts_and_date_span(qtbot, threads):
    window, ids = threads
    panel = _docked(qtbot, window)
    assert panel.model.rowCount() == 1
    model = panel.model
    assert [model.index(0, c).data() for c in range(5)] == [
        "Was the Rust set unsafe?",
        "1",
        "0",
        "1",
        "2021-10",
    ]
    assert panel.members_model.rowCount() == 1
    assert panel.members_model.row_at(0).id == ids["unsafe"]
    assert "1 annotation" in panel.members_label.text()


def test_new_matter_offers_the_selected_annotation_and_undo_removes_it(qtbot, threads):
    window, ids = threads
    panel = _docked(qtbot, window)
    window.workspace.set_current_annotation(ids["chaotic"])
    seen = {}

    def name_it(dialog) -> None:
        seen["offered"] = dialog.add_selected.isVisible() and dialog.add_selected.isChecked()
        _name_and_ok("Was the set chaotic?")(dialog)

    when_dialog(name_it)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen["offered"]
    new = [m for m in _matters(window) if m[1] == "Was the set chaotic?"]
    assert len(new) == 1
    assert (new[0][0], ids["chaotic"]) in _members(window)
    assert panel.current_matter().id == new[0][0]
    assert panel.model.rowCount() == 2

    window.workspace.undo_stack.undo()
    assert [m[1] for m in _matters(window)] == ["Was the Rust set unsafe?"]
    assert _members(window) == [(ids["matter"], ids["unsafe"])]
    assert panel.model.rowCount() == 1
    window.workspace.undo_stack.redo()
    assert new[0] in _matters(window), "redo brings back the same id"


def test_a_name_another_matter_has_is_refused_in_the_dialog(qtbot, threads):
    window, _ids = threads
    panel = _docked(qtbot, window)
    seen = {}

    def try_duplicate(dialog) -> None:
        dialog.name.setText("  was the RUST set   unsafe? ")
        seen["ok"] = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        seen["error"] = dialog.error.text()
        dialog.reject()

    when_dialog(try_duplicate)
    panel.new_matter()
    assert seen == {"ok": False, "error": "There is already a matter named “Was the Rust set unsafe?”."}
    assert len(_matters(window)) == 1


def test_f2_renames_and_undo_renames_back(qtbot, threads):
    window, ids = threads
    panel = _docked(qtbot, window)
    when_dialog(_name_and_ok("Was the Rust set safe?"))
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    assert _matters(window) == [(ids["matter"], "Was the Rust set safe?")]
    assert panel.model.index(0, 0).data() == "Was the Rust set safe?"
    window.workspace.undo_stack.undo()
    assert _matters(window) == [(ids["matter"], "Was the Rust set unsafe?")]
    assert panel.model.index(0, 0).data() == "Was the Rust set unsafe?"


def test_del_confirms_deletes_the_matter_not_its_annotations_and_undo_restores_it(qtbot, threads):
    window, ids = threads
    panel = _docked(qtbot, window)
    window.workspace.set_current_annotation(ids["unsafe"])  # the window's Del would delete this annotation
    seen = {}

    def confirm(box: QMessageBox) -> None:
        seen["text"] = box.text()
        next(b for b in box.buttons() if b.text() == "Delete Matter").click()

    when_dialog(confirm)
    panel.table.setFocus()
    assert window.reading.selected_annotation().id == ids["unsafe"] and window.delete_action.isEnabled()
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert "Its 1 annotation stays" in seen["text"]
    assert _matters(window) == [] and _members(window) == []
    assert len(rows(window.workspace.project.path, "SELECT id FROM annotations")) == 2, (
        "annotations are never deleted"
    )
    assert panel.model.rowCount() == 0
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(panel.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _matters(window) == [(ids["matter"], "Was the Rust set unsafe?")]
    assert _members(window) == [(ids["matter"], ids["unsafe"])]
    assert panel.model.rowCount() == 1


def test_cancelling_the_delete_keeps_the_matter(qtbot, threads):
    window, ids = threads
    panel = _docked(qtbot, window)
    when_dialog(lambda box: box.button(QMessageBox.StandardButton.Cancel).click())
    panel.delete_matter()
    assert _matters(window) == [(ids["matter"], "Was the Rust set unsafe?")]
    assert window.workspace.undo_stack.count() == 0


def test_enter_lists_the_members_and_enter_on_one_opens_it(qtbot, threads):
    window, ids = threads
    panel = _docked(qtbot, window)
    select_text(qtbot, window, "high")  # move the article elsewhere: nothing selected in the list
    window.workspace.set_current_annotation(None)
    panel.table.setFocus()
    with qtbot.waitSignal(panel.matter_activated) as activated:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert activated.args == [ids["matter"]]
    assert panel.members_view.hasFocus()
    qtbot.keyClick(panel.members_view, Qt.Key.Key_Return)
    assert window.reading.selected_annotation().id == ids["unsafe"]
    assert window.workspace.document_id == ids["doc"]


def test_the_panel_follows_edits_made_elsewhere(qtbot, threads):
    window, ids = threads
    panel = _docked(qtbot, window)
    matter = window.workspace.project.matters.get(ids["matter"])
    window.workspace.push(
        MembershipCommand(window.workspace, matter, [ids["chaotic"]], join=True, focus_id=ids["chaotic"])
    )
    assert panel.model.index(0, 1).data() == "2"
    assert panel.members_model.rowCount() == 2
