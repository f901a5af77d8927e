"""Markdown → .docx on the company's reference document: its styles, numbering and page setup,
with a cover (logo, title, company; no header or footer), a table of contents whose entries
link to their headings, header and footer (title, customer, confidential, page X of Y), the
DRAFT mark, and fonts Word finds on Windows and macOS on every style used."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml.etree import SubElement  # type: ignore[import-untyped]
from markdown_it import MarkdownIt
from markdown_it.token import Token

from workbench.core.proposals import docx_package as package
from workbench.core.proposals.docx_frame import DocumentInfo, cover, document_words, header_footer
from workbench.core.proposals.docx_refs import RefMarks, link_refs, show_pages
from workbench.core.proposals.docx_tables import lay_out
from workbench.core.proposals.docx_toc import TableOfContents, add_bookmark
from workbench.core.proposals.model import PAGEBREAK, TOC_MARK
from workbench.core.proposals.textwidth import CJK_WORD

MAX_IMAGE_BYTES = 10 * 1024 * 1024
TOC_LEVELS = 2  # chapters and sections; a knowledge item's own headings stay out of the contents
PAGE_PLACEHOLDER = "00"  # a TOC entry's page until the layout pass fills it (same width as most)
# in a table cell, before its text: the cell spans the empty cells after it (a total's label up
# to its amount, a total in 大写 across the pricing table); Markdown has no merged cells, and a
# comment is invisible in the Markdown export and preview
SPAN_MARK = "<!-- span -->"
# printable ASCII without spaces (or NO_BREAK_HYPHEN), with a letter or digit; no-break spaces join
# such words into one token ("GB/T 22239-2019" below), so that a Chinese document marks them English
# as a whole (LibreOffice may break a line where a run's language changes)
LATIN_TOKEN = re.compile(r"[!-~\x1e]*[A-Za-z0-9][!-~\x1e]*(?:\u00a0[!-~\x1e]*[A-Za-z0-9][!-~\x1e]*)*")
JOINABLE = re.compile(r"(?<=[A-Za-z0-9])([-/])(?=[A-Za-z0-9])")
ID_HYPHEN = re.compile(r"(?<=[A-Za-z0-9])-(?=[A-Za-z0-9])")
# a standard's code and its number ("GB/T 22239-2019", "ISO/IEC 27001") are one ID
STANDARD_CODE = re.compile(r"(?<![A-Za-z0-9/])((?:GB|GB/T|GB/Z|GA/T|GM/T|JR/T|YD/T|SJ/T|ISO|IEC|ISO/IEC)) (?=\d)")
# in a run's text from ``pieces`` to ``_append_run``: a hyphen written as w:noBreakHyphen (the
# control character Word itself uses for one; no text a user types reaches the XML with it)
NO_BREAK_HYPHEN = "\x1e"
BODY_SIZE_PT = 10.5
# the last paragraphs before a page break or the document's end go to a new page together: a
# last bullet or line alone on a page of its own reads as a mistake
KEEP_AT_END = 3


_R, _RPR, _T, _TAB, _B, _I, _RFONTS, _LANG, _NO_BREAK_HYPHEN = (qn(t) for t in (
    "w:r", "w:rPr", "w:t", "w:tab", "w:b", "w:i", "w:rFonts", "w:lang", "w:noBreakHyphen"))
_SPECIAL = re.compile(f"([\t{NO_BREAK_HYPHEN}])")
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_P, _TBL, _PAGE_BREAK_BEFORE = qn("w:p"), qn("w:tbl"), qn("w:pageBreakBefore")


def _append_run(p: Any, text: str, bold: bool, italic: bool, mono: bool, english: bool,
                lettering: package.Lettering) -> None:
    """A run appended with lxml directly: python-docx's add_run and its property setters search
    the element tree on every call and took most of a 30-page export's time."""
    r = SubElement(p, _R)
    if bold or italic or mono or english:
        rpr = SubElement(r, _RPR)
        if mono:
            fonts = SubElement(rpr, _RFONTS)
            for attr in ("w:ascii", "w:hAnsi", "w:cs"):
                fonts.set(qn(attr), package.MONO)
            fonts.set(qn("w:eastAsia"), lettering.body)
        if bold:
            SubElement(rpr, _B)
        if italic:
            SubElement(rpr, _I)
        if english:
            lang = SubElement(rpr, _LANG)
            lang.set(qn("w:val"), "en-US")
            lang.set(qn("w:eastAsia"), lettering.east_asian)
    for chunk in _SPECIAL.split(text):
        if chunk == "\t":
            SubElement(r, _TAB)
        elif chunk == NO_BREAK_HYPHEN:
            SubElement(r, _NO_BREAK_HYPHEN)
        elif chunk:
            t = SubElement(r, _T)
            t.text = chunk
            t.set(_SPACE, "preserve")


def is_id(token: str) -> bool:
    """A token that names something (PRJ-2026-0412, REQ-ABC, Wi-Fi, COVID-19, GB/T 22239-2019) rather
    than an English compound (end-to-end, state-of-the-art, which may break at a hyphen like any text):
    it has a digit, or two capital letters."""
    return any(c.isdigit() for c in token) or sum(c.isupper() for c in token) >= 2


def keep_ids_whole(text: str) -> str:
    """``text`` with each ID's hyphens as no-break hyphens, and the space between a standard's code
    and its number a no-break space. Word and LibreOffice otherwise end a line after any hyphen
    ("PRJ-2026- / 0412"). Measured with LibreOffice 7.4 and pdfplumber/pdftotext: the PDF's text
    carries a plain hyphen (U+002D) and a plain space for them, so the ID the customer copies from
    the PDF is the one that was typed; python-docx reads a no-break hyphen back as "-"."""
    text = STANDARD_CODE.sub("\\1\u00a0", text)
    if "-" not in text:
        return text
    return LATIN_TOKEN.sub(lambda m: ID_HYPHEN.sub(NO_BREAK_HYPHEN, m.group()) if is_id(m.group()) else m.group(),
                           text)


def _east_asian(style: Any, lettering: package.Lettering) -> None:
    """An East Asian font on a style that names none (a company's own reference document)."""
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is not None and rfonts.get(qn("w:eastAsia")):
        return
    latin = (rfonts.get(qn("w:ascii")) if rfonts is not None else None) or package.LATIN
    heading = style.name in package.HEADING_STYLES
    package.set_fonts(rpr, lettering.heading if heading else lettering.body, latin)


class _Writer:
    def __init__(self, document: Any, info: DocumentInfo) -> None:
        self.doc = document
        self.info = info
        self.lettering = package.lettering(info.language)
        self.styles_used: set[str] = set()
        self.list_stack: list[str] = []  # "bullet" | "ordered"
        self.list_num_ids: list[int] = []
        self.paragraph: Any = None
        self.bold = self.italic = self.code = False
        self.table: Any = None
        self.row: Any = None
        self.cell_index = 0
        self.in_header_row = False
        self.headings: list[tuple[int, str, str]] = []  # level, text, bookmark
        self.toc: TableOfContents | None = None
        self.on_cover = False
        self.header_rows = 0
        self.spans: dict[int, list[int]] = {}  # row -> the cells spanning the empty cells after them
        self.refs = RefMarks()  # names of headings marked in the text (docx_refs.py)
        self._styles: dict[str, Any] = {}
        self.break_before = False  # the next paragraph starts a page (a page break, the cover's end)

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
        self._start_page(self.paragraph)
        return self.paragraph

    def _start_page(self, paragraph: Any) -> None:
        """A pending page break as the paragraph's "page break before". A paragraph holding only a
        page break took a line of its own: when the page before was full, that line went to the
        next page and the break then left it empty (a blank page after a full table of contents)."""
        if self.break_before:
            paragraph._p.get_or_add_pPr().get_or_add_pageBreakBefore()  # in the schema's order
            self.break_before = False

    def page_break(self) -> None:
        """The next paragraph starts a new page; the last few before it go together."""
        keep_end_together(self.doc.element.body)
        self.break_before = True

    def run(self, text: str) -> None:
        """Text in the current paragraph with the current bold/italic/code. Emphasis in Chinese
        text is bold, never a slant: there is no italic Chinese face, so Word and LibreOffice
        shear the glyphs (and emphasis dots, 着重号, are not drawn by LibreOffice 7.4)."""
        if self.paragraph is None:
            self.new_paragraph()
        text = text.replace(NO_BREAK_HYPHEN, "")  # not a character XML may hold; ours marks a hyphen
        cjk_emphasis = self.italic and CJK_WORD.search(text) is not None
        bold = self.bold or cjk_emphasis
        italic = self.italic and not cjk_emphasis
        for piece, latin in self.pieces(text):
            _append_run(self.paragraph._p, piece, bold, italic, self.code, latin and self.info.zh, self.lettering)

    def pieces(self, text: str) -> list[tuple[str, bool]]:
        """``text`` cut into (piece, is a Latin token). In a Chinese document a Latin token is
        marked English: with Chinese as its language LibreOffice breaks a Latin word, number or
        ID between any two characters ("Kube / rnetes", "REQ-2026-08 / 15"). In a table cell a
        word joiner (U+2060, invisible, not in the PDF's text) follows each hyphen or slash
        inside a token, so "REQ-2026-0815" does not break at its hyphens either; in running text
        an ID's hyphens are no-break hyphens (``keep_ids_whole``), in either language."""
        if self.table is None:
            text = keep_ids_whole(text)
        if not self.info.zh and self.table is None:
            return [(text, False)]
        out: list[tuple[str, bool]] = []
        at = 0
        for match in LATIN_TOKEN.finditer(text):
            if match.start() > at:
                out.append((text[at:match.start()], False))
            token = match.group()
            if self.table is not None:
                token = JOINABLE.sub("\\1\u2060", token)
            out.append((token, True))
            at = match.end()
        if at < len(text):
            out.append((text[at:], False))
        return out

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
                if self.table is not None and child.content.strip() == SPAN_MARK:
                    self.spans.setdefault(len(self.table.rows) - 1, []).append(self.cell_index - 1)
                elif self.paragraph is not None:
                    self.refs.mark(child.content, self.paragraph._p)
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
        if self.break_before:  # a table cannot start a page itself: an empty paragraph does
            self._start_page(self.doc.add_paragraph())
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
            self.header_rows += 1

    def finish_table(self) -> None:
        section = self.doc.sections[-1]
        if len(self.table.columns) > 1:
            usable = section.page_width - section.left_margin - section.right_margin
            lay_out(self.table, usable, self.header_rows, BODY_SIZE_PT, self.spans)
        self.header_rows = 0
        self.spans = {}

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
                if heading_level <= TOC_LEVELS:
                    bookmark = add_bookmark(self.paragraph, len(self.headings) + 1)
                    self.headings.append((heading_level, self.paragraph.text, bookmark))
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
                        self.contents()
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
                    self.page_break()
            elif kind == "blockquote_open":
                self.new_paragraph("Quote")
            elif kind == "hr":
                self.paragraph = None
            i += 1

    def contents(self) -> None:
        """The table of contents goes here; it ends the cover when there is one."""
        if self.on_cover:
            self.end_cover()
        self.new_paragraph("TOC Heading").add_run(document_words(self.info)["toc"])
        self.toc = TableOfContents(self.doc, self.new_paragraph(), TOC_LEVELS)
        self.paragraph = None

    def end_cover(self) -> None:
        company = self.info.company
        if company.name or company.address:
            block = self.new_paragraph("Cover Detail")
            block.paragraph_format.space_before = Pt(48)
            if company.name:
                run = block.add_run(company.name)
                run.bold = True
            if company.address:
                if company.name:
                    block.add_run().add_break()
                block.add_run(company.address)
        self.page_break()
        self.on_cover = False
        self.paragraph = None


def keep_end_together(body: Any, count: int = KEEP_AT_END) -> None:
    """Keep-with-next on the paragraphs before the last of the ``count`` last paragraphs with text
    at the end of ``body`` (up to a table, which keeps its own rows), so that a page break or the
    document's end never leaves one line or one bullet alone on a page: when the last does not fit,
    the ones before it go with it. Widow and orphan control (``docx_package``) keeps a paragraph's
    own last two lines together."""
    chain: list[Any] = []
    for element in reversed(body):
        if element.tag == _TBL:
            break
        if element.tag != _P:
            continue
        if not "".join(element.itertext()).strip():
            if chain:
                break  # an empty paragraph (after a table, before a break) ends the run of text
            continue
        chain.append(element)
        if len(chain) == count or element.find(f"{{*}}pPr/{_PAGE_BREAK_BEFORE}") is not None:
            break  # nothing before a page's first paragraph can go to its page
    for element in chain[1:]:
        element.get_or_add_pPr().get_or_add_keepNext()  # in the schema's order


def _numbered(headings: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """Headings with the numbers the reference styles give levels 1-3 (1, 1.1, 1.1.1)."""
    counters = [0, 0, 0]
    out = []
    for level, text, bookmark in headings:
        if level > 3:
            continue
        counters[level - 1] += 1
        for deeper in range(level, 3):
            counters[deeper] = 0
        out.append((level, ".".join(str(c) for c in counters[:level]) + " " + text, bookmark))
    return out


@dataclass
class WrittenDocument:
    """A document written in memory: save it, fill its TOC's page numbers, save it again."""

    document: Any
    headings: list[tuple[int, str, str]]  # level, numbered text, bookmark
    toc: TableOfContents | None
    # bookmark -> the w:t elements of the PAGEREF fields on it in the text (docx_refs.py)
    ref_pages: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def needs_pages(self) -> bool:
        """Whether a layout pass has page numbers to fill (the contents, or pages in the text)."""
        return self.toc is not None or bool(self.ref_pages)

    def set_pages(self, pages: dict[str, int]) -> None:
        if self.toc is not None:
            self.toc.set_pages(pages)
        show_pages(self.ref_pages, pages)

    def save(self, out: Path) -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".part")
        self.document.save(str(tmp))
        tmp.replace(out)


def build_docx(markdown: str, reference: Path, info: DocumentInfo) -> WrittenDocument:
    document = docx.Document(str(reference))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    writer = _Writer(document, info)
    cover(document, info, writer.new_paragraph)
    writer.paragraph = None
    writer.on_cover = True
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    writer.write(parser.parse(markdown))
    if writer.on_cover:  # no table of contents: the cover ends before the text
        writer.end_cover()
    keep_end_together(body)
    headings = _numbered(writer.headings)
    if writer.toc is not None:
        writer.toc.write(headings, PAGE_PLACEHOLDER)
    ref_pages = link_refs(writer.refs.refs, headings, info.language, PAGE_PLACEHOLDER)
    header_footer(document, info)
    lettering = package.lettering(info.language)
    names = {s.name for s in document.styles}
    for name in writer.styles_used | {"Header", "Footer", "Title", "Subtitle", "Cover Detail", "TOC 1", "TOC 2",
                                      "TOC 3", "TOC Heading"}:
        if name in names:
            style = document.styles[name]
            _east_asian(style, lettering)
            if info.zh and style.font.italic:
                style.font.italic = False  # no slanted Chinese (the reference's Subtitle and Quote are italic)
    if info.traditional:
        package.traditional_faces(document.styles.element)
    package.document_defaults(document, lettering)
    package.font_table(document, lettering)
    package.current_format(document.settings.element, lettering)
    package.set_properties(document, title=info.title, author=info.author, company=info.company.name,
                           lettering=lettering)
    return WrittenDocument(document, headings, writer.toc, ref_pages)


def write_docx(markdown: str, reference: Path, out: Path, info: DocumentInfo) -> WrittenDocument:
    """Write the document (its TOC without page numbers); returns it for a layout pass."""
    written = build_docx(markdown, reference, info)
    written.save(out)
    return written
