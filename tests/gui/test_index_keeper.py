"""The desktop's index keeper follows the database by polling: a change saved by another process
reaches this window's search by itself, and a database that cannot be reached is said once in
the status bar, not once per poll."""

from __future__ import annotations

from pathlib import Path

from workbench.core.db.engine import Database
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.search.query import SearchRequest
from workbench.core.workspace import Workspace, WorkspaceSettings
from workbench.gui.indexer import POLL_MS
from workbench.gui.views.main_window import MainWindow


def test_a_change_saved_elsewhere_reaches_search_by_polling(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.indexer.is_ready, timeout=20_000)
    ws = window.ctx.ws
    assert ws is not None
    other = Workspace.open(WorkspaceSettings(home=tmp_path / "laptop-a", database_url=ws.db.url, load_demo=False,
                                             automatic_backups=False))
    try:
        # saved by another process: this window hears of it only from its poll
        with qtbot.waitSignal(window.indexer.updated, timeout=POLL_MS * 3):
            other.knowledge.create(other.users.get(ws.actor().name), ItemDraft(
                kind=Kind.FAQ, title="别的电脑保存的条目", body="轮询同步 qqpolled", slug="faq-polled"))
    finally:
        other.close()
    assert [h.id for h in ws.search.search(SearchRequest(text="qqpolled")).hits] == ["faq-polled"]


def test_an_unreachable_database_is_said_once(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    indexer = window.indexer
    qtbot.waitUntil(lambda: indexer.is_ready, timeout=20_000)
    indexer.stop()  # polls driven by the test
    ws = window.ctx.ws
    assert ws is not None
    shown: list[str] = []
    indexer.status.connect(shown.append)
    reachable = ws.index.db
    (tmp_path / "a-folder.sqlite").mkdir()  # a folder where the file should be: cannot be opened
    ws.index.db = Database(f"sqlite:///{tmp_path / 'a-folder.sqlite'}")
    try:
        for _ in range(3):
            indexer.sync()
            qtbot.waitUntil(lambda: not indexer._running, timeout=10_000)
    finally:
        ws.index.db.dispose()
        ws.index.db = reachable
    assert len(shown) == 1 and "Cannot open the database" in shown[0], shown
    indexer.sync()
    qtbot.waitUntil(lambda: not indexer._running, timeout=10_000)
    assert shown[1:] == ["Search is in step with the database again"]
