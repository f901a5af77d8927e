"""Imports write in short batches: colleagues' saves and sign-ins go on during a long import; a
stop part-way is reported row by row and finished by running the same import again."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from tests import factories as f
from tests.backends import Backend, password_of
from workbench.core.db import engine
from workbench.core.db.models import KnowledgeChange
from workbench.core.errors import ServerBusy
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.workspace import Workspace


def _faq_csv(path: Path, rows: int, answer: str = "Answer") -> Path:
    lines = ["Question,Answer"] + [f"Question {n}?,{answer} {n}." for n in range(1, rows + 1)]
    return f.write(path, "\n".join(lines) + "\n")


def _changed_slugs(ws: Workspace) -> set[str]:
    with ws.db.read() as s:
        return set(s.scalars(select(KnowledgeChange.slug)))


def test_cancel_between_batches_reports_the_rows_in_and_out_and_a_rerun_finishes(
        ws: Workspace, tmp_path: Path) -> None:
    path = _faq_csv(tmp_path / "faq.csv", 50)
    ws.importer.batch_items = 10
    ws.importer.batch_seconds = 600  # exactly 10 items a batch, however busy the machine
    batches: list[int] = []
    report = ws.importer.run(
        ws.actor(), [path], cancelled=lambda: len(batches) >= 1,
        on_batch=lambda _p, done, total: batches.append(done),
    ).value
    assert report.cancelled and report.added == 10 and batches == [10]
    [stopped] = report.interrupted
    assert (stopped.done, stopped.pending) == (list(range(2, 12)), list(range(12, 52)))
    assert "rows 2-11" in stopped.reason("en") and "rows 12-51" in stopped.reason("en")
    assert "第 2-11 行" in stopped.reason("zh")
    assert ws.knowledge.count() == 10

    rerun = ws.importer.run(ws.actor(), [path]).value
    assert (rerun.added, rerun.unchanged, rerun.interrupted) == (40, 10, [])
    assert ws.knowledge.count() == 50
    # every batch went into the change log the search indexes follow
    assert {i.slug for i in ws.knowledge.items()} <= _changed_slugs(ws)


def test_an_edit_saved_during_the_import_turns_into_a_conflict(ws: Workspace, tmp_path: Path) -> None:
    path = _faq_csv(tmp_path / "faq.csv", 30)
    ws.importer.run(ws.actor(), [path])
    _faq_csv(path, 30, answer="New answer")
    slug = next(i.slug for i in ws.knowledge.items() if i.title == "Question 25?")
    alice = ws.users.get("alice")

    def colleague_saves(_path: Path, done: int, _total: int) -> None:
        if done == 10:  # after the first batch, before the batch holding row 26 (Question 25)
            item = ws.knowledge.get(slug)
            ws.knowledge.update(alice, slug, ItemDraft(kind=Kind.FAQ, title=item.title, body="Alice's answer."),
                                item.version)

    ws.importer.batch_items = 10
    ws.importer.batch_seconds = 600  # exactly 10 items a batch, however busy the machine
    report = ws.importer.run(ws.actor(), [path], on_batch=colleague_saves).value
    assert report.updated == 29
    [conflict] = report.conflicts
    assert (conflict.slug, conflict.by, conflict.row) == (slug, "alice", 26)
    assert ws.knowledge.get(slug).body == "Alice's answer."


@pytest.fixture
def pg_ws(ws: Workspace, backend: Backend) -> Iterator[Workspace]:
    if not backend.is_postgresql:
        pytest.skip("the team-wide write lock and a server to lose are PostgreSQL's")
    yield ws


def test_colleagues_save_and_sign_in_during_a_long_import(
        pg_ws: Workspace, backend: Backend, tmp_path: Path) -> None:
    ws = pg_ws
    path = _faq_csv(tmp_path / "big.csv", 400)
    ws.importer.batch_items = 5  # at least 80 write transactions
    first_batch = threading.Event()
    finish = threading.Event()
    seen: list[int] = []
    held: list[int] = []

    def slow(_path: Path, done: int, _total: int) -> None:
        seen.append(done)
        first_batch.set()
        finish.wait(0.1)  # a slow import: each batch is followed by a pause, with no lock held
        if done >= 200 and not held:  # half-way: on a busy machine, let the colleague catch up
            held.append(done)
            finish.wait(60)

    result: list[object] = []
    importer = threading.Thread(target=lambda: result.append(ws.importer.run(ws.actor(), [path], on_batch=slow)))
    importer.start()
    colleague = Workspace.open(type(ws.settings)(home=tmp_path / "colleague", database_url=ws.db.url,
                                                 load_demo=False, automatic_backups=False))
    try:
        assert first_batch.wait(60)
        alice = colleague.login("alice", password_of("alice"))
        saved = colleague.knowledge.create(
            alice, ItemDraft(kind=Kind.FAQ, title="Saved during the import", body="Yes.", slug="faq-during")
        ).value
        # both went through while the import was still writing its batches
        assert importer.is_alive() and seen[-1] < 400
    finally:
        finish.set()
        importer.join(120)
        colleague.close()
    report = result[0].value  # type: ignore[attr-defined]
    assert report.added == 400 and report.complete
    # many short transactions (a batch may end early, after a quarter of a second)
    assert seen == sorted(seen) and seen[-1] == 400 and len(seen) >= 80
    assert ws.knowledge.get("faq-during").version == saved.version
    assert {i.slug for i in ws.knowledge.items()} <= _changed_slugs(ws)


def test_losing_the_server_mid_import_reports_rows_and_a_rerun_finishes(
        pg_ws: Workspace, backend: Backend, tmp_path: Path) -> None:
    ws = pg_ws
    assert backend.server is not None
    server = backend.server
    path = _faq_csv(tmp_path / "a.csv", 50)
    later = f.write(tmp_path / "b.md", f.MD_FAQ_EN)
    ws.importer.batch_items = 10
    ws.importer.batch_seconds = 600  # exactly 10 items a batch, however busy the machine

    def lose_server(_path: Path, done: int, _total: int) -> None:
        if done == 20:
            server.stop_server()

    try:
        report = ws.importer.run(ws.actor(), [path, later], on_batch=lose_server).value
    finally:
        server.start_server()
    [stopped] = report.interrupted
    assert (stopped.done, stopped.pending) == (list(range(2, 22)), list(range(22, 52)))
    reason = stopped.reason("en")
    assert "cannot be reached" in reason and "rows 2-21" in reason and "rows 22-51" in reason
    assert "无法连接" in stopped.reason("zh")
    assert [(Path(r.path).name, r.code) for r in report.rejected] == [("b.md", "import_not_attempted")]

    rerun = ws.importer.run(ws.actor(), [path, later]).value
    assert (rerun.added, rerun.unchanged) == (31, 20) and rerun.complete
    assert ws.knowledge.count() == 51
    assert all(len(ws.knowledge.history(i.slug)) == 1 for i in ws.knowledge.items())


def test_a_save_that_waits_too_long_for_the_write_lock_is_told_busy(
        pg_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import psycopg

    ws = pg_ws
    monkeypatch.setattr(engine, "WRITE_LOCK_TIMEOUT", "300ms")
    url = ws.db.engine.url
    alice = ws.users.get("alice")
    with psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database) as other:
        other.execute(f"SELECT pg_advisory_xact_lock({engine.WRITE_LOCK_KEY})")  # held until rollback
        with pytest.raises(ServerBusy) as caught:
            ws.knowledge.create(alice, ItemDraft(kind=Kind.FAQ, title="Q", body="A", slug="faq-busy"))
        assert "busy" in caught.value.message("en") and "正忙" in caught.value.message("zh")
        report = ws.importer.run(ws.actor(), [_faq_csv(tmp_path / "faq.csv", 3)]).value
        other.rollback()
    [rejected] = report.rejected
    assert rejected.code == "server_busy" and report.added == 0
    assert ws.knowledge.count() == 0
    # once the lock is free, the same save goes through
    ws.knowledge.create(alice, ItemDraft(kind=Kind.FAQ, title="Q", body="A", slug="faq-busy"))
