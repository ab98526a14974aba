"""Document ▸ Versions: every text the document has had; an older one can be read, not annotated."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from factcheck.domain import VersionRow
from factcheck.ui.article_view import ArticleView


class VersionsDialog(QDialog):
    def __init__(
        self,
        versions: list[VersionRow],
        current: int,
        text_of: Callable[[int], str],
        original_of: Callable[[int], bytes | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Versions")
        self.resize(1000, 640)
        self._versions = versions
        self._text_of = text_of
        self._original_of = original_of
        self.list = QListWidget(self)
        self.list.setAccessibleName("Versions")
        for version in versions:
            marker = " (current)" if version.number == current else ""
            note = f" — {version.note}" if version.note else ""
            self.list.addItem(
                f"Version {version.number}{marker}: {version.imported_at.astimezone():%Y-%m-%d %H:%M}, "
                f"{version.source_name or version.source_format}{note}"
            )
        self.viewer = ArticleView(self)
        self.viewer.setAccessibleName("Text of the selected version")
        self.save_original = QPushButton("Save &Original File…", self)
        self.save_original.clicked.connect(self._save_original)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.save_original)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.viewer, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show)
        self.list.setCurrentRow(len(versions) - 1)

    def _show(self, row: int) -> None:
        if 0 <= row < len(self._versions):
            version = self._versions[row]
            self.viewer.set_article(self._text_of(version.number), [])
            self.save_original.setEnabled(version.has_original)

    def _save_original(self) -> None:
        version = self._versions[self.list.currentRow()]
        data = self._original_of(version.number)
        if data is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Save Original File", version.source_name or "original")
        if path:
            with open(path, "wb") as handle:
                handle.write(data)
