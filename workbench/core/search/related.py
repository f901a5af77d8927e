"""Items related to an item or a text: similar items with the words they share, near-duplicates,
and suggested tags."""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from sqlalchemy import select
from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from workbench.core.db.engine import Database
from workbench.core.db.models import KnowledgeItem
from workbench.core.errors import NotFound
from workbench.core.knowledge.language import detect_language
from workbench.core.knowledge.lessons import without_sources
from workbench.core.meaning import neighbours
from workbench.core.meaning.vectors import VectorKeeper
from workbench.core.search.analysis import STOP, as_typed, fold, normalize, segments, term_of, typed_words
from workbench.core.search.function_words import FUNCTION_WORDS
from workbench.core.search.hits import SearchHit, hit_from_fields
from workbench.core.search.index import SearchIndex
from workbench.core.search.query import FIELD, Synonyms
from workbench.core.search.word_pairs import LibraryWords, hashed, share, shingles, similarity

log = logging.getLogger(__name__)

# Two ways a pair is judged a near-duplicate, each with its own threshold, chosen on the labelled
# pairs of bench/duplicates_bench.py (bench/duplicates_labels.py: paraphrases, zh<->en
# translations, Traditional rewrites, near-copies, and hard negatives: same topic, another answer):
# - the same words: ``similarity`` (shared word pairs) over the keyword leg's candidates;
DUPLICATE_THRESHOLD = 0.6
# - similar in meaning: the best pair of passages' cosine (the sentence encoder of core/meaning)
#   over the vector leg's nearest items, at a threshold that depends on the two languages. The
#   encoder puts a translation lower than a paraphrase: on the bench, zh<->en translations of one
#   answer sit at 0.62-0.80, while two different answers in one language on one subject (two
#   call-centre cases, recording retention against the audit log) reach 0.70-0.72 and a
#   paraphrase or Traditional rewrite 0.68-0.88. So within one language (Simplified and Traditional
#   count as one) a pair must reach MEANING_THRESHOLD; between Chinese and English, where no
#   labelled non-duplicate passed 0.55, MEANING_THRESHOLD_ACROSS. Both chosen on the bench's
#   table (python bench/duplicates_bench.py), where they kept precision at 1.0; see its output.
MEANING_THRESHOLD = 0.75
MEANING_THRESHOLD_ACROSS = 0.62
CANDIDATES = 5  # nearest items each leg offers per item
SYNONYM_KEYS = 8  # alternatives from the synonym groups a similar text names, searched at most
# With vectors, all_duplicates compares the words of each item with its nearest items by meaning
# only (one pass over the vector matrix) instead of one "more like this" query per item (about
# 0.24 s an item at 50k items: over three hours). A near-copy is close in meaning too: on the
# bench every pair that repeats 60 % of its word pairs had a cosine of 0.74 or more (a lesson's
# paragraphs naming its bids are left out of both: with them in the vectors, a lesson naming
# three bids sat 0.56 from its copy written down by hand, and was missed here).
WORDS_FROM_MEANING = 0.6
# An item's word pairs are found once a run (segmenting its text is the cost: about 1.4 ms an
# item, and at 50k items re-segmenting each item five times, once per pair, took 350 of the 550
# seconds), kept as sorted 32-bit hashes (a false match between two items' word pairs: one in
# four billion), SHINGLES_HELD of them at most (32 MB; past that the held ones are dropped and
# found again when asked).
SHINGLES_HELD = 8_000_000
PAIRS_AT_ONCE = 2000  # candidate pairs whose texts are read at a time
READ_AT_ONCE = 500  # items read at a time when the whole library's words are compared
# Items without vectors are compared with the whole library by their words (reading and segmenting
# every item once: 1.7 ms of CPU an item at 2k and at 10k items), unless they are so few that one
# similar-items query each costs less (40 ms of CPU a query at 2k, 80 ms at 10k, more at 50k;
# bench/results/duplicates-words-only.md): at most one item in QUERIES_FOR_FEW, those just added
# before the vectors' next sync, say.
QUERIES_FOR_FEW = 50
# The list of pairs holds at most this many (the words' pairs first, then the meaning's, each best
# first): a library of many near-copies has pairs by the hundred thousand (254k among the 50k
# items of the search benchmark's corpus), more than anyone reads and more memory than the view
# should hold; the list says how many there were.
PAIRS_SHOWN = 5000
WORDS = "words"  # why a pair was reported: it repeats the words...
MEANING = "meaning"  # ...or says the same in other words (or another language)


def _compared(title: str, body: str) -> str:
    """An item's text as near-duplicates compare it: a lesson's paragraphs naming its bids left out."""
    return without_sources(f"{title}\n{body}")


def _word_pairs(title: str, body: str) -> np.ndarray:
    """An item's word pairs, hashed, as the whole list compares them."""
    return hashed(shingles(_compared(title, body)))


@dataclass(frozen=True)
class DuplicatePair:
    id: str
    title: str
    other_id: str
    other_title: str
    similarity: float  # the words' overlap (WORDS) or the passages' cosine (MEANING)
    why: str = WORDS


class DuplicateList(list[DuplicatePair]):
    """The pairs ``all_duplicates`` found, at most PAIRS_SHOWN of them; ``found``: how many
    there were in all (more than the list holds when it was cut)."""

    def __init__(self, pairs: Iterable[DuplicatePair] = (), found: int | None = None) -> None:
        super().__init__(pairs)
        self.found = len(self) if found is None else found

    @property
    def cut(self) -> bool:
        return self.found > len(self)


Progress = Callable[[int, int, str], None]  # (done, of, what: MEANING or WORDS)


class NearDuplicate(NamedTuple):
    id: str
    title: str
    similarity: float
    why: str = WORDS


def _words(text: str) -> list[str]:
    """A text's words in order (its first 20,000 characters, folded, whole words), as similar
    items judge it."""
    folded, _ = normalize(text[:20_000])
    return [w for w, _s, _e, _p in segments(folded, subwords=False)]


def _family(language: str) -> str:
    return "zh" if language.startswith("zh") else language


def meaning_threshold(language: str, other_language: str) -> float:
    """The cosine two items in these languages (knowledge.language codes) must reach."""
    pair = {_family(language), _family(other_language)}
    return MEANING_THRESHOLD_ACROSS if pair == {"zh", "en"} else MEANING_THRESHOLD


class Related:
    def __init__(self, db: Database, index: SearchIndex, existing: Callable[[list[SearchHit]], list[SearchHit]]) -> None:
        self._db = db
        self.index = index
        self._existing = existing
        # the passage vectors of matching by meaning (set by the workspace); without them, or
        # before their first build has finished, duplicates are found by their words alone
        self.vectors: VectorKeeper | None = None
        # the search's synonym groups (set by the search service, which may reload them)
        self.synonyms: Callable[[], Synonyms] | None = None

    def _item_text(self, item_id: str, title_weight: int = 2) -> str:
        with self._db.read() as session:
            row = session.scalar(select(KnowledgeItem).where(KnowledgeItem.slug == item_id))
            if row is None:
                raise NotFound("item_not_found", id=item_id)
            return "\n".join([row.title] * title_weight + [row.body])

    def similar(
        self, item_id: str | None = None, text: str | None = None, limit: int = 10, kinds: tuple[str, ...] = (),
        within: wq.Query | None = None, written: bool = False,
    ) -> list[SearchHit]:
        """Items like an existing item or like a pasted paragraph, with the terms that matched;
        ``kinds`` keeps only those kinds (cases for a proposal's references, say), ``within``
        only the items it matches (a search's filters: ``query.filter_query``). ``written``:
        the matched words as the item or the text writes them ("machines"), to be shown, rather
        than the index's terms ("machin"), which matching compares with terms of its own."""
        exclude: str | None = None
        if item_id is not None:
            text = self._item_text(item_id)
            exclude = item_id
        if not text or not text.strip():
            return []
        with self.index.searcher() as s:
            words = _words(text)
            keys, best = self._key_terms(s, words)
            extra = self._synonym_keys(s, words, keys, best)
            if not keys and not extra:
                return []
            # a group's alternatives count once (the best one an item holds): "data migration" and
            # "migration" both standing for 数据迁移 must not outweigh the rest of the text
            by_group: dict[tuple[str, ...], list[wq.Query]] = {}
            for other, alt, boost in extra:
                by_group.setdefault(alt, []).append(
                    wq.Term(FIELD, other[0], boost=boost) if len(other) == 1
                    # a phrase alternative's words anywhere in the item, not checked side by side (a
                    # similar text is a bag of words; reading positions costs the most at 50k items)
                    else wq.And([wq.Term(FIELD, t, boost=boost / len(other)) for t in other]))
            q = wq.Or([wq.Term(FIELD, term, boost=weight) for term, weight in keys]
                      + [options[0] if len(options) == 1 else wq.DisjunctionMax(options) for options in by_group.values()])
            mask = wq.Or([wq.Term("status", "archived")] + ([wq.Term("id", exclude)] if exclude else []))
            if kinds:
                q = wq.And([q, wq.ConstantScoreQuery(wq.Or([wq.Term("kind", k) for k in kinds]), 0.0)])
            if within is not None:
                q = wq.And([q, wq.ConstantScoreQuery(within, 0.0)])
            results = s.search(wq.AndNot(q, mask), limit=limit, terms=True)
            terms = [t for t, _w in keys] + [t for other, _alt, _w in extra for t in other]
            weight = dict(keys)
            key_terms = set(weight)
            for _other, alt, w in extra:  # a word of the text the library lacks counts by its synonym
                for t in alt:
                    if t not in key_terms:
                        weight[t] = max(weight.get(t, 0.0), w / len(alt))
            whole = sum(weight.values())
            typed = typed_words(text) if written else None
            hits = []
            for hit in results:
                found_terms = {  # the text's words (not a filter's kind or tag)
                    t.decode() if isinstance(t, bytes) else str(t) for f, t in hit.matched_terms() if f == FIELD
                }
                shared = {t for t in found_terms if t in weight}
                for other, alt, _w in extra:
                    if all(t in found_terms for t in other):
                        shared.update(alt)  # found by a synonym: the text's own word is what it shares
                matched = tuple(sorted(shared))
                share = sum(weight.get(t, 0.0) for t in matched) / whole
                if typed is not None:
                    matched = as_typed(matched, typed)
                found = hit_from_fields(hit.fields(), float(hit.score or 0.0), terms, matched)
                hits.append(dataclasses.replace(found, share=share))
        return self._existing(hits)

    @staticmethod
    def _key_terms(s: Searcher, words: list[str], numterms: int = 24) -> tuple[list[tuple[str, float]], float]:
        """The words that characterise a text (``_words``): frequent in it, rare in the knowledge
        base, each weighed against the best (0.05..1); and the best's own weight."""
        counts = Counter(w for w in words if len(w) > 1)  # single characters (厂, 台) say little about a text
        reader = s.reader()
        scorer = BM25F()
        scored: list[tuple[str, float]] = []
        for word, tf in counts.items():
            if word in FUNCTION_WORDS:  # "its", "any", 我们, 能否: nothing about the subject
                continue
            term = term_of(word)
            if reader.doc_frequency(FIELD, term) == 0:
                continue
            scored.append((term, tf**0.5 * scorer.idf(s, FIELD, term)))
        scored.sort(key=lambda kv: -kv[1])
        top = scored[:numterms]
        if not top:
            return [], 0.0
        best = top[0][1] or 1.0
        return [(t, max(w / best, 0.05)) for t, w in top], best

    def _synonym_keys(self, s: Searcher, words: list[str], keys: list[tuple[str, float]], best: float
                      ) -> list[tuple[tuple[str, ...], tuple[str, ...], float]]:
        """What the text's words stand for in the synonym groups a search expands (query.py's
        ``Synonyms``: 上线周期 for 实施周期, "on-premise" for 私有化部署): (an alternative the library
        holds, the text's own alternative it stands for, its weight). It weighs what the text's
        word weighs, or, when the library lacks that word (or it is not among the key words),
        what the alternative would weigh in its place. At most ``SYNONYM_KEYS``, the heaviest."""
        synonyms = self.synonyms() if self.synonyms is not None else None
        if synonyms is None or not synonyms.groups:
            return []
        weight = dict(keys)
        reader = s.reader()
        scorer = BM25F()
        terms = [term_of(w) for w in words if w not in STOP]
        counts = Counter(terms)
        found = synonyms.found_in(terms)
        out: dict[tuple[str, ...], tuple[tuple[str, ...], float]] = {}
        for alt, group in found:
            base = max((weight.get(t, 0.0) for t in alt), default=0.0)
            for other in group:
                if other == alt or other in out or all(t in weight for t in other):
                    continue  # the text has these words itself
                if any(reader.doc_frequency(FIELD, t) == 0 for t in other):
                    continue
                w = base
                if not w:
                    raw = min(counts.get(t, 1) for t in alt) ** 0.5 * max(scorer.idf(s, FIELD, t) for t in other)
                    w = min(1.0, max(raw / (best or raw or 1.0), 0.05))
                out[other] = (alt, w)
        heaviest = sorted(out.items(), key=lambda kv: -kv[1][1])[:SYNONYM_KEYS]
        return [(other, alt, w) for other, (alt, w) in heaviest]

    def meaning_ready(self) -> bool:
        """Whether near-duplicates by meaning can be looked for (the vectors have been built)."""
        try:
            return self.vectors is not None and self.vectors.count() > 0
        except Exception:
            log.exception("the vectors could not be read")
            return False

    def _live(self, slugs: Iterable[str] | None = None) -> dict[str, tuple[str, str]]:
        """(title, language) of those of ``slugs`` (None: of every item) that exist and are not
        archived."""
        q = select(KnowledgeItem.slug, KnowledgeItem.title, KnowledgeItem.language).where(
            KnowledgeItem.status != "archived")
        if slugs is not None:
            wanted = list(dict.fromkeys(slugs))
            if not wanted:
                return {}
            q = q.where(KnowledgeItem.slug.in_(wanted))
        with self._db.read() as session:
            return {slug: (title, language) for slug, title, language in session.execute(q.order_by(KnowledgeItem.slug))}

    def _by_meaning(self, item_id: str | None, text: str, skip: set[str]) -> list[NearDuplicate]:
        """The vector leg's nearest items that pass ``meaning_threshold`` (none without vectors:
        a broken vector file never breaks the words' answer)."""
        if self.vectors is None:
            return []
        try:
            found = (neighbours.item_neighbours(self.vectors, item_id, CANDIDATES) if item_id is not None
                     else neighbours.text_neighbours(self.vectors, "", text, CANDIDATES))
        except Exception:
            log.exception("near-duplicates by meaning failed; by their words alone")
            return []
        found = [(s, c) for s, c in found or [] if s != item_id and s not in skip and c >= MEANING_THRESHOLD_ACROSS]
        if not found:
            return []
        live = self._live([s for s, _c in found] + ([item_id] if item_id else []))
        language = live[item_id][1] if item_id in live else detect_language(text[:20_000])
        return [NearDuplicate(s, live[s][0], round(c, 3), MEANING) for s, c in found
                if s in live and c >= meaning_threshold(language, live[s][1])]

    def near_duplicates(
        self, item_id: str | None = None, text: str | None = None, threshold: float = DUPLICATE_THRESHOLD
    ) -> list[NearDuplicate]:
        """Items whose text nearly repeats this one's (``why`` WORDS) or that say the same in
        other words or another language (MEANING), best first: the words' matches, then the
        meaning's."""
        return self._near(item_id, text, threshold, meaning=True)

    def _near(self, item_id: str | None, text: str | None, threshold: float, meaning: bool) -> list[NearDuplicate]:
        if item_id is not None:
            text = self._item_text(item_id, title_weight=1)
        if not text:
            return []
        candidates = self.similar(item_id=item_id, text=None if item_id else text, limit=CANDIDATES)
        if not candidates and not (meaning and self.vectors is not None):
            return []
        with self._db.read() as session:
            rows = {
                r.slug: r
                for r in session.scalars(
                    select(KnowledgeItem).where(KnowledgeItem.slug.in_([c.id for c in candidates]))
                )
            }
        out = []
        for c in candidates:
            row = rows.get(c.id)
            if row is None:
                continue
            score = similarity(without_sources(text), _compared(row.title, row.body))
            if score >= threshold:
                out.append(NearDuplicate(c.id, row.title, round(score, 3), WORDS))
        out.sort(key=lambda x: -x.similarity)
        if meaning:
            out += self._by_meaning(item_id, text, {d.id for d in out})
        return out

    def all_duplicates(self, threshold: float = DUPLICATE_THRESHOLD, progress: Progress | None = None
                       ) -> DuplicateList:
        """Every pair of live items that nearly repeat each other (the owners' duplicates view),
        the words' pairs first, then the pairs only the meaning found, PAIRS_SHOWN at most (the
        list says how many there were). With vectors: every item's few nearest items on the
        vector matrix at once (neighbours.all_pairs: tiled matrix products, at most CANDIDATES
        pairs an item), their words compared pair by pair. Items without vectors yet (all of
        them before the first build) by their words alone, against every item: the whole
        library's pairs at once (word_pairs.LibraryWords), or, for a few such items in a large
        library, one similar-items query each (see QUERIES_FOR_FEW). ``progress`` hears (done,
        of, MEANING or WORDS) as each part goes; it may raise to stop the search (it writes
        nothing: the app's Stop button does so)."""
        live = self._live()
        titles = {slug: title for slug, (title, _language) in live.items()}
        near = self._pairs_by_meaning(progress)
        vectors = self.vectors
        covered = {s for s in titles if vectors.has(s)} if near is not None and vectors is not None else set()
        alone = [slug for slug in titles if slug not in covered]
        if alone and len(alone) * QUERIES_FOR_FEW <= len(titles):
            words = self._words_by_queries(alone, titles, threshold, progress)
        elif alone:
            words = self._words_of_library(sorted(titles), set(alone), threshold, progress)
        else:
            words = {}
        candidates = [(a, b) for a, b, c in near or [] if c >= WORDS_FROM_MEANING and (a, b) not in words
                      and a in titles and b in titles]
        words.update((key, score) for key, score in self._word_overlaps(candidates, progress).items()
                     if score >= threshold)
        by_words = sorted(((key, round(score, 3)) for key, score in words.items()), key=lambda kv: (-kv[1], kv[0]))
        by_meaning = [(a, b, cosine) for a, b, cosine in near or []
                      if (a, b) not in words and a in live and b in live
                      and cosine >= meaning_threshold(live[a][1], live[b][1])]  # best first already
        pairs = DuplicateList(
            [DuplicatePair(a, titles[a], b, titles[b], score, WORDS) for (a, b), score in
             by_words[:PAIRS_SHOWN]]
            + [DuplicatePair(a, titles[a], b, titles[b], cosine, MEANING) for a, b, cosine in
               by_meaning[: max(0, PAIRS_SHOWN - len(by_words))]],
            found=len(by_words) + len(by_meaning))
        return pairs

    def _words_of_library(self, slugs: list[str], alone: set[str], threshold: float,
                          progress: Progress | None = None) -> dict[tuple[str, str], float]:
        """The pairs of ``slugs`` (live items, in order) at ``threshold`` by their words, at
        least one of each pair in ``alone``: every item's text read READ_AT_ONCE at a time and
        segmented once, its word pairs held as hashes, then the whole library's pairs at once.
        ``progress`` hears the reading as nine tenths of the work (it is most of it)."""
        library = LibraryWords()
        reading = len(slugs)
        of = reading + max(1, reading // 9)
        for start in range(0, reading, READ_AT_ONCE):
            with self._db.read() as session:
                for slug, title, body in session.execute(
                        select(KnowledgeItem.slug, KnowledgeItem.title, KnowledgeItem.body)
                        .where(KnowledgeItem.slug.in_(slugs[start : start + READ_AT_ONCE]))):
                    library.add(slug, _word_pairs(title, body))
            if progress is not None:
                progress(min(start + READ_AT_ONCE, reading), of, WORDS)

        def heard(done: int, items: int) -> None:
            if progress is not None:
                progress(reading + (of - reading) * done // max(items, 1), of, WORDS)

        return library.pairs(threshold, None if len(alone) == len(library) else alone, heard)

    def _words_by_queries(self, alone: list[str], titles: dict[str, str], threshold: float,
                          progress: Progress | None = None) -> dict[tuple[str, str], float]:
        """The pairs of each of ``alone`` with its similar items (one query each) by their words."""
        words: dict[tuple[str, str], float] = {}
        for at, slug in enumerate(alone):
            for other, _title, score, _why in self._near(slug, None, threshold, meaning=False):
                key = (min(slug, other), max(slug, other))
                if other in titles:
                    words[key] = max(score, words.get(key, 0.0))
            if progress is not None and at % 50 == 49:
                progress(at + 1, len(alone), WORDS)
        return words

    def _word_overlaps(self, pairs: list[tuple[str, str]], progress: Progress | None = None
                       ) -> dict[tuple[str, str], float]:
        """``similarity`` of each pair of items, their texts read PAIRS_AT_ONCE pairs at a time,
        each item's word pairs found once (SHINGLES_HELD at most held)."""
        out: dict[tuple[str, str], float] = {}
        kept: dict[str, np.ndarray] = {}
        held = 0
        pairs = sorted(pairs)
        for at in range(0, len(pairs), PAIRS_AT_ONCE):
            chunk = pairs[at : at + PAIRS_AT_ONCE]
            needed = {s for pair in chunk for s in pair}
            wanted = sorted(needed - kept.keys())
            with self._db.read() as session:
                for start in range(0, len(wanted), 500):
                    for slug, title, body in session.execute(
                            select(KnowledgeItem.slug, KnowledgeItem.title, KnowledgeItem.body)
                            .where(KnowledgeItem.slug.in_(wanted[start : start + 500]))):
                        words = _word_pairs(title, body)
                        if held + len(words) > SHINGLES_HELD:
                            kept = {s: h for s, h in kept.items() if s in needed}  # this chunk's stay
                            held = sum(len(h) for h in kept.values())
                        kept[slug] = words
                        held += len(words)
            for a, b in chunk:
                if a in kept and b in kept:
                    ha, hb = kept[a], kept[b]
                    common = len(np.intersect1d(ha, hb, assume_unique=True))
                    out[(a, b)] = share(common, len(ha), len(hb))
            if progress is not None:
                progress(min(at + PAIRS_AT_ONCE, len(pairs)), len(pairs), WORDS)
        return out

    def _pairs_by_meaning(self, progress: Progress | None = None) -> list[tuple[str, str, float]] | None:
        """Every item's nearest items (cosine WORDS_FROM_MEANING or more); None without vectors."""
        if self.vectors is None:
            return None
        try:
            floor = min(MEANING_THRESHOLD, MEANING_THRESHOLD_ACROSS, WORDS_FROM_MEANING)
            heard = None if progress is None else (lambda done, of: progress(done, of, MEANING))
            return neighbours.all_pairs(self.vectors, floor, CANDIDATES, heard)
        except Exception:
            log.exception("near-duplicates by meaning failed; by their words alone")
            return None

    def suggest_tags(self, text: str, existing: tuple[str, ...] = (), limit: int = 5) -> list[str]:
        """Tags of the most similar items, weighted by how similar they are, plus known tags
        that appear in the text itself."""
        votes: dict[str, float] = {}
        for rank, hit in enumerate(self.similar(text=text, limit=8)):
            for tag in hit.tags:
                votes[tag] = votes.get(tag, 0.0) + hit.score / (1 + rank * 0.3)
        folded = fold(text)
        with self.index.searcher() as s:
            for raw in s.lexicon("tags"):
                tag = raw.decode() if isinstance(raw, bytes) else str(raw)
                if len(tag) > 1 and fold(tag) in folded:
                    votes[tag] = votes.get(tag, 0.0) + max(votes.values(), default=1.0)
        for tag in existing:
            votes.pop(tag, None)
        return [t for t, _w in sorted(votes.items(), key=lambda kv: -kv[1])[:limit]]
