"""After a new version: the annotations that need a decision, old and new wording side by side."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from factcheck.domain import AnchorStatus, AnnotationRow, FactcheckError
from factcheck.ui.commands.documents import PlacementCommand, ReviewDecision
from factcheck.ui.models.annotation_table import elide
from factcheck.ui.navigation import Navigation
from factcheck.ui.refresh import WhenShown
from factcheck.ui.workspace import Workspace

STATUS_TEXT = {AnchorStatus.NEEDS_REVIEW: "needs review", AnchorStatus.ORPHANED: "not found in this version"}


class ReviewPanel(QDockWidget):
    """Lists the current document's needs-review and orphaned annotations; each decision is one undoable
    step (accept the proposed place, use the article's selection, or mark it not in the text)."""

    def __init__(self, workspace: Workspace, navigation: Navigation, parent: QWidget | None = None) -> None:
        super().__init__("Review placements", parent)
        self.setObjectName("review-dock")
        self.workspace = workspace
        self.navigation = navigation
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.summary = QLabel(body)
        self.summary.setWordWrap(True)
        self.items = QListWidget(body)
        self.items.setAccessibleName("Annotations to review")
        self.old_text = QPlainTextEdit(body)
        self.new_text = QPlainTextEdit(body)
        for box, name in (
            (self.old_text, "Annotated wording"),
            (self.new_text, "Proposed place in this version"),
        ):
            box.setReadOnly(True)
            box.setAccessibleName(name)
            box.setMaximumHeight(110)
        grid = QGridLayout()
        grid.addWidget(QLabel("Was annotated:", body), 0, 0)
        grid.addWidget(QLabel("Proposed place now:", body), 0, 1)
        grid.addWidget(self.old_text, 1, 0)
        grid.addWidget(self.new_text, 1, 1)
        grid.setRowStretch(1, 1)
        self.accept_button = QPushButton("&Accept Proposed Place (Ctrl+Return)", body)
        self.accept_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.relocate_button = QPushButton("Use &Selection in Article (Ctrl+L)", body)
        self.relocate_button.setShortcut(QKeySequence("Ctrl+L"))
        self.orphan_button = QPushButton("Mark &Not in Text (Ctrl+Shift+O)", body)
        self.orphan_button.setShortcut(QKeySequence("Ctrl+Shift+O"))
        # Docked along the bottom: the list, the two wordings side by side, then the decisions.
        left = QVBoxLayout()
        left.addWidget(self.summary)
        left.addWidget(self.items, 1)
        buttons = QVBoxLayout()
        for button in (self.accept_button, self.relocate_button, self.orphan_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addLayout(left, 2)
        row.addLayout(grid, 4)
        row.addLayout(buttons, 0)
        layout.addLayout(row)
        self.setWidget(body)
        self._rows: dict[str, AnnotationRow] = {}
        self._text = ""
        self.items.currentItemChanged.connect(self._show_current)
        self.accept_button.clicked.connect(lambda: self._decide(ReviewDecision.ACCEPT))
        self.relocate_button.clicked.connect(lambda: self._decide(ReviewDecision.RELOCATE))
        self.orphan_button.clicked.connect(lambda: self._decide(ReviewDecision.ORPHAN))
        WhenShown(self, self.refresh).follow(
            workspace.current_document_changed, workspace.edited, workspace.reloaded
        )

    def refresh(self) -> None:
        """Show the current document's annotations that need a decision."""
        self._text = self.workspace.document_text
        annotations = self.workspace.annotations
        pending = [a for a in annotations if a.anchor_status in STATUS_TEXT]
        current = self.current_id()
        self.items.clear()
        self._rows = {a.id: a for a in pending}
        for row in pending:
            label = f"{row.label_name} · {STATUS_TEXT[row.anchor_status]} ({row.anchor_confidence:.0%}): {elide(row.quote, 60)}"
            item = QListWidgetItem(label, self.items)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            if row.id == current:
                self.items.setCurrentItem(item)
        if self.items.currentItem() is None and self.items.count():
            self.items.setCurrentRow(0)
        self.summary.setText(
            f"{len(pending)} annotation{'s' if len(pending) != 1 else ''} to decide on."
            if pending
            else "Every annotation sits on the current text."
        )
        self._show_current()

    def current_id(self) -> str | None:
        item = self.items.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _show_current(self, *_args) -> None:
        annotation_id = self.current_id()
        row = self._rows.get(annotation_id) if annotation_id else None
        has = row is not None
        for button in (self.accept_button, self.relocate_button, self.orphan_button):
            button.setEnabled(has)
        if not has:
            self.old_text.setPlainText("")
            self.new_text.setPlainText("")
            return
        try:
            quote = self.workspace.project.annotations.get(row.id).quote
        except FactcheckError:
            quote = row.quote
        self.old_text.setPlainText(quote)
        if row.anchor_status == AnchorStatus.ORPHANED:
            self.new_text.setPlainText("(no place found: select it in the article and use Selection)")
            self.accept_button.setEnabled(False)
        else:
            self.new_text.setPlainText(self._text[row.start : row.end])
        self.workspace.set_current_annotation(row.id)

    def _decide(self, decision: ReviewDecision) -> None:
        row = self._rows.get(self.current_id() or "")
        if row is None:
            return
        span = None
        if decision is ReviewDecision.RELOCATE:
            start, end = self.navigation.selected_span()
            if start == end:
                self.workspace.status.emit("Select the passage in the article where it belongs first.", 8000)
                return
            span = (start, end)
        self.workspace.push(PlacementCommand(self.workspace, row, decision, span))
