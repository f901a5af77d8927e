"""The near-duplicates view says why each pair is there: "Same words" for a near-copy,
"Similar in meaning" for a translation that shares no words with its original; an item's own
duplicate banner says the same. The pairs are found in the background with their progress shown,
and a list cut to the closest pairs says so."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from bench.duplicates_labels import EXTRA
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.search import related
from workbench.core.workspace import Workspace, WorkspaceSettings
from workbench.gui.app import build_window, create_app
from workbench.gui.models.table import CELL_ROLE
from workbench.gui.tasks import Task, TaskRunner
from workbench.gui.views.main_window import MainWindow

WRITTEN = {e.slug: e for e in EXTRA}


def _add(home: Path, *slugs: str) -> None:
    ws = Workspace.open(WorkspaceSettings(home=home, automatic_backups=False))
    try:
        for slug in slugs:
            e = WRITTEN[slug]
            ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind(e.kind), title=e.title, body=e.body, slug=slug))
    finally:
        ws.close()


@contextmanager
def _opened(qtbot, home: Path) -> Iterator[tuple[MainWindow, Workspace]]:  # type: ignore[no-untyped-def]
    """The app's window on ``home``, its index ready; closed as the app closes it."""
    create_app()
    win, ctx = build_window(home)
    qtbot.addWidget(win)
    win.show()
    try:
        qtbot.waitUntil(lambda: win.indexer.is_ready, timeout=20_000)
        assert ctx.ws is not None
        yield win, ctx.ws
    finally:
        win.indexer.stop()
        ctx.runner.wait()
        if ctx.ws is not None:
            ctx.ws.close()


def test_the_duplicates_view_shows_why_each_pair_is_there(qtbot, demo_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    _add(demo_home, "dup-sso-zh", "dup-sla-copy")
    with _opened(qtbot, demo_home) as (win, ws):
        # the first build of the vectors runs in the background after the index is ready
        qtbot.waitUntil(lambda: ws.meaning.vectors.encoded >= 100 and not win.indexer._meaning_running,
                        timeout=180_000)
        insights = win.search.insights
        model = insights.duplicates
        said: list[str] = []
        real_set_text = insights.dup_state.setText
        insights.dup_state.setText = lambda text: (said.append(text), real_set_text(text))  # type: ignore[method-assign]
        with qtbot.waitSignal(model.modelReset, timeout=60_000):
            insights.find_button.click()
            # found in the background: the window goes on while the state line follows
            assert not insights.find_button.isEnabled() and said == ["Looking for near-duplicates…"]
        assert any(t.startswith("Looking for near-duplicates: comparing meanings, ") for t in said)
        assert insights.find_button.isEnabled() and "pairs of near-duplicates. Double-click" in said[-1]
        rows = {frozenset((model.index(r, 0).data(CELL_ROLE), model.index(r, 1).data(CELL_ROLE))): r
                for r in range(model.rowCount())}
        translation = rows[frozenset(("dup-sso-zh", "faq-sso-ldap-en"))]
        copy = rows[frozenset(("dup-sla-copy", "faq-sla-availability"))]
        assert model.headerData(3, Qt.Orientation.Horizontal) == "Why"
        assert model.index(translation, 3).data() == "Similar in meaning"
        assert model.index(translation, 2).data() == ""  # no words in common: no overlap to show
        assert "in another language" in model.index(translation, 3).data(Qt.ItemDataRole.ToolTipRole)
        assert model.index(copy, 3).data() == "Same words" and model.index(copy, 2).data().endswith("%")
        assert "not ready" not in insights.dup_state.text()
        # shown first: the pairs only the meaning found, closest first; then the near-copies
        shown = insights.dup_view.model()
        order = [shown.index(r, 3).data() for r in range(shown.rowCount())]
        assert order == sorted(order, key=lambda why: why != "Similar in meaning") and order[-1] == "Same words"

        # a library of many near-copies: the closest pairs only, and the state line says so
        assert len(rows) == 2
        monkeypatch.setattr(related, "PAIRS_SHOWN", 1)
        with qtbot.waitSignal(model.modelReset, timeout=60_000):
            insights.find_button.click()
        assert model.rowCount() == 1 and model.index(0, 3).data() == "Same words"  # the near-copy first
        assert "2 pairs of near-duplicates; the closest 1 are listed" in insights.dup_state.text()

        banner = win.knowledge.duplicate_banner
        win.knowledge.reveal("dup-sso-zh")
        qtbot.waitUntil(lambda: not banner.isHidden() and "faq-sso-ldap-en" in banner.text(), timeout=20_000)
        assert "in other words or another language" in banner.text()


def test_looking_for_near_duplicates_can_be_stopped(qtbot, demo_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Stop ends the search at its next progress report: no list, no error, and the next search
    runs whole."""
    _add(demo_home, "dup-sla-copy")
    with _opened(qtbot, demo_home) as (win, ws):
        insights = win.search.insights
        model = insights.duplicates
        searching = ws.search.related
        real = searching.all_duplicates
        started, go = threading.Event(), threading.Event()

        def held(*args, **kwargs):  # type: ignore[no-untyped-def]
            started.set()  # the real search, held at its start until Stop was clicked
            go.wait(20)
            return real(*args, **kwargs)

        monkeypatch.setattr(searching, "all_duplicates", held)
        insights.find_button.click()
        assert started.wait(20)
        assert not insights.stop_button.isHidden() and not insights.find_button.isEnabled()
        insights.stop_button.click()
        assert not insights.stop_button.isEnabled() and insights.dup_state.text() == "Stopping…"
        go.set()
        qtbot.waitUntil(lambda: insights.find_button.isEnabled(), timeout=60_000)
        assert insights.dup_state.text().startswith("Stopped before the list was ready.")
        assert insights.stop_button.isHidden() and model.rowCount() == 0

        monkeypatch.setattr(searching, "all_duplicates", real)
        with qtbot.waitSignal(model.modelReset, timeout=120_000):
            insights.find_button.click()
        assert insights.dup_state.text().startswith("1 pairs of near-duplicates") and insights.stop_button.isHidden()
        assert {model.index(0, 0).data(CELL_ROLE), model.index(0, 1).data(CELL_ROLE)} == {"dup-sla-copy",
                                                                                         "faq-sla-availability"}


def test_work_in_flight_is_asked_to_stop_at_shutdown(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The closing window asks running tasks to stop before it waits for them: a task that
    reports progress ends at its next report, as cancelled (not as an error)."""
    create_app()
    runner = TaskRunner()
    ended: list[str] = []
    reports = threading.Event()

    def endless(task: Task) -> None:
        while True:  # ends only by being cancelled
            task.report_or_stop(1, 2, "words")
            reports.set()
            time.sleep(0.01)

    runner.run(endless, on_done=lambda _r: ended.append("done"), on_error=lambda e: ended.append(f"error {e!r}"),
               on_cancelled=lambda: ended.append("cancelled"), cpu=True, with_task=True)
    assert reports.wait(20)
    assert runner.busy()
    runner.cancel_all()
    assert runner.wait(20_000)
    qtbot.waitUntil(lambda: bool(ended), timeout=10_000)
    assert ended == ["cancelled"] and not runner.busy()
