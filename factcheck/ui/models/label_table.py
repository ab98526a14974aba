"""The labels as Settings ▸ Labels lists them: name with its chip, key, use, colour, built in."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from factcheck.domain import LabelRow
from factcheck.ui.article_view import underline_name
from factcheck.ui.models.annotation_table import label_chip
from factcheck.ui.models.rows_model import Column, RowsTableModel
from factcheck.ui.palette import color_name

_NATIVE = QKeySequence.SequenceFormat.NativeText
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True, slots=True)
class LabelEntry:
    """A label as the dialog lists it: with the number of annotations that carry it."""

    id: str
    label: LabelRow
    uses: int


class LabelTableModel(RowsTableModel):
    columns = (
        Column("Label", lambda e: e.label.name),
        Column("Key", lambda e: QKeySequence(e.label.shortcut).toString(_NATIVE) if e.label.shortcut else ""),
        Column("Annotations", lambda e: str(e.uses), sort_key=lambda e: e.uses, alignment=_RIGHT),
        Column("Colour", lambda e: color_name(e.label.color)),
        Column("Built in", lambda e: "yes" if e.label.builtin else ""),
    )
    extra_roles = frozenset(
        {Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole}
    )

    def extra_data(self, entry: LabelEntry, column: int, role: int):
        label = entry.label
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return label_chip(label.color, label.name)
        if role == Qt.ItemDataRole.ToolTipRole:
            shape = underline_name(label.name)
            built = "\nBuilt in: it keeps its name and cannot be deleted." if label.builtin else ""
            key = f"key {label.shortcut}" if label.shortcut else "no key"
            return f"{label.name}: {color_name(label.color)}, {shape} underline, {key}{built}"
        if role == Qt.ItemDataRole.AccessibleTextRole and column == 0:
            key = f", key {label.shortcut}" if label.shortcut else ""
            built = ", built in" if label.builtin else ""
            return f"{label.name}{key}, {entry.uses} annotations{built}"
        return None
