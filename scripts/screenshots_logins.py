"""Screenshots of the login window, the first-administrator form and the Users dialog.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/screenshots_logins.py

Each language runs in its own process (a translator is installed once per process). The
database is a laptop's SQLite file whose admin has a password (so login is required)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's workbench, also without an installed one
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "demo-password-1"


def prepare(home: Path, zh: bool) -> None:
    from workbench.core.workspace import Workspace, WorkspaceSettings

    ws = Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False))
    admin = ws.actor()
    ws.auth.change_password(admin, None, PASSWORD)
    people = [("li.na", "author", None, "李娜" if zh else "Li Na"),
              ("zhao.lei", "reviewer", 1, "赵磊" if zh else "Zhao Lei"),
              ("wang.min", "reviewer", 2, "王敏" if zh else "Wang Min"),
              ("chen.jie", "reviewer", 3, "陈杰" if zh else "Chen Jie"),
              ("sun.li", "viewer", None, "孙丽" if zh else "Sun Li")]
    for name, role, tier, display in people:
        ws.users.add(ws.actor(), name, role, tier, display, password=PASSWORD)
    ws.users.set_active(ws.actor(), "sun.li", False)
    ws.logout()
    ws.close()


def shoot(language: str) -> None:
    from PySide6.QtCore import QSettings, QTimer

    home = Path(tempfile.mkdtemp(prefix="wb-login-shots-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "qsettings"))
    prepare(home, language.startswith("zh"))
    from workbench.core.users import local_login_name
    from workbench.gui.app import build_window, create_app

    app = create_app()
    QSettings().setValue("ui/language", language)
    window, ctx = build_window(home, load_demo=False)
    window.show()
    OUT.mkdir(parents=True, exist_ok=True)

    def wait(condition, then, tries: int = 200) -> None:  # type: ignore[no-untyped-def]
        if condition():
            then()
        elif tries:
            QTimer.singleShot(100, lambda: wait(condition, then, tries - 1))
        else:
            print("timed out", file=sys.stderr)
            app.exit(1)

    def login_shown() -> None:
        dialog = window.login_dialog
        dialog.name.setText(local_login_name())
        dialog.password.setText("wrong password")
        dialog.submit()
        wait(lambda: dialog.error.isVisible(),
             lambda: QTimer.singleShot(300, lambda: (dialog.grab().save(str(OUT / f"login-{language}.png")),
                                                     sign_in(dialog))))

    def sign_in(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.password.setText(PASSWORD)
        dialog.submit()
        wait(lambda: ctx.user is not None, users)

    def users() -> None:
        dialog = window.open_users()
        dialog.resize(820, 420)
        wait(lambda: dialog.model.rowCount() == 6, lambda: (
            dialog.table.selectRow(2),
            QTimer.singleShot(400, lambda: (dialog.grab().save(str(OUT / f"users-{language}.png")), app.quit()))))

    wait(lambda: window.login_dialog is not None and window.login_dialog.isVisible(), login_shown)
    app.exec()
    ctx.runner.wait(15_000)
    if ctx.ws is not None:
        ctx.ws.close()
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        shoot(sys.argv[1])
    else:
        for lang in ("en", "zh_CN"):
            subprocess.run([sys.executable, __file__, lang], check=True)
