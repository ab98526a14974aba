"""Sentence offsets are exact code points into the canonical text, for any text (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.assistant.sentences import split_sentences

_ALPHABET = st.sampled_from(list("abc XYZ.?!\n\t\"'’“”…-0123.,;:()é€😀\u00a0\u2028"))


@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, max_size=300) | st.text(max_size=200))
def test_sentences_are_exact_ordered_and_cover_every_visible_character(text: str) -> None:
    sentences = split_sentences(text)
    covered = [False] * len(text)
    previous_end = 0
    for s in sentences:
        assert 0 <= previous_end <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        for i in range(s.start, s.end):
            covered[i] = True
        previous_end = s.end
    assert all(covered[i] for i, ch in enumerate(text) if not ch.isspace())


def test_a_paragraph_splits_at_its_sentences_not_at_abbreviations() -> None:
    text = "Headline here\n\nMr. Smith said the U.S. spent $3.5 billion. It did not!  Really?\n"
    assert [s.text for s in split_sentences(text)] == [
        "Headline here",
        "Mr. Smith said the U.S. spent $3.5 billion.",
        "It did not!",
        "Really?",
    ]
