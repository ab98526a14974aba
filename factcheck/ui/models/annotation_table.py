"""The annotations of the open document in text order: label (chip + name), quote, position."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from factcheck.domain import AnchorStatus, AnnotationRow
from factcheck.ui import palette
from factcheck.ui.article_view import underline_style
from factcheck.ui.models.rows_model import Column, RowsTableModel

QUOTE_CHARS = 90
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_DIM = QColor(palette.DIM)


def elide(text: str, limit: int = QUOTE_CHARS) -> str:
    flat = " ".join(text[: limit * 2].split())  # never split a megabyte quote to show 90 characters
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def label_chip(color: str, label_name: str, size: int = 14) -> QIcon:
    """A colour chip whose underline repeats the label's shape cue (solid, dashed, dotted)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    fill = QColor(color)
    painter.fillRect(1, 1, size - 2, size - 5, fill)
    pen = QPen(fill.darker(130), 2)
    pen.setStyle(underline_style(label_name))
    painter.setPen(pen)
    painter.drawLine(0, size - 2, size, size - 2)
    painter.end()
    return QIcon(pixmap)


_STATUS_MARK = {AnchorStatus.NEEDS_REVIEW: "? ", AnchorStatus.ORPHANED: "✕ "}


def _position(row: AnnotationRow) -> str:
    """Offsets, with a mark when a new version left the annotation needing review or unplaced."""
    if row.anchor_status == AnchorStatus.ORPHANED:
        return "✕ not in text"
    return f"{_STATUS_MARK.get(row.anchor_status, '')}{row.start}–{row.end}"


def _by(row: AnnotationRow) -> str:
    """Who made it; an adjudicated annotation names the reviewer who decided."""
    return f"{row.annotator} (adj.)" if row.adjudicated else row.annotator


#: The "By" column (hidden while the project has one annotator).
BY_COLUMN = 3


class AnnotationTableModel(RowsTableModel):
    columns = (
        Column("Label", lambda r: r.label_name),
        Column("Quote", lambda r: elide(r.quote)),
        Column("Position", lambda r: _position(r), sort_key=lambda r: (r.start, r.end), alignment=_RIGHT),
        Column("By", _by),
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._chips: dict[tuple[str, str], QIcon] = {}

    def extra_data(self, row: AnnotationRow, column: int, role: int):
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            key = (row.label_color, row.label_name)
            if key not in self._chips:
                self._chips[key] = label_chip(*key)
            return self._chips[key]
        if role == Qt.ItemDataRole.ToolTipRole:
            by = f"adjudicated by {row.annotator}" if row.adjudicated else f"by {row.annotator}"
            return f"{row.label_name}: “{row.quote}”\ncharacters {row.start}–{row.end} · {by}"
        if role == Qt.ItemDataRole.AccessibleTextRole and column == 0:
            return f"{row.label_name}, {elide(row.quote, 60)}"
        if role == Qt.ItemDataRole.ForegroundRole and row.anchor_status == AnchorStatus.ORPHANED:
            return _DIM

        return None
