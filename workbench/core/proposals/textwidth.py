"""How wide text is when set, in points, without a layout engine: enough to size table columns
so that no number, amount, ID or Latin word is broken, and to break a cover title between
words. Chinese, Japanese and Korean characters are full-width (one em); Latin characters use
Arial's advance widths (Liberation Sans, which LibreOffice substitutes, has the same metrics).

A line may break at a space, and between two CJK words (segmented with rjieba), never inside
a run of Latin letters, digits and the punctuation that holds a number or an ID together
("$205,200.00", "REQ-001", "99.95%")."""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

# Arial advance widths in 1/1000 em for the ASCII characters that differ from the default
_NARROW = {**dict.fromkeys(" !,./:;I[]ijlft|'", 278), **dict.fromkeys("()-r\"`{}", 333)}
_WIDE = {**dict.fromkeys("mw", 833), **dict.fromkeys("MW%", 889), "@": 1015}
_UPPER = 667
_LOWER = 556  # most lowercase letters, digits, $ and # in Arial
BOLD_FACTOR = 1.07  # Arial Bold is about this much wider on average
NBSP = "\u00a0"
SPACE = re.compile(r"[ \t\n\r\f\v\u3000]+")  # where a line may break; not the no-break space
TOKEN = re.compile(r"[^ \t\n\r\f\v\u3000]+[ \t\n\r\f\v\u3000]*")  # a word and the spaces after it
CJK_WORD = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+")


@lru_cache(maxsize=8192)
def is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


@lru_cache(maxsize=8192)
def char_em(char: str) -> float:
    """The advance width of one character in ems."""
    if is_wide(char):
        return 1.0
    if unicodedata.east_asian_width(char) == "A" and not unicodedata.category(char).startswith("L"):
        return 1.0  # ★ ▲ “ ” … ※: a Chinese document sets them full-width from its CJK font
    if unicodedata.category(char) == "Cf":  # word joiner and other invisible format characters
        return 0.0
    if char in _NARROW:
        return _NARROW[char] / 1000
    if char in _WIDE:
        return _WIDE[char] / 1000
    if char.isupper():
        return _UPPER / 1000
    return _LOWER / 1000


AUTOSPACE_EM = 0.25  # what Word and LibreOffice add between Chinese and Latin letters or digits


def text_width(text: str, size_pt: float, bold: bool = False) -> float:
    """The width of ``text`` set on one line, in points, with the space both renderers put
    between Chinese and adjacent Latin letters or digits (autoSpaceDE/autoSpaceDN: on by
    default; "2026年11月25日" is five such gaps wider than its glyphs)."""
    width = _em(text) * size_pt
    return width * BOLD_FACTOR if bold else width


@lru_cache(maxsize=65536)
def _em(text: str) -> float:
    """``text``'s width in ems (the same words and lines are measured again and again: at each
    font size a table may be set in, and while filling a cell's lines)."""
    em = sum(char_em(c) for c in text)
    return em + AUTOSPACE_EM * sum(1 for a, b in itertools.pairwise(text)
                                   if (is_wide(a) and b.isalnum() and b.isascii())
                                   or (is_wide(b) and a.isalnum() and a.isascii()))


@lru_cache(maxsize=4096)
def _cut(text: str) -> tuple[str, ...]:
    import rjieba

    return tuple(rjieba.cut(text))


def words(text: str) -> list[str]:
    """The pieces a line may break between: Latin tokens whole (split only at spaces), CJK runs
    cut into words. Spaces are dropped; a no-break space is not one."""
    out: list[str] = []
    for token in SPACE.split(text):
        if not token:
            continue
        at = 0
        pieces: list[str] = []
        for match in CJK_WORD.finditer(token):
            if match.start() > at:
                pieces.append(token[at:match.start()])
            pieces.extend(w for w in _cut(match.group()) if w.strip())
            at = match.end()
        if at < len(token):
            pieces.append(token[at:])
        for n, piece in enumerate(pieces):  # a no-break space holds its neighbours: "第\u00a03\u00a0页"
            if n and (out[-1].endswith(NBSP) or piece.startswith(NBSP)):
                out[-1] += piece
            else:
                out.append(piece)
    return _glue_punctuation(out)


_NO_LINE_START = set("，。、；：？！）》」』】〕…,.;:?!)%")
_NO_LINE_END = set("（《「『【〔([“‘")


def _glue_punctuation(pieces: list[str]) -> list[str]:
    """Punctuation that may not start a line stays with the word before it, an opening bracket
    with the word after it (Chinese line-breaking rules: no "，" or "。" at the head of a line,
    no "（" at its end: "单价" / "（不含税）", never "单价（" / "不含税）")."""
    out: list[str] = []
    opening = ""
    for piece in pieces:
        if out and piece and not opening and all(c in _NO_LINE_START for c in piece):
            out[-1] += piece
        elif piece and all(c in _NO_LINE_END for c in piece):
            opening += piece
        else:
            out.append(opening + piece)
            opening = ""
    if opening:
        if out:
            out[-1] += opening
        else:
            out.append(opening)
    return out


def longest_word(text: str, size_pt: float, bold: bool = False) -> float:
    """The width of the widest piece of ``text`` a line cannot break inside, in points."""
    return max((text_width(w, size_pt, bold) for w in words(text)), default=0.0)


def break_lines(text: str, size_pt: float, width_pt: float, bold: bool = False, spaces_first: bool = True) -> list[str]:
    """``text`` broken into lines no wider than ``width_pt``: at spaces when that is enough and
    ``spaces_first`` (a title's "customer name" and "document kind" stay whole), else also
    between CJK words (a word wider than a line gets a line of its own; running text in a table
    cell fills its lines this way rather than leave "3800" alone on one). Spaces between Latin
    words are kept."""
    if spaces_first:
        at_spaces = _fill(TOKEN.findall(text), size_pt, width_pt, bold)
        if all(text_width(line, size_pt, bold) <= width_pt for line in at_spaces):
            return at_spaces
    return _fill(_pieces_with_spaces(text), size_pt, width_pt, bold)


def _fill(pieces: list[str], size_pt: float, width_pt: float, bold: bool) -> list[str]:
    lines: list[str] = []
    current = ""
    for piece in pieces:
        candidate = current + piece
        if current and text_width(candidate.rstrip(), size_pt, bold) > width_pt:
            lines.append(current.rstrip())
            current = piece.lstrip()
        else:
            current = candidate
    if current.strip():
        lines.append(current.rstrip())
    return lines


def _pieces_with_spaces(text: str) -> list[str]:
    """Like ``words`` but each piece keeps the spaces that follow it, so lines join back."""
    pieces: list[str] = []
    for token in TOKEN.findall(text):
        stripped = token.rstrip()
        parts = words(stripped)
        if parts:
            parts[-1] += token[len(stripped):]
            pieces.extend(parts)
    return pieces
