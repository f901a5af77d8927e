"""BM25F as whoosh computes it, with each document's field length read from an in-memory table
instead of a column lookup per scored posting (that lookup was most of the scoring time)."""

from __future__ import annotations

from typing import Any

from whoosh.scoring import BM25F, BM25FScorer, WeightScorer, bm25

_CACHE_ATTR = "_workbench_field_lengths"


def _lengths(searcher: Any, fieldname: str) -> list[int]:
    """Field lengths of every document of this (segment) reader, built once per reader."""
    reader = searcher.reader()
    cache: dict[str, list[int]] | None = getattr(reader, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(reader, _CACHE_ATTR, cache)
    table = cache.get(fieldname)
    if table is None:
        table = [reader.doc_field_length(n, fieldname, 1) for n in range(reader.doc_count_all())]
        cache[fieldname] = table
    return table


class _Scorer(BM25FScorer):  # type: ignore[misc]
    def __init__(self, searcher: Any, fieldname: str, text: Any, B: float, K1: float, qf: float = 1) -> None:
        super().__init__(searcher, fieldname, text, B, K1, qf=qf)
        table = _lengths(searcher, fieldname)
        idf, avgfl, b, k1 = self.idf, self.avgfl, self.B, self.K1
        self.score = lambda matcher: bm25(idf, matcher.weight(), table[matcher.id()], avgfl, b, k1)


class FastBM25F(BM25F):  # type: ignore[misc]
    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: float = 1) -> Any:
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        B = self._field_B.get(fieldname, self.B)
        return _Scorer(searcher, fieldname, text, B, self.K1, qf=qf)
