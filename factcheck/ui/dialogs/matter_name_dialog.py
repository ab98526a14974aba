"""Asks for a matter's name (new or renamed), refusing a blank name or one another matter has."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from factcheck.domain import name_key
from factcheck.ui import palette
from factcheck.ui.models.annotation_table import elide


class MatterNameDialog(QDialog):
    """Asks for a matter's name (new or renamed); refuses a blank name or one another matter has.
    For a new matter it offers to put the selected annotation in it."""

    def __init__(
        self, title: str, name: str, taken: dict[str, str], parent: QWidget | None = None, *, annotation=None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._taken = taken  # name_key → name, without the matter being renamed
        self.name = QLineEdit(name, self)
        self.name.setAccessibleName("Matter name")
        self.name.setPlaceholderText("A question, e.g. Was the Rust set unsafe?")
        self.name.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 32)
        label = QLabel("&Name:", self)
        label.setBuddy(self.name)
        self.add_selected = QCheckBox(self)
        self.add_selected.setVisible(annotation is not None)
        if annotation is not None:
            self.add_selected.setText(
                f"&Add the selected {annotation.label_name}: “{elide(annotation.quote, 50)}”"
            )
            self.add_selected.setChecked(True)
        self.error = QLabel(self)
        self.error.setStyleSheet(f"color: {palette.ERROR}")
        self.error.setAccessibleName("Problem with the name")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.name, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.add_selected)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._check)
        self.name.selectAll()
        self._check()

    def _check(self) -> None:
        text = " ".join(self.name.text().split())
        other = self._taken.get(name_key(text)) if text else None
        self.error.setText(f"There is already a matter named “{other}”." if other else "")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(text) and other is None)

    def value(self) -> str:
        return " ".join(self.name.text().split())
