"""From what a person types to a whoosh query. Our own small parser, not whoosh's: any input
(unbalanced quotes, operators, 10,000 characters, emoji, punctuation only) gives a query or
nothing, never an error."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from whoosh import query as wq

from workbench.core.knowledge.tags import tag_spellings
from workbench.core.paths import resources_dir
from workbench.core.search.analysis import phrase_terms, query_terms, tokenize
from workbench.core.search.schema import date_number

MAX_QUERY_CHARS = 1000
MAX_UNITS = 24
# Question words, as the index spells them (Simplified): a question typed as a search
# ("低代码平台能否导出应用") is about its other words, and an answer seldom repeats 能否, so
# requiring it kept the answer out of the keyword hits. Dropped from a query that has other
# words, as the English stop words already drop how, what and do; searched alone, they are kept.
QUESTION_WORDS = frozenset({
    "能否", "是否", "可否", "能不能", "可不可以", "是不是", "会不会", "有没有", "如何", "怎么", "怎样",
    "怎么样", "怎么办", "为什么", "为何", "什么", "哪些", "哪个", "哪里", "多少", "多久", "几个",
})
_QUOTES = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」')
_CJK = re.compile(r"[\u3400-\u9fff]")
FIELD = "content"
DocFrequency = Callable[[str], int]


@dataclass(frozen=True)
class SearchRequest:
    text: str = ""
    kind: str | None = None
    industry: str | None = None
    product: str | None = None
    tag: str | None = None
    status: str | None = None
    stale: bool = False
    sort: Literal["relevance", "date"] = "relevance"
    page: int = 1
    per_page: int = 20
    # the typed text searched as it is: typed pinyin that finds nothing is not answered with its
    # Chinese reading ("Search instead for baojia"; core/search/instead.py)
    as_typed: bool = False


@dataclass
class Parsed:
    phrases: list[tuple[list[str], int]] = field(default_factory=list)  # terms, slop
    words: list[tuple[str, int, int]] = field(default_factory=list)  # term, start, end in the text
    # ``query_terms`` of the whole text, in its order, when it had no quotes and was not cut
    terms: list[tuple[str, int, int]] | None = None

    def empty(self) -> bool:
        return not self.phrases and not self.words


def parse(text: str) -> Parsed:
    whole, text = text, text[:MAX_QUERY_CHARS]
    parsed = Parsed()
    rest: list[str] = []
    last = 0
    for match in _QUOTES.finditer(text):
        rest.append(text[last : match.start()])
        rest.append(" " * (match.end() - match.start()))  # keep offsets of what follows
        last = match.end()
        inner = next(g for g in match.groups() if g is not None)
        terms, slop = phrase_terms(inner)
        if len(terms) > 1:
            parsed.phrases.append((terms, slop))
        elif terms:
            parsed.words.append((terms[0], match.start(), match.end()))
    rest.append(text[last:])
    plain = "".join(rest)
    found = query_terms(plain)
    if any(term not in QUESTION_WORDS for term, _s, _e in found):
        found = [w for w in found if w[0] not in QUESTION_WORDS]
    parsed.words.extend(found)
    parsed.words.sort(key=lambda w: w[1])
    if last == 0 and len(text) == len(whole):
        parsed.terms = found
    return parsed


class Synonyms:
    """Groups of words meaning the same thing; each alternative analyzed like a query."""

    def __init__(self, groups: list[list[str]]) -> None:
        self.groups: list[list[tuple[str, ...]]] = []
        self._first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for group in groups:
            alternatives = []
            for phrase in group:
                terms = tuple(t for t, _s, _e in query_terms(phrase))
                if terms and terms not in alternatives:
                    alternatives.append(terms)
            if len(alternatives) < 2:
                continue
            index = len(self.groups)
            self.groups.append(alternatives)
            for alt in alternatives:
                self._first.setdefault(alt[0], []).append((alt, index))
        for entries in self._first.values():
            entries.sort(key=lambda e: -len(e[0]))  # longest match first

    @classmethod
    def load(cls, home: Path | None = None) -> Synonyms:
        paths = [resources_dir() / "search" / "synonyms.txt"]
        if home is not None:
            paths.append(home / "search" / "synonyms.txt")
        groups: list[list[str]] = []
        for path in paths:
            if path.exists():
                for line in path.read_text(encoding="utf-8").splitlines():
                    line = line.split("#", 1)[0]
                    words = [w.strip() for w in re.split(r"[,，]", line) if w.strip()]
                    if len(words) > 1:
                        groups.append(words)
        return cls(groups)

    def found_in(self, terms: list[str]) -> list[tuple[tuple[str, ...], list[tuple[str, ...]]]]:
        """The groups the terms name, each once: (the alternative the terms hold, its group's
        alternatives), read as ``expand`` reads them (longest alternative first)."""
        out: list[tuple[tuple[str, ...], list[tuple[str, ...]]]] = []
        seen: set[tuple[tuple[str, ...], int]] = set()
        i = 0
        while i < len(terms):
            for alt, group in self._first.get(terms[i], []):
                if tuple(terms[i : i + len(alt)]) == alt:
                    if (alt, group) not in seen:
                        seen.add((alt, group))
                        out.append((alt, self.groups[group]))
                    i += len(alt)
                    break
            else:
                i += 1
        return out

    def expand(self, terms: list[str]) -> list[list[tuple[str, ...]]]:
        """Split the terms into units; a unit is the alternatives that may stand for it."""
        units: list[list[tuple[str, ...]]] = []
        i = 0
        while i < len(terms):
            for alt, group in self._first.get(terms[i], []):
                if tuple(terms[i : i + len(alt)]) == alt:
                    units.append(self.groups[group])
                    i += len(alt)
                    break
            else:
                units.append([(terms[i],)])
                i += 1
        return units


def _cover(word: str) -> list[str]:
    """A long Chinese word as shorter words that cover it (私有化部署 -> 私有化, 部署), so a
    document that writes them apart still matches."""
    if len(word) < 3 or not _CJK.search(word):
        return []
    parts = [(w, s, e) for w, s, e in tokenize(word, "search") if w != word]
    out: list[str] = []
    at = 0
    while at < len(word):
        candidates = [p for p in parts if p[1] == at]
        if not candidates:
            return []
        w, _s, e = max(candidates, key=lambda p: p[2])
        out.append(w)
        at = e
    return out if len(out) > 1 else []


COVER_BELOW = 50  # a long word found fewer times than this is also looked for in parts


def _word(term: str, df: DocFrequency | None) -> wq.Query:
    """A word; a long Chinese word that is rare as written also matches its parts written apart
    (a union costs time, so a word found often enough as written is left alone)."""
    cover = _cover(term)
    if cover and (df is None or df(term) < COVER_BELOW):
        return wq.Or([wq.Term(FIELD, term), wq.And([wq.Term(FIELD, t) for t in cover])])
    return wq.Term(FIELD, term)


def _alternative(terms: tuple[str, ...], df: DocFrequency | None) -> wq.Query:
    if len(terms) == 1:
        return _word(terms[0], df)
    return wq.Phrase(FIELD, list(terms))


def text_units(parsed: Parsed, synonyms: Synonyms, df: DocFrequency | None = None) -> list[wq.Query]:
    """The query's units: each phrase, and each word with its synonyms (an Or of alternatives).
    A document matches the query when it matches every unit (AND) or any (the OR fallback)."""
    units: list[wq.Query] = [wq.Phrase(FIELD, terms, slop=slop) for terms, slop in parsed.phrases[:MAX_UNITS]]
    for alternatives in synonyms.expand([w for w, _s, _e in parsed.words]):
        if len(units) >= MAX_UNITS:
            break  # the rest would be cut: not built (each long word is segmented and counted)
        options = [_alternative(a, df) for a in alternatives]
        units.append(options[0] if len(options) == 1 else wq.Or(options))
    return units


def text_query(
    parsed: Parsed, synonyms: Synonyms, mode: Literal["and", "or"], df: DocFrequency | None = None
) -> wq.Query | None:
    units = text_units(parsed, synonyms, df)
    if not units:
        return None
    if len(units) == 1:
        return units[0]
    return wq.And(units) if mode == "and" else wq.Or(units)


def filter_query(request: SearchRequest, today: dt.date | None = None) -> tuple[wq.Query | None, wq.Query | None]:
    """(filter, mask): what results must match, and what they must not."""
    parts: list[wq.Query] = []
    for name in ("kind", "industry", "product", "status"):
        value = getattr(request, name)
        if value:
            parts.append(wq.Term(name, value))
    if request.tag:  # every spelling of the tag across scripts and case (报价 finds 報價)
        spellings = tag_spellings(request.tag)
        parts.append(wq.Or([wq.Term("tags", t) for t in spellings]) if len(spellings) > 1 else wq.Term("tags", spellings[0]))
    if request.stale:
        yesterday = (today or dt.date.today()) - dt.timedelta(days=1)
        parts.append(wq.NumericRange("review_by", None, date_number(yesterday)))
    mask = None
    if not request.status:
        mask = wq.Term("status", "archived")
    flt = None if not parts else parts[0] if len(parts) == 1 else wq.And(parts)
    return flt, mask
