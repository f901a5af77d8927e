"""Proposals as a table model: number, title, customer, author, status, deadline, next milestone."""

from __future__ import annotations

from typing import Any

from workbench.core.proposals.model import FINISHED, MILESTONE_LABELS, ProposalView
from workbench.gui.palette import DANGER, WARN_BACKGROUND
from workbench.gui.qt import (
    QAbstractTableModel,
    QBrush,
    QColor,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

PROPOSAL_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


def status_labels() -> dict[str, str]:
    return {
        "draft": QCoreApplication.translate("Labels", "Draft"),
        "in_review": QCoreApplication.translate("Labels", "In review"),
        "changes_requested": QCoreApplication.translate("Labels", "Changes requested"),
        "approved": QCoreApplication.translate("Labels", "Approved"),
        "submitted": QCoreApplication.translate("Labels", "Submitted"),
        "closed": QCoreApplication.translate("Labels", "Closed"),
    }


class ProposalTableModel(QAbstractTableModel):
    def __init__(self, lang: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.rows: list[ProposalView] = []
        self.titles = [
            QCoreApplication.translate("ProposalTable", "Number"),
            QCoreApplication.translate("ProposalTable", "Title"),
            QCoreApplication.translate("ProposalTable", "Customer"),
            QCoreApplication.translate("ProposalTable", "Author"),
            QCoreApplication.translate("ProposalTable", "Status"),
            QCoreApplication.translate("ProposalTable", "Bid deadline"),
            QCoreApplication.translate("ProposalTable", "Next milestone"),
        ]
        self.statuses = status_labels()

    def set_rows(self, rows: list[ProposalView]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_of(self, number: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.number == number), -1)

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
        p = self.rows[index.row()]
        col = index.column()
        if role == PROPOSAL_ROLE:
            return p
        milestone = p.next_milestone() if p.status not in FINISHED else None
        due_soon = p.due_soon() is not None
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return p.number
            if col == 1:
                return p.title
            if col == 2:
                return p.customer
            if col == 3:
                return p.author_label
            if col == 4:
                return self.statuses.get(p.status.value, p.status.value)
            if col == 5:
                return p.bid_deadline.isoformat() if p.bid_deadline else ""
            if milestone is None:
                return ""
            en, zh = MILESTONE_LABELS[milestone[0]]
            return f"{zh if self.lang == 'zh' else en} · {milestone[1].isoformat()}"
        if role == Qt.ItemDataRole.ToolTipRole and col == 3:
            return p.author  # the user name behind the display name
        if role == Qt.ItemDataRole.ForegroundRole and due_soon and col in (5, 6):
            return QBrush(QColor(DANGER))
        if role == Qt.ItemDataRole.BackgroundRole and due_soon:
            return QBrush(QColor(WARN_BACKGROUND))
        return None


class ProposalFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.status = ""
        self.text = ""
        self.due_soon_only = False

    def refilter(self) -> None:
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ProposalTableModel)
        p = model.rows[source_row]
        if self.status and p.status.value != self.status:
            return False
        if self.text and self.text.lower() not in f"{p.number} {p.title} {p.customer} {p.author_label} {p.author}".lower():
            return False
        return not self.due_soon_only or p.due_soon() is not None
