"""The assistant's DTOs: what its services return to the UI and the CLI (plain dataclasses, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from factcheck.domain import AnnotationRow


class Decision(StrEnum):
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A sentence of a document that may be worth checking: ``text == document text[start:end]``
    (code points); ``score`` is the classifier's probability, ``suggested`` whether it passes the
    threshold the app uses."""

    document_id: str
    start: int
    end: int
    text: str
    score: float
    suggested: bool
    #: The key decisions about this sentence are stored under (sha256 of its normalised text).
    text_sha256: str


@dataclass(frozen=True, slots=True)
class DecisionRow:
    id: str
    document_id: str
    start: int
    end: int
    sentence: str
    text_sha256: str
    decision: Decision
    annotation_id: str | None
    annotator: str
    decided_at: datetime


@dataclass(frozen=True, slots=True)
class Accepted:
    """What accepting a suggestion made: an ordinary annotation, and the decision that records it.
    Undo: ``AssistantService.undo_accept``; redo: ``redo_accept`` (same ids)."""

    annotation: AnnotationRow
    decision: DecisionRow


@dataclass(frozen=True, slots=True)
class ClassifierInfo:
    source: str
    threshold: float
    examples: int
    trained_at: datetime | None


@dataclass(frozen=True, slots=True)
class RetrainReport:
    accepted: int
    dismissed: int
    tagged: int
    changed: bool
    classifier: ClassifierInfo


@dataclass(frozen=True, slots=True)
class ArchiveRow:
    id: str
    name: str
    source_name: str
    imported_at: datetime
    entries: int
    #: Entries whose vectors are stored (matching by meaning covers these; words cover all).
    indexed: int


@dataclass(frozen=True, slots=True)
class ArchiveImport:
    archive: ArchiveRow
    skipped: int
    replaced: bool


class MatchKind(StrEnum):
    ARCHIVE = "archive"
    ANNOTATION = "annotation"


@dataclass(frozen=True, slots=True)
class Match:
    """A claim similar to the one asked about: an archive's fact-check or an annotation of the project.

    ``id`` is the archive entry's id in its file (``source_id``) or the annotation's id."""

    kind: MatchKind
    id: str
    score: float
    text: str
    #: Archive matches: the verdict, URL, title, date the archive gives, and the archive's name.
    verdict: str = ""
    url: str = ""
    title: str = ""
    date: str = ""
    archive: str = ""
    #: Annotation matches: its document and label.
    document_id: str = ""
    label_name: str = ""


@dataclass(frozen=True, slots=True)
class IndexReport:
    """What an indexing pass embedded (texts already stored are never embedded again)."""

    embedded: int
    stored: int
