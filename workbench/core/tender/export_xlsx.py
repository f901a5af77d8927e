"""A response's table as one .xlsx sheet: the 技术偏离表 (or a questionnaire's responses) with a bold,
frozen header, column widths from the content, wrapped text and the deviation (or answer) column
as a drop-down, so a colleague can go on editing it in Excel or WPS."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from workbench.core.company import CompanyProfile
from workbench.core.proposals.textwidth import is_wide
from workbench.core.tender.answer_text import (
    Table,
    deviation_table,
    is_questionnaire,
    labels,
    questionnaire_table,
)
from workbench.core.tender.model import ResponseDocument

MAX_WIDTH = 45  # characters: a longer text wraps
LINE_PT = 16.0  # the height of one line of 11 pt text, Chinese included
MIN_WIDTH = 6
SHEET_TITLE_MAX = 31  # Excel's limit
HEADER_FILL = "DCE6F2"
SPARE_ROWS = 200  # the drop-down also covers rows a colleague adds below


def _chars(text: str) -> int:
    """The width of ``text`` in Excel's units: a Chinese character takes two."""
    return sum(2 if is_wide(c) else 1 for c in text)


def _width(header: str, cells: list[str]) -> float:
    longest = max([_chars(header)] + [max((_chars(line) for line in c.splitlines()), default=0) for c in cells])
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide, wrapped."""
    room = max(1.0, width - 1)
    return sum(max(1, math.ceil(_chars(line) / room)) for line in text.splitlines() or [""])


def _list_formula(choices: tuple[str, ...]) -> str | None:
    """An inline list for a data validation (at most 255 characters, no commas or quotes in a value)."""
    values = [c for c in choices if c and "," not in c and '"' not in c]
    formula = '"' + ",".join(values) + '"'
    return formula if values and len(formula) <= 257 else None


def write_table(table: Table, title: str, out: Path, company: CompanyProfile, author: str | None,
                doc_title: str) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:SHEET_TITLE_MAX]
    sheet.append(list(table.headers))
    for row in table.rows:
        sheet.append(list(row))
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            # text that starts with "=" is kept as the text it is: openpyxl would store it as a
            # formula, and Excel would run a customer's "=cmd|..." when the sheet opens
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = border
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = border
    widths = [_width(header, [r[n] for r in table.rows]) for n, header in enumerate(table.headers)]
    for n, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(n + 1)].width = width
    # row heights set, not left to the reader: LibreOffice shows one line of a wrapped cell otherwise
    for number, row in enumerate([table.headers, *table.rows], start=1):
        lines = max((_lines(text, widths[n]) for n, text in enumerate(row) if n < len(widths)), default=1)
        sheet.row_dimensions[number].height = LINE_PT * lines + 4
    sheet.freeze_panes = "A2"
    # printed: A4 landscape, all columns on the page's width, the header on every page
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = "1:1"
    formula = _list_formula(table.choices)
    if table.deviation_column is not None and formula is not None:
        letter = get_column_letter(table.deviation_column + 1)
        validation = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False)
        validation.error = "请从列表中选择" if any(is_wide(c) for c in formula) else "Choose a value from the list"
        validation.showErrorMessage = True
        validation.add(f"{letter}2:{letter}{len(table.rows) + 1 + SPARE_ROWS}")
        sheet.add_data_validation(validation)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props = workbook.properties
    props.creator = author or company.name
    props.lastModifiedBy = author or company.name
    props.title = doc_title
    props.created = now
    props.modified = now
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    workbook.save(str(tmp))
    tmp.replace(out)
    return out


def write_xlsx(doc: ResponseDocument, out: Path, company: CompanyProfile, author: str | None = None) -> Path:
    if is_questionnaire(doc):
        return write_table(questionnaire_table(doc), labels("en")["responses"], out, company, author, doc.title)
    return write_table(deviation_table(doc), labels(doc.language)["deviation_table"], out, company, author, doc.title)
