"""Undoable edits of annotations: tag, relabel, edit the record, delete (with links and memberships), link."""

from __future__ import annotations

from factcheck.domain import AnnotationRow, LabelRow, LinkRelation, LinkRow
from factcheck.ui.commands.base import Change, ServiceCommand

FIELD_NAMES = {
    "label_id": "label",
    "claimant": "claimant",
    "claim_date": "claim date",
    "attribution": "attribution",
    "verdict": "verdict",
    "rating_text": "rating",
    "rating_value": "rating",
    "rating_best": "rating",
    "rating_worst": "rating",
    "note": "note",
}
#: QUndoCommand.id() of field edits: successive note saves of one annotation merge into one step.
UPDATE_ID = 4201


class TagCommand(ServiceCommand):
    """Tag [start, end) with a label; redo after undo brings back the same id and timestamps."""

    def __init__(self, workspace, document_id: str, start: int, end: int, label: LabelRow) -> None:
        super().__init__(workspace, f"Tag as {label.name}")
        self.document_id = document_id
        self.start, self.end = start, end
        self.label = label
        self.row: AnnotationRow | None = None

    def _do(self) -> Change:
        if self.row is None:
            self.row = self.project.annotations.create(self.document_id, self.start, self.end, self.label.id)
        else:
            self.project.annotations.restore(self.row)
        return Change(self.document_id, added=self.row)

    def _undo(self) -> Change:
        assert self.row is not None
        self.project.annotations.delete(self.row.id)
        return Change(self.document_id, removed=self.row)


class ChangeLabelCommand(ServiceCommand):
    def __init__(self, workspace, row: AnnotationRow, label: LabelRow) -> None:
        super().__init__(workspace, f"Change to {label.name}")
        self.before = row
        self.new_label_id = label.id

    def _do(self) -> Change:
        after = self.project.annotations.set_label(self.before.id, self.new_label_id)
        return Change(after.document_id, added=after, removed=self.before)

    def _undo(self) -> Change:
        after = self.project.annotations.set_label(self.before.id, self.before.label_id)
        return Change(after.document_id, added=after, removed=self.before)


class UpdateAnnotationCommand(ServiceCommand):
    """Change record fields of one annotation; undo writes the row back exactly as it was."""

    def __init__(self, workspace, annotation_id: str, fields: dict) -> None:
        names = sorted({FIELD_NAMES.get(name, name) for name in fields})
        super().__init__(workspace, f"Edit {', '.join(names)}")
        self.annotation_id = annotation_id
        self.fields = fields
        self.before: AnnotationRow | None = None

    def _do(self) -> Change:
        before, after = self.project.annotations.update(self.annotation_id, **self.fields)
        self.before = before
        return Change(after.document_id, added=after, removed=before)

    def _undo(self) -> Change:
        now = self.project.annotations.get(self.annotation_id)
        restored = self.project.annotations.replace(self.before)
        return Change(restored.document_id, added=restored, removed=now)

    def id(self) -> int:
        return UPDATE_ID

    def mergeWith(self, other) -> bool:
        if not isinstance(other, UpdateAnnotationCommand) or other.annotation_id != self.annotation_id:
            return False
        if set(other.fields) != set(self.fields) or "note" not in self.fields:
            return False  # only successive note saves merge; every other field is its own step
        self.fields = other.fields
        return True


class DeleteAnnotationWithLinksCommand(ServiceCommand):
    """Delete an annotation with its links and matter memberships; undo brings all of it back."""

    def __init__(self, workspace, row: AnnotationRow) -> None:
        super().__init__(workspace, f"Delete {row.label_name}")
        self.row = row
        self.deleted = None

    def _do(self) -> Change:
        self.deleted = self.project.annotations.delete_with_links(self.row.id)
        return Change(self.row.document_id, removed=self.row, matters_changed=True)

    def _undo(self) -> Change:
        restored = self.project.annotations.restore_with_links(self.deleted)
        return Change(restored.document_id, added=restored, matters_changed=True)


class LinkCommand(ServiceCommand):
    def __init__(self, workspace, source: AnnotationRow, target_id: str, relation: LinkRelation) -> None:
        super().__init__(workspace, f"Link: {relation.value}")
        self.source = source
        self.target_id = target_id
        self.relation = relation
        self.link: LinkRow | None = None

    def _do(self) -> Change:
        if self.link is None:
            self.link = self.project.links.link(self.source.id, self.target_id, self.relation)
        else:
            self.project.links.relink(self.link)
        return refreshed(self.project, self.source.id)

    def _undo(self) -> Change:
        self.project.links.unlink(self.link.id)
        return refreshed(self.project, self.source.id)


class UnlinkCommand(ServiceCommand):
    def __init__(self, workspace, link: LinkRow, focus_id: str) -> None:
        super().__init__(workspace, "Remove link")
        self.link = link
        self.focus_id = focus_id

    def _do(self) -> Change:
        self.project.links.unlink(self.link.id)
        return refreshed(self.project, self.focus_id)

    def _undo(self) -> Change:
        self.project.links.relink(self.link)
        return refreshed(self.project, self.focus_id)


def refreshed(project, annotation_id: str | None, *, reload: bool = False, matters: bool = False) -> Change:
    """A change that re-reads one annotation (its links or matters changed, not its row)."""
    if annotation_id is None:
        return Change(None, reload=True, matters_changed=matters)
    row = project.annotations.get(annotation_id)
    if reload:
        return Change(row.document_id, reload=True, focus_id=row.id, matters_changed=matters)
    return Change(row.document_id, added=row, removed=row, matters_changed=matters)
