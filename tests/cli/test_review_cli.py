"""``workbench review ...``: the workflow from a terminal, refusals in the user's language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.reviewing import new_proposal
from workbench.cli.main import main
from workbench.core.workspace import Workspace, WorkspaceSettings


@pytest.fixture
def number(home: Path) -> str:
    ws = Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False))
    try:
        return new_proposal(ws)
    finally:
        ws.close()


def run(capsys: pytest.CaptureFixture[str], home: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--home", str(home), "--no-demo", *args])
    out, err = capsys.readouterr()
    return code, out, err


def scores(*pairs: str) -> list[str]:
    return [x for p in pairs for x in ("--score", p)]


def test_submit_queue_claim_approve_through_three_tiers(capsys: pytest.CaptureFixture[str], home: Path,
                                                      number: str, tmp_path: Path) -> None:
    code, out, _ = run(capsys, home, "review", "submit", number, "--as", "alice")
    assert code == 0 and out.strip() == f"{number}: in review at tier 1"
    code, out, _ = run(capsys, home, "review", "queue", "--as", "rita", "--json")
    [entry] = json.loads(out)
    assert code == 0 and (entry["id"], entry["tier"], entry["overdue"], entry["claimed_by"]) == (number, 1, False, None)
    code, out, _ = run(capsys, home, "review", "queue", "--as", "mike", "--json")
    assert json.loads(out) == []
    code, out, _ = run(capsys, home, "review", "claim", number, "--as", "rita")
    assert code == 0 and "claimed by rita" in out
    code, out, _ = run(capsys, home, "--as", "rita", "review", "rubric", number, "--json")
    assert [c["name"] for c in json.loads(out)["criteria"]] == ["completeness", "format", "requirements"]

    code, out, _ = run(capsys, home, "review", "approve", number, "--as", "rita",
                       *scores("completeness=4", "format=4", "requirements=5"), "--comment", "Complete.")
    assert code == 0 and out.strip() == f"{number}: in review at tier 2"
    run(capsys, home, "review", "approve", number, "--as", "mike", *scores("feasibility=4", "delivery=4", "security=4"))
    code, out, _ = run(capsys, home, "review", "approve", number, "--as", "sara",
                       *scores("commercial=5", "risk=4", "win_strategy=4"))
    assert code == 0 and out.strip() == f"{number}: approved"

    code, out, _ = run(capsys, home, "review", "history", number, "--json")
    history = json.loads(out)
    assert history["status"]["state"] == "approved"
    assert [(e["actor"], e["action"], e["tier"], e["revision"]) for e in history["events"]] == [
        ("alice", "submit", 1, 1), ("rita", "claim", 1, 1), ("rita", "approve", 1, 1),
        ("mike", "approve", 2, 1), ("sara", "approve", 3, 1)]
    assert history["events"][2]["scores"] == {"completeness": 4, "format": 4, "requirements": 5}
    assert history["comments"][0]["body"] == "Complete."
    code, out, _ = run(capsys, home, "proposal", "render", number, "--format", "md", "--out", str(tmp_path / "p.md"))
    assert code == 0 and "DRAFT" not in (tmp_path / "p.md").read_text(encoding="utf-8")
    code, out, _ = run(capsys, home, "review", "metrics", "--json")
    assert [t["pass_rate"] for t in json.loads(out)["tiers"]] == [1.0, 1.0, 1.0]


def test_refusals_exit_non_zero_in_the_users_language(capsys: pytest.CaptureFixture[str], home: Path,
                                                      number: str) -> None:
    code, out, err = run(capsys, home, "review", "submit", number, "--as", "nina")
    assert code == 1 and out == "" and err.strip() == "nina is a viewer: viewers read reviews but never act in them."
    code, _, err = run(capsys, home, "--lang", "zh", "review", "submit", number, "--as", "rita")
    assert code == 1 and "只有方案" in err and "alice" in err
    run(capsys, home, "review", "submit", number, "--as", "alice")
    code, _, err = run(capsys, home, "review", "approve", number, "--as", "mike", *scores("feasibility=5"))
    assert code == 1 and err.strip() == f"'{number}' is waiting at tier 1; mike reviews at tier 2."
    code, _, err = run(capsys, home, "review", "approve", number, "--as", "rita",
                       *scores("completeness=3", "format=1", "requirements=1"))
    assert code == 1 and "below the tier-1 pass mark" in err
    code, _, err = run(capsys, home, "--lang", "zh", "review", "approve", number, "--as", "rita", *scores("oops"))
    assert code == 1 and "不是“名称=分数”格式" in err
    code, _, err = run(capsys, home, "review", "request-changes", number, "--as", "rita", "--comment", " ")
    assert code == 1 and "needs a comment" in err
    code, _, err = run(capsys, home, "review", "claim", number, "--as", "alice")
    assert code == 1 and "alice (author) is not a reviewer" in err
    code, _, err = run(capsys, home, "review", "approve", "P-1999-0001", "--as", "rita")
    assert code == 1 and "does not exist" in err


def test_request_changes_round_trip_and_lead_actions(capsys: pytest.CaptureFixture[str], home: Path,
                                                     number: str) -> None:
    run(capsys, home, "review", "submit", number, "--as", "alice")
    code, out, _ = run(capsys, home, "review", "request-changes", number, "--as", "rita",
                       "--comment", "Name the 300 stores.", "--section", "Requirement understanding")
    assert code == 0 and out.strip() == f"{number}: waiting for changes"
    code, out, _ = run(capsys, home, "review", "queue", "--as", "alice", "--json")
    assert [q["state"] for q in json.loads(out)] == ["changes_requested"]
    code, _, err = run(capsys, home, "review", "submit", number, "--as", "alice")
    assert code == 1 and "save a new revision" in err
    code, out, _ = run(capsys, home, "review", "comment", number, "Listed them in the appendix.", "--as", "alice",
                       "--reply-to", "1")
    assert code == 0 and out.strip() == "#2"
    ws = Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False))
    ws.proposals.save_revision(ws.users.get("alice"), number, "# Requirement understanding\n\n300 stores, listed.\n")
    ws.close()
    code, out, _ = run(capsys, home, "review", "submit", number, "--as", "alice")
    assert code == 0 and "tier 1" in out
    code, out, _ = run(capsys, home, "review", "history", number)
    assert "[Requirement understanding]" in out and "(re #1)" in out and "request changes" in out

    run(capsys, home, "review", "claim", number, "--as", "rita")
    code, _, err = run(capsys, home, "review", "reassign", number, "--as", "mike", "--to", "rita")
    assert code == 1 and "review lead" in err
    run(capsys, home, "users", "add", "rob", "--role", "reviewer", "--tier", "1")
    code, out, _ = run(capsys, home, "review", "reassign", number, "--as", "sara", "--to", "rob")
    assert code == 0 and "claimed by rob" in out
    code, out, _ = run(capsys, home, "review", "escalate", number, "--as", "sara", "--comment", "bid on Friday")
    assert code == 0
    code, out, _ = run(capsys, home, "review", "queue", "--overdue", "--json")
    assert [q["escalated_by"] for q in json.loads(out)] == ["sara"]
    code, out, _ = run(capsys, home, "review", "withdraw", number, "--as", "alice")
    assert code == 0 and "draft" in out


def test_settings_are_for_admins(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, _ = run(capsys, home, "review", "settings")
    assert code == 0 and out.strip() == "resubmission=resume sla_days=2"
    code, out, _ = run(capsys, home, "review", "settings", "--resubmission", "restart", "--sla-days", "3")
    assert out.strip() == "resubmission=restart sla_days=3"
    code, _, err = run(capsys, home, "review", "settings", "--sla-days", "1", "--as", "sara")
    assert code == 1 and "may not change review settings" in err
