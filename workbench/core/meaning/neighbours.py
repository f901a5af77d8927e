"""Items close to each other in meaning, for near-duplicate detection: an item against the
library, or every item against every other (the duplicates view), on the matrix the vector leg
already keeps (nothing is encoded for items; a draft's text is encoded once).

A pair scores by its best pair of passages: the highest cosine between any passage of one and any
passage of the other (symmetric, and a long item that repeats a short one somewhere scores as
the repeat). ``all_pairs`` finds every passage's few nearest passages of other items at once, in
tiles of the matrix product over its upper triangle (a score serves its row and its column):
a tile's scores are compared with each row's and column's bar (its k-th best so far, first
from a sample of rows) and only the few that pass are merged, never a sort of every score nor a
Python loop over pairs; memory is a tile and k candidates a passage, whatever the library. A
large library's matrix holds coarse projections (matrix.py); there the pairs the coarse step
finds within ``COARSE_MARGIN`` of the threshold are re-scored exactly from their full vectors,
read from the file a chunk of pairs at a time."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from workbench.core.meaning.matrix import Matrix, _one_thread
from workbench.core.meaning.passages import passages
from workbench.core.meaning.vectors import VectorKeeper

TILE = 1024  # rows and columns of one tile of the product: 4 MB of float32 scores held at once
SAMPLE = 4096  # rows each row is first compared with, for a first bar its candidates must reach
MERGE_AT = 200_000  # candidates waiting before they are merged into the rows' best (a few MB)
DENSE = 4  # a tile where more than this many times k scores a row pass is cut to k a row
EXACT_AT_ONCE = 512  # pairs re-scored from the file at a time (their rows and passage pairs: about 8 MB)
# a coarse (64-direction) score is within about this of the exact cosine for near pairs (the
# directions left out carry 5 % of the variance; the int8 rounding moves it by a few thousandths);
# pairs below threshold - margin are not re-scored
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


Progress = Callable[[int, int], None]  # (work done, work in all)
RowsOf = Callable[[slice | np.ndarray], np.ndarray]  # float32 rows of the matrix (Matrix.coarse_rows)


def _by_row_then_score(a: np.ndarray, s: np.ndarray) -> np.ndarray:
    """The order of ``a`` ascending, then ``s`` (cosines, within [-1, 1]) descending: one sort
    of one float64 key (a lexsort of the two costs several times more)."""
    return np.argsort(a.astype(np.float64) * 4.0 + (1.0 - s.astype(np.float64)))


def _merge(best_i: np.ndarray, best_s: np.ndarray, kth: np.ndarray, a: np.ndarray, b: np.ndarray,
           s: np.ndarray, floor: float) -> None:
    """Rows ``a`` get candidates ``b`` scoring ``s``: each touched row keeps its ``k`` best
    (``best_i``/``best_s`` (rows, k), -1/-inf for none) and ``kth`` becomes its k-th best so far
    (``floor`` while it has fewer), the bar a later candidate must reach."""
    k = best_i.shape[1]
    touched = np.unique(a)
    old_i, old_s = best_i[touched], best_s[touched]
    held = old_i.ravel() >= 0
    a = np.concatenate([np.repeat(touched, k)[held], a])
    b = np.concatenate([old_i.ravel()[held], b])
    s = np.concatenate([old_s.ravel()[held], s])
    order = _by_row_then_score(a, s)
    a, b, s = a[order], b[order], s[order]
    starts = np.flatnonzero(np.r_[True, a[1:] != a[:-1]])
    rank = np.arange(len(a)) - np.repeat(starts, np.diff(np.r_[starts, len(a)]))
    keep = rank < k
    best_i[touched], best_s[touched] = -1, -np.inf
    best_i[a[keep], rank[keep]], best_s[a[keep], rank[keep]] = b[keep], s[keep]
    # a full row takes only a candidate that beats its k-th best: the next float up, so that a
    # library of identical copies does not offer every tie again in every later tile
    kth[touched] = np.maximum(np.nextafter(best_s[touched, k - 1], np.float32(np.inf)), floor)


def _first_bars(rows: RowsOf, owners: np.ndarray, k: int, floor: float) -> np.ndarray:
    """Each row's k-th best score against a sample of SAMPLE rows of other items (at least
    ``floor``): never above its k-th best against every row, so a bar no true candidate
    misses, and high enough that the first tiles do not offer every score above the floor."""
    n = len(owners)
    if n <= 4 * SAMPLE:
        return np.full(n, floor, dtype=np.float32)
    picked = np.sort(np.random.default_rng(n).choice(n, SAMPLE, replace=False))
    sample = rows(picked).T
    bars = np.empty(n, dtype=np.float32)
    for r0 in range(0, n, TILE):
        r1 = min(n, r0 + TILE)
        scores = rows(slice(r0, r1)) @ sample
        scores[owners[r0:r1, None] == owners[None, picked]] = -np.inf
        bars[r0:r1] = np.partition(scores, SAMPLE - k, axis=1)[:, SAMPLE - k]
    return np.maximum(bars, floor)


def _tile_best(scores: np.ndarray, bars: np.ndarray, r0: int, c0: int, k: int
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, score) of each row's ``k`` best scores in a tile that reach its bar."""
    k = min(k, scores.shape[1])
    top = np.argpartition(scores, scores.shape[1] - k, axis=1)[:, -k:]
    got = np.take_along_axis(scores, top, axis=1)
    rr, j = np.nonzero(got >= bars[:, None])
    return rr + r0, top[rr, j] + c0, got[rr, j]


def _nearest_rows(rows: RowsOf, owners: np.ndarray, k: int, floor: float,
                  progress: Progress | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``k`` best rows of other items scoring ``floor`` or more: (indexes, scores),
    both (rows, k), -1 / -inf where there are fewer. Exact, in tiles of TILE x TILE scores
    (memory bounded whatever the library), over the upper triangle only (a tile's score is the
    row's candidate and the column's too). A candidate is kept only when it beats its row's
    k-th best so far: after the first tiles almost none does, so the cost is the products and
    one comparison a score, never a sort of every score."""
    n = len(owners)
    best_i = np.full((n, k), -1, dtype=np.int64)
    best_s = np.full((n, k), -np.inf, dtype=np.float32)
    kth = _first_bars(rows, owners, k, floor)
    tiles = [(r0, c0) for r0 in range(0, n, TILE) for c0 in range(r0, n, TILE)]
    held: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    waiting = 0
    for done, (r0, c0) in enumerate(tiles):
        r1, c1 = min(n, r0 + TILE), min(n, c0 + TILE)
        if c0 == r0:  # a new row of tiles
            left = rows(slice(r0, r1))
        scores = left @ rows(slice(c0, c1)).T
        if owners[r1 - 1] >= owners[c0]:  # near the diagonal: an item's own passages are not candidates
            scores[owners[r0:r1, None] == owners[None, c0:c1]] = -np.inf
        bar_r, bar_c = kth[r0:r1, None], kth[None, c0:c1]
        passed = scores >= (bar_r if r0 == c0 else np.minimum(bar_r, bar_c))
        if np.count_nonzero(passed) > DENSE * k * TILE:
            # many pass (near-copies by the hundred): each row's and column's k best in the tile
            # only, so what waits stays a few per row whatever the library
            held.append(_tile_best(scores, bar_r[:, 0], r0, c0, k))
            if r0 != c0:
                held.append(_tile_best(scores.T, bar_c[0], c0, r0, k))
        else:
            rr, cc = np.nonzero(passed)
            s = scores[rr, cc]
            by_row = s >= kth[rr + r0]
            held.append((rr[by_row] + r0, cc[by_row] + c0, s[by_row]))
            if r0 != c0:
                by_col = s >= kth[cc + c0]
                held.append((cc[by_col] + c0, rr[by_col] + r0, s[by_col]))
        del scores, passed
        waiting = sum(len(part[0]) for part in held)
        # the bars rise when the candidates are merged: once a row of tiles, or sooner when many wait
        if held and (waiting >= MERGE_AT or c1 == n):
            a, b, s = (np.concatenate(part) for part in zip(*held, strict=True))
            _merge(best_i, best_s, kth, a, b, s, floor)
            held, waiting = [], 0
        if progress is not None:
            progress(done + 1, len(tiles))
    return best_i, best_s


def _item_pairs(best_i: np.ndarray, best_s: np.ndarray, owners: np.ndarray,
                per_item: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(item, other item, score): each item's ``per_item`` best other items by its passages'
    best candidates, then one row per unordered pair (smaller index first), its best score."""
    k = best_i.shape[1]
    held = best_i.ravel() >= 0
    a = np.repeat(owners, k)[held]
    b = owners[best_i.ravel()[held]]
    s = best_s.ravel()[held]
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
    a, b, s = a[keep], b[keep], s[keep]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    order = np.lexsort((-s, hi, lo))
    lo, hi, s = lo[order], hi[order], s[order]
    first = np.ones(len(lo), dtype=bool)
    first[1:] = (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])
    return lo[first], hi[first], s[first]


def _exact(matrix: Matrix, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The exact best-passage-pair cosine of each pair of item indexes, from the full vectors
    in the file, EXACT_AT_ONCE pairs at a time: their items' rows read once (front to back),
    then every passage of one against every passage of the other in one product a chunk."""
    assert matrix.exact is not None and matrix.file_starts is not None
    counts = np.diff(np.append(matrix.starts, len(matrix.rows)))
    out = np.empty(len(lo), dtype=np.float32)
    for at in range(0, len(lo), EXACT_AT_ONCE):
        x, y = lo[at : at + EXACT_AT_ONCE], hi[at : at + EXACT_AT_ONCE]
        items = np.unique(np.concatenate([x, y]))
        full = matrix.exact.spans(matrix.file_starts[items], counts[items]).astype(np.float32)
        first = np.concatenate([[0], np.cumsum(counts[items])[:-1]])
        fx, fy = first[np.searchsorted(items, x)], first[np.searchsorted(items, y)]
        nx, ny = counts[x], counts[y]
        # every (passage of x, passage of y) of every pair: pair p has nx[p] * ny[p] of them
        combos = nx * ny
        pair = np.repeat(np.arange(len(x)), combos)
        offset = np.arange(int(combos.sum())) - np.repeat(np.cumsum(combos) - combos, combos)
        rx = fx[pair] + offset // ny[pair]
        ry = fy[pair] + offset % ny[pair]
        cosine = np.einsum("ij,ij->i", full[rx], full[ry])
        best = np.full(len(x), -np.inf, dtype=np.float32)
        np.maximum.at(best, pair, cosine)
        out[at : at + len(x)] = best
    return out


def all_pairs(keeper: VectorKeeper, threshold: float, per_item: int = 5,
              progress: Progress | None = None) -> list[tuple[str, str, float]] | None:
    """Every pair of items whose best passages reach ``threshold``, each pair once (the
    smaller slug first), best first; each item offers only its ``per_item`` nearest items (so
    at most ``per_item`` pairs an item, whatever the library). None when no item has vectors
    yet. ``progress`` hears (tiles done, tiles) after each tile."""
    matrix = _matrix(keeper)
    recent = matrix.recent
    if not matrix.slugs and recent is None:
        return None
    out: dict[tuple[str, str], float] = {}
    hidden = recent.hidden if recent is not None else frozenset()
    if len(matrix.rows):
        coarse = matrix.projection is not None
        floor = threshold - COARSE_MARGIN if coarse else threshold
        # a passage's best passages of other items: enough for its item's few nearest items
        # (an item's other passages rarely crowd the list: most items have one or two)
        with _one_thread():
            best_i, best_s = _nearest_rows(matrix.coarse_rows, matrix.owners, 2 * per_item + 1, floor, progress)
        lo, hi, s = _item_pairs(best_i, best_s, matrix.owners, per_item)
        del best_i, best_s
        if coarse and len(lo):
            with _one_thread():
                s = _exact(matrix, lo, hi)
        keep = s >= threshold
        for i, j, score in zip(lo[keep].tolist(), hi[keep].tolist(), s[keep].tolist(), strict=True):
            x, y = matrix.slugs[i], matrix.slugs[j]
            if x not in hidden and y not in hidden:
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


