"""Queue and metrics queries: plain column selects (no ORM objects), so a reviewer's queue lists
fast with 10,000 proposals in the database (bench/review_bench.py)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from workbench.core.db.models import Proposal, ReviewEvent, ReviewItem
from workbench.core.reviews.model import ReviewMetrics, ReviewStatus, TierMetrics
from workbench.core.reviews.states import TIERS, Action, ReviewState
from workbench.core.users import Role, UserView, labels

_COLUMNS = (
    Proposal.number, Proposal.title, Proposal.customer, Proposal.author, Proposal.template,
    ReviewItem.state, ReviewItem.revision, ReviewItem.round, ReviewItem.claimed_by, ReviewItem.entered_at,
    ReviewItem.due_at, ReviewItem.escalated_by, ReviewItem.requested_tier, ReviewItem.last_actor,
    ReviewItem.last_action, ReviewItem.version,
)


def _row(r: Any, names: Mapping[str, str]) -> ReviewStatus:
    author, claimed_by, last_actor = r[3], r[8], r[13]
    return ReviewStatus(r[0], r[1], r[2], author, r[4], ReviewState(r[5]), revision=r[6], round=r[7],
                        claimed_by=claimed_by, entered_at=r[9], due_at=r[10], escalated_by=r[11],
                        requested_tier=r[12], last_actor=last_actor, last_action=r[14], version=r[15],
                        author_label=names.get(author, author),
                        claimed_by_label=names.get(claimed_by, claimed_by) if claimed_by else "",
                        last_actor_label=names.get(last_actor, last_actor))


Rows = Select[*tuple[Any, ...]]


def _statuses(s: Session, stmt: Rows) -> list[ReviewStatus]:
    """The rows of ``stmt`` with their people's names, looked up once for all rows."""
    rows = s.execute(stmt).all()
    names = labels(s, [name for r in rows for name in (r[3], r[8], r[13])])
    return [_row(r, names) for r in rows]


def _base() -> Rows:
    return select(*_COLUMNS).join(Proposal, Proposal.id == ReviewItem.proposal_id)


def _ordered(stmt: Rows, now: dt.datetime) -> Rows:
    overdue = case((and_(ReviewItem.due_at.is_not(None), ReviewItem.due_at < now), 0), else_=1)
    escalated = case((ReviewItem.escalated_by.is_not(None), 0), else_=1)
    return stmt.order_by(escalated, overdue, ReviewItem.entered_at, ReviewItem.id)


def _reviewer_filter(user: UserView) -> Any:
    """Items at the user's tier that they may act on."""
    tier = user.tier
    assert tier is not None
    approved_elsewhere = aliased(ReviewEvent)
    return and_(
        ReviewItem.state == ReviewState.at_tier(tier).value,
        Proposal.author != user.name,
        or_(ReviewItem.claimed_by.is_(None), ReviewItem.claimed_by == user.name),
        ~exists().where(
            approved_elsewhere.action == Action.APPROVE.value,
            approved_elsewhere.actor == user.name,
            approved_elsewhere.proposal_id == ReviewItem.proposal_id,
            approved_elsewhere.revision == ReviewItem.revision,
            approved_elsewhere.tier != tier,
        ),
    )


def _queue_filter(user: UserView) -> Any:
    sent_back = and_(ReviewItem.state == ReviewState.CHANGES_REQUESTED.value, Proposal.author == user.name)
    if user.active and user.role is Role.REVIEWER and user.tier in TIERS:
        return or_(_reviewer_filter(user), sent_back)
    return sent_back


def queue(s: Session, user: UserView, now: dt.datetime) -> list[ReviewStatus]:
    if not user.active or user.role is Role.VIEWER:
        return []
    return _statuses(s, _ordered(_base().where(_queue_filter(user)), now))


def queue_count(s: Session, user: UserView, now: dt.datetime) -> int:
    if not user.active or user.role is Role.VIEWER:
        return 0
    stmt = select(func.count()).select_from(ReviewItem).join(Proposal, Proposal.id == ReviewItem.proposal_id)
    return int(s.scalar(stmt.where(_queue_filter(user))) or 0)


def at_states(s: Session, states: Sequence[ReviewState], now: dt.datetime) -> list[ReviewStatus]:
    stmt = _base().where(ReviewItem.state.in_([st.value for st in states]))
    return _statuses(s, _ordered(stmt, now))


def by_author(s: Session, author: str) -> list[ReviewStatus]:
    stmt = _base().where(Proposal.author == author).order_by(ReviewItem.entered_at.desc())
    return _statuses(s, stmt)


def metrics(s: Session, since: dt.datetime | None = None, until: dt.datetime | None = None,
            industry: str | None = None) -> ReviewMetrics:
    """Pass rate and turnaround per tier (from the audit trail), rounds per proposal; optionally
    only decisions taken in [since, until) on proposals of one industry."""
    stmt = select(ReviewEvent.tier, ReviewEvent.action, ReviewEvent.detail).where(
        ReviewEvent.action.in_([Action.APPROVE.value, Action.REQUEST_CHANGES.value]))
    if since is not None:
        stmt = stmt.where(ReviewEvent.at >= since)
    if until is not None:
        stmt = stmt.where(ReviewEvent.at < until)
    if industry:
        stmt = stmt.where(ReviewEvent.proposal_id.in_(select(Proposal.id).where(Proposal.industry == industry)))
    decisions = s.execute(stmt)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    waits: dict[int, list[float]] = defaultdict(list)
    for tier, action, detail in decisions:
        if tier is None:
            continue
        counts[tier][action] += 1
        waited = (detail or {}).get("waited_s")
        if isinstance(waited, int | float):
            waits[tier].append(waited / 3600)
    tiers = tuple(
        TierMetrics(
            tier, counts[tier][Action.APPROVE.value], counts[tier][Action.REQUEST_CHANGES.value],
            round(statistics.median(waits[tier]), 2) if waits[tier] else None,
            round(statistics.fmean(waits[tier]), 2) if waits[tier] else None,
        )
        for tier in TIERS
    )
    rounds_stmt = select(Proposal.number, ReviewItem.round).join(Proposal, Proposal.id == ReviewItem.proposal_id)
    if industry:
        rounds_stmt = rounds_stmt.where(Proposal.industry == industry)
    rounds = dict(s.execute(rounds_stmt).all())
    return ReviewMetrics(tiers, rounds)
