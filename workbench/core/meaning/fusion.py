"""Fusing the keyword ranking and the vector ranking, two ways, neither learned:

- ``blend`` (used): an item scores its cosine with the query (0 when the vector leg did not find
  it) plus a bonus for its keyword rank, ``word_weight / (k + rank)``. BM25's scores are
  unbounded and not comparable between queries, so the keyword leg contributes its rank only;
  the cosine is kept as it is because it *is* comparable (an item at 0.5 is a paraphrase, at 0.1
  unrelated), which plain rank fusion throws away.
- ``fuse``: reciprocal-rank fusion (Cormack, Clarke and Büttcher 2009), the sum of
  ``weight / (K + rank)`` over the rankings. On bench/relevance_bench.py it lost to ``blend``
  (hit@1 0.75 against 0.79 at its best weights): a cross-language query's keyword leg returns
  items that share one incidental word, and ranks alone cannot tell them from real matches.

Each fused item remembers which leg found it: "words" (the keyword ranking), "meaning" (the
vector ranking) or both."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


def _fused(item: str, score: float, word_rank: dict[str, int], meaning_rank: dict[str, tuple[int, float]]) -> Fused:
    legs = tuple(leg for leg, found in ((WORDS, item in word_rank), (MEANING, item in meaning_rank)) if found)
    m = meaning_rank.get(item)
    return Fused(item, score, legs, word_rank.get(item), m[0] if m else None, m[1] if m else None)


def _ranks(words: Sequence[str], meaning: Sequence[tuple[str, float]]) -> tuple[dict[str, int], dict[str, tuple[int, float]]]:
    word_rank: dict[str, int] = {}
    for rank, item in enumerate(words, 1):
        word_rank.setdefault(item, rank)
    meaning_rank: dict[str, tuple[int, float]] = {}
    for rank, (item, similarity) in enumerate(meaning, 1):
        meaning_rank.setdefault(item, (rank, similarity))
    return word_rank, meaning_rank


def blend(words: Sequence[str], meaning: Sequence[tuple[str, float]], word_weight: float, k: float,
          shares: Mapping[str, float] | None = None) -> list[Fused]:
    """``words``: ids by keyword rank; ``meaning``: (id, cosine) by vector rank. Best first; ties
    keep the keyword order. ``shares``: a keyword hit's bonus multiplied by its share (0..1) of
    what the words asked for (1 for an id not in it)."""
    word_rank, meaning_rank = _ranks(words, meaning)
    score = {item: word_weight * (shares.get(item, 1.0) if shares else 1.0) / (k + rank)
             for item, rank in word_rank.items()}
    for item, (_rank, similarity) in meaning_rank.items():
        score[item] = score.get(item, 0.0) + similarity
    order = sorted(score, key=lambda i: -score[i])
    return [_fused(item, score[item], word_rank, meaning_rank) for item in order]


def fuse(
    words: Sequence[str],
    meaning: Sequence[tuple[str, float]],
    word_weight: float = 1.0,
    meaning_weight: float = 1.0,
    k: int = K,
) -> list[Fused]:
    """``words``: ids by keyword rank; ``meaning``: (id, cosine) by vector rank. Ties keep the
    keyword order (a stable sort after the keyword leg's items come first)."""
    word_rank, meaning_rank = _ranks(words, meaning)
    score = {item: word_weight / (k + rank) for item, rank in word_rank.items()}
    for item, (rank, _similarity) in meaning_rank.items():
        score[item] = score.get(item, 0.0) + meaning_weight / (k + rank)
    order = sorted(score, key=lambda i: -score[i])
    return [_fused(item, score[item], word_rank, meaning_rank) for item in order]
