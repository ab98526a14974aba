"""Confirm an import: the detected title, outlet, author, URL and date, editable, beside the text."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from enum import IntEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from factcheck.domain import FactcheckError, ImportedDocument
from factcheck.ui import palette
from factcheck.ui.dialogs.metadata_form import MetadataForm

PREVIEW_CHARS = 20_000


class ImportResult(IntEnum):
    """What ``ImportDialog.exec()`` returns."""

    CANCELLED = QDialog.DialogCode.Rejected.value
    IMPORT = QDialog.DialogCode.Accepted.value
    #: The text is already in the project and the researcher chose to open that document.
    OPEN_EXISTING = 2


class ImportDialog(QDialog):
    """Shows what an importer made of a source; ``document()`` is the confirmed ImportedDocument.

    ``load(remove_boilerplate)`` re-runs the importer when the clean-up option is toggled.
    """

    def __init__(
        self,
        load: Callable[[bool], ImportedDocument],
        parent: QWidget | None = None,
        *,
        title: str = "Import Article",
        duplicate_of: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(900, 620)
        self._load = load
        self._duplicate_of = duplicate_of
        self._imported = load(True)
        self._with_boilerplate: ImportedDocument | None = None
        self.open_existing_id: str | None = None

        self.form = MetadataForm(self)
        self.clean = QCheckBox(self)
        self.clean.setChecked(True)
        self.clean.toggled.connect(self._reload)
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        self.duplicate = QLabel(self)
        self.duplicate.setWordWrap(True)
        self.duplicate.setStyleSheet(f"color: {palette.WARNING}")
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Text preview")

        left = QVBoxLayout()
        left.addWidget(self.form)
        left.addWidget(self.clean)
        left.addWidget(self.notes)
        left.addWidget(self.duplicate)
        left.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        right = QVBoxLayout()
        right.addWidget(QLabel("Text as it will be stored (offsets count into this):", self))
        right.addWidget(self.preview, 1)
        body.addLayout(right, 3)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Import")
        self.open_existing = self.buttons.addButton("&Open Existing", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_existing.hide()
        self.open_existing.clicked.connect(self._choose_existing)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self._show(self._imported)
        self.form.set_values(
            title=self._imported.title,
            outlet=self._imported.outlet,
            author=self._imported.author,
            url=self._imported.url,
            published_at=self._imported.published_at,
        )
        self.form.title.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show(self, imported: ImportedDocument) -> None:
        removed = _removed_count(imported)
        self.clean.setText(
            f"Remove advertisement and repeated boilerplate lines ({removed} found)"
            if self.clean.isChecked()
            else "Remove advertisement and repeated boilerplate lines"
        )
        self.notes.setText("\n".join([*imported.notes, *_recognised(imported.text)]))
        text = imported.text
        shown = text if len(text) <= PREVIEW_CHARS else text[:PREVIEW_CHARS] + "\n…"
        self.preview.setPlainText(shown)
        existing = self._duplicate_of(imported.text) if self._duplicate_of else None
        self._existing_id = existing
        if existing:
            self.duplicate.setText("This text is already in the project. Open the existing document instead?")
            self.open_existing.show()
        else:
            self.duplicate.setText("")
            self.open_existing.hide()

    def _reload(self, clean: bool) -> None:
        try:
            self._imported = self._load(clean)
        except FactcheckError as exc:
            self.notes.setText(str(exc))
            return
        self._show(self._imported)

    def _choose_existing(self) -> None:
        self.open_existing_id = self._existing_id
        self.done(ImportResult.OPEN_EXISTING)

    def _accept(self) -> None:
        if not self.form.is_valid():
            self.form.error.setText(self.form.error.text() or "Give the article a title.")
            return
        self.accept()

    def document(self) -> ImportedDocument:
        """The imported article with the metadata as confirmed in the form."""
        return dataclasses.replace(self._imported, **self.form.values())


def _removed_count(imported: ImportedDocument) -> int:
    total = 0
    for note in imported.notes:
        words = note.split()
        if len(words) > 1 and words[0] == "Removed" and words[1].isdigit():
            total += int(words[1])
    return total


def _recognised(text: str) -> list[str]:
    """What the top lines were recognised as, so the researcher can check the detection."""
    # Deferred import: the importers load on the first import, not before the window's first frame.
    from factcheck.importers import detect_metadata

    found = detect_metadata(text)
    lines = []
    for name, value in (
        ("Caption", found.caption),
        ("Breadcrumb", found.breadcrumb),
        ("Byline", found.byline),
    ):
        if value:
            lines.append(f"{name}: “{value if len(value) < 70 else value[:69] + '…'}”")
    return lines
