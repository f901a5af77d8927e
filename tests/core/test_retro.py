"""Recording outcomes and retrospectives: validation, permissions, lessons as knowledge items in
the same transaction, conflicts, the managed lists, and what is due."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.retros import TODAY, bid, fix_today
from tests.reviewing import approve_all, new_proposal
from workbench.core.db.models import AuditEvent, KnowledgeItem, Retrospective
from workbench.core.errors import WorkbenchError
from workbench.core.knowledge.model import Kind
from workbench.core.retro.model import DueKind, RetroInput, parse_value
from workbench.core.retro.taxonomy import Outcome
from workbench.core.search.query import SearchRequest
from workbench.core.workspace import Workspace


def u(ws: Workspace, name: str):  # type: ignore[no-untyped-def]
    return ws.users.get(name)


def count(ws: Workspace, model: type) -> int:
    with ws.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def rws(ws: Workspace) -> Workspace:
    return fix_today(ws)


def test_a_loss_with_reasons_competitors_and_lessons(rws: Workspace) -> None:
    bid(rws, "P-1", customer="Contoso Retail", industry="retail")
    view = rws.retros.record(u(rws, "alice"), "P-1", RetroInput(
        outcome="lost", decided_on="2026-06-20", value="1,250,000.50", reasons=("price", "delivery_risk"),
        competitors=("Acme Cloud",), satisfaction="3", what_worked="Demo on their data",
        to_improve="Price the pilot separately",
        lessons=("Offer a paid pilot when the buyer fears delivery risk", "在报价中单列试点费用"),
    )).value
    assert view.outcome is Outcome.LOST and view.primary_reason == "price"
    assert view.reasons == ("price", "delivery_risk") and view.value == Decimal("1250000.50")
    assert view.competitors == ("Acme Cloud",) and view.satisfaction == 3 and view.complete
    assert rws.proposals.get("P-1").status.value == "closed"
    assert [lesson.slug for lesson in view.lessons] == ["lesson-p-1-1", "lesson-p-1-2"]
    lesson = rws.knowledge.get("lesson-p-1-1")
    assert lesson.kind is Kind.LESSON and lesson.industry == "retail" and lesson.customer == "Contoso Retail"
    assert lesson.product == "CRM" and {"retrospective", "lost", "CRM", "Acme Cloud"} <= set(lesson.tags)
    assert "From the retrospective of P-1" in lesson.body and lesson.review_by == TODAY + dt.timedelta(days=365)
    chinese = rws.knowledge.get("lesson-p-1-2")
    assert "来自方案 P-1" in chinese.body and "复盘" in chinese.tags and "丢单" in chinese.tags
    assert rws.retros.lists().competitors == ("Acme Cloud",)
    with rws.db.read() as s:
        actions = list(s.scalars(select(AuditEvent.action).where(AuditEvent.entity == "retrospective")))
    assert actions == ["record"]
    # found by search at once: the lesson was queued for the index with the retrospective
    rws.index.ensure()
    hits = rws.search.search(SearchRequest(text="paid pilot delivery risk")).hits
    assert hits and hits[0].id == "lesson-p-1-1"


def test_every_problem_is_reported_at_once_with_its_field_and_nothing_is_written(rws: Workspace) -> None:
    bid(rws, "P-1")
    before = count(rws, KnowledgeItem)
    with pytest.raises(WorkbenchError) as refused:
        rws.retros.record(u(rws, "alice"), "P-1", RetroInput(
            outcome="lost", decided_on="2026-08-01", value="12.345", satisfaction="7", reasons=(),
            lessons=("A lesson that must not be saved",)))
    problems = refused.value.params["problems"]
    assert refused.value.code == "retro_invalid" and refused.value.params["count"] == 4
    assert {p.params["field"] for p in problems} == {"decided_on", "value", "satisfaction", "reasons"}
    assert "primary reason" in refused.value.message("en") and "主要原因" in refused.value.message("zh")
    assert count(rws, Retrospective) == 0 and count(rws, KnowledgeItem) == before
    assert rws.proposals.get("P-1").status.value == "approved"


def test_unknown_and_other_reasons(rws: Workspace) -> None:
    bid(rws, "P-1")
    with pytest.raises(WorkbenchError) as unknown:
        rws.retros.record(u(rws, "alice"), "P-1", RetroInput("lost", "2026-06-01", reasons=("vibes",)))
    assert unknown.value.params["problems"][0].code == "retro_reason_unknown"
    assert "price" in unknown.value.message("en")
    with pytest.raises(WorkbenchError) as other:
        rws.retros.record(u(rws, "alice"), "P-1", RetroInput("lost", "2026-06-01", reasons=("other",)))
    assert other.value.params["problems"][0].params["field"] == "other_reason"
    view = rws.retros.record(u(rws, "alice"), "P-1", RetroInput(
        "lost", "2026-06-01", reasons=("other",), other_reason="The customer merged with a rival")).value
    assert view.other_reason == "The customer merged with a rival"


@pytest.mark.parametrize(("text", "value"), [
    ("1200000", Decimal("1200000.00")), ("1,200,000.50", Decimal("1200000.50")), (" 1 200 000 ", Decimal("1200000")),
    ("", None), ("0", Decimal("0")), ("1234567890123.45", Decimal("1234567890123.45")),
])
def test_amounts_that_parse(text: str, value: Decimal | None) -> None:
    assert parse_value(text) == value


@pytest.mark.parametrize("text", ["-5", "1.234", "1,20", "12万", "abc", "1e5", "NaN", "99999999999999"])
def test_amounts_that_do_not(text: str) -> None:
    with pytest.raises(WorkbenchError) as bad:
        parse_value(text)
    assert bad.value.code == "retro_value_invalid"


def test_money_is_stored_exactly(rws: Workspace) -> None:
    bid(rws, "P-1")
    rws.retros.record(u(rws, "alice"), "P-1", RetroInput("won", "2026-06-01", "9876543210.99"))
    assert rws.retros.get("P-1").value == Decimal("9876543210.99")  # type: ignore[union-attr]


def test_who_may_record(rws: Workspace) -> None:
    bid(rws, "P-1", author="alice")
    raw = RetroInput("won", "2026-06-01")
    for name in ("nina", "mike", "rita"):  # a viewer; reviewers who are not leads nor the author
        with pytest.raises(WorkbenchError) as refused:
            rws.retros.record(u(rws, name), "P-1", raw)
        assert refused.value.code == "retro_not_allowed"
        assert "alice" in refused.value.message("en") and "作者" in refused.value.message("zh")
    assert not rws.retros.may_record(u(rws, "mike"), "P-1")
    assert rws.retros.record(u(rws, "sara"), "P-1", raw).value.recorded_by == "sara"  # a review lead
    assert rws.retros.record(rws.actor(), "P-1", raw).value.updated_by == rws.actor().name  # an admin


def test_only_a_bid_that_passed_review_is_won_or_lost_but_any_can_be_cancelled(rws: Workspace) -> None:
    bid(rws, "P-1", approved=False)
    for outcome in ("won", "lost", "no_decision"):
        with pytest.raises(WorkbenchError) as refused:
            rws.retros.record(u(rws, "alice"), "P-1", RetroInput(outcome, "2026-06-01", reasons=("price",)))
        assert refused.value.code == "retro_not_sent" and refused.value.params["field"] == "outcome"
        assert "cancelled" in refused.value.message("en") and "已取消" in refused.value.message("zh")
    assert rws.retros.record(u(rws, "alice"), "P-1", RetroInput("cancelled", "2026-06-01")).value.outcome is Outcome.CANCELLED
    # cancelling closed it, but it never passed review: still not winnable
    with pytest.raises(WorkbenchError):
        rws.retros.record(u(rws, "alice"), "P-1", RetroInput("won", "2026-06-01"))


def test_a_bid_approved_through_the_real_review_can_be_won(ws: Workspace) -> None:
    number = new_proposal(ws)
    ws.reviews.submit(u(ws, "alice"), number)
    approve_all(ws, number)
    view = ws.retros.record(u(ws, "alice"), number, RetroInput("won", dt.date.today(), "480000")).value
    assert view.outcome is Outcome.WON and ws.proposals.get(number).status.value == "closed"


def test_recording_again_updates_and_keeps_lessons_without_duplicates(rws: Workspace) -> None:
    bid(rws, "P-1")
    first = rws.retros.record(u(rws, "alice"), "P-1", RetroInput(
        "lost", "2026-06-01", reasons=("price", "timing"), competitors=("Acme",), lessons=("Lesson one",))).value
    second = rws.retros.record(u(rws, "alice"), "P-1", RetroInput(
        "lost", "2026-06-02", reasons=("budget",), competitors=("acme", "Globex"), lessons=("Lesson one", "Lesson two")),
        expected_version=first.version).value
    assert second.reasons == ("budget",) and second.competitors == ("Acme", "Globex")
    assert [lesson.title for lesson in second.lessons] == ["Lesson one", "Lesson two"]
    assert second.version == first.version + 1 and second.recorded_by == "alice"
    with rws.db.read() as s:
        actions = list(s.scalars(select(AuditEvent.action).where(AuditEvent.entity == "retrospective")
                                 .order_by(AuditEvent.id)))
    assert actions == ["record", "update"]


def test_a_lesson_learned_again_on_another_bid_is_one_item_with_both_bids(rws: Workspace) -> None:
    bid(rws, "P-1", customer="Contoso")
    bid(rws, "P-2", customer="Fabrikam")
    rws.retros.record(u(rws, "alice"), "P-1", RetroInput(
        "won", "2026-05-01", lessons=("Name the reference customer early", "信创要求要在需求澄清阶段确认清楚")))
    before = count(rws, KnowledgeItem)
    # the form asks, line by line, before anything is saved
    told = rws.retros.written_lessons(["name the reference  customer early", "", "Price the pilot apart"])
    assert told[1:] == [None, None] and told[0] is not None
    assert (told[0].slug, told[0].title, told[0].bids) == ("lesson-p-1-1", "Name the reference customer early", 1)
    assert count(rws, KnowledgeItem) == before
    second = rws.retros.record(u(rws, "sara"), "P-2", RetroInput(
        "lost", "2026-06-01", reasons=("price",), competitors=("Acme",),
        # the same lessons, typed with other spacing and case, and one that is new
        lessons=("name the reference  customer early", "信创要求要在需求澄清阶段确认清楚", "Price the pilot apart"))).value
    assert count(rws, KnowledgeItem) == before + 1  # only the new lesson is a new item
    assert [lesson.slug for lesson in second.lessons] == ["lesson-p-1-1", "lesson-p-1-2", "lesson-p-2-3"]
    assert [lesson.slug for lesson in rws.retros.get("P-1").lessons] == ["lesson-p-1-1", "lesson-p-1-2"]  # type: ignore[union-attr]
    again = rws.knowledge.get("lesson-p-1-1")
    paragraphs = again.body.split("\n\n")
    assert paragraphs[0] == "Name the reference customer early"  # as first written down
    assert [p.split(" “")[0] for p in paragraphs[1:]] == ["From the retrospective of P-1", "From the retrospective of P-2"]
    assert "Fabrikam" in paragraphs[2] and "lost" in paragraphs[2]
    assert {"won", "lost", "Acme"} <= set(again.tags) and again.customer == "Contoso"  # where it was first learned
    assert again.version == 2 and again.updated_by == "sara"
    assert [(v.version, v.action, v.changed_by) for v in rws.knowledge.history("lesson-p-1-1")][-1] == (2, "edit", "sara")
    chinese = rws.knowledge.get("lesson-p-1-2")
    assert chinese.body.count("来自方案") == 2 and "丢单" in chinese.tags and "赢单" in chinese.tags
    # recorded again, P-2 adds nothing more; the customer's page lists the lesson for both
    rws.retros.record(u(rws, "sara"), "P-2", RetroInput(
        "lost", "2026-06-01", reasons=("price",), lessons=("Name the reference customer early",)),
        expected_version=second.version)
    assert rws.knowledge.get("lesson-p-1-1").version == 2
    assert rws.retros.written_lessons(["Name the reference customer early"])[0].bids == 2  # type: ignore[union-attr]
    assert "Name the reference customer early" in [lesson.title for lesson in rws.reports.customer("Fabrikam").lessons]
    # an archived lesson is not brought back: the next bid's lesson is an item of its own
    rws.knowledge.archive(rws.actor(), "lesson-p-1-2")
    bid(rws, "P-3")
    third = rws.retros.record(u(rws, "alice"), "P-3", RetroInput(
        "won", "2026-07-01", lessons=("信创要求要在需求澄清阶段确认清楚",))).value
    assert [lesson.slug for lesson in third.lessons] == ["lesson-p-3-1"]
    hits = rws.search.search(SearchRequest(text="reference customer")).hits
    assert [h.id for h in hits].count("lesson-p-1-1") == 1 and "lesson-p-2-1" not in [h.id for h in hits]


def test_a_long_lesson_whose_title_is_cut_is_still_found_again(rws: Workspace) -> None:
    bid(rws, "P-1")
    bid(rws, "P-2")
    lesson = "评标前至少一次面见业务负责人，" * 12  # longer than a title holds: the title ends in "…"
    first = rws.retros.record(u(rws, "alice"), "P-1", RetroInput("won", "2026-05-01", lessons=(lesson,))).value
    assert rws.knowledge.get(first.lessons[0].slug).title.endswith("…")
    again = rws.retros.record(u(rws, "alice"), "P-2", RetroInput("won", "2026-06-01", lessons=(lesson,))).value
    assert [ref.slug for ref in again.lessons] == [ref.slug for ref in first.lessons]
    assert rws.knowledge.get(first.lessons[0].slug).body.count("来自方案") == 2


def test_a_stale_form_is_a_conflict_naming_who_saved(rws: Workspace) -> None:
    bid(rws, "P-1")
    rws.retros.record(u(rws, "sara"), "P-1", RetroInput("won", "2026-06-01", "100"))
    with pytest.raises(WorkbenchError) as conflict:
        rws.retros.record(u(rws, "alice"), "P-1", RetroInput("lost", "2026-06-01", reasons=("price",)),
                          expected_version=0)  # the form was opened before sara recorded
    assert conflict.value.code == "retro_conflict" and "sara" in conflict.value.message("en")
    assert rws.retros.get("P-1").outcome is Outcome.WON  # type: ignore[union-attr]


def test_lessons_and_retrospective_are_one_transaction(rws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    bid(rws, "P-1")
    before = count(rws, KnowledgeItem)
    real = rws.knowledge.create_in
    calls = []

    def failing(session, actor, draft):  # type: ignore[no-untyped-def]
        calls.append(draft.slug)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(session, actor, draft)

    monkeypatch.setattr(rws.knowledge, "create_in", failing)
    with pytest.raises(OSError):
        rws.retros.record(u(rws, "alice"), "P-1", RetroInput("won", "2026-06-01", lessons=("one", "two")))
    assert count(rws, Retrospective) == 0 and count(rws, KnowledgeItem) == before
    assert rws.proposals.get("P-1").status.value == "approved"


def test_due_lists_decided_bids_without_a_retrospective_and_late_bids_without_an_outcome(rws: Workspace) -> None:
    bid(rws, "WON", deadline=dt.date(2026, 5, 1))
    bid(rws, "LATE", deadline=dt.date(2026, 6, 21), approved=False)
    bid(rws, "FUTURE", deadline=dt.date(2026, 9, 1))
    bid(rws, "NODEADLINE")
    bid(rws, "DONE", deadline=dt.date(2026, 5, 1))
    bid(rws, "CANCELLED", deadline=dt.date(2026, 5, 1))
    alice = u(rws, "alice")
    rws.retros.record(alice, "WON", RetroInput("won", "2026-06-11", "10"))
    rws.retros.record(alice, "DONE", RetroInput("lost", "2026-06-01", reasons=("price",), to_improve="Cheaper"))
    rws.retros.record(alice, "CANCELLED", RetroInput("cancelled", "2026-05-02"))
    due = rws.retros.due()
    assert [(d.proposal, d.why, d.days) for d in due] == [
        ("WON", DueKind.NO_RETROSPECTIVE, 20), ("LATE", DueKind.NO_OUTCOME, 10)]
    assert due[0].describe("en") == "won 20 days ago, no retrospective yet"
    assert due[1].describe("zh") == "投标截止已过 10 天，尚无结果"
    rws.retros.record(alice, "WON", RetroInput("won", "2026-06-11", "10", lessons=("Start early",)))
    assert [d.proposal for d in rws.retros.due()] == ["LATE"]


def test_the_managed_lists(rws: Workspace) -> None:
    with pytest.raises(WorkbenchError) as refused:
        rws.retros.add_reason(u(rws, "alice"), "scope_creep", "Scope creep", "范围蔓延")
    assert refused.value.code == "retro_list_not_allowed" and "原因" in refused.value.message("zh")
    lead = u(rws, "sara")
    rws.retros.add_reason(lead, "scope_creep", "Scope creep", "范围蔓延")
    with pytest.raises(WorkbenchError) as again:
        rws.retros.add_reason(lead, "scope_creep", "Scope creep", "范围蔓延")
    assert again.value.code == "retro_reason_exists"
    with pytest.raises(WorkbenchError) as bad:
        rws.retros.add_reason(lead, "Scope Creep!", "x", "y")
    assert bad.value.code == "retro_reason_code_invalid"
    codes = [r.code for r in rws.retros.lists().reasons]
    assert codes[:9] == ["price", "technical_fit", "relationship", "timing", "budget", "requirements_mismatch",
                         "competitor_strength", "delivery_risk", "other"] and codes[-1] == "scope_creep"
    bid(rws, "P-1")
    rws.retros.record(u(rws, "alice"), "P-1", RetroInput("lost", "2026-06-01", reasons=("scope_creep",)))
    rws.retros.retire_reason(lead, "scope_creep")
    assert "scope_creep" not in [r.code for r in rws.retros.lists().reasons]
    assert rws.retros.get("P-1").reasons == ("scope_creep",)  # type: ignore[union-attr]
    with pytest.raises(WorkbenchError) as retired:
        rws.retros.record(u(rws, "alice"), "P-1", RetroInput("lost", "2026-06-01", reasons=("scope_creep",)))
    assert retired.value.params["problems"][0].code == "retro_reason_retired"
    assert rws.retros.add_competitor(lead, "  Acme   Cloud ").value == "Acme Cloud"
    assert rws.retros.add_competitor(rws.actor(), "acme cloud").value == "Acme Cloud"  # one competitor
    rws.retros.retire_competitor(lead, "ACME CLOUD")
    assert rws.retros.lists().competitors == ()


def test_unknown_proposal(rws: Workspace) -> None:
    with pytest.raises(WorkbenchError) as missing:
        rws.retros.record(u(rws, "alice"), "P-404", RetroInput("won", "2026-06-01"))
    assert missing.value.code == "proposal_not_found"
    with pytest.raises(WorkbenchError):
        rws.retros.get("P-404")
