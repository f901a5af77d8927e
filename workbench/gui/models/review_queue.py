"""A review queue as a table model: number, title, author, stage, due, waiting since, claimed by.
Overdue rows are marked; the order is the core's (escalated, overdue, then the longest waiting)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from workbench.core.reviews.model import ReviewStatus
from workbench.gui.labels import review_state_labels
from workbench.gui.palette import ERROR, WARN_BACKGROUND
from workbench.gui.qt import (
    QAbstractTableModel,
    QBrush,
    QColor,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from workbench.gui.when import local_time

STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


def _when(value: dt.datetime | None) -> str:
    return local_time(value)


class ReviewQueueModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[ReviewStatus] = []
        self.now = dt.datetime.now(dt.UTC)
        self.titles = [
            QCoreApplication.translate("ReviewQueue", "Number"),
            QCoreApplication.translate("ReviewQueue", "Title"),
            QCoreApplication.translate("ReviewQueue", "Author"),
            QCoreApplication.translate("ReviewQueue", "Stage"),
            QCoreApplication.translate("ReviewQueue", "Due"),
            QCoreApplication.translate("ReviewQueue", "Waiting since"),
            QCoreApplication.translate("ReviewQueue", "Claimed by"),
        ]
        self.states = review_state_labels()

    def set_rows(self, rows: list[ReviewStatus], now: dt.datetime | None = None) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.now = now or dt.datetime.now(dt.UTC)
        self.endResetModel()

    def row_of(self, number: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.proposal == number), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.titles)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.titles[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        overdue = r.is_overdue(self.now)
        if role == STATUS_ROLE:
            return r
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return r.proposal
            if col == 1:
                return r.title
            if col == 2:
                return r.author_label
            if col == 3:
                stage = self.states.get(r.state.value, r.state.value)
                if r.escalated_by:
                    stage += " · " + QCoreApplication.translate("ReviewQueue", "escalated")
                return stage
            if col == 4:
                due = _when(r.due_at)
                late = QCoreApplication.translate("ReviewQueue", "overdue")
                return f"{due} · {late}" if overdue else due
            if col == 5:
                return _when(r.entered_at)
            return r.claimed_by_label
        if role == Qt.ItemDataRole.ForegroundRole and overdue and col == 4:
            return QBrush(QColor(ERROR))
        if role == Qt.ItemDataRole.BackgroundRole and (overdue or r.escalated_by):
            return QBrush(QColor(WARN_BACKGROUND))
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return f"{r.customer} · {r.author_label}"
        return None
