"""Proposals as a table model: number, title, customer, author, status, deadline, next milestone."""

from __future__ import annotations

from typing import Any

from workbench.core.errors import say
from workbench.core.proposals.model import FINISHED, ProposalView
from workbench.gui.models.table import ROW_ROLE, Column, RowTableModel
from workbench.gui.palette import DANGER, WARN_BACKGROUND
from workbench.gui.qt import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
)

PROPOSAL_ROLE = ROW_ROLE
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


class ProposalTableModel(RowTableModel[ProposalView]):
    def __init__(self, lang: str, parent: Any = None) -> None:
        def milestone(p: ProposalView) -> str:
            upcoming = p.next_milestone() if p.status not in FINISHED else None
            if upcoming is None:
                return ""
            return f"{say(f'milestone_{upcoming[0]}', self.lang)} · {upcoming[1].isoformat()}"

        def due_soon(p: ProposalView) -> str | None:
            return DANGER if p.due_soon() is not None else None

        super().__init__([
            Column(QCoreApplication.translate("ProposalTable", "Number"), lambda p: p.number),
            Column(QCoreApplication.translate("ProposalTable", "Title"), lambda p: p.title, tooltip=lambda p: p.title),
            Column(QCoreApplication.translate("ProposalTable", "Customer"), lambda p: p.customer,
                   tooltip=lambda p: p.customer or None),
            Column(QCoreApplication.translate("ProposalTable", "Author"), lambda p: p.author_label,
                   tooltip=lambda p: p.author),  # the user name behind the display name
            Column(QCoreApplication.translate("ProposalTable", "Status"),
                   lambda p: self.statuses.get(p.status.value, p.status.value)),
            Column(QCoreApplication.translate("ProposalTable", "Bid deadline"),
                   lambda p: p.bid_deadline.isoformat() if p.bid_deadline else "", foreground=due_soon),
            Column(QCoreApplication.translate("ProposalTable", "Next milestone"), milestone, foreground=due_soon,
                   tooltip=lambda p: milestone(p) or None),
        ], parent, background=lambda p: WARN_BACKGROUND if p.due_soon() is not None else None)
        self.lang = lang
        self.statuses = status_labels()

    def row_of(self, number: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.number == number), -1)


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
