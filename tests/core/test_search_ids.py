"""Items' documents by their ids (ids.py), what the vector leg looks its items up with: the same
document whoosh's own look-up gives, across segments, saves and edits, built or not; and a
wrong document from a table (two ids hashed alike) never reaches a page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from whoosh import index as windex
from whoosh.reading import TermNotFound

from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.search import build as build_module
from workbench.core.search import ids, shown
from workbench.core.search.query import SearchRequest
from workbench.core.search.scoring import segment_key
from workbench.core.workspace import Workspace

QUESTION = "Can the product run in our own data centre without the public cloud?"


def _whoosh(ws: Workspace, slugs: list[str]) -> dict[str, int]:
    out = {}
    with ws.index.searcher() as s:
        for slug in slugs:
            try:
                out[slug] = int(s.reader().first_id("id", slug))
            except (KeyError, TermNotFound):
                continue
    return out


def _found(ws: Workspace, slugs: list[str]) -> dict[str, int]:
    with ws.index.searcher() as s:
        return ids.find(s.reader(), slugs)


def _library(ws: Workspace) -> list[str]:
    actor = ws.actor()
    for n in range(6):
        ws.knowledge.create(actor, ItemDraft(kind=Kind.FAQ, slug=f"faq-{n}", title=f"问题 {n}", body=f"回答 {n}"))
        ws.index.sync()  # a segment a save
    for _ in range(2):  # edited twice: older versions deleted, in their segment and in this one
        item = ws.knowledge.get("faq-2")
        ws.knowledge.update(actor, item.slug, replace(item.to_draft(), body=item.body + " 又改了"), item.version)
        ws.index.sync()
    ws.knowledge.archive(actor, "faq-4")  # still in the index, with another status
    ws.index.sync()
    return [f"faq-{n}" for n in range(6)] + ["faq-none", ""]


def test_ids_find_the_live_document_whoosh_finds(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    slugs = _library(ws)
    with ws.index.searcher() as s:
        assert len(list(s.reader().leaf_readers())) > 1  # across segments
    expected = _whoosh(ws, slugs)
    assert set(expected) == {f"faq-{n}" for n in range(6)}

    ids.forget()
    monkeypatch.setattr(ids, "AT_ONCE", 0)  # no table yet: each segment asked the way whoosh asks
    asked = ids.stats["asked_whoosh"]
    assert _found(ws, slugs) == expected
    assert ids.stats["asked_whoosh"] > asked

    # the first search of an index version has them built in the background
    with ws.index.searcher() as s:
        assert ids.missing(s)
    for thread in threading.enumerate():  # an earlier test's build would make this one step aside
        if thread.name == "id tables":
            thread.join()
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, slug="faq-new", title="新问题", body="新回答"))
    ws.index.sync()  # a new index version
    ws.search.search(SearchRequest(text="回答"))
    for thread in threading.enumerate():
        if thread.name == "id tables":
            thread.join()
    with ws.index.searcher() as s:
        assert not ids.missing(s)
    asked = ids.stats["asked_whoosh"]
    assert _found(ws, [*slugs, "faq-new"]) == _whoosh(ws, [*slugs, "faq-new"])
    assert ids.stats["asked_whoosh"] == asked

    ids.forget()
    monkeypatch.undo()  # small segments get their tables when first asked
    assert _found(ws, slugs) == expected
    assert ids.stats["asked_whoosh"] == asked
    with ws.index.searcher() as s:
        assert not ids.missing(s)


def test_a_wrong_document_from_the_table_never_reaches_a_page(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    actor = ws.actor()
    for slug, title, body in (
        ("faq-onprem", "产品能否本地化部署？", "支持部署在客户自己的机房，所有数据留在内网，不经过公有云。"),
        ("faq-refund", "如何申请退款？", "在订单页面点击申请退款，三个工作日内原路退回。"),
        ("objection-price", "你们的价格太贵了", "与竞品相比总拥有成本更低：免费升级，实施周期更短。"),
    ):
        ws.knowledge.create(actor, ItemDraft(kind=Kind.FAQ, slug=slug, title=title, body=body))
    ws.index.ensure()
    ws.meaning.sync()
    ws.search.cache_size = 0
    right = ws.search.search(SearchRequest(text=QUESTION))
    assert right.found_by.get("faq-onprem") == ("meaning",)
    right_similar = ws.search.similar(text=QUESTION)

    real = ids.find

    def crossed(reader: object, slugs: list[str]) -> dict[str, int]:
        found = real(reader, slugs)
        every = real(reader, ["faq-onprem", "faq-refund", "objection-price"])
        # each id given another item's document, as a hash shared by two ids would
        return {slug: next(d for s, d in every.items() if s != slug) for slug in found}

    monkeypatch.setattr(ids, "find", crossed)
    assert ws.search.search(SearchRequest(text=QUESTION)) == right
    assert ws.search.similar(text=QUESTION) == right_similar


def _join_builds() -> None:
    for thread in threading.enumerate():
        if thread.name == "id tables":
            thread.join()


def test_tables_are_kept_on_disk_and_read_back_instead_of_walking_the_index(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A launch reads each segment's ids from disk (the walk of whoosh's term file held the
    interpreter for 650 ms at 50k items, and a save waited for it); another process, with
    another hash seed, finds the same documents; a damaged file is read around; the tables of
    segments merged away are removed; a rebuild leaves them ready beside the new index."""
    slugs = _library(ws)
    expected = _whoosh(ws, slugs)
    monkeypatch.setattr(ids, "AT_ONCE", 0)  # every segment counts as large: its table is kept
    _join_builds()
    ids.forget()
    ids.prepare(lambda: windex.open_dir(str(ws.index.folder)).reader())
    kept = ws.index.folder.with_name(ws.index.folder.name + ids.SUFFIX)
    with ws.index.searcher() as s:
        segments = {f"{segment_key(leaf)}-v{ids.LAYOUT}" for leaf, _base in s.reader().leaf_readers()}
    assert {p.name for p in kept.iterdir()} == segments

    ids.forget()  # as a new process: read, not walked
    built, read = ids.stats["tables_built"], ids.stats["tables_read"]
    ids.prepare(lambda: windex.open_dir(str(ws.index.folder)).reader())
    assert ids.stats["tables_built"] == built and ids.stats["tables_read"] == read + len(segments)
    assert _found(ws, slugs) == expected

    script = (
        "import json, sys\n"
        "from whoosh import index as windex\n"
        "from workbench.core.search import ids\n"
        "ids.AT_ONCE = 0\n"
        "reader = windex.open_dir(sys.argv[1]).reader()\n"
        "ids.prepare(lambda: windex.open_dir(sys.argv[1]).reader())\n"
        "print(json.dumps([ids.find(reader, json.loads(sys.argv[2])), ids.stats]))\n"
    )
    out = subprocess.run([sys.executable, "-c", script, str(ws.index.folder), json.dumps(slugs)], check=True,
                         capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "7"})
    found, stats = json.loads(out.stdout)
    assert found == expected and stats["tables_built"] == 0

    damaged = next(iter(kept.iterdir()))
    (damaged / "docs.i32").write_bytes(b"\x01")  # cut short
    ids.forget()
    ids.prepare(lambda: windex.open_dir(str(ws.index.folder)).reader())
    assert _found(ws, slugs) == expected
    assert (damaged / "names").exists()  # made again and kept

    ws.index.rebuild()  # its segments replace those before
    with ws.index.searcher() as s:
        fresh = {f"{segment_key(leaf)}-v{ids.LAYOUT}" for leaf, _base in s.reader().leaf_readers()}
    _join_builds()
    # what a rebuild in workers has its deriving process do for the fresh index (build.py)
    build_module._derive(str(ws.index.folder), shown.SUFFIX)
    assert {p.name for p in kept.iterdir()} == fresh
    ids.forget()
    built, read = ids.stats["tables_built"], ids.stats["tables_read"]
    ids.prepare(lambda: windex.open_dir(str(ws.index.folder)).reader())
    assert ids.stats["tables_built"] == built and ids.stats["tables_read"] == read + len(fresh)
    assert _found(ws, slugs) == _whoosh(ws, slugs)
