"""Answers written into a customer's .xlsx questionnaire.

The workbook is read with openpyxl only to decide what goes where; it is never saved by openpyxl
(which drops images, charts, shapes, comments' VML, form controls, slicers and x14 data validations).
Instead the changed cells are written into the sheet XML in the zip, and every other part of the
file is copied unchanged: other sheets, styles, column widths, merged cells, data validations, defined
names, freeze panes, drawings and comments stay exactly as the customer made them.

Per answered row, on the question's sheet (``location.sheet``):
- ``answer_choice`` goes into ``location.answer_cell``. When that cell has a list validation (an inline
  list, a range, or a defined name), the choice must be one of its values (matched ignoring case and
  written as the list spells it), else ``tender_fill_choice_not_allowed``; without one, the choice
  must be among the row's ``allowed_answers`` when extraction found any.
- the response text goes into the question row's cell under the comments column: the header row is
  the first row above the question (at most 200 rows down the sheet) that has text in the question's
  column and a header word somewhere; the comments column is the one, other than the question's and
  the answer's, whose header says Comment(s), Explanation, Response, Remarks, Notes, Details,
  Justification, 说明, 备注, 应答, 响应, 答复 or 回复 (in that order of preference). When the answer
  cell is a free-text cell (no drop-down and no choice), the response goes into the answer cell
  itself. When the sheet has no comments column, one is added after the header's last column, headed
  "Comments"/"说明" in the style of the header cell beside it, so no answer is lost.
- evidence (with its page) goes under an Evidence / Reference / Supporting / 证明材料 column when there
  is one; else, like remarks (``note``) and the deviation, it is added to the response text.
A cell holding a formula is never overwritten (``tender_fill_formula_cell``).

A row the customer gave a fixed height (``customHeight``) is made taller when the text written into one
of its wrapping cells needs more lines at that column's width than the row shows (Excel and LibreOffice
cut the rest off: a three-line answer in the demo questionnaire's two-line rows showed two); a row is
never made shorter, and rows of automatic height are left to the program, which fits them itself.
"""

from __future__ import annotations

import bisect
import io
import math
import posixpath
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from lxml import etree  # type: ignore[import-untyped]
from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
    range_boundaries,
)
from openpyxl.worksheet.cell_range import MultiCellRange

from workbench.core.errors import InvalidInput
from workbench.core.tender.fill_common import (
    answered_rows,
    clean_text,
    deviation_label,
    evidence_text,
    open_package,
    words,
)
from workbench.core.tender.model import AnswerRow, ResponseDocument

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
_XM = "http://schemas.microsoft.com/office/excel/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'  # as Excel writes it
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell
HEADER_SCAN_ROWS = 200
HEADER_SCAN_COLUMNS = 200  # a sheet formatted out to column XFD is not read 16,384 cells a row
MAX_LIST_CELLS = 1_000
MAX_ROW_HEIGHT_PT = 409  # Excel's tallest row
LINE_HEIGHT = 1.3  # a wrapped line's height in points per point of font size (15 pt for Calibri 11)
DEFAULT_COLUMN_WIDTH = 8.43  # Excel's, in widths of the digit 0
_COMMENT_WORDS = ("comment", "explanation", "response", "remark", "note", "detail", "justification",
                  "说明", "說明", "备注", "備註", "应答", "應答", "响应", "響應", "答复", "答覆", "回复", "回覆")
_EVIDENCE_WORDS = ("evidence", "reference", "supporting", "attachment", "证明", "證明", "证据", "證據", "佐证", "附件")
_DEVIATION_WORDS = ("deviation", "偏离", "偏離")
_HEADER_WORDS = _COMMENT_WORDS + _EVIDENCE_WORDS + _DEVIATION_WORDS + (
    "question", "requirement", "answer", "category", "control", "id", "no.", "序号", "问题", "要求", "回答", "类别")


@dataclass
class _Write:
    text: str
    style_from: str | None = None  # a new cell takes this cell's style (a new header column)
    height_pt: float = 0.0  # the height its wrapped text needs (0: the cell does not wrap)


@dataclass
class _Book:
    wb: Any  # openpyxl's reading of the workbook (never saved)
    zf: zipfile.ZipFile  # the customer's file
    parts: dict[str, str]  # sheet name -> zip path of its XML
    x14: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # sheet -> (sqref, list formula)
    layouts: dict[tuple[str, int, int], _Layout | None] = field(default_factory=dict)

    def x14_lists(self, sheet: str) -> list[tuple[str, str]]:
        """Excel 2010's list validations (``x14:dataValidation`` in the sheet's ``extLst``, what Excel
        writes for a list on another sheet): openpyxl does not read them."""
        if sheet not in self.x14:
            root = etree.fromstring(self.zf.read(self.parts[sheet]), _parser())
            self.x14[sheet] = [
                (sqref.text or "", formula.text or "")
                for dv in root.iter(f"{{{_X14}}}dataValidation") if dv.get("type") == "list"
                for formula in dv.iterfind(f"{{{_X14}}}formula1/{{{_XM}}}f")
                for sqref in dv.iterfind(f"{{{_XM}}}sqref")]
        return self.x14[sheet]


@dataclass(frozen=True)
class _Layout:
    header_row: int
    columns: dict[str, int]  # comments/evidence/deviation -> column index (1-based)
    last_column: int


def fill_xlsx(content: bytes, doc: ResponseDocument) -> bytes:
    zf = open_package(content, doc.source_name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "extension is not supported and will be removed": we never save
            wb = openpyxl.load_workbook(io.BytesIO(content))
    except Exception:  # a corrupt .xlsx raises anything from KeyError to zlib.error
        raise InvalidInput("tender_fill_unreadable", name=doc.source_name) from None
    try:
        book = _Book(wb, zf, _sheet_parts(zf))
    except (KeyError, etree.XMLSyntaxError):
        raise InvalidInput("tender_fill_unreadable", name=doc.source_name) from None
    writes: dict[str, dict[str, _Write]] = {}
    for row in answered_rows(doc.rows):
        _plan(book, row, doc.language, writes)
    return _patch(book, writes, doc.source_name)


# --- what goes where --------------------------------------------------------------------------------

def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _anchor(ws: Any, coord: str) -> str:
    """A cell inside a merged range stands for the range's top-left cell (the one Excel shows)."""
    for merged in ws.merged_cells.ranges:
        if coord in merged:
            return str(merged.start_cell.coordinate)
    return coord


def _list_values(wb: Any, ws: Any, formula: str | None) -> list[str] | None:
    """The values of a list validation's ``formula1``; None when they cannot be read."""
    formula = (formula or "").strip()
    if formula.startswith('"') and formula.endswith('"'):
        return [v.strip() for v in formula[1:-1].split(",") if v.strip()]
    ref = formula.lstrip("=")
    if ref in wb.defined_names:
        ref = wb.defined_names[ref].attr_text
    sheet = ws
    if "!" in ref:
        name, ref = ref.rsplit("!", 1)
        name = name.strip("'").replace("''", "'")
        if name not in wb.sheetnames:
            return None
        sheet = wb[name]
    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
    except (ValueError, TypeError):
        return None
    if None in (min_col, min_row, max_col, max_row):
        return None
    if (max_col - min_col + 1) * (max_row - min_row + 1) > MAX_LIST_CELLS:
        return None
    return [_text(c.value) for line in sheet.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col,
                                                      max_col=max_col) for c in line if _text(c.value)]


def _allowed(book: _Book, ws: Any, coord: str) -> list[str] | None:
    for validation in ws.data_validations.dataValidation:
        if validation.type == "list" and coord in validation.sqref:
            return _list_values(book.wb, ws, validation.formula1)
    for sqref, formula in book.x14_lists(ws.title):
        if coord in MultiCellRange(sqref):
            return _list_values(book.wb, ws, formula)
    return None


def _layout(ws: Any, question_row: int, question_col: int, answer_col: int) -> _Layout | None:
    for r in range(1, min(question_row, HEADER_SCAN_ROWS + 1)):
        values = {c: _text(ws.cell(r, c).value).lower() for c in range(1, min(ws.max_column, HEADER_SCAN_COLUMNS) + 1)}
        values = {c: v for c, v in values.items() if v}
        if question_col not in values or not any(w in v for v in values.values() for w in _HEADER_WORDS):
            continue
        columns: dict[str, int] = {}
        for role, keys in (("evidence", _EVIDENCE_WORDS), ("deviation", _DEVIATION_WORDS),
                           ("comments", _COMMENT_WORDS)):
            for key in keys:
                found = [c for c, v in sorted(values.items())
                         if key in v and c not in (question_col, answer_col) and c not in columns.values()]
                if found:
                    columns[role] = found[0]
                    break
        return _Layout(r, columns, max(values))
    return None


def _plan(book: _Book, row: AnswerRow, lang: str, writes: dict[str, dict[str, _Write]]) -> None:
    wb, layouts = book.wb, book.layouts
    where = row.location
    if where.sheet is None or where.sheet not in wb.sheetnames or not (where.cell or where.answer_cell):
        raise InvalidInput("tender_fill_location_missing", clause=row.clause, where=where.label(lang))
    ws = wb[where.sheet]
    try:
        question = coordinate_from_string(where.cell or where.answer_cell or "")
        answer = _anchor(ws, where.answer_cell) if where.answer_cell else None
        answer_col = column_index_from_string(coordinate_from_string(answer)[0]) if answer else -1
    except ValueError:
        raise InvalidInput("tender_fill_location_missing", clause=row.clause, where=where.label(lang)) from None
    question_col, question_row = column_index_from_string(question[0]), question[1]
    sheet_writes = writes.setdefault(where.sheet, {})
    w = words(lang)

    choice, text = row.answer_choice.strip(), row.response.strip()
    allowed = _allowed(book, ws, answer) if answer else None
    if choice and answer:
        options = allowed if allowed is not None else list(row.allowed_answers)
        if options:
            spelled = next((o for o in options if o.casefold() == choice.casefold()), None)
            if spelled is None:
                raise InvalidInput("tender_fill_choice_not_allowed", choice=choice,
                                   cell=f"{where.sheet}!{answer}", allowed=" / ".join(options))
            choice = spelled
        sheet_writes[answer] = _Write(choice)
    elif choice:
        text = f"{choice}\n{text}".strip()

    key = (where.sheet, question_col, answer_col)
    if key not in layouts:
        layouts[key] = _layout(ws, question_row, question_col, answer_col)
    layout = layouts[key]
    columns = layout.columns if layout else {}
    extra = []
    deviation = deviation_label(row, lang)
    if deviation and "deviation" in columns:
        sheet_writes[f"{get_column_letter(columns['deviation'])}{question_row}"] = _Write(deviation)
    elif deviation:
        text = f"{text}{w['paren'].format(text=deviation)}" if text else deviation
    if row.note.strip():
        extra.append(w["note"] + row.note.strip())
    evidence = evidence_text(row, lang)
    if evidence and "evidence" in columns:
        cell = f"{get_column_letter(columns['evidence'])}{question_row}"
        sheet_writes[cell] = _Write(evidence, height_pt=_height_needed(ws, cell, evidence))
    elif evidence:
        extra.append(w["evidence"] + evidence)
    text = "\n".join([text, *extra]).strip()
    if not text:
        return
    if answer and not choice and allowed is None and not row.allowed_answers:
        sheet_writes[answer] = _Write(text, height_pt=_height_needed(ws, answer, text))  # a free-text answer cell
        return
    if "comments" not in columns:
        if layout is None:  # no header to put a column under: the text goes after the question
            sheet_writes[f"{get_column_letter(max(question_col, answer_col) + 1)}{question_row}"] = _Write(text)
            return
        column = layout.last_column + 1
        header = f"{get_column_letter(column)}{layout.header_row}"
        sheet_writes.setdefault(header, _Write(w["comments"], f"{get_column_letter(layout.last_column)}{layout.header_row}"))
        layouts[key] = layout = _Layout(layout.header_row, {**columns, "comments": column}, column)
        columns = layout.columns
    comments = _anchor(ws, f"{get_column_letter(columns['comments'])}{question_row}")
    sheet_writes[comments] = _Write(text, height_pt=_height_needed(ws, comments, text))


def _height_needed(ws: Any, coord: str, text: str) -> float:
    """Points of row height ``text`` needs in the cell ``coord`` when the cell wraps its text (0 when
    it does not: more height would not show more). Widths in Excel's unit, the digit 0: a Latin
    character about one, a Chinese one (East Asian wide) two."""
    cell = ws[coord]
    if not getattr(cell.alignment, "wrap_text", False):
        return 0.0
    index = column_index_from_string(coordinate_from_string(coord)[0])
    # a <col> may span several columns: openpyxl keeps it under its first letter, with min and max
    width = next((d.width for d in ws.column_dimensions.values()
                  if d.min is not None and d.max is not None and d.min <= index <= d.max and d.width), None)
    columns = max(float(width or DEFAULT_COLUMN_WIDTH) - 1, 1.0)  # the cell's padding
    lines = 0
    for line in text.splitlines() or [""]:
        wide = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
        lines += max(1, math.ceil(wide / columns))
    size = float(getattr(cell.font, "sz", None) or 11)
    return min(lines * size * LINE_HEIGHT, MAX_ROW_HEIGHT_PT)


def _grow_rows(rows: _Rows, writes: dict[str, _Write]) -> None:
    """Rows of a fixed height made as tall as the wrapped text written into them needs."""
    needed: dict[int, float] = {}
    for coord, write in writes.items():
        if write.height_pt:
            number = coordinate_from_string(coord)[1]
            needed[number] = max(needed.get(number, 0.0), write.height_pt)
    for number, height in needed.items():
        row = rows.get(number, create=False)
        if row is None or row.get("customHeight") not in ("1", "true"):
            continue
        try:
            shown = float(row.get("ht") or 0)
        except ValueError:
            continue
        if shown < height:
            row.set("ht", f"{math.ceil(height * 4) / 4:g}")  # Excel keeps heights in quarter points


# --- writing the cells into the sheet XML ---------------------------------------------------------

def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip path of its XML, read from the workbook's relationships."""
    root_rels = etree.fromstring(zf.read("_rels/.rels"), _parser())
    book = next((r.get("Target", "") for r in root_rels.iter(f"{{{_PKG_REL}}}Relationship")
                 if r.get("Type", "").endswith("/officeDocument")), "xl/workbook.xml").lstrip("/")
    folder = posixpath.dirname(book)
    rels = etree.fromstring(zf.read(posixpath.join(folder, "_rels", posixpath.basename(book) + ".rels")), _parser())
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{{{_PKG_REL}}}Relationship")}
    parts = {}
    for sheet in etree.fromstring(zf.read(book), _parser()).iter(f"{{{_MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{_REL}}}id"), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        parts[sheet.get("name", "")] = path
    return parts


def _column_style(root: Any, column: int) -> str | None:
    for col in root.iter(f"{{{_MAIN}}}col"):
        if int(col.get("min", "0")) <= column <= int(col.get("max", "0")) and col.get("style"):
            return str(col.get("style"))
    return None


class _Rows:
    """The ``row`` elements of a sheetData by number (a row without ``r`` follows the one before),
    so that finding a cell does not walk the whole sheet for each answer."""

    def __init__(self, sheet_data: Any) -> None:
        self.sheet_data = sheet_data
        self.by_number: dict[int, Any] = {}
        number = 0
        for row in sheet_data.iterchildren(f"{{{_MAIN}}}row"):
            number = int(row.get("r") or number + 1)
            self.by_number[number] = row
        self.numbers = sorted(self.by_number)

    def get(self, number: int, create: bool) -> Any | None:
        row = self.by_number.get(number)
        if row is not None or not create:
            return row
        row = etree.Element(f"{{{_MAIN}}}row", r=str(number))
        at = bisect.bisect(self.numbers, number)
        if at < len(self.numbers):
            self.by_number[self.numbers[at]].addprevious(row)
        else:
            self.sheet_data.append(row)
        self.numbers.insert(at, number)
        self.by_number[number] = row
        return row


def _find_cell(rows: _Rows, coord: str, create: bool) -> tuple[Any, bool]:
    letters, number = coordinate_from_string(coord)
    column = column_index_from_string(letters)
    row = rows.get(number, create)
    if row is None:
        return None, False
    at = 0
    for cell in row.iterchildren(f"{{{_MAIN}}}c"):  # a cell without ``r`` follows the one before
        at = column_index_from_string(coordinate_from_string(cell.get("r"))[0]) if cell.get("r") else at + 1
        if at == column:
            return cell, False
        if at > column:
            if not create:
                return None, False
            new = etree.Element(f"{{{_MAIN}}}c", r=coord)
            cell.addprevious(new)
            row.attrib.pop("spans", None)
            return new, True
    if not create:
        return None, False
    new = etree.SubElement(row, f"{{{_MAIN}}}c", r=coord)
    row.attrib.pop("spans", None)
    return new, True


def _patch_sheet(data: bytes, writes: dict[str, _Write], sheet: str) -> bytes:
    root = etree.fromstring(data, _parser())
    sheet_data = root.find(f"{{{_MAIN}}}sheetData")
    if sheet_data is None:
        sheet_data = etree.SubElement(root, f"{{{_MAIN}}}sheetData")
    rows = _Rows(sheet_data)
    for coord, write in writes.items():
        text = clean_text(write.text)
        if len(text) > MAX_CELL_TEXT:
            raise InvalidInput("text_too_long", field=f"{sheet}!{coord}", length=len(text), limit=MAX_CELL_TEXT)
        cell, new = _find_cell(rows, coord, create=True)
        if cell.find(f"{{{_MAIN}}}f") is not None:
            raise InvalidInput("tender_fill_formula_cell", cell=f"{sheet}!{coord}")
        if new:
            source = _find_cell(rows, write.style_from, create=False)[0] if write.style_from else None
            style = source.get("s") if source is not None else _column_style(root, column_index_from_string(
                coordinate_from_string(coord)[0]))
            if style:
                cell.set("s", style)
        for child in list(cell):
            cell.remove(child)
        cell.set("t", "inlineStr")
        inline = etree.SubElement(cell, f"{{{_MAIN}}}is")
        t = etree.SubElement(inline, f"{{{_MAIN}}}t")
        t.text = text
        t.set(_XML_SPACE, "preserve")
    _grow_rows(rows, writes)
    return _DECLARATION + bytes(etree.tostring(root, encoding="UTF-8", xml_declaration=False))


def _patch(book: _Book, writes: dict[str, dict[str, _Write]], name: str) -> bytes:
    zf, parts = book.zf, book.parts
    try:
        patched = {parts[sheet]: _patch_sheet(zf.read(parts[sheet]), cells, sheet)
                   for sheet, cells in writes.items() if cells}
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in zf.infolist():
                target.writestr(info, patched.get(info.filename) or zf.read(info))
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile):
        raise InvalidInput("tender_fill_unreadable", name=name) from None
    return out.getvalue()
