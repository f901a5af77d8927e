"""Search benchmark: our whoosh engine beside SQLite FTS5 over the same segmented text, on the
same deterministic corpus, in one run.

    python bench/search_bench.py                 # 10k and 50k items
    python bench/search_bench.py --sizes 2000    # a quick look

Each phase runs in its own process so its peak RSS and start-up time are its own. Prints a
table and writes JSON (bench/results/search.json by default)."""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from corpus import generate, queries  # noqa: E402


def _rss_mb() -> float:
    """Peak RSS of this process (VmHWM: the kernel's high-water mark of this process's own memory;
    getrusage's ru_maxrss would start at the parent's size, since Linux carries it over fork and
    exec) or, if larger, of its largest child (the parallel index writer)."""
    own = 0.0
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                own = int(line.split()[1]) / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return max(own, children)


def _pcts(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000

    return {"p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99), "mean_ms": statistics.mean(ordered) * 1000}


def _folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1048576


# --- preparing the database --------------------------------------------------------------------


def prepare(home: Path, size: int) -> None:
    from sqlalchemy import insert

    from workbench.core.db.models import KnowledgeItem, KnowledgeTag, utcnow
    from workbench.core.workspace import Workspace, WorkspaceSettings

    ws = Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False))
    now = utcnow()
    rows, tags = [], []
    for n, doc in enumerate(generate(size), start=1):
        rows.append({
            "id": n, "slug": doc.slug, "kind": doc.kind, "title": doc.title, "body": doc.body,
            "industry": doc.industry, "product": doc.product, "customer": "", "language": doc.language,
            "owner": "bench", "status": "published", "usage_count": 0, "content_hash": "",
            "created_at": now, "created_by": "bench", "updated_at": now, "updated_by": "bench", "version": 1,
        })
        tags.extend({"item_id": n, "tag": t, "position": i} for i, t in enumerate(doc.tags))
    with ws.db.write() as s:
        for start in range(0, len(rows), 5000):
            s.execute(insert(KnowledgeItem), rows[start : start + 5000])
        for start in range(0, len(tags), 10000):
            s.execute(insert(KnowledgeTag), tags[start : start + 10000])
    ws.close()


# --- phases (each in its own process) -----------------------------------------------------------


def phase_build_ours(home: Path) -> dict[str, float]:
    from workbench.core.workspace import Workspace, WorkspaceSettings

    ws = Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False))
    _ = ws.search
    ws.index.parallel_rebuild = True  # as `workbench reindex` does
    start = time.perf_counter()
    count = ws.index.rebuild()
    seconds = time.perf_counter() - start
    ws.close()
    return {"items": count, "seconds": seconds, "items_per_s": count / seconds,
            "index_mb": _folder_mb(home / "index"), "rss_mb": _rss_mb()}


def _segmented(text: str) -> str:
    from workbench.core.search.analysis import WorkbenchTokenizer

    return " ".join(t.text for t in WorkbenchTokenizer()(text, mode="index"))


def phase_build_fts(home: Path) -> dict[str, float]:
    from workbench.core.search.analysis import load_user_dictionary

    load_user_dictionary()
    db = home / "fts.sqlite"
    db.unlink(missing_ok=True)
    source = sqlite3.connect(home / "workbench.sqlite")
    start = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(slug UNINDEXED, kind UNINDEXED, industry UNINDEXED, content,"
        " tokenize=\"unicode61 tokenchars '.%-'\")"
    )
    count = 0
    rows = source.execute("SELECT slug, kind, industry, title, body FROM knowledge_items")
    batch = []
    for slug, kind, industry, title, body in rows:
        batch.append((slug, kind, industry, _segmented(f"{title}\n{title}\n{body}")))
        if len(batch) == 1000:
            conn.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)", batch)
            count += len(batch)
            batch = []
    conn.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)", batch)
    count += len(batch)
    conn.commit()
    seconds = time.perf_counter() - start
    conn.close()
    return {"items": count, "seconds": seconds, "items_per_s": count / seconds,
            "index_mb": db.stat().st_size / 1048576, "rss_mb": _rss_mb()}


def phase_query_ours(home: Path, t0: float) -> dict[str, object]:
    from workbench.core.search.query import SearchRequest
    from workbench.core.workspace import Workspace, WorkspaceSettings

    ws = Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False))
    first = ws.search.search(SearchRequest(text="私有化部署", per_page=10))
    first_answer = time.time() - t0
    assert first.hits

    def run_all(first_use: bool = False) -> tuple[list[float], int]:
        latencies, empty = [], 0
        for q in queries():
            if first_use:
                ws.search.forget()
            start = time.perf_counter()
            r = ws.search.search(SearchRequest(text=q["text"], kind=q.get("kind"), industry=q.get("industry"), per_page=10))
            latencies.append(time.perf_counter() - start)
            empty += not r.hits
        return latencies, empty

    ws.search.cache_size = 0  # every query computed; scored words kept as the app keeps them
    latencies, empty = run_all()
    first_use, _ = run_all(first_use=True)  # as if every word of every query were new
    ws.search.cache_size = 256  # as the app runs: repeated queries answered from the cache
    run_all()
    warm, _ = run_all()
    # save -> findable: write through the service, apply the change log, search
    from workbench.core.knowledge.model import ItemDraft, Kind

    findable = []
    for n in range(10):
        start = time.perf_counter()
        ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, title=f"基准测试新条目 {n} 号", body=f"独有词汇 qzx{n}wv 用于检测。", slug=f"bench-new-{n}"))
        ws.index.sync()
        found = ws.search.search(SearchRequest(text=f"qzx{n}wv")).hits
        findable.append(time.perf_counter() - start)
        assert found and found[0].id == f"bench-new-{n}", found
    ws.close()
    return {"first_answer_s": first_answer, **_pcts(latencies), "empty": empty, "queries": len(latencies),
            "warm": _pcts(warm), "first_use": _pcts(first_use), "save_to_findable_ms": statistics.median(findable) * 1000, "rss_mb": _rss_mb()}


def _fts_query(text: str) -> tuple[str, str]:
    """AND of the same analysed terms (phrases kept), and the OR fallback."""
    from workbench.core.search.query import parse

    parsed = parse(text)
    parts = ['"' + " ".join(terms) + '"' for terms, _slop in parsed.phrases] + ['"' + w + '"' for w, _s, _e in parsed.words]
    parts = [p for p in parts if p != '""']
    return " AND ".join(parts), " OR ".join(parts)


def phase_query_fts(home: Path, t0: float) -> dict[str, object]:
    from workbench.core.search.analysis import load_user_dictionary

    load_user_dictionary()
    conn = sqlite3.connect(home / "fts.sqlite")

    def search(text: str, kind: str | None, industry: str | None) -> list[str]:
        and_q, or_q = _fts_query(text)
        if not and_q:
            return []
        where, args = "docs MATCH ?", []
        if kind:
            where += " AND kind = ?"
            args.append(kind)
        if industry:
            where += " AND industry = ?"
            args.append(industry)
        sql = f"SELECT slug, snippet(docs, 3, '[', ']', '…', 12) FROM docs WHERE {where} ORDER BY bm25(docs) LIMIT 10"
        rows = conn.execute(sql, [and_q, *args]).fetchall()
        if not rows and or_q != and_q:
            rows = conn.execute(sql, [or_q, *args]).fetchall()
        return [r[0] for r in rows]

    first = search("私有化部署", None, None)
    first_answer = time.time() - t0
    assert first
    latencies, empty = [], 0
    for q in queries():
        start = time.perf_counter()
        hits = search(q["text"], q.get("kind"), q.get("industry"))
        latencies.append(time.perf_counter() - start)
        empty += not hits
    findable = []
    for n in range(10):
        start = time.perf_counter()
        conn.execute("INSERT INTO docs VALUES (?, 'faq', '', ?)", (f"bench-new-{n}", _segmented(f"基准测试新条目 独有词汇 qzx{n}wv")))
        conn.commit()
        assert search(f"qzx{n}wv", None, None)
        findable.append(time.perf_counter() - start)
    return {"first_answer_s": first_answer, **_pcts(latencies), "empty": empty, "queries": len(latencies),
            "save_to_findable_ms": statistics.median(findable) * 1000, "rss_mb": _rss_mb()}


PHASES = {
    "build-ours": lambda home, t0: phase_build_ours(home),
    "build-fts": lambda home, t0: phase_build_fts(home),
    "query-ours": phase_query_ours,
    "query-fts": phase_query_fts,
}


def run_phase(name: str, home: Path) -> dict[str, object]:
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, __file__, "--phase", name, "--home", str(home), "--t0", repr(t0)],
        capture_output=True, text=True, check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"phase {name} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


TARGETS = "targets at 50k: p95 <= 25 ms and <= 3x FTS5 p95; rebuild >= 300 items/s; save->findable <= 1 s; first answer <= 2 s; RSS <= 300 MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "search.json")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--t0", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](args.home, args.t0)))
        return

    report: dict[str, object] = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}, "runs": []}
    for size in (int(s) for s in args.sizes.split(",")):
        home = Path(tempfile.mkdtemp(prefix=f"wb-bench-{size}-"))
        try:
            started = time.perf_counter()
            prepare(home, size)
            prepared = time.perf_counter() - started
            run = {
                "size": size,
                "prepare_s": prepared,
                "ours": {"build": run_phase("build-ours", home), "query": run_phase("query-ours", home)},
                "fts5": {"build": run_phase("build-fts", home), "query": run_phase("query-fts", home)},
            }
        finally:
            shutil.rmtree(home, ignore_errors=True)
        report["runs"].append(run)  # type: ignore[union-attr]
        print_run(run)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\n{TARGETS}\nJSON: {args.out}")


def print_run(run: dict) -> None:  # type: ignore[type-arg]
    ours, fts = run["ours"], run["fts5"]
    rows = [
        ("rebuild items/s", ours["build"]["items_per_s"], fts["build"]["items_per_s"], "{:.0f}"),
        ("query p50 ms", ours["query"]["p50_ms"], fts["query"]["p50_ms"], "{:.1f}"),
        ("query p95 ms", ours["query"]["p95_ms"], fts["query"]["p95_ms"], "{:.1f}"),
        ("query p99 ms", ours["query"]["p99_ms"], fts["query"]["p99_ms"], "{:.1f}"),
        ("  every word new, p50 ms", ours["query"]["first_use"]["p50_ms"], float("nan"), "{:.1f}"),
        ("  every word new, p95 ms", ours["query"]["first_use"]["p95_ms"], float("nan"), "{:.1f}"),
        ("  repeated, p50 ms", ours["query"]["warm"]["p50_ms"], float("nan"), "{:.2f}"),
        ("  repeated, p95 ms", ours["query"]["warm"]["p95_ms"], float("nan"), "{:.2f}"),
        ("save->findable ms", ours["query"]["save_to_findable_ms"], fts["query"]["save_to_findable_ms"], "{:.0f}"),
        ("first answer s", ours["query"]["first_answer_s"], fts["query"]["first_answer_s"], "{:.2f}"),
        ("index MB", ours["build"]["index_mb"], fts["build"]["index_mb"], "{:.1f}"),
        ("peak RSS MB (query)", ours["query"]["rss_mb"], fts["query"]["rss_mb"], "{:.0f}"),
        ("peak RSS MB (build)", ours["build"]["rss_mb"], fts["build"]["rss_mb"], "{:.0f}"),
        ("queries with no hit", ours["query"]["empty"], fts["query"]["empty"], "{}"),
    ]
    print(f"\n{run['size']:,} items ({run['ours']['query']['queries']} queries)")
    print(f"{'':22} {'whoosh (ours)':>14} {'SQLite FTS5':>14}")
    for name, a, b, fmt in rows:
        print(f"{name:22} {fmt.format(a):>14} {fmt.format(b):>14}")


if __name__ == "__main__":
    main()
