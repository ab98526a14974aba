"""Web pages (.html, .htm, fetched URLs): the article's main text and metadata, via trafilatura, offline."""

from __future__ import annotations

import functools
import json
import re
from datetime import datetime
from typing import Any

from factcheck.domain import BadInputError, ImportedDocument
from factcheck.importers._common import Cancelled, build_document, check_cancelled
from factcheck.importers.dates import parse_iso_datetime
from factcheck.importers.decoding import decode_text

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Page furniture removed before extraction (trafilatura drops most of it anyway).
_PRUNE = ["//nav", "//*[@role='navigation']", "//footer[not(ancestor::article)]", "//form", "//button"]
# Where pages state when an article was first published, most specific first.
_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date.published",
    "publish-date",
    "publishdate",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date",
    "date",
)
_MIN_EXTRACTED_CHARS = 80
_HAS_OFFSET = re.compile(r"\d:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:Z|[+-]\d\d:?\d\d)$", re.IGNORECASE)


def import_html(
    data: bytes,
    name: str,
    *,
    remove_boilerplate: bool = True,
    cancelled: Cancelled | None = None,
    url: str = "",
    declared: str | None = None,
) -> ImportedDocument:
    """Extract an article from HTML without scripts, styles, navigation, share buttons or comments.

    Nothing is fetched and no script runs: trafilatura parses the bytes with lxml, which never loads
    external resources. Raises BadInputError when the page has no article text.
    """
    import trafilatura
    from trafilatura.utils import load_html

    if declared is None:
        found = _META_CHARSET.search(data[:4096])
        declared = found.group(1).decode("ascii") if found else None
    markup, _encoding = decode_text(data, name, declared=declared)
    check_cancelled(cancelled)
    tree = load_html(markup)
    if tree is None:
        raise BadInputError(f"“{name}” is not a web page that can be read.")
    published = _published_time(tree)
    time_values = _time_elements(tree)
    link_texts = {" ".join(a.text_content().split()) for a in tree.iter("a")}
    extracted = trafilatura.bare_extraction(
        tree,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
        prune_xpath=_PRUNE,
        config=_config(),
    )
    check_cancelled(cancelled)
    text = _body_text(extracted.body) if extracted is not None and extracted.body is not None else ""
    if not text and extracted is not None:
        text = extracted.text or ""
    if not _has_article_text(text, link_texts):
        raise BadInputError(
            f"“{name}” has no article text: it may be a menu or index page, or need JavaScript to show it."
        )
    if published is None and extracted is not None and extracted.date:
        # htmldate's date has no clock time: take one from a <time> element stating the same day.
        same_day = [value for value in time_values if value.startswith(extracted.date)]
        published = _best_date(same_day) or parse_iso_datetime(extracted.date)
    published = published or _best_date(time_values)
    return build_document(
        text,
        source_format="html",
        source_name=url or name,
        original=data,
        remove_boilerplate=remove_boilerplate,
        cancelled=cancelled,
        title=(extracted.title or "") if extracted else "",
        author=(extracted.author or "") if extracted else "",
        outlet=(extracted.sitename or "") if extracted else "",
        url=url or ((extracted.url or "") if extracted else ""),
        published_at=published,
    )


@functools.cache
def _config() -> Any:
    """trafilatura's settings, keeping the block structure of short articles.

    By default an extraction under 250 characters is replaced by a flat "baseline" text that runs the
    headline and paragraphs together.
    """
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(_MIN_EXTRACTED_CHARS))
    return config


def _has_article_text(text: str, link_texts: set[str]) -> bool:
    """False for nothing, or for text made only of link labels (a menu the extractor fell back on)."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if any(ch.isalnum() for ch in line)]
    return bool(lines) and not all(line in link_texts for line in lines)


def _published_time(tree: Any) -> datetime | None:
    """The first-publication time stated in meta tags or JSON-LD, preferring one with a clock time."""
    candidates: list[str] = []
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = meta.get("content")
        if key and content and key not in metas:
            metas[key] = content
    candidates += [metas[key] for key in _PUBLISHED_META if key in metas]
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            candidates += _json_ld_dates(script.text)
    return _best_date(candidates)


def _time_elements(tree: Any) -> list[str]:
    """Values of the first <time datetime> elements: weak evidence, as they may belong to a sidebar."""
    return [t.get("datetime").strip() for t in tree.iter("time") if t.get("datetime")][:5]


def _best_date(candidates: list[str]) -> datetime | None:
    best: datetime | None = None
    for value in candidates:
        parsed = parse_iso_datetime(value)
        if parsed is None:
            continue
        if _HAS_OFFSET.search(value.strip()):
            return parsed
        best = best or parsed  # only a date: keep looking for a value with a clock time
    return best


def _json_ld_dates(source: str) -> list[str]:
    try:
        data = json.loads(source)
    except ValueError:
        return []
    found: list[str] = []
    stack = [data]
    while stack and len(found) < 10:
        item = stack.pop()
        if isinstance(item, dict):
            value = item.get("datePublished")
            if isinstance(value, str):
                found.append(value)
            stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _body_text(body: Any) -> str:
    """trafilatura's XML body as text: a blank line between blocks, one line per list item or table row."""
    blocks: list[str] = []
    for element in body:
        tag = element.tag
        if tag == "graphic":
            continue
        if tag == "list":
            lines = [_inline(item) for item in element.iter("item")]
        elif tag == "table":
            lines = ["\t".join(_inline(cell) for cell in row.iter("cell")) for row in element.iter("row")]
        else:
            lines = [_inline(element, keep_space=tag == "code")]
        block = "\n".join(line for line in lines if line.strip())
        if block.strip():
            blocks.append(block)
    return "\n\n".join(blocks)


def _inline(element: Any, *, keep_space: bool = False) -> str:
    """Text of an element, with <lb/> as a newline and nested blocks on lines of their own."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag in ("p", "head", "quote", "item", "list", "row", "code"):
            parts.append("\n" + _inline(child, keep_space=keep_space) + "\n")
        elif child.tag != "graphic":
            parts.append(_inline(child, keep_space=keep_space))
        parts.append(child.tail or "")
    text = "".join(parts)
    if keep_space:
        return text.strip("\n")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
