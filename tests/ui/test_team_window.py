"""Working as a team in the real window, on a real project file: the agreement window (the published worked
example, a click through to the passage), an adjudication decision undone and redone (checked in the file),
the layer switch and the annotator filter, blind mode in the list, and the annotator's name in Settings."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from factcheck.domain import ImportedDocument, Layer
from factcheck.services.project import Project
from tests.team.test_agreement_math import WORKED
from tests.ui.helpers import Collected, problems, rows, select_text, when_dialog

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
UNITS = [f"Statement {i:02d} of the record." for i in range(1, 13)]
TEXT = "First, the crew said the set was unsafe. Then the producer said it was safe. Nobody else spoke."


def _press(qtbot, window, key, modifiers=CTRL_SHIFT) -> None:
    """A key press where a researcher's focus would be: the article of the active window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window.article, key, modifiers)


@pytest.fixture
def worked_example(tmp_path: Path) -> Path:
    """Krippendorff's 4 coders × 12 units, each coder's labels tagged under their own name."""
    path = tmp_path / "worked.factcheck"
    project = Project.open(path)
    doc = project.documents.add(
        ImportedDocument(
            text="The record.\n\n" + "\n\n".join(UNITS) + "\n", source_format="txt", title="Record"
        )
    ).id
    labels = {value: project.labels.add(f"v{value}", None, "").id for value in range(1, 6)}
    for coder, values in WORKED.items():
        project.annotator = coder
        for unit, value in zip(UNITS, values, strict=True):
            if value is not None:
                project.annotations.create_from_quote(doc, unit, labels[value])
    project.close()
    return path


@pytest.fixture
def coded(tmp_path: Path) -> Path:
    """ana and ben on one article: they disagree on the label of one passage, agree on another, and ben
    missed a third."""
    path = tmp_path / "team.factcheck"
    project = Project.open(path)
    doc = project.documents.add(ImportedDocument(text=TEXT, source_format="txt", title="Set")).id
    claim = project.labels.by_name("claim").id
    counter = project.labels.by_name("counterclaim").id
    for who, label, verdict in (("ana", claim, "false"), ("ben", counter, "mixed")):
        project.annotator = who
        project.annotations.create_from_quote(
            doc, "the set was unsafe", label, verdict=verdict, claimant="The crew"
        )
        project.annotations.create_from_quote(doc, "it was safe", claim)
    project.annotator = "ana"
    project.annotations.create_from_quote(doc, "Nobody else spoke", claim)
    project.close()
    return path


def _window_as(make_window, settings, path: Path, annotator: str):
    settings.setValue("annotator", annotator)
    return make_window(path)


def _agreement(qtbot, window):
    _press(qtbot, window, Qt.Key.Key_G)
    qtbot.waitUntil(lambda: window.team.agreement is not None, timeout=3000)
    panel = window.team.agreement
    qtbot.waitUntil(lambda: panel.isVisible() and panel.report is not None, timeout=10000)
    return panel


def test_the_agreement_window_shows_the_worked_example_and_clicks_through_to_a_passage(
    qtbot, make_window, settings, worked_example
):
    window = _window_as(make_window, settings, worked_example, "A")
    assert window.team.agreement_action.shortcut().toString() == "Ctrl+Shift+G"
    dialog = _agreement(qtbot, window)
    assert dialog.value("krippendorff alpha nominal (labels)") == "0.743"
    assert dialog.value("krippendorff alpha nominal (verdicts)") == "n/a"  # nobody gave a verdict
    assert dialog.value("units") == "12"
    assert dialog.value("cohen kappa A/B") and dialog.value("cohen kappa C/D")
    assert dialog.status.text().startswith("The whole project: 4 annotators (A, B, C, D), 12 units")
    explained = dialog.explanation.toPlainText()
    assert "at least half" in explained and "missed" in explained and "Cohen" in explained

    # Click a disagreement: its document is shown with the unit's passage selected in the article.
    report = dialog.report
    assert report.disagreements, "the worked example has units the coders disagree on"
    view = dialog.view
    row = 1
    unit = dialog.model.row_at(row).unit
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(dialog.model.index(row, 0)).center()
    )
    assert window.workspace.document_id == unit.document_id
    assert window.article.selected_span() == (unit.start, unit.end)
    text = window.workspace.document_text
    assert text[unit.start : unit.end] in UNITS
    # Enter on the next row goes there too (the table keeps the focus).
    assert view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    following = dialog.model.row_at(row + 1).unit
    assert window.article.selected_span() == (following.start, following.end)

    # Two annotators only: the pairs with the others go.
    for action in dialog.annotators_menu.actions():
        if action.text() in ("C", "D"):
            with qtbot.waitSignal(dialog.computed, timeout=10000):
                action.setChecked(False)
    qtbot.waitUntil(
        lambda: dialog.report is not None and dialog.report.annotators == ("A", "B"), timeout=10000
    )
    assert dialog.value("cohen kappa A/B") and not dialog.value("cohen kappa A/C")
    assert dialog.annotators_button.text() == "2 of 4"


def test_the_agreement_window_says_plainly_why_there_is_nothing_to_compare(qtbot, sample_window):
    window = sample_window
    _press(qtbot, window, Qt.Key.Key_G)
    qtbot.waitUntil(lambda: window.team.agreement is not None, timeout=3000)
    dialog = window.team.agreement
    qtbot.waitUntil(lambda: "at least two annotators" in dialog.status.text(), timeout=10000)
    assert dialog.measures.rowCount() == 0 and dialog.model.rowCount() == 0


def test_an_adjudication_decision_is_undone_and_redone_with_the_same_rows(
    qtbot, make_window, settings, coded
):
    window = _window_as(make_window, settings, coded, "rev")
    panel = window.team.adjudication
    _press(qtbot, window, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: panel.isVisible() and bool(panel.message.text()), timeout=5000)
    assert "not open" in panel.message.text()
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.open_button.click()  # one undoable step, like Team ▸ Project Settings
    assert rows(coded, "SELECT value, updated_by FROM project_settings WHERE key = 'adjudication'") == [
        ("open", "rev")
    ]
    qtbot.waitUntil(lambda: panel.current() is not None, timeout=10000)
    # Two units to decide: the label disagreement, and the passage ben missed.
    assert len(panel.units) == 2
    unit = next(u for u in panel.units if "label" in u.disagreements)
    while panel.current().key != unit.key:
        _press(qtbot, window, Qt.Key.Key_F8, Qt.KeyboardModifier.NoModifier)
    assert panel.annotators()[:2] == ["ana", "ben"]
    assert "Accept ben's (Alt+2)" in [
        b.text() for b in panel.grid_host.findChildren(type(panel.merge_button))
    ]
    # The article shows the passage side by side with the comparison.
    assert window.article.selected_span() == (unit.start, unit.end)

    with qtbot.waitSignal(panel.loaded, timeout=10000):
        _press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # accept ben's
    decided = rows(coded, "SELECT id, kind, result_id, decided_by FROM adjudications")
    assert [(kind, by) for _id, kind, _result, by in decided] == [("accept", "rev")]
    decision_id, _kind, result_id, _by = decided[0]
    result = "SELECT l.name, a.verdict, a.annotator, a.adjudicated FROM annotations a JOIN labels l ON l.id = a.label_id WHERE a.id = ?"
    assert rows(coded, result, (result_id,)) == [("counterclaim", "mixed", "rev", 1)]
    assert [u.key for u in panel.units] != [] and unit.key not in [u.key for u in panel.units]
    assert "decided by rev" in window.statusBar().currentMessage()

    with qtbot.waitSignal(panel.loaded, timeout=10000):
        _press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(coded, "SELECT id FROM adjudications") == []
    assert rows(coded, "SELECT id FROM annotations WHERE adjudicated = 1") == []
    assert panel.current().key == unit.key  # the undone unit is shown again

    with qtbot.waitSignal(panel.loaded, timeout=10000):
        _press(qtbot, window, Qt.Key.Key_Z)  # Ctrl+Shift+Z: redo
    assert rows(coded, "SELECT id, kind, result_id, decided_by FROM adjudications") == decided
    assert rows(coded, result, (result_id,)) == [("counterclaim", "mixed", "rev", 1)]
    assert rows(
        coded, "SELECT count(*) FROM adjudication_sources WHERE adjudication_id = ?", (decision_id,)
    ) == [(2,)]


def test_a_merge_takes_each_field_from_the_annotator_chosen_for_it(qtbot, make_window, settings, coded):
    project = Project.open(coded)
    project.team_settings.open_adjudication()
    project.close()
    window = _window_as(make_window, settings, coded, "rev")
    panel = window.team.adjudication
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        window.team.show_adjudication()
    while "label" not in panel.current().disagreements:
        panel.step(1)
    panel.choose("label", "ben")
    panel.choose("verdict", "ana")
    assert panel.choices()["span"] == "ana"
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        _press(qtbot, window, Qt.Key.Key_K)  # Ctrl+Shift+K: merge the chosen fields
    (kind, choices) = rows(coded, "SELECT kind, choices FROM adjudications")[0]
    assert kind == "merge" and '"label": "ben"' in choices and '"verdict": "ana"' in choices
    assert rows(
        coded,
        "SELECT l.name, a.verdict, a.adjudicated FROM annotations a JOIN labels l ON l.id = a.label_id "
        "WHERE a.adjudicated = 1",
    ) == [("counterclaim", "false", 1)]


def test_the_layer_switch_and_the_annotator_filter(qtbot, make_window, settings, coded):
    window = _window_as(make_window, settings, coded, "ana")
    workspace, listing = window.workspace, window.annotation_list
    switch = listing.layer_switch

    def listed() -> list[tuple[str, str]]:
        return sorted((r.annotator, r.quote) for r in listing.model.rows())

    def highlighted() -> set[str]:
        return {span.annotation.annotator for span in window.article._index}

    assert switch.isVisible() and [switch.combo.itemText(i) for i in range(switch.combo.count())] == [
        "All annotators",
        "ana (you)",
        "ben",
    ]
    assert len(listed()) == 5 and not listing.view.isColumnHidden(3)  # the By column: two annotators
    assert listing.model.index(0, 3).data() in ("ana", "ben")
    assert workspace.document_row().annotation_count == 5

    _press(qtbot, window, Qt.Key.Key_Y)  # Ctrl+Shift+Y: the next layer, ana's
    assert workspace.layer == Layer.of("ana")
    assert {who for who, _ in listed()} == {"ana"} and len(listed()) == 3
    assert highlighted() == {"ana"}
    assert workspace.document_row().annotation_count == 3
    assert switch.combo.currentText() == "ana (you)"

    switch.combo.setCurrentIndex(2)
    switch.combo.activated.emit(2)  # as choosing "ben" in the popup does
    assert workspace.layer == Layer.of("ben") and {who for who, _ in listed()} == {"ben"}
    assert highlighted() == {"ben"}
    # Tagging while ben's layer is shown would make an annotation this view hides: it says so instead.
    select_text(qtbot, window, "Nobody")
    qtbot.keyClick(window.article, Qt.Key.Key_C)
    assert "ben's annotations" in window.statusBar().currentMessage()
    assert rows(coded, "SELECT count(*) FROM annotations") == [(5,)]

    # Search, the timeline and export follow the layer too.
    bens = {r.id for r in listing.model.rows()}
    search = window.search_dialog()
    search.show_dialog(use_selection=False)
    search.query.setText("safe")
    with qtbot.waitSignal(search.results_shown, timeout=5000):
        search.search_now()
    found = {row.id for row in search.model.rows() if row.kind == "annotation"}
    assert found and found <= bens
    search.hide()
    window.timeline_dock.show_panel()
    qtbot.waitUntil(lambda: window.timeline is not None and window.timeline.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: {e.id for e in window.timeline.data().all_entries} == bens, timeout=5000)
    export = coded.with_suffix(".csv")
    job = window.exchange().run_export(_csv(), export, _project_scope())
    qtbot.waitUntil(lambda: not job.is_running(), timeout=10000)
    exported = list(csv.DictReader(io.StringIO(export.read_text(encoding="utf-8-sig"))))
    assert sorted((r["annotator"], r["quote"]) for r in exported) == [
        ("ben", "it was safe"),
        ("ben", "the set was unsafe"),
    ]

    # Back to all annotators; the list's annotator filter narrows to one of them.
    workspace.set_layer(Layer.all())
    assert len(listed()) == 5
    listing.filter_toggle.click()
    bar = listing.filter_bar
    qtbot.waitUntil(lambda: bar.annotator_combo.findData("ben") > 0, timeout=3000)
    bar.annotator_combo.setCurrentIndex(bar.annotator_combo.findData("ben"))
    qtbot.waitUntil(lambda: {who for who, _ in listed()} == {"ben"}, timeout=3000)
    assert listing.filter_toggle.text() == "Filter (2 of 5)"


def _csv():
    from factcheck.services.interchange import ExportFormat

    return ExportFormat.CSV


def _project_scope():
    from factcheck.services.export_source import Scope

    return Scope.project()


def test_blind_mode_hides_another_annotators_annotations_in_the_list(qtbot, make_window, settings, coded):
    window = _window_as(make_window, settings, coded, "ana")
    workspace, listing = window.workspace, window.annotation_list
    shown = problems(window)
    _press(qtbot, window, Qt.Key.Key_P)  # Ctrl+Shift+P: Team ▸ Project Settings
    qtbot.waitUntil(lambda: window.team._settings_dialog is not None, timeout=3000)
    dialog = window.team._settings_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.blind.isChecked()
    dialog.blind.click()
    assert rows(coded, "SELECT value FROM project_settings WHERE key = 'blind'") == [("on",)]
    assert {r.annotator for r in listing.model.rows()} == {"ana"}
    assert {span.annotation.annotator for span in window.article._index} == {"ana"}
    switch = listing.layer_switch
    assert switch.isVisible() and switch.blind_note.isVisible() and not switch.combo.isVisible()
    assert switch.blind_note.text() == "Blind mode: only your annotations are shown"
    assert "until a reviewer opens adjudication" in switch.blind_note.toolTip()
    # Agreement compares everyone's annotations: refused, with where a reviewer opens adjudication here.
    window.team.show_agreement()
    qtbot.waitUntil(lambda: "Blind mode is on" in window.team.agreement.status.text(), timeout=10000)
    assert "Team ▸ Project Settings ▸ Open Adjudication" in window.team.agreement.status.text()
    assert window.team.agreement.model.rowCount() == 0
    # Asking for ben's layer anyway is refused in plain words, and nothing changes.
    assert not workspace.set_layer(Layer.of("ben"))
    assert shown[-1][0] == "Cannot show that layer" and "Blind mode is on" in shown[-1][1]
    assert workspace.layer == Layer.all() and {r.annotator for r in listing.model.rows()} == {"ana"}
    # Undo (from the dialog, Ctrl+Z) turns it off again: both annotators' annotations are back.
    (box,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    box.accept()  # the researcher reads it and closes it
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    qtbot.keyClick(dialog.blind, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(coded, "SELECT value FROM project_settings WHERE key = 'blind'") == [("off",)]
    assert not dialog.blind.isChecked()
    assert {r.annotator for r in listing.model.rows()} == {"ana", "ben"}
    assert switch.combo.isVisible() and not switch.blind_note.isVisible()


def test_the_annotator_name_is_set_in_settings_and_goes_on_new_annotations(qtbot, sample_window, settings):
    window = sample_window

    def rename(dialog) -> None:
        assert dialog.field.isEnabled() and not dialog.fixed_note.isVisible()
        dialog.field.setText("  Maria   Lopez ")
        dialog.accept()

    when_dialog(rename)
    window.annotator_action.trigger()
    assert settings.value("annotator") == "Maria Lopez"
    assert window.workspace.project.annotator == "Maria Lopez"
    select_text(qtbot, window, "unsafe")
    qtbot.keyClick(window.article, Qt.Key.Key_C)
    assert rows(window.workspace.project.path, "SELECT annotator FROM annotations") == [("Maria Lopez",)]


def test_open_server_project_refuses_a_password_and_a_file_path_in_plain_words(qtbot, sample_window):
    window = sample_window
    seen = Collected(window.workspace.problem)
    messages: list[str] = []

    def type_addresses(dialog) -> None:
        for address in ("postgresql+psycopg://ana:secret@db.example.org/factcheck", "/home/ana/x.factcheck"):
            dialog.address.setEditText(address)
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
            assert dialog.isVisible()  # a bad address keeps the dialog open, with the reason
            messages.append(dialog.problem.text())
        dialog.reject()

    when_dialog(type_addresses)
    window.team.open_server_action.trigger()
    QApplication.processEvents()
    assert "password" in messages[0].lower() and "pgpass" in messages[0]
    assert "not a server address" in messages[1]
    assert not seen  # nothing was opened, nothing failed
