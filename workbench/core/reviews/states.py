"""The review workflow as data: states, actions, the transition table and its guards.

Pure: no database, no clock. ``decide(state, action, facts)`` returns the next state or raises
a ``ReviewRefused`` whose code and parameters say, in words a person can act on, why not.

    draft ──submit──▶ tier 1 ──approve──▶ tier 2 ──approve──▶ tier 3 ──approve──▶ approved
                        │                   │                   │
                        └─────────── request changes ───────────┘──▶ changes requested
    changes requested ──submit (a new revision)──▶ the tier that asked (or tier 1, by setting)
    tier n / changes requested ──withdraw (author)──▶ draft
    tier n: claim, release, comment, reassign and escalate (a lead) keep the state
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from workbench.core.errors import InvalidTransition, Term
from workbench.core.users import Permission, Role
from workbench.core.users import UserView as Person

TIERS = (1, 2, 3)


class ReviewState(StrEnum):
    DRAFT = "draft"
    TIER_1 = "tier_1"
    TIER_2 = "tier_2"
    TIER_3 = "tier_3"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"

    @property
    def tier(self) -> int | None:
        return {"tier_1": 1, "tier_2": 2, "tier_3": 3}.get(self.value)

    @property
    def in_review(self) -> bool:
        return self.tier is not None

    @property
    def proposal_status(self) -> str:
        """The proposal's status while it stands here (proposals.model.ProposalStatus values)."""
        return "in_review" if self.in_review else self.value

    @staticmethod
    def at_tier(tier: int) -> ReviewState:
        return ReviewState(f"tier_{tier}")


class Action(StrEnum):
    SUBMIT = "submit"
    CLAIM = "claim"
    RELEASE = "release"
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    WITHDRAW = "withdraw"
    REASSIGN = "reassign"
    ESCALATE = "escalate"
    COMMENT = "comment"


class Resubmission(StrEnum):
    RESUME = "resume"  # back to the tier that requested changes (default)
    RESTART = "restart"  # back to tier 1


def state_term(state: ReviewState) -> Term:
    """The words for ``state`` in messages (catalogue code ``review_state_*``)."""
    return Term(f"review_state_{state.name.lower()}")


def action_term(action: Action) -> Term:
    """The words for ``action`` in messages (catalogue code ``review_action_*``)."""
    return Term(f"review_action_{action.name.lower()}")


class ReviewRefused(InvalidTransition):
    """A review action that the rules do not allow; the code says which rule."""

    code = "review_invalid_transition"


@dataclass(frozen=True)
class Facts:
    """Everything a guard may look at, gathered by the service inside the transaction."""

    proposal: str
    author: str
    actor: Person
    revision: int  # the revision under review, or the one last reviewed
    latest_revision: int  # the newest saved revision
    claimed_by: str | None = None
    # (reviewer, tier) pairs that approved ``revision``
    approvals: frozenset[tuple[str, int]] = field(default_factory=frozenset)
    requested_tier: int | None = None  # the tier that asked for changes
    policy: Resubmission = Resubmission.RESUME
    comment: str = ""
    assignee: Person | None = None  # for REASSIGN


def is_lead(person: Person) -> bool:
    """Review leads reassign and escalate: administrators and tier-3 (senior) reviewers."""
    return person.active and (person.role is Role.ADMIN or (person.role is Role.REVIEWER and person.tier == 3))


def _p(facts: Facts, action: Action, **more: object) -> dict[str, object]:
    return {"id": facts.proposal, "user": facts.actor.name, "action": action_term(action), **more}


# --- guards: each raises ReviewRefused or returns None ------------------------------------------

Guard = Callable[[ReviewState, Action, Facts], None]


def acts_at_all(state: ReviewState, action: Action, facts: Facts) -> None:
    who = facts.actor
    if not who.active:
        raise ReviewRefused("user_inactive", name=who.name)
    if who.role is Role.VIEWER:
        raise ReviewRefused("review_viewer", **_p(facts, action))


def is_author(state: ReviewState, action: Action, facts: Facts) -> None:
    if facts.actor.name != facts.author or not facts.actor.can(Permission.EDIT_PROPOSALS):
        raise ReviewRefused("review_not_author", **_p(facts, action, author=facts.author))


def _can_review(person: Person, state: ReviewState, facts: Facts, action: Action) -> None:
    tier = state.tier
    assert tier is not None
    params = _p(facts, action, user=person.name, tier=tier, role=Term(f"role_{person.role.value}"))
    if person.role is not Role.REVIEWER or person.tier is None:
        raise ReviewRefused("review_not_reviewer", **params)
    if person.name == facts.author:
        raise ReviewRefused("review_own_proposal", **params)
    if person.tier != tier:
        raise ReviewRefused("review_wrong_tier", **params, user_tier=person.tier)
    earlier = sorted(t for name, t in facts.approvals if name == person.name and t != tier)
    if earlier:
        raise ReviewRefused("review_twice", **params, revision=facts.revision, other_tier=earlier[0])


def reviews_this_tier(state: ReviewState, action: Action, facts: Facts) -> None:
    _can_review(facts.actor, state, facts, action)


def holds_or_free(state: ReviewState, action: Action, facts: Facts) -> None:
    """Decisions belong to whoever claimed the item; an unclaimed item is claimed by deciding."""
    if facts.claimed_by not in (None, facts.actor.name):
        raise ReviewRefused("review_claimed", **_p(facts, action, by=facts.claimed_by))


def holds_claim_or_lead(state: ReviewState, action: Action, facts: Facts) -> None:
    if facts.claimed_by is None:
        raise ReviewRefused("review_not_claimed", **_p(facts, action))
    if facts.claimed_by != facts.actor.name and not is_lead(facts.actor):
        raise ReviewRefused("review_claimed", **_p(facts, action, by=facts.claimed_by))


def says_why(state: ReviewState, action: Action, facts: Facts) -> None:
    if not facts.comment.strip():
        raise ReviewRefused("review_comment_required", **_p(facts, action))


def lead(state: ReviewState, action: Action, facts: Facts) -> None:
    if not is_lead(facts.actor):
        raise ReviewRefused("review_not_lead", **_p(facts, action))
    if facts.actor.name == facts.author:
        raise ReviewRefused("review_own_proposal", **_p(facts, action, tier=state.tier or 0))


def assignee_can_review(state: ReviewState, action: Action, facts: Facts) -> None:
    if facts.assignee is None:
        raise ReviewRefused("review_assignee_missing", **_p(facts, action))
    _can_review(facts.assignee, state, facts, action)


def has_new_revision(state: ReviewState, action: Action, facts: Facts) -> None:
    if facts.latest_revision <= facts.revision:
        raise ReviewRefused("review_no_new_revision", **_p(facts, action, revision=facts.revision))


def takes_part(state: ReviewState, action: Action, facts: Facts) -> None:
    """Comments: the author answers; reviewers (any tier, not the author) and leads remark."""
    who = facts.actor
    if who.name == facts.author or is_lead(who) or (who.role is Role.REVIEWER and who.tier is not None):
        return
    raise ReviewRefused("review_not_participant", **_p(facts, action))


# --- the table ----------------------------------------------------------------------------------

Target = Callable[[ReviewState, Facts], ReviewState]


def _stay(state: ReviewState, facts: Facts) -> ReviewState:
    return state


def _to(target: ReviewState) -> Target:
    return lambda _state, _facts: target


def _next_tier(state: ReviewState, facts: Facts) -> ReviewState:
    tier = state.tier
    assert tier is not None
    return ReviewState.APPROVED if tier == TIERS[-1] else ReviewState.at_tier(tier + 1)


def _resubmitted(state: ReviewState, facts: Facts) -> ReviewState:
    if facts.policy is Resubmission.RESTART or facts.requested_tier is None:
        return ReviewState.TIER_1
    return ReviewState.at_tier(facts.requested_tier)


@dataclass(frozen=True)
class Transition:
    target: Target
    guards: tuple[Guard, ...]


def _review_tier_rules(state: ReviewState) -> dict[tuple[ReviewState, Action], Transition]:
    return {
        (state, Action.CLAIM): Transition(_stay, (reviews_this_tier, holds_or_free)),
        (state, Action.RELEASE): Transition(_stay, (holds_claim_or_lead,)),
        (state, Action.APPROVE): Transition(_next_tier, (reviews_this_tier, holds_or_free)),
        (state, Action.REQUEST_CHANGES): Transition(
            _to(ReviewState.CHANGES_REQUESTED), (reviews_this_tier, holds_or_free, says_why)),
        (state, Action.WITHDRAW): Transition(_to(ReviewState.DRAFT), (is_author,)),
        (state, Action.REASSIGN): Transition(_stay, (lead, assignee_can_review)),
        (state, Action.ESCALATE): Transition(_stay, (lead,)),
        (state, Action.COMMENT): Transition(_stay, (takes_part, says_why)),
    }


TRANSITIONS: dict[tuple[ReviewState, Action], Transition] = {
    (ReviewState.DRAFT, Action.SUBMIT): Transition(_to(ReviewState.TIER_1), (is_author,)),
    **_review_tier_rules(ReviewState.TIER_1),
    **_review_tier_rules(ReviewState.TIER_2),
    **_review_tier_rules(ReviewState.TIER_3),
    (ReviewState.CHANGES_REQUESTED, Action.SUBMIT): Transition(_resubmitted, (is_author, has_new_revision)),
    (ReviewState.CHANGES_REQUESTED, Action.WITHDRAW): Transition(_to(ReviewState.DRAFT), (is_author,)),
    (ReviewState.CHANGES_REQUESTED, Action.COMMENT): Transition(_stay, (takes_part, says_why)),
}


def decide(state: ReviewState, action: Action, facts: Facts) -> ReviewState:
    """The state after ``action``, or ReviewRefused saying why not. Viewers never act; a pair
    (state, action) missing from the table is refused whoever asks."""
    acts_at_all(state, action, facts)
    rule = TRANSITIONS.get((state, action))
    if rule is None:
        raise ReviewRefused("review_invalid_transition", **_p(facts, action, state=state_term(state)))
    for guard in rule.guards:
        guard(state, action, facts)
    return rule.target(state, facts)


def allowed(state: ReviewState, facts: Facts) -> list[Action]:
    """The actions ``facts.actor`` may take now (for buttons; the service decides again when
    asked). A missing comment or assignee does not count against an action: the form asks for it."""
    probe = replace(facts, comment=facts.comment or "…")
    out = []
    for action in Action:
        try:
            decide(state, action, probe)
        except ReviewRefused as exc:
            if exc.code != "review_assignee_missing":
                continue
        out.append(action)
    return out
