"""The one way an action is made: its key shown in the tooltip and the status bar, triggered without args."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

NATIVE = QKeySequence.SequenceFormat.NativeText


def key_text(action: QAction) -> str:
    """The action's first key as the platform writes it ('Ctrl+Shift+F'), or ''."""
    return action.shortcut().toString(NATIVE)


def make_action(
    owner: QObject,
    text: str,
    slot: Callable[[], object],
    *,
    keys: QKeySequence | QKeySequence.StandardKey | str | None = None,
    tip: str = "",
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
    add_to: QWidget | None = None,
) -> QAction:
    """An action named ``text`` calling ``slot()``; ``keys`` shown in its tooltip as "tip (Ctrl+K)".

    ``add_to`` is the widget whose keyboard focus makes the key work (usually the window or dialog that
    owns it); with ``None`` the key is only shown (a panel handling it itself, a menu-only action).
    """
    action = QAction(text, owner)
    if keys:
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(context)
    name = tip or text.replace("&", "").rstrip("…")
    shown = key_text(action)
    action.setToolTip(f"{name} ({shown})" if shown else name)
    action.setStatusTip(name)
    action.triggered.connect(lambda _checked=False: slot())
    if add_to is not None:
        add_to.addAction(action)
    return action


def action_with_key(actions: Iterable[QAction], keys: str, *, skip: set[QAction] = frozenset()) -> str | None:
    """The name of the first of ``actions`` (but those in ``skip``) that has the key ``keys``, or None."""
    sequence = QKeySequence(keys)
    for action in actions:
        if action not in skip and any(
            s.matches(sequence) == QKeySequence.SequenceMatch.ExactMatch for s in action.shortcuts()
        ):
            return action.text().replace("&", "").rstrip("…")
    return None
