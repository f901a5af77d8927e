"""Text analysis shared by indexing and querying, so both sides always agree:
NFKC (full-width -> half-width), lower case, Traditional -> Simplified folding, Chinese word
segmentation in search mode (rjieba: ~40x faster than jieba here, with character offsets),
English stemming, stop words; numbers and codes (72, SM4, 99.95%) kept whole.

Character offsets always point into the *original* text, so highlights land on what the
person wrote even when folding changed the characters."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import opencc
from whoosh.analysis import STOP_WORDS, Token, Tokenizer
from whoosh.lang.porter2 import stem as porter_stem

from workbench.core.knowledge.language import standard_forms
from workbench.core.paths import resources_dir

STOP_EN = frozenset(STOP_WORDS) | {"we", "our", "your", "you", "do", "does", "how", "what"}
STOP_ZH = frozenset(["的", "了", "和", "与", "及", "或", "是", "在", "也", "都", "就", "而", "被", "把", "对", "从", "这", "那", "之", "其", "着", "个", "吗", "呢", "吧", "啊", "么"])
STOP = STOP_EN | STOP_ZH
_WORDY = re.compile(
    r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0370-\u03ff\u0400-\u052f\u05d0-\u05f2"
    r"\u0620-\u064a\u0660-\u0669\u066e-\u06d3\u06d5\u06ee-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]"
)
# Alphabets written with spaces between words that the segmenter cuts into single letters
# (Arabic, Hebrew, Greek, Cyrillic): their words are taken whole here, vowel marks and the
# Arabic elongation stroke dropped from the indexed term (searching ignores them). Their
# punctuation (، ؛ ؟ ־ ׃ ; ·) ends a word.
_SCRIPT_WORD = re.compile(
    "[\u0370-\u037d\u037f-\u0386\u0388-\u03ff\u0400-\u052f\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5"
    "\u05c7-\u05f2\u0610-\u061a\u0620-\u0669\u066e-\u06d3\u06d5-\u06ff\u0750-\u077f\u08a0-\u08ff"
    "\ufb1d-\ufdff\ufe70-\ufefc]+"
)
_SCRIPT_MARKS = re.compile("[\u0591-\u05c7\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed]")
_ALPHA = re.compile(r"^[a-z]+$")
MAX_CHARS = 200_000  # longer text is cut (a body larger than this is not a knowledge item)

# rjieba lets go of the GIL while it segments, and adding a word while another thread segments
# fails with "Already borrowed": segmenting threads share the segmenter, adding words waits for
# them and holds the new ones back until it is done
_segmenter = threading.Condition()
_segmenting = 0
_adding = 0  # a thread adding words, or waiting to: new segmenting waits for it
_one_adder = threading.Lock()
_dictionary_loaded = False
_taught: list[str] = []  # every word added, in order, repeats included (a word's frequency is
# suggested from the dictionary as it is when the word is added, so order and repeats matter)


def _rjieba() -> Any:
    """The segmenter, imported on first use (~0.3 s): starting the app or a CLI command that
    never segments text does not pay for it."""
    import rjieba

    return rjieba


def tokenize(text: str, mode: str) -> list[tuple[str, int, int]]:
    """rjieba's (word, start, end) in ``mode`` ("default" or "search"), the domain's words known."""
    global _segmenting
    _ensure_dictionary()
    with _segmenter:
        while _adding:
            _segmenter.wait()
        _segmenting += 1
    try:
        return list(_rjieba().tokenize(text, mode))
    finally:
        with _segmenter:
            _segmenting -= 1
            _segmenter.notify_all()


def dictionary_paths(home: Path | None = None) -> list[Path]:
    paths = [resources_dir() / "search" / "user_dict.txt"]
    if home is not None:
        paths.append(home / "search" / "user_dict.txt")
    return paths


def load_user_dictionary(paths: list[Path] | None = None) -> int:
    """Teach the segmenter the domain's words (等保三级, 私有化部署, ...). Idempotent."""
    words = [fold(word) for path in (paths or dictionary_paths()) if path.exists()
             for line in path.read_text(encoding="utf-8").splitlines()
             if (word := line.split("#", 1)[0].strip())]
    return teach(words)


def teach(words: list[str]) -> int:
    """Add folded words to the segmenter's dictionary."""
    global _dictionary_loaded, _adding
    segmenter = _rjieba()
    with _one_adder:
        with _segmenter:
            _adding += 1
            while _segmenting:
                _segmenter.wait()
        try:
            for word in words:
                segmenter.add_word(word, None, None)
            _taught.extend(words)
            _dictionary_loaded = True
        finally:
            with _segmenter:
                _adding -= 1
                _segmenter.notify_all()
    return len(words)


def taught_words() -> list[str]:
    """Every word this process's segmenter was taught, in order and with repeats: a process that
    must segment exactly as this one does (an index-building worker) is taught the same (``teach``)."""
    _ensure_dictionary()
    with _one_adder:
        return list(_taught)


def _ensure_dictionary() -> None:
    if not _dictionary_loaded:
        load_user_dictionary()


# Taiwan/Hong Kong vocabulary to mainland words as well as characters: 資料遷移 -> 数据迁移,
# 伺服器 -> 服务器, 軟體 -> 软件; Hong Kong's own forms of a few characters first (衞生 -> 衛生,
# which tw2sp knows). A search index folds the same way on both sides.
_PHRASES = opencc.OpenCC("tw2sp")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+")
ANALYSIS_VERSION = 7  # bump when analysis or stored fields change: indexes built before are rebuilt


def fold(text: str) -> str:
    """The normal form both sides compare in (no offsets kept)."""
    if text.isascii():  # NFKC and the Chinese tables leave ASCII as it is (a tenth of a typo's search)
        return text.lower()
    text = standard_forms(unicodedata.normalize("NFKC", text).lower())
    if "\x00" in text:  # OpenCC reads its input as a C string: it stopped at the first NUL
        return "\x00".join(str(_PHRASES.convert(part)) for part in text.split("\x00"))
    return str(_PHRASES.convert(text))


def _fold_chinese(text: str) -> tuple[str, list[int] | None]:
    if text.isascii():  # OpenCC's tables key only Chinese characters: ASCII comes back unchanged
        return text, None
    text = standard_forms(text)
    folded = str(_PHRASES.convert(text))
    if len(folded) == len(text):
        return folded, None
    # A phrase changed length (記憶體 -> 内存): convert run by run, mapping each output
    # character to a place in its run.
    parts: list[str] = []
    origin: list[int] = []
    for match in _CJK_RUN.finditer(text):
        run = match.group()
        out = str(_PHRASES.convert(run)) if run[0] >= "\u3400" else run
        parts.append(out)
        size, n = len(run), len(out)
        # first to first, last to last, the rest spread between
        origin.extend(match.start() + (i * (size - 1) // (n - 1) if n > 1 else 0) for i in range(n))
    return "".join(parts), origin


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).lower()


def normalize(text: str) -> tuple[str, list[int] | None]:
    """Folded text and, when its length differs from the original, where each character
    came from (None means position i came from position i)."""
    first: list[int] | None = None
    if unicodedata.is_normalized("NFKC", text) and len(lowered := text.lower()) == len(text):
        stage = lowered
    else:
        folded_chars = list(map(_fold_char, text))
        stage = "".join(folded_chars)
        if len(stage) != len(text):  # some character became several (or none): map them back
            first = [index for index, out in enumerate(folded_chars) for _ch in out]
    folded, second = _fold_chinese(stage)
    if second is None:
        return folded, first
    if first is None:
        return folded, second
    return folded, [first[i] for i in second]


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    return str(porter_stem(word))


@lru_cache(maxsize=200_000)
def term_of(word: str) -> str:
    return _stem(word) if _ALPHA.match(word) else word


def indexed_words(value: str, morph: bool = True) -> list[tuple[str, int]]:
    """(term, position) of every word ``WorkbenchTokenizer`` yields when indexing ``value``
    (``SurfaceTokenizer`` with ``morph`` False), without a token object per word: the index
    writer's way to the same terms."""
    text, _origin = normalize(value[:MAX_CHARS])
    if morph:
        return [(term_of(word), pos) for word, _s, _e, pos in segments(text, subwords=True) if word not in STOP]
    return [(word, pos) for word, _s, _e, pos in segments(text, subwords=True) if word not in STOP]


def segments(text: str, subwords: bool) -> list[tuple[str, int, int, int]]:
    """(word, start, end, position) over folded text. Positions count whole words, so a
    phrase matches word after word; search-mode sub-words (私有 in 私有化) share the position
    of the word they sit in."""
    whole = [t for t in _tokenize_scripts(text, "default") if _WORDY.search(t[0])]
    if not subwords:
        return [(w, s, e, p) for p, (w, s, e) in enumerate(whole)]
    owner = [-1] * len(text)
    for position, (_w, s, e) in enumerate(whole):
        owner[s:e] = [position] * (e - s)
    out: list[tuple[str, int, int, int]] = []
    for w, s, e in _tokenize_scripts(text, "search"):
        if owner[s] >= 0 and _WORDY.search(w):
            out.append((w, s, e, owner[s]))
    return out


def _tokenize_scripts(text: str, mode: str) -> list[tuple[str, int, int]]:
    """``tokenize``, with the words of Arabic, Hebrew, Greek and Cyrillic taken whole (the
    segmenter would cut them into letters); the rest of the text segmented as before."""
    if not _SCRIPT_WORD.search(text):
        return tokenize(text, mode)
    out: list[tuple[str, int, int]] = []
    at = 0
    for match in _SCRIPT_WORD.finditer(text):
        if match.start() > at:
            out.extend((w, at + s, at + e) for w, s, e in tokenize(text[at : match.start()], mode))
        word = _SCRIPT_MARKS.sub("", match.group())
        if word:
            out.append((word, match.start(), match.end()))
        at = match.end()
    if at < len(text):
        out.extend((w, at + s, at + e) for w, s, e in tokenize(text[at:], mode))
    return out


class WorkbenchTokenizer(Tokenizer):  # type: ignore[misc]
    """One tokenizer doing the whole analysis (a filter chain costs a generator per step).
    With ``no_morph`` (whoosh's spelling pass) words keep their unstemmed form."""

    is_morph = True

    def has_morph(self) -> bool:
        return True

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        no_morph: bool = False,
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = fold(value)
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        text, origin = normalize(value[:MAX_CHARS])
        for word, s, e, pos in segments(text, subwords=mode != "query"):
            stopped = word in STOP
            if stopped and removestops:
                continue
            token.text = word if no_morph else term_of(word)
            token.stopped = stopped
            token.boost = 1.0
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = start_pos + pos
            if chars:
                if origin is None:
                    token.startchar, token.endchar = start_char + s, start_char + e
                else:
                    token.startchar = start_char + origin[s]
                    token.endchar = start_char + origin[e - 1] + 1
            yield token


class SurfaceTokenizer(WorkbenchTokenizer):
    """Words as written (folded, not stemmed): the vocabulary did-you-mean suggests from."""

    def __call__(self, value: str, *args: Any, **kwargs: Any) -> Iterator[Token]:
        kwargs["no_morph"] = True
        return super().__call__(value, *args, **kwargs)


def analyzer() -> WorkbenchTokenizer:
    return WorkbenchTokenizer()


def query_terms(text: str) -> list[tuple[str, int, int]]:
    """The terms of a query in order, with their spans in the original text."""
    return [
        (t.text, t.startchar, t.endchar)
        for t in WorkbenchTokenizer()(text, chars=True, mode="query")
    ]


def typed_words(text: str) -> dict[str, str]:
    """Each index term of a text, as it is written there ("services" for the stem "servic"), to
    show why an item matched in the writer's words."""
    words: dict[str, str] = {}
    for term, start, end in query_terms(text[:20_000]):
        words.setdefault(term, text[start:end])
    return words


def as_typed(terms: Iterable[str], words: Mapping[str, str]) -> tuple[str, ...]:
    """Matched terms as the text wrote them (``typed_words``); a stem the text does not spell out
    is left out (not shown as "servic")."""
    shown = (words.get(t) or (t if not t.isascii() else "") for t in terms)
    return tuple(dict.fromkeys(w for w in shown if w))


def phrase_terms(text: str) -> tuple[list[str], int]:
    """The terms of a phrase and the whoosh slop that matches it word after word: a stop word
    inside the phrase (与, of) is not indexed but still takes a position."""
    tokens = [(t.text, t.pos) for t in WorkbenchTokenizer()(text, positions=True, mode="query")]
    gaps = [b - a for (_x, a), (_y, b) in pairwise(tokens)]
    return [t for t, _p in tokens], max([1, *gaps])
