"""File ▸ Export… and Import Annotations…: exports run as a background job with progress and Cancel;
W3C/REFI-QDA imports and edited CSVs are each one undoable step. Loaded on first use (it needs the
export code, which brings SQLAlchemy — never before the first frame)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from factcheck.domain import FactcheckError
from factcheck.services.export_source import Scope
from factcheck.services.interchange import ExportFormat
from factcheck.ui.commands.interchange import CsvEditsCommand, ExchangeImportCommand
from factcheck.ui.dialogs.export_dialog import ExportDialog
from factcheck.ui.jobs import Job, show_progress
from factcheck.ui.workspace import Workspace

EXCHANGE_FILTER = "Annotation exchange (*.jsonld *.json *.qdpx);;Edited factcheck CSV (*.csv)"


class ExchangeFlow:
    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget,
        *,
        shown_ids: Callable[[], list[str]],
        last_folder: Callable[[], str],
    ) -> None:
        self.workspace = workspace
        self.parent = parent
        self._shown_ids = shown_ids
        self._last_folder = last_folder

    def export(self) -> None:
        workspace = self.workspace
        dialog = ExportDialog(
            workspace.project.matters.names(),
            workspace.document_id,
            self._shown_ids(),
            self._last_folder(),
            self.parent,
            layer=workspace.layer_title(),
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.run_export(
                dialog.format, Path(dialog.path.text()), dialog.scope(), bom=dialog.bom.isChecked()
            )

    def run_export(self, fmt: ExportFormat, path: Path, scope: Scope, *, bom: bool = True) -> Job:
        """Export as a background job with a progress dialog; Cancel or a failure leaves any earlier file
        as it was."""
        workspace = self.workspace
        interchange, layer = workspace.project.interchange, workspace.layer  # the layer the window shows
        job = workspace.jobs.start(
            lambda report, cancelled: interchange.export(
                fmt, path, scope, bom=bom, progress=report, cancelled=cancelled, layer=layer
            )
        )
        show_progress(job, self.parent, f"Exporting {fmt.title}…")

        def done(result) -> None:
            workspace.status.emit(f"Exported {result.items} items to {result.path}", 10000)

        def failed(message: str) -> None:
            if job.cancelled:
                workspace.status.emit("Export cancelled; no file was written.", 10000)
            else:
                workspace.problem.emit("Export failed", message)

        job.succeeded.connect(done)
        job.failed.connect(failed)
        return job

    def import_annotations(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.parent, "Import Annotations", self._last_folder(), EXCHANGE_FILTER
        )
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> None:
        if path.suffix.lower() == ".csv":
            self.import_csv(path)
        else:
            self.workspace.push(ExchangeImportCommand(self.workspace, path))

    def import_csv(self, path: Path, *, confirm: bool = True) -> None:
        """Preview an edited CSV ("12 verdicts changed…"); apply it as one undoable step if confirmed."""
        workspace = self.workspace
        try:
            preview = workspace.project.csv_edits.preview(path)
        except FactcheckError as exc:
            workspace.problem.emit("Cannot read the CSV", str(exc))
            return
        if preview.is_empty():
            workspace.problem.emit("Nothing to apply", preview.summary())
            return
        if confirm:
            answer = QMessageBox.question(
                self.parent, "Apply Edited CSV", preview.summary() + "\n\nApply these changes?"
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        workspace.push(CsvEditsCommand(workspace, preview))
