"""Inter-annotator agreement on spans: matching the annotators' highlights into units, Cohen's κ per pair on
the labels of matched spans, Krippendorff's α (nominal, missing values allowed) across everyone, and a
span-level unitizing measure (exact, overlapping, missed). Pure functions over plain values: no database.

The matching rule (documented for users in the README, "Working as a team"):

* Units are passages. Two spans of *different* annotators **match** when they cover the same text: they are
  identical, or the text they share is at least half of the text they cover together (Jaccard overlap of
  the code-point ranges ≥ 0.5). A sentence and the same sentence without its last word match; a sentence
  and a clause that is less than half of it do not.
* A unit holds at most one span per annotator, and every two spans in it match each other (complete
  linkage). Spans are joined greedily, best match first: identical spans, then by overlap, then by
  position; so a span that could join two units joins the one it overlaps most.
* A span that matches nothing is a unit of its own: the other annotators *missed* it. Two spans that
  overlap by less than half are two units, each missed by the other annotator.
* Only the document's coders can miss a passage: an annotator who marked nothing at all in a document did
  not code it (teams often split the articles), so their absence there is neither a miss nor a
  disagreement. Someone who read an article and found nothing to mark is told apart from someone who never
  opened it only by marking something; this rule takes the cautious reading for the span measures.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from factcheck.domain import CodedSpan

#: Spans match when they share at least this fraction of the text they cover together.
MATCH_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class Unit:
    """A passage and the annotators' spans on it (at most one each), in annotator order."""

    document_id: str
    spans: tuple[CodedSpan, ...]

    @property
    def start(self) -> int:
        return min(s.start for s in self.spans)

    @property
    def end(self) -> int:
        return max(s.end for s in self.spans)

    @property
    def key(self) -> str:
        """A short id, stable while the unit's annotations are the same ones (the CLI's UNIT argument)."""
        ids = ",".join(sorted(s.annotation_id for s in self.spans))
        return hashlib.sha1(ids.encode()).hexdigest()[:12]

    def by(self, annotator: str) -> CodedSpan | None:
        return next((s for s in self.spans if s.annotator == annotator), None)


def overlap(a: CodedSpan, b: CodedSpan) -> float:
    """Jaccard overlap of two spans' code-point ranges (1.0 for identical spans, 0.0 when disjoint)."""
    shared = min(a.end, b.end) - max(a.start, b.start)
    if shared <= 0:
        return 0.0
    return shared / (max(a.end, b.end) - min(a.start, b.start))


def spans_match(a: CodedSpan, b: CodedSpan) -> bool:
    return a.document_id == b.document_id and (
        (a.start, a.end) == (b.start, b.end) or overlap(a, b) >= MATCH_THRESHOLD
    )


def build_units(spans: Iterable[CodedSpan]) -> list[Unit]:
    """Group the spans into units by the matching rule (see the module's docstring), in text order."""
    by_document: dict[str, list[CodedSpan]] = defaultdict(list)
    for span in spans:
        by_document[span.document_id].append(span)
    units: list[Unit] = []
    for document_id in sorted(by_document):
        units.extend(_document_units(document_id, by_document[document_id]))
    return units


def _document_units(document_id: str, spans: list[CodedSpan]) -> list[Unit]:
    spans = sorted(spans, key=lambda s: (s.start, s.end, s.annotator, s.annotation_id))
    # Candidate pairs: overlapping spans of different annotators (a sweep: no all-pairs comparison).
    candidates: list[tuple[float, int, int, int]] = []
    active: list[int] = []
    for j, span in enumerate(spans):
        active = [i for i in active if spans[i].end > span.start]
        for i in active:
            other = spans[i]
            if other.annotator != span.annotator and spans_match(other, span):
                candidates.append((-overlap(other, span), other.start, i, j))
        active.append(j)
    candidates.sort()
    cluster = list(range(len(spans)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(spans))}
    for _, _, i, j in candidates:
        a, b = cluster[i], cluster[j]
        if a == b:
            continue
        joined = members[a] + members[b]
        annotators = [spans[k].annotator for k in joined]
        if len(set(annotators)) != len(annotators):
            continue
        if not all(spans_match(spans[x], spans[y]) for x in members[a] for y in members[b]):
            continue
        for k in members[b]:
            cluster[k] = a
        members[a] = joined
        del members[b]
    units = [
        Unit(document_id, tuple(sorted((spans[k] for k in group), key=lambda s: s.annotator)))
        for group in members.values()
    ]
    return sorted(units, key=lambda u: (u.start, u.end, u.key))


# --- Measures ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpanCounts:
    """How two annotators' spans compare over the units: identical, matched but not identical, and spans
    one of them marked that the other did not (each such unit counts once)."""

    exact: int = 0
    overlapping: int = 0
    missed: int = 0

    def __add__(self, other: SpanCounts) -> SpanCounts:
        return SpanCounts(
            self.exact + other.exact, self.overlapping + other.overlapping, self.missed + other.missed
        )

    @property
    def agreement(self) -> float | None:
        """Positive agreement (pairwise F1): 2·matched / (2·matched + missed); None with no spans at all."""
        matched = self.exact + self.overlapping
        total = 2 * matched + self.missed
        return 2 * matched / total if total else None

    @property
    def exact_agreement(self) -> float | None:
        """The same, counting only identical spans as agreeing (an overlapping pair is two misses)."""
        total = 2 * (self.exact + self.overlapping) + self.missed
        return 2 * self.exact / total if total else None


def coders_by_document(units: Iterable[Unit]) -> dict[str, frozenset[str]]:
    """Each document's coders: the annotators with at least one span in it."""
    coders: dict[str, set[str]] = defaultdict(set)
    for unit in units:
        coders[unit.document_id].update(s.annotator for s in unit.spans)
    return {document_id: frozenset(names) for document_id, names in coders.items()}


def span_counts(units: Sequence[Unit], a: str, b: str) -> SpanCounts:
    """How ``a`` and ``b`` compare on the units of the documents both of them coded."""
    coders = coders_by_document(units)
    exact = overlapping = missed = 0
    for unit in units:
        if not {a, b} <= coders[unit.document_id]:
            continue
        x, y = unit.by(a), unit.by(b)
        if x is not None and y is not None:
            if (x.start, x.end) == (y.start, y.end):
                exact += 1
            else:
                overlapping += 1
        elif x is not None or y is not None:
            missed += 1
    return SpanCounts(exact, overlapping, missed)


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's κ of two coders' categories on the same items; None when it is undefined (no items, or both
    used one and the same category throughout, so chance agreement is already 1)."""
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(1 for x, y in pairs if x == y) / n
    first: dict[str, int] = defaultdict(int)
    second: dict[str, int] = defaultdict(int)
    for x, y in pairs:
        first[x] += 1
        second[y] += 1
    expected = sum(first[c] * second.get(c, 0) for c in first) / (n * n)
    if math.isclose(expected, 1.0):
        return None
    return (observed - expected) / (1 - expected)


def label_pairs(units: Sequence[Unit], a: str, b: str) -> list[tuple[str, str]]:
    """The labels ``a`` and ``b`` gave the units they both marked."""
    pairs = []
    for unit in units:
        x, y = unit.by(a), unit.by(b)
        if x is not None and y is not None:
            pairs.append((x.label, y.label))
    return pairs


def krippendorff_alpha(rows: Sequence[Sequence[str | None]]) -> float | None:
    """Krippendorff's α, nominal, of a reliability matrix (one row per coder, one column per unit, None for
    a missing value), computed by the ``krippendorff`` package; None when undefined (fewer than two values
    in any unit, or a single category throughout)."""
    # Deferred: numpy and krippendorff cost ~0.1 s to import, and only agreement needs them.
    import krippendorff
    import numpy as np

    categories = sorted({v for row in rows for v in row if v is not None})
    if not rows or len(categories) < 2:
        return None
    code = {c: float(i) for i, c in enumerate(categories)}
    data = np.array([[code[v] if v is not None else np.nan for v in row] for row in rows], dtype=float)
    pairable = np.sum(~np.isnan(data), axis=0) >= 2
    if not pairable.any():
        return None
    try:
        value = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    except (ValueError, ZeroDivisionError):
        return None
    return None if math.isnan(value) else float(value)


def reliability_matrix(
    units: Sequence[Unit], annotators: Sequence[str], field: str
) -> list[list[str | None]]:
    """Rows of coders × units of ``field`` ("label" or "verdict"); None where a coder has no span (or, for
    verdicts, recorded none)."""
    rows = []
    for annotator in annotators:
        row = []
        for unit in units:
            span = unit.by(annotator)
            row.append(None if span is None else getattr(span, field))
        rows.append(row)
    return rows


def pairs_of(annotators: Sequence[str]) -> list[tuple[str, str]]:
    return list(combinations(sorted(annotators), 2))
