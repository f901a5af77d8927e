"""Answers typed in a response row and not saved are kept like every other editor's draft: one per
person, database and row, replaced as the person types, found, listed by response, discarded; never
replayed on their own; and a draft whose row was saved meanwhile is known as overtaken."""

from __future__ import annotations

import json
from pathlib import Path

from tests.tender_files import write_tender_docx
from workbench.core import safekeeping as sk
from workbench.core.safekeeping import RESPONSE_FIELDS, Safekeeping
from workbench.core.workspace import Workspace


def _fields(text: str) -> dict[str, str]:
    return {**dict.fromkeys(RESPONSE_FIELDS, ""), "text": text, "deviation": "none"}


def test_kept_replaced_found_listed_and_discarded_per_person_database_and_row(tmp_path: Path) -> None:
    box = Safekeeping(tmp_path / "safekeeping")
    box.keep(sk.response_row("li.na", "db-a", "T-2026-001", 3, _fields("第一稿"), 2, "政务云扩容", "3.1.2"))
    box.keep(sk.response_row("li.na", "db-a", "T-2026-001", 3, _fields("第二稿：RPO ≤ 5 分钟"), 2, "政务云扩容", "3.1.2"))
    box.keep(sk.response_row("wang.qiang", "db-a", "T-2026-001", 3, _fields("another person's"), 2))
    box.keep(sk.response_row("li.na", "db-b", "T-2026-001", 3, _fields("another database"), 7))
    box.keep(sk.response_row("li.na", "db-a", "T-2026-001", 12, _fields("row 12"), None))
    box.keep(sk.response_row("li.na", "db-a", "T-2026-002", 3, _fields("another response"), 1))

    found = box.find("response_row", "T-2026-001#3", "li.na", "db-a", "autosave")
    assert found is not None and found.response_row == ("T-2026-001", 3) and found.base_version == 2
    assert found.row_fields() == _fields("第二稿：RPO ≤ 5 分钟")
    assert found.title == "政务云扩容 · 3.1.2" and found.autosaved
    # rows in number order (12 after 3, not as text)
    assert [d.response_row for d in box.row_drafts("T-2026-001", "li.na", "db-a")] == [
        ("T-2026-001", 3), ("T-2026-001", 12)]
    # the start-up offer's scan sees them with every other draft of this person and database
    assert sorted(d.target for d in box.drafts("li.na", "db-a")) == ["T-2026-001#12", "T-2026-001#3", "T-2026-002#3"]
    assert box.pending(origin="save_failed") == []  # autosaved only: never a save waiting for the server

    box.discard_draft("response_row", "T-2026-001#3", "li.na", "db-a")
    assert box.find("response_row", "T-2026-001#3", "li.na", "db-a", "autosave") is None
    assert box.find("response_row", "T-2026-001#3", "wang.qiang", "db-a", "autosave") is not None
    assert box.find("response_row", "T-2026-001#3", "li.na", "db-b", "autosave") is not None


def test_a_response_id_with_a_hash_still_names_its_row_and_the_file_is_plain_json(tmp_path: Path) -> None:
    box = Safekeeping(tmp_path)
    path = box.keep(sk.response_row("li.na", "db", "R#7", 40, _fields("kept"), 1))
    [draft] = box.drafts()
    assert draft.response_row == ("R#7", 40)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["kind"] == "response_row" and data["payload"]["fields"]["text"] == "kept"


def test_an_unreadable_or_foreign_draft_is_left_alone_and_skipped(tmp_path: Path) -> None:
    box = Safekeeping(tmp_path)
    path = box.keep(sk.response_row("li.na", "db", "T-2026-001", 1, _fields("kept"), 1))
    path.write_text("{ not json", encoding="utf-8")
    bad_target = box.keep(sk.response_row("li.na", "db", "T-2026-001", 2, _fields("kept"), 1))
    data = json.loads(bad_target.read_text(encoding="utf-8"))
    bad_target.write_text(json.dumps({**data, "target": "no row number"}), encoding="utf-8")
    assert box.drafts() == [] and box.row_drafts("T-2026-001", "li.na", "db") == []
    assert path.exists() and bad_target.exists()  # a person can still open them


def test_a_draft_larger_than_a_row_can_hold_is_known_as_such(tmp_path: Path) -> None:
    small = sk.response_row("li.na", "db", "T", 1, _fields("x" * 20_000), 1)
    huge = sk.response_row("li.na", "db", "T", 1, _fields("x" * (sk.MAX_RESPONSE_DRAFT_CHARS + 1)), 1)
    assert not sk.too_large(small) and sk.too_large(huge)


def test_a_draft_is_overtaken_once_its_row_was_saved_and_never_replayed(ws: Workspace, tmp_path: Path) -> None:
    me = ws.actor()
    response_id = ws.tenders.import_file(me, write_tender_docx(tmp_path / "tender.docx").path).value.id
    row = ws.tenders.rows(response_id)[0]
    box = ws.safekeeping
    box.keep(sk.response_row(me.name, ws.server, response_id, row.no, _fields("typed before the crash"), row.version))
    [draft] = box.row_drafts(response_id, me.name, ws.server)
    assert not draft.overtaken(row.version)

    fresh = ws.tenders.respond(me, response_id, row.no, text="saved by someone meanwhile",
                               expected_version=row.version).value
    assert fresh.version != row.version and draft.overtaken(fresh.version)
    # a replay saves only what the user asked to save: the typed row stays a draft, the row as it was
    report = box.replay(ws, me).value
    assert report.saved == [] and report.refused == []
    assert box.row_drafts(response_id, me.name, ws.server) == [draft]
    assert ws.tenders.rows(response_id)[0].response == "saved by someone meanwhile"
