"""Items related to an item or a text: similar items with the words they share, near-duplicates,
and suggested tags."""

from __future__ import annotations

import itertools
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from workbench.core.db.engine import Database
from workbench.core.db.models import KnowledgeItem
from workbench.core.errors import NotFound
from workbench.core.search.analysis import STOP, fold, normalize, segments, term_of
from workbench.core.search.hits import SearchHit, hit_from_fields
from workbench.core.search.index import SearchIndex
from workbench.core.search.query import FIELD

log = logging.getLogger(__name__)

DUPLICATE_THRESHOLD = 0.6


@dataclass(frozen=True)
class DuplicatePair:
    id: str
    title: str
    other_id: str
    other_title: str
    similarity: float


def _shingles(text: str) -> set[tuple[str, str]]:
    """Pairs of consecutive words (stemmed, stop words dropped): discriminating for both
    Chinese and English, unlike characters, which common words make look alike."""
    folded, _ = normalize(text[:50_000])
    words = [term_of(w) for w, _s, _e, _p in segments(folded, subwords=False) if w not in STOP]
    return set(itertools.pairwise(words))


def similarity(a: str, b: str) -> float:
    """How much of the smaller text's word pairs the other repeats: 1.0 for the same text, and
    still high for a copy with an added paragraph or a Traditional/Simplified twin."""
    sa, sb = _shingles(a), _shingles(b)
    if len(sa) < 4 or len(sb) < 4:
        return len(sa & sb) / max(len(sa | sb), 1)
    return len(sa & sb) / min(len(sa), len(sb))


class Related:
    def __init__(self, db: Database, index: SearchIndex, existing: Callable[[list[SearchHit]], list[SearchHit]]) -> None:
        self._db = db
        self.index = index
        self._existing = existing

    def _item_text(self, item_id: str, title_weight: int = 2) -> str:
        with self._db.read() as session:
            row = session.scalar(select(KnowledgeItem).where(KnowledgeItem.slug == item_id))
            if row is None:
                raise NotFound("item_not_found", id=item_id)
            return "\n".join([row.title] * title_weight + [row.body])

    def similar(
        self, item_id: str | None = None, text: str | None = None, limit: int = 10, kinds: tuple[str, ...] = ()
    ) -> list[SearchHit]:
        """Items like an existing item or like a pasted paragraph, with the terms that matched;
        ``kinds`` keeps only those kinds (cases for a proposal's references, say)."""
        exclude: str | None = None
        if item_id is not None:
            text = self._item_text(item_id)
            exclude = item_id
        if not text or not text.strip():
            return []
        with self.index.searcher() as s:
            keys = self._key_terms(s, text)
            if not keys:
                return []
            q = wq.Or([wq.Term(FIELD, term, boost=weight) for term, weight in keys])
            mask = wq.Or([wq.Term("status", "archived")] + ([wq.Term("id", exclude)] if exclude else []))
            if kinds:
                q = wq.And([q, wq.ConstantScoreQuery(wq.Or([wq.Term("kind", k) for k in kinds]), 0.0)])
            results = s.search(wq.AndNot(q, mask), limit=limit, terms=True)
            terms = [t for t, _w in keys]
            hits = []
            for hit in results:
                matched = tuple(sorted({
                    t.decode() if isinstance(t, bytes) else str(t) for _f, t in hit.matched_terms()
                }))
                hits.append(hit_from_fields(hit.fields(), float(hit.score or 0.0), terms, matched))
        return self._existing(hits)

    @staticmethod
    def _key_terms(s: Searcher, text: str, numterms: int = 24) -> list[tuple[str, float]]:
        """The words that characterise a text: frequent in it, rare in the knowledge base."""
        folded, _ = normalize(text[:20_000])
        counts = Counter(
            w for w, _s, _e, _p in segments(folded, subwords=False)
            if len(w) > 1  # single characters (厂, 台) say little about a text
        )
        reader = s.reader()
        scorer = BM25F()
        scored: list[tuple[str, float]] = []
        for word, tf in counts.items():
            if word in STOP:
                continue
            term = term_of(word)
            if reader.doc_frequency(FIELD, term) == 0:
                continue
            scored.append((term, tf**0.5 * scorer.idf(s, FIELD, term)))
        scored.sort(key=lambda kv: -kv[1])
        top = scored[:numterms]
        if not top:
            return []
        best = top[0][1] or 1.0
        return [(t, max(w / best, 0.05)) for t, w in top]

    def near_duplicates(
        self, item_id: str | None = None, text: str | None = None, threshold: float = DUPLICATE_THRESHOLD
    ) -> list[tuple[str, str, float]]:
        """(id, title, similarity) of items whose text nearly repeats this one's."""
        if item_id is not None:
            text = self._item_text(item_id, title_weight=1)
        if not text:
            return []
        candidates = self.similar(item_id=item_id, text=None if item_id else text, limit=5)
        if not candidates:
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
            score = similarity(text, f"{row.title}\n{row.body}")
            if score >= threshold:
                out.append((c.id, row.title, round(score, 3)))
        return sorted(out, key=lambda x: -x[2])

    def all_duplicates(self, threshold: float = DUPLICATE_THRESHOLD) -> list[DuplicatePair]:
        """Every pair of live items that nearly repeat each other (the owners' duplicates view).
        One similar-items query per item: seconds for thousands of items, not for 50k."""
        with self._db.read() as session:
            items = [
                (r.slug, r.title)
                for r in session.scalars(
                    select(KnowledgeItem).where(KnowledgeItem.status != "archived").order_by(KnowledgeItem.slug)
                )
            ]
        titles = dict(items)
        seen: set[tuple[str, str]] = set()
        pairs: list[DuplicatePair] = []
        for slug, title in items:
            for other, other_title, score in self.near_duplicates(item_id=slug, threshold=threshold):
                key = (min(slug, other), max(slug, other))
                if key in seen or other not in titles:
                    continue
                seen.add(key)
                pairs.append(DuplicatePair(slug, title, other, other_title, score))
        return sorted(pairs, key=lambda p: -p.similarity)

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
