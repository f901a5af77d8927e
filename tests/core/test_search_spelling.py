""""Did you mean" ranks its candidates by the frequencies filed in its tables (spelling.py), summed
over the segments that hold each word as whoosh sums them: the suggestions are whoosh's own,
on an index of several segments where the most frequent word overall is not the most frequent
in any one segment."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from whoosh import index as windex
from whoosh.reading import MultiReader

from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.search import spelling
from workbench.core.search.query import SearchRequest
from workbench.core.search.scoring import segment_key
from workbench.core.workspace import Workspace


def _add(ws: Workspace, n: int, title: str) -> None:
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, title=title, body=f"{title} 说明 {n}。", slug=f"spell-{n}"))


def _join(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every segment counts as large: their tables are joined into one, as at 50k items."""
    monkeypatch.setattr(spelling, "JOIN_FROM", 1)
    joined = spelling.stats["tables_joined"]
    folder = str(ws.index.folder)
    spelling.prepare(lambda: windex.open_dir(folder).reader(), wait=True)
    assert spelling.stats["tables_joined"] == joined + len(spelling.JOINED_SPECS)  # the English table
    assert len(list(_kept(ws).glob("joined-*/*.npz"))) == len(spelling.JOINED_SPECS)  # kept for the next launch
    with ws.index.searcher() as s:
        tables = spelling._tables(s.reader(), spelling.ENGLISH)
        assert tables is not None and len(tables) == 1 and len(tables[0].segments) >= 2


@pytest.mark.parametrize("joined", [False, True], ids=["apart", "joined"])
def test_suggestions_sum_each_words_frequency_over_segments(ws: Workspace, joined: bool,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
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
    if joined:
        _join(ws, monkeypatch)
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


@pytest.mark.parametrize("joined", [False, True], ids=["apart", "joined"])
def test_an_english_word_is_known_from_the_tables_as_from_the_index(ws: Workspace, joined: bool,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether a word is a real one (not corrected) is read from the did-you-mean tables: the
    answer the index's own count gives, for every word of the vocabulary and for typos."""
    for n, title in enumerate(["zorbat federation", "zorbit onboarding", "security review"]):
        _add(ws, n, title)
    ws.index.sync()
    _add(ws, 9, "quarterly zorbat")
    ws.index.sync()
    spelling.forget()
    if joined:
        _join(ws, monkeypatch)
    with ws.index.searcher() as s:
        reader = s.reader()
        assert len(list(reader.leaf_readers())) >= 2
        words = [w.decode() if isinstance(w, bytes) else w for w in reader.lexicon("spell")]
        asked = [w for w in words if w.isascii()] + ["zorbet", "securty", "federatoin", "x" * 40]
        assert [spelling.known(s, w) for w in asked[:-1]] == [reader.doc_frequency("spell", w) > 0
                                                              for w in asked[:-1]]
        assert spelling.known(s, asked[-1]) is None  # too long to be filed: the index is asked
        assert spelling.known(s, "数据") is None
    assert ws.search.search(SearchRequest(text="zorbet")).suggestion == "zorbat"  # in two items
    assert ws.search.search(SearchRequest(text="quarterly")).suggestion is None


def _prepared(ws: Workspace) -> None:
    ws.search.search(SearchRequest(text="报价"))  # the first search of an index version starts the work
    for thread in threading.enumerate():
        if thread.name == "did-you-mean tables":
            thread.join()


def _two_segments(ws: Workspace) -> None:
    """zorbit and 甲丙 twice in one segment, zorbat and 甲乙 once in another."""
    for n, title in enumerate(["zorbit 甲丙", "zorbit 甲丙", "security 安全"]):
        _add(ws, n, title)
    ws.index.sync()
    _add(ws, 3, "zorbat 甲乙")
    ws.index.sync()


def _prepare_now(ws: Workspace) -> None:
    folder = str(ws.index.folder)
    spelling.prepare(lambda: windex.open_dir(folder).reader(), wait=True)


def _kept(ws: Workspace) -> Path:
    return ws.index.folder.with_name(ws.index.folder.name + spelling.SUFFIX)


def _segments(ws: Workspace) -> set[str]:
    with ws.index.searcher() as s:
        return {f"{segment_key(leaf)}-v{spelling.LAYOUT}" for leaf, _base in s.reader().leaf_readers()}


TYPOS = {"zorbet": "zorbit", "甲丁": "甲丙", "securty": "security"}


def _suggestions(ws: Workspace) -> dict[str, str | None]:
    ws.search.forget()
    return {typo: ws.search.search(SearchRequest(text=typo)).suggestion for typo in TYPOS}


def test_tables_are_kept_on_disk_and_read_back_by_another_process(ws: Workspace) -> None:
    """A process reads the tables another wrote instead of building them (17 s of CPU in every
    launch at 50k items), with the same suggestions; a damaged one is built again; those of
    merged-away segments are removed."""
    _two_segments(ws)
    _prepared(ws)
    assert {p.name for p in _kept(ws).iterdir()} == _segments(ws)
    expected = _suggestions(ws)
    assert expected == TYPOS

    spelling.forget()  # as in a new process
    built, read = spelling.stats["tables_built"], spelling.stats["tables_read"]
    assert _suggestions(ws) == expected
    assert spelling.stats["tables_built"] == built and spelling.stats["tables_read"] > read

    # another interpreter (Python seeds str hashes per process): the same suggestions from the files
    script = ("import sys; from whoosh import index; from workbench.core.search import spelling\n"
              "with index.open_dir(sys.argv[1]).searcher() as s:\n"
              "    print([spelling.correct(s, w) for w in sys.argv[2:]], spelling.stats['tables_built'])")
    out = subprocess.run([sys.executable, "-c", script, str(ws.index.folder), *TYPOS], capture_output=True,
                         text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "7"}).stdout
    assert out.strip() == f"{list(TYPOS.values())} 0"  # read, none built

    # damaged: read around (built again, the same suggestions), and the file removed
    for table in _kept(ws).glob("*/*.npz"):
        table.write_bytes(table.read_bytes()[:200])
    spelling.forget()
    built = spelling.stats["tables_built"]
    assert _suggestions(ws) == expected
    assert spelling.stats["tables_built"] > built and not list(_kept(ws).glob("*/*.npz"))

    # a save and an idle merge: the tables of the segments merged away are removed
    _add(ws, 4, "zorbit 甲丙")
    ws.index.sync()
    assert ws.index.sync() == 0  # nothing to apply: the small segments are merged
    _prepared(ws)
    assert {p.name for p in _kept(ws).iterdir()} == _segments(ws)
    assert _suggestions(ws) == expected


def test_a_joined_table_stands_for_its_segments_only(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """A save's small segment is looked up beside the joined table (not joined again: a save would
    cost a join); once segments are merged the joined table no longer stands for the index, the
    next search's preparation joins the tables again, and every suggestion stays whoosh's."""
    _two_segments(ws)
    spelling.forget()
    _join(ws, monkeypatch)
    assert _suggestions(ws) == TYPOS
    monkeypatch.setattr(spelling, "JOIN_FROM", 10)  # the segments written from now on are small
    for n in (4, 5, 6):  # zorbat overtakes zorbit, in a segment the joined table does not hold
        _add(ws, n, "zorbat 甲乙")
    ws.index.sync()
    joins = spelling.stats["tables_joined"]
    _prepared(ws)  # the new segment's tables, not a join: the large segments are unchanged
    assert spelling.stats["tables_joined"] == joins
    with ws.index.searcher() as s:
        leaves = [leaf for leaf, _base in s.reader().leaf_readers()]
        assert not spelling.missing(s)
        tables = spelling._tables(s.reader(), spelling.ENGLISH)
        assert tables is not None and len(tables) == 2 and not tables[1].segments  # joined + the new one
        walk = MultiReader(leaves)
        expected = walk.corrector("spell").suggest("zorbet", limit=1, maxdist=2, prefix=1)
        assert expected == ["zorbat"] and spelling.correct(s, "zorbet") == "zorbat"
    assert ws.index.sync() == 0  # an idle merge: the old segments are gone
    with ws.index.searcher() as s:
        assert spelling.missing(s)
    _prepared(ws)
    with ws.index.searcher() as s:
        assert not spelling.missing(s)
        leaves = [leaf for leaf, _base in s.reader().leaf_readers()]
        for typo, field, maxdist, prefix in (("zorbet", "spell", 2, 1), ("甲丁", "content", 1, 0)):
            expected = MultiReader(leaves).corrector(field).suggest(typo, limit=1, maxdist=maxdist, prefix=prefix)
            assert spelling.suggest(s, field, typo, maxdist=maxdist, prefix=prefix) == expected[0]


def test_a_launch_reads_the_joined_tables_kept_on_disk(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """The joined tables are read back, not joined again (a second of CPU at 50k items), with
    the same suggestions; damaged, they are joined again; merged away, they are removed."""
    _two_segments(ws)
    spelling.forget()
    _join(ws, monkeypatch)
    expected = _suggestions(ws)
    assert expected == TYPOS
    spelling.forget()  # as in a new process, whose first search prepares the tables
    joined, read, tables_read = (spelling.stats[k] for k in ("tables_joined", "joined_read", "tables_read"))
    _prepare_now(ws)
    assert spelling.stats["joined_read"] == read + 1 and spelling.stats["tables_joined"] == joined
    assert spelling.stats["tables_read"] == tables_read + 2  # the two segments' Chinese tables, not their English
    assert _suggestions(ws) == expected
    for table in _kept(ws).glob("joined-*/*.npz"):
        table.write_bytes(table.read_bytes()[:100])
    spelling.forget()
    _prepare_now(ws)
    assert spelling.stats["tables_joined"] == joined + 1 and _suggestions(ws) == expected
    assert ws.index.sync() == 0  # an idle merge: one segment left, nothing to join
    _prepare_now(ws)
    assert not list(_kept(ws).glob("joined-*")) and _suggestions(ws) == expected


def test_a_vocabulary_too_large_to_join_is_read_apart_and_not_tried_again(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    _two_segments(ws)
    spelling.forget()
    monkeypatch.setattr(spelling, "JOIN_FROM", 1)
    tried = []
    monkeypatch.setattr(spelling._Table, "joined", classmethod(lambda cls, tables: tried.append(1)))
    _prepare_now(ws)
    assert tried == [1] and not spelling._JOINED
    with ws.index.searcher() as s:
        assert not spelling.missing(s)  # a search does not start the preparation again
    _prepare_now(ws)
    assert tried == [1]
    assert _suggestions(ws) == TYPOS
