"""FAQ and objection lists from .csv and .xlsx, with Chinese or English headers.

A table is read whole or refused: one file may hold at most ``MAX_ROWS`` data rows. A bigger one
is refused up front with its row count, never cut: an .xlsx by the dimension its sheets declare
(read from the zip without loading the workbook, so a million-row sheet costs milliseconds), a
.csv (at most 50 MB) by counting its rows."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from workbench.core.errors import ImportRejected, WorkbenchError
from workbench.core.knowledge.files import (
    MAX_CONTAINER_BYTES,
    check_zip_container,
    decode_text,
    read_limited,
)
from workbench.core.knowledge.model import ItemDraft, Kind, clean_tags, parse_kind, validate_slug

HEADERS: dict[str, tuple[str, ...]] = {
    "question": ("question", "q", "faq", "问题", "问", "常见问题", "提问", "問題", "客户问题"),
    "objection": ("objection", "异议", "客户异议", "異議", "客戶異議", "顾虑", "顧慮"),
    "answer": (
        "answer", "a", "response", "reply", "script", "回答", "答案", "答复", "答覆", "回应",
        "回應", "应对话术", "應對話術", "话术", "話術", "回复", "回覆", "解答",
    ),
    "tags": ("tags", "tag", "标签", "標籤", "关键词", "關鍵詞"),
    "industry": ("industry", "行业", "行業"),
    "product": ("product", "产品", "產品"),
    "kind": ("kind", "type", "类型", "類型"),
    "id": ("id", "编号", "編號"),
    "owner": ("owner", "负责人", "負責人", "作者"),
}
_LOOKUP = {alias.lower(): field for field, aliases in HEADERS.items() for alias in aliases}
_HEADER_SCAN_ROWS = 10
# the most data rows one .csv/.xlsx may hold; a bigger file is refused whole (README says so)
MAX_ROWS = 50_000


@dataclass(frozen=True)
class SourceItem:
    """One item read from a file; ``row`` is its row number in a table (1-based, as a spreadsheet
    shows it), None for a file that holds one item."""

    draft: ItemDraft
    row: int | None = None


def _too_many(rows: int, limit: int) -> ImportRejected:
    return ImportRejected("import_too_many_rows", rows=rows, limit=limit)


def _blank(row: list[str]) -> bool:
    return not any(str(cell or "").strip() for cell in row)


def _accepted() -> str:
    return " / ".join(
        "|".join(HEADERS[f][:4]) for f in ("question", "objection", "answer")
    )


def _find_header(rows: list[list[str]]) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        for col, cell in enumerate(row):
            field = _LOOKUP.get(str(cell or "").strip().lower())
            if field and field not in columns:
                columns[field] = col
        if ("question" in columns or "objection" in columns) and "answer" in columns:
            return index, columns
    raise ImportRejected("import_table_no_header", accepted=_accepted())


def rows_to_drafts(rows: list[list[str]], limit: int = MAX_ROWS) -> list[SourceItem]:
    """Every data row as an item, or ImportRejected naming the first bad row; more than ``limit``
    data rows (blank rows not counted) refuses the table."""
    header_at, cols = _find_header(rows)
    data_rows = sum(1 for row in rows[header_at + 1 :] if not _blank(row))
    if data_rows > limit:
        raise _too_many(data_rows, limit)
    default_kind = Kind.OBJECTION if "objection" in cols and "question" not in cols else Kind.FAQ
    title_col = cols.get("question", cols.get("objection"))
    assert title_col is not None

    def cell(row: list[str], field: str) -> str:
        col = cols.get(field)
        if col is None or col >= len(row) or row[col] is None:
            return ""
        return str(row[col]).strip()

    drafts: list[SourceItem] = []
    first_row: dict[str, int] = {}
    for offset, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        title = str(row[title_col]).strip() if title_col < len(row) and row[title_col] else ""
        answer = cell(row, "answer")
        if not title and not answer:
            continue
        if not title:
            raise ImportRejected("import_table_bad_row", row=offset, detail="the question/objection is empty")
        if not answer:
            raise ImportRejected("import_table_bad_row", row=offset, detail="the answer is empty")
        try:
            kind = parse_kind(cell(row, "kind")) if cell(row, "kind") else default_kind
            slug = cell(row, "id") or _row_slug(kind, title)
            validate_slug(slug)
        except WorkbenchError as exc:
            raise ImportRejected("import_table_bad_row", row=offset, detail=exc.message("en")) from None
        other = first_row.setdefault(slug, offset)
        if other != offset:
            raise ImportRejected("import_table_duplicate_row", row=offset, other=other, id=slug)
        draft = ItemDraft(
            kind=kind,
            title=title,
            body=answer,
            slug=slug,
            industry=cell(row, "industry"),
            product=cell(row, "product"),
            tags=tuple(clean_tags(cell(row, "tags"))),
            owner=cell(row, "owner"),
        )
        drafts.append(SourceItem(draft, offset))
    if not drafts:
        raise ImportRejected("import_table_no_rows")
    return drafts


def _row_slug(kind: Kind, title: str) -> str:
    """Stable across re-imports: the same question always lands on the same item."""
    digest = hashlib.sha1(" ".join(title.split()).lower().encode()).hexdigest()[:12]
    return f"{kind.value}-{digest}"


def read_csv(path: Path, limit: int = MAX_ROWS) -> list[SourceItem]:
    text = decode_text(read_limited(path, MAX_CONTAINER_BYTES))
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # every row is read (the file is at most 50 MB): a table is imported whole or refused, never
    # cut; rows past what a table within the limit can hold are only counted, not kept
    most = limit + _HEADER_SCAN_ROWS
    rows: list[list[str]] = []
    beyond = 0
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            if len(rows) <= most:
                rows.append(row)
            elif not _blank(row):
                beyond += 1
    except csv.Error as exc:
        raise ImportRejected("import_table_bad_row", row="?", detail=str(exc)) from None
    if beyond:
        header_at, _ = _find_header(rows)
        raise _too_many(sum(1 for row in rows[header_at + 1 :] if not _blank(row)) + beyond, limit)
    return rows_to_drafts(rows, limit)


# <dimension ref="A1:F1000001"/> near the top of a worksheet part (Excel, LibreOffice, WPS and
# openpyxl's normal mode write it; openpyxl's write-only mode does not); "A1" alone has no range
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]*(\d*)(?::[A-Z]*(\d+))?\"")
_DIMENSION_SCAN_BYTES = 64 * 1024
_ROW_START = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)>")
_TAG_OVERLAP = 32  # longer than any tag the two patterns above look for


class SheetSize(NamedTuple):
    rows: int
    exact: bool  # the declared size; False: counted, and counting stopped past the limit


def sheet_sizes(path: Path, stop_after: int) -> dict[str, SheetSize | None]:
    """How many rows each worksheet part of an .xlsx holds, read from the zip without loading the
    workbook: its declared dimension (its last row), else its rows with a value counted in the
    raw XML, stopping once past ``stop_after`` (so a million-row sheet costs a few megabytes of
    reading). None: the part declares nothing and holds no more than ``stop_after`` rows."""
    found: dict[str, SheetSize | None] = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            with zf.open(name) as fh:
                head = fh.read(_DIMENSION_SCAN_BYTES)
            match = _DIMENSION.search(head)
            last = (match.group(2) or match.group(1)) if match else None
            if last:
                found[name] = SheetSize(int(last), True)
            else:
                counted = _count_rows_with_values(zf, name, stop_after)
                found[name] = SheetSize(counted, False) if counted > stop_after else None
    return found


def _count_rows_with_values(zf: zipfile.ZipFile, name: str, stop_after: int) -> int:
    """Rows holding at least one value (<v> or an inline string) in a worksheet part's XML,
    streamed; stops counting once past ``stop_after``."""
    count = 0
    in_row = has_value = False
    tail = b""
    with zf.open(name) as fh:
        while True:
            chunk = fh.read(1 << 20)
            buf = tail + chunk
            # keep the last bytes for the next round: a tag may be cut at the chunk boundary
            upto = len(buf) if not chunk else max(len(buf) - _TAG_OVERLAP, 0)
            position = 0
            for start in _ROW_START.finditer(buf, 0, upto):
                has_value = has_value or bool(_CELL_VALUE.search(buf, position, start.start()))
                count += in_row and has_value
                if count > stop_after:
                    return count
                in_row, has_value, position = True, False, start.start()
            has_value = has_value or bool(_CELL_VALUE.search(buf, position, upto))
            if not chunk:
                return count + (in_row and has_value)
            tail = buf[upto:]


def _sheet_rows(values: Iterable[tuple[object, ...]], limit: int) -> list[list[str]]:
    """A sheet's rows as text, reading no further than a table within ``limit`` can reach: a sheet
    that goes on is refused without reading the rest."""
    most = limit + _HEADER_SCAN_ROWS
    rows: list[list[str]] = []
    for row in values:
        if len(rows) == most + 1:
            if any(v is not None and str(v).strip() for v in row):
                raise ImportRejected("import_too_many_rows_over", limit=limit)
            continue
        rows.append(["" if v is None else str(v) for v in row])
    return rows


def read_xlsx(path: Path, limit: int = MAX_ROWS) -> list[SourceItem]:
    check_zip_container(path, "import_docx_unsafe", "import_xlsx_corrupt")
    most = limit + _HEADER_SCAN_ROWS
    try:
        sizes = sheet_sizes(path, most)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
        raise ImportRejected("import_xlsx_corrupt", detail=type(exc).__name__) from None
    known = [size for size in sizes.values() if size is not None]
    if sizes and len(known) == len(sizes) and min(size.rows for size in known) > most:
        # every sheet is larger than any table we take: refuse before loading the workbook
        smallest = min(known)
        if not smallest.exact:
            raise ImportRejected("import_too_many_rows_over", limit=limit)
        raise _too_many(smallest.rows, limit)
    import openpyxl  # imported here: only imports of spreadsheets pay for it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError) as exc:
        raise ImportRejected("import_xlsx_corrupt", detail=type(exc).__name__) from None
    try:
        last_error: ImportRejected | None = None
        for sheet in book.worksheets:
            size = sheet.max_row if isinstance(sheet.max_row, int) else None
            if size is not None and size > limit + _HEADER_SCAN_ROWS:
                raise _too_many(size, limit)
            # read the rows that are there, not the declared size: a dimension that says fewer
            # rows than the sheet holds would otherwise cut the table silently
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()
            rows = _sheet_rows(sheet.iter_rows(values_only=True), limit)
            try:
                return rows_to_drafts(rows, limit)
            except ImportRejected as exc:
                if exc.code == "import_too_many_rows":
                    raise
                last_error = exc
        raise last_error or ImportRejected("import_table_no_rows")
    finally:
        book.close()
