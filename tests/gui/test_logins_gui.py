"""The login window, the first-administrator form, the Users dialog and the database field of
Settings, driven as a person would (qtbot, offscreen)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from tests.backends import ADMIN, Backend, password_of
from workbench.core.workspace import Workspace, WorkspaceSettings
from workbench.gui.app import build_window, create_app
from workbench.gui.views.login_dialog import LoginDialog
from workbench.gui.views.main_window import MainWindow
from workbench.gui.views.settings_dialog import DATABASE_URL_KEY, SettingsDialog
from workbench.gui.views.users_dialog import AddUserDialog, UsersDialog

PW = "correct horse battery"


def _login_required_home(backend: Backend, home: Path, signed_in: bool) -> str | None:
    """``home``'s database requires a login (a team database; on SQLite the admin sets a password),
    with the admin signed in on this laptop or nobody."""
    ws = Workspace.open(backend.settings(home, load_demo=False))
    try:
        if not ws.login_required():
            ws.auth.change_password(ws.actor(), None, password_of(ADMIN))
        if not signed_in:
            ws.logout()
        return ws.settings.database_url
    finally:
        ws.close()


@pytest.fixture
def open_window(qtbot):  # type: ignore[no-untyped-def]
    made: list[tuple[MainWindow, object]] = []

    def opener(home: Path, url: str | None) -> MainWindow:
        create_app()
        win, ctx = build_window(home, url, load_demo=False)
        qtbot.addWidget(win)
        win.show()
        made.append((win, ctx))
        return win

    yield opener
    for _win, ctx in made:
        ctx.runner.wait()  # type: ignore[attr-defined]
        if ctx.ws is not None:  # type: ignore[attr-defined]
            ctx.ws.close()  # type: ignore[attr-defined]


def _login_dialog(qtbot, win: MainWindow) -> LoginDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: win.login_dialog is not None and win.login_dialog.isVisible(), timeout=15_000)
    assert isinstance(win.login_dialog, LoginDialog)
    return win.login_dialog


def _sign_in(qtbot, dialog: LoginDialog, name: str, password: str) -> None:  # type: ignore[no-untyped-def]
    dialog.name.setText(name)
    dialog.password.setText(password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)  # Enter submits


@pytest.mark.parametrize("backend_name", ["sqlite", "postgresql"])
def test_login_dialog_wrong_password_then_success(qtbot, open_window, backend: Backend, home: Path) -> None:  # type: ignore[no-untyped-def]
    url = _login_required_home(backend, home, signed_in=False)
    win = open_window(home, url)
    dialog = _login_dialog(qtbot, win)
    assert win.ctx.user is None
    assert dialog.windowTitle() == "Sign in"
    where = dialog.findChild(type(dialog.error), "DatabaseLabel")
    assert where is not None and win.ctx.database_label in where.text()
    if url:
        assert "secret" not in where.text() and url.rsplit("/", 1)[1] in where.text()
    _sign_in(qtbot, dialog, ADMIN, "not my password")
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=15_000)
    assert dialog.error.text() == "Wrong user name or password."
    assert dialog.password.text() == "" and win.ctx.user is None
    _sign_in(qtbot, dialog, ADMIN, password_of(ADMIN))
    qtbot.waitUntil(lambda: win.ctx.user is not None, timeout=15_000)
    assert win.ctx.user.name == ADMIN and not dialog.isVisible()
    assert win.sign_out_action.isEnabled() and win.users_action.isEnabled()
    assert ADMIN in win.user_label.text()
    # signing out brings the login window back
    win.sign_out()
    qtbot.waitUntil(lambda: win.ctx.user is None and win.login_dialog is not dialog
                    and win.login_dialog is not None and win.login_dialog.isVisible(), timeout=15_000)


@pytest.mark.parametrize("backend_name", ["postgresql"])
def test_first_administrator_form_on_an_empty_team_database(qtbot, open_window, backend: Backend,  # type: ignore[no-untyped-def]
                                                            tmp_path: Path) -> None:
    home = tmp_path / "laptop"
    url = backend.url_for(home)  # empty: no admin bootstrapped
    win = open_window(home, url)
    dialog = _login_dialog(qtbot, win)
    assert dialog.first_admin and dialog.windowTitle() == "Create the first administrator"
    assert dialog.pair is not None
    dialog.name.setText("boss")
    dialog.pair.first.setText(PW)
    dialog.pair.second.setText("something else")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "The two passwords are not the same."
    dialog.pair.second.setText(PW)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.ctx.user is not None, timeout=15_000)
    assert win.ctx.user.name == "boss" and win.ctx.user.role.value == "admin"
    ws = Workspace.open(WorkspaceSettings(home=tmp_path / "other", database_url=url, automatic_backups=False))
    try:
        assert ws.knowledge.items() == []  # no demo in a team database
        ws.login("boss", PW)
    finally:
        ws.close()


def test_users_dialog_admin_adds_a_user_and_a_non_admin_cannot_open_it(qtbot, open_window,  # type: ignore[no-untyped-def]
                                                                       backend: Backend, home: Path) -> None:
    url = _login_required_home(backend, home, signed_in=True)
    win = open_window(home, url)
    qtbot.waitUntil(lambda: win.ctx.user is not None, timeout=15_000)
    assert win.users_action.isEnabled()
    dialog = win.open_users()
    assert isinstance(dialog, UsersDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 6, timeout=10_000)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.findChild(AddUserDialog)
    assert add is not None and add.isVisible()
    add.name.setText("tom")
    add.roles.setCurrentIndex(add.roles.findData("reviewer"))
    assert add.tiers.isEnabled()
    add.tiers.setCurrentIndex(add.tiers.findData(2))
    add.pair.first.setText("short")
    add.pair.second.setText("short")
    add.submit()
    assert "at least 8" in add.error.text()
    add.pair.first.setText(PW)
    add.pair.second.setText(PW)
    add.submit()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 7, timeout=10_000)
    tom = next(u for u in dialog.model.users if u.name == "tom")
    assert (tom.role.value, tom.tier, tom.has_password) == ("reviewer", 2, True)
    dialog.close()

    # tom signs in on this laptop: no Users for him
    win.sign_out()
    login = _login_dialog(qtbot, win)
    _sign_in(qtbot, login, "tom", PW)
    qtbot.waitUntil(lambda: win.ctx.user is not None and win.ctx.user.name == "tom", timeout=15_000)
    assert not win.users_action.isEnabled()
    assert win.open_users() is None

    # an admin elsewhere deactivates tom: at the next session check the login window is back
    other = Workspace.open(WorkspaceSettings(home=home.parent / "admins-laptop", database_url=win.ctx.ws.db.url,
                                             load_demo=False, automatic_backups=False))
    try:
        other.login(ADMIN, password_of(ADMIN))
        other.users.set_active(other.actor(), "tom", False)
    finally:
        other.close()
    assert win.ctx.session_check.isActive()
    win.ctx.session_check.timeout.emit()
    qtbot.waitUntil(lambda: win.ctx.user is None and win.login_dialog is not login
                    and win.login_dialog is not None and win.login_dialog.isVisible(), timeout=15_000)


def test_settings_database_field(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(window.ctx, window.home, window)
    qtbot.addWidget(dialog)
    assert dialog.user_row_shown  # a laptop's database without passwords: the profile switch stays
    assert dialog.database.text() == ""
    # a reachable database
    dialog.database.setText(f"sqlite:///{window.home / 'workbench.sqlite'}")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.test_result.text().startswith("Connected: SQLite"), timeout=10_000)
    # a server that is not there, said plainly
    dialog.database.setText("postgresql+psycopg://nobody@127.0.0.1:1/workbench")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.test_result.text().startswith("Not connected: Cannot open the database"),
                    timeout=20_000)
    # a password in the address is never stored
    dialog.database.setText("postgresql+psycopg://alice:hunter2@db.example.com/workbench")
    dialog.apply()
    assert "Leave the password out" in dialog.test_result.text()
    assert QSettings().value(DATABASE_URL_KEY, "") in ("", None)
    dialog.database.setText("postgresql+psycopg://alice@db.example.com/workbench")
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=20_000)

    from workbench.gui.qt import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *args, **_kw: shown.append(args[2])))
    dialog.apply()
    assert QSettings().value(DATABASE_URL_KEY) == "postgresql+psycopg://alice@db.example.com/workbench"
    assert shown and "database" in shown[0]


def test_settings_hide_the_profile_switch_where_login_is_required(qtbot, open_window, backend: Backend,  # type: ignore[no-untyped-def]
                                                                   home: Path) -> None:
    url = _login_required_home(backend, home, signed_in=True)
    win = open_window(home, url)
    qtbot.waitUntil(lambda: win.ctx.user is not None, timeout=15_000)
    dialog = SettingsDialog(win.ctx, win.home, win)
    qtbot.addWidget(dialog)
    assert not dialog.user_row_shown and not dialog.user.isVisible()


@pytest.fixture(autouse=True)
def _no_modal_boxes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from workbench.gui.qt import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    yield
