"""A project copied between a file and a PostgreSQL server keeps its archives matchable by words: the
word index (FTS5 in a file, tsvector on a server) is rebuilt in the copy, not copied."""

from __future__ import annotations

import uuid
from pathlib import Path

from factcheck.services import Project
from factcheck.services.copy import copy_project
from factcheck.store import fulltext
from tests.helpers.postgres import url_for


def _words(project: Project, query: str) -> list:
    with project.engine.connect() as conn:
        found = [entry for entry, _ in fulltext.search(conn, query, 5)]
    return [project.assistant.archives.match(query, top=1)[0].id, len(found)]


def test_a_copied_archive_matches_by_words_on_the_server_and_back(pg_server, tmp_path: Path) -> None:
    path = tmp_path / "checks.tsv"
    path.write_text("\tclaim\nm1\tThe moon landing was filmed in a studio.\nm2\tBread prices tripled.\n")
    source = Project.open(tmp_path / "home.factcheck")
    try:
        source.assistant.archives.import_file(path)
        assert _words(source, "moon landing studio") == ["m1", 1]
    finally:
        source.close()
    server = url_for(pg_server.create_database(f"_{uuid.uuid4().hex[:6]}"))
    report = copy_project(tmp_path / "home.factcheck", server)
    assert report.tables["assistant_archive_entries"] == 2 and not report.skipped
    copy_project(server, tmp_path / "back.factcheck")
    for location in (server, tmp_path / "back.factcheck"):
        copy = Project.open(location)
        try:
            assert _words(copy, "moon landing studio") == ["m1", 1]
            assert _words(copy, "bread prices") == ["m2", 1]
        finally:
            copy.close()
