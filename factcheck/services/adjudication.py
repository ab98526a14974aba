"""Adjudication: a reviewer settles the units the annotators disagree on — accept one annotator's annotation,
merge fields of several, write their own, or reject them all — building the adjudicated layer. Every decision
records who decided and returns what undo (and redo) need."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, insert, select

from factcheck.domain import (
    AdjudicationRow,
    AnnotationRow,
    BadInputError,
    Decision,
    NotFoundError,
    UnitView,
)
from factcheck.services.agreement import AgreementService
from factcheck.services.annotations import AnnotationService
from factcheck.services.base import Service
from factcheck.services.claimants import claimant_for
from factcheck.services.record import RECORD_FIELDS, check_fields, record_values
from factcheck.services.visibility import ADJUDICATED_LAYER, USED, read_settings
from factcheck.store.models import (
    Adjudication,
    AdjudicationSource,
    Annotation,
    Document,
    Label,
    MatterMember,
    ProjectSetting,
    new_id,
    utc_now,
)
from factcheck.text.anchoring import context, trim_span

#: The fields a merge takes from one annotator or another, and the columns each one is.
MERGE_FIELDS: dict[str, tuple[str, ...]] = {
    "span": ("start", "end", "quote", "prefix", "suffix", "anchor_status", "anchor_confidence"),
    "label": ("label_id",),
    "verdict": ("verdict",),
    "claimant": ("claimant_id",),
    "claim_date": ("claim_date", "claim_date_precision"),
    "attribution": ("attribution",),
    "rating": ("rating_text", "rating_value", "rating_best", "rating_worst"),
    "note": ("note",),
}


class AdjudicationService(Service):
    def __init__(
        self, sessions, agreement: AgreementService, annotations: AnnotationService, **common: Any
    ) -> None:
        super().__init__(sessions, **common)
        self._agreement = agreement
        self._annotations = annotations

    # --- Reading ------------------------------------------------------------------------------------------

    def open_units(
        self,
        *,
        document_id: str | None = None,
        annotators: Sequence[str] | None = None,
        include_agreed: bool = False,
    ) -> list[UnitView]:
        """The units no decision has settled yet: those the annotators disagree on (or all of them)."""
        _, _, units = self._agreement.units(document_id=document_id, annotators=annotators)
        return [u for u in units if u.decision_id is None and (include_agreed or u.disagreements)]

    def unit(self, key: str, *, annotators: Sequence[str] | None = None) -> UnitView:
        """The unit with this key (as ``open_units`` and ``factcheck adjudicate list`` show it)."""
        _, _, units = self._agreement.units(annotators=annotators)
        for unit in units:
            if unit.key == key.strip():
                return unit
        raise NotFoundError(
            f"No unit {key}: the annotations changed since it was listed, or it never existed; list them again."
        )

    def decisions(self, document_id: str | None = None) -> list[AdjudicationRow]:
        with self._read() as session:
            query = select(Adjudication).order_by(Adjudication.decided_at, Adjudication.id)
            if document_id is not None:
                query = query.where(Adjudication.document_id == document_id)
            return [self._row(session, a) for a in session.scalars(query)]

    def decision(self, decision_id: str) -> Decision:
        with self._read() as session:
            found = session.get(Adjudication, decision_id)
            if found is None:
                raise NotFoundError(f"No decision with id {decision_id}.")
            row = self._row(session, found)
        result = self._annotations.get(row.result_id) if row.result_id else None
        return Decision(row, result)

    # --- Deciding -----------------------------------------------------------------------------------------

    def accept(self, unit: UnitView, annotator: str) -> Decision:
        """Put ``annotator``'s annotation of the unit, as it is, in the adjudicated layer."""
        return self._decide(unit, "accept", base=annotator, overrides={})

    def merge(self, unit: UnitView, base: str, overrides: Mapping[str, str]) -> Decision:
        """Take ``base``'s annotation with some fields from other annotators (``overrides``: field →
        annotator; fields are span, label, verdict, claimant, claim_date, attribution, rating, note)."""
        unknown = set(overrides) - set(MERGE_FIELDS)
        if unknown:
            raise BadInputError(
                f"Cannot merge {', '.join(sorted(unknown))}; the fields are: {', '.join(MERGE_FIELDS)}."
            )
        return self._decide(unit, "merge", base=base, overrides=dict(overrides))

    def write_own(
        self,
        unit: UnitView,
        label_id: str,
        *,
        start: int | None = None,
        end: int | None = None,
        **record: Any,
    ) -> Decision:
        """The reviewer's own annotation on the unit's passage (or on [start, end)), with this label and
        record (claimant, claim_date, verdict…)."""
        check_fields(record, RECORD_FIELDS)
        return self._decide(unit, "own", own=(label_id, start, end, record))

    def reject(self, unit: UnitView) -> Decision:
        """None of the annotations: the passage stays out of the adjudicated layer."""
        return self._decide(unit, "reject")

    def accept_agreed(self, *, document_id: str | None = None) -> list[Decision]:
        """Accept every undecided unit all annotators marked identically with the same record (one
        decision each, so each can be undone)."""
        agreed = [
            u for u in self.open_units(document_id=document_id, include_agreed=True) if not u.disagreements
        ]
        return [self.accept(unit, unit.spans[0].annotator) for unit in agreed]

    def undo(self, decision: Decision) -> None:
        """Take a decision back: its adjudicated annotation goes, and the unit is open again."""
        with self._write() as session:
            if decision.row.result_id is not None:
                session.execute(delete(Annotation).where(Annotation.id == decision.row.result_id))
            gone = session.execute(delete(Adjudication).where(Adjudication.id == decision.row.id)).rowcount
            if not gone:
                raise NotFoundError(f"No decision with id {decision.row.id}.")

    def redo(self, decision: Decision) -> Decision:
        """Put an undone decision back exactly (same ids, same adjudicated annotation)."""
        with self._write() as session:
            self._require_open(session)
            if decision.result is not None:
                self._insert_annotation(session, _columns_of(decision.result), decision.result.matter_ids)
            self._insert_decision(session, decision.row)
        return self.decision(decision.row.id)

    # --- Helpers ------------------------------------------------------------------------------------------

    def _decide(self, unit: UnitView, kind: str, *, base: str = "", overrides=None, own=None) -> Decision:
        sources = {s.annotator: s.annotation_id for s in unit.spans}
        choices: dict[str, str] = {}
        if kind in ("accept", "merge"):
            for who in [base, *(overrides or {}).values()]:
                if who not in sources:
                    raise BadInputError(
                        f"{who} has no annotation in this unit; its annotators are: {', '.join(sources)}."
                    )
            choices = {field: (overrides or {}).get(field, base) for field in MERGE_FIELDS}
        reviewer = self.team.annotator()
        now = utc_now()
        decision_id = new_id()
        result_id = None
        with self._write() as session:
            self._require_open(session)
            taken = session.scalar(
                select(AdjudicationSource.adjudication_id).where(
                    AdjudicationSource.annotation_id.in_(sources.values())
                )
            )
            if taken is not None:
                raise BadInputError(
                    f"This unit is already decided (decision {taken}); undo that decision first."
                )
            if kind != "reject":
                rows = {a: self._annotations._get(session, i) for a, i in sources.items()}
                if kind == "own":
                    values, matters = self._own_values(session, unit, *own)
                else:
                    values, matters = _merged_values(rows, choices, base)
                result_id = new_id()
                values.update(
                    id=result_id,
                    document_id=unit.document_id,
                    annotator=reviewer,
                    updated_by=reviewer,
                    adjudicated=True,
                    created_at=now,
                    updated_at=now,
                )
                self._insert_annotation(session, values, matters)
            row = AdjudicationRow(
                decision_id,
                unit.document_id,
                unit.start,
                unit.end,
                kind,
                result_id,
                tuple(sorted(sources.values())),
                tuple(sorted(choices.items())),
                reviewer,
                now,
            )
            self._insert_decision(session, row)
            if session.get(ProjectSetting, ADJUDICATED_LAYER) is None:
                session.add(
                    ProjectSetting(key=ADJUDICATED_LAYER, value=USED, updated_at=now, updated_by=reviewer)
                )
        return Decision(row, self._annotations.get(result_id) if result_id else None)

    def _own_values(self, session, unit: UnitView, label_id, start, end, record) -> tuple[dict, tuple]:
        if session.scalar(select(Label.id).where(Label.id == label_id)) is None:
            raise NotFoundError(f"No label with id {label_id}.")
        text = session.scalar(select(Document.text).where(Document.id == unit.document_id))
        start = unit.start if start is None else start
        end = unit.end if end is None else end
        if not 0 <= start <= end <= len(text):
            raise BadInputError(
                f"The selection {start}–{end} lies outside the document (length {len(text)})."
            )
        span = trim_span(text, start, end)
        if span is None:
            raise BadInputError("Nothing to tag: the selection is empty or only whitespace.")
        values = record_values(record)
        if "claimant" in record:
            values["claimant_id"] = claimant_for(session, record["claimant"])
        prefix, suffix = context(text, span.start, span.end)
        values.update(
            label_id=label_id,
            start=span.start,
            end=span.end,
            quote=text[span.start : span.end],
            prefix=prefix,
            suffix=suffix,
        )
        return values, ()

    @staticmethod
    def _require_open(session) -> None:
        if not read_settings(session).adjudication_open:
            raise BadInputError("Adjudication is not open: open it first (factcheck adjudicate open).")

    @staticmethod
    def _insert_annotation(session, values: dict, matter_ids: Sequence[str]) -> None:
        session.execute(insert(Annotation).values(**values))
        if matter_ids:
            session.execute(
                insert(MatterMember), [{"matter_id": m, "annotation_id": values["id"]} for m in matter_ids]
            )

    @staticmethod
    def _insert_decision(session, row: AdjudicationRow) -> None:
        session.execute(
            insert(Adjudication).values(
                id=row.id,
                document_id=row.document_id,
                start=row.start,
                end=row.end,
                kind=row.kind,
                result_id=row.result_id,
                choices=json.dumps(dict(row.choices)) if row.choices else "",
                decided_by=row.decided_by,
                decided_at=row.decided_at,
            )
        )
        session.execute(
            insert(AdjudicationSource),
            [{"adjudication_id": row.id, "annotation_id": a} for a in row.source_ids],
        )

    @staticmethod
    def _row(session, found: Adjudication) -> AdjudicationRow:
        sources = tuple(
            sorted(
                session.scalars(
                    select(AdjudicationSource.annotation_id).where(
                        AdjudicationSource.adjudication_id == found.id
                    )
                )
            )
        )
        choices = tuple(sorted(json.loads(found.choices).items())) if found.choices else ()
        return AdjudicationRow(
            found.id,
            found.document_id,
            found.start,
            found.end,
            found.kind,
            found.result_id,
            sources,
            choices,
            found.decided_by,
            found.decided_at,
        )


def _merged_values(
    rows: Mapping[str, AnnotationRow], choices: Mapping[str, str], base: str
) -> tuple[dict, tuple[str, ...]]:
    values: dict[str, Any] = {}
    for field, columns in MERGE_FIELDS.items():
        source = _columns_of(rows[choices[field]])
        values.update({c: source[c] for c in columns})
    return values, rows[base].matter_ids


def _columns_of(row: AnnotationRow) -> dict[str, Any]:
    """Every column of the annotations table as ``row`` has it."""
    return {
        "id": row.id,
        "document_id": row.document_id,
        "label_id": row.label_id,
        "start": row.start,
        "end": row.end,
        "quote": row.quote,
        "prefix": row.prefix,
        "suffix": row.suffix,
        "annotator": row.annotator,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "updated_by": row.updated_by,
        "adjudicated": row.adjudicated,
        "anchor_status": row.anchor_status,
        "anchor_confidence": row.anchor_confidence,
        "claimant_id": row.claimant_id,
        "claim_date": row.claim_date,
        "claim_date_precision": str(row.claim_date_precision) if row.claim_date_precision else None,
        "attribution": str(row.attribution) if row.attribution else None,
        "verdict": str(row.verdict),
        "rating_text": row.rating_text,
        "rating_value": row.rating_value,
        "rating_best": row.rating_best,
        "rating_worst": row.rating_worst,
        "note": row.note,
    }
