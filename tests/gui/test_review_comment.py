"""A reviewer's comment survives every refresh of the review pane (the periodic session check, the
reviewer's own claim, a refusal), is asked about before another proposal is shown, and is
autosaved on this laptop and put back after a crash."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor

import workbench.gui.unsaved as unsaved
from tests.gui.test_reviews_screen import become, shown
from tests.reviewing import MARKDOWN, PASSING, new_proposal
from workbench.core import safekeeping
from workbench.core.safekeeping import KeptEdit
from workbench.core.workspace import Workspace
from workbench.gui.qt import QWidget
from workbench.gui.unsaved import UnsavedWork
from workbench.gui.views.main_window import MainWindow
from workbench.gui.views.review_pane import ReviewPane

BEFORE = "Please describe the XXX integration and the cut-over plan."
AFTER = "Please describe the LDAP SSO integration and the cut-over plan."


def workspace(window: MainWindow) -> Workspace:
    assert window.ctx.ws is not None
    return window.ctx.ws


def submitted(window: MainWindow) -> str:
    ws = workspace(window)
    number = new_proposal(ws)
    ws.reviews.submit(ws.users.get("alice"), number)
    return number


def draft_of(window: MainWindow, number: str, user: str) -> KeptEdit | None:
    ws = workspace(window)
    return ws.safekeeping.find("review_comment", number, user, ws.db.server, origin="autosave")


def select_mid_text(pane: ReviewPane, word: str) -> None:
    """Select ``word`` inside the comment, as a person does before typing over it."""
    start = pane.comment.toPlainText().index(word)
    cursor = pane.comment.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(word), QTextCursor.MoveMode.KeepAnchor)
    pane.comment.setTextCursor(cursor)


def post_comment(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.reviews.acted, timeout=10_000) as signal:
        window.reviews.pane.comment_button.click()
    assert signal.args == ["comment"]


def refresh_by(qtbot, window: MainWindow, how: str) -> None:  # type: ignore[no-untyped-def]
    """Reload the pane the way it happens to people: the five-minute session check, the
    reviewer's own claim, or a refusal (approving with a criterion left unscored). Meanwhile
    someone else commented: the pane shows that once it really was rebuilt."""
    ws, view, pane = workspace(window), window.reviews, window.reviews.pane
    assert pane.data is not None
    number = pane.data.model.status.proposal
    ws.reviews.comment(ws.users.get("mike"), number, "Meanwhile, from another laptop.")
    if how == "session check":
        with qtbot.waitSignal(window.ctx.user_changed, timeout=10_000):
            window.ctx.session_check.timeout.emit()
    elif how == "claim":
        with qtbot.waitSignal(view.acted, timeout=10_000):
            pane.claim_button.click()
    else:
        pane.approve_button.click()
        qtbot.waitUntil(view.error.isVisible, timeout=10_000)
    qtbot.waitUntil(lambda: pane.comment_list.count() == 1, timeout=10_000)
    assert "Meanwhile" in pane.comment_list.item(0).text()
    if how == "claim":
        qtbot.waitUntil(lambda: pane.data is not None and pane.data.model.status.claimed_by == "rita", timeout=10_000)


@pytest.mark.parametrize("how", ["session check", "claim", "refusal"])
def test_a_refresh_leaves_the_comment_as_the_reviewer_left_it(qtbot, window: MainWindow, how: str) -> None:  # type: ignore[no-untyped-def]
    number = submitted(window)
    become(qtbot, window, "rita")
    shown(qtbot, window, number, "tier_1")
    pane = window.reviews.pane
    # a long comment, scrolled, with a word selected mid-text, a section and one score chosen
    window.activateWindow()
    pane.comment.setFocus()
    qtbot.waitUntil(pane.comment.hasFocus, timeout=5_000)
    lead = "".join(f"Point {i}: fine.\n" for i in range(1, 13))
    pane.comment.setPlainText(lead)
    pane.comment.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(pane.comment, BEFORE)
    select_mid_text(pane, "XXX")
    pane.section.setCurrentIndex(pane.section.findData("Solution"))
    pane.rubric.spins["completeness"].setValue(4)
    bar = pane.comment.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5_000)
    bar.setValue(bar.maximum() // 2)
    place, editor = bar.value(), pane.editor

    refresh_by(qtbot, window, how)

    assert pane.editor is editor and pane.comment.toPlainText() == lead + BEFORE
    assert pane.comment.textCursor().selectedText() == "XXX"
    assert pane.section.currentData() == "Solution"
    assert pane.rubric.scores() == {"completeness": 4}
    assert bar.value() == place and pane.comment.hasFocus()
    if how == "refusal":
        assert window.reviews.error.text()  # the reason is on screen beside the form

    qtbot.keyClicks(pane.comment, "LDAP SSO")  # types over the selection, where it was
    post_comment(qtbot, window)

    ws = workspace(window)
    posted = ws.reviews.comments(number)[-1]
    assert (posted.body, posted.section, posted.author) == (lead.strip() + "\n" + AFTER, "Solution", "rita")
    event = ws.reviews.history(number)[-1]
    assert (event.action, event.comment, event.detail) == ("comment", lead.strip() + "\n" + AFTER,
                                                           {"section": "Solution"})
    qtbot.waitUntil(lambda: any(AFTER in pane.timeline.item(i).text() for i in range(pane.timeline.count())),
                    timeout=10_000)
    # posting the comment is not a decision: the scores stay for it, the text is gone
    assert pane.comment.toPlainText() == "" and pane.rubric.scores() == {"completeness": 4}
    assert ws.reviews.status(number).state.value == "tier_1"


def test_a_section_gone_from_the_new_revision_stays_chosen_and_is_named(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws = workspace(window)
    number = submitted(window)
    ws.reviews.approve(ws.users.get("rita"), number, PASSING[1])
    become(qtbot, window, "mike")
    shown(qtbot, window, number, "tier_2")
    pane = window.reviews.pane
    pane.section.setCurrentIndex(pane.section.findData("Pricing"))
    qtbot.keyClicks(pane.comment, "Check the seat count.")
    pane.rubric.spins["feasibility"].setValue(4)
    # meanwhile (on another laptop) changes are requested: no rubric while the author works
    ws.reviews.request_changes(ws.users.get("mike"), number, "Redo the pricing.")
    with qtbot.waitSignal(window.ctx.user_changed, timeout=10_000):
        window.ctx.session_check.timeout.emit()
    qtbot.waitUntil(lambda: pane.data is not None and pane.data.model.status.state.value == "changes_requested",
                    timeout=10_000)
    assert not pane.rubric.isVisibleTo(pane) and pane.comment.toPlainText() == "Check the seat count."
    # the author rewrites the proposal without a Pricing section and it comes back to tier 2
    alice = ws.users.get("alice")
    ws.proposals.save_revision(alice, number, MARKDOWN.replace("# Pricing\n\n120 seats.\n", ""), note="no pricing")
    ws.reviews.submit(alice, number)
    with qtbot.waitSignal(window.ctx.user_changed, timeout=10_000):
        window.ctx.session_check.timeout.emit()
    qtbot.waitUntil(lambda: pane.data is not None and pane.data.model.status.revision == 2, timeout=10_000)
    assert pane.rubric.isVisibleTo(pane) and pane.rubric.scores() == {"feasibility": 4}
    assert pane.section.currentData() == "Pricing"
    assert "not in revision 2" in pane.section.currentText()
    assert pane.editor.note.isVisible() and "Pricing" in pane.editor.note.text()
    assert pane.comment.toPlainText() == "Check the seat count."
    # the reviewer answers the earlier comment; the next refresh keeps that too
    qtbot.waitUntil(lambda: pane.comment_list.count() == 1, timeout=10_000)
    pane._reply(pane.comment_list.item(0))
    ws.reviews.comment(alice, number, "Pricing moved to the annex.")  # shows once the pane is rebuilt
    with qtbot.waitSignal(window.ctx.user_changed, timeout=10_000):
        window.ctx.session_check.timeout.emit()
    qtbot.waitUntil(lambda: pane.comment_list.count() == 2, timeout=10_000)
    assert pane.editor.reply_to == ws.reviews.comments(number)[0].id and pane.comment.placeholderText().startswith("Reply to #")
    # the core refuses it; the text and the choice stay for the reviewer to fix. First let the
    # reads the refresh queued finish: their pane_loaded is not the one the refusal's reload sends
    qtbot.waitUntil(lambda: not window.ctx.runner.busy(), timeout=10_000)
    with qtbot.waitSignal(window.reviews.pane_loaded, timeout=10_000):
        pane.comment_button.click()
    assert "Pricing" in window.reviews.error.text()
    assert pane.comment.toPlainText() == "Check the seat count." and not pane.comment.isReadOnly()
    pane.section.setCurrentIndex(pane.section.findData("Solution"))
    assert not pane.editor.note.isVisible()
    post_comment(qtbot, window)
    last = ws.reviews.comments(number)[-1]
    assert (last.body, last.section, last.reply_to) == ("Check the seat count.", "Solution",
                                                        ws.reviews.comments(number)[0].id)


def two_in_ritas_queue(qtbot, window: MainWindow) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    first, second = submitted(window), submitted(window)
    become(qtbot, window, "rita")
    shown(qtbot, window, first, "tier_1")
    qtbot.waitUntil(lambda: window.reviews.model.row_of(second) >= 0, timeout=10_000)
    return first, second


def pick(window: MainWindow, number: str) -> None:
    view = window.reviews
    view.table.selectRow(view.model.row_of(number))


def test_picking_another_proposal_asks_about_the_unsaved_comment(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = two_in_ritas_queue(qtbot, window)
    view, pane, ws = window.reviews, window.reviews.pane, workspace(window)
    assert pane.editor in [w for w in window.findChildren(QWidget) if isinstance(w, UnsavedWork)]
    asked: list[str] = []
    answer = "cancel"

    def ask(_parent: QWidget | None, description: str) -> str:
        asked.append(description)
        return answer

    monkeypatch.setattr(unsaved, "ask_save_discard_cancel", ask)
    qtbot.keyClicks(pane.comment, "Half a thought")
    pane.section.setCurrentIndex(pane.section.findData("Solution"))

    pick(window, second)  # Cancel: nothing moves
    assert asked == [f"your comment on {first}"]
    assert view.current == first and view.table.currentIndex().row() == view.model.row_of(first)
    view.reload(select=second)  # another screen asking for it: the same question
    # asked once that reload's answer is in; badge_changed cannot tell it from an earlier reload's
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=10_000)
    asked.pop()
    assert view.current == first and view.table.currentIndex().row() == view.model.row_of(first)
    assert pane.data is not None and pane.data.model.status.proposal == first
    assert pane.comment.toPlainText() == "Half a thought" and pane.section.currentData() == "Solution"
    qtbot.waitUntil(lambda: draft_of(window, first, "rita") is not None, timeout=5_000)

    answer = "discard"
    with qtbot.waitSignal(view.pane_loaded, timeout=10_000) as loaded:
        pick(window, second)
    assert loaded.args == [second] and len(asked) == 2
    assert pane.comment.toPlainText() == "" and pane.section.currentData() == ""
    assert ws.reviews.comments(first) == [] and draft_of(window, first, "rita") is None

    with qtbot.waitSignal(view.pane_loaded, timeout=10_000):
        pick(window, first)  # nothing unsaved on the second: no question
    assert len(asked) == 2
    qtbot.keyClicks(pane.comment, "Finish the SSO part.")
    pane.section.setCurrentIndex(pane.section.findData("Requirement understanding"))
    answer = "save"
    with qtbot.waitSignals([view.acted, view.pane_loaded], timeout=10_000):
        pick(window, second)
    qtbot.waitUntil(lambda: pane.data is not None and pane.data.model.status.proposal == second, timeout=10_000)
    posted = ws.reviews.comments(first)
    assert [(c.body, c.section) for c in posted] == [("Finish the SSO part.", "Requirement understanding")]
    assert ws.reviews.status(first).state.value == "tier_1"  # saved, not decided
    assert view.current == second and view.table.currentIndex().row() == view.model.row_of(second)
    assert draft_of(window, first, "rita") is None and pane.comment.toPlainText() == ""


def test_a_refused_save_stays_on_the_proposal(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    first, second = two_in_ritas_queue(qtbot, window)
    view, pane = window.reviews, window.reviews.pane
    monkeypatch.setattr(unsaved, "ask_save_discard_cancel", lambda _p, _d: "save")
    qtbot.keyClicks(pane.comment, "On a section that is not there")
    pane.section.addItem("Appendix", "Appendix")  # a heading the core does not know
    pane.section.setCurrentIndex(pane.section.findData("Appendix"))
    pick(window, second)
    qtbot.waitUntil(view.error.isVisible, timeout=10_000)
    assert "Appendix" in view.error.text() and not pane.comment.isReadOnly()
    assert view.table.currentIndex().row() == view.model.row_of(first)
    assert view.current == first and pane.comment.toPlainText() == "On a section that is not there"
    assert workspace(window).reviews.comments(first) == []


def test_scores_without_a_comment_are_kept_on_the_laptop_not_decided(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = two_in_ritas_queue(qtbot, window)
    view, pane = window.reviews, window.reviews.pane
    monkeypatch.setattr(unsaved, "ask_save_discard_cancel", lambda _p, _d: "save")
    pane.rubric.spins["format"].setValue(3)
    with qtbot.waitSignal(view.pane_loaded, timeout=10_000):
        view.reload(select=second)  # as when another screen opens a proposal here
    qtbot.waitUntil(lambda: pane.data is not None and pane.data.model.status.proposal == second, timeout=10_000)
    assert view.current == second and view.table.currentIndex().row() == view.model.row_of(second)
    draft = draft_of(window, first, "rita")
    assert draft is not None and draft.payload["scores"] == {"format": 3}
    assert workspace(window).reviews.status(first).state.value == "tier_1"
    with qtbot.waitSignal(view.pane_loaded, timeout=10_000):
        pick(window, first)
    assert pane.rubric.scores() == {"format": 3} and pane.editor.note.isVisible()


def test_the_comment_is_autosaved_and_put_back(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    number = submitted(window)
    become(qtbot, window, "rita")
    shown(qtbot, window, number, "tier_1")
    pane = window.reviews.pane
    qtbot.keyClicks(pane.comment, "Complete and well formatted.")
    pane.section.setCurrentIndex(pane.section.findData("Solution"))
    pane.rubric.spins["completeness"].setValue(4)
    qtbot.waitUntil(lambda: (d := draft_of(window, number, "rita")) is not None
                    and d.payload["text"] == "Complete and well formatted." and bool(d.payload["scores"]),
                    timeout=5_000)
    draft = draft_of(window, number, "rita")
    assert draft is not None
    assert draft.payload == {"text": "Complete and well formatted.", "section": "Solution",
                             "scores": {"completeness": 4}, "reply_to": None}
    assert not pane.editor.note.isVisible()

    # another person signs in on this laptop: rita's draft stays hers; she finds it when she is back
    become(qtbot, window, "mike")
    qtbot.waitUntil(lambda: pane.data is not None and pane.data.model.viewer == "mike", timeout=10_000)
    assert pane.comment.toPlainText() == "" and draft_of(window, number, "rita") is not None
    become(qtbot, window, "rita")
    qtbot.waitUntil(lambda: pane.data is not None and pane.data.model.viewer == "rita", timeout=10_000)
    assert pane.comment.toPlainText() == "Complete and well formatted."
    assert pane.section.currentData() == "Solution" and pane.rubric.scores() == {"completeness": 4}
    assert pane.editor.note.isVisible() and pane.editor.note.text().startswith("Restored your unsaved comment from ")

    post_comment(qtbot, window)
    assert workspace(window).reviews.comments(number)[-1].body == "Complete and well formatted."
    # the scores were not posted (no decision yet): the draft now holds them alone
    qtbot.waitUntil(lambda: (d := draft_of(window, number, "rita")) is not None and d.payload["text"] == "",
                    timeout=5_000)
    for name, value in PASSING[1].items():
        pane.rubric.spins[name].setValue(value)
    qtbot.waitUntil(pane.approve_button.isEnabled, timeout=10_000)  # the pane read after the comment
    with qtbot.waitSignal(window.reviews.acted, timeout=10_000):
        pane.approve_button.click()
    qtbot.waitUntil(lambda: draft_of(window, number, "rita") is None, timeout=5_000)


def test_a_draft_left_by_a_crash_is_put_back_and_goes_when_discarded(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    number = submitted(window)
    ws = workspace(window)
    crashed = safekeeping.review_comment("rita", ws.db.server, number, {
        "text": "Pricing is fine; the SLA section needs", "section": "Pricing", "scores": {"format": 2},
        "reply_to": None})
    ws.safekeeping.keep(crashed)
    become(qtbot, window, "rita")
    shown(qtbot, window, number, "tier_1")
    pane = window.reviews.pane
    assert pane.comment.toPlainText() == "Pricing is fine; the SLA section needs"
    assert pane.comment.textCursor().position() == len("Pricing is fine; the SLA section needs")
    assert pane.section.currentData() == "Pricing" and pane.rubric.scores() == {"format": 2}
    assert "Restored your unsaved comment from" in pane.editor.note.text()
    # the person decides they do not want it
    pane.editor.discard_unsaved()
    assert pane.comment.toPlainText() == "" and pane.rubric.scores() == {} and not pane.editor.note.isVisible()
    assert draft_of(window, number, "rita") is None


def test_a_comment_that_could_not_be_sent_stays_editable(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    number = submitted(window)
    become(qtbot, window, "rita")
    shown(qtbot, window, number, "tier_1")
    pane = window.reviews.pane
    qtbot.keyClicks(pane.comment, "Written as the session ended")
    window.ctx.user = None  # the session was revoked meanwhile: the core is not asked
    pane.comment_button.click()
    assert not pane.comment.isReadOnly() and pane.comment_button.isEnabled()
    assert pane.comment.toPlainText() == "Written as the session ended"
    assert workspace(window).reviews.comments(number) == []
