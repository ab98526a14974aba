"""Turning files, web pages and pasted text into ImportedDocuments (no database, no Qt)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from factcheck.domain import BadInputError, ImportedDocument
from factcheck.importers._common import Cancelled, check_cancelled, check_path, check_size, read_limited
from factcheck.importers.boilerplate import remove_boilerplate
from factcheck.importers.clipboard import import_clipboard
from factcheck.importers.docx_file import import_docx
from factcheck.importers.html_page import import_html
from factcheck.importers.markdown_file import import_markdown
from factcheck.importers.metadata import DetectedMetadata, detect_metadata
from factcheck.importers.pdf_file import import_pdf
from factcheck.importers.text_file import import_text
from factcheck.importers.url_fetch import fetch_url

__all__ = [
    "SUPPORTED_EXTENSIONS",
    "Cancelled",
    "DetectedMetadata",
    "detect_metadata",
    "expand_paths",
    "fetch_url",
    "import_bytes",
    "import_clipboard",
    "import_path",
    "remove_boilerplate",
]

_Importer = Callable[..., ImportedDocument]
_IMPORTERS: dict[str, _Importer] = {
    ".txt": import_text,
    ".md": import_markdown,
    ".markdown": import_markdown,
    ".html": import_html,
    ".htm": import_html,
    ".docx": import_docx,
    ".pdf": import_pdf,
}
#: File name extensions import_path and import_bytes accept (lower case, with the dot), in menu order.
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(_IMPORTERS)


def import_path(
    path: str | os.PathLike[str], *, remove_boilerplate: bool = True, cancelled: Cancelled | None = None
) -> ImportedDocument:
    """Import an article file, choosing the reader by its extension (see SUPPORTED_EXTENSIONS).

    The size is checked before anything is read. Raises BadInputError, with one sentence for the user,
    for a missing path, a folder, an unsupported type, a file over MAX_IMPORT_BYTES or unusable content.
    ``cancelled()`` is asked between the steps of the import (every megabyte read or unpacked, every page,
    every few hundred paragraphs): once it returns True, ImportCancelled is raised and nothing is kept.
    It is called from the importing thread, so a threading.Event's ``is_set`` is the usual choice.
    """
    file = Path(path)
    size = check_path(file)
    _importer_for(file.name)
    check_size(size, file.name)
    data = read_limited(file, cancelled=cancelled)
    return import_bytes(data, file.name, remove_boilerplate=remove_boilerplate, cancelled=cancelled)


def import_bytes(
    data: bytes, name: str, *, remove_boilerplate: bool = True, cancelled: Cancelled | None = None
) -> ImportedDocument:
    """Import a file's bytes; `name` (a file name) gives the type by its extension and the source name."""
    importer = _importer_for(name)
    check_size(len(data), name)
    if not data.strip():
        raise BadInputError(f"“{name}” is empty: there is no text to import.")
    check_cancelled(cancelled)
    return importer(bytes(data), name, remove_boilerplate=remove_boilerplate, cancelled=cancelled)


def _importer_for(name: str) -> _Importer:
    suffix = Path(name).suffix.lower()
    importer = _IMPORTERS.get(suffix)
    if importer is None:
        kinds = ", ".join(SUPPORTED_EXTENSIONS)
        what = f"{suffix} files" if suffix else f"“{name}” (a file with no extension)"
        raise BadInputError(f"Cannot import {what}: the supported types are {kinds}.")
    return importer


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, and the importable files inside any folder (recursively, in name order)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_EXTENSIONS)
            )
        else:
            found.append(path)
    return found
