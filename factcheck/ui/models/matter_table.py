"""Matters (claim threads) as a table — name, claims, counterclaims, articles, date span — and the members
of one matter (label, quote, claimant, claim date, document)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon

from factcheck.domain import AnnotationRow, MatterRow
from factcheck.ui import palette
from factcheck.ui.models.annotation_table import elide, label_chip
from factcheck.ui.models.rows_model import Column, RowsTableModel

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_DIM = QColor(palette.DIM)


def _span_key(row: MatterRow):
    return row.first_date.sort_key() if row.first_date else ()


class MatterTableModel(RowsTableModel):
    columns = (
        Column("Matter", lambda r: r.name),
        Column("Claims", lambda r: str(r.claims), sort_key=lambda r: r.claims, alignment=_RIGHT),
        Column(
            "Counter", lambda r: str(r.counterclaims), sort_key=lambda r: r.counterclaims, alignment=_RIGHT
        ),
        Column("Articles", lambda r: str(r.articles), sort_key=lambda r: r.articles, alignment=_RIGHT),
        Column("Claim dates", lambda r: r.date_span, sort_key=_span_key),
    )
    extra_roles = frozenset({Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole})

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return (
                (
                    "The matter's name",
                    "Claims",
                    "Counterclaims",
                    "Articles with a member",
                    "Earliest – latest claim date of its members",
                )[section]
                if 0 <= section < 5
                else None
            )
        return super().headerData(section, orientation, role)

    def extra_data(self, row: MatterRow, column: int, role: int):
        if role == Qt.ItemDataRole.ToolTipRole:
            return matter_summary(row)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == 0:
            return f"{row.name}: {matter_summary(row)}"
        return None


def matter_summary(row: MatterRow) -> str:
    """'5 annotations: 3 claims, 1 counterclaim, 1 other · 2 articles · October 2021 – 9 December 2021'."""

    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    other = row.members - row.claims - row.counterclaims
    kinds = [count(row.claims, "claim"), count(row.counterclaims, "counterclaim")]
    if other:
        kinds.append(f"{other} other")
    parts = [f"{count(row.members, 'annotation')}: {', '.join(kinds)}", count(row.articles, "article")]
    if row.first_date is not None and row.last_date is not None:
        first, last = row.first_date.display, row.last_date.display
        parts.append(first if first == last else f"{first} – {last}")
    text = " · ".join(parts)
    return f"{row.name}\n{text}" + (f"\n{row.description}" if row.description else "")


class MemberTableModel(RowsTableModel):
    """A matter's annotations in claim-date order; ``titles`` gives each document's title."""

    extra_roles = frozenset(
        {
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ForegroundRole,
        }
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._chips: dict[tuple[str, str], QIcon] = {}
        self.titles: dict[str, str] = {}
        self.columns = (
            Column("Label", lambda r: r.label_name),
            Column("Quote", lambda r: elide(r.quote, 120)),
            Column("Claimant", lambda r: r.claimant_name),
            Column("Claim date", lambda r: str(r.effective_claim_date or "")),
            Column("Article", lambda r: self.titles.get(r.document_id, "")),
        )

    def set_members(self, rows: list[AnnotationRow], titles: dict[str, str]) -> None:
        self.titles = titles
        self.set_rows(rows)

    def extra_data(self, row: AnnotationRow, column: int, role: int):
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            key = (row.label_color, row.label_name)
            if key not in self._chips:
                self._chips[key] = label_chip(*key)
            return self._chips[key]
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and row.claim_date_is_default:
            return _DIM
        if role == Qt.ItemDataRole.ToolTipRole:
            title = self.titles.get(row.document_id, "")
            date = row.effective_claim_date
            when = ""
            if date is not None:
                when = f"\n{date.display}" + (
                    " (the article's publication date)" if row.claim_date_is_default else ""
                )
            who = f"\n{row.claimant_name}" if row.claimant_name else ""
            return (
                f"{row.label_name}: “{elide(row.quote, 300)}”{who}{when}\nin “{title}” · {row.verdict.title}"
            )
        if role == Qt.ItemDataRole.AccessibleTextRole and column == 0:
            return f"{row.label_name}, {elide(row.quote, 60)}, {row.claimant_name}"
        return None
