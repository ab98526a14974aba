"""File ▸ Export in the real window (worker, progress, Cancel), exchange imports and edited CSVs, undoable."""

from __future__ import annotations

import csv
import io

from PySide6.QtCore import Qt

from factcheck.services.export_source import Scope
from factcheck.services.interchange import ExportFormat
from tests.ui.helpers import Collected, rows, select_text, when_dialog


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

    when_dialog(fill)
    shown = Collected(window.workspace.status)
    window.activateWindow()
    qtbot.keyClick(window.article, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(text.startswith("Exported") for text, _ms in shown), timeout=10000)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert sorted(r["quote"] for r in table) == ["chaotic", "unsafe"]


def test_a_cancelled_export_leaves_the_previous_file_intact(qtbot, sample_window, tmp_path):
    window = sample_window
    _tag_two(qtbot, window)
    target = tmp_path / "out.jsonld"
    target.write_text("the previous export")
    job = window.exchange().run_export(ExportFormat.JSONLD, target, Scope.project())
    failed = Collected(job.failed)
    with qtbot.waitSignal(job.finished, timeout=10000):
        job.cancel()
    if failed:  # cancelled before it finished
        assert "cancel" in window.statusBar().currentMessage().lower()
        assert target.read_text() == "the previous export"
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*out*"))


def test_edited_csv_is_applied_as_one_step_and_undone(qtbot, sample_window, tmp_path):
    window = sample_window
    _tag_two(qtbot, window)
    exported = tmp_path / "export.csv"
    window.workspace.project.interchange.export(ExportFormat.CSV, exported, Scope.project(), bom=False)
    text = exported.read_text(encoding="utf-8")
    table = list(csv.DictReader(io.StringIO(text)))
    for row in table:
        row["verdict"] = "false"
    edited = tmp_path / "edited.csv"
    with edited.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    window.exchange().import_csv(edited, confirm=False)
    assert rows(window.workspace.project.path, "SELECT DISTINCT verdict FROM annotations") == [("false",)]
    assert window.undo_action.text() == "&Undo Apply edited CSV"
    window.workspace.undo_stack.undo()
    assert rows(window.workspace.project.path, "SELECT DISTINCT verdict FROM annotations") == [
        ("unverified",)
    ]


def test_w3c_export_then_import_into_a_copy_restores_the_annotations(
    qtbot, sample_window, tmp_path, make_window
):
    window = sample_window
    _tag_two(qtbot, window)
    exported = tmp_path / "annotations.jsonld"
    window.workspace.project.interchange.export(ExportFormat.JSONLD, exported, Scope.project())
    before = rows(window.workspace.project.path, 'SELECT quote, start, "end" FROM annotations ORDER BY start')
    for annotation in list(window.workspace.annotations):
        window.workspace.project.annotations.delete(annotation.id)
    window.workspace.reload()
    window.exchange().import_path(exported)
    assert (
        rows(window.workspace.project.path, 'SELECT quote, start, "end" FROM annotations ORDER BY start')
        == before
    )
    window.workspace.undo_stack.undo()
    assert rows(window.workspace.project.path, "SELECT count(*) FROM annotations") == [(0,)]
