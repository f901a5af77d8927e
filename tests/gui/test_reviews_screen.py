"""The Reviews screen through the desktop: submit, three approvals, clean export; a
request-changes round trip; a conflict shown beside the form."""

from __future__ import annotations

from pathlib import Path

from tests.reviewing import PASSING, new_proposal
from workbench.gui.views.main_window import MainWindow

REVIEWS_ROW = 3


def become(qtbot, win: MainWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    win.ctx.write(lambda ws, _me: ws.users.switch(name))
    qtbot.waitUntil(lambda: win.ctx.user is not None and win.ctx.user.name == name, timeout=10_000)


def shown(qtbot, win: MainWindow, number: str, state: str) -> None:  # type: ignore[no-untyped-def]
    """Open the Reviews screen and wait until ``number`` is in the pane, at ``state``."""
    win.nav.setCurrentRow(REVIEWS_ROW)
    view = win.reviews
    view.reload(select=number)
    me = win.ctx.user.name  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: view.pane.data is not None and view.pane.data.model.status.proposal == number
                    and view.pane.data.model.status.state.value == state and view.pane.data.model.viewer == me, timeout=10_000)


def decide(qtbot, win: MainWindow, button, action: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(button.isEnabled, timeout=10_000)  # after an action, until the pane is read again
    with qtbot.waitSignal(win.reviews.acted, timeout=10_000) as signal:
        button.click()
    assert signal.args == [action]


def score(win: MainWindow, tier: int) -> None:
    for name, value in PASSING[tier].items():
        win.reviews.pane.rubric.spins[name].setValue(value)


def test_submit_three_approvals_then_the_export_is_clean(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    number = new_proposal(window.ctx.ws)  # type: ignore[arg-type]
    become(qtbot, window, "alice")
    proposals = window.proposals
    window.nav.setCurrentRow(2)
    proposals.reload(select=number)
    qtbot.waitUntil(lambda: proposals.current is not None and proposals.current.number == number, timeout=10_000)
    assert proposals.submit_button.isEnabled()
    with qtbot.waitSignal(proposals.submitted, timeout=10_000):
        proposals.submit_button.click()

    for name, tier in (("rita", 1), ("mike", 2), ("sara", 3)):
        become(qtbot, window, name)
        shown(qtbot, window, number, f"tier_{tier}")
        pane = window.reviews.pane
        qtbot.waitUntil(lambda: window.nav.item(REVIEWS_ROW).text().endswith("(1)"), timeout=10_000)
        # one step at a time: Claim first, then the decision (and no second Claim)
        assert pane.claim_button.isVisible() and not pane.approve_button.isVisible()
        assert not pane.changes_button.isVisible()
        assert not pane.withdraw_button.isVisible() and not pane.submit_button.isVisible()
        assert window.reviews.model.rows[0].proposal == number
        assert "Stores want one inbox." in pane.preview.toPlainText()
        decide(qtbot, window, pane.claim_button, "claim")
        qtbot.waitUntil(lambda p=pane, n=name: p.data is not None and p.data.model.status.claimed_by == n, timeout=10_000)
        assert pane.approve_button.isVisible() and pane.changes_button.isVisible() and not pane.claim_button.isVisible()
        score(window, tier)
        assert "passes" in pane.rubric.total.text()
        pane.comment.setPlainText(f"Tier {tier} is happy.")
        decide(qtbot, window, pane.approve_button, "approve")
        qtbot.waitUntil(lambda: window.nav.item(REVIEWS_ROW).text() == "Reviews", timeout=10_000)

    shown(qtbot, window, number, "approved")
    pane = window.reviews.pane
    timeline = [pane.timeline.item(i).text() for i in range(pane.timeline.count())]
    assert len(timeline) == 7 and "sara approved · 4.00 — Tier 3 is happy." in timeline[0]
    assert not any(b.isVisible() for b in pane.buttons.values())  # nothing left to do

    window.nav.setCurrentRow(2)
    proposals.reload(select=number)
    qtbot.waitUntil(lambda: proposals.current is not None and proposals.current.status.value == "approved",
                    timeout=10_000)
    assert not proposals.submit_button.isEnabled()
    # the author is back on the proposal, but an approved revision is not editable
    become(qtbot, window, "alice")
    qtbot.waitUntil(lambda: proposals.current is not None and proposals.editor.isReadOnly(), timeout=10_000)
    assert not proposals.save_button.isEnabled()
    out = tmp_path / "approved.md"
    with qtbot.waitSignal(proposals.exported, timeout=30_000):
        proposals.export("md", out)
    assert "DRAFT" not in out.read_text(encoding="utf-8")


def test_request_changes_round_trip(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws = window.ctx.ws
    assert ws is not None
    number = new_proposal(ws)
    ws.reviews.submit(ws.users.get("alice"), number)
    ws.reviews.approve(ws.users.get("rita"), number, PASSING[1])

    become(qtbot, window, "mike")
    shown(qtbot, window, number, "tier_2")
    pane = window.reviews.pane
    decide(qtbot, window, pane.claim_button, "claim")
    qtbot.waitUntil(lambda: pane.changes_button.isVisible() and pane.changes_button.isEnabled(), timeout=10_000)
    pane.comment.setPlainText("Say how the 300 stores connect.")
    pane.section.setCurrentIndex(pane.section.findData("Solution"))
    decide(qtbot, window, pane.changes_button, "request_changes")

    become(qtbot, window, "alice")
    shown(qtbot, window, number, "changes_requested")
    qtbot.waitUntil(lambda: window.nav.item(REVIEWS_ROW).text().endswith("(1)"), timeout=10_000)
    assert pane.comment_list.count() == 1
    assert "Solution" in pane.comment_list.item(0).text() and "300 stores" in pane.comment_list.item(0).text()
    # nothing new to resubmit yet: that needs a new revision
    assert not pane.submit_button.isVisible() and pane.withdraw_button.isVisible() and pane.edit_button.isVisible()
    # answer the comment, then edit in the Proposals screen
    pane._reply(pane.comment_list.item(0))
    pane.comment.setPlainText("Through the store gateway; see the new section.")
    decide(qtbot, window, pane.comment_button, "comment")
    with qtbot.waitSignal(window.proposals.table.selectionModel().currentRowChanged, timeout=10_000, raising=False):
        pane.edit_button.click()
    proposals = window.proposals
    qtbot.waitUntil(lambda: proposals.current is not None and proposals.current.number == number, timeout=10_000)
    assert window.nav.currentRow() == 2
    proposals.editor.moveCursor(proposals.editor.textCursor().MoveOperation.End)
    proposals.editor.insertPlainText("\n# Store connectivity\n\nEach store connects through the gateway.\n")
    proposals.save_revision()
    qtbot.waitUntil(lambda: proposals.current is not None and len(proposals.current.revisions) == 2, timeout=10_000)

    shown(qtbot, window, number, "changes_requested")
    decide(qtbot, window, pane.submit_button, "submit")
    become(qtbot, window, "mike")
    shown(qtbot, window, number, "tier_2")  # resumed where changes were asked for
    assert pane.tabs.tabText(1) == "Changes since r1"
    assert "Each store connects through the gateway." in pane.diff.toPlainText().replace("\xa0", " ")
    replies = [pane.comment_list.item(i).text() for i in range(pane.comment_list.count())]
    assert len(replies) == 2 and "reply to #" in replies[1]
    score(window, 2)
    decide(qtbot, window, pane.approve_button, "approve")
    assert ws.reviews.status(number).state.value == "tier_3"


def test_a_conflict_is_shown_beside_the_form_and_keeps_the_text(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws = window.ctx.ws
    assert ws is not None
    ws.users.add(ws.actor(), "rob", "reviewer", 1)
    number = new_proposal(ws)
    ws.reviews.submit(ws.users.get("alice"), number)
    become(qtbot, window, "rita")
    shown(qtbot, window, number, "tier_1")
    pane = window.reviews.pane
    score(window, 1)
    pane.comment.setPlainText("Looks complete to me.")
    ws.reviews.approve(ws.users.get("rob"), number, PASSING[1])  # meanwhile, on another laptop
    pane.approve_button.click()
    qtbot.waitUntil(lambda: window.reviews.error.isVisible(), timeout=10_000)
    assert window.reviews.error.text().startswith("rob got there first")
    qtbot.waitUntil(lambda: pane.data is not None and pane.data.model.status.state.value == "tier_2", timeout=10_000)
    assert pane.comment.toPlainText() == "Looks complete to me."
    assert [e.actor for e in ws.reviews.history(number) if e.action == "approve"] == ["rob"]


def test_the_pane_names_people_by_their_display_names(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws = window.ctx.ws
    assert ws is not None
    admin = ws.actor()
    ws.users.add(admin, "li.na", "author", None, "Li Na")
    ws.users.add(admin, "zhao.lei", "reviewer", 1, "Zhao Lei")
    ws.users.add(admin, "wang.min", "reviewer", 2, "Wang Min")
    number = new_proposal(ws, author="li.na")
    ws.reviews.submit(ws.users.get("li.na"), number)
    ws.reviews.approve(ws.users.get("zhao.lei"), number, PASSING[1], "Complete and well formatted.")
    ws.reviews.claim(ws.users.get("wang.min"), number)
    become(qtbot, window, "mike")
    shown(qtbot, window, number, "tier_2")
    pane = window.reviews.pane
    assert "author Li Na" in pane.meta.text() and pane.meta.text().endswith("claimed by Wang Min")
    assert "Zhao Lei approved · 4.00 — Complete and well formatted." in pane.timeline.item(1).text()
    assert "· Zhao Lei ·" in pane.comment_list.item(0).text()


def test_right_after_claim_approve_waits_for_the_claim_instead_of_racing_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The pane's version is the one before the claim until the reload after it lands: an Approve
    sent in between was refused as "rita got there first" to rita herself."""
    ws = window.ctx.ws
    assert ws is not None
    number = new_proposal(ws)
    ws.reviews.submit(ws.users.get("alice"), number)
    become(qtbot, window, "rita")
    shown(qtbot, window, number, "tier_1")
    pane, view = window.reviews.pane, window.reviews
    assert pane.claim_button.isEnabled()
    with qtbot.waitSignal(view.acted, timeout=10_000):
        pane.claim_button.click()
        assert not pane.claim_button.isEnabled()  # nothing can be sent twice meanwhile
    # answered, but the data read after the claim has not been shown yet: nothing to click
    assert pane.data is not None
    stale = pane.data.model.status.claimed_by is None
    assert not (stale and pane.approve_button.isEnabled())  # never a click on the version before the claim
    qtbot.waitUntil(lambda: pane.data is not None and pane.data.model.status.claimed_by == "rita", timeout=10_000)
    assert pane.approve_button.isEnabled() and pane.approve_button.isVisible()
    score(window, 1)
    decide(qtbot, window, pane.approve_button, "approve")
    assert not view.error.isVisible()
    assert ws.reviews.status(number).state.value == "tier_2"


def test_a_refusal_names_the_rubric_criteria_as_the_form_does(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws = window.ctx.ws
    assert ws is not None
    number = new_proposal(ws)
    ws.reviews.submit(ws.users.get("alice"), number)
    become(qtbot, window, "rita")
    shown(qtbot, window, number, "tier_1")
    pane, view = window.reviews.pane, window.reviews
    decide(qtbot, window, pane.claim_button, "claim")
    qtbot.waitUntil(lambda: pane.approve_button.isVisible() and pane.approve_button.isEnabled(), timeout=10_000)
    pane.approve_button.click()  # nothing scored
    qtbot.waitUntil(view.error.isVisible, timeout=10_000)
    text = view.error.text()
    assert "Completeness" in text and "Format and language" in text
    assert "completeness" not in text and "format," not in text


def test_a_proposal_removed_while_its_pane_opens_leaves_the_pane_empty_without_an_error_box(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow) -> None:
    """The demo history removed, or a colleague's proposal deleted, while the pane reads it: the
    pane goes back to "select a proposal" (no error box: the suite's no_error_box fixture fails
    the test if one is shown) and the next proposal opens as ever."""
    ws = window.ctx.ws
    assert ws is not None
    number = new_proposal(ws, author=ws.actor().name)
    ws.reviews.submit(ws.actor(), number)
    shown(qtbot, window, number, "tier_1")
    view = window.reviews
    view.show_proposal("DEMO-2025-014")  # listed a moment ago, removed since
    qtbot.waitUntil(lambda: view.pane.data is None and view.current is None, timeout=10_000)
    assert view.pane.title.text() == "Select a proposal in the queue"
    view.show_proposal(number)
    qtbot.waitUntil(lambda: view.pane.data is not None and view.pane.data.model.status.proposal == number,
                    timeout=10_000)
