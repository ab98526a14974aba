"""Check-worthy suggestions: ranked, exact offsets, accept makes an undoable annotation, dismissals last,
vectors are stored once, and the project's classifier learns from the decisions."""

from __future__ import annotations

import pytest

from factcheck.assistant.jobs import Cancelled
from factcheck.assistant.model import shared_embedder
from factcheck.assistant.records import Decision
from factcheck.domain import BUILTIN_CLAIM, BUILTIN_COUNTERCLAIM, BadInputError
from factcheck.services import Project
from factcheck.services.vector_store import VectorStore
from tests.assistant.conftest import REPORT


def test_suggestions_are_ranked_with_exact_offsets(project: Project, report) -> None:
    everything = project.assistant.suggestions(report.id, everything=True)
    suggested = project.assistant.suggestions(report.id)
    threshold = project.assistant.classifier().threshold
    assert [s.score for s in everything] == sorted((s.score for s in everything), reverse=True)
    for s in everything:
        assert REPORT[s.start : s.end] == s.text and 0.0 <= s.score <= 1.0
        assert s.suggested == (s.score >= threshold)
    assert suggested == [s for s in everything if s.suggested]
    texts = [s.text for s in suggested]
    assert any("3.2 percent" in t for t in texts) and any("12 percent" in t for t in texts)
    assert not any(t.startswith(("Thank you", "Critics were")) for t in texts)
    # Short lines (headline, byline) are never offered.
    assert all(len(s.text.split()) >= 4 for s in everything)
    assert project.assistant.suggestions(report.id, top=1) == suggested[:1]


def test_accepting_makes_an_ordinary_annotation_that_undo_removes_and_redo_restores(
    project: Project, report
) -> None:
    claim = project.labels.by_name(BUILTIN_CLAIM)
    best = project.assistant.suggestions(report.id)[0]
    accepted = project.assistant.accept(report.id, best.start, best.end, claim.id)
    assert (accepted.annotation.start, accepted.annotation.end, accepted.annotation.quote) == (
        best.start,
        best.end,
        best.text,
    )
    assert [a.id for a in project.annotations.for_document(report.id)] == [accepted.annotation.id]
    assert [d.decision for d in project.assistant.decisions(report.id)] == [Decision.ACCEPTED]
    assert best.text not in [s.text for s in project.assistant.suggestions(report.id, everything=True)]

    project.assistant.undo_accept(accepted)
    assert project.annotations.for_document(report.id) == []
    assert project.assistant.decisions(report.id) == []
    assert project.assistant.suggestions(report.id)[0].text == best.text

    again = project.assistant.redo_accept(accepted)
    assert again.annotation.id == accepted.annotation.id
    assert [d.id for d in project.assistant.decisions(report.id)] == [accepted.decision.id]


def test_a_dismissal_survives_reopening_the_project(project_path, report) -> None:
    project = Project.open(project_path)
    try:
        target = project.assistant.suggestions(report.id)[0]
        decision = project.assistant.dismiss(report.id, target.start, target.end)
        assert decision.decision is Decision.DISMISSED
    finally:
        project.close()
    project = Project.open(project_path)
    try:
        assert target.text not in [s.text for s in project.assistant.suggestions(report.id, everything=True)]
        (stored,) = project.assistant.decisions(report.id)
        assert (stored.id, stored.sentence, stored.start) == (decision.id, target.text, target.start)
        project.assistant.undo_dismiss(stored)
        assert target.text in [s.text for s in project.assistant.suggestions(report.id)]
    finally:
        project.close()


def test_decisions_refuse_a_span_outside_the_text(project: Project, report) -> None:
    with pytest.raises(BadInputError, match="outside"):
        project.assistant.dismiss(report.id, 10, len(REPORT) + 5)


def test_vectors_are_computed_once_and_stored_in_the_project(project: Project, report) -> None:
    calls = []

    def counting():
        calls.append(1)
        return shared_embedder()

    store = VectorStore(project.assistant.vectors._sessions, counting, read_only=False)
    sentences = [s.text for s in project.assistant.suggestions(report.id, everything=True)]
    stored = store.count()
    assert stored >= len(sentences)
    store.vectors(sentences)
    assert calls == []  # every sentence already had its vector
    store.vectors(sentences + ["A sentence never seen before in this project."])
    assert len(calls) == 1 and store.count() == stored + 1


def test_a_cancel_stops_the_work_and_keeps_what_was_stored(project: Project, report) -> None:
    with pytest.raises(Cancelled):
        project.assistant.suggestions(report.id, cancelled=lambda: True)
    assert project.assistant.vectors.count() == 0


def test_retraining_learns_the_projects_dismissals_and_claims(project: Project, report, echo) -> None:
    assistant = project.assistant
    counter = project.labels.by_name(BUILTIN_COUNTERCLAIM)
    dismissed = [s for s in assistant.suggestions(report.id) if "percent" in s.text]
    assert dismissed
    before = [score for score, _ in assistant.score_sentences([s.text for s in dismissed])]
    for s in dismissed:
        assistant.dismiss(report.id, s.start, s.end)
    assistant.accept(echo.id, 0, len("Another view"), counter.id)
    assert assistant.needs_retraining()
    progress = []
    report_ = assistant.retrain(progress=lambda done, total: progress.append((done, total)))
    assert (report_.dismissed, report_.accepted, report_.changed) == (len(dismissed), 1, True)
    assert (
        report_.classifier.source.startswith("project") and report_.classifier.examples == len(dismissed) + 1
    )
    assert progress and not assistant.needs_retraining()
    after = [score for score, _ in assistant.score_sentences([s.text for s in dismissed])]
    assert all(a < b for a, b in zip(after, before, strict=True))
    assert not assistant.retrain().changed
    # Undoing every decision takes the project back to the base model.
    for decision in assistant.decisions():
        if decision.decision is Decision.DISMISSED:
            assistant.undo_dismiss(decision)
        else:
            project.annotations.delete(decision.annotation_id)
    assert assistant.retrain().classifier.source.startswith("base")
