"""The zh_CN translation is complete and is used."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTranslator

from workbench.core.paths import resources_dir
from workbench.gui.app import build_window, create_app

TS = resources_dir() / "translations" / "workbench_zh_CN.ts"
QM = resources_dir() / "translations" / "workbench_zh_CN.qm"


def _sources(ts: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts).getroot()
    return {
        (ctx.findtext("name") or "", msg.findtext("source") or "")
        for ctx in root.iter("context")
        for msg in ctx.iter("message")
    }


def test_every_string_is_translated() -> None:
    root = ET.parse(TS).getroot()
    unfinished = [
        m.findtext("source") for m in root.iter("message")
        if (m.find("translation") is None or m.find("translation").get("type") == "unfinished"
            or not (m.findtext("translation") or "").strip())
    ]
    assert unfinished == []
    assert QM.exists() and QM.stat().st_mtime >= TS.stat().st_mtime - 1


def test_ts_file_covers_every_string_in_the_gui(tmp_path: Path) -> None:
    # the tool installed beside this interpreter first: the test must not depend on PATH
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-lupdate")
    if lupdate is None:
        if os.environ.get("CI"):
            pytest.fail("pyside6-lupdate is missing: the translation coverage check cannot run in CI")
        pytest.skip("pyside6-lupdate is not on PATH")
    sources = sorted(str(p) for p in (resources_dir().parent / "workbench" / "gui").rglob("*.py"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run([lupdate, "-locations", "none", *sources, "-ts", str(fresh)], check=True, capture_output=True)
    missing = _sources(fresh) - _sources(TS)
    assert not missing, f"run scripts/update-translations: {sorted(missing)[:10]}"


def test_ui_speaks_chinese(qtbot, home: Path) -> None:  # type: ignore[no-untyped-def]
    app = create_app()
    QSettings().setValue("ui/language", "zh_CN")
    window, ctx = build_window(home, load_demo=False)
    qtbot.addWidget(window)
    try:
        assert window.nav.item(1).text() == "知识库"
        assert ctx.lang == "zh"
    finally:
        for translator in app.findChildren(QTranslator):
            app.removeTranslator(translator)
        ctx.runner.wait()
        qtbot.waitUntil(lambda: ctx.ws is not None, timeout=10_000)
        ctx.ws.close()  # type: ignore[union-attr]


def test_lang_option_chooses_the_ui_language_for_this_run_only(qtbot, home: Path) -> None:  # type: ignore[no-untyped-def]
    """``workbench --lang zh`` opens the app in Chinese over an English setting, and leaves the
    setting as it was."""
    app = create_app()
    QSettings().setValue("ui/language", "en")
    window, ctx = build_window(home, load_demo=False, language="zh")
    qtbot.addWidget(window)
    try:
        assert window.nav.item(1).text() == "知识库"
        assert ctx.lang == "zh"
        assert QSettings().value("ui/language") == "en"
    finally:
        for translator in app.findChildren(QTranslator):
            app.removeTranslator(translator)
        ctx.runner.wait()
        qtbot.waitUntil(lambda: ctx.ws is not None, timeout=10_000)
        ctx.ws.close()  # type: ignore[union-attr]


def test_the_cli_passes_lang_to_the_desktop_app(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    from workbench.cli.main import main
    from workbench.gui import app as gui_app

    seen: dict[str, object] = {}
    monkeypatch.setattr(gui_app, "run_app", lambda **kw: seen.update(kw) or 0)
    assert main(["--home", str(home), "--lang", "zh"]) == 0
    assert seen["language"] == "zh" and seen["home"] == home
