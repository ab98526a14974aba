"""Applying an imported exchange file (W3C or REFI-QDA) to the project in one transaction, and undoing it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, delete, func, insert, literal_column, select, update
from sqlalchemy.orm import Session

from factcheck.domain import (
    BUILTIN_CLAIM,
    OKABE_ITO,
    BadInputError,
    LinkRelation,
    Verdict,
    name_key,
    parse_choice,
)
from factcheck.interchange.records import ExchangeAnnotation, ExchangeBundle, ExchangeDocument
from factcheck.interchange.w3c import safe_uri
from factcheck.interchange.xml_text import is_guid
from factcheck.services.claimants import claimant_for
from factcheck.services.documents import published_day, text_sha256
from factcheck.services.labels import clean_color, clean_name
from factcheck.services.record import record_values
from factcheck.store.backends import json_values
from factcheck.store.models import (
    Annotation,
    AnnotationLink,
    Claimant,
    Document,
    DocumentVersion,
    Label,
    Matter,
    MatterMember,
    UTCDateTime,
    new_id,
    utc_now,
)
from factcheck.text.anchoring import context
from factcheck.text.normalise import canonical_text
from factcheck.text.reanchor import Anchor, AnchorStatus, reanchor


@dataclass(frozen=True)
class ImportReport:
    """What an import created (ids, for undo), what it merged into the project, and what it left out
    (one sentence each)."""

    format: str
    annotations: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    claimants: tuple[str, ...] = ()
    matters: tuple[str, ...] = ()
    #: Documents of the file found in the project (by id, URL or identical text).
    matched_documents: int = 0
    #: Annotations placed by their quote because their position no longer held it.
    moved: int = 0
    #: Annotations placed where a person should check them (anchor status needs_review).
    needs_review: int = 0
    skipped: tuple[str, ...] = ()
    #: Annotations of the file the project had already (same id, or same passage and label).
    merged: int = 0
    #: Existing annotations whose empty note the file filled: (id, the note before), for undo.
    noted: tuple[tuple[str, str], ...] = ()
    #: The ids of the annotations to review.
    review: tuple[str, ...] = ()

    @property
    def left_out(self) -> int:
        return len(self.skipped)

    @property
    def summary(self) -> str:
        """'12 annotations imported (1 to review), 2 merged, 1 left out; 3 links; 2 documents added.'"""
        n = len(self.annotations)
        text = f"{n} annotation{'s' if n != 1 else ''} imported"
        if self.needs_review:
            text += f" ({self.needs_review} to review)"
        text += f", {self.merged} merged, {self.left_out} left out"
        if self.links:
            text += f"; {len(self.links)} link{'s' if len(self.links) != 1 else ''}"
        if self.documents:
            text += f"; {len(self.documents)} document{'s' if len(self.documents) != 1 else ''} added"
        if self.moved:
            text += f"; {self.moved} placed by their quote"
        return text + "."


def ids_in(column, ids: list[str]):
    """``column IN (ids)`` for any number of ids (one JSON parameter, not one host parameter each)."""
    return column.in_(select(literal_column("value", String)).select_from(json_values(json.dumps(ids))))


#: The record columns of an annotation with nothing recorded (every row inserted has every key).
_EMPTY_RECORD: dict[str, Any] = {
    "claim_date": None,
    "claim_date_precision": None,
    "attribution": None,
    "rating_text": "",
    "rating_value": None,
    "rating_best": None,
    "rating_worst": None,
    "note": "",
}


@dataclass
class _State:
    documents: dict[str, str] = field(default_factory=dict)  # bundle key → document id
    texts: dict[str, str] = field(default_factory=dict)  # document id → text
    labels: dict[str, str] = field(default_factory=dict)  # name key → label id
    matters: dict[str, str] = field(default_factory=dict)  # bundle key → matter id
    created: dict[str, list[str]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    matched: int = 0
    moved: int = 0
    review: list[str] = field(default_factory=list)
    merged: int = 0
    noted: list[tuple[str, str]] = field(default_factory=list)
    #: The file's annotation id → the project's, for links to annotations merged into existing ones.
    alias: dict[str, str] = field(default_factory=dict)
    new_notes: dict[str, str] = field(default_factory=dict)
    new_documents: list[dict[str, Any]] = field(default_factory=list)
    new_versions: list[dict[str, Any]] = field(default_factory=list)
    #: Each distinct verdict and label name of the file, resolved once.
    verdicts: dict[str, str] = field(default_factory=dict)
    label_ids: dict[str, str] = field(default_factory=dict)
    #: Document id → (start, end) → the annotations there: [label id, id, note, row or None].
    spans: dict[str, dict[tuple[int, int], list[list]]] = field(default_factory=dict)

    def add(self, kind: str, item_id: str) -> None:
        self.created.setdefault(kind, []).append(item_id)


class BundleWriter:
    """Writes one ExchangeBundle within the caller's transaction (nothing is committed here)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def apply(self, bundle: ExchangeBundle) -> ImportReport:
        state = _State(skipped=list(bundle.problems))
        for document in bundle.documents:
            self._document(document, state, bundle.format)
        if state.new_documents:
            connection = self._session.connection()
            connection.execute(insert(Document.__table__), state.new_documents)
            connection.execute(insert(DocumentVersion.__table__), state.new_versions)
        self._labels(bundle, state)
        self._matters(bundle, state)
        self._annotations(bundle, state)
        self._links(bundle, state)
        created = state.created
        return ImportReport(
            format=bundle.format,
            annotations=tuple(created.get("annotation", ())),
            links=tuple(created.get("link", ())),
            documents=tuple(created.get("document", ())),
            labels=tuple(created.get("label", ())),
            claimants=tuple(created.get("claimant", ())),
            matters=tuple(created.get("matter", ())),
            matched_documents=state.matched,
            moved=state.moved,
            needs_review=len(state.review),
            skipped=tuple(state.skipped),
            merged=state.merged,
            noted=tuple(state.noted),
            review=tuple(state.review),
        )

    # --- documents, labels, matters -----------------------------------------------------------------

    def _document(self, document: ExchangeDocument, state: _State, source_format: str) -> None:
        session = self._session
        if document.text is None:
            found = None
            if is_guid(document.key):
                found = session.scalar(select(Document.id).where(Document.id == document.key.lower()))
            if found is None and document.url:
                urls = {document.url.strip(), safe_uri(document.url)}
                found = session.scalar(
                    select(Document.id).where(Document.url.in_(urls)).order_by(Document.id)
                )
            if found is None:
                state.skipped.append(
                    f"The document {document.url or document.key} is not in the project: "
                    "import it first; its annotations were left out."
                )
                return
            state.matched += 1
            state.documents[document.key] = found
            return
        try:
            text = document.text if document.canonical and document.text else canonical_text(document.text)
        except BadInputError:
            state.skipped.append(f"“{document.title or document.key}” has no text; it was left out.")
            return
        digest = text_sha256(text)
        # The same text already in the project is that document (its own id first), unless another source
        # of this file took it already (a file may hold the same text twice, as separate documents).
        taken = list(state.documents.values())
        found = session.scalar(
            select(Document.id)
            .where(Document.text_sha256 == digest, Document.id.not_in(taken))
            .order_by(Document.id != document.key, Document.id)
        )
        if found is not None:
            state.matched += 1
            state.documents[document.key] = found
            state.texts[found] = text
            return
        document_id = document.key.lower() if is_guid(document.key) else new_id()
        if (
            document_id in state.texts
            or session.scalar(select(Document.id).where(Document.id == document_id)) is not None
        ):
            document_id = new_id()
        now = utc_now()
        values = {
            "id": document_id,
            "title": (document.title or text.split("\n", 1)[0].strip()[:200])[:500],
            "outlet": document.outlet[:300],
            "author": document.author[:300],
            "url": document.url[:2000],
            "published_at": document.published_at,
            "published_day": published_day(document.published_at),
            "imported_at": now,
            "text": text,
            "text_sha256": digest,
            "source_format": source_format,
            "source_name": document.source_name[:500],
            "current_version": 1,
        }
        state.new_documents.append(values)  # inserted together, after the loop (one executemany)
        state.new_versions.append(
            {
                "id": new_id(),
                "document_id": document_id,
                "number": 1,
                "text": text,
                "text_sha256": digest,
                "original": None,
                "source_format": source_format,
                "source_name": document.source_name[:500],
                "imported_at": now,
                "note": f"Imported from a {source_format} file.",
            }
        )
        state.add("document", document_id)
        state.documents[document.key] = document_id
        state.texts[document_id] = text

    def _labels(self, bundle: ExchangeBundle, state: _State) -> None:
        session = self._session
        for label_id, name in session.execute(select(Label.id, Label.name)):
            state.labels[name_key(name)] = label_id
        used = {label.upper() for (label,) in session.execute(select(Label.color))}
        position = session.scalar(select(func.max(Label.position))) or 0
        for raw_name, color in bundle.labels.items():
            try:
                name = clean_name(raw_name)
            except BadInputError:
                continue
            if name_key(name) in state.labels:
                continue
            try:
                color = clean_color(color) if color else ""
            except BadInputError:
                color = ""
            if not color:
                color = next((c for c in OKABE_ITO if c not in used), OKABE_ITO[len(used) % len(OKABE_ITO)])
            used.add(color)
            position += 1
            label_id = new_id()
            session.execute(
                insert(Label).values(
                    id=label_id, name=name, color=color, shortcut="", builtin=False, position=position
                )
            )
            state.labels[name_key(name)] = label_id
            state.add("label", label_id)

    def _matters(self, bundle: ExchangeBundle, state: _State) -> None:
        session = self._session
        by_name = {
            name_key(name): matter_id for matter_id, name in session.execute(select(Matter.id, Matter.name))
        }
        existing = set(by_name.values())
        for matter in bundle.matters:
            name = " ".join(matter.name.split())[:300]
            if matter.key in existing:
                state.matters[matter.key] = matter.key
            elif name and name_key(name) in by_name:
                state.matters[matter.key] = by_name[name_key(name)]
            elif name:
                matter_id = matter.key if is_guid(matter.key) else new_id()
                session.execute(
                    insert(Matter).values(
                        id=matter_id, name=name, description=matter.description.strip(), created_at=utc_now()
                    )
                )
                by_name[name_key(name)] = matter_id
                existing.add(matter_id)
                state.matters[matter.key] = matter_id
                state.add("matter", matter_id)

    # --- annotations and links -------------------------------------------------------------------------

    def _annotations(self, bundle: ExchangeBundle, state: _State) -> None:
        session = self._session
        wanted = [a.id for a in bundle.annotations if a.id]
        taken = set()
        for start in range(0, len(wanted), 5000):
            taken.update(
                session.scalars(
                    select(Annotation.id).where(ids_in(Annotation.id, wanted[start : start + 5000]))
                )
            )
        claimants = {name_key(n): i for i, n in session.execute(select(Claimant.id, Claimant.name))}
        rows: list[dict[str, Any]] = []
        members: list[dict[str, str]] = []
        for annotation in bundle.annotations:
            values = self._annotation(annotation, state, taken, claimants)
            if values is None:
                continue
            taken.add(values["id"])
            if annotation.id:
                state.alias[annotation.id] = values["id"]
            if values["anchor_status"] == AnchorStatus.NEEDS_REVIEW.value:
                state.review.append(values["id"])
            rows.append(values)
            for key in annotation.matter_keys:
                if key in state.matters:
                    members.append({"matter_id": state.matters[key], "annotation_id": values["id"]})
            state.add("annotation", values["id"])
        connection = session.connection()
        _insert_many(connection, Annotation.__table__, rows)
        if members:
            connection.execute(insert(MatterMember.__table__), members)
        for annotation_id, note in state.new_notes.items():
            session.execute(update(Annotation).where(Annotation.id == annotation_id).values(note=note))

    def _text(self, document_id: str, state: _State) -> str:
        if document_id not in state.texts:
            state.texts[document_id] = self._session.scalar(
                select(Document.text).where(Document.id == document_id)
            )
        return state.texts[document_id]

    def _annotation(
        self, a: ExchangeAnnotation, state: _State, taken: set[str], claimants: dict[str, str]
    ) -> dict[str, Any] | None:
        name = f"“{_short(a.quote)}”"
        document_id = state.documents.get(a.document_key)
        if document_id is None:
            return None  # its document was reported already
        if a.id and a.id in taken:
            state.merged += 1  # the same annotation (its own id): already in the project
            state.alias[a.id] = a.id
            return None
        if not a.quote.strip():
            state.skipped.append(f"An annotation of {a.document_key} has no quote; it was left out.")
            return None
        text = self._text(document_id, state)
        status, confidence = AnchorStatus.ANCHORED.value, 1.0
        start, end = a.start, a.end
        if not (0 <= start < end <= len(text) and text[start:end] == a.quote):
            guess = max(0, min(start, len(text)))
            placement = reanchor(text, [Anchor(guess, guess + len(a.quote), a.quote, a.prefix, a.suffix)])[0]
            if placement.status is AnchorStatus.ORPHANED or placement.start is None or placement.end is None:
                if a.review_if_unplaced and 0 <= start < end <= len(text):
                    status, confidence = (
                        AnchorStatus.NEEDS_REVIEW.value,
                        0.0,
                    )  # at the file's own positions: check it
                else:
                    state.skipped.append(f"{name} was not found in its document; it was left out.")
                    return None
            else:
                start, end = placement.start, placement.end
                if placement.status is AnchorStatus.NEEDS_REVIEW:
                    status, confidence = AnchorStatus.NEEDS_REVIEW.value, placement.confidence
                else:
                    state.moved += 1
        label_id = state.label_ids.get(a.label)
        if label_id is None:
            label_id = state.label_ids[a.label] = state.labels.get(name_key(a.label)) or state.labels.get(
                name_key(BUILTIN_CLAIM)
            )
        if self._merge(a, document_id, start, end, label_id, state):
            return None
        fields: dict[str, Any] = {
            key: value
            for key, value in (
                ("claim_date", a.claim_date),
                ("attribution", a.attribution),
                ("rating_text", a.rating_text),
                ("rating_value", a.rating_value),
                ("rating_best", a.rating_best),
                ("rating_worst", a.rating_worst),
                ("note", a.note),
            )
            if value  # only what is set is checked (100k empty notes cost a regex each)
        }
        verdict = state.verdicts.get(a.verdict)
        if verdict is None:
            try:
                verdict = str(parse_choice(Verdict, a.verdict or "unverified", "verdict"))
            except BadInputError:
                verdict = ""
            state.verdicts[a.verdict] = verdict
        if not verdict:  # not a verdict factcheck knows: kept as the rating in words
            verdict = str(Verdict.UNVERIFIED)
            fields["rating_text"] = fields.get("rating_text") or a.verdict
        try:
            values = {**_EMPTY_RECORD, **record_values(fields)} if fields else _EMPTY_RECORD
            claimant_id = self._claimant(a.claimant, state, claimants)
        except BadInputError as exc:
            state.skipped.append(f"{name}: {exc} It was left out.")
            return None
        prefix, suffix = context(text, start, end)
        created = a.created_at or utc_now()
        row = {
            "id": a.id or new_id(),
            "document_id": document_id,
            "label_id": label_id,
            "start": start,
            "end": end,
            "quote": text[start:end],
            "prefix": prefix,
            "suffix": suffix,
            "annotator": a.annotator[:200],
            "created_at": created,
            "updated_at": max(a.updated_at or created, created),
            "anchor_status": status,
            "anchor_confidence": confidence,
            "claimant_id": claimant_id,
            "verdict": verdict,
            **values,
        }
        state.spans[document_id].setdefault((start, end), []).append([label_id, row["id"], row["note"], row])
        return row

    def _merge(
        self, a: ExchangeAnnotation, document_id: str, start: int, end: int, label_id: str, state: _State
    ) -> bool:
        """True when the project (or this file, earlier) has the annotation already: the same passage with
        the same label, or any annotation on the passage for a note on its own. Its empty note is filled."""
        spans = state.spans.get(document_id)
        if spans is None:
            spans = state.spans[document_id] = {}
            for s, e, label, annotation_id, note in self._session.execute(
                select(
                    Annotation.start, Annotation.end, Annotation.label_id, Annotation.id, Annotation.note
                ).where(Annotation.document_id == document_id)
            ):
                spans.setdefault((s, e), []).append([label, annotation_id, note, None])
        here = spans.get((start, end), [])
        # Two annotations of the file on one passage stay two (the file's tool folded what it meant to).
        entry = next((e for e in here if a.note_only or (e[0] == label_id and e[3] is None)), None)
        if entry is None:
            return False
        state.merged += 1
        if a.id:
            state.alias[a.id] = entry[1]
        note = a.note.strip()
        if note and note not in entry[2]:
            if entry[3] is not None:  # created by this import: not in the database yet
                entry[3]["note"] = entry[2] = f"{entry[2]}\n\n{note}" if entry[2] else note
            elif not entry[2]:
                state.noted.append((entry[1], entry[2]))
                entry[2] = state.new_notes[entry[1]] = note
        return True

    def _claimant(self, name: str, state: _State, claimants: dict[str, str]) -> str | None:
        key = name_key(name or "")
        if not key:
            return None
        if key in claimants:
            return claimants[key]
        claimant_id = claimant_for(self._session, name)
        if claimant_id is not None:
            claimants[key] = claimant_id
            state.add("claimant", claimant_id)
        return claimant_id

    def _links(self, bundle: ExchangeBundle, state: _State) -> None:
        session = self._session
        alias = state.alias
        bundle_links = [
            replace(
                link,
                source_id=alias.get(link.source_id, link.source_id),
                target_id=alias.get(link.target_id, link.target_id),
            )
            for link in bundle.links
        ]
        ends = list({end for link in bundle_links for end in (link.source_id, link.target_id)})
        present: set[str] = set()
        for start in range(0, len(ends), 5000):
            present.update(
                session.scalars(
                    select(Annotation.id).where(ids_in(Annotation.id, ends[start : start + 5000]))
                )
            )
        existing = {
            (s, t, r)
            for s, t, r in session.execute(
                select(AnnotationLink.source_id, AnnotationLink.target_id, AnnotationLink.relation).where(
                    ids_in(AnnotationLink.source_id, ends)
                )
            )
        }
        link_ids = set(
            session.scalars(
                select(AnnotationLink.id).where(
                    ids_in(AnnotationLink.id, [k.id for k in bundle_links if k.id])
                )
            )
        )
        rows = []
        for link in bundle_links:
            try:
                relation = str(parse_choice(LinkRelation, link.relation, "link"))
            except BadInputError:
                state.skipped.append(f"A link of kind {link.relation!r} cannot be imported; it was left out.")
                continue
            if (
                link.source_id not in present
                or link.target_id not in present
                or link.source_id == link.target_id
            ):
                state.skipped.append(
                    f"A link ({relation}) between annotations not in the project was left out."
                )
                continue
            if (link.source_id, link.target_id, relation) in existing:
                continue
            link_id = link.id if link.id and link.id not in link_ids else new_id()
            link_ids.add(link_id)
            existing.add((link.source_id, link.target_id, relation))
            rows.append(
                {
                    "id": link_id,
                    "source_id": link.source_id,
                    "target_id": link.target_id,
                    "relation": relation,
                    "created_at": link.created_at or utc_now(),
                }
            )
            state.add("link", link_id)
        if rows:
            session.connection().execute(insert(AnnotationLink.__table__), rows)

    # --- undo -----------------------------------------------------------------------------------------

    def undo(self, report: ImportReport) -> None:
        session = self._session
        for annotation_id, note in report.noted:
            session.execute(update(Annotation).where(Annotation.id == annotation_id).values(note=note))
        for ids, model in (
            (report.links, AnnotationLink),
            (report.annotations, Annotation),
            (report.matters, Matter),
        ):
            for start in range(0, len(ids), 5000):
                session.execute(delete(model).where(ids_in(model.id, list(ids[start : start + 5000]))))
        for claimant_id in report.claimants:
            if (
                session.scalar(select(Annotation.id).where(Annotation.claimant_id == claimant_id).limit(1))
                is None
            ):
                session.execute(delete(Claimant).where(Claimant.id == claimant_id))
        for document_id in report.documents:
            session.execute(delete(Annotation).where(Annotation.document_id == document_id))
            session.execute(delete(DocumentVersion).where(DocumentVersion.document_id == document_id))
            session.execute(delete(Document).where(Document.id == document_id))
        for label_id in report.labels:
            if session.scalar(select(Annotation.id).where(Annotation.label_id == label_id).limit(1)) is None:
                session.execute(delete(Label).where(Label.id == label_id))


def _stored_time(value: datetime) -> str:
    """A time as SQLAlchemy's SQLite DateTime stores it (UTC, 'YYYY-MM-DD HH:MM:SS.ffffff')."""
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None).isoformat(" ", "microseconds")


def _insert_many(connection, table, rows: list[dict[str, Any]]) -> None:
    """Insert rows that all have the same keys: on SQLite one executemany on the driver per 5,000 rows.

    Neither the ORM's bulk insert (it splits rows by which values are None: one statement a row, 20 s for
    100k annotations) nor Core's (a parameter dict processed per row) but the driver's own loop; the
    timestamps are written as SQLAlchemy writes them, a column left out gets its plain default. Other
    databases (and a column whose default must be computed) take Core's executemany."""
    if not rows:
        return
    names = list(rows[0])
    defaults = {}
    for column in table.columns:
        if column.name in names or column.server_default is not None:
            continue
        if column.default is not None and column.default.is_scalar:
            defaults[column.name] = column.default.arg
        elif column.default is not None or not column.nullable:
            connection.execute(insert(table), rows)  # a default to compute: Core does it
            return
    if connection.dialect.name != "sqlite":
        connection.execute(insert(table), rows)
        return
    times = {i for i, name in enumerate(names) if isinstance(table.c[name].type, UTCDateTime)}
    quote = connection.dialect.identifier_preparer.quote
    columns = names + list(defaults)
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in columns)}) "
        f"VALUES ({', '.join('?' * len(columns))})"
    )
    constants = list(defaults.values())
    cursor = connection.connection.driver_connection.cursor()
    try:
        for start in range(0, len(rows), 5000):
            batch = [
                [
                    (_stored_time(v) if i in times and v is not None else v)
                    for i, v in enumerate([row[name] for name in names])
                ]
                + constants
                for row in rows[start : start + 5000]
            ]
            cursor.executemany(sql, batch)
    finally:
        cursor.close()


def _short(quote: str, limit: int = 40) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"
