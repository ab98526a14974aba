"""Word documents (.docx): paragraph and table text in order, title and author from core properties."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from factcheck.domain import MAX_IMPORT_BYTES, BadInputError, ImportedDocument
from factcheck.importers._common import build_document, describe_size

#: Most a .docx may unpack to (the sizes its zip directory declares); more is a zip bomb or absurd.
MAX_UNPACKED_BYTES = 4 * MAX_IMPORT_BYTES
_MAX_ENTRIES = 10_000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Office stores a password-protected .docx as an OLE file holding this stream.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
# Authors that tools write by default; they name no person.
_PLACEHOLDER_AUTHORS = {
    "python-docx",
    "microsoft office user",
    "user",
    "author",
    "unknown",
    "admin",
    "administrator",
}


def import_docx(data: bytes, name: str, *, remove_boilerplate: bool = True) -> ImportedDocument:
    """Read a .docx safely: refuse zip bombs, old .doc files, password protection and damage with one sentence."""
    _check_container(data, name)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except ValueError as exc:
        if "not a Word file" in str(exc):
            raise BadInputError(f"“{name}” is not a Word document (it may be another Office file).") from exc
        raise _damaged(name) from exc
    except Exception as exc:  # python-docx raises many kinds of error for a damaged package.
        raise _damaged(name) from exc
    try:
        text = "\n\n".join(_blocks(document))
        props = document.core_properties
        title = (props.title or "").strip() or _styled_title(document)
        author = (props.author or "").strip()
    except Exception as exc:
        raise _damaged(name) from exc
    if author.casefold() in _PLACEHOLDER_AUTHORS:
        author = ""
    if not text.strip():
        raise BadInputError(f"“{name}” has no text: the document is empty or holds only pictures.")
    return build_document(
        text,
        source_format="docx",
        source_name=name,
        original=data,
        remove_boilerplate=remove_boilerplate,
        title=title,
        author=author,
    )


def _check_container(data: bytes, name: str) -> None:
    """Check the zip directory before python-docx unpacks anything."""
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_STREAM in data:
            raise BadInputError(
                f"“{name}” is password-protected: remove the password in Word, save, and import it again."
            )
        raise BadInputError(f"“{name}” is an old Word 97–2003 document: save it as .docx in Word first.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _damaged(name) from exc
    if len(entries) > _MAX_ENTRIES:
        raise BadInputError(f"“{name}” holds too many parts ({len(entries)}) to be a real Word document.")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        raise BadInputError(
            f"“{name}” would unpack to {describe_size(unpacked)} (the limit is "
            f"{describe_size(MAX_UNPACKED_BYTES)}): it is not a normal Word document."
        )


def _damaged(name: str) -> BadInputError:
    return BadInputError(f"“{name}” is damaged or is not a Word (.docx) document.")


def _blocks(document: Any) -> list[str]:
    """Body paragraphs and tables in document order; a table gives one line per row, cells tab-separated."""
    from docx.table import Table

    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            rows = [_row_text(row) for row in item.rows]
            block = "\n".join(row for row in rows if row.strip())
        else:
            block = item.text
        if block.strip():
            blocks.append(block)
    return blocks


def _row_text(row: Any) -> str:
    cells: list[str] = []
    seen: set[int] = set()
    for cell in row.cells:  # a merged cell is repeated once per grid column it spans
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
    return "\t".join(cells)


def _styled_title(document: Any) -> str:
    """The first paragraph styled Title or Heading 1, for documents with no title property."""
    for paragraph in document.paragraphs[:20]:
        style = paragraph.style.name if paragraph.style is not None else ""
        if style in ("Title", "Heading 1") and paragraph.text.strip():
            return paragraph.text.strip()
    return ""
