"""The Retrospectives screen: what is due (decided bids without a retrospective, bids past their
deadline without an outcome), bids awaiting an outcome, decided bids, the form for the chosen
one; and the customer page."""

from __future__ import annotations

import html
from dataclasses import dataclass

from workbench.core.changes import OpChanges
from workbench.core.retro.model import BidRow, DueBid, RetroInput
from workbench.core.retro.reports import CustomerPage
from workbench.gui.context import AppContext
from workbench.gui.labels import industry_labels, label, outcome_labels
from workbench.gui.models.retro_list import RetroListModel, RetroRow
from workbench.gui.qt import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QModelIndex,
    QPushButton,
    QScrollArea,
    QSplitter,
    Qt,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    Signal,
    connect_for_life,
)
from workbench.gui.unsaved import confirm_leave
from workbench.gui.views.retro_form import FormData, RetroForm, load_form

DUE, OPEN, DECIDED = "due", "open", "decided"


@dataclass(frozen=True)
class Listed:
    due: list[DueBid]
    bids: list[BidRow]


class RetroView(QWidget):
    saved = Signal(str)  # the proposal whose retrospective was saved
    form_loaded = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RetroView")
        self.ctx = ctx
        self.current: str | None = None
        self.listed: Listed | None = None
        self._quiet = False  # selecting a row in code, not the person picking one
        title = QLabel(self.tr("Retrospectives"))
        title.setObjectName("ScreenTitle")
        self.scope = QComboBox()
        self.scope.setObjectName("RetroScope")
        self.scope.addItem(self.tr("Due now"), DUE)
        self.scope.addItem(self.tr("Awaiting an outcome"), OPEN)
        self.scope.addItem(self.tr("Decided"), DECIDED)
        self.scope.currentIndexChanged.connect(lambda _i: self._fill())
        self.count = QLabel()
        self.count.setObjectName("CountLabel")
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(lambda: self.reload())
        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addSpacing(16)
        bar.addWidget(self.scope)
        bar.addWidget(self.count, 1)
        bar.addWidget(refresh)

        self.model = RetroListModel(self)
        self.table = QTableView()
        self.table.setObjectName("RetroList")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # a narrow window (1280 wide) leaves the state column too little room: it wraps, never cut off
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.empty = QLabel(self.tr("Nothing is due: every decided bid has its retrospective."))
        self.empty.setObjectName("Hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.form = RetroForm(ctx)
        self.form.save_requested.connect(self.save)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table)
        left_layout.addWidget(self.empty)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(scroll)
        split.setSizes([560, 680])
        record = QWidget()
        record_layout = QVBoxLayout(record)
        record_layout.setContentsMargins(0, 0, 0, 0)
        record_layout.addWidget(split)

        self.customer = QComboBox()
        self.customer.setObjectName("CustomerChoice")
        self.customer.setEditable(True)
        self.customer.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.customer.activated.connect(lambda _i: self.show_customer(self.customer.currentText()))
        self.page = QTextBrowser()
        self.page.setObjectName("CustomerPage")
        self.page.setOpenLinks(False)
        self.page.anchorClicked.connect(lambda url: self.open_bid(url.toString()))
        customers = QWidget()
        customers_layout = QVBoxLayout(customers)
        pick = QHBoxLayout()
        pick.addWidget(QLabel(self.tr("Customer")))
        pick.addWidget(self.customer, 1)
        customers_layout.addLayout(pick)
        customers_layout.addWidget(self.page, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(record, self.tr("Record outcomes"))
        self.tabs.addTab(customers, self.tr("Customer page"))
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        connect_for_life(self, ctx.ready, self.reload)
        connect_for_life(self, ctx.user_changed, lambda _u: self.reload())
        connect_for_life(self, ctx.changed, self._on_changed)

    # --- the list ----------------------------------------------------------------------------

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.retro or changes.proposals or changes.review:
            self.reload()

    def reload(self) -> None:
        self.ctx.read(lambda ws: (Listed(ws.retros.due(), ws.retros.bids()), ws.reports.customers()),
                      self._listed, parent=self)

    def _listed(self, result: tuple[Listed, list[str]]) -> None:
        self.listed, customers = result
        keep = self.customer.currentText()
        self.customer.blockSignals(True)
        self.customer.clear()
        self.customer.addItems(customers)
        self.customer.setCurrentText(keep)
        self.customer.blockSignals(False)
        self._fill()

    def _fill(self) -> None:
        if self.listed is None:
            return
        scope = str(self.scope.currentData())
        outcomes = outcome_labels()
        rows: list[RetroRow] = []
        if scope == DUE:
            for d in self.listed.due:
                if d.outcome is None:
                    state = self.tr("deadline passed %1 days ago, no outcome").replace("%1", str(d.days))
                else:
                    state = (self.tr("%1 %2 days ago, no retrospective yet").replace("%1", outcomes[d.outcome.value])
                             .replace("%2", str(d.days)))
                rows.append(RetroRow(d.proposal, d.customer, d.title, state))
        else:
            for b in self.listed.bids:
                if (b.outcome is None) != (scope == OPEN):
                    continue
                if b.outcome is None:
                    state = self.tr("deadline %1").replace("%1", b.bid_deadline.isoformat()) if b.bid_deadline else ""
                else:
                    state = f"{outcomes[b.outcome.value]} · {b.decided_on}"
                rows.append(RetroRow(b.proposal, b.customer, b.title, state))
        self.model.set_rows(rows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.count.setText(self.tr("%1 shown · %2 due").replace("%1", str(len(rows)))
                           .replace("%2", str(len(self.listed.due))))
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self.empty.setText(self.tr("Nothing is due: every decided bid has its retrospective.") if scope == DUE
                           else self.tr("No bids here."))
        if self.current and self.select(self.current):
            return
        if rows and self.current is None:
            self.table.selectRow(0)

    def select(self, number: str) -> bool:
        row = self.model.row_of(number)
        if row < 0:
            return False
        self.table.blockSignals(True)
        self.table.selectRow(row)
        self.table.blockSignals(False)
        return True

    def _show_selected(self, number: str) -> None:
        """Select ``number``'s row without opening it again (it is being opened, or stays open)."""
        self._quiet = True
        try:
            self.select(number)
        finally:
            self._quiet = False

    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._quiet:
            self.open_bid(self.model.rows[current.row()].number)

    def open_bid(self, number: str) -> None:
        """Show a bid's form (from the list, or a link on the customer page), after asking what to
        do with unsaved entries for another bid (Save opens it once saved; Cancel stays)."""
        if self.ctx.user is None:
            return
        if number != self.current and not confirm_leave(self, self.form, then=lambda: self._open(number)):
            if self.current is not None:
                self._show_selected(self.current)
            return
        self._open(number)

    _saved_note: tuple[str, str] | None = None  # what a save said, until the form read after it is shown

    def _open(self, number: str) -> None:
        user = self.ctx.user
        if user is None:
            return
        self.current = number
        self._show_selected(number)
        self.tabs.setCurrentIndex(0)

        def gone() -> None:
            if self.current == number:
                self.current = None
                self.table.clearSelection()
                self.form.show_gone(number)

        self.ctx.read(lambda ws: load_form(ws, user, number), self._form_loaded, self.ctx.unless_gone(gone, self),
                      parent=self)

    def _form_loaded(self, data: FormData) -> None:
        if data.proposal.number != self.current:
            return
        self.form.show_data(data)
        saved, self._saved_note = self._saved_note, None
        if saved is not None and saved[0] == data.proposal.number:
            self.form.state.setText(saved[1])  # the reload after a save does not take its "Saved" away
        self.form_loaded.emit(data.proposal.number)

    # --- saving ------------------------------------------------------------------------------

    def save(self, number: str, raw: RetroInput, version: int) -> None:
        def done(view: object) -> None:
            note = self.tr("Saved the retrospective of %1.").replace("%1", number)
            self.form.state.setText(note)
            self._saved_note = (number, note)
            self.form.lessons.clear()  # they are knowledge items now
            self.saved.emit(number)
            self._open(number)  # what the core kept, lessons included
            self.form.save_finished(True)  # last: it may go on to another bid

        def failed(exc: BaseException) -> None:
            self.form.show_error(exc, self.ctx.message_for(exc))
            self.form.save_finished(False)

        self.ctx.write(lambda ws, me: ws.retros.record(me, number, raw, expected_version=version), done,
                       on_error=failed, parent=self)

    # --- the customer page ---------------------------------------------------------------------

    def show_customer(self, name: str) -> None:
        if not name.strip():
            return
        self.ctx.read(lambda ws: ws.reports.customer(name.strip()), self._customer_loaded, parent=self)

    def _customer_loaded(self, page: CustomerPage) -> None:
        self.page.setHtml(customer_html(page, self.ctx.lang, outcome_labels(), self))


def customer_html(page: CustomerPage, lang: str, outcomes: dict[str, str], view: QWidget) -> str:
    """The customer page as HTML: a summary, every proposal with its outcome, the retrospectives
    and the lessons (links open a bid's form)."""
    tr = view.tr
    e = html.escape
    total = page.total
    parts = [f"<h2>{e(page.customer)}</h2>"]
    if not page.bids:
        parts.append(f"<p>{e(tr('No proposals for this customer.'))}</p>")
        return "".join(parts)
    rate = f"{total.rate:.0%}" if total.rate is not None else "–"
    parts.append("<p>" + e(tr("%1 proposals · won %2 of %3 decided (%4)").replace("%1", str(len(page.bids)))
                           .replace("%2", str(total.won)).replace("%3", str(total.decided)).replace("%4", rate)) + "</p>")
    heads = [tr("Number"), tr("Title"), tr("Outcome"), tr("Decided"), tr("Value"), tr("Industry")]
    parts.append("<table cellspacing='0' cellpadding='4' border='1' style='border-collapse:collapse'><tr>"
                 + "".join(f"<th align='left'>{e(h)}</th>" for h in heads) + "</tr>")
    industries = industry_labels()
    for b in page.bids:
        r = b.retro
        outcome = outcomes[r.outcome.value] if r else tr("awaiting an outcome")
        value = f"{r.value:,.2f}" if r and r.value is not None else ""
        industry = label(industries, r.industry) if r else ""
        parts.append(f"<tr><td><a href='{e(b.proposal)}'>{e(b.proposal)}</a></td><td>{e(b.title)}</td>"
                     f"<td>{e(outcome)}</td><td>{r.decided_on if r else ''}</td><td align='right'>{value}</td>"
                     f"<td>{e(industry)}</td></tr>")
    parts.append("</table>")
    for b in page.bids:
        r = b.retro
        if r is None or not (r.what_worked or r.to_improve or r.reasons or r.competitors):
            continue
        parts.append(f"<h3>{e(b.proposal)} · {e(outcomes[r.outcome.value])}</h3><ul>")
        if r.competitors:
            parts.append(f"<li><b>{e(tr('Competitors'))}:</b> {e(', '.join(r.competitors))}</li>")
        if r.what_worked:
            parts.append(f"<li><b>{e(tr('What worked'))}:</b> {e(r.what_worked)}</li>")
        if r.to_improve:
            parts.append(f"<li><b>{e(tr('What to improve'))}:</b> {e(r.to_improve)}</li>")
        parts.append("</ul>")
    if page.lessons:
        parts.append(f"<h3>{e(tr('Lessons'))}</h3><ul>")
        parts.extend(f"<li>{e(lesson.title)}</li>" for lesson in page.lessons)
        parts.append("</ul>")
    return "".join(parts)

