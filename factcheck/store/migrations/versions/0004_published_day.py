"""The calendar day a document was published where it was published (its own time zone).

``published_at`` keeps the instant in UTC; a story published at 4:39 PM PST on 9 December is on the 10th
in UTC. Claims default to the day the article bears, so that day is stored too. Existing documents get
their UTC day, the best that is known.

Revision ID: 0004_published_day
Revises: 0003_record
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_published_day"
down_revision = "0003_record"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("published_day", sa.String(length=10), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        utc_day = "to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
    else:  # SQLite stores the UTC time as text
        utc_day = "substr(published_at, 1, 10)"
    op.execute(f"UPDATE documents SET published_day = {utc_day} WHERE published_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("published_day")
