"""The window's panels and dialogs: inspector, matters, timeline, search, labels, review, properties, versions, context menus, drops."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMenu

from factcheck.domain import AnnotationRow, FactcheckError
from factcheck.ui.dialogs.labels_dialog import LabelsDialog
from factcheck.ui.dialogs.properties_dialog import PropertiesDialog
from factcheck.ui.dialogs.versions_dialog import VersionsDialog
from factcheck.ui.document_commands import DeleteDocumentCommand, EditDocumentCommand, PlacementCommand
from factcheck.ui.import_controller import ask_delete_document
from factcheck.ui.search_dialog import SearchDialog


class PanelsMixin:
    """Part of MainWindow (see main_window.py): uses its widgets, project and undo stack."""

    def open_annotation(self, annotation_id: str) -> bool:
        """Show the annotation's document, select the annotation and scroll the article to it."""
        try:
            row = self.project.annotations.get(annotation_id)
        except FactcheckError as exc:
            self.report_error("Cannot open the annotation", str(exc))
            return False
        self.select_document(row.document_id)
        self.select_annotation(annotation_id)
        return True

    def open_passage(self, document_id: str, start: int, end: int) -> None:
        """Show a document with [start, end) (code points) selected and in view (a text search hit)."""
        self.select_document(document_id)
        self.article.select_span(start, end)
        self.article.centerCursor()
        self.article.setFocus()

    def current_document(self):
        row = self.documents_model.row_of(self.document_id) if self.document_id else None
        return self.documents_model.row_at(row) if row is not None else None

    def edit_properties(self) -> None:
        row = self.current_document()
        if row is None:
            return
        dialog = PropertiesDialog(row, self.project.versions.list(row.id), self)
        self.last_dialog = dialog
        accepted = dialog.exec() == PropertiesDialog.DialogCode.Accepted
        self.last_dialog = None
        if accepted:
            self.push(EditDocumentCommand(self.project, row.id, dialog.values(), self.applied, self.failed))

    def show_versions(self) -> None:
        row = self.current_document()
        if row is None:
            return
        versions = self.project.versions.list(row.id)
        current = max((v.number for v in versions), default=1)
        dialog = VersionsDialog(
            versions,
            current,
            lambda number: self.project.versions.text(row.id, number),
            lambda number: self.project.versions.original(row.id, number),
            self,
        )
        self.last_dialog = dialog
        dialog.exec()
        self.last_dialog = None

    def delete_document(self) -> None:
        row = self.current_document()
        if row is not None and ask_delete_document(self, row):
            self.push(DeleteDocumentCommand(self.project, row, self.applied, self.failed))

    def interchange(self):
        """The export and exchange-import flows (built on first use)."""
        if self._interchange is None:
            # Deferred import: export code loads SQLAlchemy, which must wait until after the first frame.
            from factcheck.ui.interchange_ui import InterchangeController

            self._interchange = InterchangeController(self)
        return self._interchange

    def export(self) -> None:
        self.interchange().export()

    def import_annotations(self) -> None:
        self.interchange().import_annotations()

    def show_search(self) -> None:
        if self._search_dialog is None:
            self._search_dialog = SearchDialog(self)
        self._search_dialog.show_dialog()

    def show_labels(self) -> None:
        if self._labels_dialog is None:
            self._labels_dialog = LabelsDialog(self)
        self._labels_dialog.show_dialog()

    def show_timeline(self) -> None:
        if self.timeline is None:
            # Deferred import: the timeline's modules load when it is first shown, not before the first frame.
            from factcheck.ui.timeline_panel import TimelinePanel

            self.timeline = TimelinePanel(self.timeline_dock, settings=self.settings)
            self.timeline_dock.setWidget(self.timeline)
            self.timeline.annotation_selected.connect(self._timeline_selected)
            self.timeline.annotation_opened.connect(self._timeline_opened)
            self.timeline.set_project(self.project)
        self.timeline_dock.show()
        self.timeline_dock.raise_()
        self.timeline.setFocus()

    def _refresh_timeline(self) -> None:
        if self.timeline is not None and self.timeline_dock.isVisible() and self.project is not None:
            self.timeline.refresh()
            selected = self.selected_annotation()
            if selected is not None:
                self.timeline.select_annotation(selected.id)

    def _timeline_selected(self, annotation_id: str) -> None:
        """A mark clicked in the timeline selects the annotation everywhere (list, article, inspector)."""
        if annotation_id and (
            self.selected_annotation() is None or self.selected_annotation().id != annotation_id
        ):
            self.open_annotation(annotation_id)

    def _timeline_opened(self, annotation_id: str) -> None:
        if self.open_annotation(annotation_id):
            self.article.setFocus()

    def show_matters(self) -> None:
        self.matters_dock.show()
        self.matters_dock.raise_()
        self.matters_panel.setFocus()

    def show_inspector(self) -> None:
        self.inspector.show()
        self.inspector.raise_()
        self.inspector.label.setFocus()

    def show_review(self) -> None:
        self.review.show()
        self.review.raise_()
        self._refresh_review()

    def _refresh_review(self) -> None:
        self.review.set_rows(
            self.annotations,
            self.project.documents.text(self.document_id) if self.document_id else "",
            lambda annotation_id: self.project.annotations.get(annotation_id).quote,
        )

    def _review_decided(self, annotation_id: str, action: str) -> None:
        position = self.annotations_model.row_of(annotation_id)
        if position is None:
            return
        row = self.annotations_model.row_at(position)
        span = None
        if action == "relocate":
            start, end = self.article.selected_span()
            if start == end:
                self.statusBar().showMessage(
                    "Select the passage in the article where it belongs first.", 8000
                )
                return
            span = (start, end)
        self.push(PlacementCommand(self.project, row, action, self.applied, self.failed, span=span))

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths and self.project is not None and not self.project.read_only:
            event.acceptProposedAction()
            self.imports.import_paths(paths)

    def _label_menu(self, menu: QMenu, row: AnnotationRow) -> None:
        change = menu.addMenu("Change Label To")
        for label in self.labels:
            action = change.addAction(label.name)
            action.setEnabled(label.id != row.label_id)
            action.triggered.connect(lambda _=False, r=row, lab=label: self.change_label(r, lab))
        menu.addAction(self.switch_label_action)
        menu.addAction(self.delete_action)

    def _article_context_menu(self, point) -> None:
        menu = QMenu(self)
        for action in self.tag_actions.values():
            menu.addAction(action)
        position = self.article.cursorForPosition(point).position()
        hits = self.article.annotations_at(self.article.offsets.to_code_point(position))
        if hits:
            self.select_annotation(hits[0].id)
            menu.addSeparator()
            self._label_menu(menu, hits[0])
        menu.addSeparator()
        menu.addAction(self.find_action)
        menu.exec(self.article.viewport().mapToGlobal(point))

    def _document_context_menu(self, point) -> None:
        if not self.documents_view.indexAt(point).isValid():
            return
        menu = QMenu(self)
        menu.addActions([self.properties_action, self.versions_action, self.new_version_action])
        menu.addSeparator()
        menu.addAction(self.delete_document_action)
        menu.exec(self.documents_view.viewport().mapToGlobal(point))

    def _annotation_context_menu(self, point) -> None:
        index = self.annotations_view.indexAt(point)
        if not index.isValid():
            return
        menu = QMenu(self)
        self._label_menu(menu, self.annotations_model.row_at(index.row()))
        menu.exec(self.annotations_view.viewport().mapToGlobal(point))
