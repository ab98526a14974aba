"""File ▸ Export in the real window (worker, progress, Cancel), exchange imports and edited CSVs, undoable."""

from __future__ import annotations

import csv
import io

from PySide6.QtCore import Qt, QTimer

from factcheck.services.export_source import Scope
from factcheck.services.interchange import ExportFormat
from tests.ui.helpers import rows, select_text


def _tag_two(qtbot, window):
    select_text(qtbot, window, "unsafe")
    qtbot.keyClick(window.article, Qt.Key.Key_C)
    select_text(qtbot, window, "chaotic")
    qtbot.keyClick(window.article, Qt.Key.Key_X)


def test_export_dialog_writes_the_csv_in_the_background(qtbot, sample_window, tmp_path):
    window = sample_window
    _tag_two(qtbot, window)
    target = tmp_path / "out.csv"

    def fill(dialog):
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
        dialog.document.setChecked(True)
        dialog.path.setText(str(target))
        dialog.accept()

    def poll():
        if window.last_dialog is None:
            QTimer.singleShot(20, poll)
        else:
            fill(window.last_dialog)

    QTimer.singleShot(0, poll)
    window.activateWindow()
    qtbot.keyClick(window.article, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: target.exists() and window.interchange().last_result is not None, timeout=10000)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert sorted(r["quote"] for r in table) == ["chaotic", "unsafe"]


def test_a_cancelled_export_leaves_the_previous_file_intact(qtbot, sample_window, tmp_path):
    window = sample_window
    _tag_two(qtbot, window)
    target = tmp_path / "out.jsonld"
    target.write_text("the previous export")
    job = window.interchange().run_export(ExportFormat.JSONLD, target, Scope.project())
    job.cancel.set()
    qtbot.waitUntil(lambda: window.interchange().last_result is not None, timeout=10000)
    if isinstance(window.interchange().last_result, str):  # cancelled before it finished
        assert "cancel" in window.statusBar().currentMessage().lower()
        assert target.read_text() == "the previous export"
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*out*"))


def test_edited_csv_is_applied_as_one_step_and_undone(qtbot, sample_window, tmp_path):
    window = sample_window
    _tag_two(qtbot, window)
    exported = tmp_path / "export.csv"
    window.project.interchange.export(ExportFormat.CSV, exported, Scope.project(), bom=False)
    text = exported.read_text(encoding="utf-8")
    table = list(csv.DictReader(io.StringIO(text)))
    for row in table:
        row["verdict"] = "false"
    edited = tmp_path / "edited.csv"
    with edited.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    window.interchange().import_csv(edited, confirm=False)
    assert rows(window.project.path, "SELECT DISTINCT verdict FROM annotations") == [("false",)]
    assert window.undo_action.text() == "&Undo Apply edited CSV"
    window.undo_stack.undo()
    assert rows(window.project.path, "SELECT DISTINCT verdict FROM annotations") == [("unverified",)]


def test_w3c_export_then_import_into_a_copy_restores_the_annotations(
    qtbot, sample_window, tmp_path, make_window
):
    window = sample_window
    _tag_two(qtbot, window)
    exported = tmp_path / "annotations.jsonld"
    window.project.interchange.export(ExportFormat.JSONLD, exported, Scope.project())
    before = rows(window.project.path, 'SELECT quote, start, "end" FROM annotations ORDER BY start')
    for annotation in list(window.annotations):
        window.project.annotations.delete(annotation.id)
    window.reload()
    window.interchange().import_path(exported)
    assert rows(window.project.path, 'SELECT quote, start, "end" FROM annotations ORDER BY start') == before
    window.undo_stack.undo()
    assert rows(window.project.path, "SELECT count(*) FROM annotations") == [(0,)]
