"""Write the demo customer documents a new user answers on the Responses screen:

- ``smart-park-tender-zh.docx``: a municipal 智慧园区综合管理平台 tender (招标文件) with an invitation,
  instructions carrying the ★/▲ legend, numbered requirement clauses in paragraphs, a 技术参数表 with a
  ★/▲ column, commercial terms, a 评分标准 table and the bid format with an empty 技术偏离表;
- ``security-questionnaire-en.xlsx``: a vendor security questionnaire (30 questions in 5 categories,
  an Answer drop-down, an Instructions sheet).

Both are written for the demo knowledge base in ``knowledge/`` (the company 云策科技 and its five
products): most requirements have an answer there (``ANSWERED_BY`` names the item), a few do not.
Everything is fictional. Usage: ``python scripts/make_demo_tenders.py [OUT_DIR]`` (default: the
package's ``workbench/demo/tenders``)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from workbench.core.paths import demo_tenders_dir

TENDER_FILE = "smart-park-tender-zh.docx"
QUESTIONNAIRE_FILE = "security-questionnaire-en.xlsx"
ISSUED = dt.datetime(2026, 11, 20, 9, 0, 0)
PROJECT = "滨江高新区智慧园区综合管理平台建设项目"
BUYER = "滨江市高新技术产业开发区管理委员会"
AGENT = "滨江市公共资源交易中心"
NUMBER = "BJGX-2026-ZB-0386"

# clause -> the demo knowledge item that answers it (the few without one are left out on purpose)
ANSWERED_BY = {
    "3.1.1": "faq-private-deployment", "3.1.2": "faq-xinchuang-certification", "3.2.1": "faq-iot-device-capacity",
    "3.2.2": "faq-iot-protocols", "3.2.3": "faq-iot-edge-offline", "3.3.1": "faq-iot-digital-twin",
    "3.3.2": "faq-bi-concurrency", "3.4.1": "faq-mlps-level3", "3.4.2": "faq-sm4-encryption",
    "3.4.3": "faq-audit-log", "3.4.4": "faq-backup-rpo-rto", "3.5.1": "faq-lowcode-data-permission",
    "3.5.4": "faq-chatbot-llm-private", "4.1": "faq-implementation-timeline", "4.3": "faq-72h-response",
    "4.4": "faq-training-plan",
    "AC-01": "faq-sso-ldap-en", "AC-02": "faq-sso-ldap-en", "DP-04": "faq-gdpr-data-residency-en",
    "DP-05": "faq-data-export-exit-en", "BC-01": "faq-backup-rpo-rto", "BC-03": "faq-sla-availability",
    "AS-01": "faq-pen-test-en", "AS-05": "faq-api-rate-limits-en", "CP-01": "faq-soc2-report-en",
    "CP-03": "faq-healthcare-privacy-en", "CP-04": "faq-audit-log",
}

REQUIREMENTS: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("3.1 平台总体要求", [
        ("★", "3.1.1", "平台须采用微服务架构，支持私有化部署于采购人机房，支持 Kubernetes 1.24 及以上版本容器化部署，"
                       "且不依赖任何境外互联网服务。"),
        ("▲", "3.1.2", "平台应支持信创环境：鲲鹏或海光 CPU、银河麒麟或统信 UOS 操作系统、达梦 DM8 或人大金仓数据库，"
                       "投标人须提供兼容性互认证书。"),
        ("", "3.1.3", "系统年可用性不低于 99.9%，核心服务双机热备，单节点故障切换时间不超过 30 秒。"),
    ]),
    ("3.2 物联网接入", [
        ("★", "3.2.1", "平台须支持不少于 500,000 台物联网终端同时在线，测点写入能力不低于 500,000 点/秒。"),
        ("▲", "3.2.2", "支持 MQTT、Modbus TCP、OPC UA、BACnet、HTTP 等协议接入，提供驱动开发工具包，"
                       "非标设备应在 2 周内完成适配。"),
        ("", "3.2.3", "边缘网关在断网时本地缓存不少于 7 天数据，网络恢复后按时间顺序断点续传。"),
    ]),
    ("3.3 数字孪生与可视化", [
        ("▲", "3.3.1", "支持导入 BIM（IFC）模型与倾斜摄影数据，构建园区、楼宇、设备三级孪生场景，告警可在场景中定位。"),
        ("", "3.3.2", "提供园区综合态势大屏，数据刷新周期不大于 5 秒。"),
    ]),
    ("3.4 安全与运维", [
        ("★", "3.4.1", "系统须满足网络安全等级保护第三级要求，投标人须提供本产品等保三级测评报告或备案证明。"),
        ("▲", "3.4.2", "身份证号、手机号等敏感数据须采用 SM4 国密算法加密存储，传输采用国密 HTTPS。"),
        ("", "3.4.3", "操作日志在线保存不少于 6 个月，实行系统管理员、安全管理员、审计管理员三员分立。"),
        ("", "3.4.4", "数据备份 RPO ≤ 15 分钟，RTO ≤ 4 小时，每季度进行一次恢复演练。"),
    ]),
    ("3.5 应用功能", [
        ("", "3.5.1", "提供低代码配置工具，园区管理人员可自行配置巡检表单与审批流程，并按部门设置行级、字段级数据权限。"),
        ("", "3.5.2", "支持访客预约、车辆道闸、能耗分项计量与安防告警联动，能耗数据按楼宇、楼层、租户三级统计。"),
        ("", "3.5.3", "须与园区现有一卡通系统（海康威视 iVMS-8700）及财政非税缴费平台对接。"),
        ("▲", "3.5.4", "提供面向入园企业的智能客服，支持大模型私有化部署，数据不出园区网络。"),
    ]),
]

PARAMETERS = [  # 序号, 指标项, 技术参数要求, 重要性
    ("1", "设备接入容量", "在线设备 ≥ 500,000 台，可水平扩展", "★"),
    ("2", "端到端时延", "终端数据上报至平台展示 P99 < 1 秒", "▲"),
    ("3", "历史数据查询", "单设备一年历史数据查询 < 3 秒", ""),
    ("4", "并发访问", "1,000 用户并发访问，常用页面响应 < 2 秒", "▲"),
    ("5", "数据保存", "原始测点数据在线保存不少于 3 年", ""),
    ("6", "开放接口", "提供 RESTful API（OpenAPI 3.0），不少于 200 个", ""),
]

COMMERCIAL = [
    ("★", "4.1", "交付工期：合同签订后 180 日历日内完成建设并通过初步验收。"),
    ("", "4.2", "质保期：自终验合格之日起免费质保 3 年，质保期内免费升级。"),
    ("▲", "4.3", "售后服务：提供 7×24 小时技术支持，P1 级故障 30 分钟内响应、4 小时内恢复，72 小时内提交书面根因分析报告。"),
    ("", "4.4", "培训：为采购人提供不少于 2 天的管理员现场培训及一线人员分批培训，并提供培训录像与操作手册。"),
    ("", "4.5", "本项目预算金额为人民币 4,860,000.00 元（大写：肆佰捌拾陆万元整），投标报价超过预算金额的投标无效。"),
]

SCORING = [  # 序号, 评分项, 分值, 评分细则
    ("1", "价格", "30", "满足招标文件要求且投标价格最低的投标报价为评标基准价，其价格分为满分；其他投标人的价格分统一按照"
                       "下列公式计算：投标报价得分 =（评标基准价 / 投标报价）× 30。"),
    ("2", "技术方案", "25", "总体架构、物联网接入、数字孪生与安全方案完整且切合园区实际的得 19–25 分；基本完整的得 10–18 分；"
                          "有明显缺陷的得 0–9 分。"),
    ("3", "技术参数响应", "20", "全部满足得 20 分；“▲”条款每负偏离一项扣 3 分，其他条款每负偏离一项扣 1 分，扣完为止。"),
    ("4", "类似项目业绩", "10", "近三年每提供一个物联网平台或智慧园区类项目业绩得 2 分，最高 10 分（提供合同关键页复印件）。"),
    ("5", "售后服务与培训", "10", "服务响应时间、驻场安排与培训计划合理可行的得 6–10 分，一般的得 0–5 分。"),
    ("6", "信创与安全资质", "5", "提供信创兼容性互认证书得 3 分；提供等保三级测评报告得 2 分。"),
]

DEVIATION_HEADERS = ("序号", "招标文件条款号", "招标文件技术要求", "投标文件响应", "偏离情况", "说明", "证明材料及页码")


def _fonts(document: docx.document.Document) -> None:
    """宋体 for text, 黑体 for headings, as a procurement centre's template has them."""
    for name, east_asian, size in (("Normal", "宋体", 12), ("Title", "黑体", 22), ("Heading 1", "黑体", 16),
                                   ("Heading 2", "黑体", 14), ("Heading 3", "黑体", 12)):
        style = document.styles[name]
        style.font.size = Pt(size)
        style.font.name = "Times New Roman"
        if name != "Normal":
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.font.bold = True
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        fonts.set(qn("w:eastAsia"), east_asian)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
    document.styles["Heading 1"].paragraph_format.page_break_before = True  # each chapter on a page of its own
    document.styles["Normal"].paragraph_format.space_after = Pt(4)
    document.styles["Normal"].paragraph_format.line_spacing = 1.25


def _page(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)


def _cell_text(cell: docx.table._Cell, text: str, bold: bool = False, center: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(10.5)


def _table(document: docx.document.Document, headers: tuple[str, ...], rows: list[tuple[str, ...]],
           widths_cm: tuple[float, ...], center_columns: tuple[int, ...] = ()) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for n, header in enumerate(headers):
        _cell_text(table.rows[0].cells[n], header, bold=True, center=True)
    header_row = table.rows[0]._tr.get_or_add_trPr()
    header_row.append(OxmlElement("w:tblHeader"))
    for values in rows:
        row = table.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row never breaks across pages
        cells = row.cells
        for n, value in enumerate(values):
            _cell_text(cells[n], value, center=n in center_columns)
    table.autofit = False
    for n, width in enumerate(widths_cm):
        table.columns[n].width = Cm(width)  # the grid, which LibreOffice reads
        for cell in table.columns[n].cells:
            cell.width = Cm(width)


def _clause(document: docx.document.Document, mark: str, clause: str, text: str) -> None:
    paragraph = document.add_paragraph()
    if mark:
        star = paragraph.add_run(mark)
        star.bold = True
        star.font.color.rgb = RGBColor(0xC0, 0, 0)
    paragraph.add_run(f"{clause} {text}")


def _cover(document: docx.document.Document) -> None:
    for _ in range(5):
        document.add_paragraph()
    for text, size in ((PROJECT, 22), ("招 标 文 件", 26)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
    for _ in range(6):
        document.add_paragraph()
    for line in (f"项目编号：{NUMBER}", f"采 购 人：{BUYER}", f"采购代理机构：{AGENT}", "二〇二六年十一月"):
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _invitation(document: docx.document.Document) -> None:
    document.add_heading("第一章 投标邀请", level=1)
    for text in (
        f"{AGENT}受{BUYER}委托，就{PROJECT}进行公开招标，欢迎符合条件的供应商参加投标。",
        f"一、项目编号：{NUMBER}；预算金额：人民币 4,860,000.00 元。",
        "二、采购内容：智慧园区综合管理平台软件（物联网接入、数字孪生、安全运维与应用功能）及实施、培训、质保服务。",
        "三、投标截止时间及开标时间：2026 年 12 月 18 日 9 时 30 分（北京时间）。",
        "四、获取招标文件及投标地点：滨江市公共资源交易中心电子交易平台。",
    ):
        document.add_paragraph(text)


def _instructions(document: docx.document.Document) -> None:
    document.add_heading("第二章 投标人须知", level=1)
    document.add_heading("一、标记说明", level=2)
    document.add_paragraph("本招标文件中标注“★”的条款为实质性条款，投标人必须全部满足，任何一项负偏离或不响应将导致投标无效；"
                           "标注“▲”的条款为重要技术指标，不满足的将按第四章评分标准扣分；未标注的为一般条款。")
    document.add_heading("二、投标文件的编制", level=2)
    for text in (
        "1. 投标人应按第五章规定的格式编制投标文件，逐条响应第三章采购需求的全部条款。",
        "2. 投标人应在《技术偏离表》中逐条填写响应内容和偏离情况；对带“★”的条款，须提供证明材料并注明其在投标文件中的页码。",
        "3. 投标文件有效期为自投标截止之日起 90 日。",
        "4. 投标保证金为人民币 50,000.00 元，应于投标截止时间前到达指定账户。",
    ):
        document.add_paragraph(text)


def _requirements(document: docx.document.Document) -> None:
    document.add_heading("第三章 采购需求", level=1)
    document.add_heading("一、项目概况", level=2)
    document.add_paragraph("滨江高新区现有入园企业 420 家、楼宇 36 栋，安防、能耗、停车等子系统分散建设、数据不通。"
                           "本项目建设统一的智慧园区综合管理平台，实现设备统一接入、园区态势一屏掌握、事件闭环处置。")
    document.add_heading("二、技术要求", level=2)
    for section, clauses in REQUIREMENTS:
        document.add_heading(section, level=3)
        for mark, clause, text in clauses:
            _clause(document, mark, clause, text)
    document.add_heading("三、技术参数表", level=2)
    _table(document, ("序号", "指标项", "技术参数要求", "重要性"), PARAMETERS, (1.4, 3.2, 9.0, 2.0), (0, 3))
    document.add_paragraph("注：重要性一栏标注“★”的为实质性指标，标注“▲”的为重要指标。")
    document.add_heading("四、商务要求", level=2)
    for mark, clause, text in COMMERCIAL:
        _clause(document, mark, clause, text)


def _scoring(document: docx.document.Document) -> None:
    document.add_heading("第四章 评分标准", level=1)
    document.add_paragraph("本项目采用综合评分法，满分 100 分。评标委员会按下表对通过资格性和符合性审查的投标文件进行评分。")
    _table(document, ("序号", "评分项", "分值", "评分细则"), SCORING, (1.4, 3.0, 1.6, 10.0), (0, 2))


def _formats(document: docx.document.Document) -> None:
    document.add_heading("第五章 投标文件格式", level=1)
    document.add_heading("格式一 投标函", level=2)
    for text in (f"致：{BUYER}",
                 f"我方已仔细研究{PROJECT}招标文件（项目编号：{NUMBER}）的全部内容，愿意以人民币（大写）________元"
                 "（¥________）的投标总报价，按招标文件的要求提供全部货物和服务。",
                 "投标人（盖章）：____________", "法定代表人或授权代表（签字）：____________"):
        document.add_paragraph(text)
    document.add_heading("格式二 技术偏离表", level=2)
    document.add_paragraph("投标人应对照第三章采购需求逐条填写下表，偏离情况填写“正偏离”“无偏离”或“负偏离”。")
    _table(document, DEVIATION_HEADERS, [("",) * 7 for _ in range(3)], (1.2, 2.0, 3.6, 3.2, 1.9, 1.9, 2.2))
    signature = document.add_paragraph("投标人（盖章）：____________　　　日期：______年____月____日")
    signature.paragraph_format.space_before = Pt(12)


def write_tender(out: Path) -> Path:
    document = docx.Document()
    _fonts(document)
    _page(document)
    _cover(document)
    _invitation(document)
    _instructions(document)
    _requirements(document)
    _scoring(document)
    _formats(document)
    props = document.core_properties
    props.author = props.last_modified_by = AGENT
    props.title = f"{PROJECT} 招标文件"
    props.created = props.modified = ISSUED
    props.comments = ""
    props.revision = 3
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))
    return out


QUESTIONS: list[tuple[str, str, list[str]]] = [
    ("AC", "Access Control", [
        "Does the service support single sign-on with SAML 2.0 or OpenID Connect?",
        "Can user accounts be provisioned and de-provisioned automatically (e.g. SCIM or LDAP/AD sync)?",
        "Is multi-factor authentication enforced for all administrative access?",
        "Are access rights reviewed at least quarterly and are the reviews documented?",
        "Is role-based access control available down to record and field level?",
        "Are privileged actions by your support staff logged and visible to us?",
    ]),
    ("DP", "Data Protection", [
        "Is customer data encrypted at rest? State the algorithm and key length.",
        "Is data encrypted in transit with TLS 1.2 or higher?",
        "Who manages the encryption keys, and can we bring our own keys (BYOK)?",
        "In which countries are our data, backups and logs stored?",
        "Can we export all of our data at any time and after the contract ends?",
        "How and when is our data deleted after termination? Do you issue a deletion certificate?",
    ]),
    ("BC", "Business Continuity", [
        "What are your RPO and RTO for the production service?",
        "How often are backups restored in a test, and can we see the results?",
        "What availability do you commit to in the SLA, and what are the service credits?",
        "Do you operate a secondary site in a different region for disaster recovery?",
        "How and how quickly are customers notified of an incident affecting their data?",
        "Is there a documented business continuity plan, tested at least annually?",
    ]),
    ("AS", "Application Security", [
        "Is the platform penetration-tested by an independent firm? How often?",
        "May we perform our own penetration test against a dedicated tenant?",
        "Do you run a public bug bounty or vulnerability disclosure programme?",
        "Is static and dependency scanning part of your build pipeline?",
        "Are API calls authenticated with OAuth 2.0 and rate-limited per tenant?",
        "Within what time are critical vulnerabilities fixed?",
    ]),
    ("CP", "Compliance & Privacy", [
        "Do you hold a current SOC 2 Type II report or ISO 27001 certificate? Please attach.",
        "Will you sign our Data Processing Agreement (DPA)?",
        "How do you support data-subject access and erasure requests (GDPR, PDPA, PIPL)?",
        "Are all access and changes to customer data recorded in a tamper-proof audit log?",
        "Do you carry out background checks on employees with access to customer data?",
        "List the sub-processors that may process our data and their locations.",
    ]),
]
ANSWERS = ("Yes", "No", "Partial", "N/A")
INSTRUCTIONS = [
    "Harbourline Logistics Ltd. — Vendor Security Assessment (VSA-2026)",
    "",
    "1. Answer every question on the sheet \"Questionnaire\".",
    "2. Choose Yes, No, Partial or N/A in the Answer column (drop-down). Do not change the question text or IDs.",
    "3. Explain every Partial or No answer in Comments, and describe compensating controls where they exist.",
    "4. Name the supporting document in Evidence (policy, report, certificate) and attach it to your reply.",
    "5. Return the completed workbook to vendor-risk@harbourline.example by 15 January 2027.",
    "",
    "Answers form part of the contract. Incomplete questionnaires are scored as non-compliant.",
]


def write_questionnaire(out: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Questionnaire"
    sheet.append(["ID", "Category", "Question", "Answer", "Comments", "Evidence"])
    for prefix, category, questions in QUESTIONS:
        for n, question in enumerate(questions, start=1):
            sheet.append([f"{prefix}-{n:02d}", category, question, None, None, None])
    header_fill = PatternFill("solid", fgColor="1F4E78")
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
    rule = Side(style="thin", color="808080")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = Border(left=rule, right=rule, top=rule, bottom=rule)
    for column, width in zip("ABCDEF", (9, 22, 70, 11, 50, 30), strict=True):
        sheet.column_dimensions[column].width = width
    for row in range(2, sheet.max_row + 1):  # room for a two-line question and the vendor's comments
        sheet.row_dimensions[row].height = 32
    sheet.freeze_panes = "A2"
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "1:1"
    last = sheet.max_row
    validation = DataValidation(type="list", formula1='"' + ",".join(ANSWERS) + '"', allow_blank=True)
    validation.error = "Choose Yes, No, Partial or N/A"
    validation.showErrorMessage = True
    validation.add(f"D2:D{last}")
    sheet.add_data_validation(validation)
    notes = workbook.create_sheet("Instructions")
    for line in INSTRUCTIONS:
        notes.append([line])
    notes["A1"].font = Font(bold=True, size=13)
    notes.column_dimensions["A"].width = 110
    props = workbook.properties
    props.creator = props.lastModifiedBy = "Harbourline Vendor Risk"
    props.title = "Vendor Security Assessment VSA-2026"
    props.created = props.modified = ISSUED
    out.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(str(out))
    return out


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else demo_tenders_dir()
    for path in (write_tender(folder / TENDER_FILE), write_questionnaire(folder / QUESTIONNAIRE_FILE)):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
