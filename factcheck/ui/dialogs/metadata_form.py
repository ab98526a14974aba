"""The editable metadata of an article: title, outlet, author, URL and publication date."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from factcheck.domain import FactcheckError
from factcheck.text.published import DATE_HINT, format_published, parse_published
from factcheck.ui import palette


class MetadataForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QFormLayout(self)
        self.title = QLineEdit(self)
        self.outlet = QLineEdit(self)
        self.author = QLineEdit(self)
        self.url = QLineEdit(self)
        self.published = QLineEdit(self)
        self.published.setPlaceholderText(DATE_HINT)
        self.error = QLabel(self)
        self.error.setStyleSheet(f"color: {palette.ERROR}")
        self.error.setAccessibleName("Date error")
        for label, field in (
            ("&Title:", self.title),
            ("&Outlet:", self.outlet),
            ("&Author:", self.author),
            ("&URL:", self.url),
            ("&Published:", self.published),
        ):
            layout.addRow(label, field)
            field.setAccessibleName(label.replace("&", "").rstrip(":"))
        layout.addRow("", self.error)
        self.published.textChanged.connect(self._check_date)

    def set_values(
        self, *, title: str, outlet: str, author: str, url: str, published_at: datetime | None
    ) -> None:
        self.title.setText(title)
        self.outlet.setText(outlet)
        self.author.setText(author)
        self.url.setText(url)
        self.published.setText(format_published(published_at))

    def _check_date(self) -> bool:
        try:
            parse_published(self.published.text())
        except FactcheckError as exc:
            self.error.setText(str(exc))
            return False
        self.error.setText("")
        return True

    def is_valid(self) -> bool:
        return self._check_date() and bool(self.title.text().strip())

    def values(self) -> dict:
        """The fields as DocumentService.update_metadata takes them (raises BadInputError on a bad date)."""
        return {
            "title": self.title.text().strip(),
            "outlet": self.outlet.text().strip(),
            "author": self.author.text().strip(),
            "url": self.url.text().strip(),
            "published_at": parse_published(self.published.text()),
        }
