"""Team load test: simulated laptops working one shared PostgreSQL at once.

Every client is its own process with its own data folder and its own whoosh index (as a laptop
is), signed in as its own user, following the shared database with the same background sync the
desktop app runs (every SYNC_S seconds). For a bounded time each client mixes searches, saves
(editing a shared pool of items, so edits collide, and creating new ones), review-queue listings,
proposals written and submitted (authors) and review actions (reviewers: claim, approve, request
changes), with a think time between actions.

Measured: throughput and latency per operation, conflicts (the loser of a race is told: expected),
errors (anything else: target 0), lost writes (a save that was acknowledged but is not in the
database at the end: target 0), and index lag: a client saves an item with a unique word, the next
client in the ring notes when its own index first finds it (target p95 <= 10 s). The baseline is
the same mix from three clients (two authors, one reviewer), measured first in the same run.

    python bench/team_load.py [--clients 20] [--seconds 60] [--baseline-seconds 15] [--roles]
                              [--database-url postgresql+psycopg://...]   # default: a throwaway local server

``--roles``: every client connects to PostgreSQL as its own person (migration 0011's login role,
its SCRAM password checked by the throwaway server), so each action also passes the server's row
rules; without it, every client shares the owner's connection and signs in with the app's argon2
password, as releases before team roles did.

Targets: zero errors and lost writes, index lag p95 <= 10 s, queue listing p95 <= 200 ms.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import shutil
import string
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

ITEMS = 2000  # knowledge items in the database at the start
HOT = 60  # items everybody edits (collisions are the point)
PROPOSALS = 40  # proposals waiting for tier-1 review at the start
BASELINE_CLIENTS = 3  # two authors and a tier-1 reviewer: the same mix, no crowd
SYNC_S = 3.0  # the desktop app's index poll (workbench/gui/indexer.py POLL_MS)
PASSWORD = "load-test-password"
OPS = ("search", "queue", "save", "propose", "review")
MIX = {  # what each kind of person does, by weight
    "author": {"search": 0.45, "queue": 0.20, "save": 0.25, "propose": 0.10},
    "reviewer": {"search": 0.40, "queue": 0.20, "save": 0.10, "review": 0.30},
}
PASSING = {
    1: {"completeness": 4, "format": 4, "requirements": 4},
    2: {"feasibility": 4, "delivery": 4, "security": 4},
    3: {"commercial": 4, "risk": 4, "win_strategy": 4},
}
PROPOSAL_VARS: dict[str, Any] = {
    "customer": "Contoso Retail Group", "project_name": "Omnichannel service", "industry": "retail",
    "customer_tier": "B", "requirements": "omnichannel service for 300 stores", "products": ["CRM"],
    "deployment": "SaaS", "bid_deadline": "2027-06-30",
    "pricing": [{"item": "Service Cloud seats", "quantity": 120, "unit": "seat/year", "unit_price": 480}],
}
MARKDOWN = "# Requirement understanding\n\nStores want one inbox.\n\n# Solution\n\nService Cloud.\n"


def people(clients: int) -> list[tuple[str, str, int | None]]:
    """(name, role, tier) of each client: a third reviewers (tiers 1-3 in turn), the rest authors."""
    out: list[tuple[str, str, int | None]] = []
    for n in range(clients):
        if n % 3 == 2:
            tier = (n // 3) % 3 + 1
            out.append((f"rev{tier}_{n}", "reviewer", tier))
        else:
            out.append((f"author_{n}", "author", None))
    return out


# --- preparing the shared database and one index every client starts from -----------------------


def person_url(url: str, name: str) -> str:
    """The database address as ``name``'s own login (the password comes from PGPASSWORD)."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(username=name, password=None).render_as_string(hide_password=False)


def scram_for_people(server: Any) -> None:
    """The throwaway server asks everyone but its superuser for a SCRAM password, as a team's does."""
    (server.data / "pg_hba.conf").write_text(
        "host all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n"
        "local all postgres trust\n", encoding="utf-8")
    server._admin("SELECT pg_reload_conf()")


def _open(home: Path, url: str) -> Any:
    from workbench.core.workspace import Workspace, WorkspaceSettings

    return Workspace.open(WorkspaceSettings(home=home, database_url=url, load_demo=False,
                                            demo_history=False, automatic_backups=False))


def prepare(url: str, home: Path, clients: int) -> None:
    from sqlalchemy import insert, text

    from bench.corpus import generate
    from workbench.core.db.models import (
        KnowledgeChange,
        KnowledgeItem,
        KnowledgeTag,
        KnowledgeVersion,
        utcnow,
    )

    ws = _open(home, url)
    # an empty team database: its first administrator, whose password is the server's. The data is
    # prepared over the schema owner's connection (the server does not check it), acting in the
    # names of the people it adds
    admin = ws.users.add(None, "admin", "admin", password=PASSWORD).value
    for name, role, tier in people(clients):
        ws.users.add(admin, name, role, tier, display_name=name, password=PASSWORD)
    now = utcnow()
    items, tags, versions = [], [], []
    for n, doc in enumerate(generate(ITEMS, seed=99), start=1):
        items.append({
            "id": n, "slug": doc.slug, "kind": doc.kind, "title": doc.title, "body": doc.body,
            "industry": doc.industry, "product": doc.product, "customer": "", "language": doc.language,
            "owner": "admin", "status": "published", "usage_count": 0, "content_hash": "",
            "created_at": now, "created_by": "admin", "updated_at": now, "updated_by": "admin", "version": 1,
        })
        tags.extend({"item_id": n, "tag": t, "position": i} for i, t in enumerate(doc.tags))
        versions.append({"item_id": n, "version": 1, "action": "create", "title": doc.title, "body": doc.body,
                         "fields": {}, "changed_by": "admin", "changed_at": now})
    with ws.db.write() as s:
        s.execute(insert(KnowledgeItem), items)
        s.execute(insert(KnowledgeTag), tags)
        s.execute(insert(KnowledgeVersion), versions)
        s.execute(insert(KnowledgeChange), [{"slug": i["slug"], "changed_at": now} for i in items])
    if ws.db.is_postgresql:  # rows inserted with explicit ids: move the sequence past them
        with ws.db.write() as s:
            s.execute(text("SELECT setval(pg_get_serial_sequence('knowledge_items', 'id'), "
                           "(SELECT MAX(id) FROM knowledge_items))"))
    authors = [name for name, role, _ in people(clients) if role == "author"]
    for n in range(PROPOSALS):
        author = ws.users.get(authors[n % len(authors)])
        number = ws.proposals.create(author, "tech-proposal-en", dict(PROPOSAL_VARS), matched={},
                                     markdown=MARKDOWN).value.number
        ws.reviews.submit(author, number)
    ws.index.rebuild()
    ws.close()


# --- one simulated laptop ------------------------------------------------------------------------


class Client:
    def __init__(self, n: int, clients: int, url: str, home: Path, probes: Any, start_by: float,
                 deadline: float, think: float, seed: int, run: str, roles: bool = False) -> None:
        self.n, self.clients, self.url, self.home = n, clients, url, home
        self.name, self.role, self.tier = people(clients)[n]
        self.roles = roles
        self.probes, self.start_by, self.deadline, self.think = probes, start_by, deadline, think
        self.run_label = run
        self.late = False
        self.rng = random.Random(seed)
        self.times: dict[str, list[float]] = {op: [] for op in OPS}
        self.conflicts: dict[str, int] = {op: 0 for op in OPS}
        self.errors: list[str] = []
        self.saves: list[tuple[str, int, str]] = []  # (slug, version, body) acknowledged
        self.created: list[str] = []
        self.decisions = 0
        self.lags: list[float] = []
        self.sync_errors: list[str] = []
        self._seen: set[str] = set()
        self._counter = 0

    def run(self) -> dict[str, Any]:
        from bench.corpus import queries

        if self.roles:  # this laptop connects as its person: the server checks the password
            os.environ["PGPASSWORD"] = PASSWORD
            self.ws = _open(self.home, person_url(self.url, self.name))
            self.me = self.ws.actor()
        else:
            self.ws = _open(self.home, self.url)
            self.me = self.ws.login(self.name, PASSWORD)  # argon2 check, session token kept in this home
        self.queries = queries(200, seed=self.n)
        self.ws.index.ensure()
        stop = threading.Event()
        syncer = threading.Thread(target=self._sync_loop, args=(stop,), daemon=True)
        syncer.start()
        ops, weights = zip(*MIX[self.role].items(), strict=True)
        self.late = time.time() > self.start_by
        time.sleep(max(0.0, self.start_by - time.time()))  # everybody starts together
        cpu_start = _cpu_seconds()
        while time.time() < self.deadline:
            op = self.rng.choices(ops, weights)[0]
            started = time.perf_counter()
            try:
                getattr(self, "_" + op)()
            except Exception as exc:
                from workbench.core.errors import Conflict, WorkbenchError

                if isinstance(exc, Conflict) or (isinstance(exc, WorkbenchError) and exc.code in CONFLICT_CODES):
                    self.conflicts[op] += 1
                else:
                    self.errors.append(f"{op}: {exc!r}"[:300] + "\n" + traceback.format_exc()[-800:])
            else:
                self.times[op].append(time.perf_counter() - started)
            time.sleep(self.rng.expovariate(1 / self.think) if self.think > 0 else 0)
        cpu = _cpu_seconds() - cpu_start  # both threads: the actions and the index sync
        stop.set()
        syncer.join(timeout=30)
        self.ws.close()
        return {
            "name": self.name, "times": self.times, "conflicts": self.conflicts, "errors": self.errors,
            "saves": self.saves, "created": self.created, "decisions": self.decisions, "lags": self.lags,
            "sync_errors": self.sync_errors, "late": self.late, "cpu_s": cpu,
        }

    # -- background: what the desktop app's IndexKeeper does, plus the lag probe ---------------

    def _sync_loop(self, stop: threading.Event) -> None:
        from workbench.core.search.query import SearchRequest

        previous = (self.n - 1) % self.clients
        while not stop.wait(SYNC_S):
            try:
                self.ws.index.sync()
                pending = [(word, t) for word, (owner, t) in list(self.probes.items())
                           if owner == previous and word not in self._seen]
                for word, saved_at in pending:
                    if self.ws.search.search(SearchRequest(text=word)).total:
                        self._seen.add(word)
                        self.lags.append(time.time() - saved_at)
            except Exception as exc:
                self.sync_errors.append(repr(exc)[:300])

    # -- the operations -----------------------------------------------------------------------

    def _search(self) -> None:
        from workbench.core.search.query import SearchRequest

        q = self.rng.choice(self.queries)
        self.ws.search.search(SearchRequest(text=q["text"], industry=q.get("industry"), kind=q.get("kind")))

    def _queue(self) -> None:
        self.ws.reviews.queue(self.me)

    def _save(self) -> None:
        from workbench.core.knowledge.model import ItemDraft, Kind

        self._counter += 1
        if self.rng.random() < 0.5:
            slug = f"bench-{self.rng.randrange(HOT):06d}"
            seen = self.ws.knowledge.get(slug)
            body = f"{seen.body.split(' #edit ')[0]} #edit {self.name} {self._counter}"
            draft = ItemDraft(kind=seen.kind, title=seen.title, body=body, slug=slug, industry=seen.industry,
                              product=seen.product, tags=seen.tags)
            view = self.ws.knowledge.update(self.me, slug, draft, seen.version).value
            self.saves.append((slug, view.version, body))
            return
        word = "zq" + "".join(self.rng.choice(string.ascii_lowercase) for _ in range(12))
        slug = f"load-{self.run_label}-{self.n}-{self._counter}"
        body = f"Lesson {self._counter} from {self.name}: {word} keeps the rollout on schedule."
        view = self.ws.knowledge.create(self.me, ItemDraft(kind=Kind.LESSON, title=f"Load lesson {slug}",
                                                           body=body, slug=slug)).value
        self.probes[word] = (self.n, time.time())  # committed: the clock for index lag starts now
        self.created.append(slug)
        self.saves.append((slug, view.version, body))

    def _propose(self) -> None:
        number = self.ws.proposals.create(self.me, "tech-proposal-en", dict(PROPOSAL_VARS), matched={},
                                          markdown=MARKDOWN).value.number
        self.ws.reviews.submit(self.me, number)

    def _review(self) -> None:
        queue = [s for s in self.ws.reviews.queue(self.me) if s.state.value == f"tier_{self.tier}"]
        if not queue:
            return
        status = self.rng.choice(queue[:5])
        if status.claimed_by != self.name:
            self.ws.reviews.claim(self.me, status.proposal)
        if self.rng.random() < 0.85:
            self.ws.reviews.approve(self.me, status.proposal, PASSING[self.tier])
        else:
            self.ws.reviews.request_changes(self.me, status.proposal, "Please add the SLA figures.")
        self.decisions += 1


# codes of refusals that are the expected outcome of two people racing, not failures
CONFLICT_CODES = {"edit_conflict", "review_conflict", "review_claimed", "review_invalid_transition",
                  "review_wrong_tier"}


def _cpu_seconds() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _client_main(n: int, clients: int, url: str, home: str, probes: Any, start_by: float, deadline: float,
                 think: float, run: str, out: Any, roles: bool = False) -> None:
    try:
        out.put(Client(n, clients, url, Path(home), probes, start_by, deadline, think, 1000 + n, run,
                       roles).run())
    except BaseException:
        out.put({"name": f"client {n}", "fatal": traceback.format_exc()[-3000:]})


def run_load(url: str, template_home: Path, root: Path, clients: int, seconds: float, think: float,
             roles: bool = False) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    manager = ctx.Manager()
    probes = manager.dict()
    out = ctx.Queue()
    homes = []
    for n in range(clients):
        home = root / f"client-{n}"
        shutil.rmtree(home, ignore_errors=True)
        shutil.copytree(template_home, home)  # the index as the laptop had it yesterday
        homes.append(home)
    start_by = time.time() + 20 + clients * 1.5  # every client open and signed in before the clock starts
    deadline = start_by + seconds
    run = f"{clients}c"
    procs = [ctx.Process(target=_client_main,
                         args=(n, clients, url, str(homes[n]), probes, start_by, deadline, think, run, out,
                               roles))
             for n in range(clients)]
    for p in procs:
        p.start()
    results = [out.get(timeout=seconds + 300) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    fatal = [r for r in results if "fatal" in r]
    if fatal:
        raise SystemExit("a client failed:\n" + "\n".join(r["fatal"] for r in fatal))
    lost = lost_writes(url, template_home, results)
    manager.shutdown()
    return summarise(results, seconds, lost)


def lost_writes(url: str, home: Path, results: list[dict[str, Any]]) -> list[str]:
    """Acknowledged saves missing from the database: for each item, the newest acknowledged
    version must be there with its text; every created item must exist."""
    newest: dict[str, tuple[int, str]] = {}
    for r in results:
        for slug, version, body in r["saves"]:
            if slug not in newest or version > newest[slug][0]:
                newest[slug] = (version, body)
    ws = _open(home, url)
    try:
        lost = []
        for slug, (version, body) in newest.items():
            try:
                item = ws.knowledge.get(slug)
            except Exception:
                lost.append(f"{slug}: missing")
                continue
            if item.version == version and item.body != body:
                lost.append(f"{slug} v{version}: text differs")
            elif item.version < version:
                lost.append(f"{slug}: database at v{item.version}, v{version} was acknowledged")
        return lost
    finally:
        ws.close()


def _pct(samples: list[float], q: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summarise(results: list[dict[str, Any]], seconds: float, lost: list[str]) -> dict[str, Any]:
    ops: dict[str, Any] = {}
    for op in OPS:
        samples = [t for r in results for t in r["times"][op]]
        ops[op] = {
            "count": len(samples), "per_s": len(samples) / seconds,
            "p50_ms": _pct(samples, 0.50) * 1000, "p95_ms": _pct(samples, 0.95) * 1000,
            "max_ms": max(samples) * 1000 if samples else float("nan"),
            "conflicts": sum(r["conflicts"][op] for r in results),
        }
    lags = [x for r in results for x in r["lags"]]
    errors = [e for r in results for e in r["errors"]]
    return {
        "clients": len(results), "seconds": seconds, "ops": ops,
        "actions_per_s": sum(o["count"] for o in ops.values()) / seconds,
        "review_decisions": sum(r["decisions"] for r in results),
        "errors": len(errors), "error_samples": errors[:5],
        "late_starts": sum(1 for r in results if r["late"]),
        # the clients' CPU time over what this machine had: near 100 % means the numbers measure
        # this machine's cores shared by every simulated laptop, not the design
        "client_cpu_pct": 100 * sum(r["cpu_s"] for r in results) / (seconds * (os.cpu_count() or 1)),
        "sync_errors": sum(len(r["sync_errors"]) for r in results),
        "lost_writes": len(lost), "lost_samples": lost[:5],
        "index_lag": {"probes": len(lags), "p50_s": _pct(lags, 0.5), "p95_s": _pct(lags, 0.95),
                      "max_s": max(lags) if lags else float("nan")},
    }


def print_table(base: dict[str, Any], load: dict[str, Any]) -> None:
    print(f"\n{'':24} {str(base['clients']) + ' clients (baseline)':>22} {str(load['clients']) + ' clients':>22}")
    for op in OPS:
        a, b = base["ops"][op], load["ops"][op]
        print(f"{op + ' p50 / p95 ms':24} {a['p50_ms']:>10.1f} /{a['p95_ms']:>9.1f} {b['p50_ms']:>10.1f} /{b['p95_ms']:>9.1f}")
        print(f"{'  done / conflicts':24} {a['count']:>10} /{a['conflicts']:>9} {b['count']:>10} /{b['conflicts']:>9}")
    rows = [
        ("actions per s", "{:.1f}", base["actions_per_s"], load["actions_per_s"]),
        ("review decisions", "{}", base["review_decisions"], load["review_decisions"]),
        ("index lag p50 s", "{:.1f}", base["index_lag"]["p50_s"], load["index_lag"]["p50_s"]),
        ("index lag p95 s", "{:.1f}", base["index_lag"]["p95_s"], load["index_lag"]["p95_s"]),
        ("index lag max s", "{:.1f}", base["index_lag"]["max_s"], load["index_lag"]["max_s"]),
        ("  lag probes", "{}", base["index_lag"]["probes"], load["index_lag"]["probes"]),
        ("errors", "{}", base["errors"], load["errors"]),
        ("sync errors", "{}", base["sync_errors"], load["sync_errors"]),
        ("lost writes", "{}", base["lost_writes"], load["lost_writes"]),
        ("clients that started late", "{}", base["late_starts"], load["late_starts"]),
        ("clients' CPU, % of machine", "{:.0f}", base["client_cpu_pct"], load["client_cpu_pct"]),
    ]
    for name, fmt, a, b in rows:
        print(f"{name:24} {fmt.format(a):>22} {fmt.format(b):>22}")
    for sample in load["error_samples"] + load["lost_samples"]:
        print("  !", sample.splitlines()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--baseline-seconds", type=float, default=15)
    parser.add_argument("--think", type=float, default=0.5, help="mean pause between a client's actions, s")
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: a throwaway local server)")
    parser.add_argument("--roles", action="store_true",
                        help="each client connects as its own PostgreSQL login (team roles, SCRAM)")
    parser.add_argument("--out", type=Path, default=None,
                        help="JSON report (default: results/team_load.json, team_load_roles.json with --roles)")
    args = parser.parse_args()
    args.out = args.out or HERE / "results" / ("team_load_roles.json" if args.roles else "team_load.json")
    if args.clients < 2:
        parser.error("at least 2 clients (index lag is measured from one client to another)")

    root = Path(tempfile.mkdtemp(prefix="wb-team-load-"))
    server = None
    try:
        if args.database_url:
            url = args.database_url
        else:
            from tests.backends import PostgresServer, postgres_missing

            why = postgres_missing()
            if why:
                raise SystemExit(why)
            server = PostgresServer()
            server.start()
            url = server.url(server.create_database())
            if args.roles:
                scram_for_people(server)
        started = time.perf_counter()
        template = root / "template"
        prepare(url, template, args.clients)
        print(f"prepared {ITEMS} items, {PROPOSALS} proposals in review, {args.clients} users "
              f"in {time.perf_counter() - started:.1f} s")
        base = run_load(url, template, root, BASELINE_CLIENTS, args.baseline_seconds, args.think, args.roles)
        load = run_load(url, template, root, args.clients, args.seconds, args.think, args.roles)
        report = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
                  "think_s": args.think, "sync_s": SYNC_S, "roles": args.roles, "baseline": base, "load": load}
        print_table(base, load)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
        print("\ntargets: 0 errors, 0 lost writes, index lag p95 <= 10 s, queue p95 <= 200 ms")
        print(f"JSON: {args.out}")
        ok = (load["errors"] == 0 and load["lost_writes"] == 0 and load["index_lag"]["p95_s"] <= 10
              and load["ops"]["queue"]["p95_ms"] <= 200)
        print("all targets met" if ok else "TARGETS MISSED")
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
