"""The Annotate menu's work: tag a passage, relabel, switch claim ⇄ counterclaim, link, delete."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from factcheck.domain import BUILTIN_CLAIM, BUILTIN_COUNTERCLAIM, AnnotationRow, FactcheckError, LabelRow
from factcheck.ui.commands.annotations import (
    ChangeLabelCommand,
    DeleteAnnotationWithLinksCommand,
    LinkCommand,
    TagCommand,
)
from factcheck.ui.commands.matters import MembershipCommand
from factcheck.ui.dialogs.link_dialog import LinkDialog
from factcheck.ui.navigation import Navigation
from factcheck.ui.workspace import Workspace

_SWITCH = {BUILTIN_CLAIM: BUILTIN_COUNTERCLAIM, BUILTIN_COUNTERCLAIM: BUILTIN_CLAIM}


class Annotating:
    """Asks what is needed (a link's target, a confirmation) with dialogs over ``parent``."""

    def __init__(self, workspace: Workspace, navigation: Navigation, parent: QWidget) -> None:
        self.workspace = workspace
        self.navigation = navigation
        self.parent = parent

    def _say(self, text: str) -> None:
        self.workspace.status.emit(text, 6000)

    def tag(self, label: LabelRow) -> None:
        """Tag the selected passage; with no selection, relabel the selected annotation."""
        workspace = self.workspace
        if workspace.project is None or workspace.document_id is None:
            self._say("Open a document first.")
            return
        start, end = self.navigation.selected_span()
        if start == end:
            selected = self.navigation.selected_annotation()
            if selected is not None and selected.label_id != label.id:
                workspace.push(ChangeLabelCommand(workspace, selected, label))
                return
            self.workspace.status.emit(
                f"Nothing to tag: select a passage in the article, then press "
                f"{label.shortcut or 'the key'} to tag it as {label.name}.",
                8000,
            )
            return
        if not workspace.shows_own():
            self._say(
                f"You are viewing {workspace.layer_title()}: what you tag would not show here. Switch to all "
                "annotators or your own (View ▸ Layer) to tag."
            )
            return
        workspace.push(TagCommand(workspace, workspace.document_id, start, end, label))

    def change_label(self, row: AnnotationRow, label: LabelRow) -> None:
        if row.label_id != label.id:
            self.workspace.push(ChangeLabelCommand(self.workspace, row, label))

    def switch_label(self) -> None:
        selected = self.navigation.selected_annotation()
        by_name = {label.name: label for label in self.workspace.labels}
        if selected is None or selected.label_name not in _SWITCH:
            self._say("Select a claim or counterclaim to switch.")
            return
        self.workspace.push(
            ChangeLabelCommand(self.workspace, selected, by_name[_SWITCH[selected.label_name]])
        )

    def delete(self) -> None:
        selected = self.navigation.selected_annotation()
        if selected is None:
            self._say("Nothing to delete: select an annotation first.")
            return
        dependents = self.workspace.project.annotations.dependents(selected.id)
        if dependents.links or dependents.matters:
            answer = QMessageBox.question(
                self.parent,
                "Delete Annotation",
                f"Delete this {selected.label_name}? Its {dependents.summary} go with it "
                "(Edit ▸ Undo brings all of it back).",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.workspace.push(DeleteAnnotationWithLinksCommand(self.workspace, selected))

    def link(self) -> None:
        """Link the selected annotation to another (any article): disputes, supports or repeats."""
        selected = self.navigation.selected_annotation()
        if selected is None:
            self._say("Select the annotation to link from first.")
            return
        dialog = LinkDialog(self.workspace.project, selected, self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.target_id is None:
            return
        if self.workspace.push(LinkCommand(self.workspace, selected, dialog.target_id, dialog.relation)):
            self._offer_shared_matter(selected.id, dialog.target_id)

    def _offer_shared_matter(self, source_id: str, target_id: str) -> None:
        """Linked annotations usually belong to one matter: offer to put the other one in it too."""
        project = self.workspace.project
        try:
            source, target = project.annotations.get_many([source_id, target_id])
            missing = [(m, target) for m in source.matter_ids if m not in target.matter_ids]
            missing += [(m, source) for m in target.matter_ids if m not in source.matter_ids]
            if not missing:
                return
            matter_id, joining = missing[0]
            matter = project.matters.get(matter_id)
        except FactcheckError:
            return
        answer = QMessageBox.question(
            self.parent, "Same Matter?", f"Put “{joining.quote[:80]}” in the matter “{matter.name}” too?"
        )
        if answer == QMessageBox.StandardButton.Yes:
            command = MembershipCommand(self.workspace, matter, [joining.id], join=True, focus_id=source_id)
            self.workspace.push(command)
