"""Evidence that is a section of the exported document itself: its page as a PAGEREF field.

When a row's evidence names a heading of the document being written (a chapter or section of the
point-by-point answer, e.g. "点对点应答" or "3.2 物联网接入", with or without the number the document
gives it), the 偏离表's evidence cell says "3.2 物联网接入（第 N 页）" with N a PAGEREF field on that
heading's bookmark: Word and LibreOffice show the page the heading lands on, whatever the layout. The
field's shown value is filled from the layout pass that numbers the table of contents, so the page is
right before any program updates fields (a page typed for such evidence gives way to it). Any other
evidence keeps its page as typed. (The point-by-point rows' evidence gets the same through the Markdown
marks of proposals/docx_refs.py, in this export and in a proposal the response is attached to.)"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from workbench.core.proposals.docx_refs import heading_key, heading_names, page_field, page_words, text_run
from workbench.core.proposals.docx_tables import FONT_SIZES, OUR_BREAK, break_between_words
from workbench.core.proposals.docx_writer import WrittenDocument
from workbench.core.tender.answer_text import deviation_rows, deviation_table
from workbench.core.tender.docx_body import element_text, row_cells, table_rows
from workbench.core.tender.model import DEVIATION_COLUMNS, ResponseDocument


def _key(text: str) -> str:
    return heading_key(text)


def _cell_key(tc: Any) -> str:
    """A header cell's text as typed: without the word joiners and line breaks the export adds."""
    return _key(element_text(tc).replace("\u2060", "").replace("\n", ""))


def _page_field(paragraph: Any, bookmark: str, before: str, after: str) -> Any:
    """Replace the paragraph's runs with ``before`` PAGEREF ``after``; returns the field's w:t."""
    runs = paragraph.findall(qn("w:r"))
    rpr = runs[0].find(qn("w:rPr")) if runs else None
    for run in runs:
        paragraph.remove(run)
    field, shown = page_field(rpr, bookmark, "")
    for element in (text_run(rpr, before)[0], *field, text_run(rpr, after)[0]):
        paragraph.append(element)
    return shown


def _column(doc: ResponseDocument, role: str) -> int | None:
    """The 偏离表's column holding ``role`` (the tender's own header, else the standard one)."""
    shape = doc.deviation_table
    if shape is not None and shape.headers and shape.columns:
        return shape.columns.get(role)
    return DEVIATION_COLUMNS.index(role)


def _deviation_tbl(written: WrittenDocument, doc: ResponseDocument) -> Any | None:
    """The written 偏离表 (the table whose header row is the deviation table's headers)."""
    headers = tuple(map(_key, deviation_table(doc).headers))
    return next((t._tbl for t in written.document.tables
                 if tuple(_cell_key(c) for c in row_cells(table_rows(t._tbl)[0])) == headers), None)


def keep_response_lines(written: WrittenDocument, doc: ResponseDocument) -> None:
    """Each response in the 偏离表 on its own lines again: the table is written through Markdown,
    whose cells hold one line, so an answer of several lines (a list, a small table of parameters)
    came out run together ("算法：用途 SM2：数字签名… SM3：口令存储…"). The space that joined two lines
    becomes a line break inside the same run, so every run keeps its language and font."""
    column = _column(doc, "response")
    tbl = _deviation_tbl(written, doc)
    if column is None or tbl is None:
        return
    for tr, row in zip(table_rows(tbl)[1:], deviation_rows(doc), strict=False):
        lines = [" ".join(line.split()) for line in row.response.splitlines() if line.strip()]
        cells = row_cells(tr)
        if len(lines) < 2 or column >= len(cells):
            continue
        paragraphs = cells[column].findall(qn("w:p"))
        if len(paragraphs) != 1:
            continue
        # the table layout's own breaks between words were made for the joined text: taken out,
        # and made again below for the lines
        for br in list(paragraphs[0].iter(qn("w:br"))):
            if br.get(qn("w:clear")) == OUR_BREAK:
                br.getparent().remove(br)
        # the writer puts word joiners (U+2060) where a line must not break: not characters of the text
        if element_text(paragraphs[0]).replace("\u2060", "") != " ".join(lines):
            continue  # not the text as joined (the renderer changed it): left as it is
        joins, at = set(), 0
        for line in lines[:-1]:
            at += len(line)
            joins.add(at)  # the offset of the space after this line
            at += 1
        offset = 0
        for t in list(paragraphs[0].iter(qn("w:t"))):
            text, cuts = t.text or "", []
            for i, ch in enumerate(text):
                if ch == "\u2060":
                    continue
                if offset in joins:
                    cuts.append(i)
                offset += 1
            if not cuts:
                continue
            pieces, start = [], 0
            for i in cuts:
                pieces.append(text[start:i])
                start = i + 1  # the joining space itself goes
            pieces.append(text[start:])
            t.text = pieces[0]
            anchor = t
            for piece in pieces[1:]:
                br = OxmlElement("w:br")
                anchor.addnext(br)
                following = OxmlElement("w:t")
                following.set(qn("xml:space"), "preserve")
                following.text = piece
                br.addnext(following)
                anchor = following
        width = _cell_width_pt(cells[column])
        if width:
            sizes = [int(v) / 2 for v in (sz.get(qn("w:val")) for sz in paragraphs[0].iter(qn("w:sz"))) if v]
            break_between_words(paragraphs[0], width, min(sizes, default=FONT_SIZES[0]))


def _cell_width_pt(tc: Any) -> float:
    """A cell's width as the table layout set it (w:tcW in twentieths of a point), 0 if unknown."""
    width = tc.find(qn("w:tcPr") + "/" + qn("w:tcW"))
    if width is None or width.get(qn("w:type")) not in (None, "dxa"):
        return 0.0
    try:
        return int(width.get(qn("w:w"), "0")) / 20
    except ValueError:
        return 0.0


def link_evidence_pages(written: WrittenDocument, doc: ResponseDocument) -> dict[str, list[Any]]:
    """Put a PAGEREF in each evidence cell whose evidence is a heading of ``written``; returns, per
    bookmark, the w:t elements that show its page (fill them with ``fill_pages``)."""
    headings = heading_names(written.headings)
    column = _column(doc, "evidence")
    tbl = _deviation_tbl(written, doc)
    if column is None or not headings or tbl is None:
        return {}
    shown: dict[str, list[Any]] = {}
    for tr, row in zip(table_rows(tbl)[1:], deviation_rows(doc), strict=False):
        bookmark = headings.get(_key(row.evidence))
        cells = row_cells(tr)
        if bookmark is None or column >= len(cells):
            continue
        paragraph = cells[column].find(qn("w:p"))
        if paragraph is None:
            continue
        evidence = " ".join(row.evidence.split())
        before, after = page_words(doc.language)
        before = evidence + before
        shown.setdefault(bookmark, []).append(_page_field(paragraph, bookmark, before, after))
    return shown


def fill_pages(shown: dict[str, list[Any]], written: WrittenDocument) -> None:
    """The pages the layout pass found for the table of contents, into the evidence fields."""
    if written.toc is None:
        return
    for bookmark, texts in shown.items():
        page = written.toc.pages.get(bookmark)
        for t in texts:
            t.text = page.text if page is not None and page.text else ""
