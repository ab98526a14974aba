"""Undoable edits: each QUndoCommand calls a service, so every do, undo and redo is committed at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QUndoCommand

from factcheck.domain import AnnotationRow, FactcheckError

#: Called after a command's do/undo/redo committed, with what changed: ``Change``.
Notify = Callable[["Change"], None]
#: Called with a plain message when a do/undo/redo could not be committed.
Fail = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Change:
    """What one committed do/undo/redo changed, so views update without re-reading everything."""

    document_id: str | None
    added: AnnotationRow | None = None
    removed: AnnotationRow | None = None
    #: True when more than one annotation changed (a document, a version): views re-read everything.
    reload: bool = False
    message: str = ""
    focus_id: str | None = None
    #: Labels were added, renamed, recoloured, reordered or deleted: menus and keys are rebuilt.
    labels_changed: bool = False

    @property
    def focus(self) -> str | None:
        return self.focus_id or (self.added.id if self.added else None)


class ServiceCommand(QUndoCommand):
    """Runs ``_do``/``_undo`` and reports; a failure leaves the database unchanged and is shown, and a
    command whose first do failed is marked obsolete so QUndoStack drops it."""

    def __init__(self, project, text: str, notify: Notify, fail: Fail) -> None:
        super().__init__(text)
        self.project = project
        self._notify = notify
        self._fail = fail
        self.failed = False
        self._done_once = False

    def redo(self) -> None:
        try:
            change = self._do()
        except FactcheckError as exc:
            self.failed = True
            if not self._done_once:
                self.setObsolete(True)
            self._fail(str(exc))
            return
        self._done_once = True
        self._notify(change)

    def undo(self) -> None:
        try:
            change = self._undo()
        except FactcheckError as exc:
            self._fail(f"Could not undo “{self.text()}”: {exc}")
            return
        self._notify(change)

    def _do(self) -> Change:
        raise NotImplementedError

    def _undo(self) -> Change:
        raise NotImplementedError


class TagCommand(ServiceCommand):
    """Tag [start, end) with a label; redo after undo brings back the same id and timestamps."""

    def __init__(self, project, document_id: str, start: int, end: int, label, notify: Notify, fail: Fail):
        super().__init__(project, f"Tag as {label.name}", notify, fail)
        self.document_id = document_id
        self.start, self.end = start, end
        self.label = label
        self.row: AnnotationRow | None = None

    def _do(self):
        if self.row is None:
            self.row = self.project.annotations.create(self.document_id, self.start, self.end, self.label.id)
        else:
            self.project.annotations.restore(self.row)
        return Change(self.document_id, added=self.row)

    def _undo(self):
        assert self.row is not None
        self.project.annotations.delete(self.row.id)
        return Change(self.document_id, removed=self.row)


class ChangeLabelCommand(ServiceCommand):
    def __init__(self, project, row: AnnotationRow, label, notify: Notify, fail: Fail):
        super().__init__(project, f"Change to {label.name}", notify, fail)
        self.before = row
        self.new_label_id = label.id

    def _do(self):
        after = self.project.annotations.set_label(self.before.id, self.new_label_id)
        return Change(after.document_id, added=after, removed=self.before)

    def _undo(self):
        after = self.project.annotations.set_label(self.before.id, self.before.label_id)
        return Change(after.document_id, added=after, removed=self.before)
