"""What a query multiplies: the live passage vectors grouped per item, so an item scores by its
best passage.

A small library is one float32 matrix in memory (one BLAS product per query). From
``COARSE_FROM`` passages on, a product over every full vector costs more than the target (it
streams the whole matrix from memory for each query: 200 MB at 50k items of two passages), so a
large library is searched in two steps: every passage projected onto the ``COARSE_DIM``
directions that carry most of the library's variance, then the best ``RESCORE_MIN`` (or more)
candidate items re-scored exactly from their float16 rows in the file. On 3,300 encoded passages
of the search benchmark's corpus, 64 directions kept 95 % of the variance, and the coarse top 100
items held 99.7 % of the exact top 10 (128 directions: 100 %, at twice the time and memory).

The projections are kept as int8, each row with its own scale (its largest value / 127): a
quarter of float32's memory (5.8 MB at 90k passages where float32 took 22). The rounding moves a
passage's coarse score by under half a step of its row's scale, far less than the directions
left out move it: on the relevance benchmark's 50k-item library (90k passages, 328 queries) the
best item was the same as with float32 projections for 325 queries, and the items returned
scored as high (their mean cosine 0.0035 under the exact top 10's, both ways; the three
differences are near copies within 0.01 of each other: that library's vectors are near copies
of 300 encodings). The product converts ``CHUNK`` rows at a time to float32 (numpy has no BLAS
product for int8 or float16): about 0.75 ms at 90k passages on one core against 0.5 for float32
rows; float16 rows took 8 ms.

The file is read with plain reads, never memory-mapped: pages of a mapping count in the
process's resident set for as long as they stay mapped (building from a mapping left the whole
100 MB file of a 50k-item library resident), while pages read into the page cache do not, and a
rescore reads only its candidates' rows (an item's passages are adjacent in the file)."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from workbench.core.meaning.passages import MAX_PASSAGES

COARSE_FROM = 20_000  # passages
COARSE_DIM = 64
SAMPLE = 4000  # passages the projection is fitted on
RESCORE = 4  # candidate items re-scored exactly: this many times the items asked for...
RESCORE_MIN = 200  # ...and at least this many
BLOCK = 2048  # rows read at a time while building (2 MB: freed memory goes back to the system)
CHUNK = 16384  # coarse rows converted to float32 at a time for a product (4 MB)


def _top(scores: np.ndarray, limit: int) -> np.ndarray:
    limit = min(limit, len(scores))
    top = np.argpartition(-scores, limit - 1)[:limit]
    return top[np.argsort(-scores[top], kind="stable")]


def _best_items(scores: np.ndarray, owners: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``limit`` items with the best passage (item indexes, their best scores), best first.
    Exact from the top ``limit * MAX_PASSAGES`` passages alone: a passage scoring above the
    limit-th item's best belongs to one of the items above it, which have at most
    ``MAX_PASSAGES`` each. (A per-item maximum over every passage costs more than the product.)"""
    top = _top(scores, limit * MAX_PASSAGES)
    owner = owners[top]
    _unique, first = np.unique(owner, return_index=True)
    first.sort()
    first = first[:limit]
    return owner[first], scores[top[first]]


_limits: Callable[..., Any] | None = None
_limits_lock = threading.Lock()


def _one_thread() -> Any:
    """BLAS held to one thread for a product (more threads fight the UI and the indexer for two
    cores); found once per process."""
    global _limits
    with _limits_lock:
        if _limits is None:
            from threadpoolctl import ThreadpoolController

            _limits = ThreadpoolController().limit
    return _limits(limits=1, user_api="blas")


class RowFile:
    """Float16 rows of ``dim`` columns read from an open file (kept open: after a compaction
    replaced the file, this matrix goes on reading the rows it was built from)."""

    def __init__(self, path: Path, dim: int) -> None:
        self.dim = dim
        self.row_bytes = dim * 2
        self._file: io.FileIO = io.FileIO(path, "rb")
        self._lock = threading.Lock()

    def read(self, start: int, count: int) -> np.ndarray:
        return self.spans(np.array([start]), np.array([count]))

    def spans(self, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """The rows of several (start, count) spans, one after the other (one read per span:
        a candidate item's passages are adjacent in the file)."""
        out = np.empty((int(counts.sum()), self.dim), dtype=np.float16)
        view = memoryview(out.data).cast("B")
        at = 0
        with self._lock:
            for start, count in zip(starts.tolist(), counts.tolist(), strict=True):
                size = count * self.row_bytes
                self._file.seek(start * self.row_bytes)
                if self._file.readinto(view[at : at + size]) != size:
                    raise OSError("the vector file ended before the rows its manifest names")
                at += size
        return out

    def blocks(self, rows: int) -> Iterator[tuple[int, np.ndarray]]:
        """The file's first ``rows`` rows, ``BLOCK`` at a time: (first row, rows)."""
        for first in range(0, rows, BLOCK):
            yield first, self.read(first, min(BLOCK, rows - first))

    def close(self) -> None:
        self._file.close()


@dataclass(frozen=True)
class Matrix:
    slugs: list[str]
    starts: np.ndarray  # first row of each item in ``rows``
    rows: np.ndarray  # float32 (passages, dim); with ``projection``: int8 (passages, COARSE_DIM)
    projection: np.ndarray | None = None  # (COARSE_DIM, dim): rows are coarse
    scales: np.ndarray | None = None  # with ``projection``: float32, each coarse row's scale
    exact: RowFile | None = None  # the full rows, in the file
    file_starts: np.ndarray | None = None  # the file row of each item's first passage
    owners: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # item of each row
    # Items encoded since a large library's matrix was built, scored exactly beside it: a save
    # adds its item here instead of rebuilding the whole matrix (seconds at 50k items), and an
    # item saved a moment ago is found even when it lies off the directions of the projection
    # (fitted before it existed). ``hidden``: items of the matrix a recent version replaces.
    recent: Recent | None = None

    @cached_property
    def _positions(self) -> dict[str, int]:
        """Each item's place, built the first time an item's rows are asked for (a tender's
        rows ask for a dozen items each: ``list.index`` walked 50,000 slugs for every one)."""
        return {slug: i for i, slug in enumerate(self.slugs)}

    @cached_property
    def _counts(self) -> np.ndarray:
        """Each item's passages (0.2 ms at 50k items: once, not once a query)."""
        return np.diff(np.append(self.starts, len(self.rows)))

    def best(self, query: np.ndarray, limit: int) -> list[tuple[str, float]]:
        """Items by their best passage's cosine with ``query``, best first."""
        recent = self.recent
        if recent is None:
            return self._best(query, limit)
        base = [(s, c) for s, c in self._best(query, limit + len(recent.hidden)) if s not in recent.hidden]
        return sorted(base + recent.best(query, limit), key=lambda sc: -sc[1])[:limit]

    def with_recent(self, items: list[tuple[str, np.ndarray]]) -> Matrix:
        """This matrix with ``items`` (slug, their passages' vectors) scored exactly beside it,
        replacing any version of them it held."""
        before = self.recent or Recent.of([], frozenset())
        new = dict(items)
        kept = [(s, before.rows_of(s)) for s in before.slugs if s not in new]
        base = set(self.slugs)
        hidden = before.hidden | {s for s in new if s in base}
        return replace(self, recent=Recent.of([*kept, *new.items()], frozenset(hidden)))

    def rows_of(self, slug: str) -> np.ndarray | None:
        """The full vectors of an item's passages (None: not here)."""
        if self.recent is not None and slug in self.recent.index:
            return self.recent.rows_of(slug)
        i = self._positions.get(slug)
        return None if i is None else self.item_rows(i)

    def recent_rows(self) -> int:
        return 0 if self.recent is None else len(self.recent.rows)

    def _best(self, query: np.ndarray, limit: int) -> list[tuple[str, float]]:
        if not self.slugs or limit <= 0:
            return []
        with _one_thread():
            if self.projection is None:
                items, scores = _best_items(self.rows @ query, self.owners, limit)
                return [(self.slugs[i], float(c)) for i, c in zip(items, scores, strict=True)]
            assert self.exact is not None and self.file_starts is not None
            candidates, _rough = _best_items(self.coarse_scores(self.projection @ query), self.owners,
                                             max(RESCORE_MIN, RESCORE * limit))
            candidates = np.sort(candidates)  # read the file front to back
            counts = self._counts[candidates]
            full = self.exact.spans(self.file_starts[candidates], counts)
            exact = full.astype(np.float32) @ query
            owner = np.repeat(np.arange(len(candidates)), counts)
            items, scores = _best_items(exact, owner, limit)
            return [(self.slugs[candidates[i]], float(c)) for i, c in zip(items, scores, strict=True)]

    def coarse_scores(self, projected: np.ndarray) -> np.ndarray:
        """Each coarse row's product with ``projected`` (a query on the projection's directions)."""
        assert self.scales is not None
        projected = projected.astype(np.float32, copy=False)
        out = np.empty(len(self.rows), dtype=np.float32)
        for at in range(0, len(self.rows), CHUNK):
            np.dot(self.rows[at : at + CHUNK].astype(np.float32), projected, out=out[at : at + CHUNK])
        out *= self.scales
        return out

    def coarse_rows(self, which: slice | np.ndarray) -> np.ndarray:
        """The ``rows[which]`` as float32: the full vectors' projections (coarse) or the full
        vectors (a small library's matrix)."""
        if self.scales is None:
            return self.rows[which]
        rows: np.ndarray = self.rows[which].astype(np.float32) * self.scales[which, None]
        return rows

    def item_rows(self, i: int) -> np.ndarray:
        """The full vectors of the ``i``-th item's passages."""
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.rows)
        if self.projection is None:
            return self.rows[self.starts[i] : end]
        assert self.exact is not None and self.file_starts is not None
        return self.exact.read(int(self.file_starts[i]), int(end - self.starts[i])).astype(np.float32)


@dataclass(frozen=True)
class Recent:
    """A few items' full vectors, searched exactly (``Matrix.recent``)."""

    slugs: list[str]
    starts: np.ndarray
    rows: np.ndarray  # float32 (passages, dim)
    owners: np.ndarray
    hidden: frozenset[str]
    index: dict[str, int]

    @staticmethod
    def of(items: list[tuple[str, np.ndarray]], hidden: frozenset[str]) -> Recent:
        counts = np.array([len(rows) for _s, rows in items], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64) if items else counts
        rows = (np.concatenate([r.astype(np.float32) for _s, r in items]) if items
                else np.zeros((0, 1), dtype=np.float32))
        slugs = [s for s, _r in items]
        return Recent(slugs, starts, rows, np.repeat(np.arange(len(items), dtype=np.int64), counts), hidden,
                      {s: i for i, s in enumerate(slugs)})

    def rows_of(self, slug: str) -> np.ndarray:
        i = self.index[slug]
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.rows)
        return self.rows[self.starts[i] : end]

    def best(self, query: np.ndarray, limit: int) -> list[tuple[str, float]]:
        if not self.slugs or limit <= 0:
            return []
        with _one_thread():
            items, scores = _best_items(self.rows @ query, self.owners, limit)
        return [(self.slugs[i], float(c)) for i, c in zip(items, scores, strict=True)]


EMPTY = Matrix([], np.zeros(0, dtype=np.int64), np.zeros((0, 1), dtype=np.float32))


def _quantized(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """float32 rows as int8 rows and each row's scale (its largest magnitude / 127)."""
    scales = np.abs(rows).max(axis=1) / 127
    scales[scales == 0] = 1
    return np.rint(rows / scales[:, None]).astype(np.int8), scales.astype(np.float32)


def _live_rows(file: RowFile, file_rows: np.ndarray, put: Callable[[int, int, np.ndarray], None]) -> None:
    """``put(lo, hi, rows)`` with the file rows ``file_rows[lo:hi]`` (ascending), reading the
    file front to back in blocks (the live rows are most of it: compaction sees to that)."""
    end = int(file_rows[-1]) + 1 if len(file_rows) else 0
    for first, block in file.blocks(end):
        lo, hi = np.searchsorted(file_rows, [first, first + len(block)])
        if hi > lo:
            put(lo, hi, block[file_rows[lo:hi] - first])


def _into(out: np.ndarray) -> Callable[[int, int, np.ndarray], None]:
    """A ``_live_rows`` receiver that copies the rows as they are into ``out``."""
    def put(lo: int, hi: int, rows: np.ndarray) -> None:
        out[lo:hi] = rows
    return put


def build(slugs: list[str], spans: list[tuple[int, int]], path: Path, dim: int) -> Matrix:
    """The matrix of items whose rows are ``[start, start+count)`` of the float16 file at
    ``path`` (spans in file order)."""
    if not slugs:
        return EMPTY
    counts = np.array([c for _s, c in spans], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    owners = np.repeat(np.arange(len(slugs), dtype=np.int64), counts)
    total = int(counts.sum())
    file_starts = np.array([s for s, _c in spans], dtype=np.int64)
    file_rows = np.repeat(file_starts - starts, counts) + np.arange(total, dtype=np.int64)
    file = RowFile(path, dim)
    if total < COARSE_FROM:
        rows = np.empty((total, dim), dtype=np.float32)
        try:
            _live_rows(file, file_rows, _into(rows))
        finally:
            file.close()
        return Matrix(slugs, starts, rows, owners=owners)
    rng = np.random.default_rng(total)
    picked = file_rows[np.sort(rng.choice(total, min(SAMPLE, total), replace=False))]
    sample = np.empty((len(picked), dim), dtype=np.float32)
    _live_rows(file, picked, _into(sample))
    coarse = np.empty((total, COARSE_DIM), dtype=np.int8)
    scales = np.empty(total, dtype=np.float32)
    with _one_thread():  # one thread: each BLAS thread keeps a buffer of tens of MB for good
        # the directions of most variance: the top eigenvectors of the sample's 512x512 Gram
        # matrix (the SVD's right singular vectors, without its 4000x512 workspace)
        _values, vectors = np.linalg.eigh(sample.T @ sample)
        projection = np.ascontiguousarray(vectors[:, ::-1][:, :COARSE_DIM].T)

        def put(lo: int, hi: int, block: np.ndarray) -> None:
            coarse[lo:hi], scales[lo:hi] = _quantized(block.astype(np.float32) @ projection.T)
        _live_rows(file, file_rows, put)
    return Matrix(slugs, starts, coarse, projection, scales, file, file_starts, owners)
