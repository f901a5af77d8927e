"""Engine and unit of work, for SQLite (one laptop) and PostgreSQL (a team's shared server).

Both backends give the same guarantee to the services: **write transactions run one at a time**,
and each sees every write committed before it began. The services rely on it (read-modify-write
of proposal numbers, "not the same reviewer twice" guards, optimistic ``version`` checks against
what the caller saw earlier).

- SQLite: WAL, a busy timeout, foreign keys and ``BEGIN IMMEDIATE`` for writes (plain BEGIN
  loses read-modify-write races to 'database is locked': measured with WAL and busy_timeout=5000,
  213 failures in 300 read-modify-write transactions from several processes; BEGIN IMMEDIATE, 0).
- PostgreSQL: READ COMMITTED writes that first take one transaction-level advisory lock
  (``pg_advisory_xact_lock``), the server-side equivalent of BEGIN IMMEDIATE: readers are never
  blocked, writers queue for a few milliseconds each, and the lock is released by COMMIT/ROLLBACK
  even if the client dies. Reads are REPEATABLE READ, READ ONLY: one consistent snapshot per
  operation, as a WAL reader has on SQLite (read-only snapshots never fail to serialize).

Driver errors become domain errors in one place, ``domain_error`` (applied by ``read()``,
``write()`` and ``errors()``), by explicit rules; anything else stays the driver's error (a bug, to
be logged with its context):

- a server that cannot be reached (refused, lost mid-operation, shut down, no pooled connection in
  time): ``ServerUnavailable``, so the GUI can say so plainly and keep the edit (``ping()`` tells
  cheaply when it is back); while *opening* (``errors(opening=True)``: migrating at start, the
  settings' connection test, ``workbench migrate``) it, and any other operational error of the
  server (wrong password, no such database), is ``DatabaseError`` ("cannot open");
- SQLite's "database is locked" (SQLITE_BUSY/SQLITE_LOCKED: another writer outlasted the busy
  timeout): ``DatabaseBusy``, nothing written, try again;
- PostgreSQL's lock timeout (55P03, lock_not_available): ``ServerBusy``, the same on a server;
- SQLite's "unable to open database file" (SQLITE_CANTOPEN): ``DatabaseError`` ("cannot open");
- SQLite's "attempt to write a readonly database" (SQLITE_READONLY): ``DatabaseError``
  (``database_read_only``);
- a full disk (SQLITE_FULL, "database or disk is full"; PostgreSQL 53100): ``DiskFull``;
- while opening, the server asking for the password of the address's login ("no password
  supplied") or refusing the one given: ``PasswordNeeded`` (``team_password_needed``,
  ``team_password_wrong``), so the app or the terminal asks for it; the password typed is given
  to ``Database(url, password=...)`` and kept in memory only, never in the address;
- a login the server refuses once the app is open (28000, 28P01: a person deactivated, their
  password changed): ``DatabaseError`` (``team_login_refused``), not "the server went away";
- PostgreSQL's insufficient_privilege (42501): the server refused the person's connection a
  table, a column or a row rule of the team roles (migration 0011): ``Forbidden``
  (``server_refused``, with the server's first line).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Executable, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from workbench.core.db import open_lock
from workbench.core.db.models import refuse_overlong_text
from workbench.core.errors import (
    DatabaseBusy,
    DatabaseError,
    DiskFull,
    Forbidden,
    ServerBusy,
    ServerUnavailable,
    WorkbenchError,
)
from workbench.core.private_files import database_files, keep_private

# the advisory lock every write transaction takes on PostgreSQL (any constant; "workbnch")
WRITE_LOCK_KEY = 0x776F726B626E6368
# how long a PostgreSQL writer waits for the write lock before giving up (SQLite: busy_timeout)
WRITE_LOCK_TIMEOUT = "15s"
_LOCK_NOT_AVAILABLE = "55P03"


def _install_sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN itself.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=5000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _install_postgresql_write_lock(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get("workbench_write", False):
            take_write_lock(conn)


def take_write_lock(conn: Any) -> None:
    """Serialise writers on PostgreSQL for the rest of the transaction on ``conn``. A writer that
    waits longer than ``WRITE_LOCK_TIMEOUT`` gets ``ServerBusy`` (nothing written, try again),
    never the driver's lock_not_available error."""
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{WRITE_LOCK_TIMEOUT}'")
    try:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
    except OperationalError as exc:
        if getattr(exc.orig, "sqlstate", None) == _LOCK_NOT_AVAILABLE:
            raise ServerBusy() from exc  # the same rule as ``domain_error``'s, for callers outside it
        raise


# how long ``Database.ping()`` waits for a server before saying it is not there
PING_TIMEOUT_S = 3
# SQLSTATEs that mean "the server went away": class 08 (connection exception), and the server
# shutting down, crashed or still starting (57P01-57P03)
_SERVER_GONE_STATES = ("57P01", "57P02", "57P03")
_DISK_FULL_STATE = "53100"
_INSUFFICIENT_PRIVILEGE = "42501"
# the server refused the login itself: NOLOGIN (deactivated), a changed or wrong password. A
# refused connection has no SQLSTATE in psycopg (the error comes from libpq's connection
# attempt): the server's words (lc_messages English, the default) tell it
_LOGIN_REFUSED_STATES = ("28000", "28P01")
_LOGIN_REFUSED_TEXTS = ("is not permitted to log in", "password authentication failed",
                        "authentication failed for user")
# while opening: the server asks for a password the address does not carry (libpq's words), or
# refuses the one given. Either way the person is asked for it (desktop sign-in dialog, a terminal
# prompt), never the password put in the address or the settings
_PASSWORD_MISSING_TEXTS = ("no password supplied",)
_PASSWORD_WRONG_TEXTS = ("password authentication failed",)
# SQLite's primary result codes (the low byte of an extended code)
_SQLITE_READONLY, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_FULL, _SQLITE_CANTOPEN = 8, 5, 6, 13, 14
# the same, recognised by the message when the driver gave no code
_SQLITE_TEXTS = (("database is locked", _SQLITE_BUSY), ("database table is locked", _SQLITE_LOCKED),
                 ("unable to open database", _SQLITE_CANTOPEN), ("database or disk is full", _SQLITE_FULL),
                 ("readonly database", _SQLITE_READONLY))


def sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL; None for other databases and in-memory ones."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def dialect_of(url: str) -> str:
    return url.split(":", 1)[0].split("+", 1)[0]


def server_label(url: str) -> str:
    """host:port/dbname for messages; never the user name or password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    host = parsed.host or "localhost"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{host}{port}/{parsed.database or ''}"


def is_server_gone(exc: BaseException) -> bool:
    """Whether a driver error says the server cannot be reached (as opposed to a bad statement,
    a lock timeout or a constraint). Only for client/server databases; see ``Database``."""
    if isinstance(exc, PoolTimeout):
        return True  # no connection came free in time: every pooled one is stuck on a dead server
    if not isinstance(exc, (OperationalError, InterfaceError)):
        return False
    if exc.connection_invalidated:
        return True
    state = getattr(exc.orig, "sqlstate", None)
    # no SQLSTATE: the error came from the client side (refused, reset, timed out, closed)
    return state is None or state.startswith("08") or state in _SERVER_GONE_STATES


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    lines = str(orig if orig is not None else exc).strip().splitlines()
    return (lines[0] if lines else type(orig or exc).__name__)[:300]


def _sqlite_code(orig: BaseException | None) -> int | None:
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(orig).lower()
    return next((c for fragment, c in _SQLITE_TEXTS if fragment in text), None)


def domain_error(exc: BaseException, server: str, is_sqlite: bool, opening: bool = False,
                 user: str = "") -> WorkbenchError | None:
    """The domain error a driver or pool error stands for (see the module's rules), or None when
    no rule applies (the error is a bug, not something the person can act on). ``server`` names
    the database in messages (never a password); ``opening``: the database is being opened;
    ``user``: the login it is opened as (for "asks for the password of ...")."""
    if not isinstance(exc, (DBAPIError, PoolTimeout)):
        return None
    if is_sqlite:
        if not isinstance(exc, (OperationalError, InterfaceError)):
            return None
        code = _sqlite_code(exc.orig)
        if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
            return DatabaseBusy()
        if code == _SQLITE_CANTOPEN:
            return DatabaseError(detail=f"{server}: {_first_line(exc)}")
        if code == _SQLITE_READONLY:
            return DatabaseError("database_read_only", server=server)
        if code == _SQLITE_FULL:
            return DiskFull(server=server)
        return None
    said = str(getattr(exc, "orig", exc))
    if opening and any(t in said for t in _PASSWORD_MISSING_TEXTS):
        return PasswordNeeded("team_password_needed", server=server, name=user)
    if opening and any(t in said for t in _PASSWORD_WRONG_TEXTS):
        return PasswordNeeded("team_password_wrong", server=server, name=user)
    if opening and (is_server_gone(exc) or isinstance(exc, (OperationalError, InterfaceError))):
        # refused, unknown host, wrong password, no such database: it cannot be opened
        return DatabaseError(detail=f"{server}: {_first_line(exc)}")
    state = getattr(getattr(exc, "orig", None), "sqlstate", None)
    if state in _LOGIN_REFUSED_STATES or any(t in str(getattr(exc, "orig", exc)) for t in _LOGIN_REFUSED_TEXTS):
        return DatabaseError("team_login_refused", server=server)
    if is_server_gone(exc):
        return ServerUnavailable(server=server)
    if state == _LOCK_NOT_AVAILABLE:
        return ServerBusy()
    if state == _DISK_FULL_STATE:
        return DiskFull(server=server)
    if state == _INSUFFICIENT_PRIVILEGE:
        return Forbidden("server_refused", detail=_first_line(exc))
    return None


class PasswordNeeded(DatabaseError):
    """Opening a team database: the server asks for the password of the address's login
    (``team_password_needed``) or refused the one given (``team_password_wrong``). The person is
    asked for it; it is kept in the process's memory only (``Database(url, password=...)``)."""

    code = "team_password_needed"


class Database:
    """One per workspace: hands out sessions, one per operation (unit of work).

    On an SQLite file the process holds the file's open-lock (``open_lock``) from construction
    until ``dispose()``, and again from the next connection after it: a restore is refused
    meanwhile instead of replacing the data under this process. Opening waits while a restore
    is in progress."""

    def __init__(self, url: str, password: str | None = None) -> None:
        """``password``: the login's password when the address carries none and the server asks
        for one; kept in this object (the driver's connection arguments) only, never in the
        address, so no message, log line or setting that shows the address can show it."""
        self._setup(url, password)

    def _setup(self, url: str, password: str | None = None) -> None:
        self.url = url
        self._password = password
        self.dialect = dialect_of(url)
        self.is_sqlite = self.dialect == "sqlite"
        self.is_postgresql = self.dialect == "postgresql"
        self.file = sqlite_file(url) if self.is_sqlite else None
        self._holding = False
        self._hold_lock = threading.Lock()
        self._hold()
        kwargs: dict[str, Any] = {}
        if self.is_sqlite:
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 5}
        else:
            # a desktop client: few connections, checked before use (the server may have restarted),
            # recycled before typical idle-connection cut-offs of firewalls and poolers
            kwargs.update(pool_pre_ping=True, pool_size=5, max_overflow=5, pool_recycle=1800, pool_timeout=30)
            if self.is_postgresql:
                kwargs["connect_args"] = {"connect_timeout": 10, "application_name": "presales-workbench"}
                if password is not None:
                    kwargs["connect_args"]["password"] = password
        self.engine = create_engine(url, **kwargs)
        read_engine: Engine = self.engine
        if self.is_sqlite:
            _install_sqlite_pragmas(self.engine)
            # 0600 before the pragmas write: SQLite gives -wal/-shm the database file's mode
            event.listen(self.engine, "connect", lambda _c, _r: self._keep_private(), insert=True)
            # first: before the pragmas touch the file
            event.listen(self.engine, "connect", lambda _c, _r: self._hold(), insert=True)
            write_engine: Engine = self.engine.execution_options(sqlite_immediate=True)
        elif self.is_postgresql:
            _install_postgresql_write_lock(self.engine)
            write_engine = self.engine.execution_options(
                isolation_level="READ COMMITTED", workbench_write=True)
            read_engine = self.engine.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True)
        else:
            write_engine = self.engine
        self._read_engine = read_engine
        self._read = sessionmaker(read_engine, expire_on_commit=False)
        self._write = sessionmaker(write_engine, expire_on_commit=False)
        event.listen(self._write, "before_flush", refuse_overlong_text)

    def _keep_private(self) -> None:
        if self.file is not None:
            keep_private(*database_files(self.file))
    def connect_as(self, name: str, password: str) -> None:
        """From now on, connect as ``name`` with ``password`` (a person's own PostgreSQL login):
        a connection is made first, so a refused one (wrong password, no such login, NOLOGIN)
        raises ``DatabaseError`` and leaves this database as it was. The password stays in this
        process's memory only."""
        as_name = make_url(self.url).set(username=name, password=None)
        trial = create_engine(as_name, connect_args={"connect_timeout": 10, "password": password,
                                                     "application_name": "presales-workbench"})
        try:
            with self.errors(opening=True), trial.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        finally:
            trial.dispose()
        self.engine.dispose()
        self._setup(as_name.render_as_string(hide_password=False), password)

    def password_works(self, name: str, password: str) -> bool:
        """Whether the server accepts ``password`` for ``name`` now (a fresh connection)."""
        cargs, cparams = self.engine.dialect.create_connect_args(
            self.engine.url.set(username=name, password=password))
        cparams.update(connect_timeout=PING_TIMEOUT_S, password=password)
        try:
            conn = self.engine.dialect.loaded_dbapi.connect(*cargs, **cparams)
        except Exception:  # refused, for whatever reason: not a password that works now
            return False
        conn.close()
        return True

    @property
    def login_name(self) -> str:
        """The login the address names ("" for SQLite; libpq's default, the OS login, when the
        address names none)."""
        if self.is_sqlite:
            return ""
        import getpass

        try:
            return make_url(self.url).username or getpass.getuser()
        except (KeyError, OSError):
            return ""

    @property
    def server(self) -> str:
        """Where the data lives, fit for a message: host:port/dbname, or the SQLite file."""
        return server_label(self.url)

    @contextmanager
    def errors(self, opening: bool = False) -> Iterator[None]:
        """Driver errors in the block become domain errors by ``domain_error``'s rules (the
        driver's error is kept as the cause); others pass unchanged. ``opening``: the block opens
        the database (a server that cannot be reached is "cannot open", not "lost")."""
        try:
            yield
        except (DBAPIError, PoolTimeout) as exc:
            error = domain_error(exc, self.server, self.is_sqlite, opening, self.login_name)
            if error is None:
                raise
            raise error from exc

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: committed when the block ends normally, rolled back otherwise.

        If the server goes away, ``ServerUnavailable`` is raised and **nothing was written**: a
        failure before or while statements ran leaves a transaction the server never committed
        (PostgreSQL rolls back a transaction whose connection is lost). The one ambiguous case is
        a connection lost *during* COMMIT: the server may have committed just before the reply was
        lost. Replaying the kept edit is still safe: every replayed save carries the version the
        user started from (``KnowledgeService.update``'s ``expected_version``, the proposal's
        ``expected_revision``), so a save that did land makes the replay fail with a Conflict
        (recognised as "already saved" when the stored text equals the kept one) instead of being
        applied a second time silently."""
        with self.errors(), self._write() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.errors(), self._read() as session, session.begin():
            yield session

    def scalars(self, statement: Executable) -> list[Any]:
        """One read statement's first column, over a plain connection: no session and no
        transaction of its own beyond the statement's (half the time of ``read`` for the one
        look-up every search makes)."""
        with self.errors(), self._read_engine.connect() as conn:
            return list(conn.execute(statement).scalars())

    def ping(self) -> bool:
        """Whether the database answers now: a fresh connection with a short timeout (never a
        pooled one, which may hang on a dead server until the long timeout) and ``SELECT 1``."""
        if not self.is_postgresql:
            try:
                with self.engine.connect() as conn:
                    conn.exec_driver_sql("SELECT 1")
                return True
            except DBAPIError:
                return False
        cargs, cparams = self.engine.dialect.create_connect_args(self.engine.url)
        cparams["connect_timeout"] = PING_TIMEOUT_S
        if self._password is not None:
            cparams["password"] = self._password
        try:
            conn = self.engine.dialect.loaded_dbapi.connect(*cargs, **cparams)
        except Exception:  # any failure to connect means "not reachable now"
            return False
        try:
            conn.execute("SELECT 1")
            return True
        except Exception:
            return False
        finally:
            conn.close()

    def _hold(self) -> None:
        """Take this process's share of the file's open-lock (again, after ``dispose``)."""
        if self.file is None:
            return
        with self._hold_lock:
            if not self._holding:
                self.file.parent.mkdir(parents=True, exist_ok=True)
                open_lock.acquire_shared(self.file)
                self._holding = True

    def dispose(self) -> None:
        self.engine.dispose()
        if self.file is not None:
            with self._hold_lock:
                if self._holding:
                    self._holding = False
                    open_lock.release_shared(self.file)
