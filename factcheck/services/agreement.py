"""Agreement between annotators, per document, per matter or for the project: the units (matched spans),
Cohen's κ per pair, Krippendorff's α on labels and verdicts, the span measure, and the disagreements."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from factcheck.domain import (
    AgreementReport,
    AnchorStatus,
    BadInputError,
    BlindModeError,
    CodedSpan,
    Measure,
    NotFoundError,
    UnitView,
)
from factcheck.reports.agreement import (
    SpanCounts,
    Unit,
    build_units,
    coders_by_document,
    cohen_kappa,
    krippendorff_alpha,
    label_pairs,
    pairs_of,
    reliability_matrix,
    span_counts,
)
from factcheck.services.base import Service
from factcheck.services.visibility import read_settings
from factcheck.store.models import (
    Adjudication,
    AdjudicationSource,
    Annotation,
    Claimant,
    Document,
    Label,
    Matter,
    MatterMember,
)

#: Characters of each quote a unit carries (the side-by-side view shows them).
QUOTE_PREVIEW = 300
UNVERIFIED = "unverified"


class AgreementService(Service):
    def units(
        self,
        *,
        document_id: str | None = None,
        matter_id: str | None = None,
        annotators: Sequence[str] | None = None,
    ) -> tuple[str, tuple[str, ...], list[UnitView]]:
        """The scope in words, the annotators compared, and every unit in scope (document and text order)."""
        with self._read() as session:
            scope, names, units, titles, decided = self._load(session, document_id, matter_id, annotators)
        coders = coders_by_document(units)
        return scope, names, [_view(u, titles, decided, coders[u.document_id]) for u in units]

    def report(
        self,
        *,
        document_id: str | None = None,
        matter_id: str | None = None,
        annotators: Sequence[str] | None = None,
    ) -> AgreementReport:
        """Every measure for the scope (the project, one document or one matter) and the disagreements."""
        with self._read() as session:
            scope, names, units, titles, decided = self._load(session, document_id, matter_id, annotators)
        measures: list[Measure] = []
        for field, what in (("label", "labels"), ("verdict", "verdicts")):
            matrix = reliability_matrix(units, names, field)
            pairable = sum(
                1 for column in zip(*matrix, strict=True) if sum(v is not None for v in column) >= 2
            )
            measures.append(
                Measure(f"krippendorff alpha nominal ({what})", scope, krippendorff_alpha(matrix), pairable)
            )
        total = SpanCounts()
        for a, b in pairs_of(names):
            pairs = label_pairs(units, a, b)
            measures.append(Measure(f"cohen kappa {a}/{b}", scope, cohen_kappa(pairs), len(pairs)))
        for a, b in pairs_of(names):
            counts = span_counts(units, a, b)
            total += counts
            n = counts.exact + counts.overlapping + counts.missed
            measures.append(Measure(f"span agreement {a}/{b}", scope, counts.agreement, n))
        n = total.exact + total.overlapping + total.missed
        measures += [
            Measure("span agreement", scope, total.agreement, n),
            Measure("span agreement (exact)", scope, total.exact_agreement, n),
            Measure("spans exact", scope, float(total.exact), total.exact),
            Measure("spans overlapping", scope, float(total.overlapping), total.overlapping),
            Measure("spans missed", scope, float(total.missed), total.missed),
            Measure("units", scope, float(len(units)), len(units)),
        ]
        coders = coders_by_document(units)
        views = [_view(u, titles, decided, coders[u.document_id]) for u in units]
        return AgreementReport(
            scope, names, len(units), tuple(measures), tuple(v for v in views if v.disagreements)
        )

    # --- Loading -------------------------------------------------------------------------------------------

    def _load(self, session, document_id, matter_id, annotators):
        settings = read_settings(session)
        if settings.blind_active:
            raise BlindModeError(
                "Blind mode is on: agreement compares everyone's annotations, which you may not see yet; "
                "a reviewer opens adjudication first (factcheck adjudicate open)."
            )
        scope = "project"
        where = [Annotation.adjudicated.is_(False), Annotation.anchor_status != AnchorStatus.ORPHANED]
        if document_id is not None:
            if session.scalar(select(Document.id).where(Document.id == document_id)) is None:
                raise NotFoundError(f"No document with id {document_id}.")
            scope = f"document {document_id}"
            where.append(Annotation.document_id == document_id)
        members: set[str] | None = None
        if matter_id is not None:
            name = session.scalar(select(Matter.name).where(Matter.id == matter_id))
            if name is None:
                raise NotFoundError(f"No matter with id {matter_id}.")
            scope = f"matter {name}"
            members = set(
                session.scalars(select(MatterMember.annotation_id).where(MatterMember.matter_id == matter_id))
            )
            held = select(Annotation.document_id).where(Annotation.id.in_(members))
            where.append(Annotation.document_id.in_(held))
        query = (
            select(
                Annotation.annotator,
                Annotation.id,
                Annotation.document_id,
                Annotation.start,
                Annotation.end,
                Label.name,
                Annotation.verdict,
                Claimant.name,
                func.substr(Annotation.quote, 1, QUOTE_PREVIEW),
            )
            .join(Label, Label.id == Annotation.label_id)
            .outerjoin(Claimant, Claimant.id == Annotation.claimant_id)
            .where(*where)
        )
        spans = [
            CodedSpan(a, i, d, s, e, label, None if verdict == UNVERIFIED else verdict, claimant or "", quote)
            for a, i, d, s, e, label, verdict, claimant, quote in session.execute(query)
        ]
        present = sorted({s.annotator for s in spans})
        if annotators:
            names = tuple(dict.fromkeys(" ".join(a.split()) for a in annotators if a.strip()))
            unknown = [a for a in names if a not in present]
            if unknown:
                raise BadInputError(
                    f"No annotations by {', '.join(unknown)} in this scope; the annotators are: "
                    f"{', '.join(present) or 'none'}."
                )
        else:
            names = tuple(present)
        if len(names) < 2:
            raise BadInputError(
                f"Agreement needs at least two annotators; {scope} has annotations by "
                f"{', '.join(names) or 'nobody'}."
            )
        chosen = set(names)
        units = build_units(s for s in spans if s.annotator in chosen)
        if members is not None:
            units = [u for u in units if any(s.annotation_id in members for s in u.spans)]
        titles = dict(
            session.execute(
                select(Document.id, Document.title).where(Document.id.in_({u.document_id for u in units}))
            ).all()
        )
        decided = dict(
            session.execute(
                select(AdjudicationSource.annotation_id, AdjudicationSource.adjudication_id).join(
                    Adjudication, Adjudication.id == AdjudicationSource.adjudication_id
                )
            ).all()
        )
        return scope, names, units, titles, decided


def _view(unit: Unit, titles: dict[str, str], decided: dict[str, str], coders: frozenset[str]) -> UnitView:
    """The unit as the window and CLI show it; ``coders`` are its document's coders (see reports.agreement)."""
    kinds = []
    spans = unit.spans
    if len(spans) < len(coders) or len({(s.start, s.end) for s in spans}) > 1:
        kinds.append("span")
    if len({s.label for s in spans}) > 1:
        kinds.append("label")
    verdicts = {s.verdict for s in spans if s.verdict is not None}
    if len(verdicts) > 1 or (verdicts and any(s.verdict is None for s in spans)):
        kinds.append("verdict")
    if len({s.claimant for s in spans}) > 1:
        kinds.append("claimant")
    decision = next((decided[s.annotation_id] for s in spans if s.annotation_id in decided), None)
    return UnitView(
        unit.key,
        unit.document_id,
        titles.get(unit.document_id, ""),
        unit.start,
        unit.end,
        spans,
        tuple(kinds),
        decision,
    )
