"""The main window: documents, reading pane and annotations; owns the undo stack and the actions."""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QSettings,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from factcheck.domain import AnnotationRow, FactcheckError, LabelRow
from factcheck.ui.article_view import ArticleView
from factcheck.ui.commands import Change, ChangeLabelCommand, TagCommand
from factcheck.ui.dialogs.labels_dialog import LabelsDialog
from factcheck.ui.dialogs.link_dialog import LinkDialog
from factcheck.ui.dialogs.properties_dialog import PropertiesDialog
from factcheck.ui.dialogs.versions_dialog import VersionsDialog
from factcheck.ui.document_commands import DeleteDocumentCommand, EditDocumentCommand, PlacementCommand
from factcheck.ui.filter_bar import FilterBar
from factcheck.ui.find_bar import FindBar
from factcheck.ui.import_controller import ImportController, ask_delete_document
from factcheck.ui.inspector import Inspector
from factcheck.ui.matters_panel import MattersPanel
from factcheck.ui.models.annotation_table import AnnotationTableModel
from factcheck.ui.models.document_table import DocumentTableModel
from factcheck.ui.models.rows_model import ID_ROLE, SORT_ROLE
from factcheck.ui.project_menu import ProjectMenu
from factcheck.ui.record_commands import DeleteAnnotationWithLinksCommand, LinkCommand, MembershipCommand
from factcheck.ui.review_panel import ReviewPanel
from factcheck.ui.search_dialog import SearchDialog
from factcheck.ui.tables import make_table
from factcheck.ui.timeline_panel import TimelinePanel

EXTERNAL_CHECK_MS = 1500
#: After edits stop for this long, the WAL is checkpointed so the edits survive a power cut too.
CHECKPOINT_AFTER_MS = 1000
#: Characters of each quote the list loads (the full quote stays in the file).
QUOTE_PREVIEW = 200
#: The timeline re-reads this long after the last edit (and only while it is shown).
TIMELINE_REFRESH_MS = 400
PROJECT_FILTER = "factcheck projects (*.factcheck *.sqlite *.db);;All files (*)"


def _text_order(row: AnnotationRow) -> tuple[int, int]:
    return row.start, row.end


class MainWindow(QMainWindow):
    """Composition: it is handed a way to open projects and to import files; it never holds a session."""

    changed = Signal()

    def __init__(self, settings: QSettings, open_project: Callable) -> None:
        super().__init__()
        self.settings = settings
        self._open_project = open_project
        self.last_dialog = None
        self.project = None
        self.document_id: str | None = None
        self.annotations: list[AnnotationRow] = []
        self.labels: list[LabelRow] = []
        self.last_error: str | None = None
        self._data_version = -1
        self._scroll_article = True
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle("factcheck")
        self.resize(1400, 860)
        self._build_panes()
        self._build_actions()
        self._build_menus()
        self._external_timer = QTimer(self)
        self._external_timer.setInterval(EXTERNAL_CHECK_MS)
        self._external_timer.timeout.connect(self.check_external_changes)
        self._checkpoint_timer = QTimer(self)
        self._checkpoint_timer.setSingleShot(True)
        self._checkpoint_timer.setInterval(CHECKPOINT_AFTER_MS)
        self._checkpoint_timer.timeout.connect(lambda: self.project and self.project.checkpoint())
        self._update_actions()
        self.statusBar().showMessage("Opening project…")

    # ----- construction ----------------------------------------------------------------------------

    def _build_panes(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.documents_model = DocumentTableModel(self)
        self.documents_proxy = QSortFilterProxyModel(self)
        self.documents_proxy.setSourceModel(self.documents_model)
        self.documents_proxy.setSortRole(SORT_ROLE)
        self.documents_view = make_table(splitter, self.documents_proxy, "Documents")
        self.documents_view.setSortingEnabled(True)
        self.documents_view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        header = self.documents_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        metrics = self.documents_view.fontMetrics()
        for column, sample in ((1, "Outlet"), (2, "2021-12-09"), (3, "Tags")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 20)
        self.documents_view.selectionModel().currentRowChanged.connect(self._document_row_changed)
        self.documents_view.customContextMenuRequested.connect(self._document_context_menu)

        centre = QWidget(splitter)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        self.find_bar = FindBar(centre)
        self.find_bar.hide()
        self.document_header = QLabel(centre)
        self.document_header.setTextFormat(Qt.TextFormat.PlainText)
        self.document_header.setWordWrap(True)
        self.document_header.setContentsMargins(24, 8, 24, 8)
        self.document_header.setAccessibleName("Document details")
        header_font = self.document_header.font()
        header_font.setBold(True)
        self.document_header.setFont(header_font)
        centre_layout.addWidget(self.document_header)
        self.article = ArticleView(centre)
        centre_layout.addWidget(self.find_bar)
        centre_layout.addWidget(self.article, 1)
        self.find_bar.find_requested.connect(self._find)
        self.find_bar.closed.connect(self.article.setFocus)
        self.article.annotation_clicked.connect(self.select_annotation)
        self.article.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.article.customContextMenuRequested.connect(self._article_context_menu)

        self.annotations_model = AnnotationTableModel(self)
        self.annotations_view = make_table(splitter, self.annotations_model, "Annotations of this document")
        # Fixed widths: ResizeToContents would read a thousand rows through data() on every change.
        header = self.annotations_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        metrics = self.annotations_view.fontMetrics()
        header.resizeSection(0, metrics.horizontalAdvance("counterclaim") + 40)
        header.resizeSection(2, metrics.horizontalAdvance("1000000–1000000") + 16)
        self.annotations_view.selectionModel().currentRowChanged.connect(self._annotation_row_changed)
        self.annotations_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.annotations_view.customContextMenuRequested.connect(self._annotation_context_menu)

        splitter.addWidget(self.documents_view)
        splitter.addWidget(centre)
        right = QWidget(splitter)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.filter_toggle = QToolButton(right)
        self.filter_toggle.setText("Filter…")
        self.filter_toggle.setCheckable(True)
        self.filter_toggle.setToolTip("Filter this document's annotations by label, claimant, verdict, matter, date")
        self.annotation_filter = FilterBar(right, show_document=False, columns=2)
        self.annotation_filter.hide()
        self.filter_toggle.toggled.connect(self.annotation_filter.setVisible)
        self.annotation_filter.changed.connect(lambda _filters: self._fill_list())
        self.changed.connect(self.annotation_filter.reload_choices)
        right_layout.addWidget(self.filter_toggle)
        right_layout.addWidget(self.annotation_filter)
        right_layout.addWidget(self.annotations_view, 1)
        self.annotations_view.setParent(right)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([260, 640, 300])
        self.setCentralWidget(splitter)
        self.inspector = Inspector(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector)
        self.inspector.link_requested.connect(self.link_selected)
        self.changed.connect(self.inspector.reload_choices)
        self.matters_dock = QDockWidget("Matters", self)
        self.matters_dock.setObjectName("matters-dock")
        self.matters_panel = MattersPanel(self, self.matters_dock)
        self.matters_dock.setWidget(self.matters_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.matters_dock)
        self.tabifyDockWidget(self.inspector, self.matters_dock)
        self.inspector.raise_()
        self._search_dialog = None
        self._labels_dialog = None
        self.timeline_dock = QDockWidget("Timeline", self)
        self.timeline_dock.setObjectName("timeline-dock")
        self.timeline = TimelinePanel(self.timeline_dock, settings=self.settings)
        self.timeline_dock.setWidget(self.timeline)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.timeline_dock)
        self.timeline_dock.hide()
        self.timeline.annotation_selected.connect(self._timeline_selected)
        self.timeline.annotation_opened.connect(self._timeline_opened)
        self._timeline_timer = QTimer(self)
        self._timeline_timer.setSingleShot(True)
        self._timeline_timer.setInterval(TIMELINE_REFRESH_MS)
        self._timeline_timer.timeout.connect(self._refresh_timeline)
        self.changed.connect(self._timeline_timer.start)
        self.timeline_dock.visibilityChanged.connect(lambda visible: visible and self._timeline_timer.start())
        self.review = ReviewPanel(self)
        self.review.hide()
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.review)
        self.review.decided.connect(self._review_decided)
        self.review.selected.connect(lambda annotation_id: self.select_annotation(annotation_id))
        self.setAcceptDrops(True)
        self.saved_label = QLabel("", self)
        self.saved_label.setAccessibleName("Save status")
        self.statusBar().addPermanentWidget(self.saved_label)

    def _action(self, text: str, shortcut: QKeySequence | str | None, slot, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        name = text.replace("&", "").rstrip("…")
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip or name} ({keys})" if keys else (tip or name))
        action.setStatusTip(tip or name)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.new_project_action = a("&New Project…", "Ctrl+Shift+N", self.new_project)
        self.open_project_action = a("&Open Project…", QKeySequence.StandardKey.Open, self.choose_project)
        self.save_as_action = a("Save Project &As…", QKeySequence.StandardKey.SaveAs, self.save_project_as)
        if self.save_as_action.shortcut().isEmpty():
            self.save_as_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.imports = ImportController(self)
        self.import_action = a("&Import Articles…", "Ctrl+I", self.imports.choose_files, "Import article files")
        self.import_folder_action = a("Import &Folder…", "Ctrl+Alt+I", self.imports.choose_folder)
        self.paste_action = a("New Document from &Clipboard", "Ctrl+Shift+V", self.imports.paste)
        self.url_action = a("Import from &URL…", "Ctrl+Shift+U", self.imports.ask_url)
        self.new_version_action = a(
            "Import New &Version…", "Ctrl+Shift+I", self.imports.choose_new_version,
            "Import a corrected or edited version of this article",
        )
        self.versions_action = a("&Versions…", "Ctrl+Shift+H", self.show_versions, "Earlier texts of this article")
        self.properties_action = a("&Properties…", "Alt+Return", self.edit_properties)
        self.delete_document_action = a("&Delete Document", "Ctrl+Shift+Del", self.delete_document)
        self.review_action = a("&Review Placements", "Ctrl+Shift+R", self.show_review)
        self.quit_action = a("&Quit", QKeySequence.StandardKey.Quit, self.close)
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo_action, self.redo_action):
            self.addAction(action)
        self.find_action = a("&Find in Article…", QKeySequence.StandardKey.Find, self.open_find)
        self.find_next_action = a("Find &Next", "F3", lambda: self.find_bar.request(backward=False))
        self.find_previous_action = a("Find &Previous", "Shift+F3", lambda: self.find_bar.request(backward=True))
        self.tag_actions: dict[str, QAction] = {}
        self.delete_action = a("&Delete Annotation", QKeySequence.StandardKey.Delete, self.delete_selected)
        self.link_action = a("&Link to Annotation…", "Ctrl+K", self.link_selected,
                             "Link the selected annotation: disputes, supports or repeats")
        self.inspector_action = a("&Inspector", "Ctrl+Shift+E", self.show_inspector, "Show the inspector")
        self.search_action = a("Find in &Project…", "Ctrl+Shift+F", self.show_search,
                               "Search all articles and annotations")
        self.labels_action = a("&Labels…", "Ctrl+Shift+L", self.show_labels,
                               "Add, rename, recolour, reorder labels; set their keys")
        self.matters_action = a("&Matters", "Ctrl+Shift+M", self.show_matters, "Show the matters panel")
        self.timeline_action = a("&Timeline", "Ctrl+Shift+T", self.show_timeline,
                                 "Claims and counterclaims of each matter on a time axis")
        self.switch_label_action = a(
            "&Switch Claim ⇄ Counterclaim", "Ctrl+T", self.switch_selected_label, "Switch the selected annotation's label"
        )
        self.zoom_in_action = a("Zoom &In", "Ctrl+=", lambda: self.article.zoom(1), "Larger text")
        self.zoom_in_action.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.zoom_out_action = a("Zoom &Out", "Ctrl+-", lambda: self.article.zoom(-1), "Smaller text")
        self.reload_action = a("&Reload from Project File", "F5", self.reload, "Show edits saved by other windows")
        self.annotator_action = a("Annotator &Name…", None, self.ask_annotator)
        self.undo_action.setToolTip("Undo (Ctrl+Z)")
        self.redo_action.setToolTip("Redo (Ctrl+Shift+Z)")
        # The menu says "Undo Tag as claim"; the toolbar keeps a short, steady label.
        self.undo_action.setIconText("Undo")
        self.redo_action.setIconText("Redo")

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.new_project_action, self.open_project_action])
        self.recent_menu = ProjectMenu("Open &Recent", self.settings, self.open_project_path, self)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.save_as_action)
        file_menu.addSeparator()
        file_menu.addActions([self.import_action, self.import_folder_action, self.paste_action, self.url_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.find_action, self.find_next_action, self.find_previous_action])
        edit_menu.addAction(self.search_action)
        document_menu = bar.addMenu("&Document")
        document_menu.addActions([self.properties_action, self.versions_action, self.new_version_action])
        document_menu.addAction(self.review_action)
        document_menu.addSeparator()
        document_menu.addAction(self.delete_document_action)
        self.annotate_menu = bar.addMenu("&Annotate")
        view_menu = bar.addMenu("&View")
        view_menu.addActions([self.zoom_in_action, self.zoom_out_action])
        view_menu.addSeparator()
        view_menu.addActions([self.inspector_action, self.matters_action, self.timeline_action])
        view_menu.addSeparator()
        view_menu.addAction(self.reload_action)
        settings_menu = bar.addMenu("&Settings")
        settings_menu.addActions([self.labels_action, self.annotator_action])
        self.toolbar = QToolBar("Annotate", self)
        self.toolbar.setObjectName("annotate-toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(self.toolbar)

    def _rebuild_label_actions(self) -> None:
        """Tag actions follow the project's labels (their names, colours and keys)."""
        for action in self.tag_actions.values():
            self.removeAction(action)
            action.deleteLater()
        self.tag_actions = {}
        self.annotate_menu.clear()
        self.toolbar.clear()
        for label in self.labels:
            action = self._action(
                f"Tag as {label.name}", label.shortcut or None, lambda _=False, lab=label: self.tag(lab),
                f"Tag the selected passage as {label.name}",
            )
            action.setIconText(f"{label.name.capitalize()}  [{label.shortcut}]" if label.shortcut else label.name)
            self.tag_actions[label.id] = action
            self.annotate_menu.addAction(action)
            self.toolbar.addAction(action)
        self.annotate_menu.addSeparator()
        self.annotate_menu.addActions([self.switch_label_action, self.link_action, self.delete_action])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.delete_action, self.undo_action, self.redo_action])

    # ----- project ---------------------------------------------------------------------------------

    def set_project(self, project) -> None:
        """Show ``project`` (closing the previous one); selects its first document."""
        if self.project is not None:
            self.project.close()
        self.project = project
        self.undo_stack.clear()
        self.document_id = None
        self.labels = project.labels.list()
        self._rebuild_label_actions()
        self.inspector.reload_choices()
        self.matters_panel.refresh()
        self.annotation_filter.set_project(project)
        self.timeline.set_project(project)
        project.annotator = str(self.settings.value("annotator", "") or "")
        self.recent_menu.add(project.path)
        self.settings.setValue("last_project", str(project.path))
        title = f"{project.name} — factcheck"
        if project.read_only:
            title += " [read-only]"
        self.setWindowTitle(title)
        self.reload_documents()
        if self.documents_proxy.rowCount():
            self.documents_view.selectRow(0)
        else:
            self._show_document(None)
        self._data_version = project.data_version()
        self._external_timer.start()
        self._update_actions()
        if project.read_only:
            self.saved_label.setText("Read-only: changes cannot be saved")
            self.statusBar().showMessage("This project file is read-only; you can read it but not change it.")
        else:
            self.saved_label.setText("✓ All changes saved")
            self.statusBar().showMessage(f"Opened {project.path}", 5000)
        if getattr(project, "backup_made", None):
            self.statusBar().showMessage(f"Upgraded the project; the old file was kept as {project.backup_made}")

    def open_project_path(self, path: Path | str) -> bool:
        try:
            project = self._open_project(Path(path))
        except FactcheckError as exc:
            self.report_error("Cannot open project", str(exc))
            return False
        self.set_project(project)
        return True

    def new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New Project", self.last_folder(), PROJECT_FILTER)
        if not path:
            return
        target = Path(path)
        if target.suffix == "":
            target = target.with_suffix(".factcheck")
        if target.exists():
            self.report_error("New Project", f"{target.name} already exists; choose Open Project to open it.")
            return
        self.open_project_path(target)

    def choose_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open Project", self.last_folder(), PROJECT_FILTER)
        if path:
            self.open_project_path(path)

    def save_project_as(self) -> None:
        if self.project is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Save Project As", self.last_folder(), PROJECT_FILTER)
        if path:
            self.save_project_to(Path(path))

    def save_project_to(self, target: Path) -> bool:
        """Copy the project to ``target`` and continue working in the copy."""
        if target.suffix == "":
            target = target.with_suffix(".factcheck")
        current_document = self.document_id
        try:
            copy = self.project.copy_to(target)
        except FactcheckError as exc:
            self.report_error("Save Project As", str(exc))
            return False
        if not self.open_project_path(copy):
            return False
        if current_document:
            self.select_document(current_document)
        self.statusBar().showMessage(f"Saved a copy as {copy}; you are now working in the copy.", 8000)
        return True

    def last_folder(self) -> str:
        if self.project is not None:
            return str(self.project.path.parent)
        return str(Path.home())

    # ----- documents -------------------------------------------------------------------------------

    def reload_documents(self) -> None:
        self.documents_model.set_rows(self.project.documents.list() if self.project else [])

    def select_document(self, document_id: str) -> None:
        row = self.documents_model.row_of(document_id)
        if row is None:
            return
        proxy_index = self.documents_proxy.mapFromSource(self.documents_model.index(row, 0))
        self.documents_view.selectRow(proxy_index.row())
        if self.document_id != document_id:
            self._show_document(document_id)

    def _document_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        document_id = current.data(ID_ROLE) if current.isValid() else None
        if document_id != self.document_id:
            self._show_document(document_id)

    def _show_document(self, document_id: str | None) -> None:
        self.document_id = document_id
        if document_id is None or self.project is None:
            self.annotations = []
            self.document_header.setText("")
            self.article.clear_article()
            self.annotations_model.set_rows([])
            self._update_actions()
            return
        try:
            text = self.project.documents.text(document_id)
            self.annotations = self.project.annotations.for_document(document_id, preview=QUOTE_PREVIEW)
        except FactcheckError as exc:
            self.report_error("Cannot show the document", str(exc))
            return
        self.article.set_article(text, self.annotations)
        self._fill_list()
        self._show_header(document_id)
        if self.review.isVisible():
            self._refresh_review()
        self._update_actions()

    def _show_header(self, document_id: str | None) -> None:
        row_index = self.documents_model.row_of(document_id) if document_id else None
        if row_index is None:
            self.document_header.setText("")
            return
        row = self.documents_model.row_at(row_index)
        details = [part for part in (row.author and f"by {row.author}", row.outlet) if part]
        if row.published_at:
            details.append(f"published {row.published_day} ({row.published_at.astimezone():%d %b %Y, %H:%M} your time)")
        self.document_header.setText(row.title + ("\n" + " · ".join(details) if details else ""))

    # ----- annotating ------------------------------------------------------------------------------

    def tag(self, label: LabelRow) -> None:
        """Tag the selected passage; with no selection, relabel the selected annotation."""
        if self.project is None or self.document_id is None:
            self.statusBar().showMessage("Open a document first.", 5000)
            return
        start, end = self.article.selected_span()
        if start == end:
            selected = self.selected_annotation()
            if selected is not None and selected.label_id != label.id:
                self.push(ChangeLabelCommand(self.project, selected, label, self.applied, self.failed))
                return
            self.statusBar().showMessage(
                f"Nothing to tag: select a passage in the article, then press "
                f"{label.shortcut or 'the key'} to tag it as {label.name}.", 8000
            )
            return
        self.push(TagCommand(self.project, self.document_id, start, end, label, self.applied, self.failed))

    def delete_selected(self) -> None:
        selected = self.selected_annotation()
        if selected is None:
            self.statusBar().showMessage("Nothing to delete: select an annotation first.", 5000)
            return
        dependents = self.project.annotations.dependents(selected.id)
        if dependents.links or dependents.matters:
            answer = QMessageBox.question(
                self,
                "Delete Annotation",
                f"Delete this {selected.label_name}? Its {dependents.summary} go with it "
                "(Edit ▸ Undo brings all of it back).",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.push(DeleteAnnotationWithLinksCommand(self.project, selected, self.applied, self.failed))

    def link_selected(self) -> None:
        """Link the selected annotation to another (any article): disputes, supports or repeats."""
        selected = self.selected_annotation()
        if selected is None:
            self.statusBar().showMessage("Select the annotation to link from first.", 5000)
            return
        dialog = LinkDialog(self.project, selected, self)
        self.last_dialog = dialog
        accepted = dialog.exec() == LinkDialog.DialogCode.Accepted
        self.last_dialog = None
        if not accepted or dialog.target_id is None:
            return
        self.push(LinkCommand(self.project, selected, dialog.target_id, dialog.relation, self.applied, self.failed))
        self._offer_shared_matter(selected.id, dialog.target_id)

    def _offer_shared_matter(self, source_id: str, target_id: str) -> None:
        """Linked annotations usually belong to one matter: offer to put the other one in it too."""
        source, target = self.project.annotations.get_many([source_id, target_id])
        missing = [(m, target) for m in source.matter_ids if m not in target.matter_ids]
        missing += [(m, source) for m in target.matter_ids if m not in source.matter_ids]
        if not missing:
            return
        matters = {m.id: m for m in self.project.matters.list()}
        matter_id, joining = missing[0]
        matter = matters.get(matter_id)
        if matter is None:
            return
        answer = QMessageBox.question(
            self, "Same Matter?", f"Put “{joining.quote[:80]}” in the matter “{matter.name}” too?"
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.push(MembershipCommand(self.project, matter, [joining.id], join=True, focus_id=source_id,
                                        notify=self.applied, fail=self.failed))

    def switch_selected_label(self) -> None:
        selected = self.selected_annotation()
        by_name = {label.name: label for label in self.labels}
        if selected is None or selected.label_name not in ("claim", "counterclaim"):
            self.statusBar().showMessage("Select a claim or counterclaim to switch.", 5000)
            return
        target = by_name["counterclaim" if selected.label_name == "claim" else "claim"]
        self.push(ChangeLabelCommand(self.project, selected, target, self.applied, self.failed))

    def change_label(self, row: AnnotationRow, label: LabelRow) -> None:
        if row.label_id != label.id:
            self.push(ChangeLabelCommand(self.project, row, label, self.applied, self.failed))

    def push(self, command) -> None:
        if self.project is None or self.project.read_only:
            self.statusBar().showMessage("This project is read-only; nothing can be changed.", 5000)
            return
        self.undo_stack.push(command)

    def applied(self, change: Change) -> None:
        """After a command committed: apply its change to the views (switching document if needed)."""
        if change.reload:
            self._reload_after(change)
        elif change.document_id != self.document_id:
            self.select_document(change.document_id)
            self.select_annotation(change.focus)
        else:
            self._apply_change(change)
            self._count_change(change)
        if self.review.isVisible():
            self._refresh_review()
        shown = self.inspector.row
        if shown is not None and change.added is not None and change.added.id == shown.id:
            self.inspector.show_annotation(shown.id)
        self._mark_saved(change.message or None)
        self.changed.emit()

    def _reload_after(self, change: Change) -> None:
        """A change to whole documents: re-read the list and show the document it concerns."""
        target = change.document_id or self.document_id
        if change.labels_changed:
            self.labels = self.project.labels.list()
            self._rebuild_label_actions()
            self._update_actions()
        self.reload_documents()
        if target is None or self.documents_model.row_of(target) is None:
            target = self.documents_model.row_at(0).id if self.documents_model.rowCount() else None
        self.document_id = None  # force a fresh read even when it is the same document
        if target is None:
            self._show_document(None)
        else:
            self.select_document(target)
            if change.focus:
                self.select_annotation(change.focus)

    def _position_of(self, row: AnnotationRow) -> int | None:
        """Where ``row`` sits in the text-ordered list: a bisection on its offsets, then its id."""
        position = bisect.bisect_left(self.annotations, _text_order(row), key=_text_order)
        while position < len(self.annotations) and _text_order(self.annotations[position]) == _text_order(row):
            if self.annotations[position].id == row.id:
                return position
            position += 1
        return self.annotations_model.row_of(row.id)  # offsets changed elsewhere: look it up by id

    def _apply_change(self, change: Change) -> None:
        filtering = self.annotation_filter.is_filtering()
        if change.removed is not None:
            position = self._position_of(change.removed)
            if position is not None:
                if not filtering:
                    self.annotations_model.remove_row(position)
                del self.annotations[position]
        focus_row = None
        if change.added is not None:
            focus_row = bisect.bisect_right(self.annotations, _text_order(change.added), key=_text_order)
            self.annotations.insert(focus_row, change.added)
            if not filtering:
                self.annotations_model.insert_row(focus_row, change.added)
        self.article.apply_change(change.added, change.removed)
        cursor = self.article.textCursor()
        if cursor.hasSelection():
            cursor.clearSelection()
            self.article.setTextCursor(cursor)
        if filtering:
            self._fill_list()
            self.select_annotation(change.focus, scroll=False)
        else:
            self._select_row(focus_row, scroll=False)

    def _fill_list(self) -> None:
        """The list shows the document's annotations, or those passing the list's filters."""
        if self.document_id is not None and self.annotation_filter.is_filtering():
            rows = self.project.annotations.filtered(
                self.document_id, self.annotation_filter.filters(), preview=QUOTE_PREVIEW
            )
        else:
            rows = self.annotations
        self.annotations_model.set_rows(rows)
        shown, total = len(rows), len(self.annotations)
        self.filter_toggle.setText(f"Filter ({shown} of {total})" if shown != total else "Filter…")

    def _refresh_annotations(self, focus: str | None) -> None:
        """Re-read the open document's annotations (after edits from another window)."""
        if self.document_id is None:
            return
        self.annotations = self.project.annotations.for_document(self.document_id, preview=QUOTE_PREVIEW)
        self.article.set_annotations(self.annotations)
        self._fill_list()
        self.select_annotation(focus, scroll=False)
        self._update_document_counts()

    def _count_change(self, change: Change) -> None:
        """Adjust the document's counts in the list by what one edit added and removed."""
        row_index = self.documents_model.row_of(change.document_id)
        if row_index is None:
            return
        row = self.documents_model.row_at(row_index)
        counts = {"annotation_count": row.annotation_count, "claim_count": row.claim_count,
                  "counterclaim_count": row.counterclaim_count}
        for annotation, step in ((change.removed, -1), (change.added, 1)):
            if annotation is None:
                continue
            counts["annotation_count"] += step
            if annotation.label_name in ("claim", "counterclaim"):
                counts[f"{annotation.label_name}_count"] += step
        self.documents_model.replace_row(row_index, dataclasses.replace(row, **counts))

    def _update_document_counts(self) -> None:
        row_index = self.documents_model.row_of(self.document_id)
        if row_index is None:
            return
        names = [a.label_name for a in self.annotations]
        row = dataclasses.replace(
            self.documents_model.row_at(row_index),
            annotation_count=len(names),
            claim_count=names.count("claim"),
            counterclaim_count=names.count("counterclaim"),
        )
        self.documents_model.replace_row(row_index, row)

    def failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        self.saved_label.setText("⚠ Last change not saved")
        self.report_error("Change not saved", message)

    def _mark_saved(self, message: str | None) -> None:
        if self.project is not None:
            self._data_version = self.project.data_version()
            self._checkpoint_timer.start()
        stamp = datetime.now().strftime("%H:%M:%S")
        self.saved_label.setText(f"✓ Saved {stamp}")
        if message:
            self.statusBar().showMessage(message, 5000)

    # ----- selection -------------------------------------------------------------------------------

    def selected_annotation(self) -> AnnotationRow | None:
        index = self.annotations_view.currentIndex()
        if not index.isValid() or not self.annotations_view.selectionModel().isRowSelected(index.row()):
            return None
        return self.annotations_model.row_at(index.row())

    def select_annotation(self, annotation_id: str | None, *, scroll: bool = True) -> None:
        self._select_row(self.annotations_model.row_of(annotation_id) if annotation_id else None, scroll=scroll)

    def _select_row(self, row: int | None, *, scroll: bool = True) -> None:
        selection = self.annotations_view.selectionModel()
        if row is None:
            selection.clearSelection()
            self.article.show_annotation(None)
            return
        annotation_id = self.annotations_model.row_at(row).id
        index = self.annotations_model.index(row, 0)
        self._scroll_article = scroll
        selection.setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self._scroll_article = True
        self.annotations_view.scrollTo(index)
        self.article.show_annotation(annotation_id, scroll=scroll)

    def _annotation_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        annotation_id = current.data(ID_ROLE) if current.isValid() else None
        self.article.show_annotation(annotation_id, scroll=self._scroll_article)
        self.inspector.show_annotation(annotation_id)
        if annotation_id and self.timeline_dock.isVisible():
            self.timeline.select_annotation(annotation_id)
        self._update_actions()

    # ----- navigation from other panels ------------------------------------------------------------

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

    # ----- documents: properties, versions, review, delete ------------------------------------------

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

    def show_search(self) -> None:
        if self._search_dialog is None:
            self._search_dialog = SearchDialog(self)
        self._search_dialog.show_dialog()

    def show_labels(self) -> None:
        if self._labels_dialog is None:
            self._labels_dialog = LabelsDialog(self)
        self._labels_dialog.show_dialog()

    def show_timeline(self) -> None:
        self.timeline_dock.show()
        self.timeline_dock.raise_()
        self.timeline.setFocus()

    def _refresh_timeline(self) -> None:
        if self.timeline_dock.isVisible() and self.project is not None:
            self.timeline.refresh()
            selected = self.selected_annotation()
            if selected is not None:
                self.timeline.select_annotation(selected.id)

    def _timeline_selected(self, annotation_id: str) -> None:
        """A mark clicked in the timeline selects the annotation everywhere (list, article, inspector)."""
        if annotation_id and (self.selected_annotation() is None or self.selected_annotation().id != annotation_id):
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
                self.statusBar().showMessage("Select the passage in the article where it belongs first.", 8000)
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

    # ----- find, menus, misc -----------------------------------------------------------------------

    def open_find(self) -> None:
        selected = self.article.textCursor().selectedText()
        self.find_bar.open_bar(selected if selected and "\u2029" not in selected else "")

    def _find(self, needle: str, backward: bool, case_sensitive: bool) -> None:
        if self.find_bar.from_start:
            cursor = self.article.textCursor()
            cursor.setPosition(cursor.selectionStart())
            self.article.setTextCursor(cursor)
        found = self.article.find(needle, backward=backward, case_sensitive=case_sensitive)
        self.find_bar.show_result(found)

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

    def _update_actions(self) -> None:
        writable = self.project is not None and not self.project.read_only
        has_document = self.document_id is not None
        for action in self.tag_actions.values():
            action.setEnabled(writable and has_document)
        self.delete_action.setEnabled(writable and has_document)
        self.link_action.setEnabled(writable and has_document)
        self.search_action.setEnabled(self.project is not None)
        self.labels_action.setEnabled(self.project is not None)
        self.switch_label_action.setEnabled(writable and has_document)
        for action in (self.import_action, self.import_folder_action, self.paste_action, self.url_action):
            action.setEnabled(writable)
        for action in (self.new_version_action, self.delete_document_action, self.properties_action):
            action.setEnabled(writable and has_document)
        self.versions_action.setEnabled(has_document)
        self.review_action.setEnabled(has_document)
        self.save_as_action.setEnabled(self.project is not None)
        for action in (self.find_action, self.find_next_action, self.find_previous_action):
            action.setEnabled(has_document)

    def check_external_changes(self) -> None:
        """Another window or the CLI committed to this file: re-read what is shown."""
        if self.project is None:
            return
        version = self.project.data_version()
        if version == self._data_version:
            return
        self._data_version = version
        self.reload()

    def reload(self) -> None:
        if self.project is None:
            return
        focus = self.selected_annotation()
        document_id = self.document_id
        self.reload_documents()
        if document_id and self.documents_model.row_of(document_id) is not None:
            self.select_document(document_id)
            self._refresh_annotations(focus.id if focus else None)
        self.statusBar().showMessage("Showing the latest saved edits.", 3000)

    def ask_annotator(self) -> None:
        current = self.project.annotator if self.project else ""
        name, ok = QInputDialog.getText(self, "Annotator Name", "Your name on new annotations:", text=current)
        if ok:
            self.settings.setValue("annotator", name.strip())
            if self.project is not None:
                self.project.annotator = name

    def report_error(self, title: str, message: str) -> None:
        """Show a problem without blocking (tests read ``last_error``)."""
        self.last_error = message
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._external_timer.stop()
        self.imports.cancel_all()  # a background import stops after its current file, which is committed
        self.imports.wait()
        if self.project is not None:
            self.project.close()
            self.project = None
        super().closeEvent(event)


