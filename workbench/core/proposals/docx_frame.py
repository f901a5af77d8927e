"""The page around the text: the cover (logo, title, DRAFT mark), and on every other page the
header (title, customer, confidential, the DRAFT mark) and footer (page X of Y)."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt, RGBColor

from workbench.core.company import CompanyProfile
from workbench.core.knowledge.language import document_script
from workbench.core.proposals.docx_toc import add_field
from workbench.core.proposals.textwidth import break_lines

log = logging.getLogger(__name__)
DRAFT_RED = RGBColor(0xC0, 0x39, 0x2B)
TITLE_SIZES_PT = (26.0, 24.0, 22.0)  # the cover title, smaller when it would take over two lines


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    customer: str
    number: str
    author: str
    date: str
    language: str  # zh-Hans, zh-Hant or en
    draft: bool
    image_root: Path | None = None  # images are read only from below this folder
    company: CompanyProfile = field(default_factory=CompanyProfile)

    @property
    def zh(self) -> bool:
        return self.language.startswith("zh")

    @property
    def traditional(self) -> bool:
        """Written in Traditional characters (a Taiwan or Hong Kong customer's document)."""
        return document_script(self.language) == "zh-Hant"


_WORDS = {
    "zh-Hans": {"confidential": "商业机密", "draft": "草稿 DRAFT — 未经评审批准", "page": "第 {PAGE} 页 / 共 {NUMPAGES} 页",
                "toc": "目录", "toc_hint": "（打开文档时更新目录）", "customer": "客户", "number": "编号",
                "author": "编写", "date": "日期"},
    # Taiwan's words where they differ (審查 for review, 開啟 for open, 撰寫 for prepared by)
    "zh-Hant": {"confidential": "商業機密", "draft": "草稿 DRAFT — 未經審查核准", "page": "第 {PAGE} 頁 / 共 {NUMPAGES} 頁",
                "toc": "目錄", "toc_hint": "（開啟文件時更新目錄）", "customer": "客戶", "number": "編號",
                "author": "撰寫", "date": "日期"},
    "en": {"confidential": "Confidential", "draft": "DRAFT — not approved in review",
           "page": "Page {PAGE} of {NUMPAGES}", "toc": "Contents", "toc_hint": "(update the table of contents)",
           "customer": "Customer", "number": "Number", "author": "Prepared by", "date": "Date"},
}


def document_words(info: DocumentInfo) -> dict[str, str]:
    return _WORDS[document_script(info.language)]


def header_footer(document: Any, info: DocumentInfo) -> None:
    """Header and footer on every page but the cover (a first page of its own, left empty)."""
    words = document_words(info)
    for section in document.sections:
        section.different_first_page_header_footer = True
        for blank in (section.first_page_header, section.first_page_footer):
            blank.is_linked_to_previous = False
            for paragraph in blank.paragraphs:
                paragraph.text = ""
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.style = document.styles["Header"]
        paragraph.text = ""
        with_customer = info.customer and info.customer not in info.title
        paragraph.add_run(f"{info.title} · {info.customer}" if with_customer else info.title)
        # one right-aligned stop at the text's edge instead of the style's centre/right pair,
        # so a long title does not push "confidential" onto a line of its own
        tabs = paragraph.paragraph_format.tab_stops
        for stop in document.styles["Header"].paragraph_format.tab_stops:
            tabs.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
        tabs.add_tab_stop(section.page_width - section.left_margin - section.right_margin, WD_TAB_ALIGNMENT.RIGHT)
        paragraph.add_run("\t" + words["confidential"])
        if info.draft:
            mark = header.add_paragraph(style=document.styles["Header"])
            mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = mark.add_run(words["draft"])
            run.bold = True
            run.font.size = Pt(12)
            run.font.color.rgb = DRAFT_RED
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = document.styles["Footer"]
        paragraph.text = ""
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        before, rest = words["page"].split("{PAGE}")
        middle, after = rest.split("{NUMPAGES}")
        paragraph.add_run(before)
        add_field(paragraph, "PAGE")
        paragraph.add_run(middle)
        add_field(paragraph, "NUMPAGES")
        paragraph.add_run(after)


def cover(doc: Any, info: DocumentInfo, new_paragraph: Callable[[str], Any]) -> None:
    """Logo, title (broken between words, never inside one), DRAFT mark; the template's opening
    block (customer, number, date) follows on the cover, and the company's name and address
    close it (the writer's ``end_cover``)."""
    words = document_words(info)
    section = doc.sections[0]
    usable = (section.page_width - section.left_margin - section.right_margin) / 12700
    logo = info.company.logo
    if logo:
        try:
            doc.add_paragraph().add_run().add_picture(io.BytesIO(logo), height=Cm(1.6))
        except Exception:  # an image python-docx cannot read: the cover goes without it
            log.exception("company logo could not be placed on the cover")
    for _ in range(4 if logo else 6):
        doc.add_paragraph()
    title = new_paragraph("Title")
    size = next((s for s in TITLE_SIZES_PT if len(break_lines(info.title, s, usable, True)) <= 2), TITLE_SIZES_PT[-1])
    for n, line in enumerate(break_lines(info.title, size, usable, True)):
        if n:
            title.add_run().add_break()
        run = title.add_run(line)
        if size != TITLE_SIZES_PT[0]:
            run.font.size = Pt(size)
    if info.draft:
        mark = new_paragraph("Subtitle")
        run = mark.add_run(words["draft"])
        run.bold = True
        run.font.color.rgb = DRAFT_RED
    doc.add_paragraph()
