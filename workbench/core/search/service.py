"""Searching the knowledge base: results with highlights and facets, did-you-mean, similar
items, near-duplicates, suggested tags, and the searches that found nothing."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from whoosh import highlight, sorting
from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from workbench.core.changes import OpChanges, OpResult
from workbench.core.db.engine import Database
from workbench.core.db.models import IndexQueue, KnowledgeItem, SearchMiss, utcnow
from workbench.core.errors import NotFound
from workbench.core.search.analysis import STOP, fold, normalize, query_terms, segments, term_of
from workbench.core.search.index import SearchIndex
from workbench.core.search.query import FIELD, SearchRequest, Synonyms, filter_query, parse, text_query
from workbench.core.users import UserView

log = logging.getLogger(__name__)

FACETS = ("kind", "industry", "product", "tags")
DUPLICATE_THRESHOLD = 0.6
_SNIPPET_CHARS = 220


@dataclass(frozen=True)
class SearchHit:
    id: str
    kind: str
    title: str
    score: float
    snippet: str  # plain text, matches in **double stars**
    snippet_html: str  # HTML-escaped, matches in <b>
    title_html: str
    industry: str = ""
    product: str = ""
    tags: tuple[str, ...] = ()
    matched: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "kind": self.kind, "title": self.title, "score": round(self.score, 3),
                "snippet": self.snippet}


@dataclass(frozen=True)
class SearchResults:
    request: SearchRequest
    hits: list[SearchHit]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str | None = None  # did you mean
    matched_any: bool = False  # nothing had every word, so these match some of them


@dataclass(frozen=True)
class DuplicatePair:
    id: str
    title: str
    other_id: str
    other_title: str
    similarity: float


class _Marker(highlight.Formatter):  # type: ignore[misc]
    """Fragments with matches wrapped in sentinels, turned into HTML or plain text later."""

    between = " … "

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return "\x02" + str(highlight.get_text(text, token, replace)) + "\x03"


def _render(marked: str) -> tuple[str, str]:
    plain = marked.replace("\x02", "**").replace("\x03", "**")
    escaped = html.escape(marked).replace("\x02", "<b>").replace("\x03", "</b>")
    return plain, escaped


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(\*\*|__|`+|^#{1,6}\s+|^\s*>\s?|^\s*[-*+]\s+|^\s*\d+\.\s+|^\|?\s*:?-{3,}.*$)", re.M)


def plain_text(markdown: str) -> str:
    """Markdown without its markup, for snippets (so ** in the text cannot clash with ours)."""
    text = _MD_LINK.sub(r"\1", markdown)
    text = _MD_MARKS.sub("", text)
    return text.replace("|", " ")


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


class SearchService:
    def __init__(self, db: Database, index: SearchIndex, synonyms: Synonyms) -> None:
        self._db = db
        self.index = index
        self.synonyms = synonyms
        self._highlighter = highlight.Highlighter(
            fragmenter=highlight.ContextFragmenter(maxchars=_SNIPPET_CHARS, surround=40),
            formatter=_Marker(),
        )

    # --- search ------------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResults:
        try:
            return self._search(request)
        except Exception:
            log.exception("search failed for %r; rebuilding the index and retrying", request.text[:200])
            self.index.heal()
            return self._search(request)

    def _search(self, request: SearchRequest) -> SearchResults:
        parsed = parse(request.text)
        flt, mask = filter_query(request)
        page = max(1, request.page)
        per_page = max(1, min(request.per_page, 200))
        matched_any = False
        with self.index.searcher() as s:
            if parsed.empty():
                if request.text.strip() and not (flt or request.tag):
                    return SearchResults(request, [], 0)
                q: wq.Query = wq.Every()
            else:
                q = text_query(parsed, self.synonyms, "and") or wq.NullQuery
            results = self._run(s, q, flt, mask, request, page, per_page)
            if results.scored_length() == 0 and not parsed.empty() and len(parsed.words) + len(parsed.phrases) > 1:
                or_query = text_query(parsed, self.synonyms, "or")
                if or_query is not None:
                    results = self._run(s, or_query, flt, mask, request, page, per_page)
                    matched_any = results.scored_length() > 0
            total = int(results.total)
            hits = self._hits(results, request.text)
            facets = {
                name: sorted(
                    ((str(k), int(n)) for k, n in results.results.groups(name).items() if k),
                    key=lambda kv: (-kv[1], kv[0]),
                )
                for name in FACETS
            }
            suggestion = None
            if (total < 3 or matched_any) and parsed.words:
                suggestion = self._did_you_mean(s, request.text)
        hits = self._only_existing(hits)
        return SearchResults(request, hits, total, facets, suggestion, matched_any)

    def _run(self, s: Searcher, q: wq.Query, flt: Any, mask: Any, request: SearchRequest, page: int, per_page: int) -> Any:
        sort: dict[str, Any] = {"sortedby": "updated", "reverse": True} if request.sort == "date" else {}
        groupedby = {
            name: sorting.FieldFacet(name, allow_overlap=name == "tags", maptype=sorting.Count) for name in FACETS
        }
        return s.search_page(q, page, pagelen=per_page, filter=flt, mask=mask, groupedby=groupedby, **sort)

    def _hits(self, page: Any, text: str) -> list[SearchHit]:
        results = page.results
        results.highlighter = self._highlighter
        hits: list[SearchHit] = []
        for hit in page:
            fields = hit.fields()
            body = plain_text(fields.get("body", ""))
            body_marked = hit.highlights(FIELD, text=body, top=2)
            title_marked = hit.highlights(FIELD, text=fields.get("title", ""), top=1) or fields.get("title", "")
            if not body_marked:
                body_marked = body[:_SNIPPET_CHARS]
            snippet, snippet_html = _render(" ".join(body_marked.split()))
            _t, title_html = _render(title_marked if "\x02" in title_marked else fields.get("title", ""))
            hits.append(
                SearchHit(
                    id=fields["id"],
                    kind=fields.get("kind", ""),
                    title=fields.get("title", ""),
                    score=float(hit.score or 0.0),
                    snippet=snippet,
                    snippet_html=snippet_html,
                    title_html=title_html,
                    industry=fields.get("industry", ""),
                    product=fields.get("product", ""),
                    tags=tuple(t for t in fields.get("tags", "").split(",") if t),
                )
            )
        return hits

    def _only_existing(self, hits: list[SearchHit]) -> list[SearchHit]:
        """Rows come from the database: a hit whose item is gone is dropped (and the index
        healed), never shown."""
        if not hits:
            return hits
        with self._db.read() as session:
            present = set(session.scalars(select(KnowledgeItem.slug).where(KnowledgeItem.slug.in_([h.id for h in hits]))))
        if len(present) != len(hits):
            log.warning("search index holds %d items the database does not", len(hits) - len(present))
            with self._db.write() as session:
                for h in hits:
                    if h.id not in present:
                        session.add(IndexQueue(slug=h.id))
        return [h for h in hits if h.id in present]

    def _did_you_mean(self, s: Searcher, text: str) -> str | None:
        """Replace words the index has never seen with its closest known words."""
        corrector = s.corrector(FIELD)
        reader = s.reader()
        spans = query_terms(text[:200])
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
        for term, start, end in reversed(candidates):
            if reader.doc_frequency(FIELD, term) > 0 or len(term) < 2:
                continue
            word = fold(text[start:end])
            if word.isascii():
                # English: the first letter is rarely the typo; it keeps the scan small
                options = corrector.suggest(word, limit=1, maxdist=1 if len(word) <= 4 else 2, prefix=1)
            else:
                options = corrector.suggest(word, limit=1, maxdist=1)
            if options and options[0] != word:
                replaced = replaced[:start] + options[0] + replaced[end:]
                changed = True
        return replaced if changed else None

    # --- content gaps -------------------------------------------------------------------------

    def record_miss(self, actor: UserView, text: str) -> OpResult[None]:
        """Remember a search that found nothing (called when the person settles on a query)."""
        normalized = " ".join(t for t, _s, _e in query_terms(text[:300]))
        if not normalized:
            return OpResult(None, OpChanges())
        with self._db.write() as session:
            miss = session.get(SearchMiss, normalized[:300])
            if miss is None:
                session.add(SearchMiss(normalized=normalized[:300], query=text.strip()[:300], count=1,
                                       last_at=utcnow(), last_by=actor.name))
            else:
                miss.count += 1
                miss.query = text.strip()[:300]
                miss.last_at = utcnow()
                miss.last_by = actor.name
        return OpResult(None, OpChanges(index=True))

    def content_gaps(self, limit: int = 100) -> list[tuple[str, int, dt.datetime]]:
        with self._db.read() as session:
            rows = session.execute(
                select(SearchMiss.query, SearchMiss.count, SearchMiss.last_at)
                .order_by(SearchMiss.count.desc(), SearchMiss.last_at.desc())
                .limit(limit)
            ).all()
        return [(q, n, at) for q, n, at in rows]

    # --- similar items, duplicates, tags ------------------------------------------------------

    def similar(self, item_id: str | None = None, text: str | None = None, limit: int = 10) -> list[SearchHit]:
        """Items like an existing item or like a pasted paragraph, with the terms that matched."""
        exclude: str | None = None
        if item_id is not None:
            with self._db.read() as session:
                row = session.scalar(select(KnowledgeItem).where(KnowledgeItem.slug == item_id))
                if row is None:
                    raise NotFound("item_not_found", id=item_id)
                text = f"{row.title}\n{row.title}\n{row.body}"
            exclude = item_id
        if not text or not text.strip():
            return []
        with self.index.searcher() as s:
            keys = self._key_terms(s, text)
            if not keys:
                return []
            q = wq.Or([wq.Term(FIELD, term, boost=weight) for term, weight in keys])
            mask = wq.Or([wq.Term("status", "archived")] + ([wq.Term("id", exclude)] if exclude else []))
            results = s.search(q, limit=limit, mask=mask, terms=True)
            results.highlighter = self._highlighter
            hits = []
            for hit in results:
                fields = hit.fields()
                matched = tuple(sorted({t.decode() if isinstance(t, bytes) else str(t) for _f, t in hit.matched_terms()}))
                body = plain_text(fields.get("body", ""))
                marked = hit.highlights(FIELD, text=body, top=2) or body[:_SNIPPET_CHARS]
                snippet, snippet_html = _render(" ".join(marked.split()))
                hits.append(SearchHit(
                    id=fields["id"], kind=fields.get("kind", ""), title=fields.get("title", ""),
                    score=float(hit.score or 0.0), snippet=snippet, snippet_html=snippet_html,
                    title_html=html.escape(fields.get("title", "")), industry=fields.get("industry", ""),
                    product=fields.get("product", ""),
                    tags=tuple(t for t in fields.get("tags", "").split(",") if t), matched=matched,
                ))
        return self._only_existing(hits)

    def _key_terms(self, s: Searcher, text: str, numterms: int = 24) -> list[tuple[str, float]]:
        """The words that characterise a text: frequent in it, rare in the knowledge base."""
        folded, _ = normalize(text[:20_000])
        counts = Counter(
            w for w, _s, _e, _p in segments(folded, subwords=False)
            if len(w) > 1  # single characters (厂, 台) say little about a text
        )
        reader = s.reader()
        scored: list[tuple[str, float]] = []
        for word, tf in counts.items():
            if word in STOP:
                continue
            term = term_of(word)
            df = reader.doc_frequency(FIELD, term)
            if df == 0:
                continue
            idf = BM25F().idf(s, FIELD, term) if df else 0.0
            scored.append((term, tf ** 0.5 * idf))
        scored.sort(key=lambda kv: -kv[1])
        top = scored[:numterms]
        if not top:
            return []
        best = top[0][1] or 1.0
        return [(t, max(w / best, 0.05)) for t, w in top]

    def near_duplicates(self, item_id: str | None = None, text: str | None = None,
                        threshold: float = DUPLICATE_THRESHOLD) -> list[tuple[str, str, float]]:
        """(id, title, similarity) of items whose text nearly repeats this one's."""
        if item_id is not None:
            with self._db.read() as session:
                row = session.scalar(select(KnowledgeItem).where(KnowledgeItem.slug == item_id))
                if row is None:
                    raise NotFound("item_not_found", id=item_id)
                text = f"{row.title}\n{row.body}"
        if not text:
            return []
        candidates = self.similar(item_id=item_id, text=None if item_id else text, limit=5)
        if not candidates:
            return []
        with self._db.read() as session:
            rows = {r.slug: r for r in session.scalars(
                select(KnowledgeItem).where(KnowledgeItem.slug.in_([c.id for c in candidates])))}
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
        """Every pair of live items that nearly repeat each other (the owners' duplicates view)."""
        with self._db.read() as session:
            items = [(r.slug, r.title) for r in session.scalars(
                select(KnowledgeItem).where(KnowledgeItem.status != "archived").order_by(KnowledgeItem.slug))]
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
