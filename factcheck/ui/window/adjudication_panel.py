"""Team ▸ Adjudicate: the units still to decide, one at a time, each annotator's annotation side by side
(passage, label, verdict, claimant, date, attribution, rating, note). The reviewer accepts one, merges field
by field, writes their own or rejects them all; each decision is one undoable step recording who decided.
Keyboard first: F8 / Shift+F8 walk the units, Alt+1, Alt+2… accept an annotator's, the rest as shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDialog,
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from factcheck.domain import AnnotationRow, FactcheckError, UnitView
from factcheck.ui.actions import key_text, make_action
from factcheck.ui.commands.team import (
    AcceptAgreedCommand,
    DecisionCommand,
    in_window_words,
    set_adjudication,
)
from factcheck.ui.models.annotation_table import elide
from factcheck.ui.navigation import Navigation
from factcheck.ui.refresh import WhenShown
from factcheck.ui.workspace import Workspace

#: The units are read again this long after the last of a burst of edits (while the panel is shown).
REFRESH_DELAY_MS = 300
#: Annotators with an accept key of their own (Alt+1 … Alt+9).
ACCEPT_KEYS = 9
#: The rows of the comparison: the field a merge takes (see AdjudicationService.MERGE_FIELDS) and its name.
FIELDS = (
    ("span", "Passage"),
    ("label", "Label"),
    ("verdict", "Verdict"),
    ("claimant", "Claimant"),
    ("claim_date", "Claim date"),
    ("attribution", "Attribution"),
    ("rating", "Rating"),
    ("note", "Note"),
)


def field_text(row: AnnotationRow, field: str) -> str:
    """How a field of an annotation reads in the comparison."""
    if field == "span":
        return f"{elide(row.quote, 40)} ({row.start}–{row.end})"
    if field == "label":
        return row.label_name
    if field == "verdict":
        return row.verdict.title
    if field == "claimant":
        return row.claimant_name or "—"
    if field == "claim_date":
        return row.claim_date or "— (publication date)"
    if field == "attribution":
        return row.attribution.title if row.attribution else "—"
    if field == "rating":
        if row.rating_value is None and not row.rating_text:
            return "—"
        scale = f" of {row.rating_best:g}" if row.rating_best is not None else ""
        value = f"{row.rating_value:g}{scale}" if row.rating_value is not None else ""
        return " ".join(part for part in (row.rating_text, value) if part)
    return elide(row.note, 40) if row.note else "—"


def _field_value(row: AnnotationRow, field: str):
    """What decides whether two annotators agree on a field."""
    if field == "span":
        return row.start, row.end
    if field == "label":
        return row.label_id
    if field == "claimant":
        return row.claimant_id
    if field == "rating":
        return row.rating_text, row.rating_value, row.rating_best, row.rating_worst
    return getattr(row, field)


def _open_units(project):
    """The job: every unit still to decide, in document and text order (services only)."""
    return project.adjudication.open_units(), len(project.adjudication.decisions())


class AdjudicationPanel(QDockWidget):
    """Create once per window; :meth:`show_panel` shows it (and reads the units)."""

    #: The units were read and one (or a message) is shown; tests wait for it.
    loaded = Signal()

    def __init__(self, workspace: Workspace, navigation: Navigation, parent: QWidget | None = None) -> None:
        super().__init__("Adjudication", parent)
        self.setObjectName("adjudication-dock")
        self.workspace = workspace
        self.navigation = navigation
        self.units: list[UnitView] = []
        self.index = 0
        self.decided = 0
        self.rows: dict[str, AnnotationRow] = {}
        self._shown_key: str | None = None
        self._wanted_key: str | None = None
        self._recent_keys: list[str] = []
        self._generation = 0
        self._groups: dict[str, QButtonGroup] = {}
        self._missed_by: list[str] = []
        self._build_actions()
        self._build()
        self._refresher = WhenShown(self, self.reload, delay_ms=REFRESH_DELAY_MS).follow(
            workspace.project_opened, workspace.edited, workspace.reloaded, workspace.team_changed
        )
        self.visibilityChanged.connect(lambda _visible: self._update_actions())
        self._update_actions()

    # ----- building -------------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        def act(text: str, slot: Callable[[], object], keys: str, tip: str) -> QAction:
            return make_action(self, text, slot, keys=keys, tip=tip, add_to=self)

        self.next_action = act("&Next Unit", lambda: self.step(1), "F8", "The next unit to decide")
        self.previous_action = act(
            "&Previous Unit", lambda: self.step(-1), "Shift+F8", "The previous unit to decide"
        )
        self.accept_actions = [
            act(
                f"Accept Annotator {n}'s",
                lambda n=n: self.accept(n - 1),
                f"Alt+{n}",
                f"Put annotator {n}'s annotation, as it is, in the adjudicated layer",
            )
            for n in range(1, ACCEPT_KEYS + 1)
        ]
        self.merge_action = act(
            "&Merge Chosen Fields",
            self.merge,
            "Ctrl+Shift+K",
            "One annotation made of the fields chosen in each row",
        )
        self.own_action = act(
            "&Write Own…", self.write_own, "Ctrl+Shift+W", "Your own annotation for this passage"
        )
        self.reject_action = act(
            "&Reject All",
            self.reject,
            "Ctrl+Shift+X",
            "None of them: the passage stays out of the adjudicated layer",
        )
        self.agreed_action = act(
            "Accept All &Agreed Units",
            self.accept_agreed,
            "Ctrl+Shift+D",
            "Accept every unit all annotators marked the same way (one undoable step)",
        )

    def _build(self) -> None:
        body = QWidget(self)
        self.pages = QStackedWidget(body)
        # Page 0: a message (nothing to decide, adjudication closed, blind mode…).
        message_page = QWidget(self.pages)
        message_layout = QVBoxLayout(message_page)
        self.message = QLabel(message_page)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Adjudication status")
        self.open_button = QPushButton("&Open Adjudication", message_page)
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self._open_adjudication)
        message_layout.addWidget(self.message)
        message_layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        message_layout.addStretch(1)
        self.pages.addWidget(message_page)
        # Page 1: one unit side by side.
        unit_page = QWidget(self.pages)
        unit_layout = QVBoxLayout(unit_page)
        unit_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.previous_button = self._button(self.previous_action, "◀ Previous")
        self.next_button = self._button(self.next_action, "Next ▶")
        self.where = QLabel(unit_page)
        self.where.setWordWrap(True)
        self.where.setAccessibleName("Unit shown")
        top.addWidget(self.previous_button)
        top.addWidget(self.where, 1)
        top.addWidget(self.next_button)
        unit_layout.addLayout(top)
        self.grid_host = QWidget(unit_page)
        self.grid = QGridLayout(self.grid_host)
        self.grid.setHorizontalSpacing(16)
        scroll = QScrollArea(unit_page)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        # The decisions in a column beside the comparison: the panel stays narrow enough for a small screen.
        decisions = QVBoxLayout()
        self.merge_button = self._button(self.merge_action)
        self.own_button = self._button(self.own_action)
        self.reject_button = self._button(self.reject_action)
        self.agreed_button = self._button(self.agreed_action)
        for button in (self.merge_button, self.own_button, self.reject_button):
            decisions.addWidget(button)
        decisions.addStretch(1)
        self.progress = QLabel(unit_page)
        self.progress.setAccessibleName("Decisions so far")
        decisions.addWidget(self.progress)
        decisions.addWidget(self.agreed_button)
        middle = QHBoxLayout()
        middle.addWidget(scroll, 1)
        middle.addLayout(decisions)
        unit_layout.addLayout(middle, 1)
        self.pages.addWidget(unit_page)
        layout = QVBoxLayout(body)
        layout.addWidget(self.pages)
        self.setWidget(body)

    def _button(self, action: QAction, text: str = "") -> QPushButton:
        """A push button running ``action``, its key in its text (keys are shown, not hidden in tooltips)."""
        keys = key_text(action)
        text = text or action.text().replace("&", "")
        button = QPushButton(text + (f" ({keys})" if keys else ""), self)
        button.setAutoDefault(False)
        button.setToolTip(action.toolTip())
        button.setEnabled(action.isEnabled())
        action.enabledChanged.connect(button.setEnabled)
        button.clicked.connect(action.trigger)
        return button

    # ----- reading ----------------------------------------------------------------------------------------

    def show_panel(self) -> None:
        self.show()
        self.raise_()
        self._refresher.refresh_now()

    def show_unit_key(self, key: str) -> None:
        """Show the unit with this key (from the agreement window), once the units are read."""
        self._wanted_key = key
        self.show_panel()

    def reload(self) -> None:
        """Read the units still to decide (in the background)."""
        workspace = self.workspace
        project = workspace.project
        if project is None:
            self._say("No project is open.")
            return
        team = workspace.team
        if not team.adjudication_open:
            blind = " Blind mode ends then: everyone sees everyone's annotations." if team.blind else ""
            self._say(
                "Adjudication is not open. A reviewer opens it to settle the annotators' disagreements; "
                f"exports and timelines then use the adjudicated layer.{blind}",
                offer_open=workspace.writable,
            )
            return
        self._generation += 1
        generation = self._generation
        workspace.jobs.start(
            lambda _report, _cancelled: _open_units(project),
            on_success=lambda found: self._loaded(found, generation),
            on_failure=lambda message: generation == self._generation and self._say(message),
        )

    def _loaded(self, found: tuple[list[UnitView], int], generation: int) -> None:
        if generation != self._generation:
            return
        units, self.decided = found
        keys = [unit.key for unit in units]
        wanted = self._wanted_key
        if wanted is None:
            # An undone decision brings its unit back: show it again.
            wanted = next((key for key in reversed(self._recent_keys) if key in keys), None)
            if wanted is not None:
                self._recent_keys.remove(wanted)
        elif wanted not in keys:
            self.workspace.status.emit("That unit is decided already, or its annotations changed.", 6000)
        self._wanted_key = None
        if wanted in keys:
            self.index = keys.index(wanted)
        elif self._shown_key in keys:
            self.index = keys.index(self._shown_key)
        self.units = units
        self.index = max(0, min(self.index, len(units) - 1))
        if not units:
            done = f" {self.decided} decided so far." if self.decided else ""
            self._say(
                f"Nothing left to decide: the annotators agree everywhere, or every unit is settled.{done}"
            )
            self.pages.setCurrentIndex(0)
            self.open_button.hide()
            self._shown_key = None
        else:
            self._show_unit()
        self._update_actions()
        self.loaded.emit()

    def _say(self, message: str, *, offer_open: bool = False) -> None:
        self.units = []
        self.message.setText(in_window_words(message))
        self.open_button.setVisible(offer_open)
        self.pages.setCurrentIndex(0)
        self._shown_key = None
        self._update_actions()
        self.loaded.emit()

    # ----- one unit ---------------------------------------------------------------------------------------

    def current(self) -> UnitView | None:
        return self.units[self.index] if 0 <= self.index < len(self.units) else None

    def annotators(self) -> list[str]:
        """The columns of the comparison: who marked the unit, then who annotated its document but not
        this passage (their column says so); someone who never coded the document has no column."""
        unit = self.current()
        if unit is None:
            return []
        return [s.annotator for s in unit.spans] + self._missed_by

    def _missing(self, unit: UnitView) -> list[str]:
        """Annotators with annotations in the unit's document (as the window shows it) who did not mark it."""
        workspace = self.workspace
        if workspace.document_id != unit.document_id:
            return []
        marked = {s.annotator for s in unit.spans}
        coders = {row.annotator for row in workspace.annotations if not row.adjudicated}
        order = [row.name for row in workspace.annotators]
        return sorted(
            coders - marked, key=lambda name: (order.index(name) if name in order else len(order), name)
        )

    def differences(self) -> list[str]:
        """What the columns shown differ on, in words ("label", "verdict"…; "not marked by NAME")."""
        names = self.annotators()
        present = [self.rows[n] for n in names if n in self.rows]
        found = [
            title.lower() for field, title in FIELDS if len({_field_value(r, field) for r in present}) > 1
        ]
        if self._missed_by:
            found.append(f"not marked by {', '.join(self._missed_by)}")
        return found

    def _show_unit(self) -> None:
        unit = self.current()
        assert unit is not None
        try:
            rows = self.workspace.project.annotations.get_many([s.annotation_id for s in unit.spans])
        except FactcheckError as exc:
            self._say(str(exc))
            return
        self.rows = {row.annotator: row for row in rows}
        if unit.key != self._shown_key:
            # The passage in the article above, side by side with the comparison (the focus stays here).
            self._shown_key = unit.key
            focused = QApplication.focusWidget()
            focus = focused if focused is not None and self.isAncestorOf(focused) else None
            self.navigation.open_passage(unit.document_id, unit.start, unit.end)
            if focus is not None:
                focus.setFocus()
        self._missed_by = self._missing(unit)
        self._fill_grid(unit)
        differences = ", ".join(self.differences()) or "nothing"
        self.where.setText(
            f"Unit {self.index + 1} of {len(self.units)} — {unit.document_title or '(untitled)'}, characters "
            f"{unit.start}–{unit.end}. They differ on: {differences}."
        )
        self.progress.setText(f"{self.decided} decided, {len(self.units)} to go")
        self.pages.setCurrentIndex(1)

    def _fill_grid(self, unit: UnitView) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self._groups = {}
        host = self.grid_host
        names = self.annotators()
        bold = QFont(self.font())
        bold.setBold(True)
        for column, name in enumerate(names, start=1):
            header = QLabel(name, host)
            header.setFont(bold)
            self.grid.addWidget(header, 0, column)
            if name in self.rows and column <= ACCEPT_KEYS:
                action = self.accept_actions[column - 1]
                action.setText(f"Accept {name}'s")
                self.grid.addWidget(self._button(action), 1, column)
            elif name not in self.rows:
                self.grid.addWidget(QLabel("did not mark this passage", host), 1, column)
        for line, (field, title) in enumerate(FIELDS, start=2):
            present = [self.rows[n] for n in names if n in self.rows]
            differs = len({_field_value(r, field) for r in present}) > 1 or (
                field == "span" and len(present) < len(names)
            )
            label = QLabel(("≠ " if differs else "") + title, host)
            if differs:
                label.setFont(bold)
                label.setToolTip("The annotators differ here")
            self.grid.addWidget(label, line, 0)
            group = QButtonGroup(host)
            group.setExclusive(True)
            self._groups[field] = group
            for column, name in enumerate(names, start=1):
                row = self.rows.get(name)
                if row is None:
                    continue
                text = field_text(row, field)
                button = QRadioButton(text, host)
                full = row.quote if field == "span" else row.note if field == "note" else text
                button.setToolTip(f"{full}\n\nTake the {title.lower()} from {name} when merging")
                button.setAccessibleName(f"{title} from {name}: {text}")
                group.addButton(button, column - 1)
                self.grid.addWidget(button, line, column)
            first = group.buttons()[0] if group.buttons() else None
            if first is not None:
                first.setChecked(True)
        self.grid.setColumnStretch(len(names) + 1, 1)
        self.grid.setRowStretch(len(FIELDS) + 2, 1)

    def choices(self) -> dict[str, str]:
        """For each field, whose value the merge takes (as the radio buttons say)."""
        names = self.annotators()
        return {
            field: names[group.checkedId()]
            for field, group in self._groups.items()
            if group.checkedId() >= 0 and group.checkedId() < len(names)
        }

    def choose(self, field: str, annotator: str) -> None:
        """Take ``field`` from ``annotator`` in the merge (as clicking its radio button does)."""
        names = self.annotators()
        button = self._groups[field].button(names.index(annotator))
        button.setChecked(True)

    def step(self, by: int) -> None:
        if not self.units:
            return
        self.index = (self.index + by) % len(self.units)
        self._show_unit()
        self._update_actions()

    # ----- deciding ---------------------------------------------------------------------------------------

    def _decide(self, text: str, decide) -> bool:
        unit = self.current()
        if unit is None:
            return False
        self._recent_keys.append(unit.key)
        command = DecisionCommand(self.workspace, unit, text, decide)
        if not self.workspace.push(command):
            self._recent_keys.remove(unit.key)
            return False
        return True

    def accept(self, position: int) -> bool:
        """Accept the annotation of the ``position``-th annotator in the comparison (0: the first)."""
        names = self.annotators()
        if not 0 <= position < len(names) or names[position] not in self.rows:
            self.workspace.status.emit("That annotator did not mark this passage: nothing to accept.", 6000)
            return False
        name = names[position]
        unit = self.current()
        return self._decide(f"Accept {name}'s annotation", lambda service: service.accept(unit, name))

    def merge(self) -> bool:
        choices = self.choices()
        if not choices:
            return False
        base = choices.get("span") or next(iter(choices.values()))
        overrides = {field: who for field, who in choices.items() if who != base}
        unit = self.current()
        if not overrides:
            return self._decide(f"Accept {base}'s annotation", lambda service: service.accept(unit, base))
        taken = ", ".join(f"{field.replace('_', ' ')} from {who}" for field, who in overrides.items())
        return self._decide(
            f"Merge {base}'s annotation with {taken}", lambda service: service.merge(unit, base, overrides)
        )

    def write_own(self) -> bool:
        # Deferred: the dialog's module loads when a reviewer first writes their own.
        from factcheck.ui.dialogs.own_annotation_dialog import OwnAnnotationDialog

        unit = self.current()
        if unit is None:
            return False
        selection = None
        start, end = self.navigation.selected_span()
        if (
            end > start
            and self.workspace.document_id == unit.document_id
            and (start, end) != (unit.start, unit.end)
        ):
            selection = (start, end, self.workspace.document_text[start:end])
        first = self.rows.get(self.annotators()[0]) if self.annotators() else None
        dialog = OwnAnnotationDialog(
            self.workspace.labels,
            passage=max(unit.spans, key=lambda s: s.end - s.start).quote,
            selection=selection,
            label_id=first.label_id if first else None,
            verdict=str(first.verdict) if first else None,
            claimant=first.claimant_name if first else "",
            parent=self,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        label_id, own_start, own_end, record = dialog.values()
        return self._decide(
            "Write own annotation",
            lambda service: service.write_own(unit, label_id, start=own_start, end=own_end, **record),
        )

    def reject(self) -> bool:
        unit = self.current()
        return self._decide("Reject the unit's annotations", lambda service: service.reject(unit))

    def accept_agreed(self) -> bool:
        return self.workspace.push(AcceptAgreedCommand(self.workspace))

    def _open_adjudication(self) -> None:
        self.workspace.push(set_adjudication(self.workspace, True))

    def _update_actions(self) -> None:
        has_unit = self.isVisible() and self.current() is not None and self.pages.currentIndex() == 1
        writable = self.workspace.writable
        count = len(self.rows) if has_unit else 0
        for action in (self.next_action, self.previous_action):
            action.setEnabled(has_unit and len(self.units) > 1)
        names = self.annotators() if has_unit else []
        for position, action in enumerate(self.accept_actions):
            marked = position < len(names) and names[position] in self.rows
            action.setEnabled(has_unit and writable and marked)
            action.setVisible(position < max(2, count))
        for action in (self.merge_action, self.own_action, self.reject_action):
            action.setEnabled(has_unit and writable)
        self.agreed_action.setEnabled(self.isVisible() and writable and self.workspace.team.adjudication_open)

    def menu_actions(self) -> list[QAction | None]:
        """What Team ▸ lists for adjudication (None: a separator)."""
        return [
            self.next_action,
            self.previous_action,
            None,
            *self.accept_actions,
            self.merge_action,
            self.own_action,
            self.reject_action,
            None,
            self.agreed_action,
        ]
