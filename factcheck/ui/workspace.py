"""The workspace: the open project, its undo stack, the current document and annotation, and the signals
every view follows — after our own edits (do, undo, redo) and after another window's or the CLI's commits.

Views never talk to each other: they read the workspace's state when it signals, and change it through
``push(command)`` (edits) or ``set_current_*`` (selection). See docs/architecture.md.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from factcheck.domain import (
    BUILTIN_CLAIM,
    BUILTIN_COUNTERCLAIM,
    AnnotationRow,
    DocumentRow,
    FactcheckError,
    LabelRow,
)
from factcheck.ui.commands.base import Change
from factcheck.ui.jobs import Jobs

#: How often another connection's commits are looked for (one PRAGMA on a side connection).
EXTERNAL_CHECK_MS = 1500
#: After edits stop for this long, the WAL is checkpointed so the edits survive a power cut too.
CHECKPOINT_AFTER_MS = 1000
#: Characters of each quote the lists load (the full quote stays in the file).
QUOTE_PREVIEW = 200


def _text_order(row: AnnotationRow) -> tuple[int, int]:
    return row.start, row.end


def position_in(rows: list[AnnotationRow], row: AnnotationRow) -> int | None:
    """Where ``row`` sits in text-ordered ``rows``: a bisection on its offsets, then its id."""
    position = bisect.bisect_left(rows, _text_order(row), key=_text_order)
    while position < len(rows) and _text_order(rows[position]) == _text_order(row):
        if rows[position].id == row.id:
            return position
        position += 1
    return next((i for i, other in enumerate(rows) if other.id == row.id), None)


def _counted(row: DocumentRow, removed: AnnotationRow | None, added: AnnotationRow | None) -> DocumentRow:
    """``row`` with its annotation counts adjusted by one edit (no query: adding a highlight stays light)."""
    counts = {
        "annotation_count": row.annotation_count,
        "claim_count": row.claim_count,
        "counterclaim_count": row.counterclaim_count,
    }
    for annotation, step in ((removed, -1), (added, 1)):
        if annotation is None:
            continue
        counts["annotation_count"] += step
        if annotation.label_name == BUILTIN_CLAIM:
            counts["claim_count"] += step
        elif annotation.label_name == BUILTIN_COUNTERCLAIM:
            counts["counterclaim_count"] += step
    return dataclasses.replace(row, **counts)


class Workspace(QObject):
    """Owns the open project (a ``services.Project``); never a widget, never a session."""

    #: A project was opened (or the last one closed): every view re-reads everything.
    project_opened = Signal()
    #: One of our commands was done, undone or redone (a ``Change``); the state is already up to date.
    edited = Signal(object)
    #: Another connection committed (seen by the poll, or F5): everything shown may have changed.
    reloaded = Signal()
    #: The labels (names, colours, keys, order) may have changed.
    labels_changed = Signal()
    #: Matters (names, members) may have changed.
    matters_changed = Signal()
    #: The document shown (its id, or None); also when its text changed (a new version).
    current_document_changed = Signal(object)
    #: The selected annotation (its id, or None).
    current_annotation_changed = Signal(object)
    #: Before the workspace moves the selection, runs an edit, undoes or redoes: editors commit what is
    #: still pending (a note being typed) so that it lands on the annotation it was typed for.
    about_to_change = Signal()
    #: Feedback for the window: a change was committed (its message), refused (why), a passing note.
    saved = Signal(str)
    failed = Signal(str)
    status = Signal(str, int)
    #: Something the researcher must read: (title, message).
    problem = Signal(str, str)

    def __init__(self, settings: QSettings, open_project: Callable[[Path], object], parent=None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._open_project = open_project
        self.project = None
        self.undo_stack = QUndoStack(self)
        self.jobs = Jobs(self)
        self.labels: list[LabelRow] = []
        self.documents: list[DocumentRow] = []
        self.document_id: str | None = None
        self.document_text = ""
        #: The current document's annotations (list previews) in text order.
        self.annotations: list[AnnotationRow] = []
        self.annotation_id: str | None = None
        self._data_version = -1
        self._flushing = False
        self._quiet = False
        self._poll = QTimer(self)
        self._poll.setInterval(EXTERNAL_CHECK_MS)
        self._poll.timeout.connect(self.check_external_changes)
        self._checkpoint = QTimer(self)
        self._checkpoint.setSingleShot(True)
        self._checkpoint.setInterval(CHECKPOINT_AFTER_MS)
        self._checkpoint.timeout.connect(lambda: self.project and self.project.checkpoint())

    # ----- the project ----------------------------------------------------------------------------

    @property
    def writable(self) -> bool:
        return self.project is not None and not self.project.read_only

    def open_path(self, path: Path | str) -> bool:
        """Open the project file at ``path`` (created if missing) in place of the current one."""
        try:
            project = self._open_project(Path(path))
        except FactcheckError as exc:
            self.problem.emit("Cannot open project", str(exc))
            return False
        self.set_project(project)
        return True

    def set_project(self, project) -> None:
        """Work in ``project`` (closing the previous one); its newest document is shown."""
        self.about_to_change.emit()
        if self.project is not None:
            self.project.close()
        self.project = project
        self.undo_stack.clear()
        project.annotator = str(self.settings.value("annotator", "") or "")
        self.settings.setValue("last_project", str(project.path))
        self.labels = project.labels.list()
        self.documents = project.documents.list()
        self.document_id, self.annotation_id = None, None
        self._load_document(self.documents[0].id if self.documents else None)
        self._data_version = project.data_version()
        self._poll.start()
        self.project_opened.emit()
        self.labels_changed.emit()
        self.matters_changed.emit()
        self.current_document_changed.emit(self.document_id)
        self.current_annotation_changed.emit(None)

    def close(self) -> None:
        """Stop the poll, cancel and wait for background jobs, and close the project file."""
        self.about_to_change.emit()
        self._poll.stop()
        self.jobs.cancel_all()  # an import stops after its current file, which is committed
        self.jobs.wait_all()
        if self.project is not None:
            self._checkpoint.stop()
            self.project.checkpoint()
            self.project.close()
            self.project = None

    def set_annotator(self, name: str) -> None:
        self.settings.setValue("annotator", name.strip())
        if self.project is not None:
            self.project.annotator = name

    # ----- what is current --------------------------------------------------------------------------

    def document_row(self, document_id: str | None = None) -> DocumentRow | None:
        """The list row of ``document_id`` (default: the current document)."""
        wanted = document_id or self.document_id
        return next((row for row in self.documents if row.id == wanted), None) if wanted else None

    def annotation_row(self) -> AnnotationRow | None:
        """The selected annotation as the list has it (a preview: read the full record from the project)."""
        if self.annotation_id is None:
            return None
        return next((row for row in self.annotations if row.id == self.annotation_id), None)

    def position_of(self, row: AnnotationRow) -> int | None:
        """Where ``row`` sits in ``annotations`` (text order)."""
        return position_in(self.annotations, row)

    def set_current_document(self, document_id: str | None) -> None:
        """Show another document; the selection is cleared (it belonged to the previous one)."""
        if document_id == self.document_id or self.project is None:
            return
        self.about_to_change.emit()
        had_annotation = self.annotation_id is not None
        self.annotation_id = None
        self._load_document(document_id)
        self.current_document_changed.emit(self.document_id)
        if had_annotation:
            self.current_annotation_changed.emit(None)

    def set_current_annotation(self, annotation_id: str | None) -> None:
        """Select an annotation of the current document (None: no selection)."""
        if annotation_id == self.annotation_id:
            return
        self.about_to_change.emit()
        self.annotation_id = annotation_id
        self.current_annotation_changed.emit(annotation_id)

    def open_annotation(self, annotation_id: str) -> bool:
        """Show the annotation's document (any document) and select the annotation."""
        try:
            row = self.project.annotations.get(annotation_id)
        except FactcheckError as exc:
            self.problem.emit("Cannot open the annotation", str(exc))
            return False
        self.set_current_document(row.document_id)
        self.set_current_annotation(annotation_id)
        return self.annotation_id == annotation_id

    # ----- edits ----------------------------------------------------------------------------------

    def push(self, command: QUndoCommand, *, report_failure: bool = True) -> bool:
        """Run an undoable command (committed before this returns); False when it was refused — then
        ``failed`` says why, unless the caller shows ``command.error`` itself (``report_failure=False``)."""
        if not self.writable:
            self.status.emit("This project is read-only; nothing can be changed.", 5000)
            return False
        self._flush()
        self.check_external_changes()  # another window's commits first, so the poll never swallows them
        self._quiet = not report_failure
        try:
            self.undo_stack.push(command)
        finally:
            self._quiet = False
        return not getattr(command, "failed", False)

    def undo(self) -> None:
        self._flush()
        self.undo_stack.undo()

    def redo(self) -> None:
        self._flush()
        self.undo_stack.redo()

    def _flush(self) -> None:
        if self._flushing:
            return
        self._flushing = True
        try:
            self.about_to_change.emit()
        finally:
            self._flushing = False

    def applied(self, change: Change) -> None:
        """A command committed ``change``: bring the state up to date, then tell every view (in this order:
        labels, document, matters, the edit itself, the selection)."""
        previous_document, previous_annotation = self.document_id, self.annotation_id
        if change.labels_changed:
            self.labels = self.project.labels.list()
        if change.reload or change.document_id != self.document_id:
            text = self.document_text
            self._reread(change.document_id or self.document_id)
            document_shown = self.document_id != previous_document or self.document_text != text
            change = change.as_reload()
        else:
            document_shown = False
            self._apply_rows(change)
        self.annotation_id = self._focus_after(change, previous_annotation)
        self._data_version = self.project.data_version()
        self._checkpoint.start()
        if change.labels_changed:
            self.labels_changed.emit()
        if document_shown:
            self.current_document_changed.emit(self.document_id)
        if change.matters_changed:
            self.matters_changed.emit()
        self.edited.emit(change)
        if self.annotation_id != previous_annotation:
            self.current_annotation_changed.emit(self.annotation_id)
        self.saved.emit(change.message)

    def command_failed(self, message: str) -> None:
        """A command could not be committed (nothing was written)."""
        if not self._quiet:
            self.failed.emit(message)

    def _apply_rows(self, change: Change) -> None:
        """One annotation added, removed or replaced in the current document: the list and the counts."""
        rows = self.annotations
        if change.removed is not None:
            position = self.position_of(change.removed)
            if position is not None:
                del rows[position]
        if change.added is not None:
            rows.insert(bisect.bisect_right(rows, _text_order(change.added), key=_text_order), change.added)
        index = next((i for i, row in enumerate(self.documents) if row.id == change.document_id), None)
        if index is not None:
            self.documents[index] = _counted(self.documents[index], change.removed, change.added)

    def _focus_after(self, change: Change, previous: str | None) -> str | None:
        focus = change.focus
        if focus is not None and (
            (change.added is not None and change.added.id == focus)
            or any(r.id == focus for r in self.annotations)
        ):
            return focus
        if previous is None or (change.removed is not None and change.removed.id == previous):
            return None
        if change.reload and not any(row.id == previous for row in self.annotations):
            return None
        return previous

    # ----- other connections ------------------------------------------------------------------------

    def check_external_changes(self) -> None:
        """Another window or the CLI committed to this file: re-read what is shown."""
        if self.project is None:
            return
        version = self.project.data_version()
        if version != self._data_version:
            self.reload()

    def reload(self) -> None:
        """Re-read everything from the project file (F5, or the poll saw another connection's commit)."""
        if self.project is None:
            return
        self._data_version = self.project.data_version()
        previous_document, previous_annotation, text = (
            self.document_id,
            self.annotation_id,
            self.document_text,
        )
        labels = self.project.labels.list()
        labels_changed, self.labels = labels != self.labels, labels
        self._reread(self.document_id)
        if previous_annotation is not None and not any(r.id == previous_annotation for r in self.annotations):
            self.annotation_id = None
        if labels_changed:
            self.labels_changed.emit()
        if self.document_id != previous_document or self.document_text != text:
            self.current_document_changed.emit(self.document_id)
        self.matters_changed.emit()
        self.reloaded.emit()
        if self.annotation_id != previous_annotation:
            self.current_annotation_changed.emit(self.annotation_id)
        self.status.emit("Showing the latest saved edits.", 3000)

    def _reread(self, target: str | None) -> None:
        """The document list, and ``target`` (or the first document, when it is gone) with its annotations."""
        self.documents = self.project.documents.list()
        if target is None or not any(row.id == target for row in self.documents):
            target = self.documents[0].id if self.documents else None
        if target != self.document_id:
            self.annotation_id = None
        self._load_document(target)

    def _load_document(self, document_id: str | None) -> None:
        self.document_id, self.document_text, self.annotations = None, "", []
        if document_id is None or self.project is None:
            return
        try:
            text = self.project.documents.text(document_id)
            annotations = self.project.annotations.for_document(document_id, preview=QUOTE_PREVIEW)
        except FactcheckError as exc:
            self.problem.emit("Cannot show the document", str(exc))
            return
        self.document_id, self.document_text, self.annotations = document_id, text, annotations
