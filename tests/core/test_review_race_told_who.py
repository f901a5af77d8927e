"""Two reviewers approve the same proposal at once, the way the command line does it: each reads
the item, then acts on what it read, with no pause between. When the second one reads after the
first one's commit, the table refuses the approval from the item's new state; the loser must
still be told who got there first (README: "the loser told"), not "this needs a tier-2
reviewer". Real processes, on one SQLite file and on one PostgreSQL database."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path
from typing import Any

import pytest

from tests.backends import Backend
from tests.reviewing import PASSING, quick_proposal
from workbench.core.errors import Conflict
from workbench.core.workspace import Workspace, WorkspaceSettings

ROUNDS = 8


def _reviewer(home: str, url: str | None, name: str, numbers: list[str], start: Any, results: Any) -> None:
    """One process: for each proposal, wait for the other, then read and approve at once (as
    ``workbench review approve`` does), or approve without a version (every other round)."""
    from workbench.core.errors import WorkbenchError

    ws = Workspace.open(WorkspaceSettings(home=Path(home), database_url=url, load_demo=False,
                                         automatic_backups=False))
    me = ws.users.get(name)
    try:
        for n, number in enumerate(numbers):
            start.wait(timeout=30)
            try:
                seen = ws.reviews.status(number).version if n % 2 == 0 else None
                ws.reviews.approve(me, number, PASSING[1], expected_version=seen)
            except WorkbenchError as exc:
                results.put((number, name, exc.code, exc.message("en")))
            else:
                results.put((number, name, "ok", ""))
    finally:
        ws.close()


@pytest.mark.slow
def test_the_loser_of_an_approval_race_is_told_who_won(backend: Backend, ws: Workspace) -> None:
    ws.users.add(ws.actor(), "rob", "reviewer", 1)
    numbers = [quick_proposal(ws) for _ in range(ROUNDS)]
    for number in numbers:
        ws.reviews.submit(ws.users.get("alice"), number)
    url = backend.url_for(ws.paths.home)

    ctx = mp.get_context("spawn")
    start, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_reviewer, args=(str(ws.paths.home), url, name, numbers, start, results))
             for name in ("rita", "rob")]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in range(2 * ROUNDS)]
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
        assert [e.actor for e in ws.reviews.history(number) if e.action == "approve"] == [winner]


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
