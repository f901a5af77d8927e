"""Which processes have a laptop's SQLite database open, so that a restore never swaps the data
from under a running app (whose later saves would go into a file nobody reads again).

Every process that opens the database holds a **shared** advisory lock (``flock(LOCK_SH)``) on
``<database>.lock`` beside it for as long as it has the database open; a restore takes the
**exclusive** lock without waiting and is refused while anyone else holds the shared one. The
operating system drops a process's locks when it exits, however it exits: a crashed or killed
app never blocks a restore. While a restore holds the exclusive lock, a process that opens the
database waits for it (a restore takes seconds) instead of reading a half-restored file.

Each holder also leaves a note in ``<database>.holders/<pid>.json`` saying what it is (the
desktop app, a ``workbench`` command, another program), so that a refused restore can tell the
person what to close. The notes are only for that message: the lock decides, and the note of a
process that died is ignored (its pid is no longer running) and removed by the next restore.

One lock per process and database file: every ``Database`` of one process on the same file
shares it (reference counted), so a process never conflicts with itself.

Where ``fcntl`` does not exist (Windows) no lock is taken; the restore still refuses while any
connection is open, because SQLite will not leave WAL mode then (see ``backup.restore_sqlite``).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from workbench.core.errors import Conflict, WorkbenchError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

# how long opening the database waits for a restore in progress before saying so
RESTORE_WAIT_S = 60.0
_POLL_S = 0.05

# what this process is, for the notes: set by the command line (``describe_process``)
_kind = "program"
_name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] not in ("", "-c") else "python"


@dataclass(frozen=True)
class Holder:
    """A process that has the database open: the desktop app, a ``workbench`` command, or
    another program (a script using the core)."""

    pid: int
    kind: str  # "app" | "command" | "program"
    name: str  # the command ("search") or the program's name

    def to_json(self) -> dict[str, object]:
        return {"pid": self.pid, "kind": self.kind, "name": self.name}


def describe_process(kind: str, name: str) -> None:
    """Say what this process is (``app``, or ``command`` with the command's name) before it
    opens a database: a refused restore names it."""
    global _kind, _name
    _kind, _name = kind, name


def lock_file(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


def holders_folder(database: Path) -> Path:
    return database.with_name(database.name + ".holders")


class DatabaseInUse(WorkbenchError):
    """Raised by ``exclusive`` while another process has the database open. The message says
    which kind of process and what to do; ``holders`` lists them (pid, kind, name)."""

    code = "restore_database_in_use"

    def __init__(self, holders: list[Holder], path: Path) -> None:
        apps = [h for h in holders if h.kind == "app"]
        commands = [h for h in holders if h.kind == "command"]
        others = [h for h in holders if h.kind not in ("app", "command")]
        pids = ", ".join(str(h.pid) for h in holders)
        if apps:
            code = "restore_app_running"
        elif commands:
            code = "restore_command_running"
        elif others:
            code = "restore_program_running"
        else:
            code = "restore_unknown_holder"
        self.holders = holders
        first = (apps or commands or others or [Holder(0, "", "")])[0]
        super().__init__(code, pids=pids, command=first.name, program=first.name, path=str(path))


class _Held:
    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.count = 0


_held: dict[str, _Held] = {}
_guard = threading.Lock()


def _key(database: Path) -> str:
    return os.path.realpath(database)


def acquire_shared(database: Path, wait_s: float = RESTORE_WAIT_S) -> None:
    """Hold the database open (shared). Waits while a restore holds it exclusively, at most
    ``wait_s`` seconds, then raises ``WorkbenchError('database_restore_running')``."""
    if fcntl is None:
        return
    key = _key(database)
    with _guard:
        held = _held.get(key)
        if held is None:
            try:
                fd = _locked(database, fcntl.LOCK_SH, wait_s)
            except BlockingIOError:
                raise Conflict("database_restore_running", path=str(database)) from None
            held = _held[key] = _Held(fd)
            _write_note(database)
        held.count += 1


def _locked(database: Path, how: int, wait_s: float) -> int:
    """A descriptor of the lock file holding the lock ``how``; BlockingIOError when it is not
    free within ``wait_s`` seconds (0: one try)."""
    fd = os.open(lock_file(database), os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait_s
    while True:
        try:
            fcntl.flock(fd, how | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise
            time.sleep(_POLL_S)


def release_shared(database: Path) -> None:
    """Let go of one hold; the lock goes when the last ``Database`` of this process lets go."""
    with _guard:
        held = _held.get(_key(database))
        if held is None or held.count > 1:
            if held is not None:
                held.count -= 1
            return
        del _held[_key(database)]
        _note_path(database, os.getpid()).unlink(missing_ok=True)
        os.close(held.fd)  # closing the only descriptor releases the lock


def held_here(database: Path) -> bool:
    """Whether this process itself has the database open."""
    with _guard:
        return _key(database) in _held


@contextmanager
def exclusive(database: Path) -> Iterator[None]:
    """Have the database to ourselves for the block, or raise ``DatabaseInUse`` at once.
    Refuses when this very process still has it open: close the workspace first."""
    if held_here(database):
        raise DatabaseInUse([Holder(os.getpid(), _kind, _name)], database)
    if fcntl is None:
        yield
        return
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = _locked(database, fcntl.LOCK_EX, 0)
    except BlockingIOError:
        raise DatabaseInUse(holders(database), database) from None
    try:
        _remove_stale_notes(database)
        yield
    finally:
        os.close(fd)


def holders(database: Path) -> list[Holder]:
    """The processes whose notes say they have the database open and that still run."""
    found: list[Holder] = []
    for note in sorted(holders_folder(database).glob("*.json")):
        try:
            data = json.loads(note.read_text(encoding="utf-8"))
            holder = Holder(int(data["pid"]), str(data["kind"]), str(data["name"]))
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if _running(holder.pid) and holder.pid != os.getpid():
            found.append(holder)
    return found


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _note_path(database: Path, pid: int) -> Path:
    return holders_folder(database) / f"{pid}.json"


def _write_note(database: Path) -> None:
    """Best effort: the note only improves the message of a refused restore."""
    try:
        folder = holders_folder(database)
        folder.mkdir(exist_ok=True)
        path = _note_path(database, os.getpid())
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(Holder(os.getpid(), _kind, _name).to_json()), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass


def _remove_stale_notes(database: Path) -> None:
    """Under the exclusive lock nobody else has the database open: every note is stale."""
    for note in holders_folder(database).glob("*.json"):
        note.unlink(missing_ok=True)
