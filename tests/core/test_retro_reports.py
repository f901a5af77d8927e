"""Report figures against hand-counted fixtures (tests/retros.py: hand_counted), the empty
database and a single bid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.retros import bid, fix_today, hand_counted
from tests.reviewing import FAILING, approve_all, new_proposal
from workbench.core.errors import WorkbenchError
from workbench.core.retro.figures import ReportFilter, to_csv, win_rate_over_time
from workbench.core.retro.model import RetroInput
from workbench.core.workspace import Workspace


def rows(rate):  # type: ignore[no-untyped-def]
    return {r.key: (r.won, r.lost, r.no_decision, r.cancelled) for r in rate.rows}


@pytest.fixture
def hws(ws: Workspace) -> Workspace:
    hand_counted(ws)
    return ws


def test_totals_by_count_and_by_value(hws: Workspace) -> None:
    total = hws.reports.win_rate("industry").total
    assert (total.won, total.lost, total.no_decision, total.cancelled) == (2, 2, 1, 1)
    assert total.rate == 0.5 and total.stands_on() == "2 of 4"
    # value known for A (100 won), B (300 lost), D (200 won); C has none; E and F are not competed
    assert (total.won_value, total.lost_value, total.valued) == (Decimal("300.00"), Decimal("300.00"), 3)
    assert total.value_rate == 0.5


def test_by_industry_competitor_template_author(hws: Workspace) -> None:
    industry = hws.reports.win_rate("industry")
    assert rows(industry) == {"retail": (1, 1, 1, 1), "finance": (1, 1, 0, 0)}
    retail = next(r for r in industry.rows if r.key == "retail")
    assert (retail.won_value, retail.lost_value, retail.value_rate) == (Decimal("100.00"), Decimal("300.00"), 0.25)
    finance = next(r for r in industry.rows if r.key == "finance")
    assert (finance.valued, finance.value_rate) == (1, 1.0)
    # "globex " typed for C is the same competitor as "Globex" for B
    assert rows(hws.reports.win_rate("competitor")) == {
        "Acme": (1, 1, 0, 0), "Globex": (0, 2, 0, 0), "": (1, 0, 1, 1)}
    assert [r.key for r in hws.reports.win_rate("competitor").rows] == ["Acme", "Globex", ""]  # most decided first
    assert rows(hws.reports.win_rate("template")) == {
        "tech-proposal-en": (2, 1, 1, 1), "tech-proposal-zh": (0, 1, 0, 0)}
    assert rows(hws.reports.win_rate("author")) == {"alice": (1, 1, 1, 1), "rita": (1, 1, 0, 0)}


def test_over_time_per_quarter_and_the_period_filter(hws: Workspace) -> None:
    assert rows(hws.reports.win_rate("period")) == {"2026-Q1": (1, 1, 0, 0), "2026-Q2": (1, 1, 1, 1)}
    window = ReportFilter(dt.date(2026, 2, 1), dt.date(2026, 4, 30))
    assert rows(hws.reports.win_rate("period", window)) == {"2026-Q1": (0, 1, 0, 0), "2026-Q2": (0, 1, 0, 0)}
    assert hws.reports.win_rate("industry", window).total.stands_on() == "0 of 2"
    finance = ReportFilter(industry="finance")
    assert rows(hws.reports.win_rate("author", finance)) == {"rita": (1, 1, 0, 0)}
    # a year with bids in Q1 and Q4 only keeps the empty quarters between them
    late = ReportFilter(dt.date(2025, 10, 1), dt.date(2026, 3, 31))
    assert [r.key for r in hws.reports.win_rate("period", late).rows] == ["2025-Q4", "2026-Q1"]
    with pytest.raises(WorkbenchError) as backwards:
        ReportFilter(dt.date(2026, 5, 1), dt.date(2026, 4, 1))
    assert backwards.value.code == "report_period_invalid"


def test_loss_reason_pareto(hws: Workspace) -> None:
    pareto = hws.reports.loss_reasons()
    assert (pareto.lost, pareto.with_reason) == (2, 2)
    assert [(r.code, r.primary, r.secondary, r.cumulative) for r in pareto.rows] == [
        ("price", 2, 0, 1.0), ("timing", 0, 1, 1.0)]
    assert pareto.rows[0].label("zh") == "价格"
    headers, table = pareto.table("en")
    assert to_csv(headers, table) == "Reason,Primary,Secondary,Cumulative share\nPrice,2,0,1.0000\nTiming,0,1,1.0000\n"


def test_dashboard_knowledge_engineers_and_csv(hws: Workspace) -> None:
    board = hws.reports.dashboard()
    assert board.bids == 6 and board.demo_bids == 0 and board.industries == ("finance", "retail")
    knowledge = board.knowledge
    assert [(k.slug, k.won, k.lost) for k in knowledge.rows] == [("k2", 2, 0), ("k1", 1, 1)]
    assert (knowledge.won_bids, knowledge.lost_bids, knowledge.decided_bids) == (2, 1, 4)
    assert knowledge.rows[0].title == "Bank data governance case"
    people = {r.name: (r.written, r.won, r.decided, r.contributed) for r in board.engineers.rows}
    assert people["alice"] == (4, 1, 2, 0) and people["rita"] == (2, 1, 2, 0)
    headers, table = board.by["industry"].table("zh", key_label=lambda k: {"retail": "零售"}.get(k, k))
    assert headers[:2] == ["行业", "赢单"] and [r[0] for r in table] == ["零售", "finance"]
    csv = to_csv(*board.over_time.table())
    assert csv.splitlines()[1] == "2026-Q1,1,1,0,0,0.5000,100.00,300.00,2,0.2500"


def test_no_data(ws: Workspace) -> None:
    fix_today(ws)
    board = ws.reports.dashboard()
    assert board.bids == 0 and board.over_time.rows == () and board.over_time.total.rate is None
    assert board.over_time.total.stands_on() == "0 of 0" and board.over_time.total.value_rate is None
    assert all(r.rows == () for r in board.by.values())
    assert board.loss_reasons.rows == () and board.loss_reasons.lost == 0
    assert board.knowledge.rows == () and board.engineers.rows == ()
    assert [t.pass_rate for t in board.review.tiers] == [None, None, None]
    assert board.stale.stale == 0 and board.gaps.rows == ()
    assert win_rate_over_time([]).rows == ()


def test_a_single_bid(ws: Workspace) -> None:
    fix_today(ws)
    bid(ws, "ONE", industry="energy")
    ws.retros.record(ws.users.get("alice"), "ONE", RetroInput("won", "2026-03-03", "75000"))
    board = ws.reports.dashboard()
    assert [(r.key, r.stands_on(), r.rate, r.value_rate) for r in board.over_time.rows] == [
        ("2026-Q1", "1 of 1", 1.0, 1.0)]
    assert [(r.key, r.stands_on()) for r in board.by["competitor"].rows] == [("", "1 of 1")]
    assert board.loss_reasons.rows == () and board.loss_reasons.lost == 0
    assert board.engineers.rows[0].name == "alice" and board.engineers.rows[0].rate == 1.0


def test_review_figures_and_first_try_pass_rate(ws: Workspace) -> None:
    first = new_proposal(ws)
    ws.reviews.submit(ws.users.get("alice"), first)
    approve_all(ws, first)
    second = new_proposal(ws)
    ws.reviews.submit(ws.users.get("alice"), second)
    ws.reviews.request_changes(ws.users.get("rita"), second, "Add the pricing detail", FAILING[1])
    board = ws.reports.dashboard()
    tiers = {t.tier: (t.approved, t.changes_requested, t.pass_rate) for t in board.review.tiers}
    assert tiers == {1: (1, 1, 0.5), 2: (1, 0, 1.0), 3: (1, 0, 1.0)}
    alice = next(r for r in board.engineers.rows if r.name == "alice")
    assert (alice.written, alice.reviewed, alice.first_try, alice.first_try_rate) == (2, 2, 1, 0.5)
    # the period filter applies to when decisions were taken
    gone = ws.reports.dashboard(ReportFilter(dt.date(2020, 1, 1), dt.date(2020, 12, 31)))
    assert all(t.decisions == 0 for t in gone.review.tiers)
    assert ws.reports.dashboard(ReportFilter(industry="finance")).review.tiers[0].decisions == 0


def test_stale_items_and_content_gaps(demo_ws: Workspace) -> None:
    fix_today(demo_ws, dt.date(2030, 1, 1))  # far enough that every demo item with a review date is due
    board = demo_ws.reports.dashboard()
    assert board.stale.stale > 0 and board.stale.live >= board.stale.stale
    assert len(board.stale.items) == min(20, board.stale.stale)
    assert board.stale.items == tuple(sorted(board.stale.items, key=lambda i: (i.review_by, i.slug)))
    demo_ws.search.record_miss(demo_ws.actor(), "量子加密 投标")
    demo_ws.search.record_miss(demo_ws.actor(), "量子加密 投标")
    assert demo_ws.reports.dashboard().gaps.rows[0][:2] == ("量子加密 投标", 2)


def test_the_customer_page(hws: Workspace) -> None:
    page = hws.reports.customer("Fabrikam")
    assert [b.proposal for b in page.bids] == ["D", "C"]
    assert page.total.stands_on() == "1 of 2"
    assert page.bids[1].retro is not None and page.bids[1].retro.reasons == ("price",)
    hws.retros.record(hws.users.get("rita"), "C", RetroInput("lost", "2026-04-20", None, ("price",),
                                                            lessons=("Bring the CFO in early",)))
    page = hws.reports.customer("Fabrikam")
    assert [lesson.title for lesson in page.lessons] == ["Bring the CFO in early"]
    assert page.to_json()["decided"] == 2
    assert "Fabrikam" in hws.reports.customers() and "Contoso" in hws.reports.customers()
    empty = hws.reports.customer("Nobody Ltd")
    assert empty.bids == () and empty.total.rate is None
