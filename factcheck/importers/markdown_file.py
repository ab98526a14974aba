"""Markdown articles (.md, .markdown): rendered to the plain text a reader sees, titled by the first heading."""

from __future__ import annotations

import re

from factcheck.domain import ImportedDocument
from factcheck.importers._common import Cancelled, build_document, check_cancelled
from factcheck.importers.dates import parse_iso_datetime
from factcheck.importers.decoding import decode_text
from factcheck.importers.html_text import html_to_text

# YAML-style front matter: "---", then "key: value" lines, then "---" or "...".
_FRONT_MATTER = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(?P<body>(?:.*\r?\n){0,60}?)(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)"
)
_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$")
_EXTENSIONS = ("extra", "sane_lists")


def import_markdown(
    data: bytes,
    name: str,
    *,
    remove_boilerplate: bool = True,
    cancelled: Cancelled | None = None,
    url: str = "",
    declared: str | None = None,
) -> ImportedDocument:
    """Render Markdown to text; title, author and date come from front matter or the first heading."""
    import markdown

    source, _encoding = decode_text(data, name, declared=declared)
    check_cancelled(cancelled)
    fields, source = _split_front_matter(source)
    html = markdown.markdown(source, extensions=list(_EXTENSIONS), output_format="html")
    check_cancelled(cancelled)
    rendered = html_to_text(html)
    published = None
    for key in ("date", "published", "published_at", "pubdate"):
        if fields.get(key):
            published = parse_iso_datetime(fields[key])
            if published is not None:
                break
    return build_document(
        rendered.text,
        source_format="md",
        source_name=url or name,
        original=data,
        remove_boilerplate=remove_boilerplate,
        cancelled=cancelled,
        title=fields.get("title") or rendered.first_heading,
        author=fields.get("author") or fields.get("byline") or "",
        outlet=fields.get("outlet") or fields.get("site") or fields.get("publication") or "",
        url=url or _web_address(fields.get("url") or fields.get("link") or fields.get("source") or ""),
        published_at=published,
    )


def _web_address(value: str) -> str:
    return value if value.startswith(("http://", "https://")) else ""


def _split_front_matter(source: str) -> tuple[dict[str, str], str]:
    """Pull simple "key: value" front matter off the top; lists and nested values are ignored."""
    match = _FRONT_MATTER.match(source)
    if match is None:
        return {}, source
    fields: dict[str, str] = {}
    for line in match["body"].splitlines():
        field = _FIELD.match(line)
        if field is None:
            continue
        value = field["value"]
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        fields.setdefault(field["key"].lower(), value)
    if not fields:
        return {}, source
    return fields, source[match.end() :]
