"""Relevance benchmark for matching by meaning: labelled queries over the demo knowledge base
(bench/relevance_queries.tsv: short keywords, pasted requirement paragraphs, Traditional Chinese,
English, English->Chinese, Chinese->English, paraphrases that share no words, typos, pinyin),
ranked by the keyword leg alone, the vector leg alone, hybrid as shipped (the vector leg joins
only where it helps: long queries, few keyword hits, some words unmatched) and hybrid always;
and "similar to a requirement" (SearchService.similar(text=...), which proposal and tender
matching use) by its words alone and blended with the vector leg.

    python bench/relevance_bench.py                  # the table, latencies, encoding throughput
    python bench/relevance_bench.py --sizes 10000 50000   # vector-leg latency and RSS at those sizes

Prints hit@1, hit@3 and MRR (over the top 10) per subset and overall, latency p50/p95 per leg,
and writes JSON to bench/results/relevance.json. The latency at 10k/50k items multiplies the
query by that many items' passage vectors (random unit vectors, two passages an item: the cost
does not depend on what the vectors say); encoding throughput is measured on the demo items."""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from workbench.core.meaning.matrix import build  # noqa: E402
from workbench.core.search.query import SearchRequest  # noqa: E402
from workbench.core.workspace import Workspace, WorkspaceSettings  # noqa: E402

QUERIES = HERE / "relevance_queries.tsv"
TOP = 10
LEGS = ("keyword", "vector", "hybrid", "hybrid-always", "similar-words", "similar-hybrid")


def load_queries(path: Path = QUERIES) -> list[tuple[str, str, set[str]]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        category, query, relevant = line.split("\t")
        out.append((category, query, {r.strip() for r in relevant.split(",") if r.strip()}))
    return out


def rankers(ws: Workspace) -> dict[str, Callable[[str], list[str]]]:
    search = ws.search
    search.cache_size = 0
    hook = search.meaning

    def keyword(q: str) -> list[str]:
        search.meaning = None
        try:
            return [h.id for h in search.search(SearchRequest(text=q, per_page=TOP)).hits]
        finally:
            search.meaning = hook

    def vector(q: str) -> list[str]:
        return [s for s, _c in ws.meaning.vectors.nearest(q, TOP)]

    def hybrid(q: str) -> list[str]:
        return [h.id for h in search.search(SearchRequest(text=q, per_page=TOP)).hits]

    def always(q: str) -> list[str]:
        search.meaning = lambda r, res: ws.meaning.hybrid(r, res, always=True)
        try:
            return [h.id for h in search.search(SearchRequest(text=q, per_page=TOP)).hits]
        finally:
            search.meaning = hook

    def similar_words(q: str) -> list[str]:
        hook, search.meaning_similar = search.meaning_similar, None
        try:
            return [h.id for h in search.similar(text=q, limit=TOP)]
        finally:
            search.meaning_similar = hook

    def similar_hybrid(q: str) -> list[str]:
        return [h.id for h in search.similar(text=q, limit=TOP)]

    return {"keyword": keyword, "vector": vector, "hybrid": hybrid, "hybrid-always": always,
            "similar-words": similar_words, "similar-hybrid": similar_hybrid}


def rank_of(ids: list[str], relevant: set[str]) -> int | None:
    for i, item in enumerate(ids, 1):
        if item in relevant:
            return i
    return None


def evaluate(ws: Workspace, queries: list[tuple[str, str, set[str]]]) -> dict[str, object]:
    legs = rankers(ws)
    ranks: dict[str, dict[str, list[int | None]]] = {leg: defaultdict(list) for leg in LEGS}
    times: dict[str, list[float]] = {leg: [] for leg in LEGS}
    misses: dict[str, list[str]] = defaultdict(list)
    for leg, run in legs.items():
        run("warm up")
        for category, query, relevant in queries:
            t = time.perf_counter()
            ids = run(query)
            times[leg].append((time.perf_counter() - t) * 1000)
            r = rank_of(ids, relevant)
            ranks[leg][category].append(r)
            ranks[leg]["all"].append(r)
            if leg == "hybrid" and (r is None or r > 3):
                misses[category].append(f"{query} -> {ids[:3]}")
    table: dict[str, dict[str, dict[str, float]]] = {}
    for leg in LEGS:
        table[leg] = {}
        for category, rs in ranks[leg].items():
            n = len(rs)
            table[leg][category] = {
                "n": n,
                "hit@1": sum(1 for r in rs if r == 1) / n,
                "hit@3": sum(1 for r in rs if r is not None and r <= 3) / n,
                "mrr": sum(1 / r for r in rs if r is not None) / n,
            }
    followed = [rank_of(legs["keyword"](ws.meaning.pinyin.suggest(q)[0]) if ws.meaning.pinyin.suggest(q) else [], rel)
                for c, q, rel in queries if c == "pinyin"]
    pinyin = {"n": len(followed), "hit@3_after_suggestion": sum(1 for r in followed if r and r <= 3) / max(1, len(followed)),
              "suggested": [(q, ws.meaning.pinyin.suggest(q)[:3]) for c, q, _r in queries if c == "pinyin"]}
    latency = {leg: {"p50": statistics.median(ts), "p95": float(np.percentile(ts, 95))} for leg, ts in times.items()}
    return {"table": table, "latency_ms": latency, "hybrid_misses": misses, "pinyin": pinyin}


def scale_latency(dim: int, sizes: list[int], encode: Callable[[list[str]], np.ndarray]) -> dict[int, dict[str, float]]:
    """The vector leg over ``n`` items of two passages each, built as the app builds it from a
    float16 file (two-step search from matrix.COARSE_FROM passages on)."""
    rng = np.random.default_rng(7)
    out = {}
    for n in sizes:
        per_item = 2
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "vectors.f16"
            with path.open("wb") as f:
                for at in range(0, n * per_item, 10_000):
                    block = rng.standard_normal((min(10_000, n * per_item - at), dim), dtype=np.float32)
                    block /= np.linalg.norm(block, axis=1, keepdims=True)
                    f.write(block.astype(np.float16).tobytes())
            mapped = np.memmap(path, dtype=np.float16, mode="r", shape=(n * per_item, dim))
            t = time.perf_counter()
            matrix = build([f"item-{i}" for i in range(n)], [(i * per_item, per_item) for i in range(n)], mapped)
            load_s = time.perf_counter() - t
            times = []
            for i in range(60):
                q = encode([f"客户要求系统部署在本地机房 {i}"])[0]
                t = time.perf_counter()
                matrix.best(q, 50)
                times.append((time.perf_counter() - t) * 1000)
            out[n] = {"p50": statistics.median(times), "p95": float(np.percentile(times, 95)),
                      "matrix_mb": matrix.rows.nbytes / 2**20, "file_mb": path.stat().st_size / 2**20,
                      "load_s": load_s, "two_step": matrix.projection is not None}
            del matrix, mapped
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 50_000])
    parser.add_argument("--json", type=Path, default=HERE / "results" / "relevance.json")
    args = parser.parse_args()
    queries = load_queries()
    with tempfile.TemporaryDirectory() as home, \
            Workspace.open(WorkspaceSettings(home=Path(home), load_demo=True, demo_history=False)) as ws:
        ws.index.ensure()
        t = time.perf_counter()
        encoded = ws.meaning.sync()
        encode_s = time.perf_counter() - t  # includes loading the model
        passages = len(ws.meaning.vectors._matrix.rows)
        texts = [f"{'部署在客户机房的数据平台，支持国产化适配与等保三级。' * 30}"[:600]] * 64
        t = time.perf_counter()
        ws.meaning.vectors.encoder.encode(texts)
        per_s_600 = len(texts) / (time.perf_counter() - t)
        t = time.perf_counter()
        for _ in range(3):
            ws.meaning.vectors.encoder.encode(["私有化部署"])
        result = evaluate(ws, queries)
        result["encoding"] = {"items": encoded, "passages": passages, "first_build_s": encode_s,
                              "items_per_s_600_chars": per_s_600}
        result["scale_ms"] = scale_latency(ws.meaning.vectors.encoder.dim, args.sizes,
                                           ws.meaning.vectors.encoder.encode)
        result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print_table(result, len(queries))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=list), encoding="utf-8")


def print_table(result: dict[str, object], n: int) -> None:
    table = result["table"]
    assert isinstance(table, dict)
    categories = ["all", *sorted(c for c in table["keyword"] if c != "all")]
    print(f"{n} labelled queries over the demo knowledge base; hit@1 / hit@3 / MRR (top {TOP})")
    print(f"{'subset':<11}{'n':>4}  " + "".join(f"{leg:<16}" for leg in LEGS))
    for c in categories:
        cells = "".join(
            f"{table[leg][c]['hit@1']:.2f} {table[leg][c]['hit@3']:.2f} {table[leg][c]['mrr']:.2f}  " for leg in LEGS
        )
        print(f"{c:<11}{table['keyword'][c]['n']:>4}  {cells}")
    print("(search: keyword, vector, hybrid as shipped, hybrid always; similar(text=...): by words, blended)")
    latency = result["latency_ms"]
    assert isinstance(latency, dict)
    print("latency per query, ms (demo library): " + ", ".join(
        f"{leg} p50 {v['p50']:.1f} p95 {v['p95']:.1f}" for leg, v in latency.items()))
    enc = result["encoding"]
    assert isinstance(enc, dict)
    print(f"encoding: {enc['items']} items ({enc['passages']} passages) in {enc['first_build_s']:.1f} s "
          f"including the model's load; {enc['items_per_s_600_chars']:.0f} items/s at 600 characters")
    scale = result["scale_ms"]
    assert isinstance(scale, dict)
    for size, v in scale.items():
        print(f"vector leg at {size} items (2 passages each{', two-step' if v['two_step'] else ''}): "
              f"p50 {v['p50']:.1f} ms, p95 {v['p95']:.1f} ms; {v['matrix_mb']:.0f} MB in memory, "
              f"{v['file_mb']:.0f} MB on disk, read in {v['load_s']:.1f} s")
    print(f"peak RSS {result['rss_mb']:.0f} MB")
    pinyin = result["pinyin"]
    assert isinstance(pinyin, dict)
    print(f"pinyin: the first suggestion, searched, finds a relevant item in the top 3 for "
          f"{pinyin['hit@3_after_suggestion']:.2f} of {pinyin['n']}: " + "; ".join(
              f"{q} -> {'/'.join(o) or '-'}" for q, o in pinyin["suggested"]))
    misses = result["hybrid_misses"]
    assert isinstance(misses, dict)
    for c, qs in misses.items():
        print(f"hybrid misses ({c}): " + " | ".join(qs[:6]))


if __name__ == "__main__":
    main()
