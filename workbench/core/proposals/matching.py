"""Which knowledge goes into a proposal's sections, and why the rest stays out.

An item is offered for a section only when it is published, not past its review-by date, in
the document's language (Traditional Chinese converted to Simplified when the section allows it),
not excluded by the section's rules for the engineer's inputs (match_rules.py: data in the
template), not a near-duplicate of a better item, and relevant enough: its relevance (0..1) is
how many of the requirement lines it answers, whether it is from the customer's industry and
whether it is about a proposed product; an item that is the library's clear answer to one line
is relevant enough on that alone (CLEAR_ANSWER)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workbench.core.db.engine import Database
from workbench.core.db.models import KnowledgeItem
from workbench.core.knowledge.language import (
    document_script,
    for_readers_of,
    in_region_forms,
    to_simplified,
    to_traditional,
)
from workbench.core.proposals.catalog import KnowledgeSection, ProposalTemplate
from workbench.core.proposals.match_rules import SectionRules, section_rules, text_of
from workbench.core.proposals.model import LeftOut, MatchedItem, SectionReport
from workbench.core.search.analysis import as_typed, typed_words
from workbench.core.search.hits import SearchHit
from workbench.core.search.related import DUPLICATE_THRESHOLD
from workbench.core.search.service import SearchService
from workbench.core.search.word_pairs import similarity

# How relevance is made up: the share of requirement lines an item answers counts most; the
# customer's industry and the proposed products add to it (neutral, half, when not given).
W_COVERAGE, W_INDUSTRY, W_PRODUCT = 0.6, 0.25, 0.15
MAX_LINES = 12  # requirement lines asked about one by one (the rest only in the whole query)
# A line counts as answered by an item that shares two of its words (one, for a short line)
# and scores at least this share of the line's best answer.
LINE_SHARE = 0.25
SHORT_LINE = 4  # characters: a line this short may hold a single word, which is then enough
# A line is also answered by the few items that share none of its words but say the same thing
# ("servers inside our own building" against an item that says 部署在客户机房), found by the
# vector leg alone (core/meaning), from this cosine on: USE v3 puts a paraphrase or the same
# requirement in the other language at about 0.25-0.6 against an item's best passage, unrelated
# presales texts at 0.05-0.17.
MEANING_LINE, MEANING_ANSWERS = 0.25, 3
# An item that clearly answers one requirement line is worth offering however many other lines
# there are (an FAQ answers one question: "Do you support SSO with LDAP?" for a line naming LDAP
# 单点登录 scored 0.6/N of coverage and stayed out). Clearly means:
# - no item this document could hold (of a kind one of its sections takes, published, current,
#   in its language) shares more of the line's words, and it scores at least CLEAR_SHARE of the
#   best such answer to the line. So a device-networking FAQ whose question mentions data quality
#   checks (4 of the line's 6 words) is not a clear answer to a bank's "数据质量检核规则与整改工单"
#   when the library's bank cases have all 6, even where its short text gives it a keyword score
#   as high. An item the document cannot hold is no rival: the 信创 FAQ stayed out of a
#   requirement confirmation (FAQs only) for an objection that could never be placed in it, and
#   a case past its review date, which matching leaves out, still kept a current answer out;
# - and, where matching by meaning is on, the sentence encoder also puts it among the line's
#   nearest items: the words alone made a securities call-centre case the clear answer to a CNC
#   workshop's "线路中断那段时间的测量值" (中断, 保存, 线路) and an audit-log FAQ the clear answer
#   to "私有化部署，满足等保三级". Both legs agreeing is what "clearly" asks.
# Measured on bench/proposal_matching_bench.py's 37 labelled proposals (165 lines; the rules
# chosen after reading its misses, so that bench is not a blind test of them): lines answered
# by a placed item 0.88 -> 0.91, placed items answering a line 0.73 -> 0.73; taking the rivals
# from the document's kinds alone gave 0.90 and 0.70. Such an item is at least CLEAR_ANSWER
# relevant: as much as one answering half the lines from the customer's industry and product,
# below one that answers most of them.
CLEAR_SHARE, CLEAR_ANSWER = 0.8, 0.7
# ...unless it outscores by DOMINANT every item that shares more of the line's words: with
# "Staff sign in through LDAP 单点登录 (SSO)" an objection shares three common words (staff,
# sign, through) and scores 10.5, the SSO FAQ two (LDAP, SSO) and scores 20; counting words
# alone made the FAQ nobody's clear answer and the bid got no FAQ for the line. The data-quality
# FAQ above scores about as high as the bank cases with all six words, so it stays out.
DOMINANT = 1.5
CLEAR_POOL = 5  # the library's best answers to a line looked at (the best is all that counts)
INDUSTRY_INPUT, PRODUCTS_INPUT = "industry", "products"


# --- candidates and their judgement -------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    """A knowledge item as matching sees it (read from the database, not the index)."""

    id: str
    kind: str
    title: str
    body: str
    industry: str
    product: str
    language: str
    status: str
    review_by: dt.date | None
    tags: tuple[str, ...]
    score: float  # the whole query's keyword score: breaks ties
    matched: tuple[str, ...]  # the words it shares with the inputs
    lines: frozenset[int] = field(default_factory=frozenset)  # the requirement lines it answers
    clear: frozenset[int] = field(default_factory=frozenset)  # those it answers best (CLEAR_SHARE)


@dataclass(frozen=True)
class Inputs:
    """What the engineer typed, as matching uses it."""

    values: Mapping[str, Any]
    lines: int  # how many requirement lines were asked about
    industry: str
    products: tuple[str, ...]


def _fit(value: str, wanted: Sequence[str]) -> float:
    """1 when ``value`` is one of ``wanted`` (case and Chinese script aside: 數據中臺 is 数据中台),
    0 when it is not, 0.5 when either is not given."""
    if not wanted:
        return 0.5
    if not value:
        return 0.5
    return 1.0 if _folded(value) in {_folded(w) for w in wanted} else 0.0


def _folded(name: str) -> str:
    return to_simplified(name).casefold()


def relevance(c: Candidate, inputs: Inputs, rules: SectionRules) -> float:
    """0..1. An item that answers none of the requirement lines scores 0, whatever its industry
    and product: they rank answers, they do not make one."""
    if not c.lines or not inputs.lines:
        return 0.0
    coverage = len(c.lines) / inputs.lines
    industry = 0.5 if rules.industry == "ignore" else _fit(c.industry, [inputs.industry] if inputs.industry else [])
    score = W_COVERAGE * coverage + W_INDUSTRY * industry + W_PRODUCT * _fit(c.product, inputs.products)
    if not c.clear:
        return score
    # a clear answer keeps the industry's weight below neutral: another industry's clear answer
    # (a dental clinic chain's case in a bank bid) ranks below the customer's industry's answer
    # to the same lines instead of level with it, and is still offered
    return max(score, CLEAR_ANSWER - W_INDUSTRY * max(0.0, 0.5 - industry))


def _has_traditional(text: str) -> bool:
    return to_simplified(text) != text


def _has_simplified(text: str) -> bool:
    """Simplified characters in ``text``: Traditional conversion changes it and Simplified does not
    (台 or 准 alone would change, and they are Traditional characters too)."""
    return to_traditional(text) != text and to_simplified(text) == text


def _language_verdict(c: Candidate, document: str, rules: SectionRules) -> str:
    """'ok', 'convert' or 'refuse' for this item in a document written in ``document``: an item
    in the other Chinese script is converted into the document's (or refused, as the section's
    ``traditional`` rule says)."""
    if not document.startswith("zh"):
        return "ok" if c.language == "en" else "refuse"
    if c.language == "en":
        return "refuse"
    if not _other_script(c.language, c.title + c.body, document):
        return "ok"
    return "convert" if rules.traditional == "convert" else "refuse"


def _other_script(language: str, text: str, document: str) -> bool:
    """Whether an item filed as ``language`` (its text ``text``) is in the other Chinese script
    than a Chinese document in ``document``."""
    if document_script(document) == "zh-Hant":
        return language == "zh-Hans" or (language == "mixed" and _has_simplified(text))
    return language == "zh-Hant" or (language == "mixed" and _has_traditional(text))


def in_document(title: str, body: str, language: str, document: str) -> tuple[str, str]:
    """An item's title and body (filed as ``language``) as a document in ``document`` reads
    them, what the engineer inserts by hand as what matching places: in the other Chinese
    script converted into the document's (``_converted``), a Traditional one in a Taiwan or Hong
    Kong document in that region's character forms, anything else as written."""
    if document.startswith("zh") and language != "en" and _other_script(language, title + body, document):
        return _converted(title, document), _converted(body, document)
    return in_region_forms(document, title), in_region_forms(document, body)


def _converted(text: str, document: str) -> str:
    """An item's text in a document's script: a Taiwan item in a Simplified document in the
    mainland's words too (伺服器 → 服务器); a Simplified item in a Taiwan document (zh-TW) in
    Taiwan's words too (数据 → 資料), in a Hong Kong one (zh-HK) in Hong Kong's character forms
    and in another Traditional document (not said where) in Traditional characters, its words as
    written either way (``for_readers_of``)."""
    return for_readers_of(document, text)


def _excluded(c: Candidate, inputs: Inputs, rules: SectionRules) -> str | None:
    """Why the section's rules keep this item out for these inputs, if they do."""
    tags = {t.casefold() for t in c.tags}
    for tag in rules.exclude_tags:
        if tag.casefold() in tags:
            return f"tag {tag}"
    for condition in rules.exclude_when:
        about = condition.concerns(c.tags, c.title)
        if about is not None and condition.holds(inputs.values):
            said = condition.describe(inputs.values)
            return f"{about} ({said})" if said else about
    return None


def judge(section: KnowledgeSection, rules: SectionRules, document: str, inputs: Inputs,
          candidates: Sequence[Candidate], today: dt.date) -> tuple[list[MatchedItem], SectionReport]:
    """The items offered for one section, best first (those placed, then spares to swap in), and
    the report of what was placed, converted and left out. Pure: no search, no database."""
    left_out: list[LeftOut] = []
    scored: list[tuple[float, Candidate]] = []
    converted: list[str] = []
    for c in candidates:
        score = relevance(c, inputs, rules)
        reason, detail = "", ""
        verdict = _language_verdict(c, document, rules)
        if c.status != "published":
            reason = c.status if c.status in ("draft", "archived") else "draft"
        elif c.review_by is not None and c.review_by < today:
            reason, detail = "stale", c.review_by.isoformat()
        elif verdict == "refuse":
            reason, detail = "language", c.language
        elif (why := _excluded(c, inputs, rules)) is not None:
            reason, detail = "excluded", why
        elif rules.industry == "require" and inputs.industry and c.industry and c.industry != inputs.industry:
            reason, detail = "other_industry", c.industry
        elif score < rules.min_relevance:
            reason = "below_threshold"
        if reason:
            left_out.append(LeftOut(c.id, c.title, reason, score, detail))
            continue
        title, body = in_document(c.title, c.body, c.language, document)
        if verdict == "convert":
            converted.append(c.id)
        c = replace(c, title=title, body=body)  # converted, or a Traditional one in its region's forms
        scored.append((score, c))
    scored.sort(key=lambda sc: (-sc[0], -sc[1].score, sc[1].id))
    kept: list[tuple[float, Candidate]] = []
    for score, c in scored:
        if len(kept) >= section.count * 2:
            break
        twin = next((k for _s, k in kept if similarity(_text(k), _text(c)) >= DUPLICATE_THRESHOLD), None)
        if twin is not None:
            left_out.append(LeftOut(c.id, c.title, "duplicate", score, twin.id))
            continue
        kept.append((score, c))
    items = [MatchedItem(c.id, c.kind, c.title, c.body, round(score, 3), c.matched, section.section)
             for score, c in kept]
    ids = [i.id for i in items]
    report = SectionReport(
        section=section.section, threshold=rules.min_relevance, placed=tuple(ids[: section.count]),
        spares=tuple(ids[section.count:]), converted=tuple(x for x in converted if x in ids),
        left_out=tuple(sorted(left_out, key=lambda x: -x.relevance)),
    )
    return items, report


def _text(c: Candidate) -> str:
    return f"{c.title}\n{c.body}"


# --- asking the search index and the database -------------------------------------------------

def _requirement_lines(template: ProposalTemplate, section: KnowledgeSection, values: Mapping[str, Any]) -> list[str]:
    """The lines of the section's free-text inputs (requirements, concerns): each one a thing
    the customer asked for, which a good item answers."""
    lines: list[str] = []
    for name in section.match_from:
        spec = template.variable(name)
        if spec is not None and spec.type == "multiline":
            lines += [ln.strip() for ln in text_of(values.get(name)).splitlines() if ln.strip()]
    return lines[:MAX_LINES]


def _query(section: KnowledgeSection, values: Mapping[str, Any]) -> str:
    """The whole query: the section's inputs, without the industry code (an English word such as
    'finance' that Chinese items never contain; the industry counts through the items' field)."""
    return "\n".join(text_of(values.get(n)) for n in section.match_from if n != INDUSTRY_INPUT)


def match_sections(db: Database, search: SearchService, template: ProposalTemplate, values: Mapping[str, Any],
                   today: dt.date | None = None) -> tuple[dict[str, list[MatchedItem]], dict[str, SectionReport]]:
    """Per knowledge section: the items offered (best first) and the report of what was left out."""
    today = today or dt.date.today()
    rules = section_rules(template)
    products = values.get(PRODUCTS_INPUT)
    out: dict[str, list[MatchedItem]] = {}
    reports: dict[str, SectionReport] = {}
    # what a line's clear answer is measured against: the document's own kinds (a line is asked
    # once per draft, not once per section)
    held = tuple(dict.fromkeys(k for s in template.knowledge for k in s.kinds))
    best_anywhere: dict[tuple[str, int], tuple[float, list[SearchHit]]] = {}
    for section in template.knowledge:
        section_rule = rules.get(section.section, SectionRules())
        query = _query(section, values)
        lines = _requirement_lines(template, section, values) or ([query] if query.strip() else [])
        inputs = Inputs(values, len(lines), str(values.get(INDUSTRY_INPUT) or ""),
                        tuple(str(p).strip() for p in products if str(p).strip()) if isinstance(products, list) else ())
        pool = max(30, section.count * 6)
        hits = search.similar(text=query, limit=pool, kinds=section.kinds) if query.strip() else []
        answered: dict[str, set[int]] = {}
        clear: dict[str, set[int]] = {}
        by_id = {h.id: h for h in hits}
        for number, line in enumerate(lines):
            needed = 1 if len(line) <= SHORT_LINE else 2  # "信创", "CRM": one word is all there is
            found = search.similar(text=line, limit=pool, kinds=section.kinds)
            line_hits = [h for h in found if len(h.matched) >= needed]
            best = max((h.score for h in line_hits), default=0.0)
            for h in line_hits:
                by_id.setdefault(h.id, h)
                if h.score >= LINE_SHARE * best:
                    answered.setdefault(h.id, set()).add(number)
            if line_hits:
                if (line, needed) not in best_anywhere:
                    best_anywhere[line, needed] = _best_anywhere(db, search, line, needed, held, template.language, today)
                top, anywhere = best_anywhere[line, needed]
                meaning_on = any("meaning" in h.found_by for h in found)  # the vector leg took part
                for h in line_hits:
                    if meaning_on and "meaning" not in h.found_by:
                        continue  # the words alone find it: not clearly the answer
                    shared = len(h.matched)
                    rivals = max((a.score for a in anywhere if len(a.matched) > shared), default=0.0)
                    if h.score >= CLEAR_SHARE * max(best, top) and h.score >= DOMINANT * rivals:
                        clear.setdefault(h.id, set()).add(number)
            # a cosine, not on the keyword scale: judged on its own
            for h in [h for h in found if h.by_meaning_only and h.score >= MEANING_LINE][:MEANING_ANSWERS]:
                by_id.setdefault(h.id, h)
                answered.setdefault(h.id, set()).add(number)
        candidates = _candidates(db, by_id, answered, clear, typed_words(query))
        out[section.section], reports[section.section] = judge(
            section, section_rule, template.language, inputs, candidates, today)
    return out, reports


def _best_anywhere(db: Database, search: SearchService, line: str, needed: int, kinds: tuple[str, ...],
                   document: str, today: dt.date) -> tuple[float, list[SearchHit]]:
    """The keyword score of the best answer to ``line`` this document could hold (of ``kinds``,
    published, current, in the document's language), and those best answers (a meaning-only hit
    scores a cosine, not on this scale, and shares no words: not counted)."""
    found = [h for h in search.similar(text=line, limit=CLEAR_POOL * 2, kinds=kinds)
             if not h.by_meaning_only and len(h.matched) >= needed]
    if found:
        with db.read() as s:
            rows = s.execute(select(KnowledgeItem.slug, KnowledgeItem.status, KnowledgeItem.review_by,
                                    KnowledgeItem.language).where(KnowledgeItem.slug.in_([h.id for h in found])))
            usable = {slug for slug, status, review_by, language in rows
                      if status == "published" and (review_by is None or review_by >= today)
                      and (language == "en") == (not document.startswith("zh"))}
        found = [h for h in found if h.id in usable][:CLEAR_POOL]
    return max((h.score for h in found), default=0.0), found


def _candidates(db: Database, hits: Mapping[str, SearchHit], answered: Mapping[str, set[int]],
                clear: Mapping[str, set[int]], words: Mapping[str, str]) -> list[Candidate]:
    if not hits:
        return []
    with db.read() as s:
        rows = list(s.scalars(select(KnowledgeItem).options(selectinload(KnowledgeItem.tags))
                              .where(KnowledgeItem.slug.in_(list(hits)))))
        found = [
            Candidate(r.slug, r.kind, r.title, r.body, r.industry, r.product, r.language, r.status, r.review_by,
                      tuple(t.tag for t in r.tags), hits[r.slug].score,
                      as_typed(hits[r.slug].matched, words),
                      frozenset(answered.get(r.slug, ())), frozenset(clear.get(r.slug, ())))
            for r in rows
        ]
    return sorted(found, key=lambda c: (-c.score, c.id))

