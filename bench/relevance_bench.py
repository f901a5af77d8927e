"""Relevance benchmark for matching by meaning: labelled queries over the demo knowledge base
(bench/relevance_queries.tsv: short keywords, pasted requirement paragraphs, Traditional Chinese,
English, English->Chinese, Chinese->English, paraphrases that share no words, typos, pinyin),
ranked by the keyword leg alone (typed pinyin searched as typed), the vector leg alone, hybrid as
shipped (the vector leg joins only where it helps: long queries, few keyword hits, some words
unmatched; typed pinyin that finds nothing answered with its Chinese reading) and hybrid always;
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
import os
import re
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
# the Search screen's typing pause (DEBOUNCE_MS), read from its source: importing the screen
# would load Qt into the process whose memory is measured
DEBOUNCE_MS = int(re.search(r"^DEBOUNCE_MS = (\d+)", (HERE.parent / "workbench" / "gui" / "views" / "search_view.py")
                            .read_text(encoding="utf-8"), re.MULTILINE).group(1))  # type: ignore[union-attr]
TOP = 10
PAUSED_LEGS = {"keyword-paused": "keyword", "hybrid-paused": "hybrid", "hybrid-told": "hybrid"}
LEGS = ("keyword", "vector", "hybrid", "hybrid-always", "similar-words", "similar-hybrid", "autofill")


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
        # the words alone: no vector leg, and typed pinyin searched as typed (no reading in its place)
        search.meaning = None
        try:
            return [h.id for h in search.search(SearchRequest(text=q, per_page=TOP, as_typed=True)).hits]
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

    def autofill(q: str) -> list[str]:
        return [s.id for s in autofill_row(ws, q)]

    return {"keyword": keyword, "vector": vector, "hybrid": hybrid, "hybrid-always": always,
            "similar-words": similar_words, "similar-hybrid": similar_hybrid, "autofill": autofill}


def autofill_row(ws: Workspace, requirement: str) -> list[object]:
    """The tender response's suggestions for ``requirement`` as a row of a document in the query's
    language (a Chinese text as the tender the extractor would call it; English otherwise): the
    search's hits re-ranked by ``rank_row``, at most ``thresholds().candidates`` of them."""
    import datetime as dt

    from workbench.core.knowledge.language import detect_language
    from workbench.core.tender.autofill import Source, rank_row, search_row
    from workbench.core.tender.thresholds import thresholds

    limits = thresholds()
    found = detect_language(requirement)
    language = found if found in ("zh-Hans", "zh-Hant") else ("zh-Hans" if found == "mixed" else "en")
    hits = search_row(ws.search, requirement, limits)
    items = {}
    for h in hits:
        item = ws.knowledge.get(h.id)
        items[h.id] = Source(item.slug, item.kind, item.title, item.body, item.language, item.status, item.review_by)
    return rank_row(requirement, language, hits, items, (), (), limits, dt.date.today())  # type: ignore[return-value]


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
    by_query: dict[str, list[int | None]] = {leg: [] for leg in LEGS}  # two runs compared query by query
    for leg, run in legs.items():
        run("warm up")
        for category, query, relevant in queries:
            t = time.perf_counter()
            ids = run(query)
            times[leg].append((time.perf_counter() - t) * 1000)
            r = rank_of(ids, relevant)
            ranks[leg][category].append(r)
            ranks[leg]["all"].append(r)
            by_query[leg].append(r)
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
    # what auto-answer suggests (bands auto and suggest): a labelled answer, or another item (not
    # always a wrong one: the labels name the best answers, not every fair one)
    suggested = {"labelled": 0, "other": 0}
    for _c, query, relevant in queries:
        for sg in autofill_row(ws, query):
            if sg.band in ("auto", "suggest"):  # type: ignore[attr-defined]
                suggested["labelled" if sg.id in relevant else "other"] += 1  # type: ignore[attr-defined]
    return {"table": table, "latency_ms": latency, "hybrid_misses": misses, "pinyin": pinyin,
            "autofill_suggested": suggested,
            "queries": [{"category": c, "query": q, **{leg: by_query[leg][i] for leg in LEGS}}
                        for i, (c, q, _r) in enumerate(queries)]}


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
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["encoder"] = default_encoder().name  # the variant's own encoder made them, as far as it knows
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
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
    return {"items": len(matrix.slugs), "load_s": load_s, "matrix_mb": (matrix.rows.nbytes + (0 if matrix.scales is None else matrix.scales.nbytes)) / 2**20,
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


# --- keyword, vector and hybrid on the search benchmark's corpus, and a save found by meaning ----

SEED_ITEMS = 300  # items of the corpus really encoded; the others' passages are near copies of theirs
# Items a person saves during the measurement, each with a question that shares no words with it
# (another language or other words): the saved item must be among the first ten hits by meaning.
FRESH = [
    ("员工食堂每周更新午餐菜单", "公司食堂的午餐菜单每周一更新，提供素食和清真窗口，员工刷工牌就餐。",
     "What food does the staff canteen serve at lunch?"),
    ("Parking for visitors", "Visitors park in the underground garage, level B2; the front desk validates the ticket.",
     "访客的车停在哪里"),
    ("年假怎么申请", "员工在人事系统提交年假申请，直属经理审批后生效，未休年假可顺延到次年三月。",
     "How do I request vacation days?"),
    ("Office plants are watered on Fridays", "The cleaning team waters every office plant each Friday afternoon.",
     "谁负责给办公室的绿植浇水"),
    ("打印机卡纸的处理办法", "先关闭电源，打开侧盖，顺着进纸方向轻轻抽出卡住的纸张，再合上侧盖重新开机。",
     "the printer has a paper jam, what should I do"),
]


def _seed_vectors(ws: Workspace) -> dict[str, float]:
    """Vector files for a corpus library as the app keeps them (the format, one key per item
    version, passages as ``passages`` splits them): the first ``SEED_ITEMS`` items encoded, every
    other item's passages a real passage's vector plus noise (encoding 50k items takes most of an
    hour here; the search's cost does not depend on what the rows say, and queries still meet
    cosines of the real encoder's range, so the fusion has hits to fuse)."""
    from sqlalchemy import select

    from workbench.core.db.models import KnowledgeItem
    from workbench.core.meaning.passages import passages
    from workbench.core.meaning.shared import item_key
    from workbench.core.meaning.vectors import VectorStore

    encoder = ws.meaning.vectors.encoder
    with ws.db.read() as session:
        rows = session.execute(select(KnowledgeItem.slug, KnowledgeItem.title, KnowledgeItem.body,
                                      KnowledgeItem.content_hash, KnowledgeItem.version)).all()
    t = time.perf_counter()
    seeded = [(r, passages(r.title, r.body or "", encoder.window)) for r in rows[:SEED_ITEMS]]
    pool = encoder.encode([p for _r, ps in seeded for p in ps])
    encode_s = time.perf_counter() - t
    rng = np.random.default_rng(11)
    store = VectorStore(ws.meaning.vectors.folder, encoder.name, encoder.dim)
    store.reset()
    batch: dict[str, tuple[str, np.ndarray]] = {}
    at = 0
    for r, ps in seeded:
        batch[r.slug] = (item_key(r.content_hash, r.version), pool[at : at + len(ps)])
        at += len(ps)
    for r in rows[SEED_ITEMS:]:
        n = len(passages(r.title, r.body or "", encoder.window))
        base = pool[rng.integers(0, len(pool), n)]
        noisy = base + rng.standard_normal(base.shape).astype(np.float32) * 0.02
        batch[r.slug] = (item_key(r.content_hash, r.version), noisy / np.linalg.norm(noisy, axis=1, keepdims=True))
        if len(batch) >= 5000:
            store.append(batch)
            batch = {}
    store.append(batch)
    return {"encoded": len(seeded), "passages_per_s": len(pool) / encode_s}


def prepare_corpus(home: Path, size: int) -> dict[str, float]:
    """The search benchmark's corpus of ``size`` items in a database, its index built and its
    vectors seeded (once per folder)."""
    sys.path.insert(0, str(HERE))
    import search_bench

    t = time.perf_counter()
    search_bench.prepare(home, size, "realistic")
    with Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False)) as ws:
        ws.index.rebuild()
        built = time.perf_counter() - t
        seeded = _seed_vectors(ws)
    return {"prepare_and_index_s": built, **seeded}


def _pcts(ms: list[float]) -> dict[str, float]:
    return {"p50": statistics.median(ms), "p95": float(np.percentile(ms, 95))}


def _process_status(pid: int | None) -> dict[str, float]:
    """A process's resident set (now, peak) and proportional set (shared pages such as the
    Python and numpy libraries split between the processes mapping them: the app's two
    processes' PSS add up to what they hold together)."""
    if pid is None:
        return {}
    out = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            key, _sep, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) / 1024
    with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
        for line in f:
            key, _sep, value = line.partition(":")
            if key == "Pss":
                out[key] = int(value.split()[0]) / 1024
    return out


def measure_corpus(home: Path, encoder_process: bool = False) -> dict[str, object]:
    """In a fresh process on a prepared folder: the search benchmark's queries by keyword alone,
    the vector leg alone, hybrid as shipped and hybrid always (p50/p95), then items saved one by
    one, each followed by what the app does after a save (the index's sync, then the vectors')
    and a question sharing no words with it: seconds from the save until the search finds it.
    ``encoder_process``: the sentence encoder in a process of its own, as the desktop app runs it
    (else in this process, as a command does and the app did before)."""
    sys.path.insert(0, str(HERE))
    import search_bench

    from workbench.core.knowledge.model import ItemDraft, Kind

    with Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False,
                                          encoder_process=encoder_process)) as ws:
        ws.index.ensure()
        # the vector leg's own time inside each search: the time spent in the search's meaning
        # hooks (the request told to the encoder, then the vectors searched, the items looked up
        # and fused). "hybrid minus keyword" subtracts two separately timed searches, so its p95
        # carries both searches' noise; this is the leg alone, without its effect on the caches
        # of the keyword search beside it
        inside: list[float] = []
        search = ws.search
        for name in ("meaning", "meaning_ahead"):
            hook = getattr(search, name)
            if hook is None:
                continue

            def timed(*args: object, _hook: Callable[..., object] = hook) -> object:
                t = time.perf_counter()
                try:
                    return _hook(*args)
                finally:
                    inside.append((time.perf_counter() - t) * 1000)
            setattr(search, name, timed)
        legs = rankers(ws)
        asked = [q["text"] for q in search_bench.corpus("realistic")[1](per_kind=12)]
        for q in asked:  # the app by its words alone, before anything of the meaning is loaded
            legs["keyword"](q)
        keyword_rss = _status()
        t = time.perf_counter()
        encoded_at_open = ws.meaning.sync()  # the seeded files are current: nothing to encode
        sync_s = time.perf_counter() - t
        times: dict[str, list[float]] = {leg: [] for leg in ("keyword", "vector", "hybrid", "hybrid-always")}
        for leg in times:
            legs[leg]("warm up")
        # as the Search screen asks: a search once the typing pause is over, each after that pause
        # (the pause is not counted: the app waits for it either way; but a search after an idle
        # moment runs on cold caches, slower: so the keyword search is measured after it too);
        # "hybrid-paused" as the screen asked before it told the text ahead, "hybrid-told" now
        for leg in PAUSED_LEGS:
            times[leg] = []
        encoder = ws.meaning.vectors.encoder

        def forget_ahead() -> None:
            ahead = getattr(ws.meaning, "ahead", None)
            if ahead is not None:
                ahead.forget()
        encoding: list[float] = []
        leg_inside: list[float] = []  # the told-ahead hybrid's vector leg, timed inside the search
        for q in asked:  # interleaved: each query through every leg in turn
            for leg, ms in times.items():
                # every leg meets the query as new, as a person's next query is (the encoder keeps
                # the texts it encoded: the vector leg's encoding would serve the hybrid after it;
                # so does the vector leg found ahead, where the code has one)
                encoder.forget()
                forget_ahead()
                if leg in PAUSED_LEGS:
                    if leg == "hybrid-told":  # told the text as it changed, during the pause
                        ws.search.expect(SearchRequest(text=q, per_page=TOP))
                    time.sleep(DEBOUNCE_MS / 1000)
                inside.clear()
                t = time.perf_counter()
                legs[PAUSED_LEGS.get(leg, leg)](q)
                ms.append((time.perf_counter() - t) * 1000)
                if leg == "hybrid-told":
                    leg_inside.append(sum(inside))
            encoder.forget()
            t = time.perf_counter()
            encoder.encode([q[: encoder.window]])  # the query's encoding alone, as the vector leg asks it
            encoding.append((time.perf_counter() - t) * 1000)
        actor = ws.actor()
        fresh = []
        for n, (title, body, question) in enumerate(FRESH):
            slug = f"fresh-{os.getpid()}-{n}"  # a reused folder keeps the items of earlier runs
            steps = [time.perf_counter()]
            ws.knowledge.create(actor, ItemDraft(kind=Kind.FAQ, slug=slug, title=title, body=body))
            steps.append(time.perf_counter())
            ws.index.sync()
            steps.append(time.perf_counter())
            # what MeaningService.sync does, in its order: the vectors (the item is findable by
            # meaning once they are swapped in and cached answers forgotten), then the pinyin
            # readings of the new words, timed apart (they do not hold up the search)
            if ws.meaning.vectors.sync() and ws.meaning.on_synced is not None:
                ws.meaning.on_synced()
            steps.append(time.perf_counter())
            hits = ws.search.search(SearchRequest(text=question, per_page=TOP)).hits
            steps.append(time.perf_counter())
            pinyin = time.perf_counter()
            ws.meaning.pinyin.prepare()
            pinyin_s = time.perf_counter() - pinyin
            mine = [h for h in hits if h.id == slug]
            fresh.append({"question": question, "seconds": steps[-1] - steps[0],
                          "steps_s": dict(zip(("save", "index", "vectors", "search"), np.diff(steps).tolist(),
                                              strict=True)),
                          "pinyin_after_s": pinyin_s, "rank": hits.index(mine[0]) + 1 if mine else None,
                          "found_by": list(mine[0].found_by) if mine else []})
        status = _status()
        helper = _process_status(getattr(encoder, "pid", None))  # the encoder's own process
        mine = _process_status(os.getpid())
        items = ws.knowledge.count()
        for n in range(len(FRESH)):  # out of the next run's way (a reused folder)
            ws.knowledge.archive(actor, f"fresh-{os.getpid()}-{n}")
    added = [h - k for h, k in zip(times["hybrid"], times["keyword"], strict=True)]
    paused = [h - k for h, k in zip(times["hybrid-paused"], times["keyword-paused"], strict=True)]
    told = [h - k for h, k in zip(times["hybrid-told"], times["keyword-paused"], strict=True)]
    searched = [a - e for a, e in zip(added, encoding, strict=True)]  # what grows with the library
    return {"items": items, "queries": len(asked), "encoded_at_open": encoded_at_open, "sync_s": sync_s,
            "latency_ms": {leg: _pcts(ms) for leg, ms in times.items()}, "hybrid_added_ms": _pcts(added),
            "hybrid_paused_added_ms": _pcts(paused), "hybrid_told_added_ms": _pcts(told),
            "hybrid_told_leg_inside_ms": _pcts(leg_inside),
            "encoding_ms": _pcts(encoding), "hybrid_added_beyond_encoding_ms": _pcts(searched),
            "fresh": fresh, "keyword_rss_mb": keyword_rss["VmRSS"], "rss_mb": status["VmRSS"],
            "peak_rss_mb": status["VmHWM"], "encoder_process": encoder_process,
            "encoder_rss_mb": helper.get("VmRSS", 0.0), "encoder_peak_rss_mb": helper.get("VmHWM", 0.0),
            "pss_mb": mine["Pss"], "encoder_pss_mb": helper.get("Pss", 0.0)}


def corpus_scale(sizes: list[int], reuse: Path | None, encoders: list[str], runs: int = 1) -> dict[str, dict[str, object]]:
    """Each size prepared (or taken from ``reuse``) in one process, measured in another for each
    of ``encoders`` ("here": the encoder in the searching process; "process": in its own), the
    two alternating ``runs`` times; keyed "<size>" or "<size> <encoder> <run>"."""
    import shutil
    import subprocess

    out: dict[str, dict[str, object]] = {}
    for n in sizes:
        home = reuse / f"corpus-{n}" if reuse else Path(tempfile.mkdtemp(prefix=f"wb-relevance-{n}-"))
        try:
            marker = home / "relevance-prepared.json"
            if not marker.exists():
                home.mkdir(parents=True, exist_ok=True)
                run = subprocess.run([sys.executable, __file__, "--phase", "prepare", str(home), str(n)],
                                     check=True, capture_output=True, text=True)
                marker.write_text(run.stdout.strip().splitlines()[-1], encoding="utf-8")
            for r in range(runs):
                for encoder in encoders:
                    run = subprocess.run([sys.executable, __file__, "--phase", "measure", str(home), str(n),
                                          *(["--encoder-process"] if encoder == "process" else [])],
                                         check=True, capture_output=True, text=True)
                    key = str(n) if len(encoders) == 1 and runs == 1 else f"{n} {encoder} {r + 1}"
                    out[key] = {"prepared": json.loads(marker.read_text(encoding="utf-8")),
                                **json.loads(run.stdout.strip().splitlines()[-1])}
        finally:
            if reuse is None:
                shutil.rmtree(home, ignore_errors=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 50_000])
    parser.add_argument("--json", type=Path, default=HERE / "results" / "relevance.json")
    parser.add_argument("--no-baseline", action="store_true", help=f"do not measure {BASELINE} beside the current code")
    parser.add_argument("--corpus-sizes", type=int, nargs="*", default=[10_000, 50_000],
                        help="keyword, vector and hybrid latency and a saved item found by meaning, on the search "
                             "benchmark's corpus of that many items (none: skip)")
    parser.add_argument("--reuse", type=Path, help="keep the prepared corpus folders here and reuse them in later runs")
    parser.add_argument("--encoders", nargs="+", choices=("here", "process"), default=["here", "process"],
                        help="where the corpus measurement encodes queries: in the searching process (as a "
                             "command does) and/or in a process of its own (as the desktop app does)")
    parser.add_argument("--runs", type=int, default=1, help="corpus measurements of each encoder, alternating")
    parser.add_argument("--encoder-process", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--probe", nargs=2, metavar=("VARIANT", "FOLDER"), help=argparse.SUPPRESS)
    parser.add_argument("--queries", type=Path, default=QUERIES,
                        help="the labelled queries (bench/relevance_heldout.tsv: a blind set, never tuned on)")
    parser.add_argument("--phase", nargs=3, metavar=("PHASE", "HOME", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        print(json.dumps(probe(args.probe[0], Path(args.probe[1]))))
        return
    if args.phase:
        phase, home, size = args.phase
        out = (prepare_corpus(Path(home), int(size)) if phase == "prepare"
               else measure_corpus(Path(home), args.encoder_process))
        print(json.dumps(out))
        return
    load_at_start = os.getloadavg()
    queries = load_queries(args.queries)
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
    result["corpus"] = corpus_scale(args.corpus_sizes, args.reuse, args.encoders, args.runs)
    result["load"] = {"start": load_at_start, "end": os.getloadavg(), "cpus": os.cpu_count()}
    print_table(result, len(queries), args.queries)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=list), encoding="utf-8")


def print_table(result: dict[str, object], n: int, path: Path = QUERIES) -> None:
    table = result["table"]
    assert isinstance(table, dict)
    categories = ["all", *sorted(c for c in table["keyword"] if c != "all")]
    print(f"{n} labelled queries ({path.name}) over the demo knowledge base; hit@1 / hit@3 / MRR (top {TOP})")
    print(f"{'subset':<11}{'n':>4}  " + "".join(f"{leg:<16}" for leg in LEGS))
    for c in categories:
        cells = "".join(
            f"{table[leg][c]['hit@1']:.2f} {table[leg][c]['hit@3']:.2f} {table[leg][c]['mrr']:.2f}  " for leg in LEGS
        )
        print(f"{c:<11}{table['keyword'][c]['n']:>4}  {cells}")
    print("(search: keyword, vector, hybrid as shipped, hybrid always; similar(text=...): by words, blended; autofill: the tender row's suggestions, the top 5)")
    suggested = result.get("autofill_suggested")
    if isinstance(suggested, dict):
        print(f"autofill suggested (bands auto and suggest): {suggested['labelled']} labelled answers, "
              f"{suggested['other']} other items")
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
    corpus = result["corpus"]
    assert isinstance(corpus, dict)
    if corpus:
        print("the search benchmark's corpus (a fresh process per size; the vectors of the first "
              f"{SEED_ITEMS} items encoded, the others' near copies of theirs), ms per query p50 / p95:")
    for n, c in corpus.items():
        lat = c["latency_ms"]
        where = ("encoder in its own process" if c.get("encoder_process") else "encoder in the searching process")
        print(f"  {n:>6} items ({where}), {c['queries']} queries: " + ", ".join(
            f"{leg} {v['p50']:.1f} / {v['p95']:.1f}" for leg, v in lat.items())
            + f" | hybrid minus keyword, query by query: p50 {c['hybrid_added_ms']['p50']:.1f} "
              f"p95 {c['hybrid_added_ms']['p95']:.1f}, of which the query's encoding p50 {c['encoding_ms']['p50']:.1f} "
              f"p95 {c['encoding_ms']['p95']:.1f} and the rest (the vectors searched, the items looked up, the "
              f"fusion) p50 {c['hybrid_added_beyond_encoding_ms']['p50']:.1f} "
              f"p95 {c['hybrid_added_beyond_encoding_ms']['p95']:.1f}"
              + (f" | as the Search screen asks, after its {DEBOUNCE_MS} ms typing pause: hybrid minus keyword "
                 f"p50 {c['hybrid_paused_added_ms']['p50']:.1f} p95 {c['hybrid_paused_added_ms']['p95']:.1f}, "
                 f"the text told ahead during the pause p50 {c['hybrid_told_added_ms']['p50']:.1f} "
                 f"p95 {c['hybrid_told_added_ms']['p95']:.1f}" if "hybrid_told_added_ms" in c else "")
              + (f" | told ahead, the vector leg's own time inside the search p50 "
                 f"{c['hybrid_told_leg_inside_ms']['p50']:.1f} p95 {c['hybrid_told_leg_inside_ms']['p95']:.1f}"
                 if "hybrid_told_leg_inside_ms" in c else ""))
        print(f"         RSS {c['keyword_rss_mb']:.0f} MB after the keyword queries alone, {c['rss_mb']:.0f} MB "
              f"with the meaning loaded and used (peak {c['peak_rss_mb']:.0f})"
              + (f", the encoder's process {c['encoder_rss_mb']:.0f} MB (peak {c['encoder_peak_rss_mb']:.0f})"
                 if c.get("encoder_process") else "")
              + (f"; PSS together {c['pss_mb'] + c['encoder_pss_mb']:.0f} MB" if "pss_mb" in c else "")
              + f"; opening synced in {c['sync_s']:.1f} s, "
              f"encoding {c['encoded_at_open']} items")
        print("         saved, then found by meaning (save + index sync + vector sync + search): " + "; ".join(
            f"{f['seconds']:.2f} s (" + "+".join(f"{v:.2f}" for v in f["steps_s"].values())
            + f") rank {f['rank']} {'+'.join(f['found_by']) or '-'}, then pinyin {f.get('pinyin_after_s', 0):.2f} s"
            for f in c["fresh"]))
    misses = result["hybrid_misses"]
    assert isinstance(misses, dict)
    for c, qs in misses.items():
        print(f"hybrid misses ({c}): " + " | ".join(qs[:8]))
    load = result["load"]
    assert isinstance(load, dict)
    print("(load average {:.1f} at the start, {:.1f} at the end, on {} cores)".format(
        load["start"][0], load["end"][0], load["cpus"]))


if __name__ == "__main__":
    main()
