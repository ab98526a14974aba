"""The canonical form of an article's text, fixed at import: what offsets count into."""

from __future__ import annotations

import re
import unicodedata

from factcheck.domain import BadInputError

_LINE_ENDS = re.compile(r"\r\n?|\u2028|\u2029|\x85")
# Control characters that have no place in an article (tab and newline are kept).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Lone surrogates (from surrogateescape decoding or JSON "\ud800") cannot be stored as UTF-8.
_SURROGATES = re.compile("[\ud800-\udfff]")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_BLANK_RUNS = re.compile(r"\n{3,}")
# Whitespace and byte-order marks before the first word (a BOM can follow a blank line, not only lead).
_LEADING_BLANK = re.compile(r"\A[\s\ufeff]+")


def canonical_text(raw: str) -> str:
    """Normalise decoded text for storage: one newline kind, no BOM or controls, no ragged ends.

    Characters themselves are never recomposed or replaced (no NFC), so the quote a researcher
    highlights is the text the source had; only lone surrogates, which are not characters and
    cannot be stored, become U+FFFD. Raises BadInputError when nothing readable is left.
    """
    text = _LINE_ENDS.sub("\n", raw)
    text = _CONTROLS.sub("", text)
    text = _SURROGATES.sub("\ufffd", text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _BLANK_RUNS.sub("\n\n", text)
    text = _LEADING_BLANK.sub("", text).rstrip()
    if not text:
        raise BadInputError("The text is empty: there is nothing to annotate.")
    return text


def looks_binary(text: str) -> bool:
    """True when decoded text is mostly control or unassigned characters (a binary file)."""
    if not text:
        return False
    sample = text[:8192]
    bad = sum(
        1
        for ch in sample
        if (ch < " " and ch not in "\t\n\r\f")
        or unicodedata.category(ch) in ("Cn", "Co", "Cs")
        or ch == "\ufffd"
    )
    return bad / len(sample) > 0.02
