"""Report and dashboard CSV files are opened in Excel: a competitor, customer or title that a
colleague typed and that begins like a formula is written as text, never as a formula."""

from __future__ import annotations

import csv
import io

from tests.retros import bid, fix_today
from workbench.core.csv_cells import csv_text, inert_cell
from workbench.core.retro.figures import to_csv
from workbench.core.retro.model import RetroInput
from workbench.core.workspace import Workspace

HOSTILE = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


def test_every_formula_start_is_made_inert_and_numbers_stay_numbers() -> None:
    for text in HOSTILE[:-1]:
        assert inert_cell(text) == "'" + text
    assert inert_cell("\r=1+1") == "'\n=1+1"  # a lone CR would end the row in Excel
    assert [inert_cell(v) for v in ("Acme", "", None, -5, 2.5)] == ["Acme", "", "", -5, 2.5]
    rows = list(csv.reader(io.StringIO(csv_text(["=h"], [[t] for t in HOSTILE]), newline="")))
    assert rows[0] == ["'=h"] and [r[0] for r in rows[1:]] == ["'" + t.replace("\r", "\n") for t in HOSTILE]


def test_a_competitor_named_like_a_formula_is_text_in_the_report_csv(ws: Workspace) -> None:
    fix_today(ws)
    for n, name in enumerate(HOSTILE[:4]):
        number = bid(ws, f"H-{n}", customer="=HYPERLINK(\"http://x\")")
        ws.retros.record(ws.users.get("alice"), number,
                         RetroInput("lost", "2026-03-03", "100", reasons=("price",), competitors=(name,)))
    text = to_csv(*ws.reports.win_rate("competitor").table("en"))
    keys = [row[0] for row in csv.reader(io.StringIO(text))][1:]
    assert sorted(keys) == sorted("'" + name for name in HOSTILE[:4])
    for line in text.splitlines():
        assert not line.startswith(("=", "+", "-", "@"))
    board = ws.reports.dashboard()
    dashboard_csv = to_csv(*board.by["competitor"].table("en"))
    assert "'=cmd|' /C calc'!A0" in dashboard_csv and "\n=cmd" not in dashboard_csv
