"""The File menu's backup, export and "remove demo history" reach the core through the
workspace (``ws.backups``, ``ws.export_markdown``, ``ws.demo``): what they did before, still done."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.db.backup import is_workbench_backup
from workbench.core.demo_history import add_history
from workbench.gui.qt import QFileDialog, QMessageBox
from workbench.gui.views.main_window import MainWindow


def test_backup_and_export_from_the_file_menu(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # the search index's first build reports in the same status line: let it finish first, or
    # its "Search ready" can replace the backup's line before the test reads it
    qtbot.waitUntil(lambda: window.state_label.text().startswith("Search ready"), timeout=30_000)
    window.backup()
    qtbot.waitUntil(lambda: window.state_label.text().startswith("Backup written to "), timeout=10_000)
    written = Path(window.state_label.text().removeprefix("Backup written to "))
    assert is_workbench_backup(written) and written.parent == window.ctx.ws.paths.backups  # type: ignore[union-attr]

    out = tmp_path / "exported"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(out))
    window.export()
    qtbot.waitUntil(lambda: window.state_label.text().startswith("Exported 5 items"), timeout=10_000)
    assert len(list(out.rglob("*.md"))) == 5


def test_remove_demo_history_from_the_file_menu(qtbot, demo_window: MainWindow,  # type: ignore[no-untyped-def]
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    ws = demo_window.ctx.ws
    assert ws is not None
    add_history(ws.db, force=True)
    assert any(p.number.startswith("DEMO-") for p in ws.proposals.all())
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    demo_window.remove_demo_history()
    qtbot.waitUntil(lambda: demo_window.state_label.text().startswith("Removed the demo history"), timeout=20_000)
    assert not any(p.number.startswith("DEMO-") for p in ws.proposals.all())
