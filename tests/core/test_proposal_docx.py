"""Word and PDF exports fit to send: every template's tables rendered by LibreOffice with every
number, amount and ID whole; document properties, format and fonts a customer's Word accepts;
a cover of its own; a TOC that links; the company profile. Rendering does not depend on the
database, so these run on SQLite (the company profile's storage runs on both backends)."""

from __future__ import annotations

import itertools
import re
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path
from typing import Any

import docx
import pdfplumber
import pytest
import yaml
from docx.oxml.ns import qn

from tests.backends import BACKENDS
from workbench.cli.main import main
from workbench.core.company import CompanyProfiles
from workbench.core.errors import Forbidden, WorkbenchError
from workbench.core.knowledge.language import to_traditional
from workbench.core.proposals import office
from workbench.core.proposals.catalog import builtin_templates_dir
from workbench.core.proposals.docx_tables import CELL_MARGIN_PT, EMU_PER_PT, column_widths, lay_out
from workbench.core.proposals.textwidth import longest_word, text_width, words
from workbench.core.workspace import Workspace

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Besides each template's example.yaml: what a tester typed (a quantity of 2000, amounts in the
# hundreds of thousands, requirement IDs, two-character Chinese words in narrow columns)
INPUTS: dict[str, dict[str, Any]] = {
    "tech-proposal-en": {
        "customer": "Contoso Retail Group International", "project_name": "Omnichannel customer service platform",
        "industry": "retail", "customer_tier": "A", "contact": "Jane Doe, CIO",
        "requirements": "omnichannel customer service for 300 stores\nchatbot answers FAQs\nsingle sign-on",
        "products": ["CRM", "Service Cloud"], "deployment": "Hybrid", "user_count": 2000,
        "compliance": ["ISO 27001", "SOC 2"], "integrations": ["SAP S/4HANA", "Salesforce"],
        "bid_deadline": "2027-01-15", "kickoff_date": "2027-02-01",
        "pricing": [
            {"item": "Service Cloud seats", "quantity": 2000, "unit": "seat/year", "unit_price": "102.60"},
            {"item": "Implementation services", "quantity": 120, "unit": "person-day", "unit_price": 1250},
            {"item": "Integration adapters (SAP, Salesforce)", "quantity": 2, "unit": "set", "unit_price": "18500.50"},
        ],
        "discount_rate": 5, "tax_rate": 8, "quote_valid_days": 90,
    },
    "requirement-confirmation-zh": {
        "customer": "华东某职业教育集团有限公司", "project_name": "招生线索管理与自动分配系统", "industry": "education",
        "customer_tier": "A", "version": "V1.2", "requirements": "线索 5 分钟内自动分配到招生老师\n与现有教务系统对接",
        "products": ["CRM", "数据中台"], "deployment": "私有化部署", "integrations": ["教务系统", "企业微信"],
        "requirement_items": [
            {"module": "线索管理", "requirement": "按校区与专业自动分配线索，分配规则可配置", "priority": "高",
             "status": "已确认", "note": "REQ-001 见附件"},
            {"module": "数据对接", "requirement": "与教务系统双向同步学员数据（每日 2000 条以上）", "priority": "中",
             "status": "待确认", "note": "REQ-002 接口文档待提供"},
            {"module": "报表", "requirement": "招生转化漏斗报表与校区排名", "priority": "低", "status": "已确认",
             "note": "REQ-003"},
        ],
        "out_of_scope": ["硬件采购"], "assumptions": ["客户提供测试环境"], "acceptance_criteria": ["线索分配准确率 99%"],
        "pilot_days": 30, "bid_deadline": "2027-03-01", "confirm_by": "2027-01-20",
        "customer_signatory": "张三", "vendor_signatory": "李四",
    },
    "feedback-list-zh": {
        "customer": "某城市商业银行股份有限公司", "project_name": "智能客服二期", "industry": "finance",
        "customer_tier": "A", "event_type": "POC 验证", "event_date": "2026-11-20",
        "customer_attendees": ["信息科技部 王经理"], "our_attendees": ["售前 赵工"], "products": ["智能客服"],
        "requirements": "意图识别准确率不低于 95%\n支持信创环境部署", "overall_impression": "存在顾虑",
        "concerns": "信创适配进度", "competitors": ["竞品甲"],
        "feedback": [
            {"content": "希望支持麒麟操作系统与达梦数据库", "category": "技术", "response": "提供信创适配认证证书与测试报告",
             "owner": "赵工", "due_date": "2026-11-25"},
            {"content": "报价高于预算 REQ-2026-0815", "category": "商务", "response": "分期付款方案", "owner": "钱经理",
             "due_date": "2026-11-28"},
        ],
        "next_steps": [{"action": "提交信创适配报告", "owner": "赵工", "due_date": "2026-11-25"}],
        "bid_deadline": "2026-12-20",
    },
}
TOKEN = re.compile(r"[$¥€]?\d[\d,]*(?:\.\d+)?%?|[A-Z][A-Za-z]*-\d+(?:-\d+)*")
def _png(width: int, height: int) -> bytes:
    """A small blue PNG, written by hand (no imaging library in the test environment)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x1f\x4e\x8c" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


LOGO = _png(120, 40)


def template_inputs(name: str) -> dict[str, Any]:
    """The example.yaml every shipped template carries (what `proposal new --vars` is shown with)."""
    example = builtin_templates_dir() / name / "example.yaml"
    return dict(yaml.safe_load(example.read_text(encoding="utf-8")))


TEMPLATES = ["tech-proposal-zh", "tech-proposal-en", "requirement-confirmation-zh", "feedback-list-zh",
             "tech-proposal-zht", "requirement-confirmation-zht", "feedback-list-zht", "tech-proposal-zhhk",
             "requirement-confirmation-zhhk", "feedback-list-zhhk"]


@pytest.fixture
def backend_name() -> str:
    return "sqlite"


@pytest.fixture
def company_ws(demo_ws: Workspace, tmp_path: Path) -> Workspace:
    demo_ws.index.ensure()
    logo = tmp_path / "logo.png"
    logo.write_bytes(LOGO)
    CompanyProfiles(demo_ws.db).update(demo_ws.actor(), name="云策科技有限公司", address="上海市浦东新区科苑路 88 号",
                                       logo=logo)
    return demo_ws


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _cells(document: Any) -> list[str]:
    return [cell.text.replace("\u2060", "") for table in document.tables for row in table.rows for cell in row.cells]


def _unsplit(text: str) -> str:
    return re.sub(r"[\s\u2060]", "", text)


def _words_split_across_lines(document: Any, pdf: Path) -> tuple[list[tuple[str, list[str]]], set[str]]:
    """Each table cell of the PDF that takes more than one line, checked against its cell in the
    .docx: every line ends where a word ends (``words``: a Chinese word as rjieba cuts it, a
    number, an amount, an ID or a Latin word whole). Returns the cells with a word split across
    two lines (with their lines), and the cells found on more than one line."""
    boundaries: dict[str, set[int]] = {}
    for text in {cell.text for table in document.tables for row in table.rows for cell in row.cells}:
        ends, at = set(), 0
        for word in words(text):
            at += len(_unsplit(word))
            ends.add(at)
        boundaries[_unsplit(text)] = ends
    split: list[tuple[str, list[str]]] = []
    wrapped: set[str] = set()
    with pdfplumber.open(pdf) as opened:
        for page in opened.pages:
            for table in page.find_tables():
                for row in table.rows:
                    for box in row.cells:
                        if box is None:
                            continue
                        # lines by baseline: Latin and Chinese glyphs on one line differ in height
                        lines = [_unsplit(line["text"]) for line in
                                 page.crop(box).extract_text_lines(use_text_flow=True, y_tolerance=4)]
                        lines = [line for line in lines if line]
                        key = "".join(lines)
                        if len(lines) < 2 or key not in boundaries:
                            continue
                        wrapped.add(key)
                        at = 0
                        for line in lines[:-1]:
                            at += len(line)
                            if at not in boundaries[key]:
                                split.append((key, lines))
                                break
    return split, wrapped


def _broken_cells(document: Any) -> set[str]:
    """The cells the export broke into lines itself (a w:br between two words)."""
    return {_unsplit(cell.text) for table in document.tables for row in table.rows for cell in row.cells
            if cell._tc.find(f".//{W}br") is not None}


def test_uno_and_poppler_are_installed() -> None:
    """The export's layout pass and these tests' checks need them (scripts/setup.sh installs
    libreoffice-writer-nogui, python3-uno and poppler-utils): no silent skip in CI."""
    assert office.available()
    for tool in ("pdftotext", "pdffonts", "pdfinfo"):
        assert subprocess.run([tool, "-v"], capture_output=True, check=False).returncode == 0


@pytest.mark.parametrize(("template", "typed"), [(t, False) for t in TEMPLATES] + [(t, True) for t in INPUTS])
def test_every_amount_and_id_in_every_template_table_is_whole_in_the_pdf(
        company_ws: Workspace, tmp_path: Path, template: str, typed: bool) -> None:
    inputs = INPUTS[template] if typed else template_inputs(template)
    view = company_ws.proposals.create(company_ws.actor(), template, inputs).value
    document = docx.Document(str(company_ws.proposals.export(view.number, "docx", tmp_path / "p.docx")))
    cells = _cells(document)
    tokens = {t for text in cells for t in TOKEN.findall(text) if len(t) >= 3}
    assert tokens, "the template's tables hold numbers"
    pdf = company_ws.proposals.export(view.number, "pdf", tmp_path / "p.pdf")
    lines = _pdf_text(pdf).splitlines()
    broken = [t for t in tokens if not any(t in line for line in lines)]
    assert not broken, broken
    # no Chinese word, number, ID or Latin word of any cell is split across two lines; every
    # cell the export broke into lines itself was found and checked in the PDF
    split, wrapped = _words_split_across_lines(document, pdf)
    assert not split, split
    assert _broken_cells(document) <= wrapped, _broken_cells(document) - wrapped
    # every cell holds its widest word (numbers, IDs and Chinese words) with the padding; a merged
    # cell (a total's label, the 大写 row) has the width of the columns it spans
    for table in document.tables:
        widths = [column.width / 12700 for column in table.columns]
        for row in table.rows:
            at = 0
            for tc in row._tr.tc_lst:
                span = tc.grid_span
                cell = docx.table._Cell(tc, table)
                width_pt = sum(widths[at:at + span])
                at += span
                size = next((r.font.size.pt for p in cell.paragraphs for r in p.runs if r.font.size), 10.5)
                bold = any(r.bold for p in cell.paragraphs for r in p.runs)
                assert longest_word(cell.text, size, bold) + 2 * CELL_MARGIN_PT <= width_pt, (cell.text, width_pt)


def test_the_bank_bid_tables_keep_words_and_numbers_whole(company_ws: Workspace, tmp_path: Path) -> None:
    """The tester's larger Chinese bid: a 7-column deviation table with long IDs and amounts."""
    rows = "\n".join(
        f"| {n} | ZB-2026-{n:04d}-★ | 支持国产数据库与操作系统，满足信创要求 | 完全支持，已通过适配认证 | 正偏离 | "
        f"¥{n * 205200:,}.00 | 第 {n + 10} 页 |" for n in range(1, 40))
    markdown = ("[TOC]\n\n<!-- pagebreak -->\n\n# 技术偏离表\n\n"
                "| 序号 | 招标文件条款号 | 招标文件技术要求 | 投标文件响应 | 偏离情况 | 金额 | 证明材料及页码 |\n"
                "|---|---|---|---|---|---:|---|\n" + rows + "\n")
    view = company_ws.proposals.create(company_ws.actor(), "tech-proposal-zh", template_inputs("tech-proposal-zh"),
                                       matched={}, markdown=markdown).value
    pdf = company_ws.proposals.export(view.number, "pdf", tmp_path / "bank.pdf")
    text = _pdf_text(pdf)
    for n in range(1, 40):
        assert f"ZB-2026-{n:04d}" in text and f"¥{n * 205200:,}.00" in text
    document = docx.Document(str(company_ws.proposals.export(view.number, "docx", tmp_path / "bank.docx")))
    split, wrapped = _words_split_across_lines(document, pdf)
    assert not split, split
    assert _broken_cells(document) and _broken_cells(document) <= wrapped
    pages = text.split("\f")
    # the long table breaks across pages, its header repeated, no half-empty page before it
    with_header = [p for p in pages if "招标文件条款号" in p]
    assert len(with_header) >= 2
    first = next(i for i, p in enumerate(pages) if "技术偏离表" in p and "招标文件条款号" in p)
    assert "ZB-2026-0001" in pages[first]


# Long Chinese cells that wrap, with the words the tester saw broken ("异常补 / 偿", "服 / 务器",
# the pricing header "单价（不含 / 税）"), amounts, IDs, quotes and Latin words among them
LONG_CELLS = (
    "| 编号 | 单价（不含税） | 说明 | 金额 |\n|---|---|---|---:|\n"
    + "\n".join(
        f"| REQ-2026-{n:04d} | ¥{n * 1280:,}.50 | 提供异常补偿机制与服务器冗余部署，支持双活数据中心切换，"
        f"故障恢复时间不超过 {n * 5} 分钟；“数据不出域”要求通过 Kubernetes 集群与国产化服务器实现，"
        f"并按照 SLA 99.95% 给予异常补偿 | ¥{n * 205200:,}.00 |" for n in range(1, 9))
    + "\n")


def test_long_chinese_cells_break_between_words(company_ws: Workspace, tmp_path: Path) -> None:
    markdown = "# 服务承诺\n\n" + LONG_CELLS + "\n**付款方式**\n\n| 阶段 | 条件 |\n|---|---|\n" + "\n".join(
        f"| 第{n}期 | 系统上线并稳定运行满三个月后，经甲方书面验收确认，乙方开具合规增值税专用发票，甲方在收到发票后"
        f"三十个工作日内支付合同总价的 {n * 10}% |" for n in range(1, 4)) + "\n"
    view = company_ws.proposals.create(company_ws.actor(), "tech-proposal-zh", template_inputs("tech-proposal-zh"),
                                       matched={}, markdown=markdown).value
    document = docx.Document(str(company_ws.proposals.export(view.number, "docx", tmp_path / "long.docx")))
    pdf = company_ws.proposals.export(view.number, "pdf", tmp_path / "long.pdf")
    split, wrapped = _words_split_across_lines(document, pdf)
    assert not split, split
    broken = _broken_cells(document)
    assert len(broken) >= 11 and broken <= wrapped, broken - wrapped  # 8 + 3 long cells, each found in the PDF
    # a line break between words only: the cell's text is what was typed, every amount and ID whole
    texts = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any("\n" in t for t in texts)
    assert {_unsplit(t) for t in texts} >= {_unsplit("单价（不含税）"), _unsplit("¥1,641,600.00"), "REQ-2026-0008"}
    lines = _pdf_text(pdf).splitlines()
    for token in ("¥1,641,600.00", "REQ-2026-0008", "¥10,240.50", "Kubernetes", "99.95%"):
        assert any(token in line for line in lines), token


def test_a_table_laid_out_again_for_a_wider_page_keeps_only_its_new_breaks() -> None:
    """The tender export lays a chapter's tables out again in landscape: the portrait lines go, a
    line break typed in the cell stays."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    long = "提供异常补偿机制与服务器冗余部署，支持双活数据中心切换，故障恢复时间不超过五分钟" * 2
    table.cell(0, 0).text, table.cell(0, 1).text = "编号", "说明"
    table.cell(1, 0).text = "REQ-001"
    cell = table.cell(1, 1).paragraphs[0]
    cell.add_run(long).add_break()
    cell.add_run("第二行")

    def lines() -> list[str]:
        return table.cell(1, 1).text.split("\n")
    lay_out(table, int(240 * EMU_PER_PT), 1, 10.5)
    narrow = lines()
    lay_out(table, int(700 * EMU_PER_PT), 1, 10.5)
    wide = lines()
    assert len(narrow) > len(wide) >= 3 and wide[-1] == "第二行"
    assert "".join(narrow) == "".join(wide) == long + "第二行"
    ends = set(itertools.accumulate(len(w) for w in words(long)))
    for broken in (narrow, wide):  # every line ends where a word ends
        assert set(itertools.accumulate(len(line) for line in broken[:-2])) <= ends


def test_a_line_breaks_between_words_never_at_an_opening_bracket_or_a_no_break_space() -> None:
    assert words("单价（不含税）") == ["单价", "（不含税）"]  # never "单价（" / "不含税）"
    assert words("报告摘要（第\u00a03\u00a0页）")[-1] == "（第\u00a03\u00a0页）"
    assert words("准确率 99.95%，REQ-2026-0815 见附件") == ["准确率", "99.95%，", "REQ-2026-0815", "见", "附件"]
    # ★ and quotes are set full-width by the Chinese font: an ID with its mark is measured so
    assert text_width("ZB-2026-0001-★", 10) > text_width("ZB-2026-0001-", 10) + 9


def test_column_widths_give_every_column_its_widest_word() -> None:
    cells = [[("数量", True), ("金额", True), ("说明", True)],
             [("2000", False), ("$205,200.00", False), ("按校区与专业自动分配线索，分配规则可配置" * 3, False)]]
    widths, size = column_widths(cells, 3, 450)
    assert size == 10.5 and abs(sum(widths) - 450) < 0.01
    assert widths[0] >= text_width("2000", 10.5) + 2 * CELL_MARGIN_PT
    assert widths[1] >= text_width("$205,200.00", 10.5) + 2 * CELL_MARGIN_PT
    assert widths[2] > widths[1]  # the long text gets what is left
    # too many wide words for the page: the table is set smaller rather than break them
    wide = [[(f"REQ-2026-{n:04d}", False) for n in range(6)]]
    widths, size = column_widths(wide, 6, 450)
    assert size < 10.5 and all(w >= longest_word("REQ-2026-0000", size) + 2 * CELL_MARGIN_PT for w in widths)


def test_docx_is_a_current_word_document_with_the_proposals_properties(company_ws: Workspace, tmp_path: Path) -> None:
    company_ws.users.add(company_ws.actor(), "wang.li", role="author", display_name="王丽")
    view = company_ws.proposals.create(company_ws.users.get("wang.li"), "tech-proposal-zh",
                                       template_inputs("tech-proposal-zh")).value
    out = company_ws.proposals.export(view.number, "docx", tmp_path / "p.docx")
    document = docx.Document(str(out))
    core = document.core_properties
    assert core.author == "王丽" and core.last_modified_by == "王丽" and core.title == view.title
    assert core.created is not None and core.created.year >= 2026 and core.modified == core.created
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        settings = z.read("word/settings.xml").decode()
        app = z.read("docProps/app.xml").decode()
        fonts = z.read("word/fontTable.xml").decode()
        styles = z.read("word/styles.xml").decode()
        core_xml = z.read("docProps/core.xml").decode()
    assert "<Company>云策科技有限公司</Company>" in app
    assert "python-docx" not in core_xml and "2013" not in core_xml
    assert 'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"' in settings
    assert "updateFields" not in settings
    assert not {"word/stylesWithEffects.xml", "docProps/thumbnail.jpeg"} & names
    # fonts Word has on Windows and macOS, with their Chinese names for the font table
    assert re.search(r'<w:font w:name="SimSun"><w:altName w:val="宋体"/>', fonts)
    assert re.search(r'<w:font w:name="SimHei"><w:altName w:val="黑体"/>', fonts)
    assert "Noto" not in styles

    def east_asian(name: str) -> str | None:
        rfonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        return rfonts.get(qn("w:eastAsia"))
    assert east_asian("Normal") == "SimSun" and east_asian("Heading 1") == "SimHei" and east_asian("Title") == "SimHei"
    lang = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(qn("w:val")) == "zh-CN" and lang.get(qn("w:eastAsia")) == "zh-CN"
    # no slanted Chinese: no italic run holds a Chinese character, no italic style is used
    for run in document.element.body.iter(qn("w:r")):
        rpr = run.find(qn("w:rPr"))
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        if rpr is not None and rpr.find(qn("w:i")) is not None:
            assert not re.search(r"[\u4e00-\u9fff]", text), text
    used = {p.style.name for p in document.paragraphs}
    assert not [n for n in used if document.styles[n].font.italic]


def test_cover_toc_and_tables(company_ws: Workspace, tmp_path: Path) -> None:
    view = company_ws.proposals.create(company_ws.actor(), "tech-proposal-zh", template_inputs("tech-proposal-zh")).value
    document = docx.Document(str(company_ws.proposals.export(view.number, "docx", tmp_path / "p.docx")))
    section = document.sections[0]
    # the cover: a first page without header or footer, the logo, the company's name and address
    assert section.different_first_page_header_footer
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
    assert not "".join(p.text for p in section.first_page_footer.paragraphs).strip()
    body = document.element.body
    cover = []
    for p in body.iter(qn("w:p")):
        cover.append(p)
        if any(br.get(qn("w:type")) == "page" for br in p.iter(qn("w:br"))):
            break
    assert any(p.iter(qn("w:drawing")) for p in cover if list(p.iter(qn("w:drawing"))))
    cover_text = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in cover)
    assert "云策科技有限公司" in cover_text and "上海市浦东新区科苑路 88 号" in cover_text
    # TOC entries: links to bookmarks on the headings, with page numbers filled in
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    links = [h for h in body.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))]
    assert len(links) >= 10 and all(h.get(qn("w:anchor")) in bookmarks for h in links)
    pages = ["".join(t.text or "" for t in h.iter(qn("w:t"))).rsplit(" ", 1)[-1] for h in links]
    assert all(re.search(r"\d+$", p) for p in pages), pages
    first = next(h for h in links if "项目背景与需求理解" in "".join(t.text or "" for t in h.iter(qn("w:t"))))
    assert int(re.search(r"(\d+)$", "".join(t.text or "" for t in first.iter(qn("w:t")))).group(1)) >= 3
    # tables: only the header row is kept with the next row; long tables may break
    for table in document.tables:
        rows = list(table.rows)
        for row in rows[1:]:
            assert not any(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)


def test_a_traditional_proposal_is_traditional_from_its_fonts_to_its_frame(company_ws: Workspace, tmp_path: Path) -> None:
    """A Taiwan customer's proposal: Traditional faces Word has (新細明體, 微軟正黑體) and Taiwan's
    language tag, the frame's words, the company, the matched knowledge and the 大寫 total all in
    Traditional characters; no Simplified face or character anywhere."""
    view = company_ws.proposals.create(company_ws.actor(), "tech-proposal-zht",
                                       template_inputs("tech-proposal-zht")).value
    out = company_ws.proposals.export(view.number, "docx", tmp_path / "p.docx")
    document = docx.Document(str(out))
    with zipfile.ZipFile(out) as z:
        styles = z.read("word/styles.xml").decode()
        fonts = z.read("word/fontTable.xml").decode()
        settings = z.read("word/settings.xml").decode()
        body = z.read("word/document.xml").decode()
    for simplified in ("SimSun", "SimHei", "宋体", "黑体", "zh-CN"):
        assert simplified not in styles and simplified not in body and simplified not in settings, simplified
    assert re.search(r'<w:font w:name="PMingLiU"><w:altName w:val="新細明體"/>.*?<w:charset w:val="88"/>', fonts)
    assert re.search(r'<w:font w:name="Microsoft JhengHei"><w:altName w:val="微軟正黑體"/>', fonts)

    def east_asian(name: str) -> str | None:
        return document.styles[name].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
    assert east_asian("Normal") == "PMingLiU" and east_asian("Heading 1") == "Microsoft JhengHei"
    lang = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(qn("w:val")) == "zh-TW" and lang.get(qn("w:eastAsia")) == "zh-TW"
    assert document.core_properties.language == "zh-TW"
    header = "".join(p.text for s in document.sections for p in s.header.paragraphs)
    footer = "".join(p.text for s in document.sections for p in s.footer.paragraphs)
    assert "商業機密" in header and "頁" in footer and "页" not in footer
    text = "\n".join([p.text for p in document.paragraphs] + _cells(document))
    assert "目錄" in text and "雲策科技有限公司" in text and "上海市浦東新區科苑路 88 號" in text
    assert re.search(r"新臺幣[零壹貳參肆伍陸柒捌玖拾佰仟萬億元角分整]+", text)
    # no Simplified character: none that Traditional conversion changes, but for those that are
    # Traditional characters too (核准, 台灣 and 里程碑 are written so in Taiwan)
    simplified_only = sorted({c for c in text if to_traditional(c) != c} - set("准台里"))
    assert not simplified_only, simplified_only


def test_a_hong_kong_pdf_draws_hong_kongs_glyph_shapes(tmp_path: Path) -> None:
    """A Hong Kong document names Taiwan's faces (docx_package.HONG_KONG), which the export's
    LibreOffice replaces by Noto's TC faces; its zh-HK tag makes them draw Hong Kong's shapes of
    the characters whose standard forms differ: rendered, the line is as in Noto Serif CJK HK
    itself, and unlike the same line tagged zh-TW."""
    from docx.oxml import OxmlElement
    from PIL import Image, ImageChops

    line = "骨 起 說 着 裏 強 為 這 產 祕 麵 嗎 吳 值 感 戶 溫 甚 菜 畫 兔 灣 曬 黃"

    def rendered(name: str, face: str, lang: str) -> Image.Image:
        document = docx.Document()
        run = document.add_paragraph().add_run(line)
        run.font.size = docx.shared.Pt(28)
        rpr = run._element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        fonts.set(qn("w:eastAsia"), face)
        tag = OxmlElement("w:lang")
        tag.set(qn("w:val"), lang)
        tag.set(qn("w:eastAsia"), lang)
        rpr.append(tag)
        source, pdf = tmp_path / f"{name}.docx", tmp_path / f"{name}.pdf"
        document.save(str(source))
        office.Office().layout(source, pdf)
        subprocess.run(["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / name)],
                       check=True)
        return Image.open(next(tmp_path.glob(f"{name}-*.png"))).convert("L")

    hong_kong = rendered("hk", "PMingLiU", "zh-HK")
    reference = rendered("reference", "Noto Serif CJK HK", "zh-HK")
    taiwan = rendered("tw", "PMingLiU", "zh-TW")
    assert ImageChops.difference(hong_kong, reference).getbbox() is None
    assert ImageChops.difference(hong_kong, taiwan).getbbox() is not None


@pytest.mark.parametrize(("template", "lang"), [("tech-proposal-zh", "zh-CN"), ("tech-proposal-en", "en-US"),
                                                ("tech-proposal-zht", "zh-TW"), ("tech-proposal-zhhk", "zh-HK")])
def test_pdf_is_tagged_with_its_language_embeds_its_fonts_and_its_toc_links(
        company_ws: Workspace, tmp_path: Path, template: str, lang: str) -> None:
    view = company_ws.proposals.create(company_ws.actor(), template, template_inputs(template)).value
    pdf = company_ws.proposals.export(view.number, "pdf", tmp_path / "p.pdf")
    raw = pdf.read_bytes()
    assert re.search(rb"/Lang\s*\(" + lang.encode() + rb"\)", raw)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts), fonts  # every font embedded
    text = _pdf_text(pdf)
    if lang == "zh-CN":
        assert any("NotoSerifCJK" in f for f in fonts) and any("NotoSansCJK" in f for f in fonts)
        assert "华东某汽车零部件股份有限公司" in text and "预测性维护" in text
    if lang == "zh-TW":
        # Taiwan's glyphs (骨, 令, 述 are drawn differently from the mainland's): the faces the
        # document names are replaced by Noto's TC faces. The PDF cannot show which face of the
        # font collection was used (its faces share one glyph table, named ...CJKjp in every PDF)
        assert any("NotoSerifCJK" in f for f in fonts) and any("NotoSansCJK" in f for f in fonts)
        profile = tmp_path / "profile"
        office.write_profile(profile)
        pairs = (profile / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
        for face, tc in (("PMingLiU", "Noto Serif CJK TC"), ("Microsoft JhengHei", "Noto Sans CJK TC")):
            assert re.search(f"<value>{face}</value></prop><prop[^>]*><value>{tc}</value>", pairs), face
        assert "臺中某精密機械股份有限公司" in text
    if lang == "zh-HK":  # Hong Kong's forms of the characters (客户, 啓動), in the faces Taiwan's take
        assert any("NotoSerifCJK" in f for f in fonts) and "香港某私家醫院集團有限公司" in text
        assert "客户名稱" in text and "客戶名稱" not in text  # library items go in as written
    assert "\ufffd" not in text  # no glyph without a character behind it
    assert raw.count(b"/Subtype/Link") >= 10  # the TOC's entries link to their headings
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "python-docx" not in info and re.search(r"Tagged:\s+yes", info)


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_company_profile_is_kept_in_the_database_and_only_admins_change_it(
        ws: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profiles = CompanyProfiles(ws.db)
    assert profiles.get().empty
    logo = tmp_path / "logo.png"
    logo.write_bytes(LOGO)
    admin = ws.actor()
    profiles.update(admin, name="云策科技有限公司", address="上海", logo=logo)
    profiles.update(admin, address="北京市海淀区")
    kept = profiles.get()
    assert (kept.name, kept.address, kept.logo, kept.logo_name) == ("云策科技有限公司", "北京市海淀区", LOGO, "logo.png")
    not_image = tmp_path / "logo.txt"
    not_image.write_text("hello")
    with pytest.raises(WorkbenchError) as refused:
        profiles.update(admin, logo=not_image)
    assert refused.value.code == "company_logo_not_image" and "PNG" in refused.value.message("en")
    assert profiles.get().logo == LOGO  # nothing lost
    viewer = type(admin)(**{**admin.__dict__, "role": type(admin.role)("viewer")})
    with pytest.raises(Forbidden):
        profiles.update(viewer, name="x")
    profiles.update(admin, clear_logo=True)
    assert profiles.get().logo is None and profiles.get().name == "云策科技有限公司"


def test_settings_company_command(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(LOGO)
    code = main(["--home", str(home), "settings", "company", "--name", "云策科技", "--address", "上海", "--logo", str(logo)])
    assert code == 0
    capsys.readouterr()
    assert main(["--home", str(home), "settings", "company", "--json"]) == 0
    shown = yaml.safe_load(capsys.readouterr().out)
    assert shown == {"name": "云策科技", "address": "上海", "name_en": "", "address_en": "", "logo": "logo.png",
                     "logo_bytes": len(LOGO)}
    assert main(["--home", str(home), "--lang", "zh", "settings", "company", "--logo", str(tmp_path / "none.png")]) == 1
    assert "无法读取徽标" in capsys.readouterr().err


def test_without_uno_a_one_shot_libreoffice_still_fills_the_toc(
        company_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where python3-uno cannot be imported (Windows, macOS) each export runs soffice once more:
    slower, the same document."""
    monkeypatch.setattr(office, "available", lambda: False)
    view = company_ws.proposals.create(company_ws.actor(), "tech-proposal-zh", template_inputs("tech-proposal-zh")).value
    document = docx.Document(str(company_ws.proposals.export(view.number, "docx", tmp_path / "p.docx")))
    links = [h for h in document.element.body.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))]
    pages = ["".join(t.text or "" for t in h.iter(qn("w:t"))) for h in links]
    assert links and all(re.search(r"\D\d+$", p) for p in pages), pages
    text = _pdf_text(company_ws.proposals.export(view.number, "pdf", tmp_path / "p.pdf"))
    toc = next(p for p in text.split("\f") if "目录" in p)
    line = next(row for row in toc.splitlines() if "项目背景与需求理解" in row)
    page = int(re.search(r"(\d+)\s*$", line).group(1))  # type: ignore[union-attr]
    assert "项目背景与需求理解" in text.split("\f")[page - 1]


def test_a_two_digit_heading_number_keeps_its_gap_to_the_title(company_ws: Workspace, tmp_path: Path) -> None:
    """The Chinese proposal has 12 chapters: '10 风险与应对' and '11.1 报价明细' keep as clear a gap
    between number and title as '9 常见问题解答' does, not a bare space (the number's room in the
    reference document's heading numbering held one digit)."""
    import pdfplumber

    view = company_ws.proposals.create(company_ws.actor(), "tech-proposal-zh", template_inputs("tech-proposal-zh")).value
    gaps: dict[str, float] = {}
    with pdfplumber.open(company_ws.proposals.export(view.number, "pdf", tmp_path / "p.pdf")) as pdf:
        for page in pdf.pages[2:]:  # past the cover and the contents
            lines: dict[int, list[dict[str, Any]]] = {}
            for c in page.chars:
                if c["size"] >= 11:  # headings
                    lines.setdefault(round(c["top"]), []).append(c)
            for chars in lines.values():
                chars.sort(key=lambda c: c["x0"])
                number = re.match(r"\d+(?:\.\d+)*", "".join(c["text"] for c in chars))
                if number and len(chars) > len(number.group()):
                    n = len(number.group())
                    gaps[number.group()] = chars[n]["x0"] - chars[n - 1]["x1"]
    assert {"9", "10", "11", "11.1", "12.1"} <= set(gaps), sorted(gaps)
    assert all(gap >= 6 for gap in gaps.values()), {k: round(v, 1) for k, v in gaps.items() if v < 6}
