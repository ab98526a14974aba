"""Undoable document edits: import, delete, properties, a new version, and review decisions."""

from __future__ import annotations

from factcheck.domain import AnnotationRow, DocumentRow, ImportedDocument
from factcheck.ui.commands import Change, Fail, Notify, ServiceCommand


class ImportDocumentCommand(ServiceCommand):
    """Add an imported article; undo deletes it (it has no annotations yet), redo puts back the same id."""

    def __init__(self, project, imported: ImportedDocument, notify: Notify, fail: Fail):
        title = imported.title or imported.source_name or "article"
        super().__init__(project, f"Import “{_short(title)}”", notify, fail)
        self.imported = imported
        self.snapshot = None
        self.row: DocumentRow | None = None

    def _do(self):
        if self.snapshot is None:
            self.row = self.project.documents.add(self.imported)
        else:
            self.row = self.project.documents.restore(self.snapshot)
        return Change(self.row.id, reload=True, message=f"Imported “{_short(self.row.title)}”")

    def _undo(self):
        assert self.row is not None
        self.snapshot = self.project.documents.delete(self.row.id)
        return Change(None, reload=True, message="Import undone")


class BulkImportCommand(ServiceCommand):
    """Documents a background import already committed; undo deletes them all, redo brings them back."""

    def __init__(self, project, document_ids: list[str], notify: Notify, fail: Fail):
        count = len(document_ids)
        super().__init__(project, f"Import {count} article{'s' if count != 1 else ''}", notify, fail)
        self.document_ids = document_ids
        self.snapshots: list = []
        self._pending_first = True

    def _do(self):
        if self._pending_first:  # the worker did the first do; pushing only records it
            self._pending_first = False
        else:
            for snapshot in self.snapshots:
                self.project.documents.restore(snapshot)
            self.snapshots = []
        return Change(self.document_ids[-1], reload=True, message=self.text().replace("Import", "Imported"))

    def _undo(self):
        self.snapshots = [self.project.documents.delete(document_id) for document_id in self.document_ids]
        return Change(None, reload=True, message="Import undone")


class DeleteDocumentCommand(ServiceCommand):
    """Delete a document with its versions and annotations; undo restores all of it with the same ids."""

    def __init__(self, project, row: DocumentRow, notify: Notify, fail: Fail):
        super().__init__(project, f"Delete “{_short(row.title)}”", notify, fail)
        self.row = row
        self.snapshot = None

    def _do(self):
        self.snapshot = self.project.documents.delete(self.row.id)
        return Change(None, reload=True, message=f"Deleted “{_short(self.row.title)}”")

    def _undo(self):
        self.project.documents.restore(self.snapshot)
        return Change(self.row.id, reload=True)


class EditDocumentCommand(ServiceCommand):
    """Change a document's title, outlet, author, URL or publication date."""

    def __init__(self, project, document_id: str, fields: dict, notify: Notify, fail: Fail):
        super().__init__(project, "Edit document properties", notify, fail)
        self.document_id = document_id
        self.fields = fields
        self.before: DocumentRow | None = None

    def _do(self):
        self.before = self.project.documents.update_metadata(self.document_id, **self.fields)
        return Change(self.document_id, reload=True)

    def _undo(self):
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

    def __init__(self, project, document_id: str, imported: ImportedDocument, notify: Notify, fail: Fail):
        super().__init__(project, "Import new version", notify, fail)
        self.document_id = document_id
        self.imported = imported
        self.report = None
        self.before: list[AnnotationRow] = []

    def _do(self):
        self.report, self.before = self.project.versions.add_version(self.document_id, self.imported)
        return Change(self.document_id, reload=True, message=self.report.summary)

    def _undo(self):
        self.project.versions.revert_version(self.document_id, self.report.version, self.before)
        return Change(self.document_id, reload=True, message=f"Version {self.report.version} taken back")


class PlacementCommand(ServiceCommand):
    """A review decision on one annotation after a new version: accept, relocate or mark orphaned."""

    def __init__(
        self,
        project,
        row: AnnotationRow,
        action: str,
        notify: Notify,
        fail: Fail,
        span: tuple[int, int] | None = None,
    ):
        names = {
            "accept": "Accept proposed place",
            "relocate": "Place annotation",
            "orphan": "Mark not in text",
        }
        super().__init__(project, names[action], notify, fail)
        self.annotation_id = row.id
        self.action = action
        self.span = span
        self.before: AnnotationRow | None = None

    def _do(self):
        before = self.project.annotations.get(self.annotation_id)
        versions = self.project.versions
        if self.action == "accept":
            after = versions.accept(self.annotation_id)
        elif self.action == "relocate":
            after = versions.relocate(self.annotation_id, *self.span)
        else:
            after = versions.orphan(self.annotation_id)
        self.before = before
        return Change(after.document_id, added=after, removed=before)

    def _undo(self):
        now = self.project.annotations.get(self.annotation_id)
        self.project.annotations.replace(self.before)
        return Change(self.before.document_id, added=self.before, removed=now)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
