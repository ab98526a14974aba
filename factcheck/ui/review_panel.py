"""After a new version: the annotations that need a decision, old and new wording side by side."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
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

from factcheck.domain import AnnotationRow
from factcheck.ui.models.annotation_table import elide

STATUS_TEXT = {"needs_review": "needs review", "orphaned": "not found in this version"}


class ReviewPanel(QDockWidget):
    """Lists needs-review and orphaned annotations of the open document; emits the researcher's decision."""

    decided = Signal(str, str)  # annotation id, "accept" | "relocate" | "orphan"
    selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Review placements", parent)
        self.setObjectName("review-dock")
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
        self.accept_button.clicked.connect(lambda: self._decide("accept"))
        self.relocate_button.clicked.connect(lambda: self._decide("relocate"))
        self.orphan_button.clicked.connect(lambda: self._decide("orphan"))

    def set_rows(self, annotations: list[AnnotationRow], text: str, full_quote) -> None:
        """Show the annotations that need a decision; ``full_quote(id)`` reads an annotation's whole quote."""
        self._text = text
        self._full_quote = full_quote
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
        self.old_text.setPlainText(self._full_quote(row.id))
        if row.anchor_status == "orphaned":
            self.new_text.setPlainText("(no place found: select it in the article and use Selection)")
            self.accept_button.setEnabled(False)
        else:
            self.new_text.setPlainText(self._text[row.start : row.end])
        self.selected.emit(row.id)

    def _decide(self, action: str) -> None:
        annotation_id = self.current_id()
        if annotation_id:
            self.decided.emit(annotation_id, action)
