"""The vector leg's answer for the text a search is about to ask, found while the person pauses.

The Search screen tells the workspace the text at each keystroke and searches 180 ms after the
last one; "Similar to a requirement" does the same after a paste. The query's encoding already
runs in the encoder's process during that pause (``EncoderProcess.prefetch``). Here a thread of
this process then takes that encoding and searches the vectors with it, so that the search,
when it comes, finds its vector leg done: at 50k items that search (a product over the library's
coarse rows, the best candidates re-scored from the vector file) was most of what the vector leg
still added after the pause, and on a busy laptop it took three times as long. The answer serves
every search for that text while the vectors stay as they are: a facet clicked afterwards only
filters it. A search asked without being told first (a command, another caller of the
workspace) finds its vector leg after its keyword search as before: started beside that search,
this thread held up the keyword leg's pure Python for the interpreter lock and the search ended
later.

Only the newest text is worked on: a text typed over while its answer was being found is
dropped. An answer belongs to the matrix it was found on; once the vectors change (a save, a
sync) it is found again. Nothing here runs where the encoder shares this process: encoding in
a thread holds the interpreter lock, and would slow the keyword search beside it and the window."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

Found = list[tuple[str, float]]  # (item, cosine), best first
# How long a search waits for the answer being found for its own text before finding it itself:
# the encoding and the vector search take milliseconds; this only bounds a stuck encoder.
WAIT_S = 5.0


class NearestAhead:
    """``want(text)`` starts finding ``nearest(text, limit)`` in a thread of its own;
    ``take(text, limit)`` returns it when it was found on the matrix ``version()`` names now
    (waiting while it is being found), else None."""

    def __init__(self, nearest: Callable[[str, int], Found], version: Callable[[], object], limit: int) -> None:
        self._nearest = nearest
        self._version = version
        self._limit = limit
        self._cond = threading.Condition()
        self._wanted: str | None = None  # the newest text asked for, not yet started
        self._running: str | None = None  # the text being found now
        self._done: tuple[str, object, Found] | None = None  # (text, matrix, answer)
        self._thread: threading.Thread | None = None
        self._closed = False
        self.stats = {"found": 0, "used": 0, "dropped": 0}

    def want(self, text: str) -> None:
        with self._cond:
            if self._closed or text == self._running or self._answer_for(text) is not None:
                return
            if self._wanted is not None and self._wanted != text:
                self.stats["dropped"] += 1  # typed over before it was started
            self._wanted = text
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="vector leg ahead", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def take(self, text: str, limit: int) -> Found | None:
        if limit > self._limit:
            return None
        with self._cond:
            if text == self._running or text == self._wanted:
                self._cond.wait_for(lambda: text not in (self._running, self._wanted) or self._closed, WAIT_S)
            found = self._answer_for(text)
            if found is None:
                return None
            self.stats["used"] += 1
            return found[:limit]

    def forget(self) -> None:
        """Forget the answer found (a benchmark meeting each query as new)."""
        with self._cond:
            self._done = None

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._wanted = None
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(WAIT_S)

    def _answer_for(self, text: str) -> Found | None:
        """The answer kept for ``text``, if found on the current matrix; with the lock held."""
        done = self._done
        if done is None or done[0] != text or done[1] is not self._version():
            return None
        return done[2]

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._wanted is not None or self._closed)
                if self._closed:
                    return
                text, self._wanted = self._wanted, None
                assert text is not None
                self._running = text
            found: Found | None = None
            version: object = None
            try:
                version = self._version()
                found = self._nearest(text, self._limit)
            except Exception:  # the search finds it itself, and says what failed there
                log.warning("the vector leg could not be found ahead for %r", text[:80], exc_info=True)
            with self._cond:
                self._running = None
                if found is not None:
                    self._done = (text, version, found)
                    self.stats["found"] += 1
                self._cond.notify_all()
