"""The Dashboard: win rates, why bids are lost, review performance, the knowledge that wins,
stale items, content gaps and per-engineer figures, for a period and an industry.

The figures come from the core (``ws.reports.dashboard``) off the UI thread; this screen only
draws them (charts.py). Each card says how many bids it stands on and exports as PNG and CSV;
the cards are built when the screen is first shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from workbench.core.changes import OpChanges
from workbench.core.errors import WorkbenchError
from workbench.core.retro.figures import Dashboard, RateRow, ReportFilter, header, to_csv
from workbench.core.workspace import Workspace
from workbench.gui import palette
from workbench.gui.charts import LOST, Bar, Chart, Columns, HorizontalBars
from workbench.gui.context import AppContext
from workbench.gui.date_field import ISO
from workbench.gui.labels import industry_labels, kind_labels, label
from workbench.gui.models.table import ValuesTableModel
from workbench.gui.qt import (
    QAbstractItemView,
    QColor,
    QComboBox,
    QDate,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPainter,
    QPixmap,
    QPoint,
    QPushButton,
    QScrollArea,
    QShowEvent,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
    connect_for_life,
)

PRESETS = (("last_3", 3), ("last_6", 6), ("last_12", 12), ("last_18", 18), ("all", 0))
DEFAULT_PRESET = 3
GROUPINGS = ("industry", "competitor", "template", "author")


@dataclass(frozen=True)
class Loaded:
    board: Dashboard
    templates: dict[str, str]  # name -> title in the UI language
    people: dict[str, str]  # user -> the name people read (display name, else the login)


def load(ws: Workspace, flt: ReportFilter, lang: str) -> Loaded:
    board = ws.reports.dashboard(flt)
    return Loaded(board, {t.name: t.display_title(lang) for t in ws.proposals.catalog.all()}, board.people)


def percent(value: float | None) -> str:
    return f"{value:.0%}" if value is not None else "–"


class Card(QFrame):
    """A chart or a table with its title, what it stands on, and PNG/CSV export."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.title = QLabel(title)
        self.title.setObjectName("CardTitle")
        self.stands = QLabel()
        self.stands.setObjectName("Hint")
        self.stands.setWordWrap(True)
        self.png = QPushButton(self.tr("PNG…"))
        self.csv = QPushButton(self.tr("CSV…"))
        for button in (self.png, self.csv):
            button.setObjectName("SmallButton")
        self.png.setToolTip(self.tr("Save this chart as a picture"))
        self.csv.setToolTip(self.tr("Save the data behind this chart as CSV (opens in Excel)"))
        self.png.clicked.connect(self._save_png)
        self.csv.clicked.connect(self._save_csv)
        self.head = QHBoxLayout()
        self.head.addWidget(self.title, 1)
        self.tools = QHBoxLayout()
        self.head.addLayout(self.tools)
        self.head.addWidget(self.png)
        self.head.addWidget(self.csv)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.head)
        self.body.addWidget(self.stands)
        self.table_source: Callable[[], tuple[list[str], list[list[object]]]] = lambda: ([], [])

    def set_content(self, widget: QWidget) -> None:
        self.body.addWidget(widget, 1)

    def picture(self) -> QPixmap:
        """The card as it looks, at twice the screen's resolution, without its buttons."""
        for button in (self.png, self.csv):
            button.hide()
        try:
            pixmap = QPixmap(self.size() * 2)
            pixmap.setDevicePixelRatio(2)
            pixmap.fill(QColor(palette.PAPER))
            painter = QPainter(pixmap)
            self.render(painter, QPoint(0, 0))
            painter.end()
        finally:
            for button in (self.png, self.csv):
                button.show()
        return pixmap

    def save_png(self, path: str) -> bool:
        return self.picture().save(path, "PNG")

    def save_csv(self, path: str) -> None:
        headers, rows = self.table_source()
        # with a byte-order mark, so Excel reads the Chinese correctly
        Path(path).write_text(to_csv(headers, rows), encoding="utf-8-sig")

    def _file_name(self) -> str:
        keep = "".join(c if c.isalnum() else "-" for c in self.title.text()).strip("-").lower()
        return keep or "chart"

    def _save_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save chart"), f"{self._file_name()}.png",
                                              self.tr("PNG pictures (*.png)"))
        if path:
            self.save_png(path)

    def _save_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save data"), f"{self._file_name()}.csv",
                                              self.tr("CSV files (*.csv)"))
        if path:
            self.save_csv(path)


def table(columns: int) -> tuple[QTableView, ValuesTableModel]:
    model = ValuesTableModel()
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # the first column (what a row is about) takes the room left, whatever the card shows now
    model.modelReset.connect(
        lambda: header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch) if model.columnCount() else None)
    view.setMinimumHeight(230)
    return view, model


class DashboardView(QWidget):
    loaded = Signal(object)  # Dashboard, each time the figures are shown
    remove_demo = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DashboardView")
        self.ctx = ctx
        self.data: Loaded | None = None
        self.built = False
        self.stale = True
        title = QLabel(self.tr("Dashboard"))
        title.setObjectName("ScreenTitle")
        self.period = QComboBox()
        self.period.setObjectName("DashboardPeriod")
        names = {"last_12": self.tr("Last 12 months"), "last_18": self.tr("Last 18 months"),
                 "last_6": self.tr("Last 6 months"), "last_3": self.tr("Last 3 months"), "all": self.tr("All time")}
        for key, months in PRESETS:
            self.period.addItem(names[key], months)
        self.period.addItem(self.tr("Custom dates"), -1)
        self.start = QDateEdit()
        self.end = QDateEdit()
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(ISO)
        self.industry = QComboBox()
        self.industry.setObjectName("DashboardIndustry")
        self.industry.addItem(self.tr("All industries"), "")
        for code, name in industry_labels().items():
            self.industry.addItem(name, code)
        self.error = QLabel()
        self.error.setObjectName("ErrorLabel")
        self.error.hide()
        self.banner = QLabel()
        self.banner.setObjectName("DemoBanner")
        self.banner.setWordWrap(True)
        self.remove = QPushButton(self.tr("Remove demo history…"))
        self.remove.clicked.connect(self.remove_demo)
        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addSpacing(16)
        bar.addWidget(QLabel(self.tr("Period")))
        bar.addWidget(self.period)
        bar.addWidget(self.start)
        bar.addWidget(QLabel("–"))
        bar.addWidget(self.end)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("Industry")))
        bar.addWidget(self.industry)
        bar.addStretch(1)
        banner = QHBoxLayout()
        banner.addWidget(self.banner, 1)
        banner.addWidget(self.remove)
        self.banner_row = QWidget()
        self.banner_row.setLayout(banner)
        self.banner_row.hide()
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        inner = QWidget()
        inner.setLayout(self.grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.error)
        layout.addWidget(self.banner_row)
        layout.addWidget(scroll, 1)
        self.period.setCurrentIndex(DEFAULT_PRESET)
        self._preset(DEFAULT_PRESET)
        self.period.currentIndexChanged.connect(self._preset)
        self.start.dateChanged.connect(self._dates_edited)
        self.end.dateChanged.connect(self._dates_edited)
        self.industry.currentIndexChanged.connect(lambda _i: self.reload())
        connect_for_life(self, ctx.changed, self._on_changed)
        connect_for_life(self, ctx.ready, lambda: self.reload() if self.isVisible() else None)

    # --- filters -----------------------------------------------------------------------------

    def _preset(self, index: int) -> None:
        months = int(self.period.itemData(index))
        if months < 0:
            return
        today = QDate.currentDate()
        for edit in (self.start, self.end):
            edit.blockSignals(True)
        self.end.setDate(today)
        self.start.setDate(today.addMonths(-months).addDays(1) if months else QDate(2000, 1, 1))
        for edit in (self.start, self.end):
            edit.blockSignals(False)
        self.reload()

    def _dates_edited(self) -> None:
        self.period.blockSignals(True)
        self.period.setCurrentIndex(self.period.count() - 1)
        self.period.blockSignals(False)
        self.reload()

    def report_filter(self) -> ReportFilter:
        months = int(self.period.currentData())
        start = None if months == 0 else self.start.date().toPython()
        end = self.end.date().toPython()
        assert isinstance(end, dt.date)
        assert start is None or isinstance(start, dt.date)
        return ReportFilter(start, end, str(self.industry.currentData()) or None)

    # --- loading -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.built:
            self._build()
        if self.stale:
            self.reload()

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.retro or changes.review or changes.proposals or changes.knowledge or changes.gaps:
            self.stale = True
            if self.isVisible():
                self.reload()

    def reload(self) -> None:
        if not self.built or self.ctx.ws is None:
            return
        try:
            flt = self.report_filter()
        except WorkbenchError as exc:
            self.error.setText(exc.message(self.ctx.lang))
            self.error.show()
            return
        self.error.hide()
        self.stale = False
        lang = self.ctx.lang
        self.ctx.read(lambda ws: load(ws, flt, lang), self._show, parent=self)

    # --- the cards -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.over_time = Card(self.tr("Win rate over time"))
        self.over_time_plot = Chart()
        self.over_time.set_content(self.over_time_plot)
        self.by = Card(self.tr("Win rate by"))
        self.by_choice = QComboBox()
        self.by_choice.setObjectName("WinRateBy")
        for key, name in zip(GROUPINGS, (self.tr("industry"), self.tr("competitor"), self.tr("template"),
                                         self.tr("author")), strict=True):
            self.by_choice.addItem(name, key)
        self.by_choice.currentIndexChanged.connect(lambda _i: self._draw_by())
        self.by.head.insertWidget(1, self.by_choice)
        self.by_plot = Chart()
        self.by.set_content(self.by_plot)
        self.reasons = Card(self.tr("Why bids were lost"))
        self.reasons_plot = Chart()
        self.reasons.set_content(self.reasons_plot)
        self.review = Card(self.tr("Review: pass rate and turnaround per tier"))
        self.review_plot = Chart()
        self.review.set_content(self.review_plot)
        self.knowledge = Card(self.tr("Knowledge used in won and lost bids"))
        self.knowledge_table, self.knowledge_model = table(5)
        self.knowledge.set_content(self.knowledge_table)
        self.people = Card(self.tr("Per engineer"))
        self.people_table, self.people_model = table(9)
        self.people.set_content(self.people_table)
        self.stale_card = Card(self.tr("Stale knowledge"))
        self.stale_table, self.stale_model = table(4)
        self.stale_card.set_content(self.stale_table)
        self.gaps = Card(self.tr("Content gaps: searches that found nothing"))
        self.gaps_table, self.gaps_model = table(3)
        self.gaps.set_content(self.gaps_table)
        cards = [self.over_time, self.by, self.reasons, self.review, self.knowledge, self.people, self.stale_card,
                 self.gaps]
        for n, card in enumerate(cards):
            card.setMinimumHeight(330)
            self.grid.addWidget(card, n // 2, n % 2)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)
        self.built = True

    def _show(self, data: Loaded) -> None:
        self.data = data
        board, lang = data.board, self.ctx.lang
        demo = board.demo_bids
        self.banner.setText(self.tr("%1 of the %2 decided bids shown are demo data (numbers starting with DEMO-).")
                            .replace("%1", str(demo)).replace("%2", str(board.bids)))
        self.banner_row.setVisible(demo > 0)
        self.remove.setVisible(self.ctx.user is not None and self.ctx.user.role.value == "admin")
        self._draw_over_time()
        self._draw_by()
        self._draw_reasons()
        self._draw_review()
        k = board.knowledge
        self.knowledge.stands.setText(self.tr("Stands on %1 decided bids: %2 won and %3 lost ones used items from "
                                              "the knowledge base.").replace("%1", str(k.decided_bids))
                                      .replace("%2", str(k.won_bids)).replace("%3", str(k.lost_bids)))
        kinds = kind_labels()
        rows = [[r.title, label(kinds, r.kind), r.won, r.lost, r.slug] for r in k.rows]
        self._table(self.knowledge, self.knowledge_model,
                    [header("title", lang), header("kind", lang), header("used_won", lang), header("used_lost", lang),
                     header("id", lang)], rows)
        people_headers, people_rows = board.engineers.table(lang)
        for row, person in zip(people_rows, board.engineers.rows, strict=True):
            row[0] = data.people.get(person.name, row[0])
        self.people.stands.setText(self.tr("Proposals and knowledge items created in the period; win rate over "
                                           "bids decided in it; first try: approved without being sent back."))
        self._table(self.people, self.people_model, people_headers, people_rows)
        st = board.stale
        self.stale_card.stands.setText(self.tr("%1 of %2 live items are past their review date; the longest "
                                               "overdue first.").replace("%1", str(st.stale)).replace("%2", str(st.live)))
        self._table(self.stale_card, self.stale_model, *st.table(lang))
        self.gaps.stands.setText(self.tr("%1 searches found nothing (all time, most frequent first).")
                                 .replace("%1", str(board.gaps.searches)))
        self._table(self.gaps, self.gaps_model, *board.gaps.table(lang))
        self.loaded.emit(board)

    def _table(self, card: Card, model: ValuesTableModel, headers: list[str], rows: list[list[object]]) -> None:
        model.show(headers, rows)
        card.table_source = lambda: (headers, rows)

    def key_label(self, by: str, key: str) -> str:
        if not key:
            return self.tr("(none named)") if by == "competitor" else self.tr("(not set)")
        if by == "industry":
            return label(industry_labels(), key)
        if by == "template" and self.data is not None:
            return self.data.templates.get(key, key)
        if by == "author" and self.data is not None:
            return self.data.people.get(key, key)
        return key

    def stands_on(self, row: RateRow) -> str:
        return self.tr("%1 of %2").replace("%1", str(row.won)).replace("%2", str(row.decided))

    def _stands_text(self, total: RateRow) -> str:
        return (self.tr("Stands on %1 won of %2 decided bids (won or lost); %3 without a decision and %4 "
                        "cancelled are not counted. Value known for %5 of %2.")
                .replace("%1", str(total.won)).replace("%2", str(total.decided))
                .replace("%3", str(total.no_decision)).replace("%4", str(total.cancelled))
                .replace("%5", str(total.valued)))

    def _draw_over_time(self) -> None:
        assert self.data is not None
        rate = self.data.board.over_time
        self.over_time.stands.setText(self._stands_text(rate.total))
        self.over_time_plot.show_spec(Columns(
            tuple(r.key for r in rate.rows), tuple(r.rate for r in rate.rows),
            tuple(self.stands_on(r) if r.decided else "–" for r in rate.rows), tuple(r.value_rate for r in rate.rows),
            bar_name=self.tr("by count"), line_name=self.tr("by value"), empty=self.tr("No decided bids in this period.")))
        self.over_time.table_source = lambda: rate.table(self.ctx.lang)

    def _draw_by(self) -> None:
        if self.data is None:
            return
        by = str(self.by_choice.currentData())
        rate = self.data.board.by[by]
        self.by.stands.setText(self._stands_text(rate.total) + (
            " " + self.tr("A bid against two competitors counts for both.") if by == "competitor" else ""))
        bars = [Bar(self.key_label(by, r.key), 100 * (r.rate or 0),
                                (self.tr("%1 · %2 · by value %3").replace("%1", percent(r.rate))
                                 .replace("%2", self.stands_on(r)).replace("%3", percent(r.value_rate)))
                                if r.decided else self.tr("no bid won or lost"))
                for r in rate.rows[:12]]
        self.by_plot.show_spec(HorizontalBars(tuple(bars), maximum=100, percent=True,
                                              empty=self.tr("No decided bids in this period.")))
        self.by.table_source = lambda: rate.table(self.ctx.lang, lambda key: self.key_label(by, key))

    def _draw_reasons(self) -> None:
        assert self.data is not None
        pareto, lang = self.data.board.loss_reasons, self.ctx.lang
        self.reasons.stands.setText(self.tr("Stands on %1 of %2 lost bids (those with a primary reason). Dark: "
                                            "primary reason; light: also named as a secondary reason.")
                                    .replace("%1", str(pareto.with_reason)).replace("%2", str(pareto.lost)))
        bars = [Bar(r.label(lang), r.primary,
                                self.tr("%1 · %2 cumulative").replace("%1", str(r.primary))
                                .replace("%2", percent(r.cumulative)), extra=r.secondary) for r in pareto.rows]
        self.reasons_plot.show_spec(HorizontalBars(tuple(bars), color=LOST, empty=self.tr("No lost bids in this period.")))
        self.reasons.table_source = lambda: pareto.table(self.ctx.lang)

    def _draw_review(self) -> None:
        assert self.data is not None
        review = self.data.board.review
        decisions = sum(t.decisions for t in review.tiers)
        self.review.stands.setText(self.tr("Stands on %1 review decisions taken in the period.")
                                   .replace("%1", str(decisions)))
        bars = []
        for t in review.tiers:
            hours = f"{t.median_hours:.0f}" if t.median_hours is not None else "–"
            note = (self.tr("%1 of %2 passed · median %3 h").replace("%1", str(t.approved))
                    .replace("%2", str(t.decisions)).replace("%3", hours)) if t.decisions else self.tr("no decisions")
            bars.append(Bar(self.tr("Tier %1").replace("%1", str(t.tier)), 100 * (t.pass_rate or 0), note))
        self.review_plot.show_spec(HorizontalBars(tuple(bars) if decisions else (), maximum=100, percent=True,
                                                  empty=self.tr("No review decisions in this period.")))
        self.review.table_source = lambda: review.table(self.ctx.lang)

    def cards(self) -> dict[str, Card]:
        return {"over_time": self.over_time, "by": self.by, "reasons": self.reasons, "review": self.review,
                "knowledge": self.knowledge, "people": self.people, "stale": self.stale_card, "gaps": self.gaps}

