"""Links between annotations: disputes, supports, repeats — within an article and across articles."""

from __future__ import annotations

import pytest

from factcheck.domain import (
    BadInputError,
    ImportedDocument,
    LinkRelation,
    NotFoundError,
    ProjectError,
    link_summary,
)
from factcheck.services import Project


@pytest.fixture
def three(project: Project, sample_doc):
    claim = project.labels.by_name("claim").id
    counterclaim = project.labels.by_name("counterclaim").id
    other = project.documents.add(
        ImportedDocument(
            text="Reader comment: the set was chaotic, everyone knew.", title="Comments", source_format="txt"
        )
    )
    unsafe = project.annotations.create_from_quote(sample_doc.id, "unsafe", claim)
    letter = project.annotations.create_from_quote(
        sample_doc.id,
        "The descriptions of ‘Rust’ as a chaotic, dangerous, and exploitative workplace are false",
        counterclaim,
    )
    reader = project.annotations.create_from_quote(other.id, "the set was chaotic", claim)
    return unsafe, letter, reader


def test_link_and_read_it_from_both_ends(project: Project, three, sample_doc) -> None:
    unsafe, letter, reader = three
    link = project.links.link(letter.id, unsafe.id, "disputes")
    assert (link.source_id, link.target_id, link.relation) == (letter.id, unsafe.id, LinkRelation.DISPUTES)
    assert project.links.get(link.id) == link

    (from_letter,) = project.links.links_of(letter.id)
    assert (from_letter.phrase, from_letter.outgoing, from_letter.other_id) == ("disputes", True, unsafe.id)
    assert (from_letter.other_quote, from_letter.other_label_name) == ("unsafe", "claim")
    assert from_letter.other_document_id == sample_doc.id

    (to_unsafe,) = project.links.links_of(unsafe.id)
    assert (to_unsafe.phrase, to_unsafe.outgoing, to_unsafe.other_id) == ("disputed by", False, letter.id)
    assert to_unsafe.other_label_name == "counterclaim" and to_unsafe.other_quote.startswith(
        "The descriptions"
    )
    assert to_unsafe.link == link


def test_links_across_articles_and_the_summary(project: Project, three) -> None:
    unsafe, letter, reader = three
    project.links.link(letter.id, unsafe.id, LinkRelation.DISPUTES)
    project.links.link(reader.id, letter.id, "disputes")
    project.links.link(reader.id, unsafe.id, "Supports")
    project.links.link(reader.id, unsafe.id, "repeats")  # another relation between the same two is fine
    views = project.links.links_of(letter.id)
    assert [v.phrase for v in views] == ["disputes", "disputed by"]
    assert views[1].other_document_title == "Comments"
    assert link_summary(views) == "disputes 1, disputed by 1"
    assert link_summary(project.links.links_of(unsafe.id)) == "disputed by 1, supported by 1, repeated by 1"
    assert link_summary(project.links.links_of(reader.id)) == "disputes 1, supports 1, repeats 1"
    assert project.links.count() == 4


def test_self_links_duplicates_and_unknown_ids_are_refused(project: Project, three) -> None:
    unsafe, letter, _ = three
    with pytest.raises(BadInputError, match="itself"):
        project.links.link(unsafe.id, unsafe.id, "repeats")
    project.links.link(letter.id, unsafe.id, "disputes")
    with pytest.raises(BadInputError, match="already disputes"):
        project.links.link(letter.id, unsafe.id, "disputes")
    with pytest.raises(BadInputError, match="not a link"):
        project.links.link(letter.id, unsafe.id, "refutes")
    with pytest.raises(NotFoundError):
        project.links.link(letter.id, "missing", "supports")
    with pytest.raises(NotFoundError):
        project.links.unlink("missing")
    with pytest.raises(NotFoundError):
        project.links.links_of("missing")
    assert project.links.count() == 1


def test_the_database_itself_refuses_a_self_link(project: Project, three) -> None:
    unsafe, *_ = three
    with project.engine.begin() as conn, pytest.raises(Exception, match="(?i)check constraint"):
        conn.exec_driver_sql(
            "INSERT INTO annotation_links (id, source_id, target_id, relation, created_at) "
            f"VALUES ('x', '{unsafe.id}', '{unsafe.id}', 'disputes', '2021-01-01')"
        )


def test_unlink_and_relink_give_back_the_same_link(project: Project, three) -> None:
    unsafe, letter, _ = three
    link = project.links.link(letter.id, unsafe.id, "disputes")
    removed = project.links.unlink(link.id)
    assert removed == link and project.links.links_of(unsafe.id) == []
    assert project.links.relink(removed) == link
    assert project.links.links_of(unsafe.id)[0].link == link
    with pytest.raises(ProjectError):
        project.links.relink(removed)  # it is there already


def test_deleting_either_end_removes_the_link(project: Project, three) -> None:
    unsafe, letter, reader = three
    project.links.link(letter.id, unsafe.id, "disputes")
    project.links.link(reader.id, letter.id, "disputes")
    project.annotations.delete_with_links(letter.id)
    assert project.links.count() == 0
    assert project.links.links_of(unsafe.id) == [] and project.links.links_of(reader.id) == []
