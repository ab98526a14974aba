"""A project made by the workbench schema (revision 0002) opens, is backed up, upgrades, and loses nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from factcheck.domain import ClaimDate, Verdict
from factcheck.services import Project
from factcheck.store.engine import make_engine, sqlite_url
from factcheck.store.migrate import current_revision, head_revision, migrate

#: About the project file itself (SQLite); the server counterparts are in tests/team/.
pytestmark = pytest.mark.sqlite_only

CLAIM = "5b0c3a52-3c1e-5f0e-9a57-6c1a7c1a0001"
COUNTERCLAIM = "5b0c3a52-3c1e-5f0e-9a57-6c1a7c1a0002"
TEXT = "There have been allegations that the set was “unsafe” and “chaotic”.\n\nThe letter says: false."
OLD_TABLES = {
    "documents": "id, title, outlet, author, url, published_at, imported_at, text, text_sha256, source_format, "
    "source_name, current_version",
    "document_versions": "id, document_id, number, text, text_sha256, original, source_format, source_name, "
    "imported_at, note",
    "labels": "id, name, color, shortcut, builtin, position",
    "annotations": 'id, document_id, label_id, start, "end", quote, prefix, suffix, annotator, created_at, '
    "updated_at, anchor_status, anchor_confidence",
}


def _migrate(path: Path, revision: str, *, down: bool = False) -> None:
    engine = make_engine(sqlite_url(path))
    try:
        migrate(engine, revision, down=down)
    finally:
        engine.dispose()


def _old_rows(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(f"SELECT {columns} FROM {table} ORDER BY id").fetchall()
            for table, columns in OLD_TABLES.items()
        }
    finally:
        conn.close()


def _make_0002_project(path: Path) -> None:
    """What the workbench (revision 0002) wrote: a document, its first version, three annotations."""
    _migrate(path, "0002_versions")
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO documents VALUES ('doc-1', 'Rust letter', 'Outlet', 'Kristin Myers', 'https://x.test/a', "
            "'2021-12-10 00:39:00.000000', '2024-01-02 03:04:05.000000', ?, 'sha', 'txt', 'rust.txt', 1)",
            (TEXT,),
        )
        conn.execute(
            "INSERT INTO document_versions VALUES ('ver-1', 'doc-1', 1, ?, 'sha', X'0102', 'txt', 'rust.txt', "
            "'2024-01-02 03:04:05.000000', 'imported')",
            (TEXT,),
        )
        for annotation_id, label, quote, status, confidence in (
            ("ann-1", CLAIM, "unsafe", "anchored", 1.0),
            ("ann-2", CLAIM, "chaotic", "moved", 0.9),
            ("ann-3", COUNTERCLAIM, "false", "needs_review", 0.5),
        ):
            start = TEXT.index(quote)
            conn.execute(
                "INSERT INTO annotations VALUES (?, 'doc-1', ?, ?, ?, ?, ?, ?, 'ana', "
                "'2024-01-02 03:05:00.000000', '2024-01-03 10:00:00.000000', ?, ?)",
                (
                    annotation_id,
                    label,
                    start,
                    start + len(quote),
                    quote,
                    TEXT[max(0, start - 32) : start],
                    TEXT[start + len(quote) : start + len(quote) + 32],
                    status,
                    confidence,
                ),
            )
    conn.close()


def test_a_0002_project_upgrades_without_losing_anything(project_path: Path) -> None:
    _make_0002_project(project_path)
    before = _old_rows(project_path)
    assert len(before["annotations"]) == 3

    project = Project.open(project_path)
    try:
        assert current_revision(project.engine) == head_revision()
        backup = project.backup_made
        assert backup is not None and backup.exists()
        assert _old_rows(backup) == before  # the copy is the file as it was
        assert _old_rows(project_path) == before  # and nothing of the old data changed

        rows = project.annotations.for_document("doc-1")
        assert [(r.id, r.quote, r.anchor_status) for r in rows] == [
            ("ann-1", "unsafe", "anchored"),
            ("ann-2", "chaotic", "moved"),
            ("ann-3", "false", "needs_review"),
        ]
        for row in rows:
            assert (row.claimant_id, row.claim_date, row.attribution, row.note, row.matter_ids) == (
                None,
                None,
                None,
                "",
                (),
            )
            assert row.verdict == Verdict.UNVERIFIED
            assert row.effective_claim_date == ClaimDate(2021, 12, 10)  # the publication's (UTC) day

        # The record works on the upgraded file.
        project.annotations.update("ann-1", claimant="crew members who quit", claim_date="2021-10")
        matter = project.matters.create("Was the Rust set unsafe?")
        project.matters.add_members(matter.id, ["ann-1", "ann-3"])
        link = project.links.link("ann-3", "ann-1", "disputes")
        assert project.matters.get(matter.id).claims == 1
        assert project.links.links_of("ann-1")[0].link == link
        assert project.integrity_ok()
    finally:
        project.close()

    # Taking the record back out (downgrade) leaves the workbench's data exactly as it was.
    _migrate(project_path, "0002_versions", down=True)
    after = _old_rows(project_path)
    assert {table: after[table] for table in ("documents", "document_versions", "labels")} == {
        table: before[table] for table in ("documents", "document_versions", "labels")
    }
    # ann-1 was edited above (its updated_at moved on); the others are exactly as they were.
    assert after["annotations"][1:] == before["annotations"][1:]
    assert after["annotations"][0][:10] == before["annotations"][0][:10]
    conn = sqlite3.connect(project_path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert not tables & {"claimants", "annotation_links", "matters", "matter_members"}
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
