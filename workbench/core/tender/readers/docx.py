"""A .docx as a ``Source``: the body's paragraphs and tables in the order of ``docx_body``'s walk
(so ``Location.block`` / ``table`` / ``row`` / ``column`` are what write-back finds), with Word's
displayed list numbers, heading levels (heading styles and outline levels), merged cells and the
text inside content controls."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn

from workbench.core.errors import ImportRejected
from workbench.core.tender import docx_body
from workbench.core.tender.model import Location
from workbench.core.tender.readers import (
    MAX_BLOCKS,
    MAX_TABLE_ROWS,
    Cell,
    Paragraph,
    Source,
    Table,
    clip,
    too_big,
)
from workbench.core.tender.readers.container import check_ooxml
from workbench.core.tender.readers.numbering import Numbering

_HEADING_STYLE = re.compile(r"^(?:heading|标题|標題)\s*(\d)$", re.IGNORECASE)
_P, _TBL = qn("w:p"), qn("w:tbl")


class _Styles:
    def __init__(self, document: Any) -> None:
        self.based: dict[str, str] = {}
        self.level: dict[str, int] = {}
        self.default = ""
        for style in document.styles.element.iterchildren(qn("w:style")):
            sid = style.get(qn("w:styleId")) or ""
            if style.get(qn("w:default")) in ("1", "true") and style.get(qn("w:type")) == "paragraph":
                self.default = sid
            based = style.find(qn("w:basedOn"))
            if based is not None:
                self.based[sid] = based.get(qn("w:val")) or ""
            name_el = style.find(qn("w:name"))
            name = (name_el.get(qn("w:val")) if name_el is not None else "") or ""
            m = _HEADING_STYLE.match(name.strip()) or _HEADING_STYLE.match(sid)
            outline = style.find(qn("w:pPr") + "/" + qn("w:outlineLvl"))
            if m:
                self.level[sid] = int(m.group(1))
            elif outline is not None and (outline.get(qn("w:val")) or "9").isdigit():
                lvl = int(outline.get(qn("w:val")) or "9")
                if lvl < 9:
                    self.level[sid] = lvl + 1

    def chain(self, sid: str) -> list[str]:
        out: list[str] = []
        while sid and sid not in out and len(out) < 20:
            out.append(sid)
            sid = self.based.get(sid, "")
        return out

    def heading(self, p: Any, sid: str) -> int | None:
        outline = p.find(qn("w:pPr") + "/" + qn("w:outlineLvl"))
        if outline is not None and (outline.get(qn("w:val")) or "").isdigit():
            lvl = int(outline.get(qn("w:val")) or "9")
            return lvl + 1 if lvl < 9 else None
        for s in self.chain(sid):
            if s in self.level:
                return self.level[s]
        return None


def _style_id(p: Any, default: str) -> str:
    ps = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))
    return (ps.get(qn("w:val")) if ps is not None else None) or default


MAX_DOCUMENT_XML = 60 * 1024 * 1024  # unpacked word/document.xml (a 200-page tender has ~5 MB)


def _open(path: Path, name: str) -> Any:
    check_ooxml(path, name)
    with zipfile.ZipFile(path) as zf:
        size = sum(i.file_size for i in zf.infolist() if i.filename.startswith("word/") and i.filename.endswith(".xml"))
    if size > MAX_DOCUMENT_XML:  # python-docx holds the whole tree in memory: several times this
        raise too_big(name, "document text (MB)", "文档正文（MB）", MAX_DOCUMENT_XML // 1048576)
    try:
        # python-docx parses with lxml; resolve_entities is off for its parser, the DTD check above
        # refused any document type declaration anyway.
        return docx.Document(str(path))
    except Exception as exc:  # python-docx and lxml raise PackageNotFoundError, KeyError, XMLSyntaxError ...
        raise ImportRejected("tender_corrupt", name=name, detail=f"{type(exc).__name__}: {exc}"[:200]) from None


def read_docx(path: Path, name: str) -> Source:
    document = _open(path, name)
    styles = _Styles(document)
    numbering = Numbering.of(document)
    tables = docx_body.body_tables(document)  # held: the element proxies (and so their ids) stay alive
    table_index = {id(t): i for i, t in enumerate(tables)}
    blocks: list[Paragraph | Table] = []
    rows_seen = 0

    def number_of(p: Any) -> str:
        sid = _style_id(p, styles.default)
        return numbering.number(p, sid, styles.chain(sid))

    for index, element in enumerate(docx_body.body_blocks(document)):
        if len(blocks) + rows_seen > MAX_BLOCKS:
            raise too_big(name, "paragraphs", "段落", MAX_BLOCKS)
        if element.tag == _P:
            sid = _style_id(element, styles.default)
            number = numbering.number(element, sid, styles.chain(sid))
            text = clip(docx_body.element_text(element).strip())
            blocks.append(Paragraph(text=text, location=Location(block=index), heading=styles.heading(element, sid)
                                    if text else None, number=number))
            continue
        rows: list[tuple[Cell, ...]] = []
        above: dict[int, str] = {}  # grid column -> text of the cell above (vertical merges)
        for tr in docx_body.table_rows(element):
            rows_seen += 1
            if rows_seen > MAX_TABLE_ROWS:
                raise too_big(name, "table rows", "表格行", MAX_TABLE_ROWS)
            trpr = tr.find(qn("w:trPr"))
            before = trpr.find(qn("w:gridBefore")) if trpr is not None else None
            grid = int(before.get(qn("w:val")) or 0) if before is not None else 0
            cells: list[Cell] = []
            for col, tc in enumerate(docx_body.row_cells(tr)):
                tcpr = tc.find(qn("w:tcPr"))
                span_el = tcpr.find(qn("w:gridSpan")) if tcpr is not None else None
                span = int(span_el.get(qn("w:val")) or 1) if span_el is not None else 1
                vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
                first_p = tc.find(_P)
                number = number_of(first_p) if first_p is not None else ""
                for other in list(tc.iter(_P))[1:]:
                    number_of(other)  # keep the list counters going
                if vmerge is not None and vmerge.get(qn("w:val")) not in ("restart",):
                    text = above.get(grid, "")
                else:
                    text = clip(docx_body.element_text(tc).strip())
                above[grid] = text
                cells.append(Cell(text=text, column=col, grid=grid, span=max(span, 1), number=number))
                grid += max(span, 1)
            rows.append(tuple(cells))
        blocks.append(Table(rows=tuple(rows), location=Location(block=index, table=table_index.get(id(element)))))
    return Source(blocks=tuple(blocks))
