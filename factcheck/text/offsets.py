"""Convert between Unicode code-point offsets (stored) and UTF-16 code units (Qt's positions)."""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Index:
    """Maps code-point offsets in one text to UTF-16 offsets and back in O(log n).

    Only characters outside the Basic Multilingual Plane take two UTF-16 units, so the index
    keeps just their positions; for the usual all-BMP article both lists are empty.
    """

    __slots__ = ("_astral_cp", "_astral_u16", "length_cp", "length_u16")

    def __init__(self, text: str) -> None:
        astral = [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_cp = astral
        # UTF-16 offset of each astral character: its code-point offset plus the astrals before it.
        self._astral_u16 = [cp + k for k, cp in enumerate(astral)]
        self.length_cp = len(text)
        self.length_u16 = len(text) + len(astral)

    def to_utf16(self, cp: int) -> int:
        """UTF-16 offset of code-point offset ``cp`` (clamped to the text)."""
        cp = min(max(cp, 0), self.length_cp)
        return cp + bisect_left(self._astral_cp, cp)

    def to_code_point(self, u16: int) -> int:
        """Code-point offset of UTF-16 offset ``u16``; a position inside a surrogate pair rounds down."""
        u16 = min(max(u16, 0), self.length_u16)
        # Every astral that starts before u16 took one extra unit. One that starts exactly one unit
        # before u16 was split in half; subtracting it too lands on its start, which is the rounding wanted.
        return u16 - bisect_left(self._astral_u16, u16)


def utf16_length(text: str) -> int:
    """Number of UTF-16 code units ``text`` takes."""
    return len(text) + (0 if text.isascii() else len(_ASTRAL.findall(text)))
