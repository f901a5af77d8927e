"""The one front door to the core: ``Workspace.open(settings)`` gives every service.

The GUI and the CLI reach the database only through it (an import-linter contract forbids them
``workbench.core.db``, sqlalchemy and whoosh): ``ws.backups`` (a copy now, restore), ``ws.demo``
(the demo history), ``ws.safekeeping`` (unsaved edits kept on this laptop), ``ws.company``,
``ws.export_markdown``, ``ws.doctor``; ``Schema(settings)`` for what is done *before* a workspace
can open (``workbench migrate``, the doctor's preflight). A workspace is a context manager:
``with Workspace.open(settings) as ws:`` lets go of the database at the end."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from workbench.core.auth import Auth, NotSignedIn
from workbench.core.db import migrate, open_lock
from workbench.core.db.backup import backup_sqlite, restore_sqlite, rolling_backup
from workbench.core.db.engine import Database
from workbench.core.db.models import Setting
from workbench.core.errors import InvalidInput
from workbench.core.knowledge.importer import Importer, ImportReport
from workbench.core.knowledge.service import KnowledgeService
from workbench.core.meaning.encoder import default_encoder
from workbench.core.meaning.service import MeaningService
from workbench.core.paths import Paths, default_home, demo_knowledge_dir
from workbench.core.safekeeping import Safekeeping
from workbench.core.search.index import SearchIndex
from workbench.core.search.service import SearchService
from workbench.core.users import Permission, UserService, UserView

if TYPE_CHECKING:
    from workbench.core.changes import OpResult
    from workbench.core.company import CompanyProfiles
    from workbench.core.demo_history import HistoryReport
    from workbench.core.doctor import Check
    from workbench.core.proposals.service import ProposalService
    from workbench.core.retro.reports import Reports
    from workbench.core.retro.service import RetroService
    from workbench.core.reviews.service import ReviewService
    from workbench.core.tender.service import TenderService
    from workbench.core.tender.views import ResponseView

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
    # the sentence encoder in a process of its own, started at open (the desktop app: a query's
    # encoding then runs beside its keyword search; encoder_process.py). A one-shot command
    # gains nothing from it and would pay the process's start.
    encoder_process: bool = False

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
        self.meaning = MeaningService(db, self.index, self.paths.home / "vectors",
                                      default_encoder(in_process=not settings.encoder_process))
        self.backups = Backups(self)
        self.demo = DemoHistory(db)
        self.safekeeping = Safekeeping(self.paths.safekeeping)

    # The services below are made, and their modules imported, when first asked for: a command
    # such as ``workbench search`` does not pay for proposals, reviews, retrospectives and tenders
    # (their imports were ~0.7 s of its ~2 s). The desktop app asks for them all at once, off the
    # UI thread, when it opens the workspace (``load_services``).

    @cached_property
    def proposals(self) -> ProposalService:
        from workbench.core.proposals.catalog import TemplateCatalog, builtin_templates_dir
        from workbench.core.proposals.service import ProposalService

        catalog = TemplateCatalog([builtin_templates_dir(), self.paths.home / "templates"])
        return ProposalService(self.db, catalog, lambda: self.search)

    @cached_property
    def reviews(self) -> ReviewService:
        from workbench.core.reviews.service import ReviewService

        return ReviewService(self.db, self.proposals.catalog)

    @cached_property
    def retros(self) -> RetroService:
        from workbench.core.retro.service import RetroService

        return RetroService(self.db, self.knowledge)

    @cached_property
    def reports(self) -> Reports:
        from workbench.core.retro.reports import Reports

        return Reports(self.db)

    @cached_property
    def company(self) -> CompanyProfiles:
        from workbench.core.company import CompanyProfiles

        return CompanyProfiles(self.db)

    @cached_property
    def tenders(self) -> TenderService:
        from workbench.core.tender.service import TenderService

        return TenderService(self.db, lambda: self.search)

    def load_services(self) -> None:
        """Make every service now (the desktop app, in the thread that opens the workspace, so
        that no screen imports one on the UI thread when first used)."""
        for name in LAZY_SERVICES:
            getattr(self, name)

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def search(self) -> SearchService:
        """Search, opened on first use (the segmenter's dictionary loads then, not at start-up)."""
        if self._search is None:
            from workbench.core.search.analysis import dictionary_paths, load_user_dictionary
            from workbench.core.search.query import Synonyms

            load_user_dictionary(dictionary_paths(self.paths.home))
            self._search = SearchService(self.db, self.index, Synonyms.load(self.paths.home))
            self._search.meaning, self.meaning.on_synced = self.meaning.hybrid, self._search.forget
            self._search.meaning_similar = self.meaning.similar
            self._search.meaning_ahead = self.meaning.prefetch
            self._search.meaning_ahead_text = self.meaning.prefetch_text
            self._search.meaning_expect = self.meaning.expect
            self._search.meaning_expect_text = self.meaning.expect_text
            pinyin = self.meaning.pinyin
            self._search.readings = lambda text, initials: pinyin.suggest(text, initials=initials)
            self._search.related.vectors = self.meaning.vectors  # near-duplicates by meaning
        return self._search

    @classmethod
    def open(cls, settings: WorkspaceSettings | None = None, password: str | None = None) -> Workspace:
        """Open (creating on first start) the database, migrate it, resume this laptop's login
        session, create the local profile (a laptop's own database without passwords only) and
        load the demo knowledge base once (see ``WorkspaceSettings.load_demo``).

        ``password``: a team database's login password the person typed (the address carries
        none and the server asked: ``SERVER_PASSWORD_CODES``); kept in memory only."""
        settings = settings or WorkspaceSettings()
        paths = Paths(settings.home)
        paths.ensure()
        # on a laptop's file: holds it open until close() (restore waits)
        db = Database(settings.url, password=password)
        try:
            with db.errors(opening=True):
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
        if settings.encoder_process:
            ws.meaning.start_encoder()  # it loads the model while the app opens
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

    def attach_response(self, actor: UserView, response_id: str, number: str | None) -> OpResult[ResponseView]:
        """Attach a tender response to proposal ``number`` (None: detach) with its point-by-point
        chapter written into the proposal (a service of its own would only pass both services on)."""
        from workbench.core.tender.proposal_chapter import attach_to_proposal

        return attach_to_proposal(self.tenders, self.proposals, actor, response_id, number)

    def database_label(self) -> str:
        return database_label(self.db.url)

    @property
    def server(self) -> str:
        """Which database this is, as kept edits and drafts are filed under (never a password)."""
        return self.db.server

    def ping(self) -> bool:
        """Whether the database answers now (a fresh connection with a short timeout)."""
        return self.db.ping()

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
            from workbench.core.demo_history import add_history

            add_history(self.db)
        # two customer documents to answer (a tender, a questionnaire), their answers suggested
        from workbench.core.paths import demo_tenders_dir
        from workbench.core.tender.demo import load_demo_tenders

        load_demo_tenders(self.tenders, self.actor(), demo_tenders_dir())
        with self.db.write() as s:
            if s.scalar(select(Setting).where(Setting.key == DEMO_LOADED_KEY)) is None:
                s.add(Setting(key=DEMO_LOADED_KEY, value="1"))
        return report

    def export_markdown(self, folder: Path, include_archived: bool = True) -> list[Path]:
        """The knowledge base as Markdown files with front matter (re-importable)."""
        from workbench.core.knowledge.export import export_markdown

        return export_markdown(self.knowledge, folder, include_archived=include_archived)

    def doctor(self, repair: bool = False, preflighted: list[Check] | None = None) -> list[Check]:
        """Integrity checks of the database and the data folder (``repair``: fix what can be)."""
        from workbench.core.doctor import run_doctor

        return run_doctor(self, repair=repair, preflighted=preflighted)

    def close(self) -> None:
        """Let go of the index and the database (again: a no-op)."""
        self.meaning.close()
        self.index.close()
        self.db.dispose()


# the services made when first asked for: every cached_property of Workspace
LAZY_SERVICES = tuple(name for name, value in vars(Workspace).items() if isinstance(value, cached_property))


class Backups:
    """Copies of a laptop's own (SQLite) database: on demand, and restoring one."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def write(self, folder_or_file: Path | None = None) -> Path:
        """A consistent copy, into the backups folder unless told otherwise; returns the file."""
        return backup_sqlite(self._ws.db, folder_or_file or self._ws.paths.backups)

    def restore(self, actor: Callable[[], UserView], backup: Path) -> Path | None:
        """Replace the database's contents with ``backup`` (an administrator, a laptop's own
        database only; ``actor`` is asked once the database is known to be one). The workspace is
        closed first: this process must not hold the database open while it is restored. Returns
        the copy of the previous contents, if there were any."""
        ws = self._ws
        database = ws.db.file
        if database is None:
            raise InvalidInput("restore_on_server")
        actor().require(Permission.RESTORE_BACKUP)
        ws.close()
        return restore_sqlite(backup, database, ws.paths.backups)


class DemoHistory:
    """The demo history of decided bids (proposals, reviews, retrospectives, lessons)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, actor: UserView) -> HistoryReport | None:
        """Add it again (an administrator); None when it is already there."""
        from workbench.core.demo_history import add_history

        return add_history(self._db, actor=actor, force=True)

    def remove(self, actor: UserView) -> OpResult[HistoryReport]:
        from workbench.core.demo_history import remove_history

        return remove_history(self._db, actor)


class Schema:
    """The database a ``WorkspaceSettings`` points at, *without* opening the workspace (no
    migration, no sign-in, no demo): what ``workbench migrate`` and the doctor's preflight need.
    Use as a context manager; the database is let go at the end."""

    def __init__(self, settings: WorkspaceSettings) -> None:
        self.paths = Paths(settings.home)
        self.paths.ensure()
        self.db = Database(settings.url)

    def __enter__(self) -> Schema:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.db.dispose()

    @property
    def where(self) -> str:
        """The database's URL without its password."""
        return self.db.engine.url.render_as_string(hide_password=True)

    def status(self) -> tuple[str | None, str]:
        """(the database's schema revision or None when empty, this app's revision)."""
        with self.db.errors(opening=True):
            return migrate.status(self.db)

    def upgrade(self) -> bool:
        """Migrate to this app's schema, a backup first (an explicit migration)."""
        return migrate.upgrade(self.db, backup_to=self.paths.backups, explicit=True)

    def preflight(self) -> list[Check]:
        """What the doctor checks before the workspace is opened (the database answers, its
        schema is this app's)."""
        from workbench.core.doctor import preflight

        return preflight(self.db)


def describe_process(kind: str, name: str) -> None:
    """Say what this process is (``app``, or ``command`` and its name) before it opens a database:
    a refused restore names it."""
    open_lock.describe_process(kind, name)


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


def url_has_password(url: str) -> bool:
    """Whether a database URL carries a password (an unparsable URL: no)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return bool(make_url(url).password)
    except ArgumentError:
        return False


def probe_database(url: str) -> str:
    """Try a connection to ``url`` (the settings screen's "Test connection"): returns the
    server's version, or raises a WorkbenchError that says what went wrong."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from workbench.core.errors import DatabaseError

    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(detail=str(exc)[:300]) from None
    if parsed.password:
        raise InvalidInput("password_in_url")
    db: Database | None = None
    try:
        db = Database(url)
        with db.errors(opening=True), db.engine.connect() as conn:
            if db.is_postgresql:
                return "PostgreSQL " + str(conn.execute(text("SHOW server_version")).scalar())
            return "SQLite " + str(conn.execute(text("SELECT sqlite_version()")).scalar())
    finally:
        if db is not None:
            db.dispose()


# the codes of opening a team database whose server asks for the login's password (none in the
# address) or refused the one typed: the desktop app's sign-in dialog and the terminal's prompt
SERVER_PASSWORD_CODES = ("team_password_needed", "team_password_wrong")


def url_with_user(url: str, name: str) -> str:
    """``url`` naming the login ``name`` instead (never with a password)."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(username=name or None, password=None).render_as_string(hide_password=False)
