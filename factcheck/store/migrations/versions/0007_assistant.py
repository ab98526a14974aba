"""The claim assistant: sentence vectors, suggestion decisions, the project's classifier, fact-check
archives and their FTS5 word index.

The word index is SQLite's FTS5 virtual table, or on PostgreSQL a plain table with a tsvector column and
a GIN index under the same name; factcheck.store.fulltext holds every statement that uses either.

Revision ID: 0007_assistant
Revises: 0006_row_versions
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_assistant"
down_revision = "0006_row_versions"
branch_labels = None
depends_on = None

# Written out here, not imported: a migration must keep meaning what it meant.
ARCHIVE_FTS_DDL = (
    "CREATE VIRTUAL TABLE assistant_archive_fts USING fts5("
    "entry_id UNINDEXED, claim, title, tokenize = 'porter unicode61 remove_diacritics 2')"
)


ARCHIVE_TSVECTOR_DDL = (
    "CREATE TABLE assistant_archive_fts (entry_id VARCHAR(36) PRIMARY KEY, words TSVECTOR NOT NULL)"
)
ARCHIVE_TSVECTOR_INDEX = (
    "CREATE INDEX ix_assistant_archive_fts_words ON assistant_archive_fts USING GIN (words)"
)


def upgrade() -> None:
    op.create_table(
        "assistant_vectors",
        sa.Column("model", sa.String(length=100), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("model", "text_sha256", name=op.f("pk_assistant_vectors")),
    )
    op.create_table(
        "assistant_decisions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("annotation_id", sa.String(length=36), nullable=True),
        sa.Column("annotator", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "decision IN ('accepted', 'dismissed')", name=op.f("ck_assistant_decisions_decision")
        ),
        sa.ForeignKeyConstraint(
            ["annotation_id"],
            ["annotations.id"],
            name=op.f("fk_assistant_decisions_annotation_id_annotations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_assistant_decisions_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assistant_decisions")),
        sa.UniqueConstraint("document_id", "text_sha256", name="uq_assistant_decisions_sentence"),
    )
    op.create_index(
        op.f("ix_assistant_decisions_annotation_id"), "assistant_decisions", ["annotation_id"], unique=False
    )
    op.create_table(
        "assistant_models",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("classifier", sa.LargeBinary(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("examples", sa.Integer(), nullable=False),
        sa.Column("trained_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_assistant_models")),
    )
    op.create_table(
        "assistant_archives",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("source_name", sa.String(length=500), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assistant_archives")),
        sa.UniqueConstraint("name", name=op.f("uq_assistant_archives_name")),
    )
    op.create_table(
        "assistant_archive_entries",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("archive_id", sa.String(length=36), nullable=False),
        sa.Column("source_id", sa.String(length=300), nullable=False),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("verdict", sa.String(length=300), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("date", sa.String(length=40), nullable=False),
        sa.Column("claim_sha256", sa.String(length=64), nullable=False),
        sa.Column("title_sha256", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["archive_id"],
            ["assistant_archives.id"],
            name=op.f("fk_assistant_archive_entries_archive_id_assistant_archives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assistant_archive_entries")),
        sa.UniqueConstraint("archive_id", "source_id", name="uq_assistant_archive_entries_source"),
    )
    op.create_index(
        op.f("ix_assistant_archive_entries_archive_id"),
        "assistant_archive_entries",
        ["archive_id"],
        unique=False,
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(ARCHIVE_FTS_DDL)
    else:
        op.execute(ARCHIVE_TSVECTOR_DDL)
        op.execute(ARCHIVE_TSVECTOR_INDEX)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS assistant_archive_fts")
    op.drop_index(op.f("ix_assistant_archive_entries_archive_id"), table_name="assistant_archive_entries")
    op.drop_table("assistant_archive_entries")
    op.drop_table("assistant_archives")
    op.drop_table("assistant_models")
    op.drop_index(op.f("ix_assistant_decisions_annotation_id"), table_name="assistant_decisions")
    op.drop_table("assistant_decisions")
    op.drop_table("assistant_vectors")
