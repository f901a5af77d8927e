"""The tables. The database is the source of truth; everything else is derived from it."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    select,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from workbench.core.errors import InvalidInput


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timestamps stored as UTC and always handed back timezone-aware (SQLite keeps no zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Money(TypeDecorator[Decimal]):
    """An amount of money stored exactly as whole cents (SQLite has no exact decimal type) and
    handed back as a Decimal with two places."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        return int((Decimal(value) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def process_result_value(self, value: int | None, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / 100).quantize(Decimal("0.01"))


class Base(DeclarativeBase):
    pass


def refuse_overlong_text(session: Session, _context: Any, _instances: Any) -> None:
    """Before a flush: text longer than its column allows, or holding a NUL character, is
    refused with a clear error, on every backend alike (SQLite would store either, PostgreSQL
    fails with a driver error: its text types cannot hold NUL)."""
    for obj in (*session.new, *session.dirty):
        state = sa_inspect(obj)
        for attr in state.mapper.column_attrs:
            length = getattr(attr.columns[0].type, "length", None)
            value = state.dict.get(attr.key)  # loaded values only: never a lazy load here
            if length and isinstance(value, str) and len(value) > length:
                raise InvalidInput("text_too_long", field=attr.key, limit=length, length=len(value))
            if isinstance(value, str) and "\x00" in value:
                raise InvalidInput("text_nul_byte", field=attr.key)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(20))
    tier: Mapped[int | None] = mapped_column(Integer, nullable=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # argon2id hash (argon2-cffi); None: this user has no password and cannot log in to a team
    # database (on a laptop's own SQLite file a profile without password needs none). Loaded only
    # when asked for (deferred) and never written unless given: on a team database with roles
    # (migration 0011) people's connections may neither read nor write this column.
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True, deferred=True)
    password_set_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True, default=None)


class UserSession(Base):
    """A login: the laptop keeps the random token, the database only its SHA-256."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    client: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked: Mapped[bool] = mapped_column(default=False)


class KnowledgeItem(Base):
    __tablename__ = "knowledge_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text, default="")
    industry: Mapped[str] = mapped_column(String(80), default="", index=True)
    product: Mapped[str] = mapped_column(String(80), default="", index=True)
    customer: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(10), default="en")
    owner: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[str] = mapped_column(String(20), default="published", index=True)
    review_by: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    verified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    usage_count: Mapped[int] = mapped_column(Integer, default=0)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(80), default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    # what the last import wrote, to tell on re-import who changed the item since: the file (its
    # draft's hash differs from import_hash) or the app (the item's hash differs from
    # import_row_hash); None: never imported (or imported before this was kept)
    import_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, default=None)
    import_row_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, default=None)

    tags: Mapped[list[KnowledgeTag]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="KnowledgeTag.position"
    )
    versions: Mapped[list[KnowledgeVersion]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="KnowledgeVersion.version"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it once)


class KnowledgeTag(Base):
    __tablename__ = "knowledge_tags"

    item_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_items.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(80), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    item: Mapped[KnowledgeItem] = relationship(back_populates="tags")

    __table_args__ = (Index("ix_knowledge_tags_tag", "tag"),)


class KnowledgeVersion(Base):
    """An immutable snapshot of an item after each change: the item's history."""

    __tablename__ = "knowledge_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_items.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    changed_by: Mapped[str] = mapped_column(String(80))
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped[KnowledgeItem] = relationship(back_populates="versions")


class AuditEvent(Base):
    """Append-only record of who did what, when."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(80))
    entity: Mapped[str] = mapped_column(String(40))
    entity_key: Mapped[str] = mapped_column(String(200), index=True)
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Setting(Base):
    """Domain settings that belong to the data, not to one window (e.g. the current profile)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)



DATABASE_ID_KEY = "database_id"  # the settings row naming this database (migration 0007)


def database_identity(session: Session) -> str | None:
    """This database's identity: login tokens on a laptop and its search index are kept per
    database, so pointing the app at another one (or a copy) is noticed."""
    return session.scalar(select(Setting.value).where(Setting.key == DATABASE_ID_KEY))

class KnowledgeChange(Base):
    """Append-only log of knowledge items whose search-index entry changed (saved, archived or
    deleted). Every search index (one per laptop) is a cache derived from the database and
    follows this log with its own watermark: the id of the last change it applied. Writes are
    serialised (engine.py), so ids are handed out in commit order and a watermark never skips
    a change that commits later."""

    __tablename__ = "knowledge_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), index=True)
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted: Mapped[bool] = mapped_column(default=False)  # a deletion marker: the item is gone


class SearchMiss(Base):
    """A search that found nothing: what the knowledge base is missing (content gaps)."""

    __tablename__ = "search_misses"

    normalized: Mapped[str] = mapped_column(String(300), primary_key=True)
    query: Mapped[str] = mapped_column(String(300))
    count: Mapped[int] = mapped_column(Integer, default=1)
    last_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_by: Mapped[str] = mapped_column(String(80), default="")


class Proposal(Base):
    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    customer: Mapped[str] = mapped_column(String(200), default="", index=True)
    industry: Mapped[str] = mapped_column(String(80), default="")
    customer_tier: Mapped[str] = mapped_column(String(10), default="")
    template: Mapped[str] = mapped_column(String(120))
    author: Mapped[str] = mapped_column(String(80), index=True)
    status: Mapped[str] = mapped_column(String(30), default="draft", index=True)
    bid_deadline: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    approved_revision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    revisions: Mapped[list[ProposalRevision]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposalRevision.number"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it once)


class ProposalRevision(Base):
    """The draft as saved at one moment; locked (immutable) once submitted for review."""

    __tablename__ = "proposal_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    markdown: Mapped[str] = mapped_column(Text)
    knowledge: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(String(500), default="")
    locked: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80))

    proposal: Mapped[Proposal] = relationship(back_populates="revisions")


class ProposalKnowledge(Base):
    """A knowledge item used in a proposal: usage counts by proposal (later split by outcome)."""

    __tablename__ = "proposal_knowledge"

    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), primary_key=True)
    section: Mapped[str] = mapped_column(String(80), default="")
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReviewItem(Base):
    """Where a proposal stands in review: one row per proposal once it is first submitted.
    ``version`` is the optimistic lock: two reviewers acting at once, one of them wins."""

    __tablename__ = "review_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), unique=True)
    state: Mapped[str] = mapped_column(String(30))
    revision: Mapped[int] = mapped_column(Integer)  # the revision under review (or last reviewed)
    round: Mapped[int] = mapped_column(Integer, default=1)  # submissions so far
    requested_tier: Mapped[int | None] = mapped_column(Integer, nullable=True)  # who asked for changes
    claimed_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    entered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)  # of the current state
    due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    escalated_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    last_actor: Mapped[str] = mapped_column(String(80), default="")
    last_action: Mapped[str] = mapped_column(String(30), default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    proposal: Mapped[Proposal] = relationship()

    # the queue: items at a state, overdue first then oldest
    __table_args__ = (Index("ix_review_items_queue", "state", "due_at", "entered_at"),)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it once)


class ReviewEvent(Base):
    """The review's audit trail. Append-only: the database refuses UPDATE and DELETE (triggers in
    migrations 0005/0006, on SQLite and on PostgreSQL)."""

    __tablename__ = "review_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(30))
    tier: Mapped[int | None] = mapped_column(Integer, nullable=True)
    revision: Mapped[int] = mapped_column(Integer)
    state_before: Mapped[str] = mapped_column(String(30))
    state_after: Mapped[str] = mapped_column(String(30))
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    comment: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (
        Index("ix_review_events_proposal", "proposal_id", "id"),
        Index("ix_review_events_approvals", "action", "actor", "proposal_id", "revision"),
    )


class ReviewComment(Base):
    """A reviewer's or the author's remark on a revision: on the whole text or on one section."""

    __tablename__ = "review_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    tier: Mapped[int | None] = mapped_column(Integer, nullable=True)
    section: Mapped[str] = mapped_column(String(300), default="")
    author: Mapped[str] = mapped_column(String(80))
    body: Mapped[str] = mapped_column(Text)
    reply_to: Mapped[int | None] = mapped_column(ForeignKey("review_comments.id"), nullable=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


# --- win/loss retrospectives (migration 0006) ------------------------------------------------


class LossReason(Base):
    """A managed list: the reasons a bid is won or lost, with labels in both languages."""

    __tablename__ = "loss_reasons"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    label_en: Mapped[str] = mapped_column(String(120))
    label_zh: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Competitor(Base):
    """A managed list: who we bid against. ``key`` is the folded name, so 'Acme ' and 'acme'
    are one competitor."""

    __tablename__ = "competitors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    key: Mapped[str] = mapped_column(String(120), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80), default="")


class Retrospective(Base):
    """The outcome of one bid and what the team learned from it: one per proposal."""

    __tablename__ = "retrospectives"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), unique=True)
    outcome: Mapped[str] = mapped_column(String(20), index=True)
    decided_on: Mapped[dt.date] = mapped_column(Date, index=True)
    contract_value: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    other_reason: Mapped[str] = mapped_column(Text, default="")  # the words for reason "other"
    satisfaction: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 1..5
    what_worked: Mapped[str] = mapped_column(Text, default="")
    to_improve: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(80))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    proposal: Mapped[Proposal] = relationship()
    reasons: Mapped[list[RetroReason]] = relationship(
        cascade="all, delete-orphan", order_by="RetroReason.rank"
    )
    competitors: Mapped[list[RetroCompetitor]] = relationship(cascade="all, delete-orphan")
    lessons: Mapped[list[RetroLesson]] = relationship(cascade="all, delete-orphan", order_by="RetroLesson.position")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it once)


class RetroReason(Base):
    """A reason given for the outcome; rank 0 is the primary one."""

    __tablename__ = "retro_reasons"

    retro_id: Mapped[int] = mapped_column(ForeignKey("retrospectives.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(ForeignKey("loss_reasons.code"), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_retro_reasons_code", "code", "rank"),)


class RetroCompetitor(Base):
    __tablename__ = "retro_competitors"

    retro_id: Mapped[int] = mapped_column(ForeignKey("retrospectives.id", ondelete="CASCADE"), primary_key=True)
    competitor_id: Mapped[int] = mapped_column(ForeignKey("competitors.id"), primary_key=True, index=True)

    competitor: Mapped[Competitor] = relationship()


class RetroLesson(Base):
    """A lesson of the retrospective: a knowledge item of kind ``lesson``."""

    __tablename__ = "retro_lessons"

    retro_id: Mapped[int] = mapped_column(ForeignKey("retrospectives.id", ondelete="CASCADE"), primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


# --- tender and questionnaire responses (migration 0009) --------------------------------------


class TenderResponse(Base):
    """The answer to one customer document (a tender, 招标文件, or a questionnaire)."""

    __tablename__ = "tender_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)  # "T-2026-001"
    title: Mapped[str] = mapped_column(String(300))
    customer: Mapped[str] = mapped_column(String(200), default="")
    source_name: Mapped[str] = mapped_column(String(255))
    source_format: Mapped[str] = mapped_column(String(10))
    language: Mapped[str] = mapped_column(String(10))
    # who reads its answers, as its owner set it (zh-TW, zh-HK, zh-Hant); None: guessed from its
    # text (tender/reading.readers_of)
    readers: Mapped[str | None] = mapped_column(String(10), nullable=True)
    legend: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # symbol -> the tender's definition
    deviation_table: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)  # its empty 偏离表
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)  # extraction's message codes
    owner: Mapped[str] = mapped_column(String(80), index=True)
    proposal: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)  # attached proposal
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    rows: Mapped[list[TenderRow]] = relationship(
        back_populates="parent", cascade="all, delete-orphan", order_by="TenderRow.no"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it once)


class TenderSource(Base):
    """The customer's original file (in its format after any conversion), kept apart from the
    response so listing responses never reads it; size-capped by the service."""

    __tablename__ = "tender_sources"

    response_id: Mapped[int] = mapped_column(
        ForeignKey("tender_responses.id", ondelete="CASCADE"), primary_key=True
    )
    content: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))


class TenderRow(Base):
    """One requirement (or questionnaire question) and its answer. ``version`` is the optimistic
    lock: two people answering the same row at once, one of them is told."""

    __tablename__ = "tender_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("tender_responses.id", ondelete="CASCADE"), index=True)
    no: Mapped[int] = mapped_column(Integer)  # 1-based, in document order
    clause: Mapped[str] = mapped_column(String(80), default="")
    mark: Mapped[str] = mapped_column(String(4), default="")
    symbol: Mapped[str] = mapped_column(String(8), default="")
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    chapter: Mapped[str] = mapped_column(Text, default="")
    points: Mapped[float | None] = mapped_column(Float, nullable=True)
    category: Mapped[str] = mapped_column(String(200), default="")
    location: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    allowed_answers: Mapped[list[str]] = mapped_column(JSON, default=list)
    response: Mapped[str] = mapped_column(Text, default="")
    deviation: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(String(500), default="")
    evidence_item: Mapped[str] = mapped_column(String(120), default="")  # a knowledge item's slug
    evidence_page: Mapped[str] = mapped_column(String(40), default="")
    answer_choice: Mapped[str] = mapped_column(String(120), default="")
    answered_from: Mapped[str] = mapped_column(String(160), default="")  # the suggestion accepted last
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)  # open | answered
    assignee: Mapped[str | None] = mapped_column(String(80), nullable=True, index=True)
    updated_by: Mapped[str] = mapped_column(String(80), default="")
    updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    parent: Mapped[TenderResponse] = relationship(back_populates="rows")
    suggestions: Mapped[list[TenderSuggestion]] = relationship(
        cascade="all, delete-orphan", order_by="TenderSuggestion.rank"
    )

    __table_args__ = (UniqueConstraint("response_id", "no", name="uq_tender_rows_response_no"),)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it once)


class TenderSuggestion(Base):
    """A candidate answer for a row, as auto-answer found it (best first)."""

    __tablename__ = "tender_suggestions"

    id: Mapped[int] = mapped_column(primary_key=True)
    row_id: Mapped[int] = mapped_column(ForeignKey("tender_rows.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int] = mapped_column(Integer)
    item: Mapped[str] = mapped_column(String(160))  # a knowledge slug, or "T-2026-001#3" (an earlier answer)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(500))
    score: Mapped[float] = mapped_column(Float)
    band: Mapped[str] = mapped_column(String(10))  # auto | suggest | none
    matched: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="published")
    stale: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(10), default="")
    preview: Mapped[str] = mapped_column(Text, default="")
    found_by: Mapped[str] = mapped_column(String(10), default="words", server_default="words")  # words | meaning


class TenderRowEvent(Base):
    """A row's history: who changed what, when. Append-only: the database refuses UPDATE and
    DELETE (triggers in migration 0009, on SQLite and on PostgreSQL)."""

    __tablename__ = "tender_row_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("tender_responses.id"), index=True)
    row_no: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(30))  # respond | assign | autofill
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # field -> [before, after]


class KnowledgeQuestion(Base):
    """Another wording of the question a knowledge item answers: a customer's requirement text,
    kept when an engineer answered it from the item, so the next tender that asks the same finds it."""

    __tablename__ = "knowledge_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), index=True)
    text: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64), index=True)  # of the normalized text
    source: Mapped[str] = mapped_column(String(160), default="")  # "T-2026-001#3"
    added_by: Mapped[str] = mapped_column(String(80), default="")
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("slug", "digest", name="uq_knowledge_questions_slug_digest"),)
