"""Derived folders beside the search index (``index.postings/``, ``index.shown/``): each segment's
folder is written under a temporary name and renamed into place whole, so a folder that exists
under its own name is complete, and two processes building the same one at once both end with it.
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


def in_background(building: threading.Lock, open_reader: Callable[[], Any], work: Callable[[list[Any]], None],
                  what: str) -> None:
    """``work`` on the segment readers of a reader of its own (``open_reader``: the warm searcher
    is not shared across threads), unless a build of this kind (``building``) is under way.
    Meant for a background thread. A failure (an index replaced or removed meanwhile) is logged
    and left to the next search, which asks again."""
    if not building.acquire(blocking=False):
        return
    try:
        reader = open_reader()
        try:
            work([leaf for leaf, _base in reader.leaf_readers()])
        finally:
            reader.close()
    except Exception:
        log.debug("preparing %s failed", what, exc_info=True)
    finally:
        building.release()


def write_whole(folder: Path, fill: Callable[[Path], bool], complete: Callable[[Path], bool]) -> bool:
    """Have ``fill`` write the folder's files into a temporary folder beside it, then rename that
    into place. ``fill`` returns False when the segment cannot be written this way (nothing is
    kept). True when ``folder`` is complete afterwards, whoever wrote it."""
    temporary = folder.with_name(f"{folder.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.mkdir(parents=True, exist_ok=True)
    try:
        if not fill(temporary):
            return False
        os.replace(temporary, folder)
    except OSError:  # another process may have won (its folder is in place), or the disk refused
        return complete(folder)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return True


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
