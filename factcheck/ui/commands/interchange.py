"""Undoable imports of annotations: a W3C or REFI-QDA file, and the changes of an edited CSV."""

from __future__ import annotations

from pathlib import Path

from factcheck.ui.commands.base import Change, ServiceCommand


class ExchangeImportCommand(ServiceCommand):
    """A W3C or REFI-QDA import (one transaction); undo removes everything it created."""

    def __init__(self, workspace, path: Path) -> None:
        super().__init__(workspace, f"Import annotations from {path.name}")
        self.path = path
        self.report = None
        self.bundle = None

    def _do(self) -> Change:
        if self.bundle is None:
            self.bundle = self.project.interchange.read_exchange(self.path)
        self.report = self.project.interchange.import_bundle(self.bundle)
        return Change(
            None, reload=True, message=self.report.summary, labels_changed=True, matters_changed=True
        )

    def _undo(self) -> Change:
        self.project.interchange.undo_import(self.report)
        return Change(None, reload=True, message="Import undone", labels_changed=True, matters_changed=True)


class CsvEditsCommand(ServiceCommand):
    """The changes of an edited CSV, applied in one transaction; undo puts every annotation back."""

    def __init__(self, workspace, preview, *, delete_missing: bool = False) -> None:
        super().__init__(workspace, "Apply edited CSV")
        self.preview = preview
        self.delete_missing = delete_missing
        self.result = None

    def _do(self) -> Change:
        self.result = self.project.csv_edits.apply(self.preview, delete_missing=self.delete_missing)
        return Change(None, reload=True, message=self.result.summary, matters_changed=True)

    def _undo(self) -> Change:
        self.project.csv_edits.undo(self.result)
        return Change(None, reload=True, message="Edited CSV undone", matters_changed=True)
