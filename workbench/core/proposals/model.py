"""Plain values for proposals: what crosses to the CLI and the GUI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from workbench.core.errors import pair
from workbench.core.users import Permission, Role, UserView


class ProposalStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    SUBMITTED = "submitted"
    CLOSED = "closed"


# Marks a draft may carry that only mean something on export.
TOC_MARK = "[TOC]"  # the table of contents goes here
PAGEBREAK = "<!-- pagebreak -->"

CLEAN_EXPORT = {ProposalStatus.APPROVED, ProposalStatus.SUBMITTED, ProposalStatus.CLOSED}
FINISHED = {ProposalStatus.SUBMITTED, ProposalStatus.CLOSED}  # no milestone is due any more
SUBMITTABLE = {ProposalStatus.DRAFT, ProposalStatus.CHANGES_REQUESTED}
DUE_SOON_DAYS = 7  # a milestone this close counts as due soon


def is_mine(user: UserView, author: str) -> bool:
    """Whether ``user`` edits this author's proposals as their own: the author, or an admin."""
    return user.name == author or user.role is Role.ADMIN


@dataclass(frozen=True)
class ProposalRights:
    """What one person may do with one proposal now (the core checks again when asked)."""

    is_mine: bool  # the author, or an admin
    may_edit: bool  # may save a new revision
    may_submit: bool  # may send it to review (only its author; the review table decides again)

# Days before the bid deadline each milestone falls on.
MILESTONES: tuple[tuple[str, int], ...] = (
    ("qa_cutoff", 10),
    ("review_tier1", 7),
    ("review_tier2", 5),
    ("review_tier3", 3),
    ("submission", 1),
    ("bid_deadline", 0),
)
MILESTONE_LABELS = {name: pair(f"milestone_{name}") for name, _days in MILESTONES}


def milestones(deadline: dt.date | None) -> list[tuple[str, dt.date]]:
    if deadline is None:
        return []
    return [(name, deadline - dt.timedelta(days=days)) for name, days in MILESTONES]


@dataclass(frozen=True)
class MatchedItem:
    id: str
    kind: str
    title: str
    body: str
    score: float
    matched: tuple[str, ...]
    section: str

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "kind": self.kind, "title": self.title, "score": round(self.score, 3),
                "matched": list(self.matched), "section": self.section}


@dataclass(frozen=True)
class RevisionView:
    number: int
    markdown: str
    knowledge: tuple[dict[str, object], ...]
    note: str
    locked: bool
    created_at: dt.datetime
    created_by: str
    created_by_label: str = ""  # the name people read (display name, else the login)


@dataclass(frozen=True)
class ProposalView:
    number: str
    title: str
    customer: str
    industry: str
    customer_tier: str
    template: str
    author: str
    status: ProposalStatus
    bid_deadline: dt.date | None
    inputs: dict[str, object]
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    revisions: tuple[RevisionView, ...] = field(default_factory=tuple)
    approved_revision: int | None = None  # the revision the last review tier approved
    author_label: str = ""  # the name people read (display name, else the login)

    @property
    def latest(self) -> RevisionView | None:
        return self.revisions[-1] if self.revisions else None

    @property
    def editable(self) -> bool:
        """Whether a new revision may be saved: not while reviewers read it, never once approved."""
        return self.status != ProposalStatus.IN_REVIEW and self.status not in CLEAN_EXPORT

    @property
    def is_draft_export(self) -> bool:
        return self.status not in CLEAN_EXPORT

    def exports_clean(self, revision: int) -> bool:
        """Only the revision approved in review exports without the DRAFT mark."""
        return not self.is_draft_export and revision == self.approved_revision

    def next_milestone(self, today: dt.date | None = None) -> tuple[str, dt.date] | None:
        today = today or dt.date.today()
        return next(((n, d) for n, d in milestones(self.bid_deadline) if d >= today), None)

    def due_soon(self, days: int = DUE_SOON_DAYS, today: dt.date | None = None) -> tuple[str, dt.date] | None:
        """The next milestone, if the proposal is still open and it falls within ``days`` days."""
        today = today or dt.date.today()
        milestone = self.next_milestone(today) if self.status not in FINISHED else None
        return milestone if milestone is not None and (milestone[1] - today).days <= days else None

    def rights(self, user: UserView | None) -> ProposalRights:
        if user is None or not user.can(Permission.EDIT_PROPOSALS):
            return ProposalRights(is_mine=False, may_edit=False, may_submit=False)
        mine = is_mine(user, self.author)
        return ProposalRights(is_mine=mine, may_edit=mine and self.editable,
                              may_submit=user.name == self.author and self.status in SUBMITTABLE)

    def to_json(self, with_markdown: bool = False) -> dict[str, object]:
        out: dict[str, object] = {
            "id": self.number, "title": self.title, "customer": self.customer, "industry": self.industry,
            "customer_tier": self.customer_tier, "template": self.template, "author": self.author,
            "author_label": self.author_label, "status": self.status.value, "approved_revision": self.approved_revision,
            "bid_deadline": self.bid_deadline.isoformat() if self.bid_deadline else None,
            "milestones": [{"name": n, "date": d.isoformat()} for n, d in milestones(self.bid_deadline)],
            "revisions": [
                {"number": r.number, "locked": r.locked, "created_by": r.created_by,
                 "created_by_label": r.created_by_label,
                 "created_at": r.created_at.isoformat(), "note": r.note, "knowledge": list(r.knowledge)}
                for r in self.revisions
            ],
        }
        if with_markdown and self.latest is not None:
            out["markdown"] = self.latest.markdown
        return out


# --- what matching placed in each knowledge section and what it left out (matching.py) -------

# Why an item was left out of a section, most decisive first (a report counts each item once,
# under the first reason that applies).
LEFT_OUT_REASONS = ("draft", "archived", "stale", "language", "excluded", "other_industry", "duplicate", "below_threshold")


@dataclass(frozen=True)
class LeftOut:
    id: str
    title: str
    reason: str  # one of LEFT_OUT_REASONS
    relevance: float  # 0..1, as computed before the reason applied (0 when never scored)
    detail: str = ""  # the language, the tag or condition, the item it repeats...

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "title": self.title, "reason": self.reason, "relevance": round(self.relevance, 3),
                "detail": self.detail}


@dataclass(frozen=True)
class SectionReport:
    """One knowledge section: what matching offers (placed first, then spares to swap in), what
    it converted from Traditional Chinese, and what it kept out and why."""

    section: str
    threshold: float
    placed: tuple[str, ...]
    spares: tuple[str, ...] = ()
    converted: tuple[str, ...] = ()
    left_out: tuple[LeftOut, ...] = ()

    @property
    def no_good_match(self) -> bool:
        return not self.placed

    def counts(self) -> dict[str, int]:
        """How many items were left out for each reason, in LEFT_OUT_REASONS order."""
        out = {reason: 0 for reason in LEFT_OUT_REASONS}
        for item in self.left_out:
            out[item.reason] = out.get(item.reason, 0) + 1
        return {reason: n for reason, n in out.items() if n}

    def to_json(self) -> dict[str, object]:
        return {"section": self.section, "threshold": self.threshold, "placed": list(self.placed),
                "spares": list(self.spares), "converted": list(self.converted),
                "no_good_match": self.no_good_match, "left_out": [x.to_json() for x in self.left_out]}
