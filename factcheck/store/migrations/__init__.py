"""Alembic migration scripts for the project file."""
