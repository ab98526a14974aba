"""The text handed to Qt: one display character per stored code point, so offsets map one to one."""

from __future__ import annotations

import re

# Characters QTextDocument would merge, split or swallow: each becomes one harmless BMP character, so
# that a UTF-16 position in the widget is exactly the UTF-16 position in the stored text.
_SPECIAL = re.compile("\r\n|[\r\x00\ufdd0\ufdd1\ufeff]")


def _replace(match: re.Match[str]) -> str:
    found = match.group()
    if found == "\r\n":
        return "\u200b\n"  # Qt would take CRLF as one break; keep two units: an invisible one, then the break
    if found == "\r":
        return "\n"
    return "\ufffd" if found != "\ufeff" else "\u200b"


def display_text(text: str) -> str:
    """``text`` as Qt should show it, with the same length in UTF-16 code units and in code points."""
    if _SPECIAL.search(text) is None:
        return text
    return _SPECIAL.sub(_replace, text)
