"""Plain-text articles (.txt) in UTF-8, UTF-16 or a legacy Western encoding, with metadata from the top."""

from __future__ import annotations

from factcheck.domain import ImportedDocument
from factcheck.importers._common import Cancelled, build_document, check_cancelled
from factcheck.importers.decoding import decode_text, encoding_label

# Encodings worth no note: what a reader would assume anyway.
_UNREMARKABLE = {"utf-8", "ascii", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"}


def import_text(
    data: bytes,
    name: str,
    *,
    remove_boilerplate: bool = True,
    cancelled: Cancelled | None = None,
    declared: str | None = None,
    url: str = "",
    source_format: str = "txt",
) -> ImportedDocument:
    """Decode plain text and take title, author and published time from its headline and byline."""
    text, encoding = decode_text(data, name, declared=declared)
    check_cancelled(cancelled)
    notes: tuple[str, ...] = ()
    if encoding not in _UNREMARKABLE:
        notes = (f"Read as {encoding_label(encoding)} text",)
    return build_document(
        text,
        source_format=source_format,
        source_name=url or name,
        original=data,
        remove_boilerplate=remove_boilerplate,
        cancelled=cancelled,
        url=url,
        notes=notes,
    )
