"""Shared fixtures: a real project file per test and the bundled sample article."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

# Before anything imports Qt or asks where user data lives: no display, and never the real data folder.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
_DATA_DIR = tempfile.mkdtemp(prefix="factcheck-test-data-")
os.environ["FACTCHECK_DATA_DIR"] = _DATA_DIR
atexit.register(shutil.rmtree, _DATA_DIR, ignore_errors=True)

# The package is not necessarily installed into the virtualenv: import it from the source tree.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

from factcheck.domain import DocumentRow, ImportedDocument  # noqa: E402
from factcheck.paths import SAMPLE_ARTICLE, sample_article_path  # noqa: E402
from factcheck.services import Project  # noqa: E402


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "test.factcheck"


@pytest.fixture
def project(project_path: Path):
    project = Project.open(project_path)
    yield project
    project.close()


@pytest.fixture(scope="session")
def sample_text() -> str:
    return sample_article_path().read_text(encoding="utf-8")


@pytest.fixture
def sample_doc(project: Project, sample_text: str) -> DocumentRow:
    return project.documents.add(
        ImportedDocument(text=sample_text, source_format="txt", source_name=SAMPLE_ARTICLE)
    )
