"""The search screen's "Similar items": no item twice, and copies of one lesson (learnt after
several bids, each retrospective keeping its own) show once, with how many there are."""

from __future__ import annotations

from tests.gui.test_search_screen import _type
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.gui.qt import Qt
from workbench.gui.views.main_window import MainWindow
from workbench.gui.views.search_view import SIMILAR_IDS_ROLE, SIMILAR_SHOWN

LESSON = "竞品低价时，把服务级别和违约赔付写进报价，让价格差有解释"


def test_similar_items_show_each_item_and_each_lesson_once(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws = demo_window.ctx.ws
    assert ws is not None
    # one lesson, learnt after three bids, each time about the objection searched for below (so
    # that the copies rank among its closest, by words and by meaning alike)
    objection = ws.knowledge.get("objection-competitor-price-cut-zht")
    for n, customer in enumerate(("某城商行", "某省电网", "某连锁零售")):
        draft = ItemDraft(kind=Kind.LESSON, slug=f"lesson-price-gap-{n}", title=LESSON,
                          body=f"{customer}项目，客户说：{objection.title}\n\n{objection.body}")
        with qtbot.waitSignal(demo_window.ctx.changed, timeout=10_000):  # as the app writes: caches forget
            demo_window.ctx.write(lambda w, actor, d=draft: w.knowledge.create(actor, d), lambda _v: None)
    ws.index.sync()
    demo_window.focus_search()
    _type(qtbot, demo_window, "竞品降价")
    view = demo_window.search
    qtbot.waitUntil(lambda: view.preview_title.text().startswith("競品降價"), timeout=10_000)
    qtbot.waitUntil(lambda: view.similar.count() > 0, timeout=10_000)
    entries = [view.similar.item(n) for n in range(view.similar.count())]
    texts = [e.text() for e in entries]
    stands_for = [list(e.data(SIMILAR_IDS_ROLE)) for e in entries]
    every_id = [i for ids in stands_for for i in ids]
    assert len(every_id) == len(set(every_id))
    assert len(texts) == len(set(texts)) and len(entries) == SIMILAR_SHOWN
    # the three copies of one lesson are one entry that opens the closest of them
    (lesson,) = [e for e in entries if "竞品低价时" in e.text()]
    ids = list(lesson.data(SIMILAR_IDS_ROLE))
    assert sorted(ids) == [f"lesson-price-gap-{n}" for n in range(3)]
    assert "×3]" in lesson.text() and lesson.data(Qt.ItemDataRole.UserRole) == ids[0]
    assert "3" in lesson.toolTip().split("\n")[-1]
    with qtbot.waitSignal(view.open_item, timeout=5_000) as opened:
        view.similar.itemActivated.emit(lesson)
    assert opened.args == [ids[0]]
