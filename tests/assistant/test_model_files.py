"""The model and tokenizer are the pinned files: a changed byte is refused before anything runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from factcheck.assistant.model import (
    MODEL_SHA256,
    TOKENIZER_PATH,
    TOKENIZER_SHA256,
    ModelUnavailable,
    model_file,
    verify,
)


def test_the_installed_files_match_their_pinned_hashes() -> None:
    assert verify(model_file(), MODEL_SHA256, "model").stat().st_size == 22_928_619
    assert verify(TOKENIZER_PATH, TOKENIZER_SHA256, "tokenizer") == TOKENIZER_PATH


def test_a_changed_file_is_refused_in_plain_words(tmp_path: Path) -> None:
    copy = tmp_path / "tokenizer.json"
    shutil.copyfile(TOKENIZER_PATH, copy)
    with copy.open("r+b") as fh:
        fh.seek(100)
        fh.write(b"X")
    with pytest.raises(ModelUnavailable, match="not the one factcheck was built for"):
        verify(copy, TOKENIZER_SHA256, "tokenizer")
    with pytest.raises(ModelUnavailable, match="cannot be read"):
        verify(tmp_path / "missing.onnx", MODEL_SHA256, "model")
