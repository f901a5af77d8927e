"""``workbench proposal new`` says what matching placed in each knowledge section and what it
left out and why (the wizard's match report): in --json with the proposal, as text on standard
error (standard output keeps the new id alone)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.test_proposal_docx import template_inputs
from tests.factories import write
from workbench.cli.main import main
from workbench.core.proposals.catalog import builtin_templates_dir
from workbench.core.proposals.model import LEFT_OUT_REASONS


@pytest.fixture
def backend_name() -> str:
    return "sqlite"


def test_proposal_new_prints_the_match_report(capsys: pytest.CaptureFixture[str], demo_home: Path) -> None:
    example = builtin_templates_dir() / "tech-proposal-zh" / "example.yaml"
    assert main(["--home", str(demo_home), "--lang", "en", "proposal", "new", "--template", "tech-proposal-zh",
                 "--vars", str(example), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    report = {r["section"]: r for r in shown["match_report"]}
    assert set(report) == {"cases", "faqs"}
    for section in report.values():
        assert 0 < section["threshold"] < 1
        assert section["no_good_match"] == (not section["placed"])
        assert {x["reason"] for x in section["left_out"]} <= set(LEFT_OUT_REASONS)
    # the stale and the draft demo items are left out, and say why
    assert any(x["reason"] in ("stale", "draft") for r in report.values() for x in r["left_out"])
    # the items placed are the ones the saved revision used
    used = {k["id"] for k in shown["revisions"][0]["knowledge"]}
    assert used and used == {i for r in report.values() for i in r["placed"]}

    assert main(["--home", str(demo_home), "--lang", "en", "proposal", "new", "--template", "tech-proposal-zh",
                 "--vars", str(example)]) == 0
    out, err = capsys.readouterr()
    assert out.strip().startswith("P-") and len(out.splitlines()) == 1  # the id alone: scripts read it
    lines = err.splitlines()
    cases = len(report["cases"]["placed"])
    assert f"  Related cases: {cases} placed, {len(report['cases']['spares'])} to swap in " \
           f"(relevance threshold {report['cases']['threshold']:.0%})" in lines
    assert any(line.startswith("    left out: ") and "below the relevance threshold" in line for line in lines)


def test_a_section_without_a_good_match_says_so_in_chinese(capsys: pytest.CaptureFixture[str], demo_home: Path,
                                                           tmp_path: Path) -> None:
    import yaml

    inputs = write(tmp_path / "feedback.yaml", yaml.safe_dump(template_inputs("feedback-list-zh"), allow_unicode=True))
    assert main(["--home", str(demo_home), "--lang", "zh", "proposal", "new", "--template", "feedback-list-zh",
                 "--vars", str(inputs)]) == 0
    err = capsys.readouterr().err
    assert "没有足够相关的知识" in err and "未采用：" in err and "低于相关度阈值" in err
