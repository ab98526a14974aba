"""Adjudication and agreement through the services (both backends): decisions record who decided, undo
and redo restore the same rows, and the matter scope and the disagreement list carry offsets."""

from __future__ import annotations

import pytest

from factcheck.domain import BadInputError, ImportedDocument, Layer
from factcheck.services import Project
from factcheck.services.search import make_filters

TEXT = "First, the crew said the set was unsafe. Then the producer said it was safe. Nobody else spoke."


@pytest.fixture
def coded(project: Project):
    doc = project.documents.add(ImportedDocument(text=TEXT, source_format="txt", title="Set")).id
    claim = project.labels.by_name("claim").id
    counter = project.labels.by_name("counterclaim").id
    made = {}
    for who, label, verdict in (("ana", claim, "false"), ("ben", counter, "mixed")):
        project.annotator = who
        made[who] = project.annotations.create_from_quote(doc, "the set was unsafe", label, verdict=verdict)
        project.annotations.create_from_quote(doc, "it was safe", claim)
    project.annotator = "ana"
    project.annotations.create_from_quote(doc, "Nobody else spoke", claim)  # ben missed it
    return doc, made


def test_the_report_lists_disagreements_with_their_offsets(project: Project, coded) -> None:
    doc, made = coded
    report = project.agreement.report()
    assert report.annotators == ("ana", "ben") and report.units == 3
    values = {m.measure: m.value for m in report.measures}
    assert values["spans exact"] == 2 and values["spans missed"] == 1
    assert values["span agreement"] == pytest.approx(4 / 5)
    by_kind = {u.disagreements: u for u in report.disagreements}
    unit = by_kind[("label", "verdict")]
    assert (unit.document_id, TEXT[unit.start : unit.end]) == (doc, "the set was unsafe")
    assert {s.annotation_id for s in unit.spans} == {made["ana"].id, made["ben"].id}
    assert TEXT[by_kind[("span",)].start : by_kind[("span",)].end] == "Nobody else spoke"
    matter = project.matters.create("Safety")
    project.matters.add_member(matter.id, made["ben"].id)
    assert project.agreement.report(matter_id=matter.id).units == 1


def test_a_decision_records_the_reviewer_and_undo_and_redo_restore_it(project: Project, coded) -> None:
    doc, made = coded
    unit = next(u for u in project.adjudication.open_units() if "label" in u.disagreements)
    with pytest.raises(BadInputError, match="not open"):
        project.adjudication.accept(unit, "ana")
    project.team_settings.open_adjudication()
    project.annotator = "rev"
    decision = project.adjudication.merge(unit, "ben", {"verdict": "ana"})
    assert decision.row.decided_by == "rev" and decision.row.kind == "merge"
    result = decision.result
    assert (result.label_name, str(result.verdict), result.annotator, result.adjudicated) == (
        "counterclaim",
        "false",
        "rev",
        True,
    )
    assert unit.key not in {u.key for u in project.adjudication.open_units()}
    with pytest.raises(BadInputError, match="already decided"):
        project.adjudication.accept(unit, "ana")
    # The adjudicated layer is what exports and timelines show now; the coders' layers are still there.
    assert [e.id for e in project.timeline.entries().entries + project.timeline.entries().undated] == [
        result.id
    ]
    assert len(project.annotations.filtered(doc, make_filters(layer=Layer.all()))) == 5
    project.adjudication.undo(decision)
    assert project.annotations.filtered(doc, make_filters(layer="adjudicated")) == []
    assert unit.key in {u.key for u in project.adjudication.open_units()}
    again = project.adjudication.redo(decision)
    assert again.row == decision.row
    assert project.annotations.get(result.id) == result


def test_own_and_reject_decisions(project: Project, coded) -> None:
    project.team_settings.open_adjudication()
    project.annotator = "rev"
    units = project.adjudication.open_units()
    missed = next(u for u in units if u.disagreements == ("span",))
    rejected = project.adjudication.reject(missed)
    assert rejected.result is None and rejected.row.kind == "reject"
    labelled = next(u for u in units if "label" in u.disagreements)
    own = project.adjudication.write_own(
        labelled, project.labels.by_name("claim").id, claimant="The crew", verdict="unsupported"
    )
    assert (own.result.quote, own.result.claimant_name, own.result.annotator) == (
        "the set was unsafe",
        "The crew",
        "rev",
    )
    assert [d.kind for d in project.adjudication.decisions()] == ["reject", "own"]
    agreed = project.adjudication.accept_agreed()
    assert len(agreed) == 1 and agreed[0].result.quote == "it was safe"
    assert project.adjudication.open_units(include_agreed=True) == []
