"""Plain data passed between layers: DTOs, enums, limits and the one error type users see; no I/O."""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

#: Largest file (or download) an importer accepts, in bytes.
MAX_IMPORT_BYTES = 50 * 1024 * 1024
#: Longest text an import may produce, in characters (what a 50 MB plain-text file can hold).
MAX_TEXT_CHARS = 50 * 1024 * 1024
#: Characters of context kept on each side of an annotation, for re-anchoring.
CONTEXT_CHARS = 32

#: The colour-blind-safe palette new labels take their colours from (Okabe & Ito), in order.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#F0E442", "#0072B2", "#D55E00")

BUILTIN_CLAIM = "claim"
BUILTIN_COUNTERCLAIM = "counterclaim"


class FactcheckError(Exception):
    """A problem the user can understand and fix; the message is one plain sentence."""


class BadInputError(FactcheckError):
    """The input (a file, a quote, an id, an option) cannot be used; nothing was written."""


class ProjectError(FactcheckError):
    """The project file cannot be opened or written (not a project, corrupt, newer, read-only, locked)."""


#: The lines of SQLite's integrity check that blame an index alone (the table's rows are intact).
_INDEX_ONLY = re.compile(
    r"^(wrong # of entries in index \S+|row \d+ missing from index \S+|non-unique entry in index \S+)$"
)


class DamagedProjectError(ProjectError):
    """The project file fails SQLite's checks. ``problems`` are what they said; ``backups`` the whole copies
    found beside it, oldest first. Nothing was written to it (see factcheck.services.repair)."""

    def __init__(self, path, problems: Sequence[str], backups: Sequence = ()) -> None:
        self.path = path
        self.problems = tuple(problems)
        self.backups = tuple(backups)
        what = self.problems[0] if self.problems else "it cannot be read"
        if len(self.problems) > 1:
            what += f"; and {len(self.problems) - 1} more"
        if self.indexes_only:
            offer = "only its indexes are wrong, which `factcheck repair` rebuilds from the data"
        elif self.backups:
            offer = (
                f"the latest backup is {self.backups[-1].name}; `factcheck repair --restore` puts it in "
                "place (the damaged file is kept)"
            )
        else:
            offer = "no backup of it was found beside it"
        super().__init__(f"{path.name} is damaged ({what}): {offer}. It was left untouched.")

    @property
    def indexes_only(self) -> bool:
        """True when only indexes disagree with their tables: REINDEX rebuilds them, nothing is lost."""
        return bool(self.problems) and all(_INDEX_ONLY.match(p) for p in self.problems)


class ConnectionLostError(ProjectError):
    """The database server went away or cannot be reached; the change in hand was not saved."""


class NotFoundError(BadInputError):
    """An id names nothing in the project."""


class ImportCancelled(BadInputError):
    """The user cancelled an import; nothing was written."""

    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was written.")


class ConcurrentEditError(BadInputError):
    """Another window or program changed the row since the version an edit (or undo) was based on; nothing
    was written. ``current`` holds the row as it is now (a DTO, or a list of them), for the view to reload."""

    def __init__(self, what: str, current: object = None, message: str | None = None) -> None:
        super().__init__(
            message or f"{what} was changed in another window — reloaded; apply your change again?"
        )
        self.current = current


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range of Unicode code points [start, end) in a document's canonical text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise BadInputError(f"Invalid span {self.start}–{self.end}.")

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class ImportedDocument:
    """What an importer produces: canonical text plus whatever metadata it could find."""

    text: str
    source_format: str
    source_name: str = ""
    title: str = ""
    outlet: str = ""
    author: str = ""
    url: str = ""
    published_at: datetime | None = None
    original: bytes = b""
    notes: tuple[str, ...] = ()


class Verdict(StrEnum):
    """How far the evidence supports a claim (maps to ClaimReview's reviewRating.alternateName)."""

    UNVERIFIED = "unverified"
    SUPPORTED = "supported"
    MOSTLY_SUPPORTED = "mostly_supported"
    MIXED = "mixed"
    MISLEADING = "misleading"
    UNSUPPORTED = "unsupported"
    FALSE = "false"
    UNPROVABLE = "unprovable"

    @property
    def title(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Attribution(StrEnum):
    """How the article attributes the claim to its claimant."""

    DIRECT_QUOTE = "direct_quote"
    PARAPHRASE = "paraphrase"
    UNATTRIBUTED = "unattributed"

    @property
    def title(self) -> str:
        return {"direct_quote": "Direct quote", "paraphrase": "Paraphrase", "unattributed": "Unattributed"}[
            self.value
        ]


class LinkRelation(StrEnum):
    """What the link's source annotation does to its target."""

    DISPUTES = "disputes"
    SUPPORTS = "supports"
    REPEATS = "repeats"

    @property
    def inverse(self) -> str:
        """The relation read from the target's side: "disputed by", "supported by", "repeated by"."""
        return {"disputes": "disputed by", "supports": "supported by", "repeats": "repeated by"}[self.value]


class AnchorStatus(StrEnum):
    """What re-anchoring made of one annotation."""

    #: Same offsets, same quote, context still agrees.
    ANCHORED = "anchored"
    #: The exact quote, at other offsets.
    MOVED = "moved"
    #: A best guess a person must confirm: the quote changed, or several places fit equally.
    NEEDS_REVIEW = "needs_review"
    #: Nothing plausible found; start and end are None.
    ORPHANED = "orphaned"


class DatePrecision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


def parse_choice[E: StrEnum](enum: type[E], value: str | E, what: str) -> E:
    """``value`` as a member of ``enum``; spaces, hyphens and case are forgiven ("Mostly supported")."""
    if isinstance(value, enum):
        return value
    key = "_".join(str(value).strip().lower().replace("-", " ").split())
    try:
        return enum(key)
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        raise BadInputError(f"{value!r} is not a {what}; choose one of: {choices}.") from None


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, slots=True)
class ClaimDate:
    """When a claim was made: a year, a month or a day (ISO 8601 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD')."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise BadInputError(f"{self.year} is not a year factcheck can store (1–9999).")
        if self.month is None:
            if self.day is not None:
                raise BadInputError("A claim date with a day needs a month too.")
            return
        if not 1 <= self.month <= 12:
            raise BadInputError(f"There is no month {self.month}; months run from 01 to 12.")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise BadInputError(
                    f"There is no {_MONTHS[self.month - 1]} {self.day}, {self.year}: "
                    f"that month has {last} days."
                )

    @classmethod
    def parse(cls, text: str) -> ClaimDate:
        """Parse 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; raises BadInputError with the reason."""
        match = _CLAIM_DATE.fullmatch(str(text).strip())
        if match is None:
            raise BadInputError(
                f"{text!r} is not a claim date; write a year, a month or a day: 2021, 2021-10 or 2021-10-07."
            )
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    @classmethod
    def from_date(cls, value: date) -> ClaimDate:
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> DatePrecision:
        if self.month is None:
            return DatePrecision.YEAR
        return DatePrecision.MONTH if self.day is None else DatePrecision.DAY

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        if self.month is None:
            return date(self.year, 12, 31)
        if self.day is None:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, self.month, self.day)

    def is_future(self, today: date | None = None) -> bool:
        """True when the whole period lies after ``today`` (a month that has begun is not future)."""
        return self.first_day() > (today or date.today())

    def sort_key(self) -> tuple[date, date]:
        return self.first_day(), self.last_day()

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def display(self) -> str:
        """For people: '2021', 'October 2021', '7 October 2021'."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{_MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {_MONTHS[self.month - 1]} {self.year}"


_CLAIM_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)


def name_key(name: str) -> str:
    """How names are compared: case-folded, whitespace collapsed ("Crew  Members" = "crew members")."""
    return " ".join(name.casefold().split())


def sort_key(name: str) -> tuple[str, str]:
    """How names are listed: accents set aside ("Élodie" between "Eliza" and "Emma"), then case-folded."""
    key = name_key(name)
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", key) if not unicodedata.combining(ch))
    return bare, key


@dataclass(frozen=True, slots=True)
class LabelRow:
    id: str
    name: str
    color: str
    shortcut: str
    builtin: bool
    position: int
    #: Bumped by every change; an edit names the version it was based on (optimistic concurrency).
    version: int = 1


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A document as listed: metadata without its text."""

    id: str
    title: str
    outlet: str
    author: str
    url: str
    published_at: datetime | None
    imported_at: datetime
    source_format: str
    source_name: str
    text_sha256: str
    annotation_count: int = 0
    claim_count: int = 0
    counterclaim_count: int = 0
    #: 'YYYY-MM-DD' as the article bears it (its own time zone); published_at is the instant.
    published_day: str | None = None
    #: Bumped by every change to the document's row (properties, a new version).
    version: int = 1


@dataclass(slots=True)
class AnnotationRow:
    """One highlight: offsets are code points into the document's canonical text.

    Treated as immutable (use dataclasses.replace) but not frozen: a frozen __init__ of these 31 fields
    costs ten times as much, 60 ms for a 10k-highlight document.
    """

    def __hash__(self) -> int:
        return hash(self.id)

    id: str
    document_id: str
    label_id: str
    label_name: str
    label_color: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    annotator: str
    created_at: datetime
    updated_at: datetime
    #: anchored | moved | needs_review | orphaned — how it sits on the document's current text.
    anchor_status: str = "anchored"
    anchor_confidence: float = 1.0
    #: False for list previews: the quote (and the note) are cut and prefix/suffix are empty.
    complete: bool = True
    # The fact-checker's record (issue 4); every field has a default so older call sites keep working.
    claimant_id: str | None = None
    claimant_name: str = ""
    #: As stored: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', or None for "the document's publication date".
    claim_date: str | None = None
    claim_date_precision: DatePrecision | None = None
    #: True when no claim date is stored and the publication date stands in (see effective_claim_date).
    claim_date_is_default: bool = True
    #: The document's publication date (its UTC calendar day, 'YYYY-MM-DD'), or None when undated.
    document_date: str | None = None
    attribution: Attribution | None = None
    verdict: Verdict = Verdict.UNVERIFIED
    rating_text: str = ""
    rating_value: float | None = None
    rating_best: float | None = None
    rating_worst: float | None = None
    #: Markdown source.
    note: str = ""
    #: The matters this annotation belongs to.
    matter_ids: tuple[str, ...] = ()
    #: Who last changed its label or record ('' when not known: made before this was kept).
    updated_by: str = ""
    #: True in the adjudicated layer (a reviewer's decision; ``annotator`` is who decided).
    adjudicated: bool = False
    #: Bumped by every change to the stored row; an edit names the version it was based on.
    version: int = 1

    @property
    def placed(self) -> bool:
        """True when the span marks this quote in the current text (not orphaned)."""
        return self.anchor_status != AnchorStatus.ORPHANED

    @property
    def effective_claim_date(self) -> ClaimDate | None:
        """The claim date, or the document's publication date (day precision) when none is stored."""
        if self.claim_date is not None:
            return ClaimDate.parse(self.claim_date)
        if self.document_date is not None:
            return ClaimDate.parse(self.document_date)
        return None


@dataclass(frozen=True, slots=True)
class VersionRow:
    id: str
    document_id: str
    number: int
    text_sha256: str
    source_format: str
    source_name: str
    imported_at: datetime
    note: str
    has_original: bool


@dataclass(frozen=True, slots=True)
class ReanchorReport:
    """What importing a new version did to the document's annotations."""

    document_id: str
    version: int
    anchored: int
    moved: int
    needs_review: int
    orphaned: int

    @property
    def summary(self) -> str:
        parts = [f"{self.anchored} in place", f"{self.moved} moved"]
        if self.needs_review:
            parts.append(f"{self.needs_review} need review")
        if self.orphaned:
            parts.append(f"{self.orphaned} could not be placed")
        return f"Version {self.version}: " + ", ".join(parts) + "."


# --- The fact-checker's record ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimantRow:
    """A speaker: one entity across articles, with the number of annotations attributed to it."""

    id: str
    name: str
    created_at: datetime
    annotation_count: int = 0


@dataclass(frozen=True, slots=True)
class ClaimantMerge:
    """What merging one claimant into another did; undo puts the merged claimant and its annotations back."""

    merged: ClaimantRow
    into: ClaimantRow
    annotation_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LinkRow:
    """A directed link: ``source`` disputes / supports / repeats ``target``."""

    id: str
    source_id: str
    target_id: str
    relation: LinkRelation
    created_at: datetime
    #: Who made the link ('' when made before this was kept).
    annotator: str = ""


@dataclass(frozen=True, slots=True)
class LinkView:
    """A link seen from one annotation, with what the inspector shows of the annotation at the other end."""

    link: LinkRow
    #: True when the annotation asked about is the link's source ("disputes"), False for "disputed by".
    outgoing: bool
    other_id: str
    other_quote: str
    other_document_id: str
    other_document_title: str
    other_label_name: str
    other_label_color: str

    @property
    def phrase(self) -> str:
        """'disputes', 'supports', 'repeats' or 'disputed by', 'supported by', 'repeated by'."""
        return self.link.relation.value if self.outgoing else self.link.relation.inverse


def link_summary(views: Sequence[LinkView]) -> str:
    """'disputes 1, disputed by 2' — the links of one annotation counted by phrase, in a stable order."""
    order = [r.value for r in LinkRelation] + [r.inverse for r in LinkRelation]
    counts = Counter(view.phrase for view in views)
    return ", ".join(f"{phrase} {counts[phrase]}" for phrase in order if counts[phrase])


@dataclass(frozen=True, slots=True)
class Dependents:
    """What goes with an annotation when it is deleted (the UI's warning)."""

    links: int
    matters: int

    @property
    def summary(self) -> str:
        """'2 links, 1 matter' — empty when nothing goes with it."""
        parts = []
        if self.links:
            parts.append(f"{self.links} link{'s' if self.links != 1 else ''}")
        if self.matters:
            parts.append(f"{self.matters} matter{'s' if self.matters != 1 else ''}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class DeletedAnnotation:
    """A deleted annotation with its links and matter memberships: what undo puts back, same ids."""

    row: AnnotationRow
    links: tuple[LinkRow, ...] = ()
    matter_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MatterRow:
    """A matter (claim thread) with what its panel shows: counts and the span of its claim dates."""

    id: str
    name: str
    description: str
    created_at: datetime
    members: int = 0
    claims: int = 0
    counterclaims: int = 0
    articles: int = 0
    #: Earliest and latest effective claim date of its members (None when no member has a date).
    first_date: ClaimDate | None = None
    last_date: ClaimDate | None = None
    #: Bumped by every change to the matter's name or description.
    version: int = 1

    @property
    def date_span(self) -> str:
        if self.first_date is None or self.last_date is None:
            return ""
        if self.first_date == self.last_date:
            return str(self.first_date)
        return f"{self.first_date} – {self.last_date}"


@dataclass(frozen=True, slots=True)
class DeletedMatter:
    """A deleted matter and the annotations that were its members (which were never deleted)."""

    matter: MatterRow
    annotation_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DeletedLabel:
    """A deleted label, and the annotations moved off it: (id, previous updated_at, version after the move),
    for undo."""

    label: LabelRow
    moved_to: str | None
    moved: tuple[tuple[str, datetime, int], ...] = ()


class LayerKind(StrEnum):
    """Whose annotations a view shows: every annotator's, one annotator's, or the adjudicated layer."""

    ALL = "all"
    ANNOTATOR = "annotator"
    ADJUDICATED = "adjudicated"


@dataclass(frozen=True, slots=True)
class Layer:
    """A layer of annotations to view. ``Layer.all()`` (every annotator), ``Layer.of("ana")``,
    ``Layer.adjudicated()``; ``Layer.parse`` reads "all", "adjudicated" or a name (the CLI's --layer)."""

    kind: LayerKind = LayerKind.ALL
    annotator: str = ""

    @classmethod
    def all(cls) -> Layer:
        return cls()

    @classmethod
    def of(cls, annotator: str) -> Layer:
        return cls(LayerKind.ANNOTATOR, annotator)

    @classmethod
    def adjudicated(cls) -> Layer:
        return cls(LayerKind.ADJUDICATED)

    @classmethod
    def parse(cls, text: str) -> Layer:
        value = " ".join(text.split())
        if not value:
            raise BadInputError("Name a layer: all, adjudicated, or an annotator's name.")
        if value.lower() in (LayerKind.ALL, LayerKind.ADJUDICATED):
            return cls(LayerKind(value.lower()))
        return cls.of(value)

    def __str__(self) -> str:
        return self.annotator if self.kind is LayerKind.ANNOTATOR else self.kind.value


class BlindModeError(BadInputError):
    """Blind mode is on and the view asked for would show another annotator's annotations."""


@dataclass(frozen=True, slots=True)
class TeamSettings:
    """The project's team settings: blind coding, and whether adjudication has been opened."""

    blind: bool = False
    adjudication_open: bool = False
    #: Who opened adjudication, and when (for the record).
    adjudication_opened_by: str = ""
    adjudication_opened_at: datetime | None = None
    #: True once any decision has been made (the adjudicated layer exists).
    has_adjudicated_layer: bool = False

    @property
    def blind_active(self) -> bool:
        """True while each annotator may see only their own annotations."""
        return self.blind and not self.adjudication_open

    @property
    def output_layer(self) -> Layer:
        """What exports and timelines show when no layer is asked for: the adjudicated layer once
        adjudication is open, else every annotator's annotations."""
        return Layer.adjudicated() if self.adjudication_open else Layer.all()


@dataclass(frozen=True, slots=True)
class AnnotatorRow:
    """An annotator as ``factcheck annotators`` and the window's filter list them (what the viewer may see)."""

    name: str
    annotations: int
    links: int
    last_edit: datetime | None
    #: True for the one working now.
    is_you: bool = False


@dataclass(frozen=True, slots=True)
class CodedSpan:
    """One annotator's annotation as agreement and adjudication see it."""

    annotator: str
    annotation_id: str
    document_id: str
    start: int
    end: int
    label: str
    #: None when no verdict was recorded ("unverified" counts as not coded).
    verdict: str | None = None
    claimant: str = ""
    #: The quoted text (cut to a few hundred characters).
    quote: str = ""


@dataclass(frozen=True, slots=True)
class Measure:
    """One agreement figure: ``measure<TAB>scope<TAB>value`` on the command line. ``value`` is None where
    the measure is undefined (say, κ when both annotators used a single label throughout)."""

    measure: str
    scope: str
    value: float | None
    #: How many units (or span pairs) it rests on.
    n: int = 0


@dataclass(frozen=True, slots=True)
class UnitView:
    """A unit (a passage and each annotator's span on it) as the agreement window and adjudication show
    it: click-through goes to ``document_id`` at [start, end)."""

    key: str
    document_id: str
    document_title: str
    start: int
    end: int
    spans: tuple[CodedSpan, ...]
    #: What the annotators disagree on: "span" (someone missed it, or the offsets differ), "label",
    #: "verdict", "claimant"; empty when they agree on everything.
    disagreements: tuple[str, ...] = ()
    #: The decision that settled it, if any (see AdjudicationRow).
    decision_id: str | None = None


@dataclass(frozen=True, slots=True)
class AgreementReport:
    scope: str
    annotators: tuple[str, ...]
    units: int
    measures: tuple[Measure, ...]
    #: The units the annotators disagree on, in document and text order.
    disagreements: tuple[UnitView, ...]


@dataclass(frozen=True, slots=True)
class AdjudicationRow:
    """A reviewer's decision on a unit: accept (one annotator's annotation), merge (fields from several),
    own (the reviewer's own annotation) or reject (none: nothing enters the adjudicated layer)."""

    id: str
    document_id: str
    start: int
    end: int
    kind: str
    #: The annotation it put in the adjudicated layer (None for a rejection, or once deleted).
    result_id: str | None
    #: The annotators' annotations it settled.
    source_ids: tuple[str, ...]
    #: Which annotator each field came from, as (field, annotator) pairs (accept and merge).
    choices: tuple[tuple[str, str], ...]
    decided_by: str
    decided_at: datetime


@dataclass(frozen=True, slots=True)
class Decision:
    """What a decision did, with everything undo (remove it) and redo (put it back, same ids) need."""

    row: AdjudicationRow
    #: The adjudicated annotation it made, complete (None for a rejection).
    result: AnnotationRow | None


@dataclass(frozen=True, slots=True)
class Filters:
    """What narrows a search or a document's annotation list. Empty fields do not filter.

    ``labels``, ``claimants`` are ids; ``verdicts`` are Verdict values; ``annotators`` are names. The claim
    date range is inclusive and compares each annotation's effective claim date as a period: a claim dated
    only "2021-10" falls in a range that overlaps October 2021. ``date_from``/``date_to`` may be partial too.
    """

    labels: tuple[str, ...] = ()
    claimants: tuple[str, ...] = ()
    verdicts: tuple[str, ...] = ()
    matter_id: str | None = None
    document_id: str | None = None
    annotators: tuple[str, ...] = ()
    date_from: ClaimDate | None = None
    date_to: ClaimDate | None = None
    #: Whose annotations (None: the service's default; blind mode narrows any layer to your own).
    layer: Layer | None = None

    @property
    def narrows_annotations(self) -> bool:
        """True when a filter applies to annotations only (article text cannot have a label or verdict)."""
        return bool(
            self.labels
            or self.claimants
            or self.verdicts
            or self.matter_id
            or self.annotators
            or self.date_from
            or self.date_to
        )


@dataclass(frozen=True, slots=True)
class Snippet:
    """A match in its context: ``before + match + after`` is a stretch of the searched text."""

    before: str
    match: str
    after: str


@dataclass(frozen=True, slots=True)
class AnnotationHit:
    """An annotation that matched: in its quote, its note or its claimant's name."""

    annotation: AnnotationRow
    #: "quote", "note", "claimant" — or "" when the search had no text and only filters matched.
    field: str
    snippet: Snippet


@dataclass(frozen=True, slots=True)
class TextHit:
    """A match in an article's text; ``start``/``end`` are code points into its canonical text."""

    document_id: str
    document_title: str
    start: int
    end: int
    snippet: Snippet
    #: Annotations whose span overlaps the match.
    annotation_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchResults:
    annotations: list[AnnotationHit]
    texts: list[TextHit]
    #: True when a list was cut at the limit.
    truncated: bool = False
