"""The File menu's project work: new, open, save a copy and go on in it, and the annotator's name."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from factcheck.domain import FactcheckError
from factcheck.ui.workspace import Workspace

PROJECT_FILTER = "factcheck projects (*.factcheck *.sqlite *.db);;All files (*)"
SUFFIX = ".factcheck"


class ProjectFlow:
    def __init__(self, workspace: Workspace, parent: QWidget) -> None:
        self.workspace = workspace
        self.parent = parent

    def last_folder(self) -> str:
        project = self.workspace.project
        if project is None or getattr(project, "is_server", False):
            return str(Path.home())
        return str(project.path.parent)

    def new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.parent, "New Project", self.last_folder(), PROJECT_FILTER)
        if not path:
            return
        target = Path(path)
        if target.suffix == "":
            target = target.with_suffix(SUFFIX)
        if target.exists():
            self.workspace.problem.emit(
                "New Project", f"{target.name} already exists; choose Open Project to open it."
            )
            return
        self.workspace.open_path(target)

    def choose_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.parent, "Open Project", self.last_folder(), PROJECT_FILTER)
        if path:
            self.workspace.open_path(path)

    def save_project_as(self) -> None:
        if self.workspace.project is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self.parent, "Save Project As", self.last_folder(), PROJECT_FILTER
        )
        if path:
            self.save_project_to(Path(path))

    def save_project_to(self, target: Path) -> bool:
        """Copy the project to ``target`` and continue working in the copy, on the same document."""
        workspace = self.workspace
        if target.suffix == "":
            target = target.with_suffix(SUFFIX)
        current_document = workspace.document_id
        try:
            copy = workspace.project.copy_to(target)
        except FactcheckError as exc:
            workspace.problem.emit("Save Project As", str(exc))
            return False
        if not workspace.open_path(copy):
            return False
        if current_document:
            workspace.set_current_document(current_document)
        workspace.status.emit(f"Saved a copy as {copy}; you are now working in the copy.", 8000)
        return True

    def ask_annotator(self) -> None:
        project = self.workspace.project
        current = project.annotator if project else ""
        name, ok = QInputDialog.getText(
            self.parent, "Annotator Name", "Your name on new annotations:", text=current
        )
        if ok:
            self.workspace.set_annotator(name)
