"""The demo customer documents: where the package finds them, that they are what the generator
writes today, and that they carry what the Responses screen is meant to show (★/▲ clauses, a
parameter table with a mark column, scoring rows, the empty 偏离表, a questionnaire with its
drop-down), answered by the demo knowledge base where the generator says so."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import docx
from openpyxl import load_workbook

from workbench.core.paths import demo_knowledge_dir, demo_tenders_dir
from workbench.core.tender.docx_body import body_tables, element_text, row_cells, table_rows
from workbench.core.tender.model import STANDARD_HEADERS

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "make_demo_tenders.py"
TENDER = "smart-park-tender-zh.docx"
QUESTIONNAIRE = "security-questionnaire-en.xlsx"
CLAUSE = re.compile(r"^([★▲]?)(\d+\.\d+(?:\.\d+)?) ")


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def _tables(path: Path) -> list[list[list[str]]]:
    document = docx.Document(str(path))
    return [[[element_text(c) for c in row_cells(tr)] for tr in table_rows(t)] for t in body_tables(document)]


def _sheet(path: Path, name: str) -> list[list[object]]:
    return [[c.value for c in row] for row in load_workbook(path)[name].iter_rows()]


def test_the_committed_files_are_what_the_generator_writes(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)], check=True, capture_output=True)
    shipped = demo_tenders_dir()
    assert _paragraphs(tmp_path / TENDER) == _paragraphs(shipped / TENDER)
    assert _tables(tmp_path / TENDER) == _tables(shipped / TENDER)
    for sheet in ("Questionnaire", "Instructions"):
        assert _sheet(tmp_path / QUESTIONNAIRE, sheet) == _sheet(shipped / QUESTIONNAIRE, sheet)


def test_the_tender_has_marked_clauses_a_parameter_table_scoring_and_an_empty_deviation_table() -> None:
    path = demo_tenders_dir() / TENDER
    paragraphs = _paragraphs(path)
    clauses = [m.groups() for m in map(CLAUSE.match, paragraphs) if m]
    marks = [mark for mark, _ in clauses]
    assert len(clauses) >= 20 and marks.count("★") >= 4 and marks.count("▲") >= 5 and marks.count("") >= 8
    assert len({c for _, c in clauses}) == len(clauses)  # every clause number once
    # the legend, and an instruction that mentions ★ without being a requirement
    assert any("“★”的条款为实质性条款" in p and "“▲”" in p for p in paragraphs)
    assert any(p.startswith("2. ") and "“★”" in p for p in paragraphs)
    chapters = [p.text for p in docx.Document(str(path)).paragraphs if p.style.name == "Heading 1"]
    assert chapters == ["第一章 投标邀请", "第二章 投标人须知", "第三章 采购需求", "第四章 评分标准", "第五章 投标文件格式"]
    parameters, scoring, deviation = _tables(path)
    assert parameters[0] == ["序号", "指标项", "技术参数要求", "重要性"]
    assert {row[3] for row in parameters[1:]} == {"★", "▲", ""}
    assert scoring[0] == ["序号", "评分项", "分值", "评分细则"]
    assert sum(int(row[2]) for row in scoring[1:]) == 100
    assert tuple(deviation[0]) == STANDARD_HEADERS["zh"]
    assert len(deviation) > 1 and all(cell == "" for row in deviation[1:] for cell in row)


def test_the_questionnaire_has_thirty_questions_in_five_categories_and_a_drop_down() -> None:
    path = demo_tenders_dir() / QUESTIONNAIRE
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Questionnaire", "Instructions"]
    rows = _sheet(path, "Questionnaire")
    assert rows[0] == ["ID", "Category", "Question", "Answer", "Comments", "Evidence"]
    questions = rows[1:]
    assert len(questions) == 30 and len({r[1] for r in questions}) == 5
    assert len({r[0] for r in questions}) == 30
    assert all(r[3] is None and r[4] is None and r[5] is None for r in questions)  # left for the vendor
    validation = workbook["Questionnaire"].data_validations.dataValidation[0]
    assert validation.formula1 == '"Yes,No,Partial,N/A"'
    assert str(validation.sqref) == "D2:D31"


def test_the_answers_the_demo_promises_are_in_the_demo_knowledge() -> None:
    """``ANSWERED_BY`` names the knowledge item that answers a clause or question: each exists, each
    names a clause or question of the demo files, and some rows have no answer on purpose."""
    spec = importlib.util.spec_from_file_location("make_demo_tenders", SCRIPT)
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    answered: dict[str, str] = script.ANSWERED_BY
    items = {p.stem for p in demo_knowledge_dir().rglob("*.md")}
    assert set(answered.values()) <= items
    clauses = {m.group(2) for m in map(CLAUSE.match, _paragraphs(demo_tenders_dir() / TENDER)) if m}
    ids = {str(r[0]) for r in _sheet(demo_tenders_dir() / QUESTIONNAIRE, "Questionnaire")[1:]}
    assert set(answered) <= clauses | ids
    assert clauses - set(answered) and ids - set(answered)  # a few have no answer in the library
