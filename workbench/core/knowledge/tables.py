"""FAQ and objection lists from .csv and .xlsx, with Chinese or English headers."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from itertools import islice
from pathlib import Path

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
MAX_ROWS = 20_000


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


def rows_to_drafts(rows: list[list[str]]) -> list[ItemDraft]:
    header_at, cols = _find_header(rows)
    default_kind = Kind.OBJECTION if "objection" in cols and "question" not in cols else Kind.FAQ
    title_col = cols.get("question", cols.get("objection"))
    assert title_col is not None

    def cell(row: list[str], field: str) -> str:
        col = cols.get(field)
        if col is None or col >= len(row) or row[col] is None:
            return ""
        return str(row[col]).strip()

    drafts: list[ItemDraft] = []
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
        drafts.append(
            ItemDraft(
                kind=kind,
                title=title,
                body=answer,
                slug=slug,
                industry=cell(row, "industry"),
                product=cell(row, "product"),
                tags=tuple(clean_tags(cell(row, "tags"))),
                owner=cell(row, "owner"),
            )
        )
    if not drafts:
        raise ImportRejected("import_table_no_rows")
    return drafts


def _row_slug(kind: Kind, title: str) -> str:
    """Stable across re-imports: the same question always lands on the same item."""
    digest = hashlib.sha1(" ".join(title.split()).lower().encode()).hexdigest()[:12]
    return f"{kind.value}-{digest}"


def read_csv(path: Path) -> list[ItemDraft]:
    text = decode_text(read_limited(path, MAX_CONTAINER_BYTES))
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(islice(csv.reader(io.StringIO(text), dialect), MAX_ROWS + _HEADER_SCAN_ROWS))
    except csv.Error as exc:
        raise ImportRejected("import_table_bad_row", row="?", detail=str(exc)) from None
    return rows_to_drafts(rows)


def read_xlsx(path: Path) -> list[ItemDraft]:
    check_zip_container(path, "import_docx_unsafe", "import_xlsx_corrupt")
    import openpyxl  # imported here: only imports of spreadsheets pay for it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError) as exc:
        raise ImportRejected("import_xlsx_corrupt", detail=type(exc).__name__) from None
    try:
        last_error: ImportRejected | None = None
        for sheet in book.worksheets:
            rows = [
                ["" if v is None else str(v) for v in row]
                for row in islice(sheet.iter_rows(values_only=True), MAX_ROWS)
            ]
            try:
                return rows_to_drafts(rows)
            except ImportRejected as exc:
                last_error = exc
        raise last_error or ImportRejected("import_table_no_rows")
    finally:
        book.close()
