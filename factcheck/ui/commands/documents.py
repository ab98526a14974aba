"""Undoable document edits: import (one or many), delete, properties, a new version, review decisions."""

from __future__ import annotations

from enum import StrEnum

from factcheck.domain import AnnotationRow, DocumentRow, ImportedDocument
from factcheck.ui.commands.base import Change, ServiceCommand, short


class ReviewDecision(StrEnum):
    """What the researcher decided about an annotation a new version left in doubt."""

    ACCEPT = "accept"
    RELOCATE = "relocate"
    ORPHAN = "orphan"


_DECISION_TEXT = {
    ReviewDecision.ACCEPT: "Accept proposed place",
    ReviewDecision.RELOCATE: "Place annotation",
    ReviewDecision.ORPHAN: "Mark not in text",
}


class ImportDocumentCommand(ServiceCommand):
    """Add an imported article; undo deletes it (it has no annotations yet), redo puts back the same id."""

    def __init__(self, workspace, imported: ImportedDocument) -> None:
        title = imported.title or imported.source_name or "article"
        super().__init__(workspace, f"Import “{short(title)}”")
        self.imported = imported
        self.snapshot = None
        self.row: DocumentRow | None = None

    def _do(self) -> Change:
        if self.snapshot is None:
            self.row = self.project.documents.add(self.imported)
        else:
            self.row = self.project.documents.restore(self.snapshot)
        return Change(self.row.id, reload=True, message=f"Imported “{short(self.row.title)}”")

    def _undo(self) -> Change:
        assert self.row is not None
        self.snapshot = self.project.documents.delete(self.row.id)
        return Change(None, reload=True, message="Import undone")


class BulkImportCommand(ServiceCommand):
    """Documents a background import already committed; undo deletes them all, redo brings them back."""

    def __init__(self, workspace, document_ids: list[str]) -> None:
        count = len(document_ids)
        super().__init__(workspace, f"Import {count} article{'s' if count != 1 else ''}")
        self.document_ids = document_ids
        self.snapshots: list = []
        self._pending_first = True

    def _do(self) -> Change:
        if self._pending_first:  # the job did the first do; pushing only records it
            self._pending_first = False
        else:
            for snapshot in self.snapshots:
                self.project.documents.restore(snapshot)
            self.snapshots = []
        return Change(self.document_ids[-1], reload=True, message=self.text().replace("Import", "Imported"))

    def _undo(self) -> Change:
        self.snapshots = [self.project.documents.delete(document_id) for document_id in self.document_ids]
        return Change(None, reload=True, message="Import undone")


class DeleteDocumentCommand(ServiceCommand):
    """Delete a document with its versions and annotations; undo restores all of it with the same ids."""

    def __init__(self, workspace, row: DocumentRow) -> None:
        super().__init__(workspace, f"Delete “{short(row.title)}”")
        self.row = row
        self.snapshot = None

    def _do(self) -> Change:
        self.snapshot = self.project.documents.delete(self.row.id)
        return Change(None, reload=True, message=f"Deleted “{short(self.row.title)}”", matters_changed=True)

    def _undo(self) -> Change:
        self.project.documents.restore(self.snapshot)
        return Change(self.row.id, reload=True, matters_changed=True)


class EditDocumentCommand(ServiceCommand):
    """Change a document's title, outlet, author, URL or publication date."""

    def __init__(self, workspace, document_id: str, fields: dict) -> None:
        super().__init__(workspace, "Edit document properties")
        self.document_id = document_id
        self.fields = fields
        self.before: DocumentRow | None = None

    def _do(self) -> Change:
        self.before = self.project.documents.update_metadata(self.document_id, **self.fields)
        return Change(self.document_id, reload=True)

    def _undo(self) -> Change:
        b = self.before
        self.project.documents.update_metadata(
            self.document_id,
            title=b.title,
            outlet=b.outlet,
            author=b.author,
            url=b.url,
            published_at=b.published_at,
            published_day=b.published_day,
        )
        return Change(self.document_id, reload=True)


class NewVersionCommand(ServiceCommand):
    """Make an imported text the document's current version and re-attach its annotations."""

    def __init__(self, workspace, document_id: str, imported: ImportedDocument) -> None:
        super().__init__(workspace, "Import new version")
        self.document_id = document_id
        self.imported = imported
        self.report = None
        self.before: list[AnnotationRow] = []

    def _do(self) -> Change:
        self.report, self.before = self.project.versions.add_version(self.document_id, self.imported)
        return Change(self.document_id, reload=True, message=self.report.summary)

    def _undo(self) -> Change:
        self.project.versions.revert_version(self.document_id, self.report.version, self.before)
        return Change(self.document_id, reload=True, message=f"Version {self.report.version} taken back")


class PlacementCommand(ServiceCommand):
    """A review decision on one annotation after a new version: accept, relocate or mark orphaned."""

    def __init__(
        self, workspace, row: AnnotationRow, decision: ReviewDecision, span: tuple[int, int] | None = None
    ) -> None:
        super().__init__(workspace, _DECISION_TEXT[decision])
        self.annotation_id = row.id
        self.decision = decision
        self.span = span
        self.before: AnnotationRow | None = None

    def _do(self) -> Change:
        before = self.project.annotations.get(self.annotation_id)
        versions = self.project.versions
        if self.decision is ReviewDecision.ACCEPT:
            after = versions.accept(self.annotation_id)
        elif self.decision is ReviewDecision.RELOCATE:
            after = versions.relocate(self.annotation_id, *self.span)
        else:
            after = versions.orphan(self.annotation_id)
        self.before = before
        return Change(after.document_id, added=after, removed=before)

    def _undo(self) -> Change:
        now = self.project.annotations.get(self.annotation_id)
        self.project.annotations.replace(self.before)
        return Change(self.before.document_id, added=self.before, removed=now)
