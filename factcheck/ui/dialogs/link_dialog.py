"""Link the selected annotation to another, in this article or any other: disputes, supports or repeats."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from factcheck.domain import BUILTIN_COUNTERCLAIM, AnnotationRow, LinkRelation
from factcheck.ui.models.annotation_table import elide

SEARCH_DELAY_MS = 200
RESULT_LIMIT = 200


class LinkDialog(QDialog):
    """Choose the relation and the other annotation; ``target_id`` and ``relation`` hold the choice."""

    def __init__(self, project, source: AnnotationRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Link Annotation")
        self.resize(760, 520)
        self.project = project
        self.source = source
        self.target_id: str | None = None
        heading = QLabel(f"“{elide(source.quote, 120)}” ({source.label_name})", self)
        heading.setWordWrap(True)
        self.relations = QButtonGroup(self)
        relation_row = QHBoxLayout()
        for relation, text in (
            (LinkRelation.DISPUTES, "&disputes"),
            (LinkRelation.SUPPORTS, "&supports"),
            (LinkRelation.REPEATS, "&repeats"),
        ):
            button = QRadioButton(text, self)
            button.setProperty("relation", relation.value)
            self.relations.addButton(button)
            relation_row.addWidget(button)
        relation_row.addStretch(1)
        default = (
            LinkRelation.DISPUTES if source.label_name == BUILTIN_COUNTERCLAIM else LinkRelation.SUPPORTS
        )
        for button in self.relations.buttons():
            button.setChecked(button.property("relation") == default.value)
        self.query = QLineEdit(self)
        self.query.setPlaceholderText("Find the other annotation: words of its quote, note or claimant")
        self.query.setAccessibleName("Find annotation")
        self.results = QListWidget(self)
        self.results.setAccessibleName("Annotations to link to")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Link")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(relation_row)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.query.textChanged.connect(lambda _text: self._timer.start())
        self.query.returnPressed.connect(self._accept)
        self.results.itemActivated.connect(lambda _item: self._accept())
        self.refresh()

    @property
    def relation(self) -> LinkRelation:
        return LinkRelation(self.relations.checkedButton().property("relation"))

    def refresh(self) -> None:
        """List matching annotations across the project (all of them while the query is empty)."""
        found = self.project.search.search(self.query.text(), limit=RESULT_LIMIT)
        self.results.clear()
        seen = set()
        titles = {d.id: d.title for d in self.project.documents.list()}
        for hit in found.annotations:
            row = hit.annotation
            if row.id == self.source.id or row.id in seen:
                continue
            seen.add(row.id)
            where = (
                "this article"
                if row.document_id == self.source.document_id
                else titles.get(row.document_id, "")
            )
            item = QListWidgetItem(f"{row.label_name}: “{elide(row.quote, 90)}” — {where}", self.results)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
        if self.results.count():
            self.results.setCurrentRow(0)

    def _accept(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        self.target_id = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
