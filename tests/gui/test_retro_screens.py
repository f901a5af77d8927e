"""The Retrospectives screen and the Dashboard: record a loss with reasons and the dashboard's
figures change; problems show beside their fields and nothing typed is lost; exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.retros import bid
from workbench.core.retro.model import RetroInput
from workbench.core.workspace import Workspace, WorkspaceSettings
from workbench.gui.app import build_window, create_app
from workbench.gui.qt import Qt
from workbench.gui.views.main_window import MainWindow


@pytest.fixture
def retro_window(qtbot, home: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    ws = Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False))
    admin = ws.actor()
    bid(ws, "P-1", customer="Contoso Retail", industry="retail", author=admin.name)
    bid(ws, "P-2", customer="Contoso Retail", industry="retail", author=admin.name)
    ws.close()
    create_app()
    win, ctx = build_window(home, load_demo=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: ctx.ws is not None, timeout=10_000)
    yield win
    ctx.runner.wait()
    if ctx.ws is not None:
        ctx.ws.close()


def test_recording_a_loss_changes_the_dashboard(qtbot, retro_window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    win = retro_window
    dashboard = win.dashboard
    with qtbot.waitSignal(dashboard.loaded, timeout=10_000) as first:
        win.nav.setCurrentRow(win.stack.indexOf(dashboard))
    before = first.args[0]
    assert before.bids == 0 and before.loss_reasons.rows == ()
    assert "Stands on 0 won of 0 decided bids" in dashboard.over_time.stands.text()

    view = win.retros
    win.nav.setCurrentRow(win.stack.indexOf(view))
    view.scope.setCurrentIndex(1)  # awaiting an outcome
    with qtbot.waitSignal(view.form_loaded, timeout=10_000):
        view.open_bid("P-1")
    form = view.form
    assert form.outcome.currentData() == "" and form.decided_on.text() == ""  # nothing chosen for the person
    form.outcome.setCurrentIndex(form.outcome.findData("lost"))
    form.decided_on.set_date(dt.date.today() - dt.timedelta(days=3))
    form.value.setText("12.345")  # refused: three decimals
    form.lessons.setPlainText("Bring the CFO to the demo")
    form.submit()
    qtbot.waitUntil(lambda: form.errors["reasons"].isVisible() and form.errors["value"].isVisible(), timeout=10_000)
    assert "primary reason" in form.errors["reasons"].text()
    assert form.lessons.toPlainText() == "Bring the CFO to the demo"  # nothing typed is lost
    assert form.value.text() == "12.345"
    with qtbot.waitSignal(view.form_loaded, timeout=10_000):
        view.open_bid("P-1")  # a refresh while typing (e.g. someone else's change) keeps the entries
    assert form.lessons.toPlainText() == "Bring the CFO to the demo" and form.value.text() == "12.345"

    form.value.setText("1,250,000")
    form.primary.setCurrentIndex(form.primary.findData("price"))
    timing = next(form.secondary.item(n) for n in range(form.secondary.count())
                  if form.secondary.item(n).text() == "Timing")
    timing.setCheckState(Qt.CheckState.Checked)
    form.competitors.setText("Acme Cloud, Globex")
    with qtbot.waitSignal(dashboard.loaded, timeout=10_000) as after:
        # the form is read again after the save
        with qtbot.waitSignal(view.form_loaded, timeout=10_000), qtbot.waitSignal(view.saved, timeout=10_000):
            form.submit()
        assert form.state.text().startswith("Saved the retrospective")  # still said after the reload
        win.nav.setCurrentRow(win.stack.indexOf(dashboard))
    board = after.args[0]
    assert board.bids == 1 and board.over_time.total.stands_on() == "0 of 1"
    assert [(r.code, r.primary, r.secondary) for r in board.loss_reasons.rows] == [("price", 1, 0), ("timing", 0, 1)]
    assert "Stands on 1 of 1 lost bids" in dashboard.reasons.stands.text()
    assert {r.key for r in board.by["competitor"].rows} == {"Acme Cloud", "Globex"}

    # every chart exports as PNG and its data as CSV
    for name, card in dashboard.cards().items():
        png = tmp_path / f"{name}.png"
        assert card.save_png(str(png)) and png.stat().st_size > 2000
        csv = tmp_path / f"{name}.csv"
        card.save_csv(str(csv))
        assert csv.read_bytes().startswith(b"\xef\xbb\xbf")
    reasons = (tmp_path / "reasons.csv").read_text(encoding="utf-8-sig").splitlines()
    assert reasons == ["Reason,Primary,Secondary,Cumulative share", "Price,1,0,1.0000", "Timing,0,1,1.0000"]

    # the lesson is a knowledge item; the customer page shows the bid, the outcome and the lesson
    win.nav.setCurrentRow(win.stack.indexOf(view))
    view.tabs.setCurrentIndex(1)
    view.show_customer("Contoso Retail")
    qtbot.waitUntil(lambda: "Bring the CFO to the demo" in view.page.toPlainText(), timeout=10_000)
    text = view.page.toPlainText()
    assert "P-1" in text and "P-2" in text and "Lost" in text and "won 0 of 1 decided" in text


def test_an_invalid_period_is_said_and_not_queried(qtbot, retro_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dashboard = retro_window.dashboard
    with qtbot.waitSignal(dashboard.loaded, timeout=10_000):
        retro_window.nav.setCurrentRow(retro_window.stack.indexOf(dashboard))
    dashboard.start.setDate(dashboard.end.date().addDays(5))
    assert dashboard.error.isVisible() and "starts" in dashboard.error.text()


def test_a_lesson_typed_as_the_library_states_it_is_said_before_saving(qtbot, retro_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    win = retro_window
    ws = win.ctx.ws
    assert ws is not None
    ws.retros.record(ws.actor(), "P-1", RetroInput("won", "2026-06-01", lessons=("Bring the CFO to the demo",)))
    view = win.retros
    win.nav.setCurrentRow(win.stack.indexOf(view))
    view.scope.setCurrentIndex(1)
    with qtbot.waitSignal(view.form_loaded, timeout=10_000):
        view.open_bid("P-2")
    form = view.form
    form.lessons.setPlainText("Price the pilot apart\nbring the CFO  to the demo")
    qtbot.waitUntil(lambda: form.written.isVisible(), timeout=10_000)
    assert form.written.text() == ("“Bring the CFO to the demo” is already in the library (learned on one bid so "
                                   "far): saving adds this bid to it, not a new item.")
    form.lessons.setPlainText("Price the pilot apart")
    qtbot.waitUntil(lambda: not form.written.isVisible(), timeout=10_000)
    # on a laptop's screen, typing in the box at the foot of the form: the note is scrolled to
    win.resize(1280, 720)
    scroll = form.parentWidget().parentWidget()
    scroll.verticalScrollBar().setValue(0)
    form.lessons.setFocus()
    qtbot.waitUntil(form.lessons.hasFocus, timeout=5_000)
    form.lessons.setPlainText("Bring the CFO to the demo")
    qtbot.waitUntil(lambda: form.written.isVisible(), timeout=10_000)

    def note_in_view() -> bool:
        top = form.written.mapTo(scroll.viewport(), form.written.rect().topLeft())
        bottom = form.written.mapTo(scroll.viewport(), form.written.rect().bottomLeft())
        return scroll.viewport().rect().contains(top) and scroll.viewport().rect().contains(bottom)

    qtbot.waitUntil(note_in_view, timeout=5_000)
    # P-1's own lesson is not news on P-1's form
    with qtbot.waitSignal(view.form_loaded, timeout=10_000):
        view.open_bid("P-1")
    form.lessons.setPlainText("Bring the CFO to the demo")
    qtbot.waitUntil(lambda: not form._written_timer.isActive(), timeout=10_000)
    win.ctx.runner.wait()
    qtbot.wait(50)  # the answer's callback
    assert not form.written.isVisible()


def test_a_bid_removed_while_its_form_opens_is_said_on_the_form_not_in_an_error_box(  # type: ignore[no-untyped-def]
        qtbot, retro_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo history removed from the File menu, or a colleague deleting a bid, while this
    screen opens that bid's form: the form says the bid is gone; no modal error box."""
    from workbench.gui.qt import QMessageBox

    boxes: list[object] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **_k: boxes.append(a))
    win = retro_window
    ws = win.ctx.ws
    assert ws is not None
    ws.retros.record(ws.actor(), "P-2", RetroInput("won", "2026-06-01"))
    view = win.retros
    win.nav.setCurrentRow(win.stack.indexOf(view))
    view.scope.setCurrentIndex(1)
    with qtbot.waitSignal(view.form_loaded, timeout=10_000):
        view.open_bid("P-2")
    assert view.form.entries()["outcome"] == "won"
    view.open_bid("DEMO-2025-014")  # listed a moment ago, removed since
    qtbot.waitUntil(lambda: "DEMO-2025-014 no longer exists" in view.form.heading.text(), timeout=10_000)
    assert not boxes and not view.form.isEnabled() and view.current is None
    assert view.form.entries()["outcome"] == "" and not view.table.selectionModel().hasSelection()  # not P-2's
    with qtbot.waitSignal(view.form_loaded, timeout=10_000):  # and the next bid opens as ever
        view.open_bid("P-1")
    assert view.form.isEnabled() and view.form.heading.text().startswith("P-1")
