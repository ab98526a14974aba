"""Alembic environment: runs on the connection that migrate.py hands over (never from an ini file).

migrate.py has already begun the one transaction every migration and its version stamp run in, so a
failure or kill anywhere rolls the whole upgrade back; a connection outside a transaction is refused.
"""

from alembic import context

from factcheck.store.models import Base

connection = context.config.attributes["connection"]
if not connection.in_transaction():
    raise RuntimeError("Migrations run only inside the transaction factcheck.store.migrate begins.")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
