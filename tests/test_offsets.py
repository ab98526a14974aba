"""Utf16Index: code points (stored offsets) to UTF-16 code units (Qt's positions) and back."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from factcheck.text.offsets import Utf16Index, utf16_length

# Pieces that make offsets interesting: astral characters (emoji, ZWJ sequences, flags, maths letters,
# the last code point), combining marks, CRLF and lone CR, right-to-left scripts and marks, zero-width
# and other unusual spaces, and plain ASCII.
SPECIAL = [
    "😀",
    "👩\u200d👩\u200d👧",
    "🇫🇷",
    "𝔘𝔫𝔦",
    "\U0010ffff",
    "\U00010000",
    "e\u0301",
    "\u0308",
    "a\u0323\u0307",
    "\r\n",
    "\r",
    "\n",
    "שלום",
    "مرحبا",
    "\u200f",
    "\u202e",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u3000",
    "\xa0",
    "\t",
    " ",
    "abc",
    "Z",
    ".",
]

texts = st.lists(
    st.one_of(st.sampled_from(SPECIAL), st.characters(codec="utf-8"), st.text(max_size=5)),
    max_size=60,
).map("".join)


def _units_before(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


@given(texts)
@example("")
@example("a😀b")
@example("😀😀")
def test_code_points_round_trip_and_agree_with_utf16(text: str) -> None:
    index = Utf16Index(text)
    assert index.length_cp == len(text)
    assert index.length_u16 == utf16_length(text) == len(text.encode("utf-16-le")) // 2
    for cp in range(len(text) + 1):
        u16 = index.to_utf16(cp)
        assert u16 == _units_before(text, cp)
        assert index.to_code_point(u16) == cp


@given(texts)
@example("x😀y")
def test_every_utf16_offset_maps_to_the_code_point_at_or_before_it(text: str) -> None:
    index = Utf16Index(text)
    starts = [_units_before(text, cp) for cp in range(len(text) + 1)]
    for u16 in range(index.length_u16 + 1):
        cp = index.to_code_point(u16)
        # The last code point that starts at or before u16: inside a surrogate pair that is the pair.
        assert cp == max(i for i, start in enumerate(starts) if start <= u16)
        assert starts[cp] <= u16 < (starts[cp + 1] if cp < len(text) else u16 + 1)


@given(texts)
def test_an_offset_inside_a_surrogate_pair_rounds_down(text: str) -> None:
    index = Utf16Index(text)
    for cp, ch in enumerate(text):
        if ord(ch) > 0xFFFF:
            start = index.to_utf16(cp)
            assert index.to_utf16(cp + 1) == start + 2
            assert index.to_code_point(start + 1) == cp


@given(texts, st.integers(min_value=1, max_value=1000))
def test_offsets_outside_the_text_are_clamped(text: str, beyond: int) -> None:
    index = Utf16Index(text)
    assert index.to_utf16(-beyond) == 0
    assert index.to_utf16(len(text) + beyond) == index.length_u16
    assert index.to_code_point(-beyond) == 0
    assert index.to_code_point(index.length_u16 + beyond) == len(text)


def test_known_values() -> None:
    text = "a😀b👩\u200d👧c"
    index = Utf16Index(text)
    # a=0 😀=1..2 b=3 👩=4..5 ZWJ=6 👧=7..8 c=9
    assert [index.to_utf16(cp) for cp in range(len(text) + 1)] == [0, 1, 3, 4, 6, 7, 9, 10]
    assert [index.to_code_point(u) for u in range(11)] == [0, 1, 1, 2, 3, 3, 4, 5, 5, 6, 7]
    assert utf16_length("") == 0 and utf16_length("ascii") == 5 and utf16_length("😀") == 2
