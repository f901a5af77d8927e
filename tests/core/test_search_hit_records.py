"""The hit records kept beside the index (shown.py): built in the background after a search, read
for every hit of a page, derived only (removing or damaging them changes no answer, to the last
character of a snippet), and removed with the segments merged away."""

from __future__ import annotations

import os
import shutil
import stat
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.search import shown, snippets
from workbench.core.search.hits import SearchHit
from workbench.core.search.query import SearchRequest
from workbench.core.search.scoring import segment_key
from workbench.core.workspace import Workspace

# Text whose folding changes lengths (ligatures, the ellipsis, Traditional characters, full-width
# letters), a match only past the first piece of a long body, and plain presales questions
QUERIES = ["私有化部署", "等保三级 测评", "SSO LDAP", "数据迁移 回滚", '"数据治理"', "单点登录", "price too high",
           "实施周期", "file profile", "资料库 备份", "远端末尾词", "ＡＰＩ 网关", "supplier"]
ITEMS = [
    ("hr-ligature", "The ﬁle proﬁle… supplier’s ﬂow", "Each ﬁle proﬁle is checked… then the supplier signs. " * 3),
    ("hr-traditional", "資料庫備份與還原", "資料庫備份每日一次，還原演練每季一次；私有化部署時由客戶機房負責。"),
    ("hr-fullwidth", "ＡＰＩ 网关限流", "ＡＰＩ 网关按租户限流，超出配额返回 429。单点登录经 SSO 完成。"),
    ("hr-long", "很长的实施方案", "实施周期分三个阶段。" + "项目背景说明文字。" * 2600 + "远端末尾词出现在这里。"),
]


def _prepared(ws: Workspace) -> None:
    ws.search.search(SearchRequest(text="报价"))  # the first search of an index version starts the work
    for thread in threading.enumerate():
        if thread.name == "hit records":
            thread.join()


def _answers(ws: Workspace) -> list[tuple[int, list[SearchHit]]]:
    ws.search.forget()
    out: list[tuple[int, list[SearchHit]]] = []
    for text in QUERIES:
        for sort in ("relevance", "date"):
            results = ws.search.search(SearchRequest(text=text, per_page=50, sort=sort))
            out.append((results.total, list(results.hits)))  # every field of every hit, snippets included
    return out


def _segments(ws: Workspace) -> set[str]:
    with ws.index.searcher() as s:
        return {shown.folder_name(str(segment_key(leaf))) for leaf, _base in s.reader().leaf_readers()}


def _add_items(ws: Workspace) -> None:
    for slug, title, body in ITEMS:
        ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, title=title, body=body, slug=slug))
    ws.index.sync()


def test_hit_records_are_derived_and_follow_the_segments(demo_ws: Workspace) -> None:
    ws = demo_ws
    _add_items(ws)
    _prepared(ws)
    folder = ws.index.folder.with_name(ws.index.folder.name + shown.SUFFIX)
    assert {p.name for p in folder.iterdir()} == _segments(ws)
    read = shown.stats["records_read"]
    with_records = _answers(ws)
    assert shown.stats["records_read"] > read  # the hits came from the records
    found = {h.id for _total, hits in with_records for h in hits}
    assert {"hr-ligature", "hr-traditional", "hr-fullwidth", "hr-long"} <= found
    long_hit = next(h for _t, hits in with_records for h in hits if h.id == "hr-long" and "远端" in h.snippet)
    assert "**远端末尾词**" in long_hit.snippet  # the match past the first piece, folded as before

    # without them (removed, or never built) every answer is the same, snippets included
    shutil.rmtree(folder)
    scanned = snippets.work["chars_scanned"]
    read = shown.stats["records_read"]
    assert _answers(ws) == with_records
    assert shown.stats["records_read"] == read
    assert snippets.work["chars_scanned"] > scanned

    # an edit adds a segment (and deletes the old document in another): records follow, and the
    # edited item shows its new text whichever way it is read
    _prepared(ws)
    item = ws.knowledge.get("hr-traditional")
    draft = replace(item.to_draft(), body=item.body + "\n\n新增：琨瑜備份保留三十天。")
    ws.knowledge.update(ws.actor(), item.slug, draft, item.version)
    ws.index.sync()
    _prepared(ws)
    assert {p.name for p in folder.iterdir()} == _segments(ws)
    hits = ws.search.search(SearchRequest(text="琨瑜")).hits
    assert [h.id for h in hits] == ["hr-traditional"]
    assert "**琨瑜**" in hits[0].snippet
    edited = _answers(ws)
    before = {p.name for p in folder.iterdir()}
    shutil.rmtree(folder)
    assert _answers(ws) == edited

    # rebuilt: new segments, and the records of the segments that are gone are removed
    folder.mkdir()
    for name in before:
        (folder / name).mkdir()
    ws.index.rebuild()
    _prepared(ws)
    assert {p.name for p in folder.iterdir()} == _segments(ws)
    assert not before & _segments(ws)
    rebuilt = _answers(ws)  # scores differ from before the rebuild: the deleted documents are gone
    shutil.rmtree(folder)
    assert _answers(ws) == rebuilt


def test_damaged_hit_records_are_read_around(demo_ws: Workspace) -> None:
    ws = demo_ws
    _add_items(ws)
    _prepared(ws)
    expected = _answers(ws)
    folder = ws.index.folder.with_name(ws.index.folder.name + shown.SUFFIX)
    for records in folder.glob("*/records"):
        records.write_bytes(records.read_bytes()[:100])  # cut short: a disk that filled up, say
    assert _answers(ws) == expected
    # the damaged records were removed, and the next search has them built again
    _prepared(ws)
    assert {p.name for p in folder.iterdir()} == _segments(ws)
    read = shown.stats["records_read"]
    assert _answers(ws) == expected
    assert shown.stats["records_read"] > read
    for starts in folder.glob("*/starts.i64"):
        starts.write_bytes(b"\xff" * starts.stat().st_size)  # offsets pointing nowhere
    shown.forget()  # the starts are read when the records are opened: opened again here
    damaged = shown.stats["damaged"]
    assert _answers(ws) == expected
    assert shown.stats["damaged"] > damaged


def _open_records(folder: Path) -> dict[str, bool]:
    """The segments whose hit records this process has a file of open (Linux's /proc lists them),
    each with whether that file was removed while open (on Windows the removal would have failed).
    Files only: a folder being removed by the background preparation (``shutil.rmtree`` holds the
    folder open while it empties it) is not records kept open."""
    out: dict[str, bool] = {}
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
            if not stat.S_ISREG(os.stat(f"/proc/self/fd/{fd}").st_mode):
                continue
        except OSError:  # the listing's own descriptor, closed by now
            continue
        if target.startswith(f"{folder}{os.sep}"):
            segment = target[len(str(folder)) + 1 :].split(os.sep)[0]
            out[segment] = out.get(segment, False) or target.endswith(" (deleted)")
    return out


def _save(ws: Workspace, n: int) -> None:
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, slug=f"kept-{n}", title=f"琨瑜备份策略 {n}",
                                              body=f"琨瑜備份每日一次，第{n}份保留三十天；私有化部署由客户机房负责。"))
    assert ws.index.sync() == 1  # a segment of its own: no merge at a save


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="open files are listed by Linux's /proc")
def test_hit_records_stay_open_while_their_segment_lives(demo_ws: Workspace) -> None:
    ws = demo_ws
    folder = ws.index.folder.with_name(ws.index.folder.name + shown.SUFFIX)
    for n in range(3):
        _save(ws, n)
    _prepared(ws)
    live = _segments(ws)
    assert len(live) >= 4
    kept = _answers(ws)
    opened = _open_records(folder)
    assert opened and set(opened) <= live and not any(opened.values())  # kept open between searches
    assert _answers(ws) == kept and _open_records(folder) == opened  # read again without reopening

    # the idle sync merges the small segments away: the next search closes their records (before
    # the background preparation removes them) and reads the merged segment's
    assert ws.index.sync() == 0
    merged = _segments(ws)
    assert live - merged
    ws.search.search(SearchRequest(text="琨瑜"))
    assert not set(_open_records(folder)) & (live - merged)
    _prepared(ws)
    assert {p.name for p in folder.iterdir()} == merged
    read = shown.stats["records_read"]
    after_merge = _answers(ws)
    assert shown.stats["records_read"] > read
    opened = _open_records(folder)
    assert opened and set(opened) <= merged and not any(opened.values())  # nothing removed was open
    hits = ws.search.search(SearchRequest(text="琨瑜", per_page=50)).hits
    assert {h.id for h in hits} >= {"kept-0", "kept-1", "kept-2"} and all("**琨瑜**" in h.snippet for h in hits)
    shutil.rmtree(folder)  # whoosh's stored fields give the very same answers
    assert _answers(ws) == after_merge
    assert not _open_records(folder)  # removed: closed, not read

    # a rebuild replaces the index: the next search reads the new segments' records (built with it)
    ws.index.rebuild()
    _prepared(ws)
    rebuilt = _segments(ws)
    assert not rebuilt & merged
    read = shown.stats["records_read"]
    _answers(ws)
    assert shown.stats["records_read"] > read
    opened = _open_records(folder)
    assert opened and set(opened) <= rebuilt and not any(opened.values())

    # closing the workspace leaves nothing of them open (a folder Windows could not delete)
    ws.close()
    assert not _open_records(folder)


def test_records_asked_for_during_another_build_are_built_after_it(demo_ws: Workspace,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A save while the previous save's records are being built: the new segment's records are
    built when that build ends. They were dropped, and left unbuilt until the index changed again
    (the next searches of the same index version ask no more)."""
    ws = demo_ws
    folder = ws.index.folder.with_name(ws.index.folder.name + shown.SUFFIX)
    _prepared(ws)
    entered, gate = threading.Event(), threading.Event()
    build = shown._build

    def held(leaf: object, at: Path) -> bool:
        entered.set()
        gate.wait(60)
        return build(leaf, at)

    monkeypatch.setattr(shown, "_build", held)
    _save(ws, 0)
    ws.search.search(SearchRequest(text="报价"))  # the first search of this version: its build starts, held
    assert entered.wait(60)
    _save(ws, 1)
    ws.search.search(SearchRequest(text="报价"))  # asked while the other build runs
    gate.set()
    _prepared(ws)
    assert {p.name for p in folder.iterdir()} == _segments(ws)
    read = shown.stats["records_read"]
    hits = ws.search.search(SearchRequest(text="琨瑜", per_page=50)).hits
    assert {h.id for h in hits} == {"kept-0", "kept-1"} and shown.stats["records_read"] - read == 2


def test_more_segments_than_records_kept_open(demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = demo_ws
    for n in range(3):
        _save(ws, n)
    _prepared(ws)
    expected = _answers(ws)
    monkeypatch.setattr(shown, "OPEN_LIMIT", 1)  # each segment's records closed when another's are opened
    shown.forget()
    read = shown.stats["records_read"]
    assert _answers(ws) == expected
    assert shown.stats["records_read"] > read


def test_a_huge_body_is_read_only_as_far_as_its_snippet_needs(demo_ws: Workspace) -> None:
    ws = demo_ws
    body = "实施周期分三个阶段。" + "项目背景说明文字。" * 12000 + "巨型末尾词出现在这里。"  # ~320 KB
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, title="琨瑜手册", body=body, slug="hr-huge"))
    ws.index.sync()
    _prepared(ws)

    def huge_hits() -> list[SearchHit]:
        ws.search.forget()
        return [next(h for h in ws.search.search(SearchRequest(text=text, per_page=50)).hits if h.id == "hr-huge")
                for text in ("实施周期", "巨型末尾词", "琨瑜手册")]

    cut = shown.stats["bodies_cut"]
    read = shown.stats["records_read"]
    near, far, title_only = huge_hits()
    assert shown.stats["records_read"] - read >= 3 and shown.stats["bodies_cut"] - cut == 3
    assert near.snippet.startswith("**实施周期**分三个阶段") and near.snippet.endswith("…")
    assert "**巨型末尾词**" in far.snippet and far.snippet.startswith("…")  # past the start: the whole body read
    assert title_only.snippet == body[:220] + "…"
    # whoosh's stored fields give the very same hits
    shutil.rmtree(ws.index.folder.with_name(ws.index.folder.name + shown.SUFFIX))
    assert huge_hits() == [near, far, title_only]
