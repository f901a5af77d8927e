"""Screenshots of the team server's sign-in dialog over the app's window, in English and Chinese:
as first shown, and after a wrong password (the core's message). No server is needed: the dialog
is the one the app shows when the server asks for the password of the address's login.

    WORKBENCH_SHOTS=/tmp/shots WORKBENCH_SHOTS_SIZE=1280x720 xvfb-run -a python scripts/shot_server_sign_in.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.core.errors import say
from workbench.gui.app import create_app, install_translators
from workbench.gui.context import AppContext
from workbench.gui.qt import QColor, QPainter, QPixmap
from workbench.gui.tasks import TaskRunner
from workbench.gui.views.login_dialog import ServerSignInDialog
from workbench.gui.views.main_window import MainWindow

OUT = Path(os.environ.get("WORKBENCH_SHOTS", "docs/screenshots"))
WIDTH, HEIGHT = (int(n) for n in os.environ.get("WORKBENCH_SHOTS_SIZE", "1280x720").split("x"))
SERVER = "db.office.lan:5432/workbench"


def shoot(language: str) -> None:
    app = create_app()
    translators = install_translators(app, language)
    lang = "zh_CN" if language.startswith("zh") else "en"
    ctx = AppContext(TaskRunner(app), "zh" if lang == "zh_CN" else "en")
    window = MainWindow(ctx, Path(tempfile.mkdtemp()), deferred=True)
    window.resize(WIDTH, HEIGHT)
    window.show()
    dialog = ServerSignInDialog("bob", SERVER, window)
    window.state_label.setText(dialog.windowTitle())
    dialog.show()
    for state in ("asked", "wrong"):
        if state == "wrong":
            dialog.failed(say("team_password_wrong", lang, server=SERVER, name="bob"))
        for _ in range(20):
            app.processEvents()
        canvas = QPixmap(window.grab())
        painter = QPainter(canvas)
        shot = dialog.grab()
        x, y = (canvas.width() - shot.width()) // 2, (canvas.height() - shot.height()) // 3
        painter.fillRect(x + 4, y + 4, shot.width(), shot.height(), QColor(0, 0, 0, 40))  # a shadow
        painter.drawPixmap(x, y, shot)
        painter.setPen(QColor("#8a94a6"))  # the frame a window manager would draw
        painter.drawRect(x - 1, y - 1, shot.width() + 1, shot.height() + 1)
        painter.end()
        OUT.mkdir(parents=True, exist_ok=True)
        canvas.save(str(OUT / f"server-sign-in-{state}-{language}-{WIDTH}x{HEIGHT}.png"))
    dialog.close()
    window.close()
    for translator in translators:
        app.removeTranslator(translator)


if __name__ == "__main__":
    for language in ("en", "zh_CN"):
        shoot(language)
