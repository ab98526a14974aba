"""The project's tables as SQLAlchemy 2 typed ORM models (UUID text keys, UTC timestamps)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid.uuid4())


def utc_now() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes stored in UTC; SQLite keeps no zone, so it is restored on load."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: factcheck stores only timezone-aware times")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    title: Mapped[str] = mapped_column(String(500), default="")
    outlet: Mapped[str] = mapped_column(String(300), default="")
    author: Mapped[str] = mapped_column(String(300), default="")
    url: Mapped[str] = mapped_column(String(2000), default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(String(64), index=True)
    source_format: Mapped[str] = mapped_column(String(20), default="txt")
    source_name: Mapped[str] = mapped_column(String(500), default="")

    current_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    #: 'YYYY-MM-DD' in the article's own time zone (published_at is the instant, in UTC).
    published_day: Mapped[str | None] = mapped_column(String(10), nullable=True)
    #: Optimistic concurrency (0006_row_versions): bumped by every UPDATE; ORM flushes do it themselves
    #: (version_id_col), Core UPDATEs set ``version = version + 1`` (see services/versioning.py).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    annotations: Mapped[list[Annotation]] = relationship(back_populates="document", passive_deletes=True)
    versions: Mapped[list[DocumentVersion]] = relationship(back_populates="document", passive_deletes=True)


class DocumentVersion(Base):
    """Every text a document has had, with the bytes it was imported from; ``documents.text`` is the
    current one. A version's text never changes once stored."""

    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "number", name="uq_document_versions_number"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(String(64))
    original: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    source_format: Mapped[str] = mapped_column(String(20), default="txt")
    source_name: Mapped[str] = mapped_column(String(500), default="")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    note: Mapped[str] = mapped_column(Text, default="", server_default="")

    document: Mapped[Document] = relationship(back_populates="versions")


class Label(Base):
    __tablename__ = "labels"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    color: Mapped[str] = mapped_column(String(9))
    shortcut: Mapped[str] = mapped_column(String(30), default="")
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: Optimistic concurrency (0006_row_versions): bumped by every UPDATE; ORM flushes do it themselves
    #: (version_id_col), Core UPDATEs set ``version = version + 1`` (see services/versioning.py).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}


VERDICTS = (
    "unverified",
    "supported",
    "mostly_supported",
    "mixed",
    "misleading",
    "unsupported",
    "false",
    "unprovable",
)
ATTRIBUTIONS = ("direct_quote", "paraphrase", "unattributed")
PRECISIONS = ("year", "month", "day")
RELATIONS = ("disputes", "supports", "repeats")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Annotation(Base):
    __tablename__ = "annotations"
    __table_args__ = (
        CheckConstraint('"start" >= 0 AND "end" > "start"', name="span"),
        Index("ix_annotations_document_start", "document_id", "start"),
        CheckConstraint(_one_of("verdict", VERDICTS), name="verdict"),
        CheckConstraint(f"attribution IS NULL OR {_one_of('attribution', ATTRIBUTIONS)}", name="attribution"),
        CheckConstraint(
            f"claim_date_precision IS NULL OR {_one_of('claim_date_precision', PRECISIONS)}",
            name="claim_date_precision",
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    label_id: Mapped[str] = mapped_column(ForeignKey("labels.id", ondelete="RESTRICT"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(Text, default="")
    suffix: Mapped[str] = mapped_column(Text, default="")
    #: Whose layer it is in: the annotator who made it (for the adjudicated layer, who decided).
    annotator: Mapped[str] = mapped_column(String(200), default="", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    #: Who last changed its label or record (0005_team); '' for "its annotator, before that was kept".
    updated_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    #: True for the adjudicated layer: the result of a reviewer's decision (0005_team).
    adjudicated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: How the annotation sits on the current text: anchored, moved, needs_review or orphaned.
    anchor_status: Mapped[str] = mapped_column(String(20), default="anchored", server_default="anchored")
    anchor_confidence: Mapped[float] = mapped_column(Float, default=1.0, server_default="1.0")
    # The fact-checker's record (0003_record).
    claimant_id: Mapped[str | None] = mapped_column(
        ForeignKey("claimants.id", ondelete="SET NULL"), nullable=True, index=True
    )
    #: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; NULL means "the document's publication date".
    claim_date: Mapped[str | None] = mapped_column(String(10), nullable=True)
    claim_date_precision: Mapped[str | None] = mapped_column(String(5), nullable=True)
    attribution: Mapped[str | None] = mapped_column(String(20), nullable=True)
    verdict: Mapped[str] = mapped_column(String(20), default="unverified", server_default="unverified")
    rating_text: Mapped[str] = mapped_column(String(200), default="", server_default="")
    rating_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    rating_best: Mapped[float | None] = mapped_column(Float, nullable=True)
    rating_worst: Mapped[float | None] = mapped_column(Float, nullable=True)
    #: Markdown source.
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: Optimistic concurrency (0006_row_versions): bumped by every UPDATE; ORM flushes do it themselves
    #: (version_id_col), Core UPDATEs set ``version = version + 1`` (see services/versioning.py).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    document: Mapped[Document] = relationship(back_populates="annotations")
    label: Mapped[Label] = relationship()


class Claimant(Base):
    """A speaker: one entity across articles. ``name_key`` (case-folded, spaces collapsed) is unique."""

    __tablename__ = "claimants"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class AnnotationLink(Base):
    """``source`` disputes / supports / repeats ``target``; both ends go when either annotation goes."""

    __tablename__ = "annotation_links"
    __table_args__ = (
        UniqueConstraint("source_id", "target_id", "relation", name="uq_annotation_links_link"),
        CheckConstraint("source_id <> target_id", name="not_self"),
        CheckConstraint(_one_of("relation", RELATIONS), name="relation"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    source_id: Mapped[str] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[str] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    #: Who made the link (0005_team; '' before that was kept).
    annotator: Mapped[str] = mapped_column(String(200), default="", server_default="")


class Matter(Base):
    """A named question ("Was the Rust set unsafe?") grouping claims and counterclaims across articles."""

    __tablename__ = "matters"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    #: Optimistic concurrency (0006_row_versions): bumped by every UPDATE; ORM flushes do it themselves
    #: (version_id_col), Core UPDATEs set ``version = version + 1`` (see services/versioning.py).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}


class MatterMember(Base):
    __tablename__ = "matter_members"

    matter_id: Mapped[str] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), primary_key=True)
    annotation_id: Mapped[str] = mapped_column(
        ForeignKey("annotations.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ProjectSetting(Base):
    """A project-wide setting every window and annotator shares (blind mode, adjudication)."""

    __tablename__ = "project_settings"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_by: Mapped[str] = mapped_column(String(200), default="", server_default="")


ADJUDICATION_KINDS = ("accept", "merge", "own", "reject")


class Adjudication(Base):
    """A reviewer's decision on one unit (the annotators' matched spans on one passage): accept one
    annotator's annotation, merge fields of several, write their own, or reject them all. ``result_id`` is
    the annotation it put in the adjudicated layer (none for a rejection)."""

    __tablename__ = "adjudications"
    __table_args__ = (CheckConstraint(_one_of("kind", ADJUDICATION_KINDS), name="kind"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    result_id: Mapped[str | None] = mapped_column(
        ForeignKey("annotations.id", ondelete="SET NULL"), nullable=True
    )
    #: JSON: which annotator each field was taken from (merge), for the record.
    choices: Mapped[str] = mapped_column(Text, default="", server_default="")
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class AdjudicationSource(Base):
    """The annotators' annotations a decision settled (the unit's spans)."""

    __tablename__ = "adjudication_sources"

    adjudication_id: Mapped[str] = mapped_column(
        ForeignKey("adjudications.id", ondelete="CASCADE"), primary_key=True
    )
    annotation_id: Mapped[str] = mapped_column(
        ForeignKey("annotations.id", ondelete="CASCADE"), primary_key=True, index=True
    )
