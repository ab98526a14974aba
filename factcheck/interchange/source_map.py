"""A source text's canonical form and where each of its characters came from, kept as runs (not one
integer per character), and the position readings other tools use (CRLF as one, UTF-16 units)."""

from __future__ import annotations

import re
from bisect import bisect_left

# The same steps as factcheck.text.normalise.canonical_text (a property test holds them equal), each
# replacing a match by at most as many characters as it had (so every kept character has one origin),
# each skipped when a quick substring test shows it has nothing to do.
_STEPS: tuple[tuple[re.Pattern[str], str, tuple[str, ...] | None], ...] = (
    (re.compile(r"\r\n?|\u2028|\u2029|\x85"), "\n", ("\r", "\u2028", "\u2029", "\x85")),
    (re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"), "", None),
    (re.compile(r"[ \t]+(?=\n)"), "", (" \n", "\t\n")),
    (re.compile(r"(?<=\n\n)\n+"), "", ("\n\n\n",)),
    (re.compile(r"\A[\s\ufeff]+"), "", None),
    (re.compile(r"\s+\Z"), "", None),
)
_SURROGATES = re.compile("[\ud800-\udfff]")
_CRLF = re.compile("\r\n")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class SourceMap:
    """``text`` is the canonical text of ``raw``; :meth:`canonical` maps a position in ``raw`` to it.

    The map is a list of runs (canonical start, raw start, length) in which consecutive characters come
    from consecutive raw characters: a few per line at most, so a 20 MB source costs a few MB, not the
    hundreds a list of every character's origin would.
    """

    __slots__ = ("_c", "_n", "_r", "text")

    def __init__(self, raw: str) -> None:
        text = raw
        c, r, n = [0], [0], [len(raw)]
        for pattern, replacement, needles in _STEPS:
            if needles is not None and not any(needle in text for needle in needles):
                continue
            pieces: list[str] = []
            runs: list[tuple[int, int, int]] = []  # (new start, old start, length)
            last = out = 0
            for match in pattern.finditer(text):
                if match.start() > last:
                    pieces.append(text[last : match.start()])
                    runs.append((out, last, match.start() - last))
                    out += match.start() - last
                if replacement:
                    pieces.append(replacement)
                    runs.append((out, match.start(), len(replacement)))
                    out += len(replacement)
                last = match.end()
            if not runs and last == 0:
                continue  # no match: nothing moved
            if last < len(text):
                pieces.append(text[last:])
                runs.append((out, last, len(text) - last))
            text = "".join(pieces)
            c, r, n = _compose(runs, c, r, n)
        self.text = _SURROGATES.sub("\ufffd", text)
        self._c, self._r, self._n = c, r, n

    def canonical(self, raw_position: int) -> int:
        """The number of canonical characters that come from before ``raw_position``."""
        i = bisect_left(self._r, raw_position) - 1
        if i < 0:
            return 0
        return self._c[i] + min(raw_position - self._r[i], self._n[i])


def _compose(
    runs: list[tuple[int, int, int]], c: list[int], r: list[int], n: list[int]
) -> tuple[list[int], list[int], list[int]]:
    """Runs new → old composed with the map old → raw (``c`` is the old text's run starts)."""
    nc: list[int] = []
    nr: list[int] = []
    nn: list[int] = []
    j = 0
    for start, old, length in runs:
        while length > 0:
            while c[j] + n[j] <= old:
                j += 1
            offset = old - c[j]
            take = min(length, n[j] - offset)
            raw = r[j] + offset
            if nn and nc[-1] + nn[-1] == start and nr[-1] + nn[-1] == raw:
                nn[-1] += take
            else:
                nc.append(start)
                nr.append(raw)
                nn.append(take)
            start += take
            old += take
            length -= take
    return nc, nr, nn


class Readings:
    """Positions in ``raw`` as other tools count them: CRLF as one character, or UTF-16 code units."""

    __slots__ = ("_astral_u16", "_crlf_lf", "raw")

    def __init__(self, raw: str) -> None:
        self.raw = raw
        crlf = [m.start() for m in _CRLF.finditer(raw)] if "\r\n" in raw else []
        #: The position each CRLF has in the text with CRLF as one character.
        self._crlf_lf = [p - k for k, p in enumerate(crlf)]
        astral = [] if raw.isascii() else [m.start() for m in _ASTRAL.finditer(raw)]
        self._astral_u16 = [p + k for k, p in enumerate(astral)]

    @property
    def has_crlf(self) -> bool:
        return bool(self._crlf_lf)

    @property
    def has_astral(self) -> bool:
        return bool(self._astral_u16)

    def from_lf(self, position: int) -> int:
        """The raw position of ``position`` counted with every CRLF as one character."""
        return position + bisect_left(self._crlf_lf, position)

    def from_utf16(self, position: int) -> int:
        """The raw position of a UTF-16 offset (inside a surrogate pair rounds down)."""
        return position - bisect_left(self._astral_u16, position)
