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

from dataclasses import dataclass

import numpy as np

COARSE_FROM = 20_000  # passages
COARSE_DIM = 128
SAMPLE = 4000  # passages the projection is fitted on
RESCORE = 4  # candidates re-scored exactly: this many times the items asked for (and at least 200)


def _top(scores: np.ndarray, limit: int) -> np.ndarray:
    limit = min(limit, len(scores))
    top = np.argpartition(-scores, limit - 1)[:limit]
    return top[np.argsort(-scores[top], kind="stable")]


@dataclass(frozen=True)
class Matrix:
    slugs: list[str]
    starts: np.ndarray  # first row of each item in ``rows`` (or ``coarse``)
    rows: np.ndarray  # float32 (passages, dim); with ``coarse``: (passages, COARSE_DIM)
    projection: np.ndarray | None = None  # (COARSE_DIM, dim): rows are coarse
    exact: np.ndarray | None = None  # float16 (file rows, dim), memory-mapped
    file_rows: np.ndarray | None = None  # the file row of each passage

    def _ends(self) -> np.ndarray:
        return np.append(self.starts[1:], len(self.rows))

    def best(self, query: np.ndarray, limit: int) -> list[tuple[str, float]]:
        """Items by their best passage's cosine with ``query``, best first."""
        if not self.slugs or limit <= 0:
            return []
        if self.projection is None:
            per_item = np.maximum.reduceat(self.rows @ query, self.starts)
            return [(self.slugs[i], float(per_item[i])) for i in _top(per_item, limit)]
        assert self.exact is not None and self.file_rows is not None
        rough = np.maximum.reduceat(self.rows @ (self.projection @ query), self.starts)
        candidates = _top(rough, max(200, RESCORE * limit))
        ends = self._ends()
        picked = np.concatenate([self.file_rows[self.starts[i] : ends[i]] for i in candidates])
        counts = ends[candidates] - self.starts[candidates]
        order = np.argsort(picked, kind="stable")  # read the file front to back
        scores = np.empty(len(picked), dtype=np.float32)
        scores[order] = self.exact[picked[order]].astype(np.float32) @ query
        offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
        per_item = np.maximum.reduceat(scores, offsets)
        return [(self.slugs[candidates[i]], float(per_item[i])) for i in _top(per_item, limit)]

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
    file_rows = np.concatenate([np.arange(s, s + c, dtype=np.int64) for s, c in spans])
    dim = mapped.shape[1]
    if len(file_rows) < COARSE_FROM:
        rows = np.empty((len(file_rows), dim), dtype=np.float32)
        for at in range(0, len(file_rows), 8192):
            rows[at : at + 8192] = mapped[file_rows[at : at + 8192]]
        return Matrix(slugs, starts, rows)
    rng = np.random.default_rng(len(file_rows))
    sample = np.asarray(mapped[np.sort(rng.choice(file_rows, SAMPLE, replace=False))], dtype=np.float32)
    projection = np.ascontiguousarray(np.linalg.svd(sample, full_matrices=False)[2][:COARSE_DIM])
    coarse = np.empty((len(file_rows), COARSE_DIM), dtype=np.float32)
    for at in range(0, len(file_rows), 8192):
        coarse[at : at + 8192] = np.asarray(mapped[file_rows[at : at + 8192]], dtype=np.float32) @ projection.T
    return Matrix(slugs, starts, coarse, projection, mapped, file_rows)
