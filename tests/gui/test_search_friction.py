"""The Search screen from the keyboard and on a real screen: Enter after refining, facets without a
mouse, a long "Did you mean", labels in the notice, typos versus content gaps, the first start."""

from __future__ import annotations

from PySide6.QtCore import Qt

from workbench.core.search.query import SearchRequest
from workbench.core.search.service import SearchResults
from workbench.gui.views.main_window import MainWindow


def _search(qtbot, win: MainWindow, text: str) -> SearchResults:  # type: ignore[no-untyped-def]
    view = win.search
    with qtbot.waitSignal(view.searched, timeout=10_000, check_params_cb=lambda r: r.request.text == text) as sig:
        view.box.setText(text)
    return sig.args[0]


def test_enter_after_refining_opens_the_new_top_hit(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = demo_window.search
    ws = demo_window.ctx.ws
    assert ws is not None
    refined = "部署 回滚"
    # the screen's own ranking may add hits by meaning; the direct search's first three only pick
    # a selection that is unlikely to be the refined query's top hit
    likely_top = {h.id for h in ws.search.search(SearchRequest(text=refined, per_page=50)).hits[:3]}
    first = _search(qtbot, demo_window, "部署")
    row = next(i for i, h in enumerate(first.hits) if h.id not in likely_top)
    view.list.setCurrentIndex(view.model.index(row, 0))
    view.box.setFocus()
    with qtbot.waitSignal(view.open_item, timeout=10_000) as opened, qtbot.waitSignal(
            view.searched, timeout=10_000, check_params_cb=lambda r: r.request.text == refined) as answered:
        view.box.setText(refined)  # typed; Enter comes before the debounced search has answered
        qtbot.keyClick(view.box, Qt.Key.Key_Return)
    new_top = answered.args[0].hits[0].id
    assert new_top != first.hits[row].id
    assert opened.args == [new_top]


def test_refined_query_selects_its_own_top_hit(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = demo_window.search
    first = _search(qtbot, demo_window, "部署")
    view.list.setCurrentIndex(view.model.index(len(first.hits) - 1, 0))
    second = _search(qtbot, demo_window, "部署 回滚")
    assert len(first.hits) > 1 and second.hits
    assert view.list.currentIndex().row() == 0


def test_facets_apply_from_the_keyboard_and_the_notice_names_them(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = demo_window.search
    _search(qtbot, demo_window, "部署")
    kinds = view.facet_lists["kind"]
    qtbot.waitUntil(lambda: kinds.count() > 1, timeout=10_000)
    row = next(i for i in range(kinds.count()) if kinds.item(i).data(Qt.ItemDataRole.UserRole) == "faq")
    kinds.setFocus()
    kinds.setCurrentRow(row)
    with qtbot.waitSignal(view.searched, timeout=10_000) as sig:
        qtbot.keyClick(kinds, Qt.Key.Key_Return)
    assert sig.args[0].request.kind == "faq"
    assert all(h.kind == "faq" for h in sig.args[0].hits)
    qtbot.waitUntil(lambda: "FAQ" in view.notice.text(), timeout=10_000)
    assert "faq" not in view.notice.text()  # the label, not the stored value
    # Space takes the filter off again
    qtbot.waitUntil(lambda: kinds.count() > 0, timeout=10_000)
    chosen = next(i for i in range(kinds.count()) if kinds.item(i).data(Qt.ItemDataRole.UserRole) == "faq")
    kinds.setCurrentRow(chosen)
    with qtbot.waitSignal(view.searched, timeout=10_000) as sig:
        qtbot.keyClick(kinds, Qt.Key.Key_Space)
    assert sig.args[0].request.kind is None


def _with_suggestion(results: SearchResults, suggestion: str) -> SearchResults:
    from dataclasses import replace

    return replace(results, suggestion=suggestion)


def test_a_long_did_you_mean_wraps_and_never_widens_the_window(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = demo_window.search
    demo_window.resize(1280, 720)
    results = _search(qtbot, demo_window, "部署")
    qtbot.waitUntil(lambda: view.facet_lists["kind"].count() > 0, timeout=10_000)  # the notice's last update
    paragraph = "投标人须提供本地化部署方案并承诺在合同签订后三十个工作日内完成系统上线与数据迁移工作" * 4
    view._show_notice(_with_suggestion(results, paragraph))
    assert "…" in view.notice.text()  # the suggestion is shortened for display
    assert demo_window.minimumSizeHint().width() <= 1280
    view.notice.setText(paragraph)  # even unshortened, the label wraps
    assert demo_window.minimumSizeHint().width() <= 1280
    qtbot.wait(50)
    assert demo_window.width() <= 1280


def test_a_typo_taken_back_is_not_a_content_gap_but_a_question_left_behind_is(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = demo_window.search
    recorded: list[str] = []
    view._record_miss = lambda text=None: recorded.append(text or view.box.text())  # type: ignore[method-assign]
    typo = _search(qtbot, demo_window, "deploymnt")
    assert not typo.hits and typo.suggestion
    assert not view._miss_timer.isActive()  # no idle timer: the user is reading "Did you mean"
    taken = _search(qtbot, demo_window, typo.suggestion)  # the suggestion followed
    assert taken.hits and recorded == []
    typing = _search(qtbot, demo_window, "量子")
    assert not typing.hits and typing.suggestion
    question = _search(qtbot, demo_window, "量子计算机")  # still typing the same question
    assert not question.hits and question.suggestion  # a "Did you mean" that is no correction
    assert recorded == []
    _search(qtbot, demo_window, "部署")  # moved on: the question nobody answered is a gap
    assert recorded == ["量子计算机"]
    nothing = _search(qtbot, demo_window, "zzqqxxyy")  # no hit and nothing to correct it to
    assert not nothing.hits and not nothing.suggestion
    assert view._miss_timer.isActive()


def test_the_search_list_says_so_while_the_index_is_being_built(qtbot, demo_home) -> None:  # type: ignore[no-untyped-def]
    from workbench.gui.app import build_window, create_app

    create_app()
    win, ctx = build_window(demo_home)
    qtbot.addWidget(win)
    win.show()
    view = win.search
    assert not win.indexer.is_ready
    view.box.setText("部署")
    view.run_search()
    assert view.model.rowCount() == 0
    assert "search index" in view.notice.text()
    win.indexer.progress.emit(120, 400)
    assert "120 of 400" in view.notice.text()
    qtbot.waitUntil(lambda: win.indexer.is_ready, timeout=20_000)
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=10_000)
    assert "search index" not in view.notice.text()
    win.indexer.stop()
    ctx.runner.wait()
    if ctx.ws is not None:
        ctx.ws.close()


def test_a_tag_in_two_scripts_is_one_facet_line(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = demo_window.search
    _search(qtbot, demo_window, "竞品")
    tags = view.facet_lists["tags"]
    qtbot.waitUntil(lambda: tags.count() > 0, timeout=10_000)
    values = [tags.item(i).data(Qt.ItemDataRole.UserRole) for i in range(tags.count())]
    assert "报价" in values and "報價" not in values
    row = values.index("报价")
    with qtbot.waitSignal(view.searched, timeout=10_000) as sig:
        tags.itemClicked.emit(tags.item(row))
    assert "objection-competitor-price-cut-zht" in {h.id for h in sig.args[0].hits}  # tagged 報價
