"""A version number on annotations, documents, labels and matters, for optimistic concurrency.

Every change to one of these rows adds one to its version; an edit names the version it was based on and is
refused when another window or program changed the row since (issue 16). Existing rows start at 1.

Plain ``ALTER TABLE … ADD COLUMN`` (a constant default needs no table rebuild), so the tables are never
copied and dropped: a window of an older factcheck that has the file open keeps working on it.

Revision ID: 0006_row_versions
Revises: 0005_team
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_row_versions"
down_revision = "0005_team"
branch_labels = None
depends_on = None

TABLES = ("annotations", "documents", "labels", "matters")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
