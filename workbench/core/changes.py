"""What a write changed, so each view refreshes only when its own part did (anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class OpChanges:
    knowledge: bool = False
    users: bool = False
    proposals: bool = False
    review: bool = False
    retro: bool = False
    index: bool = False  # the search index must catch up with the database
    gaps: bool = False  # searches that found nothing (the content-gap lists)
    tenders: bool = False  # tender / questionnaire responses and their rows

    def __or__(self, other: OpChanges) -> OpChanges:
        return OpChanges(**{f: getattr(self, f) or getattr(other, f) for f in self.__dataclass_fields__})

    def any(self) -> bool:
        return any(getattr(self, f) for f in self.__dataclass_fields__)


@dataclass(frozen=True)
class OpResult(Generic[T]):
    value: T
    changes: OpChanges
