"""The Timeline panel: filters (label, claimant, verdict, matter, article, dates), the lane switch, the
timeline itself, and Fit All, Export Picture… and Chronology Report…

It is handed the project's services with :meth:`TimelinePanel.set_project` and re-reads them on
:meth:`TimelinePanel.refresh` (after every edit); it never holds a session. The window docks it and connects
``annotation_selected`` / ``annotation_opened`` to its list, inspector and reading pane.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from factcheck.domain import ClaimDate, FactcheckError, Filters, Verdict, sort_key
from factcheck.reports.chronology import date_range_words, html_report, markdown_report
from factcheck.reports.data import LaneBy, TimelineData
from factcheck.ui.timeline_dialogs import ChronologyDialog, PictureDialog
from factcheck.ui.timeline_render import copy_scene, fit_all_scene, save_png, save_svg
from factcheck.ui.timeline_scene import EMPTY
from factcheck.ui.timeline_view import TimelineView

#: The preview shows at most this many entries (QTextBrowser lays out ~1 MB a second); saving writes all.
PREVIEW_ENTRIES = 1500
ANY = ""
_USE_EVENTS = frozenset(
    {
        QEvent.Type.FocusIn,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
        QEvent.Type.ContextMenu,
    }
)
_LEGEND = (
    "<span style='color:#0072B2'>●</span> claim &nbsp; <span style='color:#D55E00'>◆</span> counterclaim"
    " &nbsp; <span style='color:#6E7781'>■</span> other &nbsp; pale with a bar: month or year"
    " &nbsp; <span style='color:#A33A12'>→</span> disputes"
)


class TimelinePanel(QWidget):
    """Filters, lane switch and the timeline; picture export and the chronology report."""

    #: A mark was selected by the user ("" when the selection was cleared).
    annotation_selected = Signal(str)
    #: Double-click or Enter on a mark: open its article at the passage.
    annotation_opened = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TimelinePanel")
        self._settings = settings
        self._project = None
        self._query: tuple[Filters, LaneBy] | None = None
        self._bad_date = False
        self.view = TimelineView(self)
        self.view.annotation_selected.connect(self.annotation_selected)
        self.view.annotation_opened.connect(self.annotation_opened)
        self.view.view_changed.connect(self._update_status)

        self.label_box = self._combo("Label", "Any label")
        self.claimant_box = self._combo("Claimant", "Any claimant")
        self.verdict_box = self._combo("Verdict", "Any verdict")
        for verdict in Verdict:
            self.verdict_box.addItem(verdict.title, verdict.value)
        self.matter_box = self._combo("Matter", "All matters")
        self.document_box = self._combo("Article", "All articles")
        self.from_edit = self._date_edit("From", "from: 2021, 2021-10…")
        self.to_edit = self._date_edit("To", "to: 2021-12-09…")
        self.lanes_box = QComboBox(self)
        self.lanes_box.setAccessibleName("Lanes")
        self.lanes_box.setToolTip("One lane per matter, per claimant or per article")
        for by, text in (
            (LaneBy.MATTER, "Lanes: matters"),
            (LaneBy.CLAIMANT, "Lanes: claimants"),
            (LaneBy.DOCUMENT, "Lanes: articles"),
        ):
            self.lanes_box.addItem(text, by.value)
        if settings is not None:
            saved = settings.value("timeline/lanes", LaneBy.MATTER.value)
            self.lanes_box.setCurrentIndex(max(self.lanes_box.findData(saved), 0))
        self.lanes_box.currentIndexChanged.connect(self._filters_changed)

        self.fit_action = self._action("&Fit All", "Home", self.view.fit_all, "Show every mark")
        self.zoom_in_action = self._action("Zoom &In", "Ctrl+=", lambda: self.view.zoom_by(1.5), "Zoom in")
        self.zoom_out_action = self._action(
            "Zoom &Out", "Ctrl+-", lambda: self.view.zoom_by(1 / 1.5), "Zoom out"
        )
        self.export_action = self._action(
            "Export &Picture…",
            "",
            self.ask_export_picture,
            "Save the timeline as a PNG (1×, 2×, 3×) or SVG picture",
        )
        self.report_action = self._action(
            "Chronology &Report…",
            "",
            self.show_report,
            "The filtered claims in date order, as Markdown or a web page",
        )

        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.matter_box,
            self.label_box,
            self.claimant_box,
            self.verdict_box,
            self.document_box,
            self.from_edit,
            self.to_edit,
        ):
            filters.addWidget(widget, 1)
        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        tools.addWidget(self.lanes_box)
        for action in (self.fit_action, self.zoom_out_action, self.zoom_in_action):
            tools.addWidget(self._button(action))
        tools.addStretch(1)
        for action in (self.export_action, self.report_action):
            tools.addWidget(self._button(action))
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName("Timeline status")
        self.legend = QLabel(_LEGEND, self)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        footer = QHBoxLayout()
        footer.setContentsMargins(0, 0, 0, 0)
        footer.addWidget(self.status, 1)
        footer.addWidget(self.legend)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(filters)
        layout.addLayout(tools)
        layout.addWidget(self.view, 1)
        layout.addLayout(footer)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self._reload)
        self._choices_stale = False
        for box in (self.label_box, self.claimant_box, self.matter_box, self.document_box):
            box.installEventFilter(self)
        self.setEnabled(False)

    # --- Building -----------------------------------------------------------------------------------------

    def _combo(self, name: str, any_text: str) -> QComboBox:
        box = QComboBox(self)
        box.setAccessibleName(name)
        box.setToolTip(f"Only this {name.lower()}")
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(8)
        box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        box.addItem(any_text, ANY)
        box.currentIndexChanged.connect(self._filters_changed)
        return box

    def _date_edit(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setAccessibleName(f"Claim date {name.lower()}")
        edit.setPlaceholderText(placeholder)
        edit.setToolTip("A year, a month or a day: 2021, 2021-10 or 2021-10-07")
        edit.setClearButtonEnabled(True)
        edit.editingFinished.connect(self._filters_changed)
        return edit

    def _action(self, text: str, shortcut: str, slot, tip: str) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    # --- Project --------------------------------------------------------------------------------------------

    def set_project(self, project) -> None:
        """Show this project's timeline (None: nothing). Filters are reset."""
        self._project = project
        self._query = None
        for box in (self.label_box, self.claimant_box, self.matter_box, self.document_box, self.verdict_box):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        for edit in (self.from_edit, self.to_edit):
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        self.setEnabled(project is not None)
        if project is None:
            for box in (self.label_box, self.claimant_box, self.matter_box, self.document_box):
                _fill(box, [])
            self.view.set_data(EMPTY)
            self._update_status()
            return
        self.refresh()

    def refresh(self) -> None:
        """Re-read the timeline (after an edit); zoom, scroll and selection stay. The filters' choices
        (labels, claimants, matters, articles: ~100 ms on 500 articles) are re-read when next used."""
        if self._project is None:
            return
        self._choices_stale = True
        self._reload()

    def load_choices(self) -> None:
        """Re-read the filters' choices now, keeping what is chosen when it still exists."""
        if self._project is None:
            return
        self._choices_stale = False
        try:
            _fill(self.label_box, [(label.id, label.name) for label in self._project.labels.list()])
            _fill(self.claimant_box, [(c.id, c.name) for c in self._project.claimants.list()])
            _fill(self.matter_box, [(m.id, m.name) for m in self._project.matters.list()])
            documents = sorted(self._project.documents.list(), key=lambda d: sort_key(d.title))
            _fill(self.document_box, [(d.id, d.title or "Untitled article") for d in documents])
        except FactcheckError as exc:
            self._choices_stale = True
            self._error(str(exc))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        # A filter's choices are filled when it is about to be used: focused, clicked, scrolled, typed in.
        if self._choices_stale and event.type() in _USE_EVENTS:
            self.load_choices()
        return super().eventFilter(watched, event)

    def set_matter(self, matter_id: str | None) -> None:
        """Show one matter's timeline (None: all); the other filters stay."""
        if self._choices_stale:
            self.load_choices()
        self.matter_box.setCurrentIndex(max(self.matter_box.findData(matter_id or ANY), 0))

    def select_annotation(self, annotation_id: str | None) -> bool:
        """Select (and bring into view) an annotation chosen elsewhere; emits nothing."""
        return self.view.select_annotation(annotation_id)

    def lanes_by(self) -> LaneBy:
        return LaneBy(self.lanes_box.currentData())

    def set_lanes_by(self, by: LaneBy | str) -> None:
        self.lanes_box.setCurrentIndex(max(self.lanes_box.findData(LaneBy(by).value), 0))

    def filters(self) -> Filters:
        """The filters as set (a date that does not parse is left out and marked on its field)."""
        return Filters(
            labels=_ids(self.label_box),
            claimants=_ids(self.claimant_box),
            verdicts=_ids(self.verdict_box),
            matter_id=self.matter_box.currentData() or None,
            document_id=self.document_box.currentData() or None,
            date_from=self._date(self.from_edit),
            date_to=self._date(self.to_edit),
        )

    def data(self) -> TimelineData:
        return self.view.data()

    # --- Loading ------------------------------------------------------------------------------------------

    def _filters_changed(self) -> None:
        if self._settings is not None:
            self._settings.setValue("timeline/lanes", self.lanes_box.currentData())
        self._refresh_timer.start()

    def _date(self, edit: QLineEdit) -> ClaimDate | None:
        text = edit.text().strip()
        if not text:
            edit.setStyleSheet("")
            edit.setToolTip("A year, a month or a day: 2021, 2021-10 or 2021-10-07")
            return None
        try:
            value = ClaimDate.parse(text)
        except FactcheckError as exc:
            self._bad_date = True
            edit.setStyleSheet("QLineEdit { border: 2px solid #CF222E; }")
            edit.setToolTip(str(exc))
            return None
        edit.setStyleSheet("")
        edit.setToolTip(f"{value.display}")
        return value

    def _reload(self) -> None:
        if self._project is None:
            return
        self._bad_date = False
        filters, by = self.filters(), self.lanes_by()
        try:
            data = self._project.timeline.entries(filters, by=by)
        except FactcheckError as exc:
            self._error(str(exc))
            return
        same = self._query == (filters, by)
        self._query = (filters, by)
        self.view.set_data(data, keep_window=same)
        self._update_status()

    def _update_status(self) -> None:
        data = self.view.data()
        if self._project is None:
            self.status.setText("No project open.")
            return
        lanes = len(data.lanes)
        text = (
            f"{len(data.entries):,} dated, {len(data.undated):,} undated in {lanes:,} lane{'s' if lanes != 1 else ''}"
            f" · {self.view.scene.window_text()}"
        )
        if self._bad_date:
            text = "A date filter is not a date (see its field) and is left out. " + text
        self.status.setStyleSheet("color: #CF222E;" if self._bad_date else "")
        self.status.setText(text)

    def _error(self, message: str) -> None:
        self.status.setStyleSheet("color: #CF222E;")
        self.status.setText(message)

    # --- Picture ------------------------------------------------------------------------------------------

    def export_picture(
        self, path: Path | str, *, fmt: str | None = None, scale: int = 2, extent: str = "fit"
    ) -> Path:
        """Save the timeline to ``path``: "png" at ``scale`` or "svg" (by the suffix when no ``fmt``);
        ``extent`` "seen" for what the view shows, "fit" for everything."""
        path = Path(path)
        fmt = (fmt or path.suffix.lstrip(".") or "png").lower()
        scene = (
            copy_scene(self.view.scene)
            if extent == "seen"
            else fit_all_scene(self.view.data(), width=max(self.view.width(), 1200))
        )
        title = self.matter_box.currentText() if self.matter_box.currentData() else "Claim timeline"
        selected = self.view.selected_id()
        if fmt == "svg":
            return save_svg(scene, path, title=title, selected=selected)
        return save_png(scene, path, scale=scale, title=title, selected=selected)

    def ask_export_picture(self) -> None:
        dialog = PictureDialog(self)
        if dialog.exec() != PictureDialog.DialogCode.Accepted:
            return
        fmt, scale, extent = dialog.choice()
        suffix = f".{fmt}"
        folder = (
            self._settings.value("timeline/folder", str(Path.home())) if self._settings else str(Path.home())
        )
        start = str(Path(folder) / f"{_stem(self._title())}{suffix}")  # "timeline-<matter>.png"
        name, _ = QFileDialog.getSaveFileName(
            self, "Export the timeline", start, f"{fmt.upper()} (*{suffix})"
        )
        if not name:
            return
        path = Path(name) if Path(name).suffix else Path(name).with_suffix(suffix)
        try:
            self.export_picture(path, fmt=fmt, scale=scale, extent=extent)
        except (FactcheckError, OSError) as exc:
            QMessageBox.warning(self, "Picture not saved", str(exc))
            return
        if self._settings is not None:
            self._settings.setValue("timeline/folder", str(path.parent))

    # --- Report -------------------------------------------------------------------------------------------

    def report(self) -> tuple[str, str, str]:
        """(Markdown, HTML page, preview HTML) of the chronology of what the filters select."""
        if self._project is None:
            return "", "", ""
        data = self._project.timeline.entries(self.filters(), by=self.lanes_by(), full_text=True)
        title, scope, today = self._title(), self._scope(), date.today()
        markdown = markdown_report(data, title=title, scope=scope, generated=today)
        html = html_report(data, title=title, scope=scope, generated=today)
        preview = html
        if len(data) > PREVIEW_ENTRIES:
            shown = data.all_entries[:PREVIEW_ENTRIES]
            cut = dataclasses.replace(
                data,
                entries=tuple(e for e in shown if e.dated),
                undated=tuple(e for e in shown if not e.dated),
            )
            preview = html_report(cut, title=title, scope=scope, generated=today)
        return markdown, html, preview

    def show_report(self) -> ChronologyDialog | None:
        try:
            markdown, html, preview = self.report()
        except FactcheckError as exc:
            QMessageBox.warning(self, "No report", str(exc))
            return None
        total = len(self.view.data())
        note = (
            f"The preview shows the first {PREVIEW_ENTRIES:,} of {total:,} entries; saving writes them all."
            if total > PREVIEW_ENTRIES
            else ""
        )
        folder = self._settings.value("timeline/folder", "") if self._settings else ""
        dialog = ChronologyDialog(
            self._title(), markdown, html, preview, note=note, start_folder=folder, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _title(self) -> str:
        matter = self.matter_box.currentText() if self.matter_box.currentData() else ""
        return f"Chronology: {matter}" if matter else "Chronology"

    def _scope(self) -> str:
        """The filters in words, for the report's opening paragraph."""
        parts = []
        for box, name in (
            (self.label_box, "label"),
            (self.claimant_box, "claimant"),
            (self.verdict_box, "verdict"),
            (self.document_box, "article"),
        ):
            if box.currentData():
                parts.append(f"{name} {box.currentText()}")
        start, end = self._date(self.from_edit), self._date(self.to_edit)
        if start or end:
            parts.append(date_range_words(start.display if start else None, end.display if end else None))
        return ("Only annotations with " + "; ".join(parts) + ".") if parts else ""


def _fill(box: QComboBox, items: list[tuple[str, str]]) -> None:
    """Replace the choices after the first ("any"), keeping the current one when it still exists."""
    current = box.currentData()
    box.blockSignals(True)
    while box.count() > 1:
        box.removeItem(box.count() - 1)
    for value, text in items:
        box.addItem(text, value)
    index = box.findData(current)
    box.setCurrentIndex(max(index, 0))
    box.blockSignals(False)
    if index < 0 and current:
        box.currentIndexChanged.emit(0)


def _ids(box: QComboBox) -> tuple[str, ...]:
    value = box.currentData()
    return (value,) if value else ()


def _stem(title: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in title)
    return "-".join(keep.lower().replace("chronology", "timeline", 1).split())[:80] or "timeline"
