"""Schema migrations at start-up: compare with head, back up the file first, then upgrade."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from workbench.core.db.engine import Database
from workbench.core.errors import WorkbenchError

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def needs_upgrade(db: Database) -> bool:
    return current_revision(db) != head_revision()


def upgrade(db: Database, backup_to: Path | None = None) -> bool:
    """Bring the schema to head. Returns True when anything was applied.

    An existing database with tables is backed up (``backup_to`` folder) before any change."""
    current = current_revision(db)
    head = head_revision()
    if current == head:
        return False
    script = ScriptDirectory.from_config(_config())
    if current is not None and script.get_revision(current) is None:
        raise WorkbenchError("database_newer", found=current)
    if backup_to is not None and db.is_sqlite:
        with db.engine.connect() as conn:
            has_tables = bool(inspect(conn).get_table_names())
        if has_tables:
            from workbench.core.db.backup import backup_sqlite

            target = backup_sqlite(db, backup_to, reason=f"pre-migrate-{current or 'none'}")
            log.info("backed up database before migrating %s -> %s: %s", current, head, target)
    cfg = _config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("database migrated %s -> %s", current, head)
    return True
