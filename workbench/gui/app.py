"""Start the desktop app: QApplication, translations, style, the main window, and the
workspace opened in the background so the window appears at once.

A launch imports only Qt and a few light modules before the window is on screen: the frame of
the main window is shown first, then its screens are built (which imports the core and the
views, about a second), then the workspace opens in the background. Nothing here may import the
core's services at module level (tests/gui/test_startup.py checks what a launch imports)."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.paths import Paths, default_home, resources_dir
from workbench.gui import palette
from workbench.gui.context import AppContext
from workbench.gui.qt import (
    QApplication,
    QLibraryInfo,
    QLocale,
    QMessageBox,
    QSettings,
    QStyleFactory,
    QTimer,
    QTranslator,
    connect_for_life,
)
from workbench.gui.tasks import TaskRunner
from workbench.gui.views.main_window import MainWindow

if TYPE_CHECKING:
    from collections.abc import Callable

    from workbench.gui.views.login_dialog import ServerSignInDialog

# The Settings screen's keys (settings_dialog.py, which imports the core: read here without it;
# tests/gui/test_startup.py checks they are the same)
LANGUAGE_KEY = "ui/language"
HOME_KEY = "data/home"
DATABASE_URL_KEY = "data/database_url"
EXPOSE_POLL_MS = 10
EXPOSE_POLLS = 100  # at most a second waiting for the window to be on screen

log = logging.getLogger(__name__)
ORGANIZATION = "PresalesWorkbench"
APPLICATION = "Presales Workbench"


def ui_language(setting: str | None, chosen: str | None = None) -> str:
    """'zh_CN' or 'en': ``chosen`` for this run (``workbench --lang``: en, zh, zh_CN; zh_TW gets
    Simplified Chinese, the UI's only Chinese so far), else the setting, else the system locale."""
    if chosen:
        return "en" if chosen == "en" else "zh_CN"
    if setting in ("en", "zh_CN"):
        return setting
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    installed: list[QTranslator] = []
    if language == "en":
        return installed
    ours = QTranslator(app)
    if ours.load(str(resources_dir() / "translations" / f"workbench_{language}.qm")):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning("no translation for %s", language)
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        installed.append(qt_own)
    return installed


def setup_logging(home: Path) -> Path:
    logs = Paths(home).logs
    logs.mkdir(parents=True, exist_ok=True)
    log_file = logs / "workbench.log"
    handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(threadName)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return log_file


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setStyle(QStyleFactory.create("Fusion"))
    style = resources_dir() / "styles" / "workbench.qss"
    if style.exists():
        app.setStyleSheet(palette.stylesheet(style.read_text(encoding="utf-8")))
    return app


def build_window(
    home: Path | None = None, database_url: str | None = None, load_demo: bool | None = None,
    language: str | None = None,
) -> tuple[MainWindow, AppContext]:
    """The window and its context; the workspace opens in the background (tests use this too).
    The database: ``database_url``, else the Settings screen's (QSettings), else the embedded
    SQLite file in the data folder. When it requires a login, the login window follows."""
    window, ctx, open_workspace = _window(home, database_url, load_demo, deferred=False, language=language)
    open_workspace()
    return window, ctx


def _window(
    home: Path | None, database_url: str | None, load_demo: bool | None, deferred: bool,
    language: str | None = None,
) -> tuple[MainWindow, AppContext, Callable[[], None]]:
    """The window (only its frame when ``deferred``), its context, and what opens the workspace.
    ``language``: this run's UI language, over the saved setting (which it does not change)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settings = QSettings()
    chosen_home = home or Path(str(settings.value(HOME_KEY, "") or default_home()))
    database_url = database_url or str(settings.value(DATABASE_URL_KEY, "") or "").strip() or None
    language = ui_language(str(settings.value(LANGUAGE_KEY, "system")), language)
    install_translators(app, language)
    log_file = setup_logging(chosen_home)
    ctx = AppContext(TaskRunner(app), "zh" if language.startswith("zh") else "en", str(log_file))
    window = MainWindow(ctx, chosen_home, deferred=deferred)
    # the runner belongs to the application: held by a plain lambda, a closed window (and its
    # context) would be kept and reported to for as long as the app runs
    connect_for_life(window, ctx.runner.failed, lambda exc: ctx.report(exc, window))

    def opened_failed(exc: BaseException, typed: bool) -> None:
        from workbench.core.workspace import SERVER_PASSWORD_CODES

        if getattr(exc, "code", None) in SERVER_PASSWORD_CODES:
            ask_password(exc, typed)
            return
        if signing_in:  # the server asked, then could not be reached (or refused otherwise)
            signing_in[0].failed(ctx.message_for(exc))
            return
        QMessageBox.critical(window, window.windowTitle(), ctx.message_for(exc))
        window.state_label.setText(ctx.message_for(exc))

    # the team server asks for the password of the address's login: a sign-in dialog, the password
    # kept in memory (the opener's) for this session only
    signing_in: list[ServerSignInDialog] = []

    def ask_password(exc: BaseException, typed: bool) -> None:
        from workbench.gui.views.login_dialog import ServerSignInDialog

        params = getattr(exc, "params", {})
        if not signing_in:
            dialog = ServerSignInDialog(str(params.get("name", "")), str(params.get("server", "")), window)
            dialog.submitted.connect(open_workspace)
            dialog.rejected.connect(window.close)  # Quit: nothing opened, the app ends
            ctx.ready.connect(dialog.accept)
            ctx.login_needed.connect(dialog.accept)
            signing_in.append(dialog)
            window.state_label.setText(dialog.windowTitle())
        dialog = signing_in[0]
        if typed:
            dialog.failed(ctx.message_for(exc))
        if not dialog.isVisible():
            dialog.open()

    def open_workspace(user: str | None = None, password: str | None = None) -> None:
        url = database_url
        if user is not None and url:
            from workbench.core.workspace import url_with_user

            url = url_with_user(url, user)

        def opener():  # type: ignore[no-untyped-def]
            from workbench.core.workspace import Workspace, WorkspaceSettings, describe_process

            if deferred:  # the launched app (run_app): a refused restore says "close the Workbench app"
                describe_process("app", "workbench")
            ws = Workspace.open(WorkspaceSettings(home=chosen_home, database_url=url, load_demo=load_demo,
                                                  encoder_process=True), password=password)
            ws.load_services()  # here, off the UI thread: no screen imports a service when first used
            return ws

        ctx.open(opener, lambda exc: opened_failed(exc, password is not None))

    return window, ctx, open_workspace


def show_then_build(app: QApplication, window: MainWindow, then: Callable[[], None]) -> None:
    """Show the window's frame; once it is on screen and painted, build its screens and call
    ``then`` (the screens' imports block the event loop for about a second: the window is
    there meanwhile, saying the knowledge base is opening)."""
    window.show()
    polls = [0]

    def build() -> None:
        handle = window.windowHandle()
        if (handle is None or not handle.isExposed()) and polls[0] < EXPOSE_POLLS:
            polls[0] += 1
            QTimer.singleShot(EXPOSE_POLL_MS, window, build)
            return
        window.repaint()  # the frame painted before the event loop is busy
        window.build_screens()
        then()

    QTimer.singleShot(0, window, build)


def run_app(home: Path | None = None, database_url: str | None = None, load_demo: bool | None = None,
            language: str | None = None) -> int:
    app = create_app()
    window, ctx, open_workspace = _window(home, database_url, load_demo, deferred=True, language=language)
    show_then_build(app, window, open_workspace)
    code = app.exec()
    ctx.runner.cancel_all()
    ctx.runner.wait(15_000)
    if ctx.ws is not None:
        ctx.ws.close()
    return int(code)
