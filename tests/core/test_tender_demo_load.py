"""First start brings the two demo customer documents in as responses (once), so a new user has
a tender and a questionnaire to answer on the Responses screen. Both backends."""

from __future__ import annotations

import shutil
from pathlib import Path

from workbench.core.paths import demo_tenders_dir
from workbench.core.tender.demo import DEMO_TENDERS, load_demo_tenders
from workbench.core.tender.views import RowView
from workbench.core.workspace import Workspace


def _marks(rows: list[RowView]) -> set[str]:
    return {r.mark for r in rows}


def test_first_start_imports_the_tender_and_the_questionnaire(demo_ws: Workspace) -> None:
    found = demo_ws.tenders.all()
    assert [r.source_name for r in found] == ["smart-park-tender-zh.docx", "security-questionnaire-en.xlsx"]
    tender, questionnaire = found
    assert tender.title == "滨江高新区智慧园区综合管理平台建设项目"
    assert tender.customer == "滨江市高新技术产业开发区管理委员会"
    assert questionnaire.title == "Vendor Security Assessment VSA-2026"
    assert tender.progress.total > 20 and tender.progress.star_open > 0 and tender.progress.answered == 0
    assert {"★", "▲"} <= _marks(demo_ws.tenders.rows(tender.id))
    rows = demo_ws.tenders.rows(questionnaire.id)
    assert len(rows) == 30 and all(r.allowed_answers for r in rows)


def test_loading_again_adds_nothing(demo_ws: Workspace) -> None:
    before = [r.id for r in demo_ws.tenders.all()]
    assert demo_ws.load_demo_once() is None
    assert load_demo_tenders(demo_ws.tenders, demo_ws.actor(), demo_tenders_dir()) == []
    assert [r.id for r in demo_ws.tenders.all()] == before


def test_a_missing_or_unreadable_demo_file_is_skipped(ws: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "tenders"
    folder.mkdir()
    shutil.copy(demo_tenders_dir() / DEMO_TENDERS[1].file, folder / DEMO_TENDERS[1].file)
    (folder / DEMO_TENDERS[0].file).write_bytes(b"PK\x03\x04 not a zip")
    made = load_demo_tenders(ws.tenders, ws.actor(), folder)
    assert [r.source_name for r in made] == [DEMO_TENDERS[1].file]
    assert [r.source_name for r in ws.tenders.all()] == [DEMO_TENDERS[1].file]
    # the first file is repaired later: a second pass brings in only what is missing
    shutil.copy(demo_tenders_dir() / DEMO_TENDERS[0].file, folder / DEMO_TENDERS[0].file)
    assert [r.source_name for r in load_demo_tenders(ws.tenders, ws.actor(), folder)] == [DEMO_TENDERS[0].file]
    assert len(ws.tenders.all()) == 2
