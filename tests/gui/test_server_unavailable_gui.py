"""The team server stops mid-session, on a real PostgreSQL: one banner (no dialog per failure,
no internal-error dialog), the open editor keeps its text and the edit is kept on the laptop;
the server comes back: banner gone, the edit is in the database, nothing left kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.backends import Backend
from tests.reviewing import new_proposal
from workbench.core import safekeeping as sk
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.safekeeping import Safekeeping
from workbench.core.workspace import Workspace
from workbench.gui.app import build_window, create_app
from workbench.gui.views.main_window import MainWindow

SLUG = "faq-offline"


@pytest.fixture
def backend_name() -> str:
    return "postgresql"


@pytest.fixture
def dialogs(no_error_box: list[str]) -> list[str]:
    """Every warning/critical dialog the app tries to show (none should appear here), as the GUI
    tests' conftest records them."""
    return no_error_box


def _open(backend: Backend, home: Path) -> Workspace:
    return Workspace.open(backend.settings(home, load_demo=False))


@pytest.fixture
def pg_window(qtbot, home: Path, backend: Backend) -> Iterator[tuple[MainWindow, str]]:  # type: ignore[no-untyped-def]
    ws = _open(backend, home)
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, title="Works offline?", body="Not yet.", slug=SLUG))
    number = new_proposal(ws)
    ws.close()
    create_app()
    win, ctx = build_window(home, database_url=backend.url_for(home), load_demo=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.knowledge.model.rowCount() == 1, timeout=20_000)
    yield win, number
    win.indexer.stop()
    ctx.runner.wait()
    if ctx.ws is not None:
        ctx.ws.close()


def test_server_stops_while_editing_an_item_and_the_edit_is_saved_when_it_is_back(  # type: ignore[no-untyped-def]
        qtbot, pg_window: tuple[MainWindow, str], backend: Backend, home: Path, dialogs: list[str]) -> None:
    win, _ = pg_window
    assert backend.server is not None
    banner = win.connection_banner
    assert not banner.isVisible()
    assert win.knowledge.select(SLUG)
    win.knowledge.edit_current()
    editor = win.knowledge.editor
    assert editor is not None
    editor.body.setPlainText("Yes: edits are kept on the laptop while the server is away.")

    backend.server.stop_server()
    try:
        editor.buttons.button(editor.buttons.StandardButton.Save).click()
        qtbot.waitUntil(lambda: editor.kept is not None, timeout=20_000)
        qtbot.waitUntil(banner.isVisible, timeout=10_000)
        assert editor.isVisible() and "kept on this laptop" in editor.error.text()
        assert editor.body.toPlainText().startswith("Yes: edits are kept")
        [kept] = Safekeeping(home / "safekeeping").pending()
        assert kept.key == f"item:{SLUG}" and kept.base_version == 1
        # kept for the server: closing or quitting now loses nothing, so nothing asks; no second copy
        assert not editor.has_unsaved_changes() and Safekeeping(home / "safekeeping").drafts() == []
        assert "127.0.0.1" in banner.toolTip()
    finally:
        backend.server.start_server()

    banner.retry_button.click()
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=20_000)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=20_000)  # saved: the editor closes as on a save
    # still on the status line although the index sync that follows the replayed save reports too
    qtbot.waitUntil(lambda: "Saved 1 kept edit" in win.state_label.text(), timeout=10_000)
    assert dialogs == []  # neither an internal-error dialog nor one per failed call
    assert Safekeeping(home / "safekeeping").pending() == []
    ws = _open(backend, home)
    try:
        item = ws.knowledge.get(SLUG)
        assert item.body.startswith("Yes: edits are kept") and item.version == 2
    finally:
        ws.close()


def test_server_stops_while_editing_a_proposal_draft(  # type: ignore[no-untyped-def]
        qtbot, pg_window: tuple[MainWindow, str], backend: Backend, home: Path, dialogs: list[str]) -> None:
    win, number = pg_window
    assert backend.server is not None
    view = win.proposals
    qtbot.waitUntil(lambda: view.select(number), timeout=10_000)
    qtbot.waitUntil(lambda: view.current is not None and view.current.number == number, timeout=10_000)
    text = view.editor.toPlainText() + "\n# Offline addition\n\nKept while the server was away.\n"
    view.editor.setPlainText(text)

    backend.server.stop_server()
    try:
        view.save_button.click()
        qtbot.waitUntil(lambda: view.kept is not None, timeout=20_000)
        qtbot.waitUntil(win.connection_banner.isVisible, timeout=10_000)
        assert view.editor.toPlainText() == text and "kept on this laptop" in view.state.text()
        assert not view.has_unsaved_changes() and Safekeeping(home / "safekeeping").drafts() == []
    finally:
        backend.server.start_server()

    win.connection_banner.retry_button.click()
    qtbot.waitUntil(lambda: not win.connection_banner.isVisible(), timeout=20_000)
    qtbot.waitUntil(lambda: view.current is not None and len(view.current.revisions) == 2, timeout=20_000)
    assert dialogs == []
    assert Safekeeping(home / "safekeeping").pending() == []
    ws = _open(backend, home)
    try:
        assert ws.proposals.get(number).revisions[-1].markdown == text
    finally:
        ws.close()


def test_edits_kept_in_an_earlier_session_are_offered_at_start(  # type: ignore[no-untyped-def]
        qtbot, home: Path, backend: Backend, monkeypatch: pytest.MonkeyPatch, dialogs: list[str]) -> None:
    from workbench.gui.connection import ConnectionMonitor

    ws = _open(backend, home)
    me = ws.actor()
    item = ws.knowledge.create(me, ItemDraft(kind=Kind.FAQ, title="Kept", body="old", slug=SLUG)).value
    ws.safekeeping.keep(sk.item_edit(me.name, ws.db.server, SLUG,
                                         ItemDraft(kind=Kind.FAQ, title="Kept", body="from last session", slug=SLUG),
                                         item.version))
    ws.close()
    offered: list[list[str]] = []

    def answer(_self: ConnectionMonitor, edits: list[sk.KeptEdit]) -> str:
        offered.append([e.key for e in edits])
        return "save"

    monkeypatch.setattr(ConnectionMonitor, "ask_about_kept", answer)
    create_app()
    win, ctx = build_window(home, database_url=backend.url_for(home), load_demo=False)
    qtbot.addWidget(win)
    try:
        qtbot.waitUntil(lambda: offered == [[f"item:{SLUG}"]], timeout=20_000)
        qtbot.waitUntil(lambda: Safekeeping(home / "safekeeping").pending() == [], timeout=20_000)
        qtbot.waitUntil(lambda: win.knowledge.current is not None or win.knowledge.model.rowCount() == 1,
                        timeout=10_000)
    finally:
        win.indexer.stop()
        ctx.runner.wait()
        if ctx.ws is not None:
            ctx.ws.close()
    assert dialogs == []
    ws = _open(backend, home)
    try:
        assert ws.knowledge.get(SLUG).body == "from last session"
    finally:
        ws.close()
