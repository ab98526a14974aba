"""Annotating: tag, relabel, link, delete, and applying every committed change to the views."""

from __future__ import annotations

import bisect
import dataclasses
from datetime import datetime

from PySide6.QtWidgets import QMessageBox

from factcheck.domain import AnnotationRow, LabelRow
from factcheck.ui.commands import Change, ChangeLabelCommand, TagCommand
from factcheck.ui.dialogs.link_dialog import LinkDialog
from factcheck.ui.record_commands import DeleteAnnotationWithLinksCommand, LinkCommand, MembershipCommand

#: Characters of each quote the list loads (the full quote stays in the file).
QUOTE_PREVIEW = 200


def _text_order(row: AnnotationRow) -> tuple[int, int]:
    return row.start, row.end


class EditsMixin:
    """Part of MainWindow (see main_window.py): uses its widgets, project and undo stack."""

    def tag(self, label: LabelRow) -> None:
        """Tag the selected passage; with no selection, relabel the selected annotation."""
        if self.project is None or self.document_id is None:
            self.statusBar().showMessage("Open a document first.", 5000)
            return
        start, end = self.article.selected_span()
        if start == end:
            selected = self.selected_annotation()
            if selected is not None and selected.label_id != label.id:
                self.push(ChangeLabelCommand(self.project, selected, label, self.applied, self.failed))
                return
            self.statusBar().showMessage(
                f"Nothing to tag: select a passage in the article, then press "
                f"{label.shortcut or 'the key'} to tag it as {label.name}.",
                8000,
            )
            return
        self.push(TagCommand(self.project, self.document_id, start, end, label, self.applied, self.failed))

    def delete_selected(self) -> None:
        selected = self.selected_annotation()
        if selected is None:
            self.statusBar().showMessage("Nothing to delete: select an annotation first.", 5000)
            return
        dependents = self.project.annotations.dependents(selected.id)
        if dependents.links or dependents.matters:
            answer = QMessageBox.question(
                self,
                "Delete Annotation",
                f"Delete this {selected.label_name}? Its {dependents.summary} go with it "
                "(Edit ▸ Undo brings all of it back).",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.push(DeleteAnnotationWithLinksCommand(self.project, selected, self.applied, self.failed))

    def link_selected(self) -> None:
        """Link the selected annotation to another (any article): disputes, supports or repeats."""
        selected = self.selected_annotation()
        if selected is None:
            self.statusBar().showMessage("Select the annotation to link from first.", 5000)
            return
        dialog = LinkDialog(self.project, selected, self)
        self.last_dialog = dialog
        accepted = dialog.exec() == LinkDialog.DialogCode.Accepted
        self.last_dialog = None
        if not accepted or dialog.target_id is None:
            return
        self.push(
            LinkCommand(self.project, selected, dialog.target_id, dialog.relation, self.applied, self.failed)
        )
        self._offer_shared_matter(selected.id, dialog.target_id)

    def _offer_shared_matter(self, source_id: str, target_id: str) -> None:
        """Linked annotations usually belong to one matter: offer to put the other one in it too."""
        source, target = self.project.annotations.get_many([source_id, target_id])
        missing = [(m, target) for m in source.matter_ids if m not in target.matter_ids]
        missing += [(m, source) for m in target.matter_ids if m not in source.matter_ids]
        if not missing:
            return
        matters = {m.id: m for m in self.project.matters.list()}
        matter_id, joining = missing[0]
        matter = matters.get(matter_id)
        if matter is None:
            return
        answer = QMessageBox.question(
            self, "Same Matter?", f"Put “{joining.quote[:80]}” in the matter “{matter.name}” too?"
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.push(
                MembershipCommand(
                    self.project,
                    matter,
                    [joining.id],
                    join=True,
                    focus_id=source_id,
                    notify=self.applied,
                    fail=self.failed,
                )
            )

    def switch_selected_label(self) -> None:
        selected = self.selected_annotation()
        by_name = {label.name: label for label in self.labels}
        if selected is None or selected.label_name not in ("claim", "counterclaim"):
            self.statusBar().showMessage("Select a claim or counterclaim to switch.", 5000)
            return
        target = by_name["counterclaim" if selected.label_name == "claim" else "claim"]
        self.push(ChangeLabelCommand(self.project, selected, target, self.applied, self.failed))

    def change_label(self, row: AnnotationRow, label: LabelRow) -> None:
        if row.label_id != label.id:
            self.push(ChangeLabelCommand(self.project, row, label, self.applied, self.failed))

    def push(self, command) -> None:
        if self.project is None or self.project.read_only:
            self.statusBar().showMessage("This project is read-only; nothing can be changed.", 5000)
            return
        self.undo_stack.push(command)

    def applied(self, change: Change) -> None:
        """After a command committed: apply its change to the views (switching document if needed)."""
        if change.reload:
            self._reload_after(change)
        elif change.document_id != self.document_id:
            self.select_document(change.document_id)
            self.select_annotation(change.focus)
        else:
            self._apply_change(change)
            self._count_change(change)
        if self.review.isVisible():
            self._refresh_review()
        shown = self.inspector.row
        if (
            shown is not None
            and change.added is not None
            and change.added.id == shown.id
            and shown != change.added
        ):
            self.inspector.show_annotation(
                shown.id
            )  # the row stayed selected, so no selection signal showed it
        self._mark_saved(change.message or None)
        self.changed.emit()

    def _reload_after(self, change: Change) -> None:
        """A change to whole documents: re-read the list and show the document it concerns."""
        target = change.document_id or self.document_id
        if change.labels_changed:
            self.labels = self.project.labels.list()
            self._rebuild_label_actions()
            self._update_actions()
        self.reload_documents()
        if target is None or self.documents_model.row_of(target) is None:
            target = self.documents_model.row_at(0).id if self.documents_model.rowCount() else None
        self.document_id = None  # force a fresh read even when it is the same document
        if target is None:
            self._show_document(None)
        else:
            self.select_document(target)
            if change.focus:
                self.select_annotation(change.focus)

    def _position_of(self, row: AnnotationRow) -> int | None:
        """Where ``row`` sits in the text-ordered list: a bisection on its offsets, then its id."""
        position = bisect.bisect_left(self.annotations, _text_order(row), key=_text_order)
        while position < len(self.annotations) and _text_order(self.annotations[position]) == _text_order(
            row
        ):
            if self.annotations[position].id == row.id:
                return position
            position += 1
        return self.annotations_model.row_of(row.id)  # offsets changed elsewhere: look it up by id

    def _apply_change(self, change: Change) -> None:
        filtering = self.annotation_filter.is_filtering()
        if change.removed is not None:
            position = self._position_of(change.removed)
            if position is not None:
                if not filtering:
                    self.annotations_model.remove_row(position)
                del self.annotations[position]
        focus_row = None
        if change.added is not None:
            focus_row = bisect.bisect_right(self.annotations, _text_order(change.added), key=_text_order)
            self.annotations.insert(focus_row, change.added)
            if not filtering:
                self.annotations_model.insert_row(focus_row, change.added)
        self.article.apply_change(change.added, change.removed)
        cursor = self.article.textCursor()
        if cursor.hasSelection():
            cursor.clearSelection()
            self.article.setTextCursor(cursor)
        if filtering:
            self._fill_list()
            self.select_annotation(change.focus, scroll=False)
        else:
            self._select_row(focus_row, scroll=False)

    def _fill_list(self) -> None:
        """The list shows the document's annotations, or those passing the list's filters."""
        if self.document_id is not None and self.annotation_filter.is_filtering():
            rows = self.project.annotations.filtered(
                self.document_id, self.annotation_filter.filters(), preview=QUOTE_PREVIEW
            )
        else:
            rows = self.annotations
        self.annotations_model.set_rows(rows)
        shown, total = len(rows), len(self.annotations)
        self.filter_toggle.setText(f"Filter ({shown} of {total})" if shown != total else "Filter…")

    def _refresh_annotations(self, focus: str | None) -> None:
        """Re-read the open document's annotations (after edits from another window)."""
        if self.document_id is None:
            return
        self.annotations = self.project.annotations.for_document(self.document_id, preview=QUOTE_PREVIEW)
        self.article.set_annotations(self.annotations)
        self._fill_list()
        self.select_annotation(focus, scroll=False)
        self._update_document_counts()

    def _count_change(self, change: Change) -> None:
        """Adjust the document's counts in the list by what one edit added and removed."""
        row_index = self.documents_model.row_of(change.document_id)
        if row_index is None:
            return
        row = self.documents_model.row_at(row_index)
        counts = {
            "annotation_count": row.annotation_count,
            "claim_count": row.claim_count,
            "counterclaim_count": row.counterclaim_count,
        }
        for annotation, step in ((change.removed, -1), (change.added, 1)):
            if annotation is None:
                continue
            counts["annotation_count"] += step
            if annotation.label_name in ("claim", "counterclaim"):
                counts[f"{annotation.label_name}_count"] += step
        self.documents_model.replace_row(row_index, dataclasses.replace(row, **counts))

    def _update_document_counts(self) -> None:
        row_index = self.documents_model.row_of(self.document_id)
        if row_index is None:
            return
        names = [a.label_name for a in self.annotations]
        row = dataclasses.replace(
            self.documents_model.row_at(row_index),
            annotation_count=len(names),
            claim_count=names.count("claim"),
            counterclaim_count=names.count("counterclaim"),
        )
        self.documents_model.replace_row(row_index, row)

    def failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        self.saved_label.setText("⚠ Last change not saved")
        self.report_error("Change not saved", message)

    def _mark_saved(self, message: str | None) -> None:
        if self.project is not None:
            self._data_version = self.project.data_version()
            self._checkpoint_timer.start()
        stamp = datetime.now().strftime("%H:%M:%S")
        self.saved_label.setText(f"✓ Saved {stamp}")
        if message:
            self.statusBar().showMessage(message, 5000)
