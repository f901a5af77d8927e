"""The database backends the core tests run against: SQLite files, and a throwaway PostgreSQL 15
server started once per test session (initdb + pg_ctl in a temporary folder, on a free port,
stopped and deleted at the end; initdb refuses to run as root, so as root it runs as the postgres user)."""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from workbench.core.users import local_login_name
from workbench.core.workspace import Workspace, WorkspaceSettings


def _pg_bin() -> Path:
    """PostgreSQL's server programs: WORKBENCH_PG_BIN, else Debian's 15 (Debian 12), else the
    newest Debian/Ubuntu version installed."""
    if os.environ.get("WORKBENCH_PG_BIN"):
        return Path(os.environ["WORKBENCH_PG_BIN"])
    preferred = Path("/usr/lib/postgresql/15/bin")
    installed = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return preferred if (preferred / "initdb").exists() or not installed else installed[-1].parent


PG_BIN = _pg_bin()
BACKENDS = ("sqlite", "postgresql")


def postgres_missing() -> str | None:
    """Why the PostgreSQL variants cannot run here, or None when they can."""
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        return f"PostgreSQL 15 is not installed (no {PG_BIN}/initdb; scripts/setup.sh --dev installs it)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "the psycopg driver is not installed (pip install -e '.[dev]')"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# as on a team's server: the superuser (the schema owner here, who migrates) over trust,
# every person by their SCRAM password (a wrong one is refused by the server)
TEAM_HBA = ("host all postgres 127.0.0.1/32 trust\n"
            "host all all 127.0.0.1/32 scram-sha-256\n"
            "local all postgres trust\n")


class PostgresServer:
    """A PostgreSQL server of our own: data folder in a temporary folder, on 127.0.0.1 only,
    durability switched off (a test server loses nothing worth keeping). ``hba``: its
    pg_hba.conf (by default a team server's, TEAM_HBA)."""

    def __init__(self, hba: str = TEAM_HBA) -> None:
        self.hba = hba
        self.root = Path(tempfile.mkdtemp(prefix="workbench-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        # initdb refuses to run as root: as root, run the server as the postgres user
        self._as: list[str] = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self._names = itertools.count(1)

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as, *args], check=True, capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        if self._as:
            shutil.chown(self.root, user="postgres")
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        (self.data / "pg_hba.conf").write_text(self.hba, encoding="utf-8")
        self.start_server()

    def start_server(self) -> None:
        """Start the server on its data folder and port (again, after ``stop_server``)."""
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options,
                  "-l", str(self.root / "server.log"), "-w", "-t", "60", "start")

    def stop_server(self) -> None:
        """Take the server away mid-session: every connection is cut (open transactions roll back)
        and new ones are refused; the data folder stays for ``start_server``. A fast shutdown, not
        an immediate one: with synchronous_commit=off (above) an immediate stop could lose the last
        committed transactions, which a test of "nothing lost" must not blame on the client."""
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def stop(self) -> None:
        try:
            self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        """The schema owner's address (the superuser: migrations, the first administrator)."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def person_url(self, database: str, name: str, password: str | None = None) -> str:
        """A person's own address: their login, with their password when given."""
        secret = f":{password}" if password is not None else ""
        return f"postgresql+psycopg://{name}{secret}@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def create_database(self, template: str | None = None) -> str:
        name = f"wb_{next(self._names)}"
        self._admin(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        return name

    def drop_database(self, name: str) -> None:
        self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# The administrator of every test workspace: on SQLite the local profile (the OS login, no
# password, as on a laptop); on a team (PostgreSQL) database the same name, bootstrapped with a
# password and signed in, its session token in the home folder (copied with it).
ADMIN = local_login_name()


def password_of(name: str) -> str:
    """Every user of a test team database has this password."""
    return f"{name}-secret-pw"


@dataclass
class Backend:
    """One test's view of its backend: which database a workspace home uses. SQLite keeps the
    database in the home folder; on PostgreSQL each home gets a database of its own, whose first
    administrator (``ADMIN``) is created with a password and signed in on that home, as an admin
    would on a new team server (``workbench users add NAME --role admin --password``)."""

    name: str
    server: PostgresServer | None = None
    _databases: dict[Path, str] = field(default_factory=dict)
    _with_admin: set[Path] = field(default_factory=set)  # homes whose team database has its admin

    @property
    def is_postgresql(self) -> bool:
        return self.name == "postgresql"

    def adopt(self, home: Path, database: str) -> None:
        """``home`` (a copy of a prepared home) uses ``database`` (a copy of its database)."""
        self._databases[home.resolve()] = database
        self._with_admin.add(home.resolve())

    def url_for(self, home: Path) -> str | None:
        """The database URL of the workspace in ``home`` (a new, empty database for a new home):
        the schema owner's address (see ``owner_session``)."""
        if self.server is None:
            return None
        key = home.resolve()
        if key not in self._databases:
            self._databases[key] = self.server.create_database()
        return self.server.url(self._databases[key])

    def person_url(self, home: Path, name: str) -> str:
        """``name``'s own address of ``home``'s database, with their password (a team database)."""
        assert self.server is not None
        self.url_for(home)
        return self.server.person_url(self._databases[home.resolve()], name, password_of(name))

    def settings(self, home: Path, **options: Any) -> WorkspaceSettings:
        """Settings of the workspace in ``home``; a new team database gets its signed-in admin."""
        options.setdefault("automatic_backups", False)
        options.setdefault("load_demo", True)  # tests on either backend say when they want no demo
        url = self.url_for(home)
        if self.server is not None and home.resolve() not in self._with_admin:
            bootstrap_admin(home, url)
            self._with_admin.add(home.resolve())
        return WorkspaceSettings(home=home, database_url=url, **options)

    def cleanup(self) -> None:
        if self.server is not None:
            for database in self._databases.values():
                self.server.drop_database(database)
        self._databases.clear()


def cli_as(backend: Backend, where: list[str], name: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Command-line options that act as ``name``: ``--as`` on a laptop's database without
    passwords; on a team database ``--as`` is refused, so ``name`` is given an owner's session
    on ``where``'s home first (``owner_session``) and no option is needed."""
    if not backend.is_postgresql:
        return ["--as", name]
    home, url = Path(where[where.index("--home") + 1]), where[where.index("--database-url") + 1]
    with Workspace.open(WorkspaceSettings(home=home, database_url=url, load_demo=False,
                                          automatic_backups=False)) as ws:
        owner_session(ws, name)
    return []


def owner_session(ws: Workspace, name: str) -> None:
    """Over the schema owner's connection (the test server's superuser, which can write every
    table anyway), open a login session of ``name`` on ``ws``'s home, as the app's sign-in did
    before a team database's passwords became the server's only: the core tests act as several
    people over one connection. A person's own connection, held to the server's rules, is
    tests/core/test_team_roles.py's."""
    import datetime as dt
    import secrets

    from workbench.core.auth import SESSION_LIFETIME, token_hash
    from workbench.core.db.models import User, UserSession, utcnow

    token, now = secrets.token_urlsafe(32), utcnow()
    with ws.db.write() as s:
        user_id = s.query(User.id).filter(User.name == name).scalar()
        assert user_id is not None, name
        s.add(UserSession(token_hash=token_hash(token), user_id=user_id, client="tests", created_at=now,
                          expires_at=now + SESSION_LIFETIME, last_seen_at=now - dt.timedelta(seconds=1)))
    path = ws.auth.token_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(token, encoding="ascii")
    ws.auth.resume()


def bootstrap_admin(home: Path, url: str | None) -> None:
    ws = Workspace.open(WorkspaceSettings(home=home, database_url=url, load_demo=False, automatic_backups=False))
    try:
        ws.users.add(None, ADMIN, "admin", display_name=ADMIN, password=password_of(ADMIN))
        owner_session(ws, ADMIN)
    finally:
        ws.close()


# --- prepared workspaces, copied for each test ---------------------------------------------

USERS = [
    ("alice", "author", None),
    ("rita", "reviewer", 1),
    ("mike", "reviewer", 2),
    ("sara", "reviewer", 3),
    ("nina", "viewer", None),
]


def workspace_settings(backend: Backend, home: Path, demo: bool = False) -> WorkspaceSettings:
    # the demo knowledge base without the demo history of decided bids (tests that want it add it)
    return backend.settings(home, load_demo=demo, demo_history=False)


def _prepare(backend: Backend, home: Path, demo: bool) -> Path:
    ws = Workspace.open(workspace_settings(backend, home, demo))
    admin = ws.actor()
    team = backend.is_postgresql  # users of a team database have passwords; a laptop's have none
    for name, role, tier in USERS:
        ws.users.add(admin, name, role, tier, password=password_of(name) if team else None)
    if demo:
        _ = ws.search
        ws.index.ensure()  # copied with the folder: tests start with a built index
    ws.close()
    return home


class Templates:
    """Prepared workspaces per (backend, demo), made on first use: a home folder and, on
    PostgreSQL, a template database."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self._factory = factory
        self._made: dict[tuple[str, bool], tuple[Path, Backend]] = {}

    def get(self, backend: Backend, demo: bool) -> tuple[Path, Backend]:
        key = (backend.name, demo)
        if key not in self._made:
            home = self._factory.mktemp(f"{'demo-' if demo else ''}template-{backend.name}")
            prepared = Backend(backend.name, backend.server)
            _prepare(prepared, home, demo)
            self._made[key] = (home, prepared)
        return self._made[key]


def copy_home(templates: Templates, backend: Backend, demo: bool, target: Path) -> Path:
    template_home, prepared = templates.get(backend, demo)
    shutil.copytree(template_home, target)
    if backend.server is not None:
        template_db = prepared.url_for(template_home)
        assert template_db is not None
        backend.adopt(target, backend.server.create_database(template=template_db.rsplit("/", 1)[1]))
    return target


@contextmanager
def running(server: PostgresServer) -> Iterator[PostgresServer]:
    """``server`` started for the block and removed after it (a test module's own server)."""
    server.start()
    try:
        yield server
    finally:
        server.stop()
