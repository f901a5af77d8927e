"""Guards on what makes search and start-up slow: work deferred until needed, "did you mean"
answered from a bounded candidate set, and phrase checks that stop within a work budget.
Work is counted (positions decoded, candidates looked at), never timed."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from whoosh import query as wq
from whoosh.reading import MultiReader

from tests.core.test_search import searchable  # noqa: F401  (the demo workspace, per backend)
from workbench.core.search import ranking, spelling
from workbench.core.search.query import SearchRequest, Synonyms
from workbench.core.workspace import Workspace


def test_start_up_imports_pay_for_no_hash_and_no_segmenter() -> None:
    # the workspace (every CLI command and the app import it) neither hashes a dummy password
    # nor loads the segmenter until a sign-in check or a text needs them
    code = (
        "import sys, workbench.core.workspace, workbench.core.auth as a;"
        "print(a._dummy_hash.cache_info().currsize, 'rjieba' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "False"]


def _typos(word: str) -> list[str]:
    """One of each kind of slip: a character changed, dropped, doubled, two swapped."""
    middle = len(word) // 2
    other = "x" if word.isascii() else "丁"
    out = [word[:middle] + other + word[middle + 1 :], word[:middle] + word[middle + 1 :], word[:middle] + word[middle] + word[middle:]]
    if len(word) > 2:
        out.append(word[:middle - 1] + word[middle] + word[middle - 1] + word[middle + 1 :])
    return [t for t in out if t != word]


def test_suggestions_are_whooshs_from_a_bounded_candidate_set(searchable: Workspace) -> None:  # noqa: F811
    """The candidate table gives what whoosh's corrector gives walking the whole dictionary
    (as it does on an index of several segments: Damerau-Levenshtein, a swap is one edit), for
    typos of every kind over the demo's own vocabulary, looking at few candidates each."""
    compared = 0
    with searchable.index.searcher() as s:
        walk = MultiReader([leaf for leaf, _base in s.reader().leaf_readers()])
        for field, maxdist_of, prefix in (("content", lambda w: 1, 0), ("spell", lambda w: 1 if len(w) <= 4 else 2, 1)):
            fieldobj = s.schema[field]
            words = [fieldobj.from_bytes(b) for b in s.reader().lexicon(field)]
            words = [w for w in words if 2 <= len(w) <= 12 and (w.isascii() == (field == "spell"))][::7][:100]
            assert len(words) > 40
            for word in words:
                for typo in _typos(word):
                    if len(typo) <= prefix or (field, typo) in s.reader():
                        continue  # not a typo: the service suggests nothing for known words
                    maxdist = maxdist_of(typo)
                    expected = walk.corrector(field).suggest(typo, limit=1, maxdist=maxdist, prefix=prefix)
                    if expected and expected[0].isascii() != typo.isascii():
                        continue  # a Chinese word is not corrected into an English one (documented)
                    before = spelling.stats["candidates_checked"]
                    got = spelling.suggest(s, field, typo, maxdist=maxdist, prefix=prefix)
                    assert spelling.stats["candidates_checked"] - before < 400
                    assert got == (expected[0] if expected and expected[0] != typo else None), (field, typo)
                    compared += 1
    assert compared > 300


def test_did_you_mean_reads_the_vocabulary_once_per_segment(searchable: Workspace) -> None:  # noqa: F811
    spelling.forget()
    built = spelling.stats["tables_built"]
    for typo, fixed in (("私有化布署", "私有化部署"), ("migraton", "migration"), ("等保三及", "等保三级")):
        assert searchable.search.search(SearchRequest(text=typo)).suggestion == fixed
    with searchable.index.searcher() as s:
        segments = len(list(s.reader().leaf_readers()))
    # one table per segment for Chinese words and one for English ones, built by the first typo
    assert spelling.stats["tables_built"] - built == 2 * segments


def _library_of_common_words(ws: Workspace, tmp_path: Path, apart: int, together: int) -> None:
    """``apart`` items holding "security" and "training" never side by side, and ``together``
    longer ones (lower scores) holding "security training"."""
    rows = ["Question,Answer"]
    for n in range(apart):
        rows.append(f"Security question {n}?,Security policy review {n} then the onboarding training of staff.")
    for n in range(together):
        filler = " ".join(f"filler{n}x{k}" for k in range(40))
        rows.append(f"Course {n}?,The security training course {n}. {filler}")
    path = tmp_path / "common.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = ws.importer.run(ws.actor(), [path]).value
    assert report.added == apart + together, report
    ws.index.sync()


def test_a_phrase_of_common_words_rarely_adjacent_stops_at_its_budget(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _library_of_common_words(ws, tmp_path, apart=160, together=4)
    monkeypatch.setattr(ranking, "CHECK_BUDGET", 40)
    request = SearchRequest(text='"security training"', per_page=10)
    before = ranking.work["positions_decoded"]
    cut = ws.search.search(request)
    decoded = ranking.work["positions_decoded"] - before
    # 164 items hold both words; positions were decoded for the budget's worth (and the last
    # batch begun), the answer is marked an estimate instead of holding up the next search
    assert 40 <= decoded <= 40 + ranking.CHECK_BATCH < 164
    assert not cut.exact
    # affordable, the same search is exact and finds the four items where the words are adjacent
    monkeypatch.setattr(ranking, "CHECK_BUDGET", 10_000)
    ws.search.forget()
    full = ws.search.search(request)
    assert full.exact and full.total == 4
    assert len(full.hits) == 4 and all(h.title.startswith("Course") for h in full.hits)


def test_a_synonym_phrase_is_looked_for_in_its_best_candidates_only(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _library_of_common_words(ws, tmp_path, apart=160, together=4)
    ws.search.synonyms = Synonyms([["kickoff", "security training"]])
    monkeypatch.setattr(ranking, "PHRASE_BUDGET", 30)
    before = ranking.work["positions_decoded"]
    results = ws.search.search(SearchRequest(text="kickoff"))
    assert ranking.work["positions_decoded"] - before == 30  # not the 164 holding both words
    assert not results.exact
    monkeypatch.setattr(ranking, "PHRASE_BUDGET", 10_000)
    ws.search.forget()
    results = ws.search.search(SearchRequest(text="kickoff"))
    assert results.exact and results.total == 4


def test_did_you_mean_tables_are_prepared_in_the_background_after_a_change(ws: Workspace, tmp_path: Path) -> None:
    _library_of_common_words(ws, tmp_path, apart=30, together=2)
    ws.search.search(SearchRequest(text="security"))  # the first search of this index version
    for thread in threading.enumerate():
        if thread.name == "did-you-mean tables":
            thread.join()
    built = spelling.stats["tables_built"]
    assert ws.search.search(SearchRequest(text="securty")).suggestion == "security"
    assert spelling.stats["tables_built"] == built  # the typo found them ready


def test_the_app_prepares_did_you_mean_before_the_first_search(ws: Workspace, tmp_path: Path) -> None:
    # what the desktop app does once its index is open (gui/indexer.py): the tables are built in
    # the background before anyone searches, so a launch's first typo does not build them
    _library_of_common_words(ws, tmp_path, apart=30, together=2)
    before = spelling.stats["tables_built"]
    ws.search.prepare()
    for thread in threading.enumerate():
        if thread.name == "did-you-mean tables":
            thread.join()
    built = spelling.stats["tables_built"]
    assert built > before
    assert ws.search.search(SearchRequest(text="trainng", as_typed=True)).suggestion == "training"
    assert spelling.stats["tables_built"] == built  # the first search's typo found them ready
    ws.search.prepare()  # asked again for the same index version: nothing started twice
    assert not [t for t in threading.enumerate() if t.name == "did-you-mean tables"]


def test_a_pasted_paragraph_does_not_push_out_the_words_asked_for_often(
    searchable: Workspace, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    """The scored words kept per searcher are bounded; when a long pasted text brings more words
    than fit, a word searched for again and again stays and the paragraph's once-asked words
    are the ones not kept (plain least-recently-used kept none of the common words), but for a
    moment, for the same query's next page."""
    ws = searchable
    monkeypatch.setattr(ws.search, "cache_size", 0)  # every search computed; only the scored words are kept
    ws.search.forget()
    with ws.index.searcher() as s:
        lexicon = [s.schema["content"].from_bytes(b) for b in s.reader().lexicon("content")]
        common = ranking.unit_table(s, wq.Term("content", "客户"))
        sizes = {w: len(ranking.unit_table(s, wq.Term("content", w)))
                 for w in lexicon if len(w) >= 2 and not w.isascii() and w != "客户"}
    others = sorted(sizes, key=lambda w: -sizes[w])[:40]
    assert sum(sizes[w] for w in others) > 5 * len(common)  # the paragraph's words hold far more than the budget
    paragraph = "，".join(others)
    monkeypatch.setattr(ranking, "MAX_CACHED_POSTINGS", len(common) + 20)
    ws.search.forget()
    for _ in range(3):
        first = ws.search.search(SearchRequest(text="客户"))
    scored = ranking.work["units_scored"]
    ws.search.search(SearchRequest(text="客户"))
    assert ranking.work["units_scored"] == scored  # kept
    ws.search.search(SearchRequest(text=paragraph))
    scored = ranking.work["units_scored"]
    again = ws.search.search(SearchRequest(text="客户"))
    assert ranking.work["units_scored"] == scored  # still kept: not scored again
    assert [(h.id, h.score) for h in again.hits] == [(h.id, h.score) for h in first.hits]
    # the paragraph's words were not kept among the tables, but among the last few refused: asked
    # again at once (its next page), it is not scored again
    scored = ranking.work["units_scored"]
    ws.search.search(SearchRequest(text=paragraph, page=2))
    assert ranking.work["units_scored"] == scored


def test_a_first_search_imports_nothing_more_of_numpy(tmp_path: Path) -> None:
    # numpy's np.unique (and np.isin, which calls it) imports numpy.ma the first time it runs
    # (~15 ms), which fell on the first search of a process that checked a quoted phrase or
    # united words; ranking works on its sorted arrays by bisection instead
    code = """
import json, sys
from pathlib import Path
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.search.query import SearchRequest
from workbench.core.workspace import Workspace, WorkspaceSettings
ws = Workspace.open(WorkspaceSettings(home=Path(sys.argv[1]), load_demo=False, automatic_backups=False))
bodies = ["Data migration runs in two phases with a rollback plan.", "Migration of data is checked twice.",
          "数据迁移分两个阶段进行，并有回退方案。", "The rollback plan is tested before go-live."]
for n, body in enumerate(bodies):
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, title=f"Item {n}", body=body, slug=f"item-{n}"))
ws.index.sync()
before = set(sys.modules)
found = [len(ws.search.search(SearchRequest(text=text)).hits)
         for text in ['"data migration"', "data migration rollback", "数据迁移 go-live"]]
print(json.dumps({"found": found, "imported": sorted(m for m in set(sys.modules) - before if m.split(".")[0] == "numpy")}))
ws.close()
"""
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "home")], capture_output=True, text=True,
                         check=True)
    answer = json.loads(out.stdout.splitlines()[-1])
    assert all(answer["found"]), answer  # each search found something: the paths above ran
    assert answer["imported"] == [], answer
