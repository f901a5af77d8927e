"""The Users dialog on a team database: the administrator, on their own login, adds a person and
resets a password; both are the server's (the person signs in with them), the app keeps no hash."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.backends import ADMIN, Backend
from workbench.gui.app import build_window, create_app
from workbench.gui.views.main_window import MainWindow
from workbench.gui.views.users_dialog import AddUserDialog, ResetPasswordDialog, UsersDialog

psycopg = pytest.importorskip("psycopg")
pytestmark = pytest.mark.parametrize("backend_name", ["postgresql"])

PW = "Tom's first Server-pw"
NEW_PW = "Tom's second Server-pw"


@pytest.fixture
def admins_window(qtbot, backend: Backend, home: Path, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """The administrator's app on their own login (the password in the address, as a test may)."""
    create_app()
    win, ctx = build_window(tmp_path / "admins-laptop", backend.person_url(home, ADMIN), load_demo=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.ctx.user is not None, timeout=20_000)
    yield win
    ctx.runner.wait()
    if ctx.ws is not None:
        ctx.ws.close()


def _connect(backend: Backend, home: Path, name: str, password: str) -> Any:
    assert backend.server is not None
    database = backend.url_for(home).rsplit("/", 1)[1]  # type: ignore[union-attr]
    return psycopg.connect(host="127.0.0.1", port=backend.server.port, dbname=database, user=name,
                           password=password)


def test_the_users_dialog_sets_the_servers_passwords_and_keeps_no_hash(
        qtbot, admins_window: MainWindow, backend: Backend, home: Path) -> None:  # type: ignore[no-untyped-def]
    win = admins_window
    assert win.ctx.ws is not None and win.ctx.ws.auth.person() == ADMIN
    dialog = win.open_users()
    assert isinstance(dialog, UsersDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 6, timeout=10_000)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.findChild(AddUserDialog)
    assert add is not None
    add.name.setText("tr_gui_tom")
    add.roles.setCurrentIndex(add.roles.findData("author"))
    add.pair.first.setText("password")
    add.pair.second.setText("password")
    add.submit()  # long enough, but among the most common: the core's rule, in the dialog
    qtbot.waitUntil(lambda: add.error.isVisible() and "common" in add.error.text(), timeout=10_000)
    add.pair.first.setText(PW)
    add.pair.second.setText(PW)
    add.submit()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 7, timeout=10_000)
    tom = next(u for u in dialog.model.users if u.name == "tr_gui_tom")
    assert tom.has_password
    with _connect(backend, home, "tr_gui_tom", PW) as conn:  # his own login, with the password given
        assert conn.execute("SELECT pg_has_role('workbench_author', 'MEMBER')").fetchone() == (True,)

    dialog.table.selectRow(next(i for i, u in enumerate(dialog.model.users) if u.name == "tr_gui_tom"))
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    reset = dialog.findChild(ResetPasswordDialog)
    assert reset is not None and reset.isVisible()
    reset.pair.first.setText(NEW_PW)
    reset.pair.second.setText(NEW_PW)
    reset.submit()
    qtbot.waitUntil(lambda: not reset.isVisible(), timeout=10_000)
    with pytest.raises(psycopg.OperationalError):
        _connect(backend, home, "tr_gui_tom", PW)
    with _connect(backend, home, "tr_gui_tom", NEW_PW) as conn:
        assert conn.execute("SELECT session_user").fetchone() == ("tr_gui_tom",)
    with _connect(backend, home, "postgres", "") as su:
        assert su.execute("SELECT count(*) FROM users WHERE password_hash IS NOT NULL").fetchone() == (0,)
    dialog.close()
