"""The sentence encoder in a process of its own (the desktop app), so that a query's encoding
runs on the other core while this process searches the words, instead of after them.

Why a process: a search's keyword leg is mostly pure Python and the encoder holds the interpreter
lock between its matrix products (a pasted paragraph's 400 characters are ~300 tokens, about 15
products). Run in a thread beside the keyword leg, each product's return waited for the keyword
leg to give the lock back, and both got slower (a 400-character encoding took 43 ms alone and
92 ms beside a pure-Python loop). A spawned process shares no lock with this one: ``prefetch``
sends the query before the keyword search starts, and the vector leg's ``encode`` takes the
answer that is waiting, or waits for the rest of it.

Everything the app encodes goes through the process, items' passages too (the vector keeper's
slices of a few passages, so a query waits at most one slice), so the model's weights and
tokenizer live only there and this process's interpreter lock is free while a library's vectors
are built. The encodings are the same floats as in this process (the same code runs there);
the cache of encoded texts stays here (``UniversalSentenceEncoder.encode``).

If the process cannot be started, dies or stops answering, the encoder goes on in this process
(the way a one-shot command always encodes) and says so in the log; nothing is lost but the
overlap. The process writes its own warnings and errors, tracebacks included, to the files this
process logs to when it starts (the desktop app's ``logs/workbench.log``)."""

from __future__ import annotations

import contextlib
import logging
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import numpy as np

from workbench.core.meaning.encoder import UniversalSentenceEncoder, Vectors
from workbench.core.search.derived import give_back_memory
from workbench.core.spawning import main_module_hidden, spawn_context

log = logging.getLogger(__name__)

# Seconds to wait for an answer before the process is taken for stuck: the first answer also
# waits for the process's imports and the model's loading (a few seconds on a busy laptop); a
# slice of passages takes well under a second.
ANSWER_TIMEOUT_S = 120.0


class EncoderFailed(RuntimeError):
    """The encoder process could not encode a text (raised as the encoder in this process would)."""


def _log_files() -> list[str]:
    """The files this process's log goes to (the desktop app's ``logs/workbench.log``)."""
    return [h.baseFilename for h in logging.getLogger().handlers if isinstance(h, logging.FileHandler)]


def _log_to(files: list[str]) -> None:
    """In the encoder's process: its warnings and errors, tracebacks included, appended to the
    app's log files (the desktop app's stderr goes nowhere a person looks)."""
    root = logging.getLogger()
    for name in files:
        handler = logging.FileHandler(name, encoding="utf-8", delay=True)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(processName)s: %(message)s"))
        handler.setLevel(logging.WARNING)
        root.addHandler(handler)
    if files and (root.level == logging.NOTSET or root.level > logging.WARNING):
        root.setLevel(logging.WARNING)


def _serve(conn: Connection, table_dir: str | None, log_files: list[str] | None = None) -> None:
    """The process's loop: lists of texts (keys, already clipped and folded) in, normalised
    float32 vectors out, until the pipe closes or ``None`` comes."""
    _log_to(log_files or [])
    encoder = UniversalSentenceEncoder(Path(table_dir) if table_dir else None)
    encoder._loaded()  # the model now, before the first query waits for it
    while True:
        try:
            texts = conn.recv()
        except (EOFError, OSError):  # the app is gone
            return
        if texts is None:
            return
        try:
            conn.send(("ok", encoder._fresh(list(texts))))
            if encoder._since_mapped == 0 and not conn.poll():
                # the table was mapped again (every REMAP_AFTER texts) and nothing waits: the
                # heap's freed pages back to the system too (10 MB after a hundred queries)
                give_back_memory()
        except Exception as exc:  # one text's failure is its caller's, as in the app's process
            log.exception("encoding %d texts failed", len(texts))
            try:
                conn.send(("error", f"{type(exc).__name__}: {exc}"))
            except (OSError, ValueError):
                return


class EncoderProcess(UniversalSentenceEncoder):
    """``UniversalSentenceEncoder`` whose encoding runs in a spawned process, started on first
    use (or by ``start``). Safe to share between threads, like the encoder it extends."""

    def __init__(self, table_dir: Path | None = None) -> None:
        super().__init__(table_dir)
        self._proc: Any = None
        self._conn: Connection | None = None
        self._broken = False  # the process failed once: encode here from then on
        self._pending: list[str] = []  # texts sent ahead by ``prefetch``, their answer unread
        self.stats = {"sent": 0, "prefetched": 0, "prefetch_used": 0, "here": 0}

    @property
    def encodes_apart(self) -> bool:
        return not self._broken

    @property
    def pid(self) -> int | None:
        return None if self._proc is None else self._proc.pid

    def start(self) -> None:
        """Start the process now (it loads the model at once), without waiting for it."""
        with self._lock:
            self._connection()

    def close(self) -> None:
        """End the process (it ends by itself too when this one does)."""
        with self._lock:
            self._stop()

    def prefetch(self, text: str) -> None:
        key = self._key(text)
        # an encode running (a slice of an import's passages): the query takes its turn when
        # it asks, rather than this search waiting here
        if not self._lock.acquire(blocking=False):
            return
        try:
            if key in self._cache or key in self._pending or self._broken:
                return
            if self._pending and self._conn is not None and not self._conn.poll():
                return  # the last one is still being encoded and was not asked for
            self._collect()
            conn = self._connection()
            if conn is None:
                return
            try:
                conn.send([key])
            except (OSError, ValueError):
                self._fail("could not send a query to the encoder process")
                return
            self._pending = [key]
            self.stats["prefetched"] += 1
        finally:
            self._lock.release()

    def _collect(self) -> None:
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        try:
            rows = self._answer()
        except EncoderFailed:
            return  # asked again by ``encode`` if anyone wants it, which raises then
        if rows is None:
            return
        for key, row in zip(pending, rows, strict=True):
            self._cache[key] = row
        self.stats["prefetch_used"] += 1

    def _fresh(self, texts: list[str]) -> Vectors:
        conn = self._connection()
        if conn is not None:
            try:
                conn.send(texts)
            except (OSError, ValueError):
                self._fail("could not send texts to the encoder process")
            else:
                self.stats["sent"] += 1
                rows = self._answer()
                if rows is not None:
                    return rows
        self.stats["here"] += 1
        return super()._fresh(texts)

    def _answer(self) -> Vectors | None:
        """The process's answer to the last texts sent; None when it died or stopped answering
        (the process is then given up). Raises EncoderFailed when it could not encode them."""
        conn = self._conn
        if conn is None:
            return None
        try:
            if not conn.poll(ANSWER_TIMEOUT_S):
                self._fail(f"the encoder process did not answer within {ANSWER_TIMEOUT_S:.0f} s")
                return None
            status, value = conn.recv()
        except (EOFError, OSError):
            self._fail("the encoder process ended")
            return None
        if status != "ok":
            raise EncoderFailed(str(value))
        return np.asarray(value, dtype=np.float32)

    def _connection(self) -> Connection | None:
        """The pipe to the process, started if it is not; None once it has failed."""
        if self._broken:
            return None
        if self._conn is None:
            context = spawn_context()
            mine, theirs = context.Pipe()
            proc = context.Process(target=_serve, args=(theirs, str(self.table_dir) if self.table_dir else None,
                                                        _log_files()),
                                   daemon=True, name="sentence-encoder")
            try:
                with main_module_hidden():
                    proc.start()
            except (OSError, RuntimeError):
                log.warning("cannot start the encoder process; encoding in this one", exc_info=True)
                self._broken = True
                return None
            finally:
                theirs.close()
            self._proc, self._conn = proc, mine
        return self._conn

    def _fail(self, why: str) -> None:
        log.warning("%s; encoding in this process from now on", why)
        self._stop()
        self._broken = True

    def _stop(self) -> None:
        conn, proc = self._conn, self._proc
        self._conn, self._proc, self._pending = None, None, []
        if conn is not None:
            with contextlib.suppress(OSError, ValueError):
                conn.send(None)
            conn.close()
        if proc is not None:
            proc.join(2.0)
            if proc.is_alive():
                proc.kill()
                proc.join()
