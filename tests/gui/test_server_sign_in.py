"""Signing in to a team server that asks for a password: the address names the person's own
login and carries no password (nor do PGPASSWORD and ~/.pgpass), so the desktop app asks for it,
says so when it is wrong, and keeps it nowhere but in memory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from tests.backends import Backend, password_of
from workbench.gui.app import build_window, create_app
from workbench.gui.views.login_dialog import ServerSignInDialog
from workbench.gui.views.main_window import MainWindow

pytestmark = pytest.mark.parametrize("backend_name", ["postgresql"])


@pytest.fixture
def no_stored_password(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """libpq finds no password of its own: none in the environment, no ~/.pgpass."""
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))


@pytest.fixture
def alices_laptop(qtbot, backend: Backend, home: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                  no_stored_password: None) -> Iterator[tuple[str, Path]]:
    """alice's own address of the team database (no password in it) and her laptop's data folder."""
    url = backend.person_url(home, "alice").replace(f":{password_of('alice')}@", "@")
    assert "secret" not in url
    yield url, tmp_path / "alice-laptop"


def _open(qtbot, url: str, laptop: Path, language: str | None = None) -> tuple[MainWindow, object]:  # type: ignore[no-untyped-def]
    create_app()
    win, ctx = build_window(laptop, url, load_demo=False, language=language)
    qtbot.addWidget(win)
    win.show()
    return win, ctx


def _dialog(qtbot, win: MainWindow) -> ServerSignInDialog:  # type: ignore[no-untyped-def]
    def shown() -> bool:
        found = win.findChild(ServerSignInDialog)
        return found is not None and found.isVisible()

    qtbot.waitUntil(shown, timeout=15_000)
    dialog = win.findChild(ServerSignInDialog)
    assert dialog is not None
    return dialog


def _type(qtbot, dialog: ServerSignInDialog, password: str) -> None:  # type: ignore[no-untyped-def]
    dialog.password.setText(password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)  # Enter submits


def _closed(ctx: object) -> None:
    ctx.runner.wait()  # type: ignore[attr-defined]
    if ctx.ws is not None:  # type: ignore[attr-defined]
        ctx.ws.close()  # type: ignore[attr-defined]


def test_the_app_asks_for_the_servers_password_says_when_it_is_wrong_and_keeps_it_nowhere(
        qtbot, alices_laptop: tuple[str, Path], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, laptop = alices_laptop
    win, ctx = _open(qtbot, url, laptop)
    try:
        dialog = _dialog(qtbot, win)
        assert dialog.windowTitle() == "Sign in to the team server"
        assert dialog.name.text() == "alice"  # from the address
        assert ctx.ws is None and ctx.user is None  # type: ignore[attr-defined]
        _type(qtbot, dialog, "not alices password")
        qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=15_000)
        assert "did not accept the password of alice" in dialog.error.text()
        assert dialog.password.text() == "" and dialog.isVisible() and dialog.submit_button.isEnabled()
        secret = password_of("alice")
        _type(qtbot, dialog, secret)
        qtbot.waitUntil(lambda: ctx.user is not None, timeout=20_000)  # type: ignore[attr-defined]
        assert ctx.user.name == "alice" and not dialog.isVisible()  # type: ignore[attr-defined]
        assert ctx.ws.auth.person() == "alice"  # type: ignore[attr-defined]  # her own login, the server's rules
        assert "secret" not in ctx.ws.db.url and "alice@" in ctx.database_label  # type: ignore[attr-defined]
    finally:
        _closed(ctx)
    # remembered nowhere on this computer: not in the settings, the log, the data folder
    QSettings().sync()
    written = [p for folder in (tmp_path / "qsettings", laptop) for p in folder.rglob("*") if p.is_file()]
    assert any(p.name == "workbench.log" for p in written)
    for path in written:
        assert secret.encode() not in path.read_bytes(), path


def test_in_chinese_and_quit_closes_the_app_with_nothing_opened(
        qtbot, alices_laptop: tuple[str, Path]) -> None:  # type: ignore[no-untyped-def]
    url, laptop = alices_laptop
    win, ctx = _open(qtbot, url, laptop, language="zh_CN")
    try:
        dialog = _dialog(qtbot, win)
        assert dialog.windowTitle() == "登录团队服务器"
        _type(qtbot, dialog, "wrong guess here")
        qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=15_000)
        assert "不接受 alice 的密码" in dialog.error.text()
        dialog.name.clear()  # no name: said before anything is sent
        _type(qtbot, dialog, "whatever it is")
        assert dialog.error.text() == "请输入用户名。"
        qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not win.isVisible(), timeout=5_000)
        assert ctx.ws is None and ctx.user is None  # type: ignore[attr-defined]
    finally:
        _closed(ctx)
        app = QApplication.instance()
        for translator in app.findChildren(QTranslator):  # the next tests read English again
            app.removeTranslator(translator)
            translator.deleteLater()
