from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config

from tests import factories as f
from tests.backends import Backend
from workbench.core.db import migrate
from workbench.core.db.backup import backup_sqlite, restore_sqlite, rolling_backup
from workbench.core.db.engine import Database
from workbench.core.errors import WorkbenchError
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.workspace import Workspace, WorkspaceSettings


def _settings(home: Path) -> WorkspaceSettings:
    return WorkspaceSettings(home=home, load_demo=False, automatic_backups=False)


SQLITE_ONLY = pytest.mark.parametrize("backend_name", ["sqlite"])  # a feature of the SQLite file


def test_existing_database_is_backed_up_then_migrated_keeping_data(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    db_file = home / "workbench.sqlite"
    db = Database(f"sqlite:///{db_file}")
    cfg = Config()
    cfg.set_main_option("script_location", str(migrate.MIGRATIONS))
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")  # a database written by the first release
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO knowledge_items (slug, kind, title, body, industry, product, customer, language,"
            " owner, status, usage_count, content_hash, created_at, created_by, updated_at, updated_by, version)"
            " VALUES ('faq-old', 'faq', 'Old question', 'Old answer', '', '', '', 'en', 'x', 'published', 0, '',"
            " '2025-01-01 00:00:00', 'x', '2025-01-01 00:00:00', 'x', 1)"
        )
    db.dispose()

    ws = Workspace.open(_settings(home))
    try:
        assert migrate.current_revision(ws.db) == migrate.head_revision()
        assert ws.knowledge.get("faq-old").body == "Old answer"
        with ws.db.engine.connect() as conn:
            queued = conn.exec_driver_sql("SELECT slug FROM knowledge_changes").scalars().all()
        assert queued == ["faq-old"]  # the change log covers existing items
    finally:
        ws.close()
    backups = list((home / "backups").glob("pre-migrate-0001-*.sqlite"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("select version_num from alembic_version").fetchone() == ("0001",)


@SQLITE_ONLY
def test_backup_while_open_and_restore(ws: Workspace, tmp_path: Path) -> None:
    alice = ws.users.get("alice")
    ws.knowledge.create(alice, ItemDraft(kind=Kind.FAQ, title="Q1", body="A1", slug="faq-1"))
    backup = backup_sqlite(ws.db, tmp_path / "b.sqlite")
    ws.knowledge.create(alice, ItemDraft(kind=Kind.FAQ, title="Q2", body="A2", slug="faq-2"))
    home = ws.paths.home
    ws.close()
    safety = restore_sqlite(backup, home / "workbench.sqlite", home / "backups")
    assert safety is not None and safety.exists()
    restored = Workspace.open(_settings(home))
    try:
        assert [i.slug for i in restored.knowledge.items()] == ["faq-1"]
    finally:
        restored.close()


@SQLITE_ONLY
def test_restore_refuses_a_file_that_is_not_a_backup(ws: Workspace, tmp_path: Path) -> None:
    junk = f.write(tmp_path / "junk.sqlite", "not a database")
    with pytest.raises(WorkbenchError) as caught:
        restore_sqlite(junk, ws.paths.database, ws.paths.backups)
    assert caught.value.code == "backup_not_a_database"


@SQLITE_ONLY
def test_rolling_backups_once_a_day(ws: Workspace) -> None:
    first = rolling_backup(ws.db, ws.paths.backups)
    assert first is not None and first.exists()
    assert rolling_backup(ws.db, ws.paths.backups) is None


def test_postgresql_says_plainly_that_file_backups_do_not_apply(backend: Backend, ws: Workspace) -> None:
    from workbench.core.doctor import run_doctor

    if backend.name == "sqlite":
        assert rolling_backup(ws.db, ws.paths.backups) is not None
        assert "recent backup" in {c.name for c in run_doctor(ws)}
        return
    with pytest.raises(WorkbenchError) as refused:
        backup_sqlite(ws.db, ws.paths.backups)
    assert refused.value.code == "backup_unsupported" and "pg_dump" in refused.value.message("en")
    assert rolling_backup(ws.db, ws.paths.backups) is None
    assert not list(ws.paths.backups.iterdir())
    checks = {c.name: c for c in run_doctor(ws)}
    assert checks["backups"].ok and "pg_dump" in checks["backups"].detail
    assert checks["database server"].ok and "PostgreSQL 15" in checks["database server"].detail


def test_migrations_go_up_with_data_and_all_the_way_down(backend: Backend, tmp_path: Path) -> None:
    """On either backend: a database at 0001 holding data reaches head keeping it, and every
    migration's downgrade runs (PostgreSQL: the append-only trigger and its function go too)."""
    home = tmp_path / "home"
    home.mkdir()
    url = backend.url_for(home) or f"sqlite:///{home / 'workbench.sqlite'}"
    db = Database(url)
    cfg = migrate._config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO knowledge_items (slug, kind, title, body, industry, product, customer, language, owner,"
            " status, usage_count, content_hash, created_at, created_by, updated_at, updated_by, version)"
            " VALUES ('faq-old', 'faq', 'Old', 'Old answer', '', '', '', 'en', '', 'published', 0, '',"
            " '2026-01-01 00:00:00', 'x', '2026-01-01 00:00:00', 'x', 1)")
    if db.is_postgresql:  # a team database's schema changes only when asked (workbench migrate)
        migrate.upgrade(db, explicit=True)
    db.dispose()
    ws = Workspace.open(backend.settings(home, load_demo=False))
    try:
        assert migrate.current_revision(ws.db) == migrate.head_revision()
        assert ws.knowledge.get("faq-old").body == "Old answer"
        ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, title="New", body="New answer", slug="faq-new"))
        assert sorted(i.slug for i in ws.knowledge.items()) == ["faq-new", "faq-old"]
    finally:
        ws.close()
    db = Database(url)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    with db.engine.connect() as conn:
        from sqlalchemy import inspect

        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        if db.is_postgresql:
            assert conn.exec_driver_sql(
                "SELECT count(*) FROM pg_proc WHERE proname = 'review_events_append_only'").scalar() == 0
    db.dispose()


KILL_SCRIPT = r"""
import sys
from pathlib import Path
from workbench.core.workspace import Workspace, WorkspaceSettings
ws = Workspace.open(WorkspaceSettings(home=Path(sys.argv[1]), database_url=sys.argv[3] or None, load_demo=False,
                                     automatic_backups=False))
def committed(path, slugs):
    print(",".join(slugs), flush=True)
ws.importer.run(ws.actor(), [Path(sys.argv[2])], on_committed=committed)
print("DONE", flush=True)
"""


def test_kill_9_during_import_loses_no_committed_item(backend: Backend, home: Path, tmp_path: Path) -> None:
    source = tmp_path / "many"
    for n in range(400):
        f.write(
            source / f"faq-{n:04d}.md",
            f"---\nkind: faq\ntitle: Question {n}\ntags: [t{n % 7}]\n---\n" + ("Answer text. " * 200) + "\n",
        )
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(home), str(source), backend.url_for(home) or ""],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert proc.stdout is not None
    committed: list[str] = []
    deadline = time.monotonic() + 60
    while len(committed) < 25 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        committed.append(line.strip())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert "DONE" not in committed and len(committed) >= 25

    if backend.name == "sqlite":  # (a PostgreSQL server's files are the server's business)
        with sqlite3.connect(home / "workbench.sqlite") as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    ws = Workspace.open(backend.settings(home, load_demo=False))
    try:
        slugs = {i.slug for i in ws.knowledge.items()}
        assert set(committed) <= slugs
        # every saved item is whole: body, tags and its history arrived together
        for slug in slugs:
            item = ws.knowledge.get(slug)
            assert item.body.startswith("Answer text.") and len(item.tags) == 1
            assert len(ws.knowledge.history(slug)) == 1
        # and the import can simply be run again to finish the job
        report = ws.importer.run(ws.actor(), [source]).value
        assert report.added + report.unchanged == 400 and not report.rejected
    finally:
        ws.close()


def test_kill_9_during_save_keeps_the_database_usable(backend: Backend, home: Path) -> None:
    script = r"""
import sys, itertools
from pathlib import Path
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.workspace import Workspace, WorkspaceSettings
ws = Workspace.open(WorkspaceSettings(home=Path(sys.argv[1]), database_url=sys.argv[2] or None, load_demo=False,
                                     automatic_backups=False))
actor = ws.actor()
item = ws.knowledge.create(actor, ItemDraft(kind=Kind.FAQ, title="Q", body="v0", slug="faq-race")).value
for n in itertools.count(1):
    item = ws.knowledge.update(actor, "faq-race", ItemDraft(kind=Kind.FAQ, title="Q", body=f"v{n}", slug="faq-race"), item.version).value
    print(n, flush=True)
"""
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(home), backend.url_for(home) or ""], stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert proc.stdout is not None
    last = 0
    for line in proc.stdout:
        last = int(line)
        if last >= 40:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    ws = Workspace.open(backend.settings(home, load_demo=False))
    try:
        item = ws.knowledge.get("faq-race")
        saved = int(item.body[1:])
        assert saved >= last
        assert len(ws.knowledge.history("faq-race")) == saved + 1
    finally:
        ws.close()


def test_models_and_migrations_agree(ws: Workspace) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from workbench.core.db.models import Base

    with ws.db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_migration_files_are_numbered_as_their_revisions(ws: Workspace) -> None:
    """Start-up recognises an up-to-date database from the migration file names alone (no
    Alembic import); that holds only while every file NNNN_name.py has revision "NNNN" and
    the newest number is Alembic's head."""
    import ast

    from workbench.core.db import migrate

    for path in (migrate.MIGRATIONS / "versions").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        revision = next(
            node.value.value for node in tree.body
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "revision"
            and isinstance(node.value, ast.Constant)
        )
        assert path.name.startswith(f"{revision}_"), path.name
    assert migrate.numbered_head() == migrate.head_revision() == migrate.current_revision(ws.db)
