"""Settings ▸ Labels: add, rename, recolour, give a key to, reorder and delete labels. Every change is one
undoable command, committed at once; deleting a label in use moves its annotations, never deletes them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from factcheck.domain import OKABE_ITO, LabelRow, name_key
from factcheck.ui import palette
from factcheck.ui.actions import make_action
from factcheck.ui.commands.labels import (
    AddLabelCommand,
    DeleteLabelCommand,
    ReorderLabelsCommand,
    UpdateLabelCommand,
)
from factcheck.ui.models.annotation_table import label_chip
from factcheck.ui.models.label_table import LabelEntry, LabelTableModel
from factcheck.ui.palette import color_name
from factcheck.ui.refresh import WhenShown
from factcheck.ui.tables import make_table
from factcheck.ui.workspace import Workspace

_NATIVE = QKeySequence.SequenceFormat.NativeText
_PORTABLE = QKeySequence.SequenceFormat.PortableText


def _swatch(color: str, size: int = 18) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class KeyEdit(QWidget):
    """One key or one combination (E, 4, Shift+E, Ctrl+1), with a button to have none."""

    def __init__(self, shortcut: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QKeySequenceEdit(QKeySequence(shortcut), self)
        self.edit.setMaximumSequenceLength(1)
        self.edit.setClearButtonEnabled(True)
        self.edit.setAccessibleName("Key")
        self.none_button = QPushButton("&No Key", self)
        self.none_button.setAutoDefault(False)
        self.none_button.clicked.connect(self.edit.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.none_button)
        self.setFocusProxy(self.edit)

    def shortcut(self) -> str:
        return self.edit.keySequence().toString(_PORTABLE)

    def set_shortcut(self, shortcut: str) -> None:
        self.edit.setKeySequence(QKeySequence(shortcut))


KEY_HELP = "Press one letter or digit (tags with that key alone) or a combination such as Ctrl+1."


class AddLabelDialog(QDialog):
    """Name, colour (the colour-blind-safe palette, or any other) and key of a new label."""

    def __init__(self, color: str, taken: dict[str, str], ask_color, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add Label")
        self._taken = taken
        self._ask_color = ask_color
        self.color = color.upper()
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Label name")
        self.name.setPlaceholderText("e.g. evidence, quote, rhetoric")
        self.swatches = QButtonGroup(self)
        swatch_row = QHBoxLayout()
        swatch_row.setSpacing(2)
        for color_value in OKABE_ITO:
            button = QToolButton(self)
            button.setIcon(_swatch(color_value))
            button.setCheckable(True)
            button.setToolTip(f"{color_name(color_value)} ({color_value})")
            button.setAccessibleName(f"Colour {color_name(color_value)}")
            button.setProperty("color", color_value)
            self.swatches.addButton(button)
            swatch_row.addWidget(button)
        self.other_button = QPushButton("&Other Colour…", self)
        self.other_button.setAutoDefault(False)
        self.other_button.clicked.connect(self._other_color)
        self.color_label = QLabel(self)
        swatch_row.addWidget(self.other_button)
        swatch_row.addWidget(self.color_label, 1)
        self.swatches.buttonClicked.connect(lambda button: self._set_color(button.property("color")))
        self.key = KeyEdit("", self)
        self.error = QLabel(self)
        self.error.setStyleSheet(f"color: {palette.ERROR}")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add Label")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("Colour:", swatch_row)
        form.addRow("&Key:", self.key)
        key_help = QLabel(KEY_HELP, self)
        key_help.setWordWrap(True)
        key_help.setEnabled(False)
        form.addRow("", key_help)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._check)
        self._set_color(self.color)
        self._check()

    def _set_color(self, color: str) -> None:
        self.color = color.upper()
        for button in self.swatches.buttons():
            button.setChecked(button.property("color") == self.color)
        self.color_label.setPixmap(_swatch(self.color, 22).pixmap(22, 22))
        self.color_label.setToolTip(color_name(self.color))
        self.color_label.setAccessibleName(f"Chosen colour {color_name(self.color)}")

    def _other_color(self) -> None:
        chosen = self._ask_color(self.color, "Colour of the New Label")
        if chosen:
            self._set_color(chosen)

    def _check(self) -> None:
        text = " ".join(self.name.text().split())
        other = self._taken.get(name_key(text)) if text else None
        self.error.setText(f"There is already a label named “{other}”." if other else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text) and other is None)

    def values(self) -> tuple[str, str, str]:
        return " ".join(self.name.text().split()), self.color, self.key.shortcut()


class KeyDialog(QDialog):
    def __init__(self, label: LabelRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Set Key")
        self.key = KeyEdit(label.shortcut, self)
        text = QLabel(f"Key that tags a passage as “{label.name}”:", self)
        text.setBuddy(self.key.edit)
        key_help = QLabel(KEY_HELP, self)
        key_help.setWordWrap(True)
        key_help.setEnabled(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.key)
        layout.addWidget(key_help)
        layout.addWidget(buttons)
        self.key.setFocus()


class MoveAnnotationsDialog(QDialog):
    """Deleting a label in use: move its annotations to another label, or cancel."""

    def __init__(
        self, label: LabelRow, uses: int, others: list[LabelRow], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Delete Label")
        many = f"{uses} annotations are" if uses != 1 else "1 annotation is"
        text = QLabel(
            f"{many} labelled “{label.name}”. Annotations are never deleted: choose the label they move to, "
            "or cancel to keep the label.",
            self,
        )
        text.setWordWrap(True)
        self.target = QComboBox(self)
        self.target.setAccessibleName("Move the annotations to")
        for other in others:
            self.target.addItem(label_chip(other.color, other.name), other.name, other.id)
        move_label = QLabel("&Move them to:", self)
        move_label.setBuddy(self.target)
        self.buttons = QDialogButtonBox(self)
        self.move_button = self.buttons.addButton(
            f"Move {uses} and Delete “{label.name}”", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(move_label)
        row.addWidget(self.target, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(row)
        layout.addWidget(self.buttons)

    def target_id(self) -> str:
        return self.target.currentData()


class LabelsDialog(QDialog):
    """Non-modal: the window's menus, toolbar and keys follow each change at once. Create once, then
    :meth:`show_dialog`. ``key_taken(keys)`` says what in the window a key would collide with (or None);
    ``undo_actions`` are the window's Undo and Redo, which work here too."""

    def __init__(
        self,
        workspace: Workspace,
        key_taken: Callable[[str], str | None],
        undo_actions: tuple[QAction, QAction],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._key_taken = key_taken
        self.setWindowTitle("Labels")
        self.setObjectName("labels-dialog")
        self.resize(720, 400)
        self.model = LabelTableModel(self)
        self.view = make_table(self, self.model, "Labels")
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        metrics = self.view.fontMetrics()
        for column, sample in (
            (1, "Ctrl+Shift+8"),
            (2, "Annotations"),
            (3, "reddish purple"),
            (4, "Built in"),
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)
        buttons = self._build_buttons()
        self.addActions(list(undo_actions))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName("Labels status")
        intro = QLabel(
            "Labels tag passages. Claim (solid underline) and counterclaim (dashed) are built in; labels of "
            "your own are dotted. A key tags the selected passage with the label.",
            self,
        )
        intro.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.view, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row, 1)
        layout.addWidget(self.message)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())
        WhenShown(self, self.refresh).follow(
            workspace.project_opened, workspace.edited, workspace.reloaded, workspace.labels_changed
        )

    def _build_buttons(self) -> QVBoxLayout:
        act = self._action
        self.add_action = act("&Add…", "Ctrl+N", self.add_label, "Add a label")
        self.rename_action = act("&Rename…", "F2", self.rename_label, "Rename the label (not built-in ones)")
        self.recolor_action = act("Re&colour…", "Ctrl+R", self.recolor_label, "Choose the label's colour")
        self.key_action = act("Set &Key…", "Ctrl+K", self.set_key, "Choose the key that tags with it")
        self.up_action = act("Move &Up", "Ctrl+Up", lambda: self.move(-1), "Earlier in menus and toolbar")
        self.down_action = act("Move Do&wn", "Ctrl+Down", lambda: self.move(1), "Later in menus and toolbar")
        self.delete_action = act(
            "&Delete…", "Del", self.delete_label, "Delete the label; its annotations move to another label"
        )
        buttons = QVBoxLayout()
        self.buttons: dict[QAction, QPushButton] = {}
        for action in (
            self.add_action,
            self.rename_action,
            self.recolor_action,
            self.key_action,
            self.up_action,
            self.down_action,
            self.delete_action,
        ):
            button = QPushButton(action.text(), self)
            button.setToolTip(action.toolTip())
            button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(action.trigger)
            buttons.addWidget(button)
            self.buttons[action] = button
        buttons.addStretch(1)
        # Undo works here too: Ctrl+Z and this button run the workspace's undo.
        stack = self.workspace.undo_stack
        self.undo_button = QPushButton("Undo", self)
        self.undo_button.setAutoDefault(False)
        self.undo_button.clicked.connect(self.workspace.undo)
        stack.canUndoChanged.connect(self.undo_button.setEnabled)
        stack.undoTextChanged.connect(self._show_undo_text)
        buttons.addWidget(self.undo_button)
        close = QPushButton("Close", self)
        close.setAutoDefault(False)
        close.clicked.connect(self.hide)
        buttons.addWidget(close)
        return buttons

    def _action(self, text: str, keys: str, slot, tip: str) -> QAction:
        return make_action(self, text, slot, keys=keys, tip=tip, add_to=self)

    # ----- showing ---------------------------------------------------------------------------------

    @property
    def project(self):
        return self.workspace.project

    def show_dialog(self) -> None:
        self.refresh()
        self.show()
        self.raise_()
        self.activateWindow()
        self.view.setFocus()

    def refresh(self) -> None:
        """Re-read the labels and their use (keeping the selected one selected)."""
        current = self.current_label()
        if self.project is None:
            self.model.set_rows([])
        else:
            uses = self.project.labels.usage()
            labels = self.project.labels.list()
            self.model.set_rows([LabelEntry(label.id, label, uses.get(label.id, 0)) for label in labels])
        target = current.id if current is not None else None
        if (target is None or not self.select_label(target)) and self.model.rowCount():
            self.view.selectRow(0)
        self._update_actions()

    def labels(self) -> list[LabelRow]:
        return [entry.label for entry in self.model.rows()]

    def current_entry(self) -> LabelEntry | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row())

    def current_label(self) -> LabelRow | None:
        entry = self.current_entry()
        return entry.label if entry else None

    def select_label(self, label_id: str) -> bool:
        row = self.model.row_of(label_id)
        if row is None:
            return False
        self.view.selectRow(row)
        return True

    def _update_actions(self) -> None:
        writable = self.project is not None and not self.project.read_only
        row = self.view.currentIndex().row() if self.current_entry() else -1
        chosen = row >= 0
        self.add_action.setEnabled(writable)
        for action in (self.rename_action, self.recolor_action, self.key_action, self.delete_action):
            action.setEnabled(writable and chosen)
        self.up_action.setEnabled(writable and row > 0)
        self.down_action.setEnabled(writable and 0 <= row < self.model.rowCount() - 1)
        for action, button in self.buttons.items():
            button.setEnabled(action.isEnabled())
        self.undo_button.setEnabled(self.workspace.undo_stack.canUndo())
        self._show_undo_text(self.workspace.undo_stack.undoText())

    def _show_undo_text(self, text: str) -> None:
        """The undo button names what it undoes (the signal's text: the stack may be going away)."""
        full = f"Undo {text}" if text else "Undo"
        self.undo_button.setToolTip(
            f"{full} ({QKeySequence(QKeySequence.StandardKey.Undo).toString(_NATIVE)})"
        )
        metrics = self.undo_button.fontMetrics()
        self.undo_button.setText(metrics.elidedText(full, Qt.TextElideMode.ElideRight, 170))

    # ----- feedback --------------------------------------------------------------------------------

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {palette.ERROR}" if error else "")
        self.message.setText(text)

    def _push(self, command, done: str, select: str | None = None) -> bool:
        """Run ``command``; a refusal (nothing written) is said here, not in a message box."""
        if not self.workspace.push(command, report_failure=False):
            if command.error:
                self._say(command.error, error=True)
                self.workspace.status.emit(command.error, 8000)
            return False
        self.refresh()
        if select is not None:
            self.select_label(select)
        self._say(f"{done} Undo: Ctrl+Z.")
        return True

    def _ask(self, dialog: QDialog) -> bool:
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            self.activateWindow()  # back to this dialog, so its keys work at once

    def ask_color(self, color: str, title: str) -> str | None:
        """A QColorDialog whose custom colours are the colour-blind-safe palette; None when cancelled."""
        for i, value in enumerate(OKABE_ITO):
            QColorDialog.setCustomColor(i, QColor(value))
        dialog = QColorDialog(QColor(color), self)
        dialog.setWindowTitle(title)
        if not self._ask(dialog):
            return None
        return dialog.selectedColor().name().upper()

    def _clash(self, shortcut: str) -> str | None:
        """What a key would collide with in the window (its menus' keys), as a sentence; None when free."""
        if not shortcut:
            return None
        what = self._key_taken(shortcut)
        if what is None:
            return None
        return f"{QKeySequence(shortcut).toString(_NATIVE)} is the key of “{what}”; choose another key."

    # ----- the changes -----------------------------------------------------------------------------

    def add_label(self) -> str | None:
        """Ask for a new label's name, colour and key; returns its id."""
        if not self.add_action.isEnabled():
            return None
        taken = {name_key(label.name): label.name for label in self.labels()}
        dialog = AddLabelDialog(self.project.labels.next_color(), taken, self.ask_color, self)
        if not self._ask(dialog):
            return None
        name, color, shortcut = dialog.values()
        clash = self._clash(shortcut)
        if clash:
            self._say(f"“{name}” was not added: {clash}", error=True)
            return None
        command = AddLabelCommand(
            self.workspace,
            name,
            color,
            shortcut,
        )
        key = f" with the key {shortcut}" if shortcut else ""
        if not self._push(command, f"Added “{name}”{key}.", None):
            return None
        self.select_label(command.label.id)
        return command.label.id

    def rename_label(self) -> None:
        label = self.current_label()
        if label is None:
            return
        if label.builtin:
            self._say(
                f"“{label.name}” is built in and keeps its name (counts, exports and the timeline use it); "
                "you can change its colour and key.",
                error=True,
            )
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Rename Label")
        dialog.setLabelText(f"New name for “{label.name}”:")
        dialog.setTextValue(label.name)
        if not self._ask(dialog):
            return
        name = " ".join(dialog.textValue().split())
        if name == label.name:
            return
        command = UpdateLabelCommand(
            self.workspace,
            label,
            {"name": name},
        )
        self._push(command, f"Renamed “{label.name}” to “{name}”.", label.id)

    def recolor_label(self) -> None:
        label = self.current_label()
        if label is None:
            return
        color = self.ask_color(label.color, f"Colour of “{label.name}”")
        if color is None or color == label.color.upper():
            return
        command = UpdateLabelCommand(
            self.workspace,
            label,
            {"color": color},
        )
        shared = [
            other.name for other in self.labels() if other.id != label.id and other.color.upper() == color
        ]
        also = (
            f" (“{shared[0]}” has this colour too; the underline and name still tell them apart)"
            if shared
            else ""
        )
        self._push(command, f"“{label.name}” is now {color_name(color)}{also}.", label.id)

    def set_key(self) -> None:
        label = self.current_label()
        if label is None:
            return
        dialog = KeyDialog(label, self)
        if not self._ask(dialog):
            return
        self.apply_key(label, dialog.key.shortcut())

    def apply_key(self, label: LabelRow, shortcut: str) -> bool:
        """Give ``label`` the key ``shortcut`` ('' for none), unless the window already uses that key."""
        if shortcut == label.shortcut:
            return False
        clash = self._clash(shortcut)
        if clash:
            self._say(clash, error=True)
            return False
        command = UpdateLabelCommand(self.workspace, label, {"shortcut": shortcut})
        done = f"“{label.name}” now tags with {shortcut}." if shortcut else f"“{label.name}” has no key now."
        return self._push(command, done, label.id)

    def move(self, step: int) -> None:
        entries = self.model.rows()
        row = self.view.currentIndex().row()
        target = row + step
        if not (0 <= row < len(entries) and 0 <= target < len(entries)):
            return
        ids = [entry.id for entry in entries]
        ids[row], ids[target] = ids[target], ids[row]
        moved = entries[row].label
        command = ReorderLabelsCommand(
            self.workspace,
            ids,
        )
        self._push(command, f"Moved “{moved.name}” {'up' if step < 0 else 'down'}.", moved.id)

    def delete_label(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        label = entry.label
        if label.builtin:
            self._say(f"“{label.name}” is built in and cannot be deleted.", error=True)
            return
        move_to = None
        if entry.uses:
            others = [other for other in self.labels() if other.id != label.id]
            dialog = MoveAnnotationsDialog(label, entry.uses, others, self)
            if not self._ask(dialog):
                self._say(f"“{label.name}” was kept.")
                return
            move_to = dialog.target_id()
        command = DeleteLabelCommand(
            self.workspace,
            label,
            move_to,
        )
        moved = ""
        if move_to:
            target = next(other.name for other in self.labels() if other.id == move_to)
            moved = f"; its {entry.uses} annotation{'s' if entry.uses != 1 else ''} are now “{target}”"
        self._push(command, f"Deleted “{label.name}”{moved}.", move_to)

    def keyPressEvent(self, event) -> None:
        # Enter in the table must not close the dialog (QDialog's default button behaviour).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)
