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


BASELINE = "8f69d06"  # the meaning branch as merged: float32 product, 128-direction coarse step, mapped files


def _write_library(folder: Path, n: int, dim: int, encoder_name: str, per_item: int = 2) -> None:
    """A vector folder as the app keeps it for ``n`` items of ``per_item`` passages: random unit
    rows (the cost does not depend on what they say) and a manifest naming them."""
    rng = np.random.default_rng(7)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "vectors.f16").open("wb") as f:
        for at in range(0, n * per_item, 10_000):
            block = rng.standard_normal((min(10_000, n * per_item - at), dim), dtype=np.float32)
            block /= np.linalg.norm(block, axis=1, keepdims=True)
            f.write(block.astype(np.float16).tobytes())
    items = {f"item-{i}": [f"{i:064x}", i * per_item, per_item] for i in range(n)}
    (folder / "manifest.json").write_text(json.dumps(
        {"format": 1, "encoder": encoder_name, "dim": dim, "rows": n * per_item, "items": items}), encoding="utf-8")


def _baseline_modules() -> None:
    """The encoder, matrix and vector modules of ``BASELINE`` in place of the current ones (this
    process measures the code as it was)."""
    import importlib.util
    import subprocess

    for name in ("encoder", "matrix", "vectors"):
        source = subprocess.run(["git", "-C", str(HERE.parent), "show", f"{BASELINE}:workbench/core/meaning/{name}.py"],
                                check=True, capture_output=True, text=True).stdout
        module_name = f"workbench.core.meaning.{name}"
        spec = importlib.util.spec_from_loader(module_name, loader=None)
        assert spec is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        exec(compile(source, f"{BASELINE}:{name}.py", "exec"), module.__dict__)
        setattr(sys.modules["workbench.core.meaning"], name, module)


def _status() -> dict[str, float]:
    out = {}
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            key, _sep, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                out[key] = int(value.split()[0]) / 1024
    return out


def probe(variant: str, folder: Path) -> dict[str, float]:
    """In a fresh process: a workspace opened (the app's core imported), the vectors of
    ``folder`` loaded as a search would load them, then queries of every kind through the
    vector leg (encoding the query, then the search) and through the search alone."""
    if variant == "baseline":
        _baseline_modules()
    vectors_module = sys.modules["workbench.core.meaning.vectors"]
    default_encoder = sys.modules["workbench.core.meaning.encoder"].default_encoder

    queries = [q for _c, q, _r in load_queries()][:120]
    with tempfile.TemporaryDirectory() as home, Workspace.open(WorkspaceSettings(home=Path(home))) as ws:
        keeper = vectors_module.VectorKeeper(folder, ws.db, default_encoder())
        t = time.perf_counter()
        keeper.ensure_loaded()
        load_s = time.perf_counter() - t
        keeper.nearest("warm up", 50)
        leg, search, encode = [], [], []
        for q in queries:
            t = time.perf_counter()
            keeper.nearest(q, 50)  # the query is new to the encoder: encoded, then searched
            leg.append((time.perf_counter() - t) * 1000)
            keeper.encoder._cache.clear()
            t = time.perf_counter()
            vector = keeper.encoder.encode([q[: keeper.encoder.window]])[0]
            t1 = time.perf_counter()
            keeper._matrix.best(vector, 50)
            t2 = time.perf_counter()
            encode.append((t1 - t) * 1000)
            search.append((t2 - t1) * 1000)
        status = _status()
        matrix = keeper._matrix
    return {"items": len(matrix.slugs), "load_s": load_s, "matrix_mb": matrix.rows.nbytes / 2**20,
            "two_step": matrix.projection is not None,
            "leg_p50": statistics.median(leg), "leg_p95": float(np.percentile(leg, 95)),
            "search_p50": statistics.median(search), "search_p95": float(np.percentile(search, 95)),
            "encode_p50": statistics.median(encode), "encode_p95": float(np.percentile(encode, 95)),
            "rss_mb": status["VmRSS"], "peak_rss_mb": status["VmHWM"],
            "anon_mb": status["RssAnon"], "file_mb": status["RssFile"]}


def scale_latency(dim: int, encoder_name: str, sizes: list[int], baseline: bool = True) -> dict[str, dict[str, float]]:
    """Each size, each variant (``BASELINE`` and the current code) in a process of its own, one
    after the other, over the same vector files."""
    import subprocess

    out = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as folder:
            _write_library(Path(folder), n, dim, encoder_name)
            for variant in (("baseline", "current") if baseline else ("current",)):
                run = subprocess.run([sys.executable, __file__, "--probe", variant, folder],
                                     check=True, capture_output=True, text=True)
                out[f"{n} {variant}"] = json.loads(run.stdout.strip().splitlines()[-1])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 50_000])
    parser.add_argument("--json", type=Path, default=HERE / "results" / "relevance.json")
    parser.add_argument("--no-baseline", action="store_true", help=f"do not measure {BASELINE} beside the current code")
    parser.add_argument("--probe", nargs=2, metavar=("VARIANT", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        print(json.dumps(probe(args.probe[0], Path(args.probe[1]))))
        return
    queries = load_queries()
    with tempfile.TemporaryDirectory() as home, \
            Workspace.open(WorkspaceSettings(home=Path(home), load_demo=True, demo_history=False)) as ws:
        ws.index.ensure()
        t = time.perf_counter()
        encoded = ws.meaning.sync()
        encode_s = time.perf_counter() - t  # includes loading the model
        passages = len(ws.meaning.vectors._matrix.owners)
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
        encoder = ws.meaning.vectors.encoder
    result["scale"] = scale_latency(encoder.dim, encoder.name, args.sizes, not args.no_baseline)
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
    scale = result["scale"]
    assert isinstance(scale, dict)
    print("vector leg at scale (a process per line: a workspace open, the vectors of that many items of two passages "
          "loaded; leg = encoding the query + the search; ms over the benchmark's queries; RSS after them):")
    for key, v in scale.items():
        print(f"  {key:<18} leg p50 {v['leg_p50']:5.1f} p95 {v['leg_p95']:5.1f} | search p50 {v['search_p50']:5.1f} "
              f"p95 {v['search_p95']:5.1f} | encode p50 {v['encode_p50']:4.1f} p95 {v['encode_p95']:4.1f} | "
              f"RSS {v['rss_mb']:.0f} MB (peak {v['peak_rss_mb']:.0f}; file-backed {v['file_mb']:.0f}) | "
              f"matrix {v['matrix_mb']:.0f} MB, loaded in {v['load_s']:.1f} s")
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
