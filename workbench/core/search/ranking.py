"""Ranking for the interactive path.

whoosh scores a query by walking every matching posting through a tree of Python matchers,
every time. Knowledge-base queries repeat the same few hundred words, and the words that cost
the most (those in half the documents) are exactly the ones that repeat. So a query is split
into its units (a word with its synonyms, a phrase), each unit is scored once per searcher by
whoosh itself (the same BM25F numbers) into a compact table, and a query combines the tables
with array operations (numpy: int32 document numbers, float64 scores, sorted intersections
and unions, top-k by partition). A new searcher (after any commit) starts with empty tables.

What whoosh computes for And/Or is the sum of the parts' scores; combining tables does the
same, in the same order of additions (float64, as whoosh's Python floats), so hits and scores
are whoosh's bit for bit, ties broken by document number as whoosh does.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass
from math import log
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25F, WeightingModel
from whoosh.searching import Searcher

from workbench.core.search import postings
from workbench.core.search.derived import give_back_memory
from workbench.core.search.query import FIELD
from workbench.core.search.scoring import field_lengths

# Cached postings across all units of one searcher (12 bytes each: 12 MB at the limit). At 4
# million (48 MB) the cache was the largest holder of memory in a 50k-item library after a few
# hundred queries (37 MB), and the whole app with matching by meaning peaked above 300 MB. The
# search benchmark's 440 queries on a 10k library, each asked twice, stay below this limit
# (0.72 million postings at most); at 50k, 132 distinct queries need 2.6 million, so asking all
# of them again recomputes the words that were dropped (p95 about 2-3x that of a full cache).
# Which tables stay is decided by how often each unit is asked for (see _admit), so that a pasted
# paragraph's sixty words do not push out the common words every other query needs.
MAX_CACHED_POSTINGS = 1_000_000
# Raw postings (segment, word) kept across searchers (8 bytes each: ~32 MB at the limit).
MAX_RAW_POSTINGS = 4_000_000
# Candidates of a quoted phrase checked at a time (positions decoded only for these).
CHECK_BATCH = 48
# Work budgets, counted in documents whose positions are decoded (~10-20 us each here), so that
# no query holds up the ones typed after it: a quoted phrase of common words that are rarely
# adjacent ("国密 培训计划") had every document holding both words checked (6-8 s at 50k, and
# the searches behind it waited). A quoted phrase stops after CHECK_BUDGET candidates and
# answers with what it found and "about N"; a phrase a synonym expands into (实施周期 ->
# "implementation timeline") is looked for in its PHRASE_BUDGET best-scored candidates.
CHECK_BUDGET = 600
PHRASE_BUDGET = 300
# Phrase words' postings with positions kept per searcher, in bytes (a common word: ~100 KB at
# 10k items, ~500 KB at 50k). Reading a word from every segment (a term bisection and three reads
# each) and joining the segments was most of a phrase check's time, and a phrase's words are
# common ones that come back in other phrases.
MAX_CACHED_POSITION_BYTES = 8 << 20
# Filter document sets (kind=case, industry=...) kept per searcher.
MAX_CACHED_FILTERS = 128

_ATTR = "_workbench_ranking"
Docs = npt.NDArray[np.int32]
Scores = npt.NDArray[np.float64]
_RAW: OrderedDict[tuple[str, str], tuple[Docs, npt.NDArray[np.float32]]] = OrderedDict()
_raw_count = 0
_raw_lock = threading.Lock()
# How often each unit was asked for since the process started, across searchers (a save opens a
# new searcher; the words people search for stay the same). Halved every SEEN_AGING requests, so
# that what was searched for last week gives way and the dictionary stays small.
_SEEN: dict[str, int] = {}
_seen_requests = 0
SEEN_AGING = 10_000
ADMIT_LOOKS = 256  # kept tables looked at to make room for a new one
RECENT_POSTINGS = 200_000  # refused tables kept for a moment (2.4 MB at most)


_NO_DOCS: Docs = np.zeros(0, np.int32)
DENSE_UNION = 16  # an "or" of words is summed in a dense row when the segment has at most this many documents per posting
_NO_SCORES: Scores = np.zeros(0, np.float64)


@dataclass(frozen=True)
class Table:
    """One unit's matches: document numbers ascending (int32) and their scores (float64)."""

    docs: Docs
    scores: Scores
    _order: list[Docs]  # lazily: positions by descending score (for one-unit queries)
    complete: bool = True  # False: a phrase's candidates were cut at the budget

    def __len__(self) -> int:
        return len(self.docs)

    def as_dict(self) -> dict[int, float]:
        return dict(zip(self.docs.tolist(), self.scores.tolist(), strict=True))

    def ranked(self) -> Docs:
        """Positions into docs/scores, best score first, ties by document number."""
        if not self._order:
            self._order.append(np.lexsort((self.docs, -self.scores)).astype(np.int32))
        return self._order[0]


def _table(docs: Docs, scores: Scores, complete: bool = True) -> Table:
    return Table(docs, scores, [], complete)


def _empty() -> Table:
    return _table(_NO_DOCS, _NO_SCORES)


@dataclass(frozen=True)
class Ranked:
    top: list[tuple[int, float]]  # (document number, score), best first
    total: int  # number of matches; an estimate when ``exact`` is False
    exact: bool = True


# Documents whose positions were decoded, and units scored (not found among the kept tables), since
# the process started (tests count work with them).
work = {"positions_decoded": 0, "units_scored": 0}


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.units: OrderedDict[str, Table] = OrderedDict()
        self.postings = 0
        self.recent: OrderedDict[str, Table] = OrderedDict()  # refused by _admit, the last few
        self.recent_postings = 0
        self.filters: OrderedDict[str, frozenset[int]] = OrderedDict()
        self.norms: dict[tuple[float, float, float], Scores] = {}
        self.filter_arrays: dict[int, tuple[frozenset[int], Docs]] = {}
        self.positions: _Positions | None = None
        self.deletions_known = False  # alive below is set
        self.alive: npt.NDArray[np.bool_] | None = None  # by document number; None: nothing deleted


def _cache(s: Searcher) -> _Cache:
    cache: _Cache | None = getattr(s, _ATTR, None)
    if cache is None:
        cache = _Cache()
        setattr(s, _ATTR, cache)
    return cache


def prepare_postings(open_reader: Callable[[], Any]) -> None:
    """Write the postings arrays of the segments that have none (postings.py); a background job."""
    postings.prepare(open_reader, FIELD)


def forget(s: Searcher) -> None:
    """Drop this searcher's tables and every kept posting (benchmarks measure first-use costs
    with it; the postings arrays on disk stay, as they do for a new process)."""
    global _raw_count
    if hasattr(s, _ATTR):
        delattr(s, _ATTR)
    postings.forget_parts(s.reader())
    with _raw_lock:
        _RAW.clear()
        _raw_count = 0
        _SEEN.clear()
    give_back_memory()  # tens of MB of scored words at 50k items


def _score_unit(s: Searcher, unit: wq.Query) -> Table:
    docs: array[int] = array("i")
    scores: array[float] = array("d")
    matcher = unit.matcher(s)
    add_doc, add_score = docs.append, scores.append
    while matcher.is_active():
        add_doc(matcher.id())
        add_score(matcher.score())
        matcher.next()
    return _table(np.frombuffer(docs, np.int32).copy(), np.frombuffer(scores, np.float64).copy())


def _length_norms(s: Searcher, b: float, k1: float, avgfl: float) -> Scores:
    """k1 * ((1 - b) + b * length / average length) for every document: the length part of
    BM25, the same for every word of the field, computed once per searcher."""
    cache = _cache(s)
    key = (b, k1, avgfl)
    with cache.lock:
        found = cache.norms.get(key)
        if found is not None:
            return found
    lengths = np.frombuffer(field_lengths(s, FIELD), np.uint32).astype(np.float64)
    norms: Scores = k1 * ((1 - b) + b * lengths / avgfl)  # whoosh's expression, element by element
    with cache.lock:
        cache.norms[key] = norms
    return norms


def _deletions(s: Searcher) -> None:
    """Which documents are deleted (``_Cache.alive``, a mask over all of them), looked at once per
    searcher rather than once a word a segment."""
    cache = _cache(s)
    if not cache.deletions_known:
        alive = None
        for reader, base in s.reader().leaf_readers():
            if reader.has_deletions():
                if alive is None:
                    alive = np.ones(s.doc_count_all(), np.bool_)
                alive[np.fromiter(reader.deleted_docs_set, np.int64) + base] = False
        with cache.lock:
            cache.alive, cache.deletions_known = alive, True


def _raw_postings(reader: Any, word: str, segment: str | None) -> tuple[Docs, npt.NDArray[np.float32]] | None:
    """A word's (segment document numbers, term frequencies) in one segment (``segment``: its
    id), deleted documents included. Kept across searchers: a commit adds segments but never
    changes one, so after a save a word is rescored (idf and average length moved) without being
    read again."""
    global _raw_count
    stored = postings.lookup(reader, word, segment)  # the segment's arrays on disk, when built
    if stored is not None:
        return stored
    key = (segment, word) if segment is not None else None
    if key is not None:
        with _raw_lock:
            found = _RAW.get(key)
            if found is not None:
                _RAW.move_to_end(key)
                return found
    if (FIELD, word) not in reader:
        return _NO_DOCS, np.zeros(0, np.float32)
    matcher = reader.postings(FIELD, word)
    if isinstance(matcher, FilterMatcher):
        # the filter of deleted documents has already moved its child past the leading deleted
        # ones: back to the first block, so that these postings hold the deleted documents like
        # the segment's arrays do (their count is whoosh's document frequency; scoring drops them)
        matcher = matcher.child
        if isinstance(matcher, W3LeafMatcher):
            matcher.reset()
    if not isinstance(matcher, W3LeafMatcher):
        return None
    blocks = list(postings.blocks(matcher))
    ids = np.concatenate([b[0] for b in blocks]).astype(np.int32) if blocks else _NO_DOCS
    tfs = np.concatenate([b[1] for b in blocks]) if blocks else np.zeros(0, np.float32)
    if key is not None:
        with _raw_lock:
            if key not in _RAW:
                _RAW[key] = (ids, tfs)
                _raw_count += len(ids)
                while _raw_count > MAX_RAW_POSTINGS and len(_RAW) > 1:
                    _old, (dropped, _tfs) = _RAW.popitem(last=False)
                    _raw_count -= len(dropped)
    return ids, tfs


def _bm25_parameters(s: Searcher, found: int) -> tuple[float, float, float, float] | None:
    """(idf, B, K1, average length) as whoosh's BM25F scorer computes them for a word of the
    searchable field held by ``found`` documents, without building the scorer (which also
    reads the word's term info from every segment to bound its quality, unused here); None for
    another weighting. The idf is whoosh's expression on whoosh's numbers: the same float."""
    weighting = s.weighting
    if not isinstance(weighting, BM25F) or type(weighting).idf is not WeightingModel.idf:
        return None
    if not s.schema[FIELD].scorable:
        return None
    idf = log(s.doc_count_all() / (found + 1)) + 1
    return idf, weighting._field_B.get(FIELD, weighting.B), weighting.K1, s.avg_field_length(FIELD) or 1


def _term_table(s: Searcher, term: wq.Term) -> Table | None:
    """A single word's table, scored with whoosh's own BM25F (same idf, average length and
    document lengths) over the raw postings; None when they are not whoosh's W3 format."""
    if term.boost != 1.0 or term.fieldname != FIELD:
        return None
    id_parts: list[Docs] = []
    tf_parts: list[npt.NDArray[np.float32]] = []
    _deletions(s)
    for reader, joined, base, segment in postings.parts(s.reader()):
        raw = _raw_postings(reader, term.text, segment) if joined is None else postings.joined_lookup(joined, term.text)
        if raw is None:
            return None
        ids, tfs = raw
        if len(ids):
            id_parts.append(ids + np.int32(base) if base else ids)
            tf_parts.append(tfs)
    # whoosh's document frequency is the sum of the segments' postings counts, deleted documents
    # included: the same number, without a term-dictionary look-up in every segment
    found = sum(len(ids) for ids in id_parts)
    if not found:
        return _empty()  # not in the index
    parameters = _bm25_parameters(s, found)
    if parameters is None:
        return None
    idf, b, k1, avgfl = parameters
    norms = _length_norms(s, b, k1, avgfl)
    # the segments joined, then scored at once (segment by segment, the per-call costs of a
    # dozen array operations times the segments were a third of a pasted paragraph's time)
    docs = np.concatenate(id_parts) if len(id_parts) > 1 else id_parts[0]
    freqs = np.concatenate(tf_parts) if len(tf_parts) > 1 else tf_parts[0]
    alive = _cache(s).alive
    if alive is not None:
        keep = alive[docs]
        docs, freqs = docs[keep], freqs[keep]
        if not len(docs):
            return _empty()
    # whoosh's bm25() term for term (float64 throughout), with its length part looked up
    tf = freqs.astype(np.float64)
    return _table(docs, idf * ((tf * (k1 + 1)) / (tf + norms[docs])))


def _chains(lists: list[list[int]], at: int, slop: int) -> bool:
    """Whether the words follow each other from position ``at``, each 1..slop after the last
    (whoosh's ordered SpanNear2 with mindist 1)."""
    if not lists:
        return True
    return any(_chains(lists[1:], p, slop) for p in lists[0] if 1 <= p - at <= slop)


def _phrase_table(s: Searcher, phrase: wq.Phrase) -> Table | None:
    """A phrase: the documents holding every word (from the words' tables), kept where the
    positions line up; scored as whoosh scores a phrase, the sum of its words' scores. Only the
    PHRASE_BUDGET best-scored candidates are checked (the table is then marked incomplete)."""
    if phrase.fieldname != FIELD or phrase.boost != 1.0 or len(phrase.words) < 2:
        return None
    combined = _combine([unit_table(s, wq.Term(FIELD, w)) for w in _words(phrase)], "and")
    if not len(combined):
        return _empty()
    complete = len(combined) <= PHRASE_BUDGET
    candidates = combined.docs if complete else combined.docs[_top(combined.docs, combined.scores, PHRASE_BUDGET)]
    keep = _within(combined.docs, _verified(s, phrase, candidates, {}))
    return _table(combined.docs[keep], combined.scores[keep], complete)


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
        return _table(combined.docs, combined.scores, all(p.complete for p in parts))
    return _score_unit(s, unit)


def _asked(key: str) -> int:
    """Count one more request for a unit; how often it has been asked for (aged)."""
    global _seen_requests
    with _raw_lock:
        count = _SEEN.get(key, 0) + 1
        _SEEN[key] = count
        _seen_requests += 1
        if _seen_requests >= SEEN_AGING:
            _seen_requests = 0
            for k, n in list(_SEEN.items()):
                if n > 1:
                    _SEEN[k] = n // 2
                else:
                    del _SEEN[k]
        return count


def _admit(cache: _Cache, key: str, table: Table, asked: int) -> bool:
    """Keep a computed table (under ``cache.lock``); False when it is not kept. When room must
    be made, the least recently used tables that have been asked for no more often than the
    newcomer go; when those among the ADMIT_LOOKS least recent do not make room, the newcomer is
    not kept (TinyLFU's admission rule). Plain LRU kept nothing useful when a pasted paragraph
    brought sixty words at 50k items (a million postings, the whole budget): every common word
    was pushed out and scored again by the next query, a fifth of a search's time. Scoring a
    table costs in proportion to its postings, and so does keeping it, so the rule weighs only
    how often each is asked for."""
    if key in cache.units:
        return True
    need = cache.postings + len(table) - MAX_CACHED_POSTINGS
    if need > 0 and cache.units:
        victims, freed = [], 0
        for looked, (old, kept) in enumerate(cache.units.items()):  # least recently used first
            if freed >= need or looked >= ADMIT_LOOKS:
                break
            if _SEEN.get(old, 0) <= asked:
                victims.append(old)
                freed += len(kept)
        if freed < need and len(victims) < len(cache.units):
            return False
        for old in victims:
            cache.postings -= len(cache.units.pop(old))
    cache.units[key] = table
    cache.postings += len(table)
    return True


def _keep_recent(cache: _Cache, key: str, table: Table) -> None:
    """A table not admitted is kept among the last few refused (up to RECENT_POSTINGS, least
    recent out), so that the same query asked again at once (its next page, another filter,
    the vector leg's fusion asking for it) is not scored again; asked for again, it is offered
    to the kept tables with its higher count (W-TinyLFU's window, in short)."""
    if len(table) > RECENT_POSTINGS:
        return
    cache.recent[key] = table
    cache.recent_postings += len(table)
    while cache.recent_postings > RECENT_POSTINGS:
        _old, dropped = cache.recent.popitem(last=False)
        cache.recent_postings -= len(dropped)


def _keep(cache: _Cache, key: str, table: Table, asked: int) -> None:
    """Among the kept tables when admitted, else among the last few refused (under ``cache.lock``)."""
    if not _admit(cache, key, table, asked):
        _keep_recent(cache, key, table)


def _kept_table(s: Searcher, key: str, compute: Callable[[], Table]) -> Table:
    """The searcher's table under ``key``: a kept one, one refused a moment ago (offered to the
    kept ones again, with its higher count), or ``compute()``'s, then kept by the same rule."""
    cache = _cache(s)
    asked = _asked(key)
    with cache.lock:
        table = cache.units.get(key)
        if table is not None:
            cache.units.move_to_end(key)
            return table
        table = cache.recent.pop(key, None)
        if table is not None:
            cache.recent_postings -= len(table)
            _keep(cache, key, table, asked)
            return table
    table = compute()
    with cache.lock:
        _keep(cache, key, table, asked)
    return table


def unit_table(s: Searcher, unit: wq.Query) -> Table:
    def scored() -> Table:
        work["units_scored"] += 1
        return _score_any(s, unit)

    return _kept_table(s, repr(unit), scored)


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


def _combine(tables: Sequence[Table], mode: str) -> Table:
    """The tables' documents (all of them: "and"; any: "or") with their scores summed, added
    in the order the former dictionary code added them (so the sums are the same floats)."""
    if mode == "and":
        ordered = sorted(tables, key=len)
        docs, scores = ordered[0].docs, ordered[0].scores
        for table in ordered[1:]:
            # the documents so far looked up in the next table by bisection: the running
            # intersection is the smallest table or less, the next table may be a common word's
            # thousands (np.intersect1d sorted both together, a pasted paragraph's words twenty
            # times a search)
            at, held = _looked_up(table.docs, docs)
            docs, scores = docs[held], scores[held] + table.scores[at[held]]
            if not len(docs):
                break
        return _table(docs.astype(np.int32, copy=False), scores)
    if len(tables) == 1:
        return _table(tables[0].docs, tables[0].scores + 0.0)
    postings = sum(len(t.docs) for t in tables)
    size = max((int(t.docs[-1]) for t in tables if len(t.docs)), default=-1) + 1
    if postings and size <= DENSE_UNION * postings:
        # Scores summed in a dense row over the segment's document numbers: no sort of every
        # posting (np.unique of a long pasted query's words was most of the slowest searches'
        # union time; 5-10x faster at 10k-50k documents). Each document gets the same additions
        # in the same order from 0.0 as below, so the sums are the same floats.
        dense = np.zeros(size, np.float64)
        present = np.zeros(size, np.bool_)
        for table in tables:
            dense[table.docs] += table.scores  # documents are unique per table
            present[table.docs] = True
        docs = np.flatnonzero(present).astype(np.int32)
        return _table(docs, dense[docs])
    docs = _distinct(np.sort(np.concatenate([t.docs for t in tables])))
    scores = np.zeros(len(docs), np.float64)
    for table in tables:
        scores[np.searchsorted(docs, table.docs)] += table.scores  # documents are unique per table
    return _table(docs.astype(np.int32, copy=False), scores)


def _top(docs: Docs, scores: Scores, k: int) -> npt.NDArray[np.intp]:
    """Positions of the best ``k`` (score descending, then document number ascending)."""
    if len(docs) > k:
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        within = np.flatnonzero(scores >= kth)  # every tie at the boundary too
    else:
        within = np.arange(len(docs))
    order = np.lexsort((docs[within], -scores[within]))
    return within[order[:k]]


def _filter_array(s: Searcher, docs: frozenset[int]) -> Docs:
    """A filter's documents as a sorted array, kept per searcher beside the set."""
    cache = _cache(s)
    with cache.lock:
        found = cache.filter_arrays.get(id(docs))
        if found is not None and found[0] is docs:
            return found[1]
    out = np.sort(np.fromiter(docs, np.int32, len(docs)))
    with cache.lock:
        cache.filter_arrays[id(docs)] = (docs, out)
        while len(cache.filter_arrays) > MAX_CACHED_FILTERS:
            cache.filter_arrays.pop(next(iter(cache.filter_arrays)))
    return out


def _kept(s: Searcher, docs: Docs, doc_filter: frozenset[int] | None, mask: frozenset[int] | None) -> npt.NDArray[np.bool_]:
    """Which of ``docs`` are in ``doc_filter`` (when given) and not in ``mask``."""
    keep = np.ones(len(docs), np.bool_)
    if not len(docs):
        return keep
    if doc_filter is not None:
        keep &= _within(docs, _filter_array(s, doc_filter))
    if mask is not None:
        keep &= ~_within(docs, _filter_array(s, mask))
    return keep


def restrict(docs: Iterable[int], doc_filter: frozenset[int] | None, mask: frozenset[int] | None) -> Set[int]:
    """The documents also in ``doc_filter`` (when given) and not in ``mask``."""
    kept: Set[int] = doc_filter.intersection(docs) if doc_filter is not None else set(docs)
    return kept - mask if mask is not None else kept


def _lazy(unit: wq.Query) -> bool:
    """A quoted phrase at the top of the query: its candidates (documents with every word) are
    ranked first and only the best are checked word by word (positions are the slow part)."""
    return isinstance(unit, wq.Phrase) and unit.fieldname == FIELD and unit.boost == 1.0 and len(unit.words) > 1


def _words(phrase: wq.Phrase) -> list[str]:
    return [w.decode() if isinstance(w, bytes) else w for w in phrase.words]


def _candidates(s: Searcher, phrase: wq.Phrase) -> Table:
    """Documents holding every word of the phrase, scored as the phrase would be (the sum of its
    words' scores), not yet checked for order; kept within the same bound as the words' tables."""
    return _kept_table(s, "candidates:" + repr(phrase),
                       lambda: _combine([unit_table(s, wq.Term(FIELD, w)) for w in _words(phrase)], "and"))


Blocks = dict[tuple[int, str, int], tuple[Sequence[int], Sequence[Any]]]


def _leaf_positions(
    reader: Any, word: str, wanted: list[int], base: int, decode: Any, blocks: Blocks
) -> dict[int, list[int]]:
    """Positions of ``word`` in the ``wanted`` documents (global numbers, ascending) of one
    segment. whoosh's skip_to steps through a block posting by posting (most of a phrase
    check's time); here blocks past which nothing is wanted are skipped unread, a block's ids
    are searched by bisection, and a block read for one batch of candidates is kept in
    ``blocks`` for the next (unpickling blocks was then most of the time)."""
    matcher = reader.postings(FIELD, word)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child  # deleted documents are never wanted
    found: dict[int, list[int]] = {}
    if not isinstance(matcher, W3LeafMatcher):
        for d in wanted:
            if not matcher.is_active():
                break
            matcher.skip_to(d - base)
            if matcher.is_active() and matcher.id() == d - base:
                found[d] = decode(matcher.value())
        return found
    at = 0
    while at < len(wanted) and matcher.is_active():
        if wanted[at] - base > matcher._maxid:
            matcher._next_block()  # nothing wanted here: its data is never read
            continue
        key = (base, word, matcher._dataoffset)
        block = blocks.get(key)
        if block is None:
            matcher._read_ids()
            matcher._read_values()
            block = blocks[key] = (matcher._ids, matcher._values)
        ids, values = block
        while at < len(wanted) and wanted[at] - base <= matcher._maxid:
            local = wanted[at] - base
            i = bisect_left(ids, local)
            if i < len(ids) and ids[i] == local:
                found[wanted[at]] = decode(values[i])
            at += 1
        matcher._next_block()
    return found


class _Positions:
    """A searcher's phrase words: each word's postings and positions in every segment whose
    arrays are built (looked at once: arrays finished later serve the next searcher), read whole
    and joined into one array of global document numbers, so that a batch of candidates is one
    vectorised pass over all segments; kept for the next batch and the next phrase with the word
    (up to MAX_CACHED_POSITION_BYTES)."""

    def __init__(self, s: Searcher) -> None:
        parts = postings.parts(s.reader())  # the large segments joined (one look-up for them all), when they are
        # (reader, base): a joined part has no reader, and its arrays are built
        self.leaves: list[tuple[Any, int]] = [(part.reader, part.base) for part in parts]
        self.bases = np.array([base for _reader, base in self.leaves], np.int64)
        self.segments = [part.arrays if part.arrays is not None else postings.opened(part.reader) for part in parts]
        self.built = np.array([found is not None for found in self.segments], np.bool_)
        self.lock = threading.Lock()
        self.words: OrderedDict[str, postings.WordPositions] = OrderedDict()
        self.bytes = 0

    def positions(self, word: str) -> postings.WordPositions:
        """A word's postings in the segments whose arrays are built, by global document number."""
        with self.lock:
            found = self.words.get(word)
            if found is not None:
                self.words.move_to_end(word)
                return found
        parts = [(segment.word_positions(word), base)
                 for segment, (_reader, base) in zip(self.segments, self.leaves, strict=True) if segment is not None]
        if len(parts) == 1 and not parts[0][1]:
            found = parts[0][0]
        else:
            offsets = np.cumsum([0] + [len(p.positions) for p, _base in parts])
            found = postings.WordPositions(
                np.concatenate([p.ids + np.int32(base) for p, base in parts] or [_NO_DOCS]),
                np.concatenate([p.starts[:-1] + offset for (p, _base), offset in zip(parts, offsets[:-1], strict=True)]
                               + [offsets[-1:]]),
                np.concatenate([p.positions for p, _base in parts] or [_NO_DOCS]))
        size = found.ids.nbytes + found.starts.nbytes + found.positions.nbytes
        with self.lock:
            if word not in self.words:
                self.words[word] = found
                self.bytes += size
                while self.bytes > MAX_CACHED_POSITION_BYTES and len(self.words) > 1:
                    _old, dropped = self.words.popitem(last=False)
                    self.bytes -= dropped.ids.nbytes + dropped.starts.nbytes + dropped.positions.nbytes
        return found


def _positions(s: Searcher) -> _Positions:
    cache = _cache(s)
    with cache.lock:
        if cache.positions is None:
            cache.positions = _Positions(s)
        return cache.positions


def _looked_up(ascending: npt.NDArray[Any], values: npt.NDArray[Any]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.bool_]]:
    """Where each of ``values`` is (or would be) in ``ascending`` (sorted, distinct, not empty
    unless ``values`` is), and whether it is there: by bisection."""
    at = np.searchsorted(ascending, values)
    np.minimum(at, len(ascending) - 1, out=at)
    held: npt.NDArray[np.bool_] = ascending[at] == values
    return at, held


def _within(values: npt.NDArray[Any], ascending: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    """Which of ``values`` are in ``ascending`` (sorted, distinct). Not np.isin, which sorts
    both again, and whose np.unique imports numpy.ma on first use (16 ms, which fell on the
    first search of a process that unites or checks a phrase)."""
    if not len(ascending):
        return np.zeros(len(values), np.bool_)
    return _looked_up(ascending, values)[1]


def _distinct(sorted_values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """The distinct values of an ascending array."""
    if len(sorted_values) < 2:
        return sorted_values
    keep = np.empty(len(sorted_values), np.bool_)
    keep[0] = True
    np.not_equal(sorted_values[1:], sorted_values[:-1], out=keep[1:])
    return sorted_values[keep]


def _chained(checking: _Positions, words: list[str], wanted: Docs, slop: int) -> Docs:
    """Which of ``wanted`` (global document numbers in segments whose arrays are built,
    ascending) hold the words one after another, each 1..slop positions after the last (whoosh's
    ordered SpanNear2 with mindist 1), from the position arrays. Positions are keys ``document
    << 32 | position``; after each word, ``reach`` holds where a chain of the words so far may
    end, and the next word keeps its occurrences that follow one of those ends."""
    if not len(wanted):
        return _NO_DOCS
    reach: npt.NDArray[np.int64] | None = None
    for word in words:
        docs, places = checking.positions(word).occurrences(wanted)
        keys = np.sort((docs.astype(np.int64) << 32) | places.astype(np.int64))
        if reach is not None:
            before = np.searchsorted(reach, keys - 1, side="right") - 1  # the last end before each
            ok = before >= 0
            ok[ok] = reach[before[ok]] >= keys[ok] - slop
            keys = keys[ok]
        reach = keys
        if not len(reach):
            break
        wanted = _distinct(reach >> 32).astype(np.int32)  # the next word is looked up in these only
    return _NO_DOCS if reach is None or not len(reach) else _distinct(reach >> 32).astype(np.int32)


def _verified(s: Searcher, phrase: wq.Phrase, docs: Docs, blocks: Blocks) -> Docs:
    """Which of ``docs`` (global numbers, distinct) hold the phrase, ascending: from the
    segments' position arrays (postings.py), or, for a segment whose arrays are not built yet,
    decoding whoosh's position blocks for those documents only (``blocks``: those this query
    read already)."""
    checking = _positions(s)
    words = _words(phrase)
    docs = np.sort(docs)
    work["positions_decoded"] += len(docs)
    if checking.built.all():
        return _chained(checking, words, docs, phrase.slop)
    leaf_of = np.searchsorted(checking.bases, docs, side="right") - 1
    arrayed = checking.built[leaf_of]
    found = [_chained(checking, words, docs[arrayed], phrase.slop)]
    decode = s.schema[FIELD].format.decode_positions
    for leaf in _distinct(leaf_of[~arrayed]).tolist():  # ascending, as the sorted docs are
        reader, base = checking.leaves[leaf]
        if not all((FIELD, word) in reader for word in words):
            continue  # a word missing from the segment: none of its documents holds the phrase
        listed = docs[leaf_of == leaf].tolist()
        positions = {word: _leaf_positions(reader, word, listed, base, decode, blocks)
                     for word in dict.fromkeys(words)}
        found.append(np.asarray([d for d in listed
                                 if any(_chains([positions[w].get(d, []) for w in words[1:]], p, phrase.slop)
                                        for p in positions[words[0]].get(d, []))], np.int32))
    return np.sort(np.concatenate(found))


def _rank_checking(
    s: Searcher,
    units: Sequence[wq.Query],
    mode: str,
    limit: int,
    doc_filter: frozenset[int] | None,
    mask: frozenset[int] | None,
) -> Ranked:
    """Ranking with quoted phrases checked lazily: candidates in order of their best possible
    score, checked in small batches until the best ``limit`` are certain. A batch is checked
    with array operations: each phrase's candidates in the batch verified at once, a score
    lowered by a failed phrase's part (in OR mode) with the same subtraction as one at a time,
    and the best ``limit`` kept as a heap of (score, -document) would keep them."""
    tables = [_candidates(s, u) if _lazy(u) else unit_table(s, u) for u in units]
    both = _combine(tables, mode)
    keep = _kept(s, both.docs, doc_filter, mask)
    kept_docs, kept_scores = both.docs[keep], both.scores[keep]
    ranked = np.lexsort((kept_docs, -kept_scores))
    order, combined = kept_docs[ranked], kept_scores[ranked]
    count = len(order)
    # each phrase: which candidates are among its own, and its part of their score
    lazy: list[tuple[wq.Phrase, npt.NDArray[np.bool_], Scores]] = []
    for i, u in enumerate(units):
        if _lazy(u) and isinstance(u, wq.Phrase):
            mine = tables[i]
            if not len(mine):
                lazy.append((u, np.zeros(count, np.bool_), np.zeros(count, np.float64)))
                continue
            where, inside = _looked_up(mine.docs, order)
            lazy.append((u, inside, mine.scores[where]))
    # in OR mode a document also counts when it matched a unit that needs no checking
    plain = np.zeros(count, np.bool_)
    if mode != "and":
        others = [tables[i].docs for i, u in enumerate(units) if not _lazy(u)]
        if others:
            plain = _within(order, _distinct(np.sort(np.concatenate(others))))
    best_docs, best_scores = _NO_DOCS, _NO_SCORES  # the best ``limit`` so far, best first
    blocks: Blocks = {}
    checked = passed = 0
    at = 0
    while at < count:
        if len(best_docs) >= limit and combined[at] < best_scores[limit - 1]:
            break  # nothing left can beat what we have
        if checked >= CHECK_BUDGET:
            break  # the rest are worse candidates: answered with what was found, "about N"
        size = min(CHECK_BATCH * (1 + at // CHECK_BATCH), max(CHECK_BATCH, CHECK_BUDGET - checked))
        batch = slice(at, min(at + size, count))  # growing batches (fewer passes), within the budget
        docs = order[batch]
        scores = combined[batch] if mode == "and" else combined[batch].copy()  # OR: lowered below
        ok = np.ones(len(docs), np.bool_) if mode == "and" else plain[batch].copy()
        for phrase, inside, parts in lazy:
            held = inside[batch]
            good = _within(docs, _verified(s, phrase, docs[held], blocks))
            if mode == "and":
                ok &= good | ~held
            else:
                ok |= held & good
                failed = held & ~good
                scores[failed] -= parts[batch][failed]  # as ``score -= part`` one at a time
        at = batch.stop
        checked += len(docs)
        passed += int(ok.sum())
        if ok.any():
            pool_docs = np.concatenate([best_docs, docs[ok]])
            pool_scores = np.concatenate([best_scores, scores[ok]])
            best = np.lexsort((pool_docs, -pool_scores))[:limit]
            best_docs, best_scores = pool_docs[best], pool_scores[best]
    top = _pairs(best_docs, best_scores)
    if at >= count:
        return Ranked(top, passed, all(t.complete for t in tables))  # every candidate was checked
    estimate = round(count * passed / checked) if checked else count
    return Ranked(top, max(estimate, len(top)), False)


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
    if any(_lazy(u) for u in units):
        return _rank_checking(s, units, mode, limit, doc_filter, mask)
    tables = [unit_table(s, u) for u in units]
    if not tables:
        return Ranked([], 0)
    if len(tables) == 1:
        table = tables[0]
        if not len(table):
            return Ranked([], 0, table.complete)
        if doc_filter is None and mask is None:
            best = table.ranked()[:limit]
            return Ranked(_pairs(table.docs[best], table.scores[best]), len(table), table.complete)
        keep = _kept(s, table.docs, doc_filter, mask)
        order = table.ranked()
        best = order[keep[order]][:limit]
        return Ranked(_pairs(table.docs[best], table.scores[best]), int(keep.sum()), table.complete)
    complete = all(t.complete for t in tables)
    held = [t for t in tables if len(t)]
    if not held or (mode == "and" and len(held) < len(tables)):
        return Ranked([], 0, complete)  # a typo's word matched nothing: no arrays to combine
    combined = _combine(held, mode)  # a table with no documents adds nothing to an "or"
    keep = _kept(s, combined.docs, doc_filter, mask)
    docs, scores = combined.docs[keep], combined.scores[keep]
    top = _top(docs, scores, limit)
    return Ranked(_pairs(docs[top], scores[top]), len(docs), complete)


def _pairs(docs: Docs, scores: Scores) -> list[tuple[int, float]]:
    return list(zip(docs.tolist(), scores.tolist(), strict=True))


def matching_docs(s: Searcher, units: Sequence[wq.Query], mode: str) -> set[int]:
    """Every document the units match (for facet counts), without ranking."""
    tables = [unit_table(s, u) for u in units]
    if not tables:
        return set()
    return set(_combine(tables, mode).docs.tolist())
