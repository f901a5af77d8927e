"""Every laptop's search index follows the shared database by itself: laptop B (another home,
so another whoosh index, on the same database) finds what laptop A saved, archived, edited or
deleted after its own ``sync()``; a rebuild on A leaves B and the change log alone; an index that
follows another database, or is ahead of the database's log, is rebuilt; and with one process
saving while another syncs, no change is ever skipped."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import multiprocessing as mp
import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from workbench.core import demo_history
from workbench.core.db.models import KnowledgeChange, KnowledgeItem
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.search.query import SearchRequest
from workbench.core.search.watermark import SYNC_FILE
from workbench.core.workspace import Workspace, WorkspaceSettings

TODAY = dt.date(2026, 11, 20)


def _open(home: Path | str, url: str) -> Workspace:
    return Workspace.open(WorkspaceSettings(home=Path(home), database_url=url, load_demo=False,
                                            automatic_backups=False))


@pytest.fixture
def laptop_b(ws: Workspace, tmp_path: Path) -> Iterator[Workspace]:
    """A second laptop: its own home (its own index), the first one's database. On SQLite the
    URL must be given: a home's default database is the file in that home."""
    ws.index.ensure()
    other = _open(tmp_path / "laptop-b", ws.db.url)
    other.index.ensure()
    yield other
    other.close()


def _indexed(ws: Workspace) -> dict[str, str]:
    """Every document in this laptop's index: id -> status."""
    with ws.index.searcher() as s:
        return {f["id"]: f["status"] for f in s.reader().all_stored_fields()}


def _in_database(ws: Workspace) -> dict[str, str]:
    with ws.db.read() as s:
        return {slug: status for slug, status in s.execute(select(KnowledgeItem.slug, KnowledgeItem.status))}


def _log(ws: Workspace) -> tuple[int, int]:
    with ws.db.read() as s:
        return (int(s.scalar(select(func.count(KnowledgeChange.id))) or 0),
                int(s.scalar(select(func.max(KnowledgeChange.id))) or 0))


def _found(ws: Workspace, text: str, **filters: Any) -> list[str]:
    return [h.id for h in ws.search.search(SearchRequest(text=text, **filters)).hits]


def _sync_file(ws: Workspace) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ws.paths.index / SYNC_FILE).read_text(encoding="utf-8"))
    return data


def _rewrite_sync_file(home: Path, **values: Any) -> None:
    path = home / "index" / SYNC_FILE
    path.write_text(json.dumps({**json.loads(path.read_text(encoding="utf-8")), **values}), encoding="utf-8")


def _statements_of_a_quiet_sync(ws: Workspace) -> list[str]:
    """What a sync that finds nothing new asks the database (the desktop does it every 3 s)."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.startswith(("BEGIN", "SET", "SELECT pg_", "SHOW", "select pg_")):
            seen.append(" ".join(statement.split()))

    generation = ws.index.generation()
    event.listen(ws.db.engine, "before_cursor_execute", record)
    try:
        assert ws.index.sync() == 0
    finally:
        event.remove(ws.db.engine, "before_cursor_execute", record)
    assert ws.index.generation() == generation
    return seen


def test_saves_archives_edits_and_deletions_on_one_laptop_reach_another(ws: Workspace, laptop_b: Workspace) -> None:
    alice = ws.users.get("alice")
    ws.knowledge.create(alice, ItemDraft(kind=Kind.FAQ, title="量子加密是否支持？", body="支持抗量子密码套件 qqold。",
                                         slug="faq-pqc"))
    assert _found(laptop_b, "qqold") == []  # not yet: B has not looked at the log
    assert laptop_b.index.sync() == 1
    assert _found(laptop_b, "qqold") == ["faq-pqc"]
    assert _statements_of_a_quiet_sync(laptop_b) == ["SELECT max(knowledge_changes.id) AS max_1 FROM knowledge_changes"]

    item = ws.knowledge.get("faq-pqc")
    ws.knowledge.update(alice, "faq-pqc", dataclasses.replace(item.to_draft(), body="支持国密 SM9 算法 qqnew。"),
                        item.version)
    laptop_b.index.sync()
    assert _found(laptop_b, "qqnew") == ["faq-pqc"] and _found(laptop_b, "qqold") == []

    ws.knowledge.archive(ws.actor(), "faq-pqc")
    laptop_b.index.sync()
    assert _found(laptop_b, "qqnew") == []
    assert _found(laptop_b, "qqnew", status="archived") == ["faq-pqc"]

    # deleted items: the demo history's lessons are deleted with deletion markers in the log
    assert demo_history.add_history(ws.db, TODAY) is not None
    laptop_b.index.sync()
    lessons = {slug for slug in _in_database(ws) if slug.startswith(demo_history.LESSON_PREFIX)}
    assert lessons and lessons <= set(_indexed(laptop_b))
    demo_history.remove_history(ws.db, ws.actor())
    assert laptop_b.index.sync() == len(lessons)
    assert not lessons & set(_indexed(laptop_b))
    assert _indexed(laptop_b) == _in_database(ws)
    assert laptop_b.index.lag().pending == 0


def test_a_rebuild_on_one_laptop_leaves_other_laptops_and_the_log_alone(ws: Workspace, laptop_b: Workspace) -> None:
    alice = ws.users.get("alice")
    for n in range(3):
        ws.knowledge.create(alice, ItemDraft(kind=Kind.FAQ, title=f"问题 {n}", body=f"答案 xq{n}z", slug=f"faq-{n}"))
    ws.index.sync()
    laptop_b.index.sync()
    log_before = _log(ws)
    b_state = _sync_file(laptop_b)
    b_files = {p.name: p.stat().st_mtime_ns for p in laptop_b.paths.index.iterdir()}

    assert ws.index.rebuild() == 3

    assert _log(ws) == log_before  # the shared change log is untouched
    assert _sync_file(ws)["watermark"] == log_before[1]
    assert _sync_file(laptop_b) == b_state
    assert {p.name: p.stat().st_mtime_ns for p in laptop_b.paths.index.iterdir()} == b_files
    # and B goes on following the log as before
    ws.knowledge.create(alice, ItemDraft(kind=Kind.FAQ, title="重建之后", body="重建后保存 qqrebuilt", slug="faq-after"))
    assert laptop_b.index.sync() == 1
    assert _found(laptop_b, "qqrebuilt") == ["faq-after"]
    assert ws.index.sync() == 1


def _reopened_rebuilds(home: Path, url: str) -> int:
    other = _open(home, url)
    try:
        other.index.ensure()
        assert other.index.doc_count() == other.knowledge.count()
        return other.index.rebuilds
    finally:
        other.close()


def test_an_index_of_another_database_or_ahead_of_the_log_is_rebuilt(ws: Workspace, laptop_b: Workspace) -> None:
    ws.knowledge.create(ws.users.get("alice"), ItemDraft(kind=Kind.FAQ, title="Q", body="A", slug="faq-q"))
    laptop_b.index.sync()
    home, url = laptop_b.paths.home, ws.db.url
    laptop_b.close()
    newest = _log(ws)[1]
    assert _reopened_rebuilds(home, url) == 0  # in step: opened as it is

    _rewrite_sync_file(home, database_id="another-database")  # the app pointed at another database
    assert _reopened_rebuilds(home, url) == 1
    _rewrite_sync_file(home, watermark=newest + 5)  # a database restored from an older backup
    assert _reopened_rebuilds(home, url) == 1
    _rewrite_sync_file(home, fingerprint="faq-q@2001-01-01T00:00:00")  # restored, then grown past it
    assert _reopened_rebuilds(home, url) == 1
    (home / "index" / SYNC_FILE).unlink()  # an index from before the change log had watermarks
    assert _reopened_rebuilds(home, url) == 1
    (home / "index" / SYNC_FILE).write_text("{not json", encoding="utf-8")
    assert _reopened_rebuilds(home, url) == 1
    assert json.loads((home / "index" / SYNC_FILE).read_text(encoding="utf-8"))["watermark"] == newest


def test_a_log_that_went_back_while_open_is_noticed_by_sync(ws: Workspace, laptop_b: Workspace) -> None:
    _rewrite_sync_file(laptop_b.paths.home, watermark=_log(ws)[1] + 10)
    ws.knowledge.create(ws.users.get("alice"), ItemDraft(kind=Kind.FAQ, title="Q", body="Azzq", slug="faq-q"))
    before = laptop_b.index.rebuilds
    laptop_b.index.sync()
    assert laptop_b.index.rebuilds == before + 1
    assert _found(laptop_b, "Azzq") == ["faq-q"]
    assert _sync_file(laptop_b)["watermark"] == _log(ws)[1]


def test_applying_a_change_again_is_harmless(ws: Workspace, laptop_b: Workspace) -> None:
    """A crash between the whoosh commit and the watermark write: the next start applies the
    batch again, and the index ends as if it had been applied once."""
    alice = ws.users.get("alice")
    before = _sync_file(laptop_b)
    ws.knowledge.create(alice, ItemDraft(kind=Kind.FAQ, title="重复应用", body="再次应用 qqagain", slug="faq-again"))
    ws.knowledge.create(alice, ItemDraft(kind=Kind.FAQ, title="Gone", body="qqgone", slug="faq-gone"))
    ws.knowledge.archive(ws.actor(), "faq-gone")
    assert laptop_b.index.sync() == 2
    home = laptop_b.paths.home
    laptop_b.close()
    (home / "index" / SYNC_FILE).write_text(json.dumps(before), encoding="utf-8")  # the lost write

    again = _open(home, ws.db.url)
    try:
        assert again.index.lag().pending == 3
        assert again.index.sync() == 2
        assert again.index.rebuilds == 0  # followed the log, not rebuilt
        assert again.index.sync() == 0
        assert _found(again, "qqagain") == ["faq-again"]  # one copy, not two
        assert _indexed(again) == _in_database(ws)
        assert again.index.doc_count() == ws.knowledge.count()
    finally:
        again.close()


def test_a_search_repairs_only_this_laptops_index(ws: Workspace, laptop_b: Workspace) -> None:
    """An index holding an item the database does not: the hit is dropped and this laptop's index
    forgets it, with nothing written to the shared database (no change spammed to every laptop)."""
    ws.knowledge.create(ws.users.get("alice"), ItemDraft(kind=Kind.FAQ, title="Ghost", body="qqghost", slug="faq-ghost"))
    laptop_b.index.sync()
    with ws.db.write() as s:  # gone behind the app's back: no deletion marker
        item = s.scalar(select(KnowledgeItem).where(KnowledgeItem.slug == "faq-ghost"))
        s.delete(item)
    log_before = _log(ws)
    assert _found(laptop_b, "qqghost") == []
    assert _log(ws) == log_before
    assert "faq-ghost" not in _indexed(laptop_b)


def test_lag_says_how_far_behind_the_index_is(ws: Workspace, laptop_b: Workspace) -> None:
    lag = laptop_b.index.lag()
    assert (lag.pending, lag.oldest_pending_s, lag.watermark) == (0, None, lag.newest)
    alice = ws.users.get("alice")
    for n in range(3):
        ws.knowledge.create(alice, ItemDraft(kind=Kind.FAQ, title=f"Q{n}", body="A", slug=f"faq-lag-{n}"))
    lag = laptop_b.index.lag()
    assert lag.pending == 3 and lag.newest == lag.watermark + 3
    assert lag.oldest_pending_s is not None and lag.oldest_pending_s >= 0
    laptop_b.index.sync()
    assert laptop_b.index.lag().pending == 0


# --- two processes: one saves, one follows ----------------------------------------------------

SAVES = 200


def _saver(home: str, url: str, start: Any, results: Any) -> None:
    ws = _open(home, url)
    try:
        alice = ws.users.get("alice")
        start.wait(timeout=60)
        for n in range(SAVES):  # each save its own small transaction
            slug = f"faq-mp-{n}"
            ws.knowledge.create(alice, ItemDraft(kind=Kind.FAQ, title=f"并发保存 {n}", body=f"qqmp{n}", slug=slug))
            if n % 20 == 19:  # some archived after the fact: a later change to an earlier item
                ws.knowledge.archive(ws.actor(), f"faq-mp-{n - 10}")
        results.put(("saver", SAVES))
    finally:
        ws.close()


def _syncer(home: str, url: str, start: Any, results: Any, saver_done: Any) -> None:
    ws = _open(home, url)
    try:
        ws.index.ensure()
        start.wait(timeout=60)
        rounds = applied = 0
        while not saver_done.is_set():
            applied += ws.index.sync(batch=7)  # small batches: many batch boundaries mid-save
            rounds += 1
        applied += ws.index.sync(batch=7)  # what was committed after the last round
        with ws.index.searcher() as s:
            indexed = {f["id"]: f["status"] for f in s.reader().all_stored_fields()}
        results.put(("syncer", rounds, applied, indexed))
    finally:
        ws.close()


@pytest.mark.slow
def test_one_process_saves_while_another_syncs_and_no_change_is_skipped(ws: Workspace, tmp_path: Path) -> None:
    ws.index.ensure()
    ctx = mp.get_context("spawn")  # no fork: the test process holds open connections
    start, results, saver_done = ctx.Barrier(2), ctx.Queue(), ctx.Event()
    url = ws.db.url
    saver = ctx.Process(target=_saver, args=(str(ws.paths.home), url, start, results))
    syncer = ctx.Process(target=_syncer, args=(str(tmp_path / "laptop-b"), url, start, results, saver_done))
    saver.start()
    syncer.start()
    first = results.get(timeout=100)
    assert first == ("saver", SAVES), first
    saver_done.set()
    _name, rounds, applied, indexed = results.get(timeout=60)
    for p in (saver, syncer):
        p.join(timeout=30)
        assert p.exitcode == 0
    print(f"\nsyncer: {rounds} sync rounds while {SAVES} items were saved, {applied} items applied")
    assert rounds > 1
    assert indexed == _in_database(ws)  # exactly the database's items, archived ones included


# --- sync lag -----------------------------------------------------------------------------------


def test_sync_lag_measured(ws: Workspace, laptop_b: Workspace, backend: Any) -> None:
    """Laptop B syncs every 0.5 s in the background (the desktop polls every 3 s); A saves; the
    time until B's search finds the item is printed, not asserted (wall-clock time)."""
    stop = threading.Event()
    errors: list[BaseException] = []

    def follow() -> None:
        while not stop.is_set():
            try:
                laptop_b.index.sync()
            except BaseException as exc:  # reported below, not lost in the thread
                errors.append(exc)
                return
            stop.wait(0.5)

    thread = threading.Thread(target=follow, daemon=True)
    thread.start()
    alice = ws.users.get("alice")
    lags = []
    try:
        for n in range(5):
            ws.knowledge.create(alice, ItemDraft(kind=Kind.FAQ, title=f"同步延迟 {n}", body=f"qqlag{n}x",
                                                 slug=f"faq-lag-{n}"))
            saved = time.perf_counter()
            deadline = saved + 30
            while not _found(laptop_b, f"qqlag{n}x") and time.perf_counter() < deadline and not errors:
                time.sleep(0.02)
            lags.append(time.perf_counter() - saved)
            assert _found(laptop_b, f"qqlag{n}x") == [f"faq-lag-{n}"], errors
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not errors
    print(f"\nsync lag on {backend.name} (B syncs every 0.5 s): median {statistics.median(lags) * 1000:.0f} ms, "
          f"max {max(lags) * 1000:.0f} ms over {len(lags)} saves")


def test_doctor_reports_the_index_lag_and_repair_applies_it(ws: Workspace, laptop_b: Workspace) -> None:
    from sqlalchemy import update

    from workbench.core.db.models import utcnow
    from workbench.core.doctor import run_doctor

    def lag_check(repair: bool = False) -> Any:
        return {c.name: c for c in run_doctor(laptop_b, repair)}["search index lag"]

    assert lag_check().ok and "up to date" in lag_check().detail
    ws.knowledge.create(ws.users.get("alice"), ItemDraft(kind=Kind.FAQ, title="Q", body="qqdoctor", slug="faq-doc"))
    assert lag_check().ok  # a change of a moment ago: the app applies it at its next poll
    with ws.db.write() as s:  # as if saved ten minutes ago and never applied here
        s.execute(update(KnowledgeChange).where(KnowledgeChange.id == _log(ws)[1])
                  .values(changed_at=utcnow() - dt.timedelta(minutes=10)))
    check = lag_check()
    assert not check.ok and "1 changes not applied yet, the oldest" in check.detail
    check = lag_check(repair=True)
    assert check.ok and check.repaired
    assert laptop_b.index.lag().pending == 0 and _found(laptop_b, "qqdoctor") == ["faq-doc"]



def test_a_sync_never_commits_under_a_search_in_progress(ws: Workspace) -> None:
    """The desktop syncs on one thread while people search on another. A whoosh commit merges
    small segments and deletes their files, and a searcher reads a segment's stored fields
    lazily: a search in progress across such a commit found the file gone ('NoneType' object is
    not subscriptable) and healed by rebuilding the whole index (seen in the team load test as
    searches of seconds). A commit now waits for the search in progress."""
    me = ws.actor()
    ws.index.ensure()

    def lesson(n: int) -> ItemDraft:
        return ItemDraft(kind=Kind.LESSON, title=f"Rollout lesson {n}", body=f"Rollout lesson {n}.",
                         slug=f"lesson-rollout-{n}")

    for n in range(12):  # one segment each: the next commit merges them
        ws.knowledge.create(me, lesson(n))
        ws.index.sync()
    rebuilds = ws.index.rebuilds
    syncing, synced = threading.Event(), threading.Event()

    def sync_more() -> None:
        for n in range(12, 20):
            ws.knowledge.create(me, lesson(n))
        syncing.set()
        ws.index.sync(batch=1)  # a commit per change: whoosh merges the small segments on the way
        synced.set()

    thread = threading.Thread(target=sync_more)
    with ws.index.searcher() as s:
        thread.start()
        assert syncing.wait(timeout=60)
        synced.wait(timeout=1.0)  # without the guard the commit lands here, under the search
        fields = [s.stored_fields(doc) for doc in s.reader().all_doc_ids()]
    thread.join(timeout=60)
    assert synced.is_set()
    assert len(fields) == 12 and all(f["id"].startswith("lesson-rollout-") for f in fields)
    assert ws.index.rebuilds == rebuilds
    assert ws.search.search(SearchRequest(text="rollout")).total == 20
