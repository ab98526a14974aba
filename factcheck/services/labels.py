"""Labels: the built-in claim and counterclaim and the researcher's own; add, rename, recolour, reorder,
assign a key, delete (moving annotations, never deleting them) — each change returns what undo needs."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import case, delete, func, insert, select, update

from factcheck.domain import (
    OKABE_ITO,
    BadInputError,
    ConcurrentEditError,
    DeletedLabel,
    LabelRow,
    NotFoundError,
    name_key,
)
from factcheck.services.base import Service
from factcheck.services.versioning import bump, changed_columns, check_version, guarded_update, holds
from factcheck.store.models import Annotation, Label, new_id, utc_now

#: Okabe & Ito's colour-blind-safe palette, in the order new labels take it (claim and counterclaim use
#: its blue #0072B2 and vermillion #D55E00); black is left out, it would hide the text it highlights.
MAX_LABEL_NAME = 100
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
# A key a label can be tagged with: one letter or digit, or a combination such as Ctrl+1 or Shift+E.
_SHORTCUT = re.compile(r"((Ctrl|Alt|Shift|Meta)\+)*([A-Za-z0-9]|F([1-9]|1[0-9]|2[0-4]))")


def label_row(label: Label) -> LabelRow:
    return LabelRow(
        label.id, label.name, label.color, label.shortcut, label.builtin, label.position, label.version
    )


def _what(label: LabelRow) -> str:
    return f"The label “{label.name}”"


def _fields(label: LabelRow) -> dict[str, str]:
    """The fields of a label that :meth:`LabelService.update` changes."""
    return {"name": label.name, "color": label.color, "shortcut": label.shortcut}


def clean_color(color: str) -> str:
    color = (color or "").strip()
    if not _COLOR.fullmatch(color):
        raise BadInputError(f"{color!r} is not a colour; write it as #RRGGBB, for example #E69F00.")
    return color.upper()


def clean_shortcut(shortcut: str | None) -> str:
    """'' (no key), one letter or digit (upper-cased), or a combination such as 'Ctrl+1'."""
    shortcut = "".join((shortcut or "").split())
    if not shortcut:
        return ""
    if not _SHORTCUT.fullmatch(shortcut):
        raise BadInputError(
            f"{shortcut!r} cannot be a label's key; use one letter or digit, or a combination like Ctrl+1."
        )
    *modifiers, key = shortcut.split("+")
    return "+".join([m.capitalize() for m in modifiers] + [key.upper()])


def clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise BadInputError("A label needs a name.")
    if len(name) > MAX_LABEL_NAME:
        raise BadInputError(f"A label's name can have at most {MAX_LABEL_NAME} characters.")
    return name


class LabelService(Service):
    # --- Reading ------------------------------------------------------------------------------------------

    def list(self) -> list[LabelRow]:
        with self._read() as session:
            labels = session.scalars(select(Label).order_by(Label.position, Label.name)).all()
            return [label_row(label) for label in labels]

    def get(self, label_id: str) -> LabelRow:
        with self._read() as session:
            label = session.get(Label, label_id)
            if label is None:
                raise NotFoundError(f"No label with id {label_id}.")
            return label_row(label)

    def by_name(self, name: str) -> LabelRow:
        """The label called ``name`` (case and spacing do not matter)."""
        key = name_key(name)
        labels = self.list()
        for label in labels:
            if name_key(label.name) == key:
                return label
        names = ", ".join(row.name for row in labels)
        raise NotFoundError(f"No label named {name!r}; the labels are: {names}.")

    def usage(self) -> dict[str, int]:
        """The number of annotations of each label (labels without any are left out)."""
        with self._read() as session:
            query = select(Annotation.label_id, func.count(Annotation.id)).where(*self.team.clauses(session))
            query = query.group_by(Annotation.label_id)
            return {label_id: count for label_id, count in session.execute(query)}

    def next_color(self) -> str:
        """The first colour of the Okabe–Ito palette no label has yet (cycling when all are taken)."""
        used = {label.color.upper() for label in self.list()}
        for color in OKABE_ITO:
            if color not in used:
                return color
        return OKABE_ITO[len(used) % len(OKABE_ITO)]

    # --- Changing -----------------------------------------------------------------------------------------

    def add(
        self, name: str, color: str | None = None, shortcut: str = "", *, label_id: str | None = None
    ) -> LabelRow:
        """A new label at the end of the list; without a colour, the next one of the palette."""
        name = clean_name(name)
        color = clean_color(color) if color else self.next_color()
        shortcut = clean_shortcut(shortcut)
        with self._write() as session:
            self._check_unique(session, None, name=name, shortcut=shortcut)
            position = (session.scalar(select(func.max(Label.position))) or 0) + 1
            label_id = label_id or new_id()
            session.execute(
                insert(Label).values(
                    id=label_id, name=name, color=color, shortcut=shortcut, builtin=False, position=position
                )
            )
        return self.get(label_id)

    def update(
        self,
        label_id: str,
        *,
        name: str | None = None,
        color: str | None = None,
        shortcut: str | None = None,
        expected_version: int | None = None,
    ) -> tuple[LabelRow, LabelRow]:
        """Rename, recolour and/or set the key (None leaves a field as it is, shortcut '' removes the key).

        Only the fields that change are written, and only while the label is at ``expected_version`` (when
        given): a label changed in another window since is refused with ConcurrentEditError. Returns the
        label before and after; undo is ``revert(before, after)``. Built-in labels can be recoloured and
        given another key, not renamed.
        """
        before = self.get(label_id)
        check_version(_what(before), before, expected_version)
        values: dict[str, str] = {}
        if name is not None:
            name = clean_name(name)
            if name != before.name:
                if before.builtin:
                    raise BadInputError(f"“{before.name}” is built in and cannot be renamed.")
                values["name"] = name
        if color is not None:
            values["color"] = clean_color(color)
        if shortcut is not None:
            values["shortcut"] = clean_shortcut(shortcut)
        current = _fields(before)
        values = {field: value for field, value in values.items() if current[field] != value}
        if not values:
            return before, before
        with self._write() as session:
            self._check_unique(session, label_id, name=values.get("name"), shortcut=values.get("shortcut"))
            if not guarded_update(session, Label, label_id, before.version, values):
                raise ConcurrentEditError(_what(before), self._get_in(session, label_id))
        return before, self.get(label_id)

    def revert(self, before: LabelRow, after: LabelRow) -> LabelRow:
        """Undo an update that took the label from ``before`` to ``after`` (redo: ``revert(after, before)``):
        the fields it changed get their old values, if they still hold the new ones (else
        ConcurrentEditError, nothing written)."""
        target, expected = _fields(before), _fields(after)
        columns = changed_columns(target, expected)
        current = self.get(before.id)
        if not holds(_fields(current), expected, columns):
            raise ConcurrentEditError(_what(current), current)
        if not columns:
            return current
        values = {name: target[name] for name in columns}
        with self._write() as session:
            self._check_unique(session, before.id, name=values.get("name"), shortcut=values.get("shortcut"))
            if not guarded_update(session, Label, before.id, current.version, values):
                raise ConcurrentEditError(_what(current), self._get_in(session, before.id))
        return self.get(before.id)

    def rename(self, label_id: str, name: str) -> LabelRow:
        """Rename; returns the label as it was."""
        return self.update(label_id, name=name)[0]

    def recolor(self, label_id: str, color: str) -> LabelRow:
        """Recolour; returns the label as it was."""
        return self.update(label_id, color=color)[0]

    def set_shortcut(self, label_id: str, shortcut: str) -> LabelRow:
        """Assign a key ('' for none); returns the label as it was. A key another label has is refused."""
        return self.update(label_id, shortcut=shortcut)[0]

    def reorder(self, label_ids: Sequence[str]) -> list[str]:
        """Put the labels in this order (every label once); returns the previous order, for undo."""
        previous = [label.id for label in self.list()]
        if sorted(label_ids) != sorted(previous):
            raise BadInputError("To reorder the labels, list every label exactly once.")
        with self._write() as session:
            for position, label_id in enumerate(label_ids):
                session.execute(
                    update(Label)
                    .where(Label.id == label_id, Label.position != position)
                    .values(position=position, **bump(Label))
                )
        return previous

    def delete(
        self, label_id: str, move_to: str | None = None, *, expected_version: int | None = None
    ) -> DeletedLabel:
        """Delete a label of the researcher's own. If annotations use it, ``move_to`` must name the label they
        move to (else it is refused): annotations are never deleted. Returns what :meth:`restore` needs."""
        label = self.get(label_id)
        check_version(_what(label), label, expected_version)
        if label.builtin:
            raise BadInputError(f"“{label.name}” is built in and cannot be deleted.")
        if move_to == label_id:
            raise BadInputError("Choose another label to move the annotations to.")
        if move_to is not None:
            self.get(move_to)
        with self._write() as session:
            moved = tuple(
                (annotation_id, updated_at, version + 1)
                for annotation_id, updated_at, version in session.execute(
                    select(Annotation.id, Annotation.updated_at, Annotation.version)
                    .where(Annotation.label_id == label_id)
                    .order_by(Annotation.id)
                )
            )
            if moved and move_to is None:
                raise BadInputError(
                    f"{len(moved)} annotation(s) are labelled “{label.name}”; choose a label to move them to."
                )
            if moved:
                session.execute(
                    update(Annotation)
                    .where(Annotation.label_id == label_id)
                    .values(label_id=move_to, updated_at=utc_now(), **bump(Annotation))
                )
            gone = session.execute(
                delete(Label).where(Label.id == label_id, Label.version == label.version)
            ).rowcount
            if not gone:
                raise ConcurrentEditError(_what(label), self._get_in(session, label_id))
        return DeletedLabel(label, move_to if moved else None, moved)

    def restore(self, deleted: DeletedLabel) -> LabelRow:
        """Undo of :meth:`delete`: the label with its id, colour, key and place; its annotations moved back.

        An annotation given yet another label since (in another window) keeps that one; one untouched since
        the move gets its previous time of change back too."""
        label = deleted.label
        with self._write() as session:
            session.execute(
                insert(Label).values(
                    id=label.id,
                    name=label.name,
                    color=label.color,
                    shortcut=label.shortcut,
                    builtin=label.builtin,
                    position=label.position,
                    version=label.version,
                )
            )
            for annotation_id, updated_at, moved_version in deleted.moved:
                # Field-level: only the label goes back, and only where the move is still what stands.
                session.execute(
                    update(Annotation)
                    .where(Annotation.id == annotation_id, Annotation.label_id == deleted.moved_to)
                    .values(
                        label_id=label.id,
                        updated_at=case((Annotation.version == moved_version, updated_at), else_=utc_now()),
                        **bump(Annotation),
                    )
                )
        return self.get(label.id)

    @staticmethod
    def _get_in(session, label_id: str) -> LabelRow:
        label = session.get(Label, label_id, populate_existing=True)
        if label is None:
            raise NotFoundError(f"No label with id {label_id}.")
        return label_row(label)

    @staticmethod
    def _check_unique(session, label_id: str | None, *, name: str | None, shortcut: str | None) -> None:
        others = session.execute(
            select(Label.id, Label.name, Label.shortcut).where(Label.id != (label_id or ""))
        ).all()
        for _, other_name, other_shortcut in others:
            if name is not None and name_key(other_name) == name_key(name):
                raise BadInputError(f"There is already a label named “{other_name}”.")
            if shortcut and other_shortcut and other_shortcut.upper() == shortcut.upper():
                raise BadInputError(f"The key {shortcut} already tags “{other_name}”.")
