"""For knowledge owners: searches that found nothing (content gaps) and near-duplicate items."""

from __future__ import annotations

import datetime as dt
from typing import Any

from workbench.core.errors import ServerUnavailable
from workbench.core.search.related import MEANING, DuplicateList
from workbench.gui.context import AppContext
from workbench.gui.models.duplicates import DuplicatesModel
from workbench.gui.models.table import CELL_ROLE, SORT_ROLE, Column, RowTableModel
from workbench.gui.qt import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QObject,
    QPushButton,
    QSortFilterProxyModel,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
    connect_for_life,
)
from workbench.gui.tasks import Task
from workbench.gui.when import local_time


def _table(model: RowTableModel[Any]) -> QTableView:
    view = QTableView()
    proxy = QSortFilterProxyModel(view)  # sorted by each column's sort key
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view.setModel(proxy)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.setSortingEnabled(True)
    return view


class InsightsPanel(QObject):
    open_item = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx

        self.gaps: RowTableModel[tuple[str, int, dt.datetime]] = RowTableModel([
            Column(self.tr("Search"), lambda g: g[0]),
            Column(self.tr("Times"), lambda g: str(g[1]), sort_key=lambda g: g[1], align=Qt.AlignmentFlag.AlignRight),
            Column(self.tr("Last searched"), lambda g: local_time(g[2])),
        ], self)
        self.gaps_page = QWidget()
        hint = QLabel(self.tr("What people searched for and did not find: candidates for new FAQs and cases."))
        hint.setObjectName("Hint")
        self.gaps_view = _table(self.gaps)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.load_gaps)
        # a search that found nothing was recorded: the list follows while it is in view
        connect_for_life(self, ctx.changed, lambda changes: self.load_gaps() if changes.gaps and self.gaps_page.isVisible() else None)
        layout = QVBoxLayout(self.gaps_page)
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        row.addWidget(refresh)
        layout.addLayout(row)
        layout.addWidget(self.gaps_view)

        self.duplicates = DuplicatesModel(self)
        self.duplicates_page = QWidget()
        self.dup_state = QLabel(self.tr("Compares every live item with its closest matches, by their words and by "
                                        "their meaning; takes a few seconds."))
        self.dup_state.setObjectName("Hint")
        self.dup_state.setWordWrap(True)  # a cut list says so in a long line
        self.find_button = QPushButton(self.tr("Find near-duplicates"))
        self.find_button.clicked.connect(self.load_duplicates)
        # a large library's pairs take a minute or more: they can be stopped (nothing is written)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop looking for near-duplicates"))
        self.stop_button.hide()
        self.stop_button.clicked.connect(self.stop_duplicates)
        self._dup_task: Task | None = None
        self.dup_view = _table(self.duplicates)
        # the two items share the width left by the overlap and the reason, which always show
        # (long titles are elided; sized to their contents they pushed the reason off screen)
        header = self.dup_view.horizontalHeader()
        header.setStretchLastSection(False)
        for column, mode in enumerate((QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        self.dup_view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.dup_view.doubleClicked.connect(
            lambda index: self.open_item.emit(index.data(CELL_ROLE)) if index.data(CELL_ROLE) else None
        )
        layout = QVBoxLayout(self.duplicates_page)
        row = QHBoxLayout()
        row.addWidget(self.dup_state, 1)
        row.addWidget(self.stop_button)
        row.addWidget(self.find_button)
        layout.addLayout(row)
        layout.addWidget(self.dup_view)

    def load_gaps(self) -> None:
        self.ctx.read(lambda ws: ws.search.content_gaps(), self.gaps.set_rows, parent=self.gaps_page)

    def load_duplicates(self) -> None:
        """Every pair of near-duplicates, found in the background (a minute or more on a large
        library): the state line follows its progress, part by part."""
        ws = self.ctx.ws
        if ws is None:
            return
        self.find_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.stop_button.show()
        self.dup_state.setText(self.tr("Looking for near-duplicates…"))

        def ended() -> None:
            self._dup_task = None
            self.stop_button.hide()
            self.find_button.setEnabled(True)

        def shown(found: tuple[DuplicateList, bool]) -> None:
            pairs, by_meaning = found
            ended()
            self.duplicates.set_rows(pairs)
            state = (
                self.tr("%1 pairs of near-duplicates. Double-click an item to open it.").replace("%1", str(len(pairs)))
                if pairs else self.tr("No near-duplicates found.")
            )
            if pairs.cut:  # a library of many near-copies: the closest pairs only
                state = self.tr("%1 pairs of near-duplicates; the closest %2 are listed (the same words "
                                "first). Double-click an item to open it.").replace(
                    "%1", str(pairs.found)).replace("%2", str(len(pairs)))
            if not by_meaning:  # the first build of the vectors is still running
                state += " " + self.tr("Matching by meaning is not ready yet: only items that repeat each "
                                       "other's words are listed; look again when it is.")
            self.dup_state.setText(state)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ServerUnavailable):  # the connection banner says so too
                self.ctx.server_unavailable.emit(exc)
            ended()
            self.dup_state.setText(self.ctx.message_for(exc))

        def stopped() -> None:
            ended()
            self.dup_state.setText(
                self.tr("Stopped. The list below is from the search before.") if self.duplicates.rowCount() else
                self.tr("Stopped before the list was ready. Find near-duplicates again when you want it."))

        def progress(done: int, of: int, what: str) -> None:
            share = f"{done * 100 // max(of, 1)}%"
            self.dup_state.setText(
                self.tr("Looking for near-duplicates: comparing meanings, %1…").replace("%1", share)
                if what == MEANING else
                self.tr("Looking for near-duplicates: comparing words, %1…").replace("%1", share))

        def work(task: Task) -> tuple[DuplicateList, bool]:
            related = ws.search.related
            # finding pairs reads only: stopped at its next progress report once asked
            return related.all_duplicates(progress=task.report_or_stop), related.meaning_ready()

        self._dup_task = self.ctx.runner.run(work, on_done=shown, on_error=failed, on_progress=progress, cpu=True,
                                             with_task=True, owner=self.duplicates_page, on_cancelled=stopped)

    def stop_duplicates(self) -> None:
        if self._dup_task is not None:
            self._dup_task.cancel()
            self.stop_button.setEnabled(False)  # until the work reaches its next report
            self.dup_state.setText(self.tr("Stopping…"))
