"""Fuzzed article files: every importer either imports or refuses with a BadInputError, never anything
else (a traceback in the CLI, a crash in the window). Bounded: ~150 examples per format, a few seconds."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from importer_support import build_docx, build_pdf

from factcheck.domain import BadInputError, ImportedDocument
from factcheck.importers import import_bytes

SENTENCE = "The minister said spending rose by forty percent last year, which critics disputed."
SEEDS = {
    ".txt": (SENTENCE + "\n\n").encode() * 5,
    ".md": f"---\ntitle: Budget\ndate: 2021-12-09\n---\n# Budget\n\n{SENTENCE}\n\n- one\n- two\n".encode(),
    ".html": f"<html><head><title>T</title></head><body><article><p>{SENTENCE}</p></article></body></html>".encode(),
    ".docx": build_docx([("Title", "Budget"), ("", SENTENCE)], table=[["a", "b"]]),
    ".pdf": build_pdf([[SENTENCE[:70], SENTENCE[20:]]]),
}
FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def _imports_or_refuses(data: bytes, name: str) -> None:
    try:
        result = import_bytes(data, name)
    except BadInputError as exc:
        assert str(exc).strip(), "a refusal needs a message"
        return
    assert isinstance(result, ImportedDocument) and result.text


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif data:
            del data[at : at + draw(st.integers(1, 64))]
    return bytes(data)


@pytest.mark.parametrize("suffix", sorted(SEEDS))
def test_mutated_files_import_or_are_refused(suffix: str) -> None:
    @FUZZ
    @given(mutated(SEEDS[suffix]))
    def check(data: bytes) -> None:
        _imports_or_refuses(data, f"fuzzed{suffix}")

    check()


@st.composite
def docx_with_a_mutated_part(draw) -> bytes:
    """A well-formed zip whose parts are damaged: what zip-level checks let through to python-docx."""
    with zipfile.ZipFile(io.BytesIO(SEEDS[".docx"])) as source:
        parts = {item.filename: source.read(item) for item in source.infolist()}
    victim = draw(st.sampled_from(sorted(parts)))
    parts[victim] = draw(mutated(parts[victim]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, body in parts.items():
            target.writestr(name, body)
    return out.getvalue()


@settings(FUZZ, max_examples=80)
@given(docx_with_a_mutated_part())
def test_docx_with_damaged_parts_imports_or_is_refused(data: bytes) -> None:
    _imports_or_refuses(data, "fuzzed.docx")


@FUZZ
@given(st.binary(max_size=2048), st.sampled_from(sorted(SEEDS)))
def test_random_bytes_import_or_are_refused(data: bytes, suffix: str) -> None:
    _imports_or_refuses(data, f"random{suffix}")
