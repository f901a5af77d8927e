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

The large segments' English tables are also joined into one (``_Table.joined``: their
vocabularies united, each term's frequencies summed, its deletions filed once; ``JOINED_SPECS``),
kept in memory in place of theirs: a typo then looks its deletions up once instead of once per
segment (at 50k items, 7 segments: "did you mean" for a misspelt English word 0.13 -> 0.04 ms,
and the keys 6 MB -> 1 MB, a word being filed in most segments). Segments below ``JOIN_FROM`` documents (a save's, an
import batch's) are looked up on their own until a merge folds them into a large one, so a save
does not join the tables again. The joined table is kept on disk too
(``index.spelling/joined-<their segments' digest>/``) and a launch reads it instead of the large
segments' own.

The tables are also kept on disk beside the index (``index.spelling/``, a folder per segment,
written whole like the other derived folders and removed with the segment), so that a process
reads them instead of building them: at 50k items the build took 17 s of CPU in every launch of
the app, in a thread that shared the interpreter with the window, the first searches and saves.
The hash they are filed under is therefore the same in every process (CRC-32, not ``hash()``,
which Python seeds at random per process).
"""

from __future__ import annotations

import hashlib
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
# the joined table of an index's large segments, per index folder and table spec (the tables
# the joined one replaces are dropped from _SEGMENTS; they are read back from disk if a searcher
# of an older version asks)
_JOINED: dict[tuple[str | None, tuple[str, int, int, bool]], _Table] = {}
JOIN_FROM = 1000  # documents: a segment this large is joined; smaller ones are looked up apart
# (index folder, segments) whose vocabulary is too large to join: not tried again on every search
_UNJOINABLE: set[tuple[str | None, frozenset[str]]] = set()
_lock = threading.Lock()
_warming = Builds()
# The tables did-you-mean asks for: (field, depth, prefix, ASCII words). English words are
# corrected from titles' and tags' unstemmed words ("spell") within 2 edits, the first letter
# kept (rarely the typo); Chinese words from the searchable field's words within 1 edit.
ENGLISH = ("spell", 2, 1, True)
CHINESE = ("content", 1, 0, False)
# The tables joined across the large segments: the English one. A typo's look-ups there were a
# misspelt English word's whole cost (FTS5 answers it with nothing in 0.4 ms); a Chinese typo
# costs less than FTS5's already, and joining the Chinese vocabulary (213,000 words at 50k
# items) took 1.2 s of CPU and 70 MB while it ran, against 0.2 s and 29 MB for the English one.
JOINED_SPECS = (ENGLISH,)
stats = {"tables_built": 0, "terms_filed": 0, "candidates_checked": 0, "tables_read": 0, "segments_written": 0,
         "tables_joined": 0, "joined_read": 0}
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
        self.segments: frozenset[str] = frozenset()  # a joined table: the segments it stands for
        self._set_keys(keys)

    def _set_keys(self, keys: np.ndarray[Any, Any]) -> None:
        """The directory of buckets and the 32-bit keys, from the sorted 64-bit ones."""
        # bucket b's keys are keys[starts[b]:starts[b + 1]]; no temporary of the keys' size is
        # made beside them but the 32-bit one (a segment's 1.5 million keys: 12 MB at int64)
        bounds = np.arange((1 << BUCKET_BITS) + 1, dtype=np.int64) << (ID_BITS + LOW_BITS)
        self.starts = array("q", np.searchsorted(keys, bounds).astype(np.int64).tobytes())
        low = keys.astype(np.uint32)  # the low 32 bits
        self.keys = array("I")
        self.keys.frombytes(memoryview(low.data).cast("B"))

    @classmethod
    def joined(cls, tables: dict[str, _Table]) -> _Table | None:
        """One table for several segments' (``tables``, by segment, in the reader's order): each
        term once, with the sum of its frequencies over them (whoosh's MultiReader adds a term's
        frequency up segment by segment, in this order), filed under the same deletions. None
        when their vocabulary is more than a table numbers (``MAX_TERMS``)."""
        numbers: dict[str, int] = {}
        parts = []
        weights = []
        for table in tables.values():
            text, ends = table.text, table.ends
            terms = [text[ends[n - 1] if n else 0 : ends[n]] for n in range(table.size)]
            local = np.fromiter((numbers.setdefault(t, len(numbers)) for t in terms), np.int64, table.size)
            if len(numbers) > MAX_TERMS:
                return None
            keys = np.frombuffer(table.keys, np.uint32).astype(np.int64)
            starts = np.frombuffer(table.starts, np.int64)
            bucket = np.repeat(np.arange(1 << BUCKET_BITS, dtype=np.int64), np.diff(starts))
            hashed = (bucket << LOW_BITS) | (keys >> ID_BITS)  # the deletion's 24 bits, whole again
            parts.append((hashed << ID_BITS) | local[keys & MAX_TERMS])
            weights.append((local, np.frombuffer(table.frequencies, np.float64)))
        out = cls.__new__(cls)
        out.size = len(numbers)
        out.text = "".join(numbers)  # a dict keeps its keys in the order they were numbered
        out.ends = array("i", accumulate(map(len, numbers)))
        frequencies = np.zeros(out.size, np.float64)
        for local, frequency in weights:  # segment by segment, as whoosh adds them up
            np.add.at(frequencies, local, frequency)
        out.frequencies = array("d", frequencies.tobytes())
        out.complete = all(t.complete for t in tables.values())
        out.folder = None
        out.segments = frozenset(tables)
        keys = np.concatenate(parts) if parts else np.zeros(0, np.int64)
        parts.clear()
        keys.sort()  # in place, then each (deletion, term) once: no sorted copy beside it
        if len(keys):
            keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
        out._set_keys(keys)
        return out

    def save(self, path: Path) -> None:
        with open(path, "wb") as out:
            np.savez(out, text=np.frombuffer(self.text.encode("utf-8", "surrogatepass"), np.uint8),
                     ends=np.frombuffer(self.ends, np.int32), frequencies=np.frombuffer(self.frequencies, np.float64),
                     starts=np.frombuffer(self.starts, np.int64), keys=np.frombuffer(self.keys, np.uint32),
                     complete=np.array([self.complete]), segments=np.array(sorted(self.segments), dtype=str))

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
            table.segments = frozenset(str(x) for x in saved["segments"]) if "segments" in saved else frozenset()
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


def _tables(reader: Any, spec: tuple[str, int, int, bool]) -> list[_Table] | None:
    """The tables a look-up of ``spec`` reads for a reader's segments: the joined table of its
    large segments, when it stands for segments all still in the reader, and each other
    segment's own; None when a segment has none (not a whoosh segment)."""
    leaves = [leaf for leaf, _base in reader.leaf_readers()]
    segments = [segment_key(leaf) for leaf in leaves]
    joined = _joined_over(leaves, spec, set(segments))
    covered = joined.segments if joined is not None else frozenset()
    out: list[_Table] = [joined] if joined is not None else []
    for leaf, segment in zip(leaves, segments, strict=True):
        if segment in covered:
            continue
        table = _table(leaf, *spec)
        if table is None:
            return None
        out.append(table)
    return out


def _joined_over(leaves: list[Any], spec: tuple[str, int, int, bool], segments: set[str | None]) -> _Table | None:
    """The joined table of ``spec`` held for the index of ``leaves``, when every segment it
    stands for is among ``segments`` (one merged away since: the segments are read apart)."""
    with _lock:
        joined = _JOINED.get((_folder(leaves[0]), spec)) if leaves else None
    return joined if joined is not None and joined.segments <= segments else None


def _large(leaves: list[Any]) -> frozenset[str]:
    """The segments whose tables are joined: those of ``JOIN_FROM`` documents or more."""
    return frozenset(str(segment_key(leaf)) for leaf in leaves
                     if segment_key(leaf) is not None and leaf.doc_count_all() >= JOIN_FROM)


def _joined_at(leaves: list[Any], segments: frozenset[str]) -> Path | None:
    """Where the joined tables of ``segments`` are kept on disk (None: not an index on disk)."""
    index = _folder(leaves[0]) if leaves else None
    if index is None:
        return None
    digest = hashlib.sha1("\n".join(sorted(segments)).encode()).hexdigest()[:16]
    return Path(index + SUFFIX) / f"joined-{digest}-v{LAYOUT}"


def _joined_valid(leaves: list[Any]) -> bool:
    """Whether the joined tables held stand for segments all among ``leaves``, the large ones
    among them (or there are fewer than two large segments to join)."""
    wanted = _large(leaves)
    present = {segment_key(leaf) for leaf in leaves}
    folder = _folder(leaves[0]) if leaves else None
    with _lock:
        held = [_JOINED.get((folder, spec)) for spec in JOINED_SPECS]
        if (folder, wanted) in _UNJOINABLE:
            return True  # read apart
    if len(wanted) < 2:
        return all(t is None or t.segments <= present for t in held)
    return all(t is not None and t.segments <= present and wanted <= t.segments for t in held)


def _join(leaves: list[Any]) -> None:
    """Hold the joined tables of the large segments among ``leaves`` (at least two): read from
    disk, or joined from the segments' tables and written there; the segments' own tables are
    then dropped from memory. Nothing is done while those held are valid (``_joined_valid``: a
    save's small segment is looked up apart); ones that stand for segments merged away are
    dropped."""
    if _joined_valid(leaves):
        return
    folder = _folder(leaves[0]) if leaves else None
    wanted = _large(leaves)
    if len(wanted) < 2:
        with _lock:
            for spec in JOINED_SPECS:
                _JOINED.pop((folder, spec), None)
        return
    kept = _joined_at(leaves, wanted)
    joined: dict[tuple[str, int, int, bool], _Table] = {}
    read = False
    if kept is not None and kept.is_dir():
        try:
            for spec in JOINED_SPECS:
                joined[spec] = _Table.load(kept / _file(spec))
                if joined[spec].segments != wanted:
                    raise ValueError(f"{kept} holds other segments")
            read = True
        except Exception:  # cut short, another layout: a cache, joined again
            log.warning("joined did-you-mean tables at %s are unreadable; joining them again", kept, exc_info=True)
            shutil.rmtree(kept, ignore_errors=True)
            joined = {}
    if not joined:
        large = [leaf for leaf in leaves if str(segment_key(leaf)) in wanted]
        for spec in JOINED_SPECS:
            tables = {}
            for leaf in large:
                table = _table(leaf, *spec)
                if table is None:
                    return
                tables[str(segment_key(leaf))] = table
            made = _Table.joined(tables)
            if made is None:
                log.info("did-you-mean: %s's vocabulary is too large to join; its segments are read apart", spec[0])
                with _lock:
                    _UNJOINABLE.add((folder, wanted))
                    for other in JOINED_SPECS:
                        _JOINED.pop((folder, other), None)
                return
            joined[spec] = made

        def fill(temporary: Path) -> bool:
            for spec, table in joined.items():
                table.save(temporary / _file(spec))
            return True

        if kept is not None:
            write_whole(kept, fill, Path.is_dir)
    with _lock:
        for spec, table in joined.items():
            table.folder = folder
            _JOINED[folder, spec] = table
            for segment in wanted:
                _SEGMENTS.pop((segment, *spec), None)
        stats["joined_read" if read else "tables_joined"] += len(joined)


def _folder(reader: Any) -> str | None:
    folder = getattr(getattr(reader, "_storage", None), "folder", None)
    return str(folder) if folder else None


def _kept_at(reader: Any) -> Path | None:
    """The folder on disk of the segment's tables (None: not an index on disk)."""
    segment, index = segment_key(reader), _folder(reader)
    return Path(index + SUFFIX) / f"{segment}-v{LAYOUT}" if segment is not None and index is not None else None


def _file(spec: tuple[str, int, int, bool]) -> str:
    """The file a table of ``spec`` (field, depth, prefix, ASCII words) is kept in, in its folder."""
    fieldname, depth, prefix, ascii_only = spec
    return f"{fieldname}-{depth}-{prefix}-{'ascii' if ascii_only else 'other'}.npz"


def _read(reader: Any, key: tuple[str, str, int, int, bool]) -> _Table | None:
    """The table as kept on disk, or None (not kept; one that cannot be read is removed, and
    built again)."""
    folder = _kept_at(reader)
    if folder is None or not (folder / _file(key[1:])).exists():
        return None
    try:
        table = _Table.load(folder / _file(key[1:]))
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
            table.save(temporary / _file(key[1:]))
        return True

    if write_whole(folder, fill, Path.is_dir):
        stats["segments_written"] += 1


def _remove_others(leaves: list[Any]) -> None:
    """Remove the tables on disk of this index's segments that are not among ``leaves``
    (merged away), joined tables but those of the large segments among them, and any of
    another layout."""
    kept = [f for f in (_kept_at(leaf) for leaf in leaves) if f is not None]
    joined = _joined_at(leaves, _large(leaves))
    remove_others(kept + ([joined] if joined is not None and kept else []))


def _drop_merged(leaves: list[Any]) -> None:
    """Forget the tables of this index's segments that are not among ``leaves`` (merged away:
    kept until 32 tables were held, a merge at 50k items left several MB of them behind).
    A searcher still reading one of them builds its table again."""
    folders = {_folder(leaf) for leaf in leaves} - {None}
    current = {segment_key(leaf) for leaf in leaves}
    with _lock:
        for key in [k for k, t in _SEGMENTS.items() if t.folder in folders and k[0] not in current]:
            del _SEGMENTS[key]


def _joined_on_disk(leaves: list[Any]) -> frozenset[str]:
    """The large segments whose joined tables are on disk (read whole, they spare reading the
    segments' own), or none."""
    wanted = _large(leaves)
    if len(wanted) < 2:
        return frozenset()
    kept = _joined_at(leaves, wanted)
    return wanted if kept is not None and kept.is_dir() else frozenset()


def _covered(leaf: Any, spec: tuple[str, int, int, bool]) -> bool:
    """Whether the segment's table of ``spec`` is in a joined table held now."""
    segment, folder = segment_key(leaf), _folder(leaf)
    with _lock:
        return segment in getattr(_JOINED.get((folder, spec)), "segments", ())


def missing(searcher: Any) -> bool:
    """Whether some segment of the searcher has no table yet."""
    leaves = [leaf for leaf, _base in searcher.reader().leaf_readers()]
    if not _joined_valid(leaves):
        return True  # a large segment is not joined (a merge, an import): join them again
    segments = {segment_key(leaf) for leaf in leaves} - {None}
    for spec in (ENGLISH, CHINESE):
        joined = _joined_over(leaves, spec, segments)
        covered = joined.segments if joined is not None else frozenset()
        with _lock:
            if any(segment not in covered and (segment, *spec) not in _SEGMENTS for segment in segments):
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
            joined_on_disk = _joined_on_disk(leaves)
            for leaf in leaves:
                kept = _kept_at(leaf)
                on_disk = kept is not None and kept.is_dir()
                for spec in (ENGLISH, CHINESE):
                    if on_disk and spec in JOINED_SPECS and (
                            _covered(leaf, spec) or str(segment_key(leaf)) in joined_on_disk):
                        continue  # on disk, and joined (or about to be read joined)
                    _table(leaf, *spec)
                _keep(leaf)
            _join(leaves)
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
    prefix = ENGLISH[2]
    if not word.isascii() or len(word) > MAX_WORD + 2 or len(word) <= prefix:
        return None
    probes = _probes(word[:prefix], {word[prefix:]})
    tables = _tables(searcher.reader(), ENGLISH)
    if tables is None:
        return None
    for table in tables:
        if not table.complete:
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
    tables = _tables(reader, (fieldname, max(maxdist, depth or 0), prefix, ascii_only))
    if tables is None:  # not a whoosh segment: whoosh's own walk
        options = searcher.corrector(fieldname).suggest(word, limit=1, maxdist=maxdist, prefix=prefix)
        return str(options[0]) if options else None
    for table in tables:
        complete = complete and table.complete
        # a term's frequency is the sum over the segments holding it (whoosh's MultiReader adds
        # them up segment by segment; a joined table holds its segments' sum): every segment
        # holding a term within reach files it, unless its vocabulary was cut
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
        _JOINED.clear()
        _UNJOINABLE.clear()
