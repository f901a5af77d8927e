"""After the database is restored from an older backup, this laptop's search index holds changes
the database no longer has. ``doctor`` must say so (it said "up to date": nothing was pending,
because the log now ends before the index's watermark) and ``--repair`` rebuilds it. On SQLite
with the app's own restore; on PostgreSQL as a server restore does it: the database dropped and
created again from the earlier copy."""

from __future__ import annotations

from pathlib import Path

from tests.backends import Backend
from workbench.core.doctor import run_doctor
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.search.query import SearchRequest
from workbench.core.workspace import Workspace


def _open(backend: Backend, home: Path) -> Workspace:
    return Workspace.open(backend.settings(home, load_demo=False))


def _index_check(ws: Workspace, repair: bool = False) -> object:
    return {c.name: c for c in run_doctor(ws, repair)}["search index lag"]


def test_doctor_after_a_restore_calls_the_index_stale_and_repair_rebuilds_it(backend: Backend, home: Path) -> None:
    ws = _open(backend, home)
    ws.index.sync()
    assert "up to date" in _index_check(ws).detail  # type: ignore[attr-defined]
    backup = ws.backups.write() if not backend.is_postgresql else None
    ws.close()
    if backend.is_postgresql:
        assert backend.server is not None
        live = backend._databases[home.resolve()]
        earlier = backend.server.create_database(template=live)  # the backup: a copy as it is now

    ws = _open(backend, home)
    for n in range(3):
        ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, title=f"Zebra {n}", body=f"qqzebra{n}",
                                                  slug=f"faq-zebra-{n}"))
    ws.index.sync()  # the index has applied the three changes
    assert ws.index.lag().pending == 0
    if backup is not None:
        ws.backups.restore(ws.actor, backup)
    else:
        ws.close()
        backend.server._admin(f"DROP DATABASE {live} WITH (FORCE)")  # type: ignore[union-attr]
        backend.server._admin(f"CREATE DATABASE {live} TEMPLATE {earlier}")  # type: ignore[union-attr]

    ws = _open(backend, home)
    try:
        check = _index_check(ws)
        assert not check.ok  # type: ignore[attr-defined]
        assert "restored from a backup?" in check.detail and "up to date" not in check.detail  # type: ignore[attr-defined]
        repaired = _index_check(ws, repair=True)
        assert repaired.ok and repaired.repaired  # type: ignore[attr-defined]
        after = _index_check(ws)
        assert after.ok and "up to date" in after.detail  # type: ignore[attr-defined]
        assert ws.search.search(SearchRequest(text="qqzebra1")).hits == []  # the restored data, not the lost
    finally:
        ws.close()
