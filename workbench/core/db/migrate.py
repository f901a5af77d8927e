"""Schema migrations at start-up: compare with head, back up the file first, then upgrade."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.exc import SQLAlchemyError

from workbench.core.db.engine import Database
from workbench.core.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
_NUMBERED = re.compile(r"^(\d{4})_\w+\.py$")


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def numbered_head() -> str | None:
    """The newest migration by file name (every file is NNNN_name.py with revision "NNNN",
    a test holds them to it), read without importing Alembic."""
    numbers = []
    for path in (MIGRATIONS / "versions").iterdir():
        if path.suffix != ".py" or path.name.startswith("__"):
            continue
        match = _NUMBERED.match(path.name)
        if match is None:
            return None
        numbers.append(match.group(1))
    return max(numbers) if numbers else None


def _stamped(db: Database) -> str | None:
    try:
        with db.engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        return None


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return current_revision_on(conn)


def current_revision_on(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def status(db: Database) -> tuple[str | None, str]:
    """(the database's schema revision, or None for an empty database; the app's head)."""
    return current_revision(db), head_revision()


def needs_upgrade(db: Database) -> bool:
    return current_revision(db) != head_revision()


def upgrade(db: Database, backup_to: Path | None = None, explicit: bool = False) -> bool:
    """Bring the schema to head. Returns True when anything was applied.

    An existing database with tables is backed up (``backup_to`` folder) before any change.
    An up-to-date database is recognised without importing Alembic (~0.3 s of start-up).

    A team's shared database (PostgreSQL) is created at start-up when empty, but an existing
    schema is only ever changed ``explicit``-ly (``workbench migrate``, run by whoever looks after
    the server): otherwise the first laptop to install a new release would change the schema under
    every colleague still running the old one, and the administrator would find out last."""
    head_by_name = numbered_head()
    if head_by_name is not None and _stamped(db) == head_by_name:
        return False
    from alembic import command
    from alembic.script import ScriptDirectory

    current = current_revision(db)
    head = head_revision()
    if current == head:
        return False
    script = ScriptDirectory.from_config(_config())
    if current is not None and script.get_revision(current) is None:
        raise DatabaseError("database_newer", found=current)
    if current is not None and not explicit and not db.is_sqlite:
        raise DatabaseError("schema_behind", found=current, head=head)
    if backup_to is not None and db.is_sqlite:
        with db.engine.connect() as conn:
            has_tables = bool(inspect(conn).get_table_names())
        if has_tables:
            from workbench.core.db.backup import backup_sqlite

            target = backup_sqlite(db, backup_to, reason=f"pre-migrate-{current or 'none'}")
            log.info("backed up database before migrating %s -> %s: %s", current, head, target)
    cfg = _config()
    with db.engine.begin() as conn:
        if db.is_postgresql:
            # two clients starting against a new server: one migrates, the other waits and finds
            # the schema at head (DDL is transactional on PostgreSQL)
            from workbench.core.db.engine import take_write_lock

            take_write_lock(conn)
            now = current_revision_on(conn)
            if now == head:
                return False
            if now is not None and not explicit:  # another client created it meanwhile, older
                raise DatabaseError("schema_behind", found=now, head=head)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("database migrated %s -> %s", current, head)
    return True
