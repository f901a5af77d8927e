"""Two reviewers in two processes approve the same proposal at the same moment, on one SQLite
file or one PostgreSQL database: exactly one succeeds, the loser is told who got there first (not
"this needs a tier-2 reviewer"), nothing is applied twice. Two ways to race: each reads the item,
waits for the other, then approves (the GUI: it approves what it showed); or each approves right
after reading, as ``workbench review approve`` does, so the second may read after the first one's
commit and be refused from the item's new state."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path
from typing import Any

import pytest

from tests.backends import Backend
from tests.reviewing import PASSING, quick_proposal
from workbench.core.errors import Conflict
from workbench.core.workspace import Workspace, WorkspaceSettings

ROUNDS = {"read-then-wait": 5, "read-at-once": 8}


def _reviewer(home: str, url: str | None, name: str, numbers: list[str], race: str, start: Any, results: Any) -> None:
    """One process: for each proposal, wait for the other and approve; ``read-then-wait`` reads
    the item before waiting, ``read-at-once`` after it (every other round without a version)."""
    from workbench.core.errors import WorkbenchError

    ws = Workspace.open(WorkspaceSettings(home=Path(home), database_url=url, load_demo=False,
                                         automatic_backups=False))
    me = ws.users.get(name)
    try:
        for n, number in enumerate(numbers):
            try:
                if race == "read-then-wait":
                    seen = ws.reviews.status(number).version
                    start.wait(timeout=30)
                else:
                    start.wait(timeout=30)
                    seen = ws.reviews.status(number).version if n % 2 == 0 else None
                ws.reviews.approve(me, number, PASSING[1], expected_version=seen)
            except WorkbenchError as exc:
                results.put((number, name, exc.code, exc.message("en")))
            else:
                results.put((number, name, "ok", ""))
    finally:
        ws.close()


@pytest.mark.slow
@pytest.mark.parametrize("race", sorted(ROUNDS))
def test_two_processes_approve_at_once_exactly_one_wins(backend: Backend, ws: Workspace, race: str) -> None:
    ws.users.add(ws.actor(), "rob", "reviewer", 1)
    numbers = [quick_proposal(ws) for _ in range(ROUNDS[race])]
    for number in numbers:
        ws.reviews.submit(ws.users.get("alice"), number)
    url = backend.url_for(ws.paths.home)

    ctx = mp.get_context("spawn")  # no fork: the test process may hold Qt threads and open connections
    start, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_reviewer, args=(str(ws.paths.home), url, name, numbers, race, start, results))
             for name in ("rita", "rob")]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in range(2 * len(numbers))]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0

    for number in numbers:
        mine = [o for o in outcomes if o[0] == number]
        winners = [o for o in mine if o[2] == "ok"]
        losers = [o for o in mine if o[2] != "ok"]
        assert len(winners) == 1 and len(losers) == 1, mine
        winner, loser = winners[0][1], losers[0]
        assert loser[2] == "review_conflict", loser
        assert loser[3].startswith(f"{winner} got there first: they did 'approve'"), loser
        # applied once: one approval in the trail, one step up
        approvals = [e for e in ws.reviews.history(number) if e.action == "approve"]
        assert [e.actor for e in approvals] == [winner]
        status = ws.reviews.status(number)
        assert status.tier == 2 and status.last_actor == winner


def test_reading_after_the_winner_committed_still_names_the_winner(ws: Workspace) -> None:
    """The losing side of the race, made certain: rob reads the item after rita's approval."""
    ws.users.add(ws.actor(), "rob", "reviewer", 1)
    number = quick_proposal(ws)
    ws.reviews.submit(ws.users.get("alice"), number)
    ws.reviews.approve(ws.users.get("rita"), number, PASSING[1])
    seen = ws.reviews.status(number).version  # what `workbench review approve` reads first
    with pytest.raises(Conflict) as lost:
        ws.reviews.approve(ws.users.get("rob"), number, PASSING[1], expected_version=seen)
    assert lost.value.message("en").startswith("rita got there first: they did 'approve'")
    assert "rita 已抢先一步" in lost.value.message("zh")


def test_a_refusal_that_is_not_a_lost_race_keeps_its_own_reason(ws: Workspace) -> None:
    """A tier-2 reviewer approving at tier 1, or the author approving their own bid, is told why,
    not that someone got there first."""
    number = quick_proposal(ws)
    ws.reviews.submit(ws.users.get("alice"), number)
    with pytest.raises(Exception) as own:
        ws.reviews.approve(ws.users.get("alice"), number, PASSING[1])
    assert getattr(own.value, "code", "") != "review_conflict"
    ws.reviews.approve(ws.users.get("rita"), number, PASSING[1])
    with pytest.raises(Exception) as again:  # rita herself, once more: her own step, not a race
        ws.reviews.approve(ws.users.get("rita"), number, PASSING[1])
    assert getattr(again.value, "code", "") != "review_conflict"
