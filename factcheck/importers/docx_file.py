"""Word documents (.docx): paragraph and table text in order, title and author from core properties."""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import Any

from factcheck.domain import MAX_IMPORT_BYTES, BadInputError, ImportedDocument
from factcheck.importers._common import Cancelled, build_document, check_cancelled, describe_size

#: Most a .docx may unpack to in all (pictures included); more is a zip bomb or absurd.
MAX_UNPACKED_BYTES = 4 * MAX_IMPORT_BYTES
#: Most its XML parts (the text and its markup) may unpack to: python-docx holds them parsed in memory.
MAX_XML_BYTES = MAX_IMPORT_BYTES
#: Most bytes a part may unpack to per packed byte, once past RATIO_FREE_BYTES. Word's XML packs 5–20:1;
#: deflate bombs reach 1000:1. (Apache POI's ZipSecureFile refuses past 100:1 the same way.)
MAX_RATIO = 100
RATIO_FREE_BYTES = 1024 * 1024
_CHUNK = 1024 * 1024
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
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


def import_docx(
    data: bytes, name: str, *, remove_boilerplate: bool = True, cancelled: Cancelled | None = None
) -> ImportedDocument:
    """Read a .docx safely: refuse zip bombs, old .doc files, password protection and damage with one sentence."""
    _check_container(data, name, cancelled)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except ValueError as exc:
        if "not a Word file" in str(exc):
            raise BadInputError(f"“{name}” is not a Word document (it may be another Office file).") from exc
        raise _damaged(name) from exc
    except Exception as exc:  # python-docx raises many kinds of error for a damaged package.
        raise _damaged(name) from exc
    check_cancelled(cancelled)
    try:
        text = "\n\n".join(_blocks(document, cancelled))
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
        cancelled=cancelled,
    )


def _check_container(data: bytes, name: str, cancelled: Cancelled | None = None) -> None:
    """Check the zip directory, then stream every part through the caps, before python-docx unpacks it.

    The declared sizes, each part's compression ratio and packing are checked first; then every part is
    decompressed as a stream that stops at its caps. zipfile never returns more than a part's declared
    size, so what passes here cannot grow when python-docx reads it.
    """
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_STREAM in data:
            raise BadInputError(
                f"“{name}” is password-protected: remove the password in Word, save, and import it again."
            )
        raise BadInputError(f"“{name}” is an old Word 97–2003 document: save it as .docx in Word first.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            _check_directory(entries, name)
            for entry in entries:
                _stream_through_caps(archive, entry, name, cancelled)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError, EOFError) as exc:
        raise _damaged(name) from exc
    except (RuntimeError, NotImplementedError) as exc:  # zipfile's words for encrypted or unknown packing
        raise _damaged(name) from exc


def _check_directory(entries: list[zipfile.ZipInfo], name: str) -> None:
    """What the zip directory declares: the number of parts, their sizes, ratios and packing."""
    if len(entries) > _MAX_ENTRIES:
        raise BadInputError(f"“{name}” holds too many parts ({len(entries)}) to be a real Word document.")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        raise BadInputError(
            f"“{name}” would unpack to {describe_size(unpacked)} (the limit is "
            f"{describe_size(MAX_UNPACKED_BYTES)}): it is not a normal Word document."
        )
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise BadInputError(
                f"“{name}” is password-protected: remove the password in Word, save, and import it again."
            )
        if entry.compress_type not in _METHODS:
            raise BadInputError(
                f"“{name}” is packed in a way Word does not use (zip method {entry.compress_type}): "
                "open it in Word and save it again."
            )
        _check_ratio(entry.file_size, entry, name)
    xml = sum(entry.file_size for entry in entries if _is_xml(entry))
    if xml > MAX_XML_BYTES:
        raise BadInputError(
            f"“{name}” holds {describe_size(xml)} of text and markup (the limit is "
            f"{describe_size(MAX_XML_BYTES)}): split it into smaller documents."
        )


def _check_ratio(size: int, entry: zipfile.ZipInfo, name: str) -> None:
    if size > RATIO_FREE_BYTES and size > MAX_RATIO * max(entry.compress_size, 1):
        raise BadInputError(
            f"“{name}” is a zip bomb, not a normal Word document: its part {entry.filename} unpacks to "
            f"more than {MAX_RATIO} times its packed size."
        )


def _stream_through_caps(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, name: str, cancelled: Cancelled | None
) -> None:
    """Decompress one part chunk by chunk, stopping as soon as it passes its declared size or ratio."""
    size = 0
    with archive.open(entry) as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > entry.file_size:
                raise BadInputError(f"“{name}” is damaged: {entry.filename} is larger than declared.")
            _check_ratio(size, entry, name)
            check_cancelled(cancelled)


def _is_xml(entry: zipfile.ZipInfo) -> bool:
    return entry.filename.lower().endswith((".xml", ".rels"))


def _damaged(name: str) -> BadInputError:
    return BadInputError(f"“{name}” is damaged or is not a Word (.docx) document.")


def _blocks(document: Any, cancelled: Cancelled | None = None) -> list[str]:
    """Body paragraphs and tables in document order; a table gives one line per row, cells tab-separated."""
    from docx.table import Table

    blocks: list[str] = []
    for number, item in enumerate(document.iter_inner_content()):
        if number % 500 == 0:
            check_cancelled(cancelled)
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
