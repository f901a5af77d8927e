"""Snippets with the matched words marked, computed by string search over the folded text.

whoosh's highlighter re-runs the analyzer and scores fragments in Python (~1 ms a hit); here
the query's terms are found directly in the folded text and mapped back to the original
characters, so a Traditional text is marked where a Simplified query matched it. The work is
bounded by the snippet, not by the item's size or its number of matches."""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from workbench.core.search.analysis import MAX_CHARS, normalize, term_of

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(
    r"(\*\*|__|`+|^#{1,6}\s+|^\s*>\s?|^\s*[-*+]\s+|^\s*\d+\.\s+|^\|?\s*:?-{3,}.*$)", re.M
)
_SPACE = re.compile(r"\s+")
START, END = "\x02", "\x03"
# A text's first piece (``text[:CHUNK + OVERLAP]``) already folded: ``normalize``'s value for it,
# kept with the index (shown.py) so that a hit need not fold it again
Folded = tuple[str, Sequence[int] | None]


def plain_text(markdown: str) -> str:
    """Markdown without its markup, one line (so ** in the text cannot clash with ours)."""
    text = _MD_LINK.sub(r"\1", markdown)
    text = _MD_MARKS.sub("", text).replace("|", " ")
    return _SPACE.sub(" ", text).strip()


# Bounded work for any item (a 5 MB item holding its word ~190,000 times took minutes when
# every match was compared with every other): the text is folded and searched a chunk at a
# time, and scanning stops at the first chunk holding a match, after MAX_SPANS matches, or at
# MAX_SCAN characters (the index reads no further: analysis.MAX_CHARS).
CHUNK = 20_000
OVERLAP = 64  # a match may run this far past its chunk's end
MAX_SCAN = MAX_CHARS
MAX_SPANS = 2_000
MAX_TERMS = 64
# In a long query (a pasted requirement) single characters (人, 家, 企) are parts of words that
# did not match whole: marking every one of them in a snippet marks noise, so they are not marked.
LONG_QUERY_TERMS = 4
# Characters folded and searched for snippets since the process started (tests count work with it).
work = {"chars_scanned": 0}


def highlight_terms(terms: Iterable[str]) -> tuple[str, ...]:
    """The terms a snippet marks: distinct, at most MAX_TERMS, and without single characters
    when the query has more than LONG_QUERY_TERMS terms."""
    distinct = tuple(dict.fromkeys(t for t in terms if t))
    if len(distinct) > LONG_QUERY_TERMS:
        distinct = tuple(t for t in distinct if len(t) > 1)
    return distinct[:MAX_TERMS]


def _ordered(terms: Iterable[str]) -> tuple[str, ...]:
    """The terms to mark, longest first (the pattern prefers the longest match at a place)."""
    return _ordered_once(tuple(terms))


@lru_cache(maxsize=256)
def _ordered_once(terms: tuple[str, ...]) -> tuple[str, ...]:
    """``_ordered`` computed once for a query's terms: a page asks twice a hit (title, snippet)."""
    return tuple(sorted(set(highlight_terms(terms)), key=lambda t: (-len(t), t)))


@lru_cache(maxsize=256)
def _compiled(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    parts = []
    for term in terms:
        if not term:
            continue
        if term.isascii() and term[:1].isalnum():
            # an English stem also marks its inflections (deploy -> deployment), where a word
            # starts: the look-behind sits after the first character ("not a letter or digit
            # before it", checked from there), so that every alternative begins with a literal
            # and the regex engine skips to the places those characters occur. Led by the
            # look-behind, the pattern was tried at every character: 50 us a snippet, 5x this.
            parts.append(re.escape(term[0]) + r"(?<![a-z0-9].)" + re.escape(term[1:]) + r"[a-z0-9]*")
        else:
            parts.append(re.escape(term))
    return re.compile("|".join(parts)) if parts else None


# Where the query's pattern matches is found with ``str.find``, term by term, while the terms occur
# at most FIND_LIMIT times in a text: the regex engine tries its alternatives at every character
# that can begin one (16 us for a 670-character body and a two-word query's six terms), a find is a
# fast scan in C. A text where the terms occur more often (a common character) is left to the
# pattern, whose matches are read one at a time and so stop at the first chunk or MAX_SPANS.
FIND_LIMIT = 64
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")  # the pattern's [a-z0-9]
_WORD_REST = re.compile(r"[a-z0-9]*")


@lru_cache(maxsize=256)
def _finders(terms: tuple[str, ...]) -> tuple[tuple[str, int, bool], ...]:
    """Each term to find, in the pattern's order: (term, its length, an English stem)."""
    return tuple((t, len(t), t.isascii() and t[:1].isalnum()) for t in terms if t)


def _matches(folded: str, ordered: tuple[str, ...]) -> Iterable[tuple[int, int]]:
    """Where ``_compiled(ordered)`` matches in ``folded``, (start, end) in order: the very matches
    its ``finditer`` gives. Leftmost first; at a place, the first term in the pattern's order that
    matches there (an English stem: not after a letter or digit, and running on over letters and
    digits); the next match is looked for from the end of this one."""
    found: dict[int, int] = {}  # where a match can start -> where the first term matching there ends
    budget = FIND_LIMIT
    for term, size, stem in _finders(ordered):
        at = folded.find(term)
        while at >= 0:
            budget -= 1
            if budget < 0:
                pattern = _compiled(ordered)
                return (m.span() for m in pattern.finditer(folded)) if pattern is not None else ()
            if at not in found:
                if not stem:
                    found[at] = at + size
                elif not at or folded[at - 1] not in _WORD_CHARS:
                    rest = _WORD_REST.match(folded, at + size)
                    found[at] = rest.end() if rest is not None else at + size
            at = folded.find(term, at + 1)
    if not found:
        return ()
    out = []
    after = 0
    for start in sorted(found):
        if start >= after:
            after = found[start]
            out.append((start, after))
    return out


def _searched(folded: str, start: int, end: int, ordered: tuple[str, ...]) -> bool:
    """Whether a match is a word the search looked for. An English term is a stem and marks the
    words it stems from (deploy: deployment, deployed), found as the word starting with it; a
    longer word that merely starts with it is another word ("custom", the stem of customer, in
    customisations; "run" in runway; "sla" in slack) and is not marked: the item was not found
    by it."""
    word = folded[start:end]
    if not (word.isascii() and word[:1].isalnum()):
        return True
    return word in ordered or term_of(word) in ordered  # (term_of is cached; at most MAX_TERMS terms)


@lru_cache(maxsize=1024)
def _normalized(piece: str) -> tuple[str, list[int] | None]:
    """A piece of a title or body folded: the same items come back query after query (search
    as you type repeats prefixes), and folding (NFKC, Traditional -> Simplified) was a third of
    a snippet's time. Kept for the last 1,024 pieces (a piece is at most CHUNK + OVERLAP long)."""
    return normalize(piece)


def _spans(
    text: str, ordered: tuple[str, ...], first_only: bool = False, folded: Folded | None = None,
    scan: int = MAX_SCAN,
) -> list[tuple[int, int]]:
    """Where the pattern matches (original offsets, overlaps merged). ``first_only``: stop after
    the first chunk holding a match (a snippet shows one window). ``folded``: the first piece
    folded already. ``scan``: the chunks beginning before it are searched."""
    if not ordered:
        return []
    spans: list[tuple[int, int]] = []
    if folded is not None and folded[1] is None and len(text) <= CHUNK:
        # the common case, in one pass: the whole text is its first piece, folded already to the
        # same length (offsets are the original's)
        work["chars_scanned"] += len(text)
        for start, end in _matches(folded[0], ordered):
            if _searched(folded[0], start, end, ordered) and _full(spans, start, end):
                break
        return spans
    for at in range(0, min(len(text), scan), CHUNK):
        if at == 0 and folded is not None:
            work["chars_scanned"] += min(len(text), CHUNK + OVERLAP)
            folded_piece, origin = folded
        else:
            piece = text[at : at + CHUNK + OVERLAP]
            work["chars_scanned"] += len(piece)
            folded_piece, origin = _normalized(piece)
        for start, end in _matches(folded_piece, ordered):
            if not _searched(folded_piece, start, end, ordered):
                continue
            if origin is not None:
                if origin[start] >= CHUNK:
                    break  # the next chunk's
                start, end = origin[start], origin[end - 1] + 1
            elif start >= CHUNK:
                break
            if _full(spans, at + start, at + end):
                return spans
        if first_only and spans:
            break
    return spans


def _full(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Add a match to ``spans`` (one that overlaps or touches the last extends it); True once
    MAX_SPANS are held."""
    if spans and start <= spans[-1][1]:
        spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        return False
    spans.append((start, end))
    return len(spans) >= MAX_SPANS


def _mark(text: str, spans: list[tuple[int, int]], lo: int, hi: int) -> str:
    if not spans:
        return text[lo:hi]
    out: list[str] = []
    at = lo
    for start, end in spans[max(0, bisect_left(spans, (lo, lo)) - 1) :]:
        if start >= hi:
            break
        if end <= lo:
            continue
        if start < lo:
            start = lo
        if end > hi:
            end = hi
        out += (text[at:start], START, text[start:end], END)
        at = end
    out.append(text[at:hi])
    return "".join(out)


class Marker:
    """A query's terms made ready once for every hit of a page (``hits.page_hits``): the terms to
    mark, longest first, as ``marked_snippet`` and ``marked_title`` order them for each call."""

    __slots__ = ("ordered",)

    def __init__(self, terms: Iterable[str]) -> None:
        self.ordered = _ordered(terms)

    def snippet(
        self, text: str, width: int = 220, folded: Folded | None = None, whole: Callable[[], str] | None = None
    ) -> str:
        """``marked_snippet`` of plain text. ``whole``: ``text`` is only the start of the text,
        which ``whole`` gives, asked for when the snippet is not in the first chunk (a window
        of a match in the first chunk lies within the first piece and ``width`` more)."""
        spans = None
        if whole is not None:
            if len(text) >= CHUNK + OVERLAP + width:
                spans = _spans(text, self.ordered, first_only=True, folded=folded, scan=CHUNK)
            if not spans:
                text, spans = whole(), None
        if len(text) <= width:
            return _mark(text, _spans(text, self.ordered, folded=folded), 0, len(text))
        if spans is None:
            spans = _spans(text, self.ordered, first_only=True, folded=folded)
        if not spans:
            return text[:width] + "…"
        last = len(text) - width  # where the last window begins
        if len(spans) == 1:
            best_lo = max(0, min(spans[0][0] - 30, last))
        else:
            starts = [s for s, _e in spans]
            best_lo, best_count = 0, -1
            for start in starts:
                lo = max(0, min(start - 30, last))
                count = bisect_left(starts, lo + width) - bisect_left(starts, lo)
                if count > best_count:
                    best_lo, best_count = lo, count
        best_lo, hi = _whole_matches(spans, best_lo, min(len(text), best_lo + width))
        return ("…" if best_lo > 0 else "") + _mark(text, spans, best_lo, hi) + ("…" if hi < len(text) else "")

    def title(self, title: str, folded: Folded | None = None) -> str:
        """``marked_title``."""
        return _mark(title, _spans(title, self.ordered, folded=folded), 0, len(title))


def marked_snippet(
    body: str, terms: Iterable[str], width: int = 220, markdown: bool = True, folded: Folded | None = None
) -> str:
    """The window of ``width`` characters holding the most matches, matches marked. ``body``
    is Markdown, or already plain text (as the index stores it) when ``markdown`` is False;
    ``folded``: the plain text's first piece folded already (only with plain text)."""
    if markdown:
        return Marker(terms).snippet(plain_text(body), width)
    return Marker(terms).snippet(body, width, folded)


def _whole_matches(spans: list[tuple[int, int]], lo: int, hi: int) -> tuple[int, int]:
    """The window's edges moved off a match they would cut in two (a window ending inside 系统
    marked 系 alone: a lone common character marked, as if the query had asked for it). The
    window only narrows, so it stays within its width; a match wider than the window stays cut."""
    last = bisect_left(spans, (hi, hi)) - 1  # the last match starting before the window's end
    if last >= 0 and spans[last][0] < hi < spans[last][1] and spans[last][0] > lo:
        hi = spans[last][0]
    first = bisect_left(spans, (lo, lo)) - 1  # a match starting before the window's start
    if first >= 0 and spans[first][0] < lo < spans[first][1] and spans[first][1] < hi:
        lo = spans[first][1]
    return lo, hi


def marked_title(title: str, terms: Iterable[str], folded: Folded | None = None) -> str:
    return Marker(terms).title(title, folded)


def plain_marks(marked: str) -> str:
    """Marked text as plain text with **matches**."""
    return marked.replace(START, "**").replace(END, "**")


def html_marks(marked: str) -> str:
    """Marked text HTML-escaped, with <b>matches</b>."""
    return html.escape(marked).replace(START, "<b>").replace(END, "</b>")


def render(marked: str) -> tuple[str, str]:
    """(plain text with **matches**, HTML-escaped text with <b>matches</b>)."""
    return plain_marks(marked), html_marks(marked)
