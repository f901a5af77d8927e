from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

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
    # every row of a facet pane fits it (its tags ROI, 報價, 競品: a row of Chinese is taller than
    # one of Latin letters), and each heading stays on its pane: the room short panes leave goes
    # below the last one, not between the headings and their panes
    for lst in view.facet_lists.values():
        assert lst.maximumHeight() >= sum(lst.sizeHintForRow(i) for i in range(lst.count()))
    panel = view.findChild(QWidget, "FacetPanel")
    panel.layout().activate()
    headings = panel.findChildren(QLabel, "FacetHeading")
    assert len(headings) == len(view.facet_lists)
    for heading, lst in zip(headings, view.facet_lists.values(), strict=True):
        assert heading.height() <= heading.sizeHint().height() + 4, (heading.text(), heading.geometry())
        assert 0 <= lst.geometry().top() - heading.geometry().bottom() <= 12
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


def test_the_text_being_typed_is_told_ahead_off_the_ui_thread(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """What the coming search can start early (the query's encoding by meaning) starts while the
    person is still typing, not after the typing pause; never on the UI thread."""
    ws = demo_window.ctx.ws
    assert ws is not None
    told: list[tuple[str, int]] = []
    expect, expect_similar = ws.search.expect, ws.search.expect_similar

    def spy(request):  # type: ignore[no-untyped-def]
        told.append((request.text, threading.get_ident()))
        expect(request)

    def spy_similar(text):  # type: ignore[no-untyped-def]
        told.append((text, threading.get_ident()))
        expect_similar(text)

    ws.search.expect = spy  # type: ignore[method-assign]
    ws.search.expect_similar = spy_similar  # type: ignore[method-assign]
    results = _type(qtbot, demo_window, "私有化部署")
    assert results.hits and "私有化部署" in {t for t, _i in told}
    assert len(told) >= 5 and threading.get_ident() not in {i for _t, i in told}
    view = demo_window.search
    view.ask_requirement()
    editor = view.requirement_dialog.findChild(QPlainTextEdit)
    editor.setPlainText("客户要求系统部署在本地机房，数据不出内网")
    qtbot.waitUntil(lambda: "客户要求系统部署在本地机房，数据不出内网" in {t for t, _i in told}, timeout=5_000)
    view.requirement_dialog.reject()


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


def test_similar_to_a_pasted_requirement(qtbot, meaning_built: MainWindow) -> None:  # type: ignore[no-untyped-def]
    # with the vectors built (before, the words alone answer): the case, the FAQ and an objection
    # that tells the same bank's story score within 0.002 of each other, far above the rest
    view = meaning_built.search
    with qtbot.waitSignal(view.searched, timeout=10_000) as sig:
        view.find_similar_to("城商行需要满足 EAST 监管报送，数据质量差，希望建设数据治理平台")
    hits = sig.args[0].hits
    assert {"case-bank-data-governance", "faq-east-reporting"} <= {h.id for h in hits[:3]}
    assert all("meaning" in h.found_by for h in hits[:3])
    assert "similar" in view.notice.text()


def test_similar_items_are_counted_by_facet_and_a_facet_narrows_them(  # type: ignore[no-untyped-def]
        qtbot, meaning_built: MainWindow) -> None:
    # the vectors built first: the similar items do not change under the test as they arrive
    demo_window = meaning_built
    view = demo_window.search
    text = "城商行需要满足 EAST 监管报送，数据质量差，希望建设数据治理平台"
    with qtbot.waitSignal(view.searched, timeout=10_000) as sig:
        view.find_similar_to(text)
    found = sig.args[0]
    kinds = view.facet_lists["kind"]
    shown = {kinds.item(i).data(Qt.ItemDataRole.UserRole): kinds.item(i).text() for i in range(kinds.count())}
    assert set(shown) == {h.kind for h in found.hits} and view.facet_lists["tags"].count() > 0
    kind = next(v for v in shown if v != found.hits[0].kind)
    assert shown[kind].endswith(f"({sum(h.kind == kind for h in found.hits)})")
    row = next(i for i in range(kinds.count()) if kinds.item(i).data(Qt.ItemDataRole.UserRole) == kind)
    with qtbot.waitSignal(view.searched, timeout=10_000) as sig:
        kinds.itemClicked.emit(kinds.item(row))
    narrowed = sig.args[0]
    assert view.similar_results is narrowed and view.results is None  # still the similar items, not a search
    assert narrowed.hits and {h.kind for h in narrowed.hits} == {kind}
    assert "similar" in view.notice.text() and "filtered" in view.notice.text()
    assert kinds.count() == 1 and kinds.item(0).text().startswith("✓ ")
    # one kind left: its pane one row high, the room going to the panes below it
    assert kinds.maximumHeight() < 2 * kinds.sizeHintForRow(0) < view.facet_lists["tags"].maximumHeight()
    # the index changed meanwhile (a save here or on another laptop): the same similar items again
    with qtbot.waitSignal(view.searched, timeout=10_000) as sig:
        demo_window.indexer.updated.emit()
    assert sig.args[0].request == narrowed.request and view.similar_results is not None
    # the filter taken off: every kind again
    with qtbot.waitSignal(view.searched, timeout=10_000) as sig:
        kinds.itemClicked.emit(kinds.item(0))
    assert [h.id for h in sig.args[0].hits] == [h.id for h in found.hits] and "filtered" not in view.notice.text()
    assert kinds.maximumHeight() >= kinds.count() * kinds.sizeHintForRow(0)  # every kind shown again


def test_content_gaps_tab(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = demo_window.search
    _type(qtbot, demo_window, "量子计算机")
    _type(qtbot, demo_window, "部署")  # moving on from a question "Did you mean" could not correct
    qtbot.waitUntil(lambda: view.ctx.ws is not None and view.ctx.ws.search.content_gaps() != [], timeout=10_000)
    view.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: view.insights.gaps.rowCount() == 1, timeout=10_000)
    assert view.insights.gaps.index(0, 0).data() == "量子计算机"


def test_typed_pinyin_shows_the_results_for_its_reading_and_can_search_the_typed_text(  # type: ignore[no-untyped-def]
        qtbot, pinyin_read: MainWindow) -> None:
    demo_window = pinyin_read
    view = demo_window.search
    results = _type(qtbot, demo_window, "baojia")
    assert results.searched_for == "报价" and results.hits and view.model.rowCount() == len(results.hits)
    notice = view.notice.text()
    assert "Showing results for <b>报价</b>" in notice and "Search instead for <a href='typed'>baojia</a>" in notice
    qtbot.waitUntil(lambda: view.facet_lists["kind"].count() >= 1, timeout=10_000)  # the facets of 报价's results
    assert "0 found" not in view.notice.text()
    assert view.box.text() == "baojia"  # what was typed stays in the box
    # "Search instead for baojia": the typed text searched as it is; the reading is offered instead
    with qtbot.waitSignal(view.searched, timeout=10_000, check_params_cb=lambda r: r.request.as_typed) as sig:
        view.notice.linkActivated.emit("typed")
    typed = sig.args[0]
    assert typed.searched_for is None and typed.request.text == "baojia"
    assert not [h for h in typed.hits if "words" in h.found_by]
    assert "Did you mean <a href='reading:0'>报价</a>" in view.notice.text()
    # Enter on the same text keeps searching it as typed (no new search: the answer is current)
    assert view.request().as_typed
    # taking the reading searches it
    with qtbot.waitSignal(view.searched, timeout=10_000, check_params_cb=lambda r: r.request.text == "报价"):
        view.notice.linkActivated.emit("reading:0")
    assert not view.request().as_typed  # other text: typed pinyin is read as Chinese again
    again = _type(qtbot, demo_window, "baojia")
    assert again.searched_for == "报价"


def test_similar_to_typed_pinyin_reads_it_the_same_way(qtbot, pinyin_read: MainWindow) -> None:  # type: ignore[no-untyped-def]
    demo_window = pinyin_read
    view = demo_window.search
    with qtbot.waitSignal(view.searched, timeout=10_000) as sig:
        view.find_similar_to("siyouhua bushu")
    found = sig.args[0]
    assert found.searched_for == "私有化部署" and found.hits
    assert "Showing results for <b>私有化部署</b>" in view.notice.text() and "similar" in view.notice.text()
    with qtbot.waitSignal(view.searched, timeout=10_000) as sig:
        view.notice.linkActivated.emit("typed")
    assert sig.args[0].searched_for is None and sig.args[0].request.as_typed
    assert "Showing results for" not in view.notice.text()
