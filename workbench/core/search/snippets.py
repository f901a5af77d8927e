"""Snippets with the matched words marked, computed by string search over the folded text.

whoosh's highlighter re-runs the analyzer and scores fragments in Python (~1 ms a hit); here
the query's terms are found directly in the folded text and mapped back to the original
characters, so a Traditional text is marked where a Simplified query matched it."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

from workbench.core.search.analysis import normalize

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(
    r"(\*\*|__|`+|^#{1,6}\s+|^\s*>\s?|^\s*[-*+]\s+|^\s*\d+\.\s+|^\|?\s*:?-{3,}.*$)", re.M
)
_SPACE = re.compile(r"\s+")
START, END = "\x02", "\x03"


def plain_text(markdown: str) -> str:
    """Markdown without its markup, one line (so ** in the text cannot clash with ours)."""
    text = _MD_LINK.sub(r"\1", markdown)
    text = _MD_MARKS.sub("", text).replace("|", " ")
    return _SPACE.sub(" ", text).strip()


def _pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    return _compiled(tuple(sorted(set(terms), key=lambda t: (-len(t), t))))


@lru_cache(maxsize=256)
def _compiled(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    parts = []
    for term in terms:
        if not term:
            continue
        if term.isascii() and term[:1].isalnum():
            # an English stem also marks its inflections: deploy -> deployment
            parts.append(r"(?<![a-z0-9])" + re.escape(term) + r"[a-z0-9]*")
        else:
            parts.append(re.escape(term))
    return re.compile("|".join(parts)) if parts else None


def _spans(text: str, pattern: re.Pattern[str] | None) -> list[tuple[int, int]]:
    if pattern is None:
        return []
    folded, origin = normalize(text)
    spans: list[tuple[int, int]] = []
    for m in pattern.finditer(folded):
        start, end = m.start(), m.end()
        if origin is not None:
            start, end = origin[start], origin[end - 1] + 1
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def _mark(text: str, spans: list[tuple[int, int]], lo: int, hi: int) -> str:
    out, at = [], lo
    for start, end in spans:
        if end <= lo or start >= hi:
            continue
        start, end = max(start, lo), min(end, hi)
        out.append(text[at:start])
        out.append(START + text[start:end] + END)
        at = end
    out.append(text[at:hi])
    return "".join(out)


def marked_snippet(body: str, terms: Iterable[str], width: int = 220, markdown: bool = True) -> str:
    """The window of ``width`` characters holding the most matches, matches marked. ``body``
    is Markdown, or already plain text (as the index stores it) when ``markdown`` is False."""
    text = plain_text(body) if markdown else body
    pattern = _pattern(terms)
    spans = _spans(text, pattern)
    if len(text) <= width:
        return _mark(text, spans, 0, len(text))
    best_lo, best_count = 0, -1
    for start, _end in spans:
        lo = max(0, min(start - 30, len(text) - width))
        count = sum(1 for s, _e in spans if lo <= s < lo + width)
        if count > best_count:
            best_lo, best_count = lo, count
    hi = min(len(text), best_lo + width)
    return ("…" if best_lo > 0 else "") + _mark(text, spans, best_lo, hi) + ("…" if hi < len(text) else "")


def marked_title(title: str, terms: Iterable[str]) -> str:
    return _mark(title, _spans(title, _pattern(terms)), 0, len(title))


def render(marked: str) -> tuple[str, str]:
    """(plain text with **matches**, HTML-escaped text with <b>matches</b>)."""
    plain = marked.replace(START, "**").replace(END, "**")
    escaped = html.escape(marked).replace(START, "<b>").replace(END, "</b>")
    return plain, escaped
