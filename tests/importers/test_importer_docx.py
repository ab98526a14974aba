"""Word import: text in order, core properties, and refusal of bombs, locked and damaged files."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from factcheck.domain import BadInputError
from factcheck.importers import docx_file, import_bytes, import_path

SAMPLE_TITLE = "Alec Baldwin Shares ‘Over The Top’ Letter From ‘Rust’ Cast And Crew"
MakeDocx = Callable[..., bytes]


def sample_docx(make_docx: MakeDocx, sample_text: str, **kwargs: object) -> bytes:
    blocks = sample_text.split("\n\n")
    paragraphs = [("", blocks[0]), ("Title", blocks[1])] + [("", block) for block in blocks[2:]]
    return make_docx(paragraphs, **kwargs)


def test_sample_article_as_docx(tmp_path: Path, make_docx: MakeDocx, sample_text: str) -> None:
    path = tmp_path / "rust.docx"
    path.write_bytes(sample_docx(make_docx, sample_text, title="Rust crew letter", author="Kristin Myers"))
    doc = import_path(path)
    assert doc.source_format == "docx"
    assert doc.title == "Rust crew letter"  # the core property wins
    assert doc.author == "Kristin Myers"
    assert doc.published_at == datetime(2021, 12, 10, 0, 39, tzinfo=UTC)  # from the byline
    assert doc.notes == ("Removed 6 advertisement lines",)
    assert doc.original == path.read_bytes()
    expected = "\n\n".join(p for p in sample_text.split("\n\n") if "advertisement" not in p)
    assert doc.text == expected


def test_title_style_and_default_author(make_docx: MakeDocx, sample_text: str) -> None:
    doc = import_bytes(sample_docx(make_docx, sample_text), "untitled.docx")
    assert doc.title == SAMPLE_TITLE  # the paragraph styled Title
    assert doc.author == "Kristin Myers"  # python-docx's own "python-docx" author is ignored; byline used


def test_headings_lists_and_tables_in_order(make_docx: MakeDocx) -> None:
    data = make_docx(
        [
            ("Heading 1", "Budget Claims Checked"),
            ("", "The minister said spending rose by 40%."),
            ("List Bullet", "Claim one"),
            ("List Bullet", "Claim two"),
        ],
        table=[["Claim", "Rating"], ["Spending rose 40%", "False"]],
    )
    doc = import_bytes(data, "claims.docx")
    assert doc.title == "Budget Claims Checked"
    assert doc.text == (
        "Budget Claims Checked\n\nThe minister said spending rose by 40%.\n\nClaim one\n\nClaim two\n\n"
        "Claim\tRating\nSpending rose 40%\tFalse\n\nText after the table."
    )


def test_empty_document(make_docx: MakeDocx) -> None:
    with pytest.raises(BadInputError, match="has no text"):
        import_bytes(make_docx([("", "   ")]), "blank.docx")


def _forge_sizes(data: bytes, declared: int) -> bytes:
    """Rewrite every central-directory entry to claim `declared` uncompressed bytes."""
    out = bytearray(data)
    start = out.find(b"PK\x01\x02")
    while start != -1:
        struct.pack_into("<I", out, start + 24, declared)
        start = out.find(b"PK\x01\x02", start + 4)
    return bytes(out)


def test_zip_bomb_by_directory_sizes(make_docx: MakeDocx) -> None:
    bomb = _forge_sizes(make_docx([("", "Tiny")]), 3_000_000_000)
    with pytest.raises(BadInputError, match=r"would unpack to .* it is not a normal Word document"):
        import_bytes(bomb, "bomb.docx")


def test_zip_bomb_of_real_zeros(make_docx: MakeDocx, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_file, "MAX_UNPACKED_BYTES", 1_000_000)
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(make_docx([("", "Tiny")]))) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("word/media/padding.bin", b"\0" * 2_000_000)
    assert len(buffer.getvalue()) < 100_000
    with pytest.raises(BadInputError, match=r"would unpack to \d\.\d MB \(the limit is 977 KB\)"):
        import_bytes(buffer.getvalue(), "zeros.docx")


def test_password_protected_docx() -> None:
    # Office saves an encrypted .docx as an OLE compound file with an EncryptedPackage stream.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    data = header + "EncryptedInfo".encode("utf-16-le") + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(BadInputError, match="password-protected"):
        import_bytes(data + b"\0" * 1024, "secret.docx")


def test_old_word_document_renamed() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048 + "WordDocument".encode("utf-16-le")
    with pytest.raises(BadInputError, match="old Word 97–2003 document"):
        import_bytes(data, "old.docx")


@pytest.mark.parametrize(
    "data",
    [
        b"This is plain text pretending to be a Word document.",
        b"PK\x03\x04" + b"\x00" * 100,  # a truncated zip
    ],
)
def test_not_a_zip(data: bytes) -> None:
    with pytest.raises(BadInputError, match="damaged or is not a Word"):
        import_bytes(data, "fake.docx")


def test_zip_without_a_document(make_docx: MakeDocx) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a Word package")
    with pytest.raises(BadInputError, match="damaged or is not a Word"):
        import_bytes(buffer.getvalue(), "empty-package.docx")


def test_truncated_docx(make_docx: MakeDocx) -> None:
    data = make_docx([("", "A paragraph that will be cut off.")])
    with pytest.raises(BadInputError, match="damaged or is not a Word"):
        import_bytes(data[: len(data) // 2], "cut.docx")


def test_corrupt_part(make_docx: MakeDocx) -> None:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(make_docx([("", "Text")]))) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for item in source.infolist():
            body = b"<w:document><broken" if item.filename == "word/document.xml" else source.read(item)
            target.writestr(item, body)
    with pytest.raises(BadInputError, match="damaged or is not a Word"):
        import_bytes(buffer.getvalue(), "corrupt.docx")
