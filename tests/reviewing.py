"""Helpers for review tests: a proposal made quickly (no knowledge matching), passing scores."""

from __future__ import annotations

from typing import Any

from workbench.core.workspace import Workspace

VARS: dict[str, Any] = {
    "customer": "Contoso Retail Group", "project_name": "Omnichannel service", "industry": "retail",
    "customer_tier": "B", "requirements": "omnichannel service for 300 stores\nchatbot answers FAQs",
    "products": ["CRM"], "deployment": "SaaS",
    "pricing": [{"item": "Service Cloud seats", "quantity": 120, "unit": "seat/year", "unit_price": 480}],
}
MARKDOWN = "# Requirement understanding\n\nStores want one inbox.\n\n# Solution\n\nService Cloud.\n\n# Pricing\n\n120 seats.\n"

PASSING: dict[int, dict[str, int]] = {
    1: {"completeness": 4, "format": 4, "requirements": 4},
    2: {"feasibility": 4, "delivery": 4, "security": 4},
    3: {"commercial": 4, "risk": 4, "win_strategy": 4},
}
FAILING: dict[int, dict[str, int]] = {  # below the pass mark, every criterion at or above its minimum
    1: {"completeness": 3, "format": 1, "requirements": 1},
    2: {"feasibility": 3, "delivery": 1, "security": 3},
    3: {"commercial": 3, "risk": 3, "win_strategy": 1},
}
REVIEWERS = {1: "rita", 2: "mike", 3: "sara"}


NO_DEADLINE: dict[str, Any] = {  # requirement-confirmation-zh: the bid deadline is optional there
    "customer": "华东某职业教育集团", "project_name": "线索分配", "industry": "education", "customer_tier": "A",
    "requirements": "线索 5 分钟内分配", "products": ["CRM"], "deployment": "SaaS",
    "requirement_items": [{"module": "线索", "requirement": "自动分配", "priority": "高", "status": "已确认", "note": ""}],
}


def new_proposal(ws: Workspace, author: str = "alice", bid_deadline: str | None = "2027-06-30") -> str:
    """A proposal by ``author``; ``bid_deadline=None`` gives one without (its deadlines come from the SLA)."""
    if bid_deadline is None:
        template, values = "requirement-confirmation-zh", dict(NO_DEADLINE)
    else:
        template, values = "tech-proposal-en", dict(VARS, bid_deadline=bid_deadline)
    view = ws.proposals.create(ws.users.get(author), template, values, matched={}, markdown=MARKDOWN)
    return view.value.number


def approve_all(ws: Workspace, number: str, tiers: tuple[int, ...] = (1, 2, 3)) -> None:
    for tier in tiers:
        ws.reviews.approve(ws.users.get(REVIEWERS[tier]), number, PASSING[tier])


def quick_proposal(ws: Workspace, author: str = "alice") -> str:
    """A proposal written straight to the database, for tests that make hundreds: what review
    needs (a row, an author, a first revision), without rendering a template each time."""
    from sqlalchemy import func, select

    from workbench.core.db.models import Proposal, ProposalRevision, utcnow

    with ws.db.write() as s:
        count = s.scalar(select(func.count()).select_from(Proposal)) or 0
        number = f"P-TEST-{count + 1:05d}"
        now = utcnow()
        proposal = Proposal(number=number, title=f"Proposal {count + 1}", customer="Contoso", industry="retail",
                            customer_tier="B", template="tech-proposal-en", author=author, status="draft",
                            inputs={}, created_at=now, updated_at=now)
        proposal.revisions.append(ProposalRevision(number=1, markdown=MARKDOWN, knowledge=[], note="", locked=False,
                                                   created_at=now, created_by=author))
        s.add(proposal)
    return number
