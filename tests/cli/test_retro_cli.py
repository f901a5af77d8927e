"""``workbench retro ...`` and ``workbench report ...``: recording from a terminal, refusals in
the user's language, lessons found by search at once, reports as table, CSV and JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.retros import bid, hand_counted
from workbench.cli.main import main
from workbench.core.workspace import Workspace, WorkspaceSettings


def run(capsys: pytest.CaptureFixture[str], home: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--home", str(home), "--no-demo", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _open(home: Path) -> Workspace:
    return Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False))


@pytest.fixture
def bids(home: Path) -> Path:
    ws = _open(home)
    try:
        bid(ws, "P-1", customer="Contoso Retail", deadline=dt.date.today() - dt.timedelta(days=30))
        bid(ws, "P-2", deadline=dt.date.today() - dt.timedelta(days=3), approved=False)
    finally:
        ws.close()
    return home


def test_a_lesson_recorded_from_the_terminal_is_found_by_search_at_once(capsys: pytest.CaptureFixture[str],
                                                                        bids: Path) -> None:
    code, out, err = run(capsys, bids, "retro", "record", "P-1", "--outcome", "lost", "--reason", "price", "timing",
                         "--competitor", "Acme Cloud", "--value", "1,200,000", "--lesson",
                         "Quote the data migration as a fixed-price work package", "--as", "alice")
    assert code == 0, err
    assert "lost" in out and "Price; Timing" in out and "lesson-p-1-1" in out
    code, out, _ = run(capsys, bids, "search", "fixed-price", "migration", "--json")
    assert code == 0 and [h["id"] for h in json.loads(out)][:1] == ["lesson-p-1-1"]


def test_refusals_exit_1_with_the_reason_in_the_users_language(capsys: pytest.CaptureFixture[str], bids: Path) -> None:
    code, _out, err = run(capsys, bids, "retro", "record", "P-1", "--outcome", "lost", "--as", "alice")
    assert code == 1 and "primary reason" in err
    code, _out, err = run(capsys, bids, "--lang", "zh", "retro", "record", "P-1", "--outcome", "lost",
                          "--reason", "vibes", "--value", "abc", "--as", "alice")
    assert code == 1 and "有 2 处需要修改" in err and "“vibes”不在原因列表中" in err and "不是有效金额" in err
    code, _out, err = run(capsys, bids, "retro", "record", "P-2", "--outcome", "won", "--as", "alice")
    assert code == 1 and "record it as cancelled" in err
    code, _out, err = run(capsys, bids, "retro", "record", "P-1", "--outcome", "won", "--as", "nina")
    assert code == 1 and "Only the author of 'P-1' (alice)" in err
    code, _out, err = run(capsys, bids, "retro", "show", "P-1")
    assert code == 1 and "No outcome has been recorded for 'P-1'" in err


def test_recording_again_keeps_what_the_command_leaves_out(capsys: pytest.CaptureFixture[str], bids: Path) -> None:
    run(capsys, bids, "retro", "record", "P-1", "--outcome", "won", "--value", "500", "--competitor", "Acme",
        "--worked", "Early demo", "--date", "2026-01-10", "--as", "alice")
    code, out, err = run(capsys, bids, "retro", "record", "P-1", "--outcome", "won", "--satisfaction", "5",
                         "--lesson", "Demo early", "--as", "alice", "--json")
    assert code == 0, err
    view = json.loads(out)
    assert (view["value"], view["competitors"], view["what_worked"], view["satisfaction"], view["decided_on"]) == (
        "500.00", ["Acme"], "Early demo", 5, "2026-01-10")
    assert [lesson["id"] for lesson in view["lessons"]] == ["lesson-p-1-1"]


def test_due(capsys: pytest.CaptureFixture[str], bids: Path) -> None:
    code, out, _ = run(capsys, bids, "retro", "due", "--json")
    assert code == 0 and [(d["id"], d["why"]) for d in json.loads(out)] == [
        ("P-1", "no_outcome"), ("P-2", "no_outcome")]
    run(capsys, bids, "retro", "record", "P-1", "--outcome", "won", "--as", "alice")
    run(capsys, bids, "retro", "record", "P-2", "--outcome", "cancelled", "--as", "alice")
    code, out, _ = run(capsys, bids, "retro", "due")
    assert code == 0 and "P-1" in out and "no retrospective yet" in out and "1 due" in out


def test_reports_as_table_csv_and_json(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    ws = _open(home)
    try:
        hand_counted(ws)
    finally:
        ws.close()
    code, out, _ = run(capsys, home, "report", "win-rate", "--by", "competitor")
    lines = out.splitlines()
    assert code == 0 and lines[1].split() == ["Acme", "1", "of", "2", "50%", "25%", "0", "0"]
    assert lines[-1] == "stands on 6 decided bids: won 2 of 4 (50%); value known for 3 of 4"
    code, out, _ = run(capsys, home, "report", "win-rate", "--by", "industry", "--format", "csv")
    assert out.splitlines()[0].startswith("Industry,Won,Lost,No decision,Cancelled,Win rate")
    assert "finance,1,1,0,0,0.5000,200.00,0.00,1,1.0000" in out.splitlines()
    code, out, _ = run(capsys, home, "report", "win-rate", "--by", "author", "--from", "2026-02-01",
                       "--to", "2026-04-30", "--format", "json")
    data = json.loads(out)
    assert {r["key"]: (r["won"], r["lost"]) for r in data["rows"]} == {"alice": (0, 1), "rita": (0, 1)}
    assert data["total"]["win_rate"] == 0.0
    code, out, _ = run(capsys, home, "report", "loss-reasons", "--format", "json")
    assert [(r["code"], r["primary"], r["secondary"]) for r in json.loads(out)["rows"]] == [
        ("price", 2, 0), ("timing", 0, 1)]
    code, out, _ = run(capsys, home, "--lang", "zh", "report", "loss-reasons")
    assert "价格" in out and "丢单 2 个，其中 2 个填写了主要原因" in out
    code, _out, err = run(capsys, home, "report", "win-rate", "--by", "industry", "--from", "2026-13-01")
    assert code == 1 and "'2026-13-01' is not a date" in err
    code, _out, err = run(capsys, home, "report", "win-rate", "--by", "industry", "--from", "2026-05-01",
                          "--to", "2026-01-01")
    assert code == 1 and "starts (2026-05-01) after it ends (2026-01-01)" in err
    code, out, _ = run(capsys, home, "report", "customer", "Fabrikam", "--json")
    page = json.loads(out)
    assert [p["id"] for p in page["proposals"]] == ["D", "C"] and page["won"] == 1


def test_lists_from_the_terminal(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, _out, err = run(capsys, home, "retro", "reasons", "--add", "scope_creep", "--en", "Scope creep",
                          "--zh", "范围蔓延", "--as", "alice")
    assert code == 1 and "Only an administrator or a review lead" in err
    code, out, _ = run(capsys, home, "retro", "reasons", "--add", "scope_creep", "--en", "Scope creep",
                       "--zh", "范围蔓延", "--as", "sara")
    assert code == 0 and "scope_creep              Scope creep" in out
    code, out, _ = run(capsys, home, "retro", "competitors", "--add", "Acme", "--as", "sara", "--json")
    assert json.loads(out) == ["Acme"]
