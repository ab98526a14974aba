"""Deleting an annotation takes its links and matter memberships with it; undo brings all of it back,
same ids — through the explicit pair, the window's delete/restore, and deleting the whole document."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from factcheck.domain import Dependents, ImportedDocument, NotFoundError
from factcheck.services import Project


def _dump(project: Project) -> dict[str, list[tuple]]:
    """Every row of the record's tables, sorted: to compare the database before and after a round trip.

    The rows' versions are left out: every change (an undo too) counts up, and that is the point."""
    with project.engine.connect() as conn:
        return {
            table: sorted(
                (
                    tuple(value for name, value in row._mapping.items() if name != "version")
                    for row in conn.execute(text(f"SELECT * FROM {table}"))
                ),
                key=repr,
            )
            for table in (
                "annotations",
                "annotation_links",
                "matters",
                "matter_members",
                "claimants",
                "labels",
            )
        }


@pytest.fixture
def linked(project: Project, sample_doc):
    """Three annotations in the sample (two in a matter) and one in another article, linked both ways."""
    claim = project.labels.by_name("claim").id
    counterclaim = project.labels.by_name("counterclaim").id
    other = project.documents.add(
        ImportedDocument(text="A reader: the letter is a lie.", source_format="txt")
    )
    unsafe = project.annotations.create_from_quote(
        sample_doc.id, "unsafe", claim, claimant="crew members who quit", claim_date="2021-10", note="n"
    )
    chaotic = project.annotations.create_from_quote(sample_doc.id, "chaotic", claim)
    letter = project.annotations.create_from_quote(
        sample_doc.id, "The descriptions of ‘Rust’ as a chaotic", counterclaim, verdict="mixed"
    )
    reader = project.annotations.create_from_quote(other.id, "the letter is a lie", counterclaim)
    matter = project.matters.create("Was the Rust set unsafe?")
    second = project.matters.create("Letters")
    project.matters.add_members(matter.id, [unsafe.id, letter.id, reader.id])
    project.matters.add_member(second.id, letter.id)
    links = [
        project.links.link(letter.id, unsafe.id, "disputes"),
        project.links.link(letter.id, chaotic.id, "disputes"),
        project.links.link(reader.id, letter.id, "disputes"),
        project.links.link(chaotic.id, unsafe.id, "supports"),
    ]
    return {
        "unsafe": unsafe.id,
        "chaotic": chaotic.id,
        "letter": letter.id,
        "reader": reader.id,
        "matter": matter.id,
        "second": second.id,
        "links": links,
        "other": other.id,
    }


def test_dependents_say_what_goes_with_an_annotation(project: Project, linked) -> None:
    assert project.annotations.dependents(linked["letter"]) == Dependents(links=3, matters=2)
    assert project.annotations.dependents(linked["letter"]).summary == "3 links, 2 matters"
    assert project.annotations.dependents(linked["chaotic"]).summary == "2 links"
    assert project.annotations.dependents(linked["reader"]).summary == "1 link, 1 matter"
    with pytest.raises(NotFoundError):
        project.annotations.dependents("nope")


def test_delete_with_links_and_restore_give_back_identical_rows(project: Project, linked) -> None:
    before = _dump(project)
    letter_row = project.annotations.get(linked["letter"])
    deleted = project.annotations.delete_with_links(linked["letter"])
    assert deleted.row == letter_row
    assert {link.id for link in deleted.links} == {link.id for link in linked["links"][:3]}
    assert set(deleted.matter_ids) == {linked["matter"], linked["second"]}
    after = _dump(project)
    assert len(after["annotation_links"]) == 1 and len(after["matter_members"]) == 2
    assert len(after["matters"]) == 2  # the matters themselves stay, and so do the other annotations
    assert project.links.links_of(linked["unsafe"])[0].other_id == linked["chaotic"]

    assert project.annotations.restore_with_links(deleted) == letter_row
    assert _dump(project) == before
    assert {v.link.id for v in project.links.links_of(linked["letter"])} == {
        link.id for link in linked["links"][:3]
    }


def test_the_windows_delete_and_restore_bring_back_links_and_memberships(project: Project, linked) -> None:
    before = _dump(project)
    rows = [project.annotations.delete(linked[key]) for key in ("letter", "unsafe", "reader")]
    assert _dump(project)["annotation_links"] == []
    for row in reversed(rows):  # undo in reverse order, as an undo stack does
        project.annotations.restore(row)
    assert _dump(project) == before
    # Redo and undo again: the same once more.
    rows = [project.annotations.delete(linked[key]) for key in ("letter", "unsafe", "reader")]
    for row in reversed(rows):
        project.annotations.restore(row)
    assert _dump(project) == before


def test_restore_leaves_out_what_no_longer_exists(project: Project, linked) -> None:
    deleted = project.annotations.delete_with_links(linked["letter"])
    project.annotations.delete_with_links(linked["reader"])
    project.matters.delete(linked["second"])
    row = project.annotations.restore_with_links(deleted)
    assert row.matter_ids == (linked["matter"],)
    assert sorted(v.other_id for v in project.links.links_of(row.id)) == sorted(
        [linked["unsafe"], linked["chaotic"]]
    )


def test_deleting_a_document_keeps_its_links_and_memberships_for_undo(
    project: Project, linked, sample_doc
) -> None:
    before = _dump(project)
    snapshot = project.documents.delete(sample_doc.id)
    after = _dump(project)
    assert after["annotation_links"] == [] and len(after["matter_members"]) == 1  # only the reader's
    project.documents.restore(snapshot)
    assert _dump(project) == before


def test_a_document_restored_after_its_claimant_was_merged_still_comes_back(
    project: Project, linked, sample_doc
) -> None:
    snapshot = project.documents.delete(sample_doc.id)
    crew = project.claimants.by_name("crew members who quit")
    other = project.claimants.create("The crew")
    project.claimants.merge(crew.id, other.id)
    project.documents.restore(snapshot)
    assert project.annotations.get(linked["unsafe"]).claimant_id is None
    assert project.annotations.get(linked["unsafe"]).note == "n"


def test_taking_back_a_new_version_keeps_the_record(project: Project, linked, sample_doc) -> None:
    before = _dump(project)
    text = project.documents.text(sample_doc.id)
    report, rows = project.versions.add_version(
        sample_doc.id, ImportedDocument(text="Correction: a new first line.\n\n" + text, source_format="txt")
    )
    project.versions.revert_version(sample_doc.id, report.version, rows)
    assert _dump(project) == before
