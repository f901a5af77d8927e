"""The searchable field's postings decoded once per index segment into flat arrays kept on disk
beside the index: a derived cache, memory-mapped when used, built in the background when missing,
removed when its segment is gone. The index stays a whoosh index; nothing here is ever the only
copy of anything.

whoosh stores postings as zlib-compressed pickles (about 1 us a posting to read), so a word in
20,000 items cost 100-200 ms the first time a process searched for it; from these arrays it is a
slice of a memory-mapped file. The words' positions are kept too, for quoted phrases: whoosh's
position blocks are a pickle per posting inside the block's pickle (reading them was 43 % of the
slowest searches' time), here a phrase check is a few array look-ups. A segment never changes
once written, so a segment's arrays are never stale: they are named after the segment's id.

Layout of ``<index folder>.postings/<segment id>-v<LAYOUT>/`` (little-endian raw arrays, written
a word at a time so building never holds a segment's postings in memory): ``terms`` (the field's
terms, UTF-8, NUL between them, in lexicon order), ``starts.i64`` (where each term's postings
begin, one more than there are terms), ``ids.i32`` (segment document numbers, deleted ones
included), ``tfs.f32`` (term frequencies), ``pstarts.i64`` (where each posting's positions begin,
one more than there are postings) and ``positions.i32`` (word positions, ascending per posting).
A folder of another layout (an older version's) counts as missing: it is removed and rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import io
import logging
import os
import pickle
import shutil
import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterator
from itertools import accumulate, repeat
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher

from workbench.core.search.derived import Builds, in_background, temporary_beside, write_whole
from workbench.core.search.scoring import segment_key

log = logging.getLogger(__name__)
SUFFIX = ".postings"
LAYOUT = 2  # 2: positions added; a folder of any other layout is rebuilt
_SEGMENT_LIMIT = 16
# A segment of fewer documents gets no arrays: its words are decoded from whoosh's postings when
# first used (at most this many postings a word). The newest segments are that small, and an idle
# merge writes one again after nearly every save: building its arrays took ~100 ms of CPU a save
# at 10k items (a whoosh posting reader opened for each of its thousands of words), in a thread
# that slowed the next save's commit (save -> findable 150-300 ms instead of 50-80 ms).
MIN_DOCS = 64
MARK_EVERY = 16  # every 16th term kept apart for the bisection (see _Segment)
# The large segments at the front of the index (a rebuild's, JOIN_FROM documents or more each, two
# or more of them) are also joined into one folder of arrays of the same layout, named after their
# ids (``joined_name``), in which a word is one bisection and three reads instead of that per
# segment. A rebuild at 50,000 items writes seven segments (each writer's postings are bounded in
# memory); an English query of a few words spent half its ranking time looking words up segment
# by segment (English p50 1.18 -> 0.87 ms with a one-segment index of the same items). Documents
# are numbered in the joined arrays as in the index (the run starts at document 0). Segments
# that follow the run (saves', imports') are looked up on their own; the run changes only when
# a rebuild or a merge replaces one of its segments, and then the joined folder is written again
# in the background (until then each segment's own arrays serve).
JOIN_FROM = 1000
JOINED = "joined"
_JOIN_BATCH = 1 << 18  # postings joined at a time (about 15 MB of arrays while joining)
_preadv = getattr(os, "preadv", None)  # POSIX; Windows reads under a lock with a seek
_LOADED: OrderedDict[str, _Segment] = OrderedDict()
_lock = threading.Lock()
_building = Builds()
stats = {"segments_built": 0, "lookups": 0, "position_lookups": 0, "joined": 0}
_INT_SIZE = 4  # whoosh's Positions value: a 4-byte count, then the pickled list of deltas

Docs = npt.NDArray[np.int32]
Freqs = npt.NDArray[np.float32]
_DTYPES = {"starts": "<i8", "ids": "<i4", "tfs": "<f4", "pstarts": "<i8", "positions": "<i4"}
_FILES = {"starts": "starts.i64", "ids": "ids.i32", "tfs": "tfs.f32", "pstarts": "pstarts.i64",
          "positions": "positions.i32"}
_CODES = {"starts": "q", "ids": "l", "tfs": "f", "pstarts": "q", "positions": "l"}  # Python arrays while building
_DONE = "terms"  # a folder is renamed into place whole: one holding its terms is complete


def folder_name(segment: str) -> str:
    return f"{segment}-v{LAYOUT}"


class _Segment:
    """A segment's arrays, read by plain reads of the slices a look-up needs, never memory-mapped:
    pages of a mapping count in the process's resident set for as long as it stays mapped (at 50k
    items, 400 queries left 73 MB of mapped postings resident), pages read through the page cache
    do not. The terms stay as the file's bytes, found by bisection (they are in lexicon order,
    which is the order of their UTF-8 bytes): a dict of 225,000 terms at 50k items took 29 MB.
    Every MARK_EVERY-th term is kept as its own bytes, so that the bisection is a C bisection of
    those and four Python steps instead of seventeen (20 us a word a segment, a third of a
    pasted paragraph's time at 50k items); 75,000 terms keep 4,700 marks, ~200 KB."""

    def __init__(self, folder: Path) -> None:
        self.base = folder.parent  # the index's postings folder
        self.name = folder.name
        self.names = (folder / "terms").read_bytes()
        ends = np.flatnonzero(np.frombuffer(self.names, np.uint8) == 0)
        # term n is names[firsts[n]:firsts[n + 1] - 1]
        wide = np.int64 if len(self.names) >= 2**31 - 1 else np.int32
        self.firsts = np.concatenate([[0], ends + 1, [len(self.names) + 1]]).astype(wide) if self.names \
            else np.zeros(1, wide)
        self._starts = self.firsts.data  # the same, read as Python ints (numpy's scalars cost more)
        self.count = len(self.firsts) - 1  # terms
        self._marks = [self._term(n) for n in range(0, self.count, MARK_EVERY)]
        self._files = {name: io.FileIO(folder / file, "rb") for name, file in _FILES.items()}
        self._lock = threading.Lock()

    def __del__(self) -> None:
        for f in getattr(self, "_files", {}).values():
            f.close()

    def _term(self, n: int) -> bytes:
        starts = self._starts
        return self.names[starts[n] : starts[n + 1] - 1]

    def _number(self, word: str) -> int | None:
        wanted = word.encode("utf-8")
        # marks[j - 1] < wanted <= marks[j]: the first term not below it is in (EVERY*(j-1), EVERY*j]
        j = bisect_left(self._marks, wanted)
        if j < len(self._marks) and self._marks[j] == wanted:
            return j * MARK_EVERY
        names, starts = self.names, self._starts
        lo, hi = (j - 1) * MARK_EVERY + 1 if j else 0, min(j * MARK_EVERY, self.count)
        while lo < hi:  # term n is names[starts[n]:starts[n + 1] - 1]
            mid = (lo + hi) // 2
            if names[starts[mid] : starts[mid + 1] - 1] < wanted:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < self.count and names[starts[lo] : starts[lo + 1] - 1] == wanted else None

    def _read(self, name: str, lo: int, hi: int) -> npt.NDArray[Any]:
        """Values ``[lo, hi)`` of one array."""
        out = np.empty(max(hi - lo, 0), dtype=_DTYPES[name])
        if not len(out):
            return out
        size = out.nbytes
        f = self._files[name]
        if _preadv is not None:  # one call at an offset: no seek, so no lock between threads
            got = _preadv(f.fileno(), [memoryview(out.data).cast("B")], lo * out.itemsize)
        else:
            with self._lock:
                f.seek(lo * out.itemsize)
                got = f.readinto(memoryview(out.data).cast("B"))
        if got != size:
            raise OSError(f"postings array {name} ends before its values")
        return out

    def _span(self, word: str) -> tuple[int, int] | None:
        number = self._number(word)
        if number is None:
            return None
        lo, hi = self._read("starts", number, number + 2).tolist()
        return int(lo), int(hi)

    def get(self, word: str) -> tuple[Docs, Freqs] | None:
        span = self._span(word)
        if span is None:
            return None
        lo, hi = span
        return np.asarray(self._read("ids", lo, hi), np.int32), np.asarray(self._read("tfs", lo, hi), np.float32)

    def word_positions(self, word: str) -> WordPositions:
        """Every posting of ``word`` with its positions, read whole (three reads), for the
        candidates of a phrase to be picked from batch after batch without reading again."""
        stats["position_lookups"] += 1
        span = self._span(word)
        if span is None:
            return WordPositions(np.zeros(0, np.int32), np.zeros(1, np.int64), np.zeros(0, np.int32))
        lo, hi = span
        starts = np.asarray(self._read("pstarts", lo, hi + 1), np.int64)
        first = int(starts[0])
        return WordPositions(np.asarray(self._read("ids", lo, hi), np.int32), starts - first,
                             np.asarray(self._read("positions", first, int(starts[-1])), np.int32))


class WordPositions(NamedTuple):
    """One word's postings in one segment: segment document numbers (ascending, deleted ones
    included), where each posting's positions begin in ``positions`` (one more than there are
    postings) and the positions (ascending per posting)."""

    ids: Docs
    starts: npt.NDArray[np.int64]
    positions: npt.NDArray[np.int32]

    def occurrences(self, wanted: Docs) -> tuple[Docs, npt.NDArray[np.int32]]:
        """(document, position) of every occurrence in the ``wanted`` segment documents
        (ascending, distinct), by document then position."""
        ids = self.ids
        if not len(ids) or not len(wanted):
            return np.zeros(0, np.int32), np.zeros(0, np.int32)
        at = np.searchsorted(ids, wanted)
        np.minimum(at, len(ids) - 1, out=at)
        held = ids[at] == wanted
        posting = at[held]  # within the word's postings
        begin = self.starts[posting]
        counts = self.starts[posting + 1] - begin
        total = int(counts.sum())
        if not total:
            return np.zeros(0, np.int32), np.zeros(0, np.int32)
        # the positions of each found posting, one run after another
        runs = np.repeat(begin - (np.cumsum(counts) - counts), counts) + np.arange(total, dtype=np.int64)
        return np.repeat(wanted[held], counts), self.positions[runs]


def cache_folder(reader: Any) -> Path | None:
    """Where a segment reader's index keeps its postings arrays (None: not an index on disk)."""
    storage = getattr(reader, "_storage", None)
    folder = getattr(storage, "folder", None)
    return Path(str(folder) + SUFFIX) if folder else None


def _complete(folder: Path) -> bool:
    return (folder / _DONE).exists()


def _small(reader: Any) -> bool:
    """Whether the segment is too small to have arrays (``MIN_DOCS``)."""
    return int(reader.doc_count_all()) < MIN_DOCS


def _segment(reader: Any, segment: str | None = None) -> _Segment | None:
    """The segment's opened arrays, or None when they are not built or the segment is too small
    to have them (``segment``: the reader's segment id, when the caller has it)."""
    if segment is None:
        segment = segment_key(reader)
    if segment is None or _small(reader):
        return None
    return _loaded(segment, lambda: cache_folder(reader), folder_name(segment))


def _loaded(key: str, base_of: Callable[[], Path | None], name: str) -> _Segment | None:
    """The arrays kept under ``key`` in ``_LOADED``, else those of the folder ``name`` in
    ``base_of()`` opened and kept; None when that folder is not complete (or unreadable)."""
    with _lock:  # looked up before the folder's path is built: a phrase check asks once a word
        found = _LOADED.get(key)
        if found is not None:
            _LOADED.move_to_end(key)
            return found
    base = base_of()
    if base is None:
        return None
    folder = base / name
    if not _complete(folder):
        return None
    try:
        found = _Segment(folder)
    except (OSError, ValueError):
        log.warning("postings arrays at %s are unreadable; words are looked up without them", folder, exc_info=True)
        return None
    with _lock:
        _LOADED[key] = found
        while len(_LOADED) > _SEGMENT_LIMIT:
            _LOADED.popitem(last=False)
    return found


class Part(NamedTuple):
    """Where a run of a reader's documents, from ``base`` on, has its words: one segment's
    ``reader`` (its own arrays looked up by ``lookup``, when built), or, with no reader, the
    joined ``arrays`` of the large segments at the front of the index. ``segment``: the
    segment's id, or the joined folder's name."""

    reader: Any  # None for the joined arrays
    arrays: _Segment | None
    base: int
    segment: str | None


_PARTS = "_workbench_postings_parts"


def _run(leaves: list[tuple[Any, int]]) -> list[str]:
    """The ids of the segments to join: the large ones at the front (``JOIN_FROM``), when two or
    more."""
    run: list[str] = []
    for leaf, _base in leaves:
        segment = segment_key(leaf)
        if segment is None or int(leaf.doc_count_all()) < max(JOIN_FROM, MIN_DOCS):
            break
        run.append(segment)
    return run if len(run) > 1 else []


def joined_name(segments: list[str]) -> str:
    """The joined folder of these segments (in the reader's order): their ids in its name."""
    digest = hashlib.sha1("\n".join(segments).encode("utf-8")).hexdigest()[:20]
    return f"{JOINED}-{digest}-v{LAYOUT}"


def _opened_joined(leaves: list[tuple[Any, int]], run: list[str]) -> _Segment | None:
    if not run:
        return None
    name = joined_name(run)
    return _loaded(name, lambda: cache_folder(leaves[0][0]), name)


def parts(reader: Any) -> list[Part]:
    """The reader's documents in parts to look words up in: the joined arrays of its large
    segments at the front when written, then every other segment (all of them when not). Kept
    on the reader (an index version's: its segments do not change) until this process joins
    segments again."""
    kept: tuple[int, list[Part]] | None = getattr(reader, _PARTS, None)
    if kept is not None and kept[0] == stats["joined"]:
        return kept[1]
    leaves = list(reader.leaf_readers())
    run = _run(leaves)
    joined = _opened_joined(leaves, run)
    covered = len(run) if joined is not None else 0
    out = [Part(None, joined, 0, joined.name)] if joined is not None else []
    out += [Part(leaf, None, base, segment_key(leaf)) for leaf, base in leaves[covered:]]
    # found again once this process has joined segments (the background job after a search)
    with contextlib.suppress(AttributeError):
        setattr(reader, _PARTS, (stats["joined"], out))
    return out


def forget_parts(reader: Any) -> None:
    """Drop the parts kept on the reader (``parts`` looks again)."""
    with contextlib.suppress(AttributeError):
        delattr(reader, _PARTS)


def joined_lookup(arrays: _Segment, word: str) -> tuple[Docs, Freqs]:
    """A word's (document numbers, term frequencies) from opened arrays (joined ones, or a
    segment's: ``lookup``)."""
    stats["lookups"] += 1
    got = arrays.get(word)
    return got if got is not None else (np.zeros(0, np.int32), np.zeros(0, np.float32))


def joined_frequency(arrays: _Segment, word: str) -> int:
    """How many documents of opened arrays (joined ones, or a segment's) hold ``word`` (deleted
    ones included)."""
    span = arrays._span(word)
    return 0 if span is None else span[1] - span[0]


def join_due(reader: Any) -> bool:
    """Whether the reader's large segments are to be joined and are not yet."""
    return _join_due(list(reader.leaf_readers())) is not None


def _join_due(leaves: list[tuple[Any, int]]) -> Path | None:
    """The joined folder the reader's large segments are to have and do not (None: none due).
    It is written from their own arrays (``_join_sources``), so not before those are."""
    run = _run(leaves)
    base = cache_folder(leaves[0][0]) if run else None
    if base is None:
        return None
    folder = base / joined_name(run)
    if _complete(folder):
        return None
    return folder


def _join_sources(run: list[tuple[Any, int]]) -> list[tuple[_Segment, int]] | None:
    """The run's segments' own arrays, each with its first document's number; None when one is
    not built."""
    out = []
    for leaf, base in run:
        arrays = _segment(leaf)
        if arrays is None:
            return None
        out.append((arrays, base))
    return out


def _numbered(leaves: list[Any]) -> list[tuple[Any, int]]:
    """Segment readers with their first document's number in the index, as whoosh numbers them."""
    out, at = [], 0
    for leaf in leaves:
        out.append((leaf, at))
        at += int(leaf.doc_count_all())
    return out


def join(reader: Any) -> bool:
    """Write the joined arrays of the reader's large segments when due and their own arrays are
    built; True when written here."""
    return _join_leaves(list(reader.leaf_readers()))


def _join_leaves(leaves: list[tuple[Any, int]]) -> bool:
    folder = _join_due(leaves)
    sources = _join_sources(leaves[: len(_run(leaves))]) if folder is not None else None
    if folder is None or sources is None:
        return False
    written = write_whole(folder, lambda temporary: _write_joined(sources, temporary), _complete)
    if written:
        stats["joined"] += 1
        names = {arrays.name for arrays, _base in sources}
        with _lock:  # searches read the joined arrays now: the segments' own (~1 MB of terms each) can go
            for key in [k for k, found in _LOADED.items() if found.name in names]:
                del _LOADED[key]
    return written


def _write_joined(sources: list[tuple[_Segment, int]], temporary: Path) -> bool:
    """The joined arrays of ``sources`` (each segment's arrays and its first document's number,
    in the reader's order) into ``temporary``: the union of their terms in lexicon order, each
    term's postings segment after segment (so ascending), a batch of terms at a time. Memory
    stays bounded: the terms are merged as they stream from the segments' term files (a list of
    every segment's terms as ``bytes`` was a 160 MB peak at 50,000 items), and at most
    ``_JOIN_BATCH`` postings are in memory at once."""
    maps = [array("q") for _ in sources]  # each segment's terms' numbers among the joined ones
    count = 0
    with open(temporary / _DONE, "wb") as out:
        last: bytes | None = None
        streams = [zip(map(seg._term, range(seg.count)), repeat(i)) for i, (seg, _base) in enumerate(sources)]
        for term, i in heapq.merge(*streams):
            if term != last:
                if last is not None:
                    out.write(b"\0")
                out.write(term)
                last = term
                count += 1
            maps[i].append(count - 1)
    mapped_all = [np.frombuffer(m, np.int64) if len(m) else np.zeros(0, np.int64) for m in maps]
    starts = [np.asarray(seg._read("starts", 0, seg.count + 1), np.int64) for seg, _base in sources]
    totals = np.zeros(count, np.int64)
    for mapped, begins in zip(mapped_all, starts, strict=True):
        totals[mapped] += np.diff(begins)  # a segment holds each term once
    ends = np.cumsum(totals)
    del totals
    files = {name: open(temporary / file, "wb") for name, file in _FILES.items()}  # noqa: SIM115
    try:
        files["starts"].write(np.concatenate(([0], ends)).astype("<i8").tobytes())
        files["pstarts"].write(np.zeros(1, "<i8").tobytes())
        written = 0  # positions
        lo = 0
        while lo < count:
            done = int(ends[lo - 1]) if lo else 0
            hi = min(count, max(lo + 1, int(np.searchsorted(ends, done + _JOIN_BATCH, side="right"))))
            terms, ids, tfs, sizes, positions = [], [], [], [], []
            for (seg, base), mapped, begins in zip(sources, mapped_all, starts, strict=True):
                a, b = (int(x) for x in np.searchsorted(mapped, [lo, hi]))
                if a == b:
                    continue
                first, after = int(begins[a]), int(begins[b])
                terms.append(np.repeat(mapped[a:b], np.diff(begins[a : b + 1])))
                ids.append(np.asarray(seg._read("ids", first, after), np.int32) + np.int32(base))
                tfs.append(seg._read("tfs", first, after))
                pstarts = np.asarray(seg._read("pstarts", first, after + 1), np.int64)
                sizes.append(np.diff(pstarts))
                positions.append(seg._read("positions", int(pstarts[0]), int(pstarts[-1])))
            order = np.argsort(np.concatenate(terms), kind="stable")  # by term, segment after segment
            files["ids"].write(np.concatenate(ids)[order].astype("<i4").tobytes())
            files["tfs"].write(np.concatenate(tfs)[order].astype("<f4").tobytes())
            size = np.concatenate(sizes)
            begin = (np.cumsum(size) - size)[order]  # where each posting's positions are in the batch's
            size = size[order]
            total = int(size.sum())
            runs = np.repeat(begin - (np.cumsum(size) - size), size) + np.arange(total, dtype=np.int64)
            files["positions"].write(np.concatenate(positions)[runs].astype("<i4").tobytes())
            files["pstarts"].write((written + np.cumsum(size)).astype("<i8").tobytes())
            written += total
            lo = hi
    finally:
        for f in files.values():
            f.close()
    return True


def lookup(reader: Any, word: str, segment: str | None = None) -> tuple[Docs, Freqs] | None:
    """A word's (segment document numbers, term frequencies) from the segment's arrays, or None
    when they are not built (the caller decodes whoosh's postings, as before); ``segment``: the
    reader's segment id, when the caller has it."""
    found = _segment(reader, segment)
    return None if found is None else joined_lookup(found, word)


def doc_frequency(reader: Any, word: str) -> int | None:
    """How many documents of the segment hold ``word`` (deleted ones included, as whoosh's own
    count is), from its arrays, or None when they are not built. A word the segment does not
    have costs a bisection in memory, where whoosh's hash table costs a few reads of its term
    file (~40 us a segment): "did you mean" asks about every word of a typo in every segment."""
    found = _segment(reader)
    return None if found is None else joined_frequency(found, word)


def opened(reader: Any) -> _Segment | None:
    """The segment's arrays opened (``word_positions`` reads a word's), or None when they are not
    built."""
    return _segment(reader)


def missing(searcher: Any) -> bool:
    """Whether some segment of the searcher has no arrays on disk yet (``MIN_DOCS`` aside), or
    its large segments are not joined yet."""
    reader = searcher.reader()
    return missing_in(reader) or _join_due(list(reader.leaf_readers())) is not None


def missing_in(reader: Any) -> bool:
    """Whether some segment of the reader has no arrays on disk yet (``MIN_DOCS`` aside)."""
    for leaf, _base in reader.leaf_readers():
        segment, base = segment_key(leaf), cache_folder(leaf)
        if segment is not None and base is not None and not _small(leaf) \
                and not _complete(base / folder_name(segment)):
            return True
    return False


def blocks(matcher: Any) -> Iterator[tuple[npt.NDArray[np.int64], Freqs]]:
    """(ids, term frequencies) block by block from whoosh's W3 posting reader, the stored
    deltas summed by numpy; the generic one-posting-at-a-time walk costs ~3 us a
    posting."""
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        raw_ids, raw_weights = matcher._data[0], matcher._data[1]
        ids = np.asarray(raw_ids, np.int64)
        if not matcher._byteids:
            ids = np.cumsum(ids)  # stored as differences from the previous id of the block
        count = len(ids)
        if raw_weights is None:
            weights = np.ones(count, np.float32)
        elif isinstance(raw_weights, float):
            weights = np.full(count, raw_weights, np.float32)
        else:
            weights = np.asarray(raw_weights, np.float32)
        yield ids, weights
        matcher._next_block()


class _Writer:
    """A segment's arrays written to files as they come, a few hundred thousand values at a time.
    Most words have one small block: per-block numpy calls cost more than the block, so values
    are gathered in Python arrays and converted once per flush."""

    FLUSH = 1 << 18

    def __init__(self, folder: Path) -> None:
        self.files = {name: open(folder / file, "wb") for name, file in _FILES.items()}  # noqa: SIM115
        self.buffers: dict[str, array[Any]] = {name: array(code) for name, code in _CODES.items()}

    def flush(self, name: str) -> None:
        buffer = self.buffers[name]
        if buffer:
            self.files[name].write(np.asarray(buffer, _DTYPES[name]).tobytes())
            self.buffers[name] = array(_CODES[name])

    def flush_full(self) -> None:
        for name, buffer in self.buffers.items():
            if len(buffer) >= self.FLUSH:
                self.flush(name)

    def close(self) -> None:
        for name, f in self.files.items():
            try:
                self.flush(name)
            finally:
                f.close()


def _matchers(reader: Any, fieldname: str) -> Iterator[tuple[str, Any]]:
    """(word, whoosh's posting reader) for every term of the field, deleted documents included,
    each opened from the term info the walk of the term file already read."""
    fieldobj = reader.schema[fieldname]
    fmt = fieldobj.format
    terms = getattr(reader, "_terms", None)
    codec, postfile = getattr(terms, "_codec", None), getattr(terms, "_postfile", None)
    for btext, info in reader.iter_field(fieldname):
        word = fieldobj.from_bytes(btext)
        if codec is not None and postfile is not None:
            yield word, codec.postings_reader(postfile, info, fmt, term=(fieldname, btext))
        else:
            matcher = reader.postings(fieldname, word)
            yield word, matcher.child if isinstance(matcher, FilterMatcher) else matcher


def _position_lists(fmt: Any) -> Callable[[bytes], list[int]]:
    """A posting's value to its list of position differences (whoosh's Positions value is a
    4-byte count and a pickled list of differences), or, for another format, to its positions
    already summed (``summed`` then tells)."""
    if type(fmt) is Positions:
        return lambda v: pickle.loads(v[_INT_SIZE:] if v[-1:] == b"." else v[_INT_SIZE:] + b".")
    decode: Callable[[bytes], list[int]] = fmt.decode_positions
    return decode


def _add_block(out: _Writer, matcher: Any, decode: Callable[[bytes], list[int]] | None, summed: bool,
               positions_total: int) -> int:
    """One block's postings (and positions, with ``decode``) to the buffers; the new number of
    positions written."""
    if matcher._data is None:
        matcher._read_data()
    raw_ids, raw_weights = matcher._data[0], matcher._data[1]
    count = len(raw_ids)
    b = out.buffers
    b["ids"].extend(raw_ids if matcher._byteids else accumulate(raw_ids))  # stored as differences
    if raw_weights is None:
        b["tfs"].extend(repeat(1.0, count))
    elif isinstance(raw_weights, float):
        b["tfs"].extend(repeat(raw_weights, count))
    else:
        b["tfs"].extend(raw_weights)
    pstarts = b["pstarts"]
    if decode is None:
        pstarts.extend(repeat(positions_total, count))
        return positions_total
    matcher._read_values()
    positions = b["positions"]
    for value in matcher._values:
        found = decode(value)
        positions.extend(found if summed else accumulate(found))
        positions_total += len(found)
        pstarts.append(positions_total)
    return positions_total


class ChunkArrays(NamedTuple):
    """A run of one field's terms, decoded where a segment's terms are encoded (a worker of the
    rebuild, ``segment_writer.encode_chunk``) for ``SegmentArrays``: little-endian bytes of the
    postings per term (int64), the document numbers (int32), the term frequencies (float32),
    the positions per posting (int64) and the positions (int32)."""

    counts: bytes
    ids: bytes
    tfs: bytes
    sizes: bytes
    positions: bytes


def decode_chunk(docs: npt.NDArray[Any], weights: npt.NDArray[Any], values: bytes, ends: list[int],
                 bounds: list[int]) -> ChunkArrays:
    """The arrays of the terms whose postings are ``[bounds[0], bounds[-1])`` of the chunk's
    (documents, weights, whoosh ``Positions`` values ending at ``ends``): what ``_build`` reads
    back from the written segment, without reading it."""
    lo, hi = bounds[0], bounds[-1]
    decode = _position_lists(Positions())
    positions: array[int] = array("l")
    sizes: array[int] = array("q")
    for i in range(lo, hi):
        value = values[(ends[i - 1] if i else 0) : ends[i]]
        found = decode(value) if value else []
        positions.extend(accumulate(found))  # stored as differences
        sizes.append(len(found))
    return ChunkArrays(np.diff(np.asarray(bounds, "<i8")).tobytes(), np.asarray(docs[lo:hi], "<i4").tobytes(),
                       np.asarray(weights[lo:hi], "<f4").tobytes(), np.asarray(sizes, "<i8").tobytes(),
                       np.asarray(positions, "<i4").tobytes())


class SegmentArrays:
    """A segment's arrays written while the segment itself is written (``CompactPool.write``),
    from the chunks the rebuild's workers decoded, instead of decoding the written segment
    again afterwards (at 10,000 items 4.2 s of CPU and two spawned processes, at 50,000 about
    64 s). Files go to a temporary folder renamed into place whole by ``finish``, as ``_build``'s
    do; the files are the same, byte for byte."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.temporary = temporary_beside(folder)
        self.files = {name: open(self.temporary / file, "wb") for name, file in _FILES.items()}  # noqa: SIM115
        # the words written as they come, not held until the end: the folder is complete only
        # once renamed into place
        self.files[_DONE] = open(self.temporary / _DONE, "wb")  # noqa: SIM115
        self.words = 0
        self.postings = 0  # written so far: where the next term's postings begin
        self.positions = 0
        self.usable = True
        self.files["starts"].write(np.zeros(1, "<i8").tobytes())
        self.files["pstarts"].write(np.zeros(1, "<i8").tobytes())

    def add(self, words: list[str], arrays: ChunkArrays) -> None:
        """The next terms (in lexicon order) with their decoded postings."""
        if not self.usable:
            return
        if any("\x00" in word for word in words):  # the terms file separates words by NUL
            self.usable = False
            return
        if words:
            self.files[_DONE].write(("\x00" if self.words else "").encode() + "\x00".join(words).encode("utf-8"))
            self.words += len(words)
        starts = np.cumsum(np.frombuffer(arrays.counts, "<i8")) + self.postings
        pstarts = np.cumsum(np.frombuffer(arrays.sizes, "<i8")) + self.positions
        if len(starts):
            self.postings = int(starts[-1])
        if len(pstarts):
            self.positions = int(pstarts[-1])
        f = self.files
        f["starts"].write(starts.astype("<i8").tobytes())
        f["ids"].write(arrays.ids)
        f["tfs"].write(arrays.tfs)
        f["pstarts"].write(pstarts.astype("<i8").tobytes())
        f["positions"].write(arrays.positions)

    def finish(self) -> bool:
        """Rename the folder into place; False when it could not be written (``_build`` makes it
        later then, as for any segment without arrays)."""
        try:
            self._close()
            if not self.usable:
                return False
            os.replace(self.temporary, self.folder)
            return True
        except OSError:
            log.warning("postings arrays of %s not written with the segment", self.folder, exc_info=True)
            return _complete(self.folder)
        finally:
            shutil.rmtree(self.temporary, ignore_errors=True)

    def abandon(self) -> None:
        self._close()
        shutil.rmtree(self.temporary, ignore_errors=True)

    def _close(self) -> None:
        for f in self.files.values():
            f.close()


def arrays_for(writer: Any, fieldname: str) -> SegmentArrays | None:
    """Where a segment writer (whoosh's ``SegmentWriter``) about to write its segment can write
    the segment's arrays of ``fieldname`` as it goes: None when the segment gets none
    (``MIN_DOCS``), the field's positions are not whoosh's ``Positions`` or the index is not
    in a folder."""
    folder = getattr(writer.storage, "folder", None)
    field = writer.schema[fieldname] if fieldname in writer.schema.names() else None
    if folder is None or field is None or type(field.format) is not Positions or writer.doc_count() < MIN_DOCS:
        return None
    try:
        return SegmentArrays(Path(f"{folder}{SUFFIX}") / folder_name(str(writer.newsegment.segment_id())))
    except OSError:
        log.warning("cannot write postings arrays beside %s", folder, exc_info=True)
        return None


def _build(reader: Any, fieldname: str, folder: Path) -> bool:
    fmt = reader.schema[fieldname].format
    decode = _position_lists(fmt) if fmt.supports("positions") else None
    summed = type(fmt) is not Positions

    def fill(temporary: Path) -> bool:
        terms: list[str] = []
        positions_total = 0
        out = _Writer(temporary)
        try:
            out.buffers["starts"].append(0)
            out.buffers["pstarts"].append(0)
            total = 0
            for word, matcher in _matchers(reader, fieldname):
                if not isinstance(matcher, W3LeafMatcher) or "\x00" in word:
                    return False
                while matcher.is_active():
                    total += matcher._blocklength
                    positions_total = _add_block(out, matcher, decode, summed, positions_total)
                    matcher._next_block()
                terms.append(word)
                out.buffers["starts"].append(total)
                out.flush_full()
        finally:
            out.close()
        (temporary / "terms").write_bytes("\x00".join(terms).encode("utf-8"))
        return True

    return write_whole(folder, fill, _complete)


def prepare(open_reader: Callable[[], Any], fieldname: str, part: int = 0, parts: int = 1) -> None:
    """Build the arrays of every segment of a reader of its own that has none (``MIN_DOCS``
    aside), and remove those of segments that are gone (and any of another layout). Meant for a
    background thread; one at a time. With ``parts``, only every ``parts``-th segment from the
    ``part``-th (0-based) is built, and only part 0 removes anything: a rebuild's processes share
    the segments out."""

    def build(leaves: list[Any]) -> None:
        bases = {cache_folder(leaf) for leaf in leaves} - {None}
        current = {folder_name(str(segment_key(leaf))) for leaf in leaves}
        for leaf in leaves[part::parts]:
            segment, base = segment_key(leaf), cache_folder(leaf)
            if segment is None or base is None or _small(leaf) or _complete(base / folder_name(segment)):
                continue
            if _build(leaf, fieldname, base / folder_name(segment)):
                stats["segments_built"] += 1
        if part:
            return
        numbered = _numbered(leaves)
        run = _run(numbered)
        if run:
            current.add(joined_name(run))
            if parts == 1:  # with parts, the others may still be building theirs (derive joins them)
                _join_leaves(numbered)
        for base in bases:
            assert base is not None
            for old in base.iterdir() if base.exists() else ():
                if old.name not in current and not old.name.endswith(".tmp"):
                    shutil.rmtree(old, ignore_errors=True)  # merged away, or an older layout
        with _lock:  # merged away: their terms no longer held (a searcher still on one reopens it)
            for segment in [s for s, found in _LOADED.items() if found.base in bases and found.name not in current]:
                del _LOADED[segment]

    in_background(_building, open_reader, build, "postings arrays")


def forget() -> None:
    """Drop the opened arrays (the files stay)."""
    with _lock:
        _LOADED.clear()
