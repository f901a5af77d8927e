from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from workbench.core.search.service import SearchResults
from workbench.gui.views.main_window import MainWindow


def _type(qtbot, win: MainWindow, text: str) -> SearchResults:  # type: ignore[no-untyped-def]
    """Type as a person does: one character after another (as an input method commits them;
    QTest cannot send non-ASCII key events)."""
    view = win.search
    view.box.clear()
    with qtbot.waitSignal(view.searched, timeout=10_000, check_params_cb=lambda r: r.request.text == text) as sig:
        for ch in text:
            if ch.isascii():
                qtbot.keyClicks(view.box, ch)
            else:
                view.box.insert(ch)
    return sig.args[0]


def test_type_and_see_highlighted_results_with_facets(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    demo_window.focus_search()
    results = _type(qtbot, demo_window, "竞品降价")
    view = demo_window.search
    assert results.hits[0].id == "objection-competitor-price-cut-zht"
    assert view.model.rowCount() == len(results.hits)
    # facet counts arrive after the results, without holding them up
    qtbot.waitUntil(lambda: view.facet_lists["kind"].count() >= 1, timeout=10_000)
    assert "found" in view.notice.text()
    qtbot.waitUntil(lambda: view.preview_title.text().startswith("競品降價"), timeout=10_000)
    qtbot.waitUntil(lambda: view.similar.count() > 0, timeout=10_000)
    # a long similar title is elided in the narrow list, and whole in its tooltip
    first = view.similar.item(0)
    assert first.text().split("] ", 1)[1] == first.toolTip().split("\n")[0]
    assert view.similar.textElideMode() == Qt.TextElideMode.ElideRight


def test_search_runs_off_the_ui_thread_and_stale_answers_are_dropped(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws = demo_window.ctx.ws
    assert ws is not None
    threads: list[int] = []
    real = ws.search.search

    def spy(request):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        return real(request)

    ws.search.search = spy  # type: ignore[method-assign]
    view = demo_window.search
    for text in ("数据", "数据迁移", "数据迁移 回滚"):
        view.box.setText(text)
        view.run_search()  # three searches in flight at once
    qtbot.waitUntil(lambda: view.results is not None and view.results.request.text == "数据迁移 回滚", timeout=10_000)
    qtbot.wait(300)
    assert view.results.request.text == "数据迁移 回滚"  # older answers never replaced the newest
    assert threads and threading.get_ident() not in threads


def test_facet_filter_keyboard_and_open(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = demo_window.search
    _type(qtbot, demo_window, "部署")
    qtbot.waitUntil(lambda: view.facet_lists["kind"].count() > 1, timeout=10_000)
    faq = next(
        view.facet_lists["kind"].item(i) for i in range(view.facet_lists["kind"].count())
        if view.facet_lists["kind"].item(i).data(Qt.ItemDataRole.UserRole) == "faq"
    )
    with qtbot.waitSignal(view.searched, timeout=10_000):
        faq.listWidget().itemClicked.emit(faq)
    assert view.results is not None and all(h.kind == "faq" for h in view.results.hits)
    view.box.setFocus()
    qtbot.keyClick(view.box, Qt.Key.Key_Down)
    assert view.list.hasFocus() and view.list.currentIndex().row() == 0
    first = view.results.hits[0].id
    with qtbot.waitSignal(view.open_item, timeout=5_000) as opened:
        qtbot.keyClick(view.box, Qt.Key.Key_Return)
    assert opened.args == [first]
    assert demo_window.stack.currentWidget() is demo_window.knowledge
    qtbot.waitUntil(lambda: demo_window.knowledge.current is not None and demo_window.knowledge.current.slug == first, timeout=10_000)


def test_ctrl_k_from_anywhere(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    demo_window.nav.setCurrentRow(1)
    demo_window.activateWindow()
    qtbot.keyClick(demo_window.knowledge.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert demo_window.stack.currentWidget() is demo_window.search
    assert demo_window.search.box.hasFocus()


def test_did_you_mean_link(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    results = _type(qtbot, demo_window, "等保三及")
    assert results.suggestion == "等保三级"
    assert "suggest" in demo_window.search.notice.text()
    with qtbot.waitSignal(demo_window.search.searched, timeout=10_000, check_params_cb=lambda r: r.request.text == "等保三级"):
        demo_window.search.notice.linkActivated.emit("suggest")


def test_a_saved_item_is_found(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    knowledge = demo_window.knowledge
    demo_window.nav.setCurrentRow(1)
    qtbot.waitUntil(lambda: knowledge.model.rowCount() > 100, timeout=10_000)
    knowledge.new_item()
    editor = knowledge.editor
    assert editor is not None
    editor.title.setText("投标保证金多久退还？")
    editor.body.setPlainText("中标后 5 个工作日内退还投标保证金。")
    with qtbot.waitSignal(demo_window.indexer.updated, timeout=10_000):
        editor.save()
    demo_window.focus_search()
    results = _type(qtbot, demo_window, "保证金退还")
    assert results.hits[0].title == "投标保证金多久退还？"


def test_similar_to_a_pasted_requirement(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = demo_window.search
    with qtbot.waitSignal(view.searched, timeout=10_000) as sig:
        view.find_similar_to("城商行需要满足 EAST 监管报送，数据质量差，希望建设数据治理平台")
    hits = sig.args[0]
    assert hits[0].id in {"case-bank-data-governance", "faq-east-reporting"}
    assert "similar" in view.notice.text()


def test_content_gaps_tab(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = demo_window.search
    _type(qtbot, demo_window, "量子计算机")
    _type(qtbot, demo_window, "部署")  # moving on from a question "Did you mean" could not correct
    qtbot.waitUntil(lambda: view.ctx.ws is not None and view.ctx.ws.search.content_gaps() != [], timeout=10_000)
    view.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: view.insights.gaps.rowCount() == 1, timeout=10_000)
    assert view.insights.gaps.index(0, 0).data() == "量子计算机"
