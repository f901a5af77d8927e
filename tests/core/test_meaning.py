"""Matching by meaning: the encoder, the vector files as derived data (only what is missing is
encoded; a new encoder, a damaged manifest or a short file re-encodes), and the vector leg in
search (a question in one language finds the answer written in the other)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.meaning.encoder import UniversalSentenceEncoder, default_encoder
from workbench.core.meaning.fusion import MEANING, WORDS, blend, fuse
from workbench.core.meaning.passages import MAX_PASSAGES, passages
from workbench.core.meaning.vectors import MANIFEST, ROWS_FILE, VectorKeeper
from workbench.core.search.query import SearchRequest
from workbench.core.users import UserView
from workbench.core.workspace import Workspace

ITEMS = [
    ItemDraft(kind=Kind.FAQ, slug="faq-onprem", title="产品能否本地化部署？",
              body="支持部署在客户自己的机房，所有数据留在内网，不经过公有云。"),
    ItemDraft(kind=Kind.FAQ, slug="faq-refund", title="如何申请退款？", body="在订单页面点击申请退款，三个工作日内原路退回。"),
    ItemDraft(kind=Kind.OBJECTION, slug="objection-price", title="你们的价格太贵了",
              body="与竞品相比总拥有成本更低：免费升级，实施周期更短。"),
]


def _with_items(ws: Workspace) -> Workspace:
    actor = ws.actor()
    for draft in ITEMS:
        ws.knowledge.create(actor, draft)
    ws.index.ensure()
    return ws


def _keeper(ws: Workspace, encoder: UniversalSentenceEncoder | None = None) -> VectorKeeper:
    """A second keeper on the same files: what the next start of the app sees."""
    return VectorKeeper(ws.meaning.vectors.folder, ws.db, encoder or default_encoder())


class RenamedEncoder(UniversalSentenceEncoder):
    """The same model under another name: what an upgrade of the encoder looks like to the files."""

    @property
    def name(self) -> str:
        return "usem3-next"


def test_encoder_loads_on_first_use_and_gives_unit_vectors() -> None:
    encoder = UniversalSentenceEncoder()
    assert encoder._model is None  # constructing (and importing) loads nothing
    vectors = encoder.encode(["私有化部署", "on-premises deployment", "", "報價太高"])
    assert vectors.shape == (4, encoder.dim) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert encoder.encode([]).shape == (0, encoder.dim)
    # the same meaning across languages is closer than an unrelated sentence
    same, other = encoder.encode(["The price is too high", "价格太贵了", "数据备份策略"])[[1, 2]] @ encoder.encode(
        ["The price is too high"])[0]
    assert same > other


def test_passages_split_long_items_and_keep_the_title() -> None:
    body = "\n\n".join(f"第{i}段：" + "系统支持本地部署与离线运行。" * 12 for i in range(30))
    parts = passages("部署方式", body, 200)
    assert 1 < len(parts) <= MAX_PASSAGES
    assert all(p.startswith("部署方式\n") and len(p) <= 200 + len("部署方式\n") for p in parts)
    assert passages("只有标题", "", 200) == ["只有标题"]


def test_a_lessons_passages_leave_out_the_bids_it_was_learned_on() -> None:
    """What a retrospective writes under a lesson (which bid, which customer, won or lost) is not
    the lesson's meaning: two items saying one lesson from different bids encode alike."""
    lesson = "述标演练至少两轮，由三级评审人扮演评委提问"
    sources = ["来自方案 DEMO-2025-005《某省人民医院 设备预测性维护》（某省人民医院）的复盘：赢单，2025-06-30。",
               "来自方案 P-9《Fabrikam 全渠道服务台》（Fabrikam）的复盘：丢单，2026-09-01。"]
    merged = passages(lesson, "\n\n".join([lesson, *sources]), 256)
    assert merged == passages(lesson, f"{lesson}\n\n{sources[1]}", 256) == [f"{lesson}\n{lesson}"]
    english = "From the retrospective of P-1 “Bid P-1” (Contoso): won, decided 2026-05-01."
    assert passages("Price early", f"Price early\n\n{english}", 256) == ["Price early\nPrice early"]
    # a paragraph that only looks like one is the item's own text
    told = "来自方案 P-1 的复盘经验：报价要早"
    assert told in passages("复盘", f"正文\n\n{told}", 256)[0]


def test_fusions_say_which_leg_found_each_item() -> None:
    fused = blend(["a", "b"], [("c", 0.6), ("a", 0.3)], word_weight=0.5, k=1.0)
    assert [f.id for f in fused] == ["c", "a", "b"]
    assert {f.id: f.legs for f in fused} == {"a": (WORDS, MEANING), "b": (WORDS,), "c": (MEANING,)}
    rrf = fuse(["a", "b"], [("b", 0.9), ("c", 0.8)])
    assert rrf[0].id == "b" and rrf[0].legs == (WORDS, MEANING)


def test_a_keyword_hit_that_shares_little_of_what_was_asked_counts_for_little() -> None:
    # "a" is the keyword leg's first but shares a quarter of the text's words; "c" shares none
    # and is closer in meaning. In full, the first keyword place is worth 0.2 / 2 = 0.1.
    words, meaning = ["a"], [("c", 0.40), ("a", 0.34)]
    assert [f.id for f in blend(words, meaning, 0.2, 1.0)] == ["a", "c"]  # 0.44 against 0.40
    assert [f.id for f in blend(words, meaning, 0.2, 1.0, {"a": 0.25})] == ["c", "a"]  # 0.365
    assert [f.id for f in blend(words, meaning, 0.2, 1.0, {"a": 1.0})] == ["a", "c"]


def test_sync_encodes_only_what_is_missing(ws: Workspace) -> None:
    _with_items(ws)
    assert ws.meaning.sync() == 3
    assert ws.meaning.sync() == 0
    assert _keeper(ws).sync() == 0  # the files survive the process
    item = ws.knowledge.get("faq-refund")
    ws.knowledge.update(ws.actor(), "faq-refund",
                        dataclasses.replace(ITEMS[1], title="发票怎么开？", body="在订单页面申请增值税专用发票。"),
                        item.version)
    assert ws.meaning.sync() == 1
    assert ws.meaning.nearest("How do I get a VAT invoice?", 1)[0][0] == "faq-refund"
    keeper = _keeper(ws)
    assert keeper.sync() == 0 and keeper.count() == 3



def test_after_a_full_sync_only_the_items_the_change_log_names_are_compared(ws: Workspace) -> None:
    """A save's sync compares the items changed since the last sync, not every item (at 50k
    items that read was most of the time from a save to the item being found by meaning); a
    process's first sync, a sync cut short and a long log compare every item."""
    from sqlalchemy import delete

    from workbench.core.db.models import KnowledgeChange, KnowledgeItem
    from workbench.core.meaning import vectors as vectors_module

    _with_items(ws)
    keeper = ws.meaning.vectors
    assert keeper.sync() == 3 and keeper.compared == 3  # the first sync of a process: every item
    assert keeper.sync() == 0 and keeper.compared == 0  # nothing in the log since
    item = ws.knowledge.get("faq-refund")
    ws.knowledge.update(ws.actor(), "faq-refund",
                        dataclasses.replace(ITEMS[1], title="发票怎么开？", body="在订单页面申请增值税专用发票。"),
                        item.version)
    assert keeper.sync() == 1 and keeper.compared == 1
    assert keeper.nearest("How do I get a VAT invoice?", 1)[0][0] == "faq-refund"
    ws.knowledge.archive(ws.actor(), "objection-price")  # the same text: its vectors stay
    assert keeper.sync() == 0 and keeper.compared == 1 and keeper.has("objection-price")
    with ws.db.write() as session:  # an item deleted, as a purge does: row gone, change logged
        session.execute(delete(KnowledgeItem).where(KnowledgeItem.slug == "faq-onprem"))
        session.add(KnowledgeChange(slug="faq-onprem", deleted=True))
    assert keeper.sync() == 0 and not keeper.has("faq-onprem") and keeper.count() == 2
    # a sync cut short leaves the next one comparing every item
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, slug="faq-sla", title="SLA 是多少？",
                                              body="P1 故障 15 分钟响应，4 小时恢复。"))
    assert keeper.sync(cancelled=lambda: True) == 0
    assert keeper.sync() == 1 and keeper.compared == 3
    # more changes than are looked up one by one: every item again
    vectors_module.FOLLOW_AT_MOST, saved = 1, vectors_module.FOLLOW_AT_MOST
    try:
        for n in range(2):
            item = ws.knowledge.get("faq-sla")
            ws.knowledge.update(ws.actor(), "faq-sla", ItemDraft(kind=Kind.FAQ, slug="faq-sla", title=f"SLA {n}",
                                                                 body="P1 故障 15 分钟响应。"), item.version)
        assert keeper.sync() == 1 and keeper.compared == 3
    finally:
        vectors_module.FOLLOW_AT_MOST = saved


def test_the_manifest_is_written_a_chunk_at_a_time_and_read_back_whole(ws: Workspace,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Written MANIFEST_CHUNK items at a time: every item named once, valid JSON across the
    chunks, and the next process finds every item's rows (nothing to encode again)."""
    from workbench.core.meaning import vectors as vectors_module

    monkeypatch.setattr(vectors_module, "MANIFEST_CHUNK", 2)  # three items: two chunks
    _with_items(ws)
    assert ws.meaning.sync() == 3
    written = json.loads((ws.meaning.vectors.folder / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(written["items"]) == sorted(i.slug for i in ITEMS)
    assert sum(count for _key, _start, count in written["items"].values()) == written["rows"]
    keeper = _keeper(ws)
    assert keeper.sync() == 0 and keeper.count() == 3
    assert keeper.nearest("Can it be installed in our own data centre?", 1)[0][0] == "faq-onprem"

def test_another_encoder_re_encodes_everything(ws: Workspace) -> None:
    _with_items(ws)
    ws.meaning.sync()
    renamed = _keeper(ws, RenamedEncoder())
    assert renamed.sync() == 3
    assert renamed.sync() == 0
    assert _keeper(ws).sync() == 3  # and back


@pytest.mark.parametrize("damage", ["garbage manifest", "short file", "rows past the manifest"])
def test_damaged_files_are_rebuilt_or_repaired(ws: Workspace, damage: str) -> None:
    _with_items(ws)
    ws.meaning.sync()
    folder = ws.meaning.vectors.folder
    if damage == "garbage manifest":
        (folder / MANIFEST).write_text("{not json", encoding="utf-8")
        expected = 3
    elif damage == "short file":
        data = (folder / ROWS_FILE).read_bytes()
        (folder / ROWS_FILE).write_bytes(data[: len(data) // 2])
        expected = 3
    else:  # a crash after appending rows and before saving the manifest that names them
        with (folder / ROWS_FILE).open("ab") as f:
            f.write(b"\x01" * 1024 * 3)
        expected = 0
    keeper = _keeper(ws)
    assert keeper.sync() == expected
    assert keeper.count() == 3
    assert (folder / ROWS_FILE).stat().st_size % (2 * keeper.encoder.dim) == 0
    assert keeper.nearest("Can it be installed in our own data centre?", 1)[0][0] == "faq-onprem"


def test_search_adds_meaning_where_words_fail_and_keeps_short_queries_exact(ws: Workspace) -> None:
    _with_items(ws)
    request = SearchRequest(text="Can the product run in our own data centre without the public cloud?")
    before = ws.search.search(request)
    assert "faq-onprem" not in [h.id for h in before.hits]  # no shared words: the keyword leg alone misses it
    ws.meaning.sync()
    after = ws.search.search(request)  # the sync made search forget its cached answer
    assert after.hits[0].id == "faq-onprem"
    assert after.found_by["faq-onprem"] == (MEANING,)
    short = SearchRequest(text="退款")
    ws.search.meaning = None
    words_only = [h.id for h in ws.search.search(short).hits]
    ws.search.meaning = ws.meaning.hybrid
    ws.search.forget()
    assert [h.id for h in ws.search.search(short).hits] == words_only == ["faq-refund"]


def test_meaning_respects_filters_and_ignores_nonsense(ws: Workspace) -> None:
    _with_items(ws)
    ws.meaning.sync()
    question = "Can the product run in our own data centre without the public cloud?"
    assert "faq-onprem" in [h.id for h in ws.search.search(SearchRequest(text=question)).hits]
    only_objections = ws.search.search(SearchRequest(text=question, kind="objection")).hits
    assert "faq-onprem" not in [h.id for h in only_objections]
    assert all(h.kind == "objection" for h in only_objections)
    ws.knowledge.archive(ws.actor(), "faq-onprem")
    ws.index.sync()
    ws.meaning.sync()
    assert "faq-onprem" not in [h.id for h in ws.search.search(SearchRequest(text=question)).hits]
    assert ws.search.search(SearchRequest(text="xyzzy qwerty plugh")).hits == []


def test_vectors_live_beside_the_index(ws: Workspace) -> None:
    _with_items(ws)
    ws.meaning.sync()
    folder: Path = ws.meaning.vectors.folder
    assert folder.parent == ws.paths.index.parent
    assert (folder / ROWS_FILE).stat().st_size > 0


def test_similar_to_a_requirement_finds_answers_in_the_other_language(ws: Workspace) -> None:
    _with_items(ws)
    requirement = "The vendor must support installation in the customer's own data centre; no data may leave the intranet."
    assert "faq-onprem" not in [h.id for h in ws.search.similar(text=requirement)]  # by words alone
    ws.meaning.sync()
    hits = ws.search.similar(text=requirement)
    assert hits[0].id == "faq-onprem" and hits[0].matched == ()  # found by meaning: no shared words
    assert [h.id for h in ws.search.similar(text=requirement, kinds=("objection",))] in ([], ["objection-price"])
    assert "faq-onprem" not in [h.id for h in ws.search.similar(item_id="faq-onprem")]


def test_pinyin_and_initials_suggest_the_librarys_own_words(ws: Workspace) -> None:
    _with_items(ws)
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, slug="faq-quote", title="报价单多久有效？",
                                              body="报价自发出之日起三十天内有效。"))
    ws.index.sync()
    assert ws.meaning.pinyin.suggest("tuikuan") == ["退款"]
    assert "报价" in ws.meaning.pinyin.suggest("bj")  # initials
    assert ws.meaning.pinyin.suggest("baojia") == ["报价"]  # not 保价: a word the library does not have
    assert ws.meaning.pinyin.suggest("hello world") == []
    assert ws.meaning.pinyin.suggest("退款") == []  # already Chinese
    results = ws.search.search(SearchRequest(text="baojia"))  # nothing says "baojia": 报价 searched instead
    assert results.searched_for == "报价" and results.hits[0].id == "faq-quote"
    typed = ws.search.search(SearchRequest(text="baojia", as_typed=True))
    assert typed.hits == [] and typed.suggestion == "报价"
    assert ws.meaning.pinyin.suggest("fapiao") == []
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, slug="faq-invoice", title="发票什么时候开？",
                                              body="合同签订后五个工作日内开具发票。"))
    ws.index.sync()  # a new segment: its words join the ones already read
    assert ws.meaning.pinyin.suggest("fapiao") == ["发票"]
    assert ws.meaning.pinyin.suggest("baojia") == ["报价"]


def _a_segment_each(ws: Workspace, items: list[tuple[str, str]]) -> UserView:
    """The demo-free items, then each of ``items`` (title, body) saved into a segment of its own."""
    _with_items(ws)
    actor = ws.actor()
    for n, (title, body) in enumerate(items):
        ws.knowledge.create(actor, ItemDraft(kind=Kind.FAQ, slug=f"faq-p{n}", title=title, body=body))
        ws.index.sync()
    return actor


def test_pinyin_readings_hold_across_segments_and_pypinyin_is_let_go_after_reading(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc
    import sys
    import types

    from workbench.core.meaning import pinyin as pinyin_module

    # homophones and shared initials over three segments: each word once, every reading found
    actor = _a_segment_each(ws, [("报价单", "报价自发出之日起三十天内有效。"), ("保价服务", "运输保价另行收费。"),
                                 ("北京机房", "北京与背景资料。")])
    ws.meaning.pinyin.prepare()
    assert "pypinyin" not in sys.modules  # its phrase tables (57 MB) go back once the words are read
    # ... and nothing keeps them alive: out of sys.modules but still referenced, they stayed resident
    assert not [m for m in gc.get_objects() if isinstance(m, types.ModuleType) and m.__name__.startswith("pypinyin")]
    assert sorted(ws.meaning.pinyin.suggest("baojia")) == ["保价", "报价"]
    assert set(ws.meaning.pinyin.suggest("bj")) >= {"报价", "保价", "北京", "背景"}
    assert ws.meaning.pinyin.suggest("beijing") == ["北京", "背景"]  # equally frequent: by the word
    assert ws.meaning.pinyin.suggest("beijing baojia") == ["北京 保价"]
    # the readings are kept beside the index: the next start finds them without pypinyin
    def no_pypinyin() -> None:
        raise AssertionError("pypinyin imported for words already read once")

    monkeypatch.setattr(pinyin_module, "_pypinyin", no_pypinyin)
    again = pinyin_module.PinyinSuggester(ws.index)
    assert again.suggest("beijing") == ["北京", "背景"] and again.suggest("tuikuan") == ["退款"]
    monkeypatch.undo()
    readings = Path(str(ws.index.folder) + pinyin_module.SUFFIX)
    readings.write_bytes(readings.read_bytes()[:-40] + b"\xff\xfe\n")  # damaged: read again
    assert pinyin_module.PinyinSuggester(ws.index).suggest("beijing") == ["北京", "背景"]
    # no room for more words: the segments read so far keep theirs, a new one adds nothing
    monkeypatch.setattr(pinyin_module, "MAX_WORDS", len(ws.meaning.pinyin._vocabulary))
    ws.knowledge.create(actor, ItemDraft(kind=Kind.FAQ, slug="faq-invoice", title="发票", body="开具发票。"))
    ws.index.sync()
    assert ws.meaning.pinyin.suggest("fapiao") == []
    assert sorted(ws.meaning.pinyin.suggest("baojia")) == ["保价", "报价"]


def test_pinyin_room_counts_each_word_once_and_keeps_some_for_the_session(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    from whoosh.reading import SegmentReader

    from workbench.core.meaning import pinyin as pinyin_module

    # a segment each, sharing words (报价单) with the others
    actor = _a_segment_each(ws, [("报价单", "报价单有效。"), ("保价服务", "保价另行收费，报价单另附。"),
                                 ("北京机房", "北京机房的报价单。")])
    everything = pinyin_module.PinyinSuggester(ws.index)
    everything.prepare()
    every = len(everything._vocabulary)
    # one word short of the library's, plus one kept for the session: the first walk stops one
    # word early, yet counts every segment as read (a word in two segments counts once)
    monkeypatch.setattr(pinyin_module, "MAX_WORDS", every)
    monkeypatch.setattr(pinyin_module, "RESERVED_WORDS", 1)
    suggester = pinyin_module.PinyinSuggester(ws.index)
    suggester.prepare()
    assert len(suggester._vocabulary) == every - 1
    assert suggester.suggest("beijing") == ["北京"]  # the newest segments are read first
    with ws.index.searcher() as s:
        assert suggester._segments == {leaf.segment().segment_id() for leaf, _ in s.reader().leaf_readers()}

    ws.knowledge.create(actor, ItemDraft(kind=Kind.FAQ, slug="faq-invoice", title="发票", body="开具发票。"))
    ws.index.sync()
    walked = []
    lexicon = SegmentReader.lexicon

    def counted(self: SegmentReader, fieldname: str):  # type: ignore[no-untyped-def]
        walked.append(self.segment().segment_id())
        return lexicon(self, fieldname)

    monkeypatch.setattr(SegmentReader, "lexicon", counted)
    suggester.prepare()
    assert len(walked) == 1  # only the save's segment: the others were read (or skipped) already
    assert suggester.suggest("fapiao") == ["发票"]  # the room kept for the session


def test_a_search_does_not_wait_while_the_librarys_words_are_read(ws: Workspace) -> None:
    import threading

    _a_segment_each(ws, [("报价单", "报价单有效。")])
    pinyin = ws.meaning.pinyin
    held, release = threading.Event(), threading.Event()

    def reading() -> None:  # what the background sync's walk of a large library looks like
        with pinyin._lock:
            held.set()
            release.wait(10)

    walker = threading.Thread(target=reading)
    walker.start()
    held.wait(10)
    try:
        assert pinyin.suggest("baojia") == []  # the search goes on without a suggestion
        assert [h.id for h in ws.search.search(SearchRequest(text="报价单")).hits] == ["faq-p0"]
    finally:
        release.set()
        walker.join()
    assert pinyin.suggest("baojia") == ["报价"]


def test_a_large_library_is_searched_in_two_steps_and_finds_the_same_best_item(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.core.meaning import matrix as matrix_module

    monkeypatch.setattr(matrix_module, "COARSE_FROM", 1000)
    monkeypatch.setattr(matrix_module, "SAMPLE", 800)
    rng = np.random.default_rng(3)
    rows = rng.standard_normal((3000, 512)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    path = tmp_path / ROWS_FILE
    path.write_bytes(rows.astype(np.float16).tobytes())
    spans = [(i * 3, 3) for i in range(1000)]  # 1,000 items of three passages
    built = matrix_module.build([f"item-{i}" for i in range(1000)], spans, path, 512)
    assert built.projection is not None  # the two-step form
    for target in (7, 512, 2998):
        query = rows[target] + 0.5 * rng.standard_normal(512).astype(np.float32) / np.sqrt(512)
        query /= np.linalg.norm(query)
        exact = np.maximum.reduceat(rows @ query, np.arange(0, 3000, 3))
        best = built.best(query, 5)
        assert best[0][0] == f"item-{target // 3}" == f"item-{int(np.argmax(exact))}"
        assert abs(best[0][1] - float(exact.max())) < 1e-2




def test_a_large_librarys_coarse_rows_are_int8_and_score_as_their_float_projections(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The coarse step keeps each passage's projection in a quarter of the memory; what it
    scores is the float32 projection within half a step of each row's scale."""
    from workbench.core.meaning import matrix as matrix_module

    monkeypatch.setattr(matrix_module, "COARSE_FROM", 1000)
    monkeypatch.setattr(matrix_module, "SAMPLE", 800)
    monkeypatch.setattr(matrix_module, "CHUNK", 700)  # the product in several chunks, the last one short
    rng = np.random.default_rng(5)
    # passages on a few dozen topics (a library's texts share directions), then noise
    rows = rng.standard_normal((2400, 40)).astype(np.float32) @ rng.standard_normal((40, 512)).astype(np.float32)
    rows += 0.3 * rng.standard_normal((2400, 512)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    path = tmp_path / ROWS_FILE
    path.write_bytes(rows.astype(np.float16).tobytes())
    built = matrix_module.build([f"item-{i}" for i in range(1200)], [(i * 2, 2) for i in range(1200)], path, 512)
    assert built.projection is not None and built.rows.dtype == np.int8
    assert built.rows.nbytes == 2400 * matrix_module.COARSE_DIM
    projected = rows.astype(np.float16).astype(np.float32) @ built.projection.T
    dequantized = built.coarse_rows(slice(None))
    step = np.abs(projected).max(axis=1) / 127
    assert np.all(np.abs(dequantized - projected) <= step[:, None] / 2 + 1e-6)
    assert np.allclose(built.coarse_rows(np.array([3, 2399])), dequantized[[3, 2399]])
    query = rows[1234] + 0.2 * rng.standard_normal(512).astype(np.float32) / np.sqrt(512)
    query /= np.linalg.norm(query)
    on_directions = built.projection @ query
    coarse = built.coarse_scores(on_directions)
    bound = step / 2 * np.abs(on_directions).sum() + 1e-5  # each term off by at most half a step
    assert np.all(np.abs(coarse - projected @ on_directions) <= bound)
    exact = np.maximum.reduceat(rows @ query, np.arange(0, 2400, 2))
    assert [s for s, _c in built.best(query, 10)] == [f"item-{i}" for i in np.argsort(-exact)[:10]]
def test_the_mapped_embedding_table_gives_the_same_vectors_and_is_made_once(tmp_path: Path) -> None:
    texts = ["私有化部署", "on-premises deployment", "報價太高", "数据血缘"]
    in_memory = UniversalSentenceEncoder().encode(texts)
    mapped = UniversalSentenceEncoder(tmp_path / "cache")
    assert np.allclose(mapped.encode(texts), in_memory, atol=1e-6)
    table = next((tmp_path / "cache").glob("usem3-*-table.u8"))
    made = table.stat().st_mtime_ns
    assert table.stat().st_size == 17 * 7530 * 512
    mapped.trim()  # mapped afresh: the same rows
    again = UniversalSentenceEncoder(tmp_path / "cache")  # a second process finds it made
    assert np.allclose(again.encode(["數據血緣", "vendor lock-in"]),
                       UniversalSentenceEncoder().encode(["數據血緣", "vendor lock-in"]), atol=1e-6)
    assert table.stat().st_mtime_ns == made


def test_a_table_that_cannot_be_written_falls_back_to_memory(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    encoder = UniversalSentenceEncoder(blocked / "cache")  # cannot make a folder under a file
    assert np.allclose(encoder.encode(["报价"]), UniversalSentenceEncoder().encode(["报价"]), atol=1e-6)


def test_a_short_query_keeps_its_exact_keyword_hit_first_even_before_its_vectors(ws: Workspace) -> None:
    for n in range(1, 4):
        ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, slug=f"faq-busy-{n}", title=f"wombat{n} question",
                                                  body=f"About wombat{n}."))
    ws.index.sync()
    ws.meaning.sync()
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, slug="faq-busy-9", title="wombat9 question",
                                              body="About wombat9."))
    ws.index.sync()  # saved a moment ago: indexed, not yet encoded
    results = ws.search.search(SearchRequest(text="wombat9"))
    assert results.hits[0].id == "faq-busy-9" and results.hits[0].found_by == ("words",)
    assert {h.id for h in results.hits[1:]} & {"faq-busy-1", "faq-busy-2"}  # the meaning found its likes
    assert all(h.by_meaning_only for h in results.hits[1:])


def test_among_items_with_every_word_one_without_vectors_keeps_its_keyword_place(ws: Workspace) -> None:
    """Meaning orders the items that have every word of a short query, but an item saved a
    moment ago (no vectors yet) cannot be judged and keeps the place its words gave it."""
    actor = ws.actor()
    ws.knowledge.create(actor, ItemDraft(kind=Kind.FAQ, slug="faq-wombat-care", title="How to care for a wombat",
                                         body="Feed the wombat grass and roots; wombats dig burrows."))
    ws.index.sync()
    ws.meaning.sync()
    ws.knowledge.create(actor, ItemDraft(kind=Kind.FAQ, slug="faq-wombat", title="wombat", body="wombat"))
    ws.index.sync()  # indexed, not yet encoded
    hook, ws.search.meaning = ws.search.meaning, None
    words = [h.id for h in ws.search.search(SearchRequest(text="wombat")).hits]
    ws.search.meaning = hook
    ws.search.forget()
    assert words[:2] == ["faq-wombat", "faq-wombat-care"]
    assert [h.id for h in ws.search.search(SearchRequest(text="wombat")).hits][:2] == words[:2]
    ws.meaning.sync()  # now both can be judged: the meaning may order them, the words stay on top
    assert {h.id for h in ws.search.search(SearchRequest(text="wombat")).hits[:2]} == set(words[:2])


def test_a_large_librarys_matrix_takes_a_save_without_a_rebuild(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """A library searched in two steps keeps its matrix when an item is saved or edited: the
    item's new vectors are scored exactly beside it (a rebuild reads every vector: seconds at 50k
    items), its old ones no longer count, and a question in another language finds it at once."""
    from workbench.core.meaning import matrix as matrix_module

    monkeypatch.setattr(matrix_module, "COARSE_FROM", 2)  # the three items count as a large library
    _with_items(ws)
    ws.meaning.sync()
    built = ws.meaning.vectors._matrix
    assert built.projection is not None
    actor = ws.actor()
    ws.knowledge.create(actor, ItemDraft(kind=Kind.FAQ, slug="faq-canteen", title="员工食堂每周更新午餐菜单",
                                         body="公司食堂的午餐菜单每周一更新，提供素食窗口。"))
    ws.index.sync()
    ws.meaning.sync()
    assert ws.meaning.vectors._matrix.projection is built.projection  # not rebuilt
    hits = ws.search.search(SearchRequest(text="What does the staff canteen serve for lunch?")).hits
    assert hits[0].id == "faq-canteen" and hits[0].found_by == (MEANING,)
    assert ws.meaning.vectors.count() == 4
    refund = ws.knowledge.get("faq-refund")
    ws.knowledge.update(actor, "faq-refund", dataclasses.replace(
        ITEMS[1], title="停车场在哪里？", body="访客的车停在地下二层，前台盖章免费。"), expected_version=refund.version)
    ws.index.sync()
    ws.meaning.sync()
    assert ws.meaning.vectors._matrix.projection is built.projection
    near = ws.meaning.nearest("Where can visitors park their car?", 5)
    assert near[0][0] == "faq-refund"
    assert [s for s, _c in near].count("faq-refund") == 1  # the old version's vectors no longer count
    assert not [s for s, _c in ws.meaning.nearest("How do I get my money back for an order?", 5) if s == "faq-refund"]
    assert ws.meaning.vectors.count() == 4
    assert ws.meaning.vectors.nearest_to_item("faq-canteen", 3)  # a recent item has neighbours too


def test_a_long_item_is_found_by_its_best_passage(ws: Workspace) -> None:
    """An item longer than the encoder's window is split into passages and scores by its best
    one: a question about what only its last paragraph says finds it."""
    _with_items(ws)
    training = "培训安排：第一周讲解系统架构与管理后台，第二周由讲师带领完成实际操作演练和考核。" * 12
    body = f"{training}\n\n{training}\n\n灾备方案：生产中心与同城灾备中心之间实时同步数据，主中心故障时三十分钟内完成切换。"
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, slug="faq-long", title="项目交付说明", body=body))
    ws.index.sync()
    ws.meaning.sync()
    assert len(passages("项目交付说明", body, ws.meaning.vectors.encoder.window)) >= 3
    near = ws.meaning.nearest("What is the disaster recovery failover time between data centres?", 3)
    assert near[0][0] == "faq-long", near
    # its best passage (the last), not the first: the training paragraphs score below 0.2 alone
    assert near[0][1] > 0.25


def test_pinyin_readings_file_answers_a_few_words_by_a_scan_as_the_index_would(tmp_path: Path) -> None:
    from workbench.core.meaning import pinyin as pinyin_module

    path = tmp_path / "index.pinyin"
    header = pinyin_module._ReadingsFile(path).header
    filler = [(f"词{n:03d}", ["ci", "x"]) for n in range(80)]
    records = [("报价", ["bao", "jia"]), ("北京市", ["bei", "jing", "shi"]), ("北京", ["bei", "jing"]), ("〇", []),
               *filler, ("保价", ["bao", "jia"])]
    path.write_bytes(header + b"".join(f"{w}\t{' '.join(s)}\n".encode() for w, s in records))
    asked = ["报价", "北京", "北京市", "〇", "保价", "京", "价", "词079", "背景"]
    few = pinyin_module._ReadingsFile(path).readings_of(asked)  # scanned
    many = pinyin_module._ReadingsFile(path).readings_of(asked + [w for w, _s in filler])[: len(asked)]  # indexed
    assert few == many == [["bao", "jia"], ["bei", "jing"], ["bei", "jing", "shi"], [], ["bao", "jia"], None, None,
                           ["ci", "x"], None]
    # readings computed meanwhile are found, and written after the file's own
    saved = pinyin_module._ReadingsFile(path)
    saved.add([("背景", ["bei", "jing"])])
    assert saved.readings_of(["背景"]) == [["bei", "jing"]] and saved.changed
    saved.add([("〇〇", [])])
    # and when many words are asked (the records indexed): the file's and those computed meanwhile alike
    assert saved.readings_of(["背景", "〇〇", "报价", *[w for w, _s in filler]])[:3] == [["bei", "jing"], [],
                                                                                     ["bao", "jia"]]
    saved.add([("后来", ["hou", "lai"])])  # computed once the records are indexed
    assert saved.readings_of(["后来"]) == [["hou", "lai"]]
    before = path.read_bytes()
    saved.save()
    assert path.read_bytes() == before + "背景\tbei jing\n〇〇\t\n后来\thou lai\n".encode()
    # a damaged record: its word is read again (None), like every word of a damaged file
    path.write_bytes(before[: -len("bao jia\n")] + b"\xff\xfe\n")  # 保价's reading
    assert pinyin_module._ReadingsFile(path).readings_of(["保价", "报价"]) == [None, None]
    assert pinyin_module._ReadingsFile(path).readings_of([w for w, _s in filler]) == [None] * len(filler)


def test_a_first_build_stopped_halfway_leaves_the_words_alone_until_the_rest_is_encoded(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """Blended with the words, the items encoded first would win over those still waiting for
    their vectors only for that: until all but a few have them, matching is by the words, in
    this process and in the next one (the app closed during its first build)."""
    from workbench.core.meaning import vectors as vectors_module

    _with_items(ws)
    for n in range(9):
        ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, slug=f"faq-filler-{n}", title=f"机房巡检第 {n} 项",
                                                  body=f"每周检查第 {n} 号机柜的温度和电源。"))
    ws.index.sync()
    monkeypatch.setattr(vectors_module, "BATCH", 2)
    batches = []
    assert ws.meaning.sync(progress=lambda done, total, _label: batches.append(done),
                           cancelled=lambda: bool(batches)) == 2
    keeper = ws.meaning.vectors
    assert keeper.unjudged == 10 and not keeper.judges_library()
    question = "Can it be installed in our own data centre?"
    assert ws.meaning.nearest(question) == []
    assert all(h.found_by == (WORDS,) for h in ws.search.similar(text="产品能否本地化部署到客户机房", limit=5))
    relaunched = _keeper(ws)
    relaunched.ensure_loaded()
    assert relaunched.count() == 2 and relaunched.unjudged == 10 and not relaunched.judges_library()
    assert ws.meaning.sync() == 10 and keeper.unjudged == 0 and keeper.judges_library()
    assert ws.meaning.nearest(question, 1)[0][0] == "faq-onprem"
    assert any(MEANING in h.found_by for h in ws.search.similar(text="产品能否本地化部署到客户机房", limit=5))
