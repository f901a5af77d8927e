"""The retrospectives list: one row per bid (number, customer, where it stands), its title as the
tooltip of every cell (the form beside shows it in full)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.gui.models.table import Column, RowTableModel
from workbench.gui.qt import QCoreApplication


@dataclass(frozen=True)
class RetroRow:
    number: str
    customer: str
    title: str
    state: str  # already in the UI language: "won · 2026-11-02", "deadline passed 3 days ago..."


class RetroListModel(RowTableModel[RetroRow]):
    def __init__(self, parent: Any = None) -> None:
        def title(r: RetroRow) -> str:
            return r.title

        super().__init__([
            Column(QCoreApplication.translate("RetroView", "Number"), lambda r: r.number, tooltip=title),
            Column(QCoreApplication.translate("RetroView", "Customer"), lambda r: r.customer, tooltip=title),
            Column(QCoreApplication.translate("RetroView", "State"), lambda r: r.state, tooltip=title),
        ], parent)

    def row_of(self, number: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.number == number), -1)
