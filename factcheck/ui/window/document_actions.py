"""The Document menu's work: properties, earlier versions, and deleting a document."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from factcheck.domain import DocumentRow, FactcheckError
from factcheck.ui.commands.documents import DeleteDocumentCommand, EditDocumentCommand
from factcheck.ui.dialogs.properties_dialog import PropertiesDialog
from factcheck.ui.dialogs.versions_dialog import VersionsDialog
from factcheck.ui.workspace import Workspace


class DocumentActions:
    def __init__(self, workspace: Workspace, parent: QWidget) -> None:
        self.workspace = workspace
        self.parent = parent

    def edit_properties(self) -> None:
        row = self.workspace.document_row()
        if row is None:
            return
        try:
            versions = self.workspace.project.versions.list(row.id)
        except FactcheckError as exc:
            self.workspace.problem.emit("Cannot edit the properties", str(exc))
            return
        dialog = PropertiesDialog(row, versions, self.parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.workspace.push(EditDocumentCommand(self.workspace, row.id, dialog.values()))

    def show_versions(self) -> None:
        row = self.workspace.document_row()
        if row is None:
            return
        versions_service = self.workspace.project.versions
        versions = versions_service.list(row.id)
        current = max((v.number for v in versions), default=1)
        dialog = VersionsDialog(
            versions,
            current,
            lambda number: versions_service.text(row.id, number),
            lambda number: versions_service.original(row.id, number),
            self.parent,
        )
        dialog.exec()

    def delete_document(self) -> None:
        row = self.workspace.document_row()
        if row is not None and self.confirm_delete(row):
            self.workspace.push(DeleteDocumentCommand(self.workspace, row))

    def confirm_delete(self, row: DocumentRow) -> bool:
        answer = QMessageBox.question(
            self.parent,
            "Delete Document",
            f"Delete “{row.title}” with its {row.annotation_count} annotations and all its versions?\n"
            "You can undo this with Edit ▸ Undo.",
        )
        return answer == QMessageBox.StandardButton.Yes
