"""The whoosh index as a cache of the database: one writer draining the dirty queue, a warm
searcher, and a rebuild whenever the index is missing, damaged or disagrees with the database."""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload
from whoosh import index as windex
from whoosh.index import LockError
from whoosh.searching import Searcher

from workbench.core.db.engine import Database
from workbench.core.db.models import KnowledgeChange, KnowledgeItem
from workbench.core.knowledge.service import to_view
from workbench.core.search.analysis import ANALYSIS_VERSION
from workbench.core.search.schema import build_schema, document
from workbench.core.search.scoring import FastBM25F

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
BATCH = 500
MARKER = "analysis-version"
REBUILD_PROCS = min(2, os.cpu_count() or 1)
PARALLEL_FROM = 2000
WRITER_MB = 256  # a full rebuild
DRAIN_MB = 32  # a few changed items


class SearchIndex:
    def __init__(self, folder: Path, db: Database, parallel_rebuild: bool = False) -> None:
        self.folder = folder
        self.db = db
        # Two writer processes are forked for a large rebuild only where that is safe: a
        # single-threaded process (the CLI). Forking the desktop app, with Qt and worker threads
        # holding locks, could deadlock the children.
        self.parallel_rebuild = parallel_rebuild
        self._ix: Any = None
        self._searcher: Searcher | None = None
        self._search_lock = threading.RLock()
        self._write_lock = threading.Lock()
        self.rebuilds = 0

    # --- opening and healing ----------------------------------------------------------------

    def ensure(self, progress: Progress | None = None) -> None:
        """Make the index usable: open it, or rebuild it when it is missing, unreadable or its
        document count disagrees with the database. Then apply pending changes."""
        with self._write_lock:
            if not self._open_checked():
                self._rebuild_locked(progress)
        self.drain()

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
                # touch every segment's files: a truncated one fails here, not mid-search
                list(s.lexicon("id"))
        except Exception:
            log.warning("search index at %s is unreadable; rebuilding", self.folder, exc_info=True)
            return False
        with self.db.read() as session:
            expected = session.scalar(select(func.count(KnowledgeItem.id))) or 0
            pending = session.scalar(select(func.count(KnowledgeChange.id))) or 0
        if indexed != expected and not pending:
            log.warning("search index has %s documents, database %s items; rebuilding", indexed, expected)
            return False
        self._set_index(ix)
        return True

    def _marker(self) -> Path:
        return self.folder / MARKER

    def _set_index(self, ix: Any) -> None:
        with self._search_lock:
            if self._searcher is not None:
                self._searcher.close()
            self._ix = ix
            self._searcher = ix.searcher(weighting=FastBM25F())

    def generation(self) -> int:
        """Changes whenever what searches can see changes (a commit or a rebuild)."""
        with self._search_lock:
            if self._ix is None:
                return -1
            if self._searcher is not None and not self._searcher.up_to_date():
                self._searcher.close()
                self._searcher = self._ix.searcher(weighting=FastBM25F())
            return int(self._ix.latest_generation()) * 1000 + self.rebuilds

    def is_open(self) -> bool:
        return self._ix is not None

    @contextmanager
    def searcher(self) -> Iterator[Searcher]:
        """The warm searcher, refreshed when the index changed. Serialised: whoosh searchers
        are not meant to be shared across threads."""
        if self._ix is None:
            self.ensure()
        with self._search_lock:
            assert self._searcher is not None
            if not self._searcher.up_to_date():
                # Not Searcher.refresh(): it reuses readers of unchanged segments and so keeps
                # their old deletions (an archived item's previous version came back), and it
                # fails outright on an empty index.
                self._searcher.close()
                self._searcher = self._ix.searcher(weighting=FastBM25F())
            yield self._searcher

    def heal(self) -> None:
        """After a read failed: rebuild from the database."""
        with self._write_lock:
            self._rebuild_locked(None)

    # --- writing ------------------------------------------------------------------------------

    def drain(self, limit: int | None = None) -> int:
        """Index what the queue says changed. Returns how many items were (re)indexed; 0 when
        another process holds the writer (the queue stays for later)."""
        if self._ix is None:
            with self._write_lock:
                if not self._open_checked():
                    self._rebuild_locked(None)
        with self._write_lock:
            with self.db.read() as session:
                rows = session.execute(select(KnowledgeChange.id, KnowledgeChange.slug).order_by(KnowledgeChange.id).limit(limit or 100_000)).all()
            if not rows:
                return 0
            last_id = rows[-1][0]
            slugs = list(dict.fromkeys(slug for _id, slug in rows))
            try:
                writer = self._ix.writer(timeout=2.0, limitmb=DRAIN_MB, compound=False)
            except LockError:
                log.info("search index is being written by another process; will retry")
                return 0
            try:
                for start in range(0, len(slugs), BATCH):
                    chunk = slugs[start : start + BATCH]
                    with self.db.read() as session:
                        items = {
                            i.slug: to_view(i)
                            for i in session.scalars(
                                select(KnowledgeItem)
                                .options(selectinload(KnowledgeItem.tags))
                                .where(KnowledgeItem.slug.in_(chunk))
                            )
                        }
                    for slug in chunk:
                        if slug in items:
                            writer.update_document(**document(items[slug]))
                        else:
                            writer.delete_by_term("id", slug)
                writer.commit()
            except BaseException:
                writer.cancel()
                raise
            with self.db.write() as session:
                session.execute(delete(KnowledgeChange).where(KnowledgeChange.id <= last_id))
            return len(slugs)

    def rebuild(self, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> int:
        with self._write_lock:
            return self._rebuild_locked(progress, cancelled)

    def _rebuild_locked(self, progress: Progress | None, cancelled: Callable[[], bool] | None = None) -> int:
        """Build a fresh index beside the old one, then swap it in: searches go on meanwhile."""
        self.rebuilds += 1
        fresh = self.folder.with_name(self.folder.name + ".new")
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        ix = windex.create_in(str(fresh), build_schema())
        (fresh / MARKER).write_text(str(ANALYSIS_VERSION), encoding="utf-8")
        with self.db.read() as session:
            last_queued = session.scalar(select(func.max(KnowledgeChange.id)))
            total = session.scalar(select(func.count(KnowledgeItem.id))) or 0
            ids = list(session.scalars(select(KnowledgeItem.id).order_by(KnowledgeItem.id)))
        # Two processes segment and index in parallel (1.6-1.9x measured here); small rebuilds
        # are not worth starting them.
        procs = REBUILD_PROCS if self.parallel_rebuild and len(ids) >= PARALLEL_FROM else 1
        # compound=False: whoosh copies a compound segment whole into memory (BytesIO) when it
        # opens it (130 MB of RSS at 50k items); separate files are read where needed
        writer = ix.writer(procs=procs, multisegment=procs > 1, limitmb=WRITER_MB // procs, compound=False)
        done = 0
        try:
            for start in range(0, len(ids), BATCH):
                if cancelled is not None and cancelled():
                    writer.cancel()
                    shutil.rmtree(fresh, ignore_errors=True)
                    return done
                with self.db.read() as session:
                    chunk = session.scalars(
                        select(KnowledgeItem)
                        .options(selectinload(KnowledgeItem.tags))
                        .where(KnowledgeItem.id.in_(ids[start : start + BATCH]))
                    )
                    views = [to_view(i) for i in chunk]
                for view in views:
                    writer.add_document(**document(view))
                done += len(views)
                if progress is not None:
                    progress(done, total, "")
            writer.commit()
        except BaseException:
            writer.cancel()
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        with self._search_lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self._ix = None
            old = self.folder.with_name(self.folder.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            if self.folder.exists():
                self.folder.rename(old)
            fresh.rename(self.folder)
            shutil.rmtree(old, ignore_errors=True)
            self._set_index(windex.open_dir(str(self.folder)))
        if last_queued is not None:
            with self.db.write() as session:
                session.execute(delete(KnowledgeChange).where(KnowledgeChange.id <= last_queued))
        log.info("search index rebuilt: %s items", done)
        return done

    def doc_count(self) -> int:
        with self.searcher() as s:
            return int(s.doc_count())

    def close(self) -> None:
        with self._search_lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self._ix = None
