from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests import factories as f
from workbench.core.workspace import Workspace, WorkspaceSettings
from workbench.gui.app import build_window, create_app
from workbench.gui.views.main_window import MainWindow


def _select(win: MainWindow, slug: str) -> None:
    assert win.knowledge.select(slug)
    assert win.knowledge.current is not None and win.knowledge.current.slug == slug


def test_filter_by_kind_and_text(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = window.knowledge
    assert view.proxy.rowCount() == 5
    view.kind_filter.setCurrentIndex(view.kind_filter.findData("objection"))
    assert view.proxy.rowCount() == 1
    view.kind_filter.setCurrentIndex(0)
    qtbot.keyClicks(view.filter_text, "sm4")
    assert view.proxy.rowCount() == 1
    assert "1 of 5" in view.count.text()
    view.filter_text.clear()
    view.industry_filter.setCurrentIndex(view.industry_filter.findData("education"))
    assert view.proxy.rowCount() == 1


def test_edit_and_save_an_item(qtbot, window: MainWindow, filled_home: Path) -> None:  # type: ignore[no-untyped-def]
    view = window.knowledge
    _select(window, "faq-on-premise")
    assert "Helm" in view.preview.toPlainText()
    view.edit_current()
    editor = view.editor
    assert editor is not None and editor.title.text() == "Can the platform be deployed on-premise?"
    editor.body.setPlainText("Yes. **Air-gapped** installs are supported on Kubernetes and OpenShift.")
    editor.tags.setText("on-premise, OpenShift")
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.buttons.button(editor.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: view.current is not None and "OpenShift" in view.current.body, timeout=10_000)
    assert view.current is not None and view.current.version == 2
    assert "Air-gapped" in view.preview.toPlainText()
    # the history tab shows both versions
    view.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: view.history.count() == 2, timeout=10_000)
    # and the database has it
    ws = Workspace.open(WorkspaceSettings(home=filled_home, load_demo=False, automatic_backups=False))
    try:
        assert ws.knowledge.get("faq-on-premise").tags == ("on-premise", "OpenShift")
    finally:
        ws.close()


def test_new_item_then_verify_and_archive(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    view = window.knowledge
    view.new_item()
    editor = view.editor
    assert editor is not None
    editor.kind.setCurrentIndex(editor.kind.findData("lesson"))
    editor.title.setText("Lost: delivery doubts")
    editor.body.setPlainText("Bring the delivery plan to the first meeting.")
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save()
    qtbot.waitUntil(lambda: view.model.rowCount() == 6, timeout=10_000)
    qtbot.waitUntil(lambda: view.current is not None and view.current.slug == "lesson-lost-delivery-doubts")
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    view.archive_current()
    qtbot.waitUntil(lambda: view.model.rowCount() == 5, timeout=10_000)


def test_conflicting_save_keeps_the_text(qtbot, window: MainWindow, filled_home: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox, QTextBrowser

    view = window.knowledge
    _select(window, "faq-on-premise")
    view.edit_current()
    editor = view.editor
    assert editor is not None
    # someone else saves first
    ws = Workspace.open(WorkspaceSettings(home=filled_home, load_demo=False, automatic_backups=False))
    item = ws.knowledge.get("faq-on-premise")
    ws.knowledge.update(ws.users.get("rita"), item.slug, replace(item.to_draft(), body="theirs"), item.version)
    ws.close()
    editor.body.setPlainText("mine")
    shown: list[str] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
        editor.save()
        qtbot.waitUntil(editor.conflict_bar.isVisible, timeout=10_000)
    assert editor.isVisible() and editor.body.toPlainText() == "mine"
    assert "rita" in editor.conflict_bar.label.text() and not shown  # said beside the form, not in a box
    bar = editor.conflict_bar
    assert bar.reload_button.isVisible() and bar.compare_button.isVisible() and bar.overwrite_button.isVisible()
    # compare: theirs and mine side by side
    bar.compare_button.click()
    text = editor.compare.findChild(QTextBrowser).toPlainText()
    assert "theirs" in text and "mine" in text
    editor.compare.close()
    # load theirs, then put mine back: nothing typed is lost
    bar.reload_button.click()
    assert editor.body.toPlainText() == "theirs" and bar.put_back_button.isVisible()
    bar.put_back_button.click()
    assert editor.body.toPlainText() == "mine" and not bar.isVisible()
    # saved on top of their version now
    with qtbot.waitSignal(editor.saved, timeout=10_000) as saved:
        editor.save()
    assert saved.args[0].body == "mine" and saved.args[0].version == item.version + 2


def test_a_conflicting_save_can_overwrite_with_the_text_typed(qtbot, window: MainWindow, filled_home: Path) -> None:  # type: ignore[no-untyped-def]
    view = window.knowledge
    _select(window, "faq-on-premise")
    view.edit_current()
    editor = view.editor
    assert editor is not None
    ws = Workspace.open(WorkspaceSettings(home=filled_home, load_demo=False, automatic_backups=False))
    item = ws.knowledge.get("faq-on-premise")
    ws.knowledge.update(ws.users.get("rita"), item.slug, replace(item.to_draft(), body="theirs"), item.version)
    editor.body.setPlainText("mine")
    editor.save()
    qtbot.waitUntil(editor.conflict_bar.isVisible, timeout=10_000)
    with qtbot.waitSignal(editor.saved, timeout=10_000) as saved:
        editor.conflict_bar.overwrite_button.click()
    assert saved.args[0].body == "mine"
    assert [v.body for v in ws.knowledge.history(item.slug)][-2:] == ["theirs", "mine"]  # theirs stays in the history
    ws.close()


def test_import_with_progress(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = window.knowledge
    folder = tmp_path / "more"
    for n in range(5):
        f.write(folder / f"faq-{n}.md", f"---\nkind: faq\ntitle: Question {n}\n---\nAnswer {n}\n")
    f.write(folder / "broken.md", "no front matter")
    view.open_import()
    dialog = view.import_dialog
    assert dialog is not None
    dialog.add_paths([folder])
    progress: list[int] = []
    dialog.progress.valueChanged.connect(progress.append)
    with qtbot.waitSignal(dialog.finished_import, timeout=20_000) as signal:
        dialog.start.click()
    report = signal.args[0]
    assert (report.added, len(report.rejected)) == (5, 1)
    assert "Added 5" in dialog.summary.text()
    assert dialog.not_imported.count() == 1 and "broken.md" in dialog.not_imported.item(0).text()
    assert progress and max(progress) >= 5
    qtbot.waitUntil(lambda: view.model.rowCount() == 10, timeout=10_000)


def test_viewer_sees_no_editing(qtbot, filled_home: Path) -> None:  # type: ignore[no-untyped-def]
    ws = Workspace.open(WorkspaceSettings(home=filled_home, load_demo=False, automatic_backups=False))
    ws.users.switch("nina")
    ws.close()
    create_app()
    win, ctx = build_window(filled_home, load_demo=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.knowledge.model.rowCount() == 5, timeout=10_000)
    qtbot.waitUntil(lambda: ctx.user is not None and ctx.user.name == "nina")
    view = win.knowledge
    assert not view.new_button.isVisible() and not view.edit_button.isVisible()
    assert not view.import_button.isVisible()
    view.edit_current()
    assert view.editor is None
    ctx.runner.wait()
    assert ctx.ws is not None
    ctx.ws.close()


def test_keyboard_navigation_between_screens(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentIndex() == 2
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.knowledge
