"""The fact-checker's record: claimants, claim dates, attribution, verdicts, notes, links and matters.

Revision ID: 0003_record
Revises: 0002_versions
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_record"
down_revision = "0002_versions"
branch_labels = None
depends_on = None

# Written out here, not imported from the models: a migration must keep meaning what it meant.
VERDICT_CHECK = (
    "verdict IN ('unverified', 'supported', 'mostly_supported', 'mixed', 'misleading', "
    "'unsupported', 'false', 'unprovable')"
)
ATTRIBUTION_CHECK = "attribution IS NULL OR attribution IN ('direct_quote', 'paraphrase', 'unattributed')"
PRECISION_CHECK = "claim_date_precision IS NULL OR claim_date_precision IN ('year', 'month', 'day')"
RELATION_CHECK = "relation IN ('disputes', 'supports', 'repeats')"


def upgrade() -> None:
    op.create_table(
        "claimants",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_key", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claimants")),
        sa.UniqueConstraint("name_key", name=op.f("uq_claimants_name_key")),
    )

    # The annotations table is rebuilt (SQLite adds CHECK constraints only that way) before any new table
    # references it, so dropping the old copy cannot cascade anywhere. Every row and value is copied.
    with op.batch_alter_table("annotations") as batch:
        batch.add_column(sa.Column("claimant_id", sa.String(length=36), nullable=True))
        batch.add_column(sa.Column("claim_date", sa.String(length=10), nullable=True))
        batch.add_column(sa.Column("claim_date_precision", sa.String(length=5), nullable=True))
        batch.add_column(sa.Column("attribution", sa.String(length=20), nullable=True))
        batch.add_column(
            sa.Column("verdict", sa.String(length=20), server_default="unverified", nullable=False)
        )
        batch.add_column(sa.Column("rating_text", sa.String(length=200), server_default="", nullable=False))
        batch.add_column(sa.Column("rating_value", sa.Float(), nullable=True))
        batch.add_column(sa.Column("rating_best", sa.Float(), nullable=True))
        batch.add_column(sa.Column("rating_worst", sa.Float(), nullable=True))
        batch.add_column(sa.Column("note", sa.Text(), server_default="", nullable=False))
        batch.create_foreign_key(
            op.f("fk_annotations_claimant_id_claimants"),
            "claimants",
            ["claimant_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index(op.f("ix_annotations_claimant_id"), ["claimant_id"], unique=False)
        batch.create_check_constraint(op.f("ck_annotations_verdict"), sa.text(VERDICT_CHECK))
        batch.create_check_constraint(op.f("ck_annotations_attribution"), sa.text(ATTRIBUTION_CHECK))
        batch.create_check_constraint(op.f("ck_annotations_claim_date_precision"), sa.text(PRECISION_CHECK))

    op.create_table(
        "annotation_links",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("source_id", sa.String(length=36), nullable=False),
        sa.Column("target_id", sa.String(length=36), nullable=False),
        sa.Column("relation", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("source_id <> target_id", name=op.f("ck_annotation_links_not_self")),
        sa.CheckConstraint(RELATION_CHECK, name=op.f("ck_annotation_links_relation")),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["annotations.id"],
            name=op.f("fk_annotation_links_source_id_annotations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["annotations.id"],
            name=op.f("fk_annotation_links_target_id_annotations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annotation_links")),
        sa.UniqueConstraint("source_id", "target_id", "relation", name="uq_annotation_links_link"),
    )
    with op.batch_alter_table("annotation_links") as batch:
        batch.create_index(op.f("ix_annotation_links_source_id"), ["source_id"], unique=False)
        batch.create_index(op.f("ix_annotation_links_target_id"), ["target_id"], unique=False)

    op.create_table(
        "matters",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matters")),
        sa.UniqueConstraint("name", name=op.f("uq_matters_name")),
    )
    op.create_table(
        "matter_members",
        sa.Column("matter_id", sa.String(length=36), nullable=False),
        sa.Column("annotation_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["matter_id"],
            ["matters.id"],
            name=op.f("fk_matter_members_matter_id_matters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["annotation_id"],
            ["annotations.id"],
            name=op.f("fk_matter_members_annotation_id_annotations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("matter_id", "annotation_id", name=op.f("pk_matter_members")),
    )
    with op.batch_alter_table("matter_members") as batch:
        batch.create_index(op.f("ix_matter_members_annotation_id"), ["annotation_id"], unique=False)


def downgrade() -> None:
    op.drop_table("matter_members")
    op.drop_table("matters")
    op.drop_table("annotation_links")
    with op.batch_alter_table("annotations") as batch:
        batch.drop_constraint(op.f("ck_annotations_claim_date_precision"), type_="check")
        batch.drop_constraint(op.f("ck_annotations_attribution"), type_="check")
        batch.drop_constraint(op.f("ck_annotations_verdict"), type_="check")
        batch.drop_index(op.f("ix_annotations_claimant_id"))
        batch.drop_constraint(op.f("fk_annotations_claimant_id_claimants"), type_="foreignkey")
        for column in (
            "note",
            "rating_worst",
            "rating_best",
            "rating_value",
            "rating_text",
            "verdict",
            "attribution",
            "claim_date_precision",
            "claim_date",
            "claimant_id",
        ):
            batch.drop_column(column)
    op.drop_table("claimants")
