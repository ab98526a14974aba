"""Find anything (Ctrl+Shift+F): a non-modal dialog that searches article text and annotations as you type,
with the shared filters; Enter opens the hit in the main window.

The search runs as a background job. The service is quick on typical projects (a few ms on the sample) but
takes ~110–150 ms on 500 articles of 20 KB when every article holds the words (bench/bench_search.py),
which would make typing stutter if run on the UI thread. One search runs at a time; while it runs only the
newest request waits, and results that a newer request has overtaken are dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from factcheck.domain import FactcheckError, Filters, SearchResults
from factcheck.ui.filter_bar import FilterBar
from factcheck.ui.models.search_results import SNIPPET_ROLE, TEXT, ResultRow, SearchResultsModel, result_rows
from factcheck.ui.navigation import Navigation
from factcheck.ui.refresh import WhenShown
from factcheck.ui.tables import make_table
from factcheck.ui.workspace import Workspace

DEBOUNCE_MS = 250
RESULT_LIMIT = 500


def _plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


class SnippetDelegate(QStyledItemDelegate):
    """Paints ``before`` + **match** + ``after`` on one line, eliding the context so the match stays in view."""

    def paint(self, painter, option, index) -> None:
        data = index.data(SNIPPET_ROLE)
        if data is None:
            super().paint(painter, option, index)
            return
        prefix, snippet = data
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget).adjusted(3, 0, -3, 0)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active
            if opt.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        bold = QFont(opt.font)
        bold.setBold(True)
        plain_metrics, bold_metrics = QFontMetrics(opt.font), QFontMetrics(bold)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine
        painter.save()
        painter.setClipRect(rect)
        painter.setPen(opt.palette.color(group, role))
        x = rect.left()
        if prefix:
            painter.setFont(opt.font)
            painter.setOpacity(0.7)
            painter.drawText(rect.adjusted(0, 0, 0, 0), flags, prefix)
            painter.setOpacity(1.0)
            x += plain_metrics.horizontalAdvance(prefix)
        room = rect.right() - x
        match = bold_metrics.elidedText(snippet.match, Qt.TextElideMode.ElideRight, max(room, 0))
        match_width = bold_metrics.horizontalAdvance(match)
        left = room - match_width
        before_width = plain_metrics.horizontalAdvance(snippet.before)
        after_width = plain_metrics.horizontalAdvance(snippet.after)
        if before_width + after_width > left:
            # Not everything fits: the match goes about a third of the way in, context either side.
            before_width = min(before_width, max(left // 3, left - after_width))
        before = plain_metrics.elidedText(snippet.before, Qt.TextElideMode.ElideLeft, max(before_width, 0))
        painter.setFont(opt.font)
        painter.drawText(rect.adjusted(x - rect.left(), 0, 0, 0), flags, before)
        x += plain_metrics.horizontalAdvance(before)
        painter.setFont(bold)
        painter.drawText(rect.adjusted(x - rect.left(), 0, 0, 0), flags, match)
        x += match_width
        after = plain_metrics.elidedText(snippet.after, Qt.TextElideMode.ElideRight, max(rect.right() - x, 0))
        painter.setFont(opt.font)
        painter.drawText(rect.adjusted(x - rect.left(), 0, 0, 0), flags, after)
        painter.restore()


def _search(project, text: str, filters: Filters):
    """The job: services only, no widgets. Titles come along for the annotation hits."""
    results = project.search.search(text, filters, limit=RESULT_LIMIT)
    titles = {row.id: row.title for row in project.documents.list()} if results.annotations else {}
    return results, titles


class SearchDialog(QDialog):
    """Project-wide search. Create once per window and call :meth:`show_dialog`; it keeps its query,
    filters and results between openings and re-runs the search after edits while it is open."""

    #: Emitted after results (or a failure) are shown; tests wait for it.
    results_shown = Signal()
    #: Emitted with the row a researcher opened (after the window showed it).
    opened = Signal(object)

    def __init__(self, workspace: Workspace, navigation: Navigation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.navigation = navigation
        self.setWindowTitle("Find in Project")
        self.setModal(False)
        self.setObjectName("search-dialog")
        self.resize(1040, 560)
        self._project = None
        self._generation = 0
        self._running_generation: int | None = None
        self._pending = False
        self._open_when_ready = False
        self.results = SearchResults([], [])
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        # "Searching…" only when a search takes long enough to notice (no flicker on each keystroke).
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(200)
        self._busy_timer.timeout.connect(lambda: self.counts.setText("Searching…"))
        self.query.textChanged.connect(lambda _text: self._timer.start())
        self.filter_bar.changed.connect(lambda _filters: self._timer.start())
        self.view.activated.connect(lambda index: self.open_row(index.row()))
        self.query.installEventFilter(self)
        self.view.installEventFilter(self)
        # After edits, reloads and another project: choices and results again, while shown.
        WhenShown(self, self._rerun, delay_ms=DEBOUNCE_MS).follow(
            workspace.project_opened,
            workspace.edited,
            workspace.reloaded,
            workspace.labels_changed,
            workspace.matters_changed,
        )

    def _build(self) -> None:
        self.query = QLineEdit(self)
        self.query.setAccessibleName("Search text")
        self.query.setPlaceholderText("Words in the articles, quotes, notes or claimants")
        self.query.setClearButtonEnabled(True)
        query_label = QLabel("&Search:", self)
        query_label.setBuddy(self.query)
        self.filter_bar = FilterBar(self)
        self.counts = QLabel(self)
        self.counts.setAccessibleName("Number of results")
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setAccessibleName("Search note")
        self.note.setEnabled(False)  # dimmed: an explanation, not an error
        self.note.hide()
        self._build_view()
        help_text = QLabel(
            "Enter or double-click opens the hit in the article · ↓ moves to the results · Esc closes", self
        )
        help_text.setEnabled(False)
        self.close_button = QPushButton("Close", self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.hide)
        top = QHBoxLayout()
        top.addWidget(query_label)
        top.addWidget(self.query, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(help_text, 1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.counts)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.setTabOrder(self.query, self.filter_bar)

    def _build_view(self) -> None:
        self.model = SearchResultsModel(self)
        self.view = make_table(self, self.model, "Search results")
        self.view.setItemDelegateForColumn(SearchResultsModel.CONTEXT, SnippetDelegate(self.view))
        header = self.view.horizontalHeader()
        metrics = self.view.fontMetrics()
        for column, sample in (
            (SearchResultsModel.LABEL, "passage · tagged··"),
            (SearchResultsModel.CLAIMANT, "crew members who quit"),
            (SearchResultsModel.DOCUMENT, "Rust crew letter says the set"),
            (SearchResultsModel.CLAIM_DATE, "2021-10-07··"),
            (SearchResultsModel.VERDICT, "Mostly supported··"),
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        header.setSectionResizeMode(SearchResultsModel.CONTEXT, QHeaderView.ResizeMode.Stretch)

    # ----- opening ---------------------------------------------------------------------------------

    def show_dialog(self, *, use_selection: bool = True) -> None:
        """Show (or raise) the dialog with the query selected; a short one-line selection in the article
        becomes the query."""
        if use_selection:
            selected = self.navigation.selected_text()
            if selected:
                self.query.setText(selected)
        self.show()  # a stale dialog re-reads its choices and searches as it shows
        self.raise_()
        self.activateWindow()
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def sizeHint(self) -> QSize:
        return QSize(1040, 560)

    # ----- searching -------------------------------------------------------------------------------

    def _check_project(self) -> None:
        """Follow the workspace to another project: its own choices, no stale results."""
        if self.workspace.project is not self._project:
            self._project = self.workspace.project
            self.filter_bar.set_project(self._project)
            self.model.set_rows([])
            self.results = SearchResults([], [])

    def _rerun(self) -> None:
        """Something changed (or the dialog is shown after changes): choices and results again."""
        self._check_project()
        self.filter_bar.choices.refresh_now()
        self.search_now()

    def search_now(self) -> None:
        """Run the search for the current query and filters (at once, not after the typing pause)."""
        self._timer.stop()
        self._check_project()
        self._generation += 1
        text = self.query.text()
        filters = self.filter_bar.filters()
        if self._project is None:
            self._set_rows([], SearchResults([], []), "No project is open.")
            return
        if not text.strip() and filters == Filters():
            self._set_rows([], SearchResults([], []), "Type words to search, or choose a filter.")
            self.results_shown.emit()
            return
        if self._running_generation is not None:
            self._pending = True
            return
        self._start(text, filters)

    def _start(self, text: str, filters: Filters) -> None:
        self._running_generation = self._generation
        self._pending = False
        self._busy_timer.start()
        project = self._project
        filters = self.workspace.layer_filters(filters) or filters  # the layer the window shows
        self.workspace.jobs.start(
            lambda _report, _cancelled: _search(project, text, filters),
            on_success=self._show_results,
            on_failure=self._show_failure,
        )

    def _finished(self) -> bool:
        """A job ended: start the newest waiting request; True when its answer is still wanted."""
        generation, self._running_generation = self._running_generation, None
        if self._pending:
            self._generation += 1
            self._start(self.query.text(), self.filter_bar.filters())
            return False
        return generation == self._generation

    def _show_results(self, found: tuple[SearchResults, dict]) -> None:
        if not self._finished():
            return
        results, titles = found
        self._set_rows(result_rows(results, titles), results, "")
        self.results_shown.emit()
        if self._open_when_ready:
            self._open_when_ready = False
            self.open_current()

    def _show_failure(self, message: str) -> None:
        if not self._finished():
            return
        self._open_when_ready = False
        self._set_rows([], SearchResults([], []), message)
        self.results_shown.emit()

    def _set_rows(self, rows: list[ResultRow], results: SearchResults, message: str) -> None:
        self._busy_timer.stop()
        current = self.view.currentIndex()
        keep = self.model.row_at(current.row()).id if current.isValid() else None
        self.results = results
        self.model.set_rows(rows)
        if rows:
            # Re-run after an edit: stay on the hit the researcher was at, not back at the top.
            position = self.model.row_of(keep) if keep is not None else None
            self.view.selectRow(position or 0)
            self.view.scrollTo(self.model.index(position or 0, 0))
        self.counts.setText(message or self._summary(results))
        notes = []
        if results.truncated:
            notes.append(
                f"Only the first {RESULT_LIMIT} of each kind are listed; add words or filters to narrow."
            )
        if self.query.text().strip() and self.filter_bar.filters().narrows_annotations:
            notes.append(
                "Article text is not searched while a label, claimant, verdict, matter, annotator or claim-date "
                "filter is set: only annotations can have those."
            )
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))

    def _summary(self, results: SearchResults) -> str:
        parts = [_plural(len(results.annotations), "annotation")]
        if self.query.text().strip() and not self.filter_bar.filters().narrows_annotations:
            parts.append(_plural(len(results.texts), "passage") + " in articles")
        return ", ".join(parts)

    # ----- opening hits ----------------------------------------------------------------------------

    def open_current(self) -> bool:
        """Open the selected hit (or the first one)."""
        if self.model.rowCount() == 0:
            return False
        index = self.view.currentIndex()
        return self.open_row(index.row() if index.isValid() else 0)

    def open_row(self, row: int) -> bool:
        """Show the hit in the main window: the annotation selected, or the passage selected in the article."""
        if not 0 <= row < self.model.rowCount():
            return False
        hit = self.model.row_at(row)
        if hit.kind == TEXT:
            try:
                self.workspace.project.documents.get(hit.document_id)
            except FactcheckError as exc:
                self.workspace.problem.emit("Cannot open the passage", str(exc))
                return False
            self.navigation.open_passage(hit.document_id, hit.start, hit.end)
            opened = self.workspace.document_id == hit.document_id
        else:
            opened = self.navigation.open_annotation(hit.id)
        if opened:
            self.opened.emit(hit)
        return opened

    def _enter(self) -> None:
        if self._timer.isActive() or self._running_generation is not None:
            self._open_when_ready = True
            if self._timer.isActive():
                self.search_now()
            return
        self.open_current()

    # ----- keys ------------------------------------------------------------------------------------

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if (
                key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            ):
                if watched is self.query:
                    self._enter()
                else:
                    self.open_current()
                return True
            if (
                watched is self.query
                and key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown)
                and self.model.rowCount()
            ):
                self.view.setFocus(Qt.FocusReason.OtherFocusReason)
                if not self.view.currentIndex().isValid():
                    self.view.selectRow(0)
                return True
            if watched is self.view and key == Qt.Key.Key_Up and self.view.currentIndex().row() <= 0:
                self.query.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Find):
            self.query.setFocus()
            self.query.selectAll()
            return
        super().keyPressEvent(event)

    def hideEvent(self, event) -> None:
        self.workspace.settings.setValue("search_dialog/geometry", self.saveGeometry())
        super().hideEvent(event)

    def showEvent(self, event) -> None:
        if not getattr(self, "_geometry_restored", False):
            self._geometry_restored = True
            geometry = self.workspace.settings.value("search_dialog/geometry")
            if geometry:
                self.restoreGeometry(geometry)
        super().showEvent(event)

    def done(self, result: int) -> None:
        """Esc hides the dialog; it keeps its state for the next Ctrl+Shift+F."""
        self.hide()
        self.setResult(result)

    def closeEvent(self, event: QEvent) -> None:
        self._timer.stop()
        super().closeEvent(event)
