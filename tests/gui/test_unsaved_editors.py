"""Nothing a person types is lost: the proposal draft and the knowledge item editor know when they
hold unsaved changes, ask Save / Discard / Cancel before they are left (another proposal picked,
Esc, Cancel, closing, quitting), autosave to this laptop as the person types, and drafts left by a
crash are offered back at the next start."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from tests.reviewing import new_proposal
from workbench.core import safekeeping as sk
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.safekeeping import KeptEdit, Safekeeping
from workbench.core.workspace import Workspace, WorkspaceSettings
from workbench.gui import unsaved
from workbench.gui.app import build_window, create_app
from workbench.gui.connection import ConnectionMonitor
from workbench.gui.views.item_editor import ItemEditor
from workbench.gui.views.main_window import MainWindow
from workbench.gui.views.proposals_view import ProposalsView

PROPOSALS_ROW = 2
SLUG = "faq-on-premise"


def _open_ws(home: Path) -> Workspace:
    return Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False))


@pytest.fixture
def numbers(filled_home: Path) -> list[str]:
    """Two proposals by the laptop's own profile (so the window may edit them)."""
    ws = _open_ws(filled_home)
    try:
        me = ws.actor().name
        return [new_proposal(ws, author=me), new_proposal(ws, author=me)]
    finally:
        ws.close()


class Answers:
    """Stands in for the one place the question is asked: records each question and answers
    with the next of ``replies``; once they run out, discard (as when the test's window closes)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.asked: list[str] = []
        self.replies: list[str] = []
        monkeypatch.setattr(unsaved, "ask_save_discard_cancel", self)

    def __call__(self, _parent: object, description: str) -> str:
        self.asked.append(description)
        return self.replies.pop(0) if self.replies else "discard"

    def will(self, *replies: str) -> Answers:
        self.replies = list(replies)
        return self


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    return Answers(monkeypatch)


def drafts_of(home: Path) -> list[KeptEdit]:
    return Safekeeping(home / "safekeeping").drafts()


def pick(qtbot, view: ProposalsView, number: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: view.select(number), timeout=10_000)
    qtbot.waitUntil(lambda: view.current is not None and view.current.number == number, timeout=10_000)


def selected(view: ProposalsView) -> str | None:
    index = view.table.selectionModel().currentIndex()
    return index.siblingAtColumn(0).data() if index.isValid() else None


def type_into(qtbot, view: ProposalsView, text: str) -> str:  # type: ignore[no-untyped-def]
    """Type at the end of the draft, as a person does; returns the whole text."""
    view.editor.setFocus()
    view.editor.moveCursor(view.editor.textCursor().MoveOperation.End)
    for n, line in enumerate(text.split("\n")):
        if n:
            qtbot.keyClick(view.editor, Qt.Key.Key_Return)
        qtbot.keyClicks(view.editor, line)
    return view.editor.toPlainText()


@pytest.fixture
def proposals(qtbot, window: MainWindow, numbers: list[str]) -> Iterator[ProposalsView]:  # type: ignore[no-untyped-def]
    window.nav.setCurrentRow(PROPOSALS_ROW)
    view = window.proposals
    view.reload()
    pick(qtbot, view, numbers[0])
    yield view


def latest_markdown(home: Path, number: str) -> tuple[int, str]:
    ws = _open_ws(home)
    try:
        latest = ws.proposals.get(number).latest
        assert latest is not None
        return latest.number, latest.markdown
    finally:
        ws.close()


# --- the proposal draft ------------------------------------------------------------------------

def test_typing_then_undoing_back_to_the_saved_text_is_clean(  # type: ignore[no-untyped-def]
        qtbot, proposals: ProposalsView, numbers: list[str], answers: Answers) -> None:
    view = proposals
    assert not view.has_unsaved_changes()
    type_into(qtbot, view, "xy")
    assert view.has_unsaved_changes() and view.save_button.isEnabled()
    qtbot.keyClick(view.editor, Qt.Key.Key_Backspace)
    qtbot.keyClick(view.editor, Qt.Key.Key_Backspace)
    assert not view.has_unsaved_changes() and not view.save_button.isEnabled()
    type_into(qtbot, view, "z")
    view.editor.undo()
    assert not view.has_unsaved_changes()
    pick(qtbot, view, numbers[1])
    assert answers.asked == []  # nothing to lose: no question


def test_switching_proposal_with_a_dirty_draft_cancel_keeps_text_and_selection(  # type: ignore[no-untyped-def]
        qtbot, proposals: ProposalsView, numbers: list[str], answers: Answers) -> None:
    view = proposals
    text = type_into(qtbot, view, "\nA sentence worth keeping.")
    answers.will("cancel")
    assert view.select(numbers[1])
    assert answers.asked == [f"the draft of {numbers[0]}"]
    qtbot.waitUntil(lambda: selected(view) == numbers[0], timeout=5_000)
    assert view.current is not None and view.current.number == numbers[0]
    assert view.editor.toPlainText() == text and view.has_unsaved_changes()


def test_switching_proposal_with_a_dirty_draft_discard_switches(  # type: ignore[no-untyped-def]
        qtbot, proposals: ProposalsView, numbers: list[str], answers: Answers, filled_home: Path) -> None:
    view = proposals
    before = latest_markdown(filled_home, numbers[0])
    type_into(qtbot, view, "\nThrown away.")
    qtbot.waitUntil(lambda: len(drafts_of(filled_home)) == 1, timeout=10_000)
    answers.will("discard")
    assert view.select(numbers[1])
    qtbot.waitUntil(lambda: view.current is not None and view.current.number == numbers[1], timeout=5_000)
    assert answers.asked == [f"the draft of {numbers[0]}"]
    assert "Thrown away." not in view.editor.toPlainText() and not view.has_unsaved_changes()
    assert selected(view) == numbers[1]
    assert latest_markdown(filled_home, numbers[0]) == before
    assert drafts_of(filled_home) == []  # the discarded draft is not offered again
    pick(qtbot, view, numbers[0])
    assert "Thrown away." not in view.editor.toPlainText()


def test_switching_proposal_with_a_dirty_draft_save_saves_then_switches(  # type: ignore[no-untyped-def]
        qtbot, proposals: ProposalsView, numbers: list[str], answers: Answers, filled_home: Path) -> None:
    view = proposals
    text = type_into(qtbot, view, "\nSaved on the way out.")
    answers.will("save")
    assert view.select(numbers[1])
    qtbot.waitUntil(lambda: view.current is not None and view.current.number == numbers[1], timeout=10_000)
    assert selected(view) == numbers[1]
    assert latest_markdown(filled_home, numbers[0]) == (2, text)
    assert drafts_of(filled_home) == []
    # the list reloads after the save: it stays on the proposal the person moved to
    qtbot.wait(300)
    assert view.current is not None and view.current.number == numbers[1] and selected(view) == numbers[1]


def test_a_save_answered_before_the_list_goes_back_still_switches(  # type: ignore[no-untyped-def]
        qtbot, proposals: ProposalsView, numbers: list[str], answers: Answers, filled_home: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """On a busy machine the save can finish on its worker before the UI thread queues putting
    the list back on the draft: the switch still happens (it used to stay on the saved draft)."""
    view = proposals
    text = type_into(qtbot, view, "\nSaved before the list went back.")
    answers.will("save")
    start_save = view.save_unsaved

    def save_then_stall(then: Callable[[bool], None]) -> None:
        start_save(then)
        assert view.ctx.runner.wait()  # the UI thread is descheduled until the save is done

    monkeypatch.setattr(view, "save_unsaved", save_then_stall)
    assert view.select(numbers[1])
    qtbot.waitUntil(lambda: view.current is not None and view.current.number == numbers[1], timeout=10_000)
    assert latest_markdown(filled_home, numbers[0]) == (2, text)
    qtbot.wait(300)  # the list's reload and the queued step back have both run
    assert view.current is not None and view.current.number == numbers[1] and selected(view) == numbers[1]
    assert not view.has_unsaved_changes()


def test_a_failed_save_stays_on_the_draft(  # type: ignore[no-untyped-def]
        qtbot, proposals: ProposalsView, numbers: list[str], answers: Answers, filled_home: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    view = proposals
    ws = _open_ws(filled_home)  # someone saves a revision meanwhile: ours is a Conflict
    try:
        ws.proposals.save_revision(ws.actor(), numbers[0], "theirs", "", expected_revision=1)
    finally:
        ws.close()
    text = type_into(qtbot, view, "\nMine.")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, message, *a: warnings.append(message))
    answers.will("save")
    assert view.select(numbers[1])
    qtbot.waitUntil(lambda: bool(warnings), timeout=10_000)
    qtbot.waitUntil(lambda: selected(view) == numbers[0], timeout=5_000)
    assert view.current is not None and view.current.number == numbers[0]
    assert view.editor.toPlainText() == text and view.has_unsaved_changes()


def test_autosave_appears_after_typing_and_disappears_after_save(  # type: ignore[no-untyped-def]
        qtbot, proposals: ProposalsView, numbers: list[str], filled_home: Path) -> None:
    view = proposals
    text = type_into(qtbot, view, "\nAutosaved while typing.")
    qtbot.waitUntil(lambda: len(drafts_of(filled_home)) == 1, timeout=10_000)
    [draft] = drafts_of(filled_home)
    assert draft.key == f"proposal:{numbers[0]}" and draft.payload["markdown"] == text and draft.base_version == 1
    assert Safekeeping(filled_home / "safekeeping").pending() == []  # never mistaken for a save to replay
    view.save_revision()
    qtbot.waitUntil(lambda: view.current is not None and len(view.current.revisions) == 2, timeout=10_000)
    assert drafts_of(filled_home) == []
    assert not view.has_unsaved_changes()


# --- the knowledge item editor -----------------------------------------------------------------

def open_item_editor(qtbot, window: MainWindow) -> ItemEditor:  # type: ignore[no-untyped-def]
    assert window.knowledge.select(SLUG)
    window.knowledge.edit_current()
    editor = window.knowledge.editor
    assert editor is not None
    qtbot.waitUntil(editor.isVisible, timeout=5_000)
    editor.activateWindow()  # Esc goes to the active window, as on a desktop
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor, timeout=5_000)
    return editor


@pytest.mark.parametrize("how", ["esc", "cancel", "close"])
def test_item_editor_asks_before_closing_with_changes(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, answers: Answers, filled_home: Path, how: str) -> None:
    editor = open_item_editor(qtbot, window)
    leave: Callable[[], object] = {
        "esc": lambda: qtbot.keyClick(editor, Qt.Key.Key_Escape),
        "cancel": lambda: editor.buttons.button(editor.buttons.StandardButton.Cancel).click(),
        "close": lambda: editor.close(),
    }[how]
    leave()  # no changes: closes without asking
    assert not editor.isVisible() and answers.asked == []

    editor = open_item_editor(qtbot, window)
    editor.body.setPlainText("Changed, not saved.")
    qtbot.waitUntil(lambda: len(drafts_of(filled_home)) == 1, timeout=10_000)
    answers.will("cancel")
    leave()
    assert editor.isVisible() and editor.body.toPlainText() == "Changed, not saved."
    assert answers.asked == ["the knowledge item “Can the platform be deployed on-premise?”"]
    answers.will("discard")
    leave()
    assert not editor.isVisible() and drafts_of(filled_home) == []
    assert window.knowledge.current is not None and "Changed, not saved." not in window.knowledge.current.body


def test_item_editor_save_from_the_question_saves_and_closes(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, answers: Answers, filled_home: Path) -> None:
    editor = open_item_editor(qtbot, window)
    editor.title.setText("Can the platform run on-premise?")
    assert editor.has_unsaved_changes()
    editor.title.setText("Can the platform be deployed on-premise?")
    assert not editor.has_unsaved_changes()  # back to what was loaded: clean
    editor.body.setPlainText("Yes, on Kubernetes.")
    answers.will("save")
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5_000)
    assert drafts_of(filled_home) == []
    ws = _open_ws(filled_home)
    try:
        assert ws.knowledge.get(SLUG).body == "Yes, on Kubernetes."
    finally:
        ws.close()


def test_a_new_item_is_clean_until_something_is_typed(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, answers: Answers) -> None:
    window.knowledge.new_item()
    editor = window.knowledge.editor
    assert editor is not None and not editor.has_unsaved_changes()
    editor.title.setText("Half a thought")
    assert editor.has_unsaved_changes() and editor.unsaved_description() == "the new knowledge item “Half a thought”"
    answers.will("discard")
    editor.reject()
    assert not editor.isVisible() and answers.asked == ["the new knowledge item “Half a thought”"]


# --- quitting ------------------------------------------------------------------------------------

def test_quit_with_a_dirty_draft_asks_and_cancel_keeps_the_window(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, proposals: ProposalsView, numbers: list[str], answers: Answers,
        filled_home: Path) -> None:
    text = type_into(qtbot, proposals, "\nDo not lose me.")
    window.nav.setCurrentRow(0)
    answers.will("cancel")
    window.quit_action.trigger()  # File › Quit, Ctrl+Q
    assert window.isVisible() and answers.asked == [f"the draft of {numbers[0]}"]
    assert window.nav.currentRow() == PROPOSALS_ROW  # the draft asked about is shown
    assert proposals.editor.toPlainText() == text

    # an item editor window too; Save for both: the quit resumes once both are saved
    editor = open_item_editor(qtbot, window)
    editor.body.setPlainText("Saved while quitting.")
    answers.asked.clear()
    answers.will("save", "save")
    assert not window.close()  # saving first
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=15_000)
    assert sorted(answers.asked) == sorted([f"the draft of {numbers[0]}",
                                            "the knowledge item “Can the platform be deployed on-premise?”"])
    assert latest_markdown(filled_home, numbers[0]) == (2, text)
    ws = _open_ws(filled_home)
    try:
        assert ws.knowledge.get(SLUG).body == "Saved while quitting."
    finally:
        ws.close()
    assert drafts_of(filled_home) == []


class CommentBox(QWidget):
    """Any editor another screen adds: the quit finds it through the protocol alone."""

    def __init__(self, parent: QWidget, save_says_done: bool = False) -> None:
        super().__init__(parent)
        self.text = "a comment"
        self.discarded = False
        self.save_says_done = save_says_done  # as when the text is kept on the laptop for later

    def has_unsaved_changes(self) -> bool:
        return not self.discarded

    def unsaved_description(self) -> str:
        return "the comment box"

    def save_unsaved(self, then: Callable[[bool], None]) -> None:
        then(self.save_says_done)

    def discard_unsaved(self) -> None:
        self.discarded = True


def test_quit_asks_every_editor_that_implements_the_protocol(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, answers: Answers) -> None:
    box = CommentBox(window.reviews)
    assert isinstance(box, unsaved.UnsavedWork)
    answers.will("save")  # the save fails: the quit stops
    assert not window.close()
    assert window.isVisible() and answers.asked == ["the comment box"] and not box.discarded
    answers.will("discard")
    assert window.close()
    assert not window.isVisible()
    assert box.discarded and answers.asked == ["the comment box", "the comment box"]


def test_signing_out_asks_first(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, proposals: ProposalsView, numbers: list[str], answers: Answers,
        monkeypatch: pytest.MonkeyPatch) -> None:
    signed_out: list[bool] = []
    monkeypatch.setattr(window.ctx, "sign_out", lambda: signed_out.append(True))
    type_into(qtbot, proposals, "Mine, not the next person's.")
    answers.will("cancel")
    window.sign_out()
    assert signed_out == [] and answers.asked == [f"the draft of {numbers[0]}"]
    answers.will("discard")
    window.sign_out()
    assert signed_out == [True] and not proposals.has_unsaved_changes()


def test_quit_asks_once_about_an_editor_whose_save_said_done(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, answers: Answers) -> None:
    CommentBox(window.reviews, save_says_done=True)  # still holds its text: kept for later
    answers.will("save")
    assert not window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
    assert answers.asked == ["the comment box"]


# --- drafts left by a crash ----------------------------------------------------------------------

def test_drafts_left_by_a_crash_are_offered_and_restored_at_start(  # type: ignore[no-untyped-def]
        qtbot, filled_home: Path, numbers: list[str], monkeypatch: pytest.MonkeyPatch, answers: Answers) -> None:
    ws = _open_ws(filled_home)
    me, db = ws.actor().name, ws.db.server
    box = ws.safekeeping
    item = ws.knowledge.get(SLUG)
    left_text = "# Left by a crash\n\nTyped, never saved.\n"
    box.keep(sk.proposal_draft(me, db, numbers[1], left_text, "crash note", 1).as_autosave())
    box.keep(sk.item_edit(me, db, SLUG, ItemDraft(kind=item.kind, title=item.title, body="Crash body", slug=SLUG),
                          item.version).as_autosave())
    box.keep(sk.new_item(me, db, ItemDraft(kind=Kind.FAQ, title="Brand new", body="Not yet saved",
                                           slug="faq-brand-new")).as_autosave())
    box.keep(sk.review_comment(me, db, numbers[0], {"text": "a comment"}))
    ws.close()
    offered: list[tuple[list[str], list[str]]] = []

    def answer(_self: ConnectionMonitor, openable: list[KeptEdit], elsewhere: list[KeptEdit]) -> str:
        offered.append(([d.key for d in openable], [d.key for d in elsewhere]))
        return "open"

    monkeypatch.setattr(ConnectionMonitor, "ask_about_drafts", answer)
    create_app()
    win, ctx = build_window(filled_home, load_demo=False)
    qtbot.addWidget(win)
    win.show()
    try:
        qtbot.waitUntil(lambda: bool(offered), timeout=20_000)
        [(openable, elsewhere)] = offered
        assert sorted(openable) == sorted([f"proposal:{numbers[1]}", f"item:{SLUG}", "new_item:faq-brand-new"])
        assert elsewhere == [f"review_comment:{numbers[0]}"]
        view = win.proposals
        qtbot.waitUntil(lambda: view.current is not None and view.current.number == numbers[1], timeout=10_000)
        assert win.nav.currentRow() == PROPOSALS_ROW
        assert view.editor.toPlainText() == left_text and view.note.text() == "crash note"
        assert view.has_unsaved_changes()
        qtbot.waitUntil(lambda: len(editors(win)) == 2, timeout=10_000)
        bodies = sorted(e.body.toPlainText() for e in editors(win))
        assert bodies == ["Crash body", "Not yet saved"]
        assert all(e.has_unsaved_changes() for e in editors(win))

        # the person saves the proposal draft, discards the edit of the item, saves the new item
        view.save_revision()
        qtbot.waitUntil(lambda: view.current is not None and len(view.current.revisions) == 2, timeout=10_000)
        by_body = {e.body.toPlainText(): e for e in editors(win)}
        answers.will("discard")
        by_body["Crash body"].reject()
        with qtbot.waitSignal(by_body["Not yet saved"].saved, timeout=10_000):
            by_body["Not yet saved"].save()
        assert [d.key for d in drafts_of(filled_home)] == [f"review_comment:{numbers[0]}"]  # left for its pane
    finally:
        win.indexer.stop()
        ctx.runner.wait()
        if ctx.ws is not None:
            ctx.ws.close()
    assert latest_markdown(filled_home, numbers[1]) == (2, left_text)
    ws = _open_ws(filled_home)
    try:
        assert ws.knowledge.get(SLUG).body == item.body
        assert ws.knowledge.get("faq-brand-new").body == "Not yet saved"
    finally:
        ws.close()


def test_drafts_discarded_at_start_leave_the_review_comment_for_its_pane(  # type: ignore[no-untyped-def]
        qtbot, filled_home: Path, numbers: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    ws = _open_ws(filled_home)
    me, db = ws.actor().name, ws.db.server
    box = ws.safekeeping
    box.keep(sk.proposal_draft(me, db, numbers[0], "left", "", 1).as_autosave())
    box.keep(sk.retro_form(me, db, numbers[1], {"outcome": "lost"}))
    ws.close()
    monkeypatch.setattr(ConnectionMonitor, "ask_about_drafts", lambda *_a: "discard")
    create_app()
    win, ctx = build_window(filled_home, load_demo=False)
    qtbot.addWidget(win)
    try:
        qtbot.waitUntil(lambda: [d.kind for d in drafts_of(filled_home)] == ["retro"], timeout=20_000)
        win.nav.setCurrentRow(PROPOSALS_ROW)
        pick(qtbot, win.proposals, numbers[0])
        assert win.proposals.editor.toPlainText() != "left" and not win.proposals.has_unsaved_changes()
    finally:
        win.indexer.stop()
        ctx.runner.wait()
        if ctx.ws is not None:
            ctx.ws.close()


def editors(win: MainWindow) -> list[ItemEditor]:
    return [e for e in win.findChildren(ItemEditor) if e.isVisible()]

