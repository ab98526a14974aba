"""The agreement measures against the published worked example and against nltk; the matching rule."""

from __future__ import annotations

import pytest
from nltk.metrics.agreement import AnnotationTask

from factcheck.domain import CodedSpan
from factcheck.reports.agreement import (
    build_units,
    cohen_kappa,
    krippendorff_alpha,
    label_pairs,
    span_counts,
)

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the 4 observers × 12 units example;
# its nominal alpha is 0.743 (None: the observer gave that unit no value).
WORKED = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}


def _rows(data: dict[str, list]) -> list[list[str | None]]:
    return [[None if v is None else f"v{v}" for v in values] for values in data.values()]


def test_the_published_worked_example_gives_0_743() -> None:
    assert round(krippendorff_alpha(_rows(WORKED)), 3) == 0.743


def test_alpha_agrees_with_nltk_on_the_worked_example() -> None:
    triples = [
        (coder, i, f"v{v}") for coder, values in WORKED.items() for i, v in enumerate(values) if v is not None
    ]
    # nltk needs each item coded at least twice: unit 12 (one value) carries no information for alpha either.
    counts = {i: sum(1 for _, item, _ in triples if item == i) for i in range(12)}
    task = AnnotationTask(data=[t for t in triples if counts[t[1]] >= 2])
    assert krippendorff_alpha(_rows(WORKED)) == pytest.approx(task.alpha(), abs=1e-9)


def test_cohen_kappa_agrees_with_nltk() -> None:
    a = ["claim", "claim", "counterclaim", "claim", "evidence", "counterclaim", "claim", "claim"]
    b = ["claim", "counterclaim", "counterclaim", "claim", "evidence", "claim", "claim", "evidence"]
    task = AnnotationTask(
        data=[("a", i, x) for i, x in enumerate(a)] + [("b", i, y) for i, y in enumerate(b)]
    )
    assert cohen_kappa(list(zip(a, b, strict=True))) == pytest.approx(task.kappa_pairwise("a", "b"), abs=1e-9)


def test_kappa_and_alpha_are_undefined_rather_than_made_up() -> None:
    assert cohen_kappa([]) is None
    assert cohen_kappa([("claim", "claim")] * 5) is None  # one category throughout: chance agreement is 1
    assert krippendorff_alpha([["claim", "claim"], ["claim", None]]) is None


def span(annotator: str, start: int, end: int, label: str = "claim", doc: str = "d") -> CodedSpan:
    return CodedSpan(annotator, f"{annotator}{start}-{end}{label}", doc, start, end, label)


def test_identical_spans_are_one_unit_and_count_as_exact() -> None:
    units = build_units([span("a", 0, 10), span("b", 0, 10)])
    assert len(units) == 1
    assert span_counts(units, "a", "b").exact == 1


def test_spans_sharing_at_least_half_of_what_they_cover_match() -> None:
    # 0-10 and 0-20 share 10 of 20 code points: exactly half, a match (overlapping, not exact).
    units = build_units([span("a", 0, 10), span("b", 0, 20)])
    assert len(units) == 1
    counts = span_counts(units, "a", "b")
    assert (counts.exact, counts.overlapping, counts.missed) == (0, 1, 0)
    assert counts.agreement == 1.0 and counts.exact_agreement == 0.0


def test_spans_sharing_less_than_half_are_two_units_each_missed() -> None:
    units = build_units([span("a", 0, 10), span("b", 0, 21)])  # 10 of 21
    assert len(units) == 2
    counts = span_counts(units, "a", "b")
    assert (counts.exact, counts.overlapping, counts.missed) == (0, 0, 2)
    assert counts.agreement == 0.0


def test_a_unit_holds_one_span_per_annotator_and_the_closest_match_wins() -> None:
    # b's two spans both overlap a's; the identical one joins a, the other stays alone.
    units = build_units([span("a", 0, 10), span("b", 0, 10), span("b", 2, 12)])
    assert sorted(len(u.spans) for u in units) == [1, 2]
    pair = next(u for u in units if len(u.spans) == 2)
    assert {(s.start, s.end) for s in pair.spans} == {(0, 10)}


def test_every_two_spans_of_a_unit_match_each_other() -> None:
    # a~b and b~c match, but a and c share too little: c may not join a's unit through b.
    units = build_units([span("a", 0, 10), span("b", 3, 13), span("c", 7, 17)])
    for unit in units:
        for x in unit.spans:
            for y in unit.spans:
                assert x is y or max(0, min(x.end, y.end) - max(x.start, y.start)) * 2 >= max(
                    x.end, y.end
                ) - min(x.start, y.start)
    assert sum(len(u.spans) for u in units) == 3


def test_spans_in_different_documents_never_match() -> None:
    units = build_units([span("a", 0, 10, doc="d1"), span("b", 0, 10, doc="d2")])
    assert len(units) == 2


def test_label_pairs_only_come_from_units_both_marked() -> None:
    units = build_units([span("a", 0, 10, "claim"), span("b", 0, 10, "counterclaim"), span("a", 50, 60)])
    assert label_pairs(units, "a", "b") == [("claim", "counterclaim")]


def test_an_annotator_with_nothing_in_a_document_did_not_code_it_and_misses_nothing_there() -> None:
    # Teams split the articles: b never coded d2, so a's passage there is no miss of b's; in d1 both coded.
    units = build_units(
        [span("a", 0, 10, doc="d1"), span("b", 0, 10, doc="d1"), span("a", 30, 40, doc="d1")]
        + [span("a", 0, 10, doc="d2"), span("a", 20, 30, doc="d2")]
    )
    counts = span_counts(units, "a", "b")
    assert (counts.exact, counts.overlapping, counts.missed) == (1, 0, 1)
