"""The commercial terms from a --vars file: a discount over 100 % is refused with the input named,
in the reader's language; the shipped example (mixed tax rates, an annual row) is accepted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests import factories as f
from workbench.cli.main import main
from workbench.core.proposals.catalog import builtin_templates_dir


def run(capsys: pytest.CaptureFixture[str], home: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--home", str(home), "--no-demo", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_150_percent_discount_is_refused_by_the_cli(capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path) -> None:
    for name in ("tech-proposal-zh", "tech-proposal-en"):
        example = yaml.safe_load((builtin_templates_dir() / name / "example.yaml").read_text(encoding="utf-8"))
        bad = f.write(tmp_path / f"{name}.yaml", yaml.safe_dump({**example, "discount_rate": 150}, allow_unicode=True))
        code, _, err = run(capsys, home, "--as", "alice", "--lang", "en", "proposal", "new", "--template", name,
                           "--vars", str(bad))
        assert code == 1
        assert "Discount (%) (discount_rate) must be a percentage between 0 and 100 ('150')." in err
        code, _, err = run(capsys, home, "--as", "alice", "--lang", "zh", "proposal", "new", "--template", name,
                           "--vars", str(bad))
        assert code == 1 and "“折扣率（%） (discount_rate)”应为 0 到 100 之间的百分比（“150”）。" in err
    code, out, _ = run(capsys, home, "proposal", "list", "--json")
    assert json.loads(out) == []

    example = builtin_templates_dir() / "tech-proposal-zh" / "example.yaml"
    code, out, err = run(capsys, home, "--as", "alice", "proposal", "new", "--template", "tech-proposal-zh",
                         "--vars", str(example), "--json")
    assert code == 0, err
    code, out, _ = run(capsys, home, "proposal", "show", json.loads(out)["id"], "--json", "--markdown")
    markdown = json.loads(out)["markdown"]
    assert "**一次性费用合计（含税）** | | | | | | ¥1,006,485.52 |" in markdown
    assert "人民币壹佰万零陆仟肆佰捌拾伍元伍角贰分" in markdown
    assert "**年度费用合计（每年，含税）** | | | | | | ¥112,608.00 |" in markdown
