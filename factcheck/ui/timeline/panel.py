"""The Timeline panel: the shared filters (label, verdict, claimant, matter, article, annotator, dates),
the lane switch, the timeline itself, and Fit All, Export Picture… and Chronology Report…

It is handed the project's services with :meth:`TimelinePanel.set_project` and re-reads them on
:meth:`TimelinePanel.refresh`; it never holds a session, and knows nothing of the window: the window docks
it, calls ``refresh`` after edits (while it is shown) and follows ``annotation_selected`` /
``annotation_opened``.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from factcheck.domain import FactcheckError, Filters, Layer
from factcheck.reports.chronology import date_range_words, html_report, markdown_report
from factcheck.reports.data import LaneBy, TimelineData
from factcheck.ui import palette
from factcheck.ui.actions import make_action
from factcheck.ui.dialogs.timeline_dialogs import ChronologyDialog, PictureDialog
from factcheck.ui.filter_bar import FilterBar
from factcheck.ui.timeline.render import copy_scene, fit_all_scene, save_png, save_svg
from factcheck.ui.timeline.scene import EMPTY
from factcheck.ui.timeline.view import TimelineView

#: The preview shows at most this many entries (QTextBrowser lays out ~1 MB a second); saving writes all.
PREVIEW_ENTRIES = 1500
_LEGEND = (
    f"<span style='color:{palette.CLAIM}'>●</span> claim &nbsp; "
    f"<span style='color:{palette.COUNTERCLAIM}'>◆</span> counterclaim &nbsp; "
    f"<span style='color:{palette.OTHER}'>■</span> other &nbsp; pale with a bar: month or year &nbsp; "
    f"<span style='color:{palette.DISPUTES}'>→</span> disputes"
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
        self._layer: Layer | None = None
        self._query: tuple[Filters, LaneBy] | None = None
        self.view = TimelineView(self)
        self.view.annotation_selected.connect(self.annotation_selected)
        self.view.annotation_opened.connect(self.annotation_opened)
        self.view.view_changed.connect(self._update_status)
        self.filter_bar = FilterBar(self, columns=4)
        self.filter_bar.changed.connect(lambda _filters: self._refresh_timer.start())
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
        self.lanes_box.currentIndexChanged.connect(self._lanes_changed)
        self._build_actions()
        self._build_layout()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self._reload)
        self.setEnabled(False)

    def _build_actions(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut

        def act(text: str, keys: str, slot, tip: str) -> QAction:
            return make_action(self, text, slot, keys=keys or None, tip=tip, context=context, add_to=self)

        self.fit_action = act("&Fit All", "Home", self.view.fit_all, "Show every mark")
        self.zoom_in_action = act("Zoom &In", "Ctrl+=", lambda: self.view.zoom_by(1.5), "Zoom in")
        self.zoom_out_action = act("Zoom &Out", "Ctrl+-", lambda: self.view.zoom_by(1 / 1.5), "Zoom out")
        self.export_action = act(
            "Export &Picture…",
            "",
            self.ask_export_picture,
            "Save the timeline as a PNG (1×, 2×, 3×) or SVG picture",
        )
        self.report_action = act(
            "Chronology &Report…",
            "",
            self.show_report,
            "The filtered claims in date order, as Markdown or a web page",
        )

    def _build_layout(self) -> None:
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
        layout.addWidget(self.filter_bar)
        layout.addLayout(tools)
        layout.addWidget(self.view, 1)
        layout.addLayout(footer)

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
        self.filter_bar.set_project(project)
        self.setEnabled(project is not None)
        if project is None:
            self.view.set_data(EMPTY)
            self._update_status()
            return
        self._reload()

    def refresh(self) -> None:
        """Re-read the timeline and the filters' choices (after an edit); zoom, scroll and selection stay."""
        if self._project is None:
            return
        self.filter_bar.choices.stale()
        self._reload()

    def set_matter(self, matter_id: str | None) -> None:
        """Show one matter's timeline (None: all); the other filters stay."""
        self.filter_bar.set_filters(dataclasses.replace(self.filter_bar.filters(), matter_id=matter_id))

    def select_annotation(self, annotation_id: str | None) -> bool:
        """Select (and bring into view) an annotation chosen elsewhere; emits nothing."""
        return self.view.select_annotation(annotation_id)

    def lanes_by(self) -> LaneBy:
        return LaneBy(self.lanes_box.currentData())

    def set_lanes_by(self, by: LaneBy | str) -> None:
        self.lanes_box.setCurrentIndex(max(self.lanes_box.findData(LaneBy(by).value), 0))

    def set_layer(self, layer: Layer | None) -> None:
        """Show ``layer`` (None: the project's default — the adjudicated layer once adjudication is open);
        takes effect on the next refresh."""
        self._layer = layer

    def filters(self) -> Filters:
        """The filters in effect (a date that does not parse is left out and marked on its field), in the
        layer shown."""
        filters = self.filter_bar.filters()
        return filters if self._layer is None else dataclasses.replace(filters, layer=self._layer)

    def data(self) -> TimelineData:
        return self.view.data()

    # --- Loading ------------------------------------------------------------------------------------------

    def _lanes_changed(self) -> None:
        if self._settings is not None:
            self._settings.setValue("timeline/lanes", self.lanes_box.currentData())
        self._refresh_timer.start()

    def _reload(self) -> None:
        if self._project is None:
            return
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
        problems = self.filter_bar.problems()
        if problems:
            text = "A filter cannot be used yet and is left out (see the red hint). " + text
        self.status.setStyleSheet(f"color: {palette.ERROR};" if problems else "")
        self.status.setText(text)

    def _error(self, message: str) -> None:
        self.status.setStyleSheet(f"color: {palette.ERROR};")
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
        matter = self._matter_name()
        title = matter or "Claim timeline"
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

    def _matter_name(self) -> str:
        bar = self.filter_bar
        return bar.matter_combo.currentText() if bar.matter_combo.currentData() else ""

    def _title(self) -> str:
        matter = self._matter_name()
        return f"Chronology: {matter}" if matter else "Chronology"

    def _scope(self) -> str:
        """The filters in words, for the report's opening paragraph."""
        bar = self.filter_bar
        parts = []
        for combo, name in (
            (bar.label_combo, "label"),
            (bar.verdict_combo, "verdict"),
            (bar.document_combo, "article"),
            (bar.annotator_combo, "annotator"),
        ):
            if combo.currentData():
                parts.append(f"{name} {combo.currentText()}")
        filters = self.filters()
        if filters.claimants:
            parts.append(f"claimant {bar.claimant_combo.currentText().strip()}")
        start, end = filters.date_from, filters.date_to
        if start or end:
            parts.append(date_range_words(start.display if start else None, end.display if end else None))
        return ("Only annotations with " + "; ".join(parts) + ".") if parts else ""


def _stem(title: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in title)
    return "-".join(keep.lower().replace("chronology", "timeline", 1).split())[:80] or "timeline"
