from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from tests import factories as f
from workbench.core.workspace import Workspace, WorkspaceSettings
from workbench.gui.app import build_window, create_app
from workbench.gui.views.main_window import MainWindow


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path: Path) -> None:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))


@pytest.fixture(autouse=True)
def unsaved_questions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """No test waits on a real Save / Discard / Cancel box (nobody would click it): unless a test
    answers otherwise, work left unsaved when a test's window closes is discarded. The list holds
    what was asked about."""
    asked: list[str] = []

    def discard(_parent: object, description: str) -> str:
        asked.append(description)
        return "discard"

    monkeypatch.setattr("workbench.gui.unsaved.ask_save_discard_cancel", discard)
    return asked


@pytest.fixture(autouse=True)
def no_error_box(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """An error box nobody asked for fails the test that showed it, instead of blocking the run:
    a modal box under pytest waits for a click that never comes, and the suite hung until its
    time ran out. A test that expects a box patches QMessageBox.warning itself (its patch wins)."""
    shown: list[str] = []

    def record(_parent: object, _title: str, text: str, *_a: object, **_k: object) -> QMessageBox.StandardButton:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", record)
    monkeypatch.setattr(QMessageBox, "critical", record)
    yield shown
    if shown:
        pytest.fail(f"an error box was shown: {shown}")


@pytest.fixture
def filled_home(home: Path, tmp_path: Path) -> Path:
    ws = Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False))
    ws.importer.run(ws.actor(), [f.markdown_folder(tmp_path / "kb"), f.write(tmp_path / "faq.csv", f.FAQ_CSV_ZH)])
    ws.close()
    return home


@pytest.fixture
def window(qtbot, filled_home: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    create_app()
    win, ctx = build_window(filled_home, load_demo=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.knowledge.model.rowCount() == 5, timeout=10_000)
    yield win
    ctx.runner.wait()
    if ctx.ws is not None:
        ctx.ws.close()


@pytest.fixture
def demo_window(qtbot, demo_home: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    create_app()
    win, ctx = build_window(demo_home)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.indexer.is_ready, timeout=20_000)
    yield win
    win.indexer.stop()
    ctx.runner.wait()
    if ctx.ws is not None:
        ctx.ws.close()


@pytest.fixture
def meaning_built(qtbot, demo_window: MainWindow) -> MainWindow:  # type: ignore[no-untyped-def]
    """The demo window once the first build of the vectors has run (on the CPU pool after the
    index is ready, never on the UI thread): until then matching is by the words alone, and a
    test of what the meaning adds would race that build."""
    ws = demo_window.ctx.ws
    assert ws is not None
    qtbot.waitUntil(lambda: ws.meaning.vectors.encoded >= 100 and not demo_window.indexer._meaning_running,
                    timeout=120_000)
    return demo_window


@pytest.fixture
def pinyin_read(qtbot, demo_window: MainWindow) -> MainWindow:  # type: ignore[no-untyped-def]
    """The demo window once the library's words are read for pinyin. Until then (the background
    sync reads them after the vectors: seconds on a busy machine) typed pinyin is searched as
    typed, and a test of its reading would race that sync."""
    ws = demo_window.ctx.ws
    assert ws is not None
    qtbot.waitUntil(lambda: ws.meaning.pinyin.ready, timeout=120_000)
    return demo_window
