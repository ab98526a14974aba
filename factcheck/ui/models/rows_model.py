"""A table model over a list of frozen DTOs, with columns declared once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

type Index = QModelIndex | QPersistentModelIndex

_BASE_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole, ID_ROLE, SORT_ROLE})


@dataclass(frozen=True)
class Column:
    title: str
    display: Callable[[Any], str]
    sort_key: Callable[[Any], Any] | None = None
    alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class RowsTableModel(QAbstractTableModel):
    """Rows are DTOs with an ``id``; subclasses declare ``columns`` and may add roles in ``extra_data``."""

    columns: Sequence[Column] = ()
    #: Roles this model answers; every other role returns at once (Qt asks ~8 roles per painted cell).
    extra_roles: frozenset[int] = frozenset(
        {
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ForegroundRole,
        }
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._row_of: dict[str, int] | None = {}

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._reindex()
        self.endResetModel()

    def insert_row(self, position: int, row: Any) -> None:
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.insert(position, row)
        self._reindex()
        self.endInsertRows()

    def remove_row(self, position: int) -> None:
        self.beginRemoveRows(QModelIndex(), position, position)
        del self._rows[position]
        self._reindex()
        self.endRemoveRows()

    def replace_row(self, position: int, row: Any) -> None:
        self._rows[position] = row
        self._positions()[row.id] = position
        self.dataChanged.emit(self.index(position, 0), self.index(position, len(self.columns) - 1))

    def _reindex(self) -> None:
        self._row_of = None  # rebuilt on the next lookup, not on every insert

    def _positions(self) -> dict[str, int]:
        if self._row_of is None:
            self._row_of = {row.id: i for i, row in enumerate(self._rows)}
        return self._row_of

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, row_id: str) -> int | None:
        return self._positions().get(row_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
        if horizontal and 0 <= section < len(self.columns):
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in _BASE_ROLES and role not in self.extra_roles:
            return None
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if not (0 <= index.column() < len(self.columns)):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == SORT_ROLE:
            return column.sort_key(row) if column.sort_key else column.display(row)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.alignment)
        return self.extra_data(row, index.column(), role)

    def extra_data(self, row: Any, column: int, role: int):
        return None
