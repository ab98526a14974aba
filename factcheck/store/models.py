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


class Annotation(Base):
    __tablename__ = "annotations"
    __table_args__ = (
        CheckConstraint('"start" >= 0 AND "end" > "start"', name="span"),
        Index("ix_annotations_document_start", "document_id", "start"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    label_id: Mapped[str] = mapped_column(ForeignKey("labels.id", ondelete="RESTRICT"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(Text, default="")
    suffix: Mapped[str] = mapped_column(Text, default="")
    annotator: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    #: How the annotation sits on the current text: anchored, moved, needs_review or orphaned.
    anchor_status: Mapped[str] = mapped_column(String(20), default="anchored", server_default="anchored")
    anchor_confidence: Mapped[float] = mapped_column(Float, default=1.0, server_default="1.0")

    document: Mapped[Document] = relationship(back_populates="annotations")
    label: Mapped[Label] = relationship()
