"""Response rows typed and not saved, kept on this laptop: one draft per person, database and row,
replaced as the person types, never mixed with another person's or database's, and invisible to the
other editors' safekeeping (its replay and start-up offer read only their own folder's files)."""

from __future__ import annotations

from pathlib import Path

from workbench.core.safekeeping import Safekeeping
from workbench.core.tender.row_drafts import FIELDS, RowDraft, RowDrafts


def _values(text: str) -> dict[str, str]:
    return {**dict.fromkeys(FIELDS, ""), "text": text, "deviation": "none"}


def test_kept_replaced_found_and_discarded_per_person_database_and_row(tmp_path: Path) -> None:
    box = RowDrafts(tmp_path / "safekeeping" / "responses")
    box.keep(RowDraft("T-2026-001", 3, "li.na", "db-a", 2, _values("第一稿")))
    box.keep(RowDraft("T-2026-001", 3, "li.na", "db-a", 2, _values("第二稿：RPO ≤ 5 分钟")))
    box.keep(RowDraft("T-2026-001", 3, "wang.qiang", "db-a", 2, _values("another person's")))
    box.keep(RowDraft("T-2026-001", 3, "li.na", "db-b", 7, _values("another database")))
    box.keep(RowDraft("T-2026-001", 9, "li.na", "db-a", None, _values("row 9")))
    box.keep(RowDraft("T-2026-002", 3, "li.na", "db-a", 1, _values("another response")))

    found = box.find("T-2026-001", 3, "li.na", "db-a")
    assert found is not None and found.values["text"] == "第二稿：RPO ≤ 5 分钟" and found.base_version == 2
    assert [d.row_no for d in box.of_response("T-2026-001", "li.na", "db-a")] == [3, 9]
    box.discard("T-2026-001", 3, "li.na", "db-a")
    assert box.find("T-2026-001", 3, "li.na", "db-a") is None
    assert box.find("T-2026-001", 3, "wang.qiang", "db-a") is not None  # only that person's went
    assert Safekeeping(tmp_path / "safekeeping").pending(origin=None) == []


def test_an_unreadable_draft_is_left_alone_and_skipped(tmp_path: Path) -> None:
    box = RowDrafts(tmp_path)
    path = box.keep(RowDraft("T-2026-001", 1, "li.na", "db", 1, _values("kept")))
    assert path is not None
    path.write_text("{ not json", encoding="utf-8")
    assert box.find("T-2026-001", 1, "li.na", "db") is None
    assert box.of_response("T-2026-001", "li.na", "db") == []
    assert path.exists()  # a person can still open it
