"""Selections: trimming, context, Nth occurrence; and through the service, quote == text[start:end]."""

from __future__ import annotations

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from test_offsets import SPECIAL, texts

from factcheck.domain import CONTEXT_CHARS, BadInputError, ImportedDocument
from factcheck.services import Project
from factcheck.text.anchoring import context, find_occurrence, trim_span
from factcheck.text.normalise import canonical_text

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def blank(ch: str) -> bool:
    """What a selection must not start or end with: whitespace, including the zero-width kinds."""
    return ch.isspace() or ch in ZERO_WIDTH


@st.composite
def text_and_selection(draw, lo: int = -3, hi: int = 3):
    text = draw(texts)
    start = draw(st.integers(lo, len(text) + hi))
    end = draw(st.integers(lo, len(text) + hi))
    return text, start, end


@given(text_and_selection())
@example(("  \u200b  ", 0, 5))
@example(("\u200ba b\u2060", 0, 5))
@example(("abc", 2, 1))
def test_trim_span_drops_only_blank_edges_and_stays_in_bounds(case) -> None:
    text, start, end = case
    span = trim_span(text, start, end)
    lo = max(0, start)
    hi = max(lo, min(len(text), end))
    if span is None:
        assert all(blank(ch) for ch in text[lo:hi])
        return
    assert lo <= span.start < span.end <= hi
    assert not blank(text[span.start]) and not blank(text[span.end - 1])
    assert all(blank(ch) for ch in text[lo : span.start] + text[span.end : hi])


@given(text_and_selection(lo=0, hi=0), st.integers(0, 40))
def test_context_is_the_text_around_the_span(case, width) -> None:
    text, start, end = case
    start, end = min(start, end), max(start, end)
    prefix, suffix = context(text, start, end, width)
    assert prefix == text[max(0, start - width) : start]
    assert suffix == text[end : end + width]
    assert len(prefix) == min(width, start)


@given(texts, st.data())
def test_find_occurrence_finds_the_nth_start(text: str, data) -> None:
    quote = data.draw(st.one_of(st.sampled_from(SPECIAL), st.text(min_size=1, max_size=3)))
    if text and data.draw(st.booleans()):  # often a quote taken from the text itself
        a = data.draw(st.integers(0, len(text) - 1))
        quote = text[a : data.draw(st.integers(a + 1, len(text)))]
    if all(blank(ch) for ch in quote):  # could never be tagged, so refused even where it occurs
        with pytest.raises(BadInputError, match="empty or only whitespace"):
            find_occurrence(text, quote)
        return
    starts = [i for i in range(len(text)) if text.startswith(quote, i)]
    for n, at in enumerate(starts, start=1):
        span = find_occurrence(text, quote, n)
        assert (span.start, span.end) == (at, at + len(quote))
        assert text[span.start : span.end] == quote
    with pytest.raises(BadInputError, match="does not occur" if not starts else f"only {len(starts)} time"):
        find_occurrence(text, quote, len(starts) + 1)


def test_find_occurrence_counts_overlapping_occurrences() -> None:
    # Documented behaviour: every start position counts, as when searching forward one character at a time.
    assert [find_occurrence("aaaa", "aa", n).start for n in (1, 2, 3)] == [0, 1, 2]


REMOVED_CONTROLS = frozenset(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]))


@given(texts)
@example("a \r\n\r\n\r\n \tb\x00\x85c\u2028\ufeff")
@example("lone \ud800 surrogate \udfff")
def test_canonical_text_is_a_fixed_point(raw: str) -> None:
    try:
        text = canonical_text(raw)
    except BadInputError:
        assert all(ch.isspace() or ch == "\ufeff" or ch in REMOVED_CONTROLS for ch in raw)
        return
    assert canonical_text(text) == text  # re-importing stored text changes nothing (duplicates match)
    assert "\r" not in text and "\n\n\n" not in text and " \n" not in text and "\t\n" not in text
    assert text == text.strip()
    assert not REMOVED_CONTROLS.intersection(text)
    text.encode("utf-8")  # storable: no lone surrogates


# --- Through the service, on a real project file --------------------------------------------------------


@pytest.fixture(scope="module")
def shared_project(tmp_path_factory):
    project = Project.open(tmp_path_factory.mktemp("anchoring") / "anchoring.factcheck")
    yield project
    project.close()


long_texts = st.lists(
    st.one_of(
        st.sampled_from(SPECIAL),
        st.characters(codec="utf-8"),
        st.text(alphabet="ab ", max_size=40),
        st.just("😀" * 40),
    ),
    min_size=1,
    max_size=40,
).map("".join)


@settings(max_examples=60, deadline=None)
@given(raw=long_texts, data=st.data())
@example(raw="😀" * 70 + " x ", data=None)
def test_created_annotation_quotes_exactly_what_was_selected(shared_project: Project, raw: str, data) -> None:
    try:
        text = canonical_text(raw)
    except BadInputError:
        assume(False)
    project = shared_project
    doc = project.documents.add(ImportedDocument(text=raw, source_format="txt"), allow_duplicate=True)
    assert project.documents.text(doc.id) == text
    if data is None:  # the explicit example: select the "x" after 70 astral characters
        start, end = len(text) - 2, len(text)
    else:
        start = data.draw(st.integers(0, len(text)), label="start")
        end = data.draw(st.integers(start, len(text)), label="end")
    claim = project.labels.by_name("claim").id
    expected = trim_span(text, start, end)
    if expected is None:
        with pytest.raises(BadInputError):
            project.annotations.create(doc.id, start, end, claim)
        assert project.annotations.for_document(doc.id) == []
        return
    row = project.annotations.create(doc.id, start, end, claim)
    assert (row.start, row.end) == (expected.start, expected.end)
    stored = project.annotations.get(row.id)
    assert stored == row
    assert stored.quote == text[stored.start : stored.end]
    assert stored.prefix == text[max(0, stored.start - CONTEXT_CHARS) : stored.start]
    assert stored.suffix == text[stored.end : stored.end + CONTEXT_CHARS]
