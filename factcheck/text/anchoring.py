"""Selectors for a passage: trimming a selection, its quote with context, the Nth occurrence of a quote."""

from __future__ import annotations

from factcheck.domain import CONTEXT_CHARS, BadInputError, Span

# Whitespace that a selection should never start or end with (str.isspace misses the zero-width ones).
_EDGE_SPACE = frozenset("\u200b\u200c\u200d\u2060\ufeff")


def _is_edge_space(ch: str) -> bool:
    return ch.isspace() or ch in _EDGE_SPACE


def trim_span(text: str, start: int, end: int) -> Span | None:
    """The selection without leading/trailing whitespace, or None when nothing else was selected."""
    start = max(0, start)
    end = min(len(text), end)
    while start < end and _is_edge_space(text[start]):
        start += 1
    while end > start and _is_edge_space(text[end - 1]):
        end -= 1
    return Span(start, end) if end > start else None


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[str, str]:
    """The ``width`` characters before and after [start, end)."""
    return text[max(0, start - width) : start], text[end : end + width]


def find_occurrence(text: str, quote: str, occurrence: int = 1) -> Span:
    """The span of the ``occurrence``-th (1-based) exact occurrence of ``quote`` in ``text``."""
    if all(_is_edge_space(ch) for ch in quote):
        # Refused whether or not it occurs: such a selection could never be tagged.
        raise BadInputError("The quote is empty or only whitespace: there is nothing to tag.")
    if occurrence < 1:
        raise BadInputError("The occurrence number starts at 1.")
    position = -1
    for seen in range(occurrence):
        position = text.find(quote, position + 1)
        if position < 0:
            if seen == 0:
                raise BadInputError("The quote does not occur in the document.")
            raise BadInputError(
                f"The quote occurs only {seen} time{'s' if seen > 1 else ''} in the document."
            )
    return Span(position, position + len(quote))
