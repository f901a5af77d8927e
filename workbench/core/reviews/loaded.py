"""One proposal's review as the service reads it inside the caller's transaction: the proposal,
its review item and state, the facts the transition table decides on, and the frozen views of its
status, history and comments."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.core.db.models import Proposal, ProposalRevision, ReviewComment, ReviewEvent, ReviewItem, User
from workbench.core.errors import Conflict, NotFound, WorkbenchError
from workbench.core.reviews.model import CommentView, ReviewEventView, ReviewStatus
from workbench.core.reviews.states import (
    Action,
    Facts,
    Resubmission,
    ReviewRefused,
    ReviewState,
    action_term,
    decide,
)
from workbench.core.users import UserView, _view, labels

HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")


def section_headings(markdown: str) -> list[str]:
    """The headings of a revision, as a comment may name them (code blocks skipped)."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and (m := HEADING.match(line)):
            out.append(m.group(1))
    return out


@dataclass
class Loaded:
    proposal: Proposal
    item: ReviewItem | None
    state: ReviewState
    latest: int

    @property
    def version(self) -> int:
        return self.item.version if self.item is not None else 0


def load(s: Session, number: str) -> Loaded:
    proposal = s.scalar(select(Proposal).where(Proposal.number == number))
    if proposal is None:
        raise NotFound("proposal_not_found", id=number)
    item = s.scalar(select(ReviewItem).where(ReviewItem.proposal_id == proposal.id))
    latest = s.scalar(select(func.max(ProposalRevision.number)).where(
        ProposalRevision.proposal_id == proposal.id)) or 0
    state = ReviewState(item.state) if item is not None else ReviewState.DRAFT
    return Loaded(proposal, item, state, latest)


def facts(s: Session, actor: UserView, loaded: Loaded, comment: str = "", assignee: str | None = None,
          policy: Resubmission = Resubmission.RESUME) -> Facts:
    item = loaded.item
    revision = item.revision if item is not None else loaded.latest
    approvals = frozenset(
        (name, tier) for name, tier in s.execute(select(ReviewEvent.actor, ReviewEvent.tier).where(
            ReviewEvent.proposal_id == loaded.proposal.id, ReviewEvent.revision == revision,
            ReviewEvent.action == Action.APPROVE.value))
        if tier is not None
    ) if item is not None else frozenset()
    other = None
    if assignee is not None:
        row = s.scalar(select(User).where(User.name == assignee))
        if row is None:
            raise NotFound("user_not_found", name=assignee)
        other = _view(row)
    return Facts(
        proposal=loaded.proposal.number, author=loaded.proposal.author, actor=actor, revision=revision,
        latest_revision=loaded.latest, claimed_by=item.claimed_by if item else None, approvals=approvals,
        requested_tier=item.requested_tier if item else None, policy=policy, comment=comment, assignee=other,
    )


def history(s: Session, proposal_id: int) -> list[ReviewEventView]:
    rows = list(s.scalars(select(ReviewEvent).where(ReviewEvent.proposal_id == proposal_id)
                          .order_by(ReviewEvent.id)))
    names = labels(s, [e.actor for e in rows])
    return [event_view(e, names) for e in rows]


def comments(s: Session, proposal_id: int) -> list[CommentView]:
    rows = list(s.scalars(select(ReviewComment).where(ReviewComment.proposal_id == proposal_id)
                          .order_by(ReviewComment.id)))
    names = labels(s, [c.author for c in rows])
    return [comment_view(c, names) for c in rows]


def base_revision(s: Session, loaded: Loaded) -> int | None:
    """The newest revision, older than the one under review, that a reviewer decided on."""
    if loaded.item is None:
        return None
    return s.scalar(select(func.max(ReviewEvent.revision)).where(
        ReviewEvent.proposal_id == loaded.proposal.id,
        ReviewEvent.action.in_([Action.APPROVE.value, Action.REQUEST_CHANGES.value]),
        ReviewEvent.revision < loaded.item.revision))


def check_section(s: Session, loaded: Loaded, revision: int, section: str) -> str:
    """``section`` stripped, or ReviewRefused when the revision has no such heading."""
    section = section.strip()
    if not section:
        return ""
    markdown = s.scalar(select(ProposalRevision.markdown).where(
        ProposalRevision.proposal_id == loaded.proposal.id, ProposalRevision.number == revision)) or ""
    if section not in section_headings(markdown):
        raise ReviewRefused("review_section_unknown", section=section, revision=revision,
                            id=loaded.proposal.number)
    return section


def _last_move(s: Session, loaded: Loaded) -> ReviewEvent | None:
    return s.scalar(select(ReviewEvent).where(ReviewEvent.proposal_id == loaded.proposal.id,
                                              ReviewEvent.action != Action.COMMENT.value)
                    .order_by(ReviewEvent.id.desc()).limit(1))


def lost_race(s: Session, loaded: Loaded, action: Action, facts: Facts) -> bool:
    """Whether an action the table refuses now was refused only because someone else moved the
    item first: the last move was another person's, and from the state it left the action would
    have been allowed. Two reviewers approving at once: the second reads the item after the
    first's commit (a command reads, then acts) and was told the item's new state ("needs a
    tier-2 reviewer") instead of who got there first. The claim that move cleared is not held
    against the action (an unclaimed item is claimed by deciding)."""
    last = _last_move(s, loaded)
    if last is None or last.actor == facts.actor.name or last.state_before == loaded.state.value:
        return False
    try:
        decide(ReviewState(last.state_before), action, replace(facts, claimed_by=None))
    except (ReviewRefused, ValueError):
        return False
    return True


def conflict(s: Session, loaded: Loaded) -> WorkbenchError:
    """Who acted on the item since the caller read it, as the error to raise."""
    last = _last_move(s, loaded)
    if last is None:
        return Conflict("review_conflict", by="?", did="?", did_zh="?", id=loaded.proposal.number, at="?")
    return Conflict("review_conflict", by=last.actor, did=action_term(Action(last.action)), id=loaded.proposal.number,
                    at=last.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"))


def status(s: Session, loaded: Loaded) -> ReviewStatus:
    p, item = loaded.proposal, loaded.item
    claimed_by, last_actor = (item.claimed_by, item.last_actor) if item else (None, "")
    names = labels(s, [p.author, claimed_by, last_actor])
    return ReviewStatus(
        proposal=p.number, title=p.title, customer=p.customer, author=p.author, template=p.template,
        state=loaded.state, revision=item.revision if item else loaded.latest, round=item.round if item else 0,
        claimed_by=item.claimed_by if item else None, entered_at=item.entered_at if item else None,
        due_at=item.due_at if item else None, escalated_by=item.escalated_by if item else None,
        requested_tier=item.requested_tier if item else None, last_actor=item.last_actor if item else "",
        last_action=item.last_action if item else "", version=item.version if item else 0,
        author_label=names.get(p.author, p.author),
        claimed_by_label=names.get(claimed_by, claimed_by) if claimed_by else "",
        last_actor_label=names.get(last_actor, last_actor),
    )


def event_view(e: ReviewEvent, names: Mapping[str, str]) -> ReviewEventView:
    return ReviewEventView(e.id, e.at, e.actor, e.action, e.tier, e.revision, ReviewState(e.state_before),
                           ReviewState(e.state_after), dict(e.scores or {}), e.comment, dict(e.detail or {}),
                           names.get(e.actor, e.actor))


def comment_view(c: ReviewComment, names: Mapping[str, str]) -> CommentView:
    return CommentView(c.id, c.revision, c.tier, c.section, c.author, c.body, c.reply_to, c.at,
                       names.get(c.author, c.author))
