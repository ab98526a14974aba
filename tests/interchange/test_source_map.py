"""The map from a REFI-QDA source's raw text to its canonical text: the same text canonical_text makes,
and every raw position mapped as a per-character origin list would map it; the readings other tools use
(CRLF as one character, UTF-16 units) land on the same characters."""

from __future__ import annotations

import re
from bisect import bisect_left

from hypothesis import given
from hypothesis import strategies as st

from factcheck.domain import BadInputError
from factcheck.interchange.source_map import Readings, SourceMap
from factcheck.text.normalise import canonical_text

PIECES = [
    "a",
    "b",
    "é",
    " ",
    "\t",
    "\r\n",
    "\r",
    "\n",
    "\n\n\n",
    "\x00",
    "\x0b",
    "😀",
    "\u2028",
    "\ufeff",
    "\x85",
]
raw_texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def reference(raw: str) -> tuple[str, list[int]]:
    """canonical_text's steps applied while keeping every character's origin (one int each: slow)."""
    text, origins = raw, list(range(len(raw)))
    for pattern, replacement in (
        (r"\r\n?|\u2028|\u2029|\x85", "\n"),
        (r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", ""),
        (r"[ \t]+(?=\n)", ""),
        (r"(?<=\n\n)\n+", ""),
        (r"\A[\s\ufeff]+", ""),
        (r"\s+\Z", ""),
    ):
        pieces, kept, last = [], [], 0
        for match in re.finditer(pattern, text):
            pieces.append(text[last : match.start()])
            kept.extend(origins[last : match.start()])
            pieces.append(replacement)
            kept.extend(origins[match.start() : match.start() + len(replacement)])
            last = match.end()
        pieces.append(text[last:])
        kept.extend(origins[last:])
        text, origins = "".join(pieces), kept
    return text, origins


@given(raw_texts)
def test_the_same_text_as_canonical_text_and_the_same_positions(raw: str) -> None:
    mapping = SourceMap(raw)
    try:
        assert mapping.text == canonical_text(raw)
    except BadInputError:
        assert mapping.text == ""
    text, origins = reference(raw)
    assert mapping.text == text
    assert [mapping.canonical(p) for p in range(len(raw) + 1)] == [
        bisect_left(origins, p) for p in range(len(raw) + 1)
    ]


@given(st.lists(st.sampled_from(["ab", "c", "\r\n", "😀", "é", " "]), max_size=30).map("".join))
def test_readings(raw: str) -> None:
    readings = Readings(raw)
    lf = raw.replace("\r\n", "\n")
    for position in range(len(lf) + 1):
        mapped = readings.from_lf(position)
        assert raw[:mapped].replace("\r\n", "\n") == lf[:position]
    units = raw.encode("utf-16-le")
    for unit in range(0, len(units) // 2 + 1):
        mapped = readings.from_utf16(unit)
        assert len(raw[:mapped].encode("utf-16-le")) // 2 in (unit, unit - 1)
