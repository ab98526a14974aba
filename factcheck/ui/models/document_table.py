"""The documents list: title, outlet, publication date and annotation counts."""

from __future__ import annotations

from PySide6.QtCore import Qt

from factcheck.domain import DocumentRow
from factcheck.ui.models.rows_model import Column, RowsTableModel

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _date(row: DocumentRow) -> str:
    return row.published_day or "—"


class DocumentTableModel(RowsTableModel):
    columns = (
        Column("Title", lambda r: r.title or "(untitled)"),
        Column("Outlet", lambda r: r.outlet),
        Column("Date", _date, sort_key=lambda r: r.published_at.isoformat() if r.published_at else ""),
        Column(
            "Tags", lambda r: str(r.annotation_count), sort_key=lambda r: r.annotation_count, alignment=_RIGHT
        ),
    )

    def extra_data(self, row: DocumentRow, column: int, role: int):
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [row.title]
            if row.author:
                parts.append(f"by {row.author}")
            if row.outlet:
                parts.append(row.outlet)
            parts.append(
                f"{row.annotation_count} annotations: {row.claim_count} claims, "
                f"{row.counterclaim_count} counterclaims"
            )
            return "\n".join(parts)
        return None
