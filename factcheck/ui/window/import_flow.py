"""Getting articles in: files, folders, drag and drop, the clipboard, a URL, and new versions.

One file is confirmed in the import dialog and added as one undoable step. Several files or a folder go
through the one bulk-import service as a background job (each file committed on its own; Cancel stops
after the current one); what was added becomes one undoable step at the end.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from factcheck.domain import FactcheckError, ImportedDocument
from factcheck.ui.commands.documents import BulkImportCommand, ImportDocumentCommand, NewVersionCommand
from factcheck.ui.dialogs.import_dialog import ImportDialog, ImportResult
from factcheck.ui.jobs import show_progress
from factcheck.ui.workspace import Workspace


def _importers():
    """The format readers, loaded on first use (charset detection, http.client, the format modules):
    deferred so that they do not delay the window's first frame."""
    from factcheck import importers

    return importers


def _bulk_import():
    """The bulk-import service, loaded on first use: it brings SQLAlchemy, which waits for the first frame."""
    from factcheck.services import bulk_import

    return bulk_import


def _file_filter() -> str:
    patterns = " ".join(f"*{ext}" for ext in _importers().SUPPORTED_EXTENSIONS)
    return f"Articles ({patterns});;All files (*)"


class ImportFlow(QObject):
    #: A background import ended (a ``BulkImportReport``; its ``summary`` says what happened).
    bulk_imported = Signal(object)
    #: A new version left annotations needing a decision: the review panel should show.
    review_wanted = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget, last_folder: Callable[[], str]) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.parent_widget = parent
        self._last_folder = last_folder

    def _problem(self, title: str, message: str) -> None:
        self.workspace.problem.emit(title, message)

    # ----- entry points ------------------------------------------------------------------------------

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self.parent_widget, "Import Articles", self._last_folder(), _file_filter()
        )
        if paths:
            self.import_paths([Path(p) for p in paths])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.parent_widget, "Import a Folder of Articles", self._last_folder()
        )
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> None:
        """One file: confirm its metadata in the dialog. Several, or a folder: import them in the background."""
        files = _importers().expand_paths(paths)
        if not files:
            self._problem("Nothing to import", "No importable files were found there.")
            return
        if len(files) == 1 and not paths[0].is_dir():
            path = files[0]
            self.confirm_and_import(
                lambda clean: _importers().import_path(path, remove_boilerplate=clean), path.name
            )
            return
        self.import_in_background(files)

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        text = mime.text() if mime is not None and mime.hasText() else None
        html = mime.html() if mime is not None and mime.hasHtml() else None
        if not (text or html):
            self.workspace.status.emit("The clipboard holds no text to import.", 6000)
            return
        self.confirm_and_import(
            lambda clean: _importers().import_clipboard(text, html, remove_boilerplate=clean), "the clipboard"
        )

    def ask_url(self) -> None:
        url, ok = QInputDialog.getText(
            self.parent_widget, "Import from URL", "Address of the article (https://…):"
        )
        if ok and url.strip():
            self.import_url(url.strip())

    def import_url(self, url: str) -> None:
        """Download in the background (cancellable), then confirm like a file."""
        workspace = self.workspace
        job = workspace.jobs.start(lambda _report, _cancelled: _importers().fetch_url(url))
        show_progress(job, self.parent_widget, f"Downloading {url}…")

        def downloaded(first: ImportedDocument) -> None:
            if job.cancelled:
                workspace.status.emit("Download cancelled.", 6000)
                return

            def load(clean: bool) -> ImportedDocument:
                if clean or not first.original:
                    return first
                again = _importers().import_bytes(first.original, "page.html", remove_boilerplate=False)
                return again if again.url else dataclasses.replace(again, url=first.url)

            self.confirm_and_import(load, url)

        def failed(message: str) -> None:
            if not job.cancelled:
                self._problem("Import failed", message)

        job.succeeded.connect(downloaded)
        job.failed.connect(failed)

    def choose_new_version(self) -> None:
        if self.workspace.document_id is None:
            self.workspace.status.emit("Open the document that has a new version first.", 6000)
            return
        path, _ = QFileDialog.getOpenFileName(
            self.parent_widget, "Import New Version", self._last_folder(), _file_filter()
        )
        if path:
            self.import_new_version(Path(path))

    def import_new_version(self, path: Path) -> NewVersionCommand | None:
        """Make ``path`` the current document's new version (one undoable step); returns the command."""
        workspace = self.workspace
        try:
            imported = _importers().import_path(path)
        except FactcheckError as exc:
            self._problem("Cannot import the new version", str(exc))
            return None
        command = NewVersionCommand(workspace, workspace.document_id, imported)
        if workspace.push(command) and (command.report.needs_review or command.report.orphaned):
            self.review_wanted.emit()
        return command

    # ----- flows ---------------------------------------------------------------------------------

    def confirm_and_import(self, load: Callable[[bool], ImportedDocument], source: str) -> None:
        workspace = self.workspace
        try:
            dialog = ImportDialog(load, self.parent_widget, duplicate_of=self._existing_id)
        except FactcheckError as exc:
            self._problem(f"Cannot import {source}", str(exc))
            return
        result = dialog.exec()
        if result == ImportResult.OPEN_EXISTING and dialog.open_existing_id:
            workspace.set_current_document(dialog.open_existing_id)
        elif result == ImportResult.IMPORT:
            workspace.push(ImportDocumentCommand(workspace, dialog.document()))

    def _existing_id(self, text: str) -> str | None:
        try:
            row = self.workspace.project.documents.find_by_text(text)
        except FactcheckError:
            return None
        return row.id if row else None

    def import_in_background(self, files: list[Path]):
        """Each file is read and committed on its own; a bad one is listed and the others go on."""
        project = self.workspace.project
        job = self.workspace.jobs.start(
            lambda report, cancelled: _bulk_import().import_all(
                project, list(files), progress=report, cancelled=cancelled
            ),
            on_success=self._bulk_done,
            on_failure=lambda message: self._problem("Import failed", message),
        )
        show_progress(job, self.parent_widget, f"Importing {len(files)} files…", total=len(files))
        return job

    def _bulk_done(self, report) -> None:
        workspace = self.workspace
        added = [row.id for row in report.added]
        if added:
            workspace.push(BulkImportCommand(workspace, added))
        workspace.status.emit(report.summary, 10000)
        skipped = [f"{Path(o.source).name}: already in the project" for o in report.duplicates]
        problems = [f"{Path(o.source).name}: {o.problem}" for o in report.problems] + skipped
        if problems:
            self._problem("Some files were not imported", report.summary + "\n\n" + "\n".join(problems))
        self.bulk_imported.emit(report)
