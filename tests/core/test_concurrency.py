"""Two processes writing to one database at the same moment (an SQLite file, or a PostgreSQL
database shared by two laptops): the loser of an edit race is told and nothing is silently
overwritten; read-modify-write allocations (proposal numbers) never collide."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path
from typing import Any

import pytest

from tests.backends import Backend
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.workspace import Workspace, WorkspaceSettings

ROUNDS = 4
SLUG = "faq-shared"


def _open(home: str, url: str | None) -> Workspace:
    return Workspace.open(WorkspaceSettings(home=Path(home), database_url=url, load_demo=False,
                                            automatic_backups=False))


def _editor(home: str, url: str | None, name: str, start: Any, results: Any) -> None:
    """Each round: read the item, wait for the other process, save an edit made on what was read."""
    from workbench.core.errors import WorkbenchError

    ws = _open(home, url)
    try:
        me = ws.users.get(name)
        for n in range(ROUNDS):
            seen = ws.knowledge.get(SLUG).version
            start.wait(timeout=30)
            draft = ItemDraft(kind=Kind.FAQ, title="Shared", body=f"{name} {n}", slug=SLUG)
            try:
                ws.knowledge.update(me, SLUG, draft, seen)
            except WorkbenchError as exc:
                results.put((n, name, exc.code, exc.message("en")))
            else:
                results.put((n, name, "ok", ""))
            start.wait(timeout=30)  # both done before the next round reads
    finally:
        ws.close()


def _author(home: str, url: str | None, count: int, start: Any, results: Any) -> None:
    from tests.reviewing import new_proposal

    ws = _open(home, url)
    try:
        start.wait(timeout=30)
        try:
            results.put([new_proposal(ws) for _ in range(count)])
        except Exception as exc:  # reported to the test at once, not by its timeout
            results.put([f"failed: {exc!r}"[:300]])
            raise
    finally:
        ws.close()


def _run(target: Any, args: list[tuple[Any, ...]], results_expected: int) -> list[Any]:
    ctx = mp.get_context("spawn")  # no fork: the test process holds open connections
    start, results = ctx.Barrier(len(args)), ctx.Queue()
    procs = [ctx.Process(target=target, args=(*a, start, results)) for a in args]
    for p in procs:
        p.start()
    out = [results.get(timeout=120) for _ in range(results_expected)]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0, out
    return out


@pytest.mark.slow
def test_two_processes_edit_one_item_the_loser_is_told_nothing_is_overwritten(
        backend: Backend, ws: Workspace) -> None:
    ws.users.add(ws.actor(), "bob", "author", None)
    ws.knowledge.create(ws.users.get("alice"), ItemDraft(kind=Kind.FAQ, title="Shared", body="start", slug=SLUG))
    url = backend.url_for(ws.paths.home)
    home = str(ws.paths.home)
    outcomes = _run(_editor, [(home, url, "alice"), (home, url, "bob")], 2 * ROUNDS)

    bodies = []
    for n in range(ROUNDS):
        mine = [o for o in outcomes if o[0] == n]
        winners = [o for o in mine if o[2] == "ok"]
        losers = [o for o in mine if o[2] != "ok"]
        assert len(winners) == 1 and len(losers) == 1, mine
        assert losers[0][2] == "edit_conflict" and winners[0][1] in losers[0][3], losers
        bodies.append(f"{winners[0][1]} {n}")
    # every winning edit is in the history, in order, and no losing edit anywhere
    history = ws.knowledge.history(SLUG)
    assert [v.body for v in history] == ["start", *bodies]
    assert ws.knowledge.get(SLUG).body == bodies[-1]


@pytest.mark.slow
def test_two_processes_creating_proposals_get_distinct_numbers(backend: Backend, ws: Workspace) -> None:
    """Numbers are the highest so far plus one, read and written in one transaction: correct only
    because write transactions run one at a time on both backends."""
    url = backend.url_for(ws.paths.home)
    home = str(ws.paths.home)
    made = _run(_author, [(home, url, 4), (home, url, 4)], 2)
    numbers = [n for batch in made for n in batch]
    assert len(set(numbers)) == 8
    assert sorted(p.number for p in ws.proposals.all()) == sorted(numbers)
