"""The main window: the layout (documents, article, annotations, docks), the menus, the toolbar and the
actions — nothing else. The state lives in the workspace; the work behind each action in its flow."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMessageBox, QSplitter, QToolBar

from factcheck.domain import LabelRow
from factcheck.ui.actions import action_with_key, make_action
from factcheck.ui.window.annotating import Annotating
from factcheck.ui.window.annotation_list import AnnotationList
from factcheck.ui.window.context_menus import ContextMenus
from factcheck.ui.window.document_actions import DocumentActions
from factcheck.ui.window.documents_panel import DocumentsPanel
from factcheck.ui.window.import_flow import ImportFlow
from factcheck.ui.window.inspector import Inspector
from factcheck.ui.window.layout_state import restore_layout, save_layout
from factcheck.ui.window.matters_panel import MattersPanel
from factcheck.ui.window.project_flow import ProjectFlow
from factcheck.ui.window.reading_pane import ReadingPane
from factcheck.ui.window.recent_menu import ProjectMenu
from factcheck.ui.window.review_panel import ReviewPanel
from factcheck.ui.window.team_menu import TeamMenu
from factcheck.ui.window.timeline_dock import TimelineDock
from factcheck.ui.workspace import Workspace


class MainWindow(QMainWindow):
    """Composition: handed the user's settings and a way to open project files; never holds a session."""

    def __init__(self, settings: QSettings, open_project: Callable) -> None:
        super().__init__()
        self.settings = settings
        self.workspace = Workspace(settings, open_project, self)
        self.setWindowTitle("factcheck")
        self._build_centre()
        self._build_docks()
        self.projects = ProjectFlow(self.workspace, self)
        self.imports = ImportFlow(self.workspace, self, self.projects.last_folder)
        self.annotating = Annotating(self.workspace, self.reading, self)
        self.document_actions = DocumentActions(self.workspace, self)
        self.menus = ContextMenus(self.workspace, self.annotating, self)
        self._exchange = None
        self._search_dialog = None
        self._labels_dialog = None
        self.tag_actions: dict[str, QAction] = {}
        self._build_actions()
        self._build_menus()
        self._connect()
        restore_layout(self, self.splitter, settings)
        self._update_actions()
        self.statusBar().showMessage("Opening project…")

    # ----- layout ------------------------------------------------------------------------------------

    def _build_centre(self) -> None:
        workspace = self.workspace
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main-splitter")
        self.documents = DocumentsPanel(workspace, self.splitter)
        self.reading = ReadingPane(workspace, self.splitter)
        self.article = self.reading.article
        self.annotation_list = AnnotationList(workspace, self.splitter)
        for index, stretch in enumerate((2, 5, 3)):
            self.splitter.setStretchFactor(index, stretch)
        self.splitter.setSizes([260, 640, 300])
        self.setCentralWidget(self.splitter)
        self.saved_label = QLabel("", self)
        self.saved_label.setAccessibleName("Save status")
        self.statusBar().addPermanentWidget(self.saved_label)
        self.setAcceptDrops(True)

    def _build_docks(self) -> None:
        workspace, navigation = self.workspace, self.reading
        self.inspector = Inspector(workspace, navigation, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector)
        self.matters_dock = QDockWidget("Matters", self)
        self.matters_dock.setObjectName("matters-dock")
        self.matters_panel = MattersPanel(workspace, navigation, self.matters_dock)
        self.matters_dock.setWidget(self.matters_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.matters_dock)
        self.tabifyDockWidget(self.inspector, self.matters_dock)
        self.inspector.raise_()
        self.timeline_dock = TimelineDock(workspace, navigation, self.settings, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.timeline_dock)
        self.timeline_dock.hide()
        self.review = ReviewPanel(workspace, navigation, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.review)
        self.review.hide()

    @property
    def timeline(self):
        """The timeline panel (None until the timeline was first shown)."""
        return self.timeline_dock.panel

    # ----- actions -----------------------------------------------------------------------------------

    def _action(self, text: str, slot, keys=None, tip: str = "") -> QAction:
        return make_action(self, text, slot, keys=keys, tip=tip, add_to=self)

    def _build_actions(self) -> None:
        a, projects, imports = self._action, self.projects, self.imports
        self.new_project_action = a("&New Project…", projects.new_project, "Ctrl+Shift+N")
        self.open_project_action = a("&Open Project…", projects.choose_project, QKeySequence.StandardKey.Open)
        self.save_as_action = a("Save Project &As…", projects.save_project_as, "Ctrl+Shift+S")
        self.import_action = a("&Import Articles…", imports.choose_files, "Ctrl+I", "Import article files")
        self.import_folder_action = a("Import &Folder…", imports.choose_folder, "Ctrl+Alt+I")
        self.paste_action = a("New Document from &Clipboard", imports.paste, "Ctrl+Shift+V")
        self.url_action = a("Import from &URL…", imports.ask_url, "Ctrl+Shift+U")
        self.export_action = a(
            "&Export…",
            lambda: self.exchange().export(),
            "Ctrl+E",
            "Export annotations: CSV, links CSV, W3C JSON-LD, REFI-QDA, ClaimReview",
        )
        self.import_annotations_action = a(
            "Import &Annotations…",
            lambda: self.exchange().import_annotations(),
            "Ctrl+Shift+A",
            "Import W3C JSON-LD or REFI-QDA annotations, or an edited factcheck CSV",
        )
        self.quit_action = a("&Quit", self.close, "Ctrl+Q")
        self.undo_action = a("&Undo", self.workspace.undo, QKeySequence.StandardKey.Undo, "Undo")
        self.redo_action = a("&Redo", self.workspace.redo, "Ctrl+Shift+Z", "Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        # The menu says "Undo Tag as claim"; the toolbar keeps a short, steady label.
        self.undo_action.setIconText("Undo")
        self.redo_action.setIconText("Redo")
        self._build_document_actions()
        self._build_annotate_actions()
        self._build_view_actions()
        self.team = TeamMenu(self.workspace, self.reading, self, (self.undo_action, self.redo_action))

    def _build_document_actions(self) -> None:
        a, documents, imports = self._action, self.document_actions, self.imports
        self.new_version_action = a(
            "Import New &Version…",
            imports.choose_new_version,
            "Ctrl+Shift+I",
            "Import a corrected or edited version of this article",
        )
        self.versions_action = a(
            "&Versions…", documents.show_versions, "Ctrl+Shift+H", "Earlier texts of this article"
        )
        self.properties_action = a("&Properties…", documents.edit_properties, "Alt+Return")
        self.delete_document_action = a("&Delete Document", documents.delete_document, "Ctrl+Shift+Del")
        self.review_action = a("&Review Placements", self.show_review, "Ctrl+Shift+R")

    def _build_annotate_actions(self) -> None:
        a, annotating = self._action, self.annotating
        self.delete_action = a("&Delete Annotation", annotating.delete, QKeySequence.StandardKey.Delete)
        self.link_action = a(
            "&Link to Annotation…",
            annotating.link,
            "Ctrl+K",
            "Link the selected annotation: disputes, supports or repeats",
        )
        self.switch_label_action = a(
            "&Switch Claim ⇄ Counterclaim",
            annotating.switch_label,
            "Ctrl+T",
            "Switch the selected annotation's label",
        )
        self.find_action = a("&Find in Article…", self.reading.open_find, QKeySequence.StandardKey.Find)
        self.find_next_action = a("Find &Next", lambda: self.reading.find_bar.request(backward=False), "F3")
        self.find_previous_action = a(
            "Find &Previous", lambda: self.reading.find_bar.request(backward=True), "Shift+F3"
        )
        self.search_action = a(
            "Find in &Project…", self.show_search, "Ctrl+Shift+F", "Search all articles and annotations"
        )

    def _build_view_actions(self) -> None:
        a, article = self._action, self.article
        self.inspector_action = a("&Inspector", self.show_inspector, "Ctrl+Shift+E", "Show the inspector")
        self.matters_action = a("&Matters", self.show_matters, "Ctrl+Shift+M", "Show the matters panel")
        self.timeline_action = a(
            "&Timeline",
            self.timeline_dock.show_panel,
            "Ctrl+Shift+T",
            "Claims and counterclaims of each matter on a time axis",
        )
        self.labels_action = a(
            "&Labels…",
            self.show_labels,
            "Ctrl+Shift+L",
            "Add, rename, recolour, reorder labels; set their keys",
        )
        self.zoom_in_action = a("Zoom &In", lambda: article.zoom(1), "Ctrl+=", "Larger text")
        self.zoom_in_action.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.zoom_out_action = a("Zoom &Out", lambda: article.zoom(-1), "Ctrl+-", "Smaller text")
        self.reload_action = a(
            "&Reload from Project File", self.workspace.reload, "F5", "Show edits saved by other windows"
        )
        self.annotator_action = a("Annotator &Name…", self.projects.ask_annotator)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.new_project_action, self.open_project_action])
        self.team.add_open_server(file_menu, self.projects)
        self.recent_menu = ProjectMenu("Open &Recent", self.settings, self.workspace.open_path, self)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.save_as_action)
        file_menu.addSeparator()
        file_menu.addActions(
            [self.import_action, self.import_folder_action, self.paste_action, self.url_action]
        )
        file_menu.addSeparator()
        file_menu.addActions([self.export_action, self.import_annotations_action])
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
        view_menu.addMenu(self.team.layer_menu(view_menu))
        view_menu.addSeparator()
        view_menu.addAction(self.reload_action)
        self.team.build_menu(bar)
        settings_menu = bar.addMenu("&Settings")
        settings_menu.addActions([self.labels_action, self.annotator_action])
        self.toolbar = QToolBar("Annotate", self)
        self.toolbar.setObjectName("annotate-toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(self.toolbar)
        menus = self.menus
        menus.label_actions = [self.switch_label_action, self.delete_action]
        menus.find_action = self.find_action
        menus.document_actions = [self.properties_action, self.versions_action, self.new_version_action, None]
        menus.document_actions.append(self.delete_document_action)

    def _rebuild_label_actions(self) -> None:
        """Tag actions follow the project's labels (their names, colours and keys)."""
        for action in self.tag_actions.values():
            self.removeAction(action)
            action.deleteLater()
        self.tag_actions = {}
        self.annotate_menu.clear()
        self.toolbar.clear()
        for label in self.workspace.labels:
            action = self._tag_action(label)
            self.tag_actions[label.id] = action
            self.annotate_menu.addAction(action)
            self.toolbar.addAction(action)
        self.annotate_menu.addSeparator()
        self.annotate_menu.addActions([self.switch_label_action, self.link_action, self.delete_action])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.delete_action, self.undo_action, self.redo_action])
        self.menus.tag_actions = list(self.tag_actions.values())
        self._update_actions()

    def _tag_action(self, label: LabelRow) -> QAction:
        action = self._action(
            f"Tag as {label.name}",
            lambda: self.annotating.tag(label),
            label.shortcut or None,
            f"Tag the selected passage as {label.name}",
        )
        action.setIconText(f"{label.name.capitalize()}  [{label.shortcut}]" if label.shortcut else label.name)
        return action

    def key_taken(self, shortcut: str) -> str | None:
        """The name of the window's action (not a tag action) that already has the key ``shortcut``."""
        return action_with_key(self.actions(), shortcut, skip=set(self.tag_actions.values()))

    def _update_actions(self) -> None:
        workspace = self.workspace
        has_project = workspace.project is not None
        writable = workspace.writable
        has_document = workspace.document_id is not None
        for action in (
            *self.tag_actions.values(),
            self.delete_action,
            self.link_action,
            self.switch_label_action,
        ):
            action.setEnabled(writable and has_document)
        for action in (self.search_action, self.export_action, self.labels_action, self.save_as_action):
            action.setEnabled(has_project)
        for action in (self.import_action, self.import_folder_action, self.paste_action, self.url_action):
            action.setEnabled(writable)
        self.import_annotations_action.setEnabled(writable)
        for action in (self.new_version_action, self.delete_document_action, self.properties_action):
            action.setEnabled(writable and has_document)
        for action in (self.versions_action, self.review_action, self.find_action):
            action.setEnabled(has_document)
        self.find_next_action.setEnabled(has_document)
        self.find_previous_action.setEnabled(has_document)

    # ----- following the workspace --------------------------------------------------------------------

    def _connect(self) -> None:
        workspace, menus = self.workspace, self.menus
        workspace.project_opened.connect(self._project_opened)
        workspace.labels_changed.connect(self._rebuild_label_actions)
        workspace.current_document_changed.connect(lambda _id: self._update_actions())
        workspace.saved.connect(self._saved)
        workspace.failed.connect(self._failed)
        workspace.problem.connect(self.report_error)
        workspace.status.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        workspace.connection_changed.connect(self._connection_changed)
        stack = workspace.undo_stack
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.undoTextChanged.connect(lambda text: self.undo_action.setText(f"&Undo {text}".strip()))
        stack.redoTextChanged.connect(lambda text: self.redo_action.setText(f"&Redo {text}".strip()))
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.inspector.link_requested.connect(self.annotating.link)
        self.imports.review_wanted.connect(self.show_review)
        self.article.customContextMenuRequested.connect(lambda point: menus.article(self.article, point))
        view = self.annotation_list.view
        view.customContextMenuRequested.connect(lambda point: menus.annotations(view, point))
        documents = self.documents.view
        documents.customContextMenuRequested.connect(lambda point: menus.documents(documents, point))

    def _project_opened(self) -> None:
        project = self.workspace.project
        if not getattr(project, "is_server", False):  # a server's address is not a file to reopen
            self.recent_menu.add(project.path)
        self.setWindowTitle(f"{project.name} — factcheck" + (" [read-only]" if project.read_only else ""))
        if project.read_only:
            self.saved_label.setText("Read-only: changes cannot be saved")
            self.statusBar().showMessage("This project file is read-only; you can read it but not change it.")
        else:
            self.saved_label.setText("✓ All changes saved")
            self.statusBar().showMessage(f"Opened {project.path}", 5000)
        if getattr(project, "backup_made", None):
            self.statusBar().showMessage(
                f"Upgraded the project; the old file was kept as {project.backup_made}"
            )
        self._update_actions()

    def _saved(self, message: str) -> None:
        self.saved_label.setText(f"✓ Saved {datetime.now():%H:%M:%S}")
        if message:
            self.statusBar().showMessage(message, 5000)

    def _connection_changed(self, connected: bool, why: str) -> None:
        if connected:
            self.saved_label.setText("✓ Connected again")
            self.statusBar().showMessage("The database server answers again; your work goes on.", 8000)
        else:
            self.saved_label.setText("⚠ Server out of reach: changes are not saved")
            self.statusBar().showMessage(why)

    def _failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        self.saved_label.setText("⚠ Last change not saved")
        self.report_error("Change not saved", message)

    def report_error(self, title: str, message: str) -> None:
        """Show a problem without blocking the window."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # ----- panels and dialogs ---------------------------------------------------------------------------

    def exchange(self):
        """The export and exchange-import flows (built on first use)."""
        if self._exchange is None:
            # Deferred import: export code loads SQLAlchemy, which must wait until after the first frame.
            from factcheck.ui.window.exchange_flow import ExchangeFlow

            self._exchange = ExchangeFlow(
                self.workspace,
                self,
                shown_ids=self.annotation_list.shown_ids,
                last_folder=self.projects.last_folder,
            )
        return self._exchange

    def search_dialog(self):
        if self._search_dialog is None:
            # Deferred import: the search dialog is built the first time it is asked for.
            from factcheck.ui.dialogs.search_dialog import SearchDialog

            self._search_dialog = SearchDialog(self.workspace, self.reading, self)
        return self._search_dialog

    def labels_dialog(self):
        if self._labels_dialog is None:
            # Deferred import: the labels dialog is built the first time it is asked for.
            from factcheck.ui.dialogs.labels_dialog import LabelsDialog

            undo = (self.undo_action, self.redo_action)
            self._labels_dialog = LabelsDialog(self.workspace, self.key_taken, undo, self)
        return self._labels_dialog

    def show_search(self) -> None:
        self.search_dialog().show_dialog()

    def show_labels(self) -> None:
        self.labels_dialog().show_dialog()

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

    # ----- the window ---------------------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths and self.workspace.writable:
            event.acceptProposedAction()
            self.imports.import_paths(paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the layout, let every background job finish or stop, and close the project."""
        save_layout(self, self.splitter, self.settings)
        self.workspace.close()
        super().closeEvent(event)
