"""The current document's annotations in text order, with their filters (label, claimant, verdict, matter,
annotator, claim date). Selecting a row selects the annotation in the workspace, and the other way round."""

from __future__ import annotations

from contextlib import contextmanager

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtWidgets import QHeaderView, QToolButton, QVBoxLayout, QWidget

from factcheck.domain import FactcheckError
from factcheck.ui.commands.base import Change
from factcheck.ui.filter_bar import FilterBar
from factcheck.ui.models.annotation_table import BY_COLUMN, AnnotationTableModel
from factcheck.ui.models.rows_model import ID_ROLE
from factcheck.ui.tables import make_table
from factcheck.ui.window.layer_switch import LayerSwitch
from factcheck.ui.workspace import QUOTE_PREVIEW, Workspace, position_in


class AnnotationList(QWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._syncing = False
        self.filter_toggle = QToolButton(self)
        self.filter_toggle.setText("Filter…")
        self.filter_toggle.setCheckable(True)
        self.filter_toggle.setToolTip(
            "Filter this document's annotations by label, claimant, verdict, matter, date"
        )
        self.filter_bar = FilterBar(self, show_document=False, columns=2)
        self.filter_bar.hide()
        self.model = AnnotationTableModel(self)
        self.view = make_table(self, self.model, "Annotations of this document")
        # Fixed widths: ResizeToContents would read a thousand rows through data() on every change.
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        metrics = self.view.fontMetrics()
        header.resizeSection(0, metrics.horizontalAdvance("counterclaim") + 40)
        header.resizeSection(2, metrics.horizontalAdvance("1000000–1000000") + 16)
        # Who made each annotation: shown once the project has more than one annotator (or adjudication).
        header.setSectionResizeMode(BY_COLUMN, QHeaderView.ResizeMode.Interactive)
        self.view.setColumnHidden(BY_COLUMN, True)
        # Whose annotations are shown (a row of its own, shown once there is a choice or blind mode).
        self.layer_switch = LayerSwitch(workspace, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.layer_switch)
        layout.addWidget(self.filter_toggle)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.view, 1)
        self.filter_toggle.toggled.connect(self.filter_bar.setVisible)
        self.filter_bar.changed.connect(lambda _filters: self._fill())
        self.filter_bar.choices.follow(
            workspace.labels_changed, workspace.matters_changed, workspace.edited, workspace.reloaded
        )
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        workspace.project_opened.connect(lambda: self.filter_bar.set_project(workspace.project))
        workspace.current_document_changed.connect(lambda _id: self._fill())
        workspace.reloaded.connect(self._fill)
        workspace.edited.connect(self._edited)
        workspace.current_annotation_changed.connect(self._select)
        workspace.team_changed.connect(self._show_annotators)

    def _show_annotators(self) -> None:
        """The "By" column, once more than one person's annotations (or the adjudicated layer) exist."""
        team = self.workspace.team
        several = len(self.workspace.annotators) > 1 or team.has_adjudicated_layer or team.adjudication_open
        self.view.setColumnHidden(BY_COLUMN, not several)
        if several:  # as wide as the longest name (within reason), not a thousand rows read to measure
            metrics = self.view.fontMetrics()
            names = [row.name for row in self.workspace.annotators] + ["By"]
            widest = max(metrics.horizontalAdvance(name) for name in names)
            self.view.horizontalHeader().resizeSection(
                BY_COLUMN, min(widest, metrics.averageCharWidth() * 16) + 20
            )

    def shown_ids(self) -> list[str]:
        """The annotations the list shows (all of the document's, or those passing the filters)."""
        return [row.id for row in self.model.rows()]

    # ----- following the workspace ------------------------------------------------------------------

    def _fill(self) -> None:
        """Show the document's annotations, or those passing the filters (read from the project)."""
        workspace = self.workspace
        rows = workspace.annotations
        if workspace.document_id is not None and self.filter_bar.is_filtering():
            try:
                rows = workspace.project.annotations.filtered(
                    workspace.document_id,
                    workspace.layer_filters(self.filter_bar.filters()),
                    preview=QUOTE_PREVIEW,
                )
            except FactcheckError as exc:
                workspace.problem.emit("Cannot filter the list", str(exc))
        with self._quiet():
            self.model.set_rows(rows)
        shown, total = len(rows), len(workspace.annotations)
        self.filter_toggle.setText(f"Filter ({shown} of {total})" if shown != total else "Filter…")
        self._select(workspace.annotation_id)

    def _edited(self, change: Change) -> None:
        if change.reload or self.filter_bar.is_filtering():
            self._fill()
            return
        # One annotation added, removed or replaced: the same step the workspace took on its list (found by
        # bisection, not by an id lookup that would re-index 10k rows after every insert).
        inserted = None
        with self._quiet():
            if change.removed is not None:
                position = position_in(self.model.rows(), change.removed)
                if position is not None:
                    self.model.remove_row(position)
            if change.added is not None:
                inserted = self.workspace.position_of(change.added)
                if inserted is not None:
                    self.model.insert_row(inserted, change.added)
        if inserted is not None and change.added.id == self.workspace.annotation_id:
            self._select_row(inserted)
        else:
            self._select(self.workspace.annotation_id)

    def _select(self, annotation_id: str | None) -> None:
        """Show the workspace's selection (without telling the workspace back)."""
        current = self.view.currentIndex()
        if annotation_id and current.isValid() and current.data(ID_ROLE) == annotation_id:
            self._select_row(current.row())  # already there (just inserted, or clicked): no id lookup
            return
        self._select_row(self.model.row_of(annotation_id) if annotation_id else None)

    def _select_row(self, row: int | None) -> None:
        selection = self.view.selectionModel()
        with self._quiet():
            if row is None:
                selection.clearSelection()
                selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
                return
            index = self.model.index(row, 0)
            if self.view.currentIndex() != index or not selection.isRowSelected(row):
                flags = (
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                )
                selection.setCurrentIndex(index, flags)
            self.view.scrollTo(index)

    @contextmanager
    def _quiet(self):
        """Rows and selection change to show the workspace's state, not by a researcher's choice."""
        syncing, self._syncing = self._syncing, True
        try:
            yield
        finally:
            self._syncing = syncing

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._syncing:
            self.workspace.set_current_annotation(current.data(ID_ROLE) if current.isValid() else None)
