"""Finding headline, byline, date, breadcrumb and photo caption at the top of pasted article text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from factcheck.importers.dates import find_datetime

# Only the top of an article carries its metadata.
_HEAD_LINES = 12
_HEAD_CHARS = 20_000
_MAX_HEADLINE_CHARS = 200
_MAX_BYLINE_CHARS = 160
_MAX_DATE_LINE_CHARS = 100

_BYLINE = re.compile(
    r"^(?:(?:written|words|story|text|reporting|posted|published)\s+)?by\b[:\s]\s*(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_BYLINE_START = re.compile(r"^(?:By|BY|(?:Written|Words|Story|Text|Reporting|Posted|Published) by)\b")
# What may separate the author from the date or from a job title in a byline.
_AUTHOR_END = re.compile(r"\s+(?:on|at|updated|published|posted)\b|\s*[|,·•@]\s*|\s+[–—-]\s+", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ſ][\w.'’-]*$")
_NAME_JOINERS = {
    "and",
    "&",
    "de",
    "del",
    "della",
    "der",
    "den",
    "van",
    "von",
    "la",
    "le",
    "da",
    "di",
    "dos",
    "du",
    "bin",
    "al",
    "el",
    "y",
    "st.",
}
_BREADCRUMB_SPLIT = re.compile(r"\s+(?:/|>|›|»|\\|→)\s+")
_DATE_LINE_WORDS = re.compile(
    r"\b(?:(?:first\s+|last\s+)?(?:published|posted|updated|modified)|on|at|date|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|wed|thu|fri|sat|sun)\b\.?",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$")


@dataclass(frozen=True, slots=True)
class DetectedMetadata:
    """What the top lines of an article say about it; empty strings (and None) where nothing was found."""

    title: str = ""
    author: str = ""
    published_at: datetime | None = None
    byline: str = ""
    breadcrumb: str = ""
    caption: str = ""


def detect_metadata(text: str) -> DetectedMetadata:
    """Recognise the headline, byline (author and published time), breadcrumb and caption of an article.

    Looks only at the first lines, up to the first body paragraph. The title is the headline the breadcrumb
    ends with when there is one, else the longest heading-like line; a shorter heading-like line just before
    it is the photo caption. Never raises: text it does not understand gives empty fields.
    """
    head = _head_lines(text)
    byline_at = next((i for i, line in enumerate(head) if _is_byline(line)), None)
    breadcrumb_at = next((i for i, line in enumerate(head) if _is_breadcrumb(line)), None)
    author, published = "", None
    if byline_at is not None:
        author, published = _parse_byline(head[byline_at])
    date_lines = [i for i, line in enumerate(head) if i != byline_at and _is_date_line(line)]
    if published is None and date_lines:
        published = _published_from(head, date_lines)
    skip = {byline_at, breadcrumb_at, *date_lines}
    limit = byline_at if byline_at is not None else len(head)
    candidates = [i for i, line in enumerate(head[:limit]) if i not in skip and _is_heading_like(line)]
    if not candidates and byline_at is not None:
        candidates = [i for i, line in enumerate(head) if i not in skip and _is_heading_like(line)]
    title_at = _pick_title(head, candidates, head[breadcrumb_at] if breadcrumb_at is not None else "")
    caption = ""
    if title_at is not None:
        before = [i for i in candidates if i < title_at]
        if before and len(head[before[-1]]) < len(head[title_at]):
            caption = head[before[-1]]
    return DetectedMetadata(
        title=head[title_at] if title_at is not None else "",
        author=author,
        published_at=published,
        byline=head[byline_at] if byline_at is not None else "",
        breadcrumb=head[breadcrumb_at] if breadcrumb_at is not None else "",
        caption=caption,
    )


def _head_lines(text: str) -> list[str]:
    """Non-blank lines from the top, stopping at the first that reads like a body paragraph."""
    head: list[str] = []
    for raw in text[:_HEAD_CHARS].splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        if _is_body_paragraph(line) and not _is_byline(line):
            break
        head.append(line)
        if len(head) >= _HEAD_LINES:
            break
    return head


def _is_body_paragraph(line: str) -> bool:
    words = len(line.split())
    return len(line) > 250 or (bool(_SENTENCE_END.search(line)) and (words >= 12 or len(line) > 120))


def _is_heading_like(line: str) -> bool:
    if len(line) > _MAX_HEADLINE_CHARS or not any(ch.isalpha() for ch in line):
        return False
    # Headlines do not end with a full stop (but may with "?", "!" or a quote).
    return not (line.endswith(".") and not line.endswith("..."))


def _is_byline(line: str) -> bool:
    if len(line) > _MAX_BYLINE_CHARS or not _BYLINE_START.match(line):
        return False
    author, _ = _parse_byline(line)
    return bool(author)


def _parse_byline(line: str) -> tuple[str, datetime | None]:
    match = _BYLINE.match(line)
    if match is None:
        return "", None
    rest = match["rest"]
    found = find_datetime(rest)
    name_part = rest[: found.start] if found else rest
    end = _AUTHOR_END.search(name_part)
    if end is not None:
        name_part = name_part[: end.start()]
    author = name_part.strip(" \t,|-–—:")
    return (author if _is_name(author) else ""), (found.value if found else None)


def _is_name(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 8:
        return False
    names = [w for w in words if w.lower() not in _NAME_JOINERS]
    return bool(names) and all(_NAME_WORD.match(w) for w in names)


def _is_breadcrumb(line: str) -> bool:
    if len(line) > 300:
        return False
    parts = _BREADCRUMB_SPLIT.split(line)
    if len(parts) < 2 or not all(p.strip() for p in parts):
        return False
    if len(parts) == 2 and parts[0].casefold() != "home":
        return False
    return all(len(p) <= 40 for p in parts[:-1])


def _is_date_line(line: str) -> bool:
    if len(line) > _MAX_DATE_LINE_CHARS:
        return False
    found = find_datetime(line)
    if found is None:
        return False
    rest = _DATE_LINE_WORDS.sub(" ", line[: found.start] + " " + line[found.end :])
    return not any(ch.isalpha() for ch in rest)


def _published_from(head: list[str], date_lines: list[int]) -> datetime | None:
    """Prefer a "Published" line to an "Updated" one."""
    ordered = sorted(date_lines, key=lambda i: "updated" in head[i].lower() or "modified" in head[i].lower())
    found = find_datetime(head[ordered[0]])
    return found.value if found else None


def _pick_title(head: list[str], candidates: list[int], breadcrumb: str) -> int | None:
    if not candidates:
        return None
    if breadcrumb:
        last = _BREADCRUMB_SPLIT.split(breadcrumb)[-1].rstrip(".… ").casefold()
        for i in candidates:
            if last and head[i].casefold().startswith(last):
                return i
    # The longest of the first few heading-like lines: kickers and captions are short.
    return max(candidates[:3], key=lambda i: len(head[i]))
