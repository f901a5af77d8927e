"""An answer typed in a response row when the app went down (a crash: the window gone without
closing, nothing saved) is offered back with the other drafts when the app starts: opening it
shows the Responses screen on that response and row with the typed text put back (and says so
if the row was saved meanwhile, still keeping the text); discarding it removes it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tender_files import write_tender_docx
from workbench.core import safekeeping as sk
from workbench.core.safekeeping import KeptEdit, Safekeeping
from workbench.core.workspace import Workspace, WorkspaceSettings
from workbench.gui.app import build_window, create_app
from workbench.gui.connection import ConnectionMonitor
from workbench.gui.views.main_window import MainWindow

ANSWER = "本项目采用双控制器冗余存储，任一控制器故障时业务自动切换，切换时间小于 5 秒。"


def _open_ws(home: Path) -> Workspace:
    return Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False))


def drafts_of(home: Path) -> list[KeptEdit]:
    return Safekeeping(home / "safekeeping").drafts()


@pytest.fixture
def tender(filled_home: Path, tmp_path: Path) -> str:
    ws = _open_ws(filled_home)
    try:
        return str(ws.tenders.import_file(ws.actor(), write_tender_docx(tmp_path / "政务云扩容.docx").path,
                                          title="政务云扩容").value.id)
    finally:
        ws.close()


class Offer:
    """Stands in for the start-up question about drafts: records the lines the dialog lists and
    answers ``reply``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, reply: str) -> None:
        self.lines: list[str] = []
        self.keys: list[str] = []
        self.reply = reply
        offer = self

        def ask(monitor: ConnectionMonitor, openable: list[KeptEdit], elsewhere: list[KeptEdit]) -> str:
            offer.keys += [d.key for d in openable + elsewhere]
            offer.lines += [monitor.draft_line(d) for d in openable + elsewhere]
            return offer.reply

        monkeypatch.setattr(ConnectionMonitor, "ask_about_drafts", ask)


def start(qtbot, home: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    create_app()
    win, _ctx = build_window(home, load_demo=False)
    win.show()
    return win


def stop(win: MainWindow, crash: bool) -> None:
    """Close the window as a person would, or (``crash``) let it vanish: no close, no question,
    nothing saved; the workspace let go as the process ending would."""
    ctx = win.ctx
    win.indexer.stop()
    ctx.runner.wait()
    if crash:
        win.hide()
    else:
        win.close()
    if ctx.ws is not None:
        ctx.ws.close()
    win.deleteLater()


def type_and_crash(qtbot, home: Path, response_id: str) -> int:  # type: ignore[no-untyped-def]
    """Open the response, type an answer in its first row and crash; returns the row's number."""
    win = start(qtbot, home)
    try:
        view = win.responses
        win.nav.setCurrentRow(win.stack.indexOf(view))
        view.reload(select=response_id)
        qtbot.waitUntil(lambda: view.sheet is not None and view.sheet.response.id == response_id
                        and view.editor.row is not None, timeout=20_000)
        row = view.editor.row
        assert row is not None and row.response == ""
        view.editor.text.setPlainText(ANSWER)
        view.editor.evidence.setText("产品白皮书 第 12 页")
        qtbot.waitUntil(lambda: [d.key for d in drafts_of(home)] == [f"response_row:{response_id}#{row.no}"],
                        timeout=10_000)
        return row.no
    finally:
        stop(win, crash=True)


@pytest.fixture
def closing() -> Iterator[list[MainWindow]]:
    windows: list[MainWindow] = []
    yield windows
    for win in windows:
        stop(win, crash=False)


def test_a_typed_answer_left_by_a_crash_is_offered_and_put_back_in_its_row(  # type: ignore[no-untyped-def]
        qtbot, filled_home: Path, tender: str, monkeypatch: pytest.MonkeyPatch, closing: list[MainWindow]) -> None:
    row_no = type_and_crash(qtbot, filled_home, tender)
    offer = Offer(monkeypatch, "open")
    win = start(qtbot, filled_home)
    closing.append(win)
    qtbot.waitUntil(lambda: bool(offer.lines), timeout=20_000)
    assert offer.keys == [f"response_row:{tender}#{row_no}"]
    [line] = offer.lines
    assert "政务云扩容" in line and line.startswith("• The answer to ")

    view = win.responses
    editor = view.editor
    qtbot.waitUntil(lambda: editor.row is not None and editor.response_id == tender and editor.row.no == row_no
                    and editor.text.toPlainText() == ANSWER, timeout=20_000)
    assert win.stack.currentWidget() is view and win.nav.currentRow() == win.stack.indexOf(view)
    assert editor.evidence.text() == "产品白皮书 第 12 页" and editor.has_unsaved_changes()
    assert "unsaved text" in editor.state.text() and editor.error.isHidden()  # the row did not change since

    with qtbot.waitSignal(editor.saved, timeout=20_000):
        editor.save()
    assert drafts_of(filled_home) == []
    ws = win.ctx.ws
    assert ws is not None and next(r for r in ws.tenders.rows(tender) if r.no == row_no).response == ANSWER


def test_a_row_saved_since_is_said_and_the_typed_text_is_still_put_back(  # type: ignore[no-untyped-def]
        qtbot, filled_home: Path, tender: str, monkeypatch: pytest.MonkeyPatch, closing: list[MainWindow]) -> None:
    row_no = type_and_crash(qtbot, filled_home, tender)
    ws = _open_ws(filled_home)
    try:  # meanwhile the row is saved (here: from the same laptop's CLI)
        row = next(r for r in ws.tenders.rows(tender) if r.no == row_no)
        ws.tenders.respond(ws.actor(), tender, row_no, text="Saved meanwhile.", expected_version=row.version)
    finally:
        ws.close()
    Offer(monkeypatch, "open")
    win = start(qtbot, filled_home)
    closing.append(win)
    editor = win.responses.editor
    qtbot.waitUntil(lambda: editor.row is not None and editor.row.no == row_no and editor.row.response != ""
                    and editor.text.toPlainText() == ANSWER, timeout=20_000)
    assert not editor.error.isHidden() and "after you typed this" in editor.error.text()
    assert editor.error.toolTip() == "Saved meanwhile."
    # the first save is the core's conflict (the text stays); the next one goes on top of the newer row
    editor.save()
    qtbot.waitUntil(lambda: not editor._saving, timeout=20_000)
    assert editor.text.toPlainText() == ANSWER and len(drafts_of(filled_home)) == 1
    assert "changed by" in editor.error.text()
    # the screen reads the row again: the next save goes on top of the version now saved
    qtbot.waitUntil(lambda: editor.row is not None and editor.expected_version == editor.row.version, timeout=20_000)
    assert editor.text.toPlainText() == ANSWER and editor.save_button.isEnabled()
    with qtbot.waitSignal(editor.saved, timeout=20_000):
        editor.save()
    assert drafts_of(filled_home) == []
    now = win.ctx.ws
    assert now is not None and next(r for r in now.tenders.rows(tender) if r.no == row_no).response == ANSWER


def test_discarding_the_offered_draft_removes_it(  # type: ignore[no-untyped-def]
        qtbot, filled_home: Path, tender: str, monkeypatch: pytest.MonkeyPatch, closing: list[MainWindow]) -> None:
    row_no = type_and_crash(qtbot, filled_home, tender)
    offer = Offer(monkeypatch, "discard")
    win = start(qtbot, filled_home)
    closing.append(win)
    qtbot.waitUntil(lambda: bool(offer.lines) and drafts_of(filled_home) == [], timeout=20_000)
    view = win.responses
    win.nav.setCurrentRow(win.stack.indexOf(view))
    view.reload(select=tender)
    qtbot.waitUntil(lambda: view.editor.row is not None and view.editor.row.no == row_no, timeout=20_000)
    assert view.editor.text.toPlainText() == "" and not view.editor.has_unsaved_changes()
    assert "not saved" not in view.state.text()


def test_a_draft_on_a_row_the_person_may_no_longer_edit_is_shown_and_kept(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    """Typed by nina in a row assigned to her; the row was given to someone else before she came
    back: her text is shown to copy, and stays kept until she discards it at start."""
    ws = window.ctx.ws
    assert ws is not None
    response_id = str(ws.tenders.import_file(ws.actor(), write_tender_docx(tmp_path / "t.docx").path).value.id)
    row = ws.tenders.rows(response_id)[0]
    ws.safekeeping.keep(sk.response_row("nina", ws.server, response_id, row.no, {"text": ANSWER}, row.version))
    view = window.responses
    window.nav.setCurrentRow(window.stack.indexOf(view))
    window.ctx.write(lambda w, _me: w.users.switch("nina"))
    qtbot.waitUntil(lambda: window.ctx.user is not None and window.ctx.user.name == "nina", timeout=10_000)
    view.reload(select=response_id)
    editor = view.editor
    qtbot.waitUntil(lambda: editor.row is not None and editor.response_id == response_id and editor.row.no == row.no
                    and not editor.error.isHidden(), timeout=20_000)
    assert not editor.may_edit() and editor.text.toPlainText() == ""
    assert "no longer edit" in editor.error.text() and ANSWER in editor.error.text()
    assert editor.error.toolTip() == ANSWER
    editor.drafts.flush()  # the editor has nothing unsaved: it must not take her draft away
    assert [d.target for d in ws.safekeeping.drafts("nina", ws.server)] == [f"{response_id}#{row.no}"]
