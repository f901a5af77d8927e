"""A response as .docx in the company's styles, through the proposal pipeline: the same reference
document, cover (title, customer, the company's name, logo and address), table of contents, header
and footer, table layout (column widths from the content, so no clause number, amount or ID is
broken), fonts Word finds on Windows and macOS, and document properties.

A tender gets its 技术偏离表 (in a landscape section when its columns need the width) and a 点对点应答
chapter; a questionnaire gets a "Responses" chapter, one table per category, in landscape."""

from __future__ import annotations

import copy
import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Emu
from docx.table import Table as DocxTable

from workbench.core.company import CompanyProfile
from workbench.core.proposals.catalog import shared_reference_docx
from workbench.core.proposals.docx_frame import DocumentInfo, header_footer
from workbench.core.proposals.docx_tables import BORDER_PT, CELL_MARGIN_PT, SLACK_PT, column_widths, lay_out
from workbench.core.proposals.docx_writer import BODY_SIZE_PT, build_docx
from workbench.core.proposals.escaping import escape_markdown
from workbench.core.proposals.export import _laid_out
from workbench.core.proposals.model import TOC_MARK
from workbench.core.proposals.textwidth import break_lines
from workbench.core.tender.answer_text import (
    Table,
    deviation_table,
    is_questionnaire,
    labels,
    lang_key,
    one_line,
    questionnaire_table,
    words_key,
)
from workbench.core.tender.docx_body import element_text
from workbench.core.tender.docx_write import let_long_rows_break
from workbench.core.tender.evidence_pages import fill_pages, keep_response_lines, link_evidence_pages
from workbench.core.tender.model import Mark, ResponseDocument
from workbench.core.tender.point_by_point import point_by_point_markdown

EMU_PER_PT = 12700
NARROWEST_TEXT_EM = 8.0  # a column of running text narrower than this many characters needs a wider page
STANDARD_LEGEND = {"zh": {"★": "实质性条款，任何一项负偏离即投标无效", "▲": "重要指标，不满足将扣分"},
                   "zh-Hant": {"★": "實質性條款，任何一項負偏離即投標無效", "▲": "重要指標，不滿足將扣分"},
                   "en": {"★": "substantive requirement: any negative deviation voids the bid",
                          "▲": "important requirement: not meeting it costs points"}}


def _markdown_table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(escape_markdown(one_line(c)) for c in cells) + " |"

    return "\n".join([line(headers), "|" + "---|" * len(headers), *(line(r) for r in rows)])


def _date(language: str) -> str:
    today = dt.date.today()
    if lang_key(language) == "zh":
        return f"{today.year}年{today.month}月{today.day}日"
    return f"{today:%B} {today.day}, {today.year}"


def _opening(doc: ResponseDocument, language: str) -> list[str]:
    """The cover's detail lines (the company's name and address close the cover on their own)."""
    words = labels(language)
    colon = "：" if lang_key(language) == "zh" else ": "
    # what the document is, under its title (the title is the tender's project name)
    if is_questionnaire(doc):
        lines = [f"**{words.get('responses', 'Responses')}**"]
    elif lang_key(language) == "zh":
        lines = [f"**{words['deviation_table']}及{words['point_by_point']}**"]
    else:
        lines = [f"**{words['deviation_table']} and {words['point_by_point'].lower()}**"]
    if doc.customer.strip():
        lines.append(f"**{words['customer']}**{colon}{escape_markdown(doc.customer.strip())}")
    lines.append(f"**{words['date']}**{colon}{_date(language)}")
    return [*lines, TOC_MARK]


def _legend(doc: ResponseDocument, language: str) -> str:
    """The marks the table uses, as the tender defines them (else the usual meaning)."""
    key = words_key(language)
    used = {r.mark.value for r in doc.rows if r.mark != Mark.NONE}
    if not used:
        return ""
    legend = {s: d for s, d in doc.legend.items() if s.strip() and d.strip()} or \
        {s: d for s, d in STANDARD_LEGEND[key].items() if s in used}
    zh = lang_key(language) == "zh"
    colon = "：" if zh else ": "
    items = ("；" if zh else "; ").join(f"{s}{colon}{one_line(d)}" for s, d in legend.items())
    return f"**{escape_markdown(labels(language)['legend'])}**{colon}{escape_markdown(items)}"


def tender_markdown(doc: ResponseDocument) -> tuple[str, str]:
    """The whole document as Markdown, and the chapter that may need a landscape page."""
    language = doc.language
    words = labels(language)
    table = deviation_table(doc)
    blocks = _opening(doc, language)
    blocks.append("# " + escape_markdown(words["deviation_table"]))
    legend = _legend(doc, language)
    if legend:
        blocks.append(legend)
    blocks.append(_markdown_table(table.headers, list(table.rows)))
    blocks.append("# " + escape_markdown(words["point_by_point"]))
    blocks.append(point_by_point_markdown(doc, language))
    return "\n\n".join(blocks) + "\n", words["deviation_table"]


def questionnaire_markdown(doc: ResponseDocument) -> tuple[str, str]:
    words = labels("en")
    table: Table = questionnaire_table(doc)
    blocks = [*_opening(doc, "en"), "# " + words["responses"]]
    headers = tuple(h for n, h in enumerate(table.headers) if n != 1)  # the category is the section heading
    categories: dict[str, list[tuple[str, ...]]] = {}
    for row in table.rows:
        categories.setdefault(row[1], []).append(tuple(c for n, c in enumerate(row) if n != 1))
    for category, rows in categories.items():
        if category and len(categories) > 1:
            blocks.append("## " + escape_markdown(category))
        blocks.append(_markdown_table(headers, rows))
    return "\n\n".join(blocks) + "\n", words["responses"]


def _needs_width(table: DocxTable) -> bool:
    """Whether the table, as the portrait layout set it (``lay_out``: column widths in its grid, a
    smaller size on its runs when its words did not fit), is cramped: set smaller than the body
    text, or a column of running text left narrower than a readable line."""
    sizes = [int(s.get(qn("w:val"))) / 2 for s in table._tbl.iter(qn("w:sz"))
             if s.getparent().getparent().tag == qn("w:r")]
    size = min(sizes, default=BODY_SIZE_PT)
    if size < BODY_SIZE_PT:
        return True
    texts = [[cell.text for cell in row.cells] for row in list(table.rows)[1:]]
    for n, column in enumerate(table.columns):
        running = any(len(row[n]) > 2 * NARROWEST_TEXT_EM for row in texts if n < len(row))
        if running and (column.width or 0) / EMU_PER_PT < NARROWEST_TEXT_EM * size:
            return True
    return False


def _end_section(before: Any, sect_pr: Any) -> None:
    """End a section just before the block ``before``: in the empty paragraph that stands there (the
    space after a table), else in a new one; set at 1 pt with no spacing, so that after a table that
    fills its page it does not start a blank page of its own."""
    previous = before.getprevious()
    if previous is not None and previous.tag == qn("w:p") and not element_text(previous).strip() \
            and previous.find(".//" + qn("w:br")) is None and (previous.pPr is None or previous.pPr.sectPr is None):
        paragraph = previous
    else:
        paragraph = OxmlElement("w:p")
        before.addprevious(paragraph)
    p_pr = paragraph.get_or_add_pPr()
    spacing = p_pr.get_or_add_spacing()  # the typed setters keep the schema's order of children
    for attr, value in (("w:before", "0"), ("w:after", "0"), ("w:line", "20"), ("w:lineRule", "exact")):
        spacing.set(qn(attr), value)
    p_pr._insert_sectPr(sect_pr)
    mark = p_pr.find(qn("w:rPr"))
    if mark is None:
        mark = OxmlElement("w:rPr")
        sect_pr.addprevious(mark)  # a paragraph mark's properties stand right before the sectPr
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)


def _strip_frame(sect_pr: Any) -> Any:
    """A section's properties without its own header/footer parts and first-page flag (it gets
    fresh ones)."""
    for child in list(sect_pr):
        if child.tag in (qn("w:headerReference"), qn("w:footerReference"), qn("w:titlePg")):
            sect_pr.remove(child)
    return sect_pr


def _heading(document: Any, text: str) -> Any | None:
    for paragraph in document.paragraphs:
        if paragraph.style is not None and paragraph.style.name == "Heading 1" and paragraph.text == text:
            return paragraph._p
    return None


def landscape_chapter(document: Any, title: str, info: DocumentInfo) -> bool:
    """Put the chapter headed ``title`` (to the next chapter) in a landscape section when one of its
    tables needs the width; its tables are laid out again for it. Returns whether it did."""
    start = _heading(document, title)
    if start is None:
        return False
    body = document.element.body
    blocks = list(body.iterchildren())
    at = blocks.index(start)
    end = next((b for b in blocks[at + 1:] if b.tag == qn("w:p") and b.pPr is not None and b.pPr.pStyle is not None
                and b.pPr.pStyle.val == start.pPr.pStyle.val), None)
    region = blocks[at:blocks.index(end)] if end is not None else blocks[at:-1]
    tables = [DocxTable(b, document._body) for b in region if b.tag == qn("w:tbl")]
    if not any(_needs_width(t) for t in tables):
        return False
    last = body.sectPr
    _end_section(start, copy.deepcopy(last))  # ends the portrait cover and contents
    wide = _strip_frame(copy.deepcopy(last))
    if end is not None:
        _end_section(end, wide)
        _strip_frame(last)
    else:
        body.replace(last, wide)
    landscape = Section(wide, document.part)
    width, height = int(landscape.page_width or 0), int(landscape.page_height or 0)
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = Emu(max(width, height)), Emu(min(width, height))
    header_footer(document, info)  # each new section its own header and footer, sized to its page
    for section in document.sections[1:]:
        section.different_first_page_header_footer = False
    usable = max(width, height) - int(landscape.left_margin or 0) - int(landscape.right_margin or 0)
    for table in tables:
        sizes = [s for s in table._tbl.iter(qn("w:sz"), qn("w:szCs")) if s.getparent().getparent().tag == qn("w:r")]
        for size in sizes:  # the portrait layout's smaller size, if it set one
            size.getparent().remove(size)
        lay_out(table, usable, 1, BODY_SIZE_PT)
    return True


def break_headers(table: DocxTable) -> None:
    """A header that takes two lines breaks between words ("招标文件 / 条款号"): left alone, LibreOffice
    and Word break Chinese between any two characters ("招标文件条 / 款号")."""
    for cell in table.rows[0].cells:
        paragraph = cell.paragraphs[0]
        runs = paragraph._p.findall(qn("w:r"))
        if len(cell.paragraphs) != 1 or not runs or paragraph._p.find(".//" + qn("w:br")) is not None:
            continue
        sizes = [int(s.get(qn("w:val"))) / 2 for s in paragraph._p.iter(qn("w:sz"))]
        size = min(sizes, default=BODY_SIZE_PT)
        room = (cell.width or 0) / EMU_PER_PT - 2 * CELL_MARGIN_PT - BORDER_PT - SLACK_PT
        lines = break_lines(cell.text, size, room, bold=True)
        if len(lines) < 2 or room <= 0:
            continue
        style = runs[0].find(qn("w:rPr"))
        for run in runs:
            paragraph._p.remove(run)
        for n, line in enumerate(lines):
            run = paragraph.add_run()
            if style is not None:
                run._r.insert(0, copy.deepcopy(style))
            if n:
                run.add_break()
            run.add_text(line)


def document_info(doc: ResponseDocument, company: CompanyProfile, author: str | None) -> DocumentInfo:
    language = "en" if is_questionnaire(doc) else doc.language
    return DocumentInfo(title=doc.title, customer=doc.customer, number="", author=author or company.name,
                        date=_date(language), language=language, draft=False, company=company)


def same_widths(document: Any, tables: list[DocxTable]) -> None:
    """One set of column widths for tables of the same columns (a questionnaire's category tables),
    measured over all their cells, so that the columns line up from one table to the next."""
    if len(tables) < 2 or len({len(t.columns) for t in tables}) != 1:
        return
    if any(s.getparent().getparent().tag == qn("w:r") for t in tables for s in t._tbl.iter(qn("w:sz"))):
        return  # a table set smaller than the body keeps its own layout
    cells = [[(cell.text, n == 0) for cell in row.cells] for t in tables for n, row in enumerate(t.rows)]
    section = document.sections[-1]
    usable = float(section.page_width - section.left_margin - section.right_margin) / EMU_PER_PT
    widths, size = column_widths(cells, len(tables[0].columns), usable - 2 * CELL_MARGIN_PT)
    if size < BODY_SIZE_PT:
        return
    for table in tables:
        for n, column in enumerate(table.columns):
            column.width = Emu(int(widths[n] * EMU_PER_PT))
            for cell in column.cells:
                cell.width = Emu(int(widths[n] * EMU_PER_PT))


def write_docx(doc: ResponseDocument, out: Path, company: CompanyProfile, author: str | None = None) -> Path:
    info = document_info(doc, company, author)
    markdown, wide_chapter = questionnaire_markdown(doc) if is_questionnaire(doc) else tender_markdown(doc)
    written = build_docx(markdown, shared_reference_docx(), info)
    landscape_chapter(written.document, wide_chapter, info)
    if is_questionnaire(doc):
        same_widths(written.document, list(written.document.tables))
    for table in written.document.tables:
        break_headers(table)
        let_long_rows_break(table._tbl)
    if not is_questionnaire(doc):
        keep_response_lines(written, doc)
    shown = {} if is_questionnaire(doc) else link_evidence_pages(written, doc)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wb-tender-") as tmp:
        _laid_out(written, info, Path(tmp), None)  # the contents' page numbers from a layout pass
    fill_pages(shown, written)
    written.save(out)
    return out
