"""The Matters panel: each claim thread with its numbers of claims, counterclaims and articles and its date
span; new, rename, delete (its annotations stay) and the members of one, each opening in the article."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from factcheck.domain import FactcheckError, MatterRow, name_key
from factcheck.ui.actions import make_action
from factcheck.ui.commands.matters import CreateMatterCommand, DeleteMatterCommand, RenameMatterCommand
from factcheck.ui.dialogs.matter_name_dialog import MatterNameDialog
from factcheck.ui.models.matter_table import MatterTableModel, MemberTableModel
from factcheck.ui.navigation import Navigation
from factcheck.ui.refresh import WhenShown
from factcheck.ui.tables import make_table
from factcheck.ui.workspace import Workspace

#: The column that takes the room left (the name, the quote) and the least it keeps before scrolling.
_STRETCH = {"Matters": (0, 150), "Members of the matter": (1, 200)}


def _widths(view: QTableView, samples) -> None:
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    metrics = view.fontMetrics()
    for column, sample in samples:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, metrics.horizontalAdvance(sample) + 18)


def _fit(view: QTableView) -> None:
    """Give the stretching column the room the others leave, but never less than its minimum: in a
    narrow dock the table scrolls sideways instead of squeezing the matter's name or the quote to nothing."""
    column, minimum = _STRETCH[view.accessibleName()]
    header = view.horizontalHeader()
    others = sum(header.sectionSize(c) for c in range(header.count()) if c != column)
    header.resizeSection(column, max(minimum, view.viewport().width() - others))


def _key_text(event) -> str:
    """The pressed key as 'Del', 'F2', 'Ctrl+N', 'Return' (the keypad's Enter counts as Enter)."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return QKeySequence(int(event.key()) | modifiers.value).toString(QKeySequence.SequenceFormat.PortableText)


class MattersPanel(QWidget):
    """Put it in a dock. Re-reads itself after every edit or reload the workspace signals, while shown."""

    #: A matter was activated (Enter or double-click): its id.
    matter_activated = Signal(str)

    def __init__(self, workspace: Workspace, navigation: Navigation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.navigation = navigation
        self.setObjectName("matters-panel")
        self.model = MatterTableModel(self)
        self.members_model = MemberTableModel(self)
        splitter = self._build_tables()
        self.new_action = self._make(
            "&New Matter…", "Ctrl+N", self.new_matter, "Start a matter (claim thread)"
        )
        self.rename_action = self._make("&Rename…", "F2", self.rename_matter, "Rename the selected matter")
        self.delete_action = self._make(
            "&Delete", "Del", self.delete_matter, "Delete the selected matter (its annotations stay)"
        )
        self.members_action = self._make(
            "Show &Members", "Return", self.show_members, "List the matter's annotations"
        )
        self.open_member_action = self._make(
            "&Open in Article", "Return", self.open_member, "Show the annotation in its article"
        )
        buttons = self._build_buttons()
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Matters status")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        # Keys are handled as plain key presses in the two tables (see eventFilter), so Del, F2 and Enter
        # act on matters here while the window keeps Del for annotations elsewhere.
        self._table_keys = {
            "Del": self.delete_action,
            "F2": self.rename_action,
            "Ctrl+N": self.new_action,
            "Return": self.members_action,
            "Enter": self.members_action,
        }
        self._member_keys = {"Return": self.open_member_action, "Enter": self.open_member_action}
        self.table.installEventFilter(self)
        self.members_view.installEventFilter(self)
        self.table.viewport().installEventFilter(self)
        self.members_view.viewport().installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda _index: self.show_members())
        self.members_view.doubleClicked.connect(lambda index: self.open_member(index.row()))
        self.table.customContextMenuRequested.connect(self._table_menu)
        self.members_view.customContextMenuRequested.connect(self._members_menu)
        self.refresher = WhenShown(self, self.refresh).follow(
            workspace.project_opened,
            workspace.edited,
            workspace.reloaded,
            workspace.matters_changed,
            workspace.labels_changed,
        )
        self._update_actions()

    def _build_tables(self) -> QSplitter:
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.table = make_table(splitter, self.model, "Matters")
        _widths(self.table, ((1, "Claims"), (2, "Counter"), (3, "Articles"), (4, "2021-10 – 2021-12-09")))

        members = QWidget(splitter)
        members_layout = QVBoxLayout(members)
        members_layout.setContentsMargins(0, 4, 0, 0)
        self.members_label = QLabel("Members", members)
        self.members_label.setTextFormat(Qt.TextFormat.PlainText)
        self.members_view = make_table(members, self.members_model, "Members of the matter")
        _widths(
            self.members_view,
            ((0, "counterclaim···"), (2, "crew members who"), (3, "2021-10-07"), (4, "Rust crew letter")),
        )
        members_layout.addWidget(self.members_label)
        members_layout.addWidget(self.members_view, 1)
        splitter.addWidget(self.table)
        splitter.addWidget(members)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        return splitter

    def _build_buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[QAction, QPushButton] = {}
        for action in (self.new_action, self.rename_action, self.delete_action):
            # No mnemonic on the buttons: in the main window Alt+D and Alt+R already open a menu and a field.
            button = QPushButton(action.text().replace("&", ""), self)
            button.setToolTip(action.toolTip())
            button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
            button.setAutoDefault(False)
            button.clicked.connect(action.trigger)
            buttons.addWidget(button)
            self.buttons[action] = button
        buttons.addStretch(1)
        return buttons

    def _make(self, text: str, keys: str, slot, tip: str) -> QAction:
        # Not added to any widget: the key is shown in menus and tooltips and handled in eventFilter.
        return make_action(self, text, slot, keys=keys, tip=tip, context=Qt.ShortcutContext.WidgetShortcut)

    # ----- reading ---------------------------------------------------------------------------------

    @property
    def project(self):
        return self.workspace.project

    def refresh(self) -> None:
        """Re-read the matters (keeping the selected one) and the members of the selected one."""
        current = self.current_matter()
        rows = self.project.matters.list() if self.project is not None else []
        self.model.set_rows(rows)
        if rows:
            self.select_matter(
                current.id if current and self.model.row_of(current.id) is not None else rows[0].id
            )
        else:
            self._show_members(None)
        self._update_actions()

    def current_matter(self) -> MatterRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row())

    def select_matter(self, matter_id: str) -> bool:
        row = self.model.row_of(matter_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        self._show_members(self.model.row_at(row))
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_members(self.model.row_at(current.row()) if current.isValid() else None)
        self._update_actions()

    def _show_members(self, matter: MatterRow | None) -> None:
        if matter is None or self.project is None:
            self.members_model.set_members([], {})
            self.members_label.setText(
                "Members" if self.model.rowCount() else "No matters yet: New Matter… starts one (Ctrl+N)."
            )
            return
        try:
            members = self.project.matters.members(matter.id)
        except FactcheckError:
            members = []
        titles = {}
        for document_id in {m.document_id for m in members}:
            try:
                titles[document_id] = self.project.documents.get(document_id).title
            except FactcheckError:
                titles[document_id] = ""
        self.members_model.set_members(members, titles)
        count = len(members)
        self.members_label.setText(
            f"Members of “{matter.name}”: {count} annotation{'s' if count != 1 else ''}"
            if count
            else f"“{matter.name}” has no annotations yet; add them from the inspector."
        )

    def _update_actions(self) -> None:
        writable = self.project is not None and not self.project.read_only
        has_matter = self.current_matter() is not None
        self.new_action.setEnabled(writable)
        self.rename_action.setEnabled(writable and has_matter)
        self.delete_action.setEnabled(writable and has_matter)
        self.members_action.setEnabled(has_matter)
        self.open_member_action.setEnabled(self.members_model.rowCount() > 0)
        for action, button in self.buttons.items():
            button.setEnabled(action.isEnabled())

    # ----- changing --------------------------------------------------------------------------------

    def _taken(self, except_id: str | None = None) -> dict[str, str]:
        return {name_key(row.name): row.name for row in self.model.rows() if row.id != except_id}

    def _ask(self, dialog: QDialog) -> bool:
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            self.window().activateWindow()

    def new_matter(self) -> str | None:
        """Ask for a name (offering to add the window's selected annotation); returns the new matter's id."""
        if not self.new_action.isEnabled():
            return None
        selected = self.navigation.selected_annotation()
        dialog = MatterNameDialog("New Matter", "", self._taken(), self, annotation=selected)
        if not self._ask(dialog):
            return None
        members = [selected.id] if selected is not None and dialog.add_selected.isChecked() else []
        command = CreateMatterCommand(
            self.workspace, dialog.value(), members, members[0] if members else None
        )
        self.workspace.push(command)
        if command.matter is None:
            return None
        self.refresh()
        self.select_matter(command.matter.id)
        added = " with the selected annotation" if members else ""
        self.status.setText(f"Created “{command.matter.name}”{added}. Undo: Ctrl+Z.")
        return command.matter.id

    def rename_matter(self) -> None:
        matter = self.current_matter()
        if matter is None or not self.rename_action.isEnabled():
            return
        dialog = MatterNameDialog("Rename Matter", matter.name, self._taken(matter.id), self)
        if not self._ask(dialog) or dialog.value() == matter.name:
            return
        self.workspace.push(RenameMatterCommand(self.workspace, matter, dialog.value()))
        self.refresh()
        self.status.setText(f"Renamed “{matter.name}” to “{dialog.value()}”. Undo: Ctrl+Z.")

    def delete_matter(self) -> None:
        matter = self.current_matter()
        if matter is None or not self.delete_action.isEnabled():
            return
        n = matter.members
        stays = (
            f"Its {n} annotation{'s' if n != 1 else ''} stay{'s' if n == 1 else ''}; only the grouping goes."
            if n
            else "It has no annotations."
        )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete Matter",
            f"Delete the matter “{matter.name}”?\n\n{stays}\nYou can undo this with Edit ▸ Undo (Ctrl+Z).",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        delete = box.addButton("Delete Matter", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(delete)
        try:
            box.exec()
        finally:
            self.window().activateWindow()
        if box.clickedButton() is not delete:
            return
        self.workspace.push(DeleteMatterCommand(self.workspace, matter))
        self.refresh()
        self.status.setText(f"Deleted “{matter.name}”; its annotations stay. Undo: Ctrl+Z.")

    # ----- members ---------------------------------------------------------------------------------

    def show_members(self) -> None:
        """Move to the selected matter's members (and tell listeners which matter was activated)."""
        matter = self.current_matter()
        if matter is None:
            return
        self._show_members(matter)
        self.matter_activated.emit(matter.id)
        if self.members_model.rowCount():
            self.members_view.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.members_view.currentIndex().isValid():
                self.members_view.selectRow(0)
        self._update_actions()

    def open_member(self, row: int | None = None) -> bool:
        """Open a member (the selected one by default) in its article."""
        if row is None:
            index = self.members_view.currentIndex()
            row = index.row() if index.isValid() else 0
        if not 0 <= row < self.members_model.rowCount():
            return False
        return self.navigation.open_annotation(self.members_model.row_at(row).id)

    # ----- menus and keys --------------------------------------------------------------------------

    def _table_menu(self, point) -> None:
        index = self.table.indexAt(point)
        if index.isValid():
            self.table.selectRow(index.row())
        menu = QMenu(self)
        menu.addActions([self.members_action, self.new_action, self.rename_action])
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.exec(self.table.viewport().mapToGlobal(point))

    def _members_menu(self, point) -> None:
        index = self.members_view.indexAt(point)
        if not index.isValid():
            return
        self.members_view.selectRow(index.row())
        menu = QMenu(self)
        menu.addAction(self.open_member_action)
        menu.exec(self.members_view.viewport().mapToGlobal(point))

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Resize and watched in (self.table.viewport(), self.members_view.viewport()):
            _fit(self.table if watched is self.table.viewport() else self.members_view)
            return False
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and watched in (
            self.table,
            self.members_view,
        ):
            keys = self._table_keys if watched is self.table else self._member_keys
            pressed = _key_text(event)
            if watched is self.members_view and event.key() == Qt.Key.Key_Escape:
                if kind == QEvent.Type.KeyPress:
                    self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                event.accept()
                return True
            action = keys.get(pressed)
            if action is not None:
                event.accept()  # a ShortcutOverride accepted: the key comes here, not to a window shortcut
                if kind == QEvent.Type.KeyPress and action.isEnabled():
                    action.trigger()
                return True
        return super().eventFilter(watched, event)
