"""Undoable edits of labels: add, change (name, colour, key), reorder, delete (moving what uses it)."""

from __future__ import annotations

from factcheck.domain import LabelRow
from factcheck.ui.commands.base import Change, ServiceCommand

LABELS_CHANGED = Change(None, reload=True, labels_changed=True)


class AddLabelCommand(ServiceCommand):
    def __init__(self, workspace, name: str, color: str | None, shortcut: str) -> None:
        super().__init__(workspace, f"New label “{name}”")
        self.args = (name, color, shortcut)
        self.label: LabelRow | None = None
        self.deleted = None

    def _do(self) -> Change:
        if self.deleted is None:
            name, color, shortcut = self.args
            self.label = self.project.labels.add(name, color, shortcut)
        else:
            self.project.labels.restore(self.deleted)
        return LABELS_CHANGED

    def _undo(self) -> Change:
        self.deleted = self.project.labels.delete(self.label.id)
        return LABELS_CHANGED


class UpdateLabelCommand(ServiceCommand):
    def __init__(self, workspace, label: LabelRow, fields: dict) -> None:
        super().__init__(workspace, f"Change label “{label.name}”")
        self.label_id = label.id
        self.fields = fields
        self.before: LabelRow | None = None

    def _do(self) -> Change:
        self.before, _after = self.project.labels.update(self.label_id, **self.fields)
        return LABELS_CHANGED

    def _undo(self) -> Change:
        b = self.before
        self.project.labels.update(self.label_id, name=b.name, color=b.color, shortcut=b.shortcut)
        return LABELS_CHANGED


class ReorderLabelsCommand(ServiceCommand):
    def __init__(self, workspace, label_ids: list[str]) -> None:
        super().__init__(workspace, "Reorder labels")
        self.label_ids = label_ids
        self.previous: list[str] = []

    def _do(self) -> Change:
        self.previous = self.project.labels.reorder(self.label_ids)
        return LABELS_CHANGED

    def _undo(self) -> Change:
        self.project.labels.reorder(self.previous)
        return LABELS_CHANGED


class DeleteLabelCommand(ServiceCommand):
    """Delete a label; when in use, its annotations move to ``move_to`` (never deleted)."""

    def __init__(self, workspace, label: LabelRow, move_to: str | None) -> None:
        super().__init__(workspace, f"Delete label “{label.name}”")
        self.label = label
        self.move_to = move_to
        self.deleted = None

    def _do(self) -> Change:
        self.deleted = self.project.labels.delete(self.label.id, move_to=self.move_to)
        return LABELS_CHANGED

    def _undo(self) -> Change:
        self.project.labels.restore(self.deleted)
        return LABELS_CHANGED
