"""The words of a retrospective: outcomes and the loss-reason taxonomy the lists start with."""

from __future__ import annotations

from enum import StrEnum

from workbench.core.errors import say


class Outcome(StrEnum):
    WON = "won"
    LOST = "lost"
    NO_DECISION = "no_decision"
    CANCELLED = "cancelled"

    @property
    def competed(self) -> bool:
        """Won or lost: the bids a win rate is computed over (no decision and cancelled are
        counted beside it, never inside it)."""
        return self in (Outcome.WON, Outcome.LOST)


OTHER = "other"

# code -> (English, Chinese): the reasons a new database starts with (migration 0006 seeds them;
# an administrator or review lead adds more or retires some later).
LOSS_REASONS: tuple[tuple[str, str, str], ...] = (
    ("price", "Price", "价格"),
    ("technical_fit", "Technical fit", "技术匹配度"),
    ("relationship", "Relationship", "客户关系"),
    ("timing", "Timing", "时机"),
    ("budget", "Budget", "预算"),
    ("requirements_mismatch", "Requirements mismatch", "需求不匹配"),
    ("competitor_strength", "Competitor strength", "竞争对手实力"),
    ("delivery_risk", "Delivery risk", "交付风险"),
    (OTHER, "Other", "其他"),
)


def outcome_label(outcome: Outcome, lang: str = "en") -> str:
    return say(f"outcome_{outcome.name.lower()}", lang)
