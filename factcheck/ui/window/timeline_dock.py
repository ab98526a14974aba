"""The timeline's dock: builds the (closed) timeline panel the first time it is shown, and ties it to the
workspace — refreshed after edits only while shown, a mark selects its annotation, the selection shows."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QWidget

from factcheck.ui.navigation import Navigation
from factcheck.ui.refresh import WhenShown
from factcheck.ui.workspace import Workspace

#: The timeline re-reads this long after the last of a burst of edits (and only while it is shown).
REFRESH_DELAY_MS = 400


class TimelineDock(QDockWidget):
    def __init__(
        self, workspace: Workspace, navigation: Navigation, settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__("Timeline", parent)
        self.setObjectName("timeline-dock")
        self.workspace = workspace
        self.navigation = navigation
        self.settings = settings
        self.panel = None  # built on first show: its modules would delay the window's first frame
        self.visibilityChanged.connect(self._visible)

    def _visible(self, visible: bool) -> None:
        if visible and self.panel is None:
            # After this event: a dock restored open builds its panel once the window is up.
            QTimer.singleShot(0, self.build)

    def build(self):
        """The panel, built now if it was not yet."""
        if self.panel is not None:
            return self.panel
        # Deferred import: the timeline's modules load when it is first shown, not before the first frame.
        from factcheck.ui.timeline import TimelinePanel

        workspace = self.workspace
        panel = TimelinePanel(self, settings=self.settings)
        self.panel = panel
        self.setWidget(panel)
        panel.annotation_selected.connect(self._mark_selected)
        panel.annotation_opened.connect(self._mark_opened)
        WhenShown(panel, self._refresh, delay_ms=REFRESH_DELAY_MS).follow(
            workspace.edited, workspace.reloaded, workspace.labels_changed, workspace.matters_changed
        )
        workspace.project_opened.connect(lambda: panel.set_project(workspace.project))
        workspace.current_annotation_changed.connect(self._show_selection)
        workspace.layer_changed.connect(panel.set_layer)  # reloaded follows and refreshes it
        panel.set_layer(workspace.layer)
        panel.set_project(workspace.project)
        self._show_selection(workspace.annotation_id)
        return panel

    def show_panel(self) -> None:
        panel = self.build()
        self.show()
        self.raise_()
        panel.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _refresh(self) -> None:
        self.panel.refresh()
        self._show_selection(self.workspace.annotation_id)

    def _show_selection(self, annotation_id: str | None) -> None:
        if annotation_id and self.panel is not None and self.isVisible():
            self.panel.select_annotation(annotation_id)

    def _mark_selected(self, annotation_id: str) -> None:
        """A mark clicked in the timeline selects the annotation everywhere (list, article, inspector)."""
        if annotation_id and annotation_id != self.workspace.annotation_id:
            self.navigation.open_annotation(annotation_id)

    def _mark_opened(self, annotation_id: str) -> None:
        if self.navigation.open_annotation(annotation_id):
            self.navigation.focus_article()
