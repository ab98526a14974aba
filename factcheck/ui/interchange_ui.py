"""File ▸ Export… and the exchange imports: the export dialog (format, scope, file) run off the UI thread
with progress and Cancel, W3C/REFI-QDA imports and edited-CSV imports, each one undoable step."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from factcheck.domain import FactcheckError
from factcheck.services.export_source import Scope
from factcheck.services.interchange import ExportFormat
from factcheck.ui.commands import Change, ServiceCommand


class ExportDialog(QDialog):
    """Choose what to export and where; ``format``, ``scope``, ``path`` and ``bom`` hold the choice."""

    def __init__(self, window, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle("Export")
        self.window = window
        self.format_combo = QComboBox(self)
        for fmt in ExportFormat:
            self.format_combo.addItem(fmt.title, fmt.value)
        self.format_combo.setAccessibleName("Format")
        self.scopes = QButtonGroup(self)
        self.whole = QRadioButton("The whole &project", self)
        self.document = QRadioButton("The current &document", self)
        self.matter = QRadioButton("One &matter:", self)
        self.shown = QRadioButton("Exactly what the annotation &list shows", self)
        for button in (self.whole, self.document, self.matter, self.shown):
            self.scopes.addButton(button)
        self.whole.setChecked(True)
        self.matter_combo = QComboBox(self)
        self.matter_combo.setAccessibleName("Matter to export")
        for matter_id, name in window.project.matters.names():
            self.matter_combo.addItem(name, matter_id)
        self.document.setEnabled(window.document_id is not None)
        self.shown.setEnabled(window.document_id is not None)
        self.matter.setEnabled(self.matter_combo.count() > 0)
        self.bom = QCheckBox("For Excel / LibreOffice (UTF-8 with BOM, CRLF); off for R and pandas", self)
        self.bom.setChecked(True)
        self.path = QLineEdit(self)
        self.path.setAccessibleName("Export file")
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        matter_row = QHBoxLayout()
        matter_row.addWidget(self.matter)
        matter_row.addWidget(self.matter_combo, 1)
        form = QFormLayout()
        form.addRow("&Format:", self.format_combo)
        scope_box = QVBoxLayout()
        for widget in (self.whole, self.document):
            scope_box.addWidget(widget)
        scope_box.addLayout(matter_row)
        scope_box.addWidget(self.shown)
        form.addRow("Scope:", scope_box)
        form.addRow("", self.bom)
        form.addRow("F&ile:", path_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Export")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self._format_changed()

    @property
    def format(self) -> ExportFormat:
        return ExportFormat(self.format_combo.currentData())

    def scope(self) -> Scope:
        window = self.window
        if self.document.isChecked():
            return Scope.document(window.document_id)
        if self.matter.isChecked():
            return Scope.matter(self.matter_combo.currentData())
        if self.shown.isChecked():
            return Scope.annotations([row.id for row in window.annotations_model.rows()])
        return Scope.project()

    def _format_changed(self, *_args) -> None:
        self.bom.setEnabled(self.format in (ExportFormat.CSV, ExportFormat.LINKS_CSV))
        current = (
            Path(self.path.text())
            if self.path.text()
            else Path(self.window.last_folder()) / "factcheck-export"
        )
        self.path.setText(str(current.with_suffix(self.format.extension)))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export To", self.path.text())
        if path:
            self.path.setText(path)

    def _accept(self) -> None:
        if self.path.text().strip():
            self.accept()


class _Job(QThread):
    """Runs ``job(progress, cancelled)`` in a worker; results come back through signals."""

    progressed = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, job, parent=None) -> None:
        super().__init__(parent)
        self._job = job
        self.cancel = threading.Event()

    def run(self) -> None:
        try:
            result = self._job(self.progressed.emit, self.cancel.is_set)
        except FactcheckError as exc:
            self.failed.emit(str(exc))
            return
        self.done.emit(result)


class ExchangeImportCommand(ServiceCommand):
    """A W3C or REFI-QDA import (one transaction); undo removes everything it created."""

    def __init__(self, project, path: Path, notify, fail) -> None:
        super().__init__(project, f"Import annotations from {path.name}", notify, fail)
        self.path = path
        self.report = None
        self.bundle = None

    def _do(self):
        if self.bundle is None:
            self.bundle = self.project.interchange.read_exchange(self.path)
        self.report = self.project.interchange.import_bundle(self.bundle)
        return Change(None, reload=True, message=self.report.summary, labels_changed=True)

    def _undo(self):
        self.project.interchange.undo_import(self.report)
        return Change(None, reload=True, message="Import undone", labels_changed=True)


class CsvEditsCommand(ServiceCommand):
    """The changes of an edited CSV, applied in one transaction; undo puts every annotation back."""

    def __init__(self, project, preview, delete_missing: bool, notify, fail) -> None:
        super().__init__(project, "Apply edited CSV", notify, fail)
        self.preview = preview
        self.delete_missing = delete_missing
        self.applied = None

    def _do(self):
        self.applied = self.project.csv_edits.apply(self.preview, delete_missing=self.delete_missing)
        return Change(None, reload=True, message=self.applied.summary)

    def _undo(self):
        self.project.csv_edits.undo(self.applied)
        return Change(None, reload=True, message="Edited CSV undone")


class InterchangeController:
    """The File menu's export and exchange-import flows for a MainWindow."""

    def __init__(self, window) -> None:
        self.window = window
        self.last_result = None
        self._jobs: list[_Job] = []

    def export(self) -> None:
        window = self.window
        dialog = ExportDialog(window)
        window.last_dialog = dialog
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        window.last_dialog = None
        if accepted:
            self.run_export(
                dialog.format, Path(dialog.path.text()), dialog.scope(), bom=dialog.bom.isChecked()
            )

    def run_export(self, fmt: ExportFormat, path: Path, scope: Scope, *, bom: bool = True) -> _Job:
        """Export in a worker with a progress dialog; Cancel or a failure leaves any earlier file as it was."""
        window = self.window
        interchange = window.project.interchange
        progress = QProgressDialog(f"Exporting {fmt.title}…", "Cancel", 0, 100, window)
        progress.setMinimumDuration(300)
        progress.setAutoClose(False)
        job = _Job(
            lambda report, cancelled: interchange.export(
                fmt, path, scope, bom=bom, progress=report, cancelled=cancelled
            ),
            window,
        )
        self._jobs.append(job)
        job.progressed.connect(lambda done, total: progress.setValue(int(100 * done / max(total, 1))))
        progress.canceled.connect(job.cancel.set)

        def finish() -> None:
            progress.canceled.disconnect(job.cancel.set)
            progress.close()

        def done(result) -> None:
            finish()
            self.last_result = result
            window.statusBar().showMessage(f"Exported {result.items} items to {result.path}", 10000)

        def failed(message: str) -> None:
            finish()
            self.last_result = message
            if job.cancel.is_set():
                window.statusBar().showMessage("Export cancelled; no file was written.", 10000)
            else:
                window.report_error("Export failed", message)

        job.done.connect(done)
        job.failed.connect(failed)
        job.finished.connect(lambda: (self._jobs.remove(job), job.deleteLater()))
        job.start()
        return job

    def import_annotations(self) -> None:
        window = self.window
        path, _ = QFileDialog.getOpenFileName(
            window,
            "Import Annotations",
            window.last_folder(),
            "Annotation exchange (*.jsonld *.json *.qdpx);;Edited factcheck CSV (*.csv)",
        )
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> None:
        window = self.window
        if path.suffix.lower() == ".csv":
            self.import_csv(path)
            return
        window.push(ExchangeImportCommand(window.project, path, window.applied, window.failed))

    def import_csv(self, path: Path, *, confirm: bool = True) -> None:
        """Preview an edited CSV ("12 verdicts changed…"); apply it as one undoable step if confirmed."""
        window = self.window
        try:
            preview = window.project.csv_edits.preview(path)
        except FactcheckError as exc:
            window.report_error("Cannot read the CSV", str(exc))
            return
        if preview.is_empty():
            window.report_error("Nothing to apply", preview.summary())
            return
        if confirm:
            answer = QMessageBox.question(
                window, "Apply Edited CSV", preview.summary() + "\n\nApply these changes?"
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        window.push(CsvEditsCommand(window.project, preview, False, window.applied, window.failed))

    def wait(self, timeout_ms: int = 30_000) -> bool:
        return all(job.wait(timeout_ms) for job in list(self._jobs))
