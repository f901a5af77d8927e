"""Quoted phrases checked from the position arrays kept beside the index (postings.py) find
exactly what whoosh's own phrase query finds, with the same scores: Chinese phrases as rjieba
segments them, English phrases, a stop word inside (a wider slop), phrases at the start and end
of an item and words that meet only across two items, on an index of several segments holding
deleted documents (edited items), with the arrays built, absent, or built for some segments only."""

from __future__ import annotations

import random
import shutil
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from whoosh import query as wq

from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.search import postings, ranking
from workbench.core.search.query import FIELD, SearchRequest, parse
from workbench.core.workspace import Workspace

ZH = ["国密", "培训", "计划", "数据", "治理", "平台", "报价", "审计", "日志", "监管", "报送", "客户", "系统", "迁移"]
EN = ["security", "training", "plan", "data", "audit", "logs", "platform", "migration", "review"]
PHRASES = ['"国密培训"', '"培训计划"', '"数据治理平台"', '"审计日志"', '"报价 审计"', '"客户数据"', '"客户数据迁移"',
           '"系统迁移计划"', '"security training"', '"audit logs"', '"data migration plan"',
           '"training plan"', '"security of training"', '"logs platform"', '"plan security"',
           '"plan plan"', '"数据数据"']


def _body(rng: random.Random) -> str:
    zh = "".join(rng.choice(ZH) + ("，" if rng.random() < 0.3 else "") for _ in range(rng.randint(6, 30)))
    en = " ".join(rng.choice(EN) for _ in range(rng.randint(4, 25)))
    return f"{zh}。{en}." if rng.random() < 0.7 else f"{en}. {zh}"


def _library(ws: Workspace, count: int) -> None:
    rng = random.Random(17)
    actor = ws.actor()
    for n in range(count):
        body = _body(rng)
        if n % 9 == 0:
            body = "training plan " + body + " security training"  # at the start and the end
        if n % 9 == 1:
            body += " security"  # ...and the next item starts with "training": never a phrase
        if n % 9 == 3:
            body += "客户数据迁移与系统迁移计划，数据治理平台。"
        if n % 9 == 4:
            body += " plan plan data data 数据数据"  # a word twice
        title = f"training 条目 {n}" if n % 9 == 2 else f"条目 {n}"
        ws.knowledge.create(actor, ItemDraft(kind=Kind.FAQ, title=title, body=body, slug=f"item-{n}"))
        if n % 40 == 39:
            ws.index.sync()  # several segments


def _prepared(ws: Workspace) -> None:
    ws.search.search(SearchRequest(text="报价"))  # the first search of an index version starts the work
    for thread in threading.enumerate():
        if thread.name == "postings arrays":
            thread.join()


def _whoosh(ws: Workspace, text: str) -> set[tuple[str, float]]:
    ((terms, slop),) = parse(text).phrases
    with ws.index.searcher() as s:
        found = s.search(wq.Phrase(FIELD, terms, slop=slop), mask=wq.Term("status", "archived"), limit=None)
        return {(hit["id"], round(hit.score, 6)) for hit in found}


def _ours(ws: Workspace, text: str) -> set[tuple[str, float]]:
    results = ws.search.search(SearchRequest(text=text, per_page=200))
    assert results.exact and results.total == len(results.hits) < 200, text
    return {(h.id, round(h.score, 6)) for h in results.hits}


def _compare(ws: Workspace) -> dict[str, int]:
    ws.search.forget()
    found = {}
    for text in PHRASES:
        assert len(parse(text).phrases) == 1, text  # segmented into more than one word
        expected = _whoosh(ws, text)
        assert _ours(ws, text) == expected, text
        found[text] = len(expected)
    return found


def test_phrases_from_position_arrays_are_whooshs(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ranking, "CHECK_BUDGET", 100_000)  # every candidate checked: exact answers
    monkeypatch.setattr(postings, "MIN_DOCS", 1)  # segments of 40 items, each with its arrays
    _library(ws, 160)
    ws.index.sync()
    _prepared(ws)
    looked_up = postings.stats["position_lookups"]
    found = _compare(ws)
    assert postings.stats["position_lookups"] > looked_up  # the arrays answered
    assert all(found.values()), found
    # items holding every word of a phrase but not side by side are left out (the check matters)
    with ws.index.searcher() as s:
        ((terms, _slop),) = parse('"security training"').phrases
        both = s.search(wq.And([wq.Term(FIELD, t) for t in terms]), limit=None)
        assert len(both) > found['"security training"']
    # the start and the end of an item are found; words meeting across two items are not
    at_edges = {hit_id for hit_id, _score in _ours(ws, '"training plan"')}
    assert {f"item-{n}" for n in range(0, 160, 9)} <= at_edges
    security_training = {hit_id for hit_id, _score in _ours(ws, '"security training"')}
    assert {f"item-{n}" for n in range(0, 160, 9)} <= security_training
    for n in range(1, 160, 9):  # ends with "security", the next item starts with "training"
        assert ws.knowledge.get(f"item-{n + 1}").title.startswith("training")
        for m in (n, n + 1):
            if "security training" not in ws.knowledge.get(f"item-{m}").body:
                assert f"item-{m}" not in security_training

    # edits: the old documents are deleted in their segments, the new ones in a new segment;
    # a phrase is taken out of some items and put into others
    actor = ws.actor()
    for n in range(0, 160, 7):
        item = ws.knowledge.get(f"item-{n}")
        body = item.body.replace("security training", "security and training").replace("审计日志", "审计的日志")
        ws.knowledge.update(actor, item.slug, replace(item.to_draft(), body=body + " 监管报送 audit logs"), item.version)
    ws.knowledge.archive(actor, "item-3")
    ws.index.sync()
    # the new segment's arrays not built yet: its documents are checked from whoosh's blocks
    with ws.index.searcher() as s:
        assert postings.missing(s)
    ws.search.forget()
    edited = {text: _whoosh(ws, text) for text in PHRASES}
    for text in PHRASES:
        assert _ours(ws, text) == edited[text], text
    _prepared(ws)
    _compare(ws)
    # and without any arrays (removed: a derived cache), the same answers
    shutil.rmtree(ws.index.folder.with_name(ws.index.folder.name + postings.SUFFIX))
    postings.forget()
    looked_up = postings.stats["position_lookups"]
    _compare(ws)
    assert postings.stats["position_lookups"] == looked_up


def test_arrays_of_an_older_layout_are_rebuilt(ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postings, "MIN_DOCS", 1)  # a library of 30 items
    _library(ws, 30)
    ws.index.sync()
    folder = ws.index.folder.with_name(ws.index.folder.name + postings.SUFFIX)
    with ws.index.searcher() as s:
        segments = [str(leaf.segment().segment_id()) for leaf, _base in s.reader().leaf_readers()]
    folder.mkdir()
    for segment in segments:  # what the previous version wrote: no positions, another name
        (folder / segment).mkdir()
        (folder / segment / "tfs.npy").write_bytes(b"")
    _prepared(ws)
    assert {p.name for p in folder.iterdir()} == {postings.folder_name(s) for s in segments}
    assert _ours(ws, '"security training"') == _whoosh(ws, '"security training"')
