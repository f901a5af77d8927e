"""Vectors as derived data: one set of passage vectors per item version, kept on this laptop
beside the search index, computed in the background, rebuilt only for what is missing.

On disk (``<home>/vectors``): ``vectors.f16``, the rows of every passage as float16 (1 KB per
passage at 512 dimensions), appended to and memory-mapped, and ``manifest.json``, which encoder
made them and, per item, the key of the version they were made from and where its rows are.
An item's key is its content hash (title, body, tags and the rest of what a person wrote), so a
save that changes nothing a person wrote (a use counted) re-encodes nothing; another encoder
name means every vector is stale. New rows are appended and fsynced before the manifest that
names them is replaced atomically: a crash in between leaves rows no manifest names, cut off on
the next open. A manifest that will not read, or a file shorter than it says, is rebuilt from the
database, never trusted; rows of changed or deleted items are dropped when they outgrow the
live ones (compaction rewrites the file).

In memory: the live rows as one float32 matrix (a BLAS product per query: about a millisecond per
10k passages on one core), grouped per item so an item scores by its best passage; a large
library as a projection of them, re-scored from the file (matrix.py).
"""

from __future__ import annotations

import json
import logging
import os
import threading
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.core.db.engine import Database
from workbench.core.db.models import KnowledgeChange, KnowledgeItem
from workbench.core.meaning.encoder import Encoder, Vectors
from workbench.core.meaning.matrix import EMPTY, Matrix, build
from workbench.core.meaning.passages import passages
from workbench.core.meaning.shared import fetch, item_key, publish
from workbench.core.search.derived import give_back_memory
from workbench.core.search.watermark import database_id, fingerprint_of, newest_change

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
ROWS_FILE = "vectors.f16"
MANIFEST = "manifest.json"
MANIFEST_CHUNK = 2000  # items serialised at a time when the manifest is written
FORMAT = 1
BATCH = 64  # items encoded between two saves: progress, and little lost to a crash
UNJUDGED_AT_MOST = 5  # items with no vectors (or 1 % of the library) before the vector leg waits
SLICE = 8  # passages per encoder call (the encoder serves one call at a time)
# Passages saved since a large library's matrix was built that are scored exactly beside it
# (Matrix.recent: 2 MB at most, well under a millisecond a query); beyond, the matrix is rebuilt
RECENT_ROWS = 1024
# Changes of the log looked up by their items after a sync that left nothing missing; more than
# this and every item is compared again (one pass over the table).
FOLLOW_AT_MOST = 2000


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    start: int
    count: int


class Entries:
    """Slug -> ``Entry`` (the manifest's items), kept as arrays: at 50k items an ``Entry`` and a
    64-character key string per item (with the manifest's parsed lists) were 11 MB, as arrays
    (one blob of keys, their ends, rows' starts and counts) 2 MB beside the slugs. A replaced
    or dropped item's slot stays unused until the manifest is next read."""

    def __init__(self) -> None:
        self._slot: dict[str, int] = {}
        self._keys = bytearray()
        self._key_ends = array("q")
        self._starts = array("q")
        self._counts = array("q")

    def __len__(self) -> int:
        return len(self._slot)

    def __contains__(self, slug: object) -> bool:
        return slug in self._slot

    def __iter__(self) -> Iterator[str]:
        return iter(self._slot)

    def key(self, slug: str) -> str | None:
        """The key of the version ``slug``'s rows were made from (None: no rows)."""
        slot = self._slot.get(slug)
        if slot is None:
            return None
        return self._keys[self._key_ends[slot - 1] if slot else 0 : self._key_ends[slot]].decode()

    def __getitem__(self, slug: str) -> Entry:
        slot = self._slot[slug]
        return Entry(self.key(slug) or "", self._starts[slot], self._counts[slot])

    def __setitem__(self, slug: str, entry: Entry) -> None:
        self._slot[slug] = len(self._starts)
        self._keys += entry.key.encode()
        self._key_ends.append(len(self._keys))
        self._starts.append(entry.start)
        self._counts.append(entry.count)

    def pop(self, slug: str) -> None:
        self._slot.pop(slug, None)

    def items(self) -> Iterator[tuple[str, Entry]]:
        for slug, key, start, count in self.records():
            yield slug, Entry(key, start, count)

    def records(self) -> Iterator[tuple[str, str, int, int]]:
        """(slug, key, first row, rows) of every item, read straight from the arrays."""
        keys, ends, starts, counts = self._keys, self._key_ends, self._starts, self._counts
        for slug, slot in self._slot.items():
            yield slug, keys[ends[slot - 1] if slot else 0 : ends[slot]].decode(), starts[slot], counts[slot]

    def spans(self) -> Iterator[tuple[str, int, int]]:
        """(slug, first row, rows) of every item, without building entries."""
        starts, counts = self._starts, self._counts
        for slug, slot in self._slot.items():
            yield slug, starts[slot], counts[slot]

    def live_rows(self) -> int:
        counts = self._counts
        return sum(counts[slot] for slot in self._slot.values())


class VectorStore:
    """The files, and the matrix read from them. Not thread-safe by itself: ``VectorKeeper``
    serialises writers and swaps the matrix readers see in one assignment."""

    def __init__(self, folder: Path, encoder_name: str, dim: int) -> None:
        self.folder = folder
        self.encoder_name = encoder_name
        self.dim = dim
        self.entries = Entries()
        self.rows = 0  # rows in the file that the manifest accounts for

    @property
    def rows_path(self) -> Path:
        return self.folder / ROWS_FILE

    def load(self) -> bool:
        """Read the manifest; False (and empty) when it is missing, damaged, of another encoder or
        names rows the file does not hold."""
        self.entries, self.rows = Entries(), 0
        try:
            data = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("encoder") != self.encoder_name or data.get("dim") != self.dim:
                log.info("vectors were made by another encoder or format; re-encoding")
                return False
            rows = int(data["rows"])
            entries = Entries()
            for slug, (k, s, c) in data.pop("items").items():
                entries[slug] = Entry(str(k), int(s), int(c))
            del data
        except FileNotFoundError:
            return False
        except Exception:
            log.warning("vector manifest at %s is unreadable; re-encoding", self.folder, exc_info=True)
            return False
        size = self.rows_path.stat().st_size if self.rows_path.exists() else 0
        if size < rows * self.dim * 2 or any(s < 0 or s + c > rows for _slug, s, c in entries.spans()):
            log.warning("vector file at %s is shorter than its manifest; re-encoding", self.folder)
            return False
        if size > rows * self.dim * 2:  # rows appended by a sync that never saved its manifest
            with self.rows_path.open("r+b") as f:
                f.truncate(rows * self.dim * 2)
        self.entries, self.rows = entries, rows
        return True

    def reset(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.rows_path.write_bytes(b"")
        self.entries, self.rows = Entries(), 0
        self.save()

    def append(self, new: dict[str, tuple[str, np.ndarray]]) -> None:
        """Rows for items (slug -> (key, vectors)) appended, then the manifest naming them."""
        with self.rows_path.open("ab") as f:
            for slug, (key, vectors) in new.items():
                f.write(np.ascontiguousarray(vectors, dtype=np.float16).tobytes())
                self.entries[slug] = Entry(key, self.rows, len(vectors))
                self.rows += len(vectors)
            f.flush()
            os.fsync(f.fileno())
        self.save()

    def drop(self, slugs: set[str]) -> None:
        for slug in slugs:
            self.entries.pop(slug)
        self.save()

    def save(self) -> None:
        """The manifest written MANIFEST_CHUNK items at a time (the whole document as one string
        was a 10 MB peak at 50k items, after every save; two json.dumps calls an item took 2.4 s
        there, after every save), then put in place whole."""
        head = {"format": FORMAT, "encoder": self.encoder_name, "dim": self.dim, "rows": self.rows}
        tmp = self.folder / (MANIFEST + ".tmp")
        with tmp.open("w", encoding="utf-8") as f:
            f.write(json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + ',"items":{')
            chunk: dict[str, list[str | int]] = {}
            written = False

            def flush() -> None:
                nonlocal written
                if chunk:
                    f.write(("," if written else "") + json.dumps(chunk, ensure_ascii=False, separators=(",", ":"))[1:-1])
                    written = True
                    chunk.clear()

            for slug, key, start, count in self.entries.records():
                chunk[slug] = [key, start, count]
                if len(chunk) >= MANIFEST_CHUNK:
                    flush()
            flush()
            f.write("}}")
        os.replace(tmp, self.folder / MANIFEST)

    def live_rows(self) -> int:
        return self.entries.live_rows()

    def compact(self) -> None:
        """Rewrite the file with the live rows only (after many edits or deletions)."""
        old = self.mapped()
        tmp = self.folder / (ROWS_FILE + ".tmp")
        entries = Entries()
        at = 0
        with tmp.open("wb") as f:
            for slug, e in self.entries.items():
                f.write(np.ascontiguousarray(old[e.start : e.start + e.count]).tobytes())
                entries[slug] = Entry(e.key, at, e.count)
                at += e.count
            f.flush()
            os.fsync(f.fileno())
        del old
        try:
            os.replace(tmp, self.rows_path)
        except OSError:  # Windows: a search still maps the old file; compact next time
            log.info("vector file in use; compaction postponed", exc_info=True)
            tmp.unlink(missing_ok=True)
            return
        self.entries, self.rows = entries, at
        self.save()

    def mapped(self) -> np.ndarray:
        if self.rows == 0:
            return np.zeros((0, self.dim), dtype=np.float16)
        return np.memmap(self.rows_path, dtype=np.float16, mode="r", shape=(self.rows, self.dim))


class VectorKeeper:
    """Keeps ``<home>/vectors`` in step with the database's items and answers nearest-item
    queries. ``sync`` is the background part (call it off the UI thread: the first build encodes
    every item, about 70 per second); ``nearest`` never encodes items, only the query."""

    def __init__(self, folder: Path, db: Database, encoder: Encoder, share: bool = False) -> None:
        self.folder = folder
        self.db = db
        self.encoder = encoder
        self.share = share  # fetch from / publish to the database's item_vectors (shared.py)
        self.fetched = 0  # items whose vectors this process took from the database
        self._store: VectorStore | None = None
        self._matrix = EMPTY
        self._write_lock = threading.Lock()
        self.last_fetched = 0  # by the last sync
        self.encoded = 0  # items encoded by this process (tests and benchmarks read it)
        self.compared = 0  # items whose keys the last sync compared (tests and benchmarks read it)
        # items of the library the matrix has no vectors for (of any version): those a first
        # build, stopped by closing the app, left for the next launch's sync to encode
        self.unjudged = 0
        # (database, newest change, its fingerprint) when every item's vectors were last current
        self._followed: tuple[str, int, str] | None = None

    def _opened(self) -> VectorStore:
        if self._store is None:
            store = VectorStore(self.folder, self.encoder.name, self.encoder.dim)
            if not store.load():
                store.reset()
            self._store = store
        return self._store

    def sync(self, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> int:
        """Encode the items whose current version has no vectors (with ``share``: first fetch
        those another laptop encoded, and publish what this one encodes), forget deleted items;
        returns how many items were encoded. Safe to call often: with nothing new it reads the
        change log's newest entry and the items it names since the last sync (the first sync of a
        process: one row per item), and encodes nothing."""
        with self._write_lock:
            store = self._opened()
            with self.db.read() as session:
                # read before the items: a change committed meanwhile is compared again next time
                newest = newest_change(session)
                followed = (database_id(session), newest, fingerprint_of(session, newest) or "")
                current, gone = self._changed(session, store, followed[0])
            missing = list(current)
            missing_at_start = list(missing)
            if gone:
                store.drop(gone)
            self.last_fetched = 0
            if self.share and missing:
                missing = self._fetch(store, current, missing, progress)
            done = 0
            for start in range(0, len(missing), BATCH):
                if cancelled is not None and cancelled():
                    break
                chunk = missing[start : start + BATCH]
                encoded = self._encode_items(chunk, cancelled)
                if encoded is None:  # cancelled mid-batch: nothing half-done is kept
                    break
                store.append(encoded)
                if self.share:
                    self._publish(encoded)
                done += len(chunk)
                if progress is not None:
                    progress(done, len(missing), "meaning")
            compacted = store.rows > 2 * max(1, store.live_rows()) and store.rows > 1000
            if compacted:
                store.compact()
            changed = [s for s in missing_at_start if store.entries.key(s) == current[s]]
            self.unjudged = sum(1 for s in missing_at_start if s not in store.entries)
            matrix = self._matrix
            if (changed and not gone and not compacted and matrix.projection is not None
                    and matrix.recent_rows() + sum(store.entries[s].count for s in changed) <= RECENT_ROWS):
                # a large library's matrix stays; what was saved since is scored exactly beside it
                rows = store.mapped()
                self._matrix = matrix.with_recent(
                    [(s, np.array(rows[store.entries[s].start : store.entries[s].start + store.entries[s].count],
                                  dtype=np.float32)) for s in changed])
                del rows
            elif done or gone or self.last_fetched or matrix is EMPTY:
                self._matrix = self._read_matrix(store)
            self.encoded += done
            # every item current: the next sync compares only the items the log names after this
            self._followed = followed if done == len(missing) else None
            if done:
                self.encoder.trim()
            if done or gone or changed or self.last_fetched:
                give_back_memory()  # the items' rows read, a matrix built, the manifest parsed
            return done

    def _changed(self, session: Session, store: VectorStore, database: str) -> tuple[dict[str, str], set[str]]:
        """(slug -> current key of each item whose vectors are missing or stale, slugs of items
        gone). After a sync that left every item current, only the items the change log names
        since then are compared (a save's sync at 50k items read every item's key: ~0.5 s); the
        first sync of a process, another database (restored or swapped) or a long log compares
        every item, in one pass."""
        followed = self._followed
        slugs: set[str] | None = None
        if followed is not None and followed[0] == database \
                and fingerprint_of(session, followed[1]) == followed[2]:
            named = list(session.scalars(select(KnowledgeChange.slug).where(KnowledgeChange.id > followed[1])
                                         .limit(FOLLOW_AT_MOST + 1)))
            slugs = set(named) if len(named) <= FOLLOW_AT_MOST else None
        self.compared = 0
        # the items compared as they are read: only the keys of those missing are kept (a dict
        # of every item's key was a 10 MB peak at 50k items)
        current: dict[str, str] = {}
        present: set[str] = set()
        query = select(KnowledgeItem.slug, KnowledgeItem.content_hash, KnowledgeItem.version)
        if slugs is not None:
            query = query.where(KnowledgeItem.slug.in_(sorted(slugs)))
        for slug, h, v in session.execute(query):
            present.add(slug)
            self.compared += 1
            key = item_key(h, v)
            if store.entries.key(slug) != key:
                current[slug] = key
        candidates = store.entries if slugs is None else slugs
        gone = {slug for slug in candidates if slug not in present and slug in store.entries}
        return current, gone

    def _fetch(self, store: VectorStore, current: dict[str, str], missing: list[str],
               progress: Progress | None) -> list[str]:
        """Take what the database has for ``missing`` into the files; returns what is still
        missing. A database that cannot answer leaves the rest to be encoded."""
        got: set[str] = set()
        try:
            for chunk in fetch(self.db, self.encoder.name, self.encoder.dim, {s: current[s] for s in missing}):
                if chunk:
                    store.append(chunk)
                    got.update(chunk)
                    if progress is not None:
                        progress(len(got), len(missing), "meaning")
        except Exception:
            log.warning("shared vectors could not be read; encoding them here", exc_info=True)
        self.last_fetched = len(got)
        self.fetched += len(got)
        return [slug for slug in missing if slug not in got]

    def _publish(self, encoded: dict[str, tuple[str, Vectors]]) -> None:
        try:
            publish(self.db, self.encoder.name, encoded)
        except Exception:  # derived data: the others encode it themselves
            log.warning("vectors could not be shared through the database", exc_info=True)

    def _encode_items(self, slugs: list[str], cancelled: Callable[[], bool] | None = None
                      ) -> dict[str, tuple[str, Vectors]] | None:
        with self.db.read() as session:
            rows = session.execute(
                select(KnowledgeItem.slug, KnowledgeItem.title, KnowledgeItem.body,
                       KnowledgeItem.content_hash, KnowledgeItem.version)
                .where(KnowledgeItem.slug.in_(slugs))).all()
        texts: list[str] = []
        spans: list[tuple[str, str, int, int]] = []
        for slug, title, body, content_hash, version in rows:
            parts = passages(title, body or "", self.encoder.window)
            spans.append((slug, item_key(content_hash, version), len(texts), len(parts)))
            texts.extend(parts)
        # a few passages per call: a search encoding its query waits for one slice, not a batch,
        # and a cancel (the window closing) is noticed within one slice
        parts_out = [np.zeros((0, self.encoder.dim), dtype=np.float32)]
        for i in range(0, len(texts), SLICE):
            if cancelled is not None and cancelled():
                return None
            parts_out.append(self.encoder.encode(texts[i : i + SLICE]))
        vectors = np.concatenate(parts_out)
        return {slug: (key, vectors[at : at + n]) for slug, key, at, n in spans}

    @staticmethod
    def _read_matrix(store: VectorStore) -> Matrix:
        ordered = sorted(store.entries.spans(), key=lambda span: span[1])
        return build([slug for slug, _s, _c in ordered], [(s, c) for _slug, s, c in ordered],
                     store.rows_path, store.dim)

    def ensure_loaded(self) -> None:
        """The matrix from the files as they are, without encoding anything; while a sync holds
        the files (a first build takes minutes) searches go on with what they had."""
        if self._matrix is not EMPTY or not self._write_lock.acquire(blocking=False):
            return
        try:
            store = self._opened()
            if not len(store.entries):  # nothing encoded yet: no matrix to build (every search asks)
                return
            self._matrix = self._read_matrix(store)
            if self._matrix is not EMPTY:
                self.unjudged = self._unjudged_on_disk(store)
        finally:
            self._write_lock.release()
        if self._matrix is not EMPTY:  # with no vectors yet this runs at every search: nothing was read
            give_back_memory()  # the manifest's text and the file's blocks, read while building

    def _unjudged_on_disk(self, store: VectorStore) -> int:
        """How many items have no vectors in the files read before any sync (a first build
        stopped halfway): the library's count against the files' (an item deleted since counts
        as one that has them until the sync, which counts exactly)."""
        try:
            with self.db.read() as session:
                items = int(session.scalar(select(func.count()).select_from(KnowledgeItem)) or 0)
        except Exception:
            log.warning("the library's items could not be counted; the sync will", exc_info=True)
            return 0
        return max(0, items - len(store.entries))

    def judges_library(self) -> bool:
        """Whether the matrix has vectors for all but a few of the library's items. Blended
        with the words, a part of the library would win over the rest only for having been
        encoded first; an item saved a moment ago, whose vectors follow within seconds, is one
        of the few. (The files are read first if nothing was: a launch counts what they lack.)"""
        self.ensure_loaded()
        return self.unjudged <= UNJUDGED_AT_MOST or self.unjudged <= self.count() // 100

    def nearest(self, text: str, limit: int = 50) -> list[tuple[str, float]]:
        """Items closest in meaning to ``text`` (their best passage), best first."""
        asked = self._asked(text)
        if asked is None:
            return []
        matrix, query = asked
        return matrix.best(query, limit)

    def _asked(self, text: str) -> tuple[Matrix, np.ndarray] | None:
        """The matrix as it is and ``text`` encoded against it; None when there is nothing to
        compare (no text, no vectors)."""
        if not text.strip():
            return None
        self.ensure_loaded()
        matrix = self._matrix
        if not matrix.slugs and matrix.recent is None:
            return None
        return matrix, self.encoder.encode([text[: self.encoder.window]])[0]

    def cosines(self, text: str, slugs: Iterable[str]) -> dict[str, float]:
        """Each item's best passage's cosine with ``text``, as ``nearest`` scores it, for items
        it may not have reached (an item found by its words alone); items without vectors are
        left out. The query's encoding is the one ``nearest`` made (the encoder keeps it)."""
        asked = self._asked(text)
        if asked is None:
            return {}
        matrix, query = asked
        out: dict[str, float] = {}
        for slug in slugs:
            rows = matrix.rows_of(slug)
            if rows is not None and len(rows):
                out[slug] = float((rows @ query).max())
        return out

    def prefetch(self, text: str) -> None:
        """Start encoding ``text`` as ``nearest`` will (where the encoder can do that beside
        the caller: ``Encoder.prefetch``); nothing when ``nearest`` would encode nothing."""
        matrix = self._matrix
        if text.strip() and (matrix.slugs or matrix.recent is not None):
            self.encoder.prefetch(text[: self.encoder.window])

    def nearest_to_item(self, slug: str, limit: int = 50) -> list[tuple[str, float]]:
        """Items closest to an item (by the mean of its passages), itself left out."""
        self.ensure_loaded()
        matrix = self._matrix
        rows = matrix.rows_of(slug)
        if rows is None:
            return []
        centre = rows.mean(axis=0)
        centre /= max(float(np.linalg.norm(centre)), 1e-9)
        return [(s, score) for s, score in matrix.best(centre, limit + 1) if s != slug][:limit]

    def version(self) -> object:
        """What ``nearest`` searches now: a new object whenever the vectors change."""
        return self._matrix

    def has(self, slug: str) -> bool:
        """Whether ``slug`` has vectors (of some version of it) to be judged by."""
        store = self._store
        return store is not None and slug in store.entries

    def count(self) -> int:
        self.ensure_loaded()
        matrix = self._matrix
        recent = matrix.recent
        return len(matrix.slugs) + (0 if recent is None else len(set(recent.slugs) - recent.hidden))
