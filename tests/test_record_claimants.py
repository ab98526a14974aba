"""Claimants: one entity per speaker across articles; completion, rename, merge and its undo."""

from __future__ import annotations

import pytest

from factcheck.domain import BadInputError, ImportedDocument, NotFoundError
from factcheck.services import Project
from tests.helpers.rows import content


@pytest.fixture
def tagged(project: Project, sample_doc):
    claim = project.labels.by_name("claim").id
    other = project.documents.add(
        ImportedDocument(text="Crew members walked off the set.", source_format="txt")
    )
    rows = {
        "a": project.annotations.create_from_quote(
            sample_doc.id, "unsafe", claim, claimant="crew members who quit"
        ),
        "b": project.annotations.create_from_quote(
            sample_doc.id, "chaotic", claim, claimant="Crew members who walked off"
        ),
        "c": project.annotations.create_from_quote(
            other.id, "walked off", claim, claimant="crew members who walked off"
        ),
        "d": project.annotations.create_from_quote(
            sample_doc.id, "Lol", claim, claimant="Instagram commenter"
        ),
        "e": project.annotations.create_from_quote(sample_doc.id, "Glad", claim, claimant="Élodie Écrivain"),
    }
    return rows


def test_list_with_counts(project: Project, tagged) -> None:
    listed = [(c.name, c.annotation_count) for c in project.claimants.list()]
    assert listed == [
        ("crew members who quit", 1),
        ("Crew members who walked off", 2),
        ("Élodie Écrivain", 1),
        ("Instagram commenter", 1),
    ]


def test_completion_is_case_insensitive_prefix_first(project: Project, tagged) -> None:
    names = lambda prefix: [c.name for c in project.claimants.complete(prefix)]  # noqa: E731
    assert names("CREW") == ["Crew members who walked off", "crew members who quit"]  # most used first
    assert names("crew members who q") == ["crew members who quit"]
    assert names("élo") == names("ÉLO") == ["Élodie Écrivain"]
    assert names("walked") == ["Crew members who walked off"]  # contains, after the prefixes
    assert names("zzz") == []
    assert len(names("")) == 4
    assert len(project.claimants.complete("c", limit=1)) == 1


def test_rename_refuses_a_name_taken_and_can_change_case(project: Project, tagged) -> None:
    quit_ = project.claimants.by_name("CREW MEMBERS WHO QUIT")
    with pytest.raises(BadInputError, match="merge the two"):
        project.claimants.rename(quit_.id, "crew members who walked off")
    before = project.claimants.rename(quit_.id, "Crew members who quit")
    assert before == quit_
    assert project.annotations.get(tagged["a"].id).claimant_name == "Crew members who quit"


def test_merge_and_unmerge(project: Project, tagged) -> None:
    walked = project.claimants.by_name("crew members who walked off")
    quit_ = project.claimants.by_name("crew members who quit")
    merge = project.claimants.merge(walked.id, quit_.id)
    assert set(merge.annotation_ids) == {tagged["b"].id, tagged["c"].id}
    assert project.claimants.get(quit_.id).annotation_count == 3
    with pytest.raises(NotFoundError):
        project.claimants.get(walked.id)
    assert project.annotations.get(tagged["c"].id).claimant_name == "crew members who quit"
    assert project.claimants.unmerge(merge) == walked
    assert content(project.annotations.get(tagged["c"].id)) == content(tagged["c"])
    with pytest.raises(BadInputError, match="into itself"):
        project.claimants.merge(walked.id, walked.id)


def test_delete_only_an_unused_claimant(project: Project, tagged) -> None:
    quit_ = project.claimants.by_name("crew members who quit")
    with pytest.raises(BadInputError, match="merge it"):
        project.claimants.delete(quit_.id)
    project.annotations.update(tagged["a"].id, claimant="")
    deleted = project.claimants.delete(quit_.id)
    assert project.claimants.restore(deleted) == deleted
    assert project.claimants.create("crew MEMBERS who quit").id == quit_.id  # reused, not duplicated
