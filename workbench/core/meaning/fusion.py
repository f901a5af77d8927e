"""Reciprocal-rank fusion of the keyword ranking and the vector ranking (Cormack, Clarke and
Büttcher 2009): an item scores the sum of ``weight / (K + rank)`` over the rankings that hold
it. Ranks, not scores, are fused, so BM25's unbounded scores and cosines in [-1, 1] need no
calibration against each other. Each fused item remembers which leg found it: "words" (the
keyword ranking), "meaning" (the vector ranking) or both."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

K = 60  # the paper's constant: a rank-1 item of one leg is worth about a rank-3 item of both
WORDS = "words"
MEANING = "meaning"


@dataclass(frozen=True)
class Fused:
    id: str
    score: float
    legs: tuple[str, ...]  # WORDS and/or MEANING, in that order
    word_rank: int | None = None  # 1-based
    meaning_rank: int | None = None
    similarity: float | None = None  # the vector leg's cosine, when it found the item


def fuse(
    words: Sequence[str],
    meaning: Sequence[tuple[str, float]],
    word_weight: float = 1.0,
    meaning_weight: float = 1.0,
    k: int = K,
) -> list[Fused]:
    """``words``: ids by keyword rank; ``meaning``: (id, cosine) by vector rank. Ties keep the
    keyword order (a stable sort after the keyword leg's items come first)."""
    score: dict[str, float] = {}
    word_rank: dict[str, int] = {}
    meaning_rank: dict[str, tuple[int, float]] = {}
    for rank, item in enumerate(words, 1):
        if item not in word_rank:
            word_rank[item] = rank
            score[item] = score.get(item, 0.0) + word_weight / (k + rank)
    for rank, (item, similarity) in enumerate(meaning, 1):
        if item not in meaning_rank:
            meaning_rank[item] = (rank, similarity)
            score[item] = score.get(item, 0.0) + meaning_weight / (k + rank)
    order = sorted(score, key=lambda i: -score[i])
    out: list[Fused] = []
    for item in order:
        legs = tuple(leg for leg, found in ((WORDS, item in word_rank), (MEANING, item in meaning_rank)) if found)
        m = meaning_rank.get(item)
        out.append(Fused(item, score[item], legs, word_rank.get(item), m[0] if m else None, m[1] if m else None))
    return out
