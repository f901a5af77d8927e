"""Rows of the pricing table that are a line of text, not figures: a total's label spans the
empty cells up to its amount, and the total in 大写 spans the whole table (merged cells), so
neither wraps in a narrow column. Checked in the .docx XML and in LibreOffice's PDF."""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from tests.core.test_proposal_docx import template_inputs
from workbench.core.proposals.catalog import shared_reference_docx
from workbench.core.proposals.docx_frame import DocumentInfo
from workbench.core.proposals.docx_writer import build_docx
from workbench.core.workspace import Workspace


@pytest.fixture
def backend_name() -> str:
    return "sqlite"


def test_a_marked_cell_spans_the_empty_cells_after_it(tmp_path: Path) -> None:
    markdown = ("| 序号 | 项目 | 数量 | 单价 | 金额 |\n|--:|---|--:|--:|--:|\n"
                "| 1 | 软件许可 | 2000 | ¥1,200.00 | ¥2,400,000.00 |\n"
                "| | <!-- span -->**合计** | | | ¥2,400,000.00 |\n"
                "| <!-- span -->**合计（大写）**：人民币贰佰肆拾万元整 | | | | |\n")
    info = DocumentInfo("报价", "某客户", "P-1", "bench", "2026年12月3日", "zh-Hans", False)
    written = build_docx(markdown, shared_reference_docx(), info)
    written.save(tmp_path / "t.docx")
    table = docx.Document(str(tmp_path / "t.docx")).tables[0]
    rows = table._tbl.tr_lst
    first_row_cells = rows[1].tc_lst
    assert len(first_row_cells) == 5 and all(_span_tc(tc) == 1 for tc in first_row_cells)
    total = rows[2].tc_lst  # the empty first cell, the label over three columns, the amount
    assert [_span_tc(tc) for tc in total] == [1, 3, 1]
    capitals = rows[3].tc_lst
    assert [_span_tc(tc) for tc in capitals] == [5]
    text = "".join(t.text or "" for t in capitals[0].iter(qn("w:t")))
    assert text == "合计（大写）：人民币贰佰肆拾万元整"
    # the long 大写 text widens no column: the first column is as narrow as its figures allow
    widths = [int(g.get(qn("w:w"))) / 20 for g in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert widths[0] < 60


def _span_tc(tc: object) -> int:
    tc_pr = tc.tcPr  # type: ignore[attr-defined]
    grid = tc_pr.find(qn("w:gridSpan")) if tc_pr is not None else None
    return int(grid.get(qn("w:val"))) if grid is not None else 1


def test_the_total_in_capitals_is_one_line_across_the_pricing_table(demo_ws: Workspace, tmp_path: Path) -> None:
    view = demo_ws.proposals.create(demo_ws.actor(), "tech-proposal-zh", template_inputs("tech-proposal-zh")).value
    document = docx.Document(str(demo_ws.proposals.export(view.number, "docx", tmp_path / "p.docx")))
    pricing = next(t for t in document.tables if "金额" in t.rows[0].cells[-1].text)
    columns = len(pricing.columns)
    capitals = [row for row in pricing._tbl.tr_lst if "大写" in "".join(t.text or "" for t in row.iter(qn("w:t")))]
    assert capitals and all([_span_tc(tc) for tc in row.tc_lst] == [columns] for row in capitals)
    pdf = demo_ws.proposals.export(view.number, "pdf", tmp_path / "p.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    lines = [line.strip() for line in text.splitlines() if "大写" in line]
    assert lines and all("人民币" in line and line.endswith(("整", "分", "角")) for line in lines), lines
