"""Team ▸ Agreement (a panel docked under the article): how well the annotators agree — for the project, the
document shown or one matter — each measure explained in plain words, and the units they disagree on, each a
click (or Enter) away from its passage in the article above. Computed in the background (``workspace.jobs``),
again after edits while shown."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from factcheck.domain import AgreementReport, Measure
from factcheck.ui.commands.team import in_window_words
from factcheck.ui.models.disagreement_table import DisagreementRow, DisagreementTableModel
from factcheck.ui.models.rows_model import ID_ROLE
from factcheck.ui.navigation import Navigation
from factcheck.ui.refresh import WhenShown
from factcheck.ui.tables import make_table
from factcheck.ui.workspace import Workspace

#: Measures are computed again this long after the last of a burst of edits (while the window is shown).
RECOMPUTE_DELAY_MS = 800

#: The rules in plain words, shown beside the figures.
EXPLANATION = """
<p><b>Units.</b> Each passage someone highlighted is a unit. Two annotators' highlights are the same unit
when they cover the same text: they are identical, or the text they share is <i>at least half</i> of all
the text the two cover together. So a sentence and the same sentence without its last word match; a
sentence and a short clause of it do not — those are two units, each missed by the other annotator. A unit
holds at most one highlight per annotator; a highlight that could join two units joins the one it overlaps
most. Someone who highlighted nothing at all in an article did not code it: they miss nothing there.</p>
<p><b>Krippendorff's α</b> (nominal) compares the labels — and, separately, the verdicts — that all
annotators gave the units. 1 is perfect agreement, 0 is what chance would give, below 0 is worse than
chance. A unit an annotator did not mark is a missing value, not a disagreement; a verdict left
“unverified” counts as not given.</p>
<p><b>Cohen's κ</b> compares one pair of annotators on the labels of the units <i>both</i> marked,
corrected for chance. It is “n/a” where it is not defined, e.g. when both used one label throughout.</p>
<p><b>Span agreement</b> is about where the highlights are, not their labels. For each pair, a unit both
marked is <i>exact</i> (same start and end) or <i>overlapping</i> (matched by the rule above); a unit only one
of them marked is <i>missed</i>. Span agreement = 2 × matched ÷ (2 × matched + missed), from 0 to 1;
“exact only” counts overlapping pairs as two misses.</p>
"""

#: Each measure's name in the table and what it counts, by the service's measure name (pairs: a prefix).
MEASURE_WORDS = {
    "krippendorff alpha nominal (labels)": (
        "Krippendorff's α — labels",
        "all annotators, on each unit's label; units coded by two or more",
    ),
    "krippendorff alpha nominal (verdicts)": (
        "Krippendorff's α — verdicts",
        "all annotators, on each unit's verdict (“unverified” is not a verdict)",
    ),
    "span agreement": ("Span agreement — all pairs", "2 × matched ÷ (2 × matched + missed), over every pair"),
    "span agreement (exact)": (
        "Span agreement — exact only",
        "the same, counting only identical spans as matched",
    ),
    "spans exact": ("Spans exact", "pairs of highlights with the same start and end"),
    "spans overlapping": ("Spans overlapping", "pairs sharing at least half of the text they cover"),
    "spans missed": ("Spans missed", "units one of a pair marked and the other did not"),
    "units": ("Units", "passages at least one annotator marked"),
}
COUNTS = {"spans exact", "spans overlapping", "spans missed", "units"}


def measure_row(measure: Measure) -> tuple[str, str, str, str]:
    """(name, value, based on, what it counts) of a measure, in the table's words."""
    name = measure.measure
    if name.startswith("cohen kappa "):
        pair = name.removeprefix("cohen kappa ").replace("/", " / ")
        title, what = f"Cohen's κ — {pair}", "this pair, on the labels of the units both marked"
    elif name.startswith("span agreement ") and "/" in name:
        pair = name.removeprefix("span agreement ").replace("/", " / ")
        title, what = f"Span agreement — {pair}", "where this pair put their highlights"
    else:
        title, what = MEASURE_WORDS.get(name, (name, ""))
    if name in COUNTS:
        return title, f"{measure.n:,}", "", what
    value = "n/a" if measure.value is None else f"{measure.value:.3f}"
    unit = "pairs" if name.startswith("span") or name.startswith("spans") else "units"
    return title, value, f"{measure.n:,} {unit}", what


def _compute(project, document_id, matter_id, annotators):
    """The job: the report, computed by the service (no widgets)."""
    return project.agreement.report(document_id=document_id, matter_id=matter_id, annotators=annotators)


class AgreementPanel(QWidget):
    """Create once per window (in its dock) and call :meth:`show_panel`."""

    #: A report (or a reason there is none) is shown; tests wait for it.
    computed = Signal()
    #: The reviewer wants to settle this unit (its key) in the adjudication panel.
    adjudicate_requested = Signal(str)

    def __init__(self, workspace: Workspace, navigation: Navigation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.navigation = navigation
        self.setObjectName("agreement-panel")
        self.report: AgreementReport | None = None
        self._generation = 0
        self._excluded: set[str] = set()
        self._build()
        self._refresher = WhenShown(self, self.compute, delay_ms=RECOMPUTE_DELAY_MS).follow(
            workspace.project_opened, workspace.edited, workspace.reloaded, workspace.team_changed
        )
        workspace.current_document_changed.connect(self._document_shown)

    # ----- building -------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.scope = QComboBox(self)
        self.scope.setAccessibleName("Scope")
        self.scope.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.scope.setMinimumContentsLength(24)
        scope_label = QLabel("&Scope:", self)
        scope_label.setBuddy(self.scope)
        self.annotators_button = QToolButton(self)
        self.annotators_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.annotators_button.setAccessibleName("Annotators compared")
        self.annotators_button.setToolTip("Which annotators to compare")
        self.annotators_menu = QMenu(self)
        self.annotators_button.setMenu(self.annotators_menu)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Agreement status")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(scope_label)
        top.addWidget(self.scope)
        top.addWidget(QLabel("Annotators:", self))
        top.addWidget(self.annotators_button)
        top.addWidget(self.status, 1)

        self.measures = QTableWidget(0, 4, self)
        self.measures.setHorizontalHeaderLabels(["Measure", "Value", "Based on", "What it counts"])
        self.measures.setAccessibleName("Agreement measures")
        self.measures.verticalHeader().hide()
        self.measures.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.measures.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.measures.setWordWrap(False)
        header = self.measures.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.explanation = QTextBrowser(self)
        self.explanation.setHtml(EXPLANATION)
        self.explanation.setAccessibleName("What the measures count")
        self.explanation.setOpenLinks(False)
        self.figures = QTabWidget(self)
        self.figures.addTab(self.measures, "&Measures")
        self.figures.addTab(self.explanation, "&What They Count")

        self.model = DisagreementTableModel(self)
        self.view = make_table(self, self.model, "Disagreements")
        self.disagreements_label = QLabel(
            "&Disagreements — click one, or press Enter, to see its passage:", self
        )
        self.disagreements_label.setBuddy(self.view)
        self.adjudicate_button = QPushButton("Settle in &Adjudication", self)
        self.adjudicate_button.setAutoDefault(False)
        self.adjudicate_button.setToolTip("Show the selected unit side by side in the adjudication panel")
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.disagreements_label, 1)
        row.addWidget(self.adjudicate_button)
        lower_layout.addLayout(row)
        lower_layout.addWidget(self.view, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.figures)
        split.addWidget(lower)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        split.setSizes([450, 550])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        self.scope.activated.connect(lambda _index: self.compute())
        self.view.clicked.connect(lambda index: self.open_row(index.row()))
        self.view.activated.connect(lambda index: self.open_row(index.row()))
        self.adjudicate_button.clicked.connect(self._adjudicate)

    # ----- showing ----------------------------------------------------------------------------------------

    def show_panel(self) -> None:
        """Compute for the scope chosen (offering the document shown) and put the focus on the table."""
        self._fill_scopes()
        self.compute()
        self.view.setFocus()

    def _fill_scopes(self) -> None:
        """The project, the document shown, and each matter (what was chosen stays chosen)."""
        workspace = self.workspace
        chosen = self.scope.currentData()
        self.scope.clear()
        if workspace.project is None:
            return
        self.scope.addItem("The whole project", ("project", None))
        row = workspace.document_row()
        if row is not None:
            self.scope.addItem(f"This document: {row.title or '(untitled)'}", ("document", row.id))
        try:
            matters = workspace.project.matters.list()
        except Exception:  # noqa: BLE001 - the scopes can do without matters; compute() reports the problem
            matters = []
        for matter in matters:
            self.scope.addItem(f"Matter: {matter.name}", ("matter", matter.id))
        found = self.scope.findData(chosen) if chosen is not None else -1
        self.scope.setCurrentIndex(max(found, 0))

    def _document_shown(self, _document_id) -> None:
        """ "This document" is the one shown: offer it (and compute again when it is the scope)."""
        if not self.isVisible():
            return
        kind = (self.scope.currentData() or ("project", None))[0]
        self._fill_scopes()
        if kind == "document":
            self.scope.setCurrentIndex(max(self.scope.findData(("document", self.workspace.document_id)), 0))
            self.compute()

    def set_scope(self, kind: str, target: str | None = None) -> None:
        """Choose the scope ("project", "document" with its id, "matter" with its id) and compute."""
        self._fill_scopes()
        index = self.scope.findData((kind, target))
        if index >= 0:
            self.scope.setCurrentIndex(index)
        self.compute()

    def _fill_annotators(self) -> None:
        """One checkable entry per annotator (rebuilt only when the annotators change)."""
        names = [row.name for row in self.workspace.annotators]
        if names != [action.text() for action in self.annotators_menu.actions()]:
            self._rebuild_annotators(names)
        chosen = [n for n in names if n not in self._excluded]
        self.annotators_button.setText(
            "all" if len(chosen) == len(names) else f"{len(chosen)} of {len(names)}"
        )

    def _rebuild_annotators(self, names: list[str]) -> None:
        self.annotators_menu.clear()
        for name in names:
            action = QAction(name, self.annotators_menu)
            action.setCheckable(True)
            action.setChecked(name not in self._excluded)
            action.toggled.connect(lambda on, name=name: self._toggle_annotator(name, on))
            self.annotators_menu.addAction(action)

    def _toggle_annotator(self, name: str, on: bool) -> None:
        (self._excluded.discard if on else self._excluded.add)(name)
        self.compute()

    def annotators(self) -> list[str] | None:
        """The annotators compared (None: everyone in scope)."""
        if not self._excluded:
            return None
        return [row.name for row in self.workspace.annotators if row.name not in self._excluded]

    def compute(self) -> None:
        """Compute the report for the scope chosen, in the background."""
        workspace = self.workspace
        project = workspace.project
        self._fill_annotators()
        if self.scope.count() == 0:
            self._fill_scopes()
        if project is None:
            self._show_reason("No project is open.")
            return
        self._generation += 1
        generation = self._generation
        kind, target = self.scope.currentData() or ("project", None)
        if kind == "document" and target != workspace.document_id:
            self._fill_scopes()  # the document shown changed: offer that one
            kind, target = self.scope.currentData() or ("project", None)
        document_id = target if kind == "document" else None
        matter_id = target if kind == "matter" else None
        annotators = self.annotators()
        self.status.setText("Computing…")
        workspace.jobs.start(
            lambda _report, _cancelled: _compute(project, document_id, matter_id, annotators),
            on_success=lambda report: self._show(report, generation),
            on_failure=lambda message: self._show_reason(message, generation),
        )

    def _show(self, report: AgreementReport, generation: int) -> None:
        if generation != self._generation:
            return
        self.report = report
        self.measures.setRowCount(0)
        for measure in report.measures:
            cells = measure_row(measure)
            row = self.measures.rowCount()
            self.measures.insertRow(row)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    if text == "n/a":
                        item.setToolTip("Not defined for these annotations (see “What the measures count”)")
                item.setData(Qt.ItemDataRole.UserRole, measure.measure)
                if column == 3:
                    item.setToolTip(text)
                self.measures.setItem(row, column, item)
        self.model.set_annotators(report.annotators)
        self.model.set_rows([DisagreementRow(unit.key, unit) for unit in report.disagreements])
        self._size_columns()
        count = len(report.disagreements)
        scope = self.scope.currentText() or report.scope.capitalize()
        self.status.setText(
            f"{scope}: {len(report.annotators)} annotators ({', '.join(report.annotators)}), "
            f"{report.units:,} units, {count:,} with a disagreement."
        )
        self.status.setToolTip(self.status.text())
        self.adjudicate_button.setEnabled(count > 0)
        self.computed.emit()

    def _size_columns(self) -> None:
        """Fixed widths (no pass over every row): the passage widest, each annotator's take after it."""
        header = self.view.horizontalHeader()
        metrics = self.view.fontMetrics()
        widths = ("A document title", "100000–100000", "where, label, verdict", "x" * 34)
        for column, sample in enumerate(widths):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        for column in range(len(widths), self.model.columnCount()):
            header.resizeSection(column, metrics.horizontalAdvance("counterclaim · mostly supported") + 16)

    def _show_reason(self, message: str, generation: int | None = None) -> None:
        if generation is not None and generation != self._generation:
            return
        self.report = None
        self.measures.setRowCount(0)
        self.model.set_rows([])
        self.status.setText(in_window_words(message))
        self.adjudicate_button.setEnabled(False)
        self.computed.emit()

    # ----- going to a passage ---------------------------------------------------------------------------

    def value(self, measure: str) -> str:
        """The value column of ``measure`` (the service's name) as shown, or ''."""
        for row in range(self.measures.rowCount()):
            item = self.measures.item(row, 1)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == measure:
                return item.text()
        return ""

    def open_row(self, row: int) -> bool:
        """Show the unit's passage in the article (its document opened, the passage selected)."""
        if not 0 <= row < self.model.rowCount():
            return False
        unit = self.model.row_at(row).unit
        self.navigation.open_passage(unit.document_id, unit.start, unit.end)
        self.view.setFocus()  # the passage stays selected in the article; the next one is a key away
        return self.workspace.document_id == unit.document_id

    def _adjudicate(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.adjudicate_requested.emit(index.data(ID_ROLE))
