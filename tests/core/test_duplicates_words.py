"""Near-duplicates by their words before any vectors exist (the first build not run yet, or
matching by meaning off): the whole library's pairs are found at once, and they are the pairs one
"more like this" query per item found (a Traditional twin, a copy with a paragraph added, a
near-copy; not a same-topic answer that says something else); word pairs that very many items
hold do not make the work explode; progress is heard and a long list is cut to its closest pairs.
A few items without vectors in a library that has them are asked about one query each."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from itertools import combinations

import numpy as np
import opencc
import pytest

from bench.duplicates_labels import EXTRA
from tests.backends import Backend, Templates, copy_home
from workbench.core.knowledge.lessons import without_sources
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.search import related, word_pairs
from workbench.core.search.related import WORDS
from workbench.core.search.word_pairs import LibraryWords, share
from workbench.core.workspace import Workspace

WRITTEN = {e.slug: e for e in EXTRA}
PARAGRAPH = ("\n\n另外，我们为每个客户指定一名客户成功经理，每季度回访一次，"
             "并在续约前提供一份使用情况分析报告，列出活跃用户数和主要功能的使用频率。")


@pytest.fixture(scope="module")
def library(templates: Templates, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """The demo library with a near-copy, a same-topic answer that says something else, a
    Traditional twin of a demo answer and a copy of another with a paragraph added; no vectors."""
    backend = Backend("sqlite", None)
    home = copy_home(templates, backend, True, tmp_path_factory.mktemp("words") / "home")
    ws = Workspace.open(backend.settings(home))
    actor = ws.actor()
    for slug in ("dup-sla-copy", "neg-sla-onprem", "dup-api-copy"):
        e = WRITTEN[slug]
        ws.knowledge.create(actor, ItemDraft(kind=Kind(e.kind), title=e.title, body=e.body, slug=slug))
    to_traditional = opencc.OpenCC("s2t")
    sm4 = ws.knowledge.get("faq-sm4-encryption")
    ws.knowledge.create(actor, ItemDraft(kind=Kind.FAQ, title=to_traditional.convert(sm4.title),
                                         body=to_traditional.convert(sm4.body), slug="twin-sm4-zht"))
    training = ws.knowledge.get("faq-training-plan")
    ws.knowledge.create(actor, ItemDraft(kind=Kind.FAQ, title=training.title, body=training.body + PARAGRAPH,
                                         slug="training-plus-paragraph"))
    ws.index.ensure()
    yield ws
    ws.close()
    backend.cleanup()


def _words(ws: Workspace) -> dict[frozenset[str], float]:
    found = ws.search.related.all_duplicates()
    assert {p.why for p in found} <= {WORDS}
    return {frozenset((p.id, p.other_id)): p.similarity for p in found}


def test_the_whole_library_at_once_finds_the_pairs_one_query_per_item_found(
        library: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not library.search.related.meaning_ready()  # no vectors: every item by its words
    at_once = _words(library)
    monkeypatch.setattr(related, "QUERIES_FOR_FEW", 0)  # one "more like this" query per item, as before
    by_queries = _words(library)
    assert at_once == by_queries
    assert at_once[frozenset(("twin-sm4-zht", "faq-sm4-encryption"))] == 1.0  # folded to the same words
    assert at_once[frozenset(("training-plus-paragraph", "faq-training-plan"))] == 1.0  # all of the smaller
    assert at_once[frozenset(("dup-sla-copy", "faq-sla-availability"))] >= related.DUPLICATE_THRESHOLD
    assert frozenset(("neg-sla-onprem", "faq-sla-availability")) not in at_once  # another answer
    for pair, score in at_once.items():  # each pair's overlap as the single measure gives it
        a, b = (library.knowledge.get(slug) for slug in sorted(pair))
        assert score == round(word_pairs.similarity(without_sources(f"{a.title}\n{a.body}"),
                                                    without_sources(f"{b.title}\n{b.body}")), 3)


def test_progress_is_heard_and_a_long_list_is_cut_to_its_closest_pairs(
        library: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    heard: list[tuple[int, int, str]] = []
    everything = library.search.related.all_duplicates(progress=lambda done, of, what: heard.append((done, of, what)))
    assert {what for _d, _o, what in heard} == {WORDS}
    assert len(heard) >= 2 and heard[-1][0] == heard[-1][1]  # to the end
    assert [done for done, _o, _w in heard] == sorted(done for done, _o, _w in heard)
    monkeypatch.setattr(related, "PAIRS_SHOWN", 3)
    cut = library.search.related.all_duplicates()
    assert cut.cut and len(cut) == 3 and cut.found == len(everything)
    assert list(cut) == list(everything)[:3]


def test_a_few_items_added_after_the_vectors_were_built_are_compared_by_their_words(
        demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    demo_ws.index.ensure()
    demo_ws.meaning.sync()
    for slug in ("dup-sla-copy", "neg-sla-onprem"):
        e = WRITTEN[slug]
        demo_ws.knowledge.create(demo_ws.actor(), ItemDraft(kind=Kind(e.kind), title=e.title, body=e.body, slug=slug))
    demo_ws.index.ensure()
    rel = demo_ws.search.related
    assert rel.meaning_ready() and rel.vectors is not None and not rel.vectors.has("dup-sla-copy")

    def pairs() -> dict[frozenset[str], tuple[float, str]]:
        return {frozenset((p.id, p.other_id)): (p.similarity, p.why) for p in rel.all_duplicates()}

    by_queries = pairs()  # two items in a hundred: a query each
    copy = by_queries[frozenset(("dup-sla-copy", "faq-sla-availability"))]
    assert copy[1] == WORDS and copy[0] >= related.DUPLICATE_THRESHOLD
    assert frozenset(("neg-sla-onprem", "faq-sla-availability")) not in by_queries
    monkeypatch.setattr(related, "QUERIES_FOR_FEW", 10_000)  # the whole library's words even for two
    assert pairs() == by_queries


def _brute(sets: list[np.ndarray], threshold: float) -> dict[tuple[str, str], float]:
    """Every pair's ``share``, from the whole incidence matrix (items x word pairs)."""
    vocabulary = np.unique(np.concatenate(sets))
    holds = np.zeros((len(sets), len(vocabulary)), np.float64)
    for i, s in enumerate(sets):
        holds[i, np.searchsorted(vocabulary, s)] = 1
    common = holds @ holds.T
    out = {}
    for i, j in combinations(range(len(sets)), 2):
        score = share(int(common[i, j]), len(sets[i]), len(sets[j]))
        if score >= threshold:
            out[(f"item-{i:04d}", f"item-{j:04d}")] = score
    return out


def _library(sets: list[np.ndarray]) -> LibraryWords:
    library = LibraryWords()
    for i, s in enumerate(sets):
        library.add(f"item-{i:04d}", s)
    return library


def _varied(rng: np.random.Generator, vocabulary: np.ndarray, weights: np.ndarray, items: int) -> list[np.ndarray]:
    """Texts of 1 to 120 word pairs drawn with Zipf frequencies (a few held by most items), and
    near-copies of some: a part of one, one with more added, one with some replaced."""
    sets = [np.unique(rng.choice(vocabulary, int(rng.integers(1, 120)), p=weights)) for _ in range(items)]
    for i in range(0, items, 7):
        source = sets[i]
        kept = source[rng.random(len(source)) < rng.uniform(0.55, 1.0)]
        added = rng.choice(vocabulary, int(rng.integers(0, 40)), p=weights)
        sets.append(np.unique(np.concatenate([kept, added])).astype(np.uint32))
    return sets


def test_every_pair_at_the_threshold_and_no_other_on_a_varied_library() -> None:
    rng = np.random.default_rng(7)
    vocabulary = rng.choice(2**32, 3000, replace=False).astype(np.uint32)
    weights = 1 / np.arange(1, 3001)
    weights /= weights.sum()
    sets = _varied(rng, vocabulary, weights, 400)
    expected = _brute(sets, 0.6)
    assert len(expected) > 100
    assert _library(sets).pairs(0.6) == expected
    wanted = {f"item-{i:04d}" for i in range(0, len(sets), 3)}
    assert _library(sets).pairs(0.6, wanted) == {p: s for p, s in expected.items() if wanted & set(p)}
    # far below the threshold the product uses almost every item is some other's partner: short
    # texts of common words are then met with a few of their holders only, never with a false pair
    loose = _brute(sets, 0.3)
    found = _library(sets).pairs(0.3)
    assert found.items() <= loose.items() and len(found) >= 0.99 * len(loose)


def test_word_pairs_held_by_many_items_are_not_counted_pair_by_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a small cap most word pairs are too common to be counted pair by pair: a pair is then
    still found whenever the smaller item has enough rare word pairs, nothing is reported that
    does not reach the threshold, and the short items of common words are still met."""
    monkeypatch.setattr(word_pairs, "MOST_HOLDERS", 6)
    rng = np.random.default_rng(11)
    vocabulary = rng.choice(2**32, 3000, replace=False).astype(np.uint32)
    weights = 1 / np.arange(1, 3001)
    weights /= weights.sum()
    sets = _varied(rng, vocabulary, weights, 300)
    held = {int(h): int(c) for h, c in zip(*np.unique(np.concatenate(sets), return_counts=True), strict=True)}
    expected = _brute(sets, 0.6)
    found = _library(sets).pairs(0.6)
    assert found.items() <= expected.items()  # exact scores, nothing below the threshold
    assert len(found) >= 0.95 * len(expected)

    def smaller(pair: tuple[str, str]) -> np.ndarray:
        return min((sets[int(slug[5:])] for slug in pair), key=len)

    def rare_enough(s: np.ndarray) -> bool:
        return sum(held[int(h)] <= 6 for h in s) >= word_pairs.least_common(len(s), 0.6)

    exact = {p for p in expected if rare_enough(smaller(p))}
    assert exact and exact <= found.keys()


def test_a_library_of_one_answer_copied_thousands_of_times_stays_bounded() -> None:
    """4,000 copies of one answer (eight million pairs, every word pair held by every item): each
    copy still meets a few of its copies, and neither the pairs nor the memory explode."""
    rng = np.random.default_rng(5)
    answer = rng.choice(2**32, 150, replace=False).astype(np.uint32)
    sets = [np.unique(np.concatenate([answer, rng.choice(2**32, 3).astype(np.uint32)])) for _ in range(4000)]
    library = _library(sets)
    tracemalloc.start()
    try:
        found = library.pairs(0.6)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    met = {slug for pair in found for slug in pair}
    assert len(met) == 4000  # every copy meets some of its copies...
    assert len(found) <= 25 * 4000  # ...a few dozen at most, not the 3,999 each has
    assert all(score >= 0.95 for score in found.values())
    assert peak < 120_000_000  # every pair's code alone would be 64 MB, their table many times that


def test_a_lesson_written_down_again_for_another_bid_is_a_near_copy(ws: Workspace) -> None:
    """The paragraphs naming the bids a lesson came from (a retrospective writes them) are not
    what the lesson says: the same lesson from other bids is a copy, another lesson from the same
    bid is not."""
    sources = {
        "en": ("From the retrospective of P-1 “Bid P-1” (Contoso): won, decided 2026-05-01.",
               "From the retrospective of P-9 “Service desk for Fabrikam Health” (Fabrikam Health): lost, "
               "decided 2026-09-01.\n\nFrom the retrospective of P-12 “CRM for Tailspin” (Tailspin): won, "
               "decided 2026-10-02."),
        "zh": ("来自方案 P-1《Bid P-1》（Contoso）的复盘：赢单，2026-05-01。",
               "来自方案 P-9《某省人民医院 全渠道服务台》（某省人民医院）的复盘：丢单，2026-09-01。"),
    }
    lessons = {"en": ("Bring the security questionnaire answers to the first meeting",
                      "Price the pilot apart from the licence so procurement can compare"),
               "zh": ("信创要求要在需求澄清阶段确认清楚，避免技术评分被扣", "述标演练至少两轮，由三级评审人扮演评委提问")}
    actor = ws.actor()
    for lang, (lesson, other) in lessons.items():
        first, again = sources[lang]
        for slug, text, source in ((f"{lang}-lesson", lesson, first), (f"{lang}-again", lesson, again),
                                   (f"{lang}-other", other, first)):
            ws.knowledge.create(actor, ItemDraft(kind=Kind.LESSON, title=text, body=f"{text}\n\n{source}", slug=slug))
    ws.index.ensure()
    for lang in lessons:
        found = {d.id: d for d in ws.search.related.near_duplicates(item_id=f"{lang}-lesson") if d.why == WORDS}
        assert found[f"{lang}-again"].similarity == 1.0 and f"{lang}-other" not in found
        pairs = {frozenset((p.id, p.other_id)): p.similarity for p in ws.search.related.all_duplicates()}
        assert pairs[frozenset((f"{lang}-lesson", f"{lang}-again"))] == 1.0
        assert frozenset((f"{lang}-lesson", f"{lang}-other")) not in pairs
    assert without_sources("来自方案 P-1《Bid P-1》（Contoso）的复盘：赢单，2026-05-01。").startswith("来自方案")  # nothing but a source: kept
