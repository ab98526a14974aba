"""Team ▸ Project Settings…: blind coding on or off, and opening or closing adjudication. Each change is one
undoable step (Edit ▸ Undo works here too), committed at once for the whole team."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from factcheck.ui.commands.team import set_adjudication, set_blind
from factcheck.ui.refresh import WhenShown
from factcheck.ui.workspace import Workspace


def _note(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class ProjectSettingsDialog(QDialog):
    """Shows the project's team settings as they are now (also after an undo or another's change)."""

    def __init__(
        self, workspace: Workspace, undo_actions: tuple[QAction, QAction], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle("Project Settings")
        self.setModal(False)
        self.addActions(list(undo_actions))  # Ctrl+Z / Ctrl+Shift+Z work here too
        self.blind = QCheckBox("&Blind coding: each annotator sees only their own annotations", self)
        self.blind.setAccessibleName("Blind mode")
        blind_box = QGroupBox("Blind coding", self)
        blind_layout = QVBoxLayout(blind_box)
        blind_layout.addWidget(self.blind)
        blind_layout.addWidget(
            _note(
                "While it is on and adjudication is closed, the annotation list, highlights, search, counts, "
                "timelines and exports show each annotator only their own annotations. On a PostgreSQL server "
                "the server itself enforces this for annotators who sign in with their own login.",
                blind_box,
            )
        )
        self.adjudication_state = _note("", self)
        self.adjudication_state.setAccessibleName("Adjudication state")
        self.adjudication_button = QPushButton(self)
        self.adjudication_button.setAutoDefault(False)
        adjudication_box = QGroupBox("Adjudication", self)
        adjudication_layout = QVBoxLayout(adjudication_box)
        adjudication_layout.addWidget(self.adjudication_state)
        adjudication_layout.addWidget(self.adjudication_button, 0, Qt.AlignmentFlag.AlignLeft)
        adjudication_layout.addWidget(
            _note(
                "Opening adjudication ends the blind phase: everyone sees everyone's annotations, a reviewer "
                "settles the disagreements (Team ▸ Adjudicate), and exports and timelines use the adjudicated "
                "layer. Closing it returns to coding; decisions already made stay.",
                adjudication_box,
            )
        )
        self.read_only_note = _note("", self)
        self.undo_note = _note(
            "Each change is saved at once for the whole team and can be undone (Edit ▸ Undo).", self
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(blind_box)
        layout.addWidget(adjudication_box)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.undo_note)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 70)
        self.blind.toggled.connect(self._blind_toggled)
        self.adjudication_button.clicked.connect(self._toggle_adjudication)
        WhenShown(self, self.refresh).follow(workspace.team_changed, workspace.project_opened)

    def show_dialog(self) -> None:
        self.refresh()
        self.show()
        self.raise_()
        self.activateWindow()
        self.blind.setFocus()

    def refresh(self) -> None:
        workspace = self.workspace
        team = workspace.team
        self.blind.blockSignals(True)
        self.blind.setChecked(team.blind)
        self.blind.blockSignals(False)
        if team.adjudication_open:
            opened = team.adjudication_opened_at
            since = f" since {opened.astimezone():%Y-%m-%d %H:%M}" if opened else ""
            by = f", opened by {team.adjudication_opened_by}" if team.adjudication_opened_by else ""
            self.adjudication_state.setText(f"Adjudication is open{since}{by}.")
            self.adjudication_button.setText("&Close Adjudication")
        else:
            state = "Adjudication is closed: the annotators are coding"
            self.adjudication_state.setText(state + (", blind." if team.blind else "."))
            self.adjudication_button.setText("&Open Adjudication")
        writable = workspace.writable
        self.blind.setEnabled(writable)
        self.adjudication_button.setEnabled(writable)
        self.read_only_note.setText(
            "" if writable else "This project is read-only for you: these settings are shown, not changed."
        )
        self.read_only_note.setVisible(not writable)

    def _blind_toggled(self, on: bool) -> None:
        if not self.workspace.push(set_blind(self.workspace, on)):
            self.refresh()  # not saved: show what the project holds

    def _toggle_adjudication(self) -> None:
        if not self.workspace.push(
            set_adjudication(self.workspace, not self.workspace.team.adjudication_open)
        ):
            self.refresh()
