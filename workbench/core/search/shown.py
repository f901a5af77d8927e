"""What a hit shows, kept per index segment in a file beside the index: a derived cache, read by
offset (page cache, not Python objects), built in the background when missing, removed when its
segment is gone. The index stays a whoosh index; nothing here is ever the only copy of anything.

A page of hits used to cost, per hit, whoosh's stored fields (a zlib-compressed pickle of every
stored field, ~0.2 ms) and folding the start of the body for its snippet (NFKC, Traditional ->
Simplified through OpenCC, ~0.1 ms): half of a cold two-word search. Here a hit is two reads
at known offsets and a few UTF-8 decodes; the folded text is the very value ``snippets`` would
compute (``analysis.normalize`` of the same piece), so snippets are identical.

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

import logging
import shutil
import struct
import threading
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from workbench.core.search.analysis import ANALYSIS_VERSION, normalize
from workbench.core.search.derived import write_whole
from workbench.core.search.scoring import segment_key
from workbench.core.search.snippets import CHUNK, OVERLAP, Folded

log = logging.getLogger(__name__)
SUFFIX = ".shown"
LAYOUT = 1
PIECE = CHUNK + OVERLAP  # the body's first piece as snippets fold it
STORED = ("id", "kind", "title", "industry", "product", "tags", "body")
FIELDS = (*STORED, "title_folded", "title_origin", "body_folded", "body_origin")
_HEADER = struct.Struct(f"<{len(FIELDS)}i")
_START = struct.Struct("<q")
_DONE = "starts.i64"
_building = threading.Lock()
stats = {"segments_built": 0, "records_read": 0, "damaged": 0}


class Shown:
    """One hit's stored fields and its title and body start folded, as read from the cache."""

    __slots__ = ("body", "fields", "title")

    def __init__(self, fields: dict[str, str], title: Folded, body: Folded) -> None:
        self.fields, self.title, self.body = fields, title, body


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


# (index folder, segment) -> its records' folder, once seen complete: a segment's records never
# change once written, so a page of hits need not build paths and stat the folder again (a tenth
# of reading a page). A folder removed since (its segment merged away, or found damaged) is
# forgotten here when reading it fails.
_READY: dict[tuple[str, str], Path] = {}
_READY_LIMIT = 1024


def _ready_folder(leaf: Any) -> Path | None:
    """The leaf's records' folder when they are built, else None."""
    segment = segment_key(leaf)
    index_folder = getattr(getattr(leaf, "_storage", None), "folder", None)
    if segment is None or not index_folder:
        return None
    key = (str(index_folder), segment)
    folder = _READY.get(key)
    if folder is None:
        folder = Path(str(index_folder) + SUFFIX) / folder_name(segment)
        if not _complete(folder):
            return None
        if len(_READY) >= _READY_LIMIT:
            _READY.clear()
        _READY[key] = folder
    return folder


def _unready(folder: Path) -> None:
    for key in [k for k, f in list(_READY.items()) if f == folder]:
        _READY.pop(key, None)


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


def _decode(raw: bytes) -> Shown:
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
    leaves = searcher.reader().leaf_readers()
    bases = [base for _leaf, base in leaves]
    out: list[Shown | None] = [None] * len(docs)
    wanted: dict[int, list[int]] = {}
    for i, doc in enumerate(docs):
        wanted.setdefault(bisect_right(bases, doc) - 1, []).append(i)
    for number, indices in wanted.items():
        leaf, base = leaves[number]
        folder = _ready_folder(leaf)
        if folder is None:
            continue
        try:
            # unbuffered: each read is one system call of exactly what is wanted (os.pread is not
            # on Windows)
            with open(folder / "starts.i64", "rb", buffering=0) as starts, \
                    open(folder / "records", "rb", buffering=0) as records:
                for i in indices:
                    starts.seek((docs[i] - base) * _START.size)
                    lo, hi = struct.unpack("<2q", starts.read(2 * _START.size))
                    if not 0 <= lo <= hi:
                        raise ValueError("a hit record's offsets are out of order")
                    records.seek(lo)
                    raw = records.read(hi - lo)
                    if len(raw) != hi - lo:
                        raise ValueError("a hit record is cut short")
                    out[i] = _decode(raw)
                    stats["records_read"] += 1
        except FileNotFoundError:  # removed meanwhile (its segment merged away): whoosh's fields
            _unready(folder)
            for i in indices:
                out[i] = None
        except (OSError, ValueError, struct.error, UnicodeDecodeError):
            log.warning("hit records at %s are unreadable; reading whoosh's stored fields and building them "
                        "again", folder, exc_info=True)
            for i in indices:
                out[i] = None
            _unready(folder)
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
    if not _building.acquire(blocking=False):
        return
    try:
        reader = open_reader()
        try:
            leaves = [leaf for leaf, _base in reader.leaf_readers()]
            folders = [_folder(leaf) for leaf in leaves]
            for leaf, folder in zip(leaves, folders, strict=True):
                if folder is not None and not _complete(folder) and _build(leaf, folder):
                    stats["segments_built"] += 1
            _remove_others(f for f in folders if f is not None)
        finally:
            reader.close()
    except Exception:  # an index replaced or removed meanwhile: the next search asks again
        log.debug("preparing hit records failed", exc_info=True)
    finally:
        _building.release()


def _remove_others(current: Iterable[Path]) -> None:
    kept = list(current)
    names = {f.name for f in kept}
    for base in {f.parent for f in kept}:
        for old in base.iterdir() if base.exists() else ():
            if old.name not in names and not old.name.endswith(".tmp"):
                shutil.rmtree(old, ignore_errors=True)  # merged away, or an older layout
