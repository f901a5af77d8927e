"""A rebuild whose worker processes only analyse the text (the writing process writes one segment
from what they send back) writes the segment a one-process rebuild writes, byte for byte: the
same documents in the same order, the same postings, positions and statistics."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as windex

from tests.core.test_index_segment_writer import _contents, _documents
from workbench.core.search import build as build_module
from workbench.core.search.build import build
from workbench.core.search.schema import build_schema
from workbench.core.workspace import Workspace


def _files(folder: Path) -> dict[str, bytes]:
    """The one segment's files by kind (its random name left out)."""
    return {found.group(1): path.read_bytes() for path in folder.iterdir()
            if (found := re.fullmatch(r"MAIN_[a-z0-9]{16}(.+)", path.name))}


def _build(folder: Path, docs: list[dict[str, Any]], workers: int, size: int) -> int:
    folder.mkdir()
    windex.create_in(str(folder), build_schema())
    return build(str(folder), (docs[at : at + size] for at in range(0, len(docs), size)), workers)


def test_analysing_workers_write_the_segment_one_process_writes(ws: Workspace, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _documents(ws, 30)  # Chinese, English, Traditional, Cyrillic; words in one item and in all
    monkeypatch.setattr(build_module, "MAX_WAITING", 1)  # batches held back until the earlier ones are in
    assert _build(tmp_path / "here", docs, workers=1, size=7) == len(docs)
    assert _build(tmp_path / "workers", docs, workers=2, size=7) == len(docs)

    assert len(windex.open_dir(str(tmp_path / "workers"))._segments()) == 1
    ours, theirs = _files(tmp_path / "workers"), _files(tmp_path / "here")
    assert {".pst", ".trm", "._stored.col", "._content_len.col"} <= set(ours)
    assert ours == theirs
    assert _contents(tmp_path / "workers") == _contents(tmp_path / "here")


def test_segments_end_at_their_size_with_words_numbered_afresh(ws: Workspace, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A segment that ends mid-build: the next one's pool numbers the workers' words again."""
    docs = _documents(ws, 12)
    monkeypatch.setattr(build_module, "SEGMENT_BYTES", 20_000)
    _build(tmp_path / "here", docs, workers=1, size=5)
    _build(tmp_path / "workers", docs, workers=2, size=5)

    assert len(windex.open_dir(str(tmp_path / "workers"))._segments()) > 1
    assert _contents(tmp_path / "workers") == _contents(tmp_path / "here")


def test_many_changes_applied_with_analysing_workers_index_what_a_rebuild_does(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sync of many changes (another laptop's import) analyses in worker processes: the changed
    items replace their old versions (an archived one's status too), and the index is what a
    rebuild writes."""
    from tests import factories as f
    from tests.core.test_index_rebuild_matches_sync import _contents as index_contents
    from workbench.core.knowledge.model import ItemDraft, Kind
    from workbench.core.search import index as index_module

    me = ws.actor()
    ws.importer.run(me, [f.markdown_folder(tmp_path / "kb"), f.write(tmp_path / "faq.csv", f.FAQ_CSV_ZH),
                         f.write(tmp_path / "faq_en.csv", f.FAQ_CSV_EN)])
    ws.index.ensure()
    calls: list[int] = []
    real = index_module.analyse_in_workers

    def spy(*args: Any, **kwargs: Any) -> int:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(index_module, "analyse_in_workers", spy)
    monkeypatch.setattr(index_module, "READ_BATCH", 2)
    # the commit's terms' bytes are made by the workers too: none in this process
    from workbench.core.search import segment_writer
    encoded_here: list[int] = []
    real_encode = segment_writer.encode_chunk
    monkeypatch.setattr(segment_writer, "encode_chunk",
                        lambda *args: encoded_here.append(1) or real_encode(*args))
    ws.index.parallel_rebuild, ws.index.rebuild_workers, ws.index.parallel_sync_from = True, 2, 3
    from workbench.core.search import postings
    monkeypatch.setattr(postings, "MIN_DOCS", 1)  # the new segment gets its postings arrays, small as it is
    arrays = ws.paths.index.with_name(ws.paths.index.name + postings.SUFFIX)
    shutil.rmtree(arrays, ignore_errors=True)  # any the background built for the segments before
    items = ws.knowledge.items()
    for item in items[:4]:
        ws.knowledge.update(me, item.slug, ItemDraft(kind=item.kind, slug=item.slug, title=item.title,
                                                     body=item.body + " 已修订：支持国密 SM4", tags=item.tags), item.version)
    ws.knowledge.archive(me, items[4].slug)
    ws.knowledge.create(me, ItemDraft(kind=Kind.FAQ, slug="new-one", title="是否支持离线部署？", body="支持私有化离线部署。"))
    assert ws.index.sync() == 6
    assert calls == [1] and encoded_here == []
    # the workers decoded the new segment's postings arrays with it: what decoding it writes
    written = sorted(p.name for p in arrays.iterdir())
    assert written
    again = tmp_path / "again"
    reader = windex.open_dir(str(ws.paths.index)).reader()
    for leaf, _base in reader.leaf_readers():
        if postings.folder_name(str(postings.segment_key(leaf))) in written:
            postings._build(leaf, "content", again / postings.folder_name(str(postings.segment_key(leaf))))
    reader.close()
    assert written == sorted(p.name for p in again.iterdir())
    for name in written:
        assert {f.name: f.read_bytes() for f in (arrays / name).iterdir()} == \
            {f.name: f.read_bytes() for f in (again / name).iterdir()}
    assert ws.index.doc_count() == ws.knowledge.count()  # old versions deleted, not kept beside the new
    followed = index_contents(ws)

    ws.index.parallel_rebuild = False
    ws.index.rebuild()
    assert index_contents(ws) == followed
    assert followed[0][items[4].slug]["status"] == "archived" and "new-one" in followed[0]
    assert any(p[0] == "content" and p[1] == "修订".encode() and p[2] == items[0].slug for p in followed[1])


def test_many_changes_that_are_mostly_deletions_leave_what_a_rebuild_writes(ws: Workspace,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether the workers are used is decided on the changes before the items are read (they
    start while the items are read and their old versions deleted): a batch of deletions, with
    one item changed among them, starts them for one document, and one made only of deletions
    for none; either way the index holds what a rebuild writes."""
    from sqlalchemy import select

    from tests.core.test_index_rebuild_matches_sync import _contents as index_contents
    from workbench.core.db.models import KnowledgeChange, KnowledgeItem
    from workbench.core.knowledge.model import ItemDraft, Kind

    me = ws.actor()
    for n in range(8):
        ws.knowledge.create(me, ItemDraft(kind=Kind.FAQ, slug=f"faq-{n}", title=f"第{n}个问题：是否支持离线部署？",
                                          body=f"支持私有化离线部署，方案 {n}。"))
    ws.index.ensure()
    ws.index.parallel_rebuild, ws.index.rebuild_workers, ws.index.parallel_sync_from = True, 2, 3
    items = ws.knowledge.items()
    from workbench.core.search import index as index_module
    analysed: list[int] = []
    real = index_module.analyse_in_workers
    monkeypatch.setattr(index_module, "analyse_in_workers", lambda *a, **k: analysed.append(real(*a, **k)))

    def delete(slugs: list[str]) -> None:  # as the demo's removal deletes items (demo_history.py)
        with ws.db.write() as s:
            for row in s.scalars(select(KnowledgeItem).where(KnowledgeItem.slug.in_(slugs))):
                s.delete(row)
            s.add_all([KnowledgeChange(slug=slug, deleted=True) for slug in slugs])

    delete([i.slug for i in items[:3]])
    kept = items[3]
    ws.knowledge.update(me, kept.slug, ItemDraft(kind=kept.kind, slug=kept.slug, title=kept.title,
                                                 body=kept.body + " 已修订", tags=kept.tags), kept.version)
    assert ws.index.sync() == 4
    delete([i.slug for i in items[4:7]])
    assert ws.index.sync() == 3
    assert analysed == [1, 0]  # documents the workers analysed, per sync
    assert ws.index.doc_count() == ws.knowledge.count()
    followed = index_contents(ws)
    assert not {i.slug for i in items[:3] + items[4:7]} & set(followed[0])
    ws.index.parallel_rebuild = False
    ws.index.rebuild()
    assert index_contents(ws) == followed
