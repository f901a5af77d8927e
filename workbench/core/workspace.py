"""The one front door to the core: ``Workspace.open(settings)`` gives every service."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from workbench.core.auth import Auth, NotSignedIn
from workbench.core.db import migrate
from workbench.core.db.backup import rolling_backup
from workbench.core.db.engine import Database
from workbench.core.db.models import Setting
from workbench.core.demo_history import add_history
from workbench.core.knowledge.importer import Importer, ImportReport
from workbench.core.knowledge.service import KnowledgeService
from workbench.core.paths import Paths, default_home, demo_knowledge_dir
from workbench.core.proposals.catalog import TemplateCatalog, builtin_templates_dir
from workbench.core.proposals.service import ProposalService
from workbench.core.retro.reports import Reports
from workbench.core.retro.service import RetroService
from workbench.core.reviews.service import ReviewService
from workbench.core.search.index import SearchIndex
from workbench.core.search.service import SearchService
from workbench.core.users import UserService, UserView

log = logging.getLogger(__name__)

DEMO_LOADED_KEY = "demo_loaded"


@dataclass(frozen=True)
class WorkspaceSettings:
    home: Path = field(default_factory=default_home)
    database_url: str | None = None
    # the demo knowledge base on first start: None loads it into a laptop's own SQLite file but
    # never into a team (PostgreSQL) database, where an admin imports it if wanted
    # (``workbench import knowledge/``); True and False force it either way
    load_demo: bool | None = None
    demo_history: bool = True  # with the demo: decided bids, reviews and retrospectives (demo_history.py)
    automatic_backups: bool = True

    @property
    def url(self) -> str:
        """The database: the one given, else the SQLite file in the data folder."""
        return self.database_url or f"sqlite:///{Paths(self.home).database}"


class Workspace:
    def __init__(self, settings: WorkspaceSettings, db: Database) -> None:
        self.settings = settings
        self.paths = Paths(settings.home)
        self.db = db
        self.users = UserService(db)
        self.auth = Auth(db, self.paths.home / "sessions")
        self.knowledge = KnowledgeService(db)
        self.importer = Importer(db, self.knowledge)
        self.index = SearchIndex(self.paths.index, db)
        self._search: SearchService | None = None
        self.proposals = ProposalService(
            db, TemplateCatalog([builtin_templates_dir(), self.paths.home / "templates"]), lambda: self.search
        )
        self.reviews = ReviewService(db, self.proposals.catalog)
        self.retros = RetroService(db, self.knowledge)
        self.reports = Reports(db)

    @property
    def search(self) -> SearchService:
        """Search, opened on first use (the segmenter's dictionary loads then, not at start-up)."""
        if self._search is None:
            from workbench.core.search.analysis import dictionary_paths, load_user_dictionary
            from workbench.core.search.query import Synonyms

            load_user_dictionary(dictionary_paths(self.paths.home))
            self._search = SearchService(self.db, self.index, Synonyms.load(self.paths.home))
        return self._search

    @classmethod
    def open(cls, settings: WorkspaceSettings | None = None) -> Workspace:
        """Open (creating on first start) the database, migrate it, resume this laptop's login
        session, create the local profile (a laptop's own database without passwords only) and
        load the demo knowledge base once (see ``WorkspaceSettings.load_demo``)."""
        settings = settings or WorkspaceSettings()
        paths = Paths(settings.home)
        paths.ensure()
        db = Database(settings.url)  # on a laptop's file: holds it open until close() (restore waits)
        try:
            migrate.upgrade(db, backup_to=paths.backups)
        except BaseException:
            db.dispose()  # a database that will not open is not held open either
            raise
        ws = cls(settings, db)
        ws.auth.resume()
        if not ws.auth.login_required():
            ws.users.current()
        load_demo = db.is_sqlite if settings.load_demo is None else settings.load_demo
        if load_demo and ws.signed_in() is not None:
            ws.load_demo_once()
        if settings.automatic_backups:
            try:
                rolling_backup(db, paths.backups)
            except OSError:
                log.exception("automatic backup failed")
        return ws

    def actor(self) -> UserView:
        """Who acts: the signed-in user; on a laptop's own database without passwords, the local
        profile. Raises NotSignedIn ("sign in first") when login is required and nobody is."""
        user = self.signed_in()
        if user is None:
            raise NotSignedIn()
        return user

    def signed_in(self) -> UserView | None:
        """The actor, or None when login is required and nobody is signed in."""
        user = self.auth.signed_in()
        if user is not None:
            return user
        if self.auth.login_required():
            return None
        return self.users.current()

    def login_required(self) -> bool:
        return self.auth.login_required()

    def login(self, name: str, password: str) -> UserView:
        return self.auth.login(name, password)

    def logout(self) -> None:
        self.auth.logout()

    def create_first_admin(self, name: str, password: str, display_name: str = "") -> UserView:
        """An empty database's first administrator, signed in at once."""
        self.users.add(None, name, "admin", display_name=display_name, password=password)
        return self.auth.login(name, password)

    def database_label(self) -> str:
        return database_label(self.db.url)

    def load_demo_once(self) -> ImportReport | None:
        with self.db.read() as s:
            if s.get(Setting, DEMO_LOADED_KEY) is not None:
                return None
        folder = demo_knowledge_dir()
        report = None
        if folder.is_dir():
            report = self.importer.run(self.actor(), [folder]).value
            for rejection in report.rejected:
                log.warning("demo item rejected: %s: %s", rejection.path, rejection.reason())
        # the demo history (decided bids with reviews and retrospectives) comes with the demo
        # knowledge base on first start only, never into a database that already had a first start
        if self.settings.demo_history:
            add_history(self.db)
        with self.db.write() as s:
            if s.scalar(select(Setting).where(Setting.key == DEMO_LOADED_KEY)) is None:
                s.add(Setting(key=DEMO_LOADED_KEY, value="1"))
        return report

    def close(self) -> None:
        self.index.close()
        self.db.dispose()


def database_label(url: str) -> str:
    """Which database a URL names, for people: host:port/dbname, or the SQLite file; never the
    password."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    host = parsed.host or "localhost"
    port = f":{parsed.port}" if parsed.port else ""
    user = f"{parsed.username}@" if parsed.username else ""
    return f"{user}{host}{port}/{parsed.database or ''}"


def probe_database(url: str) -> str:
    """Try a connection to ``url`` (the settings screen's "Test connection"): returns the
    server's version, or raises a WorkbenchError that says what went wrong."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from workbench.core.errors import DatabaseError, WorkbenchError

    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(detail=str(exc)[:300]) from None
    if parsed.password:
        raise WorkbenchError("password_in_url")
    db: Database | None = None
    try:
        db = Database(url)
        with db.engine.connect() as conn:
            if db.is_postgresql:
                return "PostgreSQL " + str(conn.execute(text("SHOW server_version")).scalar())
            return "SQLite " + str(conn.execute(text("SELECT sqlite_version()")).scalar())
    except SQLAlchemyError as exc:
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        raise DatabaseError(detail=(detail[0] if detail else type(exc).__name__)[:300]) from None
    finally:
        if db is not None:
            db.dispose()
