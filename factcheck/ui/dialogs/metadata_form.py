"""The editable metadata of an article: title, outlet, author, URL and publication date."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

DATE_HINT = "e.g. 2021-12-09 16:39 -08:00, or 2021-12-09; empty when unknown"


def format_published(value: datetime | None) -> str:
    """A publication time as the researcher's local time with its offset (round-trips through parse)."""
    if value is None:
        return ""
    utc = value.astimezone(UTC)
    if (utc.hour, utc.minute, utc.second) == (0, 0, 0):
        return utc.strftime("%Y-%m-%d")  # a date without a time is stored as midnight UTC
    return value.astimezone().strftime("%Y-%m-%d %H:%M %z")


def parse_published(text: str) -> datetime | None:
    """Parse what the researcher typed; a date alone is midnight UTC, a time without zone is local time."""
    text = text.strip()
    if not text:
        return None
    candidates = [text, text.replace(" ", "T", 1)]
    for candidate in candidates:
        for variant in (candidate, _colon_offset(candidate)):
            try:
                value = datetime.fromisoformat(variant)
            except ValueError:
                continue
            if len(text) <= 10:
                return value.replace(tzinfo=UTC)
            return value if value.tzinfo else value.astimezone()
    raise ValueError(f"“{text}” is not a date; write it like 2021-12-09 or 2021-12-09 16:39 -08:00.")


def _colon_offset(text: str) -> str:
    """'2021-12-09T16:39 -0800' → '2021-12-09T16:39-08:00'."""
    parts = text.rsplit(" ", 1)
    if len(parts) == 2 and len(parts[1]) == 5 and parts[1][0] in "+-" and parts[1][1:].isdigit():
        return f"{parts[0]}{parts[1][:3]}:{parts[1][3:]}"
    return text


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
        self.error.setStyleSheet("color: #B00020")
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

    def set_values(self, *, title: str, outlet: str, author: str, url: str, published_at: datetime | None) -> None:
        self.title.setText(title)
        self.outlet.setText(outlet)
        self.author.setText(author)
        self.url.setText(url)
        self.published.setText(format_published(published_at))

    def _check_date(self) -> bool:
        try:
            parse_published(self.published.text())
        except ValueError as exc:
            self.error.setText(str(exc))
            return False
        self.error.setText("")
        return True

    def is_valid(self) -> bool:
        return self._check_date() and bool(self.title.text().strip())

    def values(self) -> dict:
        """The fields as DocumentService.update_metadata takes them (raises ValueError on a bad date)."""
        return {
            "title": self.title.text().strip(),
            "outlet": self.outlet.text().strip(),
            "author": self.author.text().strip(),
            "url": self.url.text().strip(),
            "published_at": parse_published(self.published.text()),
        }
