"""Fixtures for the importer tests: sample files, PDF and DOCX makers, a local web server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from importer_support import LocalServer, build_docx, build_pdf

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def sample_text() -> str:
    return (FIXTURES / "rust-crew-letter.txt").read_text(encoding="utf-8")


@pytest.fixture
def make_pdf() -> Callable[..., bytes]:
    return build_pdf


@pytest.fixture
def make_docx() -> Callable[..., bytes]:
    return build_docx


@pytest.fixture
def web(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    server = LocalServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.httpd.shutdown()
        server.httpd.server_close()
        server.thread.join(timeout=5)
