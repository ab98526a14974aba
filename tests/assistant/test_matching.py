"""Claim matching: archives imported into the project and ranked by words and meaning; similar annotations
across articles offered as "repeats" links."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from factcheck.assistant.records import MatchKind
from factcheck.domain import BUILTIN_CLAIM, NotFoundError
from factcheck.services import Project
from factcheck.store import fulltext

ARCHIVE = (
    "\tclaim\ttitle\tverdict\turl\n"
    "a1\tUnemployment in the city fell to a record low of 3.2 percent.\tJobless rate record?\tMostly true\t"
    "https://checks.example/a1\n"
    "a2\tThe new bus lanes doubled ridership.\t\tFalse\thttps://checks.example/a2\n"
    "a3\tThe moon landing was staged in a studio.\tMoon hoax\tFalse\thttps://checks.example/a3\n"
)


@pytest.fixture
def archive_file(tmp_path: Path) -> Path:
    path = tmp_path / "our-checks.tsv"
    path.write_text(ARCHIVE, encoding="utf-8")
    return path


def test_an_imported_archive_is_listed_indexed_and_matched(project: Project, archive_file: Path) -> None:
    archives = project.assistant.archives
    result = archives.import_file(archive_file)
    assert (result.archive.name, result.archive.entries, result.archive.indexed, result.replaced) == (
        "our-checks",
        3,
        3,
        False,
    )
    assert [a.name for a in archives.list()] == ["our-checks"]
    matches = project.assistant.match(
        "Joblessness dropped to 3.2% in the city, a record", kinds=[MatchKind.ARCHIVE]
    )
    assert [m.id for m in matches][:1] == ["a1"]
    best = matches[0]
    assert (best.verdict, best.url, best.archive, best.kind) == (
        "Mostly true",
        "https://checks.example/a1",
        "our-checks",
        MatchKind.ARCHIVE,
    )
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    # Words alone find an entry too (the FTS5 half of the ranking).
    with project.engine.connect() as conn:
        assert [e for e, _ in fulltext.search(conn, "moon studio", 5)] == [_entry_id(project, "a3")]


def _entry_id(project: Project, source_id: str) -> str:
    with project.engine.connect() as conn:
        return conn.execute(
            text("SELECT id FROM assistant_archive_entries WHERE source_id = :s"), {"s": source_id}
        ).scalar_one()


def test_reimporting_replaces_and_removing_deletes_the_word_index(
    project: Project, archive_file: Path
) -> None:
    archives = project.assistant.archives
    archives.import_file(archive_file)
    archive_file.write_text("\tclaim\nb1\tThe moon landing was staged in a studio.\n", encoding="utf-8")
    again = archives.import_file(archive_file)
    assert again.replaced and again.archive.entries == 1
    assert [m.id for m in archives.match("moon landing staged", top=5)] == ["b1"]
    archives.remove("our-checks")
    assert archives.list() == [] and archives.match("moon landing staged") == []
    with project.engine.connect() as conn:
        assert conn.execute(text(f"SELECT count(*) FROM {fulltext.ARCHIVE_FTS}")).scalar_one() == 0
    with pytest.raises(NotFoundError):
        archives.remove("our-checks")


def test_the_same_claim_in_another_article_is_offered_as_a_repeat(project: Project, report, echo) -> None:
    claim = project.labels.by_name(BUILTIN_CLAIM)
    first = project.annotations.create_from_quote(
        report.id,
        "unemployment in the city fell to 3.2 percent last year, the lowest in two decades",
        claim.id,
    )
    other = project.annotations.create_from_quote(
        echo.id,
        "Unemployment in the city dropped to 3.2 percent last year, the lowest level in twenty years",
        claim.id,
    )
    project.annotations.create_from_quote(
        echo.id, "Residents enjoyed the sunshine on Sunday afternoon.", claim.id
    )
    embedded = project.assistant.index()
    assert embedded >= 3 and project.assistant.index() == 0  # the background job stores each vector once
    similar = project.assistant.similar_annotations(first.id, top=5)
    assert similar[0].id == other.id and similar[0].document_id == echo.id and similar[0].score > 0.75
    (repeat,) = project.assistant.repeat_suggestions(first.id)
    assert repeat.id == other.id
    link = project.assistant.link_repeat(first.id, repeat.id)
    assert (link.source_id, link.target_id, str(link.relation)) == (first.id, other.id, "repeats")
    assert project.assistant.repeat_suggestions(first.id) == []
    # The CLI's mixed list: the annotation is found from plain text as well.
    kinds = {(m.kind, m.id) for m in project.assistant.match("unemployment fell to 3.2 percent", top=2)}
    assert (MatchKind.ANNOTATION, first.id) in kinds
    # What the window shows when a claim is tagged: the others like it (itself left out).
    tagged = project.assistant.match_annotation(first.id, top=2)
    assert first.id not in [m.id for m in tagged] and tagged[0].id == other.id
