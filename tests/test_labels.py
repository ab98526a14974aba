"""Labels of the researcher's own: add, rename, recolour, reorder, keys, delete (never the annotations)."""

from __future__ import annotations

import pytest

from factcheck.domain import BadInputError, NotFoundError
from factcheck.services import Project
from factcheck.services.labels import OKABE_ITO
from tests.helpers.rows import content


def test_add_takes_the_next_colour_blind_safe_colour_and_goes_last(project: Project) -> None:
    evidence = project.labels.add("evidence", shortcut="e")
    quote = project.labels.add("Quote")
    assert (evidence.color, evidence.shortcut, evidence.builtin) == (OKABE_ITO[0], "E", False)
    assert (quote.color, quote.shortcut) == (OKABE_ITO[1], "")
    assert [label.name for label in project.labels.list()] == ["claim", "counterclaim", "evidence", "Quote"]
    assert project.labels.by_name("quote") == quote  # names are found whatever the case
    rhetoric = project.labels.add("rhetoric", "#cc79a7", "Ctrl+1")
    assert (rhetoric.color, rhetoric.shortcut) == ("#CC79A7", "Ctrl+1")
    assert set(OKABE_ITO) >= {label.color for label in project.labels.list()}


@pytest.mark.parametrize(
    "name, color, shortcut, message",
    [
        ("claim", None, "", "already a label named"),
        ("  CLAIM ", None, "", "already a label named"),
        ("evidence", None, "c", "already tags “claim”"),
        ("evidence", None, "x", "already tags “counterclaim”"),
        ("evidence", "red", "", "not a colour"),
        ("evidence", "#12345", "", "not a colour"),
        ("evidence", None, "Ctrl+", "cannot be a label's key"),
        ("evidence", None, "ab", "cannot be a label's key"),
        ("", None, "", "needs a name"),
        ("x" * 101, None, "", "at most 100"),
    ],
)
def test_add_refuses_clashes_and_bad_values(project: Project, name, color, shortcut, message) -> None:
    with pytest.raises(BadInputError, match=message):
        project.labels.add(name, color, shortcut)
    assert len(project.labels.list()) == 2


def test_built_ins_can_be_recoloured_and_rekeyed_but_not_renamed_or_deleted(project: Project) -> None:
    claim = project.labels.by_name("claim")
    before, after = project.labels.update(claim.id, color="#009E73", shortcut="1")
    assert before == claim and (after.color, after.shortcut, after.name) == ("#009E73", "1", "claim")
    assert project.labels.update(claim.id, name="claim")[1] == after  # the same name is no rename
    with pytest.raises(BadInputError, match="built in and cannot be renamed"):
        project.labels.rename(claim.id, "assertion")
    with pytest.raises(BadInputError, match="built in and cannot be deleted"):
        project.labels.delete(claim.id)
    # Undo puts the old values back (and the label is one version on).
    assert content(project.labels.revert(before, after)) == content(claim)
    assert project.labels.get(claim.id).version == claim.version + 2


def test_rename_recolour_and_keys_of_an_own_label(project: Project) -> None:
    evidence = project.labels.add("evidence", shortcut="E")
    assert project.labels.rename(evidence.id, "Evidence") == evidence
    assert project.labels.recolor(evidence.id, "#56b4e9").name == "Evidence"
    assert project.labels.set_shortcut(evidence.id, "").shortcut == "E"
    assert project.labels.get(evidence.id) == project.labels.by_name("EVIDENCE")
    assert (project.labels.get(evidence.id).color, project.labels.get(evidence.id).shortcut) == (
        "#56B4E9",
        "",
    )
    with pytest.raises(BadInputError, match="already a label named"):
        project.labels.rename(evidence.id, "Counterclaim")
    with pytest.raises(BadInputError, match="already tags"):
        project.labels.set_shortcut(evidence.id, "C")


def test_reorder_needs_every_label_once_and_returns_the_old_order(project: Project) -> None:
    a = project.labels.add("a")
    b = project.labels.add("b")
    old = [label.id for label in project.labels.list()]
    new = [b.id, old[1], a.id, old[0]]
    assert project.labels.reorder(new) == old
    assert [label.id for label in project.labels.list()] == new
    with pytest.raises(BadInputError, match="every label exactly once"):
        project.labels.reorder(new[:3])
    with pytest.raises(BadInputError, match="every label exactly once"):
        project.labels.reorder([*new, a.id])
    project.labels.reorder(old)
    assert [label.id for label in project.labels.list()] == old


def test_delete_an_unused_label_and_undo(project: Project) -> None:
    evidence = project.labels.add("evidence", shortcut="E")
    deleted = project.labels.delete(evidence.id)
    assert deleted.label == evidence and deleted.moved == ()
    with pytest.raises(NotFoundError):
        project.labels.get(evidence.id)
    assert project.labels.restore(deleted) == evidence


def test_delete_a_label_in_use_is_refused_unless_its_annotations_move(project: Project, sample_doc) -> None:
    evidence = project.labels.add("evidence")
    quote = project.labels.add("quote")
    rows = [
        project.annotations.create_from_quote(sample_doc.id, word, evidence.id)
        for word in ("unsafe", "chaotic")
    ]
    with pytest.raises(BadInputError, match="2 annotation\\(s\\) are labelled “evidence”; choose a label"):
        project.labels.delete(evidence.id)
    with pytest.raises(BadInputError, match="another label"):
        project.labels.delete(evidence.id, move_to=evidence.id)
    with pytest.raises(NotFoundError):
        project.labels.delete(evidence.id, move_to="missing")
    assert project.annotations.count() == 2 and project.labels.usage() == {evidence.id: 2}

    deleted = project.labels.delete(evidence.id, move_to=quote.id)
    assert deleted.moved_to == quote.id and {m[0] for m in deleted.moved} == {r.id for r in rows}
    assert {a.label_name for a in project.annotations.for_document(sample_doc.id)} == {"quote"}
    assert project.annotations.count() == 2

    assert project.labels.restore(deleted) == evidence
    # Labels and updated_at as they were; each annotation is two versions on (moved and moved back).
    assert content(project.annotations.for_document(sample_doc.id)) == content(rows)
    assert {a.version for a in project.annotations.for_document(sample_doc.id)} == {3}


def test_the_database_refuses_to_delete_a_label_in_use(project: Project, sample_doc) -> None:
    """ON DELETE RESTRICT: even a bug in a service could not delete annotations with their label."""
    evidence = project.labels.add("evidence")
    project.annotations.create_from_quote(sample_doc.id, "unsafe", evidence.id)
    with project.engine.begin() as conn, pytest.raises(Exception, match="(?i)foreign key"):
        conn.exec_driver_sql(f"DELETE FROM labels WHERE id = '{evidence.id}'")
    assert project.annotations.count() == 1
