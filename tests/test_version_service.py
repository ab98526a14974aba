"""New versions of a document, service level: found by the stress test (bench/bench_stress.py)."""

from __future__ import annotations

from factcheck.domain import ImportedDocument
from factcheck.services import Project

TEXT = (
    "The council met on Tuesday. The mayor said the old bridge over the river was entirely safe for "
    "heavy traffic. Engineers disagreed."
)


def test_a_version_imported_while_annotations_await_review(project: Project) -> None:
    """A proposed place awaiting review can be longer or shorter than the quote; the next version used to
    fail on it ("Anchor offsets … do not fit its quote")."""
    doc = project.documents.add(ImportedDocument(text=TEXT, source_format="txt"))
    claim = project.labels.by_name("claim").id
    row = project.annotations.create_from_quote(
        doc.id, "the old bridge over the river was entirely safe", claim
    )
    changed = TEXT.replace(
        "the old bridge over the river was entirely safe", "the old bridge over the river was safe"
    )
    report, _ = project.versions.add_version(doc.id, ImportedDocument(text=changed, source_format="txt"))
    pending = project.annotations.get(row.id)
    assert report.needs_review == 1 and pending.end - pending.start != len(pending.quote)
    report, _ = project.versions.add_version(
        doc.id, ImportedDocument(text="Update. " + changed, source_format="txt")
    )
    assert report.version == 3
    placed = project.annotations.get(row.id)
    assert placed.anchor_status in ("needs_review", "orphaned")
