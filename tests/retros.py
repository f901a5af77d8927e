"""Helpers for retrospective tests: bids written straight to the database (approved, so they can
be decided), a fixed today, and a small hand-counted set of decided bids."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from workbench.core.db.models import Proposal, ProposalKnowledge, ProposalRevision, utcnow
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.retro.model import RetroInput
from workbench.core.workspace import Workspace

TODAY = dt.date(2026, 7, 1)


def fix_today(ws: Workspace, today: dt.date = TODAY) -> Workspace:
    ws.retros.today = lambda: today
    ws.reports.today = lambda: today
    return ws


def bid(ws: Workspace, number: str, *, author: str = "alice", industry: str = "retail", customer: str = "Contoso",
        template: str = "tech-proposal-en", approved: bool = True, deadline: dt.date | None = None,
        created: dt.datetime | None = None, products: tuple[str, ...] = ("CRM",)) -> str:
    """A proposal that passed review (``approved``) or is still a draft."""
    with ws.db.write() as s:
        now = created or utcnow()
        p = Proposal(number=number, title=f"Bid {number}", customer=customer, industry=industry, customer_tier="B",
                     template=template, author=author, status="approved" if approved else "draft",
                     bid_deadline=deadline, approved_revision=1 if approved else None,
                     inputs={"products": list(products)}, created_at=now, updated_at=now)
        p.revisions.append(ProposalRevision(number=1, markdown="# Bid\n", knowledge=[], note="", locked=approved,
                                            created_at=now, created_by=author))
        s.add(p)
    return number


def use(ws: Workspace, number: str, *slugs: str) -> None:
    with ws.db.write() as s:
        pid = s.query(Proposal.id).filter(Proposal.number == number).scalar()
        for slug in slugs:
            s.add(ProposalKnowledge(proposal_id=pid, slug=slug, section="cases"))


def item(ws: Workspace, slug: str, title: str) -> str:
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.CASE, title=title, body=title, slug=slug))
    return slug


def hand_counted(ws: Workspace) -> None:
    """Six bids whose figures are counted by hand in test_retro_reports.py:

    id  industry  template  author  outcome      decided     value  competitors     reasons
    A   retail    en        alice   won          2026-01-15  100    Acme            relationship
    B   retail    en        alice   lost         2026-02-10  300    Acme, Globex    price, timing
    C   finance   zh        rita    lost         2026-04-20  -      Globex          price
    D   finance   en        rita    won          2026-05-05  200    -               -
    E   retail    en        alice   no decision  2026-05-06  50     -               -
    F   retail    en        alice   cancelled    2026-06-01  -      -               -  (a draft)

    Knowledge: k1 used in A and B, k2 used in A and D.
    """
    fix_today(ws)
    alice, rita = ws.users.get("alice"), ws.users.get("rita")
    bid(ws, "A", created=dt.datetime(2025, 12, 1, tzinfo=dt.UTC))
    bid(ws, "B", created=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    bid(ws, "C", author="rita", industry="finance", template="tech-proposal-zh", customer="Fabrikam",
        created=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    bid(ws, "D", author="rita", industry="finance", customer="Fabrikam", created=dt.datetime(2026, 3, 2, tzinfo=dt.UTC))
    bid(ws, "E", created=dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    bid(ws, "F", approved=False, created=dt.datetime(2026, 5, 1, tzinfo=dt.UTC))
    item(ws, "k1", "Retail omnichannel case")
    item(ws, "k2", "Bank data governance case")
    use(ws, "A", "k1", "k2")
    use(ws, "B", "k1")
    use(ws, "D", "k2")
    r = ws.retros.record
    r(alice, "A", RetroInput("won", "2026-01-15", "100", ("relationship",), competitors=("Acme",)))
    r(alice, "B", RetroInput("lost", "2026-02-10", Decimal("300"), ("price", "timing"), competitors=("Acme", "Globex")))
    r(rita, "C", RetroInput("lost", "2026-04-20", None, ("price",), competitors=("globex ",)))
    r(rita, "D", RetroInput("won", "2026-05-05", "200"))
    r(alice, "E", RetroInput("no_decision", "2026-05-06", "50"))
    r(alice, "F", RetroInput("cancelled", "2026-06-01"))
