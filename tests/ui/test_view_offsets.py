"""Property: for any text and any span, the widget shows and selects exactly text[start:end]."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor

from factcheck.domain import AnnotationRow
from factcheck.text.offsets import Utf16Index
from factcheck.ui.article_view import ArticleView
from factcheck.ui.display_text import display_text

TRICKY = [
    "😀",
    "👩‍👩‍👧",
    "🇺🇦",
    "e\u0301",
    "\u0915\u094d\u0937",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "שלום",
    "مرحبا",
    "\u200b",
    "\ufeff",
    "\x00",
    "\U0001d11e",
    "a",
    " ",
    "“",
    "—",
]
texts = st.lists(st.one_of(st.sampled_from(TRICKY), st.text(max_size=4)), min_size=1, max_size=30).map(
    "".join
)


@pytest.fixture(scope="module")
def view(qapp):
    widget = ArticleView()
    widget.resize(500, 400)
    widget.show()
    yield widget
    widget.close()


def _row(start: int, end: int, quote: str) -> AnnotationRow:
    now = datetime.now(UTC)
    return AnnotationRow("a", "d", "l", "claim", "#0072B2", start, end, quote, "", "", "me", now, now)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, data=st.data())
def test_painted_span_covers_exactly_the_stored_quote(view, text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    view.set_article(text, [_row(start, end, text[start:end])] if end > start else [])
    shown = display_text(text)
    assert len(shown) == len(text)
    assert view.document().characterCount() - 1 == Utf16Index(text).length_u16
    if end > start:
        (span,) = list(view._index)
        cursor = QTextCursor(view.document())
        cursor.setPosition(span.start)
        cursor.setPosition(span.end, QTextCursor.MoveMode.KeepAnchor)
        expected = shown[start:end].replace("\n", "\u2029")
        assert cursor.selectedText() == expected
    # And back: selecting [start, end) in the widget reads back the same code-point offsets.
    view.select_span(start, end)
    assert view.selected_span() == (start, end)
