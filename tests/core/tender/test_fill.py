"""The answers written back into the customer's own file: a tender's empty 偏离表 filled in place,
answers beside the requirements when it has none, a questionnaire's cells, and nothing else changed.

Tender files come from two producers (python-docx and LibreOffice); Locations are computed with the
same ``docx_body`` walk extraction uses."""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import subprocess
import zipfile
from copy import deepcopy
from pathlib import Path

import docx
import openpyxl
import pdfplumber
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree  # type: ignore[import-untyped]
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.worksheet.datavalidation import DataValidation

from tests.tender_rows import answer_row, response_document
from workbench.core.errors import InvalidInput
from workbench.core.tender.docx_body import body_blocks, body_tables, element_text, row_cells, table_rows
from workbench.core.tender.fill import fill_customer_file
from workbench.core.tender.model import (
    AnswerRow,
    Deviation,
    DeviationTableShape,
    Kind,
    Location,
    Mark,
    ResponseDocument,
    SourceFormat,
)

STANDARD = ("序号", "招标文件条款号", "招标文件技术要求", "投标文件响应", "偏离情况", "说明", "证明材料及页码")
ROLE_OF = dict(zip(STANDARD, ("no", "clause", "requirement", "response", "deviation", "note", "evidence"), strict=True))
REQUIREMENTS = (
    ("3.1.1", Mark.SUBSTANTIVE, "系统须支持不少于 500 个并发用户。"),
    ("3.1.2", Mark.IMPORTANT, "平均故障修复时间应不大于 4 小时。"),
    ("3.1.3", Mark.NONE, "应提供中文操作界面。"),
    ("3.1.4", Mark.NONE, "须提供三年原厂质保。"),
    ("3.1.5", Mark.SUBSTANTIVE, "数据须存储于境内数据中心。"),
)
ANSWERS = (
    ("支持 800 个并发用户，见压测报告。", Deviation.POSITIVE, "高于要求 60%", "压测报告", "12"),
    ("平均故障修复时间 2 小时。", Deviation.POSITIVE, "", "服务承诺函", "3"),
    ("", Deviation.UNSET, "", "", ""),  # not answered yet: left blank
    ("提供三年原厂质保。", Deviation.NONE, "", "质保承诺函", "5-6"),
    ("数据存储于北京、上海两地境内数据中心。", Deviation.NONE, "", "", ""),
)
NOTE_ROW = "注：投标人应逐条如实填写，未填写视为负偏离。"

soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                             reason="LibreOffice is installed by .ci/run")



def _has_calc() -> bool:
    binary = shutil.which("soffice")
    return binary is not None and (Path(os.path.realpath(binary)).parent / "libsclo.so").exists()


# LibreOffice Calc is not in scripts/setup.sh's list (Writer is): apt-get install libreoffice-calc-nogui
calc = pytest.mark.skipif(not _has_calc(), reason="LibreOffice Calc (libreoffice-calc-nogui) is not installed")

# --- building tenders ---------------------------------------------------------------------------

def _set_east_asia(style: docx.styles.style.BaseStyle, font: str) -> None:
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _python_docx_tender(path: Path, headers: tuple[str, ...] = STANDARD, template_rows: int = 5,
                        with_table: bool = True) -> Path:
    d = docx.Document()
    _set_east_asia(d.styles["Normal"], "宋体")
    d.styles["Normal"].font.size = Pt(10.5)
    d.add_heading("第三章 技术要求", level=1)
    for clause, mark, text in REQUIREMENTS:
        d.add_paragraph(f"{mark.value}{clause} {text}")
    d.add_heading("第四章 评分标准", level=1)
    scoring = d.add_table(rows=3, cols=3)
    scoring.style = "Table Grid"
    for r, values in enumerate((("评分项", "分值", "细则"), ("技术方案", "30", "方案完整得 30 分"),
                                ("售后服务", "10", "响应时间 2 小时内得 10 分"))):
        for c, value in enumerate(values):
            scoring.cell(r, c).text = value
    if with_table:
        d.add_heading("第六章 投标文件格式", level=1)
        d.add_paragraph("技术偏离表")
        table = d.add_table(rows=1 + template_rows + 1, cols=len(headers))
        table.style = "Table Grid"
        for c, heading in enumerate(headers):
            cell = table.cell(0, c)
            cell.text = heading
            cell.paragraphs[0].runs[0].bold = True
        note = table.cell(template_rows + 1, 0).merge(table.cell(template_rows + 1, len(headers) - 1))
        note.text = NOTE_ROW
        d.add_paragraph("投标人名称（盖章）：")
    d.save(str(path))
    return path


def _soffice(args: list[str], cwd: Path) -> None:
    profile = cwd / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", *args],
                   cwd=cwd, check=True, capture_output=True, timeout=180)


def _libreoffice_tender(folder: Path) -> Path:
    rows = "".join("<tr>" + "<td></td>" * 7 + "</tr>" for _ in range(3))
    reqs = "".join(f"<p>{m.value}{c} {t}</p>" for c, m, t in REQUIREMENTS)
    html = (f"<html><head><meta charset='utf-8'></head><body><h1>第三章 技术要求</h1>{reqs}"
            "<h1>第六章 投标文件格式</h1><p>技术偏离表</p><table border='1' cellspacing='0'><tr>"
            + "".join(f"<th>{h}</th>" for h in STANDARD) + f"</tr>{rows}</table><p>投标人名称（盖章）：</p></body></html>")
    (folder / "tender.html").write_text(html, encoding="utf-8")
    _soffice(["--convert-to", "docx:MS Word 2007 XML", "tender.html"], folder)
    return folder / "tender.docx"


def _deviation_shape(document: docx.document.Document) -> DeviationTableShape:
    """What extraction would report: the table whose first row names 投标文件响应, its roles by header."""
    for index, tbl in enumerate(body_tables(document)):
        for r, tr in enumerate(table_rows(tbl)[:2]):
            headers = tuple(element_text(tc).strip() for tc in row_cells(tr))
            if "投标文件响应" in headers:
                return DeviationTableShape(headers, {ROLE_OF[h]: i for i, h in enumerate(headers)},
                                           Location(table=index, row=r))
    raise AssertionError("no deviation table")


def _requirement_blocks(document: docx.document.Document) -> dict[str, int]:
    return {c: i for i, b in enumerate(body_blocks(document)) for c, _, _ in REQUIREMENTS
            if b.tag == qn("w:p") and c in element_text(b)}


def _response(path: Path, deviation_table: bool = True, lang: str = "zh-Hans",
              locations: dict[str, Location] | None = None) -> ResponseDocument:
    document = docx.Document(str(path))
    blocks = _requirement_blocks(document)
    rows = tuple(
        answer_row(n, clause, mark, text, answer, dev, note=note, evidence=evidence, evidence_page=page,
                   location=(locations or {}).get(clause, Location(block=blocks[clause])))
        for n, ((clause, mark, text), (answer, dev, note, evidence, page)) in enumerate(
            zip(REQUIREMENTS, ANSWERS, strict=True), start=1))
    return response_document("某市政务云平台", "某市大数据局", rows, path.name, language=lang,
                             deviation_table=_deviation_shape(document) if deviation_table else None)


def _fill(path: Path, doc: ResponseDocument) -> docx.document.Document:
    out = path.with_name("filled-" + path.name)
    out.write_bytes(fill_customer_file(path.read_bytes(), doc))
    return docx.Document(str(out))


def _texts(tr: object) -> list[str]:
    return [element_text(tc) for tc in row_cells(tr)]


def _xml(element: object) -> bytes:
    return bytes(etree.tostring(element))


ANSWERED = [i for i, a in enumerate(ANSWERS) if a[0] or a[1] is not Deviation.UNSET]


def _expected_row(n: int, i: int) -> dict[str, str]:
    clause, mark, text = REQUIREMENTS[i]
    answer, dev, note, evidence, page = ANSWERS[i]
    return {"no": str(n), "clause": f"{mark.value}{clause}", "requirement": text, "response": answer,
            "deviation": {"positive": "正偏离", "none": "无偏离"}[dev.value], "note": note,
            "evidence": f"{evidence}，第 {page} 页" if evidence else ""}


# --- the tender's own 偏离表 ------------------------------------------------------------------------

@pytest.mark.parametrize("headers", [STANDARD, ("偏离情况", "序号", "投标文件响应", "招标文件条款号", "证明材料及页码",
                                                "招标文件技术要求", "说明")], ids=["standard", "reordered"])
def test_the_empty_deviation_table_is_filled_in_place(tmp_path: Path, headers: tuple[str, ...]) -> None:
    path = _python_docx_tender(tmp_path / "tender.docx", headers)
    doc = _response(path)
    before = docx.Document(str(path))
    after = _fill(path, doc)

    assert len(after.paragraphs) == len(before.paragraphs) and len(after.tables) == len(before.tables)
    assert _xml(after.styles.element) == _xml(before.styles.element)
    assert _xml(body_tables(after)[0]) == _xml(body_tables(before)[0])  # the 评分标准 table untouched
    trs = table_rows(body_tables(after)[1])
    assert len(trs) == len(table_rows(body_tables(before)[1]))  # 5 template rows were enough
    assert _texts(trs[0]) == list(headers)
    for n, i in enumerate(ANSWERED, start=1):
        cells = _texts(trs[n])
        assert {ROLE_OF[h]: cells[c] for c, h in enumerate(headers)} == _expected_row(n, i)
    assert _texts(trs[len(ANSWERED) + 1]) == [""] * len(headers)  # the spare template row stays blank
    assert _texts(trs[-1]) == [NOTE_ROW]
    assert "None" not in "".join(element_text(tr) for tr in trs)
    # the answers carry the table's formatting: the template's run properties, no new East Asian font
    # (Normal names 宋体 already), and the header's bold is not copied into them
    body_runs = [r for tr in trs[1:len(ANSWERED) + 1] for r in tr.iter(qn("w:r"))]
    assert body_runs and not any(r.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None for r in body_runs)
    assert not any(r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}") is not None for r in body_runs)


def test_more_answers_than_template_rows_copy_the_last_template_row(tmp_path: Path) -> None:
    path = _python_docx_tender(tmp_path / "tender.docx", template_rows=2)
    before = docx.Document(str(path))
    # the tender formats its template rows: a row height and a cell width the copies must keep
    tpl = table_rows(body_tables(before)[1])[2]
    tpl.get_or_add_trPr().append(etree.fromstring(
        '<w:trHeight xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:val="567"/>'))
    w14 = "{http://schemas.microsoft.com/office/word/2010/wordml}paraId"
    for n, p in enumerate(body_tables(before)[1].iter(qn("w:p"))):  # as Word 2010 and later write them
        p.set(w14, f"{n:08X}")
    before.save(str(path))
    template_xml = [_xml(tc.find(qn("w:tcPr"))) for tc in row_cells(tpl)]

    answers = {c: ("应答 " + c, Deviation.NONE, "", "", "") for c, _, _ in REQUIREMENTS}
    doc = _response(path)
    doc = ResponseDocument(**{**doc.__dict__, "rows": tuple(
        AnswerRow(**{**r.__dict__, "response": answers[r.clause][0], "deviation": Deviation.NONE}) for r in doc.rows)})
    after = _fill(path, doc)

    trs = table_rows(body_tables(after)[1])
    assert len(trs) == 1 + 5 + 1  # header, 2 template rows + 3 copies, the 注 row
    for n in range(1, 6):
        assert _texts(trs[n])[:5] == [str(n), f"{REQUIREMENTS[n - 1][1].value}{REQUIREMENTS[n - 1][0]}",
                                      REQUIREMENTS[n - 1][2], f"应答 {REQUIREMENTS[n - 1][0]}", "无偏离"]
        assert [_xml(tc.find(qn("w:tcPr"))) for tc in row_cells(trs[n])] == template_xml
        height = trs[n].find(f"{qn('w:trPr')}/{qn('w:trHeight')}")
        assert (height is not None) == (n >= 2)  # the last template row (the one copied) and its copies
        assert height is None or height.get(qn("w:val")) == "567"
    assert _texts(trs[-1]) == [NOTE_ROW]
    assert len(after.paragraphs) == len(before.paragraphs)
    ids = [p.get(w14) for p in body_tables(after)[1].iter(qn("w:p")) if p.get(w14)]
    assert len(ids) == len(set(ids)) == 7 * 3 + 1  # the copies carry none; the tender's own stay


def test_english_labels_and_roles_the_table_lacks_are_folded_in(tmp_path: Path) -> None:
    headers = ("序号", "招标文件技术要求", "投标文件响应")
    path = _python_docx_tender(tmp_path / "tender.docx", headers)
    doc = _response(path, lang="en")
    doc = ResponseDocument(**{**doc.__dict__, "deviation_table": DeviationTableShape(
        headers, {"no": 0, "requirement": 1, "response": 2}, doc.deviation_table.location)})  # type: ignore[union-attr]
    trs = table_rows(body_tables(_fill(path, doc))[1])
    assert _texts(trs[1]) == ["1", "★3.1.1 系统须支持不少于 500 个并发用户。",
                              "支持 800 个并发用户，见压测报告。 (Exceeds)\nRemarks: 高于要求 60%\nEvidence: 压测报告, p. 12"]


@soffice
def test_a_libreoffice_tender_is_filled_and_renders_with_the_answers(tmp_path: Path) -> None:
    path = _libreoffice_tender(tmp_path)
    before = docx.Document(str(path))
    doc = _response(path)
    after = _fill(path, doc)
    assert len(after.paragraphs) == len(before.paragraphs) and len(after.tables) == len(before.tables)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(path.with_name("filled-tender.docx")) as dst:
        canonical = [etree.tostring(etree.fromstring(z.read("docProps/core.xml")), method="c14n") for z in (src, dst)]
        assert canonical[0] == canonical[1]  # no author, date or tool of ours
    trs = table_rows(body_tables(after)[doc.deviation_table.location.table])  # type: ignore[union-attr]
    assert len(trs) == 1 + len(ANSWERED)  # 3 template rows, one copy added
    assert [_texts(tr)[3] for tr in trs[1:]] == [ANSWERS[i][0] for i in ANSWERED]
    # a cell without a font of its own gets an East Asian one, the table's or 宋体
    cell_run = next(row_cells(trs[1])[3].iter(qn("w:r")))
    assert cell_run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}") is not None or \
        before.styles.element.find(f".//{qn('w:rFonts')}[@{qn('w:eastAsia')}]") is not None

    # LibreOffice gives an HTML table's empty cells a 2 pt font: the answers do not inherit it
    sizes = [int(sz.get(qn("w:val"))) for tr in trs[1:] for sz in tr.iter(qn("w:sz"))]
    assert "4" in {sz.get(qn("w:val")) for sz in table_rows(body_tables(before)[0])[1].iter(qn("w:sz"))}
    assert all(size >= 16 for size in sizes)

    _soffice(["--convert-to", "pdf", "filled-tender.docx"], tmp_path)
    with pdfplumber.open(tmp_path / "filled-tender.pdf") as pdf:
        cells = [["".join((cell or "").split()) for cell in line]
                 for page in pdf.pages for table in page.extract_tables() for line in table]
    flat = lambda text: "".join(text.split())  # noqa: E731 - the PDF's line breaks fall anywhere
    assert cells[0] == [flat(h) for h in STANDARD]
    for n, i in enumerate(ANSWERED, start=1):
        assert cells[n] == [flat(v) for v in _expected_row(n, i).values()]


# --- answers beside the requirements ----------------------------------------------------------

def test_without_a_deviation_table_each_answer_follows_its_requirement(tmp_path: Path) -> None:
    path = _python_docx_tender(tmp_path / "tender.docx", with_table=False)
    before = docx.Document(str(path))
    doc = _response(path, deviation_table=False)
    after = _fill(path, doc)

    assert len(after.paragraphs) == len(before.paragraphs) + len(ANSWERED)
    assert len(after.tables) == len(before.tables)
    assert _xml(after.styles.element) == _xml(before.styles.element)
    texts = [p.text for p in after.paragraphs]
    for i in ANSWERED:
        clause, mark, text = REQUIREMENTS[i]
        at = texts.index(f"{mark.value}{clause} {text}")
        answer = after.paragraphs[at + 1]
        assert answer.text.startswith(f"应答：{ANSWERS[i][0]}（")
        assert answer.style.name == after.paragraphs[at].style.name
        assert answer.paragraph_format.left_indent is not None and answer.paragraph_format.left_indent > 0
        assert answer.runs[0].bold and answer.runs[0].text == "应答："
    unanswered = texts.index(f"{REQUIREMENTS[2][0]} {REQUIREMENTS[2][2]}")
    assert texts[unanswered + 1].startswith(REQUIREMENTS[3][0])
    assert "应答：支持 800 个并发用户，见压测报告。（正偏离）\n说明：高于要求 60%\n证明材料：压测报告，第 12 页" in texts


def test_requirements_in_a_table_row_answer_in_its_response_column_or_after_the_table(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("技术参数要求如下：")
    with_column = d.add_table(rows=3, cols=4)
    without_column = d.add_table(rows=2, cols=2)
    for r, values in enumerate((("序号", "技术参数", "投标响应", "偏离"), ("1", "★CPU 不少于 32 核", "", ""),
                                ("2", "内存不少于 256 GB", "", ""))):
        for c, value in enumerate(values):
            with_column.cell(r, c).text = value
    for r, values in enumerate((("序号", "要求"), ("1", "▲提供 7×24 小时技术支持"))):
        for c, value in enumerate(values):
            without_column.cell(r, c).text = value
    d.add_paragraph("以上为全部要求。")
    path = tmp_path / "table-tender.docx"
    d.save(str(path))
    rows = (
        AnswerRow(1, "1", Mark.SUBSTANTIVE, Kind.REQUIREMENT, "CPU 不少于 32 核", "64 核", Deviation.POSITIVE,
                  location=Location(table=0, row=1, column=1)),
        AnswerRow(2, "2", Mark.NONE, Kind.REQUIREMENT, "内存不少于 256 GB", "", Deviation.UNSET,
                  location=Location(table=0, row=2, column=1)),
        AnswerRow(3, "1", Mark.IMPORTANT, Kind.REQUIREMENT, "提供 7×24 小时技术支持", "提供 7×24 小时电话与现场支持",
                  Deviation.NONE, location=Location(table=1, row=1, column=1)),
    )
    doc = ResponseDocument("t", "c", "zh-Hans", path.name, SourceFormat.DOCX, rows)
    after = _fill(path, doc)
    first, second = (table_rows(t) for t in body_tables(after))
    assert _texts(first[1]) == ["1", "★CPU 不少于 32 核", "64 核", "正偏离"]
    assert _texts(first[2]) == ["2", "内存不少于 256 GB", "", ""]  # unanswered: blank
    assert _texts(second[1]) == ["1", "▲提供 7×24 小时技术支持"]
    assert [p.text for p in after.paragraphs] == ["技术参数要求如下：", "应答（▲1）：提供 7×24 小时电话与现场支持（无偏离）",
                                                  "以上为全部要求。"]
    # the answer paragraph stands right after the second table
    body = list(after.element.body)
    assert body.index(after.paragraphs[1]._p) == body.index(body_tables(after)[1]) + 1


def test_a_location_not_in_the_file_is_refused(tmp_path: Path) -> None:
    path = _python_docx_tender(tmp_path / "tender.docx", with_table=False)
    doc = _response(path, deviation_table=False, locations={"3.1.1": Location(block=999)})
    with pytest.raises(InvalidInput) as caught:
        fill_customer_file(path.read_bytes(), doc)
    assert caught.value.code == "tender_fill_location_missing" and "3.1.1" in caught.value.message("zh")


def test_a_deviation_table_not_in_the_file_is_refused(tmp_path: Path) -> None:
    path = _python_docx_tender(tmp_path / "tender.docx")
    doc = _response(path)
    doc = ResponseDocument(**{**doc.__dict__, "deviation_table": DeviationTableShape(
        STANDARD, {"response": 3}, Location(table=7, row=0))})
    with pytest.raises(InvalidInput) as caught:
        fill_customer_file(path.read_bytes(), doc)
    assert caught.value.code == "tender_fill_table_missing" and "表 8" in caught.value.message("zh")


def test_a_pdf_cannot_be_filled_and_says_to_export(tmp_path: Path) -> None:
    doc = ResponseDocument("t", "c", "zh-Hans", "招标文件.pdf", SourceFormat.PDF, ())
    with pytest.raises(InvalidInput) as caught:
        fill_customer_file(b"%PDF-1.7", doc)
    assert caught.value.code == "tender_fill_pdf"
    assert "导出" in caught.value.message("zh") and "Export" in caught.value.message("en")


def test_a_damaged_file_is_refused_with_a_reason(tmp_path: Path) -> None:
    doc = ResponseDocument("t", "c", "en", "q.xlsx", SourceFormat.XLSX, ())
    with pytest.raises(InvalidInput) as caught:
        fill_customer_file(b"PK\x03\x04 not really a zip", doc)
    assert caught.value.code == "tender_fill_unreadable"


def test_a_dtd_deep_inside_a_part_is_refused_before_any_parser_reads_it(tmp_path: Path) -> None:
    """The check reads each XML part whole (as a stream), not only its first 64 KB."""
    path = _python_docx_tender(tmp_path / "t.docx")
    packed = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":  # a comment pads it past 64 KB, then a DTD
                head, _, rest = data.partition(b"?>")
                data = head + b"?><!--" + b" " * 70_000 + b'--><!DOCTYPE w [<!ENTITY x "y">]>' + rest
            dst.writestr(info, data)
    with pytest.raises(InvalidInput) as caught:
        fill_customer_file(packed.getvalue(), _response(path))
    assert caught.value.code == "tender_fill_unreadable"


# --- an .xlsx questionnaire --------------------------------------------------------------------

QUESTIONS = (("SEC-01", "Do you encrypt data at rest?"), ("SEC-02", "Do you run annual penetration tests?"),
             ("SEC-03", "Is MFA enforced for administrators?"))


def _questionnaire(path: Path, comments_column: bool = True) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Security"
    ws.merge_cells("A1:E1")
    ws["A1"] = "Vendor security questionnaire"
    headers = ["ID", "Question", "Answer", "Comments", "Evidence"] if comments_column else ["ID", "Question", "Answer"]
    for c, heading in enumerate(headers, start=1):
        ws.cell(2, c, heading).font = openpyxl.styles.Font(bold=True)
    for r, (qid, question) in enumerate(QUESTIONS, start=3):
        ws.cell(r, 1, qid)
        ws.cell(r, 2, question)
    ws.freeze_panes = "C3"
    ws.column_dimensions["B"].width = 48
    ws.column_dimensions["D"].width = 40
    dv = DataValidation(type="list", formula1='"Yes,No,Partial,N/A"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add("C3:C5")
    ws["B3"].comment = Comment("Includes backups.", "Customer")
    lists = wb.create_sheet("Scores")
    for r, (label, value) in enumerate((("Yes", 2), ("Partial", 1), ("No", 0)), start=1):
        lists.cell(r, 1, label)
        lists.cell(r, 2, value)
    chart = BarChart()
    chart.add_data(Reference(lists, min_col=2, min_row=1, max_row=3))
    lists.add_chart(chart, "D2")
    wb.defined_names["ScoreTable"] = openpyxl.workbook.defined_name.DefinedName("ScoreTable", attr_text="Scores!$A$1:$B$3")
    wb.save(str(path))
    return path


def _q_doc(path: Path, answers: list[tuple[str, str, str]], lang: str = "en") -> ResponseDocument:
    rows = tuple(
        AnswerRow(no=n, clause=qid, mark=Mark.NONE, kind=Kind.QUESTION, requirement=question, response=text,
                  deviation=Deviation.UNSET, evidence=evidence, allowed_answers=("Yes", "No", "Partial", "N/A"),
                  answer_choice=choice, location=Location(sheet="Security", cell=f"B{n + 2}", answer_cell=f"C{n + 2}"))
        for n, ((qid, question), (choice, text, evidence)) in enumerate(zip(QUESTIONS, answers, strict=True), start=1))
    return ResponseDocument("q", "c", lang, path.name, SourceFormat.XLSX, rows)


def test_a_questionnaire_gets_its_choices_comments_and_evidence_and_keeps_the_rest(tmp_path: Path) -> None:
    path = _questionnaire(tmp_path / "q.xlsx")
    doc = _q_doc(path, [("yes", "AES-256 on all volumes and backups.", "Security whitepaper"),
                        ("", "", ""), ("Partial", "Enforced for cloud consoles; VPN next quarter.", "")])
    out = tmp_path / "filled.xlsx"
    out.write_bytes(fill_customer_file(path.read_bytes(), doc))

    wb = openpyxl.load_workbook(str(out))
    ws = wb["Security"]
    assert [ws[f"C{r}"].value for r in (3, 4, 5)] == ["Yes", None, "Partial"]  # the list's spelling; unanswered blank
    assert [ws[f"D{r}"].value for r in (3, 4, 5)] == ["AES-256 on all volumes and backups.", None,
                                                      "Enforced for cloud consoles; VPN next quarter."]
    assert ws["E3"].value == "Security whitepaper" and ws["E4"].value is None
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:E1"]
    assert ws.freeze_panes == "C3" and ws.column_dimensions["B"].width == 48
    assert [(v.formula1, str(v.sqref)) for v in ws.data_validations.dataValidation] == [('"Yes,No,Partial,N/A"', "C3:C5")]
    assert ws["B3"].comment.text == "Includes backups."
    assert wb.sheetnames == ["Security", "Scores"] and "ScoreTable" in wb.defined_names
    # every part but the filled sheet is byte for byte the customer's: the chart, its drawing, the
    # comment and its VML, styles, the workbook with its defined names
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out) as dst:
        assert src.namelist() == dst.namelist()
        changed = [n for n in src.namelist() if src.read(n) != dst.read(n)]
        assert changed == ["xl/worksheets/sheet1.xml"]
        assert any("chart" in n for n in src.namelist()) and any("comments" in n for n in src.namelist())


def test_a_sheet_without_a_comments_column_gets_one_beside_the_header(tmp_path: Path) -> None:
    path = _questionnaire(tmp_path / "q.xlsx", comments_column=False)
    doc = _q_doc(path, [("No", "Planned for Q3.", ""), ("", "", ""), ("", "", "")], lang="zh-Hans")
    out = tmp_path / "filled.xlsx"
    out.write_bytes(fill_customer_file(path.read_bytes(), doc))
    ws = openpyxl.load_workbook(str(out))["Security"]
    assert (ws["C3"].value, ws["D2"].value, ws["D3"].value) == ("No", "说明", "Planned for Q3.")
    assert ws["D2"].font.bold  # styled like the header beside it


def test_a_choice_outside_the_drop_down_is_refused(tmp_path: Path) -> None:
    path = _questionnaire(tmp_path / "q.xlsx")
    doc = _q_doc(path, [("Maybe", "", ""), ("", "", ""), ("", "", "")])
    with pytest.raises(InvalidInput) as caught:
        fill_customer_file(path.read_bytes(), doc)
    assert caught.value.code == "tender_fill_choice_not_allowed"
    assert "Maybe" in caught.value.message("en") and "Yes / No / Partial / N/A" in caught.value.message("zh")


def test_a_range_validation_is_read_from_its_sheet(tmp_path: Path) -> None:
    path = _questionnaire(tmp_path / "q.xlsx")
    wb = openpyxl.load_workbook(str(path))
    ws = wb["Security"]
    ws.data_validations.dataValidation[0].formula1 = "Scores!$A$1:$A$3"  # Yes / Partial / No, no N/A
    wb.save(str(path))
    doc = _q_doc(path, [("N/A", "", ""), ("", "", ""), ("", "", "")])
    with pytest.raises(InvalidInput) as caught:
        fill_customer_file(path.read_bytes(), doc)
    assert caught.value.params["allowed"] == "Yes / Partial / No"
    ok = deepcopy(doc)
    ok = ResponseDocument(**{**ok.__dict__, "rows": (AnswerRow(**{**ok.rows[0].__dict__, "answer_choice": "Partial"}),
                                                      *ok.rows[1:])})
    out = tmp_path / "filled.xlsx"
    out.write_bytes(fill_customer_file(path.read_bytes(), ok))
    assert openpyxl.load_workbook(str(out))["Security"]["C3"].value == "Partial"


X14_LIST = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>Scores!$A$1:$A$3</xm:f></x14:formula1>'
    "<xm:sqref>C3:C5</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>"
)


@pytest.mark.filterwarnings("ignore:Data Validation extension is not supported")
def test_an_excel_2010_list_on_another_sheet_is_checked_too(tmp_path: Path) -> None:
    """Excel writes a list that lives on another sheet as an x14 extension, which openpyxl does not read."""
    made = _questionnaire(tmp_path / "made.xlsx")
    path = tmp_path / "q.xlsx"
    with zipfile.ZipFile(made) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start, end = text.index("<dataValidations"), text.index("</dataValidations>") + len("</dataValidations>")
                data = (text[:start] + text[end:]).replace("</worksheet>", X14_LIST + "</worksheet>").encode()
            dst.writestr(info, data)
    assert not openpyxl.load_workbook(str(path))["Security"].data_validations.dataValidation
    doc = _q_doc(path, [("N/A", "", ""), ("", "", ""), ("", "", "")])  # N/A: in allowed_answers, not the list
    with pytest.raises(InvalidInput) as caught:
        fill_customer_file(path.read_bytes(), doc)
    assert caught.value.params["allowed"] == "Yes / Partial / No"
    filled = fill_customer_file(path.read_bytes(), _q_doc(path, [("no", "", ""), ("", "", ""), ("", "", "")]))
    assert openpyxl.load_workbook(io.BytesIO(filled))["Security"]["C3"].value == "No"
    with zipfile.ZipFile(io.BytesIO(filled)) as out:
        sheet = etree.fromstring(out.read("xl/worksheets/sheet1.xml"))
    x14 = "{http://schemas.microsoft.com/office/spreadsheetml/2009/9/main}"
    assert [dv.get("type") for dv in sheet.iter(f"{x14}dataValidation")] == ["list"]  # still there
    assert sheet[-1].tag.endswith("extLst")


@calc
def test_a_questionnaire_saved_by_libreoffice_is_filled_and_libreoffice_reads_the_answers(tmp_path: Path) -> None:
    made = _questionnaire(tmp_path / "made.xlsx")
    (tmp_path / "lo").mkdir()
    _soffice(["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", "lo", made.name], tmp_path)
    path = tmp_path / "lo" / "made.xlsx"
    doc = _q_doc(path, [("Yes", "AES-256\r\nkeys in an HSM\x0b", "Whitepaper"), ("", "", ""), ("No", "", "")])
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(fill_customer_file(path.read_bytes(), doc))
    ws = openpyxl.load_workbook(str(filled))["Security"]
    assert (ws["C3"].value, ws["D3"].value, ws["E3"].value, ws["C5"].value) == (
        "Yes", "AES-256\nkeys in an HSM", "Whitepaper", "No")
    original = openpyxl.load_workbook(str(path))["Security"]
    assert [(v.formula1, str(v.sqref)) for v in ws.data_validations.dataValidation] == \
        [(v.formula1, str(v.sqref)) for v in original.data_validations.dataValidation] != []
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:E1"]
    _soffice(["--convert-to", "csv", "filled.xlsx"], tmp_path)
    lines = (tmp_path / "filled.csv").read_text(encoding="utf-8", errors="replace")
    assert "Yes" in lines and "keys in an HSM" in lines and "Whitepaper" in lines


# --- the answer paragraph's look, and tables with a title row ----------------------------------------

def test_answers_to_headings_list_items_and_content_controls_are_plain_indented_paragraphs(tmp_path: Path) -> None:
    d = docx.Document()
    heading = d.add_heading("★3.2 系统须通过等保三级测评", level=2)
    numbered = d.add_paragraph("▲须提供 7×24 小时服务热线", style="List Number")
    d.add_paragraph("以下条款以内容控件给出：")
    sdt = etree.fromstring(
        '<w:sdt xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:sdtPr/><w:sdtContent>'
        "<w:p><w:r><w:t>3.3 须支持国产操作系统</w:t></w:r></w:p></w:sdtContent></w:sdt>")
    d.element.body.insert(len(d.element.body) - 1, sdt)
    path = tmp_path / "t.docx"
    d.save(str(path))
    blocks = body_blocks(docx.Document(str(path)))
    texts = [element_text(b) for b in blocks]
    locations = [Location(block=texts.index(t)) for t in (heading.text, numbered.text, "3.3 须支持国产操作系统")]
    rows = tuple(AnswerRow(n, c, Mark.NONE, Kind.REQUIREMENT, "r", f"答{n}", Deviation.NONE, location=loc)
                 for n, (c, loc) in enumerate(zip(("3.2", "1", "3.3"), locations, strict=True), start=1))
    after = _fill(path, ResponseDocument("t", "c", "zh-Hans", path.name, SourceFormat.DOCX, rows))

    blocks = body_blocks(after)
    answers = [blocks[i] for i, b in enumerate(blocks) if element_text(b).startswith("应答：")]
    assert [element_text(b) for b in answers] == ["应答：答1（无偏离）", "应答：答2（无偏离）", "应答：答3（无偏离）"]
    assert [blocks.index(a) - 1 for a in answers] == [texts.index(heading.text) + 0, texts.index(numbered.text) + 1,
                                                      texts.index("3.3 须支持国产操作系统") + 2]
    first, second, third = (docx.text.paragraph.Paragraph(a, after.part) for a in answers)
    assert first.style.name == "Normal" and first._p.pPr.find(qn("w:outlineLvl")) is None  # not in the TOC
    assert second.style.name == "List Number"
    assert second._p.pPr.numPr.numId.val == 0  # the list's numbering switched off for the answer
    assert third._p.getparent().tag == qn("w:sdtContent")  # inside the content control, after its clause
    # one heading more in the document would change its TOC: the count of headings is unchanged
    assert sum(p.style.name.startswith("Heading") for p in after.paragraphs) == 1


def test_a_title_row_above_the_header_and_a_document_without_an_east_asian_font(tmp_path: Path) -> None:
    path = _python_docx_tender(tmp_path / "tender.docx", template_rows=1)
    d = docx.Document(str(path))
    for fonts in list(d.styles.element.iter(qn("w:rFonts"))):  # no East Asian font named anywhere
        fonts.getparent().remove(fonts)
    table = body_tables(d)[1]
    title = deepcopy(table_rows(table)[-1])  # the merged 注 row's shape: one cell across the table
    for t in title.iter(qn("w:t")):
        t.text = "技术偏离表"
    table_rows(table)[0].addprevious(title)
    d.save(str(path))
    doc = _response(tmp_path / "tender.docx")
    assert doc.deviation_table is not None and doc.deviation_table.location.row == 1
    after = _fill(path, doc)
    trs = table_rows(body_tables(after)[1])
    assert _texts(trs[0]) == ["技术偏离表"] and _texts(trs[1]) == list(STANDARD)
    assert [_texts(tr)[3] for tr in trs[2:2 + len(ANSWERED)]] == [ANSWERS[i][0] for i in ANSWERED]
    assert _texts(trs[-1]) == [NOTE_ROW]
    fonts = {f.get(qn("w:eastAsia")) for tr in trs[2:2 + len(ANSWERED)] for f in tr.iter(qn("w:rFonts"))}
    assert fonts == {"宋体"}  # Chinese text gets a Chinese font when nothing names one


def test_rows_of_a_fixed_height_grow_to_show_a_long_answer_and_nothing_else_changes(tmp_path: Path) -> None:
    """The customer's rows are two lines high (customHeight) and the comments column wraps: a
    four-line answer made its row taller (Excel and LibreOffice cut it to two lines); a short answer,
    an unanswered row and a row whose comment cell does not wrap keep their height."""
    path = _questionnaire(tmp_path / "q.xlsx")
    wb = openpyxl.load_workbook(str(path))
    ws = wb["Security"]
    for r in (3, 4, 5):
        ws.row_dimensions[r].height = 30
        ws[f"D{r}"].alignment = openpyxl.styles.Alignment(wrap_text=r != 5, vertical="top")
    wb.save(str(path))
    long = ("AES-256-GCM on every volume, snapshot and backup; keys in a per-tenant KMS, rotated every 90 days. "
            "Customer-managed keys (BYOK) are available on the enterprise plan, and key use is logged to the SIEM.")
    doc = _q_doc(path, [("Yes", long, ""), ("Yes", "Annually, by an accredited firm.", ""), ("Yes", long, "")])
    out = tmp_path / "filled.xlsx"
    out.write_bytes(fill_customer_file(path.read_bytes(), doc))

    filled = openpyxl.load_workbook(str(out))["Security"]
    assert filled["D3"].value == long and filled["D5"].value == long
    lines = -(-len(long) // 39)  # at the column's 40 widths, less its padding
    assert filled.row_dimensions[3].height >= lines * 11 * 1.3 > 30
    assert [filled.row_dimensions[r].height for r in (4, 5)] == [30, 30]
    assert filled.row_dimensions[2].height is None  # the header row, automatic: left to the program
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out) as dst:
        assert [n for n in src.namelist() if src.read(n) != dst.read(n)] == ["xl/worksheets/sheet1.xml"]


def test_latin_words_in_an_answer_stay_whole_on_the_lines_of_a_narrow_column(tmp_path: Path) -> None:
    """A tender whose styles make every run Chinese (w:lang w:val="zh-CN"): marked so, a Latin
    word in an answer broke between any two letters in LibreOffice ("Kuber / netes" in the
    偏离表's narrow response column). The answer's Latin words are runs of their own marked
    English; its text is as typed."""
    path = _libreoffice_tender(tmp_path)
    with zipfile.ZipFile(path) as src:
        parts = {item: src.read(item) for item in src.namelist()}
    styles = parts["word/styles.xml"].decode("utf-8")
    assert 'w:val="en-US" w:eastAsia="zh-CN"' in styles  # LibreOffice's default: Latin text is English
    parts["word/styles.xml"] = styles.replace('w:val="en-US" w:eastAsia="zh-CN"', 'w:val="zh-CN" w:eastAsia="zh-CN"').encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item, data in parts.items():
            dst.writestr(item, data)
    answer = "支持Kubernetes与OpenShift容器平台以及PostgreSQL数据库，检索采用Elasticsearch。"
    doc = _response(path)
    rows = tuple(row if i else dataclasses.replace(row, response=answer) for i, row in enumerate(doc.rows))
    after = _fill(path, dataclasses.replace(doc, rows=rows))
    trs = table_rows(body_tables(after)[doc.deviation_table.location.table])  # type: ignore[union-attr]
    cell = row_cells(trs[1])[3]
    assert element_text(cell) == answer
    english = {"".join(t.text for t in r.iter(qn("w:t"))) for r in cell.iter(qn("w:r"))
               if r.find(f"{qn('w:rPr')}/{qn('w:lang')}[@{qn('w:val')}='en-US']") is not None}
    assert english == {"Kubernetes", "OpenShift", "PostgreSQL", "Elasticsearch"}
    _soffice(["--convert-to", "pdf", "filled-tender.docx"], tmp_path)
    with pdfplumber.open(tmp_path / "filled-tender.pdf") as pdf:
        lines = [line for page in pdf.pages for line in (page.extract_text() or "").splitlines()]
    for word in sorted(english):
        assert any(word in line for line in lines), (word, lines)
