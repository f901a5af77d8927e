"""Hostile-input benchmark: the time to a search's answer for items and queries chosen to exhaust
the machine, beside another source tree's engine in the same run.

    python bench/hostile_bench.py                         # this tree only
    python bench/hostile_bench.py --before /tmp/main-src  # also another tree, query by query
    python bench/hostile_bench.py --rounds 3 --timeout 60

What is measured (the bound: each answers in under 0.5 s):
  - two items of just under 5 MB imported from .md files (the import limit is 5 MiB), one Chinese
    holding 私有化部署 ~145,000 times, one English holding "deployment" ~180,000 times, found by
    that word: the snippet is built from a body that size;
  - pasted text: a 130-character requirement with a typo, 10,000-character Chinese and English
    requirement paragraphs, 10,000 characters of one word with a typo;
  - one character repeated: 中 x 200, 中 x 10,000, 人 x 10,000.

Each tree gets its own data folder (the demo library plus the two items), prepared in its own
process; then the queries are asked round by round, each round alternating which tree answers
first. Every answer is a cold one: the answer cache, scored words and folded snippet pieces are
dropped before each query (where the tree has them), as if each query were the first. A query that
takes longer than --timeout is reported as over it and not asked again (that tree's worker is
started afresh for the other queries).
Prints a table with the load average and writes JSON (bench/results/hostile.json by default)."""

from __future__ import annotations

import argparse
import json
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OURS = HERE.parent
LIMIT_BYTES = 5 * 1024 * 1024

ZH_SENTENCE = "我们提供私有化部署方案，"  # 私有化部署 once in 12 characters (36 bytes in UTF-8)
EN_SENTENCE = "We offer deployment on site. "  # "deployment" once in 29 bytes
REQUIREMENT = ("投标人须提供私有化布署方案并支持等保三级测评，说明数据迁移的回滚机制与培训计划安排，系统应支持LDAP单点登录、"
               "国密算法、双活高可用，提供七乘二十四小时驻场运维服务及季度巡检报告，并承诺三十个工作日内完成上线。")
EN_REQUIREMENT = ("The bidder shall provide an on-premise deployment plan with single sign-on through LDAP, "
                  "encryption at rest, active-active high availability, a rollback plan for data migration, "
                  "24x7 support with quarterly health checks, and training for administrators and agents. ")

QUERIES: dict[str, str] = {
    "5 MB item (zh), its word": "私有化部署",
    "5 MB item (en), its word": "deployment",
    "130-char requirement, typo": REQUIREMENT[:130],
    "10,000 chars zh paragraph": (REQUIREMENT * 100)[:10_000],
    "10,000 chars en paragraph": (EN_REQUIREMENT * 40)[:10_000],
    "10,000 chars of a typo": ("私有化布署 " * 2_000)[:10_000],
    "中 x 200": "中" * 200,
    "中 x 10,000": "中" * 10_000,
    "人 x 10,000": "人" * 10_000,
}


def _huge(sentence: str, title: str, slug: str) -> str:
    head = f"---\nid: {slug}\nkind: faq\ntitle: {title}\n---\n"
    room = LIMIT_BYTES - len(head.encode("utf-8")) - 1024
    times = room // len(sentence.encode("utf-8"))
    return head + sentence * times + "\n"


# --- the worker: one source tree, one data folder ------------------------------------------------

def worker(src: Path, home: Path) -> None:
    sys.path.insert(0, str(src))
    from workbench.core.search import snippets
    from workbench.core.search.query import SearchRequest
    from workbench.core.workspace import Workspace, WorkspaceSettings

    started = time.perf_counter()
    ws = Workspace.open(WorkspaceSettings(home=home, load_demo=True, demo_history=False, automatic_backups=False))
    ws.index.ensure()
    folder = home / "hostile-items"
    folder.mkdir()
    (folder / "huge-zh.md").write_text(_huge(ZH_SENTENCE, "大条目", "faq-huge-zh"), encoding="utf-8")
    (folder / "huge-en.md").write_text(_huge(EN_SENTENCE, "Huge item", "faq-huge-en"), encoding="utf-8")
    imported = ws.importer.run(ws.actor(), [folder]).value
    prepared = time.perf_counter() - started
    synced = time.perf_counter()
    ws.index.sync()
    sync_s = time.perf_counter() - synced
    if hasattr(ws.search, "cache_size"):
        ws.search.cache_size = 0
    sizes = {p.name: p.stat().st_size for p in folder.iterdir()}
    print(json.dumps({"ready": True, "prepare_s": prepared, "index_sync_s": sync_s, "file_bytes": sizes,
                      "imported": imported.added, "rejected": [r.reason() for r in imported.rejected]}), flush=True)
    for line in sys.stdin:
        name = line.strip()
        if not name:
            continue
        text = QUERIES[name]
        ws.search.forget() if hasattr(ws.search, "forget") else None
        normalized = getattr(snippets, "_normalized", None)
        if normalized is not None and hasattr(normalized, "cache_clear"):
            normalized.cache_clear()
        start = time.perf_counter()
        results = ws.search.search(SearchRequest(text=text, per_page=20))
        seconds = time.perf_counter() - start
        longest = max((len(h.snippet) for h in results.hits), default=0)
        print(json.dumps({"s": seconds, "hits": len(results.hits), "suggestion": (results.suggestion or "")[:40],
                          "longest_snippet": longest,
                          "huge_hit": any(h.id.startswith("faq-huge") for h in results.hits)}), flush=True)
    ws.close()


# --- the parent: interleaves the trees query by query --------------------------------------------

class Tree:
    def __init__(self, label: str, src: Path, timeout: float) -> None:
        self.label, self.src, self.timeout = label, src, timeout
        self.ready: dict[str, object] = {}
        self.samples: dict[str, list[dict[str, object]]] = {name: [] for name in QUERIES}
        self.over: list[str] = []  # queries that took longer than the timeout (asked once only)
        self._start()

    def _start(self) -> None:
        self.home = Path(tempfile.mkdtemp(prefix=f"wb-hostile-{self.label}-"))
        env = {**os.environ, "PYTHONPATH": str(self.src)}
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--worker", "--src", str(self.src), "--home", str(self.home / "data")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)

    def _answer(self, timeout: float) -> dict[str, object] | None:
        assert self.proc.stdout is not None
        readable, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not readable:
            return None
        line = self.proc.stdout.readline()
        return json.loads(line) if line else None

    def wait_ready(self) -> None:
        answer = self._answer(1800)
        if answer is None:
            raise SystemExit(f"{self.label}: the worker did not get ready")
        self.ready = self.ready or answer

    def ask(self, name: str) -> None:
        if name in self.over:
            return
        assert self.proc.stdin is not None
        self.proc.stdin.write(name + "\n")
        self.proc.stdin.flush()
        answer = self._answer(self.timeout)
        if answer is None:  # over the timeout: not asked again; a fresh worker for the rest
            self.over.append(name)
            self.proc.kill()
            self.proc.wait()
            shutil.rmtree(self.home, ignore_errors=True)
            self._start()
            self.wait_ready()
            return
        self.samples[name].append(answer)

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            self.proc.wait(timeout=60)
        shutil.rmtree(self.home, ignore_errors=True)

    def summary(self) -> dict[str, object]:
        out: dict[str, object] = {"src": str(self.src), **self.ready, "over_timeout": self.over}
        for name, samples in self.samples.items():
            times = [float(s["s"]) for s in samples]  # type: ignore[arg-type]
            out[name] = {"first_s": times[0] if times else None, "median_s": statistics.median(times) if times else None,
                         "max_s": max(times) if times else None, "rounds": len(times),
                         "last": samples[-1] if samples else None}
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", type=Path, help="another source tree measured beside this one")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds one answer may take before a tree is given up")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "hostile.json")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--src", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.src, args.home)
        return
    load_start = os.getloadavg()
    trees = [Tree("ours", OURS, args.timeout)]
    if args.before:
        trees.append(Tree("before", args.before.resolve(), args.timeout))
    try:
        for tree in trees:
            tree.wait_ready()
        for r in range(args.rounds):
            for name in QUERIES:
                for tree in (trees if r % 2 == 0 else trees[::-1]):
                    tree.ask(name)
        report = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                              "load_at_start": load_start, "load_at_end": os.getloadavg()},
                  "rounds": args.rounds, "timeout_s": args.timeout,
                  "trees": {t.label: t.summary() for t in trees}}
    finally:
        for tree in trees:
            tree.close()
    print_report(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"JSON: {args.out}")


def print_report(report: dict) -> None:  # type: ignore[type-arg]
    machine, trees = report["machine"], report["trees"]
    print(f"load average {machine['load_at_start'][0]:.2f} at start, {machine['load_at_end'][0]:.2f} at end, "
          f"{machine['cpus']} cores; {report['rounds']} rounds, every answer cold")
    for label, tree in trees.items():
        print(f"{label}: index update for the two 5 MB items {tree['index_sync_s']:.2f} s; files {tree['file_bytes']}"
              + (f"; over {report['timeout_s']:.0f} s: {', '.join(tree['over_timeout'])}" if tree["over_timeout"] else ""))
    labels = list(trees)
    head = "".join(f"{label + ' first':>14}{label + ' median':>15}{label + ' max':>12}" for label in labels)
    print(f"{'seconds':28}{head}" + ("   before/ours (median)" if len(labels) == 2 else ""))
    for name in QUERIES:
        cells, medians = [], []
        for label in labels:
            q = trees[label][name]
            if q["median_s"] is None:
                over = f"> {report['timeout_s']:.0f}" if name in trees[label]["over_timeout"] else "—"
                cells.append(f"{over:>14}{'—':>15}{'—':>12}")
                medians.append(None)
            else:
                cells.append(f"{q['first_s']:14.3f}{q['median_s']:15.3f}{q['max_s']:12.3f}")
                medians.append(q["median_s"])
        ratio = ""
        if len(labels) == 2:
            if medians[0] and medians[1]:
                ratio = f"{medians[1] / medians[0]:10.1f}x"
            elif medians[0] and name in trees[labels[1]]["over_timeout"]:
                ratio = f"  > {report['timeout_s'] / medians[0]:.0f}x"
        print(f"{name:28}{''.join(cells)}{ratio}")


if __name__ == "__main__":
    main()
