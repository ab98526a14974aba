"""The inspector: the selected annotation's record — label, claimant, claim date, attribution, verdict,
rating, note, matters and links — every field saved as it is edited, each edit one undoable step.

It always shows the workspace's selected annotation and edits only that one: when the selection moves
(another document, an import, a deletion) it follows, and a note still being typed is saved first.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from factcheck.domain import (
    AnnotationRow,
    Attribution,
    ClaimDate,
    FactcheckError,
    LinkView,
    Verdict,
    link_summary,
)
from factcheck.ui.commands.annotations import UnlinkCommand, UpdateAnnotationCommand
from factcheck.ui.commands.base import Change
from factcheck.ui.commands.matters import CreateMatterCommand, MembershipCommand
from factcheck.ui.models.annotation_table import elide
from factcheck.ui.navigation import Navigation
from factcheck.ui.refresh import WhenShown
from factcheck.ui.safe_browser import MarkdownPreview
from factcheck.ui.workspace import Workspace

NOTE_SAVE_DELAY_MS = 800
CHOICES_DELAY_MS = 300
ATTRIBUTIONS = (
    ("", "—"),
    (Attribution.DIRECT_QUOTE, "direct quote"),
    (Attribution.PARAPHRASE, "paraphrase"),
    (Attribution.UNATTRIBUTED, "unattributed / anonymous"),
)
_ROW_FIELD = {"claimant": "claimant_name"}


def _verdict_text(verdict: Verdict) -> str:
    return verdict.value.replace("_", " ")


def _same(current, value) -> bool:
    if isinstance(current, float) and value not in (None, ""):
        try:
            return float(value) == current
        except ValueError:
            return False
    return (current or None) == (value or None)


class Inspector(QDockWidget):
    """Edits go through ``workspace.push`` (commands calling services); it never holds a session."""

    #: The link button was pressed: the window asks which annotation to link to.
    link_requested = Signal()

    def __init__(self, workspace: Workspace, navigation: Navigation, parent: QWidget | None = None) -> None:
        super().__init__("Inspector", parent)
        self.setObjectName("inspector-dock")
        self.workspace = workspace
        self.navigation = navigation
        self.row: AnnotationRow | None = None
        self._loading = False
        self._note_pending = False
        self._matter_rows: list[tuple[str, str]] = []
        self._link_views: list[LinkView] = []
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.heading = QLabel("Select an annotation to see its record.", body)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addLayout(self._build_record(body))
        self._build_matters(body, layout)
        self._build_links(body, layout)
        self._build_note(body, layout)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(360)
        scroll.setWidget(body)
        self.setWidget(scroll)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self.save_note)
        self._connect_editors()
        self.choices = WhenShown(self, self.reload_choices, delay_ms=CHOICES_DELAY_MS).follow(
            workspace.labels_changed,
            workspace.matters_changed,
            workspace.edited,
            workspace.reloaded,
        )
        workspace.about_to_change.connect(self.save_note)
        workspace.current_annotation_changed.connect(self.show_annotation)
        workspace.edited.connect(self._edited)
        workspace.reloaded.connect(lambda: self.show_annotation(workspace.annotation_id))
        workspace.project_opened.connect(self.choices.refresh_now)
        self.show_annotation(None)

    # ----- building --------------------------------------------------------------------------------

    def _build_record(self, body: QWidget) -> QFormLayout:
        form = QFormLayout()
        self.label = QComboBox(body)
        self.claimant = QLineEdit(body)
        self.claimant.setPlaceholderText("who makes the claim")
        self._claimant_names = QStringListModel(self)
        completer = QCompleter(self._claimant_names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.claimant.setCompleter(completer)
        self.claim_date = QLineEdit(body)
        self.claim_date_hint = QLabel(body)
        self.claim_date_hint.setWordWrap(True)
        self.attribution = QComboBox(body)
        for value, text in ATTRIBUTIONS:
            self.attribution.addItem(text, str(value))
        self.verdict = QComboBox(body)
        for verdict in Verdict:
            self.verdict.addItem(_verdict_text(verdict), verdict.value)
        self.rating_text = QLineEdit(body)
        self.rating_text.setPlaceholderText("free-text rating, e.g. “Four Pinocchios”")
        for text, field in (
            ("&Label:", self.label),
            ("&Claimant:", self.claimant),
            ("Claim &date:", self.claim_date),
            ("", self.claim_date_hint),
            ("A&ttribution:", self.attribution),
            ("&Verdict:", self.verdict),
            ("&Rating:", self.rating_text),
        ):
            form.addRow(text, field)
            if text:
                field.setAccessibleName(text.replace("&", "").rstrip(":"))
        form.addRow("Scale:", self._build_scale(body))
        return form

    def _build_scale(self, body: QWidget) -> QHBoxLayout:
        self.rating_value = QLineEdit(body)
        self.rating_best = QLineEdit(body)
        self.rating_worst = QLineEdit(body)
        row = QHBoxLayout()
        for field, placeholder, name in (
            (self.rating_value, "value", "Rating value"),
            (self.rating_worst, "worst", "Worst rating"),
            (self.rating_best, "best", "Best rating"),
        ):
            field.setPlaceholderText(placeholder)
            field.setMaximumWidth(70)
            field.setAccessibleName(name)
            row.addWidget(field)
        row.addStretch(1)
        return row

    def _build_matters(self, body: QWidget, layout: QVBoxLayout) -> None:
        self.matters = QListWidget(body)
        self.matters.setAccessibleName("Matters of this annotation")
        self.matters.setMaximumHeight(70)
        self.matter_choice = QComboBox(body)
        self.matter_choice.setEditable(True)
        self.matter_choice.setAccessibleName("Matter to join")
        self.matter_choice.lineEdit().setPlaceholderText("join a matter (or type a new name)")
        self.join_button = QPushButton("&Join", body)
        self.leave_button = QPushButton("Leave", body)
        row = QHBoxLayout()
        row.addWidget(self.matter_choice, 1)
        row.addWidget(self.join_button)
        row.addWidget(self.leave_button)
        layout.addWidget(QLabel("Matters:", body))
        layout.addWidget(self.matters)
        layout.addLayout(row)

    def _build_links(self, body: QWidget, layout: QVBoxLayout) -> None:
        self.links_summary = QLabel(body)
        self.links = QListWidget(body)
        self.links.setAccessibleName("Links of this annotation")
        self.links.setMaximumHeight(110)
        self.link_button = QPushButton("Lin&k to…  (Ctrl+K)", body)
        self.follow_button = QPushButton("&Follow", body)
        self.unlink_button = QPushButton("Remove Link", body)
        row = QHBoxLayout()
        for button in (self.link_button, self.follow_button, self.unlink_button):
            row.addWidget(button)
        layout.addWidget(self.links_summary)
        layout.addWidget(self.links)
        layout.addLayout(row)

    def _build_note(self, body: QWidget, layout: QVBoxLayout) -> None:
        self.note = QPlainTextEdit(body)
        self.note.setPlaceholderText("Note in Markdown: evidence, sources, reasoning…")
        self.note.setAccessibleName("Note (Markdown)")
        self.preview = MarkdownPreview(self.workspace.jobs, body)
        self.preview.setAccessibleName("Note preview")
        notes = QSplitter(Qt.Orientation.Vertical, body)
        notes.addWidget(self.note)
        notes.addWidget(self.preview)
        notes.setSizes([140, 140])
        self.note.setMinimumHeight(90)
        self.preview.setMinimumHeight(90)
        layout.addWidget(QLabel("Note (Markdown, preview below):", body))
        layout.addWidget(notes, 1)

    def _connect_editors(self) -> None:
        self.label.activated.connect(lambda _i: self._save("label_id", self.label.currentData()))
        self.claimant.editingFinished.connect(lambda: self._save("claimant", self.claimant.text()))
        self.claim_date.editingFinished.connect(self._save_claim_date)
        self.attribution.activated.connect(
            lambda _i: self._save("attribution", self.attribution.currentData() or None)
        )
        self.verdict.activated.connect(lambda _i: self._save("verdict", self.verdict.currentData()))
        self.rating_text.editingFinished.connect(lambda: self._save("rating_text", self.rating_text.text()))
        for field, name in (
            (self.rating_value, "rating_value"),
            (self.rating_best, "rating_best"),
            (self.rating_worst, "rating_worst"),
        ):
            field.editingFinished.connect(lambda f=field, n=name: self._save(n, f.text().strip() or None))
        self.note.textChanged.connect(self._note_edited)
        self.note.installEventFilter(self)  # leaving the note saves it
        self.join_button.clicked.connect(self.join_matter)
        self.matter_choice.lineEdit().returnPressed.connect(self.join_matter)
        self.leave_button.clicked.connect(self.leave_matter)
        self.link_button.clicked.connect(self.link_requested.emit)
        self.follow_button.clicked.connect(self.follow_link)
        self.links.itemActivated.connect(lambda _item: self.follow_link())
        self.unlink_button.clicked.connect(self.remove_link)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.note and event.type() == QEvent.Type.FocusOut:
            self.save_note()
        return super().eventFilter(watched, event)

    # ----- showing -----------------------------------------------------------------------------------

    def reload_choices(self) -> None:
        """Labels, claimant names and matter names from the project (names only: no counting)."""
        project = self.workspace.project
        if project is None:
            return
        self._loading = True
        try:
            current_label = self.label.currentData()
            self.label.clear()
            for label in project.labels.list():
                self.label.addItem(label.name, label.id)
            found = self.label.findData(current_label)
            self.label.setCurrentIndex(max(0, found) if self.row is not None else -1)
            self._claimant_names.setStringList(project.claimants.names())
            self._matter_rows = project.matters.names()
            text = self.matter_choice.currentText()
            self.matter_choice.clear()
            for matter_id, name in self._matter_rows:
                self.matter_choice.addItem(name, matter_id)
            self.matter_choice.setEditText(
                text if text not in [name for _id, name in self._matter_rows] else ""
            )
        finally:
            self._loading = False

    def _edited(self, change: Change) -> None:
        if (
            self.row is not None
            and change.touches(self.row.id)
            and self.row.id == self.workspace.annotation_id
        ):
            self.show_annotation(self.row.id)

    def show_annotation(self, annotation_id: str | None) -> None:
        """Show an annotation's full record (read from the project), or nothing."""
        project = self.workspace.project
        row = None
        if annotation_id and project is not None:
            try:
                row = project.annotations.get(annotation_id)
            except FactcheckError:
                row = None
        self.row = row
        self._loading = True
        try:
            self._fill(row)
        finally:
            self._loading = False
        writable = row is not None and self.workspace.writable
        for widget in self._editors():
            widget.setEnabled(writable)

    def _editors(self) -> list[QWidget]:
        return [
            self.label,
            self.claimant,
            self.claim_date,
            self.attribution,
            self.verdict,
            self.rating_text,
            self.rating_value,
            self.rating_best,
            self.rating_worst,
            self.note,
            self.matter_choice,
            self.join_button,
            self.leave_button,
            self.link_button,
            self.follow_button,
            self.unlink_button,
        ]

    def _fill(self, row: AnnotationRow | None) -> None:
        if row is None:
            self._clear()
            return
        self.heading.setText(f"{row.label_name}: “{elide(row.quote, 160)}”")
        self.label.setCurrentIndex(max(0, self.label.findData(row.label_id)))
        self.claimant.setText(row.claimant_name or "")
        self.claim_date.setText(row.claim_date or "")
        default = (
            f"the article's date, {row.document_date}"
            if row.document_date
            else "no date (the article has none)"
        )
        self.claim_date.setPlaceholderText(f"2021, 2021-10 or 2021-10-07 · default: {default}")
        self.claim_date_hint.setText(self._date_hint(row))
        self.attribution.setCurrentIndex(max(0, self.attribution.findData(row.attribution or "")))
        self.verdict.setCurrentIndex(max(0, self.verdict.findData(row.verdict)))
        self.rating_text.setText(row.rating_text or "")
        for field, value in (
            (self.rating_value, row.rating_value),
            (self.rating_best, row.rating_best),
            (self.rating_worst, row.rating_worst),
        ):
            field.setText("" if value is None else f"{value:g}")
        if not (self.note.hasFocus() and self.note.toPlainText() == row.note):
            self.note.setPlainText(row.note)
        self._note_pending = False
        self.preview.set_markdown(row.note, immediately=True)
        self._fill_matters(row)
        self._fill_links(row)

    def _clear(self) -> None:
        self.heading.setText("Select an annotation to see its record.")
        self.label.setCurrentIndex(-1)
        self.attribution.setCurrentIndex(0)
        self.verdict.setCurrentIndex(0)
        for field in (
            self.claimant,
            self.claim_date,
            self.rating_text,
            self.rating_value,
            self.rating_best,
            self.rating_worst,
        ):
            field.clear()
        self.claim_date_hint.setText("")
        self.note.setPlainText("")
        self._note_pending = False
        self.preview.set_markdown("", immediately=True)
        self.matters.clear()
        self.links.clear()
        self.links_summary.setText("")

    @staticmethod
    def _date_hint(row: AnnotationRow) -> str:
        effective = row.effective_claim_date
        if effective is None:
            return "Undated: it will show in the timeline's undated strip."
        source = "from the article's date" if row.claim_date_is_default else "as entered"
        return f"Claim date {effective.display} ({effective.precision.value} precision, {source})."

    def _fill_matters(self, row: AnnotationRow) -> None:
        self.matters.clear()
        names = dict(self._matter_rows)
        for matter_id in row.matter_ids:
            item = QListWidgetItem(names.get(matter_id, matter_id), self.matters)
            item.setData(Qt.ItemDataRole.UserRole, matter_id)

    def _fill_links(self, row: AnnotationRow) -> None:
        self.links.clear()
        self._link_views = self.workspace.project.links.links_of(row.id)
        for view in self._link_views:
            where = "" if view.other_document_id == row.document_id else f" — {view.other_document_title}"
            item = QListWidgetItem(
                f"{view.phrase}: {view.other_label_name} “{elide(view.other_quote, 70)}”{where}", self.links
            )
            item.setData(Qt.ItemDataRole.UserRole, view.link.id)
        summary = link_summary(self._link_views)
        self.links_summary.setText(f"Links: {summary}" if summary else "Links: none yet")

    # ----- editing -----------------------------------------------------------------------------------

    def _editing(self) -> AnnotationRow | None:
        """The row an edit may change: the one shown, and only while it is the workspace's selection."""
        if self._loading or self.row is None or self.row.id != self.workspace.annotation_id:
            return None
        return self.row

    def _save(self, field: str, value) -> None:
        row = self._editing()
        if row is None or _same(getattr(row, _ROW_FIELD.get(field, field)), value):
            return
        self.workspace.push(UpdateAnnotationCommand(self.workspace, row.id, {field: value}))

    def _save_claim_date(self) -> None:
        row = self._editing()
        text = self.claim_date.text().strip()
        if row is None:
            return
        if text == (row.claim_date or ""):
            self.claim_date_hint.setText(self._date_hint(row))  # back to what is stored: no warning
            return
        if text:
            try:
                parsed = ClaimDate.parse(text)
            except FactcheckError as exc:
                self.claim_date_hint.setText(f"⚠ {exc}")
                return
            if parsed.is_future() and not self.confirm_future(parsed):
                self.claim_date.setText(row.claim_date or "")
                return
        self._save("claim_date", text or None)

    def confirm_future(self, parsed: ClaimDate) -> bool:
        answer = QMessageBox.question(
            self, "Claim date in the future", f"The claim date {parsed.display} is after today. Keep it?"
        )
        return answer == QMessageBox.StandardButton.Yes

    def _note_edited(self) -> None:
        if self._loading or self.row is None:
            return
        self._note_pending = True
        self.preview.set_markdown(self.note.toPlainText())
        self._note_timer.start()

    def save_note(self) -> None:
        """Save the note typed so far: a moment after typing stops, on leaving the note, and before the
        workspace moves the selection or runs another edit — always onto the annotation it was typed for."""
        self._note_timer.stop()
        if not self._note_pending or self.row is None:
            return
        self._note_pending = False
        if self.note.toPlainText() != self.row.note:
            self.workspace.push(
                UpdateAnnotationCommand(self.workspace, self.row.id, {"note": self.note.toPlainText()})
            )

    def join_matter(self) -> None:
        row = self._editing()
        name = self.matter_choice.currentText().strip()
        if row is None or not name:
            return
        try:
            matter = self.workspace.project.matters.find(name)  # asked now: the cached choices may lag
        except FactcheckError:
            matter = None
        if matter is None:
            self.workspace.push(CreateMatterCommand(self.workspace, name, [row.id], row.id))
        elif matter.id not in row.matter_ids:
            self.workspace.push(
                MembershipCommand(self.workspace, matter, [row.id], join=True, focus_id=row.id)
            )
        self.matter_choice.setEditText("")

    def leave_matter(self) -> None:
        row = self._editing()
        item = self.matters.currentItem()
        if row is None or item is None:
            return
        try:
            matter = self.workspace.project.matters.get(item.data(Qt.ItemDataRole.UserRole))
        except FactcheckError as exc:
            self.workspace.problem.emit("Cannot leave the matter", str(exc))
            return
        self.workspace.push(MembershipCommand(self.workspace, matter, [row.id], join=False, focus_id=row.id))

    def _current_link(self) -> LinkView | None:
        item = self.links.currentItem()
        if item is None:
            return None
        link_id = item.data(Qt.ItemDataRole.UserRole)
        return next((view for view in self._link_views if view.link.id == link_id), None)

    def follow_link(self) -> None:
        view = self._current_link()
        if view is not None:
            self.navigation.open_annotation(view.other_id)

    def remove_link(self) -> None:
        view = self._current_link()
        row = self._editing()
        if view is not None and row is not None:
            self.workspace.push(UnlinkCommand(self.workspace, view.link, row.id))
