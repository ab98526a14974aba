"""The hits of a project search as one table: annotations first (label, quote in context, claimant, document,
claim date, verdict), then passages of article text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon

from factcheck.domain import AnnotationRow, SearchResults, Snippet, Verdict
from factcheck.ui import palette
from factcheck.ui.models.annotation_table import label_chip
from factcheck.ui.models.rows_model import Column, RowsTableModel

#: (field prefix, Snippet) for the delegate that paints the match in bold, centred in its context.
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 10
ANNOTATION = "annotation"
TEXT = "text"
_DIM = QColor(palette.DIM)
_SPACES = re.compile(r"\s+")
_FIELD_PREFIX = {"note": "note: ", "claimant": "claimant: "}


def flat(text: str) -> str:
    """One line: newlines and runs of spaces become one space (the edges keep theirs)."""
    return _SPACES.sub(" ", text)


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One hit: an annotation (``annotation`` set) or a passage of an article's text (``start``/``end``)."""

    id: str
    kind: str
    snippet: Snippet
    document_id: str
    document_title: str
    annotation: AnnotationRow | None = None
    #: For annotations: where the text matched — "quote", "note", "claimant" or "" (filters only).
    field: str = ""
    start: int = 0
    end: int = 0
    #: For passages: how many annotations overlap it.
    tagged: int = 0

    @property
    def prefix(self) -> str:
        return _FIELD_PREFIX.get(self.field, "")

    @property
    def context(self) -> str:
        return self.prefix + self.snippet.before + self.snippet.match + self.snippet.after


def result_rows(results: SearchResults, titles: dict[str, str]) -> list[ResultRow]:
    rows = []
    for hit in results.annotations:
        a = hit.annotation
        rows.append(
            ResultRow(
                a.id,
                ANNOTATION,
                _flat_snippet(hit.snippet),
                a.document_id,
                titles.get(a.document_id, ""),
                annotation=a,
                field=hit.field,
                start=a.start,
                end=a.end,
            )
        )
    for text in results.texts:
        rows.append(
            ResultRow(
                f"{text.document_id}:{text.start}:{text.end}",
                TEXT,
                _flat_snippet(text.snippet),
                text.document_id,
                text.document_title,
                start=text.start,
                end=text.end,
                tagged=len(text.annotation_ids),
            )
        )
    return rows


def _flat_snippet(snippet: Snippet) -> Snippet:
    return Snippet(flat(snippet.before).lstrip(), flat(snippet.match), flat(snippet.after).rstrip())


def _text_label(row: ResultRow) -> str:
    return "passage · tagged" if row.tagged else "passage"


def _claim_date(row: ResultRow) -> str:
    date = row.annotation.effective_claim_date if row.annotation else None
    return str(date) if date else ""


def _date_key(row: ResultRow):
    date = row.annotation.effective_claim_date if row.annotation else None
    return date.sort_key() if date else ()


class SearchResultsModel(RowsTableModel):
    columns = (
        Column("Label", lambda r: r.annotation.label_name if r.annotation else _text_label(r)),
        Column("In context", lambda r: r.context),
        Column("Claimant", lambda r: r.annotation.claimant_name if r.annotation else ""),
        Column("Document", lambda r: r.document_title),
        Column("Claim date", _claim_date, sort_key=_date_key),
        Column("Verdict", lambda r: r.annotation.verdict.title if r.annotation else ""),
    )
    extra_roles = RowsTableModel.extra_roles | {SNIPPET_ROLE}
    LABEL, CONTEXT, CLAIMANT, DOCUMENT, CLAIM_DATE, VERDICT = range(6)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._chips: dict[tuple[str, str], QIcon] = {}

    def extra_data(self, row: ResultRow, column: int, role: int):
        a = row.annotation
        if role == SNIPPET_ROLE:
            return (row.prefix, row.snippet) if column == self.CONTEXT else None
        if role == Qt.ItemDataRole.DecorationRole and column == self.LABEL and a is not None:
            key = (a.label_color, a.label_name)
            if key not in self._chips:
                self._chips[key] = label_chip(*key)
            return self._chips[key]
        if role == Qt.ItemDataRole.ForegroundRole:
            if a is None and column == self.LABEL:
                return _DIM
            if a is not None and column == self.CLAIM_DATE and a.claim_date_is_default:
                return _DIM
            if a is not None and column == self.VERDICT and a.verdict == Verdict.UNVERIFIED:
                return _DIM
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == self.CONTEXT:
            where = f"in {row.document_title}" if row.document_title else ""
            what = f"{a.label_name}" if a else "passage of article text"
            return f"{what}: {row.context} {where}".strip()
        return None

    def _tooltip(self, row: ResultRow, column: int) -> str | None:
        a = row.annotation
        if column == self.CLAIM_DATE and a is not None:
            date = a.effective_claim_date
            if date is None:
                return "No claim date, and the article has no publication date."
            if a.claim_date_is_default:
                return f"{date.display}: the article's publication date (no claim date recorded)"
            return date.display
        if column == self.CONTEXT:
            s = row.snippet
            context = f"{row.prefix}…{s.before}«{s.match}»{s.after}…"
            if a is None:
                tagged = f"\n{row.tagged} annotation(s) overlap this passage." if row.tagged else ""
                return f"{context}\nCharacters {row.start}–{row.end} of “{row.document_title}”{tagged}"
            return f"{context}\nQuote: “{flat(a.quote)[:300]}”"
        if column == self.DOCUMENT:
            return row.document_title
        if column == self.LABEL and a is None:
            tagged = f"; {row.tagged} annotation(s) overlap it" if row.tagged else ""
            return f"A passage of an article's text{tagged}"
        return None
