""""Did you mean" ranks its candidates by the frequencies filed in its tables (spelling.py), summed
over the segments that hold each word as whoosh sums them: the suggestions are whoosh's own,
on an index of several segments where the most frequent word overall is not the most frequent
in any one segment."""

from __future__ import annotations

from whoosh.reading import MultiReader

from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.search import spelling
from workbench.core.search.query import SearchRequest
from workbench.core.workspace import Workspace


def _add(ws: Workspace, n: int, title: str) -> None:
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, title=title, body=f"{title} 说明 {n}。", slug=f"spell-{n}"))


def test_suggestions_sum_each_words_frequency_over_segments(ws: Workspace) -> None:
    # first segment: zorbat three times, zorbit twice; second segment: zorbit twice more.
    # Chinese the same way: 甲乙 three times, 甲丙 twice, then 甲丙 twice more.
    n = 0
    for title in ["zorbat 甲乙", "zorbat 甲乙", "zorbat 甲乙", "zorbit 甲丙", "zorbit 甲丙"]:
        _add(ws, n, title)
        n += 1
    ws.index.sync()
    for title in ["zorbit 甲丙", "zorbit 甲丙", "other words 其他"]:
        _add(ws, n, title)
        n += 1
    ws.index.sync()
    spelling.forget()
    with ws.index.searcher() as s:
        leaves = [leaf for leaf, _base in s.reader().leaf_readers()]
        assert len(leaves) >= 2
        walk = MultiReader(leaves)
        for field, typo, maxdist, prefix in (("spell", "zorbet", 2, 1), ("content", "甲丁", 1, 0)):
            expected = walk.corrector(field).suggest(typo, limit=1, maxdist=maxdist, prefix=prefix)
            assert expected and expected[0] in ("zorbit", "甲丙")  # the most frequent overall
            assert spelling.suggest(s, field, typo, maxdist=maxdist, prefix=prefix) == expected[0]
    assert ws.search.search(SearchRequest(text="zorbet")).suggestion == "zorbit"
    assert ws.search.search(SearchRequest(text="甲丁")).suggestion == "甲丙"
