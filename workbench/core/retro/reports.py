"""The report queries: decided bids read once with plain column selects, then the figures
(``figures.py``) computed from them; the dashboard in one call; the customer page."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from workbench.core.db.engine import Database
from workbench.core.db.models import (
    Competitor,
    KnowledgeItem,
    LossReason,
    Proposal,
    ProposalKnowledge,
    RetroCompetitor,
    RetroReason,
    Retrospective,
    ReviewEvent,
    ReviewItem,
    SearchMiss,
    User,
)
from workbench.core.knowledge.model import Kind, Status
from workbench.core.retro.figures import (
    GROUPINGS,
    ContentGaps,
    Dashboard,
    DecidedBid,
    Engineers,
    KnowledgeInOutcomes,
    LossReasons,
    RateRow,
    ReportFilter,
    ReviewFigures,
    StaleItem,
    StaleItems,
    TierRow,
    WinRate,
    engineers,
    knowledge_in_outcomes,
    loss_reasons,
    tally,
    win_rate_by,
    win_rate_over_time,
)
from workbench.core.retro.model import LessonRef, RetroView
from workbench.core.retro.service import to_view
from workbench.core.retro.taxonomy import Outcome
from workbench.core.reviews import queries as review_queries
from workbench.core.reviews.states import Action, ReviewState
from workbench.core.users import labels

DEMO_PREFIX = "DEMO-"
STALE_SHOWN = 20


def _bounds(flt: ReportFilter) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The filter's days as UTC datetimes [since, until)."""
    since = dt.datetime.combine(flt.start, dt.time(), dt.UTC) if flt.start else None
    until = dt.datetime.combine(flt.end + dt.timedelta(days=1), dt.time(), dt.UTC) if flt.end else None
    return since, until


def decided_bids(s: Session, flt: ReportFilter) -> list[DecidedBid]:
    stmt = (select(Retrospective.id, Proposal.number, Proposal.title, Proposal.customer, Proposal.industry,
                   Proposal.template, Proposal.author, Retrospective.outcome, Retrospective.decided_on,
                   Retrospective.contract_value)
            .join(Proposal, Proposal.id == Retrospective.proposal_id))
    if flt.start:
        stmt = stmt.where(Retrospective.decided_on >= flt.start)
    if flt.end:
        stmt = stmt.where(Retrospective.decided_on <= flt.end)
    if flt.industry:
        stmt = stmt.where(Proposal.industry == flt.industry)
    rows = s.execute(stmt.order_by(Retrospective.decided_on, Proposal.number)).all()
    ids = [r[0] for r in rows]
    reasons: dict[int, list[str]] = defaultdict(list)
    competitors: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(ids):
        for rid, code in s.execute(select(RetroReason.retro_id, RetroReason.code)
                                   .where(RetroReason.retro_id.in_(chunk)).order_by(RetroReason.rank)):
            reasons[rid].append(code)
        for rid, name in s.execute(select(RetroCompetitor.retro_id, Competitor.name)
                                   .join(Competitor, Competitor.id == RetroCompetitor.competitor_id)
                                   .where(RetroCompetitor.retro_id.in_(chunk)).order_by(Competitor.name)):
            competitors[rid].append(name)
    return [DecidedBid(number, title, customer, industry, template, author, Outcome(outcome), decided, value,
                       tuple(reasons[rid]), tuple(competitors[rid]))
            for rid, number, title, customer, industry, template, author, outcome, decided, value in rows]


def _chunks(values: list[int], size: int = 500) -> list[list[int]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def _reason_labels(s: Session) -> dict[str, tuple[str, str]]:
    return {code: (en, zh) for code, en, zh in s.execute(select(LossReason.code, LossReason.label_en, LossReason.label_zh))}


@dataclass(frozen=True)
class CustomerBid:
    proposal: str
    title: str
    status: str
    bid_deadline: dt.date | None
    template: str
    author: str
    created_at: dt.datetime
    retro: RetroView | None


@dataclass(frozen=True)
class CustomerPage:
    customer: str
    bids: tuple[CustomerBid, ...]  # newest first
    lessons: tuple[LessonRef, ...]
    total: RateRow

    def to_json(self) -> dict[str, object]:
        return {
            "customer": self.customer, "won": self.total.won, "decided": self.total.decided,
            "proposals": [{"id": b.proposal, "title": b.title, "status": b.status, "author": b.author,
                           "bid_deadline": b.bid_deadline.isoformat() if b.bid_deadline else None,
                           "retrospective": b.retro.to_json() if b.retro else None} for b in self.bids],
            "lessons": [{"id": lesson.slug, "title": lesson.title} for lesson in self.lessons],
        }


class Reports:
    def __init__(self, db: Database, today: Callable[[], dt.date] = dt.date.today) -> None:
        self._db = db
        self.today = today

    def bids(self, flt: ReportFilter | None = None) -> list[DecidedBid]:
        with self._db.read() as s:
            return decided_bids(s, flt or ReportFilter())

    def win_rate(self, by: str, flt: ReportFilter | None = None) -> WinRate:
        """``by``: "period" (per quarter) or one of industry, competitor, template, author."""
        flt = flt or ReportFilter()
        bids = self.bids(flt)
        return win_rate_over_time(bids, flt) if by == "period" else win_rate_by(bids, by)

    def loss_reasons(self, flt: ReportFilter | None = None) -> LossReasons:
        with self._db.read() as s:
            return loss_reasons(decided_bids(s, flt or ReportFilter()), _reason_labels(s))

    def dashboard(self, flt: ReportFilter | None = None) -> Dashboard:
        flt = flt or ReportFilter()
        with self._db.read() as s:
            bids = decided_bids(s, flt)
            engineers = self._engineers(s, flt, bids)
            return Dashboard(
                filter=flt, bids=len(bids), demo_bids=sum(b.proposal.startswith(DEMO_PREFIX) for b in bids),
                over_time=win_rate_over_time(bids, flt), by={by: win_rate_by(bids, by) for by in GROUPINGS},
                loss_reasons=loss_reasons(bids, _reason_labels(s)), review=self._review(s, flt),
                knowledge=self._knowledge(s, bids), stale=self._stale(s, flt), gaps=self._gaps(s),
                engineers=engineers,
                industries=tuple(v for v in s.scalars(select(Proposal.industry).distinct().order_by(Proposal.industry)) if v),
                people=labels(s, [*(b.author for b in bids), *(r.name for r in engineers.rows)]),
            )

    # --- pieces of the dashboard -----------------------------------------------------------------

    @staticmethod
    def _gaps(s: Session) -> ContentGaps:
        """The 20 searches that most often found nothing (the search service records them)."""
        rows = s.execute(select(SearchMiss.query, SearchMiss.count, SearchMiss.last_at)
                         .order_by(SearchMiss.count.desc(), SearchMiss.last_at.desc()).limit(20))
        return ContentGaps(tuple((q, n, at) for q, n, at in rows))

    @staticmethod
    def _review(s: Session, flt: ReportFilter) -> ReviewFigures:
        since, until = _bounds(flt)
        metrics = review_queries.metrics(s, since, until, flt.industry)
        return ReviewFigures(tuple(TierRow(t.tier, t.approved, t.changes_requested, t.median_hours, t.mean_hours)
                                   for t in metrics.tiers))

    @staticmethod
    def _knowledge(s: Session, bids: list[DecidedBid]) -> KnowledgeInOutcomes:
        competed = [b.proposal for b in bids if b.outcome.competed]
        used: dict[str, set[str]] = defaultdict(set)
        for chunk in [competed[i : i + 500] for i in range(0, len(competed), 500)]:
            for number, slug in s.execute(select(Proposal.number, ProposalKnowledge.slug)
                                          .join(Proposal, Proposal.id == ProposalKnowledge.proposal_id)
                                          .where(Proposal.number.in_(chunk))):
                used[number].add(slug)
        slugs = {slug for v in used.values() for slug in v}
        items = {slug: (title, kind) for slug, title, kind in s.execute(
            select(KnowledgeItem.slug, KnowledgeItem.title, KnowledgeItem.kind).where(KnowledgeItem.slug.in_(slugs)))}
        return knowledge_in_outcomes(bids, used, items)

    def _stale(self, s: Session, flt: ReportFilter) -> StaleItems:
        live = KnowledgeItem.status != Status.ARCHIVED.value
        scope = [live] + ([KnowledgeItem.industry == flt.industry] if flt.industry else [])
        overdue = [*scope, KnowledgeItem.review_by < self.today()]
        rows = s.execute(select(KnowledgeItem.slug, KnowledgeItem.title, KnowledgeItem.owner, KnowledgeItem.review_by)
                         .where(*overdue).order_by(KnowledgeItem.review_by, KnowledgeItem.slug).limit(STALE_SHOWN))
        return StaleItems(
            tuple(StaleItem(slug, title, owner, day) for slug, title, owner, day in rows if day is not None),
            int(s.scalar(select(func.count(KnowledgeItem.id)).where(*overdue)) or 0),
            int(s.scalar(select(func.count(KnowledgeItem.id)).where(*scope)) or 0),
        )

    @staticmethod
    def _engineers(s: Session, flt: ReportFilter, bids: list[DecidedBid]) -> Engineers:
        since, until = _bounds(flt)
        created = [Proposal.industry == flt.industry] if flt.industry else []
        if since is not None:
            created.append(Proposal.created_at >= since)
        if until is not None:
            created.append(Proposal.created_at < until)
        written = dict(s.execute(select(Proposal.author, func.count(Proposal.id)).where(*created)
                                 .group_by(Proposal.author)).all())
        sent_back = select(ReviewEvent.proposal_id).where(ReviewEvent.action == Action.REQUEST_CHANGES.value)
        verdicts = s.execute(
            select(Proposal.author, ReviewItem.state, Proposal.id.in_(sent_back))
            .join(ReviewItem, ReviewItem.proposal_id == Proposal.id).where(*created))
        reviewed: dict[str, tuple[int, int]] = {}
        for author, state, was_sent_back in verdicts:
            approved = state == ReviewState.APPROVED.value
            if approved or was_sent_back:
                n, first = reviewed.get(author, (0, 0))
                reviewed[author] = (n + 1, first + (approved and not was_sent_back))
        made = [KnowledgeItem.industry == flt.industry] if flt.industry else []
        if since is not None:
            made.append(KnowledgeItem.created_at >= since)
        if until is not None:
            made.append(KnowledgeItem.created_at < until)
        contributed = dict(s.execute(select(KnowledgeItem.created_by, func.count(KnowledgeItem.id)).where(*made)
                                     .group_by(KnowledgeItem.created_by)).all())
        names = dict(s.execute(select(User.name, User.display_name)).all())
        people = set(names)
        contributed = {k: v for k, v in contributed.items() if k in people}  # not "import" robots
        return engineers(written, bids, reviewed, contributed, names)

    # --- the customer page -----------------------------------------------------------------------

    def customers(self) -> list[str]:
        with self._db.read() as s:
            return [c for c in s.scalars(select(Proposal.customer).distinct().order_by(Proposal.customer)) if c]

    def customer(self, name: str) -> CustomerPage:
        """Everything about one customer: proposals, outcomes, retrospectives, lessons."""
        with self._db.read() as s:
            proposals = list(s.scalars(select(Proposal).where(Proposal.customer == name)
                                       .order_by(Proposal.created_at.desc(), Proposal.number.desc())))
            retros = {r.proposal_id: r for r in s.scalars(
                select(Retrospective)
                .options(selectinload(Retrospective.proposal), selectinload(Retrospective.reasons),
                         selectinload(Retrospective.competitors).selectinload(RetroCompetitor.competitor),
                         selectinload(Retrospective.lessons))
                .where(Retrospective.proposal_id.in_([p.id for p in proposals])))}
            linked = [lesson.slug for r in retros.values() for lesson in r.lessons]
            lessons = s.execute(select(KnowledgeItem.slug, KnowledgeItem.title).where(
                KnowledgeItem.kind == Kind.LESSON.value, KnowledgeItem.status != Status.ARCHIVED.value,
                (KnowledgeItem.customer == name) | KnowledgeItem.slug.in_(linked))
                .order_by(KnowledgeItem.created_at.desc(), KnowledgeItem.slug)).all()
            titles = dict(lessons)
            bids = tuple(CustomerBid(p.number, p.title, p.status, p.bid_deadline, p.template, p.author, p.created_at,
                                     to_view(retros[p.id], titles) if p.id in retros else None) for p in proposals)
            decided = [DecidedBid(b.proposal, b.title, name, "", b.template, b.author, b.retro.outcome,
                                  b.retro.decided_on, b.retro.value) for b in bids if b.retro is not None]
            return CustomerPage(name, bids, tuple(LessonRef(slug, title) for slug, title in lessons),
                                tally(name, decided))

