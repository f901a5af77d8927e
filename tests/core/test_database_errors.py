"""Driver errors become domain errors in one place (``Database``, by ``domain_error``'s rules),
each provoked for real: a locked SQLite file, one that cannot be opened, one that may only be read,
a full database; on PostgreSQL a lock timeout, and a server that cannot be opened."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from workbench.core.db.engine import Database, domain_error
from workbench.core.errors import DatabaseBusy, DatabaseError, DiskFull, ServerBusy
from workbench.core.workspace import Workspace, WorkspaceSettings, probe_database


def _sqlite(path: Path, busy_ms: int = 5000) -> Database:
    db = Database(f"sqlite:///{path}")

    @event.listens_for(db.engine, "connect")
    def _impatient(dbapi_conn: sqlite3.Connection, _record: object) -> None:  # after the engine's pragmas
        dbapi_conn.execute(f"PRAGMA busy_timeout={busy_ms}")

    with db.write() as s:
        s.execute(text("CREATE TABLE IF NOT EXISTS t (x)"))
    return db


def test_a_locked_sqlite_database_is_busy_try_again(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite"
    db = _sqlite(path, busy_ms=50)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the file
    try:
        with pytest.raises(DatabaseBusy) as caught, db.write() as s:
            s.execute(text("INSERT INTO t VALUES (1)"))
        assert isinstance(caught.value, ServerBusy)  # callers that retry a busy server retry this too
        assert isinstance(caught.value.__cause__, OperationalError)  # the driver's error is kept
        assert "locked" in str(caught.value.__cause__)
        assert "Try again" in caught.value.message("en") and "请稍后再试" in caught.value.message("zh")
        with db.read() as s:  # a reader is not blocked by a writer
            assert s.execute(text("SELECT count(*) FROM t")).scalar() == 0
    finally:
        other.execute("ROLLBACK")
        other.close()
    with db.write() as s:  # once the other writer is done, the same database writes again
        s.execute(text("INSERT INTO t VALUES (1)"))
    db.dispose()


def test_an_sqlite_file_that_cannot_be_opened_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder.sqlite"
    folder.mkdir()  # a folder where the file should be: SQLITE_CANTOPEN
    db = Database(f"sqlite:///{folder}")
    try:
        with pytest.raises(DatabaseError) as caught, db.read() as s:
            s.execute(text("SELECT 1"))
    finally:
        db.dispose()
    assert caught.value.code == "database_unreachable"
    assert caught.value.message("en").startswith("Cannot open the database: ")
    assert str(folder) in caught.value.message("en") and "无法打开数据库" in caught.value.message("zh")


def test_a_workspace_that_cannot_be_opened_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "home" / "db.sqlite"
    folder.mkdir(parents=True)
    with pytest.raises(DatabaseError, match="Cannot open the database"):
        Workspace.open(WorkspaceSettings(home=tmp_path / "home", database_url=f"sqlite:///{folder}"))


def test_a_read_only_sqlite_database_refuses_writes_plainly(tmp_path: Path) -> None:
    db = _sqlite(tmp_path / "ro.sqlite")

    @event.listens_for(db.engine, "connect")
    def _read_only(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.execute("PRAGMA query_only=ON")  # SQLITE_READONLY on any write

    db.engine.dispose()  # new connections take the pragma
    try:
        with pytest.raises(DatabaseError) as caught, db.write() as s:
            s.execute(text("INSERT INTO t VALUES (1)"))
    finally:
        db.dispose()
    assert caught.value.code == "database_read_only"
    assert "can only be read" in caught.value.message("en") and "只能读取" in caught.value.message("zh")


def test_a_full_sqlite_database_says_the_disk_is_full(tmp_path: Path) -> None:
    """SQLITE_FULL, provoked with a page limit (the same code a full disk gives)."""
    path = tmp_path / "full.sqlite"
    db = _sqlite(path)
    try:
        with pytest.raises(DiskFull) as caught, db.write() as s:
            s.execute(text("PRAGMA max_page_count=3"))
            s.execute(text("INSERT INTO t VALUES (randomblob(100000))"))
        assert "database or disk is full" in str(caught.value.__cause__)
        assert str(path) in caught.value.message("en") and "磁盘已满" in caught.value.message("zh")
        with db.read() as s:  # nothing was written
            assert s.execute(text("SELECT count(*) FROM t")).scalar() == 0
    finally:
        db.dispose()


def test_driver_errors_without_a_code_are_recognised_by_their_message() -> None:
    """The rules also hold when the driver's error carries only its message (no result code)."""
    cases = {"database or disk is full": DiskFull, "database is locked": DatabaseBusy,
             "unable to open database file": DatabaseError}
    for message, expected in cases.items():
        driver = sqlite3.OperationalError(message)
        assert getattr(driver, "sqlite_errorcode", None) is None
        error = domain_error(OperationalError("INSERT ...", {}, driver), "/data/w.sqlite", is_sqlite=True)
        assert type(error) is expected, message
    assert domain_error(OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: x")),
                        "/data/w.sqlite", is_sqlite=True) is None


def test_other_driver_errors_stay_what_they_are(tmp_path: Path) -> None:
    db = _sqlite(tmp_path / "bug.sqlite")
    try:
        with pytest.raises(OperationalError, match="no such table"), db.read() as s:
            s.execute(text("SELECT * FROM no_such_table"))
    finally:
        db.dispose()


@pytest.mark.parametrize("backend_name", ["postgresql"])
def test_a_postgresql_lock_timeout_is_busy(ws: Workspace) -> None:
    import psycopg

    url = ws.db.engine.url
    with psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database) as other:
        other.execute("LOCK TABLE settings IN ACCESS EXCLUSIVE MODE")
        with pytest.raises(ServerBusy) as caught, ws.db.write() as s:
            s.connection().exec_driver_sql("LOCK TABLE settings IN ACCESS EXCLUSIVE MODE NOWAIT")
    assert type(caught.value) is ServerBusy and "Try again" in caught.value.message("en")


def test_a_server_that_cannot_be_opened_says_cannot_open() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DatabaseError) as caught:
        probe_database(f"postgresql+psycopg://nobody@127.0.0.1:{port}/workbench")
    assert caught.value.message("en").startswith(f"Cannot open the database: 127.0.0.1:{port}/workbench: ")
