"""The layer switch: whose annotations the window shows — every annotator's, one annotator's, or the
adjudicated layer — as a combo beside the annotation list's filter and as View ▸ Layer. The list, the
highlights, the counts, the search, the timeline and exports all follow the workspace's layer."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QWidget

from factcheck.domain import Layer, LayerKind
from factcheck.ui.workspace import Workspace

BLIND_NOTE = (
    "Blind mode is on: each annotator sees only their own annotations until a reviewer opens "
    "adjudication (Team ▸ Project Settings)."
)


def layer_choices(workspace: Workspace) -> list[tuple[str, Layer]]:
    """The layers one may show now, in order, each with its name in the switch."""
    project = workspace.project
    if project is None:
        return []
    team, shown, me = workspace.team, workspace.layer, project.annotator
    if team.blind_active:
        return [(f"Only yours ({me}) — blind mode", Layer.all())]
    names = [row.name for row in workspace.annotators]
    if shown.kind is LayerKind.ANNOTATOR and shown.annotator not in names:
        names.append(shown.annotator)
    choices = [("All annotators", Layer.all())]
    choices += [(f"{name} (you)" if name == me else name, Layer.of(name)) for name in names]
    if team.adjudication_open or team.has_adjudicated_layer or shown.kind is LayerKind.ADJUDICATED:
        choices.append(("Adjudicated layer", Layer.adjudicated()))
    return choices


def next_layer(workspace: Workspace) -> None:
    """Show the next layer of the switch (after the last: the first again)."""
    choices = [layer for _name, layer in layer_choices(workspace)]
    if len(choices) < 2:
        workspace.status.emit(
            BLIND_NOTE if workspace.team.blind_active else "Only one annotator so far: nothing to switch.",
            6000,
        )
        return
    position = choices.index(workspace.layer) if workspace.layer in choices else -1
    workspace.set_layer(choices[(position + 1) % len(choices)])


class LayerSwitch(QWidget):
    """``Layer: [All annotators ▾]`` — choosing an entry shows that layer everywhere."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._choices: list[Layer] = []
        self.combo = QComboBox(self)
        self.combo.setAccessibleName("Layer shown")
        # Narrow when the list is: long names are shown whole in the popup.
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(8)
        label = QLabel("La&yer:", self)
        label.setBuddy(self.combo)
        # In blind mode there is nothing to choose: a sentence says why, in place of a greyed switch.
        self.blind_note = QLabel("Blind mode: only your annotations are shown", self)
        self.blind_note.setWordWrap(True)
        self.blind_note.setToolTip(BLIND_NOTE)
        self.blind_note.setAccessibleName("Blind mode")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.blind_note, 1)
        self.combo.activated.connect(self._chosen)
        workspace.layer_changed.connect(lambda _layer: self.refill())
        workspace.team_changed.connect(self.refill)
        self.refill()

    def refill(self) -> None:
        """Show the layers one may choose now, the one shown selected."""
        workspace = self.workspace
        choices = layer_choices(workspace)
        self._choices = [layer for _name, layer in choices]
        self.combo.blockSignals(True)
        try:
            self.combo.clear()
            for name, _layer in choices:
                self.combo.addItem(name)
            if workspace.layer in self._choices:
                self.combo.setCurrentIndex(self._choices.index(workspace.layer))
        finally:
            self.combo.blockSignals(False)
        self.combo.setEnabled(len(choices) > 1)
        blind = workspace.team.blind_active
        self.combo.setVisible(not blind)
        self.blind_note.setVisible(blind)
        if blind:
            tip = BLIND_NOTE
        elif len(choices) > 1:
            tip = "Whose annotations the list, the highlights, search, the timeline and exports show"
        else:
            tip = "Only one annotator so far; other annotators' layers appear here once they annotate"
        self.combo.setToolTip(tip)
        # A researcher working alone never needs it; a team does (and blind mode says so here).
        self.setVisible(workspace.project is not None and (len(choices) > 1 or workspace.team.blind_active))

    def _chosen(self, index: int) -> None:
        if 0 <= index < len(self._choices) and not self.workspace.set_layer(self._choices[index]):
            self.refill()  # refused (blind mode): show what is really shown


class LayerMenu(QMenu):
    """View ▸ Layer: one checkable entry per layer (rebuilt each time it opens) and Next Layer."""

    def __init__(self, workspace: Workspace, next_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__("La&yer", parent)
        self.workspace = workspace
        self.next_action = next_action
        self.aboutToShow.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        self.clear()
        group = QActionGroup(self)
        workspace = self.workspace
        for number, (name, layer) in enumerate(layer_choices(workspace), start=1):
            # Numbered like recent files: Alt+V, Y, then the number picks one.
            shown = name.replace("&", "&&")
            action = self.addAction(f"&{number} {shown}" if number < 10 else shown)
            action.setCheckable(True)
            action.setChecked(layer == workspace.layer)
            action.triggered.connect(lambda _checked=False, layer=layer: workspace.set_layer(layer))
            group.addAction(action)
        self.addSeparator()
        self.addAction(self.next_action)
