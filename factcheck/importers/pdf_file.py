"""PDF documents with a text layer: page text in reading order, wrapped lines joined into paragraphs."""

from __future__ import annotations

import io
import re
from typing import Any

from factcheck.domain import BadInputError, ImportedDocument
from factcheck.importers._common import Cancelled, build_document, check_cancelled, check_text_length_so_far
from factcheck.importers.boilerplate import page_number_note, strip_page_numbers

# A line at least this share of the page's longest line was wrapped, so the paragraph goes on.
_FULL_LINE = 0.75
# Pages whose lines are all shorter than this (poems, tables of figures) are left as they are.
_MIN_REFLOW_WIDTH = 25
# Layout-mode lines with a wide gap inside are two columns side by side.
_COLUMN_GAP = re.compile(r"\S {4,}\S")
_COLUMN_SHARE = 0.3
_LIST_ITEM = re.compile(r"^(?:[•▪◦‣–*-]|\d{1,3}[.)])\s")
_WORD_PREFIX = re.compile(r"^(?:Microsoft (?:Word|PowerPoint) - |Untitled\b)", re.IGNORECASE)
_FILE_SUFFIX = re.compile(r"\.(?:docx?|pdf|odt|rtf|txt)$", re.IGNORECASE)


def import_pdf(
    data: bytes, name: str, *, remove_boilerplate: bool = True, cancelled: Cancelled | None = None
) -> ImportedDocument:
    """Read the text layer of a PDF; refuse scans without one, password protection and damaged files."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    if b"%PDF-" not in data[:1024]:
        raise BadInputError(f"“{name}” is not a PDF document.")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _locked(name)
        pages = []
        length = 0
        for page in reader.pages:
            check_cancelled(cancelled)
            pages.append(_page_text(page))
            length += len(pages[-1])
            check_text_length_so_far(length, name)
        info = reader.metadata
        title = str(info.title or "") if info else ""
        author = str(info.author or "") if info else ""
    except BadInputError:
        raise
    except (FileNotDecryptedError, DependencyError, NotImplementedError) as exc:
        raise _locked(name) from exc
    except Exception as exc:  # pypdf raises many kinds of error for a damaged file.
        raise BadInputError(f"“{name}” is damaged and cannot be read as a PDF.") from exc
    if not pages:
        raise BadInputError(f"“{name}” has no pages.")
    notes: tuple[str, ...] = ()
    if remove_boilerplate:  # page numbers go with the ad lines, under the same option, counted
        pages, numbers = strip_page_numbers(pages)
        notes = (page_number_note(numbers),) if numbers else ()
    text = "\n\n".join(page for page in pages if page.strip())
    if not text.strip():
        raise BadInputError(
            f"“{name}” has no text layer: it looks like a scanned image, so run it through OCR "
            "(text recognition) first."
        )
    return build_document(
        text,
        source_format="pdf",
        source_name=name,
        original=data,
        remove_boilerplate=remove_boilerplate,
        cancelled=cancelled,
        title=_clean_title(title),
        author=author.strip(),
        notes=notes,
    )


def _locked(name: str) -> BadInputError:
    return BadInputError(
        f"“{name}” is password-protected: open it, save an unprotected copy, and import that."
    )


def _page_text(page: Any) -> str:
    """A page's text in reading order, with paragraph breaks where the page leaves vertical space.

    pypdf's layout mode shows the vertical gaps between paragraphs, but puts side-by-side columns on the
    same lines; for a page with columns the plain mode's content-stream order is the reading order.
    """
    plain = page.extract_text() or ""
    if not plain.strip():
        return ""
    try:
        layout = page.extract_text(extraction_mode="layout") or ""
    except Exception:  # layout mode is stricter about odd fonts; the plain text is still good
        layout = ""
    lines = [line for line in layout.splitlines() if line.strip()]
    columns = sum(1 for line in lines if _COLUMN_GAP.search(line.strip()))
    if lines and columns <= _COLUMN_SHARE * len(lines):
        return _reflow("\n".join(" ".join(line.split()) for line in layout.splitlines()))
    return _reflow(plain)


def _reflow(page: str) -> str:
    """Join lines a PDF wrapped at the margin back into paragraphs.

    A blank line (vertical space on the page) separates paragraphs with a blank line; a short line or a
    list item with no space before it starts a new line.
    """
    lines = [line.strip() for line in page.splitlines()]
    width = max((len(line) for line in lines), default=0)
    if width < _MIN_REFLOW_WIDTH:
        return "\n".join(line for line in lines if line)
    blocks: list[list[str]] = [[]]
    current = ""
    for line in [*lines, ""]:
        if not line or (current and _LIST_ITEM.match(line)):
            if current:
                blocks[-1].append(current)
            current = ""
            if not line:
                blocks.append([])
                continue
        if not current:
            current = line
        elif current.endswith("-") and current[-2:-1].isalpha():
            current += line  # the hyphen is kept: it may belong to the word
        else:
            current += " " + line
        if len(line) < _FULL_LINE * width:
            blocks[-1].append(current)
            current = ""
    return "\n\n".join("\n".join(block) for block in blocks if block)


def _clean_title(title: str) -> str:
    """Drop the "Microsoft Word - draft.docx" kind of title that converters write."""
    title = title.strip()
    if _WORD_PREFIX.match(title):
        return ""
    return "" if _FILE_SUFFIX.search(title) else title
