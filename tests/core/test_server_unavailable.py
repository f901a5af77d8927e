"""The team server goes away mid-session: reads and writes say so plainly (ServerUnavailable,
naming host:port/dbname, never a password), nothing half-written, and the same Workspace works
again once the server is back. PostgreSQL only: an SQLite file cannot go away like a server, and
its 'database is locked' is not this error (it is DatabaseBusy, see test_database_errors.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from tests.backends import Backend, PostgresServer
from workbench.core import safekeeping as sk
from workbench.core.db.engine import Database, is_server_gone, server_label
from workbench.core.db.models import AuditEvent
from workbench.core.errors import DatabaseBusy, ServerBusy, ServerUnavailable
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.workspace import Workspace

SLUG = "faq-offline"


@pytest.fixture
def backend_name() -> str:
    return "postgresql"


@contextmanager
def server_away(server: PostgresServer) -> Iterator[None]:
    """The server is stopped inside the block and always started again after it."""
    server.stop_server()
    try:
        yield
    finally:
        server.start_server()


def _draft(body: str) -> ItemDraft:
    return ItemDraft(kind=Kind.FAQ, title="Offline?", body=body, slug=SLUG)


def test_read_and_write_say_the_server_is_away_then_work_again(ws: Workspace, backend: Backend) -> None:
    assert backend.server is not None
    alice = ws.users.get("alice")
    created = ws.knowledge.create(alice, _draft("first")).value
    audits_before = _audits(ws)
    expected = f"127.0.0.1:{backend.server.port}/"
    with server_away(backend.server):
        assert ws.db.ping() is False
        with pytest.raises(ServerUnavailable) as read_error:
            ws.knowledge.get(SLUG)
        with pytest.raises(ServerUnavailable) as write_error:
            ws.knowledge.update(alice, SLUG, _draft("while away"), created.version)
    for error in (read_error.value, write_error.value):
        assert expected in error.message("en") and expected in error.message("zh")
        assert "kept" in error.message("en") and "retrying" in error.message("en")
        assert "postgres@" not in error.message("en")
    # back: the same Workspace object works (stale pooled connections are pinged and replaced)
    assert ws.db.ping() is True
    item = ws.knowledge.get(SLUG)
    assert item.body == "first" and item.version == created.version  # nothing half-written
    assert _audits(ws) == audits_before
    saved = ws.knowledge.update(alice, SLUG, _draft("after"), created.version).value
    assert saved.version == created.version + 1


def test_a_write_cut_off_mid_transaction_is_not_committed(ws: Workspace, backend: Backend) -> None:
    """The server goes away after the transaction began and wrote rows, before COMMIT."""
    assert backend.server is not None
    alice = ws.users.get("alice")
    before = _audits(ws)
    with pytest.raises(ServerUnavailable):  # noqa: SIM117 (the stop happens inside the transaction)
        with ws.db.write() as s:
            s.add(AuditEvent(actor=alice.name, entity="test", entity_key="x", action="half", detail={}))
            s.flush()
            backend.server.stop_server()
    backend.server.start_server()
    assert _audits(ws) == before


def test_the_message_never_shows_the_password() -> None:
    url = "postgresql+psycopg://presales_admin:s3cret@db.example.com:5433/presales"
    assert server_label(url) == "db.example.com:5433/presales"
    error = ServerUnavailable(server=Database(url).server)
    for lang in ("en", "zh"):
        assert "s3cret" not in error.message(lang) and "presales_admin" not in error.message(lang)
        assert "db.example.com:5433/presales" in error.message(lang)


def test_sqlite_database_is_locked_is_not_server_unavailable(tmp_path: Path) -> None:
    """Another writer holding an SQLite file is 'busy, try again', not a missing server."""
    path = tmp_path / "locked.sqlite"
    db = Database(f"sqlite:///{path}")

    @event.listens_for(db.engine, "connect")
    def _impatient(dbapi_conn: object, _record: object) -> None:  # after the engine's own pragmas
        dbapi_conn.execute("PRAGMA busy_timeout=0")  # type: ignore[attr-defined]

    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("CREATE TABLE t (x)")
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseBusy) as caught, db.write() as s:
            s.execute(select(1))
        assert not isinstance(caught.value, ServerUnavailable)
        assert db.ping() is True  # a reader is not blocked by a writer
    finally:
        other.execute("ROLLBACK")
        other.close()
        db.dispose()


def test_a_lock_timeout_is_not_server_unavailable(ws: Workspace) -> None:
    """PostgreSQL's lock timeout (55P03, lock_not_available) is 'busy', not a missing server."""
    import psycopg

    url = ws.db.engine.url
    with psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database) as other:
        other.execute("LOCK TABLE settings IN ACCESS EXCLUSIVE MODE")
        with pytest.raises(ServerBusy) as caught, ws.db.write() as s:
            s.connection().exec_driver_sql("LOCK TABLE settings IN ACCESS EXCLUSIVE MODE NOWAIT")
    assert isinstance(caught.value.__cause__, OperationalError) and not is_server_gone(caught.value.__cause__)


def _audits(ws: Workspace) -> int:
    with ws.db.read() as s:
        return int(s.scalar(select(func.count(AuditEvent.id))) or 0)


def test_replay_stops_when_the_server_goes_away_and_finishes_when_it_is_back(
        ws: Workspace, backend: Backend) -> None:
    assert backend.server is not None
    alice = ws.users.get("alice")
    item = ws.knowledge.create(alice, _draft("before")).value
    box = ws.safekeeping
    box.keep(sk.item_edit(alice.name, ws.db.server, SLUG, _draft("kept while away"), item.version))
    with server_away(backend.server):
        report = box.replay(ws, alice).value
    assert report.interrupted is not None and report.saved == []
    assert len(box.pending()) == 1  # nothing deleted before the save committed
    report = box.replay(ws, alice).value
    assert [e.key for e, _ in report.saved] == [f"item:{SLUG}"]
    assert ws.knowledge.get(SLUG).body == "kept while away" and box.pending() == []
