"""PDF import: the text layer in reading order; scans, locked and damaged files refused clearly."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from factcheck.domain import BadInputError
from factcheck.importers import import_bytes, import_path

SAMPLE_TITLE = "Alec Baldwin Shares ‘Over The Top’ Letter From ‘Rust’ Cast And Crew"
MakePdf = Callable[..., bytes]


def sample_pdf(make_pdf: MakePdf, sample_text: str, **kwargs: object) -> bytes:
    """The sample article set as a PDF would: paragraphs wrapped at 80 characters, a blank line between."""
    pages: list[list[str]] = [[]]
    for paragraph in sample_text.split("\n\n"):
        lines = textwrap.wrap(paragraph, 80) + [""]
        if len(pages[-1]) + len(lines) > 45:
            pages.append([])
        pages[-1] += lines
    return make_pdf(pages, **kwargs)


def test_sample_article_as_pdf(tmp_path: Path, make_pdf: MakePdf, sample_text: str) -> None:
    path = tmp_path / "rust.pdf"
    path.write_bytes(
        sample_pdf(make_pdf, sample_text, info={"Title": SAMPLE_TITLE, "Author": "Kristin Myers"})
    )
    doc = import_path(path)
    assert doc.source_format == "pdf"
    assert doc.title == SAMPLE_TITLE
    assert doc.author == "Kristin Myers"
    assert doc.published_at == datetime(2021, 12, 10, 0, 39, tzinfo=UTC)
    assert doc.original == path.read_bytes()
    assert doc.notes == ("Removed 6 advertisement lines",)
    # Wrapped lines are joined back into the article's paragraphs, in reading order.
    expected = [p for p in sample_text.split("\n\n") if "advertisement" not in p]
    assert doc.text.split("\n\n") == expected


def test_metadata_from_the_text_when_the_pdf_has_none(make_pdf: MakePdf, sample_text: str) -> None:
    doc = import_bytes(
        sample_pdf(make_pdf, sample_text, info={"Title": "Microsoft Word - rust.docx"}), "r.pdf"
    )
    assert doc.title == SAMPLE_TITLE
    assert doc.author == "Kristin Myers"


def test_reflow_without_blank_lines(make_pdf: MakePdf) -> None:
    paragraph = (
        "The council met on Tuesday evening to discuss the closure of the bridge, which had been "
        "announced without consultation. Residents said the decision was rushed and that nobody "
        "had explained how long the repairs would take."
    )
    lines = ["Bridge Closure Debated"] + textwrap.wrap(paragraph, 70) + ["• First point", "• Second point"]
    doc = import_bytes(make_pdf([lines, ["Page two starts a new paragraph here."]]), "council.pdf")
    # No vertical space on the page: short lines and list items start new lines; pages are paragraphs.
    assert doc.text == (
        f"Bridge Closure Debated\n{paragraph}\n• First point\n• Second point\n\n"
        "Page two starts a new paragraph here."
    )


def test_short_lines_are_not_joined(make_pdf: MakePdf) -> None:
    lines = ["Roses are red,", "Violets are blue,", "This is a poem", "And short lines stay too."]
    assert import_bytes(make_pdf([lines]), "poem.pdf").text == "\n".join(lines)


def test_two_columns_read_column_by_column(make_pdf: MakePdf) -> None:
    left = (
        "Voters in the northern district went to the polls on Sunday in an election that officials "
        "described as calm."
    )
    right = (
        "Turnout was lower than in the last election, according to figures released by the "
        "electoral commission late on Sunday night."
    )
    data = make_pdf([textwrap.wrap(left, 42)], second_column=textwrap.wrap(right, 42))
    assert import_bytes(data, "columns.pdf").text == f"{left}\n{right}"


def test_scanned_pdf_without_text_layer(make_pdf: MakePdf) -> None:
    with pytest.raises(BadInputError, match="no text layer: it looks like a scanned image"):
        import_bytes(make_pdf([[], []], image_only=True), "scan.pdf")


def test_password_protected_pdf(make_pdf: MakePdf) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Secret text"]]))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(BadInputError, match="password-protected"):
        import_bytes(buffer.getvalue(), "locked.pdf")


def test_pdf_with_only_an_owner_password_opens(make_pdf: MakePdf) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Readable text, no copying allowed"]]))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert import_bytes(buffer.getvalue(), "restricted.pdf").text == "Readable text, no copying allowed"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Plain text saved with a .pdf name.", "is not a PDF document"),
        (b"%PDF-1.4\n%garbage with no objects at all\n%%EOF\n", "damaged"),
    ],
)
def test_not_a_pdf_and_damaged_pdf(content: bytes, message: str) -> None:
    with pytest.raises(BadInputError, match=message):
        import_bytes(content, "bad.pdf")


def test_truncated_pdf(make_pdf: MakePdf) -> None:
    data = make_pdf([["Some text that will be cut off halfway through the file"]])
    with pytest.raises(BadInputError, match="damaged|no text layer"):
        import_bytes(data[: len(data) // 3], "cut.pdf")
