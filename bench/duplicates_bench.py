"""Near-duplicate detection benchmark: the labelled pairs of bench/duplicates_labels.py over a
temporary copy of the demo library (with the items written for the benchmark added), judged by
the words alone, by the meaning alone and by the combined rule, at candidate thresholds.

    python bench/duplicates_bench.py            # the tables; JSON to bench/results/duplicates.json
    python bench/duplicates_bench.py --scale /tmp/wb-r50k/corpus-50000   # cost on a large library
    python bench/duplicates_bench.py --no-meaning           # the same, matching by meaning off
    python bench/duplicates_bench.py --scale LIBRARY --no-meaning   # the words-only whole list's cost

For each labelled pair it finds, as the product does: the words' score (word_pairs.similarity, a lesson's bids left out,
over the keyword leg's candidates: "more like this", top 5 each way) and the meaning's score
(the best pair of passages' cosine, over the vector leg's nearest items, top 5 each way; a pair
not among the candidates scores nothing). Prints precision / recall / F1 per rule and threshold,
recall per category, and then what ``all_duplicates`` reports on the whole library with the
thresholds chosen in workbench/core/search/related.py (pairs nobody labelled are listed, to be
looked at: a precision the labels alone cannot give)."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import opencc

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.duplicates_labels import EXTRA, PAIRS, TWINS, Pair  # noqa: E402
from workbench.core.knowledge.model import ItemDraft, Kind  # noqa: E402
from workbench.core.meaning import neighbours  # noqa: E402
from workbench.core.search import related  # noqa: E402
from workbench.core.workspace import Workspace, WorkspaceSettings  # noqa: E402

try:  # the words' measure moved there; a tree from before it (run on main, to compare) has it in related
    from workbench.core.search.word_pairs import similarity
except ImportError:
    similarity = related.similarity
try:  # the paragraphs naming a lesson's bids are left out of the comparison (not in older trees)
    from workbench.core.knowledge.lessons import without_sources
except ImportError:
    def without_sources(text: str) -> str:
        return text

CANDIDATES = related.CANDIDATES
WORD_THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7)
MEANING_THRESHOLDS = (0.60, 0.65, 0.70, 0.72, 0.75, 0.78, 0.80, 0.84, 0.88)
SAME_THRESHOLDS = (0.72, 0.75, 0.78, 0.80, 0.84)  # within one language
ACROSS_THRESHOLDS = (0.55, 0.58, 0.60, 0.62, 0.65)  # zh <-> en


def library(home: Path) -> Workspace:
    """The demo library with the benchmark's items (and script twins) added, indexed and encoded."""
    ws = Workspace.open(WorkspaceSettings(home=home))
    actor = ws.users.current()
    to_traditional = opencc.OpenCC("s2t")
    written = {e.slug: e for e in EXTRA}
    drafts = [ItemDraft(kind=Kind(e.kind), title=e.title, body=e.body, slug=e.slug) for e in EXTRA]
    for twin, source in TWINS.items():
        e = written[source]
        drafts.append(ItemDraft(kind=Kind(e.kind), title=to_traditional.convert(e.title),
                                body=to_traditional.convert(e.body), slug=twin))
    for draft in drafts:
        ws.knowledge.create(actor, draft)
    ws.index.ensure()
    ws.meaning.sync()
    return ws


def scores(ws: Workspace, pairs: list[Pair]) -> list[dict[str, object]]:
    """Each pair's words and meaning scores as the product's candidates would give them."""
    rel = ws.search.related
    keeper = ws.meaning.vectors
    word_candidates: dict[str, set[str]] = {}
    meaning_candidates: dict[str, set[str]] = {}

    def words_of(slug: str) -> set[str]:
        if slug not in word_candidates:
            word_candidates[slug] = {h.id for h in rel.similar(item_id=slug, limit=CANDIDATES)}
        return word_candidates[slug]

    def meaning_of(slug: str) -> set[str]:
        if slug not in meaning_candidates:
            meaning_candidates[slug] = {s for s, _c in neighbours.item_neighbours(keeper, slug, CANDIDATES) or []}
        return meaning_candidates[slug]

    languages = {slug: lang for slug, (_t, lang) in rel._live().items()}
    out = []
    for p in pairs:
        ta, tb = (rel._item_text(s, title_weight=1) for s in (p.a, p.b))
        word = similarity(without_sources(ta), without_sources(tb))
        cosine = neighbours.pair_cosine(keeper, p.a, p.b) or 0.0
        out.append({
            "a": p.a, "b": p.b, "duplicate": p.duplicate, "category": p.category,
            "words": round(word, 3), "words_candidate": p.b in words_of(p.a) or p.a in words_of(p.b),
            "meaning": round(cosine, 3), "meaning_candidate": p.b in meaning_of(p.a) or p.a in meaning_of(p.b),
            "across": related.meaning_threshold(languages[p.a], languages[p.b]) != related.MEANING_THRESHOLD,
        })
    return out


def rule_words(row: dict[str, object], t: float) -> bool:
    return bool(row["words_candidate"]) and float(row["words"]) >= t  # type: ignore[arg-type]


def rule_meaning(row: dict[str, object], t: float, across: float | None = None) -> bool:
    """Cosine at least ``t``; with ``across``, at least that for a zh <-> en pair instead."""
    limit = across if across is not None and row["across"] else t
    return bool(row["meaning_candidate"]) and float(row["meaning"]) >= limit  # type: ignore[arg-type]


def unlabelled(ws: Workspace, labelled: set[frozenset[str]]) -> list[tuple[str, str, float, bool]]:
    """Every pair of the library the vector leg offers (each item's few nearest) that nobody
    labelled: (a, b, cosine, across languages). Almost all are different answers."""
    languages = {slug: lang for slug, (_t, lang) in ws.search.related._live().items()}
    pairs = neighbours.all_pairs(ws.meaning.vectors, 0.5, CANDIDATES) or []
    return [(a, b, c, related.meaning_threshold(languages[a], languages[b]) != related.MEANING_THRESHOLD)
            for a, b, c in pairs if frozenset((a, b)) not in labelled and a in languages and b in languages]


def reported(others: list[tuple[str, str, float, bool]], t: float, across: float | None = None) -> int:
    return sum(1 for _a, _b, c, x in others if c >= (across if across is not None and x else t))


def prf(rows: list[dict[str, object]], said: list[bool]) -> dict[str, float]:
    tp = sum(1 for r, s in zip(rows, said, strict=True) if s and r["duplicate"])
    fp = sum(1 for r, s in zip(rows, said, strict=True) if s and not r["duplicate"])
    fn = sum(1 for r, s in zip(rows, said, strict=True) if not s and r["duplicate"])
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3),
            "tp": tp, "fp": fp, "fn": fn}


def table(rows: list[dict[str, object]], others: list[tuple[str, str, float, bool]]
          ) -> dict[str, dict[str, dict[str, float]]]:
    """P/R/F1 on the labelled pairs per rule and threshold, and how many unlabelled pairs of the
    library (almost all different answers) the meaning rule would report besides."""
    out: dict[str, dict[str, dict[str, float]]] = {"words": {}, "meaning": {}, "meaning by language": {},
                                                   "combined": {}}
    w = related.DUPLICATE_THRESHOLD
    for t in WORD_THRESHOLDS:
        out["words"][f"words >= {t:.2f}"] = prf(rows, [rule_words(r, t) for r in rows])
    for t in MEANING_THRESHOLDS:
        out["meaning"][f"meaning >= {t:.2f}"] = {**prf(rows, [rule_meaning(r, t) for r in rows]),
                                                 "unlabelled": reported(others, t)}
    for t in SAME_THRESHOLDS:
        for x in ACROSS_THRESHOLDS:
            name = f"same lang >= {t:.2f}, zh-en >= {x:.2f}"
            out["meaning by language"][name] = {**prf(rows, [rule_meaning(r, t, x) for r in rows]),
                                                "unlabelled": reported(others, t, x)}
            out["combined"][f"words >= {w:.2f} or {name}"] = {
                **prf(rows, [rule_words(r, w) or rule_meaning(r, t, x) for r in rows]),
                "unlabelled": reported(others, t, x)}
    return out


def by_category(rows: list[dict[str, object]], rule: str) -> dict[str, str]:
    judged: dict[str, list[bool]] = defaultdict(list)
    for r in rows:
        said = (rule_words(r, related.DUPLICATE_THRESHOLD) if rule != "meaning" else False) or (
            rule_meaning(r, related.MEANING_THRESHOLD, related.MEANING_THRESHOLD_ACROSS) if rule != "words" else False)
        judged[str(r["category"])].append(said)
    return {c: f"{sum(v)}/{len(v)} reported" for c, v in sorted(judged.items())}


def _status() -> dict[str, float]:
    out = {}
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            key, _sep, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) / 1024
    return out


def scale(home: Path, sample: int) -> dict[str, object]:
    """On a prepared large library (bench/relevance_bench.py --reuse keeps one: the search
    benchmark's corpus with its index and vector files): the meaning's pairs of every item at
    once (neighbours.all_pairs, tiled products) against one nearest-neighbour query per item
    (timed on ``sample`` items, times the items), the whole of ``all_duplicates``, and the words'
    per-item query all_duplicates asks for a few items without vectors (timed on ``sample``
    items, times the items). ``all_duplicates_found``: the pairs found, of which the list holds
    ``all_duplicates_pairs`` (related.PAIRS_SHOWN at most)."""
    import os
    import random

    with Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False)) as ws:
        ws.index.ensure()
        rel = ws.search.related
        keeper = ws.meaning.vectors
        t = time.perf_counter()
        keeper.ensure_loaded()
        load_s = time.perf_counter() - t
        before = _status()
        floor = min(related.MEANING_THRESHOLD, related.MEANING_THRESHOLD_ACROSS, related.WORDS_FROM_MEANING)
        t = time.perf_counter()
        pairs = neighbours.all_pairs(keeper, floor, CANDIDATES) or []
        pairs_s = time.perf_counter() - t
        after = _status()
        t = time.perf_counter()
        words_from: list[float] = []  # when the words' part began (the meaning's part before it)

        def heard(_done: int, _of: int, what: str) -> None:
            if what == related.WORDS and not words_from:
                words_from.append(time.perf_counter() - t)

        found = rel.all_duplicates(progress=heard)
        all_s = time.perf_counter() - t
        whole = _status()
        slugs = sorted(rel._live())
        picked = random.Random(5).sample(slugs, min(sample, len(slugs)))
        t = time.perf_counter()
        for slug in picked:
            neighbours.item_neighbours(keeper, slug, CANDIDATES)
        per_item_ms = (time.perf_counter() - t) * 1000 / len(picked)
        t = time.perf_counter()
        for slug in picked:
            rel._near(slug, None, related.DUPLICATE_THRESHOLD, meaning=False)
        words_ms = (time.perf_counter() - t) * 1000 / len(picked)
        return {"items": len(slugs), "passages": int(keeper._matrix.rows.shape[0]),
                "coarse": keeper._matrix.projection is not None, "matrix_load_s": round(load_s, 2),
                "all_pairs_s": round(pairs_s, 1), "pairs_at_floor": len(pairs), "floor": floor,
                "rss_before_mb": round(before["VmRSS"]), "rss_peak_mb": round(after["VmHWM"]),
                "all_duplicates_s": round(all_s, 1), "all_duplicates_pairs": len(found),
                "all_duplicates_found": found.found, "all_duplicates_meaning_part_s": round(words_from[0], 1)
                if words_from else None,
                "all_duplicates_by_words": sum(1 for d in found if d.why == related.WORDS),
                "rss_peak_after_all_duplicates_mb": round(whole["VmHWM"]),
                "one_query_per_item_ms": round(per_item_ms, 2),
                "one_query_per_item_total_s": round(per_item_ms * len(slugs) / 1000, 1),
                "words_per_item_ms": round(words_ms, 1), "words_total_s": round(words_ms * len(slugs) / 1000),
                "load_average": os.getloadavg()}


def scale_words(home: Path, pairs_out: Path | None) -> dict[str, object]:
    """The whole list by the words alone on a prepared large library, as before the first vector
    build or with matching by meaning off: its time, CPU, peak memory and what it found (the
    pairs to ``pairs_out``, to compare two trees' answers)."""
    import os

    with Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False)) as ws:
        ws.index.ensure()
        rel = ws.search.related
        rel.vectors = None  # no vectors: the words alone
        items = len(rel._live())
        before = _status()
        heard: list[tuple[int, int, str]] = []
        t, cpu = time.perf_counter(), time.process_time()
        found = rel.all_duplicates(progress=lambda done, of, what: heard.append((done, of, what)))
        seconds, cpu_s = time.perf_counter() - t, time.process_time() - cpu
        after = _status()
        if pairs_out is not None:
            pairs_out.write_text(json.dumps([[d.id, d.other_id, d.similarity] for d in found]), encoding="utf-8")
        return {"items": items, "words_only_s": round(seconds, 1), "cpu_s": round(cpu_s, 1),
                "pairs_found": found.found, "pairs_listed": len(found),
                "progress_reports": len(heard), "last_progress": list(heard[-1]) if heard else None,
                "rss_before_mb": round(before["VmRSS"]), "rss_peak_mb": round(after["VmHWM"]),
                "load_average": [round(x, 2) for x in os.getloadavg()]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="the JSON results (default bench/results/duplicates.json, "
                        "duplicates-words-only.json with --no-meaning)")
    parser.add_argument("--scale", type=Path, help="a prepared large library to time all_duplicates' legs on")
    parser.add_argument("--sample", type=int, default=200, help="items the per-item queries are timed on")
    parser.add_argument("--no-meaning", action="store_true",
                        help="matching by meaning off (no vectors): the words alone; with --scale, time the "
                             "words-only whole list")
    parser.add_argument("--pairs-out", type=Path, help="with --scale --no-meaning: write the pairs found here")
    args = parser.parse_args()
    args.out = args.out or HERE / "results" / ("duplicates-words-only.json" if args.no_meaning else "duplicates.json")
    if args.scale and args.no_meaning:
        measured = scale_words(args.scale, args.pairs_out)
        print(json.dumps(measured))
        return
    if args.scale:
        measured = scale(args.scale, args.sample)
        print(json.dumps(measured, indent=1))
        out = args.out.with_name(f"duplicates-scale-{measured['items']}.json")
        out.write_text(json.dumps(measured, indent=1), encoding="utf-8")
        return
    with tempfile.TemporaryDirectory() as home:
        t = time.perf_counter()
        ws = library(Path(home))
        built = time.perf_counter() - t
        try:
            rows = scores(ws, PAIRS)
            others = unlabelled(ws, {frozenset((p.a, p.b)) for p in PAIRS})
            result: dict[str, object] = {"pairs": len(rows), "duplicates": sum(1 for r in rows if r["duplicate"]),
                                         "library_seconds": round(built, 1), "table": table(rows, others),
                                         "rows": rows, "unlabelled_candidates": len(others)}
            result["by_category"] = {rule: by_category(rows, rule) for rule in ("words", "meaning", "combined")}
            if args.no_meaning:  # the table's meaning columns stay; the whole list is by the words alone
                ws.search.related.vectors = None
            t = time.perf_counter()
            found = ws.search.all_duplicates()
            result["all_duplicates_seconds"] = round(time.perf_counter() - t, 2)
            labelled = {frozenset((p.a, p.b)): p for p in PAIRS}
            result["all_duplicates"] = [
                {"a": d.id, "b": d.other_id, "similarity": d.similarity, "why": d.why,
                 "label": (lambda p: None if p is None else p.duplicate)(labelled.get(frozenset((d.id, d.other_id))))}
                for d in found]
            result["unlabelled_top"] = [list(o) for o in sorted(others, key=lambda o: -o[2])[:15]]
            result["labelled_found"] = prf(rows, [frozenset((str(r["a"]), str(r["b"]))) in
                                                  {frozenset((d.id, d.other_id)) for d in found} for r in rows])
        finally:
            ws.close()
    print(f"{result['pairs']} labelled pairs ({result['duplicates']} duplicates); library built in {built:.0f} s")
    print(f"unlabelled: the library's other pairs (each item's {CANDIDATES} nearest, cosine >= 0.5: "
          f"{result['unlabelled_candidates']}) the rule also reports")
    print(f"\n{'rule':<62}{'precision':>10}{'recall':>8}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}{'unlabelled':>11}")
    for rows_ in result["table"].values():  # type: ignore[attr-defined]
        for name, m in rows_.items():
            print(f"{name:<62}{m['precision']:>10.2f}{m['recall']:>8.2f}{m['f1']:>7.2f}{m['tp']:>5}{m['fp']:>5}"
                  f"{m['fn']:>5}{m.get('unlabelled', ''):>11}")
    print(f"\nreported per category (chosen: words >= {related.DUPLICATE_THRESHOLD}, meaning >= "
          f"{related.MEANING_THRESHOLD} in one language, >= {related.MEANING_THRESHOLD_ACROSS} zh-en):")
    for rule, cats in result["by_category"].items():  # type: ignore[attr-defined]
        print(f"  {rule:<9} " + ", ".join(f"{c} {v}" for c, v in cats.items()))
    print("\nlabelled pairs, scores (words / meaning, * = among that leg's candidates):")
    for r in sorted(rows, key=lambda r: (not r["duplicate"], str(r["category"]), -float(r["meaning"]))):  # type: ignore[arg-type]
        print(f"  {'DUP' if r['duplicate'] else 'not':<4}{r['category']:<14}{r['words']:>6.2f}{'*' if r['words_candidate'] else ' '}"
              f"{r['meaning']:>6.2f}{'*' if r['meaning_candidate'] else ' '}{' zh-en' if r['across'] else '      '}  {r['a']} ~ {r['b']}")
    print("\nthe closest unlabelled pairs (cosine, zh-en?):")
    for a, b, c, x in result["unlabelled_top"]:  # type: ignore[attr-defined]
        print(f"  {c:.3f} {'zh-en' if x else '     '} {a} ~ {b}")
    print(f"\nall_duplicates on the library: {len(result['all_duplicates'])} pairs in "  # type: ignore[arg-type]
          f"{result['all_duplicates_seconds']} s; labelled pairs: {result['labelled_found']}")
    for d in result["all_duplicates"]:  # type: ignore[attr-defined]
        mark = {None: "?  ", True: "ok ", False: "BAD"}[d["label"]]
        print(f"  {mark} {d['similarity']:.2f} {d['why']:<8} {d['a']} ~ {d['b']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
