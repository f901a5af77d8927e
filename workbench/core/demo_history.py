"""The demo history: about 60 decided bids over the last 18 months, with reviews and
retrospectives, so the dashboard means something on first start.

Deterministic (a seeded generator, dates counted back from ``today``), clearly marked (proposal
numbers start with ``DEMO-``, lessons with ``demo-lesson-``, the people are named "(demo)" and are
deactivated, review events carry ``demo: true``) and removable in one transaction
(``workbench demo remove-history``). Rows are written directly in one transaction: the whole
history takes well under a second, off the UI thread like the rest of the first start."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from workbench.core.changes import OpChanges, OpResult
from workbench.core.db.engine import Database
from workbench.core.db.models import (
    AuditEvent,
    Competitor,
    KnowledgeChange,
    KnowledgeItem,
    KnowledgeTag,
    KnowledgeVersion,
    Proposal,
    ProposalKnowledge,
    ProposalRevision,
    RetroCompetitor,
    RetroLesson,
    RetroReason,
    Retrospective,
    ReviewComment,
    ReviewEvent,
    ReviewItem,
    Setting,
    User,
    utcnow,
)
from workbench.core.errors import Forbidden
from workbench.core.knowledge.language import detect_language
from workbench.core.knowledge.lessons import learned_again, lesson_key
from workbench.core.knowledge.model import ItemDraft, Kind, Status
from workbench.core.retro.model import competitor_key
from workbench.core.retro.service import lesson_body, lesson_source, lesson_tags, lesson_title
from workbench.core.retro.taxonomy import Outcome
from workbench.core.users import Role, UserView

SEED = 20260601
PREFIX = "DEMO-"
LESSON_PREFIX = "demo-lesson-"
USER_PREFIX = "demo."
MARK = "demo-history"  # created_by of the competitors it adds
STATE_KEY = "demo_history"  # "loaded" or "removed": never added twice, never re-added after removal
DECIDED = 60
LATE = 3  # past their deadline, no outcome yet: the lead's "due" list is not empty either
MONTHS = 18

AUTHORS = (("demo.zhang.wei", "张伟 Zhang Wei (demo)"), ("demo.li.na", "李娜 Li Na (demo)"),
           ("demo.wang.fang", "王芳 Wang Fang (demo)"), ("demo.chen.jie", "陈杰 Chen Jie (demo)"),
           ("demo.liu.yang", "刘洋 Liu Yang (demo)"))
REVIEWERS = ((1, "demo.zhao.lei", "赵磊 Zhao Lei (demo)"), (2, "demo.sun.min", "孙敏 Sun Min (demo)"),
             (3, "demo.zhou.qiang", "周强 Zhou Qiang (demo)"))
# author -> how good they are (shifts the odds of a win), so the per-engineer figures differ
SKILL = {"demo.zhang.wei": 0.12, "demo.li.na": 0.05, "demo.wang.fang": 0.0, "demo.chen.jie": -0.06,
         "demo.liu.yang": -0.12}
INDUSTRY_ODDS = {"manufacturing": 0.08, "education": 0.05, "healthcare": -0.02, "finance": -0.10,
                 "retail": 0.04, "saas": 0.0, "energy": -0.05}
CUSTOMERS = {
    "manufacturing": ("华东某汽车零部件集团", "苏州精工机械", "Contoso Manufacturing"),
    "education": ("华东某职业教育集团", "南方理工大学", "启明教育科技"),
    "healthcare": ("某省人民医院", "康宁医疗集团", "Fabrikam Health"),
    "finance": ("某城商行", "恒信证券", "Woodgrove Bank"),
    "retail": ("华润万家", "永辉超市", "Northwind Traders"),
    "saas": ("云帆软件", "Tailspin SaaS"),
    "energy": ("某省级能源集团", "华北电网信息中心"),
}
TEMPLATES = (("tech-proposal-zh", 0.02), ("tech-proposal-en", -0.04), ("requirement-confirmation-zh", 0.03))
COMPETITORS = (("速维软件", -0.12), ("Northwind Cloud", -0.05), ("数海科技", 0.0), ("Globex Systems", 0.04),
               ("云峰信息", 0.06))
REASONS = (("price", 34), ("competitor_strength", 15), ("relationship", 12), ("technical_fit", 10), ("budget", 8),
           ("timing", 7), ("requirements_mismatch", 6), ("delivery_risk", 6), ("other", 2))
PROJECTS = ("数据中台建设", "智能客服平台", "设备预测性维护", "会员运营中台", "线索自动分配", "私有化 CRM 升级",
            "全渠道服务台", "监管报送平台", "门店智能巡检", "BI 自助分析")
# (Chinese, English): a retrospective is written in its proposal's language
WORKED = (("用客户自己的数据做了演示，评委印象深刻", "提前两周拜访了信息中心和业务部门", "方案里给出了分阶段里程碑和人员计划"),
          ("The proof of concept ran on their own data", "We brought a reference customer to the final presentation",
           "The delivery plan named every person and milestone"))
IMPROVE = (("报价说明不够清楚，采购只看总价", "交付方案太薄，缺少人员和里程碑", "太晚才接触到真正的决策人"),
           ("Answer the security questionnaire before the bid, not after", "Price the pilot separately from the rollout",
            "We met the real decision maker too late"))
LESSONS = (
    ("采购主导的项目，提前准备三年总体拥有成本对比，而不是只报单价",
     "交付方案要写到人：项目经理、架构师的简历和到岗时间",
     "评标前至少一次面见业务负责人，只和信息部门沟通容易丢单",
     "客户预算没有批下来之前，不要投入完整的 POC",
     "信创要求要在需求澄清阶段确认清楚，避免技术评分被扣",
     "竞品低价时，把服务级别和违约赔付写进报价，让价格差有解释",
     "述标演练至少两轮，由三级评审人扮演评委提问"),
    ("Bring the security questionnaire answers to the first meeting",
     "A paid pilot lowers the perceived delivery risk for cautious buyers",
     "Name the reference customer in the proposal and offer a call with them"),
)
FAILS = ("请补充交付计划和人员安排。", "报价明细与需求不一致，请核对。", "Clarify the data migration scope.")


@dataclass
class _Learned:
    """A demo lesson item as written so far: its draft, its row (inserted at the end, as it is
    then) and its tags' rows."""

    draft: ItemDraft
    row: dict[str, object]
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class HistoryReport:
    proposals: int
    retrospectives: int
    lessons: int


def _pick_weighted(rng: random.Random, options: Sequence[tuple[str, int]]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _state(s: Session) -> str | None:
    row = s.get(Setting, STATE_KEY)
    return row.value if row is not None else None


def _set_state(s: Session, value: str) -> None:
    row = s.get(Setting, STATE_KEY)
    if row is None:
        s.add(Setting(key=STATE_KEY, value=value))
    else:
        row.value = value


def has_history(db: Database) -> bool:
    with db.read() as s:
        return s.scalar(select(Proposal.id).where(Proposal.number.like(PREFIX + "%")).limit(1)) is not None


def add_history(db: Database, today: dt.date | None = None,
                actor: UserView | None = None, force: bool = False) -> HistoryReport | None:
    """Write the demo history once (first start; ``force`` to add it again after removal, which
    an administrator asks for). Returns None when there was nothing to do."""
    if actor is not None and not (actor.active and actor.role is Role.ADMIN):
        raise Forbidden("demo_history_not_allowed")
    today = today or dt.date.today()
    with db.write() as s:
        if (_state(s) is not None and not force) or s.scalar(
                select(Proposal.id).where(Proposal.number.like(PREFIX + "%")).limit(1)) is not None:
            return None
        report = _generate(s, today)
        _set_state(s, "loaded")
        if actor is not None:
            s.add(AuditEvent(actor=actor.name, entity="demo_history", entity_key="demo", action="add",
                             detail={"proposals": report.proposals}))
        return report


class _Rows:
    """Rows per table with their ids given here, inserted table by table at the end (one
    executemany each: the ORM's per-object flushes cost a second for this history)."""

    def __init__(self, s: Session) -> None:
        self.tables: dict[type, list[dict[str, object]]] = {}
        self._next: dict[type, int] = {}
        self._s = s

    def add(self, model: type, row: dict[str, object] | None = None, **values: object) -> int:
        """Queue a row (``row`` is kept as given: later changes to it are inserted too)."""
        values = row if row is not None else values
        rows = self.tables.setdefault(model, [])
        if "id" in model.__table__.c and "id" not in values:  # type: ignore[attr-defined]
            if model not in self._next:
                self._next[model] = int(self._s.scalar(select(func.max(model.id))) or 0)  # type: ignore[attr-defined]
            self._next[model] += 1
            values["id"] = self._next[model]
        rows.append(values)
        ident = values.get("id", 0)
        assert isinstance(ident, int)
        return ident

    def insert(self) -> None:
        for model in (User, Proposal, ProposalRevision, ReviewEvent, ReviewItem, ProposalKnowledge, KnowledgeItem,
                      KnowledgeTag, KnowledgeVersion, AuditEvent, KnowledgeChange, Retrospective, RetroReason,
                      RetroCompetitor, RetroLesson):
            if self.tables.get(model):
                # the table, not the mapped class: the ORM would number every row version 1
                self._s.execute(insert(model.__table__), self.tables[model])  # type: ignore[arg-type]
                if model in self._next and self._s.get_bind().dialect.name == "postgresql":
                    # ids given here do not move PostgreSQL's sequence: move it past them, or the
                    # next ordinary insert would collide with a demo row
                    table = model.__tablename__
                    self._s.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))


def _generate(s: Session, today: dt.date) -> HistoryReport:
    rng = random.Random(SEED)
    rows = _Rows(s)
    existing = set(s.scalars(select(User.name)))
    for name, label in AUTHORS:
        if name not in existing:
            rows.add(User, name=name, display_name=label, role=Role.AUTHOR.value, tier=None, active=False,
                     created_at=utcnow())
    for tier, name, label in REVIEWERS:
        if name not in existing:
            rows.add(User, name=name, display_name=label, role=Role.REVIEWER.value, tier=tier, active=False,
                     created_at=utcnow())
    rivals = {}
    for name, _odds in COMPETITORS:
        row = s.scalar(select(Competitor).where(Competitor.key == competitor_key(name)))
        if row is None:
            row = Competitor(name=name, key=competitor_key(name), active=True, created_by=MARK, created_at=utcnow())
            s.add(row)
        rivals[name] = row
    s.flush()
    taken = set(s.scalars(select(Proposal.number).where(Proposal.number.like(PREFIX + "%"))))
    usable = list(s.scalars(select(KnowledgeItem.slug).where(
        KnowledgeItem.kind.in_([Kind.CASE.value, Kind.FAQ.value, Kind.OBJECTION.value]),
        KnowledgeItem.status == Status.PUBLISHED.value).order_by(KnowledgeItem.slug)))
    favoured = usable[::7]  # these show up more in won bids: the "what wins" table has a story
    start = today - dt.timedelta(days=MONTHS * 30)
    span = (today - start).days - 10
    days = sorted(rng.randrange(span) for _ in range(DECIDED))
    learned: dict[str, _Learned] = {}  # by lesson_key: a lesson said again is one item
    for n in range(DECIDED + LATE):
        late = n >= DECIDED
        decided = start + dt.timedelta(days=days[n]) if not late else today - dt.timedelta(days=rng.randint(8, 40))
        industry = rng.choice(list(CUSTOMERS))
        customer = rng.choice(CUSTOMERS[industry])
        author = rng.choice(AUTHORS)[0]
        template, template_odds = rng.choice(TEMPLATES)
        english = template.endswith("-en")
        project = rng.choice(PROJECTS)
        title = f"{customer} {project}" if not english else f"{project} for {customer}"
        created = dt.datetime.combine(decided - dt.timedelta(days=rng.randint(35, 70)), dt.time(9), dt.UTC)
        deadline = decided - dt.timedelta(days=rng.randint(7, 20)) if not late else decided
        competitors = rng.sample(COMPETITORS, k=rng.choice((0, 1, 1, 1, 2, 2)))
        progress = days[n] / span if not late else 1.0  # the team gets better over the 18 months
        odds = (0.42 + 0.16 * progress + SKILL[author] + INDUSTRY_ODDS[industry] + template_odds
                + sum(o for _, o in competitors))
        roll = rng.random()
        outcome = (Outcome.CANCELLED if roll < 0.08 else Outcome.NO_DECISION if roll < 0.17
                   else Outcome.WON if rng.random() < odds else Outcome.LOST)
        number = f"{PREFIX}{decided.year}-{n + 1:03d}"
        if number in taken:
            continue
        sent_back = rng.random() < 0.3
        proposal: dict[str, object] = dict(number=number, title=title, customer=customer, industry=industry, customer_tier="A",
                        template=template, author=author, status="closed" if not late else "approved",
                        bid_deadline=deadline, created_at=created, updated_at=created, version=1,
                        inputs={"products": [project.split()[-1]], "demo": True})
        pid = rows.add(Proposal, proposal)
        proposal["approved_revision"] = _review(rows, rng, pid, title, author, created, sent_back)
        for slug in _used(rng, usable, favoured, outcome):
            rows.add(ProposalKnowledge, proposal_id=pid, slug=slug, section="cases", added_at=created)
        if late:
            continue
        at = dt.datetime.combine(decided, dt.time(17), dt.UTC)
        retro: dict[str, object] = dict(proposal_id=pid, outcome=outcome.value, decided_on=decided,
                     contract_value=Decimal(rng.randrange(20, 500) * 10_000) if outcome is not Outcome.CANCELLED else None,
                     other_reason="", satisfaction=rng.randint(2, 5) if outcome.competed else None,
                     what_worked="", to_improve="", recorded_by=author, recorded_at=at, updated_by=author,
                     updated_at=at, version=1)
        rid = rows.add(Retrospective, retro)
        reasons = _reasons(rng, outcome)
        if "other" in reasons:
            retro["other_reason"] = "客户内部重组，项目暂停" if not english else "The customer reorganised and froze the project"
        for rank, code in enumerate(reasons):
            rows.add(RetroReason, retro_id=rid, code=code, rank=rank)
        for name, _ in competitors:
            rows.add(RetroCompetitor, retro_id=rid, competitor_id=rivals[name].id)
        if outcome.competed and rng.random() < 0.9:  # a few decided bids still wait for their retrospective
            retro["what_worked"] = rng.choice(WORKED[english])
            retro["to_improve"] = rng.choice(IMPROVE[english])
            if rng.random() < 0.7:
                facts = Proposal(number=number, title=title, customer=customer, inputs=proposal["inputs"])
                _lesson(rows, facts, industry, author, outcome, decided, rng.choice(LESSONS[english]),
                        [name for name, _ in competitors], learned, rid)
    rows.insert()
    return HistoryReport(len(rows.tables.get(Proposal, [])), len(rows.tables.get(Retrospective, [])), len(learned))


def _used(rng: random.Random, usable: list[str], favoured: list[str], outcome: Outcome) -> list[str]:
    if not usable:
        return []
    picks = set(rng.sample(usable, k=min(len(usable), rng.randint(1, 3))))
    if favoured and outcome is Outcome.WON and rng.random() < 0.7:
        picks.add(rng.choice(favoured))
    return sorted(picks)


def _reasons(rng: random.Random, outcome: Outcome) -> list[str]:
    if outcome is Outcome.LOST or (outcome is Outcome.NO_DECISION and rng.random() < 0.5):
        chosen = [_pick_weighted(rng, REASONS)]
        for _ in range(rng.choice((0, 1, 1, 2))):
            extra = _pick_weighted(rng, REASONS)
            if extra not in chosen and extra != "other":
                chosen.append(extra)
        return chosen
    return []


def _review(rows: _Rows, rng: random.Random, pid: int, title: str, author: str, created: dt.datetime,
            sent_back: bool) -> int:
    """Revisions and the review's audit trail: three tiers approving, sometimes after changes.
    Returns the approved revision."""
    at = created + dt.timedelta(days=rng.randint(3, 8))
    revision = 1
    rows.add(ProposalRevision, proposal_id=pid, number=1, markdown=f"# {title}\n\n(demo)\n", knowledge=[], note="",
             locked=True, created_at=created, created_by=author)
    demo = {"demo": True}

    def event(actor: str, action: str, tier: int, before: str, after: str, when: dt.datetime,
              comment: str = "", **detail: object) -> None:
        rows.add(ReviewEvent, proposal_id=pid, at=when, actor=actor, action=action, tier=tier, revision=revision,
                 state_before=before, state_after=after, scores={}, comment=comment, detail={**demo, **detail})

    event(author, "submit", 1, "draft", "tier_1", at)
    back_at = rng.choice((1, 1, 2, 2, 3)) if sent_back else None
    tier = 1
    while tier <= 3:
        waited = dt.timedelta(hours=rng.randint(3, 20 + 14 * tier))
        at += waited
        reviewer = REVIEWERS[tier - 1][1]
        if back_at == tier:
            event(reviewer, "request_changes", tier, f"tier_{tier}", "changes_requested", at, rng.choice(FAILS),
                  waited_s=int(waited.total_seconds()))
            back_at = None
            revision += 1
            at += dt.timedelta(days=rng.randint(1, 3))
            rows.add(ProposalRevision, proposal_id=pid, number=revision, markdown=f"# {title}\n\n(demo, revised)\n",
                     knowledge=[], note="", locked=True, created_at=at, created_by=author)
            event(author, "submit", tier, "changes_requested", f"tier_{tier}", at)
            continue
        event(reviewer, "approve", tier, f"tier_{tier}", f"tier_{tier + 1}" if tier < 3 else "approved", at,
              waited_s=int(waited.total_seconds()))
        tier += 1
    rows.add(ReviewItem, proposal_id=pid, state="approved", revision=revision, round=2 if sent_back else 1,
             requested_tier=None, claimed_by=None, claimed_at=None, entered_at=at, due_at=None, escalated_by=None,
             last_actor=REVIEWERS[2][1], last_action="approve", version=1)
    return revision


def _lesson(rows: _Rows, proposal: Proposal, industry: str, author: str, outcome: Outcome, decided: dt.date,
            text: str, competitors: list[str], learned: dict[str, _Learned], rid: int) -> None:
    """A lesson item as the knowledge service would write it: the row, its tags, its first
    version, an audit event, and a place in the search index's queue; a lesson ``learned``
    already (by ``lesson_key``) gains this bid as a source in a new version instead, as a
    retrospective recorded in the app does (RetroService)."""
    label = dict(AUTHORS).get(author, author)
    tags = (*lesson_tags(text, proposal, outcome, tuple(competitors)), "demo")
    at = dt.datetime.combine(decided, dt.time(18), dt.UTC)
    review_by = decided + dt.timedelta(days=365)
    lesson = learned.get(lesson_key(text))
    if lesson is None:
        slug = f"{LESSON_PREFIX}{len(learned) + 1}"
        draft = ItemDraft(kind=Kind.LESSON, title=lesson_title(text), body=lesson_body(text, proposal, outcome, decided),
                          slug=slug, industry=industry, customer=proposal.customer, tags=tags, owner=label,
                          review_by=review_by)
        lesson = learned[lesson_key(text)] = _Learned(draft, dict(
            slug=slug, kind=draft.kind.value, title=draft.title, body=draft.body, industry=draft.industry,
            product=draft.product, customer=draft.customer, language=detect_language(f"{draft.title}\n{draft.body}"),
            owner=draft.owner, status=draft.status.value, review_by=draft.review_by, verified_at=None, usage_count=0,
            content_hash=draft.content_hash(), created_at=at, created_by=author, updated_at=at, updated_by=author,
            version=1))
        rows.add(KnowledgeItem, lesson.row)
        rows.add(KnowledgeChange, slug=slug, changed_at=utcnow())
        action = "create"
    else:
        draft = lesson.draft = replace(
            lesson.draft, body=learned_again(lesson.draft.body, lesson_source(text, proposal, outcome, decided)),
            tags=tuple(dict.fromkeys((*lesson.draft.tags, *tags))), review_by=review_by)
        version = int(lesson.row["version"]) + 1  # type: ignore[call-overload]
        lesson.row.update(body=draft.body, review_by=review_by, content_hash=draft.content_hash(), updated_at=at,
                          updated_by=author, version=version)
        action = "edit"
    item, version = lesson.row["id"], lesson.row["version"]
    for tag in draft.tags[len(lesson.tags):]:
        rows.add(KnowledgeTag, item_id=item, tag=tag, position=len(lesson.tags))
        lesson.tags.append(tag)
    rows.add(KnowledgeVersion, item_id=item, version=version, action=action, title=draft.title,
             body=draft.body, changed_by=author, changed_at=at,
             fields={"kind": draft.kind.value, "industry": draft.industry, "product": "", "customer": draft.customer,
                     "owner": draft.owner, "status": draft.status.value, "tags": list(draft.tags),
                     "review_by": review_by.isoformat()})
    rows.add(AuditEvent, at=at, actor=author, entity="knowledge_item", entity_key=draft.slug, action=action,
             detail={"version": version})
    rows.add(RetroLesson, retro_id=rid, slug=draft.slug, position=0)


def remove_history(db: Database, actor: UserView) -> OpResult[HistoryReport]:
    """Take the whole demo history away (an administrator): its proposals with their reviews and
    retrospectives, its lessons (and their search-index entries), its competitors and people."""
    if not (actor.active and actor.role is Role.ADMIN):
        raise Forbidden("demo_history_not_allowed")
    with db.write() as s:
        ids = list(s.scalars(select(Proposal.id).where(Proposal.number.like(PREFIX + "%"))))
        retro_ids = select(Retrospective.id).where(Retrospective.proposal_id.in_(ids))
        slugs = sorted(set(s.scalars(select(RetroLesson.slug).where(RetroLesson.retro_id.in_(retro_ids))))
                       | set(s.scalars(select(KnowledgeItem.slug).where(KnowledgeItem.slug.like(LESSON_PREFIX + "%")))))
        retros = int(s.scalar(select(func.count()).select_from(Retrospective).where(Retrospective.id.in_(retro_ids))) or 0)
        s.execute(delete(RetroLesson).where(RetroLesson.retro_id.in_(retro_ids)))
        s.execute(delete(RetroReason).where(RetroReason.retro_id.in_(retro_ids)))
        s.execute(delete(RetroCompetitor).where(RetroCompetitor.retro_id.in_(retro_ids)))
        s.execute(delete(Retrospective).where(Retrospective.proposal_id.in_(ids)))
        s.execute(delete(ReviewEvent).where(ReviewEvent.proposal_id.in_(ids)))
        s.execute(delete(ReviewComment).where(ReviewComment.proposal_id.in_(ids)))
        s.execute(delete(ReviewItem).where(ReviewItem.proposal_id.in_(ids)))
        s.execute(delete(ProposalKnowledge).where(ProposalKnowledge.proposal_id.in_(ids)))
        s.execute(delete(ProposalRevision).where(ProposalRevision.proposal_id.in_(ids)))
        s.execute(delete(Proposal).where(Proposal.id.in_(ids)))
        for item in s.scalars(select(KnowledgeItem).where(KnowledgeItem.slug.in_(slugs))):
            s.delete(item)
        s.add_all([KnowledgeChange(slug=slug, deleted=True) for slug in slugs])
        used = select(RetroCompetitor.competitor_id)
        s.execute(delete(Competitor).where(Competitor.created_by == MARK, Competitor.id.not_in(used)))
        s.execute(delete(User).where(User.name.like(USER_PREFIX + "%"), User.active.is_(False),
                                     User.name.not_in(select(Proposal.author))))
        _set_state(s, "removed")
        s.add(AuditEvent(actor=actor.name, entity="demo_history", entity_key="demo", action="remove",
                         detail={"proposals": len(ids), "lessons": len(slugs)}))
        return OpResult(HistoryReport(len(ids), retros, len(slugs)),
                        OpChanges(proposals=True, review=True, retro=True, knowledge=True, index=True, users=True))
