"""Undoable edits of the fact-checker's record: fields, links, matters and labels."""

from __future__ import annotations

from factcheck.domain import AnnotationRow, LabelRow, LinkRelation, LinkRow, MatterRow
from factcheck.ui.commands import Change, Fail, Notify, ServiceCommand

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


class UpdateAnnotationCommand(ServiceCommand):
    """Change record fields of one annotation; undo writes the row back exactly as it was."""

    def __init__(self, project, annotation_id: str, fields: dict, notify: Notify, fail: Fail):
        names = sorted({FIELD_NAMES.get(name, name) for name in fields})
        super().__init__(project, f"Edit {', '.join(names)}", notify, fail)
        self.annotation_id = annotation_id
        self.fields = fields
        self.before: AnnotationRow | None = None

    def _do(self):
        before, after = self.project.annotations.update(self.annotation_id, **self.fields)
        self.before = before
        return Change(after.document_id, added=after, removed=before)

    def _undo(self):
        now = self.project.annotations.get(self.annotation_id)
        restored = self.project.annotations.replace(self.before)
        return Change(restored.document_id, added=restored, removed=now)

    def id(self) -> int:
        return 4201  # typing in one field merges into one undo step

    def mergeWith(self, other) -> bool:
        if not isinstance(other, UpdateAnnotationCommand) or other.annotation_id != self.annotation_id:
            return False
        if set(other.fields) != set(self.fields) or "note" not in self.fields:
            return False  # only successive note saves merge; every other field is its own step
        self.fields = other.fields
        return True


class DeleteAnnotationWithLinksCommand(ServiceCommand):
    """Delete an annotation with its links and matter memberships; undo brings all of it back."""

    def __init__(self, project, row: AnnotationRow, notify: Notify, fail: Fail):
        super().__init__(project, f"Delete {row.label_name}", notify, fail)
        self.row = row
        self.deleted = None

    def _do(self):
        self.deleted = self.project.annotations.delete_with_links(self.row.id)
        return Change(self.row.document_id, removed=self.row)

    def _undo(self):
        restored = self.project.annotations.restore_with_links(self.deleted)
        return Change(restored.document_id, added=restored)


class LinkCommand(ServiceCommand):
    def __init__(
        self,
        project,
        source: AnnotationRow,
        target_id: str,
        relation: LinkRelation,
        notify: Notify,
        fail: Fail,
    ):
        super().__init__(project, f"Link: {relation.value}", notify, fail)
        self.source = source
        self.target_id = target_id
        self.relation = relation
        self.link: LinkRow | None = None

    def _do(self):
        if self.link is None:
            self.link = self.project.links.link(self.source.id, self.target_id, self.relation)
        else:
            self.project.links.relink(self.link)
        return _refreshed(self.project, self.source.id)

    def _undo(self):
        self.project.links.unlink(self.link.id)
        return _refreshed(self.project, self.source.id)


class UnlinkCommand(ServiceCommand):
    def __init__(self, project, link: LinkRow, focus_id: str, notify: Notify, fail: Fail):
        super().__init__(project, "Remove link", notify, fail)
        self.link = link
        self.focus_id = focus_id

    def _do(self):
        self.project.links.unlink(self.link.id)
        return _refreshed(self.project, self.focus_id)

    def _undo(self):
        self.project.links.relink(self.link)
        return _refreshed(self.project, self.focus_id)


class MembershipCommand(ServiceCommand):
    """Put annotations into a matter, or take one out."""

    def __init__(
        self,
        project,
        matter: MatterRow,
        annotation_ids: list[str],
        *,
        join: bool,
        focus_id: str,
        notify: Notify,
        fail: Fail,
    ):
        verb = "Add to" if join else "Remove from"
        super().__init__(project, f"{verb} matter “{matter.name}”", notify, fail)
        self.matter = matter
        self.annotation_ids = annotation_ids
        self.join = join
        self.focus_id = focus_id
        self.changed_ids: list[str] = []

    def _do(self):
        if self.join:
            self.changed_ids = self.project.matters.add_members(self.matter.id, self.annotation_ids)
        else:
            for annotation_id in self.annotation_ids:
                self.project.matters.remove_member(self.matter.id, annotation_id)
            self.changed_ids = list(self.annotation_ids)
        return _refreshed(self.project, self.focus_id, reload=True)

    def _undo(self):
        if self.join:
            for annotation_id in self.changed_ids:
                self.project.matters.remove_member(self.matter.id, annotation_id)
        else:
            self.project.matters.add_members(self.matter.id, self.changed_ids)
        return _refreshed(self.project, self.focus_id, reload=True)


class CreateMatterCommand(ServiceCommand):
    def __init__(
        self, project, name: str, member_ids: list[str], focus_id: str | None, notify: Notify, fail: Fail
    ):
        super().__init__(project, f"New matter “{name}”", notify, fail)
        self.name = name
        self.member_ids = member_ids
        self.focus_id = focus_id
        self.matter: MatterRow | None = None
        self.deleted = None

    def _do(self):
        if self.deleted is None:
            self.matter = self.project.matters.create(self.name)
            if self.member_ids:
                self.project.matters.add_members(self.matter.id, self.member_ids)
        else:
            self.project.matters.restore(self.deleted)
        return _refreshed(self.project, self.focus_id, reload=True)

    def _undo(self):
        self.deleted = self.project.matters.delete(self.matter.id)
        return _refreshed(self.project, self.focus_id, reload=True)


class RenameMatterCommand(ServiceCommand):
    def __init__(self, project, matter: MatterRow, name: str, notify: Notify, fail: Fail):
        super().__init__(project, f"Rename matter to “{name}”", notify, fail)
        self.matter = matter
        self.name = name

    def _do(self):
        self.project.matters.rename(self.matter.id, self.name)
        return Change(None, reload=True)

    def _undo(self):
        self.project.matters.rename(self.matter.id, self.matter.name)
        return Change(None, reload=True)


class DeleteMatterCommand(ServiceCommand):
    """Delete a matter (its annotations stay); undo restores it with its members."""

    def __init__(self, project, matter: MatterRow, notify: Notify, fail: Fail):
        super().__init__(project, f"Delete matter “{matter.name}”", notify, fail)
        self.matter = matter
        self.deleted = None

    def _do(self):
        self.deleted = self.project.matters.delete(self.matter.id)
        return Change(None, reload=True)

    def _undo(self):
        self.project.matters.restore(self.deleted)
        return Change(None, reload=True)


class AddLabelCommand(ServiceCommand):
    def __init__(self, project, name: str, color: str | None, shortcut: str, notify: Notify, fail: Fail):
        super().__init__(project, f"New label “{name}”", notify, fail)
        self.args = (name, color, shortcut)
        self.label: LabelRow | None = None
        self.deleted = None

    def _do(self):
        if self.deleted is None:
            name, color, shortcut = self.args
            self.label = self.project.labels.add(name, color, shortcut)
        else:
            self.project.labels.restore(self.deleted)
        return Change(None, reload=True, labels_changed=True)

    def _undo(self):
        self.deleted = self.project.labels.delete(self.label.id)
        return Change(None, reload=True, labels_changed=True)


class UpdateLabelCommand(ServiceCommand):
    def __init__(self, project, label: LabelRow, fields: dict, notify: Notify, fail: Fail):
        super().__init__(project, f"Change label “{label.name}”", notify, fail)
        self.label_id = label.id
        self.fields = fields
        self.before: LabelRow | None = None

    def _do(self):
        self.before, _after = self.project.labels.update(self.label_id, **self.fields)
        return Change(None, reload=True, labels_changed=True)

    def _undo(self):
        b = self.before
        self.project.labels.update(self.label_id, name=b.name, color=b.color, shortcut=b.shortcut)
        return Change(None, reload=True, labels_changed=True)


class ReorderLabelsCommand(ServiceCommand):
    def __init__(self, project, label_ids: list[str], notify: Notify, fail: Fail):
        super().__init__(project, "Reorder labels", notify, fail)
        self.label_ids = label_ids
        self.previous: list[str] = []

    def _do(self):
        self.previous = self.project.labels.reorder(self.label_ids)
        return Change(None, reload=True, labels_changed=True)

    def _undo(self):
        self.project.labels.reorder(self.previous)
        return Change(None, reload=True, labels_changed=True)


class DeleteLabelCommand(ServiceCommand):
    """Delete a label; when in use, its annotations move to ``move_to`` (never deleted)."""

    def __init__(self, project, label: LabelRow, move_to: str | None, notify: Notify, fail: Fail):
        super().__init__(project, f"Delete label “{label.name}”", notify, fail)
        self.label = label
        self.move_to = move_to
        self.deleted = None

    def _do(self):
        self.deleted = self.project.labels.delete(self.label.id, move_to=self.move_to)
        return Change(None, reload=True, labels_changed=True)

    def _undo(self):
        self.project.labels.restore(self.deleted)
        return Change(None, reload=True, labels_changed=True)


def _refreshed(project, annotation_id: str | None, *, reload: bool = False) -> Change:
    """A change that re-reads one annotation (its links or matters changed, not its row)."""
    if annotation_id is None:
        return Change(None, reload=True)
    row = project.annotations.get(annotation_id)
    if reload:
        return Change(row.document_id, reload=True, focus_id=row.id)
    return Change(row.document_id, added=row, removed=row)
