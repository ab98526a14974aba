"""Adjudication's "Write own…": the reviewer's own annotation for a unit — its label, verdict and claimant,
on the unit's passage or on the text selected in the article."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from factcheck.domain import LabelRow, Verdict
from factcheck.ui.models.annotation_table import elide


class OwnAnnotationDialog(QDialog):
    """``values()`` gives (label_id, start or None, end or None, record fields)."""

    def __init__(
        self,
        labels: list[LabelRow],
        *,
        passage: str,
        selection: tuple[int, int, str] | None,
        label_id: str | None = None,
        verdict: str | None = None,
        claimant: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Write Your Own Annotation")
        self.label = QComboBox(self)
        self.label.setAccessibleName("Label")
        for label in labels:
            self.label.addItem(label.name, label.id)
        if label_id is not None:
            self.label.setCurrentIndex(max(self.label.findData(label_id), 0))
        self.verdict = QComboBox(self)
        self.verdict.setAccessibleName("Verdict")
        for choice in Verdict:
            self.verdict.addItem(choice.title, choice.value)
        if verdict:
            self.verdict.setCurrentIndex(max(self.verdict.findData(verdict), 0))
        self.claimant = QLineEdit(claimant, self)
        self.claimant.setAccessibleName("Claimant")
        self.claimant.setPlaceholderText("who made the claim (optional)")
        self.on_unit = QRadioButton(f"The unit's passage: “{elide(passage, 70)}”", self)
        self.on_selection = QRadioButton(self)
        self._selection = selection
        if selection is not None:
            start, end, text = selection
            self.on_selection.setText(
                f"The text selected in the article ({start}–{end}): “{elide(text, 50)}”"
            )
            self.on_selection.setChecked(True)
        else:
            self.on_selection.setText("The text selected in the article (select a passage there first)")
            self.on_selection.setEnabled(False)
            self.on_unit.setChecked(True)
        form = QFormLayout()
        form.addRow("&Label:", self.label)
        form.addRow("&Verdict:", self.verdict)
        form.addRow("&Claimant:", self.claimant)
        where = QVBoxLayout()
        where.addWidget(self.on_unit)
        where.addWidget(self.on_selection)
        form.addRow("On:", where)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Decide")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> tuple[str, int | None, int | None, dict[str, str]]:
        record = {"verdict": self.verdict.currentData()}
        claimant = " ".join(self.claimant.text().split())
        if claimant:
            record["claimant"] = claimant
        start = end = None
        if self.on_selection.isChecked() and self._selection is not None:
            start, end, _text = self._selection
        return self.label.currentData(), start, end, record
