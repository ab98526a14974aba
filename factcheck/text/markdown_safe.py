"""Markdown rendered to HTML that is safe to show: nothing runs, nothing loads, links go only to the web."""

from __future__ import annotations

from html import escape

import markdown
import nh3

#: A note longer than this is previewed in part (the whole note is always saved).
MAX_RENDER_CHARS = 200_000
ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "dd",
        "del",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
LINK_SCHEMES = frozenset({"http", "https", "mailto"})


def render_markdown(source: str) -> str:
    """HTML for ``source``: no scripts, styles, images, frames or forms; links only http(s) and mailto.

    Images are dropped (a preview must not fetch anything); pathological nesting falls back to the plain
    text rather than failing.
    """
    clipped = source[:MAX_RENDER_CHARS]
    try:
        html = markdown.markdown(clipped, extensions=["extra", "sane_lists"], output_format="html")
    except (RecursionError, ValueError):
        html = f"<pre>{escape(clipped)}</pre>"
    safe = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(LINK_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    if len(source) > MAX_RENDER_CHARS:
        safe += f"<p><em>The preview shows the first {MAX_RENDER_CHARS:,} characters; the whole note is saved.</em></p>"
    return safe
