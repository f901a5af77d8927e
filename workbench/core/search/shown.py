"""What a hit shows, kept per index segment in a file beside the index: a derived cache, read by
offset (page cache, not Python objects), built in the background when missing, removed when its
segment is gone. The index stays a whoosh index; nothing here is ever the only copy of anything.

A page of hits used to cost, per hit, whoosh's stored fields (a zlib-compressed pickle of every
stored field, ~0.2 ms) and folding the start of the body for its snippet (NFKC, Traditional ->
Simplified through OpenCC, ~0.1 ms): half of a cold two-word search. Here a hit is one read at
a known offset (the segment's starts are held in memory) and a few UTF-8 decodes; the folded
text is the very value ``snippets`` would compute (``analysis.normalize`` of the same piece), so
snippets are identical.

Layout of ``<index folder>.shown/<segment id>-v<LAYOUT>-a<ANALYSIS_VERSION>-p<PIECE>/``:
``records`` (one record per segment document, deleted ones included, in document order) and
``starts.i64`` (where each record begins, one more than there are documents; little-endian;
written last, so a folder holding it is complete). A record is ``len(FIELDS)`` little-endian
int32 byte lengths (-1: none), then the values one after another: the stored fields a hit shows
(UTF-8), the title and the body's first piece folded (UTF-8) and, where folding changed the
length, where each folded character came from (int32 each). A segment never changes once
written, so its record file is never stale: it is named after the segment's id, the layout,
the analysis version and the piece length (a folder of any other name is removed and rebuilt).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import struct
import sys
import threading
from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from workbench.core.search.analysis import ANALYSIS_VERSION, normalize
from workbench.core.search.derived import Builds, in_background, write_whole
from workbench.core.search.scoring import segment_key
from workbench.core.search.snippets import CHUNK, OVERLAP, Folded

log = logging.getLogger(__name__)
SUFFIX = ".shown"
LAYOUT = 1
PIECE = CHUNK + OVERLAP  # the body's first piece as snippets fold it
STORED = ("id", "kind", "title", "industry", "product", "tags", "body")
FIELDS = (*STORED, "title_folded", "title_origin", "body_folded", "body_origin")
_HEADER = struct.Struct(f"<{len(FIELDS)}i")
# one system call a read where there is one (not on Windows: a seek and a read there, under the
# records' lock, as a file's position is shared by the threads reading it)
_PREAD: Callable[[int, int, int], bytes] | None = getattr(os, "pread", None)
_DONE = "starts.i64"
_building = Builds()
stats = {"segments_built": 0, "records_read": 0, "damaged": 0, "bodies_cut": 0}


# A body longer than this many UTF-8 bytes is read and decoded only this far (to the character
# before): a snippet's window lies within the body's first piece and a window more whenever that
# piece holds a match; else the whole body is read from whoosh's stored fields. Decoding a body of
# two million characters took 13 ms, for a window of 220.
BODY_READ = 4 * (PIECE + 1024)
_BODY = STORED.index("body")


class Shown:
    """One hit's stored fields and its title and body start folded, as read from the cache.
    ``cut``: ``fields["body"]`` is only the body's start (``BODY_READ``)."""

    __slots__ = ("body", "cut", "fields", "title")

    def __init__(self, fields: dict[str, str], title: Folded, body: Folded, cut: bool = False) -> None:
        self.fields, self.title, self.body, self.cut = fields, title, body, cut


def folder_name(segment: str) -> str:
    return f"{segment}-v{LAYOUT}-a{ANALYSIS_VERSION}-p{PIECE}"


def cache_folder(reader: Any) -> Path | None:
    """Where a segment reader's index keeps its hit records (None: not an index on disk)."""
    folder = getattr(getattr(reader, "_storage", None), "folder", None)
    return Path(str(folder) + SUFFIX) if folder else None


def _folder(leaf: Any) -> Path | None:
    segment, base = segment_key(leaf), cache_folder(leaf)
    return base / folder_name(segment) if segment is not None and base is not None else None


def _complete(folder: Path) -> bool:
    return (folder / _DONE).exists()


class _Records:
    """One segment's hit records kept open for as long as the segment is in use, their starts in
    memory: opening them for every page was two opens, two closes and the path joins per segment a
    search touched (a tenth of building a page). A record is one read at its offset, under a lock
    (``close`` must not close the file while a read uses it). Closed when the segment is merged
    away or the index replaced (``read`` sees a reader without it), before its folder is removed
    (``prepare``: Windows cannot delete a file that is open), when found damaged or removed, when
    more than ``OPEN_LIMIT`` are open, and by ``forget``."""

    __slots__ = ("_lock", "_records", "_starts", "closed", "folder")

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # the starts held in memory (8 bytes a document): reading each hit's from the file was two
        # more system calls a hit, and a page of the file read from disk when it had gone cold
        starts = array("q", (folder / _DONE).read_bytes())
        if sys.byteorder != "little":
            starts.byteswap()
        # unbuffered: each read is one system call of exactly what is wanted
        self._records = io.FileIO(folder / "records", "rb")
        if not starts or starts[-1] != os.fstat(self._records.fileno()).st_size:
            self._records.close()
            raise ValueError(f"hit records at {folder} do not end where their starts say")
        self._starts = starts
        self._lock = threading.Lock()
        self.closed = False

    def read(self, docs: Sequence[int]) -> list[tuple[bytes, bool]] | None:
        """The records of these segment documents, each with whether its body was cut short
        (``_cut_body``); None once closed (the caller reads whoosh's stored fields then).
        FileNotFoundError when the folder was removed meanwhile (by hand, or another process
        merged its segment away): its records are not read once removed."""
        out = []
        with self._lock:
            if self.closed:
                return None
            starts = self._starts
            if os.fstat(self._records.fileno()).st_nlink == 0:
                raise FileNotFoundError(f"hit records at {self.folder} were removed")
            for doc in docs:
                if not 0 <= doc < len(starts) - 1:
                    raise ValueError(f"no hit record for document {doc}")
                lo, hi = starts[doc], starts[doc + 1]
                if not 0 <= lo <= hi:
                    raise ValueError("a hit record's offsets are out of order")
                if hi - lo > 2 * BODY_READ:
                    out.append(self._cut_body(lo, hi))
                    continue
                out.append((self._bytes(lo, hi - lo), False))
        return out

    def _bytes(self, at: int, size: int) -> bytes:
        if _PREAD is not None:
            raw = _PREAD(self._records.fileno(), size, at)
        else:
            self._records.seek(at)
            raw = self._records.read(size)
        if len(raw) != size:
            raise ValueError("a hit record is cut short")
        return raw

    def _cut_body(self, lo: int, hi: int) -> tuple[bytes, bool]:
        """A large record with its body read only ``BODY_READ`` bytes far, at a character's start
        (its header says so): the rest of the body is neither read nor decoded."""
        lengths = list(_HEADER.unpack(self._bytes(lo, _HEADER.size)))
        sizes = [max(0, n) for n in lengths]
        if _HEADER.size + sum(sizes) != hi - lo:
            raise ValueError("a hit record's lengths do not add up")
        body_at = lo + _HEADER.size + sum(sizes[:_BODY])
        if sizes[_BODY] <= BODY_READ:
            return self._bytes(lo, hi - lo), False
        front = self._bytes(lo + _HEADER.size, body_at - lo - _HEADER.size + BODY_READ + 1)
        keep = len(front) - 1  # where the body is cut: before the character holding its last byte read
        while keep > 0 and front[keep] & 0xC0 == 0x80:  # a UTF-8 continuation byte
            keep -= 1
        body_end = body_at + sizes[_BODY]
        lengths[_BODY] = keep - (body_at - lo - _HEADER.size)
        return _HEADER.pack(*lengths) + front[:keep] + self._bytes(body_end, hi - body_end), True

    def close(self) -> None:
        with self._lock:
            if not self.closed:
                self.closed = True
                self._records.close()


# The segments' records opened, by their folder, oldest first: a segment's records never change once
# written, so they stay open while searches use the segment. Bounded: a file handle and its starts a segment.
_OPENED: OrderedDict[Path, _Records] = OrderedDict()
OPEN_LIMIT = 32
_opened_lock = threading.Lock()


def _open(folder: Path) -> _Records | None:
    """The records at ``folder`` opened (kept open), or None when they are not built."""
    with _opened_lock:
        found = _OPENED.get(folder)
        if found is not None and not found.closed:
            _OPENED.move_to_end(folder)
            return found
    if not _complete(folder):
        return None
    try:
        opened = _Records(folder)
    except FileNotFoundError:  # removed meanwhile
        return None
    with _opened_lock:
        found = _OPENED.get(folder)
        if found is not None and not found.closed:  # another thread opened them meanwhile
            opened.close()
            return found
        _OPENED[folder] = opened
        while len(_OPENED) > OPEN_LIMIT:
            _OPENED.popitem(last=False)[1].close()
    return opened


def _close(folders: Callable[[Path], bool]) -> None:
    """Close the opened records whose folder ``folders`` picks."""
    with _opened_lock:
        picked = [folder for folder in _OPENED if folders(folder)]
        closing = [_OPENED.pop(folder) for folder in picked]
    for records in closing:
        records.close()


def _close_at(folder: Path) -> None:
    with _opened_lock:
        records = _OPENED.pop(folder, None)
    if records is not None:
        records.close()


def forget(index_folder: Path | None = None) -> None:
    """Close the opened records of the index at ``index_folder`` (the index is closed), or of
    every index. The files stay; a later page opens them again."""
    if index_folder is None:
        _close(lambda _folder: True)
    else:
        base = Path(str(index_folder) + SUFFIX)
        _close(lambda folder: folder.parent == base)


class _Plan:
    """Where a reader's segments keep their records, worked out once per reader (a reader's
    segments never change): each segment's first global document, its records' folder (None: not
    an index on disk) and its records opened (None: not built when last asked)."""

    __slots__ = ("bases", "folders", "records")

    def __init__(self, leaves: Sequence[tuple[Any, int]]) -> None:
        self.bases = [base for _leaf, base in leaves]
        self.folders = [_folder(leaf) for leaf, _base in leaves]
        self.records: list[_Records | None] = [None] * len(leaves)


_PLAN = "_workbench_hit_records"  # a reader's _Plan, kept on the reader


def _plan(reader: Any) -> _Plan:
    """The reader's plan; made on a reader's first page, which also closes the records of this
    index's segments the reader no longer has (merged away, or the index replaced by a rebuild)."""
    plan: _Plan | None = getattr(reader, _PLAN, None)
    if plan is None:
        plan = _Plan(reader.leaf_readers())
        current = {folder for folder in plan.folders if folder is not None}
        bases = {folder.parent for folder in current}
        _close(lambda folder: folder.parent in bases and folder not in current)
        with contextlib.suppress(AttributeError):  # a reader that takes none: worked out again next page
            setattr(reader, _PLAN, plan)
    return plan


def _encode(value: str | Sequence[int] | None) -> bytes | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    return array("i", value).tobytes()


def record(fields: dict[str, Any]) -> bytes:
    """A document's record: what ``Shown`` holds, from its stored fields."""
    title, body = str(fields.get("title", "")), str(fields.get("body", ""))
    title_folded, title_origin = normalize(title[:PIECE])
    body_folded, body_origin = normalize(body[:PIECE])
    values = [_encode(str(fields.get(name, ""))) for name in STORED]
    values += [_encode(title_folded), _encode(title_origin), _encode(body_folded), _encode(body_origin)]
    header = _HEADER.pack(*(-1 if v is None else len(v) for v in values))
    return header + b"".join(v for v in values if v is not None)


def _decode(raw: bytes, cut: bool = False) -> Shown:
    lengths = _HEADER.unpack_from(raw)
    at = _HEADER.size
    values: list[bytes | None] = []
    for length in lengths:
        if length < 0:
            values.append(None)
            continue
        values.append(raw[at : at + length])
        at += length
    if at != len(raw):
        raise ValueError("a hit record's lengths do not add up")
    text = [(v or b"").decode("utf-8", "surrogatepass") for v in values[: len(STORED) + 1]]
    title_origin, body_folded, body_origin = values[len(STORED) + 1 :]
    return Shown(
        dict(zip(STORED, text, strict=False)),
        (text[len(STORED)], _origin(title_origin)),
        ((body_folded or b"").decode("utf-8", "surrogatepass"), _origin(body_origin)),
        cut,
    )


def _origin(raw: bytes | None) -> array[int] | None:
    if raw is None:
        return None
    if len(raw) % 4:
        raise ValueError("a hit record's origins are cut")
    return array("i", raw)


def read(searcher: Any, docs: Sequence[int]) -> list[Shown | None]:
    """Each global document's record, in order; None where its segment's records are not built
    (or cannot be read): the caller reads whoosh's stored fields then, as before."""
    plan = _plan(searcher.reader())
    bases = plan.bases
    out: list[Shown | None] = [None] * len(docs)
    wanted: dict[int, list[int]] = {}
    for i, doc in enumerate(docs):
        wanted.setdefault(bisect_right(bases, doc) - 1, []).append(i)
    for number, indices in wanted.items():
        folder = plan.folders[number]
        if folder is None:
            continue
        base = bases[number]
        records = plan.records[number]
        try:
            raws = records.read([docs[i] - base for i in indices]) if records is not None else None
            if raws is None:  # not opened yet, or closed since (more segments open than the limit)
                records = plan.records[number] = _open(folder)
                raws = records.read([docs[i] - base for i in indices]) if records is not None else None
            if raws is None:
                continue
            for i, (raw, cut) in zip(indices, raws, strict=True):
                out[i] = _decode(raw, cut)
                stats["bodies_cut"] += cut
            stats["records_read"] += len(indices)
        except FileNotFoundError:  # removed meanwhile (its segment merged away): whoosh's fields
            _close_at(folder)
            for i in indices:
                out[i] = None
        except (OSError, ValueError, struct.error, UnicodeDecodeError):
            log.warning("hit records at %s are unreadable; reading whoosh's stored fields and building them "
                        "again", folder, exc_info=True)
            for i in indices:
                out[i] = None
            _close_at(folder)
            shutil.rmtree(folder, ignore_errors=True)
            stats["damaged"] += 1  # the search service has them built again
    return out


def missing(searcher: Any) -> bool:
    """Whether some segment of the searcher has no hit records on disk yet."""
    for leaf, _base in searcher.reader().leaf_readers():
        folder = _folder(leaf)
        if folder is not None and not _complete(folder):
            return True
    return False


def _build(leaf: Any, folder: Path) -> bool:
    def fill(temporary: Path) -> bool:
        starts = array("q", [0])
        with open(temporary / "records", "wb") as out:
            at = 0
            for doc in range(leaf.doc_count_all()):
                raw = record(leaf.stored_fields(doc))
                out.write(raw)
                at += len(raw)
                starts.append(at)
        (temporary / _DONE).write_bytes(struct.pack(f"<{len(starts)}q", *starts))
        return True

    return write_whole(folder, fill, _complete)


def prepare(open_reader: Callable[[], Any]) -> None:
    """Build the hit records of every segment of a reader of its own that has none, and remove
    those of segments that are gone (and any of another layout). Meant for a background thread;
    one at a time."""

    def build(leaves: list[Any]) -> None:
        folders = [_folder(leaf) for leaf in leaves]
        for leaf, folder in zip(leaves, folders, strict=True):
            if folder is not None and not _complete(folder) and _build(leaf, folder):
                stats["segments_built"] += 1
        _remove_others(f for f in folders if f is not None)

    in_background(_building, open_reader, build, "hit records")


def _remove_others(current: Iterable[Path]) -> None:
    kept = list(current)
    names = {f.name for f in kept}
    for base in {f.parent for f in kept}:
        for old in base.iterdir() if base.exists() else ():
            if old.name not in names and not old.name.endswith(".tmp"):
                # merged away, or an older layout: closed first (Windows cannot delete an open
                # file); where another process still has them open (Windows), the next
                # preparation removes them
                _close_at(old)
                shutil.rmtree(old, ignore_errors=True)
