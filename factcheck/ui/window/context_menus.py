"""Right-click menus of the article, the annotation list and the documents list: the window's own actions,
plus "Change Label To" for the annotation under the pointer."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTableView, QWidget

from factcheck.domain import AnnotationRow
from factcheck.ui.article_view import ArticleView
from factcheck.ui.window.annotating import Annotating
from factcheck.ui.workspace import Workspace


class ContextMenus:
    def __init__(self, workspace: Workspace, annotating: Annotating, parent: QWidget) -> None:
        self.workspace = workspace
        self.annotating = annotating
        self.parent = parent
        #: Set by the window once its actions exist.
        self.tag_actions: list[QAction] = []
        self.label_actions: list[QAction] = []  # switch claim ⇄ counterclaim, delete
        self.find_action: QAction | None = None
        self.document_actions: list[QAction | None] = []  # None: a separator

    def _label_menu(self, menu: QMenu, row: AnnotationRow) -> None:
        change = menu.addMenu("Change Label To")
        for label in self.workspace.labels:
            action = change.addAction(label.name)
            action.setEnabled(label.id != row.label_id)
            action.triggered.connect(lambda _=False, r=row, lab=label: self.annotating.change_label(r, lab))
        menu.addActions(self.label_actions)

    def article(self, article: ArticleView, point: QPoint) -> None:
        menu = QMenu(self.parent)
        menu.addActions(self.tag_actions)
        position = article.cursorForPosition(point).position()
        hits = article.annotations_at(article.offsets.to_code_point(position))
        if hits:
            self.workspace.set_current_annotation(hits[0].id)
            menu.addSeparator()
            self._label_menu(menu, hits[0])
        if self.find_action is not None:
            menu.addSeparator()
            menu.addAction(self.find_action)
        menu.exec(article.viewport().mapToGlobal(point))

    def annotations(self, view: QTableView, point: QPoint) -> None:
        index = view.indexAt(point)
        if not index.isValid():
            return
        menu = QMenu(self.parent)
        self._label_menu(menu, view.model().row_at(index.row()))
        menu.exec(view.viewport().mapToGlobal(point))

    def documents(self, view: QTableView, point: QPoint) -> None:
        if not view.indexAt(point).isValid():
            return
        menu = QMenu(self.parent)
        for action in self.document_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.exec(view.viewport().mapToGlobal(point))
