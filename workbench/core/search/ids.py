"""Items' documents by their ids, per index segment, in memory: what the vector leg needs for the
items only it found (core/meaning/service.py), fifty candidates a search.

whoosh finds a document by its id with a look-up in every segment's term table, read from the
term file a bucket at a time: about 35 us a segment, so fifty candidates over a library of a dozen
segments cost 4-6 ms of a search at 50k items. Here a segment's ids are hashed once into a sorted
array (12 bytes an item: 0.6 MB at 50k) and a search's candidates are found by bisection, all at
once. A segment never changes once written, so its table is never stale; it is made in the
background after the first search of an index version, or at once for a small segment (a
save's), and until then that segment is asked the way whoosh asks.

Reading a segment's ids from whoosh's term file is a Python walk of about 90 ms per 7,000 items,
650 ms at 50k items, holding the interpreter lock: it ran after every launch's first search, and
the save a user made meanwhile waited for it (at 50k the second save after a launch took 170-430
ms to be findable instead of 20-35). So the ids and their documents are also kept on disk beside
the index, a folder per segment (``<index folder>.ids/<segment id>-v1/``: ``names``, the ids in
UTF-8 with NUL between them, and ``docs.i32``), written whole and removed with the segment; a
rebuild writes them for its fresh index (build.py), and a launch reads them (a few ms per
segment) instead of walking the term file.

An id's hash is Python's own, computed when a table is read or built (never written, so its salt
per process does not matter); two ids of one segment with the same 64-bit hash would find the
wrong document, which is why the caller compares the id it reads back (``find`` documents this)."""

from __future__ import annotations

import logging
import shutil
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.reading import TermNotFound

from workbench.core.search.derived import Builds, in_background, remove_others, write_whole
from workbench.core.search.scoring import segment_key

log = logging.getLogger(__name__)
FIELD = "id"
SUFFIX = ".ids"
LAYOUT = 1
AT_ONCE = 500  # a segment of at most this many documents gets its table when first asked (~6 ms)
_IDS_KEPT = 400_000  # ids of all tables kept (4.8 MB): the least recently used go first
_TABLES: OrderedDict[str, _Table] = OrderedDict()
_lock = threading.Lock()
_building = Builds()
stats = {"tables_built": 0, "tables_read": 0, "asked_whoosh": 0}


class _Table:
    """One segment's ids: their hashes, ascending, and each one's newest document in the segment
    (a saved item's older versions in the same segment are deleted ones before it)."""

    __slots__ = ("docs", "hashes")

    def __init__(self, names: list[str], docs: list[int]) -> None:
        hashes = [hash(name) for name in names]
        order = np.argsort(np.array(hashes, dtype=np.int64), kind="stable")
        self.hashes: npt.NDArray[np.int64] = np.array(hashes, dtype=np.int64)[order]
        self.docs: npt.NDArray[np.int32] = np.array(docs, dtype=np.int32)[order]

    def find(self, keys: npt.NDArray[np.int64]) -> npt.NDArray[np.int32]:
        """Each key's document in the segment, -1 where the segment has none."""
        if not len(self.hashes):
            return np.full(len(keys), -1, dtype=np.int32)
        at = np.searchsorted(self.hashes, keys)
        at[at == len(self.hashes)] = 0
        return np.where(self.hashes[at] == keys, self.docs[at], -1).astype(np.int32)


def _walk(leaf: Any) -> tuple[list[str], list[int]]:
    """The segment's ids and each one's newest document, from whoosh's term file."""
    names: list[str] = []
    docs: list[int] = []
    for btext, info in leaf.iter_field(FIELD):
        names.append(btext.decode("utf-8"))
        docs.append(info.max_id())
    return names, docs


def _kept_at(leaf: Any) -> Path | None:
    """The folder on disk of the segment's ids (None: not an index on disk)."""
    segment, folder = segment_key(leaf), getattr(getattr(leaf, "_storage", None), "folder", None)
    return Path(f"{folder}{SUFFIX}") / f"{segment}-v{LAYOUT}" if segment is not None and folder else None


def _read(folder: Path) -> tuple[list[str], list[int]] | None:
    """The ids kept on disk, or None (not kept; a folder that cannot be read is removed)."""
    if not (folder / "names").exists():
        return None
    try:
        raw = (folder / "names").read_bytes()
        names = raw.decode("utf-8").split("\x00") if raw else []
        docs = np.fromfile(folder / "docs.i32", dtype="<i4").tolist()
        if len(docs) != len(names):
            raise ValueError(f"{len(names)} ids against {len(docs)} documents")
    except (OSError, ValueError):  # cut short, another layout: a cache, made again
        log.warning("id table at %s is unreadable; reading the ids from the index", folder, exc_info=True)
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return names, docs


def _write(folder: Path, names: list[str], docs: list[int]) -> None:
    if any("\x00" in name for name in names):  # NUL separates the names: left to the term file
        return

    def fill(temporary: Path) -> bool:
        np.asarray(docs, dtype="<i4").tofile(temporary / "docs.i32")
        (temporary / "names").write_bytes("\x00".join(names).encode("utf-8"))  # last: the folder is whole
        return True

    write_whole(folder, fill, lambda f: (f / "names").exists())


def _table(leaf: Any, build: bool, keep: bool = False) -> _Table | None:
    """The segment's table from memory; with ``build``, read from disk or made from the term
    file when it is not in memory (and, with ``keep``, a table made is written to disk)."""
    segment = segment_key(leaf)
    if segment is None:
        return None
    with _lock:
        found = _TABLES.get(segment)
        if found is not None:
            _TABLES.move_to_end(segment)
            return found
    if not build:
        return None
    folder = _kept_at(leaf)
    pairs = _read(folder) if folder is not None else None
    if pairs is None:
        pairs = _walk(leaf)
        stats["tables_built"] += 1
        if keep and folder is not None:
            _write(folder, *pairs)
    else:
        stats["tables_read"] += 1
    made = _Table(*pairs)
    with _lock:
        _TABLES[segment] = made
        kept = sum(len(t.hashes) for t in _TABLES.values())
        while kept > _IDS_KEPT and len(_TABLES) > 1:
            kept -= len(_TABLES.popitem(last=False)[1].hashes)
    return made


def find(reader: Any, slugs: Sequence[str]) -> dict[str, int]:
    """The live document (global number) of each of ``slugs`` the index holds. A hash shared by
    two ids may give another item's document: compare the stored id before trusting it."""
    keys = np.array([hash(slug) for slug in slugs], dtype=np.int64)
    out: dict[str, int] = {}
    for leaf, base in reader.leaf_readers():
        table = _table(leaf, build=leaf.doc_count_all() <= AT_ONCE)
        if table is None:  # not built yet: asked the way whoosh asks, one look-up an id
            stats["asked_whoosh"] += 1
            for slug in slugs:
                if slug not in out:
                    try:
                        out[slug] = base + int(leaf.first_id(FIELD, slug))
                    except (KeyError, TermNotFound):
                        continue
            continue
        deleted = leaf.has_deletions()
        for slug, doc in zip(slugs, table.find(keys).tolist(), strict=True):
            if doc >= 0 and slug not in out and not (deleted and leaf.is_deleted(doc)):
                out[slug] = base + doc
    return out


def missing(searcher: Any) -> bool:
    """Whether some segment of the searcher has no table yet."""
    return any(_table(leaf, build=False) is None and segment_key(leaf) is not None
               for leaf, _base in searcher.reader().leaf_readers())


def prepare(open_reader: Callable[[], Any]) -> None:
    """Read or make the tables of every segment of a reader of its own that has none in memory,
    writing those made to disk (unless the segment is small enough to be read at once), and
    remove those on disk of segments merged away (a background job)."""

    def build(leaves: list[Any]) -> None:
        for leaf in leaves:
            if _table(leaf, build=False) is None:
                _table(leaf, build=True, keep=leaf.doc_count_all() > AT_ONCE)
        remove_others([f for f in (_kept_at(leaf) for leaf in leaves) if f is not None])

    in_background(_building, open_reader, build, "id tables")


def forget() -> None:
    with _lock:
        _TABLES.clear()
