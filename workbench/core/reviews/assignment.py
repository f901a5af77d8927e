"""Who holds a review item: claiming, releasing and handing it over (reassigning), and whom a lead
may hand it to, worked out by the transition table itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.core.db.models import ReviewItem, User
from workbench.core.reviews.states import Action, Facts, ReviewRefused, ReviewState, decide
from workbench.core.users import UserView, _view


def handover_candidates(s: Session, state: ReviewState, facts: Facts) -> list[UserView]:
    """The active users the transition table would accept as the assignee of a REASSIGN now (a
    reviewer of the tier, not the author, not one who approved this revision at another tier)."""
    probe = replace(facts, comment=facts.comment or "…")
    out: list[UserView] = []
    for candidate in (_view(u) for u in s.scalars(select(User).where(User.active).order_by(User.name))):
        try:
            decide(state, Action.REASSIGN, replace(probe, assignee=candidate))
        except ReviewRefused:
            continue
        out.append(candidate)
    return out


def move_claim(item: ReviewItem, action: Action, actor: UserView, facts: Facts, now: dt.datetime,
               detail: dict[str, object]) -> None:
    """Who holds ``item`` after CLAIM, RELEASE or REASSIGN (``detail`` records from whom, to whom)."""
    if action is Action.CLAIM:
        item.claimed_by, item.claimed_at = actor.name, now
    elif action is Action.RELEASE:
        detail["from"] = item.claimed_by
        item.claimed_by = item.claimed_at = None
    elif action is Action.REASSIGN:
        detail["from"], detail["to"] = item.claimed_by, facts.assignee.name if facts.assignee else None
        item.claimed_by, item.claimed_at = detail["to"], now  # type: ignore[assignment]
