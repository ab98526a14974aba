"""Searching text as people read it: compatibility characters folded (NFKC: the PDF ligature "ﬁ" is "fi",
a fullwidth "Ｏ" is "O"), with every offset of the folded text mapped back to the stored text, which is
never changed (offsets are code points into the canonical text, as everywhere)."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: The Latin ligatures of typeset text (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) stand for runs of these letters.
_LIGATURE_LETTERS = re.compile(r"f+[il]?|st", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Folded:
    """``text`` folded; ``segments`` are (folded start, original start, folded length, original length) of
    each place where folding changed something, in order (empty: the folded text is the original)."""

    text: str
    segments: tuple[tuple[int, int, int, int], ...] = ()
    starts: tuple[int, ...] = ()

    def original(self, offset: int, *, end: bool = False) -> int:
        """The stored text's offset for a folded one; a match that starts or ends inside a folded
        character (half of a ligature) takes in the whole character."""
        if not self.segments:
            return offset
        i = bisect_right(self.starts, offset) - 1
        if i < 0:
            return offset
        folded_start, start, folded_length, length = self.segments[i]
        if offset < folded_start + folded_length:
            return start + length if end and offset > folded_start else start
        return start + length + offset - folded_start - folded_length

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.original(start), self.original(end, end=True)


def fold(text: str) -> Folded:
    """NFKC of ``text``, one character (with the combining marks that follow it) at a time, so that every
    folded character knows where it came from. Costs nothing for ASCII or already-folded text."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return Folded(text)
    pieces: list[str] = []
    segments: list[tuple[int, int, int, int]] = []
    copied = folded_length = 0
    for match in _NON_ASCII.finditer(text):
        start = match.start()
        if start < copied:
            continue  # a combining mark already taken with its base
        if unicodedata.combining(text[start]) and start > copied:
            start -= 1  # a mark composes with the character before it
        end = match.start() + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        piece = text[start:end]
        folded = unicodedata.normalize("NFKC", piece)
        if folded == piece:
            continue
        pieces.append(text[copied:start])
        folded_length += start - copied
        segments.append((folded_length, start, len(folded), end - start))
        pieces.append(folded)
        folded_length += len(folded)
        copied = end
    pieces.append(text[copied:])
    return Folded("".join(pieces), tuple(segments), tuple(segment[0] for segment in segments))


def fold_query(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def ligature_safe_like_term(word: str) -> str:
    """An ASCII word as a LIKE term that also matches its typeset forms: the letters a ligature can stand
    for become a wildcard ("Officials" → "O%cials", which a PDF's "Oﬃcials" matches too). Other
    compatibility forms (a word in fullwidth letters) are folded when matching, not in this prefilter."""
    return _LIGATURE_LETTERS.sub("%", word)
