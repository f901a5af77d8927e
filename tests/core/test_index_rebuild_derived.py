"""A rebuild with worker processes also writes the fresh segments' derived caches: the postings
arrays as the workers encode the segments, the hit records in a process of its own, and the
did-you-mean tables while it waits, so the process that swapped the index in builds none of them
in the background afterwards (where a save shared the interpreter with them). The caches are byte
for byte those the background builds write, the answers are the same, and a save is findable as
soon as its sync returns."""

from __future__ import annotations

import filecmp
import multiprocessing
import shutil
from pathlib import Path

import pytest

from tests.core.test_index_parallel_rebuild import _fill, _in_workers
from workbench.core.knowledge.model import ItemDraft
from workbench.core.search import postings, shown, spelling
from workbench.core.search.query import SearchRequest
from workbench.core.workspace import Workspace

QUERIES = ["资料迁移", "私有化部署", "Single sign-on", "可用性 根因", '"国密 SM4"', "SCIM"]


def _answers(ws: Workspace) -> list[tuple[int, list[tuple[str, float, str]]]]:
    out = []
    for text in QUERIES:
        results = ws.search.search(SearchRequest(text=text, per_page=50))
        out.append((results.total, [(h.id, h.score, h.title) for h in results.hits]))
    return out


def _caches(ws: Workspace) -> list[Path]:
    return [ws.paths.index.with_name(ws.paths.index.name + suffix) for suffix in (postings.SUFFIX, shown.SUFFIX)]


def _same_files(left: Path, right: Path) -> bool:
    compared = filecmp.dircmp(left, right)
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _match, mismatch, errors = filecmp.cmpfiles(left, right, compared.common_files, shallow=False)
    return not mismatch and not errors and all(_same_files(left / d, right / d) for d in compared.common_dirs)


def test_a_rebuild_in_workers_leaves_the_caches_ready(ws: Workspace, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.core.search import build as build_module

    _fill(ws, tmp_path)
    ws.index.ensure()
    _in_workers(ws, monkeypatch)
    monkeypatch.setattr(build_module, "SEGMENT_BYTES", 2000)  # several segments to share out
    monkeypatch.setattr(postings, "MIN_DOCS", 1)  # each with its arrays, small as they are
    plans: list[list[tuple[str, int, int]]] = []
    plan = build_module._derivers
    monkeypatch.setattr(build_module, "_derivers", lambda segments: plans.append(plan(segments)) or plans[-1])
    lacking: list[bool] = []
    missing_in = postings.missing_in
    monkeypatch.setattr(postings, "missing_in", lambda reader: lacking.append(missing_in(reader)) or lacking[-1])
    ws.index.rebuild()
    # the postings arrays would be shared out between two processes, but the workers wrote them
    # with the segments: no segment lacked them, so no process was started for them
    assert plans == [[(postings.SUFFIX, 0, 2), (postings.SUFFIX, 1, 2), (shown.SUFFIX, 0, 1)]]
    assert lacking == [False]
    with ws.index.searcher() as s:
        assert len(s.reader().leaf_readers()) >= 3

    # ready before any search: nothing for the background threads to build, nothing left beside
    # the fresh folder, and no deriving process left running
    with ws.index.searcher() as s:
        assert not postings.missing(s)
        assert not shown.missing(s)
        assert not spelling.missing(s)
    fresh = ws.paths.index.with_name(ws.paths.index.name + ".new")
    assert not [p for p in fresh.parent.iterdir() if p.name.startswith(fresh.name)]
    assert not [p for p in multiprocessing.active_children() if p.name.startswith("search-index-derive")]
    built = postings.stats["segments_built"], shown.stats["segments_built"]
    ready = _answers(ws)
    assert ready[0][1] and ready[0][1][0][0] == "parallel-0"
    assert (postings.stats["segments_built"], shown.stats["segments_built"]) == built  # none built here

    # byte for byte what this process's background builds write for the same segments
    kept = tmp_path / "kept"
    for cache in _caches(ws):
        shutil.copytree(cache, kept / cache.name)
        shutil.rmtree(cache)
    postings.forget()
    ws.search.forget()
    assert _answers(ws) == ready  # without the caches: the same answers
    with ws.index.searcher() as s:
        assert postings.missing(s) and shown.missing(s)
    from whoosh import index as windex

    folder = str(ws.paths.index)
    postings.prepare(lambda: windex.open_dir(folder).reader(), "content")
    shown.prepare(lambda: windex.open_dir(folder).reader())
    for cache in _caches(ws):
        assert _same_files(kept / cache.name, cache)

    # a save is findable when its sync returns
    item = ws.knowledge.get("parallel-3")
    ws.knowledge.update(ws.actor(), item.slug, ItemDraft(kind=item.kind, slug=item.slug, title=item.title,
                                                         body=item.body + " 灾备演练", tags=item.tags), item.version)
    ws.index.sync()
    assert [h.id for h in ws.search.search(SearchRequest(text="灾备演练")).hits] == ["parallel-3"]


def test_a_rebuild_removes_the_old_segments_caches(ws: Workspace, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The old index's segments go with it, and so do their caches: nothing asked the background
    threads to tidy them after a rebuild that left the new segments ready (at 50,000 items,
    another 150 MB of postings arrays after each rebuild)."""
    from workbench.core.search import build as build_module

    _fill(ws, tmp_path)
    ws.index.ensure()
    _in_workers(ws, monkeypatch)
    monkeypatch.setattr(build_module, "SEGMENT_BYTES", 2000)
    monkeypatch.setattr(postings, "MIN_DOCS", 1)
    caches = [ws.paths.index.with_name(ws.paths.index.name + suffix) for suffix in build_module.DERIVED]

    def held() -> dict[str, set[str]]:
        return {c.name: {p.name for p in c.iterdir()} if c.is_dir() else set() for c in caches}

    ws.index.rebuild()
    first = held()
    assert first[ws.paths.index.name + postings.SUFFIX] and first[ws.paths.index.name + shown.SUFFIX]
    ws.index.rebuild()
    second = held()
    for name, entries in second.items():
        assert not entries & first[name], name  # the new segments' caches only
    assert all(second[ws.paths.index.name + suffix] for suffix in (postings.SUFFIX, shown.SUFFIX, spelling.SUFFIX))
    assert _answers(ws)[0][1][0][0] == "parallel-0"
