"""What every importer shares: safe file reading, size limits and assembling the ImportedDocument."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from factcheck.domain import (
    MAX_IMPORT_BYTES,
    MAX_TEXT_CHARS,
    BadInputError,
    ImportCancelled,
    ImportedDocument,
)
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


#: ``cancelled()``: True once the user asked to stop an import; importers ask it between steps.
Cancelled = Callable[[], bool]
_READ_CHUNK = 1024 * 1024


def check_cancelled(cancelled: Cancelled | None) -> None:
    """Raise ImportCancelled if the user asked to stop."""
    if cancelled is not None and cancelled():
        raise ImportCancelled()


def over_the_limit(size: int, limit: int) -> str:
    """ "62 MB; the limit is 50 MB" — never "50 MB; the limit is 50 MB" for a file just over it."""
    amount = describe_size(size)
    if amount == describe_size(limit):
        amount = f"just over {amount}"
    return f"{amount}; the limit is {describe_size(limit)}"


def check_size(size: int, name: str, limit: int = MAX_IMPORT_BYTES) -> None:
    if size > limit:
        raise BadInputError(f"“{name}” is too large to import ({over_the_limit(size, limit)}).")


def check_text_length(text: str, name: str) -> None:
    """Refuse text longer than MAX_TEXT_CHARS (what a 50 MB text file holds), however it was packed."""
    check_text_length_so_far(len(text), name)


def check_text_length_so_far(length: int, name: str) -> None:
    """The same limit, for importers that build the text piece by piece and stop at the cap."""
    if length > MAX_TEXT_CHARS:
        raise BadInputError(
            f"“{name}” holds too much text to import (more than {MAX_TEXT_CHARS // (1024 * 1024)} million "
            "characters): split it into smaller documents."
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


def read_limited(path: Path, limit: int = MAX_IMPORT_BYTES, cancelled: Cancelled | None = None) -> bytes:
    """Read a file whose size has been checked, in chunks (so a cancel is seen), refusing it if it grew
    past the limit meanwhile."""
    chunks: list[bytes] = []
    total = 0
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(min(_READ_CHUNK, limit + 1 - total)):
                check_cancelled(cancelled)
                chunks.append(chunk)
                total += len(chunk)
                if total > limit:
                    break
    except OSError as exc:
        raise BadInputError(f"“{path.name}” cannot be read: {exc.strerror or exc}.") from None
    check_size(total, path.name, limit)
    return b"".join(chunks)


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
    cancelled: Cancelled | None = None,
) -> ImportedDocument:
    """Canonicalise the text, strip boilerplate if asked, and fill missing metadata from the text's top."""
    check_text_length(text, source_name)
    text = canonical_text(text, cancelled)
    if remove_boilerplate:
        check_cancelled(cancelled)
        cleanup = clean_boilerplate(text)
        if cleanup.removed:
            text = canonical_text(cleanup.text, cancelled)
            notes = (*notes, *cleanup.notes())
    check_cancelled(cancelled)
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
