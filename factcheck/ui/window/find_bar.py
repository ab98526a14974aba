"""The find bar above the reading pane (Ctrl+F; F3 / Shift+F3 for next and previous)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


class FindBar(QWidget):
    find_requested = Signal(str, bool, bool)  # needle, backward, case sensitive
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Find in article")
        self.field.setAccessibleName("Find in article")
        self.field.setClearButtonEnabled(True)
        self.case = QCheckBox("Match case", self)
        self.status = QLabel(self)
        previous = QToolButton(self)
        previous.setText("↑")
        previous.setToolTip("Find previous (Shift+F3)")
        following = QToolButton(self)
        following.setText("↓")
        following.setToolTip("Find next (F3)")
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        layout.addWidget(QLabel("Find:", self))
        layout.addWidget(self.field, 1)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(self.case)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.field.returnPressed.connect(lambda: self.request(backward=False))
        self.field.textEdited.connect(lambda _text: self.request(backward=False, from_start=True))
        previous.clicked.connect(lambda: self.request(backward=True))
        following.clicked.connect(lambda: self.request(backward=False))
        close.clicked.connect(self.close_bar)
        self._from_start = False

    def open_bar(self, initial: str = "") -> None:
        if initial:
            self.field.setText(initial)
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def request(self, *, backward: bool, from_start: bool = False) -> None:
        self._from_start = from_start
        if self.field.text():
            self.find_requested.emit(self.field.text(), backward, self.case.isChecked())

    @property
    def from_start(self) -> bool:
        return self._from_start

    def show_result(self, found: bool) -> None:
        self.status.setText("" if found else "Not found")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)
