"""Keeps the search index in step with the database from the desktop: builds or heals it after
start-up, drains the change queue after every write and every few seconds (for changes made by
another process), and rebuilds on request. All of it on the index's own worker thread."""

from __future__ import annotations

from workbench.core.changes import OpChanges
from workbench.core.workspace import Workspace
from workbench.gui.context import AppContext
from workbench.gui.qt import QObject, QTimer, Signal
from workbench.gui.tasks import Task

POLL_MS = 10_000


class IndexKeeper(QObject):
    status = Signal(str)  # for the status bar
    progress = Signal(int, int)
    ready = Signal()  # the index can answer
    updated = Signal()  # documents changed: visible results may be stale

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.is_ready = False
        self._running = False
        self._again = False
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self.drain)
        ctx.ready.connect(self._start)
        ctx.changed.connect(self._on_changed)

    def _start(self) -> None:
        ws = self.ctx.ws
        assert ws is not None
        self.status.emit(self.tr("Preparing search…"))

        def work(task: Task) -> int:
            _ = ws.search  # loads the segmenter's dictionary and the synonyms
            ws.index.ensure(task.report)
            return ws.index.doc_count()

        self._running = True
        self.ctx.runner.run(
            work, self._started, self._failed, self._progress, with_task=True, index=True, owner=self
        )

    def _started(self, count: int) -> None:
        self._running = False
        self.is_ready = True
        self.status.emit(self.tr("Search ready: %1 items indexed").replace("%1", str(count)))
        self.ready.emit()
        self._timer.start()
        if self._again:
            self.drain()

    def _progress(self, done: int, total: int, _label: str) -> None:
        self.progress.emit(done, total)
        self.status.emit(self.tr("Building the search index: %1 of %2").replace("%1", str(done)).replace("%2", str(total)))

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        self.status.emit(self.ctx.message_for(exc))

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.index:
            self.drain()

    def drain(self) -> None:
        ws = self.ctx.ws
        if ws is None or not self.is_ready:
            self._again = True
            return
        if self._running:
            self._again = True
            return
        self._running = True
        self._again = False

        def done(count: int) -> None:
            self._running = False
            if count:
                self.updated.emit()
            if self._again:
                self.drain()

        self.ctx.runner.run(lambda: self._drain(ws), done, self._failed, index=True, owner=self)

    @staticmethod
    def _drain(ws: Workspace) -> int:
        return ws.index.drain()

    def rebuild(self) -> None:
        ws = self.ctx.ws
        if ws is None or self._running:
            return
        self._running = True

        def done(count: int) -> None:
            self._running = False
            self.status.emit(self.tr("Search index rebuilt: %1 items").replace("%1", str(count)))
            self.updated.emit()

        self.ctx.runner.run(
            lambda task: ws.index.rebuild(task.report, task.cancelled), done, self._failed, self._progress,
            with_task=True, index=True, owner=self,
        )

    def stop(self) -> None:
        self._timer.stop()
