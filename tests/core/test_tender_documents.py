"""The documents out through the service: the customer's own file answered (fill) and the
export, both refused while a ★ row blocks; real files from python-docx and openpyxl."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest

from tests.tender_files import write_questionnaire_xlsx, write_tender_docx
from workbench.core.errors import InvalidInput
from workbench.core.workspace import Workspace


def answer_every_star(ws: Workspace, rid: str) -> dict[int, str]:
    answers = {}
    for row in ws.tenders.rows(rid):
        if row.mark == "★":
            answers[row.no] = f"实际响应第{row.no}条：满足，参数详见技术白皮书"
            ws.tenders.respond(ws.actor(), rid, row.no, text=answers[row.no], deviation="none",
                               evidence="技术白皮书", evidence_page=str(10 + row.no))
    return answers


def test_fill_writes_the_answers_into_the_tenders_own_deviation_table(ws: Workspace, tmp_path: Path) -> None:
    written = write_tender_docx(tmp_path / "招标文件.docx")
    rid = ws.tenders.import_file(ws.actor(), written.path).value.id
    with pytest.raises(InvalidInput) as refused:
        ws.tenders.fill(ws.actor(), rid, tmp_path / "out.docx")
    assert refused.value.code == "tender_check_blocks" and not (tmp_path / "out.docx").exists()
    answers = answer_every_star(ws, rid)
    assert answers and ws.tenders.check(rid).ok
    out = ws.tenders.fill(ws.actor(), rid, tmp_path / "answered" / "投标响应.docx")
    before, after = docx.Document(str(written.path)), docx.Document(str(out))
    assert len(after.tables) == len(before.tables) and len(after.paragraphs) >= len(before.paragraphs)
    cells = {c.text for t in after.tables for r in t.rows for c in r.cells}
    assert set(answers.values()) <= cells
    assert not list(out.parent.glob(".*part"))


def test_fill_answers_a_questionnaires_cells(ws: Workspace, tmp_path: Path) -> None:
    sheet = write_questionnaire_xlsx(tmp_path / "questionnaire.xlsx")
    rid = ws.tenders.import_file(ws.actor(), sheet.path).value.id
    rows = ws.tenders.rows(rid)
    first = rows[0]
    assert first.allowed_answers and first.location.get("answer_cell")
    ws.tenders.respond(ws.actor(), rid, first.no, answer_choice=first.allowed_answers[0].lower())
    out = ws.tenders.fill(ws.actor(), rid, tmp_path / "answered.xlsx")
    book = openpyxl.load_workbook(out)
    cell = book[first.location["sheet"]][first.location["answer_cell"]]
    assert cell.value == first.allowed_answers[0]
    original = openpyxl.load_workbook(sheet.path)
    assert book.sheetnames == original.sheetnames
    assert [len(ws_.data_validations.dataValidation) for ws_ in book.worksheets] == [
        len(ws_.data_validations.dataValidation) for ws_ in original.worksheets]
