"""Project settings: a small key/value table (the publisher that exported fact-checks name).

Revision ID: 0005_settings
Revises: 0004_published_day
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_settings"
down_revision = "0004_published_day"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )


def downgrade() -> None:
    op.drop_table("settings")
