"""Start the desktop app: QApplication, translations, style, the main window, and the
workspace opened in the background so the window appears at once."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from workbench.core.paths import Paths, default_home, resources_dir
from workbench.core.workspace import Workspace, WorkspaceSettings
from workbench.gui import palette
from workbench.gui.context import AppContext
from workbench.gui.qt import (
    QApplication,
    QLibraryInfo,
    QLocale,
    QMessageBox,
    QSettings,
    QStyleFactory,
    QTranslator,
)
from workbench.gui.tasks import TaskRunner
from workbench.gui.views.main_window import MainWindow
from workbench.gui.views.settings_dialog import DATABASE_URL_KEY, HOME_KEY, LANGUAGE_KEY

log = logging.getLogger(__name__)
ORGANIZATION = "PresalesWorkbench"
APPLICATION = "Presales Workbench"


def ui_language(setting: str | None) -> str:
    """'zh_CN' or 'en': the setting, or the system locale when set to follow it."""
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
    home: Path | None = None, database_url: str | None = None, load_demo: bool | None = None
) -> tuple[MainWindow, AppContext]:
    """The window and its context; the workspace opens in the background (tests use this too).
    The database: ``database_url``, else the Settings screen's (QSettings), else the embedded
    SQLite file in the data folder. When it requires a login, the login window follows."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settings = QSettings()
    chosen_home = home or Path(str(settings.value(HOME_KEY, "") or default_home()))
    database_url = database_url or str(settings.value(DATABASE_URL_KEY, "") or "").strip() or None
    language = ui_language(str(settings.value(LANGUAGE_KEY, "system")))
    install_translators(app, language)
    log_file = setup_logging(chosen_home)
    ctx = AppContext(TaskRunner(app), "zh" if language.startswith("zh") else "en", str(log_file))
    window = MainWindow(ctx, chosen_home)
    ctx.runner.failed.connect(lambda exc: ctx.report(exc, window))

    def opened_failed(exc: BaseException) -> None:
        QMessageBox.critical(window, window.windowTitle(), ctx.message_for(exc))
        window.state_label.setText(ctx.message_for(exc))

    ctx.open(
        lambda: Workspace.open(WorkspaceSettings(home=chosen_home, database_url=database_url, load_demo=load_demo)),
        opened_failed,
    )
    return window, ctx


def run_app(home: Path | None = None, database_url: str | None = None, load_demo: bool | None = None) -> int:
    app = create_app()
    window, ctx = build_window(home, database_url, load_demo)
    window.show()
    code = app.exec()
    ctx.runner.wait(15_000)
    if ctx.ws is not None:
        ctx.ws.close()
    return int(code)
