"""The one table model: rows of plain core values, columns declared once (title, what to show,
how to sort, alignment, tooltip, colours). A screen's model is a list of columns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from workbench.gui.qt import (
    QAbstractTableModel,
    QBrush,
    QColor,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's value itself
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # what the column sorts by
CELL_ROLE = Qt.ItemDataRole.UserRole  # what one cell stands for (e.g. the item it opens), if declared


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    display: Callable[[T], str]
    sort_key: Callable[[T], Any] | None = None  # else what is shown
    align: Qt.AlignmentFlag | None = None
    tooltip: Callable[[T], str | None] | None = None
    foreground: Callable[[T], str | None] | None = None  # a palette colour, or None
    value: Callable[[T], Any] | None = None  # under CELL_ROLE: what this cell stands for


class RowTableModel(QAbstractTableModel, Generic[T]):
    """``columns`` over ``rows``; ``background`` colours a whole row (a palette colour, or None)."""

    def __init__(self, columns: Sequence[Column[T]], parent: Any = None,
                 background: Callable[[T], str | None] | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[T] = []
        self._background = background

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.columns[section].title  # the tooltip: for a column too narrow for its title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == SORT_ROLE:
            return column.sort_key(row) if column.sort_key is not None else column.display(row)
        if role == CELL_ROLE and column.value is not None:
            return column.value(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align is not None:
            return int(column.align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground is not None:
            colour = column.foreground(row)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.BackgroundRole and self._background is not None:
            colour = self._background(row)
            return QBrush(QColor(colour)) if colour else None
        return None


class ValuesTableModel(RowTableModel[Sequence[object]]):
    """Rows of plain values under headers that change with what is shown (a dashboard card's
    table): numbers sort as numbers and sit on the right."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([], parent)

    def show(self, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        self.beginResetModel()
        self.columns = [self._column(i, title, rows) for i, title in enumerate(headers)]
        self.rows = list(rows)
        self.endResetModel()

    @staticmethod
    def _column(i: int, title: str, rows: Sequence[Sequence[object]]) -> Column[Sequence[object]]:
        numeric = any(isinstance(r[i], int | float) for r in rows) and all(
            r[i] is None or isinstance(r[i], int | float) for r in rows)
        return Column(title, lambda r: "" if r[i] is None else str(r[i]),
                      sort_key=(lambda r: r[i] if r[i] is not None else float("-inf")) if numeric else None,
                      align=Qt.AlignmentFlag.AlignRight if numeric else None)


def _cell(key: str) -> Callable[[dict[str, str]], str]:
    return lambda row: row.get(key, "")


class EditableRowsModel(RowTableModel[dict[str, str]]):
    """Rows of text a person types in, one declared column per key (a table input of a proposal
    form): every cell is editable; :meth:`values` hands the rows back as plain dicts."""

    def __init__(self, columns: Sequence[tuple[str, str]], parent: Any = None) -> None:
        """``columns``: (key, title) pairs, in order."""
        self.keys = [key for key, _title in columns]
        super().__init__([Column(title, _cell(key)) for key, title in columns], parent)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.EditRole:
            role = Qt.ItemDataRole.DisplayRole
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        self.rows[index.row()][self.keys[index.column()]] = "" if value is None else str(value)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True

    def append(self, values: dict[str, Any]) -> None:
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append({k: str(values.get(k, "") or "") for k in self.keys})
        self.endInsertRows()

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()

    def values(self) -> list[dict[str, str]]:
        return [dict(r) for r in self.rows]
