"""The centre of the window: the document's header, the find bar and the article with its highlights.
It follows the workspace's current document and annotation, and is the window's ``Navigation``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from factcheck.domain import AnnotationRow
from factcheck.ui.article_view import ArticleView
from factcheck.ui.commands.base import Change
from factcheck.ui.window.find_bar import FindBar
from factcheck.ui.workspace import Workspace

#: A selection longer than this is not offered as a search.
SEARCH_SELECTION_CHARS = 200


class ReadingPane(QWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._rows_shown: list[AnnotationRow] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = QLabel(self)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setWordWrap(True)
        self.header.setContentsMargins(24, 8, 24, 8)
        self.header.setAccessibleName("Document details")
        font = self.header.font()
        font.setBold(True)
        self.header.setFont(font)
        self.find_bar = FindBar(self)
        self.find_bar.hide()
        self.article = ArticleView(self)
        layout.addWidget(self.header)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.article, 1)
        self.find_bar.find_requested.connect(self._find)
        self.find_bar.closed.connect(self.article.setFocus)
        self.article.annotation_clicked.connect(workspace.set_current_annotation)
        self.article.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        workspace.current_document_changed.connect(self._show_document)
        workspace.current_annotation_changed.connect(self.article.show_annotation)
        workspace.edited.connect(self._edited)
        workspace.reloaded.connect(self._reread)

    # ----- following the workspace ------------------------------------------------------------------

    def _show_document(self, _document_id: str | None) -> None:
        workspace = self.workspace
        self.article.set_article(workspace.document_text, workspace.annotations)
        self._rows_shown = workspace.annotations
        self._show_header()

    def _edited(self, change: Change) -> None:
        if change.reload:
            self._reread()
            return
        self.article.apply_change(change.added, change.removed)
        cursor = self.article.textCursor()
        if cursor.hasSelection():  # what was tagged is highlighted now
            cursor.clearSelection()
            self.article.setTextCursor(cursor)

    def _reread(self) -> None:
        """Everything may have changed: the highlights (unless just shown) and the header."""
        if self.workspace.annotations is not self._rows_shown:
            self.article.set_annotations(self.workspace.annotations)
            self._rows_shown = self.workspace.annotations
        self.article.show_annotation(self.workspace.annotation_id, reveal=False)
        self._show_header()

    def _show_header(self) -> None:
        row = self.workspace.document_row()
        if row is None:
            self.header.setText("")
            self.header.setToolTip("")
            return
        details = [part for part in (row.author and f"by {row.author}", row.outlet) if part]
        if row.published_at:
            # The day the article bears; the exact instant, in the researcher's time, is in the tooltip.
            details.append(f"published {row.published_day}")
        self.header.setToolTip(
            f"Published at {row.published_at.astimezone():%Y-%m-%d %H:%M %Z} (your time)"
            if row.published_at
            else ""
        )
        self.header.setText(row.title + ("\n" + " · ".join(details) if details else ""))

    # ----- find ---------------------------------------------------------------------------------------

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

    # ----- Navigation ---------------------------------------------------------------------------------

    def open_annotation(self, annotation_id: str) -> bool:
        return self.workspace.open_annotation(annotation_id)

    def open_passage(self, document_id: str, start: int, end: int) -> None:
        self.workspace.set_current_document(document_id)
        if self.workspace.document_id != document_id:
            return
        self.article.select_span(start, end)
        self.article.centerCursor()
        self.article.setFocus()

    def selected_annotation(self) -> AnnotationRow | None:
        return self.workspace.annotation_row()

    def selected_span(self) -> tuple[int, int]:
        return self.article.selected_span()

    def selected_text(self) -> str:
        text = self.article.textCursor().selectedText()
        if not text or "\u2029" in text or len(text) > SEARCH_SELECTION_CHARS:
            return ""
        return " ".join(text.split())

    def focus_article(self) -> None:
        self.article.setFocus()
