"""The one bulk-import loop (CLI and window): each file on its own, duplicates and bad files reported, cancel."""

from __future__ import annotations

import pytest

from factcheck.domain import BadInputError
from factcheck.services.bulk_import import expand_sources, import_all, import_each
from factcheck.services.project import Project


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(3):
        (folder / f"article-{number}.txt").write_text(f"Headline {number}\n\n" + f"Body text {number}. " * 3)
    (folder / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "notes.xyz").write_text("not an article")
    return folder


def test_a_folder_imports_its_articles_and_reports_the_bad_one(project: Project, folder):
    sources = expand_sources([folder])
    assert [s.name for s in sources] == ["article-0.txt", "article-1.txt", "article-2.txt", "broken.txt"]
    seen = []
    report = import_all(project, sources, progress=lambda done, total, name: seen.append((done, total, name)))
    assert seen[0] == (0, 4, "article-0.txt") and len(seen) == 4
    assert [row.title for row in report.added] == ["Headline 0", "Headline 1", "Headline 2"]
    (problem,) = report.problems
    assert problem.source.endswith("broken.txt") and problem.problem
    assert report.summary == "Imported 3 of 4 files; 1 could not be imported."
    assert len(project.documents.list()) == 3


def test_the_same_text_again_is_a_duplicate_not_a_problem(project: Project, folder):
    first = import_all(project, expand_sources([folder / "article-1.txt"]))
    again = import_all(project, expand_sources([folder / "article-1.txt", folder / "article-2.txt"]))
    (duplicate,) = again.duplicates
    assert duplicate.duplicate_of.id == first.added[0].id
    assert again.summary == "Imported 1 of 2 files; 1 already in the project."


def test_cancel_stops_before_the_next_file_and_keeps_what_was_committed(project: Project, folder):
    sources = expand_sources([folder])
    outcomes = import_each(project, sources)
    next(outcomes)
    report = import_all(project, sources[1:], cancelled=lambda: len(project.documents.list()) >= 2)
    assert report.summary == "Imported 1 of 3 files; 2 not started (cancelled)."
    assert len(project.documents.list()) == 2


def test_an_empty_folder_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(BadInputError, match="no importable files"):
        expand_sources([tmp_path / "empty"])
