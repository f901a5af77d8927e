"""The dashboard's figures as plain values, computed by pure functions from decided bids.

Every figure carries the counts it stands on, so a chart can say "3 of 5" and small numbers are
never oversold. The win rate is won / (won + lost); bids with no decision and cancelled bids are
counted beside it, never inside it. The win rate by value is the value won over the value of
won and lost bids whose value is known, and says how many bids had one."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from workbench.core.csv_cells import csv_text
from workbench.core.errors import InvalidInput, say
from workbench.core.retro.taxonomy import Outcome

ZERO = Decimal("0.00")
NONE_KEY = ""  # a bid without an industry, a template... or naming no competitor
GROUPINGS = ("industry", "competitor", "template", "author")

# column headers (texts in the catalogue: report_header_NAME)
HEADERS: tuple[str, ...] = (
    "period",
    "industry",
    "competitor",
    "template",
    "author",
    "won",
    "lost",
    "no_decision",
    "cancelled",
    "win_rate",
    "won_value",
    "lost_value",
    "value_rate",
    "valued",
    "reason",
    "primary",
    "secondary",
    "cumulative",
    "tier",
    "approved",
    "changes_requested",
    "pass_rate",
    "median_hours",
    "mean_hours",
    "id",
    "title",
    "kind",
    "used_won",
    "used_lost",
    "owner",
    "review_by",
    "query",
    "count",
    "last",
    "engineer",
    "written",
    "first_try",
    "reviewed",
    "first_try_rate",
    "contributed",
)


def header(name: str, lang: str) -> str:
    return say(f"report_header_{name}", lang) if name in HEADERS else name


def ratio(part: int | Decimal, whole: int | Decimal) -> float | None:
    return float(part) / float(whole) if whole else None


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The table as CSV for a spreadsheet: text that would run as a formula is made inert."""
    return csv_text(headers, rows)


@dataclass(frozen=True)
class ReportFilter:
    """Which decided bids a report looks at: decided within [start, end], of one industry."""

    start: dt.date | None = None
    end: dt.date | None = None
    industry: str | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise InvalidInput("report_period_invalid", start=self.start.isoformat(), end=self.end.isoformat())

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class DecidedBid:
    proposal: str
    title: str
    customer: str
    industry: str
    template: str
    author: str
    outcome: Outcome
    decided_on: dt.date
    value: Decimal | None
    reasons: tuple[str, ...] = ()  # primary first
    competitors: tuple[str, ...] = ()


# --- win rate ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RateRow:
    key: str
    won: int = 0
    lost: int = 0
    no_decision: int = 0
    cancelled: int = 0
    won_value: Decimal = ZERO
    lost_value: Decimal = ZERO
    valued: int = 0  # won or lost bids whose value is known

    @property
    def decided(self) -> int:
        return self.won + self.lost

    @property
    def bids(self) -> int:
        return self.won + self.lost + self.no_decision + self.cancelled

    @property
    def rate(self) -> float | None:
        return ratio(self.won, self.decided)

    @property
    def value_rate(self) -> float | None:
        return ratio(self.won_value, self.won_value + self.lost_value)

    def stands_on(self) -> str:
        return f"{self.won} of {self.decided}"

    def row(self) -> list[object]:
        return [self.key, self.won, self.lost, self.no_decision, self.cancelled, _num(self.rate),
                str(self.won_value), str(self.lost_value), self.valued, _num(self.value_rate)]


def tally(key: str, bids: Iterable[DecidedBid]) -> RateRow:
    counts: dict[Outcome, int] = defaultdict(int)
    won_value, lost_value, valued = ZERO, ZERO, 0
    for bid in bids:
        counts[bid.outcome] += 1
        if bid.outcome.competed and bid.value is not None:
            valued += 1
            if bid.outcome is Outcome.WON:
                won_value += bid.value
            else:
                lost_value += bid.value
    return RateRow(key, counts[Outcome.WON], counts[Outcome.LOST], counts[Outcome.NO_DECISION],
                   counts[Outcome.CANCELLED], won_value, lost_value, valued)


@dataclass(frozen=True)
class WinRate:
    by: str  # "period" or one of GROUPINGS
    rows: tuple[RateRow, ...]
    total: RateRow  # every bid once (a bid against two competitors counts twice in ``rows``)

    def table(self, lang: str = "en", key_label: Callable[[str], str] | None = None) -> tuple[list[str], list[list[object]]]:
        names = [self.by, "won", "lost", "no_decision", "cancelled", "win_rate", "won_value", "lost_value",
                 "valued", "value_rate"]
        rows = [r.row() for r in self.rows]
        if key_label is not None:
            for r in rows:
                r[0] = key_label(str(r[0]))
        return [header(n, lang) for n in names], rows


def quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _quarters(first: dt.date, last: dt.date) -> list[str]:
    out, year, q = [], first.year, (first.month - 1) // 3
    while (year, q) <= (last.year, (last.month - 1) // 3):
        out.append(f"{year}-Q{q + 1}")
        year, q = (year + 1, 0) if q == 3 else (year, q + 1)
    return out


def win_rate_over_time(bids: Sequence[DecidedBid], flt: ReportFilter | None = None) -> WinRate:
    """Per quarter of the decision date; quarters without a bid inside the span are kept (empty)
    so the time axis does not jump."""
    flt = flt or ReportFilter()
    groups: dict[str, list[DecidedBid]] = defaultdict(list)
    for bid in bids:
        groups[quarter(bid.decided_on)].append(bid)
    days = [b.decided_on for b in bids]
    first = flt.start or (min(days) if days else None)
    last = flt.end or (max(days) if days else None)
    keys = _quarters(first, last) if first and last else []
    return WinRate("period", tuple(tally(k, groups.get(k, [])) for k in keys), tally("", bids))


def win_rate_by(bids: Sequence[DecidedBid], by: str) -> WinRate:
    """Grouped by industry, competitor, template or author; most decided bids first. A bid
    against several competitors counts once for each of them."""
    if by not in GROUPINGS:
        raise ValueError(by)
    groups: dict[str, list[DecidedBid]] = defaultdict(list)
    for bid in bids:
        if by == "competitor":
            for name in bid.competitors or (NONE_KEY,):
                groups[name].append(bid)
        else:
            groups[str(getattr(bid, by))].append(bid)
    rows = sorted((tally(k, v) for k, v in groups.items()), key=lambda r: (-r.decided, -r.bids, r.key.casefold()))
    return WinRate(by, tuple(rows), tally("", bids))


# --- loss reasons ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReasonCount:
    code: str
    label_en: str
    label_zh: str
    primary: int
    secondary: int
    cumulative: float  # share of lost bids (with a reason) covered by this and every reason before

    def label(self, lang: str = "en") -> str:
        return self.label_zh if lang.startswith("zh") else self.label_en


@dataclass(frozen=True)
class LossReasons:
    """A Pareto of why bids were lost: primary reasons, most frequent first."""

    rows: tuple[ReasonCount, ...]
    lost: int
    with_reason: int

    def table(self, lang: str = "en") -> tuple[list[str], list[list[object]]]:
        names = ["reason", "primary", "secondary", "cumulative"]
        return ([header(n, lang) for n in names],
                [[r.label(lang), r.primary, r.secondary, _num(r.cumulative)] for r in self.rows])


def loss_reasons(bids: Sequence[DecidedBid], labels: dict[str, tuple[str, str]]) -> LossReasons:
    lost = [b for b in bids if b.outcome is Outcome.LOST]
    primary: dict[str, int] = defaultdict(int)
    secondary: dict[str, int] = defaultdict(int)
    for bid in lost:
        if bid.reasons:
            primary[bid.reasons[0]] += 1
            for code in bid.reasons[1:]:
                secondary[code] += 1
    with_reason = sum(primary.values())
    codes = sorted(set(primary) | set(secondary), key=lambda c: (-primary[c], -secondary[c], c))
    rows, running = [], 0
    for code in codes:
        running += primary[code]
        en, zh = labels.get(code, (code, code))
        rows.append(ReasonCount(code, en, zh, primary[code], secondary[code], running / with_reason if with_reason else 0.0))
    return LossReasons(tuple(rows), len(lost), with_reason)


# --- knowledge used in won and lost bids ------------------------------------------------------------


@dataclass(frozen=True)
class KnowledgeUse:
    slug: str
    title: str
    kind: str
    won: int
    lost: int


@dataclass(frozen=True)
class KnowledgeInOutcomes:
    rows: tuple[KnowledgeUse, ...]
    won_bids: int  # won bids that used any knowledge item
    lost_bids: int
    decided_bids: int  # won or lost bids in the filter

    def table(self, lang: str = "en") -> tuple[list[str], list[list[object]]]:
        names = ["id", "title", "kind", "used_won", "used_lost"]
        return [header(n, lang) for n in names], [[r.slug, r.title, r.kind, r.won, r.lost] for r in self.rows]


def knowledge_in_outcomes(bids: Sequence[DecidedBid], used: dict[str, set[str]],
                          items: dict[str, tuple[str, str]], limit: int = 10) -> KnowledgeInOutcomes:
    """``used``: proposal -> slugs it used; ``items``: slug -> (title, kind). The items used in
    the most won or lost bids, with how many of each."""
    won: dict[str, int] = defaultdict(int)
    lost: dict[str, int] = defaultdict(int)
    won_bids = lost_bids = 0
    for bid in bids:
        slugs = used.get(bid.proposal, set())
        if bid.outcome is Outcome.WON:
            won_bids += bool(slugs)
            for slug in slugs:
                won[slug] += 1
        elif bid.outcome is Outcome.LOST:
            lost_bids += bool(slugs)
            for slug in slugs:
                lost[slug] += 1
    top = sorted(set(won) | set(lost), key=lambda s: (-(won[s] + lost[s]), -won[s], s))[:limit]
    rows = tuple(KnowledgeUse(s, items.get(s, (s, ""))[0], items.get(s, (s, ""))[1], won[s], lost[s]) for s in top)
    decided = sum(1 for b in bids if b.outcome.competed)
    return KnowledgeInOutcomes(rows, won_bids, lost_bids, decided)


# --- the rest of the dashboard ------------------------------------------------------------------


@dataclass(frozen=True)
class StaleItem:
    slug: str
    title: str
    owner: str
    review_by: dt.date


@dataclass(frozen=True)
class StaleItems:
    items: tuple[StaleItem, ...]  # the longest overdue first (at most a page of them)
    stale: int
    live: int  # items not archived

    def table(self, lang: str = "en") -> tuple[list[str], list[list[object]]]:
        names = ["id", "title", "owner", "review_by"]
        return ([header(n, lang) for n in names],
                [[i.slug, i.title, i.owner, i.review_by.isoformat()] for i in self.items])


@dataclass(frozen=True)
class ContentGaps:
    rows: tuple[tuple[str, int, dt.datetime], ...]  # query, times, last

    @property
    def searches(self) -> int:
        return sum(n for _q, n, _at in self.rows)

    def table(self, lang: str = "en") -> tuple[list[str], list[list[object]]]:
        names = ["query", "count", "last"]
        return ([header(n, lang) for n in names],
                [[q, n, at.astimezone().strftime("%Y-%m-%d")] for q, n, at in self.rows])


@dataclass(frozen=True)
class EngineerRow:
    name: str
    display_name: str
    written: int  # proposals created in the period
    won: int
    decided: int  # won + lost in the period
    reviewed: int  # their proposals whose review reached a verdict (approved, or sent back)
    first_try: int  # ... approved without ever being sent back
    contributed: int  # knowledge items they created in the period

    @property
    def rate(self) -> float | None:
        return ratio(self.won, self.decided)

    @property
    def first_try_rate(self) -> float | None:
        return ratio(self.first_try, self.reviewed)


@dataclass(frozen=True)
class Engineers:
    rows: tuple[EngineerRow, ...]

    def table(self, lang: str = "en") -> tuple[list[str], list[list[object]]]:
        names = ["engineer", "written", "won", "lost", "win_rate", "reviewed", "first_try", "first_try_rate",
                 "contributed"]
        return ([header(n, lang) for n in names],
                [[r.display_name or r.name, r.written, r.won, r.decided - r.won, _num(r.rate), r.reviewed,
                  r.first_try, _num(r.first_try_rate), r.contributed] for r in self.rows])


def engineers(written: dict[str, int], bids: Sequence[DecidedBid], reviewed: dict[str, tuple[int, int]],
              contributed: dict[str, int], names: dict[str, str]) -> Engineers:
    """``reviewed``: author -> (reviewed, first_try). Everyone with anything to show, the most
    proposals written first."""
    won: dict[str, int] = defaultdict(int)
    decided: dict[str, int] = defaultdict(int)
    for bid in bids:
        if bid.outcome.competed:
            decided[bid.author] += 1
            won[bid.author] += bid.outcome is Outcome.WON
    people = set(written) | set(decided) | set(reviewed) | set(contributed)
    rows = [EngineerRow(p, names.get(p, ""), written.get(p, 0), won[p], decided[p], reviewed.get(p, (0, 0))[0],
                        reviewed.get(p, (0, 0))[1], contributed.get(p, 0)) for p in people]
    rows.sort(key=lambda r: (-r.written, -r.decided, r.name))
    return Engineers(tuple(rows))


@dataclass(frozen=True)
class TierRow:
    tier: int
    approved: int
    changes_requested: int
    median_hours: float | None
    mean_hours: float | None

    @property
    def decisions(self) -> int:
        return self.approved + self.changes_requested

    @property
    def pass_rate(self) -> float | None:
        return ratio(self.approved, self.decisions)


@dataclass(frozen=True)
class ReviewFigures:
    tiers: tuple[TierRow, ...]

    def table(self, lang: str = "en") -> tuple[list[str], list[list[object]]]:
        names = ["tier", "approved", "changes_requested", "pass_rate", "median_hours", "mean_hours"]
        return ([header(n, lang) for n in names],
                [[t.tier, t.approved, t.changes_requested, _num(t.pass_rate), t.median_hours, t.mean_hours]
                 for t in self.tiers])


@dataclass(frozen=True)
class Dashboard:
    filter: ReportFilter
    bids: int  # decided bids in the filter (any outcome)
    demo_bids: int  # of which demo history
    over_time: WinRate
    by: dict[str, WinRate]
    loss_reasons: LossReasons
    review: ReviewFigures
    knowledge: KnowledgeInOutcomes
    stale: StaleItems
    gaps: ContentGaps
    engineers: Engineers
    industries: tuple[str, ...] = field(default_factory=tuple)  # to choose from
    people: dict[str, str] = field(default_factory=dict)  # login -> the name people read, for the authors shown
