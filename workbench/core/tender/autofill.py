"""Auto-answer: for each requirement the best answers the team already has, each with a band.

Candidates come from three places: the knowledge base through the search engine the rest of
the app uses (``SearchService.similar``: the requirement's characteristic words, with the words
each item shares), knowledge items that already answered this exact wording in an earlier tender
(``knowledge_questions``), and the accepted answers of earlier responses. Each gets a relevance
0..1 and a band (thresholds.json: ``auto`` | ``suggest`` | ``none``).

Judged as proposals judge knowledge (matching.py): archived items are never offered; drafts and
items past their review-by date are shown as such and never auto-accepted; the language must fit
the tender: a Simplified tender gets Simplified answers, Traditional ones are offered and
converted (OpenCC t2s) when accepted; an answer in the other language (an English item for a
Chinese tender, a Chinese one for an English questionnaire: tenders/languages.py) is marked
``foreign`` for the engineer to translate, is at most suggested (the search's first hit is when
it is in the other language, as it is when found by meaning alone), and is left out when weak.
A hit found by its words alone that the sentence vectors put far from the requirement (cosine
under ``meaning_floor``) is listed in band ``none``, marked ``far``: the words it shares are a
coincidence (a requirement of fewer than four terms is not judged so).

The suggestions are listed by band (auto, suggest, none); within a band, an item that answered
this very wording before first, then the search's hits in the search's own order, which blends
the words with matching by meaning, then earlier responses' answers. ``relevance`` (the words an
item shares, its keyword score, its title) decides the band; it no longer reorders the search: it
cannot judge an answer in the other language at all (it shares no words), and answers the search
found by meaning sank below items sharing a few common words. Over the relevance benchmark's 196
labelled queries the autofill that re-sorted by it, and hid the other language while anything
else was found, put a right answer first for 0.56 of them; the search's own order for 0.76.

The time per row is bounded: the query is the requirement's first ``max_query_chars``
characters, a fixed number of hits, a fixed number of earlier answers compared."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from workbench.core.errors import WorkbenchError
from workbench.core.knowledge.language import in_region_forms
from workbench.core.search.analysis import as_typed, fold, query_terms, segments, term_of, typed_words
from workbench.core.search.function_words import FUNCTION_WORDS
from workbench.core.search.hits import SearchHit
from workbench.core.search.service import SearchService
from workbench.core.search.snippets import LONG_QUERY_TERMS
from workbench.core.search.word_pairs import shingles, similarity
from workbench.core.tender.compliance import normalized
from workbench.core.tender.languages import converted, language_fit
from workbench.core.tender.plain_answer import plain_answer
from workbench.core.tender.thresholds import Thresholds
from workbench.core.tender.views import Suggestion

HITS_PER_ROW = 15
PREVIEW_CHARS = 200
# Words every requirement carries (modal verbs, "the bidder", "the system"): matching them says
# nothing about whether an item answers it.
BOILERPLATE = frozenset({
    "须", "必须", "应", "应当", "需", "需要", "投标人", "投标", "提供", "支持", "要求", "系统", "具备", "能够",
    "不少于", "不低于", "不得", "满足", "包括", "以上", "请", "说明", "是否",
    "please", "describe", "provide", "vendor", "supplier", "solution", "support", "must", "shall", "should",
})
# How relevance is made up: the share of the requirement's words an item shares counts most, its
# keyword score among this row's hits next, and how close its title (a FAQ's question) is to the
# requirement last.
W_COVERAGE, W_RANK, W_TITLE = 0.55, 0.25, 0.2
BANDS = ("auto", "suggest", "none")  # the order suggestions are listed in
# Within a band: an item that answered this very wording before, then the search's hits in its
# order, then earlier responses' answers by their similarity (a library item is curated; an
# earlier answer to a close requirement may hold another project's figures: 3 人 for 5 人).
ANSWERED_BEFORE, SEARCH_HIT, EARLIER_ANSWER = 0, 1, 2


@dataclass(frozen=True)
class Source:
    """A candidate answer as auto-answer judges it."""

    id: str
    kind: str
    title: str
    body: str
    language: str
    status: str  # published | draft | archived
    review_by: dt.date | None = None
    origin: str = ""  # an earlier answer: the knowledge item it was accepted from, if any
    choice: str = ""  # an earlier answer: the questionnaire drop-down value it was given


@dataclass(frozen=True)
class Scored:
    source: Source
    relevance: float
    matched: tuple[str, ...]
    terms: int = 0  # how many words of its own the requirement has
    by_meaning: bool = False  # found by the sentence vectors alone: it shares no word with the requirement
    # found by its words alone, and far from the requirement in meaning (``Thresholds.meaning_floor``)
    far_in_meaning: bool = False
    # where it comes from: ANSWERED_BEFORE, SEARCH_HIT (at ``place`` in the search's order) or
    # EARLIER_ANSWER; within a band they are listed in that order
    source_rank: int = 1
    place: int = 0


def question_digest(text: str) -> str:
    """The key of a requirement's wording: the same words, whatever the punctuation and spacing."""
    return hashlib.sha256(normalized(text).encode("utf-8")).hexdigest()


def requirement_terms(text: str) -> frozenset[str]:
    """The requirement's own words (index terms), boilerplate and function words left out: the
    search leaves function words (任何, 所有, "any") out of the words it looks for, so an item
    could never be counted as sharing them."""
    words = (w for w, _s, _e, _p in segments(fold(text), subwords=False))
    return frozenset(term_of(w) for w in words if len(w) > 1 and w not in FUNCTION_WORDS and w not in BOILERPLATE)


def _answer_start(source: Source) -> str:
    """The start of what accepting ``source`` writes (what its language is judged by), as the
    suggestion's preview holds it."""
    return (source.body.strip() or source.title)[:PREVIEW_CHARS]


def _preview(source: Source, fit: str, tender_language: str) -> str:
    """A suggestion's preview: the start of its answer (what its language was judged by, as rows
    read back judge it), converted for the tender's readers when its ``fit`` says so, else in
    their character forms (``answer_text``)."""
    preview = _answer_start(source)
    return converted(preview, tender_language) if fit == "convert" else in_region_forms(tender_language, preview)


def preview_of(source: Source, tender_language: str) -> str:
    """The preview a suggestion of ``source`` shows in a tender written for ``tender_language``."""
    return _preview(source, language_fit(source.language, tender_language, _answer_start(source)), tender_language)


def answer_text(source: Source, tender_language: str) -> str:
    """What accepting ``source`` writes into the row: its answer, in the tender's script
    (``languages.converted``), a Traditional answer in a Taiwan or Hong Kong tender in that
    region's character forms (``in_region_forms``); a knowledge item's Markdown as plain text
    (plain_answer)."""
    body = source.body.strip() or source.title
    if source.kind != "response":
        body = plain_answer(body) or source.title
    if language_fit(source.language, tender_language, body) == "convert":
        return converted(body, tender_language)
    return in_region_forms(tender_language, body)  # a Traditional answer in its readers' forms


def relevance_of(hit: SearchHit, top: float, terms: frozenset[str], requirement: str, title: str) -> tuple[
        float, tuple[str, ...]]:
    shared = tuple(sorted(set(hit.matched) & terms)) if terms else tuple(hit.matched)
    coverage = len(shared) / len(terms) if terms else 0.0
    rank = hit.score / top if top > 0 else 0.0
    score = W_COVERAGE * coverage + W_RANK * rank + W_TITLE * similarity(requirement, title)
    return min(1.0, score), shared


def band(s: Scored, fit: str, today: dt.date, limits: Thresholds) -> str:
    """auto only for a published, fresh answer (of an ``auto_kinds`` kind) in the tender's language;
    an answer found by meaning alone, or in the other language, is at most suggested; one found
    by its words alone that the meaning puts far from the requirement is not suggested."""
    if s.far_in_meaning:
        return "none"
    if s.by_meaning or fit == "foreign":  # words cannot judge it: it shares none, or is in another language
        return "suggest" if s.relevance >= limits.suggest else "none"
    if s.relevance < limits.suggest or (s.source.kind != "response" and s.relevance < 1.0
                                        and len(s.matched) < min(limits.min_shared_words, s.terms)):
        return "none"
    fresh = s.source.status == "published" and not _stale(s.source, today)
    if s.relevance >= limits.auto and fresh and s.source.kind in limits.auto_kinds:
        return "auto"
    return "suggest"


def _stale(source: Source, today: dt.date) -> bool:
    return source.review_by is not None and source.review_by < today


def rank_row(
    requirement: str,
    tender_language: str,
    hits: Sequence[SearchHit],
    items: Mapping[str, Source],
    known: Iterable[str],
    earlier: Sequence[tuple[Source, float]],
    limits: Thresholds,
    today: dt.date,
) -> list[Suggestion]:
    """The suggestions for one row, best first (at most ``limits.candidates``). Pure.

    ``hits``: the search's answer for the requirement; ``items``: the knowledge items as the
    database holds them (by slug; a hit the database lacks is dropped); ``known``: slugs of items
    that answered this same wording before; ``earlier``: earlier answers with their similarity."""
    terms = requirement_terms(requirement)
    offered = [h for h in hits if h.id in items and items[h.id].status != "archived"]
    # the sentence encoder judges a sentence, not a few keywords: the right answers to 私有化部署
    # or "SOC 2" found by their words are often below the floor (6 of 153 suggested over the
    # relevance benchmark's queries, all of them of one to three words)
    judged = len(query_terms(requirement[: limits.max_query_chars])) >= LONG_QUERY_TERMS
    top = max((h.score for h in offered), default=0.0)  # an archived item's score is no one's measure
    scored: dict[str, Scored] = {}
    fits: dict[str, str] = {}  # each source's language_fit
    for place, hit in enumerate(offered):  # place: among the hits offered
        source = items[hit.id]
        value, shared = relevance_of(hit, top, terms, requirement, source.title)
        fits[source.id] = language_fit(source.language, tender_language, _answer_start(source))
        if (hit.by_meaning_only or fits[source.id] == "foreign") and place == 0:
            # the search's own best answer, found by meaning alone: right about three times in four
            # (24 of 31 over the relevance benchmark's labelled queries), against about one in four
            # in second place and almost never lower. It is suggested, never accepted by itself. So
            # is one in the other language: it can share few words with the requirement, and the
            # search put it before everything in the requirement's own language.
            value = max(value, limits.suggest)
        far = judged and hit.found_by == ("words",) and hit.meaning is not None and hit.meaning < limits.meaning_floor
        scored[source.id] = Scored(source, value, shared, len(terms), by_meaning=hit.by_meaning_only, place=place,
                                   far_in_meaning=far)
    for slug in known:  # the same wording was answered from this item before
        answered = items.get(slug)
        if answered is not None and answered.status != "archived":
            before = scored.get(slug)
            scored[slug] = Scored(answered, 1.0, before.matched if before else (), source_rank=ANSWERED_BEFORE)
    for source, sim in earlier:
        if sim < limits.earlier_answer or source.id in scored:
            continue
        item = items.get(source.origin)
        if item is not None and item.status != "archived" and source.body.strip() == answer_text(item, tender_language):
            # the earlier answer is the item's own text, unedited: it speaks for the item, not beside it
            before = scored.get(item.id)
            if before is None:
                scored[item.id] = Scored(item, min(1.0, sim), (), source_rank=EARLIER_ANSWER)
            elif before.relevance < sim:
                # it answered a requirement this close before: as relevant as that, in its own place,
                # whatever words it shares with this one
                scored[item.id] = dataclasses.replace(before, relevance=min(1.0, sim), terms=0,
                                                      far_in_meaning=False)
            continue
        scored[source.id] = Scored(source, min(1.0, sim), (), source_rank=EARLIER_ANSWER)
    for k, s in scored.items():
        if k not in fits:  # known items the search did not return, earlier answers
            fits[k] = language_fit(s.source.language, tender_language, _answer_start(s.source))
    bands = {k: band(s, fits[k], today, limits) for k, s in scored.items()}
    # an answer the engineer would have to translate is offered only where it is likely to answer
    scored = {k: s for k, s in scored.items() if not (fits[k] == "foreign" and bands[k] == "none")}
    # ties among earlier answers: the library's item before an earlier response's answer (often a copy of it)
    pool = sorted(scored.values(), key=lambda s: (
        BANDS.index(bands[s.source.id]), s.source_rank,
        s.place if s.source_rank == SEARCH_HIT else -s.relevance, s.source.kind == "response", s.source.id))
    out: list[Suggestion] = []
    words = typed_words(requirement)
    for s in pool[: limits.candidates]:
        fit = fits[s.source.id]
        preview = _preview(s.source, fit, tender_language)
        out.append(Suggestion(
            # cut, not rounded: 0.6996 is not shown as the 0.70 of an auto threshold it does not reach
            id=s.source.id, title=s.source.title[:500], kind=s.source.kind, score=math.floor(s.relevance * 1000) / 1000,
            band=bands[s.source.id], matched=as_typed(s.matched, words), status=s.source.status,
            stale=_stale(s.source, today), language=s.source.language, preview=preview,
            found_by="meaning" if s.by_meaning else ("far" if s.far_in_meaning else "words"), foreign=fit == "foreign",
        ))
    return out


def search_row(search: SearchService, requirement: str, limits: Thresholds) -> list[SearchHit]:
    """The search engine's hits for a requirement (its first ``max_query_chars`` characters).
    Text the search refuses (undecodable) gives no hits rather than stopping the whole autofill."""
    query = requirement[: limits.max_query_chars]
    if not query.strip():
        return []
    try:
        return search.similar(text=query, limit=HITS_PER_ROW)
    except WorkbenchError:
        return []


class EarlierAnswers:
    """Accepted answers of earlier responses, compared with each requirement by the word pairs
    they share (as ``word_pairs.similarity`` measures it); each earlier requirement is segmented once
    per autofill, not once per row."""

    def __init__(self, rows: Sequence[tuple[Source, str]], limits: Thresholds) -> None:
        self._limit = limits.max_query_chars
        # (the answer as a source, the word pairs of the requirement it answered)
        self._rows = [(source, shingles(asked[: self._limit])) for source, asked in rows]

    def like(self, requirement: str, limits: Thresholds) -> list[tuple[Source, float]]:
        mine = shingles(requirement[: self._limit])
        out = []
        for source, theirs in self._rows:
            shared = len(mine & theirs)
            if not shared:
                continue
            if len(mine) < 4 or len(theirs) < 4:
                sim = shared / max(len(mine | theirs), 1)
            else:
                sim = shared / min(len(mine), len(theirs))
            if sim >= limits.earlier_answer:
                out.append((source, sim))
        out.sort(key=lambda x: -x[1])
        return out[: limits.candidates]

