"""A window or a screen that was closed and destroyed is left alone: the app-wide signals (the
current user changed, something was written, the workspace is ready, the server is back or away)
emitted afterwards reach nothing of it, and background work that finishes after its screen
closed neither calls into the dead widgets nor loses what it wrote."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pytest
import shiboken6

from workbench.core.changes import OpChanges
from workbench.core.errors import ServerUnavailable
from workbench.core.safekeeping import ReplayReport
from workbench.gui.app import build_window, create_app
from workbench.gui.context import AppContext
from workbench.gui.views.item_editor import ItemEditor
from workbench.gui.views.main_window import MainWindow

EVERYTHING = OpChanges(knowledge=True, users=True, proposals=True, review=True, retro=True, index=True,
                       gaps=True, tenders=True)


class Trouble:
    """Every Python exception raised in a slot (PySide hands it to ``sys.excepthook``) while it
    is installed; Qt's own warnings come from pytest-qt's ``qtlog``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.exceptions: list[str] = []
        monkeypatch.setattr(sys, "excepthook", self._hook)

    def _hook(self, kind: type[BaseException], exc: BaseException, _tb: TracebackType | None) -> None:
        self.exceptions.append(f"{kind.__name__}: {exc}")


@pytest.fixture
def trouble(monkeypatch: pytest.MonkeyPatch) -> Trouble:
    return Trouble(monkeypatch)


def qt_warnings(qtlog) -> list[str]:  # type: ignore[no-untyped-def]
    """Qt's warnings about deleted objects or failed disconnects."""
    return [r.message for r in qtlog.records if "deleted" in r.message or "disconnect" in r.message]


def destroy(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    """Close ``widget`` and wait until Qt has deleted it (as closing the app's window does)."""
    gone: list[bool] = []
    widget.destroyed.connect(lambda: gone.append(True))  # (waitSignal would warn disconnecting from the dead)
    widget.close()
    widget.deleteLater()
    qtbot.waitUntil(lambda: bool(gone), timeout=5_000)
    assert not shiboken6.isValid(widget)


def emit_everything(ctx: AppContext) -> None:
    assert ctx.user is not None
    ctx.user_changed.emit(ctx.user)
    ctx.changed.emit(EVERYTHING)
    ctx.ready.emit()
    ctx.server_back.emit(ReplayReport())
    ctx.server_unavailable.emit(ServerUnavailable(server="db.example:5432"))
    ctx.login_needed.emit()


def settle(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    """Whatever the signals started in the background has finished and been delivered."""
    for _ in range(3):
        assert ctx.runner.wait()
        qtbot.wait(50)


@pytest.fixture
def own_window(qtbot, filled_home: Path) -> Iterator[tuple[MainWindow, AppContext]]:  # type: ignore[no-untyped-def]
    """A window this test closes itself (qtbot would close it again at teardown)."""
    create_app()
    win, ctx = build_window(filled_home, load_demo=False)
    win.show()
    try:
        qtbot.waitUntil(lambda: win.knowledge.model.rowCount() == 5, timeout=10_000)
        qtbot.waitUntil(lambda: win.indexer.is_ready, timeout=20_000)
        yield win, ctx
    finally:
        if shiboken6.isValid(win):
            win.close()
            win.deleteLater()
        ctx.runner.wait()
        if ctx.ws is not None:
            ctx.ws.close()


def test_signals_after_the_main_window_closed_reach_nothing_of_it(  # type: ignore[no-untyped-def]
        qtbot, own_window: tuple[MainWindow, AppContext], trouble: Trouble, recwarn: pytest.WarningsRecorder,
        qtlog) -> None:
    win, ctx = own_window
    for row in range(win.nav.count()):  # every screen shown once: each has loaded what it shows
        win.nav.setCurrentRow(row)
        settle(qtbot, ctx)
    emit_everything(ctx)  # while the window lives: the screens answer (and nothing goes wrong)
    settle(qtbot, ctx)
    assert trouble.exceptions == []

    destroy(qtbot, win)
    emit_everything(ctx)
    ctx.runner.failed.emit(ValueError("failed after its window closed"))  # no dialog over a dead window
    settle(qtbot, ctx)
    assert trouble.exceptions == []
    assert qt_warnings(qtlog) == []
    assert [str(w.message) for w in recwarn.list if "disconnect" in str(w.message) or "deleted" in str(w.message)] == []
    # nothing was left connected to the dead screens: a signal's receivers are the ones still alive
    assert ctx.receivers("2user_changed(PyObject)") == 0
    assert ctx.receivers("2changed(PyObject)") == 0


def test_a_screen_closed_while_its_save_runs_neither_breaks_nor_loses_the_save(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, trouble: Trouble) -> None:
    ctx = window.ctx
    editor = ItemEditor(ctx, window.knowledge.facets, None, window.knowledge)
    editor.show()
    qtbot.keyClicks(editor.title, "Saved after its editor closed")
    editor.body.setPlainText("Closed before the answer came back.")
    gate = threading.Event()
    ctx.runner.run(lambda: gate.wait(10))  # holds the database worker: the save waits behind it
    editor.save()
    destroy(qtbot, editor)
    with qtbot.waitSignal(ctx.changed, timeout=10_000) as written:
        gate.set()
    assert written.args[0].knowledge  # the write still told every screen
    qtbot.waitUntil(lambda: window.knowledge.model.rowCount() == 6, timeout=10_000)
    settle(qtbot, ctx)
    assert trouble.exceptions == []
