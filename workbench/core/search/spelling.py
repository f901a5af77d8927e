""""Did you mean" from a bounded candidate set computed ahead from the index's own vocabulary.

whoosh's corrector walks the whole term dictionary per query, computing an edit distance for
every term (a one-character typo cost ~800 ms on a vocabulary of tens of thousands of words).
Here each segment's vocabulary is turned once into a symmetric-deletion table: every term is
filed under itself and under each string obtained by deleting up to ``depth`` of its characters
(after the fixed prefix). Two strings within ``depth`` edits (insertions, deletions,
substitutions, adjacent transpositions) share such a string, so a query looks up its own
deletions and gets every term within reach, and a few others that whoosh's own distance then
rules out. Suggestions are the ones whoosh's corrector gives: among the terms within the
distance, the most frequent (each term's frequency is filed with it, so a typo reads nothing
from the index: reading the frequency of every close candidate from the term files was a fifth
of the slowest searches' time).

The table is kept compact: per segment, one sorted array of 32-bit numbers (the low bits of a
deletion's hash above the term's number in the low 20 bits), in buckets by the hash's high bits
(a directory of where each bucket starts), looked up by bisection within the bucket. That is 24
bits of hash in all: a deletion of the query meets, now and then, a term filed under another
deletion with the same 24 bits, which the distance check rules out like any other candidate
(so the suggestions are the same as with a 43-bit hash, at half the memory: at 50k items the
keys were 21 MB as 64-bit numbers). Segments never change once written, so after a save only
the new small segment is read.

The tables are also kept on disk beside the index (``index.spelling/``, a folder per segment,
written whole like the other derived folders and removed with the segment), so that a process
reads them instead of building them: at 50k items the build took 17 s of CPU in every launch of
the app, in a thread that shared the interpreter with the window, the first searches and saves.
The hash they are filed under is therefore the same in every process (CRC-32, not ``hash()``,
which Python seeds at random per process).
"""

from __future__ import annotations

import logging
import shutil
import threading
import zlib
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable
from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.support.levenshtein import distance

from workbench.core.search.derived import (
    Builds,
    give_back_memory,
    in_background,
    now,
    remove_others,
    write_whole,
)
from workbench.core.search.scoring import segment_key

log = logging.getLogger(__name__)

ID_BITS = 20
MAX_TERMS = (1 << ID_BITS) - 1  # terms filed per segment and field (a larger vocabulary: the first ones)
MAX_WORD = 24  # longer words (pasted codes, URLs) are not corrected
BUCKET_BITS = 12  # the hash's high bits: which bucket (a directory of 4,097 starts, 16 KB)
LOW_BITS = 32 - ID_BITS  # the hash's low bits, kept above the term's number in each key
_HASH_MASK = (1 << (BUCKET_BITS + LOW_BITS)) - 1
_LOW_MASK = (1 << LOW_BITS) - 1
_SEGMENTS: OrderedDict[tuple[str, str, int, int, bool], _Table] = OrderedDict()
_PENDING: dict[tuple[str, str, int, int, bool], threading.Event] = {}
_SEGMENT_LIMIT = 32
_lock = threading.Lock()
_warming = Builds()
# The tables did-you-mean asks for: (field, depth, prefix, ASCII words). English words are
# corrected from titles' and tags' unstemmed words ("spell") within 2 edits, the first letter
# kept (rarely the typo); Chinese words from the searchable field's words within 1 edit.
ENGLISH = ("spell", 2, 1, True)
CHINESE = ("content", 1, 0, False)
stats = {"tables_built": 0, "terms_filed": 0, "candidates_checked": 0, "tables_read": 0, "segments_written": 0}
SUFFIX = ".spelling"
LAYOUT = 1  # the tables' hash, bit widths and files: a folder of any other layout is written again


def _deletions(tail: str, depth: int) -> set[str]:
    """``tail`` with up to ``depth`` characters deleted (itself included)."""
    out = {tail}
    level = {tail}
    for _ in range(depth):
        level = {w[:i] + w[i + 1 :] for w in level for i in range(len(w))}
        out |= level
    return out


def _hash(prefix: str, variant: str) -> int:
    """The 24 bits a deletion is filed under: its bucket (high bits), then its key's top bits.
    The same in every process: the tables are read back from disk."""
    return zlib.crc32(f"{prefix}\x00{variant}".encode("utf-8", "surrogatepass")) & _HASH_MASK


class _Table:
    """One segment's terms of one field, filed under their deletions, with each term's
    frequency (what whoosh's corrector ranks by), so a suggestion reads nothing from the index.

    The terms are one string and their ends (``term``), not a list: at 50k items the two fields
    hold about 300,000 terms, 20 MB as ``str`` objects against 3 MB so. The keys are sorted as
    a numpy array, never as a list of Python ints (36 bytes each: a list of a segment's 1.5
    million keys was a 55 MB peak while building)."""

    def __init__(self, terms: list[str], frequencies: array[float], complete: bool, depth: int, prefix: int) -> None:
        self.size = len(terms)
        self.text = "".join(terms)
        self.ends = array("i", accumulate(map(len, terms)))  # 4 bytes: MAX_TERMS words of MAX_WORD + 2
        self.frequencies = frequencies
        self.complete = complete  # False: the vocabulary was cut at MAX_TERMS
        self.folder: str | None = None  # the index it belongs to
        keys = np.fromiter(((_hash(term[:prefix], v) << ID_BITS) | number for number, term in enumerate(terms)
                            for v in _deletions(term[prefix:], depth)), np.int64)
        keys.sort()
        # bucket b's keys are keys[starts[b]:starts[b + 1]]; no temporary of the keys' size is
        # made beside them but the 32-bit one (a segment's 1.5 million keys: 12 MB at int64)
        bounds = np.arange((1 << BUCKET_BITS) + 1, dtype=np.int64) << (ID_BITS + LOW_BITS)
        self.starts = array("q", np.searchsorted(keys, bounds).astype(np.int64).tobytes())
        low = keys.astype(np.uint32)  # the low 32 bits
        del keys
        self.keys = array("I")
        self.keys.frombytes(memoryview(low.data).cast("B"))

    def save(self, path: Path) -> None:
        with open(path, "wb") as out:
            np.savez(out, text=np.frombuffer(self.text.encode("utf-8", "surrogatepass"), np.uint8),
                     ends=np.frombuffer(self.ends, np.int32), frequencies=np.frombuffer(self.frequencies, np.float64),
                     starts=np.frombuffer(self.starts, np.int64), keys=np.frombuffer(self.keys, np.uint32),
                     complete=np.array([self.complete]))

    @classmethod
    def load(cls, path: Path) -> _Table:
        """A table ``save`` wrote; raises (ValueError, OSError, zipfile's errors) when the file is
        not one."""
        table = cls.__new__(cls)
        with np.load(path, allow_pickle=False) as saved:
            table.text = saved["text"].astype(np.uint8).tobytes().decode("utf-8", "surrogatepass")
            table.ends = array("i", saved["ends"].astype(np.int32).tobytes())
            table.frequencies = array("d", saved["frequencies"].astype(np.float64).tobytes())
            table.starts = array("q", saved["starts"].astype(np.int64).tobytes())
            table.keys = array("I", saved["keys"].astype(np.uint32).tobytes())
            table.complete = bool(saved["complete"][0])
        table.size = len(table.ends)
        table.folder = None
        starts = np.frombuffer(table.starts, np.int64)
        if (len(table.frequencies) != table.size or (table.ends[-1] if table.size else 0) != len(table.text)
                or len(starts) != (1 << BUCKET_BITS) + 1 or starts[0] != 0 or starts[-1] != len(table.keys)
                or (np.diff(starts) < 0).any() or ((np.frombuffer(table.keys, np.uint32) & MAX_TERMS) >= table.size).any()):
            raise ValueError(f"{path} is not a whole did-you-mean table")
        return table

    def term(self, number: int) -> str:
        return self.text[self.ends[number - 1] if number else 0 : self.ends[number]]

    def lookup(self, probes: list[tuple[int, int]]) -> dict[str, float]:
        """The terms filed under any of the variants (``probes``: their buckets and first keys),
        with their frequencies in this segment."""
        found: dict[str, float] = {}
        keys, starts = self.keys, self.starts
        for bucket, first in probes:
            end = starts[bucket + 1]
            at = starts[bucket]
            if at == end:
                continue  # an empty bucket (most of a small segment's)
            at = bisect_left(keys, first, at, end)
            after = first + (1 << ID_BITS)  # the keys of the variant's hash are first..after-1
            while at < end and keys[at] < after:
                number = keys[at] & MAX_TERMS
                found[self.term(number)] = self.frequencies[number]
                at += 1
        return found


def _probes(head: str, variants: set[str]) -> list[tuple[int, int]]:
    """Each variant's bucket and the first key filed under it, hashed once for every segment."""
    out = []
    for variant in variants:
        hashed = _hash(head, variant)
        out.append((hashed >> LOW_BITS, (hashed & _LOW_MASK) << ID_BITS))
    return out


def _vocabulary(reader: Any, fieldname: str, ascii_only: bool) -> tuple[list[str], array[float], bool]:
    """The field's terms to file (and their frequencies), and whether that is all of them."""
    fieldobj = reader.schema[fieldname]
    terms: list[str] = []
    frequencies: array[float] = array("d")
    for btext, info in reader.iter_field(fieldname):
        word = fieldobj.from_bytes(btext)
        if len(word) > MAX_WORD + 2 or word.isascii() != ascii_only:
            continue
        if len(terms) >= MAX_TERMS:
            return terms, frequencies, False
        terms.append(word)
        frequencies.append(info.weight())
    return terms, frequencies, True


def _table(reader: Any, fieldname: str, depth: int, prefix: int, ascii_only: bool) -> _Table | None:
    """A segment's table, built once (by whichever thread asks first; the others wait for it)."""
    segment = segment_key(reader)
    if segment is None:
        return None
    key = (segment, fieldname, depth, prefix, ascii_only)
    while True:
        with _lock:
            found = _SEGMENTS.get(key)
            if found is not None:
                _SEGMENTS.move_to_end(key)
                return found
            pending = _PENDING.get(key)
            if pending is None:
                _PENDING[key] = threading.Event()
                break
        pending.wait()
    try:
        table = _read(reader, key)
        built = table is None
        if table is None:
            table = _Table(*_vocabulary(reader, fieldname, ascii_only), depth, prefix)
        table.folder = _folder(reader)
        with _lock:
            stats["tables_built" if built else "tables_read"] += 1
            stats["terms_filed"] += table.size if built else 0
            _SEGMENTS[key] = table
            while len(_SEGMENTS) > _SEGMENT_LIMIT:
                _SEGMENTS.popitem(last=False)
        return table
    finally:
        with _lock:
            _PENDING.pop(key).set()


def _folder(reader: Any) -> str | None:
    folder = getattr(getattr(reader, "_storage", None), "folder", None)
    return str(folder) if folder else None


def _kept_at(reader: Any) -> Path | None:
    """The folder on disk of the segment's tables (None: not an index on disk)."""
    segment, index = segment_key(reader), _folder(reader)
    return Path(index + SUFFIX) / f"{segment}-v{LAYOUT}" if segment is not None and index is not None else None


def _file(key: tuple[str, str, int, int, bool]) -> str:
    _segment, fieldname, depth, prefix, ascii_only = key
    return f"{fieldname}-{depth}-{prefix}-{'ascii' if ascii_only else 'other'}.npz"


def _read(reader: Any, key: tuple[str, str, int, int, bool]) -> _Table | None:
    """The table as kept on disk, or None (not kept; one that cannot be read is removed, and
    built again)."""
    folder = _kept_at(reader)
    if folder is None or not (folder / _file(key)).exists():
        return None
    try:
        table = _Table.load(folder / _file(key))
    except Exception:  # cut short, overwritten, another numpy's file: a cache, built again
        log.warning("did-you-mean table at %s is unreadable; building it again", folder, exc_info=True)
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return table


def _keep(leaf: Any) -> None:
    """Write the segment's tables (built or read by now) to disk, unless they are there."""
    folder = _kept_at(leaf)
    segment = segment_key(leaf)
    if folder is None or segment is None or folder.is_dir():
        return
    with _lock:
        tables = [(key, _SEGMENTS.get(key)) for key in ((segment, *spec) for spec in (ENGLISH, CHINESE))]

    def fill(temporary: Path) -> bool:
        for key, table in tables:
            if table is None:
                return False
            table.save(temporary / _file(key))
        return True

    if write_whole(folder, fill, Path.is_dir):
        stats["segments_written"] += 1


def _remove_others(leaves: list[Any]) -> None:
    """Remove the tables on disk of this index's segments that are not among ``leaves``
    (merged away), and any of another layout."""
    remove_others([f for f in (_kept_at(leaf) for leaf in leaves) if f is not None])


def _drop_merged(leaves: list[Any]) -> None:
    """Forget the tables of this index's segments that are not among ``leaves`` (merged away:
    kept until 32 tables were held, a merge at 50k items left several MB of them behind).
    A searcher still reading one of them builds its table again."""
    folders = {_folder(leaf) for leaf in leaves} - {None}
    current = {segment_key(leaf) for leaf in leaves}
    with _lock:
        for key in [k for k, t in _SEGMENTS.items() if t.folder in folders and k[0] not in current]:
            del _SEGMENTS[key]


def missing(searcher: Any) -> bool:
    """Whether some segment of the searcher has no table yet."""
    with _lock:
        for leaf, _base in searcher.reader().leaf_readers():
            segment = segment_key(leaf)
            if segment is not None and any((segment, *spec) not in _SEGMENTS for spec in (ENGLISH, CHINESE)):
                return True
    return False


def prepare(open_reader: Callable[[], Any], wait: bool = False) -> None:
    """Read (or build, and keep on disk) the tables of every segment of a reader of its own
    (``open_reader``; the warm searcher is not shared across threads), so that the first typo
    finds them ready, and remove those of segments that are gone. Meant for a background
    thread; one at a time, unless ``wait`` (a rebuild's fresh index: done here, before it is
    swapped in, even while the live index's are being made)."""

    def build(leaves: list[Any]) -> None:
        try:
            for leaf in leaves:
                for spec in (ENGLISH, CHINESE):
                    _table(leaf, *spec)
                _keep(leaf)
            _drop_merged(leaves)
            _remove_others(leaves)
        finally:
            give_back_memory()  # building a table sorts 64-bit keys three times its size

    if wait:
        now(open_reader, build, "did-you-mean tables")
    else:
        in_background(_warming, open_reader, build, "did-you-mean tables")


def within_one(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are at most one edit apart (an insertion, a deletion, a
    substitution or a swap of two neighbours): what whoosh's ``distance(a, b, limit=1) <= 1``
    answers, in one pass instead of its table (a Chinese typo's 300-400 candidates, each over
    its full table, were half of "did you mean"'s time)."""
    if len(a) < len(b):
        a, b = b, a
    if len(a) - len(b) > 1:
        return False
    start = 0
    while start < len(b) and a[start] == b[start]:
        start += 1
    if start == len(b):
        return True  # equal, or ``a`` is ``b`` with one more character at the end
    if len(a) != len(b):
        return a[start + 1 :] == b[start:]  # one character more in ``a``, here
    if a[start + 1 :] == b[start + 1 :]:
        return True  # one substitution
    return a[start] == b[start + 1] and a[start + 1] == b[start] and a[start + 2 :] == b[start + 2 :]


def within_two(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are at most two edits apart, as whoosh's ``distance(a, b,
    limit=2) <= 2`` answers (its optimal-string-alignment distance: a swap of neighbours is one
    edit, no character is edited twice), without its table: an English typo's 30-60 candidates
    each over the full table were two thirds of "did you mean"'s time. The common start and end
    are set aside (they change no such distance); the first characters left then differ, so
    the first edit is there (one of them dropped, replaced, or swapped with its neighbour) and
    what is left must be within one edit."""
    if len(a) < len(b):
        a, b = b, a
    if len(a) - len(b) > 2:
        return False
    n = len(b)
    start = 0
    while start < n and a[start] == b[start]:
        start += 1
    if start == n:
        return True  # equal, or ``a`` is ``b`` with one or two more characters at the end
    end = 0
    while end < n - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a, b = a[start : len(a) - end], b[start : n - end]
    if within_one(a[1:], b) or within_one(a, b[1:]) or within_one(a[1:], b[1:]):
        return True
    return len(b) > 1 and a[0] == b[1] and a[1] == b[0] and within_one(a[2:], b[2:])


def _within(a: str, b: str, maxdist: int) -> bool:
    if maxdist == 1:
        return within_one(a, b)
    return within_two(a, b) if maxdist == 2 else distance(a, b, limit=maxdist) <= maxdist


def known(searcher: Any, word: str) -> bool | None:
    """Whether an English (ASCII) word is one "did you mean" corrects to (a word of titles and
    tags, ``ENGLISH``'s field), from the tables ``correct`` reads anyway: a bisection per
    segment, where whoosh's term table reads its file a bucket at a time. None when the tables
    cannot tell (not an English word, a word too long to be filed, a vocabulary cut at
    ``MAX_TERMS``, a segment without a table): then ask the index."""
    field, depth, prefix, _ascii = ENGLISH
    if not word.isascii() or len(word) > MAX_WORD + 2 or len(word) <= prefix:
        return None
    probes = _probes(word[:prefix], {word[prefix:]})
    for leaf, _base in searcher.reader().leaf_readers():
        table = _table(leaf, field, depth, prefix, True)
        if table is None or not table.complete:
            return None
        if word in table.lookup(probes):
            return True
    return False


def correct(searcher: Any, word: str) -> str | None:
    """The closest known word for a word the index has never seen (folded), or None."""
    if word.isascii():
        field, depth, prefix, _ascii = ENGLISH
        return suggest(searcher, field, word, 1 if len(word) <= 4 else 2, prefix, depth)
    field, depth, prefix, _ascii = CHINESE
    return suggest(searcher, field, word, 1, prefix, depth)


def suggest(
    searcher: Any, fieldname: str, word: str, maxdist: int, prefix: int = 0, depth: int | None = None
) -> str | None:
    """The term whoosh's ``searcher.corrector(fieldname).suggest(word, limit=1, maxdist,
    prefix)`` would give, or None. English words (ASCII) are corrected to English terms and
    other words to non-ASCII terms: a Chinese word is not "corrected" into a number. ``depth``:
    the table's (at least ``maxdist``; a deeper table serves smaller distances too)."""
    if len(word) > MAX_WORD or len(word) <= prefix:
        return None
    reader = searcher.reader()
    ascii_only = word.isascii()
    head, tail = word[:prefix], word[prefix:]
    probes = _probes(head, _deletions(tail, maxdist))
    candidates: dict[str, float] = {}
    complete = True
    for leaf, _base in reader.leaf_readers():
        table = _table(leaf, fieldname, max(maxdist, depth or 0), prefix, ascii_only)
        if table is None:  # not a whoosh segment: whoosh's own walk
            options = searcher.corrector(fieldname).suggest(word, limit=1, maxdist=maxdist, prefix=prefix)
            return str(options[0]) if options else None
        complete = complete and table.complete
        # a term's frequency is the sum over the segments holding it (whoosh's MultiReader adds
        # them up segment by segment, in this order: the same float); every segment holding a
        # term within reach files it, unless its vocabulary was cut
        for term, frequency in table.lookup(probes).items():
            candidates[term] = candidates.get(term, 0) + frequency
    candidates.pop(word, None)
    stats["candidates_checked"] += len(candidates)
    close = [t for t in candidates if abs(len(t) - len(word)) <= maxdist and _within(t, word, maxdist)]
    if not close:
        return None
    if not complete:  # a segment's table was cut: frequencies from the index itself
        candidates = {t: reader.frequency(fieldname, t) for t in close}
    # whoosh's corrector scores -(maxdist + 0.5 / frequency) and, asked for one suggestion,
    # keeps the greatest (score, word): the most frequent, ties to the alphabetically last
    return max(close, key=lambda t: (0 - (maxdist + (1.0 / (candidates[t] or 1) * 0.5)), t))


def forget() -> None:
    """Drop every segment's table (tests, and measuring the first use)."""
    with _lock:
        _SEGMENTS.clear()
