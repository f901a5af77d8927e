"""BM25F as whoosh computes it, with each document's field length read from an in-memory table
instead of a column lookup per scored posting (that lookup was most of the scoring time)."""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.columns import NumericColumn
from whoosh.scoring import BM25F, BM25FScorer, WeightScorer, bm25
from whoosh.util.numeric import byte_to_length

_CACHE_ATTR = "_workbench_field_lengths"
# Lengths per (segment, field): segments never change once written, so after a commit only the
# new segment is read (a 50k-item segment takes ~40 ms; the per-document walk took ~1 s).
_SEGMENT_LENGTHS: OrderedDict[tuple[str, str], array[int]] = OrderedDict()
_SEGMENT_LIMIT = 64
_segment_lock = threading.Lock()
_LUT = [byte_to_length(b) if b else 1 for b in range(256)]


def segment_key(reader: Any) -> str | None:
    """A segment's unique id (segments never change once written), or None for other readers."""
    try:
        return str(reader.segment().segment_id())
    except (AttributeError, NotImplementedError):
        return None


def _segment_lengths(reader: Any, fieldname: str) -> array[int]:
    """Every document's length of ``fieldname`` in one segment (1 when unknown, as whoosh's
    BM25F assumes), read as one block from the length column."""
    segment = segment_key(reader)
    key = (segment, fieldname) if segment is not None else None
    if key is not None:
        with _segment_lock:
            found = _SEGMENT_LENGTHS.get(key)
            if found is not None:
                _SEGMENT_LENGTHS.move_to_end(key)
                return found
    count = reader.doc_count_all()
    column = None
    perdoc = getattr(reader, "_perdoc", None)
    if perdoc is not None and hasattr(perdoc, "_cached_reader"):
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if isinstance(column, NumericColumn.Reader) and column._typecode == "B":
        stored = min(count, column._count)
        raw = column._dbfile.get(column._basepos, stored) if stored else b""
        table = array("I", (_LUT[b] for b in raw))
        table.extend([1] * (count - stored))
    else:
        table = array("I", (reader.doc_field_length(n, fieldname, 1) for n in range(count)))
    if key is not None:
        with _segment_lock:
            _SEGMENT_LENGTHS[key] = table
            while len(_SEGMENT_LENGTHS) > _SEGMENT_LIMIT:
                _SEGMENT_LENGTHS.popitem(last=False)
    return table


def field_lengths(searcher: Any, fieldname: str) -> array[int]:
    """Field lengths of every document of the searcher's reader (global document numbers),
    built once per reader from the per-segment tables."""
    reader = searcher.reader()
    cache: dict[str, array[int]] | None = getattr(reader, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(reader, _CACHE_ATTR, cache)
    table = cache.get(fieldname)
    if table is None:
        table = array("I")
        for leaf, base in reader.leaf_readers():
            assert base == len(table)
            table.extend(_segment_lengths(leaf, fieldname))
        cache[fieldname] = table
    return table


class _Scorer(BM25FScorer):  # type: ignore[misc]
    def __init__(self, searcher: Any, fieldname: str, text: Any, B: float, K1: float, qf: float = 1) -> None:
        super().__init__(searcher, fieldname, text, B, K1, qf=qf)
        table = field_lengths(searcher, fieldname)
        idf, avgfl, b, k1 = self.idf, self.avgfl, self.B, self.K1
        self.score = lambda matcher: bm25(idf, matcher.weight(), table[matcher.id()], avgfl, b, k1)


class FastBM25F(BM25F):  # type: ignore[misc]
    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: float = 1) -> Any:
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        B = self._field_B.get(fieldname, self.B)
        return _Scorer(searcher, fieldname, text, B, self.K1, qf=qf)
