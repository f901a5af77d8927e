"""The transition table, exhaustively: every state × action × kind of person, against an
expectation written out here independently of the table."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from workbench.core.errors import MESSAGES
from workbench.core.reviews.states import (
    TRANSITIONS,
    Action,
    Facts,
    Resubmission,
    ReviewRefused,
    ReviewState,
    allowed,
    decide,
    is_lead,
)
from workbench.core.users import Role, UserView

S, A = ReviewState, Action

PEOPLE = {
    "author": UserView("alice", "", Role.AUTHOR, None, True),  # wrote the proposal
    "other_author": UserView("bob", "", Role.AUTHOR, None, True),
    "r1": UserView("rita", "", Role.REVIEWER, 1, True),
    "r2": UserView("mike", "", Role.REVIEWER, 2, True),
    "r3": UserView("sara", "", Role.REVIEWER, 3, True),
    "viewer": UserView("nina", "", Role.VIEWER, None, True),
    "admin": UserView("root", "", Role.ADMIN, None, True),
    "inactive_r1": UserView("gone", "", Role.REVIEWER, 1, False),
}
TIER_OF = {S.TIER_1: "r1", S.TIER_2: "r2", S.TIER_3: "r3"}


def expected_people(state: ReviewState, action: Action) -> set[str]:
    """Who may take ``action`` in ``state`` with an unclaimed item, a new revision saved, a
    comment given and a capable assignee named. Written from the issue's rules, not the table."""
    if state is S.DRAFT:
        return {"author"} if action is A.SUBMIT else set()
    if state is S.APPROVED:
        return set()
    if state is S.CHANGES_REQUESTED:
        return {A.SUBMIT: {"author"}, A.WITHDRAW: {"author"},
                A.COMMENT: {"author", "r1", "r2", "r3", "admin"}}.get(action, set())
    return {
        A.CLAIM: {TIER_OF[state]}, A.APPROVE: {TIER_OF[state]}, A.REQUEST_CHANGES: {TIER_OF[state]},
        A.RELEASE: set(),  # nobody holds it
        A.WITHDRAW: {"author"},
        A.REASSIGN: {"r3", "admin"}, A.ESCALATE: {"r3", "admin"},
        A.COMMENT: {"author", "r1", "r2", "r3", "admin"},
        A.SUBMIT: set(),
    }[action]


def expected_target(state: ReviewState, action: Action) -> ReviewState:
    if action is A.SUBMIT:
        return S.TIER_2 if state is S.CHANGES_REQUESTED else S.TIER_1  # requested_tier=2 below, resume
    if action is A.APPROVE:
        return {S.TIER_1: S.TIER_2, S.TIER_2: S.TIER_3, S.TIER_3: S.APPROVED}[state]
    if action is A.REQUEST_CHANGES:
        return S.CHANGES_REQUESTED
    if action is A.WITHDRAW:
        return S.DRAFT
    return state


def facts(actor: UserView, state: ReviewState, **more: object) -> Facts:
    base = Facts(
        proposal="P-1", author="alice", actor=actor, revision=1, latest_revision=2, comment="because",
        requested_tier=2 if state is S.CHANGES_REQUESTED else None,
        assignee=PEOPLE[TIER_OF[state]] if state in TIER_OF else None,
    )
    return replace(base, **more)  # type: ignore[arg-type]


def _rendered_fully(exc: ReviewRefused) -> None:
    assert exc.code in MESSAGES, exc.code
    for lang in ("en", "zh"):
        text = exc.message(lang)
        assert "{" not in text and not text.startswith(exc.code), (exc.code, lang, text)


@pytest.mark.parametrize(("state", "action", "who"), list(itertools.product(S, A, PEOPLE)))
def test_every_state_action_and_person(state: ReviewState, action: Action, who: str) -> None:
    person = PEOPLE[who]
    if who in expected_people(state, action):
        assert decide(state, action, facts(person, state)) is expected_target(state, action)
        assert action in allowed(state, facts(person, state))
        return
    with pytest.raises(ReviewRefused) as refused:
        decide(state, action, facts(person, state))
    _rendered_fully(refused.value)
    assert action not in allowed(state, facts(person, state))
    if who == "viewer":
        assert refused.value.code == "review_viewer"
    elif who == "inactive_r1":
        assert refused.value.code == "user_inactive"
    elif (state, action) not in TRANSITIONS:
        assert refused.value.code == "review_invalid_transition"


def test_table_has_no_transition_the_expectation_lacks() -> None:
    for (state, action) in TRANSITIONS:
        if action is A.RELEASE:
            continue  # only with a claim, below
        assert expected_people(state, action), (state, action)


@pytest.mark.parametrize("state", [S.TIER_1, S.TIER_2, S.TIER_3])
def test_claims_bind_decisions_to_the_claimer(state: ReviewState) -> None:
    reviewer = PEOPLE[TIER_OF[state]]
    colleague = replace(reviewer, name="colleague")
    for action in (A.CLAIM, A.APPROVE, A.REQUEST_CHANGES):
        with pytest.raises(ReviewRefused) as refused:
            decide(state, action, facts(reviewer, state, claimed_by="colleague"))
        assert refused.value.code == "review_claimed" and "colleague" in refused.value.message("en")
        assert decide(state, action, facts(reviewer, state, claimed_by=reviewer.name)) is expected_target(state, action)
    # releasing: the claimer or a lead, nobody else
    assert decide(state, A.RELEASE, facts(colleague, state, claimed_by="colleague")) is state
    assert decide(state, A.RELEASE, facts(PEOPLE["admin"], state, claimed_by="colleague")) is state
    assert decide(state, A.RELEASE, facts(PEOPLE["r3"], state, claimed_by="colleague")) is state  # a lead
    with pytest.raises(ReviewRefused, match="claimed by colleague"):
        decide(state, A.RELEASE, facts(PEOPLE["r1"], state, claimed_by="colleague"))


def test_one_person_approves_a_revision_at_one_tier_only() -> None:
    # a reviewer moved from tier 1 to tier 2 after approving revision 1 at tier 1
    promoted = replace(PEOPLE["r1"], tier=2)
    with pytest.raises(ReviewRefused) as refused:
        decide(S.TIER_2, A.APPROVE, facts(promoted, S.TIER_2, approvals=frozenset({("rita", 1)})))
    assert refused.value.code == "review_twice"
    assert "已在第 1 级批准过" in refused.value.message("zh")
    # a newer revision is a new thing to approve
    assert decide(S.TIER_2, A.APPROVE, facts(promoted, S.TIER_2, approvals=frozenset())) is S.TIER_3
    # and a lead cannot hand it to them either
    with pytest.raises(ReviewRefused, match="one tier only"):
        decide(S.TIER_2, A.REASSIGN, facts(PEOPLE["r3"], S.TIER_2, assignee=promoted,
                                           approvals=frozenset({("rita", 1)})))


def test_nobody_reviews_their_own_proposal() -> None:
    own = UserView("alice", "", Role.REVIEWER, 1, True)
    for action in (A.CLAIM, A.APPROVE, A.REQUEST_CHANGES):
        with pytest.raises(ReviewRefused) as refused:
            decide(S.TIER_1, action, facts(own, S.TIER_1))
        assert refused.value.code == "review_own_proposal"
    lead_author = UserView("alice", "", Role.ADMIN, None, True)
    with pytest.raises(ReviewRefused, match="own proposal"):
        decide(S.TIER_1, A.REASSIGN, facts(lead_author, S.TIER_1))
    with pytest.raises(ReviewRefused, match="own proposal"):
        decide(S.TIER_1, A.REASSIGN, facts(PEOPLE["admin"], S.TIER_1, assignee=own))


def test_reviewers_act_only_at_their_tier() -> None:
    with pytest.raises(ReviewRefused) as refused:
        decide(S.TIER_2, A.APPROVE, facts(PEOPLE["r1"], S.TIER_2))
    assert refused.value.code == "review_wrong_tier"
    assert refused.value.message("en") == "'P-1' is waiting at tier 2; rita reviews at tier 1."
    with pytest.raises(ReviewRefused, match="tier 3"):
        decide(S.TIER_1, A.REASSIGN, facts(PEOPLE["admin"], S.TIER_1, assignee=PEOPLE["r3"]))


def test_resubmission_policy_and_the_new_revision_rule() -> None:
    author = PEOPLE["author"]
    for requested in (1, 2, 3):
        resume = facts(author, S.CHANGES_REQUESTED, requested_tier=requested)
        assert decide(S.CHANGES_REQUESTED, A.SUBMIT, resume) is S.at_tier(requested)
        restart = replace(resume, policy=Resubmission.RESTART)
        assert decide(S.CHANGES_REQUESTED, A.SUBMIT, restart) is S.TIER_1
    with pytest.raises(ReviewRefused) as refused:
        decide(S.CHANGES_REQUESTED, A.SUBMIT, facts(author, S.CHANGES_REQUESTED, latest_revision=1))
    assert refused.value.code == "review_no_new_revision"


def test_comments_are_required_where_a_decision_needs_a_reason() -> None:
    for state, action, who in ((S.TIER_1, A.REQUEST_CHANGES, "r1"), (S.TIER_2, A.COMMENT, "author")):
        with pytest.raises(ReviewRefused) as refused:
            decide(state, action, facts(PEOPLE[who], state, comment="  "))
        assert refused.value.code == "review_comment_required"
    # the form asks for the comment: the button is still offered
    assert A.REQUEST_CHANGES in allowed(S.TIER_1, facts(PEOPLE["r1"], S.TIER_1, comment=""))
    assert A.REASSIGN in allowed(S.TIER_1, facts(PEOPLE["admin"], S.TIER_1, assignee=None))


def test_leads_are_admins_and_seniors() -> None:
    assert {w for w, p in PEOPLE.items() if is_lead(p)} == {"r3", "admin"}


def test_state_names_and_proposal_status() -> None:
    assert [s.tier for s in S] == [None, 1, 2, 3, None, None]
    assert {s.proposal_status for s in S} == {"draft", "in_review", "changes_requested", "approved"}
