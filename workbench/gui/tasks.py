"""Runs core calls off the UI thread and delivers results back on it.

Database work goes to one serial worker (SQLite has one writer anyway, and it keeps
operations in order); CPU-heavy work to a small pool. Results and errors arrive as queued
signals, so callbacks always run on the UI thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6

from workbench.gui.qt import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # delivered to the UI thread, never lost in a worker
            self._signals.failed.emit(exc)
        else:
            self._signals.done.emit(result)


class TaskCancelled(Exception):
    """Raised in a worker by ``Task.report_or_stop`` once the task was cancelled: the work stops
    where it reports progress (only work that writes nothing may be stopped so)."""


class Task:
    """A handle on work in flight: progress reports and cooperative cancel."""

    def __init__(self, signals: _Signals) -> None:
        self.signals = signals
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int, label: str) -> None:
        """Called from the worker; arrives on the UI thread as ``signals.progress``."""
        self.signals.progress.emit(done, total, label)

    def report_or_stop(self, done: int, total: int, label: str) -> None:
        """``report``, or TaskCancelled raised once the task was cancelled: a read-only job
        (finding near-duplicates, say) hands this to the core as its progress callback and so
        stops at its next report."""
        if self._cancel.is_set():
            raise TaskCancelled
        self.report(done, total, label)


class TaskRunner(QObject):
    failed = Signal(object)  # unhandled errors, for the window to show

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = QThreadPool(self)
        self._db.setMaxThreadCount(1)
        self._cpu = QThreadPool(self)
        self._cpu.setMaxThreadCount(2)
        # the search index has one writer: its own serial worker, so indexing never waits
        # behind database work or searches behind indexing
        self._index = QThreadPool(self)
        self._index.setMaxThreadCount(1)
        self._alive: dict[_Signals, Task] = {}

    def run(
        self,
        fn: Callable[..., Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        cpu: bool = False,
        with_task: bool = False,
        index: bool = False,
        owner: QObject | None = None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> Task:
        """Run ``fn`` in the background. With ``with_task`` it is called as ``fn(task)`` so it
        can report progress and notice cancel; a task that stops by raising TaskCancelled calls
        ``on_cancelled`` (not ``on_error``)."""
        signals = _Signals()
        task = Task(signals)
        self._alive[signals] = task

        def finish() -> None:
            self._alive.pop(signals, None)

        def owner_gone() -> bool:
            # the widget that asked was closed meanwhile: its answer has nowhere to go
            return owner is not None and not shiboken6.isValid(owner)

        def done(result: object) -> None:
            finish()
            if on_done is not None and not owner_gone():
                on_done(result)

        def failed(exc: BaseException) -> None:
            finish()
            if isinstance(exc, TaskCancelled):  # asked for: not an error
                if on_cancelled is not None and not owner_gone():
                    on_cancelled()
            elif owner_gone():
                log.info("dropped an error for a closed window: %r", exc)
            elif on_error is not None:
                on_error(exc)
            else:
                self.failed.emit(exc)

        signals.done.connect(done)
        signals.failed.connect(failed)
        if on_progress is not None:
            signals.progress.connect(lambda *args: None if owner_gone() else on_progress(*args))
        call: Callable[[], Any] = (lambda: fn(task)) if with_task else fn
        pool = self._index if index else self._cpu if cpu else self._db
        pool.start(_Job(call, signals))
        return task

    def busy(self) -> bool:
        return bool(self._alive)

    def cancel_all(self) -> None:
        """Ask every task in flight to stop (at shutdown, before ``wait``): those that look
        (``Task.cancelled``, ``report_or_stop``) end at their next check instead of holding the
        closing window for up to the wait's limit."""
        for task in list(self._alive.values()):
            task.cancel()

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until queued work is finished (at shutdown)."""
        return all(p.waitForDone(msecs) for p in (self._db, self._cpu, self._index))
