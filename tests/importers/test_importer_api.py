"""The importers package as a whole: dispatch, shared guarantees, and its place in the layers."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import factcheck.importers as importers
from factcheck.domain import BadInputError, ImportedDocument
from factcheck.importers import SUPPORTED_EXTENSIONS, import_bytes, import_path
from factcheck.text.normalise import canonical_text

PACKAGE = Path(importers.__file__).parent
SAMPLE_TITLE = "Alec Baldwin Shares ‘Over The Top’ Letter From ‘Rust’ Cast And Crew"


def test_supported_extensions() -> None:
    assert SUPPORTED_EXTENSIONS == (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")


def test_public_api() -> None:
    for name in importers.__all__:
        assert getattr(importers, name) is not None
    assert callable(importers.remove_boilerplate)
    assert importers.remove_boilerplate("A.\n\nAdvertisement\n\nB.") == ("A.\n\nB.", 1)


@pytest.fixture
def every_format(
    tmp_path: Path,
    fixtures: Path,
    sample_text: str,
    make_docx: Callable[..., bytes],
    make_pdf: Callable[..., bytes],
) -> dict[str, Path]:
    blocks = sample_text.split("\n\n")
    files = {
        ".txt": fixtures / "rust-crew-letter.txt",
        ".html": fixtures / "rust-crew-letter.html",
        ".md": fixtures / "bridge-claim.md",
    }
    (tmp_path / "a.htm").write_bytes(files[".html"].read_bytes())
    (tmp_path / "a.markdown").write_bytes(files[".md"].read_bytes())
    (tmp_path / "a.docx").write_bytes(make_docx([("", block) for block in blocks]))
    (tmp_path / "a.pdf").write_bytes(make_pdf([[block[:90]] for block in blocks[:6]]))
    files.update({ext: tmp_path / f"a{ext}" for ext in (".htm", ".markdown", ".docx", ".pdf")})
    return files


def test_every_format_through_import_path(every_format: dict[str, Path]) -> None:
    formats = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
    formats |= {".docx": "docx", ".pdf": "pdf"}
    assert set(every_format) == set(SUPPORTED_EXTENSIONS)
    for ext, path in every_format.items():
        doc = import_path(path)
        assert isinstance(doc, ImportedDocument)
        assert doc.source_format == formats[ext], ext
        assert doc.original == path.read_bytes(), ext
        assert doc.text == canonical_text(doc.text), ext
        assert doc.text.strip() and "advertisement" not in doc.text.lower(), ext
        assert doc.published_at is None or doc.published_at.tzinfo is not None, ext
        # import_bytes with the same name gives the same document.
        assert import_bytes(path.read_bytes(), path.name) == doc, ext


def test_extension_decides_not_content(fixtures: Path) -> None:
    html = (fixtures / "rust-crew-letter.html").read_bytes()
    as_text = import_bytes(html, "page.txt")
    assert as_text.source_format == "txt"
    assert "<script>" in as_text.text  # shown as-is: the user chose .txt
    with pytest.raises(BadInputError, match="is not a PDF"):
        import_bytes(html, "page.pdf")


def test_bytes_like_input(fixtures: Path) -> None:
    data = bytearray((fixtures / "rust-crew-letter.txt").read_bytes())
    doc = import_bytes(data, "sample.txt")  # type: ignore[arg-type]
    assert doc.title == SAMPLE_TITLE
    assert isinstance(doc.original, bytes)


def test_no_qt_database_or_heavy_imports_at_import_time() -> None:
    code = (
        "import sys, factcheck.importers; "
        "print(sorted(m for m in ('PySide6', 'sqlalchemy', 'trafilatura', 'docx', 'pypdf', 'markdown', 'lxml') "
        "if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def _modules() -> list[Path]:
    return sorted(PACKAGE.glob("*.py"))


@pytest.mark.parametrize("module", _modules(), ids=lambda p: p.name)
def test_module_shape(module: Path) -> None:
    source = module.read_text(encoding="utf-8")
    tree = ast.parse(source)
    docstring = ast.get_docstring(tree)
    assert docstring and "\n" not in docstring, "a one-line module docstring"
    assert len(source.splitlines()) <= 300, "a focused module"
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not imported & {"PySide6", "sqlalchemy", "requests"}
    # Nothing runs at import time but definitions, constants and imports.
    for node in tree.body:
        assert isinstance(
            node,
            ast.Import
            | ast.ImportFrom
            | ast.FunctionDef
            | ast.ClassDef
            | ast.Assign
            | ast.AnnAssign
            | ast.Expr,
        ), ast.dump(node)[:80]
        if isinstance(node, ast.Expr):
            assert isinstance(node.value, ast.Constant)
