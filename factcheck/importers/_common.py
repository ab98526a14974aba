"""What every importer shares: safe file reading, size limits and assembling the ImportedDocument."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from factcheck.domain import MAX_IMPORT_BYTES, BadInputError, ImportedDocument
from factcheck.importers.boilerplate import clean_boilerplate
from factcheck.importers.metadata import detect_metadata
from factcheck.text.normalise import canonical_text


def describe_size(n: int) -> str:
    """A byte count for people: "50 MB", "712 KB"."""
    if n >= 1024 * 1024:
        megabytes = n / (1024 * 1024)
        return f"{megabytes:.0f} MB" if megabytes >= 10 else f"{megabytes:.1f} MB".replace(".0 MB", " MB")
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def check_size(size: int, name: str, limit: int = MAX_IMPORT_BYTES) -> None:
    if size > limit:
        raise BadInputError(
            f"“{name}” is too large to import ({describe_size(size)}; the limit is {describe_size(limit)})."
        )


def check_path(path: Path) -> int:
    """Refuse a missing path or a folder; return the file's size, read from the directory entry."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise BadInputError(f"“{path}” does not exist.") from None
    except OSError as exc:
        raise BadInputError(f"“{path}” cannot be read: {exc.strerror or exc}.") from None
    if path.is_dir():
        raise BadInputError(f"“{path.name}” is a folder, not a file: choose an article file inside it.")
    if not path.is_file():
        raise BadInputError(f"“{path.name}” is not a regular file.")
    return info.st_size


def read_limited(path: Path, limit: int = MAX_IMPORT_BYTES) -> bytes:
    """Read a file whose size has been checked, refusing it if it grew past the limit meanwhile."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise BadInputError(f"“{path.name}” cannot be read: {exc.strerror or exc}.") from None
    check_size(len(data), path.name, limit)
    return data


def build_document(
    text: str,
    *,
    source_format: str,
    source_name: str,
    original: bytes,
    remove_boilerplate: bool = True,
    title: str = "",
    author: str = "",
    outlet: str = "",
    url: str = "",
    published_at: datetime | None = None,
    notes: tuple[str, ...] = (),
) -> ImportedDocument:
    """Canonicalise the text, strip boilerplate if asked, and fill missing metadata from the text's top."""
    text = canonical_text(text)
    if remove_boilerplate:
        cleanup = clean_boilerplate(text)
        if cleanup.removed:
            text = canonical_text(cleanup.text)
            notes = (*notes, *cleanup.notes())
    if not (title and author and published_at):
        found = detect_metadata(text)
        title = title or found.title
        author = author or found.author
        published_at = published_at or found.published_at
    return ImportedDocument(
        text=text,
        source_format=source_format,
        source_name=source_name,
        title=_one_line(title),
        outlet=_one_line(outlet),
        author=_one_line(author),
        url=url.strip(),
        published_at=published_at,
        original=original,
        notes=notes,
    )


def _one_line(value: str) -> str:
    return " ".join(value.split())
