"""Hostile and huge files: zip bombs refused from their directory, text capped at 50 MB however it was
packed, imports cancellable in the middle of a file, and the canonical text built without slow passes."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.domain import BadInputError, ImportCancelled
from factcheck.importers import _common, docx_file, import_bytes, import_path
from factcheck.text.normalise import canonical_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_with_body(make_docx: Callable[..., bytes], body: bytes, level: int = 9) -> bytes:
    """A real .docx (python-docx's own package) whose word/document.xml is replaced by ``body``."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(make_docx([("", "Tiny")]))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target,
    ):
        for item in source.infolist():
            data = body if item.filename == "word/document.xml" else source.read(item)
            target.writestr(item.filename, data)
    return out.getvalue()


def docx_bomb(make_docx: Callable[..., bytes], kind: str) -> bytes:
    """A ~100 KB bomb: 27 MB of identical one-word paragraphs (~290:1, what took 45 s and 530 MB before,
    each paragraph an element python-docx builds), or 100 MB in one text run (~1000:1)."""
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'
    if kind == "paragraphs":
        inner = b"<w:p><w:r><w:t>Claim.</w:t></w:r></w:p>" * (27 * 1024 * 1024 // 38)
    else:
        inner = b"<w:p><w:r><w:t>" + b"A" * (100 * 1024 * 1024) + b"</w:t></w:r></w:p>"
    return docx_with_body(make_docx, head.encode() + inner + b"</w:body></w:document>")


@pytest.mark.parametrize("kind", ["paragraphs", "one-run"])
def test_the_98_kb_docx_bomb_is_refused_from_its_directory(make_docx, kind: str) -> None:
    bomb = docx_bomb(make_docx, kind)
    assert len(bomb) < 200_000
    checks = []

    def never(*_args: object) -> bool:
        checks.append(1)
        return False

    with pytest.raises(BadInputError, match=r"zip bomb.*word/document\.xml.*100 times"):
        import_bytes(bomb, "bomb.docx", cancelled=never)
    assert checks == [1]  # refused before a single part was unpacked


def test_a_part_that_unpacks_past_its_declared_size_is_damage(make_docx) -> None:
    data = docx_with_body(make_docx, b"<w:document/>" + b" " * 500_000, level=9)
    # Declare the document part smaller than it is: zipfile stops there, and the CRC no longer matches.
    archive = bytearray(data)
    at = archive.find(b"PK\x01\x02")
    while at != -1:
        name_length = int.from_bytes(archive[at + 28 : at + 30], "little")
        if archive[at + 46 : at + 46 + name_length] == b"word/document.xml":
            archive[at + 24 : at + 28] = (1000).to_bytes(4, "little")
        at = archive.find(b"PK\x01\x02", at + 4)
    with pytest.raises(BadInputError, match="damaged"):
        import_bytes(bytes(archive), "lying.docx")


def test_too_much_markup_is_refused(make_docx, monkeypatch) -> None:
    monkeypatch.setattr(docx_file, "MAX_XML_BYTES", 400_000)
    paragraph = f"<w:p><w:r><w:t>{'Spending rose by forty percent. ' * 20}</w:t></w:r></w:p>"
    body = f'<w:document xmlns:w="{W}"><w:body>{paragraph * 1000}</w:body></w:document>'.encode()
    with pytest.raises(BadInputError, match=r"holds .* of text and markup"):
        import_bytes(docx_with_body(make_docx, body), "long.docx")


def test_text_is_capped_however_it_was_packed(make_pdf, monkeypatch) -> None:
    monkeypatch.setattr(_common, "MAX_TEXT_CHARS", 2_000)
    pages = [
        [f"Line {i} of page {p}: the minister said spending rose sharply." for i in range(20)]
        for p in range(5)
    ]
    with pytest.raises(BadInputError, match="too much text"):
        import_bytes(make_pdf(pages), "long.pdf")


# --- Cancelling in the middle of a file ----------------------------------------------------------------


def _files(make_docx, make_pdf, tmp_path: Path) -> dict[str, Path]:
    sentence = "The minister said spending rose by forty percent last year, which critics disputed. "
    paragraphs = [("", f"{i}: {sentence * (i % 7 + 1)}") for i in range(3000)]
    files = {
        "big.txt": (sentence * 8 + "\n\n").encode() * 8000,
        "big.md": (("# Heading\n\n" + sentence * 8 + "\n\n") * 3000).encode(),
        "big.html": b"<html><body><article>"
        + (b"<p>" + sentence.encode() * 8 + b"</p>") * 3000
        + b"</article></body></html>",
        "big.docx": make_docx(paragraphs),
        "big.pdf": make_pdf([[sentence[:80]] * 40 for _ in range(60)]),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return {name: tmp_path / name for name in files}


@pytest.mark.parametrize("name", ["big.txt", "big.md", "big.html", "big.docx", "big.pdf"])
def test_an_import_can_be_cancelled_in_the_middle_of_a_file(make_docx, make_pdf, tmp_path, name) -> None:
    path = _files(make_docx, make_pdf, tmp_path)[name]
    asked = []
    import_path(path, cancelled=lambda: bool(asked.append(1)))
    total = len(asked)
    assert total >= 5, f"{name}: only {total} chances to cancel"
    for stop_at in (1, total // 2, total):
        calls = []

        def cancelled(calls=calls, stop_at=stop_at) -> bool:
            calls.append(1)
            return len(calls) >= stop_at

        with pytest.raises(ImportCancelled, match="cancelled"):
            import_path(path, cancelled=cancelled)
        assert len(calls) == stop_at  # stopped at once, not at the end


def test_a_threading_event_cancels_an_import(make_docx, make_pdf, tmp_path) -> None:
    import threading

    stop = threading.Event()
    stop.set()
    with pytest.raises(ImportCancelled):
        import_path(_files(make_docx, make_pdf, tmp_path)["big.docx"], cancelled=stop.is_set)


# --- The canonical text: the same result as the plain regexes, faster ----------------------------------

_LINE_ENDS = re.compile(r"\r\n?|\u2028|\u2029|\x85")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_BLANK_RUNS = re.compile(r"\n{3,}")
_LEADING_BLANK = re.compile(r"\A[\s\ufeff]+")


def _reference(raw: str) -> str:
    """canonical_text as it was written before it was made fast (issue 12.2)."""
    text = _LINE_ENDS.sub("\n", raw)
    text = _CONTROLS.sub("", text)
    text = _SURROGATES.sub("\ufffd", text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _BLANK_RUNS.sub("\n\n", text)
    return _LEADING_BLANK.sub("", text).rstrip()


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \t\r\n\x00\x0b\x85\u2028\u2029\ufeff\ud800é")), max_size=60))
def test_canonical_text_matches_the_plain_regexes(raw: str) -> None:
    expected = _reference(raw)
    if not expected:
        with pytest.raises(BadInputError):
            canonical_text(raw)
    else:
        assert canonical_text(raw) == expected
