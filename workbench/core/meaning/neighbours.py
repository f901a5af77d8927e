"""Items close to each other in meaning, for near-duplicate detection: an item against the
library, or every item against every other (the duplicates view), on the matrix the vector leg
already keeps (nothing is encoded for items; a draft's text is encoded once).

A pair scores by its best pair of passages: the highest cosine between any passage of one and any
passage of the other (symmetric, and a long item that repeats a short one somewhere scores as
the repeat). ``all_pairs`` asks every passage's few nearest items at once, a block of passages
per matrix product (never a Python loop over pairs): at 50k items that is one pass over the
matrix per block, in memory bounded by ``BLOCK_CELLS``. A large library's matrix holds coarse
projections (matrix.py); there the pairs the coarse step finds within ``COARSE_MARGIN`` of the
threshold are re-scored exactly from their full vectors."""

from __future__ import annotations

import numpy as np

from workbench.core.meaning.matrix import Matrix, _one_thread
from workbench.core.meaning.passages import passages
from workbench.core.meaning.vectors import VectorKeeper

BLOCK_CELLS = 2_000_000  # scores held at once (8 MB of float32, 16 MB of their ranks): passages per block = this / rows
# a coarse (64-direction) score is within about this of the exact cosine for near pairs (the
# directions left out carry 5 % of the variance); pairs below threshold - margin are not re-scored
COARSE_MARGIN = 0.12


def _matrix(keeper: VectorKeeper) -> Matrix:
    """The matrix the vector leg searches (loaded from the files if it was not yet)."""
    keeper.ensure_loaded()
    return keeper._matrix  # same package: the keeper swaps it in one assignment, read once


def _best_per_item(matrix: Matrix, queries: np.ndarray, limit: int) -> dict[str, float]:
    """Items by the best cosine of any of ``queries`` (full vectors) with their best passage."""
    best: dict[str, float] = {}
    for query in queries:
        for slug, cosine in matrix.best(np.ascontiguousarray(query, dtype=np.float32), limit):
            if cosine > best.get(slug, -1.0):
                best[slug] = cosine
    return best


def item_neighbours(keeper: VectorKeeper, slug: str, limit: int = 5) -> list[tuple[str, float]] | None:
    """The ``limit`` items closest to an item (itself left out), best first; None when the item
    has no vectors yet (the first build is still running, or it was saved a moment ago)."""
    matrix = _matrix(keeper)
    rows = matrix.rows_of(slug)
    if rows is None or len(rows) == 0:
        return None
    best = _best_per_item(matrix, rows, limit + 1)
    best.pop(slug, None)
    return sorted(best.items(), key=lambda sc: -sc[1])[:limit]


def text_neighbours(keeper: VectorKeeper, title: str, body: str, limit: int = 5) -> list[tuple[str, float]] | None:
    """The ``limit`` items closest to a text not saved yet (a draft: its passages are encoded
    here); None when no item has vectors yet."""
    matrix = _matrix(keeper)
    if not matrix.slugs and matrix.recent is None:
        return None
    queries = keeper.encoder.encode(passages(title, body, keeper.encoder.window))
    return sorted(_best_per_item(matrix, queries, limit).items(), key=lambda sc: -sc[1])[:limit]


def _pairs_of_block(scores: np.ndarray, owners: np.ndarray, query_owners: np.ndarray, k: int,
                    floor: float, per_item: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(item, other item, score): each query item's ``per_item`` best other items among its
    passages' ``k`` best passages scoring at least ``floor`` (its own passages left out)."""
    k = min(k, scores.shape[1])
    top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    got = np.take_along_axis(scores, top, axis=1)
    a = np.repeat(query_owners, k)
    b = owners[top.ravel()]
    s = got.ravel()
    keep = (s >= floor) & (a != b)
    a, b, s = a[keep], b[keep], s[keep]
    # one row per (item, other item), its best score; then an item's ``per_item`` best
    order = np.lexsort((-s, b, a))
    a, b, s = a[order], b[order], s[order]
    first = np.ones(len(a), dtype=bool)
    first[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    a, b, s = a[first], b[first], s[first]
    order = np.lexsort((-s, a))
    a, b, s = a[order], b[order], s[order]
    starts = np.flatnonzero(np.r_[True, a[1:] != a[:-1]]) if len(a) else np.zeros(0, dtype=np.int64)
    rank = np.arange(len(a)) - np.repeat(starts, np.diff(np.r_[starts, len(a)]))
    keep = rank < per_item
    return a[keep], b[keep], s[keep]


def _best_of_pairs(a: np.ndarray, b: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One row per unordered pair (smaller index first), its highest score."""
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    order = np.lexsort((-s, hi, lo))
    lo, hi, s = lo[order], hi[order], s[order]
    first = np.ones(len(lo), dtype=bool)
    first[1:] = (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])
    return lo[first], hi[first], s[first]


def _exact(matrix: Matrix, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The exact best-passage-pair cosine of each pair of item indexes (``lo`` ascending), from
    the full vectors in the file: one item's rows held at a time beside its partner's."""
    out = np.empty(len(lo), dtype=np.float32)
    current, rows = -1, np.zeros((0, 1), dtype=np.float32)
    for at, (i, j) in enumerate(zip(lo.tolist(), hi.tolist(), strict=True)):
        if i != current:
            current, rows = i, matrix.item_rows(i)
        out[at] = float(np.max(rows @ matrix.item_rows(j).T))
    return out


def all_pairs(keeper: VectorKeeper, threshold: float, per_item: int = 5) -> list[tuple[str, str, float]] | None:
    """Every pair of items whose best passages reach ``threshold``, each pair once (the
    smaller slug first), best first; each item offers only its ``per_item`` nearest items (so
    at most ``per_item`` pairs an item, whatever the library). None when no item has vectors yet."""
    matrix = _matrix(keeper)
    recent = matrix.recent
    if not matrix.slugs and recent is None:
        return None
    out: dict[tuple[str, str], float] = {}
    hidden = recent.hidden if recent is not None else frozenset()
    n_rows = len(matrix.rows)
    if n_rows:
        coarse = matrix.projection is not None
        floor = threshold - COARSE_MARGIN if coarse else threshold
        # a query passage's best passages: enough for its few nearest items (an item's other
        # passages rarely crowd the list: most items have one or two)
        k = 2 * (per_item + 1)
        block = max(16, BLOCK_CELLS // n_rows)
        found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        with _one_thread():
            for start in range(0, n_rows, block):
                scores = matrix.rows[start : start + block] @ matrix.rows.T
                found.append(_pairs_of_block(
                    scores, matrix.owners, matrix.owners[start : start + block], k, floor, per_item))
                del scores
        lo, hi, s = _best_of_pairs(*(np.concatenate(parts) for parts in zip(*found, strict=True)))
        if coarse and len(lo):
            s = _exact(matrix, lo, hi)
        for i, j, score in zip(lo.tolist(), hi.tolist(), s.tolist(), strict=True):
            x, y = matrix.slugs[i], matrix.slugs[j]
            if score >= threshold and x not in hidden and y not in hidden:
                out[(min(x, y), max(x, y))] = score
    if recent is not None:  # items saved since the matrix was built: each asked on its own
        for slug in recent.slugs:
            for other, score in item_neighbours(keeper, slug, per_item) or []:
                if score >= threshold:
                    key = (min(slug, other), max(slug, other))
                    out[key] = max(score, out.get(key, -1.0))
    return sorted(((x, y, round(c, 3)) for (x, y), c in out.items()), key=lambda t: (-t[2], t[0], t[1]))


def pair_cosine(keeper: VectorKeeper, a: str, b: str) -> float | None:
    """The best-passage-pair cosine of two items (None: one of them has no vectors)."""
    matrix = _matrix(keeper)
    ra, rb = matrix.rows_of(a), matrix.rows_of(b)
    if ra is None or rb is None or not len(ra) or not len(rb):
        return None
    return float(np.max(ra @ rb.T))


