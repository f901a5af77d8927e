"""Builders for the files people import: Markdown, CSV in several encodings, .xlsx, .docx,
and hostile ones (zip bombs, XML entities, junk)."""

from __future__ import annotations

import zipfile
from pathlib import Path

MD_CASE = """---
id: case-edu-wechat-leads
kind: case
title: "某职业教育集团：企业微信线索自动分配，转化率提升 37%"
industry: education
product: CRM
tags: [企业微信, 线索, 私有化部署]
customer: 华东某职业教育集团
owner: 张伟
review_by: 2027-06-30
---
## 客户背景

华东某职业教育集团，12 个校区，每月 3 万条线索。

## 成果

线索 5 分钟内分配，转化率提升 37%。
"""

MD_FAQ_EN = """---
kind: faq
title: Can the platform be deployed on-premise?
industry: finance
product: CRM
tags: [on-premise, Kubernetes]
---
Yes. We ship a Helm chart for Kubernetes 1.24+ and support air-gapped installs.
"""

MD_OBJECTION_ZHT = """---
id: objection-price-zht
kind: objection
title: 競品降價三成，你們的報價太高了
industry: retail
tags: [報價, 競品]
---
**認同**：理解您對預算的關注。

**回應**：請比較三年總體擁有成本（TCO）。
"""


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def markdown_folder(folder: Path) -> Path:
    write(folder / "case-edu-wechat-leads.md", MD_CASE)
    write(folder / "faqs" / "faq-on-premise.md", MD_FAQ_EN)
    write(folder / "objections" / "price.md", MD_OBJECTION_ZHT)
    return folder


FAQ_CSV_ZH = "问题,回答,标签,行业,产品\n是否支持国密 SM4？,支持 SM2/SM3/SM4。,国密;数据安全,finance,CRM\n能否私有化部署？,可以，提供离线安装包。,私有化部署,healthcare,客服云\n"
FAQ_CSV_EN = "Question,Answer,Tags,Industry,Product\nDo you support SSO?,\"Yes: SAML 2.0, OIDC and LDAP.\",SSO,saas,CRM\n"
OBJECTION_CSV_ZH = "客户异议,应对话术,标签\n你们的实施周期太长,标准版 6 周上线，附里程碑计划。,实施周期\n"


def docx_case(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("某城商行数据治理项目复盘", level=1)
    document.add_paragraph("客户背景", style="Heading 2")
    para = document.add_paragraph("一家资产规模 ")
    para.add_run("2000 亿").bold = True
    para.add_run(" 的城商行，需要满足 EAST 监管报送。")
    document.add_paragraph("数据标准 1200 项", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "指标"
    table.cell(0, 1).text = "结果"
    table.cell(1, 0).text = "报送差错率"
    table.cell(1, 1).text = "下降 85%"
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def xlsx_faq(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["FAQ 清单（2026）"])
    sheet.append(["问题", "答案", "标签", "行业"])
    sheet.append(["SLA 是多少？", "99.95%，按月统计，未达标按比例赔付。", "SLA", "saas"])
    sheet.append(["P1 故障多久响应？", "30 分钟响应，72小时内提交根因报告。", "SLA, 服务", "energy"])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(str(path))
    return path


def zip_bomb_docx(path: Path) -> Path:
    """A small file that would inflate to hundreds of MB."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):
                fh.write(chunk)
    return path


def entity_docx(path: Path, valid_source: Path) -> Path:
    """A real .docx whose document part declares entities (billion laughs)."""
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    with zipfile.ZipFile(valid_source) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                text = laughs + text[text.index("?>") + 2 :]
                data = text.encode("utf-8")
            dst.writestr(info, data)
    return path
