"""Matching by meaning for the rest of the core: keeps the vectors (``sync``, called in the
background) and fuses the vector leg into keyword searches where it helps.

Every relevance-ordered first page gets the vector leg fused in, in one of two ways. A short
query whose words some items have in full keeps exactly those items first (a person who types
报价 wants the items that say 报价): the meaning only orders them, then adds what shares no words
after them (on bench/relevance_bench.py this took short-query hit@1 from 0.88 by the words' order
to 0.96, the same items on top). A long query (a pasted requirement), or one whose items each
had only some of the words, gets the blended ranking. The hits the vector leg added say so in ``SearchResults.found_by``."""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from whoosh import query as wq
from whoosh.reading import TermNotFound

from workbench.core.db.engine import Database
from workbench.core.meaning.ahead import NearestAhead
from workbench.core.meaning.encoder import Encoder, default_encoder
from workbench.core.meaning.fusion import WORDS, Fused, blend
from workbench.core.meaning.pinyin import PinyinSuggester
from workbench.core.meaning.vectors import Progress, VectorKeeper
from workbench.core.search import ids
from workbench.core.search.analysis import query_terms
from workbench.core.search.hits import SearchHit, page_hits
from workbench.core.search.index import SearchIndex
from workbench.core.search.query import SearchRequest, filter_query
from workbench.core.search.ranking import filter_docs
from workbench.core.search.service import SearchResults

log = logging.getLogger(__name__)

POOL = 50  # items each leg contributes to a fusion
LONG_QUERY_TERMS = 5  # this many terms or more: a requirement, not a keyword
# Below this cosine an item is not similar in meaning, whatever its rank: without it every query
# (a typo, nonsense) would "find" the least unrelated items. Against an item's best passage,
# USE v3 puts a matching question or paraphrase at about 0.2-0.6 and unrelated presales texts
# (and nonsense such as "xyzzy qwerty") at 0.05-0.17.
MIN_SIMILARITY = 0.2
# The keyword leg's bonus, word_weight / (k + rank) (fusion.blend): the first keyword hit is
# worth a cosine of 0.25, the third 0.125. When no item had every word (matched_any) the words
# found only incidental overlaps and count for a fifth as much. Chosen on bench/relevance_bench.py
# (hybrid hit@1 0.79 against 0.62 keyword-only); a neighbourhood of these values does as well.
WORD_WEIGHT = 0.5
WORD_WEIGHT_SOME = 0.1
WORD_K = 1.0
# similar items and requirement matching: the keyword leg there is "more like this", every item
# sharing any of the text's characteristic words, so its ranks count for less (on the benchmark,
# similar(text=...) hit@1 0.62 by words, 0.73 blended at 0.5, 0.76 at 0.2). Each keyword hit's
# bonus is also multiplied by its share of the key words' weight (SearchHit.share), as a search
# whose words no item has in full counts its keyword leg for less (WORD_WEIGHT_SOME): a Chinese
# item sharing 数据 and 存储 with 欧盟客户数据存储在哪里 is no answer, and the English one that says
# where EU data is kept shares nothing (hit@1 0.76 -> 0.77 over the 196 queries, cross-language
# 0.66 -> 0.73; one paraphrase and one typo lost a place).
SIMILAR_WORD_WEIGHT = 0.2


class MeaningService:
    def __init__(self, db: Database, index: SearchIndex, folder: Path, encoder: Encoder | None = None) -> None:
        self.index = index
        # a team's laptops share vectors through the server; one laptop's SQLite has no one to share with
        self.vectors = VectorKeeper(folder, db, encoder or default_encoder(), share=db.is_postgresql)
        self.pinyin = PinyinSuggester(index)
        self.enabled = True
        self.min_similarity = MIN_SIMILARITY
        self.on_synced: Callable[[], None] | None = None  # search forgets cached answers
        # the vector leg found while the person pauses (ahead.py): only where the encoder runs
        # in a process of its own (the desktop app)
        self.ahead: NearestAhead | None = None
        self._ahead_lock = threading.Lock()

    def start_encoder(self) -> None:
        """Start the encoder's process now, if it has one (``encoder_process.py``)."""
        start = getattr(self.vectors.encoder, "start", None)
        if start is not None:
            start()

    def sync(self, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> int:
        """Encode what is missing (off the UI thread). Returns how many items were encoded."""
        done = self.vectors.sync(progress, cancelled)
        if (done or self.vectors.last_fetched) and self.on_synced is not None:
            self.on_synced()  # first: what was saved is findable by meaning from here on
        if self.index.is_open():
            self.pinyin.prepare()
        return done

    def nearest(self, text: str, limit: int = POOL) -> list[tuple[str, float]]:
        """The vector leg alone: items by their best passage's similarity to ``text``; nothing
        while more than a few items still wait for their vectors (``VectorKeeper.judges_library``)."""
        if not self.vectors.judges_library():
            return []
        found = self.ahead.take(text, limit) if self.ahead is not None else None
        if found is None:
            found = self.vectors.nearest(text, limit)
        return [(s, c) for s, c in found if c >= self.min_similarity]

    def prefetch(self, request: SearchRequest) -> None:
        """Before the keyword search of ``request``: start its encoding where it can run beside
        that search (the desktop app's encoder process), when ``hybrid`` will want it."""
        if self.helps(request):
            self.prefetch_text(request.text)

    def prefetch_text(self, text: str) -> None:
        """The same before ``similar(text=...)``'s keyword leg (not while the vector leg waits for
        the library's vectors: the encoder is busy building them)."""
        if self.enabled and self.vectors.judges_library():
            self.vectors.prefetch(text)

    def expect(self, request: SearchRequest) -> None:
        """While the person pauses before ``request`` is searched (``SearchService.expect``): its
        encoding started, and then the whole vector leg found ahead (ahead.py)."""
        if self.helps(request):
            self.expect_text(request.text)

    def expect_text(self, text: str) -> None:
        """The same before ``similar(text=...)``. Not at the start of a search asked at once
        (``prefetch``): the thread would search the vectors while the keyword search needs the
        interpreter lock, and each would wait for the other."""
        if self.enabled and self.vectors.judges_library():
            self.vectors.prefetch(text)
            ahead = self._ahead()
            if ahead is not None:
                ahead.want(text)

    def _ahead(self) -> NearestAhead | None:
        """The finder of the vector leg ahead, made on first use; None where the encoder shares
        this process (or its own process failed: it then encodes here)."""
        if not getattr(self.vectors.encoder, "encodes_apart", False):
            return None
        with self._ahead_lock:
            if self.ahead is None:
                self.ahead = NearestAhead(self.vectors.nearest, self.vectors.version, POOL)
            return self.ahead

    def close(self) -> None:
        """End the thread that finds the vector leg ahead (the encoder's process ends with this one)."""
        if self.ahead is not None:
            self.ahead.close()

    @staticmethod
    def helps(request: SearchRequest, results: SearchResults | None = None) -> bool:
        """The first page of a relevance-ordered search for some text (a later page goes on in
        the words' order: the first page holds the same keyword hits, only ordered)."""
        return request.sort == "relevance" and request.page == 1 and bool(request.text.strip())

    def hybrid(self, request: SearchRequest, results: SearchResults, always: bool = False) -> SearchResults:
        """``results`` (the keyword answer to ``request``) with the vector leg fused in where it
        helps. (Typed pinyin's Chinese readings are offered or searched before: search/instead.py.)"""
        if not self.enabled or not (always or self.helps(request, results)):
            return results
        try:
            found = self.nearest(request.text, POOL)
        except Exception:  # meaning is an extra: a broken vector file never breaks search
            log.exception("the vector leg failed; answering with the words alone")
            return results
        known = {h.id for h in results.hits}  # these passed the filters already
        page = max(1, min(request.per_page, 200))
        added = self._allowed(request, [(s, c) for s, c in found if s not in known], limit=page)
        found = [(s, c) for s, c in found if s in known or s in added]
        if not found:
            return results
        weight = WORD_WEIGHT_SOME if results.matched_any else WORD_WEIGHT
        fused = blend([h.id for h in results.hits], found, weight, WORD_K)
        if not results.matched_any and len(query_terms(request.text[:400])) < LONG_QUERY_TERMS:
            fused = self._words_first(fused)
        by_id = {h.id: h for h in results.hits}
        hits: list[SearchHit] = []
        for f in fused[: max(1, min(request.per_page, 200))]:
            hit = by_id.get(f.id) or added[f.id]
            hits.append(dataclasses.replace(hit, score=f.score, found_by=f.legs))
        more = sum(1 for f in fused if WORDS not in f.legs)
        return dataclasses.replace(results, hits=hits, total=results.total + more,
                                   found_by={f.id: f.legs for f in fused})

    def _words_first(self, fused: list[Fused]) -> list[Fused]:
        """A short query whose words some items have in full: those items first, then what only
        the meaning found. Among the items with every word the blended score orders those the
        vector leg can judge; an item it cannot (saved a moment ago, no vectors yet) keeps its
        keyword place rather than sinking below items merely like it."""
        words = [f for f in fused if WORDS in f.legs]  # in blended order
        unjudged = {f.word_rank: f for f in words if not self.vectors.has(f.id)}
        judged = iter([f for f in words if self.vectors.has(f.id)])
        ordered = [unjudged.get(rank) or next(judged) for rank in range(1, len(words) + 1)]
        return ordered + [f for f in fused if WORDS not in f.legs]

    def similar(self, hits: list[SearchHit], item_id: str | None, text: str | None, limit: int,
                kinds: tuple[str, ...] = (), within: SearchRequest | None = None) -> list[SearchHit]:
        """Items like an item or a pasted requirement (``SearchService.similar``: proposal and
        tender matching, "similar items"): the keyword leg's hits blended with the vector leg's.
        ``within``: only items passing its filters (kind, industry, product, tag), as ``hits`` do.
        Hits only the vector leg found share no words (``matched`` is empty) and score their
        cosine; all of ``hits`` are kept with their own scores, in the blended order. Similar to
        a text, every hit has its cosine with it (``SearchHit.meaning``) once the vectors judge
        the library: a hit found by its words alone may be far from the text in meaning."""
        if not self.enabled:
            return hits
        try:
            if item_id is not None:
                near = self.vectors.nearest_to_item(item_id, POOL) if self.vectors.judges_library() else []
                found = [(s, c) for s, c in near if c >= self.min_similarity]
            else:
                found = self.nearest(text or "", POOL)
                if text and self.vectors.judges_library():
                    hits = self._judged(hits, text, found)
        except Exception:
            log.exception("the vector leg failed; similar items by their words alone")
            return hits
        kind_filter = wq.Or([wq.Term("kind", k) for k in kinds]) if kinds else None
        known = {h.id for h in hits}
        added = self._allowed(within or SearchRequest(), [(s, c) for s, c in found if s != item_id and s not in known],
                              kind_filter, limit=limit)
        found = [(s, c) for s, c in found if s in known or s in added]
        if not found:
            return hits
        by_id = {h.id: h for h in hits}
        out: list[SearchHit] = []
        # every keyword hit stays (proposal matching judges candidates by the words they share
        # and must lose none to an item only the meaning found); those join where they rank
        # within the first ``limit``, so the list may hold up to ``limit`` more
        fused = blend([h.id for h in hits], found, SIMILAR_WORD_WEIGHT, WORD_K, {h.id: h.share for h in hits})
        for f in [f for rank, f in enumerate(fused) if f.id in by_id or rank < limit]:
            # a keyword hit keeps its own score: proposal matching compares the scores of one
            # requirement line's hits with each other (a share of the best), on the keyword scale
            hit = by_id.get(f.id) or added[f.id]
            out.append(dataclasses.replace(hit, found_by=f.legs))
        return out

    def _judged(self, hits: list[SearchHit], text: str, found: Sequence[tuple[str, float]]) -> list[SearchHit]:
        """``hits`` each with its best passage's cosine with ``text``: the vector leg's own for the
        items it found, computed for the others (a dozen rows read and multiplied)."""
        cosine = dict(found)
        rest = [h.id for h in hits if h.id not in cosine]
        if rest:
            cosine.update(self.vectors.cosines(text, rest))
        return [dataclasses.replace(h, meaning=cosine.get(h.id)) for h in hits]

    def _allowed(self, request: SearchRequest, found: Sequence[tuple[str, float]], extra: wq.Query | None = None,
                 limit: int | None = None) -> dict[str, SearchHit]:
        """Hits, scored by their similarity, of those items of ``found`` (slug, cosine) that pass
        the request's filters (kind, tag, archived left out unless asked for...) and ``extra``;
        with ``limit``, of the first ``limit`` that pass (``found`` best first: the ones after
        them cannot reach the page)."""
        flt, mask = filter_query(request)
        if extra is not None:
            flt = extra if flt is None else wq.And([flt, extra])
        similarity: dict[str, float] = {}
        for slug, cosine in found:
            similarity.setdefault(slug, cosine)
        todo = list(similarity)
        step = limit or len(todo)
        out: dict[str, SearchHit] = {}
        with self.index.searcher() as s:
            # each item's document by its id (ids.py), then the filter and the mask checked on
            # those documents alone (a query for "any of these fifty ids and the filter" walked
            # every id's postings in every segment; whoosh's own look-ups of the ids and of the
            # mask's matcher were 80 % of the vector leg's cost beside the encoder at 50k items)
            reader = s.reader()
            for at in range(0, len(todo), max(1, step)):
                docs = ids.find(reader, todo[at : at + step])
                chosen = sorted((doc, slug) for slug, doc in docs.items())
                for q, keep in ((flt, True), (mask, False)):
                    if q is not None and chosen:
                        passing = filter_docs(s, q)  # the keyword leg's own, cached per searcher
                        chosen = [(doc, slug) for doc, slug in chosen if (doc in passing) == keep]
                hits = page_hits(s, [(doc, similarity[slug]) for doc, slug in chosen], ())
                for (doc, slug), hit in zip(chosen, hits, strict=True):
                    if hit.id != slug:  # two ids hashed alike (ids.py): asked the slow way
                        try:
                            doc = int(reader.first_id("id", slug))
                        except (KeyError, TermNotFound):
                            continue
                        hit = page_hits(s, [(doc, similarity[slug])], ())[0]
                    out[slug] = dataclasses.replace(hit, meaning=similarity[slug])
                if limit is not None and len(out) >= limit:
                    break
        return out

    def match(self, text: str, words: Sequence[str], limit: int = 10, some_words: bool = False) -> list[Fused]:
        """A requirement paragraph against the library: the keyword ids given (best first) fused
        with the vector leg, each saying which leg found it."""
        weight = WORD_WEIGHT_SOME if some_words else WORD_WEIGHT
        return blend(list(words), self.nearest(text, POOL), weight, WORD_K)[:limit]

