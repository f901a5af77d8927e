"""The review service: applies the transition table inside one write transaction, keeps the
proposal's status and locks in step, and appends every action to the audit trail."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from workbench.core.changes import OpChanges, OpResult
from workbench.core.db.engine import Database
from workbench.core.db.models import (
    Proposal,
    ProposalRevision,
    ReviewComment,
    ReviewEvent,
    ReviewItem,
    Setting,
    User,
    utcnow,
)
from workbench.core.errors import Conflict, InvalidInput, InvalidTransition, NotFound, WorkbenchError
from workbench.core.proposals.catalog import SPEC_FILE, TemplateCatalog
from workbench.core.proposals.service import view as proposal_view
from workbench.core.reviews import queries
from workbench.core.reviews.deadlines import tier_due
from workbench.core.reviews.model import (
    CommentView,
    ReviewEventView,
    ReviewMetrics,
    ReviewPaneModel,
    ReviewSettings,
    ReviewStatus,
)
from workbench.core.reviews.rubric import RubricBook, TierRubric
from workbench.core.reviews.states import (
    Action,
    Facts,
    Resubmission,
    ReviewRefused,
    ReviewState,
    action_term,
    allowed,
    decide,
)
from workbench.core.users import Permission, UserView, _view, labels

RESUBMISSION_KEY = "review.resubmission"
SLA_DAYS_KEY = "review.sla_days"
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
class _Loaded:
    proposal: Proposal
    item: ReviewItem | None
    state: ReviewState
    latest: int


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
            loaded = self._load(s, number)
            item = loaded.item
            facts = self._facts(s, actor, loaded, comment=body)
            decide(loaded.state, Action.COMMENT, facts)
            assert item is not None  # commenting is only in the table for submitted proposals
            section = self._check_section(s, loaded, item.revision, section)
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
            return OpResult(_comment_view(row, labels(s, [row.author])), OpChanges(review=True))

    def _act(self, actor: UserView, number: str, action: Action, expected_version: int | None, *,
             comment: str = "", scores: Mapping[str, object] | None = None, assignee: str | None = None,
             section: str = "") -> OpResult[ReviewStatus]:
        try:
            with self._db.write() as s:
                loaded = self._load(s, number)
                if expected_version is not None and self._version(loaded) != expected_version:
                    raise self._conflict(s, loaded)
                if action is Action.SUBMIT and loaded.latest == 0:
                    raise InvalidTransition("review_no_revision", id=number)
                settings = self._settings(s)
                facts = self._facts(s, actor, loaded, comment=comment, assignee=assignee, policy=settings.resubmission)
                target = decide(loaded.state, action, facts)
                if action is Action.CLAIM and facts.claimed_by == actor.name:
                    return OpResult(self._status(s, loaded), OpChanges())  # already yours
                parsed, detail = self._scores(loaded, action, scores or {})
                if action in (Action.APPROVE, Action.REQUEST_CHANGES):
                    section = self._check_section(s, loaded, facts.revision, section)
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
                return OpResult(self._status(s, loaded), OpChanges(review=True, proposals=moved))
        except StaleDataError:
            # another connection changed the item between our read and our write (databases
            # without BEGIN IMMEDIATE): nothing of ours was applied; say who got there first
            with self._db.read() as s:
                raise self._conflict(s, self._load(s, number)) from None

    def _apply(self, s: Session, loaded: _Loaded, actor: UserView, action: Action, target: ReviewState,
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
        elif action is Action.CLAIM:
            item.claimed_by, item.claimed_at = actor.name, now
        elif action is Action.RELEASE:
            detail["from"] = item.claimed_by
            item.claimed_by = item.claimed_at = None
        elif action is Action.REASSIGN:
            detail["from"], detail["to"] = item.claimed_by, facts.assignee.name if facts.assignee else None
            item.claimed_by, item.claimed_at = detail["to"], now  # type: ignore[assignment]
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
            return self._status(s, self._load(s, number))

    def history(self, number: str) -> list[ReviewEventView]:
        with self._db.read() as s:
            return self._history(s, self._load(s, number).proposal.id)

    def comments(self, number: str) -> list[CommentView]:
        with self._db.read() as s:
            return self._comments(s, self._load(s, number).proposal.id)

    def allowed_actions(self, actor: UserView, number: str) -> list[Action]:
        with self._db.read() as s:
            loaded = self._load(s, number)
            return allowed(loaded.state, self._facts(s, actor, loaded, policy=self._settings(s).resubmission))

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
            return self._base_revision(s, self._load(s, number))

    def pane(self, actor: UserView, number: str) -> ReviewPaneModel:
        """What the review pane shows ``actor`` for one proposal, in one read transaction. The
        reviewers offered for a hand-over are those the transition table itself would accept
        (a reviewer of the tier, not the author, not one who approved this revision at another tier)."""
        with self._db.read() as s:
            loaded = self._load(s, number)
            facts = self._facts(s, actor, loaded, policy=self._settings(s).resubmission)
            actions = allowed(loaded.state, facts)
            tier = loaded.state.tier
            reviewers: list[UserView] = []
            if Action.REASSIGN in actions:
                probe = replace(facts, comment=facts.comment or "…")
                for candidate in (_view(u) for u in s.scalars(select(User).where(User.active).order_by(User.name))):
                    try:
                        decide(loaded.state, Action.REASSIGN, replace(probe, assignee=candidate))
                    except ReviewRefused:
                        continue
                    reviewers.append(candidate)
            return ReviewPaneModel(
                status=self._status(s, loaded),
                proposal=proposal_view(s, loaded.proposal),
                history=self._history(s, loaded.proposal.id),
                comments=self._comments(s, loaded.proposal.id),
                actions=actions,
                rubric=self._rubric(loaded.proposal.template, tier) if tier else None,
                base_revision=self._base_revision(s, loaded),
                reviewers=reviewers,
                viewer=actor.name,
            )

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
            return self._settings(s)

    def change_settings(self, actor: UserView, resubmission: str | None = None,
                        sla_days: int | None = None) -> OpResult[ReviewSettings]:
        actor.require(Permission.MANAGE_REVIEWS)
        values: dict[str, str] = {}
        if resubmission is not None:
            if resubmission not in {r.value for r in Resubmission}:
                raise InvalidInput("review_setting_invalid", name="resubmission", value=resubmission,
                                     allowed=", ".join(r.value for r in Resubmission))
            values[RESUBMISSION_KEY] = resubmission
        if sla_days is not None:
            if not 1 <= sla_days <= 60:
                raise InvalidInput("review_setting_invalid", name="sla_days", value=sla_days, allowed="1..60")
            values[SLA_DAYS_KEY] = str(sla_days)
        with self._db.write() as s:
            for key, value in values.items():
                row = s.get(Setting, key)
                if row is None:
                    s.add(Setting(key=key, value=value))
                else:
                    row.value = value
            s.flush()
            return OpResult(self._settings(s), OpChanges(review=True))

    @staticmethod
    def _settings(s: Session) -> ReviewSettings:
        rows = dict(s.execute(select(Setting.key, Setting.value).where(
            Setting.key.in_([RESUBMISSION_KEY, SLA_DAYS_KEY]))).all())
        default = ReviewSettings()
        policy = rows.get(RESUBMISSION_KEY, default.resubmission.value)
        sla = rows.get(SLA_DAYS_KEY, "")
        return ReviewSettings(
            Resubmission(policy) if policy in {r.value for r in Resubmission} else default.resubmission,
            int(sla) if sla.isdigit() else default.sla_days,
        )

    # --- pieces --------------------------------------------------------------------------------

    @staticmethod
    def _load(s: Session, number: str) -> _Loaded:
        proposal = s.scalar(select(Proposal).where(Proposal.number == number))
        if proposal is None:
            raise NotFound("proposal_not_found", id=number)
        item = s.scalar(select(ReviewItem).where(ReviewItem.proposal_id == proposal.id))
        latest = s.scalar(select(func.max(ProposalRevision.number)).where(
            ProposalRevision.proposal_id == proposal.id)) or 0
        state = ReviewState(item.state) if item is not None else ReviewState.DRAFT
        return _Loaded(proposal, item, state, latest)

    @staticmethod
    def _history(s: Session, proposal_id: int) -> list[ReviewEventView]:
        rows = list(s.scalars(select(ReviewEvent).where(ReviewEvent.proposal_id == proposal_id)
                              .order_by(ReviewEvent.id)))
        names = labels(s, [e.actor for e in rows])
        return [_event_view(e, names) for e in rows]

    @staticmethod
    def _comments(s: Session, proposal_id: int) -> list[CommentView]:
        rows = list(s.scalars(select(ReviewComment).where(ReviewComment.proposal_id == proposal_id)
                              .order_by(ReviewComment.id)))
        names = labels(s, [c.author for c in rows])
        return [_comment_view(c, names) for c in rows]

    @staticmethod
    def _base_revision(s: Session, loaded: _Loaded) -> int | None:
        if loaded.item is None:
            return None
        return s.scalar(select(func.max(ReviewEvent.revision)).where(
            ReviewEvent.proposal_id == loaded.proposal.id,
            ReviewEvent.action.in_([Action.APPROVE.value, Action.REQUEST_CHANGES.value]),
            ReviewEvent.revision < loaded.item.revision))

    @staticmethod
    def _version(loaded: _Loaded) -> int:
        return loaded.item.version if loaded.item is not None else 0

    def _facts(self, s: Session, actor: UserView, loaded: _Loaded, comment: str = "",
               assignee: str | None = None, policy: Resubmission = Resubmission.RESUME) -> Facts:
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

    def _scores(self, loaded: _Loaded, action: Action, scores: Mapping[str, object]
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

    def _check_section(self, s: Session, loaded: _Loaded, revision: int, section: str) -> str:
        section = section.strip()
        if not section:
            return ""
        markdown = s.scalar(select(ProposalRevision.markdown).where(
            ProposalRevision.proposal_id == loaded.proposal.id, ProposalRevision.number == revision)) or ""
        if section not in section_headings(markdown):
            raise ReviewRefused("review_section_unknown", section=section, revision=revision,
                                id=loaded.proposal.number)
        return section

    def _event(self, s: Session, loaded: _Loaded, actor: UserView, action: Action, after: ReviewState, *,
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

    def _conflict(self, s: Session, loaded: _Loaded) -> WorkbenchError:
        last = s.scalar(select(ReviewEvent).where(ReviewEvent.proposal_id == loaded.proposal.id,
                                                  ReviewEvent.action != Action.COMMENT.value)
                        .order_by(ReviewEvent.id.desc()).limit(1))
        if last is None:
            return Conflict("review_conflict", by="?", did="?", did_zh="?", id=loaded.proposal.number, at="?")
        return Conflict("review_conflict", by=last.actor, did=action_term(Action(last.action)), id=loaded.proposal.number,
                              at=last.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"))

    @staticmethod
    def _status(s: Session, loaded: _Loaded) -> ReviewStatus:
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


def _event_view(e: ReviewEvent, names: Mapping[str, str]) -> ReviewEventView:
    return ReviewEventView(e.id, e.at, e.actor, e.action, e.tier, e.revision, ReviewState(e.state_before),
                           ReviewState(e.state_after), dict(e.scores or {}), e.comment, dict(e.detail or {}),
                           names.get(e.actor, e.actor))


def _comment_view(c: ReviewComment, names: Mapping[str, str]) -> CommentView:
    return CommentView(c.id, c.revision, c.tier, c.section, c.author, c.body, c.reply_to, c.at,
                       names.get(c.author, c.author))
