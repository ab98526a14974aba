"""The File menu's project work: new, open, save a copy and go on in it, and the annotator's name."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from factcheck.domain import FactcheckError
from factcheck.ui.jobs import show_progress
from factcheck.ui.workspace import Workspace

PROJECT_FILTER = "factcheck projects (*.factcheck *.sqlite *.db);;All files (*)"
SUFFIX = ".factcheck"
#: Server addresses remembered for File ▸ Open Server Project… (never with a password: they are refused).
RECENT_SERVERS = "recent_servers"
MAX_RECENT_SERVERS = 8


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

    def choose_server(self) -> None:
        """File ▸ Open Server Project…: ask for the address, then connect in the background."""
        # Deferred: the dialog checks addresses with the store's parser, which loads SQLAlchemy.
        from factcheck.ui.dialogs.server_dialog import ServerDialog

        dialog = ServerDialog(self.recent_servers(), self.parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.open_server(dialog.location())

    def open_server(self, url: str):
        """Connect to the project database at ``url`` off the UI thread (a server may take seconds to
        answer) and work in it; Cancel leaves the open project as it was. Returns the job."""
        workspace = self.workspace
        job = workspace.jobs.start(lambda _report, _cancelled: workspace.load(url))
        show_progress(job, self.parent, f"Connecting to {url}…")

        def opened(project) -> None:
            if job.cancelled:
                project.close()
                return
            workspace.set_project(project)
            self._remember_server(url)

        job.succeeded.connect(opened)
        job.failed.connect(lambda message: workspace.problem.emit("Cannot open the server project", message))
        return job

    def recent_servers(self) -> list[str]:
        value = self.workspace.settings.value(RECENT_SERVERS, []) or []
        return [value] if isinstance(value, str) else [str(v) for v in value]

    def _remember_server(self, url: str) -> None:
        servers = [url, *(s for s in self.recent_servers() if s != url)][:MAX_RECENT_SERVERS]
        self.workspace.settings.setValue(RECENT_SERVERS, servers)

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
        """Settings ▸ Annotator Name… (greyed, with the reason, when the server decides who you are)."""
        # Deferred: the dialog (and the default name's module, which loads SQLAlchemy) on first use.
        from factcheck.services.visibility import default_annotator
        from factcheck.ui.dialogs.annotator_dialog import AnnotatorDialog

        workspace = self.workspace
        project = workspace.project
        fixed = (
            project.annotator if project is not None and getattr(project, "annotator_fixed", False) else None
        )
        current = str(workspace.settings.value("annotator", "") or "")
        dialog = AnnotatorDialog(current, default_annotator(), fixed_login=fixed, parent=self.parent)
        if dialog.exec() == QDialog.DialogCode.Accepted and fixed is None:
            workspace.set_annotator(dialog.name())
            who = workspace.project.annotator if workspace.project is not None else dialog.name()
            workspace.status.emit(f"You now annotate as {who}.", 6000)
