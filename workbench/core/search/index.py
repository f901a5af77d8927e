"""The whoosh index as a cache of the database: one writer following the database's change log,
a warm searcher, and a rebuild whenever the index is missing, damaged or disagrees with the database.

Every laptop has its own index (one per workspace home) and follows the shared log by itself:
``knowledge_changes`` is append-only, and each index remembers in ``sync.json`` (beside its
segments) which database it follows and the id of the last change it applied, its watermark.

Why following the log by id never skips a change: every writer of ``knowledge_changes`` runs in a
serialised write transaction (engine.py: ``BEGIN IMMEDIATE`` on SQLite, one transaction-level
advisory lock on PostgreSQL, taken by ``Database.write()`` and by ``migrate.upgrade``). The writers
are ``knowledge/service.py`` (every save, archive, import, retro lesson, through ``_record``),
``demo_history.py`` (add: ids max+1 chosen under the lock, PostgreSQL's sequence moved past them;
remove: deletion markers) and the migrations (0002 and 0007 fill the log inside the migrating
transaction). A change's id is drawn while its transaction holds the write lock (SQLite: max(rowid)
+ 1; PostgreSQL: the serial's sequence, cache 1) and the lock is released only after the commit is
visible (PostgreSQL releases transaction locks after marking the transaction committed), so ids
are handed out in commit order: when a reader sees change N+1 committed, every change up to N is
committed and visible to it too. Ids a rolled-back transaction drew are gaps that never fill, so
"apply every change with id > watermark, in id order" misses nothing. A change read in a snapshot
is applied from the item as that same snapshot (or a later one) shows it, so the index is never
older than the log position it records. Applying a change twice is harmless (update_document
replaces by id, delete_by_term of a missing id does nothing): a crash between the whoosh commit
and the watermark write only means re-applying a batch. A writer outside the app (psql by hand)
that bypasses the lock and the log is not covered: ``workbench reindex`` repairs after one.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from whoosh import index as windex
from whoosh.filedb.filetables import _INT_SIZE, HashReader, _directory_size, _pointer
from whoosh.index import LockError
from whoosh.searching import Searcher
from whoosh.util.filelock import FileLock, try_for

from workbench.core.db.engine import Database
from workbench.core.db.models import KnowledgeChange, KnowledgeItem, KnowledgeQuestion, utcnow
from workbench.core.knowledge.service import to_view
from workbench.core.search import shown
from workbench.core.search.analysis import ANALYSIS_VERSION
from workbench.core.search.analyst import Vocabularies, plan
from workbench.core.search.build import BuildCancelled, analyse_in_workers, build, clear_derived, move_derived
from workbench.core.search.merging import MergeType, idle_plan, lazy, merging
from workbench.core.search.query import FIELD
from workbench.core.search.schema import build_schema, document
from workbench.core.search.scoring import FastBM25F
from workbench.core.search.segment_writer import Encoder, FastSegmentWriter
from workbench.core.search.watermark import (
    IndexLag,
    SyncState,
    database_id,
    fingerprint_of,
    newest_change,
)

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
# Changes applied per whoosh commit. One commit writes one segment, and writing a segment costs
# about as much per distinct word as per posting (a block per word): 1,000 changes in two commits
# wrote 30k words' blocks, in one about 22k. A batch's items are held in memory (~20 MB at 2,000).
BATCH = 2000
MARKER = "analysis-version"
BUILD_FILE = "build-id"  # a fresh name per rebuild: another process's rebuild is noticed by it
WRITER_LOCK = "MAIN_WRITELOCK"  # the file whoosh's writers lock (FileIndex.lock: <indexname>_WRITELOCK)
SWAP_WAIT_S = 60.0  # how long a rebuild waits for another process's sync commit before swapping
READ_BATCH = 250  # items read from the database (and handed to a worker) at a time
REBUILD_PROCS = min(2, os.cpu_count() or 1)
PARALLEL_FROM = 2000
PARALLEL_SYNC_FROM = 500  # changed items one sync commit analyses in worker processes (start-up ~0.5 s)


# A folder whose modification time is this recent is looked at in full even when its stamp did
# not change: a commit landing within the file system's timestamp granularity (a few ms; 2 s on
# FAT) of the last look would leave the folder's time as that look saw it.
SETTLED_S = 3.0

QUESTIONS_PER_ITEM = 20  # other wordings of an item indexed with it (the newest): bounds a document


def questions_of(session: Session, slugs: list[str]) -> dict[str, list[str]]:
    """Slug -> the other wordings of what the item answers (``knowledge_questions``), newest first."""
    if not slugs:
        return {}
    out: dict[str, list[str]] = {}
    rows = session.execute(select(KnowledgeQuestion.slug, KnowledgeQuestion.text)
                           .where(KnowledgeQuestion.slug.in_(slugs)).order_by(KnowledgeQuestion.id.desc()))
    for slug, text in rows:
        kept = out.setdefault(slug, [])
        if len(kept) < QUESTIONS_PER_ITEM:
            kept.append(text)
    return out


def _check_terms_file(leaf: Any) -> None:
    """Raise unless a segment's term file is whole. whoosh writes it as the terms, then 256 hash
    tables one after another, then their directory, then a pickle and its length at the very
    end; the reader found the directory from that length, so a file cut short (its end is what
    goes) points at tables that do not follow each other up to the directory. Walking every
    item's id instead, through the segments' merged term lists, took 0.4 s of the first search
    at 50,000 items; this is 256 comparisons a segment. Readers of another format are walked."""
    tindex = getattr(getattr(leaf, "_terms", None), "_tindex", None)
    tables = getattr(tindex, "tables", None)
    if not isinstance(tindex, HashReader) or not tables or len(tables) != 256:
        list(leaf.lexicon("id"))
        return
    dbfile = tindex.dbfile
    dbfile.seek(0, os.SEEK_END)
    end = dbfile.tell()
    extras = dbfile.get_int(end - _INT_SIZE)
    directory = end - _INT_SIZE - extras - _directory_size
    at = tindex.endofdata
    if not tindex.startofdata <= at <= directory:
        raise ValueError("search index term file: its data ends outside the file")
    for position, slots in tables:
        if position != at or slots < 0:
            raise ValueError("search index term file: its hash tables do not follow each other")
        at += slots * _pointer.size
    if at != directory:
        raise ValueError("search index term file: its hash tables do not end at their directory")


class _FolderSwapped(Exception):
    """The live index folder was absent when a writer was opened: another process is renaming
    the index it rebuilt into place."""


class SearchIndex:
    def __init__(self, folder: Path, db: Database, parallel_rebuild: bool = True) -> None:
        self.folder = folder
        self.db = db
        # A large rebuild (``parallel_from`` items or more) writes in worker processes, in the CLI
        # and in the desktop app alike: they are spawned, not forked (build.py), so the app's Qt
        # and worker threads are not copied into them.
        self.parallel_rebuild = parallel_rebuild
        self.rebuild_workers = REBUILD_PROCS
        self.parallel_from = PARALLEL_FROM
        self.parallel_sync_from = PARALLEL_SYNC_FROM
        self._ix: Any = None
        self._searcher: Searcher | None = None
        self._search_lock = threading.RLock()
        self._write_lock = threading.Lock()
        self._state: SyncState | None = None  # as last read or written by this process
        self._identity: str | None = None  # which build of the folder ``_ix`` reads
        self._opens = 0  # how many times an index was (re)opened: part of ``generation()``
        self._commits = 0  # commits written by this process: a look at the disk is due after one
        self._latest = -1  # the index generation the last look at the disk found
        self._looked = threading.local()  # ``one_look``: this thread's depth and what it saw
        # the folder's stamp when the disk was last looked at and what was found, while that stamp
        # is older than SETTLED_S (``_fresh_searcher``)
        self._settled: tuple[tuple[int, int, int], Searcher | None, int, int] | None = None
        self._healed: tuple[str | None, int] | None = None  # the index a heal last rebuilt
        self._merge_due = False  # a commit left small segments an idle sync may merge
        self.rebuilds = 0

    # --- opening and healing ----------------------------------------------------------------

    def ensure(self, progress: Progress | None = None) -> None:
        """Make the index usable: open it, or rebuild it when it is missing, unreadable, follows
        another database, is ahead of the database's log or its document count disagrees with
        the database. Then apply pending changes."""
        with self._write_lock:
            if not self._open_checked():
                self._rebuild_shared(progress)
        self.sync()

    def _open_checked(self) -> bool:
        try:
            if not windex.exists_in(str(self.folder)):
                return False
            if self._marker().read_text(encoding="utf-8").strip() != str(ANALYSIS_VERSION):
                log.info("search index was built with other text analysis; rebuilding")
                return False
            ix = windex.open_dir(str(self.folder))
            with ix.searcher() as s:
                indexed = s.doc_count()
                # every segment's term file checked: a truncated one fails here, not mid-search
                for leaf, _base in s.reader().leaf_readers():
                    _check_terms_file(leaf)
        except Exception:
            log.warning("search index at %s is unreadable; rebuilding", self.folder, exc_info=True)
            return False
        state = SyncState.read(self.folder)
        if state is None:
            log.info("search index has no record of the changes it applied; rebuilding")
            return False
        with self.db.read() as session:
            current_db = database_id(session)
            newest = newest_change(session)
            fingerprint = fingerprint_of(session, state.watermark)
            expected = session.scalar(select(func.count(KnowledgeItem.id))) or 0
            pending = session.scalar(select(func.count(KnowledgeChange.id))
                                     .where(KnowledgeChange.id > state.watermark)) or 0
        if state.database_id != current_db:
            log.warning("search index follows database %s, the app uses %s; rebuilding",
                        state.database_id, current_db)
            return False
        if state.watermark > newest or fingerprint != state.fingerprint:
            log.warning("search index applied change %s, the database's log ends at %s or holds another change "
                        "there (restored from a backup?); rebuilding", state.watermark, newest)
            return False
        if indexed != expected and not pending:
            log.warning("search index has %s documents, database %s items; rebuilding", indexed, expected)
            return False
        self._state = state
        self._set_index(ix, self._disk_identity())
        return True

    def _marker(self) -> Path:
        return self.folder / MARKER

    def _disk_identity(self) -> str | None:
        """Which build of the index the folder holds now: its build id (the folder itself for an
        index built before build ids); None when there is no folder. A rebuild in any process
        sharing this data folder changes it."""
        try:
            return (self.folder / BUILD_FILE).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            try:
                return f"folder:{os.stat(self.folder).st_ino}"
            except FileNotFoundError:
                return None

    def _set_index(self, ix: Any, identity: str | None) -> None:
        with self._search_lock:
            self._drop_searcher()
            self._ix = ix
            self._identity = identity
            self._opens += 1
            self._searcher = ix.searcher(weighting=FastBM25F())

    def _drop_searcher(self) -> None:
        """Close the warm searcher; the next search opens a new one."""
        with self._search_lock:
            searcher, self._searcher = self._searcher, None
            if searcher is not None:
                try:
                    searcher.close()
                except Exception:  # its files may be gone already: nothing left to release
                    log.debug("closing a searcher failed", exc_info=True)

    @contextmanager
    def one_look(self) -> Iterator[None]:
        """Within this block this thread looks at the disk once: the first ``searcher()`` or
        ``generation()`` checks what is on disk (the build id and the directory listing for the
        newest generation: ~0.15 ms), the later ones reuse what it saw, unless this process
        committed or reopened the index meanwhile. A search took four looks (the cache's
        generation, the search, the meaning leg, did-you-mean's tables), a tenth of a typical
        search's time; what another process commits meanwhile is seen by the next search, as
        before when it committed just after the search began."""
        looked = self._looked
        depth = getattr(looked, "depth", 0)
        looked.depth = depth + 1
        if depth == 0:
            looked.seen = None
        try:
            yield
        finally:
            looked.depth = depth
            if depth == 0:
                looked.seen = None

    def _fresh_searcher(self) -> Searcher:
        """The warm searcher, reopened when what is on disk changed: a commit (here or in another
        process), or the folder swapped by another process's rebuild (``workbench reindex``),
        which is opened as it is, without a rebuild. Raises when the index cannot be read (the
        folder deleted, files damaged): the searcher is dropped then, never left closed, and the
        caller heals (``heal``). Call under ``_search_lock``. Inside ``one_look`` the disk is
        looked at once."""
        looked = self._looked
        pinned = getattr(looked, "depth", 0) > 0
        seen = looked.seen if pinned else None
        if seen is not None and seen[0] is self._searcher and seen[1:] == (self._opens, self._commits):
            return seen[0]
        stamp = self._stamp()
        if stamp is not None and self._settled is not None and self._settled[0] == stamp \
                and self._settled[1] is self._searcher and self._settled[2:] == (self._opens, self._commits):
            if pinned:
                looked.seen = (self._searcher, self._opens, self._commits)
            return self._settled[1]
        self._settled = None
        try:
            identity = self._disk_identity()
            if identity is None:
                raise FileNotFoundError(f"search index folder {self.folder} is gone")
            if identity != self._identity:
                log.info("search index was rebuilt by another process; opening it")
                self._drop_searcher()
                self._ix = windex.open_dir(str(self.folder))
                self._identity = identity
                self._opens += 1
                self._state = SyncState.read(self.folder) or self._state
            latest = int(self._ix.latest_generation())  # a directory listing
            # what Searcher.up_to_date() compares, without listing the directory a second time
            if self._searcher is None or latest != self._searcher.reader().generation():
                # Not Searcher.refresh(): it reuses readers of unchanged segments and so keeps
                # their old deletions (an archived item's previous version came back), and it
                # fails outright on an empty index.
                self._drop_searcher()
                self._searcher = self._ix.searcher(weighting=FastBM25F())
            self._latest = latest
            if pinned:
                looked.seen = (self._searcher, self._opens, self._commits)
            if stamp is not None and time.time() - stamp[1] / 1e9 > SETTLED_S:
                self._settled = (stamp, self._searcher, self._opens, self._commits)
            return self._searcher
        except BaseException:
            self._drop_searcher()
            raise

    def _stamp(self) -> tuple[int, int, int] | None:
        """The index folder's inode and modification and change times: a commit adds files to
        the folder (a new table of contents) and a rebuild swaps in another folder, so while the
        stamp stays what it was when the disk was last looked at, nothing was committed."""
        try:
            st = os.stat(self.folder)
        except OSError:
            return None
        return st.st_ino, st.st_mtime_ns, st.st_ctime_ns

    def generation(self) -> int:
        """Changes whenever what searches can see changes (a commit, or a rebuild in any
        process). -1 before the index is opened. Raises when the index cannot be read."""
        with self._search_lock:
            if self._ix is None:
                return -1
            self._fresh_searcher()
            return self._latest * 1_000_000 + self._opens

    def is_open(self) -> bool:
        return self._ix is not None

    @contextmanager
    def searcher(self) -> Iterator[Searcher]:
        """The warm searcher, refreshed when the index changed. Serialised: whoosh searchers
        are not meant to be shared across threads."""
        if self._ix is None:
            self.ensure()
        with self._search_lock:
            yield self._fresh_searcher()

    def _commit(self, writer: Any, then: Callable[[], None] | None = None, mergetype: MergeType = lazy) -> None:
        """Commit an incremental write while no search is in progress. whoosh's commit merges
        small segments and deletes their files, and a searcher opens a segment's stored-fields
        and length files only when it first needs them: a search running across the commit
        found them gone ('NoneType' object is not subscriptable) and healed by rebuilding the
        whole index. Every search refreshes its searcher after the commit (``searcher()``).

        ``then`` (the watermark write) runs after the commit with the index's writer lock still
        held: whoosh releases it at the end of ``commit()``, and another process's rebuild,
        waiting for that lock to swap its folder in, renamed the folder away in between, so the
        watermark went to a folder about to be deleted, or over the fresh index's own."""
        lock, writer.writelock = writer.writelock, None  # released here, after ``then``
        try:
            with self._search_lock:
                writer.commit(mergetype=mergetype)  # merging.py: small segments merged when idle
                self._commits += 1  # a search's ``one_look`` looks at the disk again
            self._merge_due = True
            if then is not None:
                then()
        finally:
            if lock is not None:
                lock.release()

    @property
    def opened(self) -> int:
        """How many times this process has (re)opened an index: a caller that saw a read fail
        passes the value it read before to ``heal``."""
        return self._opens

    def heal(self, opened: int | None = None) -> None:
        """After a read failed. Nothing to do when an index was opened since the failed read
        began (``opened``: another thread's sync or heal rebuilt it meanwhile). An index another
        process rebuilt or replaced meanwhile is opened as it is; otherwise the index is rebuilt
        from the database, at most once per state of the index: when the very index a heal just
        built fails again, the failure is not the index's, and rebuilding on every search would
        only make it slow (the caller's retry raises the error then)."""
        with self._write_lock:
            if opened is not None and opened != self._opens and self._ix is not None:
                return
            self._drop_searcher()
            if self._disk_identity() not in (None, self._identity) and self._open_checked():
                return
            before = self._index_state()
            if self._healed is not None and self._healed == before:
                log.warning("search failed on the index a heal just rebuilt (or failed to); not rebuilding it again")
                return
            try:
                self._rebuild_shared(None)
            except BaseException:
                # a rebuild that fails (disk full) is not retried by every search either: the
                # index keeper's next poll (sync) tries again
                self._healed = before
                raise
            self._healed = self._index_state()

    def _index_state(self) -> tuple[str | None, int]:
        try:
            generation = int(self._ix.latest_generation()) if self._ix is not None else -1
        except Exception:
            generation = -1
        return self._disk_identity(), generation

    def _rebuild_shared(self, progress: Progress | None) -> int:
        """Rebuild because the index is missing or broken, unless another process sharing this
        data folder is rebuilding it already: then wait for it and open its index (a single
        rebuild, not one per process)."""
        with self._rebuild_lock():
            if self._disk_identity() not in (None, self._identity) and self._open_checked():
                return 0
            return self._rebuild_locked(progress, None, cross_process=False)

    @contextmanager
    def _rebuild_lock(self) -> Iterator[None]:
        """One rebuild at a time among the processes sharing this data folder (they build in the
        same ``.new`` folder). An OS file lock: it goes with a process that dies."""
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.folder.with_name(self.folder.name + ".lock")))
        if not lock.acquire(blocking=False):
            log.warning("another process is rebuilding the search index at %s; waiting for it", self.folder)
            lock.acquire(blocking=True)
        try:
            yield
        finally:
            lock.release()

    # --- following the database's change log ---------------------------------------------------

    def sync(self, batch: int = BATCH, progress: Progress | None = None) -> int:
        """Apply the database's changes this index has not applied yet (id > watermark), in id
        order, ``batch`` changes per whoosh commit; the watermark is written after each commit.
        Returns how many items were (re)indexed or dropped; 0 when nothing changed or another
        process holds the writer (the changes wait for the next call).

        Cheap when nothing changed: one ``SELECT max(id)`` compared with the watermark and one
        small file read (the folder's build id), no whoosh writer opened. A folder that is gone
        (deleted by hand) is rebuilt, reporting to ``progress``; one another process rebuilt is
        opened as it is."""
        if self._ix is None or self._disk_identity() != self._identity:
            # not opened yet, or the folder was deleted or rebuilt by another process
            with self._write_lock:
                if (self._ix is None or self._disk_identity() != self._identity) and not self._open_checked():
                    self._rebuild_shared(progress)
        with self.db.read() as session:
            newest = newest_change(session)
        if self._state is not None and newest == self._state.watermark:
            self.idle_merge()
            return 0
        with self._write_lock:
            for _attempt in range(2):
                try:
                    return self._sync_locked(batch)
                except _FolderSwapped:
                    # Another process swapped in the index it rebuilt between the check above
                    # and opening the writer (the folder is absent for a moment while it is
                    # renamed): wait for that rebuild, open its index, and apply what it lacks.
                    log.info("search index folder was being swapped by another process; syncing the new one")
                    if not self._open_checked():
                        self._rebuild_shared(progress)
            return 0  # swapped yet again: the next call applies the changes

    def idle_merge(self) -> bool:
        """Merge a few small segments (``merging.idle_plan``) when a commit of this process may
        have left some: called by ``sync`` when there is nothing to apply. Skipped when another
        thread or process is writing. Returns whether it merged."""
        if not self._merge_due or self._ix is None or not self._write_lock.acquire(blocking=False):
            return False
        try:
            self._merge_due = False
            chosen = idle_plan(self._ix._segments())
            if not chosen:
                return False
            try:
                writer = self._open_writer(timeout=0.0)
            except (LockError, _FolderSwapped):
                self._merge_due = True  # next time
                return False
            try:
                self._commit(writer, mergetype=merging(chosen))
            except BaseException:
                if not writer.is_closed:
                    writer.cancel()
                raise
            return True
        finally:
            self._write_lock.release()

    def _open_writer(self, timeout: float) -> Any:
        """The whoosh writer of the live folder. Raises ``_FolderSwapped`` when the folder is
        absent (another process renames its rebuilt index into place), LockError when another
        process is writing."""
        try:
            writer = FastSegmentWriter(self._ix, timeout=timeout, compound=False)
        except FileNotFoundError as exc:  # the lock file could not be created: no folder
            raise _FolderSwapped from exc
        # The lock file was opened by path: opened just before a swap and locked just after it,
        # it is the old folder's, and the live folder is not locked at all.
        fd = getattr(writer.writelock, "fd", None)
        try:
            held = fd is None or os.fstat(fd).st_ino == os.stat(self.folder / WRITER_LOCK).st_ino
        except FileNotFoundError:
            held = False
        if not held:
            writer.cancel()
            raise _FolderSwapped
        return writer

    def _sync_locked(self, batch: int) -> int:
        applied = 0
        while True:
            try:
                writer = self._open_writer(timeout=2.0)
            except LockError:
                log.info("search index is being written by another process; will retry")
                return applied
            try:
                step = self._apply_batch(writer, batch)
            except BaseException:
                if not writer.is_closed:  # not when the commit went through and a later step failed
                    writer.cancel()
                raise
            if step is None:  # the log went back: the database was restored from a backup
                log.warning("the database's change log no longer holds what this index applied; rebuilding")
                return applied + self._rebuild_locked(None)
            read, items = step
            applied += items
            if read < batch:
                return applied

    def _apply_batch(self, writer: Any, batch: int) -> tuple[int, int] | None:
        """One batch of changes, committed, then the watermark written. Returns how many changes
        were read (fewer than ``batch``: the log is applied) and how many items they touched;
        None when the watermark is not in the log any more (the writer is cancelled then)."""
        # under the writer: the file says what any process sharing this folder applied
        state = SyncState.read(self.folder) or self._state
        assert state is not None
        # the log and the items from one snapshot: the items are at least as new as the changes
        with self.db.read() as session:
            if state.watermark > newest_change(session) or fingerprint_of(session, state.watermark) != state.fingerprint:
                writer.cancel()
                return None
            rows = session.execute(
                select(KnowledgeChange.id, KnowledgeChange.slug, KnowledgeChange.deleted)
                .where(KnowledgeChange.id > state.watermark)
                .order_by(KnowledgeChange.id)
                .limit(batch)
            ).all()
            if not rows:
                writer.cancel()
                self._state = state
                return 0, 0
            deleted = {slug: gone for _id, slug, gone in rows}  # the latest change per item wins
            last_id = int(rows[-1][0])
            fingerprint = fingerprint_of(session, last_id) or ""
            many = self.parallel_rebuild and self.rebuild_workers > 1 and len(deleted) >= self.parallel_sync_from
            if not many:
                kept = self._changed_documents(session, deleted)
        applied = SyncState(state.database_id, last_id, fingerprint)
        if many:
            # Many changes (another laptop's import): the text analysed in worker processes, as
            # a rebuild does. The workers start first (about half a second before they can
            # analyse): meanwhile this process reads the items. Their old versions are deleted
            # once the new ones are handed out, while the workers analyse them (a quarter of a
            # second at 1,000 items that held up the first batch). Deleting every changed item
            # and adding its new version is what update_document does item by item; the order
            # does not matter: a delete sees committed segments only, never the one being written.
            def batches() -> Iterator[list[dict[str, object]]]:
                with self.db.read() as session:  # as new as the changes read above, or newer
                    kept = self._changed_documents(session, deleted)
                for at in range(0, len(kept), READ_BATCH):
                    yield kept[at : at + READ_BATCH]
                for slug in deleted:
                    writer.delete_by_term("id", slug)

            vocabularies = Vocabularies(plan(writer.schema))

            def commit(encoder: Encoder) -> None:
                # while the workers still run: they make the new segment's terms' bytes (zlib
                # and pickle, most of a commit's time), as they do for a rebuild's segments
                writer.encoder, writer.arrays_field = encoder, FIELD
                self._commit(writer, then=lambda: applied.write(self.folder))

            analyse_in_workers(vocabularies, batches(), self.rebuild_workers,
                               lambda docs, analysed: vocabularies.add(writer, docs, analysed), finish=commit)
        else:
            documents = {str(d["id"]): d for d in kept}
            for slug in deleted:
                if slug in documents:
                    writer.update_document(**documents[slug])
                else:
                    writer.delete_by_term("id", slug)
            self._commit(writer, then=lambda: applied.write(self.folder))
        self._state = applied
        return len(rows), len(deleted)

    @staticmethod
    def _changed_documents(session: Session, deleted: dict[str, bool]) -> list[dict[str, object]]:
        """The index documents of the changed items that exist and are not deleted, in the
        changes' order."""
        items = {
            i.slug: to_view(i)
            for i in session.scalars(
                select(KnowledgeItem).options(selectinload(KnowledgeItem.tags)).where(KnowledgeItem.slug.in_(list(deleted)))
            )
        }
        asked = questions_of(session, list(items))
        return [document(items[slug], asked.get(slug, ())) for slug, gone in deleted.items() if slug in items and not gone]

    def forget_locally(self, slugs: list[str]) -> int:
        """Drop from this laptop's index the items the database does not hold (found by a
        search): a local repair that writes nothing to the shared database. Skipped (0) when the
        writer is busy; the item's own deletion marker, or the next rebuild, does it then."""
        if not slugs or self._ix is None or not self._write_lock.acquire(blocking=False):
            return 0
        try:
            try:
                writer = self._open_writer(timeout=0.5)
            except (LockError, _FolderSwapped):
                return 0
            try:
                # checked again under the writer: an item re-created meanwhile and already
                # indexed by a sync must stay
                with self.db.read() as session:
                    present = set(session.scalars(select(KnowledgeItem.slug).where(KnowledgeItem.slug.in_(slugs))))
                gone = [slug for slug in slugs if slug not in present]
                for slug in gone:
                    writer.delete_by_term("id", slug)
                self._commit(writer)
            except BaseException:
                if not writer.is_closed:
                    writer.cancel()
                raise
            return len(gone)
        finally:
            self._write_lock.release()

    def lag(self) -> IndexLag:
        """How far this index is behind the database: indexed queries only (the primary key),
        no whoosh reader opened."""
        state = SyncState.read(self.folder)
        watermark = state.watermark if state is not None else 0
        with self.db.read() as session:
            newest = newest_change(session)
            pending = int(session.scalar(select(func.count(KnowledgeChange.id))
                                         .where(KnowledgeChange.id > watermark)) or 0)
            oldest = session.scalar(select(KnowledgeChange.changed_at).where(KnowledgeChange.id > watermark)
                                    .order_by(KnowledgeChange.id).limit(1))
        age = max(0.0, (utcnow() - oldest).total_seconds()) if oldest is not None else None
        return IndexLag(pending, age, watermark, newest, built=state is not None)

    # --- rebuilding ---------------------------------------------------------------------------

    def rebuild(self, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> int:
        """Rebuild from the database, always (``workbench reindex``, after the user dictionary
        changed). While another process sharing this data folder rebuilds its index, this one
        waits and then rebuilds: never two at the same time."""
        with self._write_lock:
            return self._rebuild_locked(progress, cancelled)

    def _rebuild_locked(
        self, progress: Progress | None, cancelled: Callable[[], bool] | None = None, cross_process: bool = True
    ) -> int:
        if not cross_process:  # the caller holds the rebuild lock
            return self._build_and_swap(progress, cancelled)
        with self._rebuild_lock():
            return self._build_and_swap(progress, cancelled)

    def _build_and_swap(self, progress: Progress | None, cancelled: Callable[[], bool] | None) -> int:
        """Build a fresh index beside the old one, then swap it in: searches go on meanwhile.
        Reads the database only: other laptops' indexes and the shared change log are not
        touched. The watermark is the newest change id read before any item is: a change
        committed during the rebuild has a higher id and is applied (again) by the next sync."""
        self.rebuilds += 1
        fresh = self.folder.with_name(self.folder.name + ".new")
        shutil.rmtree(fresh, ignore_errors=True)
        clear_derived(fresh)
        fresh.mkdir(parents=True)
        windex.create_in(str(fresh), build_schema())
        (fresh / MARKER).write_text(str(ANALYSIS_VERSION), encoding="utf-8")
        identity = uuid.uuid4().hex
        (fresh / BUILD_FILE).write_text(identity, encoding="utf-8")
        with self.db.read() as session:
            watermark = newest_change(session)  # first, before any item is read
            fingerprint = fingerprint_of(session, watermark) or ""
            current_db = database_id(session)
            total = session.scalar(select(func.count(KnowledgeItem.id))) or 0
            ids = list(session.scalars(select(KnowledgeItem.id).order_by(KnowledgeItem.id)))
        # Worker processes segment and write segments in parallel while this one reads the
        # database (build.py; spawned, never forked: safe in the desktop app too); small
        # rebuilds are not worth starting them.
        workers = self.rebuild_workers if self.parallel_rebuild and len(ids) >= self.parallel_from else 1
        try:
            done = build(str(fresh), self._documents(ids), workers,
                         progress=(lambda n: progress(n, total, "")) if progress is not None else None,
                         cancelled=cancelled)
            state = SyncState(current_db, watermark, fingerprint)
            state.write(fresh)  # swapped in with the segments it describes
        except BuildCancelled as stopped:
            shutil.rmtree(fresh, ignore_errors=True)
            clear_derived(fresh)
            return stopped.done
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            clear_derived(fresh)
            raise
        with self._search_lock:
            self._drop_searcher()
            self._ix = None
            old = self.folder.with_name(self.folder.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            with self._live_writer_lock():
                if self.folder.exists():
                    self.folder.rename(old)
                fresh.rename(self.folder)
            move_derived(fresh, self.folder)  # the fresh segments' caches (build.derive): searches find them ready
            shutil.rmtree(old, ignore_errors=True)
            self._set_index(windex.open_dir(str(self.folder)), identity)
            self._state = state
        log.info("search index rebuilt: %s items, up to change %s", done, watermark)
        return done

    def _documents(self, ids: list[int]) -> Iterator[list[dict[str, object]]]:
        """The items with these ids as index documents, ``READ_BATCH`` at a time, each batch
        read in a snapshot of its own."""
        for start in range(0, len(ids), READ_BATCH):
            with self.db.read() as session:
                chunk = session.scalars(
                    select(KnowledgeItem)
                    .options(selectinload(KnowledgeItem.tags))
                    .where(KnowledgeItem.id.in_(ids[start : start + READ_BATCH]))
                )
                views = [to_view(i) for i in chunk]
                asked = questions_of(session, [v.slug for v in views])
            yield [document(view, asked.get(view.slug, ())) for view in views]

    @contextmanager
    def _live_writer_lock(self) -> Iterator[None]:
        """Hold the live index's whoosh writer lock while the folder is swapped: a sync in
        another process finishes its commit first instead of writing half into the old folder
        and half into the new one (whoosh writes by path)."""
        lock = FileLock(str(self.folder / WRITER_LOCK))
        if not self.folder.exists():
            yield
            return
        if not try_for(lambda: lock.acquire(blocking=False), timeout=SWAP_WAIT_S, delay=0.05):
            raise LockError(f"another process kept writing the search index at {self.folder}")
        try:
            yield
        finally:
            lock.release()

    def doc_count(self) -> int:
        with self.searcher() as s:
            return int(s.doc_count())

    def close(self) -> None:
        with self._search_lock:
            self._drop_searcher()
            self._ix = None
            self._identity = None
            shown.forget(self.folder)  # the hit records' files kept open (Windows could not delete them)
