"""Matters (claim threads): a named question grouping claims and counterclaims across articles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import delete, insert, select

from factcheck.domain import (
    BUILTIN_CLAIM,
    BUILTIN_COUNTERCLAIM,
    AnnotationRow,
    BadInputError,
    ClaimDate,
    ConcurrentEditError,
    DeletedMatter,
    Layer,
    MatterRow,
    NotFoundError,
    name_key,
    sort_key,
)
from factcheck.services.base import Service
from factcheck.services.rows import EFFECTIVE_DATE, ROWS, make_row
from factcheck.services.versioning import changed_columns, check_version, guarded_update, holds
from factcheck.store.models import Annotation, Document, Label, Matter, MatterMember, new_id, utc_now

MAX_MATTER_NAME = 300

_MEMBER_FACTS = (
    select(MatterMember.matter_id, Label.name, Annotation.document_id, EFFECTIVE_DATE)
    .join(Annotation, Annotation.id == MatterMember.annotation_id)
    .join(Label, Label.id == Annotation.label_id)
    .join(Document, Document.id == Annotation.document_id)
)


def _what(matter: MatterRow) -> str:
    return f"The matter “{matter.name}”"


def _fields(matter: MatterRow) -> dict[str, str]:
    return {"name": matter.name, "description": matter.description}


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise BadInputError("A matter needs a name.")
    if len(name) > MAX_MATTER_NAME:
        raise BadInputError(f"A matter's name can have at most {MAX_MATTER_NAME} characters.")
    return name


class MatterService(Service):
    # --- Reading ------------------------------------------------------------------------------------------

    def list(self) -> list[MatterRow]:
        """Every matter by name, with its numbers of claims, counterclaims and articles and its date span."""
        return self._rows(None)

    def names(self) -> list[tuple[str, str]]:
        """(id, name) of every matter, by name: what a chooser needs, without counting members."""
        with self._read() as session:
            rows = session.execute(select(Matter.id, Matter.name)).all()
        return sorted(((row[0], row[1]) for row in rows), key=lambda pair: sort_key(pair[1]))

    def get(self, matter_id: str) -> MatterRow:
        rows = self._rows(matter_id)
        if not rows:
            raise NotFoundError(f"No matter with id {matter_id}.")
        return rows[0]

    def find(self, name_or_id: str) -> MatterRow:
        """The matter with this id, or else with this name (case and spacing do not matter)."""
        with self._read() as session:
            found = session.scalar(select(Matter.id).where(Matter.id == name_or_id.strip()))
            if found is None:
                key = name_key(name_or_id)
                found = next(
                    (
                        i
                        for i, name in session.execute(select(Matter.id, Matter.name))
                        if name_key(name) == key
                    ),
                    None,
                )
        if found is None:
            raise NotFoundError(f"No matter named or with id {name_or_id!r}.")
        return self.get(found)

    def members(self, matter_id: str, layer: Layer | None = None) -> list[AnnotationRow]:
        """The matter's annotations in order of their effective claim date, undated last."""
        self.get(matter_id)
        query = (
            ROWS.join(MatterMember, MatterMember.annotation_id == Annotation.id)
            .where(MatterMember.matter_id == matter_id)
            .order_by(
                EFFECTIVE_DATE.is_(None), EFFECTIVE_DATE, Document.title, Annotation.start, Annotation.id
            )
        )
        with self._read() as session:
            query = query.where(*self.team.clauses(session, layer))
            return [make_row(row) for row in session.execute(query)]

    def _rows(self, matter_id: str | None) -> list[MatterRow]:
        matters = select(Matter.id, Matter.name, Matter.description, Matter.created_at, Matter.version)
        facts = _MEMBER_FACTS
        if matter_id is not None:
            matters = matters.where(Matter.id == matter_id)
            facts = facts.where(MatterMember.matter_id == matter_id)
        with self._read() as session:
            heads = session.execute(matters).all()
            member_facts = session.execute(facts.where(*self.team.clauses(session))).all()
        by_matter: dict[str, list] = defaultdict(list)
        for fact in member_facts:
            by_matter[fact[0]].append(fact)
        rows = []
        for head in heads:
            facts_of = by_matter.get(head[0], [])
            dates = [ClaimDate.parse(f[3]) for f in facts_of if f[3]]
            rows.append(
                MatterRow(
                    *head[:4],
                    version=head[4],
                    members=len(facts_of),
                    claims=sum(1 for f in facts_of if f[1] == BUILTIN_CLAIM),
                    counterclaims=sum(1 for f in facts_of if f[1] == BUILTIN_COUNTERCLAIM),
                    articles=len({f[2] for f in facts_of}),
                    first_date=min(dates, key=ClaimDate.sort_key) if dates else None,
                    last_date=max(dates, key=lambda d: (d.last_day(), d.first_day())) if dates else None,
                )
            )
        rows.sort(key=lambda row: (sort_key(row.name), row.id))
        return rows

    # --- Changing -----------------------------------------------------------------------------------------

    def create(self, name: str, description: str = "", *, matter_id: str | None = None) -> MatterRow:
        name = _clean_name(name)
        matter_id = matter_id or new_id()
        with self._write() as session:
            self._check_unique(session, None, name)
            session.execute(
                insert(Matter).values(
                    id=matter_id, name=name, description=(description or "").strip(), created_at=utc_now()
                )
            )
        return self.get(matter_id)

    def update(
        self,
        matter_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        expected_version: int | None = None,
    ) -> tuple[MatterRow, MatterRow]:
        """Rename and/or describe; returns the matter before and after (undo: ``revert(before, after)``).

        Only what changes is written, and only while the matter is at ``expected_version`` (when given);
        else ConcurrentEditError and nothing is written."""
        before = self.get(matter_id)
        check_version(_what(before), before, expected_version)
        values = {}
        if name is not None:
            values["name"] = _clean_name(name)
        if description is not None:
            values["description"] = description.strip()
        current = _fields(before)
        values = {field: value for field, value in values.items() if current[field] != value}
        if not values:
            return before, before
        self._write_fields(before, values)
        return before, self.get(matter_id)

    def revert(self, before: MatterRow, after: MatterRow) -> MatterRow:
        """Undo an update from ``before`` to ``after`` (redo: ``revert(after, before)``): the fields it changed
        get their old values if they still hold the new ones, else ConcurrentEditError."""
        target, expected = _fields(before), _fields(after)
        columns = changed_columns(target, expected)
        current = self.get(before.id)
        if not holds(_fields(current), expected, columns):
            raise ConcurrentEditError(_what(current), current)
        if columns:
            self._write_fields(current, {name: target[name] for name in columns})
        return self.get(before.id)

    def _write_fields(self, current: MatterRow, values: dict[str, str]) -> None:
        with self._write() as session:
            if "name" in values:
                self._check_unique(session, current.id, values["name"])
            if not guarded_update(session, Matter, current.id, current.version, values):
                raise ConcurrentEditError(_what(current), None)

    def rename(self, matter_id: str, name: str) -> MatterRow:
        """Rename; returns the matter as it was."""
        return self.update(matter_id, name=name)[0]

    def delete(self, matter_id: str, *, expected_version: int | None = None) -> DeletedMatter:
        """Delete the matter and its memberships (never its annotations); returns it for :meth:`restore`."""
        matter = self.get(matter_id)
        check_version(_what(matter), matter, expected_version)
        with self._write() as session:
            ids = tuple(
                session.scalars(
                    select(MatterMember.annotation_id)
                    .where(MatterMember.matter_id == matter_id)
                    .order_by(MatterMember.annotation_id)
                )
            )
            gone = session.execute(
                delete(Matter).where(Matter.id == matter_id, Matter.version == matter.version)
            ).rowcount
            if not gone:
                raise ConcurrentEditError(_what(matter), None)
        return DeletedMatter(matter, ids)

    def restore(self, deleted: DeletedMatter) -> MatterRow:
        """Undo of :meth:`delete`: the matter with its id and its members that still exist."""
        m = deleted.matter
        with self._write() as session:
            session.execute(
                insert(Matter).values(
                    id=m.id,
                    name=m.name,
                    description=m.description,
                    created_at=m.created_at,
                    version=m.version,
                )
            )
            present = set(
                session.scalars(select(Annotation.id).where(Annotation.id.in_(deleted.annotation_ids)))
            )
            members = [
                {"matter_id": m.id, "annotation_id": a} for a in deleted.annotation_ids if a in present
            ]
            if members:
                session.execute(insert(MatterMember), members)
        return self.get(m.id)

    def add_member(self, matter_id: str, annotation_id: str) -> None:
        """Put an annotation in the matter (refused when it is already there)."""
        self._add(matter_id, [annotation_id], refuse_members=True)

    def add_members(self, matter_id: str, annotation_ids: Iterable[str]) -> list[str]:
        """Put annotations in the matter; returns the ids added (those already in it are skipped)."""
        return self._add(matter_id, annotation_ids, refuse_members=False)

    def _add(self, matter_id: str, annotation_ids: Iterable[str], *, refuse_members: bool) -> list[str]:
        ids = list(dict.fromkeys(annotation_ids))
        with self._write() as session:
            if session.scalar(select(Matter.id).where(Matter.id == matter_id)) is None:
                raise NotFoundError(f"No matter with id {matter_id}.")
            found = set(session.scalars(select(Annotation.id).where(Annotation.id.in_(ids))))
            for annotation_id in ids:
                if annotation_id not in found:
                    raise NotFoundError(f"No annotation with id {annotation_id}.")
            already = set(
                session.scalars(
                    select(MatterMember.annotation_id).where(
                        MatterMember.matter_id == matter_id, MatterMember.annotation_id.in_(ids)
                    )
                )
            )
            if refuse_members and already:
                raise BadInputError("This annotation is already in that matter.")
            added = [a for a in ids if a not in already]
            if added:
                session.execute(
                    insert(MatterMember), [{"matter_id": matter_id, "annotation_id": a} for a in added]
                )
        return added

    def remove_member(self, matter_id: str, annotation_id: str) -> None:
        """Take an annotation out of the matter (the annotation itself stays)."""
        with self._write() as session:
            removed = session.execute(
                delete(MatterMember).where(
                    MatterMember.matter_id == matter_id, MatterMember.annotation_id == annotation_id
                )
            ).rowcount
            if not removed:
                raise NotFoundError("That annotation is not in that matter.")

    @staticmethod
    def _check_unique(session, matter_id: str | None, name: str) -> None:
        key = name_key(name)
        for other_id, other_name in session.execute(select(Matter.id, Matter.name)):
            if other_id != matter_id and name_key(other_name) == key:
                raise BadInputError(f"There is already a matter named “{other_name}”.")
