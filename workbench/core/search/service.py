"""Searching the knowledge base: ranked hits with marked snippets (fast path), facet counts
(asked for separately, so the first results never wait for them), did-you-mean, and the
searches that found nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import bindparam, select
from sqlalchemy.exc import DBAPIError
from whoosh import index as windex
from whoosh import query as wq
from whoosh.searching import Searcher

from workbench.core.changes import OpChanges, OpResult
from workbench.core.db.engine import Database
from workbench.core.db.models import KnowledgeItem, SearchMiss, utcnow
from workbench.core.errors import InvalidInput, WorkbenchError
from workbench.core.knowledge.tags import tag_key, unique_tags
from workbench.core.search import ids, postings, shown, spelling
from workbench.core.search.analysis import fold, query_terms
from workbench.core.search.hits import SearchHit, page_hits
from workbench.core.search.index import SearchIndex
from workbench.core.search.instead import Readings, read_instead
from workbench.core.search.query import (
    FIELD,
    Parsed,
    SearchRequest,
    Synonyms,
    filter_query,
    parse,
    text_units,
)
from workbench.core.search.ranking import filter_docs, forget, matching_docs, prepare_postings, rank, restrict
from workbench.core.search.related import DuplicateList, DuplicatePair, NearDuplicate, Related
from workbench.core.users import UserView

HEALING_TRIES = 3
log = logging.getLogger(__name__)
T = TypeVar("T")

FACETS = ("kind", "industry", "product", "tags")
MAX_TAG_FACETS = 60
CACHE_SIZE = 256
FREQUENCIES_KEPT = 20_000  # words' document frequencies remembered for the current index version
MAX_CORRECTED = 24  # words of one query checked for did-you-mean
# "did you mean" is for what people type, not for pasted paragraphs (a paragraph offered back
# whole with one character changed, in a label as wide as the paragraph)
SUGGEST_MAX_CHARS = 60
SUGGEST_MAX_WORDS = 8

__all__ = ["DuplicatePair", "SearchHit", "SearchResults", "SearchService", "check_search_text"]

# Lone surrogates: bytes that were not text (a terminal's undecodable bytes reach Python's argv
# as U+DC80-U+DCFF); the segmenter and whoosh cannot encode them, so they are refused. Control
# characters other than tab and line breaks: nothing is ever indexed under them; a query reads
# them as spaces (pasted text), the command line refuses them (typed, they are a mistake).
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def check_search_text(*texts: str | None, controls: bool = False) -> None:
    """Refuse text that cannot be searched for, with a message saying why, before any index is
    touched: hostile text never looks like a broken index (which would be rebuilt). With
    ``controls`` control characters are refused too."""
    for text in texts:
        if not text:
            continue
        if _SURROGATE.search(text):
            raise InvalidInput("search_text_undecodable")
        control = _CONTROL.search(text) if controls else None
        if control:
            raise InvalidInput("search_text_control", char=f"U+{ord(control.group()):04X}")


def _spaced(text: str) -> str:
    """Control characters read as spaces."""
    return _CONTROL.sub(" ", text)


def _check_request(request: SearchRequest) -> None:
    check_search_text(request.text, request.kind, request.industry, request.product, request.tag, request.status)


@dataclass(frozen=True)
class SearchResults:
    request: SearchRequest
    hits: list[SearchHit]
    total: int
    exact: bool = True  # False: ``total`` is whoosh's estimate (ranking stopped early)
    suggestion: str | None = None  # did you mean
    matched_any: bool = False  # nothing had every word, so these match some of them
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # which leg found each hit ("words", "meaning"), where matching by meaning joined in (core/meaning)
    found_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # the text these results are for when it is not the typed text: typed pinyin's Chinese reading,
    # searched because the typed words found nothing ("Showing results for 报价"; instead.py)
    searched_for: str | None = None
    # Chinese readings of typed pinyin offered, best first (the first is ``searched_for`` when that is set)
    readings: tuple[str, ...] = ()

    @property
    def searched_request(self) -> SearchRequest:
        """The request these results answer: the typed one, or the reading searched in its place
        (ask the facets with it)."""
        if self.searched_for is None:
            return self.request
        return dataclasses.replace(self.request, text=self.searched_for, as_typed=True)


def _doc_frequency(reader: Any, fieldname: str, term: str) -> int:
    """whoosh's document frequency; for the searchable field from each segment's postings arrays
    where they are built (postings.py), from whoosh's term table where they are not."""
    if fieldname != FIELD:
        return int(reader.doc_frequency(fieldname, term))
    total = 0
    for leaf, joined, _base, _segment in postings.parts(reader):  # the large segments joined, when they are
        if joined is not None:
            total += postings.joined_frequency(joined, term)
            continue
        counted = postings.doc_frequency(leaf, term)
        total += int(leaf.doc_frequency(fieldname, term)) if counted is None else counted
    return total


def facets_of(hits: list[SearchHit]) -> dict[str, list[tuple[str, int]]]:
    """Counts per kind, industry, product and tag over ``hits`` themselves (a "similar to"
    answer is its hits: there is no larger set of matches to count), most first, as ``facets``
    orders them."""
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for hit in hits:
        for name, values in (("kind", (hit.kind,)), ("industry", (hit.industry,)), ("product", (hit.product,)),
                             ("tags", tuple(dict.fromkeys(hit.tags)))):
            for value in values:
                if value:
                    counts[name][value] = counts[name].get(value, 0) + 1
    return {name: sorted(found.items(), key=lambda vn: (-vn[1], vn[0])) for name, found in counts.items()}


# Which of a page's items exist: a plain column query (no ORM work per search), built once (its
# cache key is then computed from a prebuilt statement: 0.45 -> 0.3 ms a search)
_SLUG = KnowledgeItem.__table__.c.slug
_PRESENT = select(_SLUG).where(_SLUG.in_(bindparam("slugs", expanding=True)))
# The same query as the driver's own SQL, run on a pooled connection's cursor: SQLAlchemy's
# execution (a cache key, parameter processing, the BEGIN and ROLLBACK its transaction adds on
# SQLite) was three quarters of the look-up, ~0.4 ms of every search. Placeholders by the
# driver's parameter style; another style takes the SQLAlchemy statement above.
_PLACEHOLDER = {"qmark": "?", "format": "%s", "pyformat": "%s"}
_PRESENT_SQL = f"SELECT {_SLUG.name} FROM {KnowledgeItem.__tablename__} WHERE {_SLUG.name} IN ({{}})"


def _restricted(q: wq.Query, flt: wq.Query | None, mask: wq.Query | None) -> wq.Query:
    """The query limited by filters (which add nothing to the score) and without the masked."""
    if flt is not None:
        q = wq.And([q, wq.ConstantScoreQuery(flt, 0.0)])
    if mask is not None:
        q = wq.AndNot(q, mask)
    return q


_frozen = threading.Event()


def _freeze_once() -> None:
    """After the process's first search: what starting and opening the index allocated (the
    modules, the open index, the segmenter's tables: ~100k objects) is moved out of the cyclic
    garbage collector's reach (``gc.freeze``), once. A full collection walks every tracked object
    and happens every so often whatever is allocated; falling on a search it took ~50-300 ms,
    the slowest search of a run. Objects allocated later are collected as before; what was
    frozen is never collected, it lives as long as the process anyway."""
    if not _frozen.is_set():
        _frozen.set()
        gc.freeze()


class SearchService:
    def __init__(self, db: Database, index: SearchIndex, synonyms: Synonyms) -> None:
        self._db = db
        self.index = index
        self.synonyms = synonyms
        self.related = Related(db, index, self._only_existing)
        self.related.synonyms = lambda: self.synonyms
        self._facet_cache: tuple[Any, dict[str, dict[str, frozenset[int]]]] | None = None
        self._facet_lock = threading.Lock()
        self.cache_size = CACHE_SIZE
        self._cache: OrderedDict[SearchRequest, tuple[int, SearchResults]] = OrderedDict()
        self._cache_lock = threading.Lock()
        # the document frequencies of words looked up in the current reader (``_frequency``)
        self._frequencies: tuple[Any, dict[tuple[str, str], int]] = (None, {})
        self._frequency_lock = threading.Lock()
        self._spelling_checked = -1  # the index version whose did-you-mean tables were looked at
        self._damaged_seen = 0  # shown.stats["damaged"] when they were looked at
        # the vector leg fused into a keyword answer where it helps (core/meaning/service.py)
        self.meaning: Callable[[SearchRequest, SearchResults], SearchResults] | None = None
        self.meaning_similar: Callable[[list[SearchHit], str | None, str | None, int, tuple[str, ...],
                                        SearchRequest | None], list[SearchHit]] | None = None
        # told a search's request (a similar-to text's) before its keyword leg runs, so that the
        # vector leg's encoding can run beside it (MeaningService.prefetch)
        self.meaning_ahead: Callable[[SearchRequest], None] | None = None
        self.meaning_ahead_text: Callable[[str], None] | None = None
        # ...and, told during the typing pause (``expect``), the whole vector leg found ahead
        # (MeaningService.expect)
        self.meaning_expect: Callable[[SearchRequest], None] | None = None
        self.meaning_expect_text: Callable[[str], None] | None = None
        # typed pinyin's Chinese readings (core/meaning/pinyin.py), offered or searched instead (instead.py)
        self.readings: Readings | None = None

    # --- search ------------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResults:
        """Any text gives results or none, never an error: an index that cannot be read is
        healed (``SearchIndex.heal``: reopened when another process rebuilt it, else rebuilt)
        and the search tried once more. Answers are cached until the index changes (typing
        repeats prefixes, people repeat searches). Text that cannot be searched for
        (``check_search_text``) is refused with a message instead."""
        _check_request(request)
        return self._healing(lambda: self._cached_search(request), request.text)

    def _healing(self, run: Callable[[], T], text: str) -> T:
        """``run``, and again after healing the index if reading it failed (up to
        ``HEALING_TRIES`` times: another process may swap the index more than once while a search
        reads it). A WorkbenchError (the database unreachable, say) is not the index's fault and
        is raised as it is."""
        for _ in range(HEALING_TRIES - 1):
            opened = self.index.opened
            try:
                with self.index.one_look():  # the disk looked at once a search, not four times
                    return run()
            except WorkbenchError:
                raise
            except Exception:
                log.exception("search failed for %r; healing the index and retrying", text[:200])
                self.index.heal(opened)
        with self.index.one_look():
            return run()

    def _cached_search(self, request: SearchRequest) -> SearchResults:
        generation = self.index.generation()  # also reopens an index swapped by another process
        with self._cache_lock:
            cached = self._cache.get(request)
            if cached is not None and cached[0] == generation:
                self._cache.move_to_end(request)
                return cached[1]
        if self.meaning is not None and self.meaning_ahead is not None:
            self.meaning_ahead(request)
        results = self._search(request)
        if self.readings is not None:
            results = read_instead(request, results, self.readings, self._search)
        if self.meaning is not None:  # on what was searched: the typed text or the reading in its place
            results = self.meaning(results.searched_request, results)
        # the first search opens the index (generation -1 before): prepare for what it opened
        self._prepare_spelling(generation if generation >= 0 else self.index.generation())
        _freeze_once()
        if self.cache_size and generation >= 0:
            with self._cache_lock:
                self._cache[request] = (generation, results)
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return results

    def expect(self, request: SearchRequest) -> None:
        """A search for ``request`` is coming: start now what can run ahead of it. The Search
        screen calls this as the text changes, before its typing pause is over; the query's
        encoding then runs in the encoder's own process meanwhile (the desktop app's: see
        ``MeaningService.expect``) and the vectors are searched with it in a thread of this one
        (meaning/ahead.py): the search finds its vector leg done rather than waiting for it after
        the keyword search. Does nothing where nothing can run ahead."""
        check_search_text(request.text)
        if self.meaning is not None and self.meaning_expect is not None:
            self.meaning_expect(request)

    def expect_similar(self, text: str) -> None:
        """The same before ``similar_to(text)`` (a requirement being pasted or typed)."""
        check_search_text(text)
        if self.meaning_similar is not None and self.meaning_expect_text is not None:
            self.meaning_expect_text(_spaced(text))

    def prepare(self) -> None:
        """Start now, in the background, what the first search of this index version would
        start (``_prepare_spelling``): the desktop app asks once its index is open, so that the
        first typo after a launch finds did-you-mean's tables in memory (read from disk, where an
        earlier process kept them, or built) instead of building them while the person waits."""
        if self.index.is_open():
            self._prepare_spelling(self.index.generation())

    def _prepare_spelling(self, generation: int) -> None:
        """After the first search of an index version (or after hit records were found damaged),
        did-you-mean's tables, the postings arrays (postings.py), the hit records (shown.py) and
        the id tables (ids.py) for segments that have none are built in the background from a
        reader of their own (a vocabulary of tens of thousands of words takes a second or more),
        so that a typo, a word's first use, a page of hits and the vector leg find them ready."""
        damaged = shown.stats["damaged"]  # hit records found unreadable (and removed) since last time
        if generation < 0 or (generation == self._spelling_checked and damaged == self._damaged_seen):
            return
        self._spelling_checked, self._damaged_seen = generation, damaged
        with self.index.searcher() as s:
            tables, arrays, records = spelling.missing(s), postings.missing(s), shown.missing(s)
            id_tables = ids.missing(s)  # the vector leg's items by their ids (meaning/service.py)
        folder = self.index.folder
        if tables:
            threading.Thread(
                target=spelling.prepare, args=(lambda: windex.open_dir(str(folder)).reader(),),
                name="did-you-mean tables", daemon=True,
            ).start()
        if arrays:  # a new segment's postings as arrays on disk: first use of a word is a page read
            threading.Thread(
                target=prepare_postings, args=(lambda: windex.open_dir(str(folder)).reader(),),
                name="postings arrays", daemon=True,
            ).start()
        if id_tables:
            threading.Thread(
                target=ids.prepare, args=(lambda: windex.open_dir(str(folder)).reader(),),
                name="id tables", daemon=True,
            ).start()
        if records:  # what a new segment's hits show, read by offset: a hit is not a zlib+pickle+OpenCC pass
            threading.Thread(
                target=shown.prepare, args=(lambda: windex.open_dir(str(folder)).reader(),),
                name="hit records", daemon=True,
            ).start()

    def forget(self) -> None:
        """Forget cached answers and scored words, as if each search were the first."""
        with self._cache_lock:
            self._cache.clear()
        with self.index.searcher() as s:
            forget(s)

    def _units(self, parsed: Parsed, request: SearchRequest, s: Searcher | None = None) -> list[wq.Query] | None:
        """The query's units; None when there is nothing to search for, [] for every item
        (filters alone). ``s``: the searcher already open (its words counted there, instead of
        each word reopening the warm searcher, which checks the index folder every time)."""
        if parsed.empty():
            if _spaced(request.text).strip() and not self._has_filters(request):
                return None
            return []
        if s is not None:
            reader = s.reader()
            return text_units(parsed, self.synonyms, lambda term: self._frequency(reader, FIELD, term))
        return text_units(parsed, self.synonyms, self._doc_frequency)

    @staticmethod
    def _combined(units: list[wq.Query], mode: str) -> wq.Query:
        if not units:
            return wq.Every()
        if len(units) == 1:
            return units[0]
        return wq.And(units) if mode == "and" else wq.Or(units)

    def _doc_frequency(self, term: str) -> int:
        with self.index.searcher() as s:
            return self._frequency(s.reader(), FIELD, term)

    def _frequency(self, reader: Any, fieldname: str, term: str) -> int:
        """How many documents of ``reader`` hold ``term``, remembered for the reader (the index
        version): one look-up asks every segment's hash table (~50 us at a dozen segments), and
        the same words come back as a query is typed, and within one search (a long word's
        parts, then did-you-mean asks about the same words)."""
        with self._frequency_lock:
            if self._frequencies[0] is not reader:
                self._frequencies = (reader, {})
            known = self._frequencies[1]
            found = known.get((fieldname, term))
        if found is None:
            found = _doc_frequency(reader, fieldname, term)
            with self._frequency_lock:
                if self._frequencies[0] is reader:
                    if len(known) >= FREQUENCIES_KEPT:
                        known.clear()
                    known[(fieldname, term)] = found
        return found

    @staticmethod
    def _has_filters(request: SearchRequest) -> bool:
        return any((request.kind, request.industry, request.product, request.tag, request.status, request.stale))

    def _search(self, request: SearchRequest) -> SearchResults:
        parsed = parse(_spaced(request.text))
        flt, mask = filter_query(request)
        page = max(1, request.page)
        per_page = max(1, min(request.per_page, 200))
        limit = page * per_page
        matched_any = False
        with self.index.searcher() as s:
            units = self._units(parsed, request, s)
            if units is None:
                return SearchResults(request, [], 0)
            terms = [
                t.decode() if isinstance(t, bytes) else t for u in units for f, t in u.iter_all_terms() if f == FIELD
            ]
            if units and request.sort == "relevance":
                # the interactive path: unit tables combined (ranking.py), exact totals
                doc_filter = filter_docs(s, flt) if flt is not None else None
                masked = filter_docs(s, mask) if mask is not None else None
                ranked = rank(s, units, "and", limit, doc_filter, masked)
                if ranked.total == 0 and len(units) > 1:
                    ranked = rank(s, units, "or", limit, doc_filter, masked)
                    matched_any = ranked.total > 0
                total, exact = ranked.total, ranked.exact
                hits = page_hits(s, ranked.top[(page - 1) * per_page : limit], terms)
            else:
                # sorted by date, or filters without words: whoosh's own collector
                results = self._run(s, self._combined(units, "and"), flt, mask, request, limit)
                if results.scored_length() == 0 and len(units) > 1:
                    results = self._run(s, self._combined(units, "or"), flt, mask, request, limit)
                    matched_any = results.scored_length() > 0
                # never len(results) when it is not exact: whoosh then re-counts with a mask test
                # that walks the whole mask bitset per document (quadratic); facets() counts exactly
                scored = results.scored_length()
                exact = scored < limit  # fewer than asked for: every match was collected
                total = scored if exact else max(int(results.estimated_length()), scored)
                shown_page = [(hit.docnum, float(hit.score or 0.0)) for hit in results[(page - 1) * per_page : limit]]
                hits = page_hits(s, shown_page, terms)
            suggestion = None
            if (total < 3 or matched_any) and parsed.words:
                # the terms as parse found them when that was the whole text, unquoted
                # (segmenting the query again was a tenth of a typo's search)
                suggestion = self._did_you_mean(s, _spaced(request.text), parsed.terms)
        hits = self._only_existing(hits)
        return SearchResults(request, hits, total, exact, suggestion, matched_any)

    @staticmethod
    def _run(s: Searcher, q: wq.Query, flt: Any, mask: Any, request: SearchRequest, limit: int) -> Any:
        # Filters go into the query rather than whoosh's filter=/mask=: its filtering collector
        # tests a bitset's truth per document by walking the whole bitset (quadratic counts).
        combined = _restricted(q, flt, mask)
        if request.sort == "date":
            return s.search(combined, limit=limit, sortedby="updated", reverse=True)
        return s.search(combined, limit=limit)

    def _only_existing(self, hits: list[SearchHit]) -> list[SearchHit]:
        """Rows come from the database: a hit whose item is gone is dropped, never shown, and
        this laptop's index forgets it. A read writes nothing to the database: on a team's
        shared server a repair queued there would be applied by every laptop."""
        if not hits:
            return hits
        present = self._present([h.id for h in hits])
        missing = [h.id for h in hits if h.id not in present]
        if missing:
            log.warning("search index holds %d items the database does not; dropping them here", len(missing))
            self.index.forget_locally(missing)
        return [h for h in hits if h.id in present]

    def _present(self, slugs: list[str]) -> set[str]:
        """Which of these slugs the database holds: one statement, without a transaction of its
        own (a single SELECT sees one snapshot either way). A driver error becomes SQLAlchemy's
        (and so the domain's, ``Database.errors``), as the statement's would have."""
        engine = self._db.engine
        mark = _PLACEHOLDER.get(engine.dialect.paramstyle)
        if mark is None:
            return set(self._db.scalars(_PRESENT.params(slugs=slugs)))
        sql = _PRESENT_SQL.format(", ".join([mark] * len(slugs)))
        dbapi = engine.dialect.loaded_dbapi
        with self._db.errors(), engine.connect() as conn:
            cursor = conn.connection.cursor()
            try:
                cursor.execute(sql, tuple(slugs))
                return {str(row[0]) for row in cursor.fetchall()}
            except dbapi.Error as exc:
                raise DBAPIError.instance(sql, tuple(slugs), exc, dbapi.Error) from exc
            finally:
                cursor.close()

    # --- facets --------------------------------------------------------------------------------

    def facets(self, request: SearchRequest) -> tuple[dict[str, list[tuple[str, int]]], int]:
        """Counts per kind, industry, product and tag over every match, and the exact total.
        Each value's documents are read once per index version; a request then costs one pass
        over its matches and a set intersection per value."""
        _check_request(request)
        return self._healing(lambda: self._facets(request), request.text)

    def _facets(self, request: SearchRequest) -> tuple[dict[str, list[tuple[str, int]]], int]:
        parsed = parse(_spaced(request.text))
        units = self._units(parsed, request)
        if units is None:
            return {name: [] for name in FACETS}, 0
        flt, mask = filter_query(request)
        with self.index.searcher() as s:
            if units:
                doc_filter = filter_docs(s, flt) if flt is not None else None
                masked = filter_docs(s, mask) if mask is not None else None
                matched = restrict(matching_docs(s, units, "and"), doc_filter, masked)
                if not matched and len(units) > 1:
                    matched = restrict(matching_docs(s, units, "or"), doc_filter, masked)
            else:
                matched = self._docs(s, wq.Every(), flt, mask)
            values = self._value_docs(s)
        out: dict[str, list[tuple[str, int]]] = {}
        for name in FACETS:
            counts = [(value, len(matched & docs)) for value, docs in values[name].items()]
            out[name] = sorted(((v, n) for v, n in counts if n and v), key=lambda vn: (-vn[1], vn[0]))
        return out, len(matched)

    @staticmethod
    def _docs(s: Searcher, q: wq.Query, flt: Any, mask: Any) -> set[int]:
        return set(s.docs_for_query(_restricted(q, flt, mask)))

    def _value_docs(self, s: Searcher) -> dict[str, dict[str, frozenset[int]]]:
        with self._facet_lock:
            reader = s.reader()
            if self._facet_cache is not None and self._facet_cache[0] is reader:
                return self._facet_cache[1]
            values: dict[str, dict[str, frozenset[int]]] = {}
            for name in FACETS:
                terms = [t.decode() if isinstance(t, bytes) else str(t) for t in s.lexicon(name)]
                if name == "tags" and len(terms) > MAX_TAG_FACETS:
                    # the most used tags, counting every spelling of one (報價 goes with 报价)
                    used: dict[str, int] = {}
                    for t in terms:
                        used[tag_key(t)] = used.get(tag_key(t), 0) + reader.doc_frequency(name, t)
                    terms = sorted(terms, key=lambda t: -used[tag_key(t)])[:MAX_TAG_FACETS]
                values[name] = {t: frozenset(s.docs_for_query(wq.Term(name, t))) for t in terms}
            self._facet_cache = (reader, values)
            return values

    # --- did you mean ------------------------------------------------------------------------

    def _did_you_mean(self, s: Searcher, text: str, spans: list[tuple[str, int, int]] | None = None) -> str | None:
        """Replace words the index has never seen with its closest known words, found in a
        candidate table built once per index segment (spelling.py), not by a walk of the whole
        dictionary per word."""
        if len(text.strip()) > SUGGEST_MAX_CHARS:
            return None  # a pasted paragraph: offering it back with one word changed helps no one
        reader = s.reader()
        spans = query_terms(text) if spans is None else spans  # ``spans``: query_terms(text), known
        if len(spans) > SUGGEST_MAX_WORDS:
            return None
        # the words of a synonym group the query names are known words, whether or not the
        # library writes them ("Active Directory" finds the LDAP answer: not "Active director")
        named = {t for alt, _group in self.synonyms.found_in([t for t, _s, _e in spans]) for t in alt}
        candidates: list[tuple[str, int, int]] = []
        i = 0
        while i < len(spans):
            term, start, end = spans[i]
            # single Chinese characters next to each other are usually one mistyped word
            if len(term) == 1 and i + 1 < len(spans) and len(spans[i + 1][0]) == 1 and spans[i + 1][1] == end:
                candidates.append((term + spans[i + 1][0], start, spans[i + 1][2]))
                i += 2
                continue
            candidates.append((term, start, end))
            i += 1
        replaced = text
        changed = False
        # a pasted paragraph is not spell-checked word by word: the last words are corrected
        # (each a few table look-ups), the rest left as typed
        for term, start, end in reversed(candidates[-MAX_CORRECTED:]):
            if len(term) < 2 or term in named or self._frequency(reader, FIELD, term) > 0:
                continue
            word = fold(text[start:end])
            if len(word) < 2:  # a span that folds to (almost) nothing: whoosh's corrector fails on it
                continue
            if word.isascii():
                real = spelling.known(s, word)
                if real or (real is None and self._frequency(reader, "spell", word) > 0):
                    continue  # English: a real word (unstemmed vocabulary) is not corrected
            option = spelling.correct(s, word)
            if option and option != word:
                replaced = replaced[:start] + option + replaced[end:]
                changed = True
        return replaced if changed else None

    # --- content gaps -------------------------------------------------------------------------

    def record_miss(self, actor: UserView, text: str) -> OpResult[None]:
        """Remember a search that found nothing (called when the person settles on a query)."""
        check_search_text(text)
        text = _spaced(text)
        normalized = " ".join(t for t, _s, _e in query_terms(text[:300]))[:300]
        if not normalized:
            return OpResult(None, OpChanges())
        with self._db.write() as session:
            miss = session.get(SearchMiss, normalized)
            if miss is None:
                session.add(SearchMiss(normalized=normalized, query=text.strip()[:300], count=1,
                                       last_at=utcnow(), last_by=actor.name))
            else:
                miss.count += 1
                miss.query = text.strip()[:300]
                miss.last_at = utcnow()
                miss.last_by = actor.name
        return OpResult(None, OpChanges(gaps=True))  # nothing was indexed: only the gap lists changed

    def content_gaps(self, limit: int = 100) -> list[tuple[str, int, dt.datetime]]:
        with self._db.read() as session:
            rows = session.execute(
                select(SearchMiss.query, SearchMiss.count, SearchMiss.last_at)
                .order_by(SearchMiss.count.desc(), SearchMiss.last_at.desc())
                .limit(limit)
            ).all()
        return [(q, n, at) for q, n, at in rows]

    # --- related items (see related.py) --------------------------------------------------------

    def similar(
        self, item_id: str | None = None, text: str | None = None, limit: int = 10, kinds: tuple[str, ...] = (),
        within: SearchRequest | None = None,
    ) -> list[SearchHit]:
        """Items like an item or a text; ``kinds`` keeps those kinds, ``within`` the items that
        pass its filters (kind, industry, product, tag; its text is not used). The words an
        item's similar items share with it (``matched``) are as the item writes them, to be
        shown; a text's are the index's terms, which proposal and tender matching compare with
        terms of their own (``similar_to`` shows them as the text writes them)."""
        check_search_text(text, *((within.kind, within.industry, within.product, within.tag) if within else ()))
        text = _spaced(text) if text is not None else None
        if text is not None and self.meaning_similar is not None and self.meaning_ahead_text is not None:
            self.meaning_ahead_text(text)
        hits = self._similar_by_words(item_id, text, limit, kinds, filter_query(within)[0] if within else None,
                                      written=item_id is not None)
        if self.meaning_similar is not None:
            hits = self.meaning_similar(hits, item_id, text, limit, kinds, within)
        return hits

    def _similar_by_words(self, item_id: str | None, text: str | None, limit: int, kinds: tuple[str, ...],
                          within: wq.Query | None = None, written: bool = False) -> list[SearchHit]:
        return self._healing(lambda: self.related.similar(item_id, text, limit, kinds, within, written),
                             text or item_id or "")

    def similar_to(self, text: str, limit: int = 20, as_typed: bool = False, kind: str | None = None,
                   industry: str | None = None, product: str | None = None, tag: str | None = None) -> SearchResults:
        """"Similar to a requirement": the items like a pasted text (``similar``), answered as a
        search is: typed pinyin that shares no word with any item finds what its Chinese reading
        is like, and says so (``searched_for``; instead.py); ``as_typed`` compares the text as
        it is. Proposal and tender matching call ``similar`` itself: no reading in their place
        where nobody sees the notice.

        ``kind``, ``industry``, ``product`` and ``tag`` keep only the items that have them (a
        search's filters: the best ``limit`` of those, not those of the best ``limit``), and
        ``facets`` counts the items found per kind, industry, product and tag."""
        check_search_text(text, kind, industry, product, tag)
        request = SearchRequest(text=text, per_page=limit, as_typed=as_typed, kind=kind, industry=industry,
                                product=product, tag=tag)
        within, _archived = filter_query(request)  # archived items: both legs leave them out already
        if self.meaning_similar is not None and self.meaning_ahead_text is not None:
            self.meaning_ahead_text(_spaced(text))

        def by_words(r: SearchRequest) -> SearchResults:
            # the shared words as the pasted text writes them ("machines", not the stem "machin")
            hits = self._similar_by_words(None, _spaced(r.text), limit, (), within, written=True)
            return SearchResults(r, hits, len(hits))

        results = by_words(request)
        if self.readings is not None:
            results = read_instead(request, results, self.readings, by_words)
        hits = results.hits
        if self.meaning_similar is not None:
            # the blend keeps every keyword hit (proposal matching wants them all); a person
            # asked for ``limit`` items: the best ``limit`` of the blended order
            hits = self.meaning_similar(hits, None, _spaced(results.searched_request.text), limit, (), request)[:limit]
        return dataclasses.replace(results, hits=hits, total=len(hits), facets=facets_of(hits))

    def near_duplicates(self, item_id: str | None = None, text: str | None = None) -> list[NearDuplicate]:
        return self.related.near_duplicates(item_id, text)

    def all_duplicates(self) -> DuplicateList:
        return self.related.all_duplicates()

    def suggest_tags(self, text: str, existing: tuple[str, ...] = (), limit: int = 5) -> list[str]:
        # one suggestion per tag across scripts, none the item already has in another spelling
        have = {tag_key(t) for t in existing}
        found = [t for t in unique_tags(self.related.suggest_tags(text, existing, limit + len(existing) + 5))
                 if tag_key(t) not in have]
        return found[:limit]
