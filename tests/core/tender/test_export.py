"""The documents a response goes out as: the .docx (技术偏离表 + 点对点应答, or a questionnaire's
responses) reopened and rendered by LibreOffice, the .xlsx reopened with openpyxl, and the
point-by-point chapter read back by the proposal renderer's Markdown parser."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.section import WD_ORIENT
from markdown_it import MarkdownIt
from openpyxl import load_workbook

from tests.tender_rows import answer_row, response_document
from workbench.core.company import CompanyProfile
from workbench.core.errors import WorkbenchError
from workbench.core.knowledge.language import to_traditional
from workbench.core.proposals.pdf import convert, page_texts
from workbench.core.tender.export import point_by_point_markdown, write_response
from workbench.core.tender.model import (
    DEVIATION_COLUMNS,
    STANDARD_HEADERS,
    AnswerRow,
    Deviation,
    DeviationTableShape,
    Kind,
    Location,
    Mark,
    ResponseDocument,
    SourceFormat,
)

DEMO_SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "make_demo_tenders.py"
COMPANY = CompanyProfile(name="云策科技有限公司", address="上海市浦东新区科苑路 88 号")
CHAPTER = "第三章 采购需求 > 一、技术参数"


def _row(no: int, clause: str, mark: Mark, requirement: str, response: str, deviation: Deviation,
         **extra: Any) -> AnswerRow:
    return answer_row(no, clause, mark, requirement, response, deviation, chapter=extra.pop("chapter", CHAPTER),
                      **extra)


def zh_tender(shape: DeviationTableShape | None = None) -> ResponseDocument:
    rows = (
        _row(1, "3.1.1", Mark.SUBSTANTIVE, "平台须支持不少于 100,000 台设备同时在线接入，支持 MQTT、Modbus TCP、OPC UA 协议。",
             "IoT平台标准 12 节点集群经第三方测试支持 1,000,000 台设备在线，测点写入 2,000,000 点/秒，支持 MQTT、"
             "Modbus RTU/TCP、OPC UA、BACnet 等协议。", Deviation.POSITIVE, note="接入能力为要求的 10 倍",
             evidence="第三方性能测试报告 RPT-2025-0815", evidence_page="12"),
        _row(2, "3.1.2", Mark.IMPORTANT, "数据备份 RPO≤15 分钟，RTO≤4 小时。",
             "增量备份每 15 分钟一次，RPO ≤ 15 分钟，RTO ≤ 4 小时；同城双活场景 RTO ≤ 5 分钟。", Deviation.NONE,
             evidence="容灾方案白皮书", evidence_page="7"),
        _row(3, "3.1.3", Mark.NONE, "提供 7*24 小时技术支持，P1 故障 30 分钟内响应。",
             "7*24 小时值守，P1 故障 30 分钟响应、4 小时恢复，72 小时内提交根因分析报告。", Deviation.NONE,
             evidence="售后服务承诺函"),
        _row(4, "3.2.1", Mark.SUBSTANTIVE, "系统须通过网络安全等级保护三级测评。",
             "云策 SaaS 平台已通过等保三级测评并每年复测，备案编号 31011599001-24001。", Deviation.NONE,
             evidence="等保三级测评报告摘要", evidence_page="3", chapter="第三章 采购需求 > 二、安全要求"),
        _row(5, "3.2.2", Mark.IMPORTANT, "支持国产数据库人大金仓 KingbaseES V9。",
             "当前版本已适配达梦 DM8，人大金仓适配计划于合同签订后 90 日内完成。", Deviation.NEGATIVE,
             note="人大金仓适配尚未取得互认证书", chapter="第三章 采购需求 > 二、安全要求"),
        _row(6, "2", Mark.NONE, "技术方案完整性：方案完整、切合园区实际的得 10 分。",
             "见技术方案第 2 章。", Deviation.UNSET, kind=Kind.SCORING, points=10.0, chapter="第四章 评分标准"),
    )
    return response_document("市级智慧园区综合管理平台采购项目 技术响应文件", "滨江市数据资源管理局", rows,
                             "招标文件.docx", deviation_table=shape,
                            legend={"★": "实质性条款，负偏离将导致投标无效", "▲": "重要指标，不满足将扣分"})


# the tender's own 偏离表: seven columns in another order than the standard one
TENDER_HEADERS = ("招标条款号", "序号", "采购需求", "偏离", "投标人响应内容", "证明文件所在页码", "备注")
TENDER_SHAPE = DeviationTableShape(
    headers=TENDER_HEADERS,
    columns={"clause": 0, "no": 1, "requirement": 2, "deviation": 3, "response": 4, "evidence": 5, "note": 6},
    location=Location(table=4, row=0))


def questionnaire() -> ResponseDocument:
    rows = (
        AnswerRow(no=1, clause="SEC-01", mark=Mark.NONE, kind=Kind.QUESTION, category="Access control",
                  requirement="Do you support SSO with SAML 2.0 or OIDC?", response="Yes: SAML 2.0 with Azure AD, "
                  "Okta and ADFS; OIDC/OAuth 2.0; SCIM 2.0 provisioning.", deviation=Deviation.UNSET,
                  answer_choice="Yes", allowed_answers=("Yes", "No", "Partial", "N/A"), evidence="SSO guide",
                  evidence_page="4", location=Location(sheet="Questionnaire", cell="C2", answer_cell="D2")),
        AnswerRow(no=2, clause="SEC-02", mark=Mark.NONE, kind=Kind.QUESTION, category="Access control",
                  requirement="Is MFA enforced for administrators?", response="Enforced through your IdP.",
                  deviation=Deviation.UNSET, answer_choice="Partial", allowed_answers=("Yes", "No", "Partial", "N/A")),
        AnswerRow(no=3, clause="BCP-01", mark=Mark.NONE, kind=Kind.QUESTION, category="Business continuity",
                  requirement="What are your RPO and RTO?", response="RPO 15 minutes, RTO 4 hours; restore drills "
                  "every quarter.", deviation=Deviation.UNSET, answer_choice="Yes",
                  allowed_answers=("Yes", "No", "Partial", "N/A"), evidence="DR whitepaper", evidence_page="7"),
        AnswerRow(no=4, clause="DP-03", mark=Mark.NONE, kind=Kind.QUESTION, category="Data protection",
                  requirement="Is customer data deleted after the contract ends? <within 35 days>",
                  response="After a 90-day export window; backups within 35 days, with a *deletion certificate*.",
                  deviation=Deviation.UNSET, answer_choice="Yes", allowed_answers=("Yes", "No", "Partial", "N/A")),
    )
    return ResponseDocument(title="Vendor Security Questionnaire — Response", customer="Harbourline Logistics Ltd.",
                            language="en", source_name="questionnaire.xlsx", source_format=SourceFormat.XLSX, rows=rows)


def _cells(table: Any) -> list[list[str]]:
    """Cell texts as a reader sees them: without word joiners, a header's line break dropped."""
    return [[c.text.replace("\u2060", "").replace("\n", "") for c in row.cells] for row in table.rows]


def _pdf_text(docx_path: Path, work: Path) -> str:
    pdf = convert(docx_path, work)
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


# --- .docx ----------------------------------------------------------------------------------------

def test_zh_tender_docx_has_the_standard_table_marks_and_the_point_by_point_chapter(tmp_path: Path) -> None:
    doc = zh_tender()
    out = write_response(doc, "docx", tmp_path / "r.docx", COMPANY)
    document = docx.Document(str(out))
    table = next(t for t in document.tables if _cells(t)[0][0] == "序号")
    cells = _cells(table)
    assert tuple(cells[0]) == STANDARD_HEADERS["zh"]
    assert len(cells) == 1 + 5  # the five requirements; the scoring row is answered point by point only
    assert cells[1][1] == "★3.1.1" and cells[2][1] == "▲3.1.2" and cells[3][1] == "3.1.3"
    assert [r[4] for r in cells[1:]] == ["正偏离", "无偏离", "无偏离", "无偏离", "负偏离"]
    assert cells[1][6] == "第三方性能测试报告 RPT-2025-0815（第\u00a012\u00a0页）"
    assert cells[3][2] == "提供 7*24 小时技术支持，P1 故障 30 分钟内响应。"  # typed text is text, not Markdown
    texts = [p.text for p in document.paragraphs]
    assert "点对点应答" in texts and "技术偏离表" in texts
    # the cover says what the document is under the project's name
    assert texts.index("技术偏离表及点对点应答") < texts.index("技术偏离表")
    for row in doc.rows:  # every row answered under its own heading line
        heading = next(p for p in document.paragraphs if p.style.name == "Heading 4" and row.clause in p.text)
        assert row.mark.value in heading.text
    assert any(t.startswith("应答：") and "7*24 小时值守" in t for t in texts)
    assert any(t == "证明材料：容灾方案白皮书（第\u00a07\u00a0页）" for t in texts)
    assert any("评分项 2（10 分）" in t for t in texts)
    # the table is in a landscape section, the cover and the chapter after it in portrait
    orientations = [s.orientation for s in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    wide = document.sections[1]
    assert wide.page_width > wide.page_height
    # properties from the company, not python-docx's
    assert document.core_properties.author == "云策科技有限公司"
    assert document.core_properties.title == doc.title
    with zipfile.ZipFile(out) as package:
        app = package.read("docProps/app.xml").decode()
        settings = package.read("word/settings.xml").decode()
        xml = package.read("word/document.xml").decode()
    assert "<Company>云策科技有限公司</Company>" in app
    assert 'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"' in settings
    assert "updateFields" not in settings
    assert "python-docx" not in document.core_properties.comments + document.core_properties.author
    assert "云策科技有限公司" in xml  # the cover names the bidder


def test_a_traditional_tenders_response_is_traditional_in_its_frame_fonts_and_words(tmp_path: Path) -> None:
    """A Hong Kong or Taiwan tender answered: the point-by-point document in Traditional faces
    (新細明體, 微軟正黑體) and Taiwan's language tag, its frame and its table's words Traditional."""
    simplified = zh_tender()
    rows = tuple(replace(r, requirement=to_traditional(r.requirement), response=to_traditional(r.response),
                         note=to_traditional(r.note), evidence=to_traditional(r.evidence),
                         chapter=to_traditional(r.chapter)) for r in simplified.rows)
    doc = replace(simplified, title=to_traditional(simplified.title), customer=to_traditional(simplified.customer),
                  language="zh-Hant", rows=rows,
                  legend={mark: to_traditional(said) for mark, said in simplified.legend.items()})
    out = write_response(doc, "docx", tmp_path / "r.docx", COMPANY.for_language("zh-Hant"))
    document = docx.Document(str(out))
    with zipfile.ZipFile(out) as package:
        styles = package.read("word/styles.xml").decode()
        fonts = package.read("word/fontTable.xml").decode()
    assert 'w:eastAsia="PMingLiU"' in styles and 'w:eastAsia="Microsoft JhengHei"' in styles
    assert "SimSun" not in styles and "SimHei" not in styles and 'w:name="PMingLiU"' in fonts
    header = "".join(p.text for s in document.sections for p in s.header.paragraphs)
    footer = "".join(p.text for s in document.sections for p in s.footer.paragraphs)
    assert "商業機密" in header and "頁" in footer
    texts = [p.text for p in document.paragraphs]
    cells = [c for t in document.tables for row in _cells(t) for c in row]
    assert "雲策科技有限公司" in "".join(texts) and "第三方性能測試報告 RPT-2025-0815（第\u00a012\u00a0頁）" in cells
    assert {"序號", "招標文件條款號", "偏離情況", "無偏離", "負偏離"} <= set(cells)
    assert "技術偏離表" in texts and "點對點應答" in texts
    words = "".join(texts + cells)
    assert not sorted({c for c in words if to_traditional(c) != c})  # not a Simplified character left
    sheet = load_workbook(write_response(doc, "xlsx", tmp_path / "r.xlsx")).active
    assert sheet.title == "技術偏離表" and [c.value for c in sheet[1]][:2] == ["序號", "招標文件條款號"]


def test_an_answer_of_several_lines_keeps_its_lines_in_the_deviation_table(tmp_path: Path) -> None:
    """The 偏离表 is written through Markdown, whose table cells hold one line: an answer of several
    lines (a list, a small table of parameters made plain) came out run together in one line."""
    import dataclasses

    from docx.oxml.ns import qn

    doc = zh_tender()
    lines = ["支持，国密算法全面覆盖：", "SM2：数字签名、密钥交换、国密 HTTPS", "SM3：口令存储、日志完整性校验",
             "• 可对接已有 UE/Unity 孪生系统与 SM4 加密的备份"]  # the writer keeps "UE/Unity" whole with a U+2060
    rows = list(doc.rows)
    rows[1] = dataclasses.replace(rows[1], response="\n".join(lines) + "\n")
    out = write_response(dataclasses.replace(doc, rows=tuple(rows)), "docx", tmp_path / "r.docx", COMPANY)
    document = docx.Document(str(out))
    table = next(t for t in document.tables if _cells(t)[0][0] == "序号")
    cell = table.rows[2].cells[3]
    # the answer's own line breaks; the table layout adds its own between words (w:clear="none")
    # where a long Chinese line would wrap, which are not the answer's
    typed = "".join(
        node.text or "" if node.tag == qn("w:t") else ("\n" if node.get(qn("w:clear")) is None else "")
        for node in cell._tc.iter(qn("w:t"), qn("w:br")))
    assert typed.replace("\u2060", "").split("\n") == lines and "\u2060" in typed
    assert len(cell.paragraphs) == 1
    assert len([br for br in cell._tc.iter(qn("w:br")) if br.get(qn("w:clear")) is None]) == 3
    one_line = table.rows[1].cells[3]._tc  # a one-line answer gets no line break but the layout's
    assert all(br.get(qn("w:clear")) == "none" for br in one_line.iter(qn("w:br")))
    # LibreOffice lays each line out on its own
    assert re.search(r"^\s*SM3：口令存储", _pdf_text(out, tmp_path), re.M)


def test_tender_header_order_is_kept(tmp_path: Path) -> None:
    out = write_response(zh_tender(TENDER_SHAPE), "docx", tmp_path / "r.docx", COMPANY)
    document = docx.Document(str(out))
    table = next(t for t in document.tables if _cells(t)[0][0] == TENDER_HEADERS[0])
    cells = _cells(table)
    assert tuple(cells[0]) == TENDER_HEADERS
    first = dict(zip(TENDER_HEADERS, cells[1], strict=True))
    assert first["招标条款号"] == "★3.1.1" and first["序号"] == "1" and first["偏离"] == "正偏离"
    assert first["投标人响应内容"].startswith("IoT平台标准 12 节点集群")
    assert first["证明文件所在页码"] == "第三方性能测试报告 RPT-2025-0815（第\u00a012\u00a0页）"
    assert first["备注"] == "接入能力为要求的 10 倍"
    last = dict(zip(TENDER_HEADERS, cells[-1], strict=True))
    assert last["招标条款号"] == "▲3.2.2" and last["偏离"] == "负偏离"


def test_questionnaire_docx_is_an_english_responses_layout(tmp_path: Path) -> None:
    out = write_response(questionnaire(), "docx", tmp_path / "q.docx", CompanyProfile(name="Yunce Technology"))
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert "Responses" in texts and "Access control" in texts and "Business continuity" in texts
    tables = [_cells(t) for t in document.tables if _cells(t)[0][0] == "ID"]
    assert [t[0] for t in tables] == [["ID", "Question", "Answer", "Response", "Evidence"]] * 3
    rows = {r[0]: r for t in tables for r in t[1:]}
    assert rows["SEC-02"][2] == "Partial" and rows["SEC-01"][4] == "SSO guide, p.\u00a04"
    assert rows["DP-03"][1] == "Is customer data deleted after the contract ends? <within 35 days>"
    assert "*deletion certificate*" in rows["DP-03"][3]
    assert document.core_properties.language == "en-US"
    widths = {tuple(c.width for c in t.columns) for t in document.tables}
    assert len(widths) == 1  # the category tables' columns line up


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WorkbenchError) as raised:
        write_response(zh_tender(), "pdf", tmp_path / "r.pdf")
    assert raised.value.code == "export_failed"
    assert not (tmp_path / "r.pdf").exists()


# --- rendered by LibreOffice ----------------------------------------------------------------------

WHOLE = re.compile(r"[★▲]?[A-Za-z0-9][A-Za-z0-9.,:/\-]*[A-Za-z0-9%]")


@pytest.mark.parametrize("case", ["standard", "tender_header", "questionnaire"])
def test_every_clause_amount_and_id_is_whole_in_the_pdf(tmp_path: Path, case: str) -> None:
    doc = {"standard": zh_tender(), "tender_header": zh_tender(TENDER_SHAPE), "questionnaire": questionnaire()}[case]
    out = write_response(doc, "docx", tmp_path / "r.docx", COMPANY)
    text = _pdf_text(out, tmp_path)
    lines = [re.sub(r"\s+", " ", line) for line in text.splitlines()]
    tokens = {t for row in doc.rows for field in (row.clause, row.response, row.evidence, row.requirement)
              for t in WHOLE.findall(field) if len(t) >= 3}
    tokens |= {f"{row.mark.value}{row.clause}" for row in doc.rows if row.clause}
    assert "RPT-2025-0815" in tokens or case == "questionnaire"
    missing = sorted(t for t in tokens if not any(t in line for line in lines))
    assert not missing, f"broken across lines in the PDF: {missing}"


# --- .xlsx ----------------------------------------------------------------------------------------

def test_xlsx_deviation_sheet(tmp_path: Path) -> None:
    out = write_response(zh_tender(TENDER_SHAPE), "xlsx", tmp_path / "r.xlsx", COMPANY)
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["技术偏离表"]
    sheet = workbook["技术偏离表"]
    values = [[c.value or "" for c in row] for row in sheet.iter_rows()]
    assert tuple(values[0]) == TENDER_HEADERS
    assert values[1][0] == "★3.1.1" and values[1][3] == "正偏离" and values[5][3] == "负偏离"
    assert values[1][5] == "第三方性能测试报告 RPT-2025-0815（第\u00a012\u00a0页）"
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.row_dimensions[2].height > sheet.row_dimensions[4].height  # the longer answer, the taller row
    assert sheet["C2"].alignment.wrap_text
    assert sheet.column_dimensions["E"].width > sheet.column_dimensions["B"].width
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 1
    assert validations[0].formula1 == '"无偏离,正偏离,负偏离"'
    assert str(validations[0].sqref).startswith("D2:D")
    assert workbook.properties.creator == "云策科技有限公司"


def test_xlsx_keeps_text_that_starts_with_equals_as_text(tmp_path: Path) -> None:
    """A requirement or answer beginning with "=" is written as the text typed, never as a formula
    Excel would run when the customer opens the sheet."""
    typed = "=cmd|' /C calc'!A0"
    rows = (answer_row(1, "3.1", Mark.SUBSTANTIVE, typed, "=SUM(A1:A9) 为示例", Deviation.NONE),)
    out = write_response(response_document("t", "c", rows, "t.docx"), "xlsx", tmp_path / "r.xlsx", COMPANY)
    cells = [c for row in load_workbook(out).active.iter_rows(min_row=2) for c in row]
    assert typed in [c.value for c in cells] and "=SUM(A1:A9) 为示例" in [c.value for c in cells]
    assert all(c.data_type != "f" for c in cells)
    with zipfile.ZipFile(out) as zf:
        assert b"<f>" not in zf.read("xl/worksheets/sheet1.xml")


def test_xlsx_questionnaire_keeps_its_drop_down(tmp_path: Path) -> None:
    out = write_response(questionnaire(), "xlsx", tmp_path / "q.xlsx")
    sheet = load_workbook(out).active
    assert sheet is not None
    values = [[c.value or "" for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["ID", "Category", "Question", "Answer", "Response", "Evidence"]
    assert values[2] == ["SEC-02", "Access control", "Is MFA enforced for administrators?", "Partial",
                         "Enforced through your IdP.", ""]
    validation = sheet.data_validations.dataValidation[0]
    assert validation.formula1 == '"Yes,No,Partial,N/A"' and str(validation.sqref).startswith("D2:D")


# --- Markdown for a proposal chapter --------------------------------------------------------------

def _plain(markdown: str) -> list[tuple[str, str]]:
    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(markdown)
    out = []
    for n, token in enumerate(tokens):
        if token.type == "inline":
            text = "".join(c.content for c in token.children or [] if c.type == "text")
            out.append((tokens[n - 1].type + tokens[n - 1].tag, text))
    return out


def test_point_by_point_markdown_escapes_what_was_typed() -> None:
    doc = zh_tender()
    markdown = point_by_point_markdown(doc, "zh-Hans")
    blocks = _plain(markdown)
    # the tender's own numbers follow the title: the document numbers its headings itself
    assert ("heading_openh2", "技术参数（招标文件 一）") in blocks and ("heading_openh2", "评分标准（招标文件 第四章）") in blocks
    assert ("heading_openh4", "★3.1.1") in blocks and ("heading_openh4", "▲3.2.2") in blocks
    assert ("paragraph_openp", "招标要求：提供 7*24 小时技术支持，P1 故障 30 分钟内响应。") in blocks
    assert any(text.startswith("应答：7*24 小时值守") for _, text in blocks)
    assert not any(kind.startswith("heading_openh1") for kind, _ in blocks)  # the template's chapter stands above
    assert sum(kind == "heading_openh4" for kind, _ in blocks) == len(doc.rows)


def test_point_by_point_markdown_of_a_questionnaire_keeps_angle_brackets() -> None:
    blocks = _plain(point_by_point_markdown(questionnaire(), "en"))
    assert ("heading_openh4", "SEC-01 · Access control") in blocks
    assert ("paragraph_openp", "Question: Is customer data deleted after the contract ends? <within 35 days>") in blocks
    assert any("*deletion certificate*" in text for _, text in blocks)


def answered_demo_tender() -> ResponseDocument:
    """The demo tender's clauses, parameters, commercial terms and scoring rows, answered."""
    spec = importlib.util.spec_from_file_location("make_demo_tenders", DEMO_SCRIPT)
    assert spec is not None and spec.loader is not None
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)
    marks = {"★": Mark.SUBSTANTIVE, "▲": Mark.IMPORTANT, "": Mark.NONE}
    long_answer = ("云策 IoT平台标准 12 节点集群经第三方测试支持 1,000,000 台设备在线、测点写入 2,000,000 点/秒，端到端延迟 "
                   "P99 < 1 秒；集群可水平扩展，计算存储分离，生产最大规模为某电网客户 2,600,000 台终端。")
    short_answer = "满足。已在 60 余个项目中通过等保三级测评，提供安全配置基线与三员分立方案。"
    rows: list[AnswerRow] = []
    for section, clauses in demo.REQUIREMENTS:
        for mark, clause, text in clauses:
            n = len(rows) + 1
            rows.append(_row(n, clause, marks[mark], text, long_answer if n % 3 else short_answer,
                             (Deviation.NONE, Deviation.POSITIVE, Deviation.NONE, Deviation.NEGATIVE)[n % 4],
                             note="接入能力为要求的 2 倍" if n % 4 == 1 else "",
                             evidence="IoT平台第三方性能测试报告 RPT-2025-0815" if n % 2 else "",
                             evidence_page=str(n + 10) if n % 2 else "",
                             chapter=f"第三章 采购需求 > 二、技术要求 > {section}"))
    for number, item, text, mark in demo.PARAMETERS:
        rows.append(_row(len(rows) + 1, f"参数 {number}", marks[mark], f"{item}：{text}", "满足：" + text,
                         Deviation.NONE, chapter="第三章 采购需求 > 三、技术参数表"))
    for mark, clause, text in demo.COMMERCIAL:
        rows.append(_row(len(rows) + 1, clause, marks[mark], text, "完全响应。", Deviation.NONE,
                         chapter="第三章 采购需求 > 四、商务要求"))
    for number, item, points, text in demo.SCORING:
        rows.append(_row(len(rows) + 1, number, Mark.NONE, f"{item}：{text}", "详见技术方案第 3 章。", Deviation.UNSET,
                         kind=Kind.SCORING, points=float(points), chapter="第四章 评分标准"))
    shape = DeviationTableShape(demo.DEVIATION_HEADERS, {role: n for n, role in enumerate(DEVIATION_COLUMNS)},
                                Location(table=2))
    return ResponseDocument(title=f"{demo.PROJECT} 技术响应文件", customer=demo.BUYER, language="zh-Hans",
                            source_name=demo.TENDER_FILE, source_format=SourceFormat.DOCX, rows=tuple(rows),
                            deviation_table=shape, legend={"★": "实质性条款", "▲": "重要技术指标"})


def test_a_long_table_repeats_its_header_and_leaves_no_blank_page(tmp_path: Path) -> None:
    """The answered demo tender: its 偏离表 ends at the foot of a page, where the section break after it
    once started a blank landscape page."""
    doc = answered_demo_tender()
    out = write_response(doc, "docx", tmp_path / "long.docx", COMPANY)
    pdf = convert(out, tmp_path)
    pages = page_texts(pdf)
    if pages and not pages[-1].strip():
        pages.pop()  # after the last form feed
    assert len(pages) >= 5
    frame = {"商业机密", "第", "页", "/", "共", "·"}
    for n, text in enumerate(pages[1:], start=2):  # every page but the cover carries more than header and footer
        words = [w for w in text.split() if w not in frame and not w.isdigit() and w not in doc.title
                 and w not in doc.customer]
        assert words, f"page {n} is blank"
    with_header = [n for n, text in enumerate(pages) if "招标文件技术要求" in text]
    assert len(with_header) >= 3  # the table spans pages and its header is on each
    assert "招标文件技术要求" not in "".join(pages[with_header[-1] + 1:])  # the table once, then the chapter


def test_fonts_are_named_as_windows_and_macos_have_them(tmp_path: Path) -> None:
    out = write_response(zh_tender(), "docx", tmp_path / "r.docx", COMPANY)
    with zipfile.ZipFile(out) as package:
        styles = package.read("word/styles.xml").decode()
        fonts = package.read("word/fontTable.xml").decode()
    assert 'w:eastAsia="SimSun"' in styles and 'w:eastAsia="SimHei"' in styles
    assert 'w:name="SimSun"' in fonts and "宋体" in fonts
