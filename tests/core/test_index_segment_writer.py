"""The index's own segment writer (postings kept in flat arrays, written a term at a time) writes
exactly what whoosh's writer writes for the same documents: the segment files byte for byte, and,
after merges and deletions, the same postings, term statistics and stored fields."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as windex
from whoosh.writing import SegmentWriter

from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.search import segment_writer
from workbench.core.search.schema import build_schema, document
from workbench.core.search.segment_writer import FastSegmentWriter
from workbench.core.workspace import Workspace

TEXTS = [
    ("是否支持国密 SM4 加密？", "支持 SM2/SM3/SM4，已通过等保三级测评；私有化部署时密钥由客户保管。", ("国密", "数据安全")),
    ("Do you support SSO?", "Yes: SAML 2.0, OIDC and LDAP. Single sign-on works with Azure AD and Okta.", ("SSO",)),
    ("資料遷移需要多久？", "伺服器資料遷移一般需要兩週，軟體授權不受影響。客戶投訴會在 24 小時內回覆。", ("遷移",)),
    ("系统可用性 SLA", "承诺 99.95% 的可用性，故障 72 小时内给出根因分析报告。Uptime is 99.95%.", ("SLA", "运维")),
    ("Архивирование данных", "Данные хранятся 7 лет; 数据保留七年，可按需导出。", ()),
]


def _documents(ws: Workspace, copies: int) -> list[dict[str, Any]]:
    me = ws.actor()
    docs = []
    for n in range(copies):
        for k, (title, body, tags) in enumerate(TEXTS):
            draft = ItemDraft(kind=Kind.FAQ, slug=f"item-{n}-{k}", title=f"{title} {n}", body=f"{body} 第{n}版 version {n}",
                              tags=tags, industry="finance" if k % 2 else "saas",
                              review_by=dt.date(2027, 1, 1 + n % 28) if k % 3 == 0 else None)
            docs.append(document(ws.knowledge.create(me, draft).value, (f"能否{title}", ) if k == 0 else ()))
    return docs


def _files(folder: Path) -> dict[str, bytes]:
    """A single segment's files by kind (the segment's random name left out)."""
    return {found.group(1): path.read_bytes() for path in folder.iterdir()
            if (found := re.fullmatch(r"MAIN_[a-z0-9]{16}(.+)", path.name))}


def _contents(folder: Path) -> tuple[dict[str, Any], set[tuple[Any, ...]], dict[tuple[str, bytes], tuple[Any, ...]]]:
    """Stored fields by item, postings by item, and each term's statistics over live documents."""
    ix = windex.open_dir(str(folder))
    with ix.searcher() as s:
        reader = s.reader()
        slug_of = {docnum: fields["id"] for docnum, fields in reader.iter_docs()}
        stored = {fields["id"]: dict(fields) for _d, fields in reader.iter_docs()}
        postings = set()
        stats = {}
        for field, btext in reader.all_terms():
            info = reader.term_info(field, btext)
            matcher = reader.postings(field, btext)
            live = []
            while matcher.is_active():
                if matcher.id() in slug_of:
                    live.append((slug_of[matcher.id()], matcher.weight(), matcher.value()))
                matcher.next()
            postings.update((field, btext, *p) for p in live)
            if live:
                stats[(field, btext)] = (len(live), round(sum(w for _s, w, _v in live), 3), info.max_weight())
        return stored, postings, stats


def _write(folder: Path, batches: list[list[dict[str, Any]]], fast: bool, deleted: list[str]) -> None:
    folder.mkdir()
    ix = windex.create_in(str(folder), build_schema())
    for n, batch in enumerate(batches):
        writer = FastSegmentWriter(ix, compound=False) if fast else SegmentWriter(ix, compound=False)
        for doc in batch:
            if n:
                writer.update_document(**doc)
            else:
                writer.add_document(**doc)
        if n == len(batches) - 1:
            for slug in deleted:
                writer.delete_by_term("id", slug)
        writer.commit()


def test_a_segment_is_written_byte_for_byte_as_whoosh_writes_it(ws: Workspace, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # postings listed 50 at a time: terms cut at a chunk's edge, and terms longer than a chunk
    monkeypatch.setattr(segment_writer, "CHUNK", 50)
    docs = _documents(ws, 40)  # terms with more postings than a block holds (128), and with one
    _write(tmp_path / "whoosh", [docs], fast=False, deleted=[])
    _write(tmp_path / "ours", [docs], fast=True, deleted=[])

    theirs, ours = _files(tmp_path / "whoosh"), _files(tmp_path / "ours")
    assert {".pst", ".trm", "._stored.col", "._content_len.col"} <= set(ours)
    assert ours == theirs
    assert _contents(tmp_path / "ours") == _contents(tmp_path / "whoosh")


def test_merges_updates_and_deletions_match_whooshs_writer(ws: Workspace, tmp_path: Path) -> None:
    docs = _documents(ws, 8)
    # many small commits: whoosh's merge policy folds the small segments into the writer's own
    # (the merged postings go through our pool with the lengths they were written with)
    batches = [docs[:20]] + [[{**d, "content": f"{d['content']} 修订{n}"}] for n, d in enumerate(docs[:12])]
    deleted = [docs[3]["id"], docs[25]["id"]]
    _write(tmp_path / "whoosh", batches, fast=False, deleted=deleted)
    _write(tmp_path / "ours", batches, fast=True, deleted=deleted)

    ours = _contents(tmp_path / "ours")
    assert ours == _contents(tmp_path / "whoosh")
    assert len(windex.open_dir(str(tmp_path / "ours"))._segments()) < len(batches)  # merges happened
    assert docs[3]["id"] not in ours[0] and docs[4]["id"] in ours[0]
    revised = {p[2] for p in ours[1] if p[0] == "content" and p[1] == "修订".encode()}
    assert revised == {d["id"] for d in docs[:12]} - {docs[3]["id"]}  # the updates, one deleted since
