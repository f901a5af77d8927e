"""An .xlsx as a ``Source``: one ``Table`` per sheet (every sheet), each cell with its reference,
and each cell's drop-down list (data validation of type list) as its allowed answers."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter, range_boundaries

from workbench.core.errors import ImportRejected
from workbench.core.tender.model import Location
from workbench.core.tender.readers import MAX_TABLE_ROWS, Cell, Source, Table, clip, too_big
from workbench.core.tender.readers.container import check_ooxml

MAX_SHEET_XML = 60 * 1024 * 1024  # unpacked sheet XML openpyxl may load (it keeps every cell in memory)
MAX_COLUMNS = 200
MAX_CHOICES = 200


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clip(str(value).strip())


def _list_choices(book: Any, ws: Any, formula: str) -> tuple[str, ...]:
    formula = (formula or "").strip()
    if formula.startswith('"') and formula.endswith('"'):
        return tuple(x.strip() for x in formula[1:-1].split(",") if x.strip())[:MAX_CHOICES]
    ref = formula.lstrip("=")
    if ref in book.defined_names:  # a named range
        dests = list(book.defined_names[ref].destinations)
        if not dests:
            return ()
        sheet_name, ref = dests[0]
        target = book[sheet_name] if sheet_name in book.sheetnames else ws
    elif "!" in ref:
        sheet_name, ref = ref.rsplit("!", 1)
        sheet_name = sheet_name.strip("'")
        if sheet_name not in book.sheetnames:
            return ()
        target = book[sheet_name]
    else:
        target = ws
    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
    except (ValueError, TypeError):
        return ()
    if min_col is None or min_row is None or max_col is None or max_row is None:
        return ()
    out: list[str] = []
    for row in target.iter_rows(min_row=min_row, max_row=min(max_row, min_row + MAX_CHOICES),
                                min_col=min_col, max_col=max_col, values_only=True):
        out.extend(_cell_text(v) for v in row if _cell_text(v))
    return tuple(out)


def _validations(book: Any, ws: Any, rows: int, cols: int) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for dv in ws.data_validations.dataValidation:
        if dv.type != "list":
            continue
        choices = _list_choices(book, ws, dv.formula1 or "")
        if not choices:
            continue
        for rng in dv.sqref.ranges:
            min_col, min_row, max_col, max_row = rng.bounds
            for r in range(min_row, min(max_row, rows) + 1):
                for c in range(min_col, min(max_col, cols) + 1):
                    out[f"{get_column_letter(c)}{r}"] = choices
    return out


def _check_sheet_size(path: Path, name: str) -> None:
    with zipfile.ZipFile(path) as zf:
        total = sum(i.file_size for i in zf.infolist() if re.match(r"xl/worksheets/.*\.xml$", i.filename))
    if total > MAX_SHEET_XML:
        raise too_big(name, "sheet data (MB)", "工作表数据（MB）", MAX_SHEET_XML // 1048576)


def read_xlsx(path: Path, name: str) -> Source:
    check_ooxml(path, name)
    _check_sheet_size(path, name)
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises KeyError, InvalidFileException, XML errors ...
        raise ImportRejected("tender_corrupt", name=name, detail=f"{type(exc).__name__}"[:200]) from None
    tables: list[Table] = []
    total = 0
    try:
        for ws in book.worksheets:
            max_row, max_col = ws.max_row or 0, min(ws.max_column or 0, MAX_COLUMNS)
            total += max_row
            if total > MAX_TABLE_ROWS:
                raise too_big(name, "rows", "行数", MAX_TABLE_ROWS)
            rows: list[tuple[Cell, ...]] = []
            for r, values in enumerate(ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col, values_only=True),
                                       start=1):
                rows.append(tuple(Cell(text=_cell_text(v), column=c, grid=c, ref=f"{get_column_letter(c + 1)}{r}")
                                  for c, v in enumerate(values)))
            tables.append(Table(rows=tuple(rows), location=Location(sheet=ws.title),
                                validations=_validations(book, ws, max_row, max_col)))
    finally:
        book.close()
    return Source(blocks=tuple(tables))
