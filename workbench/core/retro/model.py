"""Plain values for retrospectives, and the checks on what a person enters (pure: no database).

Every problem found names the field it belongs to (``field`` in its params), so a form can show
the message beside that field and keep everything the person typed."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from workbench.core.errors import InvalidInput, WorkbenchError, say
from workbench.core.proposals.model import ProposalView
from workbench.core.retro.taxonomy import OTHER, Outcome, outcome_label

MAX_VALUE = Decimal("9999999999999.99")
SATISFACTION = range(1, 6)
_AMOUNT = re.compile(r"^\d{1,3}(,\d{3})+(\.\d{1,2})?$|^\d+(\.\d{1,2})?$")


@dataclass(frozen=True)
class RetroInput:
    """What a person says about a decided bid. ``reasons`` are codes from the managed list, the
    first one primary; ``lessons`` are new lessons (each becomes a knowledge item, or adds this
    bid to the item that says it already)."""

    outcome: str
    decided_on: dt.date | str | None = None
    value: Decimal | str | None = None
    reasons: tuple[str, ...] = ()
    other_reason: str = ""
    competitors: tuple[str, ...] = ()
    satisfaction: int | str | None = None
    what_worked: str = ""
    to_improve: str = ""
    lessons: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckedInput:
    outcome: Outcome
    decided_on: dt.date
    value: Decimal | None
    reasons: tuple[str, ...]
    other_reason: str
    competitors: tuple[str, ...]
    satisfaction: int | None
    what_worked: str
    to_improve: str
    lessons: tuple[str, ...]


def _problem(code: str, field_name: str, **params: object) -> InvalidInput:
    return InvalidInput(code, field=field_name, **params)


def parse_outcome(value: str) -> Outcome:
    if not str(value or "").strip():  # a form's "— choose —": nothing is chosen for the person
        raise InvalidInput("retro_outcome_missing", field="outcome")
    try:
        return Outcome(str(value).strip().lower().replace(" ", "_").replace("-", "_"))
    except ValueError:
        raise InvalidInput("retro_outcome_invalid", value=value, field="outcome") from None


def parse_value(value: Decimal | str | None) -> Decimal | None:
    """An amount: '1200000', '1,200,000.50', '1 200 000'; empty is unknown."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        amount = value
    else:
        text = str(value).strip().replace(" ", "").replace("\u00a0", "").replace("，", ",")
        if not text:
            return None
        if not _AMOUNT.match(text):
            raise InvalidInput("retro_value_invalid", value=value, field="value")
        try:
            amount = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise InvalidInput("retro_value_invalid", value=value, field="value") from None
    if not amount.is_finite() or amount < 0 or amount > MAX_VALUE or amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput("retro_value_invalid", value=value, field="value")
    return amount.quantize(Decimal("0.01"))


def parse_satisfaction(value: int | str | None) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise InvalidInput("retro_satisfaction_range", value=value, field="satisfaction") from None
    if number not in SATISFACTION:
        raise InvalidInput("retro_satisfaction_range", value=value, field="satisfaction")
    return number


def parse_decided_on(value: dt.date | str | None, today: dt.date) -> dt.date:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput("retro_date_missing", field="decided_on")
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInput("invalid_date", value=value, field="decided_on") from None
    if day > today:
        raise InvalidInput("retro_date_future", value=day.isoformat(), field="decided_on")
    return day


def competitor_key(name: str) -> str:
    """One competitor however it is typed: case and inner spaces folded."""
    return " ".join(name.split()).casefold()


def clean_lines(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        text = str(v).strip()
        if text and text not in out:
            out.append(text)
    return tuple(out)


def check(raw: RetroInput, known_reasons: dict[str, bool], today: dt.date) -> CheckedInput:
    """Validate everything at once; raise one ``retro_invalid`` listing every problem.
    ``known_reasons`` maps each code on the managed list to whether it is still active."""
    problems: list[WorkbenchError] = []
    outcome: Outcome | None = None
    decided_on: dt.date | None = None
    value: Decimal | None = None
    satisfaction: int | None = None
    try:
        outcome = parse_outcome(raw.outcome)
    except WorkbenchError as exc:
        problems.append(exc)
    try:
        decided_on = parse_decided_on(raw.decided_on, today)
    except WorkbenchError as exc:
        problems.append(exc)
    try:
        value = parse_value(raw.value)
    except WorkbenchError as exc:
        problems.append(exc)
    try:
        satisfaction = parse_satisfaction(raw.satisfaction)
    except WorkbenchError as exc:
        problems.append(exc)
    reasons = tuple(dict.fromkeys(r.strip().lower() for r in raw.reasons if r.strip()))
    choices = ", ".join(code for code, active in known_reasons.items() if active)
    for code in reasons:
        if code not in known_reasons:
            problems.append(_problem("retro_reason_unknown", "reasons", value=code, choices=choices))
        elif not known_reasons[code]:
            problems.append(_problem("retro_reason_retired", "reasons", value=code))
    if outcome is Outcome.LOST and not reasons:
        problems.append(_problem("retro_reason_required", "reasons"))
    other_reason = raw.other_reason.strip()
    if OTHER in reasons and not other_reason:
        problems.append(_problem("retro_other_text", "other_reason"))
    competitors: list[str] = []
    seen: set[str] = set()
    for name in raw.competitors:
        clean = " ".join(str(name).split())
        if not clean:
            continue
        if len(clean) > 120:
            problems.append(_problem("retro_competitor_invalid", "competitors", value=clean[:40] + "…"))
        elif competitor_key(clean) not in seen:
            seen.add(competitor_key(clean))
            competitors.append(clean)
    if problems:
        raise InvalidInput("retro_invalid", count=len(problems), problems=problems)
    assert outcome is not None and decided_on is not None
    return CheckedInput(
        outcome=outcome, decided_on=decided_on, value=value, reasons=reasons,
        other_reason=other_reason if OTHER in reasons else "", competitors=tuple(competitors),
        satisfaction=satisfaction, what_worked=raw.what_worked.strip(), to_improve=raw.to_improve.strip(),
        lessons=clean_lines(raw.lessons),
    )


@dataclass(frozen=True)
class ReasonView:
    code: str
    label_en: str
    label_zh: str
    active: bool

    def label(self, lang: str = "en") -> str:
        return self.label_zh if lang.startswith("zh") else self.label_en


@dataclass(frozen=True)
class LessonRef:
    slug: str
    title: str


@dataclass(frozen=True)
class WrittenLesson:
    """A lesson the library already states word for word (``lesson_key``): recording it again
    adds the bid to this item instead of writing a new one."""

    slug: str
    title: str
    bids: int  # the retrospectives that list it so far


@dataclass(frozen=True)
class RetroView:
    proposal: str
    title: str
    customer: str
    industry: str
    author: str
    outcome: Outcome
    decided_on: dt.date
    value: Decimal | None
    reasons: tuple[str, ...]  # codes, primary first
    other_reason: str
    competitors: tuple[str, ...]
    satisfaction: int | None
    what_worked: str
    to_improve: str
    lessons: tuple[LessonRef, ...]
    recorded_by: str
    recorded_at: dt.datetime
    updated_by: str
    updated_at: dt.datetime
    version: int  # pass back as expected_version: a change by someone else meanwhile is a conflict

    @property
    def primary_reason(self) -> str | None:
        return self.reasons[0] if self.reasons else None

    @property
    def complete(self) -> bool:
        """Whether the team wrote down what it learned (not only the outcome)."""
        return bool(self.what_worked or self.to_improve or self.lessons)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.proposal, "title": self.title, "customer": self.customer, "industry": self.industry,
            "author": self.author, "outcome": self.outcome.value, "decided_on": self.decided_on.isoformat(),
            "value": str(self.value) if self.value is not None else None, "reasons": list(self.reasons),
            "primary_reason": self.primary_reason, "other_reason": self.other_reason,
            "competitors": list(self.competitors), "satisfaction": self.satisfaction,
            "what_worked": self.what_worked, "to_improve": self.to_improve,
            "lessons": [{"id": lesson.slug, "title": lesson.title} for lesson in self.lessons],
            "complete": self.complete, "recorded_by": self.recorded_by, "updated_by": self.updated_by,
            "updated_at": self.updated_at.isoformat(), "version": self.version,
        }


class DueKind:
    NO_RETROSPECTIVE = "no_retrospective"  # decided (won or lost), nothing learned written down
    NO_OUTCOME = "no_outcome"  # the bid deadline passed and no outcome is recorded


@dataclass(frozen=True)
class DueBid:
    proposal: str
    title: str
    customer: str
    author: str
    status: str
    bid_deadline: dt.date | None
    why: str  # DueKind
    outcome: Outcome | None = None
    decided_on: dt.date | None = None
    days: int = 0  # since the decision, or since the deadline

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.proposal, "title": self.title, "customer": self.customer, "author": self.author,
            "status": self.status, "why": self.why,
            "bid_deadline": self.bid_deadline.isoformat() if self.bid_deadline else None,
            "outcome": self.outcome.value if self.outcome else None,
            "decided_on": self.decided_on.isoformat() if self.decided_on else None, "days": self.days,
        }

    def describe(self, lang: str = "en") -> str:
        if self.why == DueKind.NO_OUTCOME:
            return say("retro_due_no_outcome", lang, days=self.days)
        label = outcome_label(self.outcome, lang) if self.outcome else ""
        return say("retro_due_no_retro", lang, label=label, days=self.days)


@dataclass(frozen=True)
class Lists:
    """The managed lists a form offers."""

    reasons: tuple[ReasonView, ...]  # active ones, in list order
    competitors: tuple[str, ...]  # active ones, by name


@dataclass(frozen=True)
class BidRow:
    """A proposal as the retrospectives screen lists it: its outcome, if any."""

    proposal: str
    title: str
    customer: str
    author: str
    status: str
    bid_deadline: dt.date | None
    outcome: Outcome | None
    decided_on: dt.date | None
    complete: bool  # a retrospective says what was learned


@dataclass(frozen=True)
class RetroFormModel:
    """What the retrospective form shows one person for one proposal, read in one transaction."""

    proposal: ProposalView
    retro: RetroView | None  # None until an outcome is recorded
    lists: Lists  # the loss reasons and competitors to choose from
    may_record: bool  # whether this person may record or change it
