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
    AnnotatorRow,
    ConnectionLostError,
    DocumentRow,
    FactcheckError,
    Filters,
    LabelRow,
    Layer,
    LayerKind,
    TeamSettings,
)
from factcheck.ui.commands.base import Change
from factcheck.ui.jobs import Jobs

#: How often another connection's commits are looked for (one PRAGMA on a side connection).
EXTERNAL_CHECK_MS = 1500
#: How often a server out of reach is asked again (each try may wait for the network).
RECONNECT_CHECK_MS = 5000
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
    #: The layer shown changed (a ``Layer``); ``reloaded`` follows, so every view re-reads what it shows.
    layer_changed = Signal(object)
    #: The team settings (blind mode, adjudication) or the annotators one may see may have changed.
    team_changed = Signal()
    #: The database server went out of reach (False, why) or answers again (True, "").
    connection_changed = Signal(bool, str)

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
        #: Whose annotations the views show (the View ▸ Layer switch); see :meth:`shows`.
        self.layer = Layer.all()
        #: The project's team settings and the annotators the researcher may see.
        self.team = TeamSettings()
        self.annotators: list[AnnotatorRow] = []
        #: False while the database server cannot be reached (a file is always "connected").
        self.connected = True
        self._token = -1
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

    def load(self, location: Path | str):
        """Open the project at ``location`` — a file's path, or a server database's URL — and return it,
        without working in it yet (a background job may call this); raises FactcheckError."""
        return self._open_project(
            location if isinstance(location, str) and "://" in location else Path(location)
        )

    def open_path(self, path: Path | str) -> bool:
        """Open the project file at ``path`` (created if missing), or the server database at a URL, in
        place of the current one."""
        try:
            project = self.load(path)
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
        self.connected = True
        self._poll.setInterval(EXTERNAL_CHECK_MS)
        self.document_id, self.document_text, self.annotations, self.annotation_id = None, "", [], None
        self.team, self.annotators = self._read_team()
        # Once adjudication is open and has results, the window opens on them (as exports and timelines do).
        self.layer = self.team.output_layer if self.team.has_adjudicated_layer else Layer.all()
        self.labels = project.labels.list()
        self.documents = project.documents.list(self.layer)
        self._load_document(self.documents[0].id if self.documents else None)
        self._token = project.change_token()
        self._poll.start()
        self.project_opened.emit()
        self.layer_changed.emit(self.layer)
        self.team_changed.emit()
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
        if self.project is not None and not getattr(self.project, "annotator_fixed", False):
            self.project.annotator = name
            self.reload()  # blind mode shows the annotations of whoever you now are

    # ----- layers and the team ------------------------------------------------------------------------

    def set_layer(self, layer: Layer) -> bool:
        """Show ``layer`` (every annotator's, one annotator's, the adjudicated layer) in every view; False
        when it may not be shown (blind mode: another annotator's) — then ``problem`` says why."""
        if self.project is None:
            return False
        if layer == self.layer:
            return True
        self.about_to_change.emit()
        try:
            documents = self.project.documents.list(layer)
            annotations = self._read_annotations(self.document_id, layer)
        except FactcheckError as exc:
            self.problem.emit("Cannot show that layer", str(exc))
            return False
        self.layer, self.documents, self.annotations = layer, documents, annotations
        previous = self.annotation_id
        if previous is not None and not any(row.id == previous for row in annotations):
            self.annotation_id = None
        self.layer_changed.emit(layer)
        self.reloaded.emit()
        if self.annotation_id != previous:
            self.current_annotation_changed.emit(self.annotation_id)
        self.status.emit(f"Showing {self.layer_title(layer)}.", 4000)
        return True

    def layer_title(self, layer: Layer | None = None) -> str:
        """The layer in words ("every annotator's annotations", "ana's annotations"…)."""
        layer = self.layer if layer is None else layer
        if self.team.blind_active and layer.kind is not LayerKind.ADJUDICATED:
            return "your own annotations (blind mode)"
        if layer.kind is LayerKind.ADJUDICATED:
            return "the adjudicated layer"
        if layer.kind is LayerKind.ANNOTATOR:
            return f"{layer.annotator}'s annotations"
        return "every annotator's annotations"

    def shows(self, row: AnnotationRow) -> bool:
        """True when ``row`` belongs to the layer shown (the services' rule, for one row in hand)."""
        kind = self.layer.kind
        if kind is LayerKind.ADJUDICATED:
            return row.adjudicated
        if row.adjudicated:
            return False
        return kind is LayerKind.ALL or row.annotator == self.layer.annotator

    def shows_own(self) -> bool:
        """True when what you tag now shows in the layer shown (every annotator's, or your own)."""
        if self.project is None:
            return False
        kind = self.layer.kind
        return kind is LayerKind.ALL or (
            kind is LayerKind.ANNOTATOR and self.layer.annotator == self.project.annotator
        )

    def layer_filters(self, filters: Filters | None = None) -> Filters | None:
        """``filters`` narrowed to the layer shown (None: no filters and every annotator's layer)."""
        if self.layer == Layer.all():
            return filters
        return dataclasses.replace(filters or Filters(), layer=self.layer)

    def _read_team(self) -> tuple[TeamSettings, list[AnnotatorRow]]:
        return self.project.team_settings.settings(), self.project.team_settings.annotators()

    def _layer_allowed(self, team: TeamSettings) -> Layer:
        """The layer to show under ``team``: another annotator's layer gives way to your own in blind mode."""
        layer = self.layer
        if (
            team.blind_active
            and layer.kind is LayerKind.ANNOTATOR
            and layer.annotator != self.project.annotator
        ):
            self.status.emit(
                f"Blind mode is on: you see only your own annotations, not {layer.annotator}'s.", 8000
            )
            return Layer.all()
        return layer

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
        self._step(self.undo_stack.undo, self.undo_stack.index() - 1)

    def redo(self) -> None:
        self._flush()
        self._step(self.undo_stack.redo, self.undo_stack.index())

    def _step(self, step: Callable[[], None], position: int) -> None:
        """Undo or redo the command at ``position``; when it could not be committed, the stack goes back to
        where it was, so Edit ▸ Undo and Redo keep saying what the project holds."""
        stack = self.undo_stack
        index, command = stack.index(), stack.command(position) if 0 <= position < stack.count() else None
        step()
        if command is not None and getattr(command, "step_back_quietly", lambda: False)():
            stack.setIndex(index)

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
        team_changed = change.team_changed or (
            change.added is not None and change.added.annotator not in {a.name for a in self.annotators}
        )
        if team_changed:
            self.team, self.annotators = self._read_team()
            layer = self._layer_allowed(self.team)
            if layer != self.layer:
                self.layer = layer
                change = change.as_reload()
        change = self._in_layer(change)
        if change.reload or change.document_id != self.document_id:
            text = self.document_text
            self._reread(change.document_id or self.document_id)
            document_shown = self.document_id != previous_document or self.document_text != text
            change = change.as_reload()
        else:
            document_shown = False
            self._apply_rows(change)
        self.annotation_id = self._focus_after(change, previous_annotation)
        self._token = self.project.change_token()
        self._checkpoint.start()
        if not self.connected:
            self._set_connected(True)
        if team_changed:
            self.layer_changed.emit(self.layer)
            self.team_changed.emit()
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

    def command_failed(self, message: str, error: Exception | None = None) -> None:
        """A command could not be committed (nothing was written): the views stay as they were."""
        if isinstance(error, ConnectionLostError):
            self._set_connected(False, message)
        if not self._quiet:
            self.failed.emit(message)

    def _in_layer(self, change: Change) -> Change:
        """``change`` as the layer shown sees it: an annotation outside it neither enters nor leaves it."""
        added = change.added if change.added is not None and self.shows(change.added) else None
        removed = change.removed if change.removed is not None and self.shows(change.removed) else None
        if added is change.added and removed is change.removed:
            return change
        return dataclasses.replace(change, added=added, removed=removed)

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
        """Another window, another annotator or the CLI committed: re-read what is shown. While a server is
        out of reach, only ask whether it answers again (then catch up)."""
        if self.project is None:
            return
        if not self.connected:
            if self.project.change_token() != -1:
                self.reload()
            return
        if self.project.changed_since(self._token):
            self.reload()

    def reload(self) -> None:
        """Re-read everything (F5, or the poll saw another connection's commit). When the server cannot be
        reached, nothing shown changes and the window says so; the poll catches up once it answers."""
        if self.project is None:
            return
        try:
            token = self.project.change_token()
            team, annotators = self._read_team()
            layer = self._layer_allowed(team)
            labels = self.project.labels.list()
            documents = self.project.documents.list(layer)
            target = self.document_id
            if target is None or not any(row.id == target for row in documents):
                target = documents[0].id if documents else None
            text = self.project.documents.text(target) if target is not None else ""
            annotations = self._read_annotations(target, layer)
        except ConnectionLostError as exc:
            self._set_connected(False, str(exc))
            return
        except FactcheckError as exc:
            self.problem.emit("Cannot show the latest edits", str(exc))
            return
        previous_document, previous_annotation, previous_text = (
            self.document_id,
            self.annotation_id,
            self.document_text,
        )
        team_changed = (team, annotators) != (self.team, self.annotators) or layer != self.layer
        labels_changed = labels != self.labels
        self._token, self.team, self.annotators, self.layer, self.labels = (
            token,
            team,
            annotators,
            layer,
            labels,
        )
        self.documents, self.document_id, self.document_text, self.annotations = (
            documents,
            target,
            text,
            annotations,
        )
        if previous_annotation is not None and not any(r.id == previous_annotation for r in annotations):
            self.annotation_id = None
        if not self.connected:
            self._set_connected(True)
        if team_changed:
            self.layer_changed.emit(self.layer)
            self.team_changed.emit()
        if labels_changed:
            self.labels_changed.emit()
        if self.document_id != previous_document or self.document_text != previous_text:
            self.current_document_changed.emit(self.document_id)
        self.matters_changed.emit()
        self.reloaded.emit()
        if self.annotation_id != previous_annotation:
            self.current_annotation_changed.emit(self.annotation_id)
        self.status.emit("Showing the latest saved edits.", 3000)

    def _set_connected(self, connected: bool, why: str = "") -> None:
        """The server went out of reach (ask again less often) or answers again."""
        if connected == self.connected:
            return
        self.connected = connected
        self._poll.setInterval(EXTERNAL_CHECK_MS if connected else RECONNECT_CHECK_MS)
        self.connection_changed.emit(connected, why)

    def _reread(self, target: str | None) -> None:
        """The document list, and ``target`` (or the first document, when it is gone) with its annotations."""
        self.documents = self.project.documents.list(self.layer)
        if target is None or not any(row.id == target for row in self.documents):
            target = self.documents[0].id if self.documents else None
        if target != self.document_id:
            self.annotation_id = None
        self._load_document(target)

    def _read_annotations(self, document_id: str | None, layer: Layer) -> list[AnnotationRow]:
        if document_id is None:
            return []
        filters = None if layer == Layer.all() else Filters(layer=layer)
        return self.project.annotations.filtered(document_id, filters, preview=QUOTE_PREVIEW)

    def _load_document(self, document_id: str | None) -> None:
        """Show ``document_id`` (None: none); when it cannot be read, what is shown stays as it was."""
        if self.project is None or document_id is None:
            self.document_id, self.document_text, self.annotations = None, "", []
            return
        try:
            text = self.project.documents.text(document_id)
            annotations = self._read_annotations(document_id, self.layer)
        except FactcheckError as exc:
            if isinstance(exc, ConnectionLostError):
                self._set_connected(False, str(exc))
            self.problem.emit("Cannot show the document", str(exc))
            return
        self.document_id, self.document_text, self.annotations = document_id, text, annotations
