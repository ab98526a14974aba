"""File ▸ Export…: the format, the scope (project, document, matter, what the list shows) and the file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from factcheck.services.export_source import Scope
from factcheck.services.interchange import ExportFormat


class ExportDialog(QDialog):
    """Choose what to export and where; ``format``, ``scope()``, ``path`` and ``bom`` hold the choice.

    ``matters`` are (id, name) pairs; ``document_id`` the current document (None: none); ``shown_ids`` the
    annotations the list shows; ``folder`` where the file goes by default; ``layer`` whose annotations, in
    words (the window's View ▸ Layer).
    """

    def __init__(
        self,
        matters: list[tuple[str, str]],
        document_id: str | None,
        shown_ids: list[str],
        folder: str,
        parent: QWidget | None = None,
        *,
        layer: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self._document_id = document_id
        self._shown_ids = shown_ids
        self._folder = folder
        self.format_combo = QComboBox(self)
        for fmt in ExportFormat:
            self.format_combo.addItem(fmt.title, fmt.value)
        self.format_combo.setAccessibleName("Format")
        self.scopes = QButtonGroup(self)
        self.whole = QRadioButton("The whole &project", self)
        self.document = QRadioButton("The current &document", self)
        self.matter = QRadioButton("One &matter:", self)
        self.shown = QRadioButton("Exactly what the annotation &list shows", self)
        for button in (self.whole, self.document, self.matter, self.shown):
            self.scopes.addButton(button)
        self.whole.setChecked(True)
        self.matter_combo = QComboBox(self)
        self.matter_combo.setAccessibleName("Matter to export")
        for matter_id, name in matters:
            self.matter_combo.addItem(name, matter_id)
        self.document.setEnabled(document_id is not None)
        self.shown.setEnabled(document_id is not None)
        self.matter.setEnabled(self.matter_combo.count() > 0)
        self.bom = QCheckBox("For Excel / LibreOffice (UTF-8 with BOM, CRLF); off for R and pandas", self)
        self.bom.setChecked(True)
        self.path = QLineEdit(self)
        self.path.setAccessibleName("Export file")
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        matter_row = QHBoxLayout()
        matter_row.addWidget(self.matter)
        matter_row.addWidget(self.matter_combo, 1)
        form = QFormLayout()
        form.addRow("&Format:", self.format_combo)
        scope_box = QVBoxLayout()
        for widget in (self.whole, self.document):
            scope_box.addWidget(widget)
        scope_box.addLayout(matter_row)
        scope_box.addWidget(self.shown)
        form.addRow("Scope:", scope_box)
        if layer:
            shown = QLabel(f"{layer[:1].upper()}{layer[1:]} (as the window shows them; View ▸ Layer)", self)
            shown.setWordWrap(True)
            shown.setAccessibleName("Layer exported")
            form.addRow("Layer:", shown)
        form.addRow("", self.bom)
        form.addRow("F&ile:", path_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Export")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self._format_changed()

    @property
    def format(self) -> ExportFormat:
        return ExportFormat(self.format_combo.currentData())

    def scope(self) -> Scope:
        if self.document.isChecked():
            return Scope.document(self._document_id)
        if self.matter.isChecked():
            return Scope.matter(self.matter_combo.currentData())
        if self.shown.isChecked():
            return Scope.annotations(self._shown_ids)
        return Scope.project()

    def _format_changed(self, *_args) -> None:
        self.bom.setEnabled(self.format in (ExportFormat.CSV, ExportFormat.LINKS_CSV))
        current = Path(self.path.text()) if self.path.text() else Path(self._folder) / "factcheck-export"
        self.path.setText(str(current.with_suffix(self.format.extension)))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export To", self.path.text())
        if path:
            self.path.setText(path)

    def _accept(self) -> None:
        if self.path.text().strip():
            self.accept()
