"""Plain data passed between layers: DTOs, enums, limits and the one error type users see; no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

#: Largest file (or download) an importer accepts, in bytes.
MAX_IMPORT_BYTES = 50 * 1024 * 1024
#: Characters of context kept on each side of an annotation, for re-anchoring.
CONTEXT_CHARS = 32

BUILTIN_CLAIM = "claim"
BUILTIN_COUNTERCLAIM = "counterclaim"


class FactcheckError(Exception):
    """A problem the user can understand and fix; the message is one plain sentence."""


class BadInputError(FactcheckError):
    """The input (a file, a quote, an id, an option) cannot be used; nothing was written."""


class ProjectError(FactcheckError):
    """The project file cannot be opened or written (not a project, corrupt, newer, read-only, locked)."""


class NotFoundError(BadInputError):
    """An id names nothing in the project."""


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


@dataclass(frozen=True, slots=True)
class LabelRow:
    id: str
    name: str
    color: str
    shortcut: str
    builtin: bool
    position: int


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


@dataclass(frozen=True, slots=True)
class AnnotationRow:
    """One highlight: offsets are code points into the document's canonical text."""

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
    #: False for list previews: the quote is cut and prefix/suffix are empty.
    complete: bool = True

    @property
    def placed(self) -> bool:
        """True when the span marks this quote in the current text (not orphaned)."""
        return self.anchor_status != "orphaned"


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


@dataclass(frozen=True, slots=True)
class DocumentText:
    """A document's metadata with its canonical text, for the reading pane."""

    document: DocumentRow
    text: str
    annotations: list[AnnotationRow] = field(default_factory=list)
