"""Near-duplicates by meaning, through the search service and the command line: a Chinese
translation of an English answer is reported as similar in meaning, a same-topic answer that
says something else is not, a near-copy is still reported for its words; without vectors (their
first build still running) the words alone answer and nothing claims a meaning. A small subset of
bench/duplicates_labels.py (the benchmark that chose the thresholds)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from bench.duplicates_labels import EXTRA
from tests.backends import Backend, Templates, copy_home
from workbench.cli.main import main
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.meaning import neighbours
from workbench.core.meaning.encoder import Encoder
from workbench.core.meaning.matrix import COARSE_FROM
from workbench.core.meaning.vectors import VectorKeeper
from workbench.core.search.related import MEANING, WORDS, DuplicatePair
from workbench.core.workspace import Workspace

WRITTEN = {e.slug: e for e in EXTRA}
ADDED = ["dup-sso-zh", "dup-sla-copy", "dup-training-para", "neg-pricing-flat", "neg-sla-onprem", "neg-export-retention"]


@pytest.fixture(scope="module")
def library(templates: Templates, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    backend = Backend("sqlite", None)
    home = copy_home(templates, backend, True, tmp_path_factory.mktemp("dups") / "home")
    ws = Workspace.open(backend.settings(home))
    for slug in ADDED:
        e = WRITTEN[slug]
        ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind(e.kind), title=e.title, body=e.body, slug=slug))
    ws.index.ensure()
    ws.meaning.sync()
    yield ws
    ws.close()
    backend.cleanup()


def _pairs(ws: Workspace) -> dict[frozenset[str], DuplicatePair]:
    return {frozenset((p.id, p.other_id)): p for p in ws.search.all_duplicates()}


def test_a_translation_is_similar_in_meaning_and_a_near_copy_repeats_the_words(library: Workspace) -> None:
    found = {d.id: d for d in library.search.near_duplicates(item_id="dup-sso-zh")}
    assert found["faq-sso-ldap-en"].why == MEANING  # Chinese against English: no word pair in common
    copy = {d.id: d for d in library.search.near_duplicates(item_id="dup-sla-copy")}
    assert copy["faq-sla-availability"].why == WORDS and copy["faq-sla-availability"].similarity >= 0.6
    pairs = _pairs(library)
    assert pairs[frozenset(("dup-sso-zh", "faq-sso-ldap-en"))].why == MEANING
    assert pairs[frozenset(("dup-sla-copy", "faq-sla-availability"))].why == WORDS
    # a paraphrase in the same language, sharing few word pairs
    paraphrase = pairs[frozenset(("dup-training-para", "faq-training-plan"))]
    assert paraphrase.why == MEANING and paraphrase.title and paraphrase.other_title


def test_same_topic_with_another_answer_is_not_a_duplicate(library: Workspace) -> None:
    pairs = _pairs(library)
    for negative, demo in [("neg-pricing-flat", "faq-pricing-model"), ("neg-sla-onprem", "faq-sla-availability"),
                           ("neg-export-retention", "faq-data-export-exit-en")]:
        assert frozenset((negative, demo)) not in pairs
        assert demo not in {d.id for d in library.search.near_duplicates(item_id=negative)}
    # the demo's closest pair of different answers (two call-centre cases, 0.70) stays apart too
    assert frozenset(("case-energy-gas-call-center", "case-mfg-aftersales-service-cloud")) not in pairs


def test_a_draft_in_the_other_language_is_found_before_it_is_saved(library: Workspace) -> None:
    draft = WRITTEN["dup-export-zh"]  # a Chinese version of an English answer, not in the library
    found = library.search.near_duplicates(text=f"{draft.title}\n{draft.body}")
    assert [(d.id, d.why) for d in found][:1] == [("faq-data-export-exit-en", MEANING)]


def test_the_command_line_says_why_in_json_and_in_the_persons_language(
        library: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    home = str(library.paths.home)
    assert main(["--home", home, "duplicates", "--json"]) == 0
    rows = {frozenset((r["id"], r["other_id"])): r for r in json.loads(capsys.readouterr().out)}
    translation = rows[frozenset(("dup-sso-zh", "faq-sso-ldap-en"))]
    assert (translation["why"], translation["reason"]) == ("meaning", "similar in meaning")
    assert rows[frozenset(("dup-sla-copy", "faq-sla-availability"))]["why"] == "words"
    assert main(["--home", home, "--lang", "zh", "duplicates"]) == 0
    out = capsys.readouterr()
    assert "dup-sso-zh" in out.out and "意思相近" in out.out and "用词相同" in out.out
    assert out.err == ""  # the vectors are there: no note that meaning is missing


def test_without_vectors_the_words_alone_answer_and_say_so(demo_ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    for slug in ("dup-sla-copy", "dup-sso-zh"):
        e = WRITTEN[slug]
        demo_ws.knowledge.create(demo_ws.actor(), ItemDraft(kind=Kind(e.kind), title=e.title, body=e.body, slug=slug))
    demo_ws.index.ensure()
    assert not demo_ws.search.related.meaning_ready()  # the first build has not run
    pairs = _pairs(demo_ws)
    assert pairs[frozenset(("dup-sla-copy", "faq-sla-availability"))].why == WORDS
    assert frozenset(("dup-sso-zh", "faq-sso-ldap-en")) not in pairs  # a translation needs the meaning
    assert {p.why for p in pairs.values()} == {WORDS}
    assert [d.why for d in demo_ws.search.near_duplicates(item_id="dup-sla-copy")] == [WORDS]
    # the same database from the terminal (a team's: its address given, as a person gives it)
    where = ["--home", str(demo_ws.paths.home)]
    where += ["--database-url", demo_ws.settings.database_url] if demo_ws.settings.database_url else []
    demo_ws.close()
    assert main([*where, "duplicates"]) == 0
    out = capsys.readouterr()
    assert "Matching by meaning is not ready yet" in out.err and "dup-sla-copy" in out.out
    assert "(same words)" in out.out


class _Fixed:
    """An encoder that is never asked (the vectors below are written directly)."""

    name, dim, window = "fixed", 64, 400

    def encode(self, texts: object) -> np.ndarray:
        raise AssertionError("nothing is encoded for pairs of stored items")

    def trim(self) -> None:
        return None


def test_every_pair_of_a_large_library_in_block_products(tmp_path: Path, ws: Workspace) -> None:
    """Past COARSE_FROM passages the matrix is a coarse projection re-scored from the file:
    planted near-copies among random vectors are found with their exact cosine, and nothing
    else (random directions in 64 dimensions sit far below the threshold). With 64 dimensions the
    projection keeps every direction: this checks the block products, the pairing and the
    re-scoring from the file, not the projection's loss (real encodings keep 95 % of their
    variance in it, matrix.py)."""
    rng = np.random.default_rng(3)
    n = COARSE_FROM // 2 + 500  # two passages an item
    rows = rng.standard_normal((n * 2, 64)).astype(np.float32)
    planted = {(10, 4000): 0.05, (777, 9001): 0.1, (5, 6): 0.02}
    for (a, b), noise in planted.items():
        rows[2 * b + 1] = rows[2 * a] + noise * rng.standard_normal(64).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    folder = tmp_path / "vectors"
    folder.mkdir()
    (folder / "vectors.f16").write_bytes(rows.astype(np.float16).tobytes())
    slug = [f"item-{i:05d}" for i in range(n)]
    (folder / "manifest.json").write_text(json.dumps({
        "format": 1, "encoder": "fixed", "dim": 64, "rows": n * 2,
        "items": {slug[i]: [f"{i:064x}", 2 * i, 2] for i in range(n)}}), encoding="utf-8")
    encoder: Encoder = _Fixed()
    keeper = VectorKeeper(folder, ws.db, encoder)
    keeper.ensure_loaded()
    assert keeper._matrix.projection is not None  # the large library's two-step matrix
    found = neighbours.all_pairs(keeper, 0.9)
    assert found is not None
    expected = {(slug[a], slug[b]): float(rows[2 * a] @ rows[2 * b + 1]) for a, b in planted}
    assert {(a, b) for a, b, _c in found} == set(expected)
    for a, b, cosine in found:
        assert cosine == pytest.approx(expected[(a, b)], abs=0.01)  # exact (float16 rows), not coarse


def test_a_long_list_is_cut_to_the_closest_pairs_and_says_so_in_both_languages(
        library: Workspace, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from workbench.core.search import related

    everything = library.search.all_duplicates()
    assert not everything.cut and everything.found == len(everything) >= 3
    monkeypatch.setattr(related, "PAIRS_SHOWN", 2)
    cut = library.search.all_duplicates()
    assert cut.cut and cut.found == len(everything) and list(cut) == list(everything)[:2]
    assert cut[0].why == WORDS  # the near-copies first, the closest first
    home = str(library.paths.home)
    assert main(["--home", home, "duplicates", "--json"]) == 0
    out = capsys.readouterr()
    assert len(json.loads(out.out)) == 2
    assert f"{len(everything)} pairs of near-duplicates were found; the closest 2 are listed" in out.err
    assert main(["--home", home, "--lang", "zh", "duplicates"]) == 0
    assert f"共找到 {len(everything)} 对近似重复，仅列出最接近的 2 对" in capsys.readouterr().err


def test_many_near_copies_each_item_offers_its_few_nearest_exactly(
        tmp_path: Path, ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """A library of many near-copies (clusters of 30 versions of one answer among unrelated
    items), with tiles and a first-bar sample far smaller than the library so that every path of
    the tiled product is taken: the pairs are exactly those of a brute-force comparison (each
    item's CANDIDATES nearest items at the threshold or above, each pair once), never more than
    CANDIDATES pairs an item offers."""
    monkeypatch.setattr(neighbours, "TILE", 97)
    monkeypatch.setattr(neighbours, "SAMPLE", 40)
    rng = np.random.default_rng(11)
    items, dim, per_item, threshold = 700, 64, 5, 0.8
    counts = rng.integers(1, 3, items)  # one or two passages
    rows = rng.standard_normal((int(counts.sum()), dim)).astype(np.float32)
    owner = np.repeat(np.arange(items), counts)
    for cluster in range(8):  # items 0..239: eight clusters of thirty near-copies
        centre = rng.standard_normal(dim).astype(np.float32)
        for member in range(cluster * 30, cluster * 30 + 30):
            first = int(np.flatnonzero(owner == member)[0])
            rows[first] = centre + 0.25 * rng.standard_normal(dim).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    rows = rows.astype(np.float16).astype(np.float32)  # what the file keeps
    folder = tmp_path / "vectors"
    folder.mkdir()
    (folder / "vectors.f16").write_bytes(rows.astype(np.float16).tobytes())
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    slug = [f"item-{i:05d}" for i in range(items)]
    (folder / "manifest.json").write_text(json.dumps({
        "format": 1, "encoder": "fixed", "dim": dim, "rows": len(rows),
        "items": {slug[i]: [f"{i:064x}", int(starts[i]), int(counts[i])] for i in range(items)}}), encoding="utf-8")
    keeper = VectorKeeper(folder, ws.db, _Fixed())
    found = neighbours.all_pairs(keeper, threshold, per_item)
    assert found is not None
    # brute force: every item's best passage pair with every other item
    scores = rows @ rows.T
    best = np.full((items, items), -np.inf, dtype=np.float32)
    np.maximum.at(best, (owner[:, None], owner[None, :]), scores)
    np.fill_diagonal(best, -np.inf)
    expected: dict[tuple[str, str], float] = {}
    for i in range(items):
        for j in np.argsort(-best[i])[:per_item]:
            if best[i, j] >= threshold:
                a, b = sorted((slug[i], slug[int(j)]))
                expected[(a, b)] = float(best[i, j])
    assert len(expected) > 8 * 30  # every near-copy offers its few nearest
    assert {(a, b) for a, b, _c in found} == set(expected)
    for a, b, cosine in found:
        assert cosine == pytest.approx(expected[(a, b)], abs=0.002)
    # each item offers CANDIDATES: a copy of thirty has 29 others above the threshold, yet the
    # pairs stay a few an item (an item may still be offered by more, a hub of its cluster)
    above = int((best >= threshold).sum()) // 2  # every pair of a cluster (the rest are far apart)
    assert len(found) <= per_item * 8 * 30 < above


def test_a_library_of_thousands_of_copies_stays_a_few_pairs_an_item_in_bounded_memory(
        tmp_path: Path, ws: Workspace) -> None:
    """The input that could exhaust memory: 4,000 copies of one answer (every pair above the
    threshold: eight million of them). Each item still offers only its CANDIDATES nearest, each
    finds its nearest copy, and the search holds a few tiles' worth of memory."""
    import tracemalloc

    rng = np.random.default_rng(5)
    items, dim, per_item = 4000, 64, 5
    centre = rng.standard_normal(dim).astype(np.float32)
    rows = centre + 0.05 * rng.standard_normal((items, dim)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    rows = rows.astype(np.float16).astype(np.float32)
    folder = tmp_path / "vectors"
    folder.mkdir()
    (folder / "vectors.f16").write_bytes(rows.astype(np.float16).tobytes())
    slug = [f"copy-{i:05d}" for i in range(items)]
    (folder / "manifest.json").write_text(json.dumps({
        "format": 1, "encoder": "fixed", "dim": dim, "rows": items,
        "items": {slug[i]: [f"{i:064x}", i, 1] for i in range(items)}}), encoding="utf-8")
    keeper = VectorKeeper(folder, ws.db, _Fixed())
    keeper.ensure_loaded()
    tracemalloc.start()
    try:
        found = neighbours.all_pairs(keeper, 0.8, per_item)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found is not None and items <= len(found) <= per_item * items
    assert peak < 40_000_000  # the pairs of every copy with every other would be hundreds of MB
    scores = rows @ rows.T
    np.fill_diagonal(scores, -np.inf)
    nearest = scores.max(axis=1)
    best_found = dict.fromkeys(slug, -1.0)
    for a, b, cosine in found:
        best_found[a], best_found[b] = max(best_found[a], cosine), max(best_found[b], cosine)
    for i in range(items):  # each copy's nearest copy (its score: copies may tie)
        assert best_found[slug[i]] == pytest.approx(float(nearest[i]), abs=0.001)
