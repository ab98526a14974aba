"""Split a document's canonical text into sentences with exact code-point offsets (pysbd, line by line).

pysbd is rule-based (no model file). It returns sentence strings, not offsets, and may drop or move
whitespace, so each sentence is found again in the text from where the previous one ended; should pysbd
ever change a character, the rest of that line becomes one sentence rather than a wrong offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pysbd

#: Lines longer than this are cut at whitespace before pysbd sees them (its rules slow down on huge lines).
_MAX_LINE = 5000
_LINE = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]+")


@dataclass(frozen=True, slots=True)
class Sentence:
    """``text == document[start:end]``; no leading or trailing whitespace."""

    start: int
    end: int
    text: str


@cache
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` in order; together they cover every non-whitespace character once."""
    sentences: list[Sentence] = []
    for line in _LINE.finditer(text):
        for start, end in _pieces(line.start(), line.end(), text):
            sentences.extend(_split_line(text, start, end))
    return sentences


def _pieces(start: int, end: int, text: str) -> list[tuple[int, int]]:
    pieces = []
    while end - start > _MAX_LINE:
        cut = text.rfind(" ", start + _MAX_LINE // 2, start + _MAX_LINE)
        cut = cut if cut > start else start + _MAX_LINE
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _split_line(text: str, start: int, end: int) -> list[Sentence]:
    line = text[start:end]
    if not line.strip():
        return []
    out: list[Sentence] = []
    cursor = 0
    for segment in _segmenter().segment(line):
        piece = segment.strip()
        if not piece:
            continue
        found = line.find(piece, cursor)
        if found < 0:
            break  # pysbd changed the text: the rest of the line becomes one sentence below
        out.append(_sentence(text, start + found, start + found + len(piece)))
        cursor = found + len(piece)
    rest = line[cursor:]
    if rest.strip():
        lead = len(rest) - len(rest.lstrip())
        first = start + cursor + lead
        out.append(_sentence(text, first, first + len(rest.strip())))
    return out


def _sentence(text: str, start: int, end: int) -> Sentence:
    return Sentence(start, end, text[start:end])
