"""Search benchmark: our whoosh engine beside SQLite FTS5 over the same segmented text, on the
same deterministic corpus, in one run.

    python bench/search_bench.py                 # 10k and 50k items, realistic library
    python bench/search_bench.py --sizes 2000    # a quick look
    python bench/search_bench.py --before /tmp/main-src   # also time another source tree's
                                                          # engine on the same index ("before")
    python bench/search_bench.py --sizes 10000 --reuse /tmp/wb-kept   # build once, query again later
    python bench/search_bench.py --passes 3      # each tree's queries timed in 3 fresh processes

The default corpus is a realistic library (``--corpus realistic``): the presales sentences of
bench/corpus.py mixed with a vocabulary of tens of thousands of distinct words (Chinese words
made of real characters, English words made of real syllables) drawn with Zipf frequencies, and
queries of every kind users type, reported apart: words, Traditional variants, English, filters,
typos (one wrong character in a Chinese word, a misspelt English word: they cost "did you
mean"), quoted phrases of common words that are rarely adjacent, words whose synonyms expand
into phrases, and long pasted requirement paragraphs. ``--corpus simple`` is the former corpus
(306 distinct words at 50k, no typos, phrases that all occur).

Each phase runs in its own process so its peak RSS and start-up time are its own. Prints a
table and writes JSON (bench/results/search.json by default).

``--passes N``: a kind has 40 queries, so its p95 is its second slowest and one pause of the
machine moves it. With N passes each tree's queries (and FTS5's beside them) are timed N times,
each pass in a fresh process on a fresh copy of the library (nothing one pass learnt carries
into the next), and each kind's percentiles are taken over the pooled samples. Each pass also
records how many file pages the machine read back from disk after reclaiming them
(/proc/vmstat's ``workingset_refault_file``, ``pgmajfault``): a pass with many more than the
others had cold reads they did not, and the report prints the counts beside the figures.

``--cold MB``: before each timed query, each engine's process first reads and writes a buffer of
that many MB, so both answer with the processor's caches holding something else, as a search
does after a typing pause in which other programs ran. Without it the engines are interleaved
query by query, and FTS5's large queries (pasted text: seconds of reading its index) empty the
caches before our next query while ours leave FTS5's mostly in place: the comparison then
measures ours cold and FTS5 warm (a 64 MB buffer read and written before each of our queries, in
a process beside ours, raised our English typos' p50 from 0.32 to 0.56 ms, as FTS5 does; a
process that merely spun for 0.3 ms raised nothing)."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import opencc

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent  # this source tree
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import corpus as simple  # noqa: E402

# --- a realistic library ------------------------------------------------------------------------

# Common Chinese characters (frequency order, roughly): words are made of these, so segmented
# text holds real-looking two-to-four-character words and the vocabulary runs to tens of thousands.
ZH_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后"
    "多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还"
    "因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结"
    "解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少"
    "图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研质信转单风切打白教速花带安场身"
    "车例真务具万每目至达走积示议声报斗完类八离华名确才科张住受广城团效势号配护培训客户商售服维营销价格网云端库存账"
)
EN_SYLLABLES = ["ta", "te", "ti", "to", "tu", "ra", "re", "ri", "ro", "ru", "na", "ne", "ni", "no", "nu", "ma", "me", "mi", "mo", "mu", "sa", "se", "si", "so", "su", "la", "le", "li", "lo", "lu", "da", "de", "di", "do", "du", "ka", "ke", "ki", "ko", "ku", "pa", "pe", "pi", "po", "pu", "va", "ve", "vi", "vo", "ba", "be", "bi", "bo", "ga", "ge", "gi", "go", "fa", "fe", "fi", "fo", "tra", "tre", "tri", "pro", "pre", "con", "com", "ver", "ter", "ment", "tion", "able", "ing", "ist", "ness", "ure", "ous", "ant", "ent", "al", "er", "or", "ic", "ine", "ate", "ize"]


def _vocabulary(rng: random.Random, zh_words: int = 30000, en_words: int = 12000) -> tuple[list[str], list[str]]:
    zh: dict[str, None] = {}
    while len(zh) < zh_words:
        size = rng.choices((2, 3, 4), (6, 3, 1))[0]
        zh["".join(rng.choice(ZH_CHARS) for _ in range(size))] = None
    en: dict[str, None] = {}
    while len(en) < en_words:
        en["".join(rng.choice(EN_SYLLABLES) for _ in range(rng.choice((2, 3, 3, 4))))] = None
    return list(zh), list(en)


def _zipf(size: int) -> list[float]:
    weights = [1.0 / (rank + 1) for rank in range(size)]
    total = 0.0
    out = []
    for w in weights:
        total += w
        out.append(total)
    return out


class Realistic:
    """A library with a realistic vocabulary and the queries people type into it."""

    def __init__(self, seed: int = 20261202) -> None:
        rng = random.Random(seed)
        self.zh, self.en = _vocabulary(rng)
        self.zh_cum, self.en_cum = _zipf(len(self.zh)), _zipf(len(self.en))

    def generate(self, n: int) -> Iterator[simple.Doc]:
        rng = random.Random(31)
        to_trad = opencc.OpenCC("s2tw")
        for doc in simple.generate(n):
            if doc.language == "en":
                parts = []
                for sentence in doc.body.split(". ")[:6]:
                    words = rng.choices(self.en, cum_weights=self.en_cum, k=rng.randint(6, 14))
                    parts.append(sentence + ". " + " ".join(words).capitalize() + ".")
                body = " ".join(parts)
            else:
                parts = []
                for sentence in doc.body.split("。")[:8]:
                    words = rng.choices(self.zh, cum_weights=self.zh_cum, k=rng.randint(4, 9))
                    parts.append(sentence + "，" + "".join(words) + "。")
                body = "".join(parts)
                if doc.language == "zh-Hant":
                    body = to_trad.convert(body)
            yield simple.Doc(doc.slug, doc.kind, doc.title, body, doc.industry, doc.product, doc.tags, doc.language)

    def queries(self, per_kind: int = 40, seed: int = 7) -> list[dict[str, str]]:
        rng = random.Random(seed)
        to_trad = opencc.OpenCC("s2tw")
        words = ["私有化部署", "等保三级", "国密", "数据迁移", "报价", "监管报送", "预测性维护", "智能客服", "线索",
                 "双轨运行", "高可用", "审计日志", "信创", "培训计划", "SLA", "SM4", "72小时", "99.95%"]
        en = ["on-premise", "SSO LDAP", "data migration", "pricing", "GDPR", "predictive maintenance", "chatbot",
              "API rate limits", "audit logs", "disaster recovery", "penetration test"]
        common_zh = self.zh[:3000]  # the frequent part of the vocabulary
        common_en = [w for w in self.en[:3000] if len(w) >= 6]
        # words that sit side by side in no template sentence, each in a large share of items
        rare_pairs = [("国密", "培训计划"), ("报价", "审计日志"), ("高可用", "线索"), ("监管报送", "移动端"),
                      ("信创", "工单"), ("双轨运行", "报价"), ("客户", "培训计划"), ("数据治理", "要求")]
        synonym_words = ["实施周期", "总体拥有成本", "单点登录", "数据迁移", "预测性维护", "呼叫中心", "降价",
                         "投资回报", "高可用", "服务等级协议"]

        def typo_zh() -> str:
            word = rng.choice(common_zh + words[:12])
            at = rng.randrange(len(word))
            return word[:at] + rng.choice(ZH_CHARS) + word[at + 1 :]

        def typo_en() -> str:
            word = rng.choice([*common_en, "migration", "maintenance", "deployment", "availability"])
            at = rng.randrange(1, len(word) - 1)
            return word[:at] + word[at + 1 :] if rng.random() < 0.5 else word[:at] + word[at + 1] + word[at] + word[at + 2 :]

        def paragraph() -> str:
            source = next(iter(simple.generate(1, seed=rng.randrange(1 << 30))))
            text = source.body[: rng.randint(120, 260)]
            return text if source.language != "en" else source.body[:400]

        makers: dict[str, Callable[[], dict[str, str]]] = {
            "word": lambda: {"text": rng.choice(words)},
            "two words": lambda: {"text": f"{rng.choice(words)} {rng.choice(common_zh[:500])}"},
            "Traditional": lambda: {"text": to_trad.convert(rng.choice(words + synonym_words))},
            "English": lambda: {"text": f"{rng.choice(en)} {rng.choice(common_en[:300])}"},
            "filtered": lambda: {"text": rng.choice(words), "industry": rng.choice(simple.INDUSTRIES)},
            "typo zh": lambda: {"text": typo_zh()},
            "typo en": lambda: {"text": typo_en()},
            "rare phrase": lambda: {"text": '"{} {}"'.format(*rng.choice(rare_pairs))},
            "synonym phrase": lambda: {"text": rng.choice(synonym_words)},
            "paragraph": lambda: {"text": paragraph()},
            # hostile: a requirement pasted many times over, or one character held down
            "10,000 chars": lambda: {"text": (paragraph() * 80)[:10000] if rng.random() < 0.5
                                     else rng.choice("中人企数") * 10000},
        }
        out = []
        for _ in range(per_kind):
            for kind, make in makers.items():
                out.append({**make(), "kind_of_query": kind})
        return out


def corpus(name: str) -> tuple[Callable[[int], Iterator[simple.Doc]], Callable[[], list[dict[str, str]]]]:
    if name == "simple":
        return simple.generate, lambda: [{**q, "kind_of_query": "mixed"} for q in simple.queries()]
    library = Realistic()
    return library.generate, library.queries


def _rss_mb(children: bool = True) -> float:
    """Peak RSS of this process (VmHWM: the kernel's high-water mark of this process's own memory;
    getrusage's ru_maxrss would start at the parent's size, since Linux carries it over fork and
    exec) or, if larger and ``children``, of its largest child (the parallel index writer)."""
    own = 0.0
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                own = int(line.split()[1]) / 1024
    if not children:
        return own
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return max(own, largest)


def _pcts(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000

    return {"p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99), "mean_ms": statistics.mean(ordered) * 1000}


def _folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1048576


# --- preparing the database --------------------------------------------------------------------


def prepare(home: Path, size: int, corpus_name: str) -> None:
    from sqlalchemy import insert

    from workbench.core.db.models import KnowledgeItem, KnowledgeTag, utcnow
    from workbench.core.workspace import Workspace, WorkspaceSettings

    generate, _queries = corpus(corpus_name)
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
    start = time.perf_counter()
    count = ws.index.rebuild()
    seconds = time.perf_counter() - start
    with ws.index.searcher() as searcher:
        distinct = sum(1 for _ in searcher.reader().lexicon("content"))
    ws.close()
    return {"items": count, "seconds": seconds, "items_per_s": count / seconds, "distinct_words": distinct,
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


def _by_kind(samples: list[tuple[str, float]]) -> dict[str, dict[str, float]]:
    kinds: dict[str, list[float]] = {}
    for kind, seconds in samples:
        kinds.setdefault(kind, []).append(seconds)
    return {"all": _pcts([x for _k, x in samples]), **{k: _pcts(v) for k, v in kinds.items()}}


COLD_MB = float(os.environ.get("SEARCH_BENCH_COLD_MB", "0"))  # --cold, passed to the phases


def _evictor(mb: float) -> Callable[[], None]:
    """A buffer of ``mb`` MB read and written, or nothing: what runs before each timed query."""
    if not mb:
        return lambda: None
    import numpy as np

    buffer = np.ones(int(mb * 1024 * 1024) // 8)

    def evict() -> None:
        buffer.sum()
        buffer.__iadd__(1.0)

    return evict


def phase_query_ours(home: Path, t0: float, corpus_name: str, profile: bool = False) -> dict[str, object]:
    from workbench.core.search.analysis import ANALYSIS_VERSION
    from workbench.core.search.query import SearchRequest
    from workbench.core.workspace import Workspace, WorkspaceSettings

    # Analysis versions 5 to 7 index this corpus (Chinese and English only) identically (6 takes
    # Arabic, Hebrew, Greek and Cyrillic words whole, 7 folds seven Hong Kong character forms the
    # corpus does not use): each engine measured reads the same index instead of rebuilding it as
    # an older version's
    marker = home / "index" / "analysis-version"
    if marker.exists() and {marker.read_text().strip(), str(ANALYSIS_VERSION)} <= {"5", "6", "7"}:
        marker.write_text(str(ANALYSIS_VERSION))
    ws = Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False))
    first = ws.search.search(SearchRequest(text="私有化部署", per_page=10))
    first_answer = time.time() - t0
    assert first.hits
    asked = corpus(corpus_name)[1]()
    # steady state: what the first search of an index version starts in the background (did-you-
    # mean tables; postings arrays written beside the index, once per segment) and what the app's
    # background sync prepares (pinyin readings of the library's words) is finished first
    import threading

    prepared = time.perf_counter()
    meaning = getattr(ws, "meaning", None)
    if meaning is not None:  # pinyin "did you mean": the app's background sync reads the words ahead
        meaning.pinyin.prepare()
    for thread in threading.enumerate():
        if thread.name in ("did-you-mean tables", "postings arrays", "hit records"):
            thread.join()
    prepared_s = time.perf_counter() - prepared

    def request(q: dict[str, str]) -> SearchRequest:
        return SearchRequest(text=q["text"], kind=q.get("kind"), industry=q.get("industry"), per_page=10)

    # FTS5 answers in a process of its own, asked query by query (interleaved with ours, so both
    # see the same load): its memory (SQLite's, for pasted text that takes it seconds) no longer
    # counts in this process's peak, which is then our engine's alone
    import multiprocessing

    spawn = multiprocessing.get_context("spawn")
    to_fts, fts_end = spawn.Pipe()
    fts_process = spawn.Process(target=_fts_worker, args=(str(home), fts_end, COLD_MB), daemon=True)
    fts_process.start()

    def fts(text: str, kind: str | None, industry: str | None) -> float:
        to_fts.send((text, kind, industry))
        seconds: float = to_fts.recv()
        return seconds

    fts("私有化部署", None, None)
    fts_latencies: list[tuple[str, float]] = []

    def run_fts(q: dict[str, str]) -> None:
        fts_latencies.append((q["kind_of_query"], fts(q["text"], q.get("kind"), q.get("industry"))))

    def run_all(first_use: bool = False) -> tuple[list[tuple[str, float]], int]:
        """Every query through our engine and, interleaved with it in this process (one before,
        the next after), through FTS5: both see the same machine load."""
        latencies, empty = [], 0
        for i, q in enumerate(asked):
            if first_use:
                ws.search.forget()
            elif i % 2:
                run_fts(q)
            if not first_use:
                evict()
            start = time.perf_counter()
            r = ws.search.search(request(q))
            latencies.append((q["kind_of_query"], time.perf_counter() - start))
            empty += not r.hits
            if not first_use:
                answers.append(_digest(r))
            if not first_use and not i % 2:
                run_fts(q)
        return latencies, empty

    ws.search.cache_size = 0  # every query computed; scored words kept as the app keeps them
    evict = _evictor(COLD_MB)
    answers: list[str] = []
    latencies, empty = run_all()
    to_fts.send(None)
    fts_rss_mb: float = to_fts.recv()
    fts_process.join()
    out: dict[str, object] = {"first_answer_s": first_answer, "by_kind": _by_kind(latencies), "empty": empty,
                              "cold_mb": COLD_MB, "samples": latencies, "fts_samples": fts_latencies,
                              "queries": len(latencies), "fts_by_kind": _by_kind(fts_latencies),
                              "background_preparation_s": prepared_s, "answers": answers,
                              "fts_beside_rss_mb": fts_rss_mb, "searches_rss_mb": _rss_mb(children=False)}
    if profile:
        # the slowest 5 % again, profiled, in the same order and cache state as measured
        import cProfile
        import io
        import pstats

        slow = sorted(range(len(asked)), key=lambda i: -latencies[i][1])[: max(1, len(asked) // 20)]
        ws.close()
        ws = Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False))
        ws.search.cache_size = 0
        ws.search.search(SearchRequest(text="私有化部署", per_page=10))
        profiler = cProfile.Profile()
        wanted = set(slow)
        for i, q in enumerate(asked):
            if i in wanted:
                profiler.enable()
                ws.search.search(request(q))
                profiler.disable()
            else:
                ws.search.search(request(q))
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(30)
        out["slowest"] = [(asked[i]["kind_of_query"], asked[i]["text"][:60], latencies[i][1] * 1000) for i in slow]
        out["profile"] = text.getvalue()
        return {**out, "rss_mb": _rss_mb(children=False)}
    first_use, _ = run_all(first_use=True)  # as if every word of every query were new
    # save -> findable: write through the service, apply the change log, search
    from workbench.core.knowledge.model import ItemDraft, Kind

    findable = []
    run = os.getpid()  # the "before" engine saved items in the same database already
    for n in range(10):
        start = time.perf_counter()
        ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, title=f"基准测试新条目 {n} 号",
                                                  body=f"独有词汇 qzx{run}n{n}wv 用于检测。", slug=f"bench-new-{run}-{n}"))
        ws.index.sync()
        found = ws.search.search(SearchRequest(text=f"qzx{run}n{n}wv")).hits
        findable.append(time.perf_counter() - start)
        assert found and found[0].id == f"bench-new-{run}-{n}", found
    ws.close()
    return {**out, "first_use": _by_kind(first_use), "first_use_samples": first_use,
            "save_to_findable_ms": statistics.median(findable) * 1000, "rss_mb": _rss_mb(children=False)}


RECLAIM_COUNTERS = ("workingset_refault_file", "pgmajfault")


def _vmstat() -> dict[str, int]:
    """The machine's counters of file pages read back after being reclaimed and of major page
    faults (/proc/vmstat; none where there is no such file). A pass during which many of the
    library's pages were read back from disk (this machine pages out file pages idle for a
    minute) had cold queries the others did not: the report says so beside the figures."""
    try:
        lines = Path("/proc/vmstat").read_text(encoding="ascii").splitlines()
    except OSError:
        return {}
    values = dict(line.split(" ", 1) for line in lines if " " in line)
    return {key: int(values[key]) for key in RECLAIM_COUNTERS if key in values}


def _pooled(passes: list[dict[str, Any]]) -> dict[str, Any]:
    """Several passes of the query phase as one: each kind's percentiles over every pass's
    samples pooled (three passes: a p95 of 120 samples a kind, not of 40), the other figures the
    passes' median (peak RSS: their highest), the answers the first pass's, and whether every
    pass gave the same ones."""
    if len(passes) == 1:
        return {**passes[0], "reclaim_by_pass": [passes[0].get("reclaim", {})]}
    out = dict(passes[0])
    out["reclaim_by_pass"] = [p.get("reclaim", {}) for p in passes]
    for key, samples in (("by_kind", "samples"), ("fts_by_kind", "fts_samples"), ("first_use", "first_use_samples")):
        pooled = [(str(kind), float(seconds)) for p in passes for kind, seconds in p[samples]]
        out[key], out[samples] = _by_kind(pooled), pooled
    for key in ("first_answer_s", "save_to_findable_ms", "background_preparation_s"):
        out[key] = statistics.median(float(p[key]) for p in passes)
    for key in ("rss_mb", "searches_rss_mb", "fts_beside_rss_mb"):
        out[key] = max(float(p[key]) for p in passes)
    out["passes"] = len(passes)
    out["answers_same_every_pass"] = all(p["answers"] == passes[0]["answers"] for p in passes)
    return out


def _digest(results: object) -> str:
    """One answer, whole: the total, the page's ids and scores (every bit) and "did you mean"."""
    hits = [(h.id, h.score) for h in results.hits]  # type: ignore[attr-defined]
    answer = (results.total, hits, getattr(results, "suggestion", None))  # type: ignore[attr-defined]
    return hashlib.sha1(repr(answer).encode("utf-8")).hexdigest()[:16]


def _fts_query(text: str) -> tuple[str, str]:
    """AND of the same analysed terms (phrases kept), and the OR fallback."""
    from workbench.core.search.query import parse

    parsed = parse(text)
    parts = ['"' + " ".join(terms) + '"' for terms, _slop in parsed.phrases] + ['"' + w + '"' for w, _s, _e in parsed.words]
    parts = [p for p in parts if p != '""']
    return " AND ".join(parts), " OR ".join(parts)


def _fts_worker(home: str, conn: Any, cold_mb: float = 0) -> None:
    """FTS5 in a process of its own: each query asked through ``conn`` answered and timed here,
    the seconds sent back; None ends it (its peak RSS sent back). ``cold_mb``: as ``--cold``."""
    search = _fts_search(Path(home))
    evict = _evictor(cold_mb)
    while (asked := conn.recv()) is not None:
        evict()
        start = time.perf_counter()
        search(*asked)
        conn.send(time.perf_counter() - start)
    conn.send(_rss_mb())


def _fts_search(home: Path) -> Callable[[str, str | None, str | None], list[str]]:
    """FTS5 over the same segmented text: the AND of the query's terms, then the OR fallback,
    best 10 by bm25 with a snippet, as our engine answers."""
    from workbench.core.search.analysis import load_user_dictionary

    load_user_dictionary()
    conn = sqlite3.connect(home / "fts.sqlite", check_same_thread=False)

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

    def insert(slug: str, text: str) -> None:
        conn.execute("INSERT INTO docs VALUES (?, 'faq', '', ?)", (slug, _segmented(text)))
        conn.commit()

    search.insert = insert  # type: ignore[attr-defined]
    return search


def phase_query_fts(home: Path, t0: float, corpus_name: str) -> dict[str, object]:
    search = _fts_search(home)
    first = search("私有化部署", None, None)
    first_answer = time.time() - t0
    assert first
    latencies, empty = [], 0
    for q in corpus(corpus_name)[1]():
        start = time.perf_counter()
        hits = search(q["text"], q.get("kind"), q.get("industry"))
        latencies.append((q["kind_of_query"], time.perf_counter() - start))
        empty += not hits
    findable = []
    for n in range(10):
        start = time.perf_counter()
        search.insert(f"bench-new-{n}", f"基准测试新条目 独有词汇 qzx{n}wv")  # type: ignore[attr-defined]
        assert search(f"qzx{n}wv", None, None)
        findable.append(time.perf_counter() - start)
    return {"first_answer_s": first_answer, "by_kind": _by_kind(latencies), "empty": empty,
            "queries": len(latencies), "save_to_findable_ms": statistics.median(findable) * 1000, "rss_mb": _rss_mb()}


PHASES: dict[str, Callable[[Path, float, str], dict[str, object]]] = {
    "build-ours": lambda home, t0, c: phase_build_ours(home),
    "build-fts": lambda home, t0, c: phase_build_fts(home),
    "query-ours": phase_query_ours,
    "profile-ours": lambda home, t0, c: phase_query_ours(home, t0, c, profile=True),
    "query-fts": phase_query_fts,
}


def run_phase(name: str, home: Path, corpus_name: str, src: Path | None = None) -> dict[str, object]:
    """One phase in its own process; ``src``: the source tree whose workbench package it uses."""
    t0 = time.time()
    extra = ["--src", str(src)] if src is not None else []
    out = subprocess.run(
        [sys.executable, __file__, "--phase", name, "--home", str(home), "--t0", repr(t0), "--corpus", corpus_name,
         *extra],
        capture_output=True, text=True, check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"phase {name} failed:\n{out.stderr[-3000:]}")
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    if out.stderr.strip():
        result["log"] = out.stderr.strip()[-2000:]  # what the engine logged (a rebuild on open, say)
    return result


def home_for_tree(home: Path, tree: Path) -> Path:
    """A copy of the prepared ``home`` for one tree's queries: each tree answers the same library
    (the items a tree saves to time save -> findable stay in its copy, so they neither count in
    the other tree's scores nor pile up in a kept library), from the same index.

    An older tree refuses a database stamped with a migration it does not know; the newer
    migrations only add tables and columns the older code never reads, so the copy is stamped
    with the tree's head.
    """
    versions = tree / "workbench" / "core" / "db" / "migrations" / "versions"
    heads = sorted(p.name.split("_", 1)[0] for p in versions.glob("[0-9][0-9][0-9][0-9]_*.py"))
    copy = Path(tempfile.mkdtemp(prefix="wb-bench-query-"))
    shutil.rmtree(copy)
    shutil.copytree(home, copy, ignore=shutil.ignore_patterns("*.holders", "*.lock"))
    with sqlite3.connect(copy / "workbench.sqlite") as conn:
        (current,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if heads and current not in heads:
            conn.execute("UPDATE alembic_version SET version_num = ?", (heads[-1],))
    # the copy written out before its queries are timed: at 50k it is 650 MB of dirty pages. One
    # run had 50-250 ms tails in every kind of one tree's queries (even typos, which read no
    # postings); a rerun of that tree on a settled copy had none. The write-back was the suspect;
    # this way it cannot happen during the queries
    if hasattr(os, "sync"):
        os.sync()
    return copy


TARGETS = ("targets at 50k: p95 <= 25 ms and <= 1.0x FTS5 p95 for every kind; p99 <= 2x FTS5 p99; "
           "did-you-mean <= 20 ms; rebuild >= 400 items/s; first answer <= 2 s; RSS <= 300 MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument("--corpus", choices=("realistic", "simple"), default="realistic")
    parser.add_argument("--before", type=Path, help="a source tree (e.g. main exported) also measured on the same index")
    parser.add_argument("--profile", action="store_true", help="profile the slowest 5 %% of queries (ours)")
    parser.add_argument("--cold", type=float, default=0, metavar="MB",
                        help="before each timed query, each engine's process reads and writes MB of memory")
    parser.add_argument("--passes", type=int, default=1, metavar="N",
                        help="time every tree's queries N times, each pass in a fresh process on a fresh copy of "
                        "the library, the trees' passes alternated; percentiles over the pooled samples")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "search.json")
    parser.add_argument("--reuse", type=Path, help="keep the prepared database and indexes in this folder and "
                        "reuse them in later runs (their build figures are the first run's)")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--t0", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--src", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold:
        os.environ["SEARCH_BENCH_COLD_MB"] = str(args.cold)  # the phases' processes inherit it
    if args.phase:
        if args.src:
            sys.path.insert(0, str(args.src))
        print(json.dumps(PHASES[args.phase](args.home, args.t0, args.corpus)))
        return

    report: dict[str, object] = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                                             "load_at_start": os.getloadavg()},
                                 "corpus": args.corpus, "runs": []}
    for size in (int(s) for s in args.sizes.split(",")):
        kept = args.reuse / f"{args.corpus}-{size}" if args.reuse else None
        home = kept or Path(tempfile.mkdtemp(prefix=f"wb-bench-{size}-"))
        try:
            built = home / "built.json"
            if kept is not None and built.exists():  # prepared and built by an earlier run
                run: dict[str, object] = json.loads(built.read_text(encoding="utf-8"))
            else:
                home.mkdir(parents=True, exist_ok=True)
                started = time.perf_counter()
                prepare(home, size, args.corpus)
                prepared = time.perf_counter() - started
                run = {"size": size, "prepare_s": prepared}
                run["ours"] = {"build": run_phase("build-ours", home, args.corpus)}
                run["fts5"] = {"build": run_phase("build-fts", home, args.corpus)}
                if kept is not None:
                    built.write_text(json.dumps(run), encoding="utf-8")
            # one after the other on copies of the same library: before, ours (alternated pass by
            # pass, so that a change in the machine's load falls on both), then FTS5 alone
            trees = [(name, tree) for name, tree in (("before", args.before), ("ours", ROOT)) if tree is not None]
            passes: dict[str, list[dict[str, Any]]] = {name: [] for name, _tree in trees}
            for _pass in range(max(1, args.passes)):
                for name, tree in trees:
                    tree_home = home_for_tree(home, tree)
                    try:
                        seen = _vmstat()
                        timed = run_phase("query-ours", tree_home, args.corpus, tree if name == "before" else None)
                        timed["reclaim"] = {key: value - seen.get(key, 0) for key, value in _vmstat().items()}
                        passes[name].append(timed)
                    finally:
                        shutil.rmtree(tree_home, ignore_errors=True)
            for name, answers in passes.items():
                run.setdefault(name, {})["query"] = _pooled(answers)  # type: ignore[index]
            fts_home = home_for_tree(home, ROOT)
            try:
                run["fts5"]["query"] = run_phase("query-fts", fts_home, args.corpus)  # type: ignore[index]
                if args.profile:
                    run["profile"] = run_phase("profile-ours", fts_home, args.corpus)
            finally:
                shutil.rmtree(fts_home, ignore_errors=True)
            run["asked"] = [(q["kind_of_query"], q["text"][:80]) for q in corpus(args.corpus)[1]()]
            run["load_at_end"] = os.getloadavg()
        finally:
            if kept is None:
                shutil.rmtree(home, ignore_errors=True)
        report["runs"].append(run)  # type: ignore[attr-defined]
        print_run(run)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\n{TARGETS}\nJSON: {args.out}")


def _same_answers(run: dict) -> str:  # type: ignore[type-arg]
    """Whether both trees gave every query the same answer, bit for bit."""
    mine, theirs = run["ours"]["query"].get("answers"), run["before"]["query"].get("answers")
    if not mine or not theirs:
        return "answers: not compared (a tree did not report them)"
    differ = [i for i, (a, b) in enumerate(zip(mine, theirs, strict=True)) if a != b]
    if not differ:
        return f"answers: identical to before's for all {len(mine)} queries (totals, hits, scores, did you mean)"
    kind, text = run["asked"][differ[0]]
    return f"answers: {len(differ)} of {len(mine)} differ from before's; the first: {kind}: {text}"


def print_run(run: dict) -> None:  # type: ignore[type-arg]
    ours, fts, before = run["ours"], run["fts5"], run.get("before")
    print(f"\n{run['size']:,} items, {ours['build']['distinct_words']:,} distinct words in the index, "
          f"{ours['query']['queries']} queries; load average {run['load_at_end'][0]:.1f} on {os.cpu_count()} cores")
    if ours["query"].get("passes", 1) > 1:
        same = "the same" if ours["query"].get("answers_same_every_pass") else "NOT the same"
        print(f"{ours['query']['passes']} passes a tree, each in a fresh process on a fresh copy, the trees' passes "
              f"alternated; percentiles over the pooled samples; {same} answers in every pass")
    reclaim = [(name, run[name]["query"].get("reclaim_by_pass") or []) for name in ("before", "ours") if run.get(name)]
    if any(counts for _name, passes in reclaim for counts in passes):
        said = "; ".join(f"{name} " + ", ".join(f"{c.get('workingset_refault_file', 0):,}" for c in passes)
                         for name, passes in reclaim)
        print(f"file pages the machine read back from disk after reclaiming them, per pass ({said}; every "
              f"process's): a pass with thousands more than the others may have had cold queries they did not")
    if ours["query"].get("cold_mb"):
        print(f"each engine's caches emptied before each timed query ({ours['query']['cold_mb']:.0f} MB read and "
              f"written in its own process)")
    # FTS5 figures are the ones measured interleaved with each engine, query by query, in the
    # same process; the ratios compare each engine with the FTS5 run beside it
    print(f"{'ms':22} {'before':>8} {'/FTS5':>6} {'ours':>8} {'/FTS5':>6} {'FTS5':>8}   (p50 / p95 / p99 by kind)")
    for kind in ours["query"]["by_kind"]:
        for stat in ("p50_ms", "p95_ms", "p99_ms"):
            a = ours["query"]["by_kind"][kind][stat]
            f = ours["query"]["fts_by_kind"][kind][stat]
            if before:
                b = before["query"]["by_kind"][kind][stat]
                bf = before["query"]["fts_by_kind"][kind][stat]
                left = f"{b:8.1f} {b / bf:6.2f}"
            else:
                left = f"{'':8} {'':6}"
            print(f"{kind + ' ' + stat[:3]:22} {left} {a:8.1f} {a / f:6.2f} {f:8.1f}")
    first_use = ours["query"]["first_use"]["all"]
    print(f"{'every word new p95':24} {'':>9} {first_use['p95_ms']:9.1f}")
    rows = [
        ("rebuild items/s", ours["build"]["items_per_s"], fts["build"]["items_per_s"], "{:.0f}"),
        ("save->findable ms", ours["query"]["save_to_findable_ms"], fts["query"]["save_to_findable_ms"], "{:.0f}"),
        ("first answer s", ours["query"]["first_answer_s"], fts["query"]["first_answer_s"], "{:.2f}"),
        ("index MB", ours["build"]["index_mb"], fts["build"]["index_mb"], "{:.1f}"),
        ("peak RSS MB (query)", ours["query"]["rss_mb"], fts["query"]["rss_mb"], "{:.0f}"),
        ("queries with no hit", ours["query"]["empty"], fts["query"]["empty"], "{}"),
    ]
    for name, a, b, fmt in rows:
        print(f"{name:24} {'':>9} {fmt.format(a):>9} {fmt.format(b):>9}")
    if before:
        print(f"{'before: first answer s':24} {before['query']['first_answer_s']:9.2f}")
        print(f"{'before: peak RSS MB':24} {before['query']['rss_mb']:9.0f} "
              f"(background preparation {before['query'].get('background_preparation_s', 0):.2f} s)")
        print(_same_answers(run))
    print(f"{'background preparation s':24} {ours['query'].get('background_preparation_s', 0):9.2f}")
    if "searches_rss_mb" in ours["query"]:  # FTS5 answering beside ours in a process of its own
        print(f"{'peak RSS MB, our queries':24} {ours['query']['searches_rss_mb']:9.0f} (then the first-use pass and "
              f"the saves: {ours['query']['rss_mb']:.0f}; FTS5's process beside them: "
              f"{ours['query']['fts_beside_rss_mb']:.0f})")
    for name, phase in (("before", before), ("ours", ours)):
        if phase and phase["query"].get("log"):
            print(f"{name} logged:", phase["query"]["log"][-600:])
    if "profile" in run:
        print("\nslowest 5 % (ours):", *run["profile"]["slowest"], sep="\n  ")
        print(run["profile"]["profile"])


if __name__ == "__main__":
    main()
