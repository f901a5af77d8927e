"""Markdown → .docx on the company's reference document: its styles, numbering and page setup,
with a cover, a table of contents field, header and footer (title, customer, confidential,
page X of Y), the DRAFT mark, and an East Asian font on every style used."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from markdown_it import MarkdownIt
from markdown_it.token import Token

from workbench.core.proposals.model import PAGEBREAK, TOC_MARK

EAST_ASIAN = "Noto Sans CJK SC"
DRAFT_RED = RGBColor(0xC0, 0x39, 0x2B)
MAX_IMAGE_BYTES = 10 * 1024 * 1024
KEEP_TABLE_TOGETHER = 15  # rows; longer tables may break (their header row repeats)


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    customer: str
    number: str
    author: str
    date: str
    language: str  # zh-Hans or en
    draft: bool
    image_root: Path | None = None  # images are read only from below this folder

    @property
    def zh(self) -> bool:
        return self.language.startswith("zh")


def _words(info: DocumentInfo) -> dict[str, str]:
    if info.zh:
        return {"confidential": "商业机密", "draft": "草稿 DRAFT — 未经评审批准", "page": "第 {PAGE} 页 / 共 {NUMPAGES} 页",
                "toc": "目录", "toc_hint": "（打开文档时更新目录）", "customer": "客户", "number": "编号",
                "author": "编写", "date": "日期"}
    return {"confidential": "Confidential", "draft": "DRAFT — not approved in review",
            "page": "Page {PAGE} of {NUMPAGES}", "toc": "Contents", "toc_hint": "(update the table of contents)",
            "customer": "Customer", "number": "Number", "author": "Prepared by", "date": "Date"}


def _field(paragraph: Any, instruction: str, placeholder: str = "1") -> None:
    """A complex field (PAGE, NUMPAGES, TOC ...) with a cached result."""
    run = paragraph.add_run()
    for tag, attrs, text in (("w:fldChar", {"w:fldCharType": "begin"}, None),
                             ("w:instrText", {"xml:space": "preserve"}, f" {instruction} "),
                             ("w:fldChar", {"w:fldCharType": "separate"}, None)):
        el = OxmlElement(tag)
        for k, v in attrs.items():
            el.set(qn(k), v)
        if text:
            el.text = text
        run._r.append(el)
    paragraph.add_run(placeholder)
    end = paragraph.add_run()
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), "end")
    end._r.append(el)


def _east_asian(style: Any) -> None:
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    if not rfonts.get(qn("w:eastAsia")):
        rfonts.set(qn("w:eastAsia"), EAST_ASIAN)
    rfonts.attrib.pop(qn("w:eastAsiaTheme"), None)


class _Writer:
    def __init__(self, document: Any, info: DocumentInfo) -> None:
        self.doc = document
        self.info = info
        self.styles_used: set[str] = set()
        self.list_stack: list[str] = []  # "bullet" | "ordered"
        self.list_num_ids: list[int] = []
        self.paragraph: Any = None
        self.bold = self.italic = self.code = False
        self.table: Any = None
        self.row: Any = None
        self.cell_index = 0
        self.in_header_row = False
        self.headings: list[tuple[int, str]] = []
        self.toc_paragraphs: list[Any] = []
        self.on_cover = False
        self._styles: dict[str, Any] = {}

    # --- paragraphs ----------------------------------------------------------------------------

    def style(self, name: str) -> Any:
        """Style objects by name, looked up once (python-docx searches the styles part each time)."""
        if not self._styles:
            self._styles = {s.name: s for s in self.doc.styles}
        return self._styles.get(name)

    def new_paragraph(self, style: str = "Normal") -> Any:
        found = self.style(style)
        if found is None:
            style, found = "Normal", self.style("Normal")
        self.styles_used.add(style)
        self.paragraph = self.doc.add_paragraph()
        if style != "Normal":
            # the style id straight into the XML: python-docx's style= scans every style to
            # find the default each time (most of the export's time)
            self.paragraph._p.get_or_add_pPr().style = found.style_id
        return self.paragraph

    def run(self, text: str) -> None:
        if self.paragraph is None:
            self.new_paragraph()
        run = self.paragraph.add_run(text)
        if self.bold:
            run.bold = True
        if self.italic:
            run.italic = True
        if self.code:
            run.font.name = "Noto Sans Mono CJK SC"

    def inline(self, token: Token) -> None:
        for child in token.children or []:
            kind = child.type
            if kind == "text":
                self.run(child.content)
            elif kind == "strong_open":
                self.bold = True
            elif kind == "strong_close":
                self.bold = False
            elif kind == "em_open":
                self.italic = True
            elif kind == "em_close":
                self.italic = False
            elif kind == "code_inline":
                self.code = True
                self.run(child.content)
                self.code = False
            elif kind == "softbreak":
                self.run(" " if not self.info.zh else "")
            elif kind == "hardbreak":
                self.paragraph.add_run().add_break()
            elif kind == "image":
                self.image(child)
            elif kind == "html_inline":
                continue
            elif child.children:
                self.inline(child)

    def image(self, token: Token) -> None:
        source = Path(str(token.attrs.get("src", "")))
        root = self.info.image_root
        try:
            resolved = (root / source).resolve() if root else None
            allowed = resolved is not None and root is not None and resolved.is_relative_to(root.resolve())
            if not allowed or resolved is None or not resolved.is_file() or resolved.stat().st_size > MAX_IMAGE_BYTES:
                raise OSError("not allowed")
            self.paragraph.add_run().add_picture(str(resolved), width=self.doc.sections[0].page_width * 0.6)
        except Exception:
            self.run(f"[{token.content or source.name}]")

    # --- lists and tables ----------------------------------------------------------------------

    def list_style(self) -> str:
        depth = len(self.list_stack)
        base = "List Bullet" if self.list_stack[-1] == "bullet" else "List Number"
        return base if depth <= 1 else f"{base} 2"

    def restart_numbering(self) -> None:
        """Each numbered list starts at 1 (Word would continue the previous list)."""
        style = self.doc.styles["List Number"]
        ppr = style.element.pPr
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if numpr is None:
            return
        base_num = int(numpr.find(qn("w:numId")).get(qn("w:val")))
        numbering = self.doc.part.numbering_part.element
        abstract_id = None
        for num in numbering.findall(qn("w:num")):
            if int(num.get(qn("w:numId"))) == base_num:
                abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        if abstract_id is None:
            return
        new_id = max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(new_id))
        ref = OxmlElement("w:abstractNumId")
        ref.set(qn("w:val"), abstract_id)
        num.append(ref)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        num.append(override)
        numbering.append(num)
        self.list_num_ids[-1] = new_id

    def apply_list_number(self, paragraph: Any) -> None:
        if not self.list_num_ids or self.list_num_ids[-1] <= 0 or len(self.list_stack) > 1:
            return
        ppr = paragraph._p.get_or_add_pPr()
        numpr = OxmlElement("w:numPr")
        ilvl = OxmlElement("w:ilvl")
        ilvl.set(qn("w:val"), "0")
        nid = OxmlElement("w:numId")
        nid.set(qn("w:val"), str(self.list_num_ids[-1]))
        numpr.append(ilvl)
        numpr.append(nid)
        ppr.append(numpr)

    def start_table(self, tokens: list[Token], at: int) -> None:
        rows = cols = 0
        for tok in tokens[at:]:
            if tok.type == "tr_open":
                rows += 1
                cells = 0
            elif tok.type in ("th_open", "td_open"):
                cells += 1
                cols = max(cols, cells)
            elif tok.type == "table_close":
                break
        self.table = self.doc.add_table(rows=0, cols=max(cols, 1))
        self.table.style = self.doc.styles["Table Grid"]
        self.styles_used.add("Table Grid")
        self.paragraph = None

    def start_row(self) -> None:
        self.row = self.table.add_row()
        self.cell_index = 0
        props = self.row._tr.get_or_add_trPr()
        props.append(OxmlElement("w:cantSplit"))  # a row never breaks across pages
        if self.in_header_row:
            props.append(OxmlElement("w:tblHeader"))  # repeated on every page the table spans

    def finish_table(self) -> None:
        """Keep a short table on one page and a long one's header with its first row (a header
        row alone at the foot of a page is what a reviewer circles first)."""
        rows = self.table.rows
        self.size_columns()
        together = len(rows) - 1 if len(rows) <= KEEP_TABLE_TOGETHER else 1
        for row in list(rows)[:together]:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True

    def size_columns(self) -> None:
        """Column widths from their content (a Chinese character counts as two), so a "#" column
        does not take as much room as the item names and words are not broken mid-word."""
        columns = len(self.table.columns)
        if columns < 2:
            return
        need = [4.0] * columns
        for row in self.table.rows:
            for n, cell in enumerate(row.cells[:columns]):
                text = cell.text
                longest_word = max((_display_width(w) for w in text.split()), default=0)
                need[n] = max(need[n], min(_display_width(text), 40), longest_word + 1)
        section = self.doc.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        total = sum(need)
        widths = [int(usable * n / total) for n in need]
        self.table.autofit = False
        for n, column in enumerate(self.table.columns):
            column.width = widths[n]
            for cell in column.cells:
                cell.width = widths[n]

    def table_cell(self, header: bool, align: str | None) -> None:
        cell = self.row.cells[self.cell_index]
        self.cell_index += 1
        self.paragraph = cell.paragraphs[0]
        self.styles_used.add("Normal")
        if align == "right":
            self.paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif align == "center":
            self.paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if header:
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:color"), "auto")
            shading.set(qn("w:fill"), "DCE6F2")
            cell._tc.get_or_add_tcPr().append(shading)
        self.bold = header

    # --- the walk ------------------------------------------------------------------------------

    def write(self, tokens: list[Token]) -> None:
        i = 0
        heading_level = 0
        while i < len(tokens):
            tok = tokens[i]
            kind = tok.type
            if kind == "heading_open":
                heading_level = int(tok.tag[1])
                self.new_paragraph(f"Heading {min(heading_level, 4)}")
            elif kind == "heading_close":
                self.headings.append((heading_level, self.paragraph.text))
                heading_level = 0
                self.paragraph = None
            elif kind == "paragraph_open":
                if self.table is not None:
                    pass  # cells have their paragraph
                elif self.list_stack:
                    self.new_paragraph(self.list_style())
                    if self.list_stack[-1] == "ordered":
                        self.apply_list_number(self.paragraph)
                else:
                    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
                    if nxt is not None and nxt.type == "inline" and nxt.content.strip() == TOC_MARK:
                        self.toc()
                        i += 3
                        continue
                    self.new_paragraph("Cover Detail" if self.on_cover else "Normal")
            elif kind == "paragraph_close":
                if self.table is None:
                    self.paragraph = None
            elif kind == "inline":
                if self.paragraph is None:
                    self.new_paragraph()
                self.inline(tok)
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self.list_stack.append("bullet" if kind == "bullet_list_open" else "ordered")
                self.list_num_ids.append(0)
                if kind == "ordered_list_open" and len(self.list_stack) == 1:
                    self.restart_numbering()
                self.paragraph = None
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.list_stack.pop()
                self.list_num_ids.pop()
                self.paragraph = None
            elif kind == "list_item_open":
                self.paragraph = None
            elif kind == "table_open":
                self.start_table(tokens, i)
            elif kind == "table_close":
                self.finish_table()
                self.table = None
                self.paragraph = None
                self.doc.add_paragraph()  # space after a table
            elif kind == "thead_open":
                self.in_header_row = True
            elif kind == "thead_close":
                self.in_header_row = False
            elif kind == "tr_open":
                self.start_row()
            elif kind in ("th_open", "td_open"):
                style = str(tok.attrs.get("style", ""))
                align = "right" if "right" in style else "center" if "center" in style else None
                self.table_cell(kind == "th_open" or self.in_header_row, align)
            elif kind in ("th_close", "td_close"):
                self.bold = False
            elif kind in ("fence", "code_block"):
                for line in tok.content.rstrip("\n").split("\n"):
                    self.new_paragraph("Code")
                    self.run(line)
                self.paragraph = None
            elif kind == "html_block":
                if PAGEBREAK in tok.content:
                    self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            elif kind == "blockquote_open":
                self.new_paragraph("Quote")
            elif kind == "hr":
                self.paragraph = None
            i += 1

    def toc(self) -> None:
        words = _words(self.info)
        if self.on_cover:
            self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            self.on_cover = False
        self.new_paragraph("TOC Heading").add_run(words["toc"])
        paragraph = self.new_paragraph()
        _field(paragraph, 'TOC \\o "1-2" \\h \\z \\u', words["toc_hint"])
        self.toc_paragraphs.append(paragraph)
        self.paragraph = None


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _header_footer(document: Any, info: DocumentInfo) -> None:
    words = _words(info)
    for section in document.sections:
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
        _field(paragraph, "PAGE")
        paragraph.add_run(middle)
        _field(paragraph, "NUMPAGES")
        paragraph.add_run(after)


def _cover(writer: _Writer, info: DocumentInfo) -> None:
    words = _words(info)
    doc = writer.doc
    for _ in range(6):
        doc.add_paragraph()
    title = writer.new_paragraph("Title")
    title.add_run(info.title)
    if info.draft:
        mark = writer.new_paragraph("Subtitle")
        run = mark.add_run(words["draft"])
        run.bold = True
        run.font.color.rgb = DRAFT_RED
    doc.add_paragraph()
    writer.paragraph = None
    writer.on_cover = True  # the template's opening block (customer, number, date) stays on the cover


def _update_fields_on_open(document: Any) -> None:
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        el = OxmlElement("w:updateFields")
        el.set(qn("w:val"), "true")
        settings.append(el)


def write_docx(markdown: str, reference: Path, out: Path, info: DocumentInfo) -> list[tuple[int, str]]:
    """Write the document; returns its headings (level, text) for the table of contents."""
    document = docx.Document(str(reference))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    writer = _Writer(document, info)
    _cover(writer, info)
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    writer.write(parser.parse(markdown))
    _header_footer(document, info)
    for name in writer.styles_used | {"Header", "Footer", "Title", "Subtitle", "Cover Detail", "TOC 1", "TOC 2",
                                      "TOC 3", "TOC Heading"}:
        if name in {s.name for s in document.styles}:
            _east_asian(document.styles[name])
    _update_fields_on_open(document)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    document.save(str(tmp))
    tmp.replace(out)
    return writer.headings
