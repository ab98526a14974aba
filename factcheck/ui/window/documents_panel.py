"""The documents list: title, outlet, date and annotation counts, newest first; selecting one shows it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QHeaderView, QVBoxLayout, QWidget

from factcheck.domain import DocumentRow
from factcheck.ui.commands.base import Change
from factcheck.ui.models.document_table import DocumentTableModel
from factcheck.ui.models.rows_model import ID_ROLE, SORT_ROLE
from factcheck.ui.tables import make_table
from factcheck.ui.workspace import Workspace


class DocumentsPanel(QWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._rows_shown: list[DocumentRow] | None = None
        self._syncing = False
        self.model = DocumentTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = make_table(self, self.proxy, "Documents")
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        metrics = self.view.fontMetrics()
        for column, sample in ((1, "Outlet"), (2, "2021-12-09"), (3, "Tags")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 20)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        workspace.project_opened.connect(self._sync)
        workspace.reloaded.connect(self._sync)
        workspace.current_document_changed.connect(lambda _id: self._sync())
        workspace.edited.connect(self._edited)

    def _edited(self, change: Change) -> None:
        if change.reload or self.workspace.documents is not self._rows_shown:
            self._sync()
            return
        # One annotation more or less: only that document's counts changed (the workspace's row).
        row = self.model.row_of(change.document_id) if change.document_id else None
        updated = self.workspace.document_row(change.document_id)
        if row is not None and updated is not None:
            self.model.replace_row(row, updated)

    def _sync(self) -> None:
        """Show the workspace's documents (unless already shown) and select the current one."""
        workspace = self.workspace
        self._syncing = True
        try:
            if workspace.documents is not self._rows_shown:
                self.model.set_rows(workspace.documents)
                self._rows_shown = workspace.documents
            row = self.model.row_of(workspace.document_id) if workspace.document_id else None
            if row is None:
                self.view.clearSelection()
                return
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if self.view.currentIndex().row() != index.row():
                self.view.selectRow(index.row())
            self.view.scrollTo(index)
        finally:
            self._syncing = False

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._syncing:
            self.workspace.set_current_document(current.data(ID_ROLE) if current.isValid() else None)
