"""Review queue benchmark: 10,000 proposals in the database (spread over every review state,
with claims, escalations and earlier-tier approvals in the audit trail); time listing one
tier-1 reviewer's queue and their badge count through the service, beside a plain-SQL
baseline (sqlite3, same filter and order, tuples only) measured in the same run.
Target: the queue lists in <= 100 ms.

    python bench/review_bench.py [--proposals 10000] [--runs 30]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from sqlalchemy import insert  # noqa: E402

from workbench.core.db.models import Proposal, ProposalRevision, ReviewEvent, ReviewItem  # noqa: E402
from workbench.core.workspace import Workspace, WorkspaceSettings  # noqa: E402

STATES = [("draft", 0.30), ("tier_1", 0.20), ("tier_2", 0.15), ("tier_3", 0.10),
          ("changes_requested", 0.10), ("approved", 0.15)]
REVIEWERS = {tier: [f"rev{tier}_{n}" for n in range(10)] for tier in (1, 2, 3)}
AUTHORS = [f"author_{n}" for n in range(20)]
ME = "rev1_0"

BASELINE_SQL = """
SELECT p.number, p.title, p.customer, p.author, p.template, i.state, i.revision, i.round, i.claimed_by,
       i.entered_at, i.due_at, i.escalated_by, i.requested_tier, i.last_actor, i.last_action, i.version
FROM review_items i JOIN proposals p ON p.id = i.proposal_id
WHERE (i.state = 'tier_1' AND p.author != :me AND (i.claimed_by IS NULL OR i.claimed_by = :me)
       AND NOT EXISTS (SELECT 1 FROM review_events e WHERE e.action = 'approve' AND e.actor = :me
                       AND e.proposal_id = i.proposal_id AND e.revision = i.revision AND e.tier != 1))
   OR (i.state = 'changes_requested' AND p.author = :me)
ORDER BY CASE WHEN i.escalated_by IS NOT NULL THEN 0 ELSE 1 END,
         CASE WHEN i.due_at IS NOT NULL AND i.due_at < :now THEN 0 ELSE 1 END, i.entered_at, i.id
"""


def populate(ws: Workspace, count: int, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    admin = ws.actor()
    for tier, names in REVIEWERS.items():
        for name in names:
            ws.users.add(admin, name, "reviewer", tier)
    for name in AUTHORS:
        ws.users.add(admin, name, "author")
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    proposals, revisions, items, events = [], [], [], []
    by_state: dict[str, int] = {}
    weights = [w for _, w in STATES]
    for pid in range(1, count + 1):
        state = rng.choices([s for s, _ in STATES], weights)[0]
        by_state[state] = by_state.get(state, 0) + 1
        author = rng.choice(AUTHORS)
        created = now - dt.timedelta(days=rng.uniform(1, 120))
        proposals.append(dict(
            id=pid, number=f"P-BENCH-{pid:05d}", title=f"Proposal {pid}", customer=f"Customer {pid % 700}",
            industry="retail", customer_tier="B", template="tech-proposal-en", author=author,
            status="in_review" if state.startswith("tier_") else state, bid_deadline=None, inputs={},
            created_at=created, updated_at=created, version=1, approved_revision=1 if state == "approved" else None))
        revisions.append(dict(proposal_id=pid, number=1, markdown="# Proposal\n\ntext\n", knowledge=[], note="",
                              locked=state != "draft", created_at=created, created_by=author))
        if state == "draft":
            continue
        entered = created + dt.timedelta(hours=rng.uniform(1, 48))
        tier = int(state[-1]) if state.startswith("tier_") else None
        claimed = rng.choice(REVIEWERS[tier]) if tier and rng.random() < 0.3 else None
        items.append(dict(
            proposal_id=pid, state=state, revision=1, round=1, requested_tier=None, claimed_by=claimed,
            claimed_at=entered if claimed else None, entered_at=entered,
            due_at=entered + dt.timedelta(days=2) if tier else None,
            escalated_by="rev3_0" if tier and rng.random() < 0.02 else None,
            last_actor=author, last_action="submit", version=1))
        events.append(dict(proposal_id=pid, at=created, actor=author, action="submit", tier=1, revision=1,
                           state_before="draft", state_after="tier_1", scores={}, comment="", detail={}))
        for earlier in range(1, (tier or 4)):
            events.append(dict(proposal_id=pid, at=entered, actor=rng.choice(REVIEWERS[earlier]), action="approve",
                               tier=earlier, revision=1, state_before=f"tier_{earlier}",
                               state_after=f"tier_{earlier + 1}" if earlier < 3 else "approved",
                               scores={}, comment="", detail={"waited_s": 3600}))
    with ws.db.write() as s:
        s.execute(insert(Proposal), proposals)
        s.execute(insert(ProposalRevision), revisions)
        s.execute(insert(ReviewItem), items)
        s.execute(insert(ReviewEvent), events)
    with sqlite3.connect(ws.paths.database) as con:
        con.execute("ANALYZE")
    return by_state


def timed(fn, runs: int) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    fn()  # warm: caches, compiled statements
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    times.sort()
    return statistics.median(times) * 1000, times[int(len(times) * 0.95) - 1] * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "review.json")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="wb-review-bench-"))
    try:
        ws = Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False))
        start = time.perf_counter()
        by_state = populate(ws, args.proposals)
        populate_s = time.perf_counter() - start
        me = ws.users.get(ME)
        now = dt.datetime.now(dt.UTC)
        queue_ms, queue_p95, rows = timed(lambda: ws.reviews.queue(me, now), args.runs)
        badge_ms, badge_p95, badge = timed(lambda: ws.reviews.badge(me, now), args.runs)
        con = sqlite3.connect(ws.paths.database)
        params = {"me": ME, "now": now.replace(tzinfo=None).isoformat(sep=" ")}
        base_ms, base_p95, base_rows = timed(lambda: con.execute(BASELINE_SQL, params).fetchall(), args.runs)
        plan = [r[-1] for r in con.execute("EXPLAIN QUERY PLAN " + BASELINE_SQL, params)]
        con.close()
        ws.close()
        assert isinstance(rows, list) and isinstance(base_rows, list)
        assert [r.proposal for r in rows] == [r[0] for r in base_rows], "service and baseline disagree"
        assert badge == len(rows)
        result = {
            "proposals": args.proposals, "by_state": by_state, "queue_rows": len(rows), "populate_s": populate_s,
            "queue_ms": queue_ms, "queue_p95_ms": queue_p95, "badge_ms": badge_ms, "badge_p95_ms": badge_p95,
            "baseline_sql_ms": base_ms, "baseline_sql_p95_ms": base_p95, "query_plan": plan,
        }
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(f"{'':36} {'median ms':>10} {'p95 ms':>10}")
    print(f"{'queue (ReviewService.queue)':36} {queue_ms:10.1f} {queue_p95:10.1f}")
    print(f"{'badge count (ReviewService.badge)':36} {badge_ms:10.1f} {badge_p95:10.1f}")
    print(f"{'plain SQL baseline (sqlite3)':36} {base_ms:10.1f} {base_p95:10.1f}")
    print(f"{args.proposals:,} proposals ({', '.join(f'{k} {v}' for k, v in by_state.items())}); "
          f"{len(rows)} in {ME}'s queue; target <= 100 ms")
    print("plan: " + " | ".join(plan))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
