"""The review service on a real SQLite database: the workflow, rubrics, deadlines, queues,
claims, comments, the audit trail, optimistic locking and metrics."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text as sql_text
from sqlalchemy.exc import IntegrityError

from tests.reviewing import FAILING, PASSING, REVIEWERS, approve_all, new_proposal
from workbench.core.errors import Forbidden, WorkbenchError
from workbench.core.proposals.catalog import builtin_templates_dir
from workbench.core.reviews.states import ReviewRefused, ReviewState
from workbench.core.workspace import Workspace

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def rws(ws: Workspace) -> Workspace:
    admin = ws.actor()
    ws.users.add(admin, "rob", "reviewer", 1)  # a second junior, for claims and races
    ws.users.add(admin, "lena", "reviewer", 3)  # a second senior
    return ws


def u(ws: Workspace, name: str):  # type: ignore[no-untyped-def]
    return ws.users.get(name)


def test_three_tiers_approve_then_the_revision_is_locked_and_exports_clean(rws: Workspace, tmp_path: Path) -> None:
    number = new_proposal(rws)
    status = rws.reviews.submit(u(rws, "alice"), number).value
    assert (status.state, status.revision, status.round) == (ReviewState.TIER_1, 1, 1)
    assert rws.proposals.get(number).status.value == "in_review"
    assert rws.proposals.get(number).revisions[0].locked
    with pytest.raises(WorkbenchError) as editing:
        rws.proposals.save_revision(u(rws, "alice"), number, "# Sneaky change\n")
    assert editing.value.code == "proposal_in_review"

    rws.reviews.approve(u(rws, "rita"), number, PASSING[1], comment="Complete.")
    assert rws.reviews.status(number).state is ReviewState.TIER_2
    rws.reviews.approve(u(rws, "mike"), number, PASSING[2])
    final = rws.reviews.approve(u(rws, "sara"), number, PASSING[3], comment="Ship it.").value
    assert final.state is ReviewState.APPROVED and final.due_at is None
    view = rws.proposals.get(number)
    assert (view.status.value, view.approved_revision) == ("approved", 1)
    with pytest.raises(WorkbenchError) as changing:
        rws.proposals.save_revision(u(rws, "alice"), number, "# After approval\n")
    assert changing.value.code == "proposal_approved"
    assert "已通过评审" in changing.value.message("zh")
    text = rws.proposals.export(number, "md", tmp_path / "clean.md").read_text(encoding="utf-8")
    assert "DRAFT" not in text and "Stores want one inbox." in text

    history = [e.to_json() for e in rws.reviews.history(number)]
    assert [(e["actor"], e["action"], e["tier"], e["from"], e["to"]) for e in history] == [
        ("alice", "submit", 1, "draft", "tier_1"),
        ("rita", "approve", 1, "tier_1", "tier_2"),
        ("mike", "approve", 2, "tier_2", "tier_3"),
        ("sara", "approve", 3, "tier_3", "approved"),
    ]
    assert history[1]["scores"] == PASSING[1] and history[1]["comment"] == "Complete." and history[1]["revision"] == 1
    assert history[3]["weighted"] == 4.0 and "at" in history[3]
    # every action, whoever asks: nothing more to do on an approved proposal
    for who in ("alice", "rita", "mike", "sara"):
        with pytest.raises(ReviewRefused):
            rws.reviews.submit(u(rws, who), number)


def test_a_draft_export_of_any_other_revision_keeps_the_mark(rws: Workspace, tmp_path: Path) -> None:
    number = new_proposal(rws)
    rws.proposals.save_revision(u(rws, "alice"), number, "# Second\n\nbetter\n")
    rws.reviews.submit(u(rws, "alice"), number)
    approve_all(rws, number)
    assert "DRAFT" in rws.proposals.export(number, "md", tmp_path / "r1.md", revision=1).read_text(encoding="utf-8")
    assert "DRAFT" not in rws.proposals.export(number, "md", tmp_path / "r2.md", revision=2).read_text(encoding="utf-8")


@pytest.mark.parametrize(("policy", "resumes_at"), [("resume", ReviewState.TIER_3), ("restart", ReviewState.TIER_1)])
def test_request_changes_then_resubmit_by_policy(rws: Workspace, policy: str, resumes_at: ReviewState) -> None:
    if policy != "resume":  # resume is the default
        rws.reviews.change_settings(rws.actor(), resubmission=policy)
    assert rws.reviews.settings().resubmission.value == policy
    number = new_proposal(rws)
    rws.reviews.submit(u(rws, "alice"), number)
    approve_all(rws, number, (1, 2))
    with pytest.raises(ReviewRefused, match="needs a comment"):
        rws.reviews.request_changes(u(rws, "sara"), number, "  ")
    sent_back = rws.reviews.request_changes(u(rws, "sara"), number, "Payment terms are 90 days; policy is 30.",
                                            scores={"commercial": 2}, section="Pricing").value
    assert sent_back.state is ReviewState.CHANGES_REQUESTED and sent_back.requested_tier == 3
    assert rws.proposals.get(number).status.value == "changes_requested"
    # the author sees it in their queue, with the comment on the section
    assert [q.proposal for q in rws.reviews.queue(u(rws, "alice"))] == [number]
    [remark] = rws.reviews.comments(number)
    assert (remark.section, remark.author, remark.tier, remark.revision) == ("Pricing", "sara", 3, 1)
    with pytest.raises(ReviewRefused) as same:
        rws.reviews.submit(u(rws, "alice"), number)
    assert same.value.code == "review_no_new_revision"
    rws.reviews.comment(u(rws, "alice"), number, "Agreed, changed to 30 days.", reply_to=remark.id)
    rws.proposals.save_revision(u(rws, "alice"), number, "# Pricing\n\n30 days.\n", note="payment terms")
    again = rws.reviews.submit(u(rws, "alice"), number).value
    assert (again.state, again.revision, again.round) == (resumes_at, 2, 2)
    assert rws.reviews.last_reviewed_revision(number) == 1
    tiers = (3,) if resumes_at is ReviewState.TIER_3 else (1, 2, 3)
    approve_all(rws, number, tiers)
    assert rws.proposals.get(number).approved_revision == 2
    assert rws.reviews.metrics().rounds[number] == 2


def test_rubric_minimums_and_scores_are_enforced(rws: Workspace) -> None:
    number = new_proposal(rws)
    rws.reviews.submit(u(rws, "alice"), number)
    rita = u(rws, "rita")
    cases = [
        (FAILING[1], "review_below_pass_mark", "below the tier-1 pass mark of 3.00"),
        ({**PASSING[1], "completeness": 2}, "review_criterion_below", "below its minimum of 3"),
        ({**PASSING[1], "format": 6}, "review_score_range", "from 1 to 5"),
        ({**PASSING[1], "format": "4.5"}, "review_score_range", "'4.5'"),
        ({**PASSING[1], "price": 4}, "review_score_unknown", "'price' is not a criterion"),
        ({"completeness": 4}, "review_score_missing", "missing: format, requirements"),
    ]
    for scores, code, text in cases:
        with pytest.raises(ReviewRefused) as refused:
            rws.reviews.approve(rita, number, scores)
        assert refused.value.code == code and text in refused.value.message("en")
        assert "{" not in refused.value.message("zh")
    assert [e.action for e in rws.reviews.history(number)] == ["submit"]  # nothing applied
    assert rws.reviews.approve(rita, number, {k: str(v) for k, v in PASSING[1].items()}).value.state is ReviewState.TIER_2


def test_a_template_can_bring_its_own_rubric(rws: Workspace) -> None:
    own = rws.paths.home / "templates" / "tech-proposal-en"
    shutil.copytree(builtin_templates_dir() / "tech-proposal-en", own)
    (own / "rubric.yaml").write_text(
        "scale: 5\ntiers:\n  1:\n    pass_mark: 4.5\n    criteria:\n"
        "      - {name: tender_checklist, label: {en: Tender checklist, zh: 招标清单}, weight: 1}\n",
        encoding="utf-8")
    number = new_proposal(rws)
    rws.reviews.submit(u(rws, "alice"), number)
    assert [c.name for c in rws.reviews.rubric(number, 1).criteria] == ["tender_checklist"]
    assert rws.reviews.rubric(number, 2).pass_mark == 3.2  # tiers it does not list come from the default
    with pytest.raises(ReviewRefused, match=r"pass mark of 4\.50"):
        rws.reviews.approve(u(rws, "rita"), number, {"tender_checklist": 4})
    rws.reviews.approve(u(rws, "rita"), number, {"tender_checklist": 5})


def test_deadlines_from_the_bid_deadline_or_the_sla_and_overdue_first(rws: Workspace) -> None:
    clock = [NOW]
    rws.reviews.clock = lambda: clock[0]
    rws.reviews.change_settings(rws.actor(), sla_days=3)
    early = new_proposal(rws, bid_deadline=None)  # no bid deadline: the SLA
    rws.reviews.submit(u(rws, "alice"), early)
    clock[0] = NOW + dt.timedelta(hours=1)
    bid = new_proposal(rws, bid_deadline="2026-12-20")  # tier-1 milestone: 7 days before
    rws.reviews.submit(u(rws, "alice"), bid)
    clock[0] = NOW + dt.timedelta(hours=2)
    late = new_proposal(rws, bid_deadline="2026-11-25")  # its tier-1 milestone (18 Nov) has passed
    rws.reviews.submit(u(rws, "alice"), late)

    assert rws.reviews.status(early).due_at == NOW + dt.timedelta(days=3)
    due = rws.reviews.status(bid).due_at
    assert due is not None and due.astimezone().date() == dt.date(2026, 12, 13)
    rita = u(rws, "rita")
    queue = rws.reviews.queue(rita, now=clock[0])
    assert [q.proposal for q in queue] == [late, early, bid]  # overdue first, then the longest waiting
    assert [q.is_overdue(clock[0]) for q in queue] == [True, False, False]
    later = NOW + dt.timedelta(days=4)
    assert [q.proposal for q in rws.reviews.queue(rita, now=later)] == [early, late, bid]
    assert [q.proposal for q in rws.reviews.overdue(now=later)] == [early, late]
    assert rws.reviews.badge(rita, now=later) == 3
    # the next tier gets a due date of its own
    clock[0] = NOW + dt.timedelta(days=1)
    moved = rws.reviews.approve(rita, early, PASSING[1]).value
    assert moved.due_at == clock[0] + dt.timedelta(days=3)


def test_queues_leave_out_what_a_person_may_not_act_on(rws: Workspace) -> None:
    theirs = new_proposal(rws)
    own = new_proposal(rws, author="rita")  # reviewers write proposals too
    claimed = new_proposal(rws)
    for number, author in ((theirs, "alice"), (own, "rita"), (claimed, "alice")):
        rws.reviews.submit(u(rws, author), number)
    rws.reviews.claim(u(rws, "rob"), claimed)
    rita, rob = u(rws, "rita"), u(rws, "rob")
    assert [q.proposal for q in rws.reviews.queue(rita)] == [theirs]
    assert {q.proposal for q in rws.reviews.queue(rob)} == {theirs, own, claimed}
    assert rws.reviews.badge(rita) == 1 and rws.reviews.badge(rob) == 3
    assert rws.reviews.queue(u(rws, "nina")) == [] and rws.reviews.badge(u(rws, "nina")) == 0
    assert rws.reviews.queue(u(rws, "mike")) == []
    assert len(rws.reviews.at_tier(1)) == 3
    with pytest.raises(ReviewRefused) as refused:
        rws.reviews.claim(rita, own)
    assert refused.value.code == "review_own_proposal"
    with pytest.raises(ReviewRefused) as taken:
        rws.reviews.approve(rita, claimed, PASSING[1])
    assert taken.value.code == "review_claimed" and "rob" in taken.value.message("en")
    assert [s.proposal for s in rws.reviews.submitted_by(u(rws, "alice"))] == [claimed, theirs] or \
        {s.proposal for s in rws.reviews.submitted_by(u(rws, "alice"))} == {claimed, theirs}


def test_claim_release_reassign_and_escalate(rws: Workspace) -> None:
    first, second = new_proposal(rws), new_proposal(rws)
    for number in (first, second):
        rws.reviews.submit(u(rws, "alice"), number)
    rita, rob, sara, mike = (u(rws, n) for n in ("rita", "rob", "sara", "mike"))
    held = rws.reviews.claim(rita, first)
    assert held.value.claimed_by == "rita" and held.changes.review
    assert not rws.reviews.claim(rita, first).changes.any()  # already hers: nothing to do
    with pytest.raises(ReviewRefused, match="claimed by rita"):
        rws.reviews.claim(rob, first)
    with pytest.raises(ReviewRefused) as not_lead:
        rws.reviews.reassign(mike, first, "rob")
    assert not_lead.value.code == "review_not_lead"
    with pytest.raises(ReviewRefused, match="tier 1; mike reviews at tier 2"):
        rws.reviews.reassign(sara, first, "mike")
    moved = rws.reviews.reassign(sara, first, "rob", comment="Rita is on leave").value
    assert moved.claimed_by == "rob"
    assert rws.reviews.history(first)[-1].detail == {"from": "rita", "to": "rob"}
    assert rws.reviews.release(rob, first).value.claimed_by is None
    with pytest.raises(ReviewRefused) as nobody:
        rws.reviews.release(rob, first)
    assert nobody.value.code == "review_not_claimed"
    # escalated items come first in the tier's queue, whatever their age
    rws.reviews.escalate(rws.actor(), second, comment="Bid is on Friday")
    assert [q.proposal for q in rws.reviews.queue(rita)] == [second, first]
    assert rws.reviews.status(second).escalated_by == rws.actor().name
    rws.reviews.approve(rita, second, PASSING[1])
    assert rws.reviews.status(second).escalated_by is None  # a new tier starts plain


def test_withdraw_returns_to_draft_and_only_the_author_may(rws: Workspace) -> None:
    number = new_proposal(rws)
    rws.reviews.submit(u(rws, "alice"), number)
    with pytest.raises(ReviewRefused) as refused:
        rws.reviews.withdraw(u(rws, "rita"), number)
    assert refused.value.code == "review_not_author"
    assert rws.reviews.withdraw(u(rws, "alice"), number).value.state is ReviewState.DRAFT
    assert rws.proposals.get(number).status.value == "draft"
    rws.proposals.save_revision(u(rws, "alice"), number, "# Reworked\n")
    again = rws.reviews.submit(u(rws, "alice"), number).value
    assert (again.state, again.revision, again.round) == (ReviewState.TIER_1, 2, 2)


def test_viewers_never_act_and_others_may_not_submit(rws: Workspace) -> None:
    number = new_proposal(rws)
    nina = u(rws, "nina")
    with pytest.raises(ReviewRefused) as refused:
        rws.reviews.submit(nina, number)
    assert refused.value.code == "review_viewer" and "只读用户" in refused.value.message("zh")
    with pytest.raises(ReviewRefused, match="Only the author"):
        rws.reviews.submit(u(rws, "rita"), number)
    rws.reviews.submit(u(rws, "alice"), number)
    for act in (lambda: rws.reviews.claim(nina, number), lambda: rws.reviews.comment(nina, number, "hi")):
        with pytest.raises(ReviewRefused, match="viewer"):
            act()
    with pytest.raises(Forbidden):
        rws.reviews.change_settings(u(rws, "sara"), resubmission="restart")
    with pytest.raises(WorkbenchError, match="resubmission='sometimes'"):
        rws.reviews.change_settings(rws.actor(), resubmission="sometimes")


def test_comments_on_sections_and_they_do_not_move_the_item(rws: Workspace) -> None:
    number = new_proposal(rws)
    version = rws.reviews.submit(u(rws, "alice"), number).value.version
    rita = u(rws, "rita")
    note = rws.reviews.comment(rita, number, "Name the stores.", section="Requirement understanding").value
    assert (note.section, note.tier, note.revision) == ("Requirement understanding", 1, 1)
    with pytest.raises(ReviewRefused) as unknown:
        rws.reviews.comment(rita, number, "?", section="Appendix Z")
    assert unknown.value.code == "review_section_unknown"
    rws.reviews.comment(u(rws, "alice"), number, "Done in r2.", reply_to=note.id)
    assert [c.reply_to for c in rws.reviews.comments(number)] == [None, note.id]
    assert rws.reviews.status(number).version == version  # a decision in flight does not conflict
    rws.reviews.approve(rita, number, PASSING[1], expected_version=version)


def test_acting_on_what_you_saw_when_someone_else_acted_first_is_a_conflict(rws: Workspace) -> None:
    number = new_proposal(rws)
    seen = rws.reviews.submit(u(rws, "alice"), number).value.version
    rws.reviews.approve(u(rws, "rob"), number, PASSING[1], expected_version=seen)
    with pytest.raises(WorkbenchError) as conflict:
        rws.reviews.approve(u(rws, "rita"), number, PASSING[1], expected_version=seen)
    assert conflict.value.code == "review_conflict"
    assert conflict.value.message("en").startswith("rob got there first: they did 'approve'")
    assert "rob 已抢先一步" in conflict.value.message("zh")
    assert [e.actor for e in rws.reviews.history(number)] == ["alice", "rob"]


def test_one_person_cannot_approve_one_revision_at_two_tiers(rws: Workspace) -> None:
    number = new_proposal(rws)
    rws.reviews.submit(u(rws, "alice"), number)
    rws.reviews.approve(u(rws, "rita"), number, PASSING[1])
    rws.users.set_role(rws.actor(), "rita", "reviewer", 2)  # promoted meanwhile
    assert rws.reviews.queue(u(rws, "rita")) == []
    with pytest.raises(ReviewRefused) as twice:
        rws.reviews.approve(u(rws, "rita"), number, PASSING[2])
    assert twice.value.code == "review_twice"
    rws.reviews.approve(u(rws, "mike"), number, PASSING[2])


def test_the_audit_trail_is_append_only(rws: Workspace) -> None:
    number = new_proposal(rws)
    rws.reviews.submit(u(rws, "alice"), number)
    # straight SQL, as another program with the database's credentials would send it
    for sql in ("UPDATE review_events SET actor = 'mallory'", "DELETE FROM review_events"):
        with pytest.raises(IntegrityError, match="append-only"), rws.db.engine.begin() as conn:
            conn.execute(sql_text(sql))
    assert [e.actor for e in rws.reviews.history(number)] == ["alice"]


def test_metrics_pass_rate_turnaround_and_rounds(rws: Workspace) -> None:
    clock = [NOW]
    rws.reviews.clock = lambda: clock[0]
    a, b = new_proposal(rws), new_proposal(rws)
    for number in (a, b):
        rws.reviews.submit(u(rws, "alice"), number)
    clock[0] = NOW + dt.timedelta(hours=2)
    rws.reviews.approve(u(rws, "rita"), a, PASSING[1])
    clock[0] = NOW + dt.timedelta(hours=4)
    rws.reviews.request_changes(u(rws, "rob"), b, "Missing SLA section")
    rws.proposals.save_revision(u(rws, "alice"), b, "# SLA\n")
    rws.reviews.submit(u(rws, "alice"), b)
    clock[0] = NOW + dt.timedelta(hours=5)
    rws.reviews.approve(u(rws, "rob"), b, PASSING[1])
    m = rws.reviews.metrics()
    t1 = m.tiers[0]
    assert (t1.approved, t1.changes_requested, t1.decisions) == (2, 1, 3)
    assert t1.pass_rate == pytest.approx(2 / 3)
    assert t1.median_hours == 2.0 and t1.mean_hours == pytest.approx((2 + 4 + 1) / 3, abs=0.01)
    assert m.tiers[1].pass_rate is None
    assert m.rounds == {a: 1, b: 2} and m.mean_rounds == 1.5
    assert m.to_json()["tiers"][0]["pass_rate"] == pytest.approx(2 / 3)  # type: ignore[index]


def test_reviewers_named_in_helpers_exist(rws: Workspace) -> None:
    assert {rws.users.get(n).tier for n in REVIEWERS.values()} == {1, 2, 3}
