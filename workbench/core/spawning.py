"""Starting helper processes safely from any caller, the desktop app included.

Helpers are *spawned* (a fresh interpreter importing only the target's module), never forked:
a fork of the desktop app, with Qt's threads and the index keeper holding locks, could deadlock
the child. Spawn would also run the caller's main script again in the child (a script without an
``if __name__ == "__main__"`` guard opened the workspace there and waited forever for a lock its
parent held), so the main module is hidden from multiprocessing while a helper starts."""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def spawn_context() -> Any:
    return multiprocessing.get_context("spawn")


@contextmanager
def main_module_hidden() -> Iterator[None]:
    """multiprocessing's spawn re-runs the parent's main module in the child, found through
    ``__main__.__spec__`` or ``__main__.__file__`` (``multiprocessing.spawn.get_preparation_data``,
    read while ``Process.start`` runs); without them the child imports only the target's module."""
    main = sys.modules["__main__"]
    saved: dict[str, Any] = {name: main.__dict__[name] for name in ("__spec__", "__file__") if name in main.__dict__}
    main.__dict__.pop("__file__", None)
    if "__spec__" in saved:
        main.__spec__ = None
    try:
        yield
    finally:
        main.__dict__.update(saved)
