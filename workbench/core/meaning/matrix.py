"""What a query multiplies: the live passage vectors grouped per item, so an item scores by its
best passage.

A small library is one float32 matrix in memory (one BLAS product per query). From
``COARSE_FROM`` passages on, a product over every full vector costs more than the target (it
reads the whole matrix from memory for each query: 200 MB at 50k items, about 25 ms), so a
large library is searched in two steps: every passage projected onto the ``COARSE_DIM``
directions that carry most of the library's variance (a quarter of the memory and of the time),
then the best candidates re-scored exactly from the float16 file (memory-mapped: only the rows
read are paged in)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from workbench.core.meaning.passages import MAX_PASSAGES

COARSE_FROM = 20_000  # passages
COARSE_DIM = 128
SAMPLE = 4000  # passages the projection is fitted on
RESCORE = 4  # candidates re-scored exactly: this many times the items asked for (and at least 200)


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


@dataclass(frozen=True)
class Matrix:
    slugs: list[str]
    starts: np.ndarray  # first row of each item in ``rows`` (or ``coarse``)
    rows: np.ndarray  # float32 (passages, dim); with ``coarse``: (passages, COARSE_DIM)
    projection: np.ndarray | None = None  # (COARSE_DIM, dim): rows are coarse
    exact: np.ndarray | None = None  # float16 (file rows, dim), memory-mapped
    file_rows: np.ndarray | None = None  # the file row of each passage
    owners: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # item of each row

    def _ends(self) -> np.ndarray:
        return np.append(self.starts[1:], len(self.rows))

    def best(self, query: np.ndarray, limit: int) -> list[tuple[str, float]]:
        """Items by their best passage's cosine with ``query``, best first."""
        if not self.slugs or limit <= 0:
            return []
        with _one_thread():
            if self.projection is None:
                items, scores = _best_items(self.rows @ query, self.owners, limit)
                return [(self.slugs[i], float(c)) for i, c in zip(items, scores, strict=True)]
            assert self.exact is not None and self.file_rows is not None
            candidates, _rough = _best_items(self.rows @ (self.projection @ query), self.owners,
                                             max(200, RESCORE * limit))
            ends = self._ends()
            picked = np.concatenate([self.file_rows[self.starts[i] : ends[i]] for i in candidates])
            owner = np.repeat(np.arange(len(candidates)), ends[candidates] - self.starts[candidates])
            order = np.argsort(picked, kind="stable")  # read the file front to back
            exact = np.empty(len(picked), dtype=np.float32)
            exact[order] = self.exact[picked[order]].astype(np.float32) @ query
            items, scores = _best_items(exact, owner, limit)
            return [(self.slugs[candidates[i]], float(c)) for i, c in zip(items, scores, strict=True)]

    def item_rows(self, i: int) -> np.ndarray:
        """The full vectors of the ``i``-th item's passages."""
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.rows)
        if self.projection is None:
            return self.rows[self.starts[i] : end]
        assert self.exact is not None and self.file_rows is not None
        return np.asarray(self.exact[self.file_rows[self.starts[i] : end]], dtype=np.float32)


EMPTY = Matrix([], np.zeros(0, dtype=np.int64), np.zeros((0, 1), dtype=np.float32))


def build(slugs: list[str], spans: list[tuple[int, int]], mapped: np.ndarray) -> Matrix:
    """The matrix of items whose rows are ``mapped[start:start+count]`` (spans in file order)."""
    if not slugs:
        return EMPTY
    counts = np.array([c for _s, c in spans], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    owners = np.repeat(np.arange(len(slugs), dtype=np.int64), counts)
    file_rows = np.concatenate([np.arange(s, s + c, dtype=np.int64) for s, c in spans])
    dim = mapped.shape[1]
    if len(file_rows) < COARSE_FROM:
        rows = np.empty((len(file_rows), dim), dtype=np.float32)
        for at in range(0, len(file_rows), 8192):
            rows[at : at + 8192] = mapped[file_rows[at : at + 8192]]
        return Matrix(slugs, starts, rows, owners=owners)
    rng = np.random.default_rng(len(file_rows))
    sample = np.asarray(mapped[np.sort(rng.choice(file_rows, SAMPLE, replace=False))], dtype=np.float32)
    projection = np.ascontiguousarray(np.linalg.svd(sample, full_matrices=False)[2][:COARSE_DIM])
    coarse = np.empty((len(file_rows), COARSE_DIM), dtype=np.float32)
    for at in range(0, len(file_rows), 8192):
        coarse[at : at + 8192] = np.asarray(mapped[file_rows[at : at + 8192]], dtype=np.float32) @ projection.T
    return Matrix(slugs, starts, coarse, projection, mapped, file_rows, owners)
