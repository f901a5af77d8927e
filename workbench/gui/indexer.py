"""Keeps this laptop's search index in step with the database from the desktop: builds or heals
it after start-up, then follows the database's change log after every write of this app and every
few seconds (changes saved on other laptops, or by another process), and rebuilds on request.
All of it on the index's own worker thread; a poll that finds nothing new costs one
``SELECT max(id)`` and opens no index writer. After each sync that changed something, the
vectors for matching by meaning follow (``ws.meaning.sync``) on the CPU pool, never on the UI
thread nor in the index's queue: the first build encodes every item (about a minute per few
thousand items) with its progress in the status bar, later ones only the items just saved."""

from __future__ import annotations

import logging

from workbench.core.changes import OpChanges
from workbench.core.workspace import Workspace
from workbench.gui.context import AppContext
from workbench.gui.qt import QObject, QTimer, Signal, connect_for_life
from workbench.gui.tasks import Task

log = logging.getLogger(__name__)

POLL_MS = 3_000
MEANING_PROGRESS_FROM = 64  # items to encode before the status bar shows progress (a first build)


class IndexKeeper(QObject):
    status = Signal(str)  # for the status bar
    progress = Signal(int, int)
    ready = Signal()  # the index can answer
    updated = Signal()  # documents changed: visible results may be stale

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)  # the main window: the keeper and its poll end with it
        self.ctx = ctx
        self.is_ready = False
        self._running = False
        self._again = False
        self._error: str | None = None  # the failure last shown in the status bar
        self._building = False  # a sync is rebuilding a deleted index folder (progress shown)
        self._meaning_running = False
        self._meaning_again = False
        self._meaning_task: Task | None = None
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self.sync)
        connect_for_life(self, ctx.ready, self._start)
        connect_for_life(self, ctx.changed, self._on_changed)

    def _start(self, quiet: bool = False) -> None:
        ws = self.ctx.ws
        assert ws is not None
        if not quiet:
            self.status.emit(self.tr("Preparing search…"))

        def work(task: Task) -> int:
            _ = ws.search  # loads the segmenter's dictionary and the synonyms
            ws.index.ensure(task.report)
            ws.search.prepare()  # did-you-mean's tables and the like, before the first search asks
            return ws.index.doc_count()

        self._running = True
        self.ctx.runner.run(
            work, self._started, self._start_failed, self._progress, with_task=True, index=True, owner=self
        )

    def _started(self, count: int) -> None:
        self._running = False
        self.is_ready = True
        self._error = None
        self.status.emit(self.tr("Search ready: %1 items indexed").replace("%1", str(count)))
        self.ready.emit()
        self._timer.start()
        self.sync_meaning()
        if self._again:
            self.sync()

    def _start_failed(self, exc: BaseException) -> None:
        self._failed(exc)
        self._timer.start()  # the next poll tries again (the server may be back by then)

    def _progress(self, done: int, total: int, _label: str) -> None:
        self.progress.emit(done, total)
        self.status.emit(self.tr("Building the search index: %1 of %2").replace("%1", str(done)).replace("%2", str(total)))

    def _failed(self, exc: BaseException) -> None:
        """In the status bar, once: a poll failing every few seconds for the same reason (the
        server is unreachable) says so one time, not once per poll, and never in a dialog."""
        self._running = False
        self._building = False
        key = f"{type(exc).__name__}: {exc}"
        if key != self._error:
            self._error = key
            self.status.emit(self.ctx.message_for(exc))

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.index:
            self.sync()

    def sync(self) -> None:
        ws = self.ctx.ws
        if ws is None or self._running:
            self._again = True
            return
        if not self.is_ready:
            if self._error is not None:  # the start failed: try it again
                self._start(quiet=True)
            else:
                self._again = True
            return
        self._running = True
        self._again = False

        def done(count: int) -> None:
            self._running = False
            if self._error is not None or self._building:
                self._error = None
                self.status.emit(self.tr("Search is in step with the database again"))
            if count or self._building:
                self.updated.emit()
                self.sync_meaning()
            self._building = False
            if self._again:
                self.sync()

        def rebuilding(done_: int, total: int, label: str) -> None:  # an index folder deleted meanwhile
            self._building = True
            self._progress(done_, total, label)

        self.ctx.runner.run(lambda task: self._sync(ws, task), done, self._failed, rebuilding,
                            with_task=True, index=True, owner=self)

    @staticmethod
    def _sync(ws: Workspace, task: Task) -> int:
        return ws.index.sync(progress=task.report)

    def rebuild(self) -> None:
        ws = self.ctx.ws
        if ws is None or self._running:
            return
        self._running = True

        def done(count: int) -> None:
            self._running = False
            self.status.emit(self.tr("Search index rebuilt: %1 items").replace("%1", str(count)))
            self.updated.emit()
            self.sync_meaning()

        self.ctx.runner.run(
            lambda task: ws.index.rebuild(task.report, task.cancelled), done, self._failed, self._progress,
            with_task=True, index=True, owner=self,
        )

    def sync_meaning(self) -> None:
        """Vectors for the items saved since the last time, in the background (CPU pool)."""
        ws = self.ctx.ws
        if ws is None:
            return
        if self._meaning_running:
            self._meaning_again = True
            return
        self._meaning_running = True
        self._meaning_again = False
        shown = [False]

        def progress(done_: int, total: int, _label: str) -> None:
            if total >= MEANING_PROGRESS_FROM:
                shown[0] = True
                self.progress.emit(done_, total)
                self.status.emit(self.tr("Preparing matching by meaning: %1 of %2 items")
                                 .replace("%1", str(done_)).replace("%2", str(total)))

        def done(_count: int) -> None:
            self._meaning_running = False
            if shown[0]:
                self.status.emit(self.tr("Matching by meaning ready"))
            # no ``updated``: that says the documents changed; the next search finds the
            # new vectors (the core forgot its cached answers when they were saved)
            if self._meaning_again:
                self.sync_meaning()

        def failed(exc: BaseException) -> None:  # meaning is an extra: search goes on by its words
            self._meaning_running = False
            log.error("vectors for matching by meaning failed", exc_info=exc)
            self.status.emit(self.ctx.message_for(exc))

        self._meaning_task = self.ctx.runner.run(
            lambda task: ws.meaning.sync(task.report, task.cancelled), done, failed, progress,
            cpu=True, with_task=True, owner=self)

    def stop(self) -> None:
        self._timer.stop()
        if self._meaning_task is not None:  # a first build stops within a few passages
            self._meaning_task.cancel()
