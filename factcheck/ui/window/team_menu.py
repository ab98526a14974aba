"""The Team menu and its windows: project settings (blind mode, adjudication), the agreement and adjudication
panels (docked under the article, so a passage they show is in view); plus View ▸ Layer's Next Layer and
File ▸ Open Server Project. The settings dialog and the agreement panel are built on first use."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QMenuBar, QWidget

from factcheck.ui.actions import make_action
from factcheck.ui.navigation import Navigation
from factcheck.ui.window.adjudication_panel import AdjudicationPanel
from factcheck.ui.window.layer_switch import LayerMenu, next_layer
from factcheck.ui.workspace import Workspace


class LazyDock(QDockWidget):
    """A dock whose content is built the first time it is needed (its modules load then)."""

    def __init__(self, title: str, name: str, build, parent: QWidget) -> None:
        super().__init__(title, parent)
        self.setObjectName(name)
        self._build = build
        self.panel = None
        self.visibilityChanged.connect(lambda visible: visible and self.build())

    def build(self):
        if self.panel is None:
            self.panel = self._build(self)
            self.setWidget(self.panel)
        return self.panel


class TeamMenu:
    """Owns the team actions and windows of one main window (``window`` hosts the adjudication dock)."""

    def __init__(
        self,
        workspace: Workspace,
        navigation: Navigation,
        window: QMainWindow,
        undo_actions: tuple[QAction, QAction],
    ) -> None:
        self.workspace = workspace
        self.navigation = navigation
        self.window = window
        self.undo_actions = undo_actions
        self._settings_dialog = None
        self.adjudication = AdjudicationPanel(workspace, navigation, window)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.adjudication)
        self.agreement_dock = LazyDock("Agreement", "agreement-dock", self._build_agreement, window)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.agreement_dock)
        window.tabifyDockWidget(self.adjudication, self.agreement_dock)
        self.adjudication.hide()
        self.agreement_dock.hide()

        def act(text: str, slot, keys: str | None, tip: str) -> QAction:
            return make_action(window, text, slot, keys=keys, tip=tip, add_to=window)

        self.settings_action = act(
            "&Project Settings…",
            self.show_settings,
            "Ctrl+Shift+P",
            "Blind coding on or off; open or close adjudication",
        )
        self.agreement_action = act(
            "&Agreement…",
            self.show_agreement,
            "Ctrl+Shift+G",
            "How well the annotators agree, and where they disagree",
        )
        self.adjudicate_action = act(
            "A&djudicate",
            self.show_adjudication,
            "Ctrl+Shift+J",
            "Settle the annotators' disagreements, unit by unit",
        )
        self.next_layer_action = act(
            "&Next Layer",
            lambda: next_layer(workspace),
            "Ctrl+Shift+Y",
            "Show the next layer: all annotators, each annotator, the adjudicated layer",
        )
        self.open_server_action: QAction | None = None
        workspace.project_opened.connect(self._update_actions)
        workspace.team_changed.connect(self._update_actions)
        self._update_actions()

    def add_open_server(self, file_menu: QMenu, projects, before: QAction | None = None) -> QAction:
        """File ▸ Open Server Project… (after Open Project…)."""
        action = make_action(
            self.window,
            "Open &Server Project…",
            projects.choose_server,
            keys="Ctrl+Alt+O",
            tip="Open a team project on a PostgreSQL server",
            add_to=self.window,
        )
        if before is not None:
            file_menu.insertAction(before, action)
        else:
            file_menu.addAction(action)
        self.open_server_action = action
        return action

    def layer_menu(self, parent: QMenu) -> QMenu:
        """View ▸ Layer."""
        return LayerMenu(self.workspace, self.next_layer_action, parent)

    def build_menu(self, bar: QMenuBar, before: QAction | None = None) -> QMenu:
        """Team ▸ (inserted before ``before``, e.g. the Settings menu, or at the end)."""
        menu = QMenu("&Team", bar)
        menu.addActions([self.settings_action, self.agreement_action, self.adjudicate_action])
        menu.addSeparator()
        adjudicating = menu.addMenu("&Unit Decisions")
        for action in self.adjudication.menu_actions():
            if action is None:
                adjudicating.addSeparator()
            else:
                adjudicating.addAction(action)
        if before is not None:
            bar.insertMenu(before, menu)
        else:
            bar.addMenu(menu)
        return menu

    def _update_actions(self) -> None:
        has_project = self.workspace.project is not None
        for action in (self.settings_action, self.agreement_action, self.adjudicate_action):
            action.setEnabled(has_project)

    # ----- windows ----------------------------------------------------------------------------------------

    def settings_dialog(self):
        if self._settings_dialog is None:
            # Deferred import: built the first time it is asked for.
            from factcheck.ui.dialogs.project_settings_dialog import ProjectSettingsDialog

            self._settings_dialog = ProjectSettingsDialog(self.workspace, self.undo_actions, self.window)
        return self._settings_dialog

    @property
    def agreement(self):
        """The agreement panel (None until it was first shown)."""
        return self.agreement_dock.panel

    def _build_agreement(self, dock: QWidget):
        # Deferred import: the panel's module loads the first time it is shown.
        from factcheck.ui.window.agreement_panel import AgreementPanel

        panel = AgreementPanel(self.workspace, self.navigation, dock)
        panel.adjudicate_requested.connect(self._adjudicate_unit)
        return panel

    def _adjudicate_unit(self, key: str) -> None:
        self.adjudication.show_unit_key(key)
        self.adjudication.raise_()

    def show_settings(self) -> None:
        self.settings_dialog().show_dialog()

    def show_agreement(self) -> None:
        panel = self.agreement_dock.build()
        self.agreement_dock.show()
        self.agreement_dock.raise_()
        panel.show_panel()

    def show_adjudication(self) -> None:
        self.adjudication.show_panel()
        self.adjudication.setFocus()
