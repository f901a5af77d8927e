"""Fields and the table of contents, written as Word writes them: each heading carries a
bookmark, each TOC entry is a link to it with a PAGEREF field for its page, inside a TOC field
Word can update. The entries are written here, so Word never has to ask to update fields on
open; the page numbers come from a layout pass (``set_pages``)."""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

BOOKMARK_PREFIX = "_Toc"
KEEP_AT_END = 3  # as the writer keeps the last paragraphs before a page break together


def _fld_char(kind: str) -> Any:
    run = OxmlElement("w:r")
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    run.append(el)
    return run


def _instr(instruction: str) -> Any:
    run = OxmlElement("w:r")
    el = OxmlElement("w:instrText")
    el.set(qn("xml:space"), "preserve")
    el.text = f" {instruction} "
    run.append(el)
    return run


def _text_run(text: str) -> tuple[Any, Any]:
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    return run, t


def add_field(paragraph: Any, instruction: str, placeholder: str = "1") -> None:
    """A complex field (PAGE, NUMPAGES ...) with a cached result, at the end of ``paragraph``."""
    p = paragraph._p
    for el in (_fld_char("begin"), _instr(instruction), _fld_char("separate"), _text_run(placeholder)[0],
               _fld_char("end")):
        p.append(el)


def add_bookmark(paragraph: Any, number: int) -> str:
    """A bookmark around the paragraph's text; returns its name."""
    name = f"{BOOKMARK_PREFIX}{number:08d}"
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    p = paragraph._p
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)
    return name


class TableOfContents:
    """The entries of one TOC field, written after the document's headings are known."""

    def __init__(self, document: Any, anchor: Any, levels: int) -> None:
        self.document = document
        self.anchor = anchor  # the empty paragraph the entries replace
        self.levels = levels
        self.pages: dict[str, Any] = {}  # bookmark -> the w:t holding its page number

    def write(self, entries: list[tuple[int, str, str]], placeholder: str) -> None:
        """One paragraph per (level, text, bookmark): a link to the heading, a tab, its page."""
        styles = {s.name: s.style_id for s in self.document.styles}
        paragraphs = []
        for level, text, bookmark in entries:
            p = OxmlElement("w:p")
            ppr = OxmlElement("w:pPr")
            style = OxmlElement("w:pStyle")
            style.set(qn("w:val"), styles.get(f"TOC {min(level, 3)}", "Normal"))
            ppr.append(style)
            p.append(ppr)
            link = OxmlElement("w:hyperlink")
            link.set(qn("w:anchor"), bookmark)
            link.set(qn("w:history"), "1")
            link.append(_text_run(text)[0])
            tab = OxmlElement("w:r")
            tab.append(OxmlElement("w:tab"))
            link.append(tab)
            link.append(_fld_char("begin"))
            link.append(_instr(f"PAGEREF {bookmark} \\h"))
            link.append(_fld_char("separate"))
            run, t = _text_run(placeholder)
            self.pages[bookmark] = t
            link.append(run)
            link.append(_fld_char("end"))
            p.append(link)
            paragraphs.append(p)
        # the last entries go to a page together: one entry alone on the page after the contents
        # (which a page break ends) read as a mistake
        for p in paragraphs[-KEEP_AT_END:-1]:
            p.pPr.get_or_add_keepNext()
        if not paragraphs:
            paragraphs.append(OxmlElement("w:p"))
        first, last = paragraphs[0], paragraphs[-1]
        begin_at = 1  # after pPr
        for el in (_fld_char("begin"), _instr(f'TOC \\o "1-{self.levels}" \\h \\z \\u'), _fld_char("separate")):
            first.insert(begin_at, el)
            begin_at += 1
        last.append(_fld_char("end"))
        at = self.anchor._p
        for p in paragraphs:
            at.addnext(p)
            at = p
        self.anchor._p.getparent().remove(self.anchor._p)

    def set_pages(self, pages: dict[str, int]) -> None:
        for bookmark, t in self.pages.items():
            page = pages.get(bookmark)
            t.text = str(page) if page else ""
