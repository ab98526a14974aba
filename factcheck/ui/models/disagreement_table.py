"""Units the annotators disagree on (agreement window): the document, where, what they disagree on, and one
column per annotator with their label, verdict and claimant."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from factcheck.domain import CodedSpan, UnitView
from factcheck.ui.models.annotation_table import elide
from factcheck.ui.models.rows_model import Column, RowsTableModel

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
#: What each kind of disagreement is called in the table.
KIND_WORDS = {"span": "span", "label": "label", "verdict": "verdict", "claimant": "claimant"}


@dataclass(frozen=True, slots=True)
class DisagreementRow:
    """A unit as a table row (``id`` is the unit's key)."""

    id: str
    unit: UnitView


def coded_text(span: CodedSpan | None) -> str:
    """One annotator's take on a unit, in a few words."""
    if span is None:
        return "— (not marked)"
    parts = [span.label, span.verdict or "no verdict"]
    if span.claimant:
        parts.append(span.claimant)
    return " · ".join(parts)


def _passage(unit: UnitView) -> str:
    longest = max(unit.spans, key=lambda s: s.end - s.start)
    return elide(longest.quote, 70)


class DisagreementTableModel(RowsTableModel):
    """Rows are DisagreementRows; ``set_annotators`` sets the per-annotator columns."""

    base_columns = (
        Column("Document", lambda r: r.unit.document_title or "(untitled)"),
        Column(
            "Where",
            lambda r: f"{r.unit.start}–{r.unit.end}",
            sort_key=lambda r: (r.unit.document_id, r.unit.start),
            alignment=_RIGHT,
        ),
        Column("Disagree on", lambda r: ", ".join(KIND_WORDS.get(k, k) for k in r.unit.disagreements)),
        Column("Passage", lambda r: _passage(r.unit)),
    )
    columns = base_columns

    def set_annotators(self, annotators: tuple[str, ...]) -> None:
        self.beginResetModel()
        self.columns = self.base_columns + tuple(
            Column(
                name,
                lambda r, name=name: coded_text(next((s for s in r.unit.spans if s.annotator == name), None)),
            )
            for name in annotators
        )
        self.endResetModel()

    def extra_data(self, row: DisagreementRow, column: int, role: int):
        if role == Qt.ItemDataRole.ToolTipRole:
            unit = row.unit
            lines = [f"{unit.document_title or '(untitled)'}, characters {unit.start}–{unit.end}"]
            lines += [f"{s.annotator}: {coded_text(s)} — “{elide(s.quote, 120)}”" for s in unit.spans]
            lines.append("Click or press Enter to show the passage in the article.")
            return "\n".join(lines)
        return None
