"""Persistence: ORM models, engine construction and migrations for the project file."""
