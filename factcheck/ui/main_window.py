"""The main window: documents, reading pane and annotations; owns the undo stack and the actions."""

from __future__ import annotations

from collections.abc import Callable

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
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from factcheck.domain import AnnotationRow, FactcheckError, LabelRow
from factcheck.ui.article_view import ArticleView
from factcheck.ui.filter_bar import FilterBar
from factcheck.ui.find_bar import FindBar
from factcheck.ui.import_controller import ImportController
from factcheck.ui.inspector import Inspector
from factcheck.ui.matters_panel import MattersPanel
from factcheck.ui.models.annotation_table import AnnotationTableModel
from factcheck.ui.models.document_table import DocumentTableModel
from factcheck.ui.models.rows_model import ID_ROLE, SORT_ROLE
from factcheck.ui.project_menu import ProjectMenu
from factcheck.ui.review_panel import ReviewPanel
from factcheck.ui.tables import make_table
from factcheck.ui.window_edits import QUOTE_PREVIEW, EditsMixin
from factcheck.ui.window_panels import PanelsMixin
from factcheck.ui.window_project import ProjectMixin

EXTERNAL_CHECK_MS = 1500
#: After edits stop for this long, the WAL is checkpointed so the edits survive a power cut too.
CHECKPOINT_AFTER_MS = 1000
#: The timeline re-reads this long after the last edit (and only while it is shown).
TIMELINE_REFRESH_MS = 400


class MainWindow(ProjectMixin, EditsMixin, PanelsMixin, QMainWindow):
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
        self.filter_toggle.setToolTip(
            "Filter this document's annotations by label, claimant, verdict, matter, date"
        )
        self.annotation_filter = FilterBar(right, show_document=False, columns=2)
        self.annotation_filter.hide()
        self.filter_toggle.toggled.connect(self._toggle_filter)
        self.annotation_filter.changed.connect(lambda _filters: self._fill_list())
        self.changed.connect(self._filter_choices_changed)
        self._filter_choices_dirty = False
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
        self.changed.connect(self.inspector.choices_changed)
        self.matters_dock = QDockWidget("Matters", self)
        self.matters_dock.setObjectName("matters-dock")
        self.matters_panel = MattersPanel(self, self.matters_dock)
        self.matters_dock.setWidget(self.matters_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.matters_dock)
        self.tabifyDockWidget(self.inspector, self.matters_dock)
        self.inspector.raise_()
        self._search_dialog = None
        self._labels_dialog = None
        self._interchange = None
        self.timeline_dock = QDockWidget("Timeline", self)
        self.timeline_dock.setObjectName("timeline-dock")
        self.timeline = None  # built on first show: its modules would delay the first frame
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.timeline_dock)
        self.timeline_dock.hide()
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
        self.import_action = a(
            "&Import Articles…", "Ctrl+I", self.imports.choose_files, "Import article files"
        )
        self.import_folder_action = a("Import &Folder…", "Ctrl+Alt+I", self.imports.choose_folder)
        self.paste_action = a("New Document from &Clipboard", "Ctrl+Shift+V", self.imports.paste)
        self.url_action = a("Import from &URL…", "Ctrl+Shift+U", self.imports.ask_url)
        self.new_version_action = a(
            "Import New &Version…",
            "Ctrl+Shift+I",
            self.imports.choose_new_version,
            "Import a corrected or edited version of this article",
        )
        self.versions_action = a(
            "&Versions…", "Ctrl+Shift+H", self.show_versions, "Earlier texts of this article"
        )
        self.properties_action = a("&Properties…", "Alt+Return", self.edit_properties)
        self.delete_document_action = a("&Delete Document", "Ctrl+Shift+Del", self.delete_document)
        self.review_action = a("&Review Placements", "Ctrl+Shift+R", self.show_review)
        self.export_action = a(
            "&Export…",
            "Ctrl+E",
            self.export,
            "Export annotations: CSV, links CSV, W3C JSON-LD, REFI-QDA, ClaimReview",
        )
        self.import_annotations_action = a(
            "Import &Annotations…",
            "Ctrl+Shift+A",
            self.import_annotations,
            "Import W3C JSON-LD or REFI-QDA annotations, or an edited factcheck CSV",
        )
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
        self.find_previous_action = a(
            "Find &Previous", "Shift+F3", lambda: self.find_bar.request(backward=True)
        )
        self.tag_actions: dict[str, QAction] = {}
        self.delete_action = a("&Delete Annotation", QKeySequence.StandardKey.Delete, self.delete_selected)
        self.link_action = a(
            "&Link to Annotation…",
            "Ctrl+K",
            self.link_selected,
            "Link the selected annotation: disputes, supports or repeats",
        )
        self.inspector_action = a("&Inspector", "Ctrl+Shift+E", self.show_inspector, "Show the inspector")
        self.search_action = a(
            "Find in &Project…", "Ctrl+Shift+F", self.show_search, "Search all articles and annotations"
        )
        self.labels_action = a(
            "&Labels…",
            "Ctrl+Shift+L",
            self.show_labels,
            "Add, rename, recolour, reorder labels; set their keys",
        )
        self.matters_action = a("&Matters", "Ctrl+Shift+M", self.show_matters, "Show the matters panel")
        self.timeline_action = a(
            "&Timeline",
            "Ctrl+Shift+T",
            self.show_timeline,
            "Claims and counterclaims of each matter on a time axis",
        )
        self.switch_label_action = a(
            "&Switch Claim ⇄ Counterclaim",
            "Ctrl+T",
            self.switch_selected_label,
            "Switch the selected annotation's label",
        )
        self.zoom_in_action = a("Zoom &In", "Ctrl+=", lambda: self.article.zoom(1), "Larger text")
        self.zoom_in_action.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.zoom_out_action = a("Zoom &Out", "Ctrl+-", lambda: self.article.zoom(-1), "Smaller text")
        self.reload_action = a(
            "&Reload from Project File", "F5", self.reload, "Show edits saved by other windows"
        )
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
        file_menu.addActions(
            [self.import_action, self.import_folder_action, self.paste_action, self.url_action]
        )
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
                f"Tag as {label.name}",
                label.shortcut or None,
                lambda _=False, lab=label: self.tag(lab),
                f"Tag the selected passage as {label.name}",
            )
            action.setIconText(
                f"{label.name.capitalize()}  [{label.shortcut}]" if label.shortcut else label.name
            )
            self.tag_actions[label.id] = action
            self.annotate_menu.addAction(action)
            self.toolbar.addAction(action)
        self.annotate_menu.addSeparator()
        self.annotate_menu.addActions([self.switch_label_action, self.link_action, self.delete_action])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.delete_action, self.undo_action, self.redo_action])

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
            # The day the article bears; the exact instant, in the researcher's time, is in the tooltip.
            details.append(f"published {row.published_day}")
        self.document_header.setToolTip(
            f"Published at {row.published_at.astimezone():%Y-%m-%d %H:%M %Z} (your time)"
            if row.published_at
            else ""
        )
        self.document_header.setText(row.title + ("\n" + " · ".join(details) if details else ""))

    # ----- selection -------------------------------------------------------------------------------

    def selected_annotation(self) -> AnnotationRow | None:
        index = self.annotations_view.currentIndex()
        if not index.isValid() or not self.annotations_view.selectionModel().isRowSelected(index.row()):
            return None
        return self.annotations_model.row_at(index.row())

    def select_annotation(self, annotation_id: str | None, *, scroll: bool = True) -> None:
        self._select_row(
            self.annotations_model.row_of(annotation_id) if annotation_id else None, scroll=scroll
        )

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
        if annotation_id and self.timeline is not None and self.timeline_dock.isVisible():
            self.timeline.select_annotation(annotation_id)
        self._update_actions()

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

    def _toggle_filter(self, shown: bool) -> None:
        if shown and self._filter_choices_dirty:
            self._filter_choices_dirty = False
            self.annotation_filter.reload_choices()
        self.annotation_filter.setVisible(shown)

    def _filter_choices_changed(self) -> None:
        """The filter's choices (labels, claimants, annotators…) are re-read only while it is shown."""
        if self.annotation_filter.isVisible():
            self.annotation_filter.reload_choices()
        else:
            self._filter_choices_dirty = True

    def _update_actions(self) -> None:
        writable = self.project is not None and not self.project.read_only
        has_document = self.document_id is not None
        for action in self.tag_actions.values():
            action.setEnabled(writable and has_document)
        self.delete_action.setEnabled(writable and has_document)
        self.link_action.setEnabled(writable and has_document)
        self.search_action.setEnabled(self.project is not None)
        self.export_action.setEnabled(self.project is not None)
        self.import_annotations_action.setEnabled(writable)
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
