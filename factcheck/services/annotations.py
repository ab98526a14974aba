"""Annotations: tag a span, record who said it, when and the verdict, delete and restore it exactly."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import delete, func, insert, literal, or_, select

from factcheck.domain import (
    AnnotationRow,
    BadInputError,
    ConcurrentEditError,
    DeletedAnnotation,
    Dependents,
    Filters,
    Layer,
    NotFoundError,
    Span,
)
from factcheck.services.base import Service
from factcheck.services.claimants import claimant_for
from factcheck.services.labels import LabelService
from factcheck.services.record import RECORD_FIELDS, check_fields, record_values
from factcheck.services.rows import LINK_COLUMNS, ROWS, filter_clauses, link_row, make_row, row_query
from factcheck.services.versioning import changed_columns, check_version, guarded_update, holds
from factcheck.services.visibility import Team
from factcheck.store.models import (
    Annotation,
    AnnotationLink,
    Claimant,
    Document,
    Label,
    Matter,
    MatterMember,
    new_id,
    utc_now,
)
from factcheck.text.anchoring import context, find_occurrence, trim_span

#: What ``update`` accepts besides the record fields: the label, or a claimant by id (for undo).
_UPDATE_FIELDS = RECORD_FIELDS | {"label_id", "claimant_id"}
#: How often an edit without an expected version (the CLI's) is tried again when another writer commits
#: between its read and its write; each try applies the change to the then current version.
_RETRIES = 3
#: Edits remembered for :meth:`AnnotationService.replace` (undo by a caller that kept only the "before").
_REMEMBERED_EDITS = 1000
_WHAT = "This annotation"


class _Raced(Exception):
    """The row changed between this call's read and its conditional write (rolled back; tried again)."""


class AnnotationService(Service):
    def __init__(
        self,
        sessions,
        labels: LabelService,
        *,
        annotator: Callable[[], str],
        read_only: bool,
        team: Team | None = None,
    ) -> None:
        super().__init__(sessions, read_only=read_only, team=team)
        self._labels = labels
        self._annotator = annotator
        self._texts: dict[str, tuple[str, str]] = {}
        #: What went with each annotation deleted through :meth:`delete`, for :meth:`restore` (undo).
        self._deleted: dict[str, DeletedAnnotation] = {}
        #: (id, version before) → (before, after) of the latest edits, for :meth:`replace`.
        self._edits: OrderedDict[tuple[str, int], tuple[AnnotationRow, AnnotationRow]] = OrderedDict()

    # --- Reading ------------------------------------------------------------------------------------------

    def for_document(self, document_id: str, *, preview: int | None = None) -> list[AnnotationRow]:
        """The document's annotations in text order (Core rows: no ORM objects for 10k highlights).

        With ``preview`` the quotes (and notes) are cut to that many characters and the context left out:
        what a list shows, without loading megabytes of long quotes. Such rows are marked incomplete and can
        never be written back (restore/replace refuse them).
        """
        return self.filtered(document_id, None, preview=preview)

    def filtered(
        self, document_id: str, filters: Filters | None, *, preview: int | None = None
    ) -> list[AnnotationRow]:
        """The document's annotations that pass ``filters`` (the search's filters), in text order."""
        query = (
            row_query(preview=preview)
            .where(Annotation.document_id == document_id, *filter_clauses(filters))
            .order_by(Annotation.start, Annotation.end, Annotation.id)
        )
        with self._read() as session:
            query = query.where(*self.team.clauses(session, filters.layer if filters else None))
            # Core execution on the session's connection: no ORM result machinery for 10k rows.
            return [make_row(row) for row in session.connection().execute(query)]

    def get(self, annotation_id: str) -> AnnotationRow:
        with self._read() as session:
            return self._get(session, annotation_id)

    def get_many(self, annotation_ids: Iterable[str]) -> list[AnnotationRow]:
        """The annotations with these ids that exist, in the order given."""
        ids = list(dict.fromkeys(annotation_ids))
        with self._read() as session:
            query = ROWS.where(Annotation.id.in_(ids), *self.team.visible(session))
            found = {row.id: row for row in map(make_row, session.execute(query))}
        return [found[i] for i in ids if i in found]

    @staticmethod
    def rows_in(session, *where) -> list[AnnotationRow]:
        """The annotations matching ``where``, read in the caller's session (its transaction)."""
        return [make_row(row) for row in session.execute(ROWS.where(*where))]

    def _get(self, session, annotation_id: str) -> AnnotationRow:
        """The annotation, if the viewer may see it (blind mode: only their own)."""
        query = ROWS.where(Annotation.id == annotation_id, *self.team.visible(session))
        row = session.execute(query).first()
        if row is None:
            raise NotFoundError(f"No annotation with id {annotation_id}.")
        return make_row(row)

    def _document_text(self, session, document_id: str) -> str:
        """The document's current text, from a small cache checked against its sha256 (a cheap read)."""
        digest = session.scalar(select(Document.text_sha256).where(Document.id == document_id))
        if digest is None:
            raise NotFoundError(f"No document with id {document_id}.")
        cached = self._texts.get(document_id)
        if cached is not None and cached[0] == digest:
            return cached[1]
        text = session.scalar(select(Document.text).where(Document.id == document_id))
        self._texts = {document_id: (digest, text)}  # one document at a time: the one being annotated
        return text

    def annotators(self) -> list[str]:
        """Everyone whose annotations the viewer may see (for the search's filter; blind mode: only you)."""
        with self._read() as session:
            query = select(Annotation.annotator).where(*self.team.clauses(session)).distinct()
            return list(session.scalars(query.order_by(Annotation.annotator)))

    def count(self, layer: Layer | None = None) -> int:
        """How many annotations the viewer may see in ``layer`` (default: every annotator's)."""
        with self._read() as session:
            query = select(func.count(literal(1))).select_from(Annotation)
            return session.scalar(query.where(*self.team.clauses(session, layer))) or 0

    # --- Creating and editing -----------------------------------------------------------------------------

    def create(
        self,
        document_id: str,
        start: int,
        end: int,
        label_id: str,
        *,
        annotation_id: str | None = None,
        matter_ids: Iterable[str] = (),
        **record: Any,
    ) -> AnnotationRow:
        """Tag [start, end) (code points, whitespace trimmed) with a label; committed before returning.

        ``record`` may set the fact-checker's fields at once (claimant, claim_date, attribution, verdict,
        rating_text, rating_value, rating_best, rating_worst, note) and ``matter_ids`` the matters it joins:
        all in the same transaction, so a bad value leaves nothing behind.
        """
        check_fields(record, RECORD_FIELDS)
        values = record_values(record)
        annotation_id = annotation_id or new_id()
        with self._write() as session:
            label = session.scalar(select(Label.id).where(Label.id == label_id))
            if label is None:
                raise NotFoundError(f"No label with id {label_id}.")
            text = self._document_text(session, document_id)
            if start < 0 or end > len(text) or end < start:
                raise BadInputError(
                    f"The selection {start}–{end} lies outside the document (length {len(text)})."
                )
            span = trim_span(text, start, end)
            if span is None:
                raise BadInputError("Nothing to tag: the selection is empty or only whitespace.")
            if "claimant" in record:
                values["claimant_id"] = claimant_for(session, record["claimant"])
            prefix, suffix = context(text, span.start, span.end)
            now = utc_now()
            session.execute(
                insert(Annotation).values(
                    id=annotation_id,
                    document_id=document_id,
                    label_id=label,
                    start=span.start,
                    end=span.end,
                    quote=text[span.start : span.end],
                    prefix=prefix,
                    suffix=suffix,
                    annotator=self._annotator(),
                    updated_by=self._annotator(),
                    created_at=now,
                    updated_at=now,
                    **values,
                )
            )
            self._join_matters(session, annotation_id, matter_ids)
            return self._get(session, annotation_id)

    def create_from_quote(
        self,
        document_id: str,
        quote: str,
        label_id: str,
        occurrence: int = 1,
        *,
        matter_ids: Iterable[str] = (),
        **record: Any,
    ) -> AnnotationRow:
        """Tag the ``occurrence``-th exact occurrence of ``quote`` (the CLI's way to point at a passage)."""
        with self._read() as session:
            text = session.scalar(select(Document.text).where(Document.id == document_id))
        if text is None:
            raise NotFoundError(f"No document with id {document_id}.")
        span: Span = find_occurrence(text, quote, occurrence)
        return self.create(document_id, span.start, span.end, label_id, matter_ids=matter_ids, **record)

    def update(
        self, annotation_id: str, *, expected_version: int | None = None, **fields: Any
    ) -> tuple[AnnotationRow, AnnotationRow]:
        """Change the label and any of the record's fields; returns the annotation before and after.

        Only the fields whose value changes are written (one UPDATE of those columns), and only if the
        annotation is still at ``expected_version``, the version the edit was based on: when another window or
        program changed it since, :class:`ConcurrentEditError` (carrying the annotation as it is now) is raised
        and nothing is written. Without ``expected_version`` (the CLI) the change applies to the current
        version. ``claimant`` is a name: the claimant with that name (any case) is reused or created; '' or
        None clears it. ``claim_date`` is 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' or a ClaimDate; None or '' means the
        document's publication date. A future claim date is accepted: ask the user before
        (ClaimDate.is_future). ``updated_at`` and ``version`` are bumped when anything changed.
        Undo: ``revert(before, after)``; redo: ``revert(after, before)``.
        """
        check_fields(fields, _UPDATE_FIELDS)
        if "claimant" in fields and "claimant_id" in fields:
            raise BadInputError("Give a claimant by name or by id, not both.")
        attempts = 1 if expected_version is not None else _RETRIES
        for attempt in range(attempts):
            try:
                with self._write() as session:
                    before = self._get(session, annotation_id)
                    check_version(_WHAT, before, expected_version)
                    stored = _stored_values(before, with_id=False)
                    values = {
                        name: value
                        for name, value in self._column_values(session, fields, before).items()
                        if stored[name] != value
                    }
                    if not values:
                        return before, before
                    values["updated_at"] = max(utc_now(), before.updated_at)
                    values["updated_by"] = self.team.annotator()
                    if not guarded_update(session, Annotation, annotation_id, before.version, values):
                        raise _Raced
                    after = self._get(session, annotation_id)
            except _Raced:
                if attempt + 1 < attempts:
                    continue
                raise ConcurrentEditError(_WHAT, self.get(annotation_id)) from None
            self.remember_edit(before, after)
            return before, after
        raise AssertionError("unreachable")

    def _column_values(self, session, fields: dict[str, Any], before: AnnotationRow) -> dict[str, Any]:
        """The column values ``fields`` stand for, checked (the rating as a whole, with ``before``'s parts)."""
        values = record_values(fields, before)
        if "label_id" in fields:
            if session.scalar(select(Label.id).where(Label.id == fields["label_id"])) is None:
                raise NotFoundError(f"No label with id {fields['label_id']}.")
            values["label_id"] = fields["label_id"]
        if "claimant" in fields:
            values["claimant_id"] = claimant_for(session, fields["claimant"])
        if "claimant_id" in fields:
            claimant_id = fields["claimant_id"] or None
            if claimant_id and session.get(Claimant, claimant_id) is None:
                raise NotFoundError(f"No claimant with id {claimant_id}.")
            values["claimant_id"] = claimant_id
        return values

    def set_label(
        self, annotation_id: str, label_id: str, *, expected_version: int | None = None
    ) -> AnnotationRow:
        """Give the annotation another label (see :meth:`update`); returns it as it is now."""
        self._labels.get(label_id)
        return self.update(annotation_id, expected_version=expected_version, label_id=label_id)[1]

    def revert(self, before: AnnotationRow, after: AnnotationRow) -> AnnotationRow:
        """Undo an edit that took the annotation from ``before`` to ``after`` (redo: ``revert(after, before)``).

        Only the fields the edit changed get ``before``'s values back, and only while they still hold
        ``after``'s: changes made since to other fields (by another window, the CLI) are kept. If one of the
        edit's fields was changed since, :class:`ConcurrentEditError` is raised and nothing is written.
        Matter memberships are not part of an edit (see MatterService)."""
        return self._revert(before, after, None)

    def _revert(
        self, before: AnnotationRow, after: AnnotationRow, columns: list[str] | None
    ) -> AnnotationRow:
        with self._write() as session:
            current, restored = revert_edit(session, before, after, self.team.annotator(), columns)
        self._edits.pop((before.id, before.version), None)  # undone: no longer this service's edit
        self.remember_edit(current, restored)
        return restored

    def replace(self, row: AnnotationRow) -> AnnotationRow:
        """Undo of the edit made from ``row`` (its "before"), for callers that kept only that row.

        The edit is looked up among those this service made (or was told of, :meth:`remember_edit`) and
        reverted field by field (:meth:`revert`); this service's later edits of the annotation, if any, are
        taken with it (a window merges successive note saves into one undo step, keeping the first "before").
        An edit it does not know can be undone only while it is the one change since ``row`` (the
        annotation is exactly one version on); otherwise ConcurrentEditError."""
        _require_complete(row)
        chain = sorted(
            (edit for key, edit in self._edits.items() if key[0] == row.id and key[1] >= row.version),
            key=lambda edit: edit[0].version,
        )
        if chain and chain[0][0].version == row.version:
            for before, _ in chain:
                self._edits.pop((before.id, before.version), None)
            target, expected = _record(row), _record(chain[-1][1])
            touched = {c for before, after in chain for c in changed_columns(_record(before), _record(after))}
            columns = [c for c in target if c in touched and target[c] != expected[c]]
            return self._revert(row, chain[-1][1], columns)
        current = self.get(row.id)
        if current.version == row.version:
            return current
        if current.version != row.version + 1:
            raise ConcurrentEditError(_WHAT, current)
        return self.revert(row, current)

    def remember_edit(self, before: AnnotationRow, after: AnnotationRow) -> None:
        """Note an edit from ``before`` to ``after`` so that :meth:`replace` of ``before`` can undo it."""
        if before.version == after.version:
            return
        self._edits[(before.id, before.version)] = (before, after)
        self._edits.move_to_end((before.id, before.version))
        while len(self._edits) > _REMEMBERED_EDITS:
            self._edits.popitem(last=False)

    # --- Deleting and restoring ---------------------------------------------------------------------------

    def dependents(self, annotation_id: str) -> Dependents:
        """What would go with the annotation if it were deleted: its links and matter memberships."""
        with self._read() as session:
            self._get(session, annotation_id)
            links = session.scalar(
                select(func.count(AnnotationLink.id)).where(
                    or_(AnnotationLink.source_id == annotation_id, AnnotationLink.target_id == annotation_id)
                )
            )
            matters = session.scalar(
                select(func.count(MatterMember.matter_id)).where(MatterMember.annotation_id == annotation_id)
            )
        return Dependents(links or 0, matters or 0)

    def delete_with_links(
        self, annotation_id: str, *, expected_version: int | None = None
    ) -> DeletedAnnotation:
        """Delete the annotation with its links and matter memberships; returns all of it for
        :meth:`restore_with_links` (the matters themselves and the other annotations stay). With
        ``expected_version``, refused (ConcurrentEditError) when it was changed since that version."""
        with self._write() as session:
            row = self._get(session, annotation_id)
            check_version(_WHAT, row, expected_version)
            links = tuple(
                link_row(values)
                for values in session.execute(
                    select(*LINK_COLUMNS)
                    .where(
                        or_(
                            AnnotationLink.source_id == annotation_id,
                            AnnotationLink.target_id == annotation_id,
                        )
                    )
                    .order_by(AnnotationLink.created_at, AnnotationLink.id)
                )
            )
            gone = session.execute(
                delete(Annotation).where(Annotation.id == annotation_id, Annotation.version == row.version)
            ).rowcount
            if not gone:
                raise ConcurrentEditError(_WHAT, self._get(session, annotation_id))
        return DeletedAnnotation(row, links, row.matter_ids)

    def restore_with_links(self, deleted: DeletedAnnotation) -> AnnotationRow:
        """Put a deleted annotation back with the same id and fields, its links and its memberships.

        A link whose other annotation, a membership whose matter, or a claimant that no longer exists is left
        out (undo runs in reverse order, so with one undo stack that does not happen)."""
        row = deleted.row
        _require_complete(row)
        with self._write() as session:
            values = _stored_values(row, with_id=True)
            if row.claimant_id is not None and session.get(Claimant, row.claimant_id) is None:
                values["claimant_id"] = None  # merged into another claimant since: not a broken key
            session.execute(insert(Annotation).values(**values))
            others = {
                link.target_id if link.source_id == row.id else link.source_id for link in deleted.links
            }
            present = set(session.scalars(select(Annotation.id).where(Annotation.id.in_(others))))
            links = [
                link
                for link in deleted.links
                if (link.target_id if link.source_id == row.id else link.source_id) in present
            ]
            if links:
                session.execute(
                    insert(AnnotationLink),
                    [
                        {
                            "id": link.id,
                            "source_id": link.source_id,
                            "target_id": link.target_id,
                            "relation": str(link.relation),
                            "created_at": link.created_at,
                            "annotator": link.annotator,
                        }
                        for link in links
                    ],
                )
            self._join_matters(session, row.id, deleted.matter_ids, skip_missing=True)
            return self._get(session, row.id)

    def delete(self, annotation_id: str, *, expected_version: int | None = None) -> AnnotationRow:
        """Delete and return the row as it was, so that :meth:`restore` can put it back exactly.

        Its links and matter memberships go too; they are kept here so that :meth:`restore` of this row
        brings them back (the explicit pair is :meth:`delete_with_links` / :meth:`restore_with_links`)."""
        deleted = self.delete_with_links(annotation_id, expected_version=expected_version)
        if deleted.links or deleted.matter_ids:
            self._deleted[annotation_id] = deleted
        else:
            self._deleted.pop(annotation_id, None)
        return deleted.row

    def restore(self, row: AnnotationRow) -> AnnotationRow:
        """Insert ``row`` again with the same id, offsets, author, record and timestamps (undo of a delete),
        with the links and memberships that went when :meth:`delete` removed it."""
        kept = self._deleted.pop(row.id, None)
        links, matter_ids = (kept.links, kept.matter_ids) if kept else ((), row.matter_ids)
        return self.restore_with_links(DeletedAnnotation(row, links, matter_ids))

    # --- Helpers ------------------------------------------------------------------------------------------

    @staticmethod
    def _join_matters(session, annotation_id: str, matter_ids: Iterable[str], *, skip_missing=False) -> None:
        ids = list(dict.fromkeys(matter_ids))
        if not ids:
            return
        existing = set(session.scalars(select(Matter.id).where(Matter.id.in_(ids))))
        missing = [m for m in ids if m not in existing]
        if missing and not skip_missing:
            raise NotFoundError(f"No matter with id {missing[0]}.")
        rows = [{"matter_id": m, "annotation_id": annotation_id} for m in ids if m in existing]
        if rows:
            session.execute(insert(MatterMember), rows)


def revert_edit(
    session, before: AnnotationRow, after: AnnotationRow, annotator: str, columns: list[str] | None = None
) -> tuple[AnnotationRow, AnnotationRow]:
    """In ``session``'s transaction: give the fields an edit changed (``before`` → ``after``; or only
    ``columns`` of them) ``before``'s values back, if the annotation still holds ``after``'s in each; returns
    the annotation as it was just now and as it is after. Raises ConcurrentEditError (writing nothing) when
    one of them changed since."""
    _require_complete(before)
    _require_complete(after)
    target, expected = _record(before), _record(after)
    if columns is None:
        columns = changed_columns(target, expected)
    current = _row(session, before.id)
    now = _record(current)
    if not holds(now, expected, columns):
        raise ConcurrentEditError(_WHAT, current)
    if not columns:
        return current, current
    values = {name: target[name] for name in columns}
    if values.get("claimant_id") and session.get(Claimant, values["claimant_id"]) is None:
        values["claimant_id"] = None  # merged into another claimant since: not a broken key
    # The edit's own time goes back with it when nothing else was changed since; else the change is new.
    untouched = now == expected
    values["updated_at"] = before.updated_at if untouched else max(utc_now(), current.updated_at)
    values["updated_by"] = before.updated_by if untouched else annotator
    if not guarded_update(session, Annotation, before.id, current.version, values):
        raise ConcurrentEditError(_WHAT, _row(session, before.id))
    return current, _row(session, before.id)


def _row(session, annotation_id: str) -> AnnotationRow:
    """The annotation (whoever may see it: an undo puts back what its own edit changed)."""
    row = session.execute(ROWS.where(Annotation.id == annotation_id)).first()
    if row is None:
        raise NotFoundError(f"No annotation with id {annotation_id}.")
    return make_row(row)


def _record(row: AnnotationRow) -> dict[str, Any]:
    """The stored fields an edit can change (not when or by whom)."""
    values = _stored_values(row, with_id=False)
    del values["updated_at"], values["updated_by"]
    return values


def _stored_values(row: AnnotationRow, *, with_id: bool) -> dict[str, Any]:
    """The annotations table's columns as ``row`` has them."""
    values = {
        "label_id": row.label_id,
        "start": row.start,
        "end": row.end,
        "quote": row.quote,
        "prefix": row.prefix,
        "suffix": row.suffix,
        "updated_at": row.updated_at,
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
        "updated_by": row.updated_by,
    }
    if with_id:
        values.update(
            id=row.id,
            document_id=row.document_id,
            annotator=row.annotator,
            created_at=row.created_at,
            version=row.version,  # the same row again: an edit based on this version still applies
            adjudicated=row.adjudicated,
        )
    return values


def _require_complete(row: AnnotationRow) -> None:
    if not row.complete:
        raise ValueError("a preview row (cut quote, no context) cannot be written back")
