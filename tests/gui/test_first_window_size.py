"""The main window on first start fits the screen it opens on (a 1280x720 laptop included); a
window the person sized and placed comes back as they left it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QSize

from workbench.gui.app import _window, create_app
from workbench.gui.views.main_window import first_size


def test_first_size_is_most_of_the_free_screen_but_never_more_than_1440x900() -> None:
    assert first_size(QSize(1280, 680)) == QSize(1152, 612)  # a laptop, its taskbar left out
    assert first_size(QSize(2560, 1400)) == QSize(1440, 900)
    assert first_size(QSize(1600, 1000)) == QSize(1440, 900)


def test_the_first_window_fits_the_screen_and_a_saved_one_comes_back(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    create_app()
    window, _ctx, _open = _window(tmp_path / "home", None, False, deferred=True)
    qtbot.addWidget(window)
    free = window.screen().availableGeometry()
    assert window.size() == first_size(free.size())
    assert window.width() <= free.width() and window.height() <= free.height()
    assert free.contains(window.frameGeometry().center())

    window.resize(500, 400)
    QSettings().setValue("window/geometry", window.saveGeometry())
    again, _ctx2, _open2 = _window(tmp_path / "home", None, False, deferred=True)
    qtbot.addWidget(again)
    assert again.size() == QSize(500, 400)
