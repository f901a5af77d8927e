"""A save's commit merges no segments (a save is findable without waiting for a merge); the
index keeper's next idle sync merges the small segments, and searches find the same items in the
same order before and after (scores move by whoosh's merge statistics only: a merged segment's
total length is summed from one-byte document lengths)."""

from __future__ import annotations

from pathlib import Path

from whoosh import index as windex

from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.search import merging
from workbench.core.search.query import SearchRequest
from workbench.core.workspace import Workspace

QUERIES = ["国密", "私有化部署", "SSO SAML", "迁移", '"国密算法"']


def _segments(ws: Workspace) -> list[int]:
    return sorted(s.doc_count_all() for s in windex.open_dir(str(ws.paths.index))._segments())


def _results(ws: Workspace) -> list[list[tuple[str, float]]]:
    return [[(h.id, h.score) for h in ws.search.search(SearchRequest(text=q)).hits] for q in QUERIES]


def _alike(ours: list[list[tuple[str, float]]], theirs: list[list[tuple[str, float]]]) -> bool:
    """The same items in the same order, scores within 1 %."""
    return all([i for i, _ in a] == [i for i, _ in b] and all(abs(x - y) <= 0.01 * abs(y) for (_, x), (_, y) in zip(a, b, strict=True))
               for a, b in zip(ours, theirs, strict=True))


def _save(ws: Workspace, n: int) -> None:
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, slug=f"saved-{n}", title=f"是否支持国密部署 {n}",
                                              body=f"支持 SM4 国密算法与私有化部署；数据迁移第{n}步。SSO via SAML. {'部署 ' * n}",
                                              tags=("国密",)))


def test_saves_commit_without_merging_and_an_idle_sync_merges(ws: Workspace, tmp_path: Path) -> None:
    ws.index.ensure()
    for n in range(6):
        _save(ws, n)
        assert ws.index.sync() == 1
    assert _segments(ws) == [1, 1, 1, 1, 1, 1]  # whoosh's policy would have merged these by now
    before = _results(ws)
    assert all(before)

    assert ws.index.sync() == 0  # nothing to apply: the idle step merges
    assert _segments(ws) == [6]
    assert _alike(_results(ws), before)
    assert ws.index.idle_merge() is False  # nothing left to merge



def test_an_idle_moment_after_a_save_leaves_the_library_as_it_is(demo_ws: Workspace) -> None:
    """Small segments merge among themselves, growing geometrically; the library's segment joins
    only when they are not much smaller than it (re-writing all of a small team's library after
    every save cost 1.6-2.3 s of CPU a save at a few hundred items)."""
    ws = demo_ws
    ws.index.ensure()
    ws.index.sync()
    (library,) = _segments(ws)
    assert library > 8 * merging.IDLE_RATIO  # the demo is larger than a few saves
    for n in range(8):
        _save(ws, n)
        assert ws.index.sync() == 1
        ws.index.sync()  # idle
        segments = _segments(ws)
        assert library in segments  # not re-written
        assert sum(segments) == library + n + 1
        assert len(segments) <= 4
    saves = 8 + library // merging.IDLE_RATIO + 1
    for n in range(8, saves):
        _save(ws, n)
        ws.index.sync()
        ws.index.sync()
    assert library not in _segments(ws)  # the saves together grew enough for it to join
    assert len(_segments(ws)) <= 4
    found = ws.search.search(SearchRequest(text="数据迁移第", per_page=200)).hits
    assert {f"saved-{n}" for n in range(saves)} <= {h.id for h in found}  # every save findable after the merges


def test_replaced_items_are_found_alike_and_segments_stay_bounded(ws: Workspace, tmp_path: Path) -> None:
    ws.index.ensure()
    me = ws.actor()
    for n in range(merging.MAX_SEGMENTS + 3):  # saves with no idle sync between them (a script)
        _save(ws, n)
        if n % 3:
            made = ws.knowledge.get(f"saved-{n - 1}")
            ws.knowledge.update(me, made.slug, ItemDraft(kind=Kind.FAQ, slug=made.slug, title=made.title,
                                                         body=made.body + " 修订", tags=made.tags), made.version)
        assert ws.index.sync() > 0  # something applied each time: no idle merge in between
    assert len(_segments(ws)) <= merging.MAX_SEGMENTS
    found = [{hit for hit, _score in hits} for hits in _results(ws)]

    ws.index.sync()
    assert [{hit for hit, _score in hits} for hits in _results(ws)] == found
    assert ws.search.search(SearchRequest(text="修订")).hits
