"""Getting articles in: files, folders, drag and drop, the clipboard, a URL, and new versions."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QProgressDialog

from factcheck.domain import FactcheckError, ImportedDocument
from factcheck.ui.dialogs.import_dialog import ImportDialog
from factcheck.ui.document_commands import BulkImportCommand, ImportDocumentCommand, NewVersionCommand


def _importers():
    """The format readers, loaded on first use (charset detection, http.client, the format modules):
    deferred so that they do not delay the window's first frame."""
    from factcheck import importers

    return importers


def _file_filter() -> str:
    patterns = " ".join(f"*{ext}" for ext in _importers().SUPPORTED_EXTENSIONS)
    return f"Articles ({patterns});;All files (*)"


class _Worker(QThread):
    """Runs ``job(report, cancelled)`` off the UI thread; ``report(done, name)`` emits progress."""

    progressed = Signal(int, str)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, job: Callable, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self.cancel_event = threading.Event()

    def run(self) -> None:
        try:
            result = self._job(self.progressed.emit, self.cancel_event.is_set)
        except FactcheckError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - shown to the user, never lost in a thread
            self.failed.emit(f"Unexpected error: {exc}")
            return
        self.succeeded.emit(result)


class ImportController(QObject):
    """Owns the import actions' flows for a MainWindow (which provides project, push and reporting)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.last_summary: str = ""
        self._workers: list[_Worker] = []

    # ----- entry points ------------------------------------------------------------------------------

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self.window, "Import Articles", self.window.last_folder(), _file_filter()
        )
        if paths:
            self.import_paths([Path(p) for p in paths])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.window, "Import a Folder of Articles", self.window.last_folder()
        )
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> None:
        """One file: confirm its metadata in the dialog. Several, or a folder: import them in the background."""
        files = _importers().expand_paths(paths)
        if not files:
            self.window.report_error("Nothing to import", "No importable files were found there.")
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
            self.window.statusBar().showMessage("The clipboard holds no text to import.", 6000)
            return
        self.confirm_and_import(
            lambda clean: _importers().import_clipboard(text, html, remove_boilerplate=clean), "the clipboard"
        )

    def ask_url(self) -> None:
        url, ok = QInputDialog.getText(self.window, "Import from URL", "Address of the article (https://…):")
        if ok and url.strip():
            self.import_url(url.strip())

    def import_url(self, url: str) -> None:
        """Download in the background (cancellable), then confirm like a file."""

        def job(_report, _cancelled):
            return _importers().fetch_url(url)

        def downloaded(first: ImportedDocument) -> None:
            def load(clean: bool) -> ImportedDocument:
                if clean or not first.original:
                    return first
                again = _importers().import_bytes(first.original, "page.html", remove_boilerplate=False)
                return again if again.url else _with_url(again, first.url)

            self.confirm_and_import(load, url)

        self._run(job, f"Downloading {url}…", downloaded, maximum=0)

    def choose_new_version(self) -> None:
        window = self.window
        if window.document_id is None:
            window.statusBar().showMessage("Open the document that has a new version first.", 6000)
            return
        path, _ = QFileDialog.getOpenFileName(
            window, "Import New Version", window.last_folder(), _file_filter()
        )
        if path:
            self.import_new_version(Path(path))

    def import_new_version(self, path: Path) -> None:
        window = self.window
        try:
            imported = _importers().import_path(path)
        except FactcheckError as exc:
            window.report_error("Cannot import the new version", str(exc))
            return
        command = NewVersionCommand(
            window.project, window.document_id, imported, window.applied, window.failed
        )
        window.push(command)
        if command.report is not None:
            self.last_summary = command.report.summary
            if command.report.needs_review or command.report.orphaned:
                window.show_review()

    # ----- flows ---------------------------------------------------------------------------------

    def confirm_and_import(self, load: Callable[[bool], ImportedDocument], source: str) -> None:
        window = self.window
        try:
            dialog = ImportDialog(load, window, duplicate_of=self._existing_id)
        except FactcheckError as exc:
            window.report_error(f"Cannot import {source}", str(exc))
            return
        window.last_dialog = dialog
        result = dialog.exec()
        window.last_dialog = None
        if result == 2 and dialog.open_existing_id:
            window.select_document(dialog.open_existing_id)
            return
        if result != ImportDialog.DialogCode.Accepted:
            return
        window.push(ImportDocumentCommand(window.project, dialog.document(), window.applied, window.failed))

    def _existing_id(self, text: str) -> str | None:
        try:
            row = self.window.project.documents.find_by_text(text)
        except FactcheckError:
            return None
        return row.id if row else None

    def import_in_background(self, files: list[Path]) -> None:
        """Each file is read and committed on its own; a bad one is listed and the others go on."""
        project = self.window.project

        def job(report, cancelled):
            added, problems = [], []
            for done, path in enumerate(files):
                if cancelled():
                    break
                report(done, path.name)
                try:
                    added.append(project.documents.add(_importers().import_path(path)).id)
                except FactcheckError as exc:
                    problems.append(f"{path.name}: {exc}")
            return added, problems, len(files)

        self._run(job, f"Importing {len(files)} files…", self._bulk_done, maximum=len(files))

    def _bulk_done(self, result) -> None:
        added, problems, total = result
        window = self.window
        skipped = total - len(added) - len(problems)
        summary = f"Imported {len(added)} of {total} files"
        if problems:
            summary += f"; {len(problems)} could not be imported"
        if skipped:
            summary += f"; {skipped} not started (cancelled)"
        self.last_summary = summary + "."
        if added:
            window.push(BulkImportCommand(window.project, added, window.applied, window.failed))
        window.statusBar().showMessage(self.last_summary, 10000)
        if problems:
            window.report_error(
                "Some files were not imported", self.last_summary + "\n\n" + "\n".join(problems)
            )

    def _run(self, job, label: str, on_success, *, maximum: int) -> None:
        window = self.window
        progress = QProgressDialog(label, "Cancel", 0, maximum, window)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.setAutoClose(False)
        worker = _Worker(job, self)
        self._workers.append(worker)
        worker.progressed.connect(
            lambda done, name: (progress.setValue(done), progress.setLabelText(f"{label}\n{name}"))
        )
        progress.canceled.connect(worker.cancel_event.set)

        def finish() -> None:
            progress.canceled.disconnect(worker.cancel_event.set)  # closing a progress dialog "cancels" it
            progress.close()

        def thread_done() -> None:
            # Only once run() has returned may the QThread object go (deleting it earlier aborts Qt).
            self._workers.remove(worker)
            worker.deleteLater()

        worker.finished.connect(thread_done)

        def succeeded(result) -> None:
            cancelled = worker.cancel_event.is_set()
            finish()
            if maximum == 0 and cancelled:
                window.statusBar().showMessage("Download cancelled.", 6000)
                return
            on_success(result)

        def failed(message: str) -> None:
            finish()
            if not worker.cancel_event.is_set():
                window.report_error("Import failed", message)

        worker.succeeded.connect(succeeded)
        worker.failed.connect(failed)
        worker.start()

    def cancel_all(self) -> None:
        for worker in self._workers:
            worker.cancel_event.set()

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Wait for background work (tests, and closing the window)."""
        return all(worker.wait(timeout_ms) for worker in list(self._workers))


def _with_url(imported: ImportedDocument, url: str) -> ImportedDocument:
    return dataclasses.replace(imported, url=url)


def ask_delete_document(window, row) -> bool:
    answer = QMessageBox.question(
        window,
        "Delete Document",
        f"Delete “{row.title}” with its {row.annotation_count} annotations and all its versions?\n"
        "You can undo this with Edit ▸ Undo.",
    )
    return answer == QMessageBox.StandardButton.Yes
