"""Consistent copies of an SQLite database while it is in use (sqlite's online backup API)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from workbench.core.db import open_lock
from workbench.core.db.engine import Database
from workbench.core.errors import InvalidInput
from workbench.core.private_files import FOLDER_MODE, database_files, keep_private, private_folder

AUTO_PREFIX = "auto-"
KEEP_AUTOMATIC = 7


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def backup_sqlite(db: Database, folder_or_file: Path, reason: str = "manual") -> Path:
    """Copy the live database to a file (a folder gets a time-stamped name). Returns the file."""
    if not db.is_sqlite:
        raise InvalidInput("backup_unsupported")
    target = folder_or_file
    if target.is_dir() or target.suffix == "":
        target.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
        target = target / f"{reason}-{_stamp()}.sqlite"
    target.parent.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    raw = db.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        _copy(source, target)
    finally:
        raw.close()
    return target


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """Online backup into ``target``, which appears only when complete."""
    partial = target.with_name(target.name + ".partial")
    dest = sqlite3.connect(partial)
    try:
        keep_private(partial)  # 0600 before any data is in it (a backup holds everything)
        source.backup(dest)
    finally:
        dest.close()
    partial.replace(target)


def rolling_backup(db: Database, folder: Path, keep: int = KEEP_AUTOMATIC) -> Path | None:
    """At most one automatic backup a day, keeping the newest ``keep``."""
    if not db.is_sqlite:
        return None
    private_folder(folder)
    today = dt.date.today().strftime("%Y%m%d")
    existing = sorted(folder.glob(f"{AUTO_PREFIX}*.sqlite"))
    if any(p.name.startswith(f"{AUTO_PREFIX}{today}") for p in existing):
        return None
    made = backup_sqlite(db, folder, reason=AUTO_PREFIX.rstrip("-"))
    made = made.rename(folder / f"{AUTO_PREFIX}{_stamp()}.sqlite")
    for old in sorted(folder.glob(f"{AUTO_PREFIX}*.sqlite"))[:-keep]:
        old.unlink(missing_ok=True)
    return made


def is_workbench_backup(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return False
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            names = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
        finally:
            conn.close()
    except (OSError, sqlite3.DatabaseError):
        return False
    return {"knowledge_items", "users", "alembic_version"} <= names


def restore_sqlite(backup: Path, database_file: Path, safety_folder: Path) -> Path | None:
    """Put a backup's contents into the database; the current contents are copied to
    ``safety_folder`` first. Returns that copy, if there was a database.

    Refused (``DatabaseInUse``, nothing changed) while any other process has the database open:
    first by the open-lock every Workbench process holds (``open_lock``: the message names the
    app or command holding it), then by SQLite itself, which will not leave WAL mode while any
    connection is open, Workbench's or another program's. Then the backup is copied **into the
    live file** through SQLite's backup API, in one exclusive transaction with a rollback
    journal: the file is never replaced or unlinked, its -wal and -shm are never deleted by
    hand, and a crash mid-copy leaves the old contents (the journal rolls it back). Processes
    that open the database meanwhile wait for the restore (the open-lock) and then see the
    restored data; the next open migrates an older schema as usual."""
    if not is_workbench_backup(backup):
        raise InvalidInput("backup_not_a_database", path=str(backup))
    safety: Path | None = None
    with open_lock.exclusive(database_file):
        existed = database_file.exists()
        live = sqlite3.connect(database_file, timeout=2, isolation_level=None)
        try:
            _leave_wal(live, database_file)
            if existed:
                private_folder(safety_folder)
                safety = safety_folder / f"pre-restore-{_stamp()}.sqlite"
                _copy(live, safety)
            source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
            try:
                source.backup(live)
            finally:
                source.close()
            live.execute("PRAGMA journal_mode=WAL")
        finally:
            live.close()
        keep_private(*database_files(database_file))
    return safety


def _leave_wal(live: sqlite3.Connection, database_file: Path) -> None:
    """Switch the live file to a rollback journal, which SQLite allows only to its sole
    connection: proof that nobody else, inside Workbench or not, has it open."""
    try:
        mode = live.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError:  # "database is locked": another connection holds it
        mode = "wal"
    if str(mode).lower() != "delete":
        raise open_lock.DatabaseInUse(open_lock.holders(database_file), database_file)
