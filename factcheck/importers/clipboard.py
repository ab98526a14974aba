"""Articles pasted from the clipboard: its plain text when there is some, else its HTML rendered as text."""

from __future__ import annotations

import re

from factcheck.domain import MAX_IMPORT_BYTES, BadInputError, ImportedDocument
from factcheck.importers._common import build_document, describe_size
from factcheck.importers.html_text import html_to_text
from factcheck.text.normalise import looks_binary

# Windows' clipboard HTML format names the page the selection came from.
_SOURCE_URL = re.compile(r"^SourceURL:(?P<url>https?://\S+)", re.MULTILINE)


def import_clipboard(
    text: str | None, html: str | None, *, remove_boilerplate: bool = True
) -> ImportedDocument:
    """Import what was copied: the text flavour as the browser rendered it, or the HTML when text is absent.

    The selection is the user's choice, so nothing is extracted away except scripts, styles and the same
    advertisement lines the file importers remove. Metadata comes from the headline and byline.
    """
    url = ""
    if html:
        found = _SOURCE_URL.search(html[:2048])
        url = found["url"] if found else ""
    if text and text.strip():
        raw, original = text, text.encode("utf-8", "surrogatepass")
    elif html and html.strip():
        raw, original = html_to_text(_fragment(html)).text, html.encode("utf-8", "surrogatepass")
        if not raw.strip():
            raise BadInputError("The copied HTML has no visible text: copy the article text itself.")
    else:
        raise BadInputError("The clipboard has no text: copy some of the article first.")
    if len(original) > MAX_IMPORT_BYTES:
        raise BadInputError(
            f"The copied text is too large to import (the limit is {describe_size(MAX_IMPORT_BYTES)})."
        )
    if looks_binary(raw):
        raise BadInputError("The clipboard holds binary data, not article text.")
    return build_document(
        raw,
        source_format="clipboard",
        source_name="Clipboard",
        original=original,
        remove_boilerplate=remove_boilerplate,
        url=url,
    )


def _fragment(html: str) -> str:
    """Windows wraps the selection in a header and <!--StartFragment--> markers: keep what is between."""
    start = html.find("<!--StartFragment-->")
    end = html.find("<!--EndFragment-->")
    if start != -1 and end > start:
        return html[start + len("<!--StartFragment-->") : end]
    if html.startswith("Version:"):
        body = html.find("<")
        return html[body:] if body != -1 else ""
    return html
