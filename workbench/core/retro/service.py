"""Recording the outcome of a bid and its retrospective; the managed lists; what is due.

A retrospective and its lessons are written in one transaction: each lesson becomes a knowledge
item of kind ``lesson`` (queued for the search index like any item), or adds this bid to the
lesson item that says it already, or nothing is written."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from workbench.core.changes import OpChanges, OpResult
from workbench.core.db.engine import Database
from workbench.core.db.models import (
    AuditEvent,
    Competitor,
    KnowledgeItem,
    LossReason,
    Proposal,
    RetroCompetitor,
    RetroLesson,
    RetroReason,
    Retrospective,
    utcnow,
)
from workbench.core.errors import (
    MESSAGES,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    Term,
    WorkbenchError,
    say,
)
from workbench.core.knowledge.language import detect_language
from workbench.core.knowledge.lessons import learned_again, lesson_key, lesson_of
from workbench.core.knowledge.model import ItemDraft, Kind, Status
from workbench.core.knowledge.service import KnowledgeService
from workbench.core.knowledge.service import to_view as item_view
from workbench.core.proposals.service import view as proposal_view
from workbench.core.retro.model import (
    BidRow,
    CheckedInput,
    DueBid,
    DueKind,
    LessonRef,
    Lists,
    ReasonView,
    RetroFormModel,
    RetroInput,
    RetroView,
    WrittenLesson,
    check,
    competitor_key,
)
from workbench.core.retro.taxonomy import Outcome, outcome_label
from workbench.core.reviews.states import is_lead
from workbench.core.users import Role, UserView

LESSON_REVIEW_DAYS = 365
TITLE_CHARS = 100
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def _may_record(actor: UserView, author: str) -> bool:
    if not actor.active or actor.role is Role.VIEWER:
        return False
    return actor.name == author or actor.role is Role.ADMIN or is_lead(actor)


def _status_term(status: str) -> Term | str:
    """A proposal status in messages: catalogue code ``status_<status>`` (an unknown one as is)."""
    return Term(f"status_{status}") if f"status_{status}" in MESSAGES else status.replace("_", " ")


def _passed_review(proposal: Proposal) -> bool:
    """A bid can be won, lost or left undecided only once it passed review (and was sent)."""
    return proposal.approved_revision is not None or proposal.status in ("approved", "submitted")


def _require_list_manager(actor: UserView, what: str) -> None:
    """``what``: "reasons" or "competitors" (catalogue code ``retro_list_<what>``)."""
    if not (actor.active and (actor.role is Role.ADMIN or is_lead(actor))):
        raise Forbidden("retro_list_not_allowed", list=Term(f"retro_list_{what}"))


def lesson_title(text: str) -> str:
    first = text.strip().splitlines()[0].strip()
    return first if len(first) <= TITLE_CHARS else first[: TITLE_CHARS - 1].rstrip() + "…"


def lesson_source(text: str, proposal: Proposal, outcome: Outcome, decided_on: dt.date) -> str:
    """Which bid a lesson was learned from, in the lesson's own language."""
    lang = "zh_CN" if detect_language(text).startswith("zh") else "en"
    return say("retro_lesson_source", lang, number=proposal.number, title=proposal.title,
               customer=proposal.customer, outcome=outcome_label(outcome, lang), decided=decided_on.isoformat())


def lesson_body(text: str, proposal: Proposal, outcome: Outcome, decided_on: dt.date) -> str:
    """The lesson, then where it comes from (in the lesson's own language)."""
    return f"{text.strip()}\n\n{lesson_source(text, proposal, outcome, decided_on)}"


def lesson_tags(text: str, proposal: Proposal, outcome: Outcome, competitors: tuple[str, ...]) -> tuple[str, ...]:
    lang = "zh_CN" if detect_language(text).startswith("zh") else "en"
    products = proposal.inputs.get("products") if isinstance(proposal.inputs, dict) else None
    tags = [say("retro_lesson_tag", lang), outcome_label(outcome, lang)]
    if isinstance(products, list):
        tags += [str(p) for p in products[:3]]
    tags += list(competitors[:3])
    return tuple(tags)


def _product(proposal: Proposal) -> str:
    products = proposal.inputs.get("products") if isinstance(proposal.inputs, dict) else None
    return str(products[0]) if isinstance(products, list) and products else ""


def to_view(retro: Retrospective, titles: dict[str, str]) -> RetroView:
    p = retro.proposal
    return RetroView(
        proposal=p.number, title=p.title, customer=p.customer, industry=p.industry, author=p.author,
        outcome=Outcome(retro.outcome), decided_on=retro.decided_on, value=retro.contract_value,
        reasons=tuple(r.code for r in retro.reasons), other_reason=retro.other_reason,
        competitors=tuple(sorted((c.competitor.name for c in retro.competitors), key=str.casefold)),
        satisfaction=retro.satisfaction, what_worked=retro.what_worked, to_improve=retro.to_improve,
        lessons=tuple(LessonRef(lesson.slug, titles.get(lesson.slug, lesson.slug)) for lesson in retro.lessons),
        recorded_by=retro.recorded_by, recorded_at=retro.recorded_at, updated_by=retro.updated_by,
        updated_at=retro.updated_at, version=retro.version,
    )


class RetroService:
    def __init__(self, db: Database, knowledge: KnowledgeService,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self._db = db
        self._knowledge = knowledge
        self.today = today

    # --- recording -----------------------------------------------------------------------------

    def record(self, actor: UserView, number: str, raw: RetroInput,
               expected_version: int | None = None) -> OpResult[RetroView]:
        """Record (or correct) the outcome and retrospective of a bid. ``expected_version`` is the
        version the form opened (0: none was recorded); if someone saved meanwhile, nothing is
        written and ``retro_conflict`` names them. New lessons are added to the ones kept."""
        try:
            with self._db.write() as s:
                proposal = self._proposal(s, number)
                if not _may_record(actor, proposal.author):
                    raise Forbidden("retro_not_allowed", id=number, author=proposal.author, user=actor.name)
                checked = check(raw, self._reason_states(s), self.today())
                retro = self._retro(s, proposal.id)
                current = retro.version if retro is not None else 0
                if expected_version is not None and expected_version != current:
                    raise self._conflict(number, retro)
                if checked.outcome is not Outcome.CANCELLED and not _passed_review(proposal):
                    raise InvalidInput("retro_not_sent", id=number, status=_status_term(proposal.status),
                                       field="outcome")
                now = utcnow()
                created = retro is None
                rivals = [self._competitor(s, name, actor) for name in checked.competitors]  # before any change
                if retro is None:
                    retro = Retrospective(proposal_id=proposal.id, recorded_by=actor.name, recorded_at=now,
                                          updated_by=actor.name, updated_at=now)
                    retro.proposal = proposal
                    retro.reasons, retro.competitors, retro.lessons = [], [], []
                    s.add(retro)
                self._apply(retro, checked, rivals)
                retro.updated_by, retro.updated_at = actor.name, now
                added = self._add_lessons(s, actor, retro, proposal, checked)
                proposal.status = "closed"
                proposal.updated_at = now
                s.add(AuditEvent(actor=actor.name, entity="retrospective", entity_key=number,
                                 action="record" if created else "update",
                                 detail={"outcome": checked.outcome.value, "lessons": added}))
                s.flush()
                view = to_view(retro, self._titles(s, [lesson.slug for lesson in retro.lessons]))
                return OpResult(view, OpChanges(retro=True, proposals=True, knowledge=bool(added), index=bool(added)))
        except StaleDataError:
            with self._db.read() as s:
                proposal = self._proposal(s, number)
                raise self._conflict(number, self._retro(s, proposal.id)) from None

    @staticmethod
    def _apply(retro: Retrospective, checked: CheckedInput, rivals: list[Competitor]) -> None:
        retro.outcome = checked.outcome.value
        retro.decided_on = checked.decided_on
        retro.contract_value = checked.value
        retro.other_reason = checked.other_reason
        retro.satisfaction = checked.satisfaction
        retro.what_worked = checked.what_worked
        retro.to_improve = checked.to_improve
        kept = {r.code: r for r in retro.reasons}
        retro.reasons = [kept.get(code) or RetroReason(code=code) for code in checked.reasons]
        for rank, reason in enumerate(retro.reasons):
            reason.rank = rank
        have = {c.competitor_id: c for c in retro.competitors}
        retro.competitors = [have.get(c.id) or RetroCompetitor(competitor=c) for c in rivals]

    @staticmethod
    def _competitor(s: Session, name: str, actor: UserView) -> Competitor:
        """The list entry for ``name``; a competitor met for the first time joins the list."""
        key = competitor_key(name)
        row = s.scalar(select(Competitor).where(Competitor.key == key))
        if row is None:
            row = Competitor(name=name, key=key, active=True, created_by=actor.name, created_at=utcnow())
            s.add(row)
            s.flush()
        return row

    def _add_lessons(self, s: Session, actor: UserView, retro: Retrospective, proposal: Proposal,
                     checked: CheckedInput) -> int:
        """Each new lesson of the retrospective as a knowledge item. A lesson the library already
        holds, word for word, from another bid's retrospective is not written down twice: that
        item gains this bid as one more source (a new version), and the retrospective links it."""
        existing = self._titles(s, [lesson.slug for lesson in retro.lessons], bodies=True)
        known = {lesson_key(lesson_of(body)) for body in existing.values()}
        position = max((lesson.position for lesson in retro.lessons), default=-1) + 1
        added = 0
        outcome = Outcome(checked.outcome)
        review_by = max(self.today(), checked.decided_on) + dt.timedelta(days=LESSON_REVIEW_DAYS)
        written: dict[str, int] | None = None
        for text in checked.lessons:
            key = lesson_key(text)
            if key in known:
                continue
            tags = lesson_tags(text, proposal, outcome, checked.competitors)
            written = self._written_lessons(s, checked.lessons) if written is None else written
            same = s.get(KnowledgeItem, written[key]) if key in written else None
            if same is not None:
                slug = same.slug
                draft = item_view(same).to_draft()
                self._knowledge.update_in(s, actor, slug, replace(
                    draft, body=learned_again(draft.body, lesson_source(text, proposal, outcome, checked.decided_on)),
                    tags=(*draft.tags, *tags), review_by=max(draft.review_by or review_by, review_by)))
            else:
                slug = self._free_slug(s, f"lesson-{proposal.number.lower()}", position + 1)
                self._knowledge.create_in(s, actor, ItemDraft(
                    kind=Kind.LESSON, title=lesson_title(text), body=lesson_body(text, proposal, outcome, checked.decided_on),
                    slug=slug, industry=proposal.industry, product=_product(proposal), tags=tags,
                    customer=proposal.customer, owner=actor.label, review_by=review_by))
            retro.lessons.append(RetroLesson(slug=slug, position=position))
            known.add(key)
            position += 1
            added += 1
        return added

    def written_lessons(self, texts: Sequence[str]) -> list[WrittenLesson | None]:
        """For each lesson as typed (one line), the lesson item that says it already, or None:
        the retrospective form tells the person before they save that the bid will be added to
        it (one read, whatever the number of lines)."""
        keys = [lesson_key(text) for text in texts]
        if not any(keys):
            return [None] * len(keys)
        with self._db.read() as s:
            written = self._written_lessons(s, texts)
            ids = {written[key] for key in keys if key in written}
            if not ids:
                return [None] * len(keys)
            items = {ident: (slug, title) for ident, slug, title in s.execute(
                select(KnowledgeItem.id, KnowledgeItem.slug, KnowledgeItem.title).where(KnowledgeItem.id.in_(ids)))}
            slugs = [slug for slug, _title in items.values()]
            bids = dict(s.execute(select(RetroLesson.slug, func.count()).where(RetroLesson.slug.in_(slugs))
                                  .group_by(RetroLesson.slug)).all())
        out: list[WrittenLesson | None] = []
        for key in keys:
            found = items.get(written.get(key, -1)) if key else None
            out.append(WrittenLesson(found[0], found[1], int(bids.get(found[0], 0))) if found else None)
        return out

    @staticmethod
    def _written_lessons(s: Session, texts: Sequence[str]) -> dict[str, int]:
        """Those of ``texts`` the library states already (a lesson item, not archived, whose
        first paragraph is the text), by ``lesson_key``: the oldest such item's id. The items'
        titles are read, and the bodies of those titled as one of the texts would be (a lesson's
        title is its first line): a team's server sends a few bodies, not every lesson's."""
        keys = {lesson_key(text) for text in texts}
        titled = {lesson_key(lesson_title(text)) for text in texts if text.strip()}
        candidates = [ident for ident, title in s.execute(select(KnowledgeItem.id, KnowledgeItem.title).where(
            KnowledgeItem.kind == Kind.LESSON.value, KnowledgeItem.status != Status.ARCHIVED.value)
            .order_by(KnowledgeItem.id)) if lesson_key(title) in titled]
        found: dict[str, int] = {}
        for start in range(0, len(candidates), 500):  # in id order: the oldest item of a key first
            for ident, body in s.execute(select(KnowledgeItem.id, KnowledgeItem.body).order_by(KnowledgeItem.id)
                                         .where(KnowledgeItem.id.in_(candidates[start : start + 500]))):
                if (key := lesson_key(lesson_of(body))) in keys:
                    found.setdefault(key, ident)
        return found

    @staticmethod
    def _free_slug(s: Session, stem: str, n: int) -> str:
        while s.scalar(select(KnowledgeItem.id).where(KnowledgeItem.slug == f"{stem}-{n}")) is not None:
            n += 1
        return f"{stem}-{n}"

    # --- reading -------------------------------------------------------------------------------

    def get(self, number: str) -> RetroView | None:
        """The recorded retrospective of a proposal, or None when no outcome is recorded yet."""
        with self._db.read() as s:
            return self._view(s, self._proposal(s, number))

    def _view(self, s: Session, proposal: Proposal) -> RetroView | None:
        retro = self._retro(s, proposal.id)
        if retro is None:
            return None
        return to_view(retro, self._titles(s, [lesson.slug for lesson in retro.lessons]))

    def form(self, actor: UserView, number: str) -> RetroFormModel:
        """The retrospective form's data for ``actor``, in one read transaction."""
        with self._db.read() as s:
            proposal = self._proposal(s, number)
            return RetroFormModel(proposal_view(s, proposal), self._view(s, proposal), self._lists(s),
                                  _may_record(actor, proposal.author))

    def due(self, today: dt.date | None = None) -> list[DueBid]:
        """What a lead chases: decided bids (won or lost) whose retrospective says nothing learned,
        oldest decision first; then bids past their deadline without an outcome, oldest first."""
        today = today or self.today()
        out: list[DueBid] = []
        with self._db.read() as s:
            learned = (select(RetroLesson.retro_id).distinct())
            rows = s.execute(
                select(Proposal.number, Proposal.title, Proposal.customer, Proposal.author, Proposal.status,
                       Proposal.bid_deadline, Retrospective.outcome, Retrospective.decided_on)
                .join(Retrospective, Retrospective.proposal_id == Proposal.id)
                .where(Retrospective.outcome.in_([Outcome.WON.value, Outcome.LOST.value]),
                       Retrospective.what_worked == "", Retrospective.to_improve == "",
                       Retrospective.id.not_in(learned))
                .order_by(Retrospective.decided_on, Proposal.number))
            for number, title, customer, author, status, deadline, outcome, decided in rows:
                out.append(DueBid(number, title, customer, author, status, deadline, DueKind.NO_RETROSPECTIVE,
                                  Outcome(outcome), decided, (today - decided).days))
            late = s.execute(
                select(Proposal.number, Proposal.title, Proposal.customer, Proposal.author, Proposal.status,
                       Proposal.bid_deadline)
                .outerjoin(Retrospective, Retrospective.proposal_id == Proposal.id)
                .where(Retrospective.id.is_(None), Proposal.bid_deadline.is_not(None),
                       Proposal.bid_deadline < today)
                .order_by(Proposal.bid_deadline, Proposal.number))
            for number, title, customer, author, status, deadline in late:
                assert deadline is not None  # filtered above
                out.append(DueBid(number, title, customer, author, status, deadline, DueKind.NO_OUTCOME,
                                  days=(today - deadline).days))
        return out

    def bids(self) -> list[BidRow]:
        """Every proposal with its outcome: those awaiting one first (by deadline), then the
        decided ones, the latest decision first."""
        with self._db.read() as s:
            learned = select(RetroLesson.retro_id).distinct()
            rows = s.execute(
                select(Proposal.number, Proposal.title, Proposal.customer, Proposal.author, Proposal.status,
                       Proposal.bid_deadline, Retrospective.outcome, Retrospective.decided_on,
                       (Retrospective.what_worked != "") | (Retrospective.to_improve != "")
                       | Retrospective.id.in_(learned))
                .outerjoin(Retrospective, Retrospective.proposal_id == Proposal.id)).all()
        out = [BidRow(n, title, customer, author, status, deadline, Outcome(outcome) if outcome else None, decided,
                      bool(complete)) for n, title, customer, author, status, deadline, outcome, decided, complete in rows]
        far = dt.date.max
        return (sorted((b for b in out if b.outcome is None), key=lambda b: (b.bid_deadline or far, b.proposal))
                + sorted((b for b in out if b.outcome is not None),
                         key=lambda b: (b.decided_on or far, b.proposal), reverse=True))

    def may_record(self, actor: UserView, number: str) -> bool:
        with self._db.read() as s:
            return _may_record(actor, self._proposal(s, number).author)

    # --- the managed lists ---------------------------------------------------------------------

    def lists(self) -> Lists:
        with self._db.read() as s:
            return self._lists(s)

    @staticmethod
    def _lists(s: Session) -> Lists:
        reasons = tuple(ReasonView(r.code, r.label_en, r.label_zh, r.active) for r in s.scalars(
            select(LossReason).where(LossReason.active.is_(True)).order_by(LossReason.position)))
        names = tuple(s.scalars(select(Competitor.name).where(Competitor.active.is_(True))))
        return Lists(reasons, tuple(sorted(names, key=str.casefold)))

    def all_reasons(self) -> list[ReasonView]:
        """Every reason ever on the list (retired ones too: old retrospectives still name them)."""
        with self._db.read() as s:
            return [ReasonView(r.code, r.label_en, r.label_zh, r.active)
                    for r in s.scalars(select(LossReason).order_by(LossReason.position))]

    def add_reason(self, actor: UserView, code: str, label_en: str, label_zh: str) -> OpResult[ReasonView]:
        _require_list_manager(actor, "reasons")
        code = code.strip().lower()
        if not _CODE.match(code):
            raise InvalidInput("retro_reason_code_invalid", value=code)
        if not label_en.strip() or not label_zh.strip():
            raise InvalidInput("title_required")
        with self._db.write() as s:
            row = s.get(LossReason, code)
            if row is not None and row.active:
                raise Conflict("retro_reason_exists", value=code)
            if row is None:
                last = s.scalar(select(func.max(LossReason.position))) or 0
                row = LossReason(code=code, position=last + 1)
                s.add(row)
            row.label_en, row.label_zh, row.active = label_en.strip(), label_zh.strip(), True
            s.add(AuditEvent(actor=actor.name, entity="loss_reason", entity_key=code, action="add", detail={}))
            return OpResult(ReasonView(code, row.label_en, row.label_zh, True), OpChanges(retro=True))

    def retire_reason(self, actor: UserView, code: str) -> OpResult[ReasonView]:
        """Off the list for new retrospectives; the ones that gave it keep it."""
        _require_list_manager(actor, "reasons")
        with self._db.write() as s:
            row = s.get(LossReason, code)
            if row is None:
                raise InvalidInput("retro_reason_unknown", value=code, choices=", ".join(
                    s.scalars(select(LossReason.code).where(LossReason.active.is_(True)))))
            row.active = False
            s.add(AuditEvent(actor=actor.name, entity="loss_reason", entity_key=code, action="retire", detail={}))
            return OpResult(ReasonView(code, row.label_en, row.label_zh, False), OpChanges(retro=True))

    def add_competitor(self, actor: UserView, name: str) -> OpResult[str]:
        _require_list_manager(actor, "competitors")
        clean = " ".join(name.split())
        if not 1 <= len(clean) <= 120:
            raise InvalidInput("retro_competitor_invalid", value=name)
        with self._db.write() as s:
            row = self._competitor(s, clean, actor)
            row.active = True
            s.add(AuditEvent(actor=actor.name, entity="competitor", entity_key=row.name, action="add", detail={}))
            return OpResult(row.name, OpChanges(retro=True))

    def retire_competitor(self, actor: UserView, name: str) -> OpResult[str]:
        _require_list_manager(actor, "competitors")
        with self._db.write() as s:
            row = s.scalar(select(Competitor).where(Competitor.key == competitor_key(name)))
            if row is None:
                raise InvalidInput("retro_competitor_invalid", value=name)
            row.active = False
            s.add(AuditEvent(actor=actor.name, entity="competitor", entity_key=row.name, action="retire", detail={}))
            return OpResult(row.name, OpChanges(retro=True))

    # --- pieces --------------------------------------------------------------------------------

    @staticmethod
    def _proposal(s: Session, number: str) -> Proposal:
        proposal = s.scalar(select(Proposal).where(Proposal.number == number))
        if proposal is None:
            raise NotFound("proposal_not_found", id=number)
        return proposal

    @staticmethod
    def _retro(s: Session, proposal_id: int) -> Retrospective | None:
        return s.scalar(
            select(Retrospective)
            .options(selectinload(Retrospective.proposal), selectinload(Retrospective.reasons),
                     selectinload(Retrospective.competitors).selectinload(RetroCompetitor.competitor),
                     selectinload(Retrospective.lessons))
            .where(Retrospective.proposal_id == proposal_id))

    @staticmethod
    def _reason_states(s: Session) -> dict[str, bool]:
        return dict(s.execute(select(LossReason.code, LossReason.active).order_by(LossReason.position)).all())

    @staticmethod
    def _titles(s: Session, slugs: list[str], bodies: bool = False) -> dict[str, str]:
        if not slugs:
            return {}
        column = KnowledgeItem.body if bodies else KnowledgeItem.title
        return dict(s.execute(select(KnowledgeItem.slug, column).where(KnowledgeItem.slug.in_(slugs))).all())

    @staticmethod
    def _conflict(number: str, retro: Retrospective | None) -> WorkbenchError:
        if retro is None:
            return Conflict("retro_conflict", id=number, by="?", at="?")
        return Conflict("retro_conflict", id=number, by=retro.updated_by,
                              at=retro.updated_at.astimezone().strftime("%Y-%m-%d %H:%M"))
