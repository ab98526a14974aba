"""The services on a real project file: documents, annotations, labels, read-only, copies."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from helpers.procs import probe

from factcheck.domain import (
    CONTEXT_CHARS,
    BadInputError,
    DocumentRow,
    ImportedDocument,
    NotFoundError,
    ProjectError,
)
from factcheck.services import Project
from factcheck.services.documents import DuplicateDocumentError

RAW = "\ufeffThe headline  \r\nFirst paragraph.\r\rSecond paragraph.\n\n\n\n\nThe end.  \t\n"
CANONICAL = "The headline\nFirst paragraph.\n\nSecond paragraph.\n\nThe end."


def _add(project: Project, text: str, **kwargs) -> DocumentRow:
    return project.documents.add(ImportedDocument(text=text, source_format="txt", **kwargs))


def _ids(project: Project) -> tuple[str, str]:
    return project.labels.by_name("claim").id, project.labels.by_name("counterclaim").id


# --- Documents ----------------------------------------------------------------------------------------


def test_add_stores_the_canonical_text_and_its_hash(project: Project) -> None:
    before = datetime.now(UTC)
    row = _add(project, RAW, source_name="notes.txt", outlet="The Wire", url="https://example.org/a")
    assert project.documents.text(row.id) == CANONICAL
    assert row.text_sha256 == hashlib.sha256(CANONICAL.encode("utf-8")).hexdigest()
    assert row.title == "The headline"  # no title given: the first line
    assert (row.source_format, row.source_name, row.outlet, row.url) == (
        "txt",
        "notes.txt",
        "The Wire",
        "https://example.org/a",
    )
    assert row.imported_at.tzinfo is not None
    assert before - timedelta(seconds=1) <= row.imported_at <= datetime.now(UTC) + timedelta(seconds=1)
    assert (row.annotation_count, row.claim_count, row.counterclaim_count) == (0, 0, 0)
    assert project.documents.get(row.id) == row


def test_the_same_article_twice_is_refused_with_the_existing_row(project: Project, sample_doc) -> None:
    text = project.documents.text(sample_doc.id)
    for again in (text, text.replace("\n", "\r\n") + "\n\n"):  # same canonical text, other line ends
        with pytest.raises(DuplicateDocumentError) as refused:
            _add(project, again, title="Another title")
        assert isinstance(refused.value, BadInputError)
        assert refused.value.existing == sample_doc
    assert [d.id for d in project.documents.list()] == [sample_doc.id]
    assert project.documents.find_by_text(text) == sample_doc
    second = project.documents.add(ImportedDocument(text=text, source_format="txt"), allow_duplicate=True)
    assert second.id != sample_doc.id
    assert len(project.documents.list()) == 2


@pytest.mark.parametrize("raw", ["", "   \r\n\t\n", "\ufeff\x00\x01\n"])
def test_an_empty_article_is_refused(project: Project, raw: str) -> None:
    with pytest.raises(BadInputError):
        _add(project, raw)
    assert project.documents.list() == []


def test_a_publication_date_without_a_time_zone_is_refused(project: Project) -> None:
    with pytest.raises(BadInputError, match="time zone"):
        _add(project, "Article.", published_at=datetime(2021, 12, 9, 16, 39))
    assert project.documents.list() == []


def test_a_lone_surrogate_is_stored_as_a_replacement_character(project: Project) -> None:
    row = _add(project, "Broken \ud83d escape and \udc80 here.")
    assert project.documents.text(row.id) == "Broken \ufffd escape and \ufffd here."


def test_list_gives_counts_and_newest_publication_first(project: Project) -> None:
    claim, counterclaim = _ids(project)
    pst = timezone(timedelta(hours=-8))
    old = _add(project, "Old story. " * 20, published_at=datetime(2020, 1, 1, tzinfo=UTC))
    undated = _add(project, "Undated story. " * 20)
    new = _add(project, "New story. " * 20, published_at=datetime(2021, 12, 9, 16, 39, tzinfo=pst))
    for start, label in ((0, claim), (11, claim), (22, counterclaim)):
        project.annotations.create(new.id, start, start + 10, label)
    project.annotations.create(old.id, 0, 10, counterclaim)

    rows = project.documents.list()
    assert [r.id for r in rows] == [new.id, old.id, undated.id]
    counts = {r.id: (r.annotation_count, r.claim_count, r.counterclaim_count) for r in rows}
    assert counts == {new.id: (3, 2, 1), old.id: (1, 0, 1), undated.id: (0, 0, 0)}
    assert rows[0].published_at == datetime(2021, 12, 10, 0, 39, tzinfo=UTC)
    assert project.documents.get(new.id) == rows[0]


# --- Creating annotations ------------------------------------------------------------------------------


def test_create_trims_whitespace_and_keeps_quote_and_context(project: Project, sample_doc) -> None:
    claim, _ = _ids(project)
    text = project.documents.text(sample_doc.id)
    word = "“unsafe”"
    at = text.index(word)
    # Select the word with the spaces on both sides (and a newline where there is one).
    start, end = at - 1, at + len(word) + 1
    assert text[start].isspace() and text[end - 1].isspace()
    row = project.annotations.create(sample_doc.id, start, end, claim)
    assert (row.start, row.end) == (at, at + len(word))
    assert row.quote == word == text[row.start : row.end]
    assert row.prefix == text[row.start - CONTEXT_CHARS : row.start]
    assert row.suffix == text[row.end : row.end + CONTEXT_CHARS]
    assert len(row.prefix) == len(row.suffix) == CONTEXT_CHARS
    assert (row.label_name, row.document_id, row.annotator) == ("claim", sample_doc.id, project.annotator)
    assert row.created_at == row.updated_at and row.created_at.tzinfo is not None
    assert project.annotations.get(row.id) == row  # what was returned is what was stored
    assert project.documents.get(sample_doc.id).claim_count == 1


def test_create_at_the_edges_of_the_document(project: Project, sample_doc) -> None:
    claim, _ = _ids(project)
    text = project.documents.text(sample_doc.id)
    first = project.annotations.create(sample_doc.id, 0, 12, claim)
    assert (first.prefix, first.quote) == ("", text[:12])
    last = project.annotations.create(sample_doc.id, len(text) - 5, len(text), claim)
    assert (last.quote, last.suffix) == (text[-5:], "")
    assert last.prefix == text[len(text) - 5 - CONTEXT_CHARS : len(text) - 5]
    whole = project.annotations.create(sample_doc.id, 0, len(text), claim)
    assert whole.quote == text


def test_create_with_a_long_selection_and_astral_characters(project: Project) -> None:
    claim, _ = _ids(project)
    text = "🙂" * 100 + " start of the claim " + "𝔘" * 300 + " end " + "👩‍👩‍👧" * 50
    doc = _add(project, text)
    start = text.index("start") - 1
    end = text.index(" end") + 4
    row = project.annotations.create(doc.id, start, end, claim)
    assert row.quote == text[start + 1 : end] == text[row.start : row.end]
    assert row.prefix == text[row.start - CONTEXT_CHARS : row.start]
    assert row.suffix == text[row.end : row.end + CONTEXT_CHARS]


@pytest.mark.parametrize(
    "span",
    [(10, 10), "whitespace"],
    ids=["empty", "whitespace-only"],
)
def test_an_empty_or_blank_selection_is_refused(project: Project, sample_doc, span) -> None:
    claim, _ = _ids(project)
    text = project.documents.text(sample_doc.id)
    if span == "whitespace":
        at = text.index("\n\n")
        span = (at, at + 2)
    with pytest.raises(BadInputError, match="Nothing to tag"):
        project.annotations.create(sample_doc.id, *span, claim)
    assert project.annotations.count() == 0


def test_a_selection_outside_the_document_is_refused(project: Project, sample_doc) -> None:
    claim, _ = _ids(project)
    length = len(project.documents.text(sample_doc.id))
    for start, end in ((-1, 5), (0, length + 1), (length + 5, length + 10), (20, 10)):
        with pytest.raises(BadInputError):
            project.annotations.create(sample_doc.id, start, end, claim)
    assert project.annotations.count() == 0


# --- Delete, restore, relabel ----------------------------------------------------------------------------


def test_delete_then_restore_gives_back_the_identical_row(project: Project, sample_doc) -> None:
    claim, counterclaim = _ids(project)
    row = project.annotations.create(sample_doc.id, 100, 180, claim)
    row = project.annotations.set_label(row.id, counterclaim)  # updated_at now differs from created_at
    deleted = project.annotations.delete(row.id)
    assert deleted == row
    with pytest.raises(NotFoundError):
        project.annotations.get(row.id)
    assert project.annotations.for_document(sample_doc.id) == []
    assert project.annotations.restore(deleted) == row
    assert project.annotations.get(row.id) == row
    assert project.annotations.for_document(sample_doc.id) == [row]


def test_set_label_changes_only_the_label_and_updated_at(project: Project, sample_doc) -> None:
    claim, counterclaim = _ids(project)
    row = project.annotations.create(sample_doc.id, 200, 260, claim)
    changed = project.annotations.set_label(row.id, counterclaim)
    assert (changed.label_id, changed.label_name) == (counterclaim, "counterclaim")
    assert changed.label_color == project.labels.get(counterclaim).color
    assert changed.updated_at >= row.updated_at
    unchanged = ("id", "document_id", "start", "end", "quote", "prefix", "suffix", "annotator", "created_at")
    assert all(getattr(changed, f) == getattr(row, f) for f in unchanged)
    doc = project.documents.get(sample_doc.id)
    assert (doc.claim_count, doc.counterclaim_count) == (0, 1)


def test_annotations_are_listed_in_text_order(project: Project, sample_doc) -> None:
    claim, _ = _ids(project)
    for start in (900, 50, 400):
        project.annotations.create(sample_doc.id, start, start + 30, claim)
    starts = [a.start for a in project.annotations.for_document(sample_doc.id)]
    assert starts == sorted(starts) and len(starts) == 3


# --- Create from a quote --------------------------------------------------------------------------------


def test_create_from_quote_takes_the_nth_occurrence(project: Project, sample_doc) -> None:
    claim, _ = _ids(project)
    text = project.documents.text(sample_doc.id)
    quote = "Alec Baldwin"
    positions = []
    at = text.find(quote)
    while at >= 0:
        positions.append(at)
        at = text.find(quote, at + 1)
    assert len(positions) >= 3
    for n, expected in enumerate(positions, start=1):
        row = project.annotations.create_from_quote(sample_doc.id, quote, claim, occurrence=n)
        assert (row.start, row.end, row.quote) == (expected, expected + len(quote), quote)
    assert project.annotations.create_from_quote(sample_doc.id, quote, claim).start == positions[0]

    too_many = len(positions) + 1
    with pytest.raises(BadInputError, match=f"occurs only {len(positions)} times"):
        project.annotations.create_from_quote(sample_doc.id, quote, claim, occurrence=too_many)
    with pytest.raises(BadInputError, match="occurs only 1 time in"):
        project.annotations.create_from_quote(sample_doc.id, "Kristin Myers", claim, occurrence=2)
    with pytest.raises(BadInputError, match="does not occur"):
        project.annotations.create_from_quote(sample_doc.id, "Hollywood Reporter", claim)
    with pytest.raises(BadInputError, match="starts at 1"):
        project.annotations.create_from_quote(sample_doc.id, quote, claim, occurrence=0)
    for blank in ("", "\n\n", " \u200b "):  # "\n\n" does occur, but there would be nothing to tag
        with pytest.raises(BadInputError, match="empty or only whitespace"):
            project.annotations.create_from_quote(sample_doc.id, blank, claim)
    assert project.annotations.count() == len(positions) + 1


# --- Unknown ids ---------------------------------------------------------------------------------------


def test_unknown_ids_are_not_found(project: Project, sample_doc) -> None:
    claim, _ = _ids(project)
    row = project.annotations.create(sample_doc.id, 0, 10, claim)
    missing = "00000000-0000-0000-0000-000000000000"
    attempts = [
        lambda: project.documents.get(missing),
        lambda: project.documents.text(missing),
        lambda: project.labels.get(missing),
        lambda: project.labels.by_name("opinion"),
        lambda: project.annotations.get(missing),
        lambda: project.annotations.create(missing, 0, 10, claim),
        lambda: project.annotations.create(sample_doc.id, 0, 10, missing),
        lambda: project.annotations.create_from_quote(missing, "Baldwin", claim),
        lambda: project.annotations.create_from_quote(sample_doc.id, "Baldwin", missing),
        lambda: project.annotations.set_label(missing, claim),
        lambda: project.annotations.set_label(row.id, missing),
        lambda: project.annotations.delete(missing),
    ]
    for attempt in attempts:
        with pytest.raises(NotFoundError):
            attempt()
    with pytest.raises(NotFoundError, match="claim, counterclaim"):
        project.labels.by_name("opinion")
    assert project.annotations.for_document(missing) == []
    assert project.annotations.get(row.id) == row
    assert project.annotations.count() == 1


# --- Read-only -----------------------------------------------------------------------------------------


@pytest.mark.sqlite_only  # the project file itself
def test_a_read_only_project_refuses_every_write(project_path: Path, sample_text: str) -> None:
    project = Project.open(project_path)
    doc = _add(project, sample_text)
    project.annotations.create(doc.id, 0, 40, project.labels.by_name("claim").id)
    project.close()
    project_path.chmod(0o444)
    before = (project_path.read_bytes(), project_path.stat().st_mtime_ns)
    report = probe(project_path)  # a separate process that obeys the mode bits even as root
    assert (report["open"], report["read_only"]) == ("ok", True)
    for write in ("add", "create", "create_from_quote", "set_label", "delete", "restore"):
        assert report[write].startswith("ProjectError: "), (write, report[write])
        assert "read-only" in report[write]
    assert (report["documents_after"], report["annotations_after"], report["label_after"]) == (1, 1, "claim")
    assert (project_path.read_bytes(), project_path.stat().st_mtime_ns) == before


# --- Copies --------------------------------------------------------------------------------------------


def _everything(project: Project) -> tuple:
    documents = project.documents.list()
    return (
        documents,
        [project.documents.text(d.id) for d in documents],
        [project.annotations.for_document(d.id) for d in documents],
        project.labels.list(),
    )


@pytest.mark.sqlite_only  # the project file itself
def test_copy_to_makes_a_consistent_copy(project: Project, sample_doc, tmp_path: Path) -> None:
    claim, counterclaim = _ids(project)
    for i in range(30):
        project.annotations.create(sample_doc.id, i * 20, i * 20 + 15, (claim, counterclaim)[i % 2])
    _add(project, "A second article about something else entirely.")
    # The recent commits are still in the WAL, not yet in the main file: the copy must include them.
    assert project.path.with_name(project.path.name + "-wal").stat().st_size > 0
    expected = _everything(project)

    target = tmp_path / "copies" / "copy.factcheck"
    target.parent.mkdir()
    assert project.copy_to(target) == target
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.factcheck"]  # no leftovers
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()
    copy = Project.open(target)
    try:
        assert copy.backup_made is None
        assert _everything(copy) == expected
    finally:
        copy.close()

    # Copying again over an existing copy replaces it.
    project.annotations.create(sample_doc.id, 1000, 1030, claim)
    project.copy_to(target)
    copy = Project.open(target)
    try:
        assert _everything(copy) == _everything(project)
    finally:
        copy.close()


@pytest.mark.sqlite_only  # the project file itself
def test_copy_to_refuses_the_open_project_itself(project: Project, sample_doc, tmp_path: Path) -> None:
    before = _everything(project)
    with pytest.raises(ProjectError, match="different file"):
        project.copy_to(project.path)
    link = tmp_path / "link.factcheck"
    link.symlink_to(project.path)
    with pytest.raises(ProjectError, match="different file"):
        project.copy_to(link)
    with pytest.raises(ProjectError, match="does not exist"):
        project.copy_to(tmp_path / "missing" / "copy.factcheck")
    assert project.integrity_ok()
    assert _everything(project) == before
