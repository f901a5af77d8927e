"""Answers written into a customer's .docx (indices from ``docx_body``, as extraction counted them).

With the tender's own empty 技术偏离表 (``doc.deviation_table``): one table row per answered row, after
the header row, in row order, numbered 1, 2, 3… (every kind of row, scoring rows too; rows without
an answer are not listed, and nothing is written beside the requirements). The tender's empty template rows (every cell blank, or holding only a number or "…")
are used first, in order; when more are needed the last template row is copied (borders, fonts,
widths and all) and the copies go right after it, before any rows that follow (a 注 row, say). Rows
the tender left beyond the answers stay as they were, and no other row is touched. Each cell's text
goes into its first paragraph with the formatting of the run or paragraph mark already there. A role
the table lacks is folded into another cell: the mark and clause in front of the requirement, the
deviation, remarks and evidence after the response. Without a template row the header row is copied
and unbolded, unshaded and no longer a repeated header.

Without a deviation table, each answer goes next to its requirement:
- a requirement paragraph (``location.block``) gets one answer paragraph right after it (after
  earlier answers to the same paragraph): "应答：<response>（无偏离）" / "Response: <response>
  (Complies)", remarks and evidence on further lines of the same paragraph. It has the requirement
  paragraph's style, alignment and font, indented 2 characters (420 twips) further, without list
  numbering, first-line indent or emphasis, with the "应答：" in bold; a heading-styled requirement
  gives a body-text answer so the table of contents does not change.
- a requirement in a table row (``location.table``/``row``): into that row's response cell when the
  table has one (an empty cell under a header saying 响应/应答/答复/Response/Answer in the rows above),
  with its 偏离/说明/证明材料 cells filled when the table has those and they are empty; otherwise an
  answer paragraph after the table naming the clause ("应答（★3.1.2）：…").
"""

from __future__ import annotations

import io
from collections.abc import Collection
from copy import deepcopy
from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from workbench.core.errors import InvalidInput
from workbench.core.tender import docx_write as dx
from workbench.core.tender.docx_body import body_blocks, body_tables, element_text, row_cells, table_rows
from workbench.core.tender.fill_common import (
    answered_rows,
    clause_label,
    deviation_label,
    evidence_text,
    open_package,
    response_text,
    words,
)
from workbench.core.tender.model import AnswerRow, DeviationTableShape, Location, ResponseDocument

ANSWER_INDENT = 420  # twips: two characters of 五号 (10.5 pt) text
_FILLER = frozenset(" \t\n0123456789.．、…·-—_/()（）")
# header words -> the role of a column in a requirement table (first match wins, most specific first)
_ROLE_WORDS = (
    ("evidence", ("证明", "證明", "页码", "頁碼", "佐证", "evidence", "reference", "page")),
    ("note", ("说明", "說明", "备注", "備註", "remark", "comment", "note", "explanation")),
    ("deviation", ("偏离", "偏離", "deviation", "complian", "comply")),
    ("response", ("响应", "響應", "应答", "應答", "答复", "答覆", "回复", "回覆", "response", "answer", "reply")),
)


def fill_docx(content: bytes, doc: ResponseDocument) -> bytes:
    open_package(content, doc.source_name).close()
    try:
        document = docx.Document(io.BytesIO(content))
    except Exception:  # a corrupt .docx raises anything from KeyError to zlib.error
        raise InvalidInput("tender_fill_unreadable", name=doc.source_name) from None
    rows = answered_rows(doc.rows)
    if doc.deviation_table is not None:
        _fill_deviation_table(document, doc.deviation_table, rows, doc.language)
    else:
        _answer_in_place(document, rows, doc.language)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _missing(location: Location, clause: str, lang: str) -> InvalidInput:
    return InvalidInput("tender_fill_location_missing", clause=clause, where=location.label(lang))


def _styles(document: Any) -> Any:
    return document.styles.element


def _numbering(document: Any) -> Any | None:
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None


# --- the tender's own 偏离表 ------------------------------------------------------------------------

def _is_template(tr: Any, columns: set[int]) -> bool:
    return columns <= set(dx.grid_starts(tr)) and all(set(element_text(tc)) <= _FILLER for tc in row_cells(tr))


def _row_from_header(header: Any) -> Any:
    row = deepcopy(header)
    for tag in ("w:tblHeader", "w:cantSplit"):
        for element in row.iter(qn(tag)):
            element.getparent().remove(element)
    for tag in ("w:shd", "w:b", "w:bCs"):
        for element in list(row.iter(qn(tag))):
            if element.getparent().tag != qn("w:pPr"):
                element.getparent().remove(element)
    return row


_W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"


def _clear(tr: Any) -> None:
    """Empty a row that is to be copied; what must stay unique in a document (Word 2010's paragraph
    ids, bookmarks) is taken out of it."""
    for t in tr.iter(qn("w:t")):
        t.text = ""
    for element in tr.iter():
        for name in (f"{_W14}paraId", f"{_W14}textId"):
            element.attrib.pop(name, None)
    for tag in ("w:bookmarkStart", "w:bookmarkEnd"):
        for element in list(tr.iter(qn(tag))):
            element.getparent().remove(element)


def _table_values(n: int, row: AnswerRow, roles: set[str], lang: str) -> dict[str, str]:
    values = {"no": str(n), "clause": clause_label(row), "requirement": row.requirement.strip(),
              "response": response_text(row), "deviation": deviation_label(row, lang),
              "note": row.note.strip(), "evidence": evidence_text(row, lang)}
    if "clause" not in roles and values["clause"]:
        values["requirement"] = f"{values['clause']} {values['requirement']}"
    values["response"] = _answer_text(row, lang, roles)
    return {role: value for role, value in values.items() if role in roles}


def _fill_deviation_table(document: Any, shape: DeviationTableShape, rows: list[AnswerRow], lang: str) -> None:
    tables = body_tables(document)
    where = shape.location
    head = where.row or 0
    if where.table is None or not 0 <= where.table < len(tables) or not 0 <= head < len(table_rows(tables[where.table])):
        raise InvalidInput("tender_fill_table_missing", where=where.label(lang))
    tbl = tables[where.table]
    trs = table_rows(tbl)
    starts = dx.grid_starts(trs[head])
    grid = {role: starts[i] for role, i in shape.columns.items() if 0 <= i < len(starts)}
    templates = [tr for tr in trs[head + 1:] if _is_template(tr, set(grid.values()))]
    model = deepcopy(templates[-1]) if templates else _row_from_header(trs[head])
    _clear(model)
    anchor = templates[-1] if templates else trs[head]
    east_asia = dx.first_east_asia(tbl) or "宋体"
    styles = _styles(document)
    for n, row in enumerate(rows, start=1):
        if n <= len(templates):
            tr = templates[n - 1]
        else:
            tr = deepcopy(model)
            anchor.addnext(tr)
            anchor = tr
        cells = dx.cells_by_grid(tr)
        tallest = 0
        for role, value in _table_values(n, row, set(grid), lang).items():
            cell = cells.get(grid[role])
            if cell is not None:
                dx.write_cell(cell, value, styles, east_asia)
                tallest = max(tallest, dx.cell_lines(cell, value))
        if tallest > dx.LONG_ROW_LINES:
            dx.allow_split(tr)


# --- answers beside the requirements --------------------------------------------------------------

def _answer_text(row: AnswerRow, lang: str, roles: Collection[str] = ()) -> str:
    w = words(lang)
    text, deviation = response_text(row), deviation_label(row, lang)
    if deviation and "deviation" not in roles:
        text = f"{text}{w['paren'].format(text=deviation)}" if text else deviation
    lines = [text]
    if row.note.strip() and "note" not in roles:
        lines.append(w["note"] + row.note.strip())
    evidence = evidence_text(row, lang)
    if evidence and "evidence" not in roles:
        lines.append(w["evidence"] + evidence)
    return "\n".join(lines)


def _answer_paragraph(document: Any, model: Any, label: str, text: str) -> Any:
    styles = _styles(document)
    ppr = model.find(qn("w:pPr"))
    ppr = deepcopy(ppr) if ppr is not None else OxmlElement("w:pPr")
    for tag in ("w:numPr", "w:outlineLvl", "w:sectPr", "w:pageBreakBefore", "w:pPrChange", "w:framePr", "w:ind"):
        for child in ppr.findall(qn(tag)):
            ppr.remove(child)
    if dx.is_heading(styles, model):
        for child in ppr.findall(qn("w:pStyle")):
            ppr.remove(child)
    mark = ppr.find(qn("w:rPr"))
    if mark is not None:
        ppr.replace(mark, dx.clean_rpr(mark))
    if dx.is_numbered(styles, model) and ppr.find(qn("w:pStyle")) is not None:
        ppr.get_or_add_numPr().get_or_add_numId().val = 0  # the style's list numbering switched off
    ind = ppr.get_or_add_ind()
    ind.set(qn("w:left"), str(dx.left_indent(styles, _numbering(document), model) + ANSWER_INDENT))
    ind.set(qn("w:firstLine"), "0")
    ind.set(qn("w:firstLineChars"), "0")
    p = OxmlElement("w:p")
    p.append(ppr)
    rpr = dx.clean_rpr(dx.model_rpr(model), dx.EMPHASIS)
    bold = deepcopy(rpr)
    bold.get_or_add_b()
    p.append(dx.make_run(bold, label))
    p.extend(dx.make_runs(rpr, text))
    return p


def _header_roles(trs: list[Any]) -> dict[int, str]:
    roles: dict[int, str] = {}
    for tr in trs:
        for start, tc in dx.cells_by_grid(tr).items():
            heading = element_text(tc).strip().lower()
            for role, keys in _ROLE_WORDS:
                if heading and any(k in heading for k in keys):
                    roles.setdefault(start, role)
                    break
    return roles


def _answer_in_row(document: Any, tbl: Any, location: Location, row: AnswerRow, lang: str) -> bool:
    """The answer into the requirement row's own response cell; False when the table has none free."""
    trs = table_rows(tbl)
    if location.row is None or not 0 <= location.row < len(trs):
        raise _missing(location, row.clause, lang)
    tr = trs[location.row]
    cells = dx.cells_by_grid(tr)
    own = dx.grid_starts(tr)[location.column] if location.column is not None and location.column < len(cells) else -1
    free = {start: role for start, role in _header_roles(trs[:min(location.row, 3)]).items()
            if start != own and start in cells and not element_text(cells[start]).strip()}
    if "response" not in free.values():
        return False
    values = {"response": _answer_text(row, lang, set(free.values())), "deviation": deviation_label(row, lang),
              "note": row.note.strip(), "evidence": evidence_text(row, lang)}
    styles, east_asia = _styles(document), dx.first_east_asia(tbl) or "宋体"
    done: set[str] = set()
    for start, role in sorted(free.items()):
        if role not in done:
            dx.write_cell(cells[start], values[role], styles, east_asia)
            done.add(role)
    return True


def _answer_in_place(document: Any, rows: list[AnswerRow], lang: str) -> None:
    blocks, tables = body_blocks(document), body_tables(document)
    w = words(lang)
    last: dict[Any, Any] = {}  # requirement element -> the last answer paragraph put after it
    for row in rows:
        where = row.location
        if where.table is not None:
            if not 0 <= where.table < len(tables):
                raise _missing(where, row.clause, lang)
            target = tables[where.table]
            if where.row is not None and _answer_in_row(document, target, where, row, lang):
                continue
            cells = row_cells(table_rows(target)[where.row]) if where.row is not None else []
            cell = cells[where.column] if where.column is not None and where.column < len(cells) else None
            source = cell if cell is not None else target
        elif where.block is not None and 0 <= where.block < len(blocks):
            target = source = blocks[where.block]
        else:
            raise _missing(where, row.clause, lang)
        model = source if source.tag == qn("w:p") else next(source.iter(qn("w:p")), OxmlElement("w:p"))
        label = w["answer"] if target.tag == qn("w:p") else w["answer_to"].format(clause=clause_label(row))
        paragraph = _answer_paragraph(document, model, label, _answer_text(row, lang))
        last.get(target, target).addnext(paragraph)
        last[target] = paragraph
