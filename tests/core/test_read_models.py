"""Each screen's composite data comes from one core read-model method in one read transaction:
the transactions opened on the engine while it runs are counted."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from tests.reviewing import PASSING, new_proposal
from workbench.core.reviews.states import Action, ReviewRefused, ReviewState
from workbench.core.workspace import Workspace


@contextmanager
def transactions(ws: Workspace) -> Iterator[list[object]]:
    """The transactions begun on ``ws``'s engine inside the block (reads and writes alike)."""
    begun: list[object] = []

    def on_begin(conn: Any) -> None:
        begun.append(conn)

    event.listen(ws.db.engine, "begin", on_begin)
    try:
        yield begun
    finally:
        event.remove(ws.db.engine, "begin", on_begin)


def once(ws: Workspace, read: Callable[[], Any]) -> Any:
    """``read()``'s answer, asserting it opened exactly one transaction."""
    with transactions(ws) as begun:
        out = read()
    assert len(begun) == 1, f"{len(begun)} transactions for one screen's read model"
    return out


@pytest.fixture
def rws(ws: Workspace) -> Workspace:
    admin = ws.actor()
    ws.users.add(admin, "rob", "reviewer", 1)
    ws.users.add(admin, "rina", "reviewer", 1)
    return ws


def test_the_review_pane_is_one_read_with_the_cores_own_hand_over_rule(rws: Workspace) -> None:
    number = new_proposal(rws)
    alice, rita, sara = (rws.users.get(n) for n in ("alice", "rita", "sara"))
    rws.reviews.submit(alice, number)
    rws.reviews.comment(rita, number, "Pricing looks thin.")
    rws.reviews.request_changes(rita, number, "Add a rollout plan.", PASSING[1])
    rws.proposals.save_revision(alice, number, "# Requirement understanding\n\nRevised.\n")
    rws.reviews.submit(alice, number)
    rws.reviews.approve(rws.users.get("rob"), number, PASSING[1])
    rws.users.set_role(rws.actor(), "rob", "reviewer", 2)  # rob approved r2 at tier 1, then was promoted

    pane = once(rws, lambda: rws.reviews.pane(sara, number))
    assert pane.status.state is ReviewState.TIER_2 and pane.status.revision == 2
    assert pane.proposal.number == number and [r.number for r in pane.proposal.revisions] == [1, 2]
    assert [e.action for e in pane.history] == ["submit", "comment", "request_changes", "submit", "approve"]
    assert pane.comments[0].body == "Pricing looks thin."
    assert pane.base_revision == 1 and pane.rubric is not None and pane.rubric.tier == 2
    assert pane.viewer == "sara" and Action.REASSIGN in pane.actions
    # the sections a comment may name are the shown revision's (r2's one heading), as the core checks
    assert pane.sections == ["Requirement understanding"]
    rws.reviews.comment(sara, number, "Which systems?", section=pane.sections[0])
    # sara may hand it to tier-2 reviewers, but not to rob, who approved this revision at tier 1
    assert [u.name for u in pane.reviewers] == ["mike"]
    for u in pane.reviewers:
        rws.reviews.reassign(sara, number, u.name)  # what the list offers, the core accepts

    author = once(rws, lambda: rws.reviews.pane(alice, number))
    assert author.reviewers == [] and Action.REASSIGN not in author.actions
    assert author.actions == rws.reviews.allowed_actions(alice, number)


def test_the_dashboard_is_one_read_with_its_content_gaps(rws: Workspace) -> None:
    rws.search.record_miss(rws.actor(), "quantum bid")
    board = once(rws, lambda: rws.reports.dashboard())
    assert [q for q, _n, _at in board.gaps.rows] == ["quantum bid"]


def test_a_search_that_found_nothing_changes_only_the_gap_lists(rws: Workspace) -> None:
    changes = rws.search.record_miss(rws.actor(), "quantum bid").changes
    assert changes.gaps and not changes.index and not changes.knowledge


def test_row_rights_follow_the_cores_rules(rws: Workspace) -> None:
    number = new_proposal(rws)
    alice, rita = rws.users.get("alice"), rws.users.get("rita")
    admin = rws.actor()
    draft = rws.proposals.get(number)
    mine = draft.rights(alice)
    assert (mine.is_mine, mine.may_edit, mine.may_submit) == (True, True, True)
    theirs = draft.rights(admin)  # an admin edits anyone's draft, but only its author submits it
    assert (theirs.is_mine, theirs.may_edit, theirs.may_submit) == (True, True, False)
    assert draft.rights(rita) == draft.rights(None) and not draft.rights(rita).may_edit
    with pytest.raises(ReviewRefused):
        rws.reviews.submit(admin, number)
    rws.reviews.submit(alice, number)
    in_review = rws.proposals.get(number).rights(alice)
    assert (in_review.is_mine, in_review.may_edit, in_review.may_submit) == (True, False, False)


def test_due_soon_has_one_definition(rws: Workspace) -> None:
    import datetime as dt

    soon, later = new_proposal(rws, bid_deadline="2027-06-30"), new_proposal(rws, bid_deadline="2027-09-30")
    today = dt.date(2027, 6, 15)  # the Q&A cut-off of the first (June 20) is five days away
    listed = rws.proposals.due_soon(today=today)
    assert [(v.number, name, day) for v, name, day in listed] == [(soon, "qa_cutoff", dt.date(2027, 6, 20))]
    for view in rws.proposals.all():
        assert (view.due_soon(today=today) is not None) == (view.number == soon)
    assert later != soon


def test_the_retrospective_form_is_one_read(rws: Workspace) -> None:
    from workbench.core.retro.model import RetroInput

    number = new_proposal(rws)
    alice, rita = rws.users.get("alice"), rws.users.get("rita")
    empty = once(rws, lambda: rws.retros.form(alice, number))
    assert empty.proposal.number == number and empty.retro is None and empty.may_record
    assert empty.lists.reasons and not once(rws, lambda: rws.retros.form(rita, number)).may_record
    rws.retros.record(alice, number, RetroInput(outcome="cancelled", decided_on="2026-06-20"))
    form = once(rws, lambda: rws.retros.form(alice, number))
    assert form.retro is not None and form.retro == rws.retros.get(number)
    assert form.lists == rws.retros.lists() and form.may_record == rws.retros.may_record(alice, number)
