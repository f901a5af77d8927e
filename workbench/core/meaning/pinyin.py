"""Pinyin suggestions from the library's own words: ``baojia`` or ``bj`` -> 报价, for when the
Chinese input method is not at hand. Offered as "did you mean", never folded into the index:
homophones (报价 / 保价, 北京 / 背景) must not match each other silently.

The words are the Chinese terms of the search index (what the items actually say, already
segmented and folded to Simplified); each word's full pinyin and initials are computed once per
process (pypinyin, about 7,000 words a second) and new words are added as the index grows.

Memory: at 50k items the index holds about 200,000 Chinese words. Kept as Python sets and dicts
of ``str`` (about 50-80 bytes an object, 216 bytes an empty set) they took 48 MB, so they are
kept as one UTF-8 blob of ``word<TAB>syllables`` records and sorted arrays of the hashes of
each word, full pinyin and initials (about 13 MB), every hash match checked against the record.
pypinyin itself holds 57 MB of phrase tables once imported: it is imported only while new words
are read and dropped again afterwards (``_pypinyin``), which gives all of it back."""

from __future__ import annotations

import gc
import logging
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from workbench.core.search import postings
from workbench.core.search.analysis import query_terms
from workbench.core.search.derived import give_back_memory
from workbench.core.search.index import SearchIndex
from workbench.core.search.query import FIELD

log = logging.getLogger(__name__)
SUFFIX = ".pinyin"  # readings kept beside the index folder
_HAN = re.compile(r"^[\u4e00-\u9fff]{2,8}$")
_PINYIN_TOKEN = re.compile(r"^[a-z]{1,30}$")
MAX_TOKENS = 6  # tokens of a query read as pinyin (more: a sentence, not a word typed without the input method)
MAX_WORDS = 200_000  # index terms looked at (a huge library's rarest words add nothing)
# Of those, the first walk of a process (its library as it was) takes all but this many: the
# words of what is saved during the session still find room.
RESERVED_WORDS = 20_000
_CHUNK = 8192  # lexicon words checked against those already read at a time (one array look-up)
FIND_WORDS = 64  # words looked up in the readings file by a scan (more: the file's records indexed)
WAIT_S = 0.25  # a search waits this long at most for another's use of the words, then goes on without
_reading = threading.Lock()  # one reader of new words at a time in the process (pypinyin loaded once)


@contextmanager
def _pypinyin() -> Iterator[Callable[..., list[str]]]:
    """pypinyin's ``lazy_pinyin``, its modules dropped afterwards unless something else of the
    process had imported them (their 57 MB of tables go back: importing again costs about 0.5 s,
    paid only when a save brings words never read before)."""
    with _reading:
        ours = "pypinyin" not in sys.modules
        from pypinyin import lazy_pinyin

        try:
            yield lazy_pinyin
        finally:
            del lazy_pinyin
            if ours:
                for name in [m for m in sys.modules if m == "pypinyin" or m.startswith("pypinyin.")]:
                    del sys.modules[name]


class _Vocabulary:
    """Words with their readings: records ``word\\tsyllable syllable…`` in one UTF-8 blob, found by
    the hashes of the word, its full pinyin and its initials (sorted arrays, each with the record
    numbers in that order). A hash only narrows the search: every match is compared in full."""

    def __init__(self, kinds: tuple[str, ...] = ("word", "full", "initials"), blob: bytes = b"") -> None:
        self._blob: bytes | bytearray = blob  # a bytearray once added to: grown in place
        ends = np.flatnonzero(np.frombuffer(blob, np.uint8) == ord("\n"))
        self._starts = np.concatenate([[0], ends + 1]).astype(np.int64)  # record n: blob[starts[n]:starts[n+1]-1]
        self._hashes = {k: np.zeros(0, np.int64) for k in kinds}
        self._orders = {k: np.zeros(0, np.int32) for k in kinds}
        self._index(0)

    def __len__(self) -> int:
        return len(self._starts) - 1

    def _record(self, number: int) -> tuple[str, list[str]]:
        record = self._blob[self._starts[number] : self._starts[number + 1] - 1].decode()
        word, _tab, syllables = record.partition("\t")
        return word, syllables.split(" ") if syllables else []

    @staticmethod
    def _key(kind: str, word: str, syllables: list[str]) -> str:
        if kind == "word":
            return word
        return "".join(syllables) if kind == "full" else "".join(p[0] for p in syllables)

    def _numbers(self, kind: str, key: str) -> list[int]:
        """The records whose ``kind`` key is ``key``, in the order they were added."""
        hashes, h = self._hashes[kind], hash(key)
        lo, hi = int(np.searchsorted(hashes, h, side="left")), int(np.searchsorted(hashes, h, side="right"))
        numbers = sorted(self._orders[kind][lo:hi].tolist())
        if kind == "word":  # a record begins with its word: compared as bytes (decoding each
            # candidate was most of a large library's first reading)
            record, starts, blob = key.encode() + b"\t", self._starts, self._blob
            return [n for n in numbers if blob.startswith(record, starts[n])]
        return [n for n in numbers if self._key(kind, *self._record(n)) == key]

    def words(self, kind: str, key: str) -> set[str]:
        """The words whose full pinyin (``kind`` "full") or initials ("initials") is ``key``."""
        return {self._record(n)[0] for n in self._numbers(kind, key)}

    def reading(self, number: int) -> list[str]:
        return self._record(number)[1]

    def number_of(self, words: list[str]) -> list[int]:
        """Each word's record number, or -1 when it has none."""
        out = [-1] * len(words)
        hashes = self._hashes["word"]
        if not len(hashes) or not words:
            return out
        wanted = np.array([hash(w) for w in words], np.int64)
        at = np.minimum(np.searchsorted(hashes, wanted), len(hashes) - 1)
        for i in np.flatnonzero(hashes[at] == wanted).tolist():
            numbers = self._numbers("word", words[i])
            out[i] = numbers[0] if numbers else -1
        return out

    def add(self, readings: list[tuple[str, list[str]]]) -> None:
        """New records (words not held yet, each once)."""
        if not readings:
            return
        records = [f"{w}\t{' '.join(s)}\n".encode() for w, s in readings]
        sizes = np.fromiter(map(len, records), np.int64, len(records))
        first = len(self)
        self._starts = np.concatenate([self._starts, self._starts[-1] + np.cumsum(sizes)])
        if not isinstance(self._blob, bytearray):
            self._blob = bytearray(self._blob)
        self._blob += b"".join(records)  # in place (a new bytes object copied the whole blob)
        del records
        self._index(first, readings)

    def _index(self, first: int, readings: list[tuple[str, list[str]]] | None = None) -> None:
        """Records ``first`` on filed under their keys' hashes: the new ones sorted, then
        inserted among the others (after those of an equal hash: the order a stable sort of
        all of them gives). Re-sorting every record for each chunk of new words made three
        temporaries the vocabulary's size per kind (at 50k items, the 60,000 words a merged
        segment brought were a 26 MB peak)."""
        numbers = range(first, len(self))
        for kind in self._hashes:
            # the keys of the readings in hand, else of the records decoded one at a time (a
            # readings file's 200,000 as a list of Python objects would be a peak of their own)
            keys = ((self._key(kind, w, syllables) for w, syllables in readings) if readings is not None
                    else (self._key(kind, *self._record(n)) for n in numbers))
            fresh = np.fromiter(map(hash, keys), np.int64, len(numbers))
            order = np.argsort(fresh, kind="stable")
            fresh = fresh[order]
            at = np.searchsorted(self._hashes[kind], fresh, side="right")
            self._hashes[kind] = np.insert(self._hashes[kind], at, fresh)
            self._orders[kind] = np.insert(self._orders[kind], at, (order + first).astype(np.int32))

    @property
    def blob(self) -> bytes:
        return bytes(self._blob)


class _ReadingsFile:
    """Every reading computed, kept beside the index (``<index folder>.pinyin``: a header line,
    then ``word<TAB>syllables`` lines), so that a later start, a rebuilt index or a merge of
    segments looks words up there instead of importing pypinyin. Only the readings are kept:
    which words the suggestions offer is decided from the index as before."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.header = f"pinyin-readings 1 {_pypinyin_version()}\n".encode()
        self.changed = False
        self._data = b""  # the file's records
        # readings computed since, as records like the file's: a large library's first walk
        # computes 180,000 of them, which as a dict of strings and lists were ~55 MB at its peak
        self._added = bytearray()
        self._index: _Vocabulary | None = None  # the records by word, built for many look-ups
        try:
            with path.open("rb") as f:
                if f.read(len(self.header)) == self.header:
                    data = f.read()
                    if not data or data.endswith(b"\n"):
                        self._data = data
        except OSError:  # none yet: read again, written anew
            log.info("pinyin readings at %s not read", path, exc_info=True)

    def readings_of(self, words: list[str]) -> list[list[str] | None]:
        """Each word's reading, or None when the file has none. A few words (a save's new
        ones) are found by a scan of the records: indexing all of them (200,000 at 50k items)
        for a handful of look-ups was a 10 MB peak after every save that brought a new word."""
        if self._index is None and len(words) <= FIND_WORDS:
            return [self._find(w) for w in words]
        if self._index is None:
            try:
                self._index = _Vocabulary(("word",), self._data + self._added)
            except ValueError:  # damaged (not UTF-8): its words read again, the file written anew
                log.info("pinyin readings at %s not read", self.path, exc_info=True)
                self._data = b""
                self._index = _Vocabulary(("word",), bytes(self._added))
        index = self._index
        return [index.reading(n) if n >= 0 else None for n in index.number_of(words)]

    def _find(self, word: str) -> list[str] | None:
        """The word's reading from the file's records, else from those computed since."""
        wanted = word.encode() + b"\t"
        for data in (self._data, self._added):
            at = 0 if data.startswith(wanted) else data.find(b"\n" + wanted) + 1
            if at == 0 and not data.startswith(wanted):
                continue
            try:
                record = bytes(data[at : data.index(b"\n", at)]).decode()
            except ValueError:  # damaged (not UTF-8): its words read again, the file written anew
                log.info("pinyin readings at %s not read", self.path, exc_info=True)
                self._data = b""
                return None
            syllables = record.partition("\t")[2]
            return syllables.split(" ") if syllables else []
        return None

    def add(self, computed: list[tuple[str, list[str]]]) -> None:
        """Readings of words the file does not have (each once: the walk asks for a word's
        reading before computing it)."""
        self._added += b"".join(f"{w}\t{' '.join(s)}\n".encode() for w, s in computed)
        if self._index is not None:
            self._index.add(computed)
        self.changed = self.changed or bool(computed)

    def save(self) -> None:
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            tmp.write_bytes(self.header + self._data + self._added)  # the file's records, then the new
            os.replace(tmp, self.path)  # whole or not at all; another process may write it too
        except OSError:
            log.info("cannot keep pinyin readings at %s", self.path, exc_info=True)
            tmp.unlink(missing_ok=True)


def _terms(reader: Any) -> Iterator[str]:
    """A segment's words, from its postings arrays where they are built (one read of one file:
    whoosh's lexicon walk, a term-file read per word, took 3.4 s of 50k items' 525,000 words)."""
    arrays = postings.opened(reader)
    if arrays is not None:
        yield from arrays.names.decode("utf-8").split("\0") if arrays.names else ()
        return
    for term in reader.lexicon(FIELD):
        yield term.decode() if isinstance(term, bytes) else str(term)


def _indexed(reader: object, token: str) -> bool:
    """A token that is a word of the library as it is (``crm``; ``pricing``, whose stem is
    indexed), or a stop word (``the``: nothing searched, nothing to read)."""
    return all(reader.doc_frequency(FIELD, t) > 0 for t, _s, _e in query_terms(token))  # type: ignore[attr-defined]


def _pypinyin_version() -> str:
    from importlib.metadata import version

    return version("pypinyin")


class PinyinSuggester:
    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self._lock = threading.Lock()
        self._vocabulary = _Vocabulary()
        self._generation = -2
        self._segments: set[str] = set()  # ids of the index segments whose words were read
        self._walking = False  # the index's words being read (``_refresh``)

    def prepare(self) -> None:
        """Read the index's new words now (the background sync calls this, so that a first pinyin
        query does not wait for a large library's words: about 7,000 a second)."""
        with self._lock:
            self._refresh()

    @property
    def ready(self) -> bool:
        """The words of the index as it is now have been read: a pinyin query is read at once
        (until then, while the background sync reads them, it is searched as typed)."""
        return not self._walking and self._generation == self.index.generation()

    def _refresh(self) -> None:
        generation = self.index.generation()
        if generation == self._generation:
            return
        self._walking = True
        try:
            self._walk(generation)
        finally:
            self._walking = False

    def _walk(self, generation: int) -> None:
        known = len(self._vocabulary)  # words read before this refresh
        room = MAX_WORDS - (RESERVED_WORDS if not self._segments else 0) - known
        taken = 0  # words new to the vocabulary met (each once: a word in two segments is one word)

        saved: _ReadingsFile | None = None  # read when a word not read before is met
        with ExitStack() as loaded:
            lazy_pinyin: Callable[..., list[str]] | None = None

            def take(chunk: list[str]) -> bool:
                """Read the chunk's words not read before, each counted once toward the room;
                False once there is no more room. A chunk at a time: the readings of 200,000
                words as Python lists were a 60 MB peak."""
                nonlocal taken, lazy_pinyin, saved
                new: dict[str, None] = {}
                room_left = True
                for word, number in zip(chunk, self._vocabulary.number_of(chunk), strict=True):
                    if number >= 0 or word in new:  # read before, or earlier in this chunk
                        continue
                    taken += 1
                    new[word] = None
                    if taken >= room:
                        room_left = False
                        break
                if new:
                    words = list(new)
                    if saved is None:
                        saved = _ReadingsFile(Path(str(self.index.folder) + SUFFIX))
                    readings, computed = [], []
                    for word, known_reading in zip(words, saved.readings_of(words), strict=True):
                        if known_reading is not None:
                            syllables = known_reading
                        else:
                            if lazy_pinyin is None:
                                lazy_pinyin = loaded.enter_context(_pypinyin())
                            syllables = lazy_pinyin(word, errors="ignore")
                            computed.append((word, syllables))
                        if len(syllables) == len(word):
                            readings.append((word, syllables))
                    saved.add(computed)
                    self._vocabulary.add(readings)
                return room_left

            with self.index.searcher() as s:
                # only the segments not read before: a segment never changes, and after a save the
                # new words are in its small new segment (walking the whole lexicon again took about
                # a second at 10k items, after every save)
                segments: set[str] = set()
                # the newest segments first: when a huge library fills the room, the words left
                # out are those only its oldest items use
                for reader, _offset in reversed(list(s.reader().leaf_readers())):
                    segment = reader.segment()
                    key = segment.segment_id() if segment is not None else None
                    if key is not None:
                        # a segment counts as read once looked at, and once there is no more
                        # room, whether it was or not: its words would not be taken (a segment
                        # left out was walked again at the next save's refresh, 7 s at 50k items)
                        segments.add(key)
                        if key in self._segments:
                            continue
                    if taken >= room:
                        continue
                    chunk: list[str] = []
                    for word in _terms(reader):
                        if _HAN.match(word):
                            chunk.append(word)
                            if len(chunk) >= _CHUNK:
                                if not take(chunk):
                                    break
                                chunk = []
                    else:
                        take(chunk)
                self._segments = segments
        if saved is not None and saved.changed:
            saved.save()
        self._generation = generation
        if lazy_pinyin is not None:
            # the last reference to pypinyin's modules (their function, held here): without
            # dropping it and collecting the modules' reference cycles before the trim, their 50 MB
            # of tables stayed resident (at 50k items, 229 -> 292 MB after reading one save's words)
            lazy_pinyin = None
            gc.collect()
        if saved is not None:
            give_back_memory()  # the readings file read whole, pypinyin's tables dropped

    def suggest(self, text: str, limit: int = 5, initials: bool = True) -> list[str]:
        """Chinese readings of a pinyin query, the library's most used words first; one token
        gives up to ``limit`` options, several tokens one phrase (each token's best reading, or
        the tokens read as one word: ``siyouhua bushu`` -> 私有化部署). Tokens that are not pinyin
        (``SM4``, 部署) or are words of the library (``crm``, ``price``) stay as typed:
        ``guomi SM4`` -> 国密 SM4. Empty when the text has no pinyin, or a pinyin token no word
        of the library reads as. Without ``initials`` only spelt-out pinyin is read (``bj``
        is nothing then: see ``core/search/instead.py``)."""
        query = " ".join(text.split())
        tokens = query.split(" ")
        if len(query) > 60 or len(tokens) > MAX_TOKENS or not any(_PINYIN_TOKEN.match(t.lower()) for t in tokens):
            return []
        # while the library's words are being read (the background sync's walk at a start: 24 s
        # at 50k items) a search does not wait for them: no suggestion this time. Another
        # search's look-up, or a save's few new words (milliseconds), it waits for.
        if self._walking or not self._lock.acquire(timeout=WAIT_S):
            return []
        try:
            self._refresh()
            # no word of the library reads as any token, nor as the tokens run together: nothing
            # to offer, and the index is not asked (a misspelt English word looks like pinyin: it
            # is a few hash look-ups then, not a dictionary look-up in every segment)
            lowered = [t.lower() for t in tokens]
            if not any(_PINYIN_TOKEN.match(t) and self._read_as(t, initials) for t in lowered) and not (
                    len(tokens) > 1 and self._read_as("".join(lowered), initials)):
                return []
            with self.index.searcher() as s:
                reader = s.reader()
                if reader.doc_frequency(FIELD, query.lower().replace(" ", "")) > 0:
                    return []  # an indexed word (crm, sla, erp): not pinyin
                spelt = [bool(_PINYIN_TOKEN.match(t.lower())) and not _indexed(reader, t) for t in tokens]
                if not any(spelt):
                    return []
                readings = [self._readings(reader, t.lower(), initials) if p else [t]
                            for t, p in zip(tokens, spelt, strict=True)]
                joined = (self._readings(reader, query.lower().replace(" ", ""), initials)
                          if len(tokens) > 1 and all(spelt) else [])
        finally:
            self._lock.release()
        if len(readings) == 1:
            return readings[0][:limit]
        if joined:
            return joined[:limit]
        if all(readings):
            return [" ".join(r[0] for r in readings)]
        return []

    def _read_as(self, token: str, by_initials: bool) -> set[str]:
        """The library's words that read as ``token`` (lower case), in full or by initials."""
        full = self._vocabulary.words("full", token)
        if by_initials and 2 <= len(token) <= 6:
            return full | self._vocabulary.words("initials", token)
        return full

    def _readings(self, reader: object, token: str, by_initials: bool = True) -> list[str]:
        full = self._vocabulary.words("full", token)
        initials = self._read_as(token, by_initials) - full

        def frequency(word: str) -> int:
            return int(reader.doc_frequency(FIELD, word))  # type: ignore[attr-defined]

        ranked = sorted(full, key=lambda w: (-frequency(w), w))
        ranked += sorted(initials, key=lambda w: (-frequency(w), w))
        return ranked
