"""Two reviewers in two processes approve the same proposal at the same moment, on one SQLite
file or one PostgreSQL database: exactly one succeeds, the other is told who got there first, nothing is applied twice."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path
from typing import Any

import pytest

from tests.backends import Backend
from tests.reviewing import PASSING, quick_proposal
from workbench.core.workspace import Workspace, WorkspaceSettings

ROUNDS = 5


def _reviewer(home: str, url: str | None, name: str, numbers: list[str], start: Any, results: Any) -> None:
    """One process: for each proposal, read what is there, wait for the other, then approve it."""
    from workbench.core.errors import WorkbenchError

    ws = Workspace.open(WorkspaceSettings(home=Path(home), database_url=url, load_demo=False,
                                         automatic_backups=False))
    me = ws.users.get(name)
    try:
        for number in numbers:
            seen = ws.reviews.status(number).version
            start.wait(timeout=30)
            try:
                ws.reviews.approve(me, number, PASSING[1], expected_version=seen)
            except WorkbenchError as exc:
                results.put((number, name, exc.code, exc.message("en")))
            else:
                results.put((number, name, "ok", ""))
    finally:
        ws.close()


@pytest.mark.slow
def test_two_processes_approve_at_once_exactly_one_wins(backend: Backend, ws: Workspace) -> None:
    ws.users.add(ws.actor(), "rob", "reviewer", 1)
    numbers = [quick_proposal(ws) for _ in range(ROUNDS)]
    for number in numbers:
        ws.reviews.submit(ws.users.get("alice"), number)
    home = str(ws.paths.home)
    url = backend.url_for(ws.paths.home)

    ctx = mp.get_context("spawn")  # no fork: the test process may hold Qt threads and open connections
    start, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_reviewer, args=(home, url, name, numbers, start, results)) for name in ("rita", "rob")]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=90) for _ in range(2 * ROUNDS)]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0

    for number in numbers:
        mine = [o for o in outcomes if o[0] == number]
        winners = [o for o in mine if o[2] == "ok"]
        losers = [o for o in mine if o[2] != "ok"]
        assert len(winners) == 1 and len(losers) == 1, mine
        winner, loser = winners[0][1], losers[0]
        assert loser[2] == "review_conflict"
        assert loser[3].startswith(f"{winner} got there first: they did 'approve'"), loser
        # applied once: one approval in the trail, one step up
        approvals = [e for e in ws.reviews.history(number) if e.action == "approve"]
        assert [e.actor for e in approvals] == [winner]
        status = ws.reviews.status(number)
        assert status.tier == 2 and status.last_actor == winner
