"""Similar items never hold an item twice: not when the words and the meaning both find it, and
not among the copies of one lesson (each its own item, each listed at most once)."""

from __future__ import annotations

from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.search.query import SearchRequest
from workbench.core.workspace import Workspace

LESSON = "竞品低价时，把服务级别和违约赔付写进报价，让价格差有解释"


def test_no_similar_items_list_holds_an_id_twice(demo_ws: Workspace) -> None:
    ws = demo_ws
    for n in range(3):
        ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.LESSON, slug=f"lesson-price-gap-{n}", title=LESSON,
                                                  body=f"第{n + 1}个项目：竞品降价三成，报价没有说明服务级别和违约赔付。"))
    ws.index.sync()
    ws.meaning.sync()
    slugs = [h.id for h in ws.search.search(SearchRequest(text="报价", per_page=40)).hits]
    assert len(slugs) >= 20
    lists = [ws.search.similar(item_id=slug, limit=6) for slug in slugs]
    lists.append(ws.search.similar(text="竞品降价三成，客户只看总价，我们怎么解释报价？", limit=20))
    for slug, hits in zip([*slugs, None], lists, strict=True):
        ids = [h.id for h in hits]
        assert len(ids) == len(set(ids)), (slug, ids)
        assert slug not in ids
    found_by = {leg for hits in lists for h in hits for leg in h.found_by}
    assert found_by >= {"words", "meaning"}  # both legs took part (an item found by both is one hit)
    copies = {h.id for h in lists[-1]} & {f"lesson-price-gap-{n}" for n in range(3)}
    assert len(copies) == 3  # the copies are three items: each may be listed, once
