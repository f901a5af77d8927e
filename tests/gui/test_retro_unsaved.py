"""The retrospective form keeps what a person typed: it knows when it differs from what was
loaded, asks Save / Discard / Cancel before another bid replaces it, autosaves a draft to the
laptop as the person types and puts a left-over draft back (with a note) when the bid is opened."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.retros import bid
from workbench.core.safekeeping import retro_form
from workbench.core.workspace import Workspace, WorkspaceSettings
from workbench.gui.app import build_window, create_app
from workbench.gui.qt import QWidget
from workbench.gui.unsaved import UnsavedWork
from workbench.gui.views.main_window import MainWindow
from workbench.gui.views.retro_form import RetroForm
from workbench.gui.views.retro_view import RetroView

YESTERDAY = (dt.date.today() - dt.timedelta(days=1)).isoformat()


@pytest.fixture
def win(qtbot, home: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    ws = Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False))
    bid(ws, "P-1", author=ws.actor().name)
    bid(ws, "P-2", author=ws.actor().name)
    ws.close()
    create_app()
    window, ctx = build_window(home, load_demo=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: ctx.ws is not None and ctx.user is not None, timeout=10_000)
    window.nav.setCurrentRow(window.stack.indexOf(window.retros))
    window.retros.scope.setCurrentIndex(1)  # awaiting an outcome: P-1 and P-2
    qtbot.waitUntil(lambda: window.retros.model.rowCount() == 2, timeout=10_000)
    yield window
    ctx.runner.wait()
    if ctx.ws is not None:
        ctx.ws.close()


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the person answers to Save / Discard / Cancel (put the answer in before asking); the
    questions asked are appended after it."""
    given: list[str] = []

    def ask(_parent: QWidget | None, description: str) -> str:
        answer = given.pop(0)
        given.append(f"asked: {description}")
        return answer

    monkeypatch.setattr("workbench.gui.unsaved.ask_save_discard_cancel", ask)
    return given


def open_bid(qtbot, view: RetroView, number: str) -> RetroForm:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.form_loaded, timeout=10_000):
        view.open_bid(number)
    return view.form


def pick_row(view: RetroView, number: str) -> None:
    """The person clicks a bid in the list."""
    row = next(r for r in range(view.model.rowCount()) if view.model.index(r, 0).data() == number)
    view.table.selectRow(row)


def selected(view: RetroView) -> str:
    return str(view.model.index(view.table.currentIndex().row(), 0).data())


def draft_of(view: RetroView, number: str):  # type: ignore[no-untyped-def]
    ctx = view.ctx
    assert ctx.ws is not None and ctx.user is not None
    return ctx.ws.safekeeping.find("retro", number, ctx.user.name, ctx.ws.db.server, origin="autosave")


def test_the_form_is_unsaved_work_in_the_window_and_knows_when_it_is_dirty(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = win.retros
    form = open_bid(qtbot, view, "P-1")
    found = [w for w in win.findChildren(QWidget) if isinstance(w, UnsavedWork)]
    assert form in found  # how the window's quit path finds it
    assert not form.has_unsaved_changes()
    assert form.outcome.currentText() == "— choose —" and form.decided_on.text() == ""
    assert form.primary.currentText() == "— choose —" and form.satisfaction.currentText() == "Not known"
    form.worked.setPlainText("The demo on their data")
    assert form.has_unsaved_changes() and form.unsaved_description() == "the retrospective of P-1"
    form.worked.setPlainText("")  # back to what was loaded: nothing unsaved
    assert not form.has_unsaved_changes()
    form.decided_on.set_date(YESTERDAY)
    assert form.has_unsaved_changes()


def test_cancel_keeps_the_entries_and_the_bid(qtbot, win: MainWindow, answers: list[str]) -> None:  # type: ignore[no-untyped-def]
    view = win.retros
    form = open_bid(qtbot, view, "P-1")
    form.improve.setPlainText("Bring the CFO earlier")
    answers.append("cancel")
    pick_row(view, "P-2")
    assert answers == ["asked: the retrospective of P-1"]
    assert view.current == "P-1" and selected(view) == "P-1"
    assert form.data is not None and form.data.proposal.number == "P-1"
    assert form.improve.toPlainText() == "Bring the CFO earlier" and form.has_unsaved_changes()


def test_discard_forgets_the_entries_and_their_draft(qtbot, win: MainWindow, answers: list[str]) -> None:  # type: ignore[no-untyped-def]
    view = win.retros
    form = open_bid(qtbot, view, "P-1")
    form.improve.setPlainText("Bring the CFO earlier")
    form.autosaver.flush()
    assert draft_of(view, "P-1") is not None
    answers.append("discard")
    with qtbot.waitSignal(view.form_loaded, timeout=10_000):
        pick_row(view, "P-2")
    assert answers == ["asked: the retrospective of P-1"]
    assert view.current == "P-2" and form.improve.toPlainText() == "" and not form.has_unsaved_changes()
    assert draft_of(view, "P-1") is None
    form = open_bid(qtbot, view, "P-1")  # nothing unsaved on P-2: not asked
    assert answers == ["asked: the retrospective of P-1"] and form.improve.toPlainText() == ""
    assert not form.restored.isVisible()


def test_save_saves_then_opens_the_other_bid_and_a_refused_save_stays(qtbot, win: MainWindow, answers: list[str]) -> None:  # type: ignore[no-untyped-def]
    view = win.retros
    form = open_bid(qtbot, view, "P-1")
    form.worked.setPlainText("The demo on their data")
    answers.append("save")  # the outcome is not chosen: the save is refused, the form stays
    pick_row(view, "P-2")
    qtbot.waitUntil(lambda: form.errors["outcome"].isVisible(), timeout=10_000)
    assert view.current == "P-1" and selected(view) == "P-1"
    assert form.errors["outcome"].text() == "Choose the outcome: won, lost, no decision or cancelled."
    assert form.errors["decided_on"].text() == "Enter the date the customer decided."
    assert form.worked.toPlainText() == "The demo on their data" and form.has_unsaved_changes()

    form.outcome.setCurrentIndex(form.outcome.findData("won"))
    form.decided_on.set_date(YESTERDAY)
    form.autosaver.flush()
    answers[:] = ["save"]
    with qtbot.waitSignal(view.form_loaded, timeout=10_000) as loaded:
        pick_row(view, "P-2")
    assert loaded.args == ["P-2"] and answers == ["asked: the retrospective of P-1"]
    qtbot.waitUntil(lambda: view.current == "P-2" and selected(view) == "P-2", timeout=10_000)
    assert not form.has_unsaved_changes() and form.worked.toPlainText() == ""
    ctx = view.ctx
    assert ctx.ws is not None
    recorded = ctx.ws.retros.get("P-1")
    assert recorded is not None and recorded.outcome.value == "won" and recorded.what_worked == "The demo on their data"
    assert recorded.decided_on.isoformat() == YESTERDAY
    assert draft_of(view, "P-1") is None  # saved: the autosaved draft is gone


def test_typing_autosaves_and_a_left_over_draft_is_restored_with_a_note(qtbot, win: MainWindow, answers: list[str]) -> None:  # type: ignore[no-untyped-def]
    view = win.retros
    form = open_bid(qtbot, view, "P-1")
    form.lessons.setPlainText("Bring the CFO to the demo")
    qtbot.waitUntil(lambda: draft_of(view, "P-1") is not None, timeout=10_000)  # a moment after the last keystroke
    assert draft_of(view, "P-1").payload["lessons"] == "Bring the CFO to the demo"

    # a draft left by an app that stopped before saving, for the other bid
    ctx = view.ctx
    assert ctx.ws is not None and ctx.user is not None
    entries = dict(form.entries(), outcome="lost", decided_on=YESTERDAY, primary="price", worked="Quick answers",
                   lessons="Price early")
    ctx.ws.safekeeping.keep(retro_form(ctx.user.name, ctx.ws.db.server, "P-2", entries))
    answers.append("discard")
    form = open_bid(qtbot, view, "P-2")
    assert form.restored.isVisible() and "Restored your unsaved entries" in form.restored.text()
    assert form.outcome.currentData() == "lost" and form.decided_on.text() == YESTERDAY
    assert form.primary.currentData() == "price" and form.worked.toPlainText() == "Quick answers"
    assert form.lessons.toPlainText() == "Price early" and form.has_unsaved_changes()
    assert draft_of(view, "P-1") is None  # the other bid's entries were discarded

    form.discard_unsaved()
    assert form.outcome.currentData() == "" and form.worked.toPlainText() == "" and not form.restored.isVisible()
    assert not form.has_unsaved_changes() and draft_of(view, "P-2") is None


def test_a_restored_draft_never_overwrites_what_someone_recorded_meanwhile(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from workbench.core.retro.model import RetroInput

    view = win.retros
    ctx = view.ctx
    assert ctx.ws is not None and ctx.user is not None
    form = open_bid(qtbot, view, "P-1")
    entries = dict(form.entries(), outcome="cancelled", decided_on=YESTERDAY, base_version=0)
    ctx.ws.safekeeping.keep(retro_form(ctx.user.name, ctx.ws.db.server, "P-2", entries))
    ctx.ws.retros.record(ctx.ws.actor(), "P-2", RetroInput(outcome="won", decided_on=YESTERDAY))  # meanwhile
    form = open_bid(qtbot, view, "P-2")
    assert form.restored.isVisible() and form.outcome.currentData() == "cancelled"
    form.submit()
    qtbot.waitUntil(lambda: form.general.isVisible(), timeout=10_000)
    assert "was changed by" in form.general.text() and "after you opened it" in form.general.text()
    recorded = ctx.ws.retros.get("P-2")
    assert recorded is not None and recorded.outcome.value == "won"  # not overwritten
    assert form.outcome.currentData() == "cancelled"  # and the entries are still there
