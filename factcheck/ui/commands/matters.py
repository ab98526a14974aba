"""Undoable edits of matters (claim threads): create, rename, delete, and who belongs to one."""

from __future__ import annotations

from factcheck.domain import MatterRow
from factcheck.ui.commands.annotations import refreshed
from factcheck.ui.commands.base import Change, ServiceCommand


class MembershipCommand(ServiceCommand):
    """Put annotations into a matter, or take one out."""

    def __init__(
        self, workspace, matter: MatterRow, annotation_ids: list[str], *, join: bool, focus_id: str | None
    ) -> None:
        verb = "Add to" if join else "Remove from"
        super().__init__(workspace, f"{verb} matter “{matter.name}”")
        self.matter = matter
        self.annotation_ids = annotation_ids
        self.join = join
        self.focus_id = focus_id
        self.changed_ids: list[str] = []

    def _do(self) -> Change:
        if self.join:
            self.changed_ids = self.project.matters.add_members(self.matter.id, self.annotation_ids)
        else:
            for annotation_id in self.annotation_ids:
                self.project.matters.remove_member(self.matter.id, annotation_id)
            self.changed_ids = list(self.annotation_ids)
        return refreshed(self.project, self.focus_id, reload=True, matters=True)

    def _undo(self) -> Change:
        if self.join:
            for annotation_id in self.changed_ids:
                self.project.matters.remove_member(self.matter.id, annotation_id)
        else:
            self.project.matters.add_members(self.matter.id, self.changed_ids)
        return refreshed(self.project, self.focus_id, reload=True, matters=True)


class CreateMatterCommand(ServiceCommand):
    def __init__(self, workspace, name: str, member_ids: list[str], focus_id: str | None) -> None:
        super().__init__(workspace, f"New matter “{name}”")
        self.name = name
        self.member_ids = member_ids
        self.focus_id = focus_id
        self.matter: MatterRow | None = None
        self.deleted = None

    def _do(self) -> Change:
        if self.deleted is None:
            self.matter = self.project.matters.create(self.name)
            if self.member_ids:
                self.project.matters.add_members(self.matter.id, self.member_ids)
        else:
            self.project.matters.restore(self.deleted)
        return refreshed(self.project, self.focus_id, reload=True, matters=True)

    def _undo(self) -> Change:
        self.deleted = self.project.matters.delete(self.matter.id)
        return refreshed(self.project, self.focus_id, reload=True, matters=True)


class RenameMatterCommand(ServiceCommand):
    def __init__(self, workspace, matter: MatterRow, name: str) -> None:
        super().__init__(workspace, f"Rename matter to “{name}”")
        self.matter = matter
        self.name = name

    def _do(self) -> Change:
        self.project.matters.rename(self.matter.id, self.name)
        return Change(None, reload=True, matters_changed=True)

    def _undo(self) -> Change:
        self.project.matters.rename(self.matter.id, self.matter.name)
        return Change(None, reload=True, matters_changed=True)


class DeleteMatterCommand(ServiceCommand):
    """Delete a matter (its annotations stay); undo restores it with its members."""

    def __init__(self, workspace, matter: MatterRow) -> None:
        super().__init__(workspace, f"Delete matter “{matter.name}”")
        self.matter = matter
        self.deleted = None

    def _do(self) -> Change:
        self.deleted = self.project.matters.delete(self.matter.id)
        return Change(None, reload=True, matters_changed=True)

    def _undo(self) -> Change:
        self.project.matters.restore(self.deleted)
        return Change(None, reload=True, matters_changed=True)
