"""Customer files for the tender-response tests, written by real producers: python-docx (Word
numbering, content controls, merged cells), LibreOffice (an HTML tender converted by soffice to
.docx, and from there to PDF and .doc) and openpyxl (questionnaires with drop-downs).

Each writer returns what a careful reader of the file would list as its requirements
(``Expect``), so the tests can measure precision and recall of extraction against it."""

from __future__ import annotations

import copy
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation


@dataclass(frozen=True)
class Expect:
    clause: str
    mark: str  # "★" | "▲" | ""
    kind: str  # requirement | scoring | question
    text: str  # the start of the requirement's text (after clause and mark)
    points: float | None = None
    category: str = ""
    allowed: tuple[str, ...] = ()


@dataclass
class Written:
    path: Path
    expected: list[Expect] = field(default_factory=list)
    legend: dict[str, str] = field(default_factory=dict)  # symbol -> the start of its definition
    deviation_headers: tuple[str, ...] = ()
    not_requirements: list[str] = field(default_factory=list)  # texts that must not become rows


LEGEND = "注：标注“★”的条款为实质性条款，不满足将导致投标无效；标注“▲”的为重要指标，不满足将酌情扣分。"
INSTRUCTION = "投标人须对本章★条款逐条响应，并在技术偏离表中注明证明材料所在页码。"
DEVIATION_HEADERS = ("序号", "招标文件条款号", "招标文件技术要求", "投标文件响应", "偏离情况", "说明", "证明材料页码")
BOILERPLATE = [
    "投标人须在投标截止时间前将投标文件密封送达开标地点，逾期送达的投标文件将被拒收。",
    "投标保证金应当在投标截止时间前以银行转账方式缴纳，金额为人民币伍万元整。",
    "评标委员会应当按照本章规定的评分标准对投标文件进行综合评审。",
    "乙方应在合同签订后十个工作日内提交项目实施计划。",
]


# --- python-docx -----------------------------------------------------------------------------

def _numbering(document: docx.document.Document) -> None:
    """Two lists of our own: 90 = "%1" / "%1.%2" decimal starting at 3 (clauses 3.1, 3.2 …),
    91 = "（%1）" chineseCounting (（一）, （二） …)."""
    root = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%3"/></w:lvl>'
        "</w:abstractNum>")
    abstract2 = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="91">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/>'
        "</w:lvl></w:abstractNum>")
    first_num = root.find(qn("w:num"))
    for element in (abstract, abstract2):
        if first_num is not None:
            first_num.addprevious(element)
        else:
            root.append(element)
    root.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    root.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))


def _numbered(document: docx.document.Document, text: str, num_id: int, level: int) -> None:
    p = document.add_paragraph(text)
    p._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _in_content_control(document: docx.document.Document, text: str) -> None:
    """A block-level content control (w:sdt) holding one paragraph: python-docx's own
    ``paragraphs`` does not see it."""
    p = document.add_paragraph(text)
    sdt = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="技术要求"/><w:tag w:val="req-mgmt"/>'
                    "</w:sdtPr><w:sdtContent/></w:sdt>")
    p._p.addprevious(sdt)
    sdt.find(qn("w:sdtContent")).append(p._p)


def _inline_control(document: docx.document.Document, before: str, inside: str, after: str) -> None:
    p = document.add_paragraph(before)
    p._p.append(parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtPr><w:tag w:val="param"/></w:sdtPr><w:sdtContent>'
        f"<w:r><w:t>{inside}</w:t></w:r></w:sdtContent></w:sdt>"))
    p.add_run(after)


def write_tender_docx(path: Path) -> Written:
    """A Chinese 招标文件 as python-docx writes it: 投标邀请 and 须知 boilerplate, a 采购需求
    chapter with every clause form, marks in every position, Word-numbered clauses, a content
    control, a 技术参数 table with merged cells and a ★ column, the 评分标准 table, the contract, and the
    empty 技术偏离表 in 投标文件格式."""
    w = Written(path, legend={"★": "实质性条款", "▲": "重要指标"}, deviation_headers=DEVIATION_HEADERS)
    e = w.expected.append
    d = docx.Document()
    _numbering(d)
    d.add_paragraph("某市政务云平台扩容项目 招标文件", style="Title")
    d.add_heading("第一章 投标邀请", 1)
    d.add_paragraph(BOILERPLATE[0])
    d.add_heading("第二章 投标人须知", 1)
    d.add_paragraph(BOILERPLATE[1])
    d.add_paragraph("投标人须对★条款逐条响应，任何一项★条款不满足将导致投标无效。")
    d.add_heading("第三章 采购需求", 1)
    d.add_paragraph(LEGEND)
    d.add_paragraph(INSTRUCTION)
    d.add_heading("一、商务要求", 2)
    d.add_paragraph("★1. 交货期：须在合同签订后30日内完成全部设备的交货及安装调试。")
    e(Expect("1", "★", "requirement", "交货期：须在合同签订后30日内"))
    d.add_paragraph("2、质保期：所有设备原厂质保不少于3年，自终验合格之日起计算。")
    e(Expect("2", "", "requirement", "质保期：所有设备原厂质保不少于3年"))
    d.add_paragraph("（一）售后响应：接到故障报修后应在2小时内响应，4小时内到达现场。")
    e(Expect("（一）", "", "requirement", "售后响应：接到故障报修后应在2小时内响应"))
    d.add_paragraph("(二)▲ 培训：提供不少于5人天的现场操作培训。")
    e(Expect("(二)", "▲", "requirement", "培训：提供不少于5人天的现场操作培训"))
    d.add_paragraph("三、付款方式：验收合格后支付合同金额的95%，余款在质保期满后支付。")
    w.not_requirements.append("付款方式：验收合格后支付合同金额的95%")
    d.add_paragraph("第十二条 投标人须具有有效的ISO 27001信息安全管理体系认证证书。")
    e(Expect("第十二条", "", "requirement", "投标人须具有有效的ISO 27001"))
    d.add_heading("二、技术要求", 2)
    d.add_paragraph("具体技术参数如下：")
    _numbered(d, "存储系统", 90, 0)  # "3": a sub-chapter line, not a requirement
    _numbered(d, "★存储系统须采用双控制器冗余架构，任一控制器故障不影响业务连续运行。", 90, 1)
    e(Expect("3.1", "★", "requirement", "存储系统须采用双控制器冗余架构"))
    _numbered(d, "单台存储裸容量不低于500TB，支持在线扩容。", 90, 1)
    e(Expect("3.2", "", "requirement", "单台存储裸容量不低于500TB"))
    _numbered(d, "▲支持同步复制与异步复制，RPO≤15分钟。", 90, 2)
    e(Expect("3.2.1", "▲", "requirement", "支持同步复制与异步复制"))
    _numbered(d, "管理平台", 90, 0)  # "4"
    _in_content_control(d, "▲4.1 管理平台应支持多租户隔离，每个租户的资源配额可单独设置。")
    e(Expect("4.1", "▲", "requirement", "管理平台应支持多租户隔离"))
    _inline_control(d, "4.2 ★ 平台须支持国密算法", "SM2/SM3/SM4", "，密钥由客户自行管理。")
    e(Expect("4.2", "★", "requirement", "平台须支持国密算法SM2/SM3/SM4"))
    d.add_paragraph("4.3.1★ 系统可用性不低于99.99%。")
    e(Expect("4.3.1", "★", "requirement", "系统可用性不低于99.99%"))
    _numbered(d, "提供统一运维监控大屏，支持自定义告警阈值。", 91, 0)
    e(Expect("（一）", "", "requirement", "提供统一运维监控大屏"))
    _numbered(d, "日志保存期限不少于180天（▲）", 91, 0)
    e(Expect("（二）", "▲", "requirement", "日志保存期限不少于180天"))
    d.add_paragraph("1) 备份软件须支持对虚拟机的整机备份与文件级恢复。")
    e(Expect("1)", "", "requirement", "备份软件须支持对虚拟机的整机备份"))
    d.add_paragraph("2）备份窗口不超过4小时。")
    e(Expect("2）", "", "requirement", "备份窗口不超过4小时"))
    d.add_paragraph("(3) 支持备份数据加密存储，加密算法不低于AES-256。")
    e(Expect("(3)", "", "requirement", "支持备份数据加密存储"))
    d.add_paragraph("① 具备与现有堡垒机对接的能力。")
    e(Expect("①", "", "requirement", "具备与现有堡垒机对接的能力"))
    d.add_paragraph("本项目建设地点位于市政务服务中心机房。")
    w.not_requirements.append("本项目建设地点位于市政务服务中心机房")
    d.add_paragraph("注：以上参数均为最低配置要求。")
    w.not_requirements.append("以上参数均为最低配置要求")
    d.add_heading("三、技术参数表", 2)
    rows = [("序号", "指标项", "技术要求", "★"),
            ("一、计算节点", "一、计算节点", "一、计算节点", "一、计算节点"),
            ("1", "CPU", "每台服务器配置不少于2颗处理器，单颗核数≥32核", "★"),
            ("2", "", "主频≥2.6GHz", ""),
            ("3", "内存", "每台不少于512GB DDR5", "▲"),
            ("4", "网络", "提供不少于4个25GE光口", "")]
    t = d.add_table(rows=len(rows), cols=4)
    t.style = "Table Grid"
    for r, values in enumerate(rows):
        if r == 1:
            continue
        for c, value in enumerate(values):
            t.cell(r, c).text = value
    t.cell(1, 0).merge(t.cell(1, 3)).text = rows[1][0]  # a section row across the table
    t.cell(2, 1).merge(t.cell(3, 1))  # "CPU" spans two rows (vertical merge)
    e(Expect("1", "★", "requirement", "每台服务器配置不少于2颗处理器", category="CPU"))
    e(Expect("2", "", "requirement", "主频≥2.6GHz", category="CPU"))
    e(Expect("3", "▲", "requirement", "每台不少于512GB DDR5", category="内存"))
    e(Expect("4", "", "requirement", "提供不少于4个25GE光口", category="网络"))
    d.add_heading("第四章 评标办法", 1)
    d.add_paragraph(BOILERPLATE[2])
    d.add_paragraph("评分标准如下表：")
    scoring = [("序号", "评分项", "分值", "评分细则"),
               ("1", "技术方案", "30分", "方案完整、架构合理得30分；基本合理得15分；不合理不得分。"),
               ("2", "▲关键指标响应", "20", "▲条款每负偏离一项扣5分，扣完为止。"),
               ("3", "项目实施", "0-10分", "实施计划详细、人员配置合理的得10分。"),
               ("4", "售后服务", "10", "本地有服务机构的得10分。"),
               ("合计", "", "70", "")]
    t = d.add_table(rows=len(scoring), cols=4)
    for r, values in enumerate(scoring):
        for c, value in enumerate(values):
            t.cell(r, c).text = value
    e(Expect("1", "", "scoring", "方案完整、架构合理得30分", points=30, category="技术方案"))
    e(Expect("2", "", "scoring", "▲条款每负偏离一项扣5分", points=20, category="▲关键指标响应"))
    e(Expect("3", "", "scoring", "实施计划详细、人员配置合理", points=10, category="项目实施"))
    e(Expect("4", "", "scoring", "本地有服务机构的得10分", points=10, category="售后服务"))
    d.add_heading("第五章 合同主要条款", 1)
    d.add_paragraph(BOILERPLATE[3])
    d.add_heading("第六章 投标文件格式", 1)
    d.add_paragraph("格式八：技术偏离表")
    t = d.add_table(rows=4, cols=len(DEVIATION_HEADERS))
    for c, value in enumerate(DEVIATION_HEADERS):
        t.cell(0, c).text = value
    d.add_paragraph("投标人须在本表中逐条列明★条款的响应情况。")
    w.not_requirements += [b[:12] for b in BOILERPLATE]
    d.save(str(path))
    return w


def write_questionnaire_docx(path: Path) -> Written:
    """An English due-diligence questionnaire in Word: one table, ID | Category | Question | Answer."""
    w = Written(path)
    d = docx.Document()
    d.add_heading("Vendor Security Questionnaire", 1)
    d.add_paragraph("Please answer every question below and return this document by 30 June.")
    rows = [("ID", "Category", "Question", "Answer"),
            ("SEC-01", "Access control", "Do you enforce multi-factor authentication for all administrators?", ""),
            ("SEC-02", "Access control", "Describe how user access is reviewed and revoked.", ""),
            ("SEC-03", "Encryption", "Is customer data encrypted at rest?", ""),
            ("DR-01", "Continuity", "What are your RPO and RTO for the hosted service?", "")]
    t = d.add_table(rows=len(rows), cols=4)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            t.cell(r, c).text = value
        if r:
            w.expected.append(Expect(values[0], "", "question", values[2][:30], category=values[1]))
    d.save(str(path))
    return w


# --- openpyxl ---------------------------------------------------------------------------------

def write_questionnaire_xlsx(path: Path) -> Written:
    """An English security questionnaire: title rows, a header, section rows, an Answer column
    with a Yes/No/Partial/N/A drop-down; a second sheet whose drop-down is a range on a lists sheet."""
    w = Written(path)
    wb = Workbook()
    ws = wb.active
    ws.title = "Security"
    ws.append(["Acme Bank — Vendor Security Assessment"])
    ws.append(["Answer each question; use the drop-down in the Answer column."])
    ws.append([])
    ws.append(["ID", "Category", "Question", "Answer", "Comments"])
    questions = [("SEC-01", "Access control", "Do you enforce MFA for all privileged accounts?"),
                 ("SEC-02", "Access control", "Are access rights reviewed at least quarterly?"),
                 ("SEC-03", "Encryption", "Is data encrypted in transit with TLS 1.2 or later?"),
                 ("SEC-04", "Encryption", "Are encryption keys stored in an HSM?"),
                 ("SEC-05", "Logging", "Are security logs retained for at least 12 months?")]
    for qid, category, question in questions:
        ws.append([qid, category, question, None, None])
    dv = DataValidation(type="list", formula1='"Yes,No,Partial,N/A"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add(f"D5:D{4 + len(questions)}")
    for qid, category, question in questions:
        w.expected.append(Expect(qid, "", "question", question[:30], category=category,
                                 allowed=("Yes", "No", "Partial", "N/A")))
    lists = wb.create_sheet("Lists")
    for value in ("Compliant", "Partially compliant", "Not compliant"):
        lists.append([value])
    privacy = wb.create_sheet("Privacy")
    privacy.append(["No.", "Question", "Response", "Evidence"])
    privacy.append(["Data protection"])  # a section row: the category of the rows below
    for qid, question in (("1", "Do you process personal data outside the EU?"),
                          ("2", "Is a data processing agreement offered?")):
        privacy.append([int(qid), question, None, None])
        w.expected.append(Expect(qid, "", "question", question[:30], category="Data protection",
                                 allowed=("Compliant", "Partially compliant", "Not compliant")))
    dv2 = DataValidation(type="list", formula1="Lists!$A$1:$A$3")
    privacy.add_data_validation(dv2)
    dv2.add("C3:C4")
    wb.save(str(path))
    return w


# --- LibreOffice ------------------------------------------------------------------------------

LIBRE_TENDER_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>招标文件</title></head><body>
<p>某大学智慧校园网络升级项目 招标文件</p>
<h1>第一章 招标公告</h1>
<p>投标人应当于2026年7月1日前在采购平台完成报名。</p>
<h1>第二章 投标人须知</h1>
<p>投标人须对★条款逐条响应，否则投标无效。</p>
<p>说明：标有“★”号的条款为实质性要求，不满足将导致废标；标有“▲”号的为重要技术参数。</p>
<h1>第三章 用户需求书</h1>
<h2>一、总体要求</h2>
<ol>
<li>★核心交换机须支持虚拟化集群，集群后可作为一台设备管理。</li>
<li>所有设备应支持IPv4/IPv6双栈。</li>
<li>提供三年原厂维保服务（▲）</li>
</ol>
<p>本项目采用交钥匙方式建设。</p>
<h2>二、设备技术参数</h2>
<table border="1">
<tr><th>序号</th><th>设备名称</th><th>技术参数</th><th>重要性</th></tr>
<tr><td>1</td><td rowspan="2">核心交换机</td><td>交换容量≥100Tbps</td><td>★</td></tr>
<tr><td>2</td><td>支持不少于48个100GE端口</td><td>▲</td></tr>
<tr><td>3</td><td>无线控制器</td><td>可管理AP数量不少于2000个</td><td></td></tr>
</table>
<p>3.5 ▲ 无线接入点须支持Wi-Fi 7标准。</p>
<h1>第四章 评分标准</h1>
<table border="1">
<tr><th>评分因素</th><th>分值</th><th>评分标准</th></tr>
<tr><td>技术响应</td><td>40</td><td>全部满足得40分，▲项每负偏离一项扣4分。</td></tr>
<tr><td>业绩</td><td>10</td><td>每提供一个同类项目业绩得2分，最高10分。</td></tr>
</table>
<h1>第五章 投标文件格式</h1>
<p>技术偏离表</p>
<table border="1">
<tr><th>序号</th><th>条款号</th><th>招标要求</th><th>投标响应</th><th>偏离情况</th><th>备注</th></tr>
<tr><td></td><td></td><td></td><td></td><td></td><td></td></tr>
</table>
</body></html>
"""


def libre_expected(path: Path) -> Written:
    w = Written(path, legend={"★": "实质性要求", "▲": "重要技术参数"},
                deviation_headers=("序号", "条款号", "招标要求", "投标响应", "偏离情况", "备注"))
    e = w.expected.append
    e(Expect("1", "★", "requirement", "核心交换机须支持虚拟化集群"))
    e(Expect("2", "", "requirement", "所有设备应支持IPv4/IPv6双栈"))
    e(Expect("3", "▲", "requirement", "提供三年原厂维保服务"))
    e(Expect("1", "★", "requirement", "交换容量≥100Tbps", category="核心交换机"))
    e(Expect("2", "▲", "requirement", "支持不少于48个100GE端口", category="核心交换机"))
    e(Expect("3", "", "requirement", "可管理AP数量不少于2000个", category="无线控制器"))
    e(Expect("3.5", "▲", "requirement", "无线接入点须支持Wi-Fi 7标准"))
    e(Expect("", "", "scoring", "全部满足得40分", points=40, category="技术响应"))
    e(Expect("", "", "scoring", "每提供一个同类项目业绩得2分", points=10, category="业绩"))
    w.not_requirements += ["投标人应当于2026年7月1日前", "投标人须对★条款逐条响应", "本项目采用交钥匙方式建设",
                           "标有“★”号的条款"]
    return w


def soffice_convert(source: Path, target: str, outdir: Path, profile: Path) -> Path:
    """``soffice --headless --convert-to`` with a profile of its own; the converted file."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    assert binary, "LibreOffice (soffice) is installed by scripts/setup.sh"
    subprocess.run([binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", target,
                    "--outdir", str(outdir), str(source)], check=True, capture_output=True, timeout=180)
    out = outdir / (source.stem + "." + target.split(":")[0])
    assert out.is_file(), f"soffice did not write {out}"
    return out


def write_libre_tender(folder: Path, profile: Path) -> Written:
    """The HTML tender above, converted to .docx by LibreOffice (its lists become Word numbering)."""
    html = folder / "libre_tender.html"
    html.write_text(LIBRE_TENDER_HTML, encoding="utf-8")
    return libre_expected(soffice_convert(html, "docx:MS Word 2007 XML", folder, profile))


# --- hostile files ------------------------------------------------------------------------------

def write_zip_bomb_docx(path: Path, source: Path) -> Path:
    """A real .docx with one member that unpacks 1000:1 to 300 MB."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        with zout.open("word/media/padding.bin", "w", force_zip64=True) as fh:
            block = b"\0" * (1024 * 1024)
            for _ in range(300):
                fh.write(block)
    return path


def write_dtd_docx(path: Path, source: Path) -> Path:
    """A .docx whose document.xml declares entities (the "billion laughs" shape)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>', 1)
            zout.writestr(copy.copy(item), data)
    return path


def write_encrypted_docx(path: Path) -> Path:
    """What Word writes for a password-protected .docx: an OLE compound file holding the
    EncryptionInfo and EncryptedPackage streams (their directory names in UTF-16)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    directory = "EncryptionInfo".encode("utf-16-le").ljust(128, b"\0") + \
        "EncryptedPackage".encode("utf-16-le").ljust(128, b"\0")
    path.write_bytes(header + directory + b"\0" * 4096)
    return path


def write_many_paragraphs_docx(path: Path, count: int) -> Path:
    d = docx.Document()
    body = d.element.body
    template = d.add_paragraph("投标人须提供相应证明材料。")._p
    for _ in range(count):
        body.append(copy.deepcopy(template))
    d.save(str(path))
    return path
