"""The demo history: deterministic, clearly marked, meaningful for every chart, and removable
without touching anything real."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from tests.backends import ADMIN, Backend, cli_as
from tests.retros import bid, fix_today
from workbench.cli.main import main
from workbench.core import demo_history
from workbench.core.db.models import KnowledgeItem, Proposal, RetroLesson, ReviewEvent, User
from workbench.core.errors import WorkbenchError
from workbench.core.retro.model import RetroInput
from workbench.core.search.query import SearchRequest
from workbench.core.workspace import Workspace

TODAY = dt.date(2026, 11, 1)


def test_sixty_decided_bids_over_eighteen_months_give_every_figure_something(ws: Workspace) -> None:
    report = demo_history.add_history(ws.db, TODAY)
    assert report is not None and (report.proposals, report.retrospectives) == (63, 60) and report.lessons >= 8
    fix_today(ws, TODAY)
    board = ws.reports.dashboard()
    assert board.bids == 60 and board.demo_bids == 60
    days = [b.decided_on for b in ws.reports.bids()]
    assert min(days) >= TODAY - dt.timedelta(days=18 * 31) and max(days) <= TODAY
    assert len(board.over_time.rows) >= 6 and all(r.bids for r in board.over_time.rows)
    outcomes = Counter(b.outcome.value for b in ws.reports.bids())
    assert all(outcomes[o] > 0 for o in ("won", "lost", "no_decision", "cancelled"))
    assert len(board.by["industry"].rows) == 7 and len(board.by["competitor"].rows) >= 5
    assert len(board.by["template"].rows) == 3 and len(board.by["author"].rows) == 5
    assert board.loss_reasons.with_reason == board.loss_reasons.lost > 0 and len(board.loss_reasons.rows) >= 4
    assert all(t.decisions > 0 and t.median_hours for t in board.review.tiers)
    assert {r.name for r in board.engineers.rows} >= {name for name, _ in demo_history.AUTHORS}
    due = ws.retros.due(TODAY)
    assert {d.why for d in due} == {"no_retrospective", "no_outcome"}
    with ws.db.read() as s:
        people = s.execute(select(User.name, User.active).where(User.name.like("demo.%"))).all()
        numbers = list(s.scalars(select(Proposal.number)))
    assert len(people) == 8 and not any(active for _, active in people)
    assert all(n.startswith("DEMO-") for n in numbers)
    # the lessons are knowledge items like any other: found by search. A lesson learned on
    # several bids is one item that names each of them, in the order they were decided
    ws.index.ensure()
    hits = ws.search.search(SearchRequest(text="述标演练", kind="lesson")).hits
    assert len(hits) == 1 and hits[0].id.startswith("demo-lesson-")
    with ws.db.read() as s:
        lessons = s.execute(select(KnowledgeItem.slug, KnowledgeItem.title, KnowledgeItem.body, KnowledgeItem.version)
                            .where(KnowledgeItem.slug.like("demo-lesson-%"))).all()
        links = Counter(s.scalars(select(RetroLesson.slug)))
    assert len(lessons) == report.lessons and len({title for _slug, title, _body, _version in lessons}) == len(lessons)
    assert sum(links.values()) >= 20 and set(links) == {slug for slug, *_ in lessons}
    again = [(slug, body, version) for slug, _title, body, version in lessons if links[slug] > 1]
    assert again
    for slug, body, version in again:
        sources = body.split("\n\n")[1:]
        assert len(sources) == links[slug] == version and len(set(sources)) == len(sources)
        decided = [source.rsplit("，", 1)[-1].rstrip("。") if "来自方案" in source else source.rsplit(" ", 1)[-1].rstrip(".")
                   for source in sources]
        assert decided == sorted(decided), body
        assert [v.version for v in ws.knowledge.history(slug)] == list(range(1, version + 1))


def test_the_same_day_gives_the_same_history(backend: Backend, tmp_path: Path) -> None:
    figures = []
    for name in ("a", "b"):
        ws = Workspace.open(backend.settings(tmp_path / name, load_demo=False))
        demo_history.add_history(ws.db, TODAY)
        figures.append((ws.reports.bids(), ws.reports.dashboard().review))
        ws.close()
    assert figures[0] == figures[1]


def test_removal_takes_the_history_and_leaves_real_work(ws: Workspace) -> None:
    fix_today(ws, TODAY)
    bid(ws, "P-REAL")
    ws.retros.record(ws.users.get("alice"), "P-REAL", RetroInput(
        "won", "2026-10-01", "100", competitors=("Northwind Cloud",), lessons=("A real lesson",)))
    demo_history.add_history(ws.db, TODAY)
    ws.index.ensure()
    with pytest.raises(WorkbenchError) as refused:
        demo_history.remove_history(ws.db, ws.users.get("alice"))
    assert refused.value.code == "demo_history_not_allowed"
    removed = demo_history.remove_history(ws.db, ws.actor()).value
    assert (removed.proposals, removed.retrospectives) == (63, 60)
    with ws.db.read() as s:
        assert list(s.scalars(select(Proposal.number))) == ["P-REAL"]
        assert s.scalar(select(func.count()).select_from(KnowledgeItem).where(
            KnowledgeItem.slug.like("demo-lesson-%"))) == 0
        assert s.scalar(select(func.count()).select_from(User).where(User.name.like("demo.%"))) == 0
    assert ws.retros.get("P-REAL").lessons[0].title == "A real lesson"  # type: ignore[union-attr]
    assert ws.retros.lists().competitors == ("Northwind Cloud",)  # still used by a real bid: kept
    assert ws.reports.dashboard().bids == 1
    ws.index.sync()
    assert not [h for h in ws.search.search(SearchRequest(text="述标演练")).hits if h.id.startswith("demo-")]
    # removed once, never re-added by a first-start path; an administrator may add it again
    assert demo_history.add_history(ws.db, TODAY) is None
    assert demo_history.add_history(ws.db, TODAY, actor=ws.actor(), force=True) is not None


def test_real_review_events_stay_append_only(ws: Workspace) -> None:
    from tests.reviewing import new_proposal

    number = new_proposal(ws)
    ws.reviews.submit(ws.users.get("alice"), number)
    demo_history.add_history(ws.db, TODAY)
    with ws.db.read() as s:
        real_ids = list(s.scalars(select(ReviewEvent.id).join(Proposal, Proposal.id == ReviewEvent.proposal_id)
                                  .where(Proposal.number == number)))
    # straight SQL, as another program with the database's credentials would send it
    for sql in ("DELETE FROM review_events WHERE id = :id", "UPDATE review_events SET comment = 'x' WHERE id = :id"):
        with pytest.raises(IntegrityError, match="append-only"), ws.db.engine.begin() as conn:
            conn.execute(text(sql), {"id": real_ids[0]})
    with ws.db.read() as s:
        real = s.scalar(select(func.count()).select_from(ReviewEvent).where(
            ReviewEvent.proposal_id.in_(select(Proposal.id).where(Proposal.number == number))))
    assert real == 1


def test_first_start_brings_the_history_with_the_demo_and_only_then(backend: Backend, tmp_path: Path) -> None:
    ws = Workspace.open(backend.settings(tmp_path / "new"))
    try:
        assert ws.reports.dashboard().demo_bids == 60
    finally:
        ws.close()
    # a database whose demo knowledge was loaded by an earlier version gets no history on update
    ws = Workspace.open(backend.settings(tmp_path / "old", demo_history=False))
    ws.close()
    ws = Workspace.open(backend.settings(tmp_path / "old"))
    try:
        assert ws.reports.dashboard().bids == 0
    finally:
        ws.close()


def test_from_the_terminal(capsys: pytest.CaptureFixture[str], backend: Backend, demo_home: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    url = backend.url_for(demo_home)
    where = ["--home", str(demo_home), *(["--database-url", url] if url else [])]
    main([*where, "demo", "add-history"])
    capsys.readouterr()
    as_alice = cli_as(backend, where, "alice", monkeypatch)
    capsys.readouterr()
    code = main([*where, "demo", "remove-history", *as_alice])
    assert code == 1 and "Only an administrator" in capsys.readouterr().err
    cli_as(backend, where, ADMIN, monkeypatch)
    code = main([*where, "demo", "remove-history"])
    assert code == 0 and "removed the demo history: 63 proposals, 60 retrospectives" in capsys.readouterr().out
    code = main([*where, "--lang", "zh", "demo", "add-history"])
    assert code == 0 and "已添加演示数据：63 个方案" in capsys.readouterr().out
