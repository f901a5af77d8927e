"""Tables are imported whole or refused with a reason: never cut at a row count."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from tests import factories as f
from workbench.core.knowledge.importer import MAX_ROWS, read_drafts
from workbench.core.knowledge.tables import SheetSize, sheet_sizes
from workbench.core.workspace import Workspace


def _faq_csv(path: Path, rows: int) -> Path:
    lines = ["问题,回答,标签"] + [f"第 {n} 个问题？,第 {n} 个回答。,t{n % 5}" for n in range(1, rows + 1)]
    return f.write(path, "\n".join(lines) + "\n")


def _faq_xlsx(path: Path, rows: int, dimension: str | None = "keep") -> Path:
    """A one-sheet FAQ workbook; ``dimension`` replaces the sheet's declared range ("A1:B9") or
    removes it (None)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Question", "Answer"])
    for n in range(1, rows + 1):
        sheet.append([f"Question {n}?", f"Answer {n}."])
    book.save(str(path))
    if dimension != "keep":
        with zipfile.ZipFile(path) as zf:
            parts = {name: zf.read(name) for name in zf.namelist()}
        xml = parts["xl/worksheets/sheet1.xml"]
        assert b"<dimension " in xml
        new = b"" if dimension is None else f'<dimension ref="{dimension}"/>'.encode()
        parts["xl/worksheets/sheet1.xml"] = re.sub(rb"<dimension [^>]*/>", new, xml)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in parts.items():
                zf.writestr(name, data)
    return path


def test_a_table_past_the_old_20000_row_cut_is_read_whole(tmp_path: Path) -> None:
    """The old reader kept 20,009 rows of a 25,000-row CSV; now every row (parsed, not saved: the
    saving path is the same for any size and is tested below with small tables)."""
    items = read_drafts(_faq_csv(tmp_path / "big.csv", 20_050))
    assert len(items) == 20_050
    assert items[-1].row == 20_051 and items[-1].draft.title == "第 20050 个问题？"


def test_a_csv_over_the_limit_is_refused_whole_with_its_row_count(ws: Workspace, tmp_path: Path) -> None:
    ws.importer.max_rows = 40
    before = ws.knowledge.count()
    report = ws.importer.run(ws.actor(), [_faq_csv(tmp_path / "too-big.csv", 41)]).value
    assert (report.added, report.updated, report.unchanged) == (0, 0, 0)
    [rejected] = report.rejected
    assert rejected.code == "import_too_many_rows"
    assert rejected.params == {"rows": 41, "limit": 40}
    assert "41 rows" in rejected.reason("en") and "at most 40" in rejected.reason("en")
    assert "41 行" in rejected.reason("zh") and "40 行" in rejected.reason("zh")
    assert ws.knowledge.count() == before  # nothing saved

    # at the limit, every row is imported (in several write batches)
    ws.importer.batch_items = 7
    report = ws.importer.run(ws.actor(), [_faq_csv(tmp_path / "just-fits.csv", 40)]).value
    assert (report.added, report.rejected) == (40, [])
    assert ws.knowledge.count() == before + 40


def test_an_xlsx_declaring_a_million_rows_is_refused_without_loading_it(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real default limit: the sheet's declared dimension refuses it before openpyxl reads it."""
    path = _faq_xlsx(tmp_path / "million.xlsx", 3, dimension="A1:B1000001")
    import openpyxl

    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the workbook was loaded")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    report = ws.importer.run(ws.actor(), [path]).value
    [rejected] = report.rejected
    assert rejected.code == "import_too_many_rows"
    assert rejected.params == {"rows": 1_000_001, "limit": 50_000}
    assert "1,000,001 rows" in rejected.reason("en") and "50,000 行" in rejected.reason("zh")
    assert report.added == 0


def test_an_xlsx_is_read_past_a_dimension_that_says_fewer_rows(ws: Workspace, tmp_path: Path) -> None:
    path = _faq_xlsx(tmp_path / "under-declared.xlsx", 30, dimension="A1:B2")
    report = ws.importer.run(ws.actor(), [path]).value
    assert (report.added, report.rejected) == (30, [])


def test_an_xlsx_without_a_dimension_stops_reading_past_the_limit(ws: Workspace, tmp_path: Path) -> None:
    ws.importer.max_rows = 20
    report = ws.importer.run(ws.actor(), [_faq_xlsx(tmp_path / "undeclared.xlsx", 60, dimension=None)]).value
    [rejected] = report.rejected
    assert rejected.code == "import_too_many_rows_over"
    assert "more than 20 rows" in rejected.reason("en") and "超过 20 行" in rejected.reason("zh")
    assert report.added == 0
    # the same sheet within the limit imports whole
    ws.importer.max_rows = 60
    assert ws.importer.run(ws.actor(), [tmp_path / "undeclared.xlsx"]).value.added == 60


def test_a_row_that_would_not_fit_refuses_the_file_before_anything_is_written(
        ws: Workspace, tmp_path: Path) -> None:
    rows = [f"Question {n}?,Answer {n}.,industry" for n in range(1, 300)]
    rows.append(f"Question 300?,Answer 300.,{'x' * 81}")  # the industry column holds 80 characters
    path = f.write(tmp_path / "long.csv", "Question,Answer,Industry\n" + "\n".join(rows) + "\n")
    ws.importer.batch_items = 50
    report = ws.importer.run(ws.actor(), [path]).value
    [rejected] = report.rejected
    assert rejected.code == "import_table_bad_row" and rejected.params["row"] == 301
    assert "industry" in rejected.reason("en")
    assert report.added == 0 and ws.knowledge.count() == 0


def test_two_rows_with_the_same_question_refuse_the_table(ws: Workspace, tmp_path: Path) -> None:
    path = f.write(tmp_path / "dup.csv", "问题,回答\n能否私有化？,可以。\n别的问题？,答。\n能否私有化？,不可以。\n")
    report = ws.importer.run(ws.actor(), [path]).value
    [rejected] = report.rejected
    assert rejected.code == "import_table_duplicate_row"
    assert "Rows 2 and 4" in rejected.reason("en")
    assert ws.knowledge.count() == 0


def _write_only_xlsx(path: Path, rows: int) -> Path:
    """As openpyxl's write-only mode saves big sheets: no declared dimension, inline strings."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["问题", "回答"])
    for n in range(1, rows + 1):
        sheet.append([f"问题 {n}？", f"回答 {n}。"])
        if n % 1000 == 0:
            sheet.append([None, None])  # blank rows are not counted
    book.save(str(path))
    return path


def test_rows_of_a_sheet_without_a_dimension_are_counted_from_its_xml(tmp_path: Path) -> None:
    path = _write_only_xlsx(tmp_path / "counted.xlsx", 30_000)  # several MB of XML: many read chunks
    [part] = sheet_sizes(path, 30_000)  # the header and 30,000 rows with values
    assert sheet_sizes(path, 30_000)[part] == SheetSize(30_001, False)
    assert sheet_sizes(path, 30_001)[part] is None


def test_a_big_sheet_without_a_dimension_is_refused_at_the_default_limit_without_loading_it(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write_only_xlsx(tmp_path / "big.xlsx", MAX_ROWS + 20)
    import openpyxl

    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the workbook was loaded")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    [rejected] = ws.importer.run(ws.actor(), [path]).value.rejected
    assert rejected.code == "import_too_many_rows_over"
    assert "more than 50,000 rows" in rejected.reason("en")
