"""A review queue as a table model: number, title, author, stage, due, waiting since, claimed by.
Overdue rows are marked; the order is the core's (escalated, overdue, then the longest waiting)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from workbench.core.reviews.model import ReviewStatus
from workbench.gui.labels import review_state_labels
from workbench.gui.models.table import ROW_ROLE, Column, RowTableModel
from workbench.gui.palette import ERROR, WARN_BACKGROUND
from workbench.gui.qt import QCoreApplication
from workbench.gui.when import local_time

STATUS_ROLE = ROW_ROLE


def _when(value: dt.datetime | None) -> str:
    return local_time(value)


class ReviewQueueModel(RowTableModel[ReviewStatus]):
    def __init__(self, parent: Any = None) -> None:
        def stage(r: ReviewStatus) -> str:
            shown = self.states.get(r.state.value, r.state.value)
            return shown + " · " + QCoreApplication.translate("ReviewQueue", "escalated") if r.escalated_by else shown

        def due(r: ReviewStatus) -> str:
            late = QCoreApplication.translate("ReviewQueue", "overdue")
            return f"{_when(r.due_at)} · {late}" if r.is_overdue(self.now) else _when(r.due_at)

        super().__init__([
            Column(QCoreApplication.translate("ReviewQueue", "Number"), lambda r: r.proposal),
            Column(QCoreApplication.translate("ReviewQueue", "Title"), lambda r: r.title, tooltip=lambda r: f"{r.title}\n{r.customer} · {r.author_label}"),
            Column(QCoreApplication.translate("ReviewQueue", "Author"), lambda r: r.author_label),
            Column(QCoreApplication.translate("ReviewQueue", "Stage"), stage),
            Column(QCoreApplication.translate("ReviewQueue", "Due"), due, foreground=lambda r: ERROR if r.is_overdue(self.now) else None),
            Column(QCoreApplication.translate("ReviewQueue", "Waiting since"), lambda r: _when(r.entered_at)),
            Column(QCoreApplication.translate("ReviewQueue", "Claimed by"), lambda r: r.claimed_by_label),
        ], parent, background=lambda r: WARN_BACKGROUND if r.is_overdue(self.now) or r.escalated_by else None)
        self.now = dt.datetime.now(dt.UTC)
        self.states = review_state_labels()

    def set_rows(self, rows: Sequence[ReviewStatus], now: dt.datetime | None = None) -> None:
        self.now = now or dt.datetime.now(dt.UTC)
        super().set_rows(rows)

    def row_of(self, number: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.proposal == number), -1)
