"""Optimistic concurrency for the rows people edit (annotations, documents, labels, matters).

Every change adds one to the row's ``version``. An edit names the version it was based on; the UPDATE is
made conditional on it (``WHERE id = ? AND version = ?``), so a row another window or program changed in
the meantime is never overwritten: nothing is written and :class:`ConcurrentEditError` says so, carrying the
row as it is now. Undo and redo are field-level: they put back only the fields the edit changed, and only
while those still hold the values the edit left (:func:`changed_columns`, :func:`holds`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import update

from factcheck.domain import ConcurrentEditError


def bump(model) -> dict[str, Any]:
    """The ``version = version + 1`` every Core UPDATE of a versioned table must carry."""
    return {"version": model.version + 1}


def guarded_update(session, model, row_id: str, version: int, values: Mapping[str, Any]) -> bool:
    """UPDATE the row ``row_id`` with ``values`` (and the next version) if it is still at ``version``.

    Returns False, writing nothing, when the row changed (or went) since that version."""
    result = session.execute(
        update(model)
        .where(model.id == row_id, model.version == version)
        .values(**values, version=version + 1)
    )
    return result.rowcount == 1


def changed_columns(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The columns whose values differ between two snapshots of one row."""
    return [name for name in before if before[name] != after.get(name)]


def holds(current: Mapping[str, Any], expected: Mapping[str, Any], columns: Iterable[str]) -> bool:
    """True when ``current`` still has ``expected``'s value in every one of ``columns``."""
    return all(current.get(name) == expected.get(name) for name in columns)


def check_version(what: str, current, expected_version: int | None) -> None:
    """Refuse an edit based on another version than the stored one (None: the current one, as the CLI)."""
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentEditError(what, current)
