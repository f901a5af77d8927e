"""Derived folders beside the search index (``index.postings/``, ``index.shown/``): each segment's
folder is written under a temporary name and renamed into place whole, so a folder that exists
under its own name is complete, and two processes building the same one at once both end with it."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path


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
