"""Plain values for reviews: what crosses to the CLI and the GUI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from workbench.core.proposals.model import ProposalView
from workbench.core.reviews.rubric import TierRubric
from workbench.core.reviews.states import Action, Resubmission, ReviewState
from workbench.core.users import UserView


@dataclass(frozen=True)
class ReviewStatus:
    """Where one proposal stands in review (a row of a queue, or the head of the review pane)."""

    proposal: str
    title: str
    customer: str
    author: str
    template: str
    state: ReviewState
    revision: int
    round: int
    claimed_by: str | None
    entered_at: dt.datetime | None
    due_at: dt.datetime | None
    escalated_by: str | None
    requested_tier: int | None
    last_actor: str
    last_action: str
    version: int  # pass back as expected_version: someone else acting meanwhile is then a conflict
    # the names people read (display name, else the login) for author, claimed_by, last_actor
    author_label: str = ""
    claimed_by_label: str = ""
    last_actor_label: str = ""

    @property
    def tier(self) -> int | None:
        return self.state.tier

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        now = now or dt.datetime.now(dt.UTC)
        return self.state.in_review and self.due_at is not None and self.due_at < now

    def to_json(self, now: dt.datetime | None = None) -> dict[str, object]:
        return {
            "id": self.proposal, "title": self.title, "customer": self.customer, "author": self.author,
            "author_label": self.author_label, "state": self.state.value, "tier": self.tier, "revision": self.revision, "round": self.round,
            "claimed_by": self.claimed_by, "entered_at": _iso(self.entered_at), "due_at": _iso(self.due_at),
            "overdue": self.is_overdue(now), "escalated_by": self.escalated_by, "version": self.version,
        }


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True)
class ReviewEventView:
    """One line of the audit trail."""

    id: int
    at: dt.datetime
    actor: str
    action: str
    tier: int | None
    revision: int
    state_before: ReviewState
    state_after: ReviewState
    scores: dict[str, int]
    comment: str
    detail: dict[str, Any]
    actor_label: str = ""  # the name people read (display name, else the login)

    def to_json(self) -> dict[str, object]:
        return {
            "at": self.at.isoformat(), "actor": self.actor, "actor_label": self.actor_label, "action": self.action, "tier": self.tier,
            "revision": self.revision, "from": self.state_before.value, "to": self.state_after.value,
            "scores": self.scores, "comment": self.comment, **self.detail,
        }


@dataclass(frozen=True)
class CommentView:
    id: int
    revision: int
    tier: int | None
    section: str  # a heading of the revision, or "" for the whole proposal
    author: str
    body: str
    reply_to: int | None
    at: dt.datetime
    author_label: str = ""  # the name people read (display name, else the login)

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "revision": self.revision, "tier": self.tier, "section": self.section,
                "author": self.author, "author_label": self.author_label, "body": self.body, "reply_to": self.reply_to, "at": self.at.isoformat()}


@dataclass(frozen=True)
class ReviewPaneModel:
    """Everything the review pane shows for one proposal to one person, read in one transaction."""

    status: ReviewStatus
    proposal: ProposalView
    history: list[ReviewEventView]
    comments: list[CommentView]
    actions: list[Action]  # what ``viewer`` may do now
    rubric: TierRubric | None  # the form of the tier it waits at, if any
    base_revision: int | None  # the last reviewed revision, which the pane diffs against
    reviewers: list[UserView]  # whom ``viewer`` may hand it to (empty unless they may reassign)
    viewer: str
    # the shown revision's section headings: what a comment may be about (the core's own rule)
    sections: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ReviewSettings:
    resubmission: Resubmission = Resubmission.RESUME
    sla_days: int = 2  # per tier, when the proposal has no bid deadline


@dataclass(frozen=True)
class TierMetrics:
    tier: int
    approved: int
    changes_requested: int
    median_hours: float | None  # from entering the tier to the decision
    mean_hours: float | None

    @property
    def decisions(self) -> int:
        return self.approved + self.changes_requested

    @property
    def pass_rate(self) -> float | None:
        return self.approved / self.decisions if self.decisions else None


@dataclass(frozen=True)
class ReviewMetrics:
    tiers: tuple[TierMetrics, ...]
    rounds: dict[str, int] = field(default_factory=dict)  # proposal -> submissions so far

    @property
    def mean_rounds(self) -> float | None:
        return sum(self.rounds.values()) / len(self.rounds) if self.rounds else None

    def to_json(self) -> dict[str, object]:
        return {
            "tiers": [{"tier": t.tier, "approved": t.approved, "changes_requested": t.changes_requested,
                       "pass_rate": t.pass_rate, "median_hours": t.median_hours, "mean_hours": t.mean_hours}
                      for t in self.tiers],
            "mean_rounds": self.mean_rounds, "rounds": self.rounds,
        }
