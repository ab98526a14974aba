"""The search filters as one compact widget: label, claimant, verdict, matter, document, annotator and a
claim-date range; it emits the Filters they make whenever the effective filters change."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from factcheck.domain import ClaimDate, FactcheckError, Filters, Verdict, name_key
from factcheck.ui.models.annotation_table import label_chip
from factcheck.ui.palette import ERROR
from factcheck.ui.refresh import WhenShown

#: The choices are re-read this long after the last of a burst of changes (while the bar is shown).
CHOICES_DELAY_MS = 300
#: Characters a filter combo is wide enough for; longer titles show in full in the popup.
COMBO_CHARS = 10


@dataclass(frozen=True, slots=True)
class _Problem:
    field: str
    message: str


def _combo(parent: QWidget, name: str, any_text: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setAccessibleName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(COMBO_CHARS)
    combo.addItem(any_text, None)
    return combo


def _date_field(parent: QWidget, name: str, example: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setAccessibleName(name)
    field.setPlaceholderText(f"e.g. {example}")
    field.setToolTip("A year, a month or a day: 2021, 2021-10 or 2021-10-07")
    field.setMaxLength(10)
    field.setClearButtonEnabled(True)
    field.setFixedWidth(field.fontMetrics().horizontalAdvance("e.g. 2021-10-07") + 30)
    return field


class FilterBar(QWidget):
    """Filters for the project search and a document's annotation list.

    ``changed(Filters)`` is emitted when the filters in effect change. A date or claimant that cannot be
    used (a typo, half-typed) shows a red hint under the fields and filters nothing until it is fixed.
    """

    changed = Signal(object)  # Filters

    def __init__(
        self, parent: QWidget | None = None, *, show_document: bool = True, columns: int = 4
    ) -> None:
        super().__init__(parent)
        self.project = None
        self._show_document = show_document
        self._claimants: dict[str, str] = {}  # name_key → id
        self._last: Filters = Filters()
        self._problems: list[_Problem] = []

        self._build_fields()
        self._build_layout(columns)
        for combo in (
            self.label_combo,
            self.verdict_combo,
            self.matter_combo,
            self.document_combo,
            self.annotator_combo,
        ):
            combo.currentIndexChanged.connect(self._update)
        self.claimant_combo.editTextChanged.connect(self._update)
        self.date_from.textChanged.connect(self._update)
        self.date_to.textChanged.connect(self._update)
        self.clear_button.clicked.connect(self.clear)
        self.setEnabled(False)
        #: Follow what changes the choices (labels, matters, claimants…) with ``choices.follow(signal)``.
        self.choices = WhenShown(self, self.reload_choices, delay_ms=CHOICES_DELAY_MS)

    def _build_fields(self) -> None:
        self.label_combo = _combo(self, "Label filter", "Any label")
        self.verdict_combo = _combo(self, "Verdict filter", "Any verdict")
        for verdict in Verdict:
            self.verdict_combo.addItem(verdict.title, verdict.value)
        self.claimant_combo = _combo(self, "Claimant filter", "")
        self.claimant_combo.setEditable(True)
        self.claimant_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.claimant_combo.lineEdit().setPlaceholderText("Any claimant")
        self.claimant_combo.lineEdit().setClearButtonEnabled(True)
        self.claimant_combo.lineEdit().setAccessibleName("Claimant filter")
        completer = self.claimant_combo.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.matter_combo = _combo(self, "Matter filter", "Any matter")
        self.document_combo = _combo(self, "Document filter", "Any document")
        self.annotator_combo = _combo(self, "Annotator filter", "Anyone")
        self.date_from = _date_field(self, "Claim date from", "2021")
        self.date_to = _date_field(self, "Claim date to", "2021-12")
        self.clear_button = QPushButton("Clear Filters", self)
        self.clear_button.setAutoDefault(False)
        self.clear_button.setToolTip("Show everything again")
        self.clear_button.setAccessibleName("Clear filters")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName("Filter problem")
        palette = self.hint.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(ERROR))
        self.hint.setPalette(palette)
        self.hint.hide()

    def _build_layout(self, columns: int) -> None:
        dates = QWidget(self)
        dates_layout = QHBoxLayout(dates)
        dates_layout.setContentsMargins(0, 0, 0, 0)
        dates_layout.addWidget(self.date_from)
        to_label = QLabel("and", dates)
        to_label.setBuddy(self.date_to)
        dates_layout.addWidget(to_label)
        dates_layout.addWidget(self.date_to)
        dates_layout.addStretch(1)
        dates_layout.addWidget(self.clear_button)

        # Mnemonics avoid the main window's menus (F, E, D, A, V) and the inspector's (L, C, D, T, V, R, J, K, F)
        # so the bar can sit above the annotation list too.
        fields: list[tuple[str, QWidget]] = [
            ("La&bel:", self.label_combo),
            ("Verd&ict:", self.verdict_combo),
            ("Claima&nt:", self.claimant_combo),
            ("&Matter:", self.matter_combo),
        ]
        if self._show_document:
            fields.append(("Doc&ument:", self.document_combo))
        else:
            self.document_combo.hide()
        fields.append(("Ann&otator:", self.annotator_combo))
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        columns = max(1, columns)
        for i, (text, widget) in enumerate(fields):
            row, column = divmod(i, columns)
            self._add_field(grid, text, widget, row, column, 1)
            grid.setColumnStretch(column * 2 + 1, 1)
        # The date range (with the Clear button) takes the rest of the last row, or a row of its own when
        # fewer than two fields' room is left there.
        row, column = divmod(len(fields), columns)
        if columns - column < 2 and column:
            row, column = row + 1, 0
        self._add_field(grid, "Claimed bet&ween:", dates, row, column, columns - column)
        self.date_label = grid.itemAtPosition(row, column * 2).widget()
        self.date_label.setBuddy(self.date_from)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(grid)
        layout.addWidget(self.hint)

    def _add_field(
        self, grid: QGridLayout, text: str, widget: QWidget, row: int, column: int, span: int
    ) -> None:
        label = QLabel(text, self)
        label.setBuddy(widget)
        grid.addWidget(label, row, column * 2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(widget, row, column * 2 + 1, 1, span * 2 - 1)

    # ----- project and choices ---------------------------------------------------------------------

    def set_project(self, project) -> None:
        """Use ``project``'s labels, claimants, matters, documents and annotators (filters are cleared)."""
        self.project = project
        self.setEnabled(project is not None)
        self._blocked(self.clear_fields)
        self.choices.refresh_now()
        self._update()

    def reload_choices(self) -> None:
        """Re-read the choices (after edits); what is chosen stays chosen while it still exists."""
        if self.project is None:
            return
        self._blocked(self._fill_all)
        self._update()

    def _fill_all(self) -> None:
        project = self.project
        labels = project.labels.list()
        self._fill(self.label_combo, [(lab.name, lab.id, label_chip(lab.color, lab.name)) for lab in labels])
        self._fill(self.matter_combo, [(m.name, m.id, None) for m in project.matters.list()])
        if self._show_document:
            documents = project.documents.list()
            self._fill(self.document_combo, [(d.title or "(untitled)", d.id, None) for d in documents])
        self._fill(self.annotator_combo, [(name, name, None) for name in project.annotations.annotators()])
        self._fill_claimants(project.claimants.list())

    def _fill(self, combo: QComboBox, items: list[tuple[str, str, object]]) -> None:
        chosen = combo.currentData()
        while combo.count() > 1:
            combo.removeItem(1)
        for text, data, icon in items:
            if icon is None:
                combo.addItem(text, data)
            else:
                combo.addItem(icon, text, data)
            combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        found = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(found, 0))

    def _fill_claimants(self, claimants) -> None:
        text = self.claimant_combo.currentText()
        self.claimant_combo.clear()
        self.claimant_combo.addItem("", None)
        self._claimants = {}
        for claimant in claimants:
            self.claimant_combo.addItem(claimant.name, claimant.id)
            self._claimants[name_key(claimant.name)] = claimant.id
        self.claimant_combo.setCurrentIndex(-1)
        self.claimant_combo.setEditText(text)

    def _blocked(self, fill) -> None:
        widgets = (
            self.label_combo,
            self.verdict_combo,
            self.claimant_combo,
            self.matter_combo,
            self.document_combo,
            self.annotator_combo,
            self.date_from,
            self.date_to,
        )
        for widget in widgets:
            widget.blockSignals(True)
        try:
            fill()
        finally:
            for widget in widgets:
                widget.blockSignals(False)

    # ----- reading and setting ---------------------------------------------------------------------

    def filters(self) -> Filters:
        """The filters in effect: fields that cannot be used yet (see :meth:`problems`) filter nothing."""
        return self._read()[0]

    def problems(self) -> list[str]:
        """What the red hint says, one sentence per field that cannot be used."""
        return [problem.message for problem in self._read()[1]]

    def _read(self) -> tuple[Filters, list[_Problem]]:
        problems: list[_Problem] = []
        claimant_ids: tuple[str, ...] = ()
        claimant_text = self.claimant_combo.currentText().strip()
        if claimant_text:
            found = self._claimants.get(name_key(claimant_text))
            if found is None:
                problems.append(
                    _Problem("claimant", f"No claimant is called “{claimant_text}”; pick one from the list.")
                )
            else:
                claimant_ids = (found,)
        dates: list[ClaimDate | None] = []
        for field, which in ((self.date_from, "from"), (self.date_to, "to")):
            text = field.text().strip()
            value = None
            if text:
                try:
                    value = ClaimDate.parse(text)
                except FactcheckError as exc:
                    problems.append(_Problem(which, f"Claim date {which}: {exc}"))
            dates.append(value)
        date_from, date_to = dates
        if date_from and date_to and date_from.first_day() > date_to.last_day():
            problems.append(
                _Problem("range", "The claim-date range ends before it starts, so nothing is in it.")
            )

        def chosen(combo: QComboBox) -> tuple[str, ...]:
            data = combo.currentData()
            return (data,) if data is not None else ()

        filters = Filters(
            labels=chosen(self.label_combo),
            claimants=claimant_ids,
            verdicts=chosen(self.verdict_combo),
            matter_id=self.matter_combo.currentData(),
            document_id=self.document_combo.currentData() if self._show_document else None,
            annotators=chosen(self.annotator_combo),
            date_from=date_from,
            date_to=date_to,
        )
        return filters, problems

    def set_filters(self, filters: Filters) -> None:
        """Show ``filters`` in the fields (ids not in the project are left at "any")."""
        if self.choices.is_stale and self.project is not None:
            self.choices.refresh_now()  # the ids asked for must be among the choices

        def choose(combo: QComboBox, values) -> None:
            value = values[0] if isinstance(values, tuple) and values else values or None
            combo.setCurrentIndex(max(combo.findData(value), 0) if value is not None else 0)

        def fill() -> None:
            choose(self.label_combo, filters.labels)
            choose(self.verdict_combo, filters.verdicts)
            choose(self.matter_combo, filters.matter_id)
            if self._show_document:
                choose(self.document_combo, filters.document_id)
            choose(self.annotator_combo, filters.annotators)
            names = {
                claimant_id: self.claimant_combo.itemText(i)
                for i in range(self.claimant_combo.count())
                if (claimant_id := self.claimant_combo.itemData(i))
            }
            self.claimant_combo.setEditText(names.get(filters.claimants[0], "") if filters.claimants else "")
            self.date_from.setText(str(filters.date_from) if filters.date_from else "")
            self.date_to.setText(str(filters.date_to) if filters.date_to else "")

        self._blocked(fill)
        self._update()

    def clear_fields(self) -> None:
        for combo in (
            self.label_combo,
            self.verdict_combo,
            self.matter_combo,
            self.document_combo,
            self.annotator_combo,
        ):
            combo.setCurrentIndex(0)
        self.claimant_combo.setEditText("")
        self.date_from.clear()
        self.date_to.clear()

    def clear(self) -> None:
        """Every filter back to "any"."""
        self._blocked(self.clear_fields)
        self._update()

    def is_filtering(self) -> bool:
        return self.filters() != Filters()

    # ----- feedback --------------------------------------------------------------------------------

    def _update(self, *_args) -> None:
        filters, problems = self._read()
        self._problems = problems
        failing = {problem.field for problem in problems}
        for field, names in (
            (self.claimant_combo.lineEdit(), {"claimant"}),
            (self.date_from, {"from", "range"}),
            (self.date_to, {"to", "range"}),
        ):
            bad = bool(failing & names)
            palette = field.palette()
            role = QPalette.ColorRole.Text
            palette.setColor(role, QColor(ERROR) if bad else self.palette().color(role))
            field.setPalette(palette)
            messages = [p.message for p in problems if p.field in names]
            field.setAccessibleDescription(" ".join(messages))
        self.hint.setText("\n".join(problem.message for problem in problems))
        self.hint.setVisible(bool(problems))
        self.clear_button.setEnabled(self._has_input())
        if filters != self._last:
            self._last = filters
            self.changed.emit(filters)

    def _has_input(self) -> bool:
        combos = (
            self.label_combo,
            self.verdict_combo,
            self.matter_combo,
            self.document_combo,
            self.annotator_combo,
        )
        return (
            any(combo.currentIndex() > 0 for combo in combos)
            or bool(self.claimant_combo.currentText().strip())
            or bool(self.date_from.text().strip() or self.date_to.text().strip())
        )
