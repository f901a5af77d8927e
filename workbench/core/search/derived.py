"""Derived folders beside the search index (``index.postings/``, ``index.shown/``,
``index.spelling/``, ``index.ids/``): each segment's folder is written under a temporary name and
renamed into place whole, so a folder that exists under its own name is complete, and two
processes building the same one at once both end with it.
Derived data of every kind is built in the background, one build of a kind at a time
(``in_background``)."""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class Builds:
    """One kind of derived data's builds in this process: one at a time. A build asked for while
    another runs is not dropped: the running one does it when it ends, on a reader opened then.
    Dropped, the segments a save or an import batch committed meanwhile went without their
    derived data until the index changed again (the next search of the same version asks no
    more). Only the latest ask waits: it covers every segment the index has by then."""

    __slots__ = ("_asked", "_lock", "_running")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = False
        self._asked: tuple[Callable[[], Any], Callable[[list[Any]], None]] | None = None

    def ask(self, open_reader: Callable[[], Any], work: Callable[[list[Any]], None]) -> bool:
        """Note the build; True when the caller is to run the builds (none is running)."""
        with self._lock:
            self._asked = (open_reader, work)
            if self._running:
                return False
            self._running = True
            return True

    def next(self) -> tuple[Callable[[], Any], Callable[[list[Any]], None]] | None:
        """The build asked for since, or None: the runner stops (the next ask runs again)."""
        with self._lock:
            asked, self._asked = self._asked, None
            if asked is None:
                self._running = False
            return asked

    def stop(self) -> None:
        with self._lock:
            self._running = False


def in_background(builds: Builds, open_reader: Callable[[], Any], work: Callable[[list[Any]], None],
                  what: str) -> None:
    """``work`` on the segment readers of a reader of its own (``open_reader``: the warm searcher
    is not shared across threads); when a build of this kind (``builds``) is under way, that
    build does it after its own instead. Meant for a background thread. A failure (an index
    replaced or removed meanwhile) is logged and left to the next search, which asks again."""
    if not builds.ask(open_reader, work):
        return
    try:
        while (asked := builds.next()) is not None:
            now(*asked, what)
    except BaseException:
        builds.stop()
        raise


def now(open_reader: Callable[[], Any], work: Callable[[list[Any]], None], what: str) -> None:
    """``work`` on the segment readers of a reader of its own, here and now (whatever runs in
    the background meanwhile). A failure is logged and left to the next search."""
    try:
        reader = open_reader()
        try:
            work([leaf for leaf, _base in reader.leaf_readers()])
        finally:
            reader.close()
    except Exception:
        log.debug("preparing %s failed", what, exc_info=True)


def temporary_beside(folder: Path) -> Path:
    """A new empty folder beside ``folder``, of this process and thread, to be renamed into its
    place when whole (``.tmp``: left alone by the clean-ups)."""
    temporary = folder.with_name(f"{folder.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.mkdir(parents=True, exist_ok=True)
    return temporary


def write_whole(folder: Path, fill: Callable[[Path], bool], complete: Callable[[Path], bool]) -> bool:
    """Have ``fill`` write the folder's files into a temporary folder beside it, then rename that
    into place. ``fill`` returns False when the segment cannot be written this way (nothing is
    kept). True when ``folder`` is complete afterwards, whoever wrote it."""
    temporary = temporary_beside(folder)
    try:
        if not fill(temporary):
            return False
        os.replace(temporary, folder)
    except OSError:  # another process may have won (its folder is in place), or the disk refused
        return complete(folder)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return True


def remove_others(kept: list[Path]) -> None:
    """Remove the segment folders beside ``kept`` (the current segments' folders of a kind of
    cache) that are not among them: segments merged away, folders of another layout. Folders
    being written (``.tmp``) are left to their writer."""
    names = {f.name for f in kept}
    for base in {f.parent for f in kept}:
        for old in base.iterdir() if base.exists() else ():
            if old.name not in names and not old.name.endswith(".tmp"):
                shutil.rmtree(old, ignore_errors=True)


_trim: Callable[[int], int] | None = None
_trim_found = False


def give_back_memory() -> None:
    """Return the C heap's free pages to the system after a large structure was dropped or a
    large temporary one was used (a search cache forgotten, a matrix or table built in the
    background). glibc keeps freed memory in the process for reuse and returns only what lies
    at the top of its heap, so the resident set stayed at its high-water mark: at 50k items
    after a save, about 60 MB of free pages counted as the app's memory. A no-op where the C
    library has no ``malloc_trim`` (macOS, Windows, musl). Takes a few milliseconds."""
    global _trim, _trim_found
    if not _trim_found:
        _trim_found = True
        try:
            import ctypes

            # the process's own symbols (the C library among them): no search for the library
            function = getattr(ctypes.CDLL(None), "malloc_trim", None)
            if function is not None:
                function.argtypes = [ctypes.c_size_t]
                function.restype = ctypes.c_int
                _trim = function
        except (OSError, TypeError):  # Windows: no process-wide symbol table by that name
            _trim = None
    if _trim is not None:
        _trim(0)
