"""The main window: navigation between screens, menus, status bar, remembered geometry; closing
it (or quitting) asks about every editor holding unsaved work first, and drafts left by a crash
are opened again at start."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.gui.context import AppContext
from workbench.gui.labels import label, role_labels
from workbench.gui.qt import (
    QAction,
    QByteArray,
    QCloseEvent,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSettings,
    QShortcut,
    QSize,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    connect_for_life,
)
from workbench.gui.status_line import StatusLine

if TYPE_CHECKING:
    from workbench.core.knowledge.model import ItemView
    from workbench.core.safekeeping import KeptEdit
    from workbench.core.users import UserView
    from workbench.gui.connection import ConnectionBanner, ConnectionMonitor
    from workbench.gui.indexer import IndexKeeper
    from workbench.gui.unsaved import UnsavedWork
    from workbench.gui.views.dashboard_view import DashboardView
    from workbench.gui.views.item_editor import ItemEditor
    from workbench.gui.views.knowledge_view import KnowledgeView
    from workbench.gui.views.proposals_view import ProposalsView
    from workbench.gui.views.responses_view import ResponsesView
    from workbench.gui.views.retro_view import RetroView
    from workbench.gui.views.reviews_view import ReviewsView
    from workbench.gui.views.search_view import SearchView


FIRST_SIZE = QSize(1440, 900)


def first_size(available: QSize) -> QSize:
    """The window's size on first start: 90% of the screen's free area (the taskbar or menu bar
    left out), at most 1440x900, so a 1280x720 laptop gets a window it shows whole."""
    return QSize(min(FIRST_SIZE.width(), int(available.width() * 0.9)),
                 min(FIRST_SIZE.height(), int(available.height() * 0.9)))


class MainWindow(QMainWindow):
    """Built in two steps so that a launch shows the window at once: the frame (navigation,
    status bar, remembered geometry) needs nothing but Qt; the screens import the core and the
    views (about a second) and are built by ``build_screens``, at construction unless
    ``deferred`` (the app calls it right after the frame is on screen)."""

    # set by build_screens
    indexer: IndexKeeper
    search: SearchView
    knowledge: KnowledgeView
    proposals: ProposalsView
    reviews: ReviewsView
    retros: RetroView
    dashboard: DashboardView
    responses: ResponsesView
    connection_banner: ConnectionBanner
    connection: ConnectionMonitor

    def __init__(self, ctx: AppContext, home: Path, deferred: bool = False) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.ctx = ctx
        self.home = home
        self.setWindowTitle(self.tr("Presales Workbench"))
        self.resize(first_size(self.screen().availableGeometry().size()))

        self.nav = QListWidget()
        self.nav.setObjectName("Navigation")
        self.nav.setFixedWidth(190)
        self.nav.setIconSize(QSize(18, 18))
        self.stack = QStackedWidget()
        self.screen_titles = [
            self.tr("Search"),
            self.tr("Knowledge"),
            self.tr("Proposals"),
            self.tr("Reviews"),
            self.tr("Retrospectives"),
            self.tr("Dashboard"),
            self.tr("Responses"),
        ]
        for n, title in enumerate(self.screen_titles, start=1):
            entry = QListWidgetItem(f"{title}")
            entry.setToolTip(f"Ctrl+{n}")
            self.nav.addItem(entry)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)

        central = QWidget()
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self._outer = QVBoxLayout(central)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self._outer.setSpacing(0)
        self._outer.addLayout(layout, 1)
        self.setCentralWidget(central)

        self.user_label = QLabel()
        self.user_label.setObjectName("UserLabel")
        self.state_label = QLabel(self.tr("Opening the knowledge base…"))
        self.status_line = StatusLine(self.state_label)
        self.statusBar().addWidget(self.state_label, 1)
        self.statusBar().addPermanentWidget(self.user_label)
        self.login_dialog: QDialog | None = None
        self._settled: set[int] = set()  # editors whose save said done while quitting or signing out
        self._resuming = False
        self.screens_built = False
        self._restore_geometry()
        if not deferred:
            self.build_screens()

    def build_screens(self) -> None:
        """The screens, menus and everything that follows the workspace (once)."""
        if self.screens_built:
            return
        from workbench.gui.connection import ConnectionBanner, ConnectionMonitor
        from workbench.gui.indexer import IndexKeeper
        from workbench.gui.views.dashboard_view import DashboardView
        from workbench.gui.views.knowledge_view import KnowledgeView
        from workbench.gui.views.proposals_view import ProposalsView
        from workbench.gui.views.responses_view import ResponsesView
        from workbench.gui.views.retro_view import RetroView
        from workbench.gui.views.reviews_view import ReviewsView
        from workbench.gui.views.search_view import SearchView

        ctx = self.ctx
        self.indexer = IndexKeeper(ctx, self)
        self.search = SearchView(ctx, self.indexer)
        self.knowledge = KnowledgeView(ctx)
        self.proposals = ProposalsView(ctx)
        self.reviews = ReviewsView(ctx)
        self.reviews.badge_changed.connect(self._show_badge)
        self.reviews.open_proposal.connect(self.open_proposal)
        self.retros = RetroView(ctx)
        self.dashboard = DashboardView(ctx)
        self.responses = ResponsesView(ctx)
        self.dashboard.remove_demo.connect(self.remove_demo_history)
        self.search.open_item.connect(self.open_item)
        self.knowledge.similar_requested.connect(self.open_item)
        screens: list[QWidget] = [
            self.search, self.knowledge, self.proposals, self.reviews, self.retros, self.dashboard, self.responses,
        ]
        row = self.nav.currentRow()
        for widget in screens:
            self.stack.addWidget(widget)
        # the team server banner, above everything (hidden while the server answers)
        self.connection_banner = ConnectionBanner()
        self._outer.insertWidget(0, self.connection_banner)
        self._menus(len(screens))

        self._shown_user: str | None = None
        connect_for_life(self, ctx.user_changed, self._show_user)
        connect_for_life(self, ctx.login_needed, self.ask_login)
        connect_for_life(self, ctx.ready, lambda: self.status_line.news(self.tr("Ready")))
        self.knowledge.items_loaded.connect(
            lambda n: self.status_line.news(self.tr("%1 knowledge items").replace("%1", str(n)))
        )
        self.indexer.status.connect(self.status_line.news)
        self.connection = ConnectionMonitor(ctx, self.connection_banner, self)
        self.connection.status.connect(self.status_line.outcome)
        self.connection.restore_drafts.connect(self.restore_drafts)
        search_shortcut = QShortcut(QKeySequence("Ctrl+K"), self)
        search_shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        search_shortcut.activated.connect(self.focus_search)
        self.screens_built = True
        self.stack.setCurrentIndex(max(0, row))

    def _menus(self, screens: int) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self._action(file_menu, self.tr("&Import…"), "Ctrl+I", self.knowledge.open_import)
        self._action(file_menu, self.tr("&Export as Markdown…"), None, self.export)
        self._action(file_menu, self.tr("&Back up now"), None, self.backup)
        self._action(file_menu, self.tr("&Rebuild search index"), None, self.indexer.rebuild)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Settings…"), "Ctrl+,", self.open_settings)
        file_menu.addSeparator()
        self.users_action = self._action(file_menu, self.tr("&Users…"), None, self.open_users)
        self.password_action = self._action(file_menu, self.tr("&Change password…"), None, self.change_password)
        self.sign_out_action = self._action(file_menu, self.tr("Sign &out"), None, self.sign_out)
        for action in (self.users_action, self.password_action, self.sign_out_action):
            action.setEnabled(False)
        file_menu.addSeparator()
        self.quit_action = self._action(file_menu, self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        go = self.menuBar().addMenu(self.tr("&Go"))
        for n in range(screens):
            self._action(go, self.nav.item(n).text(), f"Ctrl+{n + 1}", lambda _=False, n=n: self.nav.setCurrentRow(n))
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&About"), None, self.about)

    def _action(self, menu, text, shortcut, slot) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)
        return action

    def _show_user(self, user: UserView) -> None:
        if user.name != self._shown_user:
            if self._shown_user is not None:  # another person: nothing of the last one's work stays said
                self.state_label.setText(self.tr("Signed in as %1").replace("%1", user.label))
                self.reviews.user_switched()
                self.proposals.state.clear()
            self._shown_user = user.name
        role = label(role_labels(), user.role.value)
        tier = self.tr(" · tier %1").replace("%1", str(user.tier)) if user.tier else ""
        where = f" · {self.ctx.database_label}" if self.ctx.login_required and self.ctx.database_label else ""
        self.user_label.setText(f"{user.label} · {role}{tier}{where}")
        from workbench.core.users import Permission

        self.users_action.setEnabled(user.can(Permission.MANAGE_USERS))
        self.password_action.setEnabled(True)
        self.sign_out_action.setEnabled(self.ctx.login_required)

    # --- signing in and out ----------------------------------------------------------------

    def ask_login(self) -> None:
        """Login is required and nobody is signed in: the login window (quitting it quits)."""
        from workbench.gui.views.login_dialog import LoginDialog

        self.user_label.setText(self.tr("Not signed in"))
        for action in (self.users_action, self.password_action, self.sign_out_action):
            action.setEnabled(False)
        if self.login_dialog is not None and self.login_dialog.isVisible():
            return
        dialog = LoginDialog(self.ctx, self)
        dialog.rejected.connect(self.close)
        self.login_dialog = dialog
        dialog.open()

    def sign_out(self) -> None:
        """Unsaved work is the signed-in person's: saved or discarded before someone else signs in."""
        if self.confirm_unsaved(then=self.sign_out):
            self.ctx.sign_out()

    def change_password(self) -> None:
        from workbench.gui.views.login_dialog import ChangePasswordDialog

        ChangePasswordDialog(self.ctx, self).open()

    def open_users(self) -> QDialog | None:
        """The Users dialog, for administrators only (the core refuses the rest anyway)."""
        from workbench.core.users import Permission

        if not self.ctx.can(Permission.MANAGE_USERS):
            return None
        from workbench.gui.views.users_dialog import UsersDialog

        dialog = UsersDialog(self.ctx, self)
        dialog.open()
        return dialog

    # --- commands ------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.nav.setCurrentRow(0)
        self.search.focus_box()

    def _show_badge(self, count: int) -> None:
        """The Reviews entry says how many items wait for the current user."""
        row = self.stack.indexOf(self.reviews)
        title = self.screen_titles[row]
        self.nav.item(row).setText(f"{title}  ({count})" if count else title)

    def open_proposal(self, number: str) -> None:
        self.nav.setCurrentRow(self.stack.indexOf(self.proposals))
        self.proposals.select(number)

    def open_item(self, slug: str) -> None:
        self.nav.setCurrentRow(1)
        if not self.knowledge.select(slug):
            self.knowledge.reveal(slug)

    # --- drafts left by a crash ---------------------------------------------------------------

    def restore_drafts(self, drafts: list[KeptEdit]) -> None:
        """Open each autosaved draft in its editor: the proposal's in the Proposals screen (one
        editor there: the newest; the others come back when their proposal is picked), each
        knowledge item's in an editor window, a response row's in the Responses screen."""
        proposals = [d for d in drafts if d.kind == "proposal"]
        if proposals:
            self.nav.setCurrentRow(self.stack.indexOf(self.proposals))
            self.proposals.reload(select=proposals[-1].target)
        for draft in drafts:
            if draft.kind == "item":
                self._read_item_draft(draft)
            elif draft.kind == "new_item":
                self._open_item_draft(None, draft)
        rows = [d for d in drafts if d.kind == "response_row"]
        if rows:  # one row editor there too: the newest; the screen names the other rows left
            self.nav.setCurrentRow(self.stack.indexOf(self.responses))
            self.responses.open_draft(rows[-1])

    def _read_item_draft(self, draft: KeptEdit) -> None:
        slug = draft.target

        def found(item: ItemView) -> None:
            self._open_item_draft(item, draft)

        def gone(_exc: BaseException) -> None:  # removed meanwhile: the draft can become a new item
            self._open_item_draft(None, draft)

        self.ctx.read(lambda ws: ws.knowledge.get(slug), found, gone, parent=self)

    def _open_item_draft(self, item: ItemView | None, draft: KeptEdit) -> ItemEditor:
        """An editor window for the item (None: a new item, or one no longer there) with the
        draft in its fields."""
        from workbench.gui.views.item_editor import ItemEditor

        editor = ItemEditor(self.ctx, self.knowledge.facets, item, self.knowledge)
        if item is None:
            editor.load_draft(draft)  # an existing item's editor finds its draft itself
        editor.show()
        return editor

    # --- unsaved work ------------------------------------------------------------------------

    def confirm_unsaved(self, then: Callable[[], object] | None = None) -> bool:
        """Ask about every editor holding unsaved work (Save / Discard / Cancel each). True: go
        on (closing by default). False: cancelled, or saving, and ``then`` is tried again once
        it is saved (without asking again about the editors whose save already said done)."""
        from workbench.gui.unsaved import confirm_leave_all, open_unsaved_work

        if not self._resuming:
            self._settled.clear()  # a new attempt: everyone is asked
        self._resuming = False
        again = then or self.close

        def resume() -> None:
            self._resuming = True
            try:
                again()
            finally:
                self._resuming = False

        # the window as the timer's context: nothing runs if it is gone meanwhile
        return confirm_leave_all(self, open_unsaved_work(self), lambda: QTimer.singleShot(0, self, resume),
                                 self._reveal, self._settled)

    def _reveal(self, editor: UnsavedWork) -> None:
        """Show the person the editor being asked about: its screen, or its window."""
        if not isinstance(editor, QWidget):
            return
        page: QWidget | None = editor
        while page is not None and self.stack.indexOf(page) < 0:
            page = page.parentWidget()
        if page is not None and editor.window() is self:
            self.nav.setCurrentRow(self.stack.indexOf(page))
        elif editor.window() is not self:
            editor.window().raise_()
            editor.window().activateWindow()

    def open_settings(self) -> None:
        from workbench.gui.views.settings_dialog import SettingsDialog

        SettingsDialog(self.ctx, self.home, self).exec()

    def export(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export the knowledge base to"))
        if not folder:
            return

        def work(ws):  # type: ignore[no-untyped-def]
            return ws.export_markdown(Path(folder))

        self.ctx.read(
            work,
            lambda written: self.status_line.outcome(
                self.tr("Exported %1 items to %2").replace("%1", str(len(written))).replace("%2", folder)
            ),
            parent=self,
        )

    def backup(self) -> None:
        def work(ws):  # type: ignore[no-untyped-def]
            return ws.backups.write()

        self.ctx.read(
            work, lambda path: self.status_line.outcome(self.tr("Backup written to %1").replace("%1", str(path))),
            parent=self,
        )

    def remove_demo_history(self) -> None:
        answer = QMessageBox.question(
            self, self.tr("Remove demo history"),
            self.tr("Remove the demo proposals (numbers starting with DEMO-), their reviews, retrospectives and "
                    "lessons? Your own work stays."))
        if answer != QMessageBox.StandardButton.Yes:
            return

        def work(ws, me):  # type: ignore[no-untyped-def]
            return ws.demo.remove(me)

        self.ctx.write(work, lambda removed: self.status_line.outcome(
            self.tr("Removed the demo history: %1 proposals.").replace("%1", str(removed.proposals))), parent=self)

    def about(self) -> None:
        from workbench import __version__

        QMessageBox.about(
            self,
            self.tr("About Presales Workbench"),
            self.tr("Presales Workbench %1\nData folder: %2").replace("%1", __version__).replace("%2", str(self.home)),
        )

    # --- window state --------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:  # first start: in the middle of the screen's free area
            frame = self.frameGeometry()
            frame.moveCenter(self.screen().availableGeometry().center())
            self.move(frame.topLeft())
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self.nav.setCurrentRow(int(str(settings.value("window/screen", 0))))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.screens_built:  # closed before its screens were built: nothing to save
            super().closeEvent(event)
            return
        if not self.confirm_unsaved():
            event.ignore()
            return
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/screen", self.nav.currentRow())
        self.knowledge.save_state()
        self.indexer.stop()
        self.ctx.runner.cancel_all()
        self.ctx.runner.wait(15_000)
        super().closeEvent(event)
