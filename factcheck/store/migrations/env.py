"""Alembic environment: runs on the connection that migrate.py hands over (never from an ini file)."""

from alembic import context

from factcheck.store.fulltext import include_name
from factcheck.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
