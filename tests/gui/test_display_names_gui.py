"""Display names through the desktop: Settings saves one's own; the Users dialog lets an admin
rename someone; the proposals table, the review queue and pane show the name, not the login."""

from __future__ import annotations

from tests.backends import ADMIN
from tests.gui.test_reviews_screen import REVIEWS_ROW, become
from tests.reviewing import new_proposal
from workbench.gui.qt import Qt
from workbench.gui.views.main_window import MainWindow
from workbench.gui.views.settings_dialog import SettingsDialog
from workbench.gui.views.users_dialog import DisplayNameDialog, UsersDialog

PROPOSALS_ROW = 2


def test_settings_saves_my_display_name_and_the_tables_show_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws = window.ctx.ws
    assert ws is not None
    number = new_proposal(ws)  # by alice
    ws.reviews.submit(ws.users.get("alice"), number)
    become(qtbot, window, "alice")

    dialog = SettingsDialog(window.ctx, window.home, window)
    qtbot.addWidget(dialog)
    assert dialog.display_name.text() == "" and "\u201calice\u201d" in dialog.display_name_hint.text()
    assert dialog.display_name_hint.text().startswith("Not set")
    dialog.display_name.setText("张\t伟")
    dialog.apply()  # refused under the field; nothing saved, the dialog stays
    assert dialog.display_name_error.isVisibleTo(dialog)
    assert "control characters" in dialog.display_name_error.text()
    assert ws.users.get("alice").display_name == "" and dialog.result() == 0
    dialog.display_name.setText("  张伟 ")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.apply()
    assert ws.users.get("alice").display_name == "张伟"
    qtbot.waitUntil(lambda: window.ctx.user is not None and window.ctx.user.label == "张伟", timeout=10_000)
    again = SettingsDialog(window.ctx, window.home, window)
    qtbot.addWidget(again)
    assert again.display_name.text() == "张伟" and "You still sign in as alice." in again.display_name_hint.text()

    window.nav.setCurrentRow(PROPOSALS_ROW)
    proposals = window.proposals
    proposals.reload(select=number)
    qtbot.waitUntil(lambda: proposals.model.rowCount() == 1 and proposals.model.index(0, 3).data() == "张伟",
                    timeout=10_000)
    assert proposals.model.headerData(3, Qt.Orientation.Horizontal) == "Author"
    assert proposals.model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole) == "alice"

    become(qtbot, window, "rita")  # a tier-1 reviewer: the proposal waits in her queue
    window.nav.setCurrentRow(REVIEWS_ROW)
    reviews = window.reviews
    reviews.reload(select=number)
    qtbot.waitUntil(lambda: reviews.pane.data is not None and reviews.pane.data.model.status.proposal == number,
                    timeout=10_000)
    assert reviews.model.index(0, 2).data() == "张伟"
    assert "author 张伟" in reviews.pane.meta.text()
    assert any("张伟" in reviews.pane.timeline.item(i).text() for i in range(reviews.pane.timeline.count()))


def test_an_admin_renames_someone_in_the_users_dialog(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.ctx.user is not None and window.ctx.user.name == ADMIN
    dialog = window.open_users()
    assert isinstance(dialog, UsersDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 6, timeout=10_000)
    row = next(i for i, u in enumerate(dialog.model.users) if u.name == "rita")
    dialog.table.selectRow(row)
    assert dialog.name_button.isEnabled()
    dialog.change_display_name()
    rename = dialog.findChild(DisplayNameDialog)
    assert rename is not None and rename.display_name.text() == ""
    rename.display_name.setText("李\u202e丽")  # a bidirectional override: refused by the core
    rename.submit()
    qtbot.waitUntil(lambda: rename.error.isVisibleTo(rename), timeout=10_000)
    assert "control characters" in rename.error.text()
    rename.display_name.setText("李丽")
    rename.submit()
    qtbot.waitUntil(lambda: any(u.name == "rita" and u.display_name == "李丽" for u in dialog.model.users),
                    timeout=10_000)
    assert dialog.model.index(row, 1).data() == "李丽"


def test_the_wizard_says_where_to_set_the_name_the_cover_shows(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from workbench.gui.views.proposal_wizard import ProposalWizard

    ws = window.ctx.ws
    assert ws is not None and window.ctx.user is not None and not window.ctx.user.has_display_name
    wizard = ProposalWizard(window.ctx, ws.proposals.catalog.all(), window)
    qtbot.addWidget(wizard)
    assert f"\u201c{ADMIN}\u201d" in wizard.name_hint.text() and "Settings" in wizard.name_hint.text()
    window.ctx.write(lambda ws, me: ws.users.set_display_name(me, me.name, "王芳"))
    qtbot.waitUntil(lambda: window.ctx.user is not None and window.ctx.user.label == "王芳", timeout=10_000)
    named = ProposalWizard(window.ctx, ws.proposals.catalog.all(), window)
    qtbot.addWidget(named)
    assert not hasattr(named, "name_hint")
