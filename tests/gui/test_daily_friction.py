"""Everyday friction found by using the real window: shortcuts, labels, state after a user switch."""

from __future__ import annotations

from PySide6.QtCore import Qt

from workbench.gui.views.main_window import MainWindow


def test_ctrl_i_opens_the_import_window_on_the_knowledge_screen(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.nav.setCurrentRow(window.stack.indexOf(window.knowledge))
    window.activateWindow()
    window.knowledge.table.setFocus()
    assert window.knowledge.import_dialog is None or not window.knowledge.import_dialog.isVisible()
    qtbot.keyClick(window.knowledge.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.knowledge.import_dialog is not None and window.knowledge.import_dialog.isVisible())
    window.knowledge.import_dialog.close()
