"""The searchable field's postings decoded once per index segment into flat arrays kept on disk
beside the index: a derived cache, memory-mapped when used, built in the background when missing,
removed when its segment is gone. The index stays a whoosh index; nothing here is ever the only
copy of anything.

whoosh stores postings as zlib-compressed pickles (about 1 us a posting to read), so a word in
20,000 items cost 100-200 ms the first time a process searched for it; from these arrays it is a
slice of a memory-mapped file. A segment never changes once written, so a segment's arrays are
never stale: they are named after the segment's id.

Layout of ``<index folder>.postings/<segment id>/``: ``terms`` (the field's terms, UTF-8, NUL
between them, in lexicon order), ``starts.npy`` (int64, where each term's postings begin, one
more than there are terms), ``ids.npy`` (int32 segment document numbers, deleted ones included)
and ``tfs.npy`` (float32 term frequencies).
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher

from workbench.core.search.scoring import segment_key

log = logging.getLogger(__name__)
SUFFIX = ".postings"
_SEGMENT_LIMIT = 16
_LOADED: OrderedDict[str, _Segment] = OrderedDict()
_lock = threading.Lock()
_building = threading.Lock()
stats = {"segments_built": 0, "lookups": 0}

Blocks = Callable[[Any], Iterator[tuple[npt.NDArray[Any], npt.NDArray[Any]]]]


class _Segment:
    def __init__(self, folder: Path) -> None:
        names = (folder / "terms").read_bytes().decode("utf-8").split("\x00")
        self.terms = {t: n for n, t in enumerate(names)} if names != [""] else {}
        self.starts = np.load(folder / "starts.npy", mmap_mode="r")
        self.ids = np.load(folder / "ids.npy", mmap_mode="r")
        self.tfs = np.load(folder / "tfs.npy", mmap_mode="r")

    def get(self, word: str) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]] | None:
        number = self.terms.get(word)
        if number is None:
            return None
        lo, hi = int(self.starts[number]), int(self.starts[number + 1])
        return np.asarray(self.ids[lo:hi]), np.asarray(self.tfs[lo:hi])


def cache_folder(reader: Any) -> Path | None:
    """Where a segment reader's index keeps its postings arrays (None: not an index on disk)."""
    storage = getattr(reader, "_storage", None)
    folder = getattr(storage, "folder", None)
    return Path(str(folder) + SUFFIX) if folder else None


def lookup(reader: Any, word: str) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]] | None:
    """A word's (segment document numbers, term frequencies) from the segment's arrays, or None
    when they are not built (the caller decodes whoosh's postings, as before)."""
    segment = segment_key(reader)
    base = cache_folder(reader)
    if segment is None or base is None:
        return None
    with _lock:
        found = _LOADED.get(segment)
        if found is not None:
            _LOADED.move_to_end(segment)
    if found is None:
        folder = base / segment
        if not (folder / "tfs.npy").exists():
            return None
        try:
            found = _Segment(folder)
        except (OSError, ValueError):
            log.warning("postings arrays at %s are unreadable; decoding whoosh's", folder, exc_info=True)
            return None
        with _lock:
            _LOADED[segment] = found
            while len(_LOADED) > _SEGMENT_LIMIT:
                _LOADED.popitem(last=False)
    stats["lookups"] += 1
    got = found.get(word)
    return got if got is not None else (np.zeros(0, np.int32), np.zeros(0, np.float32))


def missing(searcher: Any) -> bool:
    """Whether some segment of the searcher has no arrays on disk yet."""
    for leaf, _base in searcher.reader().leaf_readers():
        segment, base = segment_key(leaf), cache_folder(leaf)
        if segment is not None and base is not None and not (base / segment / "tfs.npy").exists():
            return True
    return False


def _build(reader: Any, fieldname: str, folder: Path, blocks: Blocks) -> bool:
    fieldobj = reader.schema[fieldname]
    terms: list[str] = []
    starts = [0]
    id_parts: list[npt.NDArray[np.int32]] = []
    tf_parts: list[npt.NDArray[np.float32]] = []
    total = 0
    for btext in reader.lexicon(fieldname):
        word = fieldobj.from_bytes(btext)
        matcher = reader.postings(fieldname, word)
        if isinstance(matcher, FilterMatcher):
            matcher = matcher.child
        if not isinstance(matcher, W3LeafMatcher) or "\x00" in word:
            return False
        for ids, tfs in blocks(matcher):
            id_parts.append(ids.astype(np.int32))
            tf_parts.append(tfs.astype(np.float32))
            total += len(ids)
        terms.append(word)
        starts.append(total)
    temporary = folder.with_name(f"{folder.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.mkdir(parents=True, exist_ok=True)
    try:
        np.save(temporary / "ids.npy", np.concatenate(id_parts) if id_parts else np.zeros(0, np.int32))
        np.save(temporary / "starts.npy", np.array(starts, np.int64))
        (temporary / "terms").write_bytes("\x00".join(terms).encode("utf-8"))
        np.save(temporary / "tfs.npy", np.concatenate(tf_parts) if tf_parts else np.zeros(0, np.float32))
        os.replace(temporary, folder)  # whole or not at all; another process may have won
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)
        return (folder / "tfs.npy").exists()
    return True


def prepare(open_reader: Callable[[], Any], fieldname: str, blocks: Blocks) -> None:
    """Build the arrays of every segment of a reader of its own that has none, and remove those of
    segments that are gone. Meant for a background thread; one at a time."""
    if not _building.acquire(blocking=False):
        return
    try:
        reader = open_reader()
        try:
            leaves = [leaf for leaf, _base in reader.leaf_readers()]
            bases = {cache_folder(leaf) for leaf in leaves} - {None}
            current = {segment_key(leaf) for leaf in leaves}
            for leaf in leaves:
                segment, base = segment_key(leaf), cache_folder(leaf)
                if segment is None or base is None or (base / segment / "tfs.npy").exists():
                    continue
                if _build(leaf, fieldname, base / segment, blocks):
                    stats["segments_built"] += 1
            for base in bases:
                assert base is not None
                for old in base.iterdir() if base.exists() else ():
                    if old.name not in current and not old.name.endswith(".tmp"):
                        shutil.rmtree(old, ignore_errors=True)  # its segment was merged away
        finally:
            reader.close()
    except Exception:  # an index replaced or removed meanwhile: the next search asks again
        log.debug("preparing postings arrays failed", exc_info=True)
    finally:
        _building.release()


def forget() -> None:
    """Drop the opened arrays (the files stay)."""
    with _lock:
        _LOADED.clear()
