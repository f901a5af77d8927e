"""The postings arrays kept beside the index (postings.py): built in the background after a
search, used for a word's first use, derived only (removing them changes no answer), and
removed with the segments merged away."""

from __future__ import annotations

import shutil
import threading
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from workbench.core.search import postings, ranking
from workbench.core.search.query import SearchRequest
from workbench.core.search.scoring import segment_key
from workbench.core.workspace import Workspace

QUERIES = ["私有化部署", "等保三级 测评", "SSO LDAP", "数据迁移 回滚", '"数据治理"', "单点登录", "price too high",
           "竞品降价", "72小时 故障", "客户 培训", "实施周期"]


def _building() -> None:
    for thread in threading.enumerate():
        if thread.name == "postings arrays":
            thread.join()


def _prepared(ws: Workspace) -> None:
    # one build at a time in a process: an earlier test's index, still being prepared, would
    # have this index's build done after its own, and counted in the stats meanwhile
    _building()
    ws.search.search(SearchRequest(text="报价"))  # the first search of an index version starts the work
    _building()


def _answers(ws: Workspace) -> list[tuple[int, list[tuple[str, float]]]]:
    ws.search.forget()  # every word read again (from the arrays, or decoded from whoosh's postings)
    out = []
    for text in QUERIES:
        results = ws.search.search(SearchRequest(text=text, per_page=50))
        out.append((results.total, [(h.id, h.score) for h in results.hits]))
    return out


def _segments(ws: Workspace) -> set[str]:
    """The folder names of the segments that are to have arrays (``MIN_DOCS`` documents or more)."""
    with ws.index.searcher() as s:
        return {postings.folder_name(str(segment_key(leaf))) for leaf, _base in s.reader().leaf_readers()
                if leaf.doc_count_all() >= postings.MIN_DOCS}


def _edit(ws: Workspace) -> None:
    """An item given a new word: a segment of one document (and a deletion in the old one)."""
    item = ws.knowledge.get("faq-sso-ldap-en")
    draft = replace(item.to_draft(), body=item.body + "\n\nAlso zqxfederation for partners.")
    ws.knowledge.update(ws.actor(), item.slug, draft, item.version)
    ws.index.sync()
    _prepared(ws)


def test_postings_arrays_are_derived_and_follow_the_segments(demo_ws: Workspace,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    ws = demo_ws
    monkeypatch.setattr(postings, "MIN_DOCS", 1)  # the edit's segment of one document has arrays too
    _prepared(ws)
    folder = ws.index.folder.with_name(ws.index.folder.name + postings.SUFFIX)
    assert {p.name for p in folder.iterdir()} == _segments(ws)
    looked_up = postings.stats["lookups"]
    with_arrays = _answers(ws)
    assert postings.stats["lookups"] > looked_up  # the words came from the arrays
    assert any(hits for _total, hits in with_arrays)

    # without them (removed, or never built) every answer is the same, to the last bit of the score
    shutil.rmtree(folder)
    postings.forget()
    looked_up = postings.stats["lookups"]
    assert _answers(ws) == with_arrays
    assert postings.stats["lookups"] == looked_up

    # an edit adds a segment (and deletes the old document in another): arrays follow, and the
    # edited item is found by its new words, not its old ones, whichever way words are read
    _edit(ws)
    assert {p.name for p in folder.iterdir()} == _segments(ws)
    ranking_hits = ws.search.search(SearchRequest(text="zqxfederation")).hits
    assert [h.id for h in ranking_hits] == ["faq-sso-ldap-en"]
    edited = _answers(ws)
    shutil.rmtree(folder)
    postings.forget()
    assert _answers(ws) == edited
    with ws.index.searcher() as s:
        ranking.forget(s)


def test_a_small_segment_goes_without_arrays_and_answers_the_same(demo_ws: Workspace) -> None:
    """The newest segments (a save's, an idle merge's) are read from whoosh's postings: their
    arrays were built after nearly every save, in a thread that slowed the next save."""
    ws = demo_ws
    _prepared(ws)
    _edit(ws)
    folder = ws.index.folder.with_name(ws.index.folder.name + postings.SUFFIX)
    with ws.index.searcher() as s:
        sizes = sorted(leaf.doc_count_all() for leaf, _base in s.reader().leaf_readers())
        assert not postings.missing(s)  # nothing left to build: the next versions' searches ask for none
    assert sizes[0] < postings.MIN_DOCS <= sizes[-1]
    assert {p.name for p in folder.iterdir()} == _segments(ws) != set()
    hits = ws.search.search(SearchRequest(text="zqxfederation")).hits
    assert [h.id for h in hits] == ["faq-sso-ldap-en"]
    looked_up = postings.stats["lookups"]
    with_arrays = _answers(ws)
    assert postings.stats["lookups"] > looked_up  # the large segment's words came from its arrays
    shutil.rmtree(folder)
    postings.forget()
    assert _answers(ws) == with_arrays


def test_arrays_written_with_a_segment_give_way_to_a_word_they_cannot_hold(tmp_path: Path) -> None:
    """The terms file separates words by NUL: a segment with such a word gets no arrays from
    the writer (its words are decoded from the index, as for any segment without them), and
    nothing of the attempt is left behind; one without is renamed into place whole."""
    from whoosh.formats import Positions

    value = Positions().encode([3, 7])
    docs, weights = np.array([0, 2], np.uint32), np.array([2.0, 1.0])
    decoded = postings.decode_chunk(docs, weights, value + value, [len(value), 2 * len(value)], [0, 1, 2])
    assert np.frombuffer(decoded.positions, "<i4").tolist() == [3, 7, 3, 7]

    refused = postings.SegmentArrays(tmp_path / "p" / "one-v2")
    refused.add(["a\x00b", "c"], decoded)
    assert refused.finish() is False
    kept = postings.SegmentArrays(tmp_path / "p" / "two-v2")
    kept.add(["ab", "c"], decoded)
    assert kept.finish() is True
    assert sorted(p.name for p in (tmp_path / "p").iterdir()) == ["two-v2"]
    assert np.frombuffer((tmp_path / "p" / "two-v2" / "starts.i64").read_bytes(), "<i8").tolist() == [0, 1, 2]
    assert np.frombuffer((tmp_path / "p" / "two-v2" / "pstarts.i64").read_bytes(), "<i8").tolist() == [0, 2, 4]
    abandoned = postings.SegmentArrays(tmp_path / "p" / "three-v2")
    abandoned.abandon()
    assert sorted(p.name for p in (tmp_path / "p").iterdir()) == ["two-v2"]


def test_a_words_document_frequency_from_the_arrays_is_whooshs_own(demo_ws: Workspace,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """"Did you mean" asks how many items hold each word of a typo: from the arrays where a
    segment has them, the same count whoosh's term table gives (deleted documents included),
    and 0 for a word the segment does not have."""
    ws = demo_ws
    monkeypatch.setattr(postings, "MIN_DOCS", 1)
    _prepared(ws)
    _edit(ws)  # a second segment, and a deleted document in the first
    with ws.index.searcher() as s:
        reader = s.reader()
        leaves = [leaf for leaf, _base in reader.leaf_readers()]
        assert len(leaves) > 1 and any(leaf.has_deletions() for leaf in leaves)
        words = [w.decode() if isinstance(w, bytes) else w for w in list(reader.lexicon("content"))[::7]]
        asked = [*words, "zqxfederation", "neverawordhere", "不存在的词"]
        for leaf in leaves:
            assert postings.doc_frequency(leaf, "私有化") is not None  # the arrays answer
            assert [postings.doc_frequency(leaf, w) for w in asked] == [leaf.doc_frequency("content", w) for w in asked]
    # a typo of the edit's new word: not in the index, and corrected to it
    assert ws.search.search(SearchRequest(text="zqxfederatoin")).suggestion == "zqxfederation"


JOINED_QUERIES = ["资料迁移", "私有化部署", "Single sign-on", "可用性 根因", '"国密 SM4"', "SCIM", "灾备演练",
                  "根因 报告", "软体授权", "Singel sign-on", "資料遷移"]


def _joined_answers(ws: Workspace) -> list[tuple[int, list[tuple[str, float]], str | None]]:
    ws.search.forget()  # every word looked up again, and the index's parts found again
    out = []
    for text in JOINED_QUERIES:
        results = ws.search.search(SearchRequest(text=text, per_page=50))
        out.append((results.total, [(h.id, h.score) for h in results.hits], results.suggestion))
    return out


def test_the_large_segments_arrays_are_joined_and_answer_as_each_segments_do(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild's large segments get one joined folder of arrays (a word is one look-up there
    instead of one a segment), written by the rebuild's processes; a save's small segment after
    them leaves it in use, and a document deleted from a joined segment stays deleted. Every
    answer, to the last bit of its score, is the one each segment's own arrays give, and the
    one whoosh's postings give."""
    from tests.core.test_index_parallel_rebuild import _fill, _in_workers
    from workbench.core.search import build as build_module

    _fill(ws, tmp_path)
    ws.index.ensure()
    _in_workers(ws, monkeypatch)
    monkeypatch.setattr(build_module, "SEGMENT_BYTES", 2000)  # several segments
    monkeypatch.setattr(postings, "MIN_DOCS", 1)
    monkeypatch.setattr(postings, "JOIN_FROM", 2)  # segments of two documents or more are joined
    joined_here = postings.stats["joined"]
    ws.index.rebuild()
    folder = ws.index.folder.with_name(ws.index.folder.name + postings.SUFFIX)
    with ws.index.searcher() as s:
        leaves = list(s.reader().leaf_readers())
        run = []
        for leaf, _base in leaves:
            if leaf.doc_count_all() < 2:
                break
            run.append(str(segment_key(leaf)))
        assert len(run) >= 2
        parts = postings.parts(s.reader())
        assert parts[0].reader is None and parts[0].segment == postings.joined_name(run)
        assert [p.base for p in parts[1:]] == [base for _leaf, base in leaves[len(run):]]
        assert not postings.missing(s)  # nothing left for the background threads
    assert (folder / postings.joined_name(run) / "terms").exists()
    assert postings.stats["joined"] == joined_here  # joined by the rebuild's process, not this one

    # a save: its segment of one document comes after the joined ones, and the item's old
    # document, in a joined segment, is deleted
    item = ws.knowledge.get("parallel-0")
    ws.knowledge.update(ws.actor(), item.slug, replace(item.to_draft(), title="演练计划", body="灾备演练与根因报告。"),
                        item.version)
    ws.index.sync()
    _prepared(ws)
    with ws.index.searcher() as s:
        parts = postings.parts(s.reader())
        assert parts[0].segment == postings.joined_name(run) and len(parts) == len(leaves) - len(run) + 2
        assert any(leaf.has_deletions() for leaf, _base in s.reader().leaf_readers())
    assert {p.name for p in folder.iterdir()} >= {postings.joined_name(run)}
    looked_up = postings.stats["lookups"]
    joined = _joined_answers(ws)
    assert postings.stats["lookups"] > looked_up
    assert all(hit != "parallel-0" for hit, _score in joined[0][1])  # its old words: gone
    assert joined[1][1] and joined[4][1]
    assert [hit for hit, _score in joined[6][1]] == ["parallel-0"]  # its new ones found
    assert joined[9][2] == "single sign-on"  # "did you mean" from the joined arrays too

    # the same answers from each segment's own arrays, and from whoosh's postings
    monkeypatch.setattr(postings, "JOIN_FROM", 10**9)
    assert _joined_answers(ws) == joined
    shutil.rmtree(folder)
    postings.forget()
    assert _joined_answers(ws) == joined
    with ws.index.searcher() as s:
        ranking.forget(s)


def test_joined_arrays_follow_the_segments_they_join(demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """Written in the background after a search when due, named after the segments they join:
    when the run of large segments changes (here every segment counts as large), the next
    preparation writes the new run's and removes the old."""
    ws = demo_ws
    monkeypatch.setattr(postings, "MIN_DOCS", 1)
    monkeypatch.setattr(postings, "JOIN_FROM", 1)
    folder = ws.index.folder.with_name(ws.index.folder.name + postings.SUFFIX)
    _prepared(ws)
    _edit(ws)  # a second segment: two to join
    joined = [p.name for p in folder.iterdir() if p.name.startswith(postings.JOINED)]
    assert len(joined) == 1
    with ws.index.searcher() as s:
        assert postings.parts(s.reader())[0].segment == joined[0]
    item = ws.knowledge.get("faq-sso-ldap-en")
    ws.knowledge.update(ws.actor(), item.slug, replace(item.to_draft(), body=item.body + " zqxtrust"), item.version)
    ws.index.sync()
    _prepared(ws)
    now = [p.name for p in folder.iterdir() if p.name.startswith(postings.JOINED)]
    assert len(now) == 1 and now != joined
    assert [h.id for h in ws.search.search(SearchRequest(text="zqxtrust")).hits] == ["faq-sso-ldap-en"]
    answers = _answers(ws)
    monkeypatch.setattr(postings, "JOIN_FROM", 10**9)
    assert _answers(ws) == answers  # as each segment's own arrays answer
    with ws.index.searcher() as s:
        ranking.forget(s)
