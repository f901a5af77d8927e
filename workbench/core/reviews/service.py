"""The review service: applies the transition table inside one write transaction, keeps the
proposal's status and locks in step, and appends every action to the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from workbench.core.changes import OpChanges, OpResult
from workbench.core.db.engine import Database
from workbench.core.db.models import ProposalRevision, ReviewComment, ReviewEvent, ReviewItem, utcnow
from workbench.core.errors import InvalidTransition, NotFound
from workbench.core.proposals.catalog import SPEC_FILE, TemplateCatalog
from workbench.core.reviews import loaded as reading
from workbench.core.reviews import queries
from workbench.core.reviews.assignment import move_claim
from workbench.core.reviews.deadlines import tier_due
from workbench.core.reviews.loaded import Loaded, section_headings
from workbench.core.reviews.model import (
    CommentView,
    ReviewEventView,
    ReviewMetrics,
    ReviewPaneModel,
    ReviewSettings,
    ReviewStatus,
)
from workbench.core.reviews.pane import build_pane
from workbench.core.reviews.rubric import RubricBook, TierRubric
from workbench.core.reviews.settings import (
    RESUBMISSION_KEY,
    SLA_DAYS_KEY,
    checked_values,
    read_settings,
    write_settings,
)
from workbench.core.reviews.states import Action, Facts, ReviewRefused, ReviewState, allowed, decide
from workbench.core.users import Permission, UserView, labels

# the names other modules import from here
__all__ = ["RESUBMISSION_KEY", "SLA_DAYS_KEY", "ReviewService", "section_headings"]


class ReviewService:
    def __init__(self, db: Database, catalog: TemplateCatalog, rubrics: RubricBook | None = None,
                 clock: Callable[[], dt.datetime] = utcnow) -> None:
        self._db = db
        self._catalog = catalog
        self.rubrics = rubrics or RubricBook()
        self.clock = clock

    # --- actions -------------------------------------------------------------------------------

    def submit(self, actor: UserView, number: str, expected_version: int | None = None) -> OpResult[ReviewStatus]:
        return self._act(actor, number, Action.SUBMIT, expected_version)

    def claim(self, actor: UserView, number: str, expected_version: int | None = None) -> OpResult[ReviewStatus]:
        return self._act(actor, number, Action.CLAIM, expected_version)

    def release(self, actor: UserView, number: str, expected_version: int | None = None) -> OpResult[ReviewStatus]:
        return self._act(actor, number, Action.RELEASE, expected_version)

    def approve(self, actor: UserView, number: str, scores: Mapping[str, object], comment: str = "",
                expected_version: int | None = None, section: str = "") -> OpResult[ReviewStatus]:
        return self._act(actor, number, Action.APPROVE, expected_version, comment=comment, scores=scores,
                         section=section)

    def request_changes(self, actor: UserView, number: str, comment: str, scores: Mapping[str, object] | None = None,
                        expected_version: int | None = None, section: str = "") -> OpResult[ReviewStatus]:
        return self._act(actor, number, Action.REQUEST_CHANGES, expected_version, comment=comment,
                         scores=scores or {}, section=section)

    def withdraw(self, actor: UserView, number: str, expected_version: int | None = None) -> OpResult[ReviewStatus]:
        return self._act(actor, number, Action.WITHDRAW, expected_version)

    def reassign(self, actor: UserView, number: str, to: str, comment: str = "",
                 expected_version: int | None = None) -> OpResult[ReviewStatus]:
        return self._act(actor, number, Action.REASSIGN, expected_version, comment=comment, assignee=to)

    def escalate(self, actor: UserView, number: str, comment: str = "",
                 expected_version: int | None = None) -> OpResult[ReviewStatus]:
        return self._act(actor, number, Action.ESCALATE, expected_version, comment=comment)

    def comment(self, actor: UserView, number: str, body: str, section: str = "",
                reply_to: int | None = None) -> OpResult[CommentView]:
        """A remark on the revision under review (or, while changes are requested, the author's
        answer). Comments never move the item, so they never make a reviewer's decision conflict."""
        with self._db.write() as s:
            loaded = reading.load(s, number)
            item = loaded.item
            facts = reading.facts(s, actor, loaded, comment=body)
            decide(loaded.state, Action.COMMENT, facts)
            assert item is not None  # commenting is only in the table for submitted proposals
            section = reading.check_section(s, loaded, item.revision, section)
            if reply_to is not None:
                parent = s.get(ReviewComment, reply_to)
                if parent is None or parent.proposal_id != loaded.proposal.id:
                    raise NotFound("review_comment_not_found", id=number, comment=reply_to)
            row = ReviewComment(proposal_id=loaded.proposal.id, revision=item.revision, tier=loaded.state.tier,
                                section=section, author=actor.name, body=body.strip(), reply_to=reply_to,
                                at=self.clock())
            s.add(row)
            self._event(s, loaded, actor, Action.COMMENT, loaded.state, comment=body.strip(),
                        detail={"section": section} if section else {})
            s.flush()
            return OpResult(reading.comment_view(row, labels(s, [row.author])), OpChanges(review=True))

    def _act(self, actor: UserView, number: str, action: Action, expected_version: int | None, *,
             comment: str = "", scores: Mapping[str, object] | None = None, assignee: str | None = None,
             section: str = "") -> OpResult[ReviewStatus]:
        try:
            with self._db.write() as s:
                loaded = reading.load(s, number)
                if expected_version is not None and loaded.version != expected_version:
                    raise reading.conflict(s, loaded)
                if action is Action.SUBMIT and loaded.latest == 0:
                    raise InvalidTransition("review_no_revision", id=number)
                settings = read_settings(s)
                facts = reading.facts(s, actor, loaded, comment=comment, assignee=assignee,
                                       policy=settings.resubmission)
                try:
                    target = decide(loaded.state, action, facts)
                except ReviewRefused:
                    if reading.lost_race(s, loaded, action, facts):
                        raise reading.conflict(s, loaded) from None
                    raise
                if action is Action.CLAIM and facts.claimed_by == actor.name:
                    return OpResult(reading.status(s, loaded), OpChanges())  # already yours
                parsed, detail = self._scores(loaded, action, scores or {})
                if action in (Action.APPROVE, Action.REQUEST_CHANGES):
                    section = reading.check_section(s, loaded, facts.revision, section)
                item = self._apply(s, loaded, actor, action, target, facts, settings, detail)
                self._event(s, loaded, actor, action, target, scores=parsed, comment=comment.strip(),
                            detail=detail, before=loaded.state, item=item)
                if comment.strip() and action in (Action.APPROVE, Action.REQUEST_CHANGES):
                    s.add(ReviewComment(proposal_id=loaded.proposal.id, revision=facts.revision,
                                        tier=loaded.state.tier, section=section, author=actor.name,
                                        body=comment.strip(), at=self.clock()))
                s.flush()
                moved = target is not loaded.state or action is Action.SUBMIT
                loaded.item, loaded.state = item, target
                return OpResult(reading.status(s, loaded), OpChanges(review=True, proposals=moved))
        except StaleDataError:
            # another connection changed the item between our read and our write (databases
            # without BEGIN IMMEDIATE): nothing of ours was applied; say who got there first
            with self._db.read() as s:
                raise reading.conflict(s, reading.load(s, number)) from None

    def _apply(self, s: Session, loaded: Loaded, actor: UserView, action: Action, target: ReviewState,
               facts: Facts, settings: ReviewSettings, detail: dict[str, object]) -> ReviewItem:
        now = self.clock()
        proposal, item = loaded.proposal, loaded.item
        if item is None:
            item = ReviewItem(proposal_id=proposal.id, state=target.value, revision=loaded.latest, round=0,
                              entered_at=now, last_actor=actor.name, last_action=action.value)
            s.add(item)
        if action is Action.SUBMIT:
            item.revision = loaded.latest
            item.round += 1
            item.requested_tier = None
            revision = s.scalar(select(ProposalRevision).where(
                ProposalRevision.proposal_id == proposal.id, ProposalRevision.number == loaded.latest))
            assert revision is not None
            revision.locked = True
        elif action in (Action.CLAIM, Action.RELEASE, Action.REASSIGN):
            move_claim(item, action, actor, facts, now, detail)
        elif action is Action.ESCALATE:
            item.escalated_by = actor.name
        elif action is Action.REQUEST_CHANGES:
            item.requested_tier = loaded.state.tier
        if target is not loaded.state or action is Action.SUBMIT:
            if loaded.state.in_review and item.entered_at is not None:
                detail["waited_s"] = int((now - item.entered_at).total_seconds())
            item.state = target.value
            item.entered_at = now
            item.claimed_by = item.claimed_at = None
            item.escalated_by = None
            tier = target.tier
            item.due_at = tier_due(tier, now, proposal.bid_deadline, settings.sla_days) if tier else None
            proposal.status = target.proposal_status
            proposal.updated_at = now
            if target is ReviewState.APPROVED:
                proposal.approved_revision = item.revision
        item.last_actor, item.last_action = actor.name, action.value
        return item

    # --- reading -------------------------------------------------------------------------------

    def status(self, number: str) -> ReviewStatus:
        with self._db.read() as s:
            return reading.status(s, reading.load(s, number))

    def history(self, number: str) -> list[ReviewEventView]:
        with self._db.read() as s:
            return reading.history(s, reading.load(s, number).proposal.id)

    def comments(self, number: str) -> list[CommentView]:
        with self._db.read() as s:
            return reading.comments(s, reading.load(s, number).proposal.id)

    def allowed_actions(self, actor: UserView, number: str) -> list[Action]:
        with self._db.read() as s:
            loaded = reading.load(s, number)
            return allowed(loaded.state, reading.facts(s, actor, loaded, policy=read_settings(s).resubmission))

    def rubric(self, number: str, tier: int) -> TierRubric:
        return self._rubric(self.status(number).template, tier)

    def _rubric(self, template: str, tier: int) -> TierRubric:
        return self.rubrics.for_template(self._template_folder(template)).tier(tier)

    def _template_folder(self, name: str) -> Path | None:
        """The template's folder (a team's own over a built-in one), for its rubric.yaml."""
        for root in reversed(self._catalog.folders):
            if (root / name / SPEC_FILE).is_file():
                return root / name
        return None

    def last_reviewed_revision(self, number: str) -> int | None:
        """The newest revision, older than the one under review, that a reviewer decided on:
        what the review pane diffs against."""
        with self._db.read() as s:
            return reading.base_revision(s, reading.load(s, number))

    def pane(self, actor: UserView, number: str) -> ReviewPaneModel:
        """What the review pane shows ``actor`` for one proposal, in one read transaction. The
        reviewers offered for a hand-over are those the transition table itself would accept
        (a reviewer of the tier, not the author, not one who approved this revision at another tier)."""
        with self._db.read() as s:
            return build_pane(s, actor, number, self._rubric)

    def queue(self, user: UserView, now: dt.datetime | None = None) -> list[ReviewStatus]:
        """What waits for ``user``: at their tier (unclaimed or theirs, not their own proposals,
        not revisions they approved at another tier) and their own proposals sent back for
        changes. Overdue first, then the longest waiting."""
        with self._db.read() as s:
            return queries.queue(s, user, now or self.clock())

    def badge(self, user: UserView, now: dt.datetime | None = None) -> int:
        with self._db.read() as s:
            return queries.queue_count(s, user, now or self.clock())

    def at_tier(self, tier: int, now: dt.datetime | None = None) -> list[ReviewStatus]:
        """Everything waiting at a tier, claimed or not (a lead's view)."""
        with self._db.read() as s:
            return queries.at_states(s, [ReviewState.at_tier(tier)], now or self.clock())

    def overdue(self, now: dt.datetime | None = None) -> list[ReviewStatus]:
        now = now or self.clock()
        with self._db.read() as s:
            rows = queries.at_states(s, [ReviewState.at_tier(t) for t in (1, 2, 3)], now)
        return [r for r in rows if r.is_overdue(now) or r.escalated_by]

    def submitted_by(self, user: UserView) -> list[ReviewStatus]:
        with self._db.read() as s:
            return queries.by_author(s, user.name)

    def metrics(self, since: dt.datetime | None = None, until: dt.datetime | None = None,
                industry: str | None = None) -> ReviewMetrics:
        with self._db.read() as s:
            return queries.metrics(s, since, until, industry)

    # --- settings ------------------------------------------------------------------------------

    def settings(self) -> ReviewSettings:
        with self._db.read() as s:
            return read_settings(s)

    def change_settings(self, actor: UserView, resubmission: str | None = None,
                        sla_days: int | None = None) -> OpResult[ReviewSettings]:
        actor.require(Permission.MANAGE_REVIEWS)
        values = checked_values(resubmission, sla_days)
        with self._db.write() as s:
            write_settings(s, values)
            s.flush()
            return OpResult(read_settings(s), OpChanges(review=True))

    # --- pieces --------------------------------------------------------------------------------

    def _scores(self, loaded: Loaded, action: Action, scores: Mapping[str, object]
                ) -> tuple[dict[str, int], dict[str, object]]:
        tier = loaded.state.tier
        if tier is None or action not in (Action.APPROVE, Action.REQUEST_CHANGES):
            return {}, {}
        rubric = self._rubric(loaded.proposal.template, tier)
        if action is Action.APPROVE:
            parsed, weighted = rubric.check_approval(scores)
            return parsed, {"weighted": weighted, "pass_mark": rubric.pass_mark}
        parsed = rubric.parse(scores, complete=False)
        return parsed, ({"weighted": rubric.weighted(parsed)} if len(parsed) == len(rubric.criteria) else {})

    def _event(self, s: Session, loaded: Loaded, actor: UserView, action: Action, after: ReviewState, *,
               scores: dict[str, int] | None = None, comment: str = "", detail: dict[str, object] | None = None,
               before: ReviewState | None = None, item: ReviewItem | None = None) -> None:
        item = item or loaded.item
        s.add(ReviewEvent(
            proposal_id=loaded.proposal.id, at=self.clock(), actor=actor.name, action=action.value,
            tier=(before or loaded.state).tier or (after.tier if action is Action.SUBMIT else None),
            revision=item.revision if item is not None else loaded.latest,
            state_before=(before or loaded.state).value, state_after=after.value,
            scores=scores or {}, comment=comment, detail=detail or {},
        ))
