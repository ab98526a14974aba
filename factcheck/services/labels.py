"""Labels: the built-in claim and counterclaim, looked up by id or name."""

from __future__ import annotations

from sqlalchemy import select

from factcheck.domain import LabelRow, NotFoundError
from factcheck.services.base import Service
from factcheck.store.models import Label


def label_row(label: Label) -> LabelRow:
    return LabelRow(label.id, label.name, label.color, label.shortcut, label.builtin, label.position)


class LabelService(Service):
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
        with self._read() as session:
            label = session.scalars(select(Label).where(Label.name == name.strip().lower())).first()
            if label is None:
                names = ", ".join(row.name for row in self.list())
                raise NotFoundError(f"No label named {name!r}; the labels are: {names}.")
            return label_row(label)
