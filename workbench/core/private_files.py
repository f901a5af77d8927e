"""Files and folders only their owner may read: the data folder (0700) and the database, its
backups and logs (0600). They hold every bid, price and customer name, and the sessions that
stand for a password; the default umask would make them readable by every account on the
machine (0644/0755).

The data folder being 0700 already keeps everything inside it from other accounts; the files
are made 0600 as well, so a copy moved out of it (a backup handed on) stays private. SQLite
creates a database's -wal, -shm and -journal files with the database file's own mode, so the
database file is made private before it is first written. On Windows, where access is governed
by the profile folder's ACLs and ``chmod`` only sets the read-only flag, all of this is a no-op."""

from __future__ import annotations

import os
import stat
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
POSIX = os.name == "posix"


def private_folder(path: Path) -> Path:
    """Create ``path`` (and its parents) if missing; the folder itself is made 0700 when it is
    ours (a folder of another account is left as it is)."""
    path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    _restrict(path, FOLDER_MODE)
    return path


def private_file(path: Path) -> Path:
    """Make an existing file 0600 (when it is ours), or create it empty with that mode."""
    if POSIX and not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    _restrict(path, FILE_MODE)
    return path


def keep_private(*paths: Path) -> None:
    """Make each of ``paths`` that exists 0600 (a database and its -wal/-shm, a backup)."""
    for path in paths:
        _restrict(path, FILE_MODE)


def database_files(database: Path) -> tuple[Path, ...]:
    return (database, *(database.with_name(database.name + suffix) for suffix in ("-wal", "-shm", "-journal")))


def _restrict(path: Path, mode: int) -> None:
    if not POSIX:
        return
    try:
        info = path.stat()
        if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & ~mode:
            path.chmod(stat.S_IMODE(info.st_mode) & mode)
    except FileNotFoundError:
        return
