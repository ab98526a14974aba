"""Claimants: the speakers of claims, one entity per name across articles; completion, rename, merge."""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from factcheck.domain import BadInputError, ClaimantMerge, ClaimantRow, NotFoundError, name_key, sort_key
from factcheck.services.base import Service
from factcheck.services.record import clean_claimant
from factcheck.services.versioning import bump
from factcheck.store.backends import position_of
from factcheck.store.models import Annotation, Claimant, new_id, utc_now

_COUNT = select(func.count(Annotation.id)).where(Annotation.claimant_id == Claimant.id).scalar_subquery()
_ROWS = select(Claimant.id, Claimant.name, Claimant.created_at, _COUNT)


def claimant_for(session: Session, name: str | None) -> str | None:
    """The id of the claimant called ``name`` (compared case-folded), created if new; None for no name."""
    name = clean_claimant(name)
    if not name:
        return None
    key = name_key(name)
    found = session.scalar(select(Claimant.id).where(Claimant.name_key == key))
    if found is not None:
        return found
    claimant_id = new_id()
    session.execute(insert(Claimant).values(id=claimant_id, name=name, name_key=key, created_at=utc_now()))
    return claimant_id


class ClaimantService(Service):
    def list(self) -> list[ClaimantRow]:
        """Every claimant with its number of annotations, by name."""
        with self._read() as session:
            rows = [ClaimantRow(*row) for row in session.execute(_ROWS)]
        return sorted(rows, key=lambda row: sort_key(row.name))

    def names(self) -> list[str]:
        """Every claimant's name, by name (for completion: no counting)."""
        with self._read() as session:
            return sorted(session.scalars(select(Claimant.name)), key=sort_key)

    def get(self, claimant_id: str) -> ClaimantRow:
        with self._read() as session:
            row = session.execute(_ROWS.where(Claimant.id == claimant_id)).first()
        if row is None:
            raise NotFoundError(f"No claimant with id {claimant_id}.")
        return ClaimantRow(*row)

    def by_name(self, name: str) -> ClaimantRow:
        """The claimant called ``name`` (case and spacing do not matter)."""
        with self._read() as session:
            row = session.execute(_ROWS.where(Claimant.name_key == name_key(name))).first()
        if row is None:
            raise NotFoundError(f"No claimant named {name!r}.")
        return ClaimantRow(*row)

    def complete(self, prefix: str, *, limit: int = 20) -> list[ClaimantRow]:
        """Claimants whose name starts with ``prefix`` (case-insensitive), then those containing it;
        the most used first within each group."""
        key = name_key(prefix)
        with self._read() as session:
            if not key:
                query = _ROWS.order_by(_COUNT.desc(), Claimant.name_key).limit(limit)
                return [ClaimantRow(*row) for row in session.execute(query)]
            starts = session.execute(
                _ROWS.where(Claimant.name_key >= key, Claimant.name_key < key + "\U0010ffff")
                .order_by(_COUNT.desc(), Claimant.name_key)
                .limit(limit)
            ).all()
            rows = [ClaimantRow(*row) for row in starts]
            if len(rows) < limit:
                seen = {row.id for row in rows}
                contains = session.execute(
                    _ROWS.where(position_of(Claimant.name_key, key) > 1)
                    .order_by(_COUNT.desc(), Claimant.name_key)
                    .limit(limit)
                )
                rows += [ClaimantRow(*row) for row in contains if row[0] not in seen][: limit - len(rows)]
        return rows

    def create(self, name: str) -> ClaimantRow:
        """The claimant called ``name``: the existing one, or a new one."""
        if not clean_claimant(name):
            raise BadInputError("A claimant needs a name.")
        with self._write() as session:
            claimant_id = claimant_for(session, name)
        assert claimant_id is not None
        return self.get(claimant_id)

    def rename(self, claimant_id: str, name: str) -> ClaimantRow:
        """Rename; returns the claimant as it was (undo renames back). Refuses a name another claimant has:
        merge the two instead."""
        name = clean_claimant(name)
        if not name:
            raise BadInputError("A claimant needs a name.")
        before = self.get(claimant_id)
        with self._write() as session:
            other = session.scalar(
                select(Claimant.name).where(Claimant.name_key == name_key(name), Claimant.id != claimant_id)
            )
            if other is not None:
                raise BadInputError(f"There is already a claimant named {other!r}; merge the two instead.")
            session.execute(
                update(Claimant).where(Claimant.id == claimant_id).values(name=name, name_key=name_key(name))
            )
        return before

    def merge(self, claimant_id: str, into_id: str) -> ClaimantMerge:
        """Attribute every annotation of ``claimant_id`` to ``into_id`` and delete ``claimant_id``."""
        if claimant_id == into_id:
            raise BadInputError("A claimant cannot be merged into itself.")
        merged, into = self.get(claimant_id), self.get(into_id)
        with self._write() as session:
            ids = tuple(
                session.scalars(
                    select(Annotation.id).where(Annotation.claimant_id == claimant_id).order_by(Annotation.id)
                )
            )
            session.execute(
                update(Annotation)
                .where(Annotation.claimant_id == claimant_id)
                .values(claimant_id=into_id, **bump(Annotation))
            )
            session.execute(delete(Claimant).where(Claimant.id == claimant_id))
        return ClaimantMerge(merged, into, ids)

    def unmerge(self, merge: ClaimantMerge) -> ClaimantRow:
        """Undo of :meth:`merge`: the merged claimant comes back with its id and its annotations."""
        m = merge.merged
        with self._write() as session:
            session.execute(
                insert(Claimant).values(
                    id=m.id, name=m.name, name_key=name_key(m.name), created_at=m.created_at
                )
            )
            if merge.annotation_ids:
                # Field-level: an annotation given yet another claimant since keeps it.
                session.execute(
                    update(Annotation)
                    .where(Annotation.id.in_(merge.annotation_ids), Annotation.claimant_id == merge.into.id)
                    .values(claimant_id=m.id, **bump(Annotation))
                )
        return self.get(m.id)

    def delete(self, claimant_id: str) -> ClaimantRow:
        """Delete a claimant no annotation names (returns it for :meth:`restore`)."""
        row = self.get(claimant_id)
        if row.annotation_count:
            raise BadInputError(
                f"{row.name!r} is the claimant of {row.annotation_count} annotation(s); "
                "merge it into another claimant instead."
            )
        with self._write() as session:
            session.execute(delete(Claimant).where(Claimant.id == claimant_id))
        return row

    def restore(self, row: ClaimantRow) -> ClaimantRow:
        with self._write() as session:
            session.execute(
                insert(Claimant).values(
                    id=row.id, name=row.name, name_key=name_key(row.name), created_at=row.created_at
                )
            )
        return self.get(row.id)
