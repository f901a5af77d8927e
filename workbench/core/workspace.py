"""The one front door to the core: ``Workspace.open(settings)`` gives every service."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

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
    load_demo: bool = True
    demo_history: bool = True  # with the demo: decided bids, reviews and retrospectives (demo_history.py)
    automatic_backups: bool = True


class Workspace:
    def __init__(self, settings: WorkspaceSettings, db: Database) -> None:
        self.settings = settings
        self.paths = Paths(settings.home)
        self.db = db
        self.users = UserService(db)
        self.knowledge = KnowledgeService(db)
        self.importer = Importer(db, self.knowledge)
        self.index = SearchIndex(self.paths.index, db)
        self._search: SearchService | None = None
        self.proposals = ProposalService(
            db, TemplateCatalog([builtin_templates_dir(), self.paths.home / "templates"]), lambda: self.search
        )
        self.reviews = ReviewService(db, self.proposals.catalog)
        self.retros = RetroService(db, self.knowledge)
        self.reports = Reports(db, lambda: self.search.content_gaps())

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
        """Open (creating on first start) the database, migrate it, create the local profile
        and load the demo knowledge base once."""
        settings = settings or WorkspaceSettings()
        paths = Paths(settings.home)
        paths.ensure()
        url = settings.database_url or f"sqlite:///{paths.database}"
        db = Database(url)
        migrate.upgrade(db, backup_to=paths.backups)
        ws = cls(settings, db)
        ws.users.current()
        if settings.load_demo:
            ws.load_demo_once()
        if settings.automatic_backups:
            try:
                rolling_backup(db, paths.backups)
            except OSError:
                log.exception("automatic backup failed")
        return ws

    def actor(self) -> UserView:
        return self.users.current()

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
