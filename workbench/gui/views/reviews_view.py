"""The Reviews screen: my queue (or my submissions, a tier, the overdue list) beside the review
pane of the selected proposal. Every read and write goes through the core off the UI thread.
Picking another proposal while the comment editor holds unsaved work asks first (save, discard,
cancel); refreshes of the proposal shown never touch what the person is typing."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from workbench.core.changes import OpChanges, OpResult
from workbench.core.errors import WorkbenchError
from workbench.core.reviews.model import ReviewStatus
from workbench.core.users import UserView
from workbench.core.workspace import Workspace
from workbench.gui.context import AppContext
from workbench.gui.models.review_queue import STATUS_ROLE, ReviewQueueModel
from workbench.gui.qt import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QModelIndex,
    QPushButton,
    QSplitter,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
    connect_for_life,
)
from workbench.gui.unsaved import confirm_leave
from workbench.gui.views.review_pane import PaneData, ReviewPane, load_pane

MINE, SUBMITTED, OVERDUE = "mine", "submitted", "overdue"


def _list(ws: Workspace, user: UserView, scope: str) -> tuple[list[ReviewStatus], int]:
    if scope == SUBMITTED:
        rows = ws.reviews.submitted_by(user)
    elif scope == OVERDUE:
        rows = ws.reviews.overdue()
    elif scope.startswith("tier"):
        rows = ws.reviews.at_tier(int(scope[-1]))
    else:
        rows = ws.reviews.queue(user)
    return rows, ws.reviews.badge(user)


class ReviewsView(QWidget):
    badge_changed = Signal(int)
    acted = Signal(str)  # the action, once the core applied it
    pane_loaded = Signal(str)  # the proposal shown
    open_proposal = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReviewsView")
        self.ctx = ctx
        self.scope = QComboBox()
        self.scope.setObjectName("ReviewScope")
        self.scope.addItem(self.tr("My queue"), MINE)
        self.scope.addItem(self.tr("My submissions"), SUBMITTED)
        for tier in (1, 2, 3):
            self.scope.addItem(self.tr("Everything at tier %1").replace("%1", str(tier)), f"tier{tier}")
        self.scope.addItem(self.tr("Overdue and escalated"), OVERDUE)
        self.scope.currentIndexChanged.connect(lambda _i: self.reload())
        self.count = QLabel()
        self.count.setObjectName("CountLabel")
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(lambda: self.reload())
        bar = QHBoxLayout()
        title = QLabel(self.tr("Reviews"))
        title.setObjectName("ScreenTitle")
        bar.addWidget(title)
        bar.addSpacing(16)
        bar.addWidget(self.scope)
        bar.addWidget(self.count, 1)
        bar.addWidget(refresh)

        self.model = ReviewQueueModel(self)
        self.table = QTableView()
        self.table.setObjectName("ReviewQueue")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (0, 2, 3, 4, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.empty = QLabel(self.tr("Nothing is waiting for you."))
        self.empty.setObjectName("Hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.pane = ReviewPane(ctx, ctx.lang)
        self.pane.requested.connect(self.run)
        self.pane.open_proposal.connect(self.open_proposal)
        self.error = QLabel()
        self.error.setObjectName("ErrorLabel")
        self.error.setWordWrap(True)
        self.error.hide()
        self.state = QLabel()
        self.state.setObjectName("Hint")

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table)
        top_layout.addWidget(self.empty)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.error)
        bottom_layout.addWidget(self.pane, 1)
        bottom_layout.addWidget(self.state)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setSizes([230, 640])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)

        self.current: str | None = None
        self._selecting = False
        connect_for_life(self, ctx.ready, self.reload)
        connect_for_life(self, ctx.user_changed, lambda _u: self.reload())
        connect_for_life(self, ctx.changed, self._on_changed)

    def user_switched(self) -> None:
        """Another person signed in: the last one's pane, result and error go; their own load follows."""
        self.error.hide()
        self.state.clear()
        if not self.pane.editor.has_unsaved_changes():
            self.pane.show_data(None)  # the proposal shown comes back, as the new person may act on it

    # --- the list ------------------------------------------------------------------------------

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.review or changes.proposals or changes.users:
            self.reload()

    def reload(self, select: str | None = None) -> None:
        """Read the list again; ``select`` shows that proposal (asking first if the comment being
        written on the one shown is unsaved), else the one shown stays shown."""
        user, scope = self.ctx.user, str(self.scope.currentData())
        if user is None:
            return
        def listed(result: tuple[list[ReviewStatus], int]) -> None:
            if self._still(user):  # else the person changed meanwhile: their own reload follows
                self._listed(result[0], result[1], select)

        self.ctx.read(lambda ws: _list(ws, user, scope), listed, parent=self)

    def _still(self, user: UserView) -> bool:
        """``user`` is still the one acting (an answer read for the last person is dropped)."""
        return self.ctx.user is not None and self.ctx.user.name == user.name

    def _listed(self, rows: list[ReviewStatus], badge: int, select: str | None) -> None:
        target = select
        if target and target != self.current and not confirm_leave(self, self.pane.editor,
                                                                   lambda: self._switch_to(target)):
            select = None  # Cancel; or a Save, which switches once the comment is posted (maybe already)
        # else the one shown when the answer arrives, not when it was asked for: a switch made meanwhile stands
        keep = select or self.current
        self.model.set_rows(rows)
        self.count.setText(self.tr("%1 shown · %2 waiting for you").replace("%1", str(len(rows)))
                           .replace("%2", str(badge)))
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self.badge_changed.emit(badge)
        if keep and self.select(keep):
            self.show_proposal(keep)  # fresh data for the shown proposal
        elif keep:
            self.show_proposal(keep)  # left this list (e.g. approved): still show where it stands
        elif rows:
            self.table.selectRow(0)

    def select(self, number: str | None) -> bool:
        """Put the selection on ``number`` without loading it again (it is, or is about to be, shown)."""
        row = self.model.row_of(number) if number else -1
        self._selecting = True
        try:
            if row < 0:  # not in this list: no row stays current, so any row can be picked again
                self.table.selectionModel().clear()
            else:
                self.table.selectRow(row)
        finally:
            self._selecting = False
        return row >= 0

    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        status = current.data(STATUS_ROLE) if current.isValid() else None
        if status is None or self._selecting or status.proposal == self.current:
            return
        number = status.proposal
        if self.pane.editor.posting:  # a save is on its way; it decides where the person goes
            self.select(self.current)
            return
        if confirm_leave(self, self.pane.editor, lambda: self._switch_to(number)):
            self.show_proposal(number)
        else:  # Cancel, or a Save on its way (it switches once the comment is posted)
            self.select(self.current)

    def _switch_to(self, number: str) -> None:
        """After the unsaved comment was saved: go where the person was going."""
        self.select(number)
        self.show_proposal(number)

    def show_proposal(self, number: str) -> None:
        user = self.ctx.user
        if user is None:
            return
        self.current = number

        def gone() -> None:
            if self.current == number:
                self.current = None
                self.pane.show_data(None)
                self.reload()

        self.ctx.read(lambda ws: load_pane(ws, user, number), lambda data: self._shown(data, user),
                      self.ctx.unless_gone(gone, self), parent=self)

    def _shown(self, data: PaneData, user: UserView) -> None:
        if data.model.status.proposal != self.current or not self._still(user):
            return  # another one was selected meanwhile, or another person signed in (their buttons differ)
        self.pane.show_data(data)
        self.pane_loaded.emit(data.model.status.proposal)

    # --- actions -------------------------------------------------------------------------------

    def run(self, action: str, args: dict[str, Any], then: Callable[[bool], None] | None = None) -> None:
        """Apply ``action`` through the core; ``then(ok)`` for a save asked by the unsaved-work question."""
        number, version = str(args["number"]), int(args["version"])
        calls: dict[str, Callable[[Workspace, UserView], OpResult[Any]]] = {
            "submit": lambda ws, me: ws.reviews.submit(me, number, version),
            "claim": lambda ws, me: ws.reviews.claim(me, number, version),
            "release": lambda ws, me: ws.reviews.release(me, number, version),
            "approve": lambda ws, me: ws.reviews.approve(
                me, number, args["scores"], args["comment"], version, section=args["section"]),
            "request_changes": lambda ws, me: ws.reviews.request_changes(
                me, number, args["comment"], args["scores"], version, section=args["section"]),
            "withdraw": lambda ws, me: ws.reviews.withdraw(me, number, version),
            "reassign": lambda ws, me: ws.reviews.reassign(me, number, args["to"], args["comment"], version),
            "escalate": lambda ws, me: ws.reviews.escalate(me, number, args["comment"], version),
            "comment": lambda ws, me: ws.reviews.comment(
                me, number, args["comment"], section=args["section"], reply_to=args["reply_to"]),
        }

        def done(_value: object) -> None:
            self.error.hide()
            self.pane.acted(action)
            self.state.setText(self.tr("Done: %1 %2").replace("%1", number).replace(
                "%2", self.pane.done_labels.get(action, action)))
            self.acted.emit(action)
            if then is not None:
                then(True)

        def failed(exc: BaseException) -> None:
            self._failed(exc)
            if then is not None:
                then(False)

        if self.ctx.write(calls[action], done, on_error=failed, parent=self) is None:
            self.pane.refused()  # nobody signed in any more: nothing was sent, the text stays editable
            if then is not None:
                then(False)

    def _failed(self, exc: BaseException) -> None:
        """Refusals and conflicts stay on screen beside the form (nothing typed is lost)."""
        self.pane.refused()
        self.error.setText(self.ctx.message_for(_criteria_by_label(exc, self.pane.data, self.ctx.lang)))
        self.error.show()
        if self.current:
            self.show_proposal(self.current)


def _criteria_by_label(exc: BaseException, data: PaneData | None, lang: str) -> BaseException:
    """A refusal about the rubric names its criteria as the form shows them ("Completeness"),
    not by their names in rubric.yaml ("completeness")."""
    rubric = data.model.rubric if data is not None else None
    if rubric is None or not isinstance(exc, WorkbenchError) or not ({"name", "names"} & set(exc.params)):
        return exc
    labels = {c.name: c.label.get(lang) for c in rubric.criteria}
    comma = "、" if lang.startswith("zh") else ", "
    params = dict(exc.params)
    if isinstance(params.get("name"), str):
        params["name"] = labels.get(params["name"], params["name"])
    if isinstance(params.get("names"), str):
        params["names"] = comma.join(labels.get(n.strip(), n.strip()) for n in params["names"].split(","))
    relabelled = copy.copy(exc)
    relabelled.params = params
    return relabelled
