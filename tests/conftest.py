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

#: Test folders and modules that run on SQLite only: the window, the importers (no database), and what is
#: about the project *file* itself (SQLite's journal, permissions, backups before migrating a file).
SQLITE_ONLY = ("tests/ui/", "tests/importers/")


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: about the project file itself; not run against PostgreSQL"
    )
    config.addinivalue_line("markers", "postgres: needs the PostgreSQL server (skips without one)")


def pytest_generate_tests(metafunc) -> None:
    """Every test that uses a project (``backend`` is in its fixtures) runs on both backends, except the
    window's and those marked sqlite_only."""
    if "backend" not in metafunc.fixturenames:
        return
    where = Path(str(metafunc.definition.path)).relative_to(ROOT).as_posix()
    sqlite_only = where.startswith(SQLITE_ONLY) or metafunc.definition.get_closest_marker("sqlite_only")
    metafunc.parametrize("backend", ["sqlite"] if sqlite_only else ["sqlite", "postgresql"])


@pytest.fixture(scope="session")
def pg_server():
    """The run's PostgreSQL database (see tests/helpers/postgres.py); skips, or fails under CI=true."""
    from tests.helpers.postgres import TestServer, skip_or_fail, unreachable_reason

    reason = unreachable_reason()
    if reason is not None:
        skip_or_fail(reason)
    server = TestServer()
    yield server
    server.drop_all()


@pytest.fixture
def project_path(backend: str, tmp_path: Path, request) -> Path | str:
    """Where the test's new project lives: a file on tmp_path, or (backend postgresql) the URL of the run's
    database on the server, emptied to a new project's state."""
    if backend == "postgresql":
        return request.getfixturevalue("pg_server").project_url()
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
