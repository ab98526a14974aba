"""Removing advertisement separators and other repeated page furniture from pasted article text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# Whole lines (after trimming) that news sites insert between paragraphs around ad slots.
_AD_LINE = re.compile(
    r"""^(?:
        advertisement (?:\s*[-–—:]\s*scroll\s+(?:down\s+)?to\s+continue(?:\s+reading)?)?
      | ads?
      | (?:the\s+)?(?:article|story|content|text)\s+continues\s+(?:below|after)
            (?:\s+(?:this\s+)?(?:advertisement|advert|ad|sponsored\s+content))?
      | continue\s+reading\s+(?:below|the\s+main\s+story|after\s+(?:this\s+)?(?:advertisement|ad))
      | skip\s+(?:advertisement|ad)
      | scroll\s+(?:down\s+)?to\s+continue(?:\s+(?:reading|with\s+content))?
      | sponsored(?:\s+content)?
    )[\s.:…]*$""",
    re.IGNORECASE | re.VERBOSE,
)
# Lines repeated this often are page furniture (share prompts, photo credits, newsletter pitches).
_REPEAT_MIN = 3
_REPEAT_MAX_CHARS = 80


@dataclass(frozen=True, slots=True)
class Cleanup:
    """The result of a boilerplate pass, with what was removed by kind."""

    text: str
    ad_lines: int = 0
    repeated_lines: int = 0

    @property
    def removed(self) -> int:
        return self.ad_lines + self.repeated_lines

    def notes(self) -> tuple[str, ...]:
        notes = []
        if self.ad_lines:
            notes.append(f"Removed {_plural(self.ad_lines, 'advertisement line')}")
        if self.repeated_lines:
            notes.append(f"Removed {_plural(self.repeated_lines, 'repeated line')}")
        return tuple(notes)


def remove_boilerplate(text: str) -> tuple[str, int]:
    """Remove ad separators and short lines repeated 3+ times; return (text, number of lines removed)."""
    result = clean_boilerplate(text)
    return result.text, result.removed


def clean_boilerplate(text: str) -> Cleanup:
    """Like remove_boilerplate, but reports advertisement and repeated lines separately."""
    lines = text.split("\n")
    keys = [_repeat_key(line) for line in lines]
    counts = Counter(key for key in keys if key)
    repeated = {key for key, n in counts.items() if n >= _REPEAT_MIN}
    kept: list[str] = []
    ads = repeats = 0
    dropped_last = False
    for line, key in zip(lines, keys, strict=True):
        if len(line) <= _REPEAT_MAX_CHARS and _AD_LINE.match(line.strip()):
            ads += 1
        elif key in repeated:
            repeats += 1
        else:
            # A removed line usually sat between two blank lines: keep only one of them.
            if dropped_last and not line.strip() and kept and not kept[-1].strip():
                continue
            kept.append(line)
            dropped_last = False
            continue
        dropped_last = True
    if not ads and not repeats:
        return Cleanup(text)
    return Cleanup("\n".join(kept).strip("\n"), ads, repeats)


# A page's number as typeset: "Page 3", "p. 3", "Page 3 of 9", "3 / 9", "- 3 -" (and a bare "3", below).
_PAGE_LABEL = re.compile(
    r"^(?:(?:page|p\.|pg\.?)\s*(\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?|(\d{1,4})\s*/\s*\d{1,4}|[-–—]\s*(\d{1,4})\s*[-–—])$",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"^\d{1,4}$")


def strip_page_numbers(pages: list[str]) -> tuple[list[str], int]:
    """Remove the number a PDF page carries as its first or last line, which would otherwise stay in the
    article as a lone paragraph; returns the pages and how many numbers went.

    A labelled number ("Page 3 of 9", "- 3 -") always goes; a bare "3" only when such numbers run in step
    with the pages (2, 3, 4 on consecutive pages), so that a year or a figure ending a page stays.
    """
    found: list[tuple[int, int, int | None, bool]] = []  # page, line index, number, labelled
    for index, page in enumerate(pages):
        lines = page.split("\n")
        edges = {0, len(lines) - 1} if page.strip() else set()
        for at in sorted(edges):
            line = lines[at].strip()
            labelled = _PAGE_LABEL.match(line)
            if labelled:
                found.append((index, at, None, True))
            elif _BARE_NUMBER.match(line):
                found.append((index, at, int(line), False))
    steps = Counter(number - index for index, _, number, labelled in found if not labelled)
    step, runs = steps.most_common(1)[0] if steps else (0, 0)
    drop: dict[int, set[int]] = {}
    for index, at, number, labelled in found:
        if labelled or (runs >= 2 and number is not None and number - index == step):
            drop.setdefault(index, set()).add(at)
    cleaned = []
    for index, page in enumerate(pages):
        lines = [line for at, line in enumerate(page.split("\n")) if at not in drop.get(index, ())]
        cleaned.append("\n".join(lines).strip("\n"))
    return cleaned, sum(len(ats) for ats in drop.values())


def page_number_note(count: int) -> str:
    return f"Removed {_plural(count, 'page number')}"


def _repeat_key(line: str) -> str:
    """The line's identity for counting repeats, or "" if it is no candidate (long, blank or a label)."""
    stripped = line.strip()
    if not 0 < len(stripped) <= _REPEAT_MAX_CHARS or stripped.endswith(":"):
        return ""  # "SPEAKER:" labels in transcripts repeat legitimately
    if sum(map(str.isalpha, stripped)) < 3:
        return ""  # so do "Q" and "A" in interviews
    return " ".join(stripped.split()).casefold()


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
