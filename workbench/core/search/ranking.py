"""Ranking for the interactive path.

whoosh scores a query by walking every matching posting through a tree of Python matchers,
every time. Knowledge-base queries repeat the same few hundred words, and the words that cost
the most (those in half the documents) are exactly the ones that repeat. So a query is split
into its units (a word with its synonyms, a phrase), each unit is scored once per searcher by
whoosh itself (the same BM25F numbers) into a compact table, and a query combines the tables
with set operations that run in C. A new searcher (after any commit) starts with empty tables.

What whoosh computes for And/Or is the sum of the parts' scores; combining tables does the
same, so hits and scores are whoosh's, ties broken by document number as whoosh does.
"""

from __future__ import annotations

import heapq
import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence, Set
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25FScorer
from whoosh.searching import Searcher

from workbench.core.search.query import FIELD
from workbench.core.search.scoring import field_lengths, segment_key

# Cached postings across all units of one searcher (12 bytes each: ~50 MB at the limit).
MAX_CACHED_POSTINGS = 4_000_000
# Raw postings (segment, word) kept across searchers (8 bytes each: ~32 MB at the limit).
MAX_RAW_POSTINGS = 4_000_000
# Filter document sets (kind=case, industry=...) kept per searcher.
MAX_CACHED_FILTERS = 128

_ATTR = "_workbench_ranking"
_RAW: OrderedDict[tuple[str, str], tuple[array[int], array[float]]] = OrderedDict()
_raw_count = 0
_raw_lock = threading.Lock()


@dataclass(frozen=True)
class Table:
    """One unit's matches: document numbers ascending and their scores."""

    docs: array[int]
    scores: array[float]
    _order: list[array[int]]  # lazily: docs by descending score (for one-unit queries)

    def __len__(self) -> int:
        return len(self.docs)

    def as_dict(self) -> dict[int, float]:
        return dict(zip(self.docs, self.scores, strict=True))

    def ranked(self) -> array[int]:
        if not self._order:
            pairs = sorted(zip(self.scores, self.docs, strict=True), key=lambda p: (-p[0], p[1]))
            self._order.append(array("i", (d for _s, d in pairs)))
        return self._order[0]


@dataclass(frozen=True)
class Ranked:
    top: list[tuple[int, float]]  # (document number, score), best first
    total: int  # exact number of matches


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.units: OrderedDict[str, Table] = OrderedDict()
        self.postings = 0
        self.filters: OrderedDict[str, frozenset[int]] = OrderedDict()


def _cache(s: Searcher) -> _Cache:
    cache: _Cache | None = getattr(s, _ATTR, None)
    if cache is None:
        cache = _Cache()
        setattr(s, _ATTR, cache)
    return cache


def forget(s: Searcher) -> None:
    """Drop this searcher's tables and every kept posting (benchmarks measure first-use costs
    with it)."""
    global _raw_count
    if hasattr(s, _ATTR):
        delattr(s, _ATTR)
    with _raw_lock:
        _RAW.clear()
        _raw_count = 0


def _score_unit(s: Searcher, unit: wq.Query) -> Table:
    docs: array[int] = array("i")
    scores: array[float] = array("d")
    matcher = unit.matcher(s)
    add_doc, add_score = docs.append, scores.append
    while matcher.is_active():
        add_doc(matcher.id())
        add_score(matcher.score())
        matcher.next()
    return Table(docs, scores, [])


def _leaf_blocks(matcher: Any) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """(ids, term frequencies) block by block from whoosh's W3 posting reader; the generic
    one-posting-at-a-time walk costs ~3 us a posting, this ~0.2 us."""
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        yield matcher._ids, matcher._weights
        matcher._next_block()


def _raw_postings(reader: Any, word: str) -> tuple[array[int], array[float]] | None:
    """A word's (segment document numbers, term frequencies) in one segment, deleted documents
    included. Kept across searchers: a commit adds segments but never changes one, so after a
    save a word is rescored (idf and average length moved) without being read again."""
    global _raw_count
    segment = segment_key(reader)
    key = (segment, word) if segment is not None else None
    if key is not None:
        with _raw_lock:
            found = _RAW.get(key)
            if found is not None:
                _RAW.move_to_end(key)
                return found
    matcher = reader.postings(FIELD, word)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    if not isinstance(matcher, W3LeafMatcher):
        return None
    ids: array[int] = array("i")
    tfs: array[float] = array("f")
    for block_ids, block_tfs in _leaf_blocks(matcher):
        ids.extend(block_ids)
        tfs.fromlist(list(block_tfs))
    if key is not None:
        with _raw_lock:
            if key not in _RAW:
                _RAW[key] = (ids, tfs)
                _raw_count += len(ids)
                while _raw_count > MAX_RAW_POSTINGS and len(_RAW) > 1:
                    _old, (dropped, _tfs) = _RAW.popitem(last=False)
                    _raw_count -= len(dropped)
    return ids, tfs


def _term_table(s: Searcher, term: wq.Term) -> Table | None:
    """A single word's table, scored with whoosh's own BM25F (same idf, average length and
    document lengths) over the raw postings; None when they are not whoosh's W3 format."""
    if (term.fieldname, term.text) not in s.reader():
        return Table(array("i"), array("d"), [])
    scorer = s.weighting.scorer(s, term.fieldname, term.text)
    if not isinstance(scorer, BM25FScorer) or term.boost != 1.0 or term.fieldname != FIELD:
        return None
    lengths = field_lengths(s, term.fieldname)
    idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    docs: array[int] = array("i")
    scores: array[float] = array("d")
    for reader, base in s.reader().leaf_readers():
        if (term.fieldname, term.text) not in reader:
            continue
        raw = _raw_postings(reader, term.text)
        if raw is None:
            return None
        ids, tfs = raw
        deleted: Set[int] = reader.deleted_docs_set if reader.has_deletions() else frozenset()
        if deleted:
            kept = [(d + base, tf) for d, tf in zip(ids, tfs, strict=True) if d not in deleted]
        else:
            kept = [(d + base, tf) for d, tf in zip(ids, tfs, strict=True)]
        docs.extend(d for d, _tf in kept)
        scores.extend(idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * lengths[d] / avgfl))) for d, tf in kept)
    return Table(docs, scores, [])


def _positions(
    s: Searcher, word: str, candidates: Set[int], decode: Any
) -> dict[int, list[int]] | None:
    """Positions of a word in the candidate documents (global numbers), decoding only those."""
    out: dict[int, list[int]] = {}
    for reader, base in s.reader().leaf_readers():
        if (FIELD, word) not in reader:
            continue
        matcher = reader.postings(FIELD, word)
        if isinstance(matcher, FilterMatcher):
            matcher = matcher.child  # deleted documents are not candidates anyway
        if not isinstance(matcher, W3LeafMatcher):
            return None
        while matcher.is_active():
            matcher._read_ids()
            wanted = [i for i, d in enumerate(matcher._ids) if d + base in candidates]
            if wanted:
                matcher._read_values()
                values = matcher._values
                for i in wanted:
                    out[matcher._ids[i] + base] = decode(values[i])
            matcher._next_block()
    return out


def _chains(lists: list[list[int]], at: int, slop: int) -> bool:
    """Whether the words follow each other from position ``at``, each 1..slop after the last
    (whoosh's ordered SpanNear2 with mindist 1)."""
    if not lists:
        return True
    return any(_chains(lists[1:], p, slop) for p in lists[0] if 1 <= p - at <= slop)


def _phrase_table(s: Searcher, phrase: wq.Phrase) -> Table | None:
    """A phrase: the documents holding every word (from the words' tables), kept where the
    positions line up; scored as whoosh scores a phrase, the sum of its words' scores."""
    if phrase.fieldname != FIELD or phrase.boost != 1.0 or len(phrase.words) < 2:
        return None
    words = [w.decode() if isinstance(w, bytes) else w for w in phrase.words]
    tables = [unit_table(s, wq.Term(FIELD, w)) for w in words]
    combined = _combine(tables, "and")
    if not combined:
        return Table(array("i"), array("d"), [])
    decode = s.schema[FIELD].format.decode_positions
    candidates = combined.keys()
    positions = []
    for word in dict.fromkeys(words):
        found = _positions(s, word, candidates, decode)
        if found is None:
            return None
        positions.append(found)
    by_word = dict(zip(dict.fromkeys(words), positions, strict=True))
    docs = array("i")
    for d in sorted(candidates):
        lists = [by_word[w].get(d, []) for w in words]
        if any(_chains(lists[1:], p, phrase.slop) for p in lists[0]):
            docs.append(d)
    return Table(docs, array("d", (combined[d] for d in docs)), [])


def _score_any(s: Searcher, unit: wq.Query) -> Table:
    """A unit's table: an Or of words and phrases is the sum of its parts, words read fast."""
    if isinstance(unit, wq.Term) and unit.fieldname == FIELD:
        table = _term_table(s, unit)
        if table is not None:
            return table
    if isinstance(unit, wq.Phrase):
        table = _phrase_table(s, unit)
        if table is not None:
            return table
    if isinstance(unit, wq.Or) and unit.boost == 1.0 and unit.subqueries:
        parts = [_score_any(s, q) for q in unit.subqueries]
        combined = _combine(parts, "or")
        docs = array("i", sorted(combined))
        return Table(docs, array("d", (combined[d] for d in docs)), [])
    return _score_unit(s, unit)


def unit_table(s: Searcher, unit: wq.Query) -> Table:
    cache = _cache(s)
    key = repr(unit)
    with cache.lock:
        table = cache.units.get(key)
        if table is not None:
            cache.units.move_to_end(key)
            return table
    table = _score_any(s, unit)
    with cache.lock:
        if key not in cache.units:
            cache.units[key] = table
            cache.postings += len(table)
            while cache.postings > MAX_CACHED_POSTINGS and len(cache.units) > 1:
                _old, dropped = cache.units.popitem(last=False)
                cache.postings -= len(dropped)
    return table


def filter_docs(s: Searcher, q: wq.Query) -> frozenset[int]:
    """The documents a filter (or mask) query matches, cached per searcher."""
    cache = _cache(s)
    key = repr(q)
    with cache.lock:
        docs = cache.filters.get(key)
        if docs is not None:
            cache.filters.move_to_end(key)
            return docs
    docs = frozenset(s.docs_for_query(q))
    with cache.lock:
        cache.filters[key] = docs
        while len(cache.filters) > MAX_CACHED_FILTERS:
            cache.filters.popitem(last=False)
    return docs


def _combine(tables: Sequence[Table], mode: str) -> dict[int, float]:
    if mode == "and":
        ordered = sorted(tables, key=len)
        scores = ordered[0].as_dict()
        for table in ordered[1:]:
            other = table.as_dict()
            scores = {d: scores[d] + other[d] for d in scores.keys() & other.keys()}
            if not scores:
                break
        return scores
    scores = tables[0].as_dict()
    get = scores.get
    for table in tables[1:]:
        for d, v in zip(table.docs, table.scores, strict=True):
            scores[d] = get(d, 0.0) + v
    return scores


def restrict(docs: Iterable[int], doc_filter: frozenset[int] | None, mask: frozenset[int] | None) -> Set[int]:
    """The documents also in ``doc_filter`` (when given) and not in ``mask``."""
    kept: Set[int] = doc_filter.intersection(docs) if doc_filter is not None else set(docs)
    return kept - mask if mask is not None else kept


def rank(
    s: Searcher,
    units: Sequence[wq.Query],
    mode: str,
    limit: int,
    doc_filter: frozenset[int] | None = None,
    mask: frozenset[int] | None = None,
) -> Ranked:
    """The best ``limit`` matches of the units combined by ``mode`` ("and" or "or"), restricted
    to ``doc_filter`` and without ``mask``."""
    tables = [unit_table(s, u) for u in units]
    if not tables:
        return Ranked([], 0)
    if len(tables) == 1:
        table = tables[0]
        restricted = doc_filter is not None or mask is not None
        kept = restrict(table.docs, doc_filter, mask) if restricted else None
        top = []
        for d in table.ranked():
            if kept is None or d in kept:
                top.append((d, table.scores[bisect_left(table.docs, d)]))
                if len(top) >= limit:
                    break
        return Ranked(top, len(table) if kept is None else len(kept))
    combined = _combine(tables, mode)
    matched = restrict(combined.keys(), doc_filter, mask)
    best = heapq.nlargest(limit, matched, key=lambda d: (combined[d], -d))
    return Ranked([(d, combined[d]) for d in best], len(matched))


def matching_docs(s: Searcher, units: Sequence[wq.Query], mode: str) -> set[int]:
    """Every document the units match (for facet counts), without ranking."""
    tables = [unit_table(s, u) for u in units]
    if not tables:
        return set()
    sets = [set(t.docs) for t in tables]
    if mode == "and":
        return set.intersection(*sets)
    return set.union(*sets)
