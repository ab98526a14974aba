"""What every undoable edit shares: the ``Change`` it reports and ``ServiceCommand``, which calls a service
on do/undo/redo (committed at once) and hands the change to the workspace."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from factcheck.domain import AnnotationRow, FactcheckError

if TYPE_CHECKING:  # the workspace imports this module; commands only call it
    from factcheck.ui.workspace import Workspace


@dataclass(frozen=True, slots=True)
class Change:
    """What one committed do/undo/redo changed, so views update without re-reading everything."""

    document_id: str | None
    added: AnnotationRow | None = None
    removed: AnnotationRow | None = None
    #: More than one annotation changed (a document, a version, a label): views re-read what they show.
    reload: bool = False
    message: str = ""
    focus_id: str | None = None
    #: Labels were added, renamed, recoloured, reordered or deleted: menus and keys are rebuilt.
    labels_changed: bool = False
    #: Matters or their members changed: lists of matter names are re-read.
    matters_changed: bool = False
    #: Team settings (blind mode, adjudication) or the adjudicated layer changed: re-read who sees what.
    team_changed: bool = False

    @property
    def focus(self) -> str | None:
        """The annotation to select afterwards (None: keep the selection unless it is gone)."""
        return self.focus_id or (self.added.id if self.added else None)

    def touches(self, annotation_id: str | None) -> bool:
        """True when this change may have changed ``annotation_id``'s record."""
        if annotation_id is None:
            return False
        return self.reload or any(
            row is not None and row.id == annotation_id for row in (self.added, self.removed)
        )

    def as_reload(self) -> Change:
        return self if self.reload else dataclasses.replace(self, reload=True)


class ServiceCommand(QUndoCommand):
    """Runs ``_do``/``_undo`` and reports to the workspace; a failure leaves the database unchanged and is
    shown, and a command whose first do failed is marked obsolete so QUndoStack drops it."""

    def __init__(self, workspace: Workspace, text: str) -> None:
        super().__init__(text)
        self.workspace = workspace
        self.project = workspace.project
        self.failed = False
        #: Why the last do/undo/redo was refused ("" when it was not).
        self.error = ""
        self._done_once = False
        #: The last undo or redo failed, so the undo stack's position no longer says what the project holds:
        #: the workspace steps the stack back without running the command (see :meth:`step_back_quietly`).
        self.stuck = False
        self._skip = False

    def redo(self) -> None:
        if self._skip:
            self._skip = False
            return
        try:
            change = self._do()
        except FactcheckError as exc:
            self.failed, self.error = True, str(exc)
            if not self._done_once:
                self.setObsolete(True)
            else:
                self.stuck = True
            self.workspace.command_failed(self.error, exc)
            return
        self.failed, self.error = False, ""
        self._done_once = True
        self.workspace.applied(change)

    def undo(self) -> None:
        if self._skip:
            self._skip = False
            return
        try:
            change = self._undo()
        except FactcheckError as exc:
            self.error = f"Could not undo “{self.text()}”: {exc}"
            self.stuck = True
            self.workspace.command_failed(self.error, exc)
            return
        self.workspace.applied(change)

    def step_back_quietly(self) -> bool:
        """After a failed undo or redo: the next undo/redo of this command does nothing (the stack moves
        back to where the project is). True when there was something to step back from."""
        if not self.stuck:
            return False
        self.stuck, self._skip = False, True
        return True

    def _do(self) -> Change:
        raise NotImplementedError

    def _undo(self) -> Change:
        raise NotImplementedError


def short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
