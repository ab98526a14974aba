"""What the exporters read (records streamed by the services) and what the importers of the exchange
formats produce (an ExchangeBundle the services apply); plain data, no database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple, Protocol


class AnnotationRecord(NamedTuple):
    """One annotation as an export reads it, in this column order.

    The services select exactly these columns (a SQLAlchemy Row is used as is, no copy). The document,
    label and claimant are ids: exporters look them up in ``documents()``, ``labels()`` and
    ``claimants()`` (a few rows each, instead of a join repeated on every annotation). Timestamps are
    ISO 8601 UTC strings or datetimes, see :func:`iso_timestamp`. ``matters``, ``links_out`` and
    ``links_in`` are None: an exporter reads them once with ``matter_map()`` and ``links()``.
    """

    id: str
    document_id: str
    label_id: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    claimant_id: str | None
    claim_date: str | None
    claim_date_precision: str | None
    attribution: str | None
    verdict: str
    rating_text: str
    rating_value: float | None
    rating_best: float | None
    rating_worst: float | None
    matters: str | None
    links_out: str | None
    links_in: str | None
    note: str
    annotator: str
    created_at: str | datetime
    updated_at: str | datetime
    anchor_status: str


class DocumentRecord(NamedTuple):
    id: str
    title: str
    outlet: str
    author: str
    url: str
    published_at: str | datetime | None
    source_name: str
    imported_at: str | datetime
    #: The day the article bears where it was published ('YYYY-MM-DD'), or None.
    published_day: str | None = None


class LabelRecord(NamedTuple):
    id: str
    name: str
    color: str


class LinkRecord(NamedTuple):
    """``source_id`` disputes / supports / repeats ``target_id``, with both quotes and documents."""

    id: str
    source_id: str
    relation: str
    target_id: str
    created_at: str | datetime
    source_quote: str
    target_quote: str
    source_document: str
    target_document: str


class MatterRecord(NamedTuple):
    id: str
    name: str
    description: str


class ClaimantRecord(NamedTuple):
    id: str
    name: str


class ExportSource(Protocol):
    """What an export reads: the annotations of one scope, streamed, and what they refer to."""

    project_name: str

    def count(self) -> int:
        """The number of annotations in the scope."""
        ...

    def annotations(self) -> Iterator[AnnotationRecord]:
        """The annotations of the scope by document, then start."""
        ...

    def annotation_tuples(self) -> Iterator[tuple]:
        """The same, as plain tuples in AnnotationRecord's field order (faster: for the CSV)."""
        ...

    def documents(self) -> Iterator[DocumentRecord]:
        """The documents that hold annotations of the scope (for a document scope: that document)."""
        ...

    def documents_by_id(self) -> dict[str, DocumentRecord]: ...

    def document_text(self, document_id: str) -> str: ...

    def labels(self) -> list[LabelRecord]: ...

    def matters(self) -> list[MatterRecord]: ...

    def matter_map(self) -> dict[str, list[str]]:
        """The matter ids (sorted) of each annotation of the scope that is in a matter."""
        ...

    def claimants(self) -> list[ClaimantRecord]: ...

    def links(self, *, both_ends: bool, quote_chars: int | None = None) -> Iterator[LinkRecord]:
        """Links touching the scope's annotations (with ``both_ends``, only those inside the scope); with
        ``quote_chars``, the quotes cut to that many characters."""
        ...

    def link_count(self, *, both_ends: bool) -> int: ...

    def document_count(self) -> int: ...

    def annotators(self) -> list[str]:
        """Who made the scope's annotations, by name."""
        ...

    def repeat_links(self) -> Iterator[tuple[str, str]]:
        """(source id, target id) of every 'repeats' link in the project."""
        ...

    def appearances(self, annotation_ids: list[str]) -> list[tuple]:
        """(annotation id, document url, title, outlet, published_at, stored claim date) of these."""
        ...

    def case_members(self) -> Iterator[tuple[str, str, str]]:
        """('claimant' or 'matter', its id, annotation id) for the scope, grouped by claimant or matter."""
        ...


# --- Reading timestamps and numbers back ----------------------------------------------------------


def iso_timestamp(value: str | datetime | None) -> str:
    """A stored UTC time as ISO 8601 with microseconds and 'Z' ('' for None).

    Stored strings ('2021-12-09 14:03:00.000000') are rewritten without parsing (100k rows stay fast)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if len(value) == 26 and value[10] == " ":
        return f"{value[:10]}T{value[11:]}Z"
    if len(value) == 27 and value[10] == "T" and value[26] == "Z":
        return value
    return iso_timestamp(parse_timestamp(value))


def parse_timestamp(value: str) -> datetime:
    """An ISO 8601 time ('Z' or an offset; no zone means UTC) as an aware datetime; ValueError if not."""
    text = value.strip()
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def format_number(value: float | None) -> str:
    """A rating as the shortest text that reads back as the same float ('3' for 3.0; '' for None)."""
    if value is None:
        return ""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


# --- What the importers of exchange formats produce -------------------------------------------------


@dataclass
class ExchangeDocument:
    """A document named by an exchange file. ``text`` is None when the file only points at it (W3C)."""

    key: str
    title: str = ""
    outlet: str = ""
    author: str = ""
    url: str = ""
    published_at: datetime | None = None
    text: str | None = None
    source_name: str = ""
    #: ``text`` is canonical already (normalised by the reader): not normalised again.
    canonical: bool = False


@dataclass
class ExchangeAnnotation:
    """An annotation read from an exchange file; offsets are code points into its document's text
    (for a document with ``text``, into that text; else into the project's copy)."""

    id: str | None
    document_key: str
    label: str
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""
    annotator: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    claimant: str = ""
    claim_date: str | None = None
    attribution: str | None = None
    verdict: str = "unverified"
    rating_text: str = ""
    rating_value: float | None = None
    rating_best: float | None = None
    rating_worst: float | None = None
    note: str = ""
    matter_keys: tuple[str, ...] = ()
    #: When neither the position nor the quote finds it: import it at its position, marked for review
    #: (REFI-QDA: the tool's positions are all there is), instead of leaving it out.
    review_if_unplaced: bool = False
    #: Only a note on a passage (another tool's annotation): it becomes the note of an annotation the
    #: project has on the same span, else an annotation of its own.
    note_only: bool = False


@dataclass
class ExchangeLink:
    id: str | None
    source_id: str
    relation: str
    target_id: str
    created_at: datetime | None = None


@dataclass
class ExchangeMatter:
    key: str
    name: str
    description: str = ""


@dataclass
class ExchangeBundle:
    """Everything one exchange file holds, and what could not be read from it (one sentence each)."""

    format: str
    documents: list[ExchangeDocument] = field(default_factory=list)
    annotations: list[ExchangeAnnotation] = field(default_factory=list)
    links: list[ExchangeLink] = field(default_factory=list)
    #: Label names with their colour ('' when the file gives none), in the file's order.
    labels: dict[str, str] = field(default_factory=dict)
    matters: list[ExchangeMatter] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
