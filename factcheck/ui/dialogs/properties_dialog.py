"""Document ▸ Properties: edit an article's title, outlet, author, URL and publication date."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from factcheck.domain import DocumentRow, VersionRow
from factcheck.ui.dialogs.metadata_form import MetadataForm


class PropertiesDialog(QDialog):
    def __init__(self, row: DocumentRow, versions: list[VersionRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Document Properties")
        self.resize(560, 320)
        self.form = MetadataForm(self)
        self.form.set_values(
            title=row.title, outlet=row.outlet, author=row.author, url=row.url, published_at=row.published_at
        )
        source = QLabel(
            f"Imported {row.imported_at.astimezone():%Y-%m-%d %H:%M} from {row.source_name or row.source_format}"
            f" · {len(versions)} version{'s' if len(versions) != 1 else ''} · "
            f"{row.annotation_count} annotations",
            self,
        )
        source.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(source)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if self.form.is_valid():
            self.accept()
        elif not self.form.error.text():
            self.form.error.setText("Give the article a title.")

    def values(self) -> dict:
        return self.form.values()
