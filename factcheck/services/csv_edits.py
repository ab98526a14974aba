"""A factcheck CSV edited in a spreadsheet, back in: preview the changes (nothing written), apply them in
one transaction, and undo that (see README, "CSV columns" and "Editing a CSV")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, or_, select

from factcheck.domain import (
    AnnotationRow,
    Attribution,
    BadInputError,
    ConcurrentEditError,
    DeletedAnnotation,
    Verdict,
    name_key,
    parse_choice,
)
from factcheck.interchange.csv_annotations import REQUIRED_COLUMNS
from factcheck.interchange.records import parse_timestamp
from factcheck.interchange.spreadsheet import (
    lost_characters,
    outside_cp1252,
    read_csv_rows,
    restore,
    spreadsheet_same,
)

# The one definition of how a row is stored, and the field-level undo, shared with the annotation service.
from factcheck.services.annotations import _stored_values, revert_edit
from factcheck.services.base import Service
from factcheck.services.bundle_import import ids_in
from factcheck.services.claimants import claimant_for
from factcheck.services.record import clean_claim_date, clean_claimant, record_values
from factcheck.services.rows import LINK_COLUMNS, ROWS, link_row, make_row
from factcheck.services.versioning import guarded_update
from factcheck.store.models import (
    Annotation,
    AnnotationLink,
    Claimant,
    Document,
    Label,
    Matter,
    MatterMember,
    utc_now,
)

#: The columns a CSV may change, in the order a preview lists them, with their names for people.
EDITABLE = {
    "label": ("label", "labels"),
    "claimant": ("claimant", "claimants"),
    "claim_date": ("claim date", "claim dates"),
    "attribution": ("attribution", "attributions"),
    "verdict": ("verdict", "verdicts"),
    "rating_text": ("rating", "ratings"),
    "rating_value": ("rating value", "rating values"),
    "rating_best": ("best rating", "best ratings"),
    "rating_worst": ("worst rating", "worst ratings"),
    "note": ("note", "notes"),
}
_CHUNK = 2000


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class RowChange:
    """One annotation the CSV changes: what ``AnnotationService.update`` would be given, and the changes
    for people. ``updated_at`` and ``version`` are the annotation's at preview time: apply refuses if it
    changed since."""

    line: int
    annotation_id: str
    quote: str
    fields: dict[str, Any]
    changes: tuple[FieldChange, ...]
    updated_at: datetime
    version: int = 1


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row that is never applied, or (``column`` set) one cell of a row that is not, and why; the
    row's other cells still apply."""

    line: int
    annotation_id: str
    reason: str
    column: str = ""


@dataclass(frozen=True, slots=True)
class Deletion:
    annotation_id: str
    document_title: str
    quote: str


@dataclass(frozen=True)
class CsvPreview:
    """What importing the CSV would do; nothing has been written."""

    path: Path
    rows: int
    changes: tuple[RowChange, ...]
    unchanged: int
    problems: tuple[RowProblem, ...]
    #: Annotations of the CSV's documents that its rows no longer list (deleted only on request).
    deletions: tuple[Deletion, ...]
    field_counts: dict[str, int] = field(default_factory=dict)
    #: Annotations missing from the CSV but created after its newest row (perhaps after the export):
    #: never deleted by an import; delete them in factcheck if they should go.
    kept_recent: tuple[Deletion, ...] = ()

    def summary(self, *, delete_missing: bool = False) -> str:
        """'12 verdicts changed, 1 note changed, 1 annotation would be deleted; 2 rows not applied.'"""
        parts = [
            f"{count} {EDITABLE[name][0 if count == 1 else 1]} changed"
            for name, count in self.field_counts.items()
            if count
        ]
        if self.deletions:
            n = len(self.deletions)
            verb = (
                "would be deleted"
                if delete_missing
                else "missing from the CSV (kept: deletions not asked for)"
            )
            parts.append(f"{n} annotation{'s' if n != 1 else ''} {verb}")
        text = ", ".join(parts) if parts else "No changes"
        if self.kept_recent:
            n = len(self.kept_recent)
            text += f"; {n} annotation{'s' if n != 1 else ''} newer than the CSV kept"
        rows = sum(1 for p in self.problems if not p.column)
        cells = len(self.problems) - rows
        if rows:
            text += f"; {rows} row{'s' if rows != 1 else ''} not applied"
        if cells:
            text += f"; {cells} cell{'s' if cells != 1 else ''} not applied"
        return text + "."

    def is_empty(self, *, delete_missing: bool = False) -> bool:
        return not self.changes and not (delete_missing and self.deletions)


@dataclass(frozen=True)
class CsvApplied:
    """What :meth:`CsvEditService.apply` did: the annotations as they were and those it deleted (with their
    links and matters), and the claimants it created — everything :meth:`CsvEditService.undo` needs."""

    before: tuple[AnnotationRow, ...]
    deleted: tuple[DeletedAnnotation, ...]
    created_claimants: tuple[str, ...]
    summary: str
    #: The changed annotations as apply left them (same order as ``before``): undo is field-level.
    after: tuple[AnnotationRow, ...] = ()


class CsvEditService(Service):
    # --- Preview --------------------------------------------------------------------------------------

    def preview(self, path: Path | str) -> CsvPreview:
        """Compare an edited factcheck CSV with the project. Rows with unknown ids, whose quote no longer
        matches the document's text at their start/end, that moved or changed in the project since the
        export, or with values factcheck cannot read are reported and never applied."""
        path = Path(path).expanduser()
        header, cells, delimiter, encoding = read_csv_rows(path, REQUIRED_COLUMNS)
        sheet = _Sheet(decimal_comma=delimiter == ";", ansi=encoding != "utf-8")
        columns = [name for name in EDITABLE if name in header]
        problems: list[RowProblem] = []
        changes: list[RowChange] = []
        counts = dict.fromkeys(columns, 0)
        unchanged = 0
        ids = [row["annotation_id"].strip() for row in cells]
        with self._read() as session:
            current = self._rows(session, ids)
            labels = {
                name_key(name): label_id for label_id, name in session.execute(select(Label.id, Label.name))
            }
            texts: dict[str, str] = {}
            seen: set[str] = set()
            newest: datetime | None = None
            for line, (annotation_id, row) in enumerate(zip(ids, cells, strict=True), start=2):
                stamp = _time(row.get("updated_at", ""))
                for value in (stamp, _time(row.get("created_at", ""))):
                    if value is not None and (newest is None or value > newest):
                        newest = value
                try:
                    if not annotation_id:
                        raise BadInputError("The row has no annotation id.")
                    if annotation_id in seen:
                        raise BadInputError("The annotation is listed twice; only its first row counts.")
                    seen.add(annotation_id)
                    before = current.get(annotation_id)
                    if before is None:
                        raise BadInputError("No annotation with this id is in the project.")
                    self._check_anchor(session, row, before, texts)
                    if stamp is None:
                        raise BadInputError(
                            f"Its updated_at ({row.get('updated_at', '')!r}) is not an ISO 8601 time, so a "
                            "change made in factcheck since the export cannot be ruled out."
                        )
                    if stamp < before.updated_at:
                        raise BadInputError("It was changed in factcheck after this CSV was exported.")
                    cell_problems: list[tuple[str, str]] = []
                    quote_cell = restore(row["quote"])
                    if not _same_text(quote_cell, before.quote):  # even '87%' saved back as '87.00%'
                        lost = (
                            " (characters it could not save became ?)"
                            if lost_characters(quote_cell, before.quote)
                            else ""
                        )
                        cell_problems.append(
                            (
                                "quote",
                                f"The spreadsheet changed the quote cell{lost}; the quote cannot be edited, "
                                "so the cell was ignored.",
                            )
                        )
                    fields, row_changes = _diff(row, before, columns, labels, sheet, cell_problems)
                    record_values(
                        {k: v for k, v in fields.items() if k not in ("label_id", "claimant")}, before
                    )
                except BadInputError as exc:
                    problems.append(RowProblem(line, annotation_id, str(exc)))
                    continue
                problems.extend(RowProblem(line, annotation_id, why, column) for column, why in cell_problems)
                if not fields:
                    unchanged += 1
                    continue
                for change in row_changes:
                    counts[change.field] += 1
                changes.append(
                    RowChange(
                        line,
                        annotation_id,
                        before.quote,
                        fields,
                        row_changes,
                        before.updated_at,
                        before.version,
                    )
                )
            deletions, recent = self._missing(session, set(current), seen, newest)
        return CsvPreview(
            path, len(cells), tuple(changes), unchanged, tuple(problems), deletions, counts, recent
        )

    @staticmethod
    def _rows(session, ids: list[str]) -> dict[str, AnnotationRow]:
        found: dict[str, AnnotationRow] = {}
        unique = list(dict.fromkeys(i for i in ids if i))
        for start in range(0, len(unique), _CHUNK):
            query = ROWS.where(ids_in(Annotation.id, unique[start : start + _CHUNK]))
            found.update((row.id, row) for row in map(make_row, session.execute(query)))
        return found

    @staticmethod
    def _check_anchor(session, row: dict[str, str], before: AnnotationRow, texts: dict[str, str]) -> None:
        """Refuse a row whose document or positions are not the annotation's (a changed quote cell alone
        is a spreadsheet's doing, reported by the caller)."""
        if row.get("document_id", "").strip() != before.document_id:
            raise BadInputError("Its document_id is not the annotation's document.")
        try:
            start, end = int(row["start"]), int(row["end"])
        except ValueError:
            raise BadInputError("Its start and end are not whole numbers.") from None
        if (start, end) == (before.start, before.end):
            return
        if before.document_id not in texts:
            texts[before.document_id] = session.scalar(
                select(Document.text).where(Document.id == before.document_id)
            )
        if texts[before.document_id][start:end] == restore(row["quote"]):
            raise BadInputError(
                f"The annotation moved since the export (it is now at {before.start}–{before.end})."
            )
        raise BadInputError(
            f"Its start and end ({start}–{end}) no longer hold its quote in the document's text; "
            "the row was not applied."
        )

    @staticmethod
    def _missing(
        session, known: set[str], listed: set[str], newest: datetime | None
    ) -> tuple[tuple[Deletion, ...], tuple[Deletion, ...]]:
        """Annotations of the CSV's documents that the CSV does not list: those created no later than its
        newest timestamp (so they existed when it was exported), and the more recent ones."""
        if not known:
            return (), ()
        documents = list(
            set(session.scalars(select(Annotation.document_id).where(ids_in(Annotation.id, list(known)))))
        )
        query = (
            select(Annotation.id, Document.title, Annotation.quote, Annotation.created_at)
            .join(Document, Document.id == Annotation.document_id)
            .where(ids_in(Annotation.document_id, documents))
            .order_by(Annotation.document_id, Annotation.start, Annotation.id)
        )
        missing, recent = [], []
        for annotation_id, title, quote, created in session.execute(query):
            if annotation_id in listed:
                continue
            deletion = Deletion(annotation_id, title, quote)
            (missing if newest is not None and created <= newest else recent).append(deletion)
        return tuple(missing), tuple(recent)

    # --- Apply and undo ---------------------------------------------------------------------------------

    def apply(self, preview: CsvPreview, *, delete_missing: bool = False) -> CsvApplied:
        """Make the preview's changes (and, with ``delete_missing``, its deletions) in one transaction.

        Refused, with nothing written, when an annotation changed since the preview. Returns what
        :meth:`undo` needs."""
        befores: list[AnnotationRow] = []
        afters: list[AnnotationRow] = []
        deleted: list[DeletedAnnotation] = []
        created: list[str] = []
        now = utc_now()
        with self._write() as session:
            claimants = {key for (key,) in session.execute(select(Claimant.name_key))}
            for change in preview.changes:
                row = session.execute(ROWS.where(Annotation.id == change.annotation_id)).first()
                before = make_row(row) if row is not None else None
                if before is None or (before.updated_at, before.version) != (
                    change.updated_at,
                    change.version,
                ):
                    raise ConcurrentEditError(
                        "An annotation",
                        before,
                        "An annotation changed in the project since the preview; preview the CSV again.",
                    )
                fields = dict(change.fields)
                values = record_values(
                    {k: v for k, v in fields.items() if k not in ("label_id", "claimant")}, before
                )
                if "label_id" in fields:
                    values["label_id"] = fields["label_id"]
                if "claimant" in fields:
                    key = name_key(fields["claimant"] or "")
                    values["claimant_id"] = claimant_for(session, fields["claimant"])
                    if key and key not in claimants:
                        claimants.add(key)
                        created.append(values["claimant_id"])
                values["updated_at"] = max(now, before.updated_at)
                if not guarded_update(session, Annotation, before.id, before.version, values):
                    raise ConcurrentEditError(
                        "An annotation",
                        None,
                        "An annotation changed in the project since the preview; preview the CSV again.",
                    )
                befores.append(before)
                afters.append(make_row(session.execute(ROWS.where(Annotation.id == before.id)).one()))
            if delete_missing:
                for deletion in preview.deletions:
                    snapshot = _delete(session, deletion.annotation_id)
                    if snapshot is not None:
                        deleted.append(snapshot)
        summary = preview.summary(delete_missing=delete_missing)
        return CsvApplied(tuple(befores), tuple(deleted), tuple(created), summary, tuple(afters))

    def undo(self, applied: CsvApplied) -> None:
        """Put back every annotation :meth:`apply` changed or deleted (same ids, fields, links and matters),
        and remove the claimants it created, in one transaction.

        Field-level: only the fields the CSV changed go back, and only while they still hold the CSV's
        values; changes made since to other fields (another window, the CLI) are kept. When one of the CSV's
        fields was changed since, nothing is undone (ConcurrentEditError)."""
        with self._write() as session:
            if applied.deleted:
                rows = [_stored_values(d.row, with_id=True) for d in applied.deleted]
                claimants = set(session.scalars(select(Claimant.id)))
                for values in rows:
                    if values["claimant_id"] not in claimants:
                        values["claimant_id"] = None
                session.execute(insert(Annotation), rows)
                links = {link.id: link for d in applied.deleted for link in d.links}
                ends = list({end for link in links.values() for end in (link.source_id, link.target_id)})
                present = set(session.scalars(select(Annotation.id).where(ids_in(Annotation.id, ends))))
                restored = [
                    {
                        "id": link.id,
                        "source_id": link.source_id,
                        "target_id": link.target_id,
                        "relation": str(link.relation),
                        "created_at": link.created_at,
                    }
                    for link in links.values()
                    if link.source_id in present and link.target_id in present
                ]
                if restored:
                    session.execute(insert(AnnotationLink), restored)
                matters = set(session.scalars(select(Matter.id)))
                members = [
                    {"matter_id": m, "annotation_id": d.row.id}
                    for d in applied.deleted
                    for m in d.matter_ids
                    if m in matters
                ]
                if members:
                    session.execute(insert(MatterMember), members)
            conflicts = 0
            for before, after in zip(applied.before, applied.after, strict=True):
                try:
                    revert_edit(session, before, after, self.team.annotator())
                except ConcurrentEditError:
                    conflicts += 1
            if conflicts:
                raise ConcurrentEditError(
                    "An annotation",
                    None,
                    f"{conflicts} of the annotations the CSV changed were changed again in another window "
                    "since; nothing was undone. Reload to see them.",
                )
            for claimant_id in applied.created_claimants:
                used = session.scalar(
                    select(Annotation.id).where(Annotation.claimant_id == claimant_id).limit(1)
                )
                if used is None:
                    session.execute(delete(Claimant).where(Claimant.id == claimant_id))


def _delete(session, annotation_id: str) -> DeletedAnnotation | None:
    row = session.execute(ROWS.where(Annotation.id == annotation_id)).first()
    if row is None:
        return None
    before = make_row(row)
    links = tuple(
        link_row(values)
        for values in session.execute(
            select(*LINK_COLUMNS).where(
                or_(AnnotationLink.source_id == annotation_id, AnnotationLink.target_id == annotation_id)
            )
        )
    )
    session.execute(delete(Annotation).where(Annotation.id == annotation_id))
    return DeletedAnnotation(before, links, before.matter_ids)


def _time(value: str) -> datetime | None:
    try:
        return parse_timestamp(value) if value.strip() else None
    except ValueError:
        return None


def _same_text(a: str, b: str) -> bool:
    """Equal, or equal but for line ends (spreadsheets save CRLF inside cells as LF)."""
    return a == b or a.replace("\r\n", "\n").replace("\r", "\n") == b.replace("\r\n", "\n").replace(
        "\r", "\n"
    )


@dataclass(frozen=True, slots=True)
class _Sheet:
    """How the spreadsheet saved the file: ';' with decimal commas, or Excel's lossy ANSI encoding."""

    decimal_comma: bool
    ansi: bool


_DECIMAL_COMMA = re.compile(r"[-+]?\d*,\d+")


def _number(value: str, sheet: _Sheet) -> float | None:
    text = value.strip()
    if not text:
        return None
    if sheet.decimal_comma and _DECIMAL_COMMA.fullmatch(text):
        text = text.replace(",", ".")  # '3,5' from a spreadsheet with a decimal comma
    try:
        number = float(text)
    except ValueError:
        raise BadInputError(f"{value!r} is not a number.") from None
    if number != number or abs(number) == float("inf"):
        raise BadInputError(f"{value!r} is not a number.")
    return number


_UTF8_HINT = 'Save it from the spreadsheet as "CSV UTF-8 (Comma delimited)" and import it again.'


def _lossy(name: str, cell: str, stored: str, sheet: _Sheet) -> str:
    """Why ``cell`` cannot be trusted to replace ``stored`` ('' when it can)."""
    if lost_characters(cell, stored):
        return (
            f"The {EDITABLE[name][0]} cell lost characters the spreadsheet could not save (they became ?); "
            f"it was not applied. {_UTF8_HINT}"
        )
    if sheet.ansi and outside_cp1252(stored) and not _same_text(cell, stored):
        return (
            f"The file was saved in an encoding that cannot hold the stored {EDITABLE[name][0]}, so this cell "
            f"may have lost characters; it was not applied. {_UTF8_HINT}"
        )
    return ""


def _diff(
    row: dict[str, str],
    before: AnnotationRow,
    columns: list[str],
    labels: dict[str, str],
    sheet: _Sheet,
    problems: list[tuple[str, str]],
) -> tuple[dict[str, Any], tuple[FieldChange, ...]]:
    """The service fields that differ between the CSV row and the annotation, and the changes for people.
    A cell that cannot be read or trusted is added to ``problems`` (column, reason); the others count."""
    fields: dict[str, Any] = {}
    changes: list[FieldChange] = []

    def changed(name: str, old: object, new: object, value: Any, key: str | None = None) -> None:
        fields[key or name] = value
        changes.append(FieldChange(name, "" if old is None else str(old), "" if new is None else str(new)))

    stored_text = {
        "label": before.label_name,
        "claimant": before.claimant_name or "",
        "rating_text": before.rating_text,
        "note": before.note,
    }
    for name in columns:
        cell = restore(row.get(name, ""))
        try:
            if name in stored_text:
                stored = stored_text[name]
                if spreadsheet_same(cell, stored) or _same_text(cell, stored):
                    continue
                reason = _lossy(name, cell, stored, sheet)
                if reason:
                    problems.append((name, reason))
                    continue
            if name == "label":
                label = " ".join(cell.split())
                if name_key(label) != name_key(before.label_name):
                    if name_key(label) not in labels:
                        raise BadInputError(f"There is no label named {label!r}.")
                    changed(name, before.label_name, label, labels[name_key(label)], "label_id")
            elif name == "claimant":
                claimant = clean_claimant(cell)
                if name_key(claimant) != name_key(before.claimant_name):
                    changed(name, before.claimant_name, claimant, claimant or None)
            elif name == "claim_date":
                date = clean_claim_date(cell)
                value = str(date) if date else None
                if value != before.claim_date:
                    changed(name, before.claim_date, value, value)
            elif name == "attribution":
                value = str(parse_choice(Attribution, cell, "kind of attribution")) if cell.strip() else None
                old = str(before.attribution) if before.attribution else None
                if value != old:
                    changed(name, old, value, value)
            elif name == "verdict":
                value = str(parse_choice(Verdict, cell, "verdict")) if cell.strip() else "unverified"
                if value != str(before.verdict):
                    changed(name, before.verdict, value, value)
            elif name == "rating_text":
                value = " ".join(cell.split())
                if value != before.rating_text:
                    changed(name, before.rating_text, value, value)
            elif name in ("rating_value", "rating_best", "rating_worst"):
                number = _number(cell, sheet)
                old = getattr(before, name)
                if number != old:
                    changed(name, old, number, number)
            elif name == "note" and not _same_text(cell, before.note):
                changed(name, _clip(before.note), _clip(cell), cell)
        except BadInputError as exc:
            problems.append((name, f"{exc} The {EDITABLE[name][0]} cell was not applied."))
    return fields, tuple(changes)


def _clip(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
