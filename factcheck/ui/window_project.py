"""Opening, creating and copying projects, and seeing other windows' edits."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog

from factcheck.domain import FactcheckError

PROJECT_FILTER = "factcheck projects (*.factcheck *.sqlite *.db);;All files (*)"


class ProjectMixin:
    """Part of MainWindow (see main_window.py): uses its widgets, project and undo stack."""

    def set_project(self, project) -> None:
        """Show ``project`` (closing the previous one); selects its first document."""
        if self.project is not None:
            self.project.close()
        self.project = project
        self.undo_stack.clear()
        self.document_id = None
        self.labels = project.labels.list()
        self._rebuild_label_actions()
        self.inspector.reload_choices()
        self.matters_panel.refresh()
        self.annotation_filter.set_project(project)
        if self.timeline is not None:
            self.timeline.set_project(project)
        project.annotator = str(self.settings.value("annotator", "") or "")
        self.recent_menu.add(project.path)
        self.settings.setValue("last_project", str(project.path))
        title = f"{project.name} — factcheck"
        if project.read_only:
            title += " [read-only]"
        self.setWindowTitle(title)
        self.reload_documents()
        if self.documents_proxy.rowCount():
            self.documents_view.selectRow(0)
        else:
            self._show_document(None)
        self._data_version = project.data_version()
        self._external_timer.start()
        self._update_actions()
        if project.read_only:
            self.saved_label.setText("Read-only: changes cannot be saved")
            self.statusBar().showMessage("This project file is read-only; you can read it but not change it.")
        else:
            self.saved_label.setText("✓ All changes saved")
            self.statusBar().showMessage(f"Opened {project.path}", 5000)
        if getattr(project, "backup_made", None):
            self.statusBar().showMessage(
                f"Upgraded the project; the old file was kept as {project.backup_made}"
            )

    def open_project_path(self, path: Path | str) -> bool:
        try:
            project = self._open_project(Path(path))
        except FactcheckError as exc:
            self.report_error("Cannot open project", str(exc))
            return False
        self.set_project(project)
        return True

    def new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New Project", self.last_folder(), PROJECT_FILTER)
        if not path:
            return
        target = Path(path)
        if target.suffix == "":
            target = target.with_suffix(".factcheck")
        if target.exists():
            self.report_error("New Project", f"{target.name} already exists; choose Open Project to open it.")
            return
        self.open_project_path(target)

    def choose_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open Project", self.last_folder(), PROJECT_FILTER)
        if path:
            self.open_project_path(path)

    def save_project_as(self) -> None:
        if self.project is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Save Project As", self.last_folder(), PROJECT_FILTER)
        if path:
            self.save_project_to(Path(path))

    def save_project_to(self, target: Path) -> bool:
        """Copy the project to ``target`` and continue working in the copy."""
        if target.suffix == "":
            target = target.with_suffix(".factcheck")
        current_document = self.document_id
        try:
            copy = self.project.copy_to(target)
        except FactcheckError as exc:
            self.report_error("Save Project As", str(exc))
            return False
        if not self.open_project_path(copy):
            return False
        if current_document:
            self.select_document(current_document)
        self.statusBar().showMessage(f"Saved a copy as {copy}; you are now working in the copy.", 8000)
        return True

    def last_folder(self) -> str:
        if self.project is not None:
            return str(self.project.path.parent)
        return str(Path.home())

    def check_external_changes(self) -> None:
        """Another window or the CLI committed to this file: re-read what is shown."""
        if self.project is None:
            return
        version = self.project.data_version()
        if version == self._data_version:
            return
        self._data_version = version
        self.reload()

    def reload(self) -> None:
        if self.project is None:
            return
        focus = self.selected_annotation()
        document_id = self.document_id
        self.reload_documents()
        if document_id and self.documents_model.row_of(document_id) is not None:
            self.select_document(document_id)
            self._refresh_annotations(focus.id if focus else None)
        self.statusBar().showMessage("Showing the latest saved edits.", 3000)

    def ask_annotator(self) -> None:
        current = self.project.annotator if self.project else ""
        name, ok = QInputDialog.getText(self, "Annotator Name", "Your name on new annotations:", text=current)
        if ok:
            self.settings.setValue("annotator", name.strip())
            if self.project is not None:
                self.project.annotator = name
