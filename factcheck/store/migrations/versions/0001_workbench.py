"""Workbench schema: documents, labels (claim and counterclaim built in), annotations.

Revision ID: 0001_workbench
Revises: (none)
"""

import sqlalchemy as sa
from alembic import op

CLAIM_ID = "5b0c3a52-3c1e-5f0e-9a57-6c1a7c1a0001"
COUNTERCLAIM_ID = "5b0c3a52-3c1e-5f0e-9a57-6c1a7c1a0002"

revision = "0001_workbench"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("outlet", sa.String(length=300), nullable=False),
        sa.Column("author", sa.String(length=300), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("source_format", sa.String(length=20), nullable=False),
        sa.Column("source_name", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_text_sha256"), ["text_sha256"], unique=False)

    op.create_table(
        "labels",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("color", sa.String(length=9), nullable=False),
        sa.Column("shortcut", sa.String(length=30), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_labels")),
        sa.UniqueConstraint("name", name=op.f("uq_labels_name")),
    )
    op.create_table(
        "annotations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.Column("label_id", sa.String(length=36), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("prefix", sa.Text(), nullable=False),
        sa.Column("suffix", sa.Text(), nullable=False),
        sa.Column("annotator", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('"start" >= 0 AND "end" > "start"', name=op.f("ck_annotations_span")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_annotations_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["label_id"], ["labels.id"], name=op.f("fk_annotations_label_id_labels"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annotations")),
    )
    with op.batch_alter_table("annotations", schema=None) as batch_op:
        batch_op.create_index("ix_annotations_document_start", ["document_id", "start"], unique=False)
        batch_op.create_index(batch_op.f("ix_annotations_label_id"), ["label_id"], unique=False)

    labels = sa.table(
        "labels",
        sa.column("id", sa.String),
        sa.column("name", sa.String),
        sa.column("color", sa.String),
        sa.column("shortcut", sa.String),
        sa.column("builtin", sa.Boolean),
        sa.column("position", sa.Integer),
    )
    op.bulk_insert(
        labels,
        [
            # Fixed ids so the built-in labels of two projects are the same labels when merged.
            {
                "id": CLAIM_ID,
                "name": "claim",
                "color": "#0072B2",
                "shortcut": "C",
                "builtin": True,
                "position": 0,
            },
            {
                "id": COUNTERCLAIM_ID,
                "name": "counterclaim",
                "color": "#D55E00",
                "shortcut": "X",
                "builtin": True,
                "position": 1,
            },
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("annotations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_annotations_label_id"))
        batch_op.drop_index("ix_annotations_document_start")

    op.drop_table("annotations")
    op.drop_table("labels")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_text_sha256"))

    op.drop_table("documents")
