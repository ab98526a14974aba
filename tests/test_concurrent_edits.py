"""Two windows and the command line on one project: an edit changes only what it changed, and never writes
over what another window or the CLI committed meanwhile (issue 16's lost update, in the service layer)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from factcheck.domain import ConcurrentEditError, ImportedDocument, Verdict
from factcheck.services import Project
from tests.helpers.db import query
from tests.helpers.rows import content

ROOT = Path(__file__).resolve().parents[1]
TEXT = "The mayor said the bridge was safe. The engineers said it was not. Nobody checked the bolts."


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command line, in its own process."""
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args, "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def stored(db: Path | str, annotation_id: str) -> dict:
    """The annotation as the database holds it, read past factcheck (sqlite3, or psycopg for a server)."""
    columns = ("verdict", "note", "rating_text", "version")
    (row,) = query(db, f"SELECT {', '.join(columns)} FROM annotations WHERE id = ?", (annotation_id,))
    return dict(zip(columns, row, strict=True))


@pytest.fixture
def windows(project_path: Path):
    """Two Project objects on one file, as two windows have; and one annotation."""
    a = Project.open(project_path)
    b = Project.open(project_path)
    doc = a.documents.add(ImportedDocument(text=TEXT, source_format="txt", title="Bridge"))
    claim = a.labels.by_name("claim").id
    row = a.annotations.create_from_quote(doc.id, "the bridge was safe", claim)
    yield a, b, row
    a.close()
    b.close()


def _edit_csv(project: Project, folder: Path, annotation_id: str, **cells: str) -> Path:
    exported = folder / "export.csv"
    project.interchange.export("csv", exported)
    with open(exported, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows, columns = list(reader), reader.fieldnames
    for row in rows:
        if row["annotation_id"] == annotation_id:
            row.update(cells)
    edited = folder / "edited.csv"
    with open(edited, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)
    return edited


def test_the_issue_sequence_a_stale_window_cannot_write_over_the_cli(windows, project_path, tmp_path) -> None:
    """CSV applied and undone in a window, then `factcheck edit` from the CLI, then the window (still showing
    what it had) types a rating: refused with the fresh row, and the CLI's verdict and note stay."""
    a, _b, row = windows
    applied = a.csv_edits.apply(a.csv_edits.preview(_edit_csv(a, tmp_path, row.id, verdict="mixed")))
    a.csv_edits.undo(applied)
    shown = a.annotations.get(row.id)  # what the window's inspector holds

    result = cli(project_path, "edit", row.id, "--verdict", "false", "--note", "x")
    assert result.returncode == 0, result.stderr

    with pytest.raises(ConcurrentEditError, match="changed in another window") as refused:
        a.annotations.update(row.id, expected_version=shown.version, rating_text="4 out of 5")
    fresh = refused.value.current
    assert (fresh.verdict, fresh.note, fresh.rating_text) == (Verdict.FALSE, "x", "")
    assert (stored(project_path, row.id)["verdict"], stored(project_path, row.id)["note"]) == ("false", "x")

    # Applied again on the reloaded row, the rating joins the CLI's values.
    _, after = a.annotations.update(row.id, expected_version=fresh.version, rating_text="4 out of 5")
    assert (after.verdict, after.note, after.rating_text) == (Verdict.FALSE, "x", "4 out of 5")
    assert stored(project_path, row.id)["rating_text"] == "4 out of 5"


def test_undo_of_an_edit_keeps_what_another_window_changed_since(windows, project_path) -> None:
    a, b, row = windows
    before, _after = a.annotations.update(row.id, verdict="false")
    b.annotations.update(row.id, note="from the other window")
    cli_result = cli(project_path, "edit", row.id, "--claimant", "The mayor")
    assert cli_result.returncode == 0, cli_result.stderr
    undone = a.annotations.replace(before)  # the window's undo: it kept only the row before
    assert (undone.verdict, undone.note, undone.claimant_name) == (
        Verdict.UNVERIFIED,
        "from the other window",
        "The mayor",
    )
    assert stored(project_path, row.id)["note"] == "from the other window"


def test_undo_is_refused_when_its_own_field_was_changed_since(windows, project_path) -> None:
    a, b, row = windows
    before, after = a.annotations.update(row.id, verdict="false")
    b.annotations.update(row.id, verdict="mixed")
    for undo in (lambda: a.annotations.replace(before), lambda: a.annotations.revert(before, after)):
        with pytest.raises(ConcurrentEditError) as refused:
            undo()
        assert refused.value.current.verdict == Verdict.MIXED
    assert stored(project_path, row.id)["verdict"] == "mixed"


def test_redo_follows_the_same_rule(windows) -> None:
    a, b, row = windows
    before, after = a.annotations.update(row.id, verdict="false", note="mine")
    undone = a.annotations.revert(before, after)
    b.annotations.update(row.id, note="theirs")
    with pytest.raises(ConcurrentEditError):
        a.annotations.revert(after, undone)  # redo: would write "mine" over "theirs"
    b.annotations.update(row.id, note="")
    redone = a.annotations.revert(after, undone)
    assert (redone.verdict, redone.note) == (Verdict.FALSE, "mine")


def test_an_edit_writes_only_the_fields_it_changes(windows, project_path) -> None:
    a, b, row = windows
    shown = a.annotations.get(row.id)
    b.annotations.update(row.id, note="theirs")
    a.annotations.update(
        row.id, verdict="false"
    )  # no version named: applies to the current one (the CLI's way)
    assert (stored(project_path, row.id)["verdict"], stored(project_path, row.id)["note"]) == (
        "false",
        "theirs",
    )
    unchanged, same = a.annotations.update(row.id, verdict="false")
    assert unchanged.version == same.version  # nothing changed: nothing written, no new version
    with pytest.raises(ConcurrentEditError):
        a.annotations.update(row.id, expected_version=shown.version, verdict="mixed")


def test_a_cli_edit_with_a_stale_version_is_refused(windows, project_path) -> None:
    a, _b, row = windows
    result = cli(project_path, "edit", row.id, "--verdict", "false", "--expect-version", str(row.version))
    assert result.returncode == 0, result.stderr
    result = cli(project_path, "edit", row.id, "--verdict", "mixed", "--expect-version", str(row.version))
    assert result.returncode == 2 and "changed in another window" in result.stderr
    assert result.stderr.count("\n") == 1
    assert a.annotations.get(row.id).verdict == Verdict.FALSE


def test_csv_undo_keeps_a_cli_edit_made_after_the_apply(windows, project_path, tmp_path) -> None:
    a, _b, row = windows
    applied = a.csv_edits.apply(a.csv_edits.preview(_edit_csv(a, tmp_path, row.id, verdict="mixed")))
    assert cli(project_path, "edit", row.id, "--note", "checked by phone").returncode == 0
    a.csv_edits.undo(applied)
    assert (stored(project_path, row.id)["verdict"], stored(project_path, row.id)["note"]) == (
        "unverified",
        "checked by phone",
    )


def test_csv_undo_is_refused_when_the_cli_changed_what_the_csv_changed(
    windows, project_path, tmp_path
) -> None:
    a, _b, row = windows
    applied = a.csv_edits.apply(a.csv_edits.preview(_edit_csv(a, tmp_path, row.id, verdict="mixed")))
    assert cli(project_path, "edit", row.id, "--verdict", "false").returncode == 0
    with pytest.raises(ConcurrentEditError, match="nothing was undone"):
        a.csv_edits.undo(applied)
    assert stored(project_path, row.id)["verdict"] == "false"


def test_csv_apply_is_refused_when_an_annotation_changed_after_the_preview(windows, tmp_path) -> None:
    a, b, row = windows
    preview = a.csv_edits.preview(_edit_csv(a, tmp_path, row.id, verdict="mixed"))
    b.annotations.update(row.id, rating_text="3/5")
    with pytest.raises(ConcurrentEditError, match="preview the CSV again"):
        a.csv_edits.apply(preview)
    assert a.annotations.get(row.id).verdict == Verdict.UNVERIFIED


def test_labels_edit_undo_and_delete_follow_the_rule(windows) -> None:
    a, b, row = windows
    evidence = a.labels.add("evidence", "#E69F00")
    before, after = a.labels.update(evidence.id, color="#56B4E9", expected_version=evidence.version)
    b.labels.update(evidence.id, shortcut="E")  # another field, in the other window
    with pytest.raises(ConcurrentEditError):
        a.labels.update(evidence.id, name="Evidence", expected_version=after.version)
    undone = a.labels.revert(before, after)
    assert (undone.color, undone.shortcut) == ("#E69F00", "E")
    with pytest.raises(ConcurrentEditError):
        a.labels.delete(evidence.id, expected_version=evidence.version)

    # Deleted in use, undone: an annotation relabelled meanwhile in the other window keeps its new label.
    quote = a.labels.add("quote")
    a.annotations.set_label(row.id, evidence.id)
    other = a.annotations.create_from_quote(
        a.annotations.get(row.id).document_id, "Nobody checked the bolts", evidence.id
    )
    deleted = a.labels.delete(evidence.id, move_to=quote.id)
    b.annotations.set_label(other.id, b.labels.by_name("counterclaim").id)
    a.labels.restore(deleted)
    assert a.annotations.get(row.id).label_name == "evidence"
    assert a.annotations.get(other.id).label_name == "counterclaim"


def test_matters_and_document_properties_follow_the_rule(windows) -> None:
    a, b, row = windows
    matter = a.matters.create("Is the bridge safe?")
    before, after = a.matters.update(matter.id, description="Bolts", expected_version=matter.version)
    b.matters.update(matter.id, name="Was the bridge safe?")
    with pytest.raises(ConcurrentEditError):
        a.matters.update(matter.id, description="Bolts and cables", expected_version=after.version)
    undone = a.matters.revert(before, after)
    assert (undone.name, undone.description) == ("Was the bridge safe?", "")

    doc = a.documents.get(row.document_id)
    old = a.documents.update_metadata(doc.id, outlet="The Daily", expected_version=doc.version)
    new = a.documents.get(doc.id)
    b.documents.update_metadata(doc.id, published_at=datetime(2021, 12, 9, tzinfo=UTC))
    with pytest.raises(ConcurrentEditError):
        a.documents.update_metadata(doc.id, title="A bridge", expected_version=new.version)
    reverted = a.documents.revert_metadata(old, new)
    assert (reverted.outlet, reverted.published_day) == ("", "2021-12-09")


def test_taking_back_a_version_is_refused_after_another_window_tagged_its_text(windows) -> None:
    a, b, row = windows
    report, before = a.versions.add_version(
        row.document_id, ImportedDocument(text="Update: " + TEXT, source_format="txt")
    )
    tagged = b.annotations.create_from_quote(row.document_id, "Update", b.labels.by_name("claim").id)
    with pytest.raises(ConcurrentEditError, match="not taken back"):
        a.versions.revert_version(row.document_id, report.version, before)
    assert a.documents.text(row.document_id).startswith("Update: ")
    b.annotations.delete(tagged.id)
    a.versions.revert_version(row.document_id, report.version, before)
    assert a.documents.text(row.document_id) == TEXT
    assert content(a.annotations.get(row.id)) == content(row)


def test_a_new_version_never_writes_over_an_annotation_edited_meanwhile(windows) -> None:
    """The re-anchoring reads the annotations, then writes their places: each write is conditional."""
    a, b, row = windows
    original = a.versions._annotations.for_document
    calls = []

    def edit_in_between(document_id, **kwargs):
        rows = original(document_id, **kwargs)
        if not calls:
            b.annotations.update(row.id, note="typed meanwhile")
        calls.append(1)
        return rows

    a.versions._annotations.for_document = edit_in_between
    report, _ = a.versions.add_version(
        row.document_id, ImportedDocument(text="New: " + TEXT, source_format="txt")
    )
    assert len(calls) == 2  # the first try found the annotation changed and started over
    now = a.annotations.get(row.id)
    assert (
        now.note == "typed meanwhile" and a.documents.text(row.document_id)[now.start : now.end] == now.quote
    )
    assert report.anchored + report.moved == 1


def test_undo_of_merged_note_saves_goes_back_to_the_first_before(windows) -> None:
    """A window merges successive saves of a note into one undo step holding the first "before"; the
    other window's verdict, set between two of the saves, stays."""
    a, b, row = windows
    first, _ = a.annotations.update(row.id, note="The")
    b.annotations.update(row.id, verdict="false")
    a.annotations.update(row.id, note="The mayor")
    a.annotations.update(row.id, note="The mayor said so")
    undone = a.annotations.replace(first)
    assert (undone.note, undone.verdict) == ("", Verdict.FALSE)
