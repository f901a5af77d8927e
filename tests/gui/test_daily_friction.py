"""Everyday friction found by using the real window: shortcuts, labels, state after a user switch."""

from __future__ import annotations

from PySide6.QtCore import Qt

from workbench.gui.views.main_window import MainWindow


def test_ctrl_i_opens_the_import_window_on_the_knowledge_screen(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.nav.setCurrentRow(window.stack.indexOf(window.knowledge))
    window.activateWindow()
    window.knowledge.table.setFocus()
    assert window.knowledge.import_dialog is None or not window.knowledge.import_dialog.isVisible()
    qtbot.keyClick(window.knowledge.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.knowledge.import_dialog is not None and window.knowledge.import_dialog.isVisible())
    window.knowledge.import_dialog.close()


def test_a_user_switch_leaves_nothing_of_the_last_persons_state(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from tests.reviewing import new_proposal

    ws = window.ctx.ws
    assert ws is not None
    number = new_proposal(ws)
    ws.reviews.submit(ws.users.get("alice"), number)
    window.ctx.write(lambda w, _me: w.users.switch("rita"))
    qtbot.waitUntil(lambda: window.ctx.user is not None and window.ctx.user.name == "rita", timeout=10_000)
    reviews = window.reviews
    reviews.reload(select=number)
    qtbot.waitUntil(lambda: reviews.pane.data is not None and reviews.pane.data.model.viewer == "rita", timeout=10_000)
    reviews.state.setText("Done: claimed")
    reviews.error.setText("rita's refusal")
    reviews.error.show()
    window.proposals.state.setText("Inserted “x”")
    window.state_label.setText("rita's status")
    with qtbot.waitSignal(window.ctx.user_changed, timeout=10_000):
        window.ctx.write(lambda w, _me: w.users.switch("mike"))
    assert window.state_label.text() != "rita's status" and "mike" in window.state_label.text().lower()
    assert reviews.state.text() == "" and not reviews.error.isVisibleTo(reviews)
    assert window.proposals.state.text() == ""
    # the pane is the new person's as soon as it is read again, never rita's buttons meanwhile
    assert reviews.pane.data is None or reviews.pane.data.model.viewer == "mike"
    qtbot.waitUntil(lambda: reviews.pane.data is not None and reviews.pane.data.model.viewer == "mike", timeout=10_000)


def test_a_review_pane_read_for_the_last_person_is_dropped_when_it_arrives_late(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow) -> None:
    """The pane read for rita is answered after mike took over (the database worker was busy):
    it is not shown, mike's own pane follows (it used to show rita's buttons to mike)."""
    import threading

    from tests.reviewing import new_proposal

    ws = window.ctx.ws
    assert ws is not None
    number = new_proposal(ws)
    ws.reviews.submit(ws.users.get("alice"), number)
    window.ctx.write(lambda w, _me: w.users.switch("rita"))
    qtbot.waitUntil(lambda: window.ctx.user is not None and window.ctx.user.name == "rita", timeout=10_000)
    reviews = window.reviews
    reviews.reload(select=number)
    qtbot.waitUntil(lambda: reviews.pane.data is not None and reviews.pane.data.model.viewer == "rita", timeout=10_000)
    gate = threading.Event()
    window.ctx.runner.run(lambda: gate.wait(10))  # the database worker is busy...
    reviews.show_proposal(number)  # ...so rita's pane read waits behind it
    window.ctx.signed_in(ws.users.get("mike"))  # and mike takes over before it is answered
    with qtbot.waitSignal(reviews.pane_loaded, timeout=10_000):
        gate.set()
    assert reviews.pane.data is not None and reviews.pane.data.model.viewer == "mike"


def test_insert_at_cursor_is_disabled_for_who_may_not_edit(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from tests.reviewing import new_proposal

    view = window.proposals
    assert not view.insert_button.isEnabled()  # nothing shown yet
    ws = window.ctx.ws
    assert ws is not None
    number = new_proposal(ws)
    window.ctx.write(lambda w, _me: w.users.switch("rita"))  # a reviewer, not the author
    qtbot.waitUntil(lambda: window.ctx.user is not None and window.ctx.user.name == "rita", timeout=10_000)
    window.nav.setCurrentRow(window.stack.indexOf(view))
    view.reload(select=number)
    qtbot.waitUntil(lambda: view.current is not None and view.current.number == number, timeout=10_000)
    assert not view.insert_button.isEnabled() and view.insert_button.toolTip()


def test_a_local_profile_is_added_from_the_window_on_a_passwordless_laptop(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt as _Qt

    from workbench.gui.views.users_dialog import AddUserDialog, UsersDialog

    assert not window.ctx.login_required
    dialog = window.open_users()
    assert isinstance(dialog, UsersDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=10_000)
    before = dialog.model.rowCount()
    qtbot.mouseClick(dialog.add_button, _Qt.MouseButton.LeftButton)
    add = dialog.findChild(AddUserDialog)
    assert add is not None and add.local.isVisible() and add.local.isChecked()
    assert not add.pair.first.isEnabled()  # no password asked for
    add.name.setText("lily")
    add.roles.setCurrentIndex(add.roles.findData("reviewer"))
    add.tiers.setCurrentIndex(add.tiers.findData(1))
    add.submit()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == before + 1, timeout=10_000)
    lily = next(u for u in dialog.model.users if u.name == "lily")
    assert (lily.role.value, lily.tier, lily.has_password) == ("reviewer", 1, False)
    dialog.close()
    assert window.ctx.ws is not None and not window.ctx.ws.login_required()  # still a laptop without sign-in
