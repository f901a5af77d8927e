"""Pinyin suggestions from the library's own words: ``baojia`` or ``bj`` -> 报价, for when the
Chinese input method is not at hand. Offered as "did you mean", never folded into the index:
homophones (报价 / 保价, 北京 / 背景) must not match each other silently.

The words are the Chinese terms of the search index (what the items actually say, already
segmented and folded to Simplified); each word's full pinyin and initials are computed once per
process (pypinyin, about 7,000 words a second) and new words are added as the index grows."""

from __future__ import annotations

import re
import threading
from collections import defaultdict

from workbench.core.search.index import SearchIndex
from workbench.core.search.query import FIELD

_HAN = re.compile(r"^[\u4e00-\u9fff]{2,8}$")
_LATIN_QUERY = re.compile(r"^[a-z]+( [a-z]+){0,5}$")
MAX_WORDS = 200_000  # index terms looked at (a huge library's rarest words add nothing)


class PinyinSuggester:
    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self._lock = threading.Lock()
        self._seen: set[str] = set()
        self._full: dict[str, set[str]] = defaultdict(set)
        self._initials: dict[str, set[str]] = defaultdict(set)
        self._generation = -2
        self._segments: set[str] = set()  # ids of the index segments whose words were read

    def prepare(self) -> None:
        """Read the index's new words now (the background sync calls this, so that a first pinyin
        query does not wait for a large library's words: about 7,000 a second)."""
        with self._lock:
            self._refresh()

    def _refresh(self) -> None:
        from pypinyin import lazy_pinyin

        generation = self.index.generation()
        if generation == self._generation:
            return
        with self.index.searcher() as s:
            # only the segments not read before: a segment never changes, and after a save the
            # new words are in its small new segment (walking the whole lexicon again took about
            # a second at 10k items, after every save)
            words: list[str] = []
            segments: set[str] = set()
            for reader, _offset in s.reader().leaf_readers():
                if len(words) + len(self._seen) >= MAX_WORDS:
                    break
                segment = reader.segment()
                key = segment.segment_id() if segment is not None else None
                if key is not None:
                    segments.add(key)
                    if key in self._segments:
                        continue
                for term in reader.lexicon(FIELD):
                    word = term.decode() if isinstance(term, bytes) else str(term)
                    if word not in self._seen and _HAN.match(word):
                        words.append(word)
                    if len(words) + len(self._seen) >= MAX_WORDS:
                        break
            self._segments = segments
        for word in words:
            syllables = lazy_pinyin(word, errors="ignore")
            if len(syllables) != len(word):
                continue
            self._full["".join(syllables)].add(word)
            self._initials["".join(p[0] for p in syllables)].add(word)
            self._seen.add(word)
        self._generation = generation

    def suggest(self, text: str, limit: int = 5) -> list[str]:
        """Chinese readings of a pinyin query, the library's most used words first; one token
        gives up to ``limit`` options, several tokens one phrase (each token's best reading).
        Empty when the text is not pinyin-like or is a word the library already has."""
        query = " ".join(text.lower().split())
        if not _LATIN_QUERY.match(query) or len(query) > 60:
            return []
        with self._lock:
            self._refresh()
            with self.index.searcher() as s:
                reader = s.reader()
                if reader.doc_frequency(FIELD, query.replace(" ", "")) > 0:
                    return []  # an indexed word (crm, sla, erp): not pinyin
                readings = [self._readings(reader, token) for token in query.split()]
                joined = self._readings(reader, query.replace(" ", "")) if " " in query else []
        if len(readings) == 1:
            return readings[0][:limit]
        if joined:
            return joined[:limit]
        if all(readings):
            return [" ".join(r[0] for r in readings)]
        return []

    def _readings(self, reader: object, token: str) -> list[str]:
        full = self._full.get(token, set())
        initials = self._initials.get(token, set()) if 2 <= len(token) <= 6 else set()

        def frequency(word: str) -> int:
            return int(reader.doc_frequency(FIELD, word))  # type: ignore[attr-defined]

        ranked = sorted(full, key=lambda w: (-frequency(w), w))
        ranked += sorted(initials - full, key=lambda w: (-frequency(w), w))
        return ranked
