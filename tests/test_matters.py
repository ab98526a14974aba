"""Matters: named questions grouping claims and counterclaims across articles, with counts and a date span."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from factcheck.domain import BadInputError, ClaimDate, ImportedDocument, NotFoundError
from factcheck.services import Project


@pytest.fixture
def ids(project: Project):
    return project.labels.by_name("claim").id, project.labels.by_name("counterclaim").id


def _doc(project: Project, text: str, day: datetime | None = None):
    return project.documents.add(ImportedDocument(text=text, source_format="txt", published_at=day))


def test_create_list_and_counts(project: Project, ids) -> None:
    claim, counterclaim = ids
    first = _doc(project, "The set was unsafe and chaotic.", datetime(2021, 10, 22, 12, tzinfo=UTC))
    second = _doc(project, "The letter says the claims are false.", datetime(2021, 12, 9, 12, tzinfo=UTC))
    matter = project.matters.create("  Was the Rust   set unsafe? ", "Claims about safety on the set")
    assert (matter.name, matter.description) == ("Was the Rust set unsafe?", "Claims about safety on the set")
    assert (matter.members, matter.claims, matter.counterclaims, matter.articles) == (0, 0, 0, 0)
    assert matter.first_date is None and matter.date_span == ""

    a = project.annotations.create_from_quote(first.id, "unsafe", claim, claim_date="2021-10")
    b = project.annotations.create_from_quote(first.id, "chaotic", claim)  # defaults to 2021-10-22
    c = project.annotations.create_from_quote(second.id, "false", counterclaim)  # 2021-12-09
    project.matters.add_members(matter.id, [a.id, b.id, c.id])
    row = project.matters.get(matter.id)
    assert (row.members, row.claims, row.counterclaims, row.articles) == (3, 2, 1, 2)
    assert (row.first_date, row.last_date) == (ClaimDate(2021, 10), ClaimDate(2021, 12, 9))
    assert row.date_span == "2021-10 – 2021-12-09"
    assert project.matters.list() == [row]
    assert [m.id for m in project.matters.members(matter.id)] == [a.id, b.id, c.id]  # by claim date
    assert project.annotations.get(a.id).matter_ids == (matter.id,)


def test_names_are_unique_whatever_the_case(project: Project) -> None:
    matter = project.matters.create("Was the Rust set unsafe?")
    with pytest.raises(BadInputError, match="already a matter"):
        project.matters.create("was the rust SET unsafe?")
    with pytest.raises(BadInputError, match="needs a name"):
        project.matters.create("   ")
    other = project.matters.create("Who loaded the gun?")
    with pytest.raises(BadInputError, match="already a matter"):
        project.matters.rename(other.id, "WAS THE RUST SET UNSAFE?")
    before = project.matters.rename(matter.id, "Was the Rust set safe?")
    assert before.name == "Was the Rust set unsafe?"
    assert project.matters.find("was the rust set safe?").id == matter.id
    assert project.matters.find(matter.id).id == matter.id
    with pytest.raises(NotFoundError):
        project.matters.find("nothing")
    assert [m.name for m in project.matters.list()] == ["Was the Rust set safe?", "Who loaded the gun?"]


def test_members_join_and_leave_without_touching_annotations(project: Project, ids, sample_doc) -> None:
    claim, _ = ids
    row = project.annotations.create_from_quote(sample_doc.id, "unsafe", claim)
    matter = project.matters.create("M")
    project.matters.add_member(matter.id, row.id)
    with pytest.raises(BadInputError, match="already in"):
        project.matters.add_member(matter.id, row.id)
    assert project.matters.add_members(matter.id, [row.id]) == []  # several at once: members are skipped
    with pytest.raises(NotFoundError):
        project.matters.add_member(matter.id, "missing")
    with pytest.raises(NotFoundError):
        project.matters.add_member("missing", row.id)
    project.matters.remove_member(matter.id, row.id)
    with pytest.raises(NotFoundError, match="not in that matter"):
        project.matters.remove_member(matter.id, row.id)
    assert project.annotations.get(row.id).matter_ids == ()
    assert project.annotations.count() == 1


def test_delete_and_restore_a_matter_never_touches_annotations(project: Project, ids, sample_doc) -> None:
    claim, counterclaim = ids
    a = project.annotations.create_from_quote(sample_doc.id, "unsafe", claim)
    b = project.annotations.create_from_quote(sample_doc.id, "chaotic", counterclaim)
    matter = project.matters.create("M", "d")
    project.matters.add_members(matter.id, [a.id, b.id])
    before = project.matters.get(matter.id)
    deleted = project.matters.delete(matter.id)
    assert deleted.matter == before and set(deleted.annotation_ids) == {a.id, b.id}
    assert project.matters.list() == [] and project.annotations.count() == 2
    assert project.annotations.get(a.id).matter_ids == ()
    assert project.matters.restore(deleted) == before
    assert project.annotations.get(a.id).matter_ids == (matter.id,)
