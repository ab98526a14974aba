"""Document versions with their original bytes; each annotation's anchoring status and confidence.

Revision ID: 0002_versions
Revises: 0001_workbench
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0002_versions"
down_revision = "0001_workbench"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_versions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("original", sa.LargeBinary(), nullable=True),
        sa.Column("source_format", sa.String(length=20), nullable=False),
        sa.Column("source_name", sa.String(length=500), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_versions_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_versions")),
        sa.UniqueConstraint("document_id", "number", name="uq_document_versions_number"),
    )
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("current_version", sa.Integer(), server_default="1", nullable=False))
    with op.batch_alter_table("annotations") as batch:
        batch.add_column(
            sa.Column("anchor_status", sa.String(length=20), server_default="anchored", nullable=False)
        )
        batch.add_column(sa.Column("anchor_confidence", sa.Float(), server_default="1.0", nullable=False))

    # Every existing document becomes version 1 of itself (its original bytes were not kept before).
    connection = op.get_bind()
    documents = connection.execute(
        sa.text("SELECT id, text, text_sha256, source_format, source_name, imported_at FROM documents")
    ).fetchall()
    versions = sa.table(
        "document_versions",
        sa.column("id", sa.String),
        sa.column("document_id", sa.String),
        sa.column("number", sa.Integer),
        sa.column("text", sa.Text),
        sa.column("text_sha256", sa.String),
        sa.column("original", sa.LargeBinary),
        sa.column("source_format", sa.String),
        sa.column("source_name", sa.String),
        sa.column("imported_at", sa.String),
        sa.column("note", sa.Text),
    )
    if documents:
        op.bulk_insert(
            versions,
            [
                {
                    "id": str(uuid.uuid4()),
                    "document_id": d.id,
                    "number": 1,
                    "text": d.text,
                    "text_sha256": d.text_sha256,
                    "original": None,
                    "source_format": d.source_format,
                    "source_name": d.source_name,
                    "imported_at": d.imported_at,
                    "note": "",
                }
                for d in documents
            ],
        )


def downgrade() -> None:
    with op.batch_alter_table("annotations") as batch:
        batch.drop_column("anchor_confidence")
        batch.drop_column("anchor_status")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("current_version")
    op.drop_table("document_versions")
