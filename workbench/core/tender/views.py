"""Plain values of tender responses that cross to the CLI and the GUI (frozen; no ORM object
leaves the core). The GUI shows what these say, the core decides them: rights, problems, bands."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any


class RowStatus:
    OPEN = "open"
    ANSWERED = "answered"


BANDS = ("auto", "suggest", "none")


@dataclass(frozen=True)
class Progress:
    total: int
    answered: int
    star_open: int  # ★ rows without an answer
    important_open: int  # ▲ rows without an answer
    negative: int  # rows answered with 负偏离
    blocking: int  # rows the compliance check blocks on

    def to_json(self) -> dict[str, int]:
        return {"total": self.total, "answered": self.answered, "star_open": self.star_open,
                "important_open": self.important_open, "negative": self.negative, "blocking": self.blocking}


@dataclass(frozen=True)
class ResponseView:
    id: str  # "T-2026-001"
    title: str
    customer: str
    source_name: str
    source_format: str
    language: str
    created_by: str
    created_by_label: str
    created_at: dt.datetime
    updated_at: dt.datetime
    proposal: str | None  # the attached proposal's number
    progress: Progress
    version: int = 0
    legend: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()  # extraction's message codes (errors.say)
    has_deviation_table: bool = False  # the customer's file has its own empty 偏离表
    # who reads its answers (zh-Hans, zh-Hant, zh-TW, zh-HK or en: tender/reading.readers_of),
    # whether its owner set that, what the tender's text says (the guess), and whom they may set
    # (a Traditional tender's: zh-TW, zh-HK, zh-Hant; none for any other)
    readers: str = ""
    readers_set: bool = False
    readers_guess: str = ""
    readers_choices: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "customer": self.customer, "source_name": self.source_name,
                "source_format": self.source_format, "language": self.language, "readers": self.readers,
                "readers_set": self.readers_set, "readers_guess": self.readers_guess, "created_by": self.created_by,
                "created_by_label": self.created_by_label, "created_at": self.created_at.isoformat(),
                "updated_at": self.updated_at.isoformat(), "proposal": self.proposal,
                "progress": self.progress.to_json(), "legend": dict(self.legend), "warnings": list(self.warnings)}


@dataclass(frozen=True)
class Suggestion:
    id: str  # a knowledge item's slug, or "T-2026-001#3" (an answer given in an earlier response)
    title: str
    kind: str  # the item's kind (faq, case, ...) or "response"
    score: float  # 0..1
    band: str  # auto | suggest | none
    matched: tuple[str, ...]  # the words it shares with the requirement
    status: str  # published | draft | archived (an earlier answer: "published")
    stale: bool  # past its review-by date
    language: str
    preview: str  # the start of its answer
    # "meaning": found by the sentence vectors alone, no word in common; "far": by its words alone,
    # and far from the requirement in meaning (so not suggested: autofill.py)
    found_by: str = "words"
    foreign: bool = False  # in the other language than the document's: to be translated, never auto

    @property
    def shown_score(self) -> str:
        """The score to two places, cut rather than rounded: 0.697 is "0.69", not "0.70" beside an
        auto threshold of 0.70 that it does not reach."""
        return f"{math.floor(self.score * 100 + 1e-9) / 100:.2f}"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "kind": self.kind, "score": round(self.score, 3),
                "band": self.band, "matched": list(self.matched), "status": self.status, "stale": self.stale,
                "language": self.language, "found_by": self.found_by, "foreign": self.foreign}


@dataclass(frozen=True)
class RowView:
    no: int
    clause: str
    mark: str  # "★" | "▲" | ""
    kind: str  # requirement | scoring | question
    text: str
    chapter: str
    points: float | None
    category: str
    location_label: str
    allowed_answers: tuple[str, ...]
    response: str
    deviation: str  # none | positive | negative | ""
    note: str
    evidence: str
    evidence_item: str
    evidence_page: str
    answer_choice: str
    status: str  # open | answered
    assignee: str | None
    assignee_label: str
    suggestions: tuple[Suggestion, ...]
    version: int
    updated_by: str
    updated_at: dt.datetime | None
    problems: tuple[str, ...]  # the compliance check's codes for this row
    symbol: str = ""
    location: dict[str, Any] = field(default_factory=dict)
    answered_from: str = ""  # the suggestion accepted last

    def to_json(self) -> dict[str, Any]:
        return {"no": self.no, "clause": self.clause, "mark": self.mark, "kind": self.kind, "text": self.text,
                "chapter": self.chapter, "points": self.points, "category": self.category,
                "location": dict(self.location), "location_label": self.location_label,
                "allowed_answers": list(self.allowed_answers),
                "response": self.response, "deviation": self.deviation, "note": self.note,
                "evidence": self.evidence, "evidence_item": self.evidence_item, "evidence_page": self.evidence_page,
                "answer_choice": self.answer_choice, "status": self.status, "assignee": self.assignee,
                "suggestions": [s.to_json() for s in self.suggestions], "version": self.version,
                "updated_by": self.updated_by, "updated_at": self.updated_at.isoformat() if self.updated_at else None,
                "problems": list(self.problems)}


@dataclass(frozen=True)
class Problem:
    row_no: int
    clause: str
    mark: str
    code: str  # a message code (errors.MESSAGES): why this row is a problem
    detail: str = ""  # what the message names ({detail}): the characters in another region's forms

    def to_json(self) -> dict[str, Any]:
        out = {"row": self.row_no, "clause": self.clause, "mark": self.mark, "code": self.code}
        return {**out, "detail": self.detail} if self.detail else out


@dataclass(frozen=True)
class CheckReport:
    blocking: tuple[Problem, ...]
    warnings: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.blocking

    def for_row(self, no: int) -> tuple[str, ...]:
        return tuple(p.code for p in (*self.blocking, *self.warnings) if p.row_no == no)

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "blocking": [p.to_json() for p in self.blocking],
                "warnings": [p.to_json() for p in self.warnings]}


@dataclass(frozen=True)
class ResponseRights:
    """What one person may do with one response now (the core checks again when asked)."""

    may_edit: bool  # every row (the owner, an admin)
    may_assign: bool  # the owner, an admin
    may_export: bool  # anyone who writes proposals
    rows: frozenset[int] = frozenset()  # the rows this person may edit (all, or those assigned to them)

    def may_edit_row(self, no: int) -> bool:
        return self.may_edit or no in self.rows


@dataclass(frozen=True)
class ResponseSheet:
    """Everything the Responses screen shows of one response, read in one transaction."""

    response: ResponseView
    rows: tuple[RowView, ...]
    rights: ResponseRights
    people: tuple[tuple[str, str], ...]  # (login, label) one may assign rows to
    check: CheckReport | None = None

    def row(self, no: int) -> RowView:
        return next(r for r in self.rows if r.no == no)


@dataclass(frozen=True)
class AutofillReport:
    rows: int  # rows looked at (those without a response)
    suggested: int  # rows given at least one suggestion
    auto_accepted: int  # rows answered from an auto-band suggestion

    def to_json(self) -> dict[str, int]:
        return {"rows": self.rows, "suggested": self.suggested, "auto_accepted": self.auto_accepted}


@dataclass(frozen=True)
class ReadersChange:
    """A tender's readers set or guessed again (``TenderService.set_readers``), and what that did
    to the answers already in its rows."""

    response: ResponseView
    rewritten: int = 0  # answers taken unchanged from the library, written again for the readers
    kept: int = 0  # answers edited (or from another tender) partly in another region's character forms

    def to_json(self) -> dict[str, Any]:
        return {**self.response.to_json(), "rewritten": self.rewritten, "kept": self.kept}


@dataclass(frozen=True)
class RowEventView:
    """One entry of a row's history."""

    row_no: int
    at: dt.datetime
    actor: str
    action: str
    changes: dict[str, Any]
