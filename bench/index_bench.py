"""Index-writing benchmark: full rebuild, an item saved until it is findable, and a laptop applying
1,000 changes from the team's log, beside SQLite FTS5 indexing the same segmented text, in one run.

    python bench/index_bench.py                      # 10k items of the realistic library
    python bench/index_bench.py --size 2000          # a quick look
    python bench/index_bench.py --before /work/main  # also another source tree's code ("before")

The library is search_bench.py's realistic corpus (tens of thousands of distinct words), put
straight into the database. Each measurement runs in its own process, trees interleaved:

- **rebuild**: ``SearchIndex.rebuild`` in one process (a library under 2,000 items) and in worker
  processes on 2 cores (``workbench reindex`` and the app, from 2,000 items), with the peak RSS of the process (and of its
  largest worker); FTS5: segmenting and inserting the same text;
- **save → findable**: an item's body given a new word (its row and its log entry in one write
  transaction, as a save writes them), then what the app's
  index keeper does (``ws.index.sync()``), then a search for the word until it finds the item;
  between saves, untimed, one more ``sync()`` with nothing to apply (the keeper's poll);
  FTS5: the row replaced and committed, then found;
- **apply 1,000 changes**: 1,000 items changed in the shared database (another laptop's saves:
  the log rows and the items), then ``ws.index.sync()`` applies them; FTS5: the same 1,000 rows
  segmented and replaced.

Prints a table and writes JSON (bench/results/index.json by default)."""

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
ROOT = HERE.parent
CHANGES = 1000
SAVES = 20


def _workspace(home: Path):  # type: ignore[no-untyped-def]
    from workbench.core.workspace import Workspace, WorkspaceSettings

    return Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False))


def phase_rebuild(home: Path, parallel: bool) -> dict[str, float]:
    ws = _workspace(home)
    _ = ws.search
    ws.index.parallel_rebuild = parallel
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    count = ws.index.rebuild()
    seconds = time.perf_counter() - start
    ws.close()
    own_after, children_after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = max(own_after.ru_maxrss, children_after.ru_maxrss)
    # CPU seconds beside wall-clock ones: on a loaded machine the CPU time says what the work costs
    own_cpu = own_after.ru_utime + own_after.ru_stime - own.ru_utime - own.ru_stime
    workers_cpu = children_after.ru_utime + children_after.ru_stime - children.ru_utime - children.ru_stime
    return {"items": count, "seconds": seconds, "items_per_s": count / seconds, "peak_rss_mb": peak / 1024,
            "cpu_s": own_cpu + workers_cpu, "main_cpu_s": own_cpu}


def phase_save(home: Path) -> dict[str, object]:
    from workbench.core.search.query import SearchRequest

    ws = _workspace(home)
    ws.index.ensure()
    from sqlalchemy import select

    from workbench.core.db.models import KnowledgeItem

    with ws.db.read() as s:
        slugs = list(s.scalars(select(KnowledgeItem.slug).order_by(KnowledgeItem.id.desc()).limit(SAVES)))
    samples = []
    for n, slug in enumerate(slugs):
        item = ws.knowledge.get(slug)
        word = f"findme{n}x"
        start = time.perf_counter()
        _update_body(ws, slug, item.body + " " + word)
        saved = time.perf_counter()
        ws.index.sync()
        while not any(h.id == slug for h in ws.search.search(SearchRequest(text=word)).hits):
            ws.index.sync()
        samples.append((time.perf_counter() - saved, saved - start))
        ws.index.sync()  # the app's index keeper polls every 3 s between saves (nothing to apply then)
    ws.close()
    findable = sorted(s for s, _ in samples)
    return {"findable_p50_ms": 1000 * statistics.median(findable), "findable_max_ms": 1000 * findable[-1],
            "save_p50_ms": 1000 * statistics.median(s for _, s in samples),
            "findable_each_ms": [round(1000 * s) for s, _ in samples]}  # in save order: which one was slow


def _update_body(ws, slug: str, body: str) -> None:  # type: ignore[no-untyped-def]
    """The item's body changed as the service's save changes it: the row and a log entry."""
    from sqlalchemy import select

    from workbench.core.db.models import KnowledgeChange, KnowledgeItem, utcnow

    with ws.db.write() as s:
        row = s.scalar(select(KnowledgeItem).where(KnowledgeItem.slug == slug))
        row.body, row.updated_at, row.version = body, utcnow(), row.version + 1
        s.add(KnowledgeChange(slug=slug))


def phase_apply(home: Path) -> dict[str, float]:
    """Another laptop changed 1,000 items: their rows and log entries are in the database."""
    from sqlalchemy import select, update

    from workbench.core.db.models import KnowledgeChange, KnowledgeItem, utcnow

    ws = _workspace(home)
    _ = ws.search  # the segmenter's dictionary, loaded as the app's index keeper loads it at start
    ws.index.ensure()
    with ws.db.write() as s:
        ids = list(s.scalars(select(KnowledgeItem.id).order_by(KnowledgeItem.id).limit(CHANGES)))
        s.execute(update(KnowledgeItem).where(KnowledgeItem.id.in_(ids))
                  .values(body=KnowledgeItem.body + " 变更", updated_at=utcnow()))
        slugs = list(s.scalars(select(KnowledgeItem.slug).where(KnowledgeItem.id.in_(ids))))
        s.add_all(KnowledgeChange(slug=slug) for slug in slugs)
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    applied = ws.index.sync()
    seconds = time.perf_counter() - start
    ws.close()
    own_after, children_after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    own_cpu = own_after.ru_utime + own_after.ru_stime - own.ru_utime - own.ru_stime
    workers_cpu = children_after.ru_utime + children_after.ru_stime - children.ru_utime - children.ru_stime
    return {"items": applied, "seconds": seconds, "items_per_s": applied / seconds, "cpu_s": own_cpu + workers_cpu,
            "main_cpu_s": own_cpu}


def _segmented(text: str) -> str:
    from workbench.core.search.analysis import WorkbenchTokenizer

    return " ".join(t.text for t in WorkbenchTokenizer()(text, mode="index"))


def phase_fts(home: Path) -> dict[str, float]:
    from workbench.core.search.analysis import load_user_dictionary

    load_user_dictionary()
    db = home / "fts.sqlite"
    db.unlink(missing_ok=True)
    source = sqlite3.connect(home / "workbench.sqlite")
    rows = source.execute("SELECT id, title, body FROM knowledge_items ORDER BY id").fetchall()
    start = time.perf_counter()
    conn = sqlite3.connect(db)
    # the item's id as the rowid: a changed item is replaced by key, not found by a scan
    conn.execute("CREATE VIRTUAL TABLE docs USING fts5(content, tokenize=\"unicode61 tokenchars '.%-'\")")
    for at in range(0, len(rows), 1000):
        conn.executemany("INSERT INTO docs (rowid, content) VALUES (?, ?)",
                         [(key, _segmented(f"{title}\n{title}\n{body}")) for key, title, body in rows[at : at + 1000]])
    conn.commit()
    build = time.perf_counter() - start
    found = []
    for n, (key, title, body) in enumerate(rows[:SAVES]):
        word = f"findme{n}x"
        saved = time.perf_counter()
        conn.execute("DELETE FROM docs WHERE rowid = ?", (key,))
        conn.execute("INSERT INTO docs (rowid, content) VALUES (?, ?)", (key, _segmented(f"{title}\n{title}\n{body} {word}")))
        conn.commit()
        assert conn.execute("SELECT rowid FROM docs WHERE docs MATCH ?", (word,)).fetchone()[0] == key
        found.append(time.perf_counter() - saved)
    start = time.perf_counter()
    for key, title, body in rows[:CHANGES]:
        conn.execute("DELETE FROM docs WHERE rowid = ?", (key,))
        conn.execute("INSERT INTO docs (rowid, content) VALUES (?, ?)", (key, _segmented(f"{title}\n{title}\n{body} 变更")))
    conn.commit()
    applied = time.perf_counter() - start
    conn.close()
    return {"items": len(rows), "items_per_s": len(rows) / build, "findable_p50_ms": 1000 * statistics.median(found),
            "findable_max_ms": 1000 * max(found), "apply_items_per_s": min(CHANGES, len(rows)) / applied}


PHASES = {
    "rebuild_app": lambda home: phase_rebuild(home, parallel=False),
    "rebuild_cli": lambda home: phase_rebuild(home, parallel=True),
    "save": phase_save,
    "apply": phase_apply,
    "fts": phase_fts,
}


def run_phase(name: str, home: Path, tree: Path) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(tree))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--phase", name, "--home", str(home)],
                         env=env, cwd=tree, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"phase {name} failed in {tree}:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--before", type=Path)
    ap.add_argument("--out", type=Path, default=HERE / "results" / "index.json")
    ap.add_argument("--phase", choices=sorted(PHASES))
    ap.add_argument("--home", type=Path)
    args = ap.parse_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](args.home)))
        return

    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT))
    from search_bench import prepare  # the realistic library, straight into the database

    trees = ({"before": args.before.resolve()} if args.before else {}) | {"after": ROOT}
    results: dict[str, dict[str, dict[str, float]]] = {name: {} for name in trees}
    with tempfile.TemporaryDirectory(prefix="index-bench-") as tmp:
        seed = Path(tmp) / "seed"
        prepare(seed, args.size, "realistic")
        for phase in ("rebuild_app", "rebuild_cli", "save", "apply"):
            for name, tree in trees.items():  # interleaved: the machine's load changes by the minute
                home = Path(tmp) / name
                shutil.rmtree(home, ignore_errors=True)
                shutil.copytree(seed, home)
                results[name][phase] = run_phase(phase, home, tree)
                print(name, phase, results[name][phase], f"load {os.getloadavg()[0]:.1f}", file=sys.stderr)
        fts = run_phase("fts", seed, ROOT)
    lines = [f"{args.size} items, {os.cpu_count()} cores",
             "| | rebuild, one process (items/s) | rebuild, workers (items/s) | save → findable p50 / max (ms) "
             "| apply 1,000 changes (items/s) | rebuild peak RSS, one process / workers (MB) |", "|---|---|---|---|---|---|"]
    for name, r in results.items():
        lines.append(f"| {name} | {r['rebuild_app']['items_per_s']:.0f} | {r['rebuild_cli']['items_per_s']:.0f} "
                     f"| {r['save']['findable_p50_ms']:.0f} / {r['save']['findable_max_ms']:.0f} "
                     f"| {r['apply']['items_per_s']:.0f} "
                     f"| {r['rebuild_app'].get('peak_rss_mb', 0):.0f} / {r['rebuild_cli'].get('peak_rss_mb', 0):.0f} |")
    lines.append(f"| SQLite FTS5 | {fts['items_per_s']:.0f} | – | {fts['findable_p50_ms']:.0f} / "
                 f"{fts['findable_max_ms']:.0f} | {fts['apply_items_per_s']:.0f} | |")
    if "before" in results:
        b, a = results["before"], results["after"]
        lines.append(f"| after / before | {a['rebuild_app']['items_per_s'] / b['rebuild_app']['items_per_s']:.2f}× "
                     f"| {a['rebuild_cli']['items_per_s'] / b['rebuild_cli']['items_per_s']:.2f}× "
                     f"| {a['save']['findable_p50_ms'] / b['save']['findable_p50_ms']:.2f}× / "
                     f"{a['save']['findable_max_ms'] / b['save']['findable_max_ms']:.2f}× "
                     f"| {a['apply']['items_per_s'] / b['apply']['items_per_s']:.2f}× | |")
    # CPU seconds: what the work costs, whatever else the machine runs (wall-clock time on a busy
    # machine measures the other processes too); "main" is the process that writes the index
    lines += ["", "| CPU seconds | rebuild, one process | rebuild, workers: main / all | apply 1,000: main / all |",
              "|---|---|---|---|"]
    for name, r in results.items():
        lines.append(f"| {name} | {r['rebuild_app'].get('cpu_s', 0):.1f} "
                     f"| {r['rebuild_cli'].get('main_cpu_s', 0):.1f} / {r['rebuild_cli'].get('cpu_s', 0):.1f} "
                     f"| {r['apply'].get('main_cpu_s', 0):.2f} / {r['apply'].get('cpu_s', 0):.2f} |")
    lines.append(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("\n".join(lines))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"size": args.size, "results": results, "fts": fts,
                                    "load": os.getloadavg()}, indent=2))


if __name__ == "__main__":
    main()
