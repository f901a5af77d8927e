from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import factories as f
from workbench import __version__
from workbench.cli.main import main


def run(capsys: pytest.CaptureFixture[str], home: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--home", str(home), "--no-demo", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_version_via_python_m() -> None:
    out = subprocess.run([sys.executable, "-m", "workbench", "--version"], capture_output=True, text=True, check=True)
    assert __version__ in out.stdout


def test_import_json_exit_codes_and_items(capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path) -> None:
    folder = f.markdown_folder(tmp_path / "kb")
    code, out, _ = run(capsys, home, "import", str(folder), "--json")
    assert code == 0
    assert json.loads(out) == {"added": 3, "updated": 0, "unchanged": 0, "rejected": [], "conflicts": [],
                               "kept": [], "interrupted": [], "cancelled": False}
    f.write(folder / "broken.md", "---\nkind: nonsense\ntitle: x\n---\nbody\n")
    code, out, _ = run(capsys, home, "import", str(folder), "--json")
    report = json.loads(out)
    assert code == 2
    assert (report["unchanged"], len(report["rejected"])) == (3, 1)
    assert report["rejected"][0]["path"].endswith("broken.md") and "nonsense" in report["rejected"][0]["reason"]

    code, out, _ = run(capsys, home, "items", "--kind", "case", "--json")
    items = json.loads(out)
    assert code == 0 and [i["id"] for i in items] == ["case-edu-wechat-leads"]
    assert set(items[0]) >= {"id", "kind", "title", "industry", "product", "tags", "status"}
    code, out, _ = run(capsys, home, "items", "--tag", "報價", "--json")
    assert [i["id"] for i in json.loads(out)] == ["objection-price-zht"]


def test_users_add_list_and_refusals(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, _, _ = run(capsys, home, "users", "add", "wang", "--role", "reviewer", "--tier", "2")
    assert code == 0
    code, out, _ = run(capsys, home, "users", "list", "--json")
    wang = next(u for u in json.loads(out) if u["name"] == "wang")
    assert (wang["role"], wang["tier"]) == ("reviewer", 2)
    code, out, err = run(capsys, home, "--as", "nina", "users", "add", "eve", "--role", "admin")
    assert code == 1 and out == "" and err.strip() == "nina (viewer) may not manage users."
    code, _, err = run(capsys, home, "--lang", "zh", "--as", "nina", "users", "add", "eve", "--role", "admin")
    assert code == 1 and "无权管理用户" in err
    code, _, err = run(capsys, home, "users", "add", "x", "--role", "reviewer")
    assert code == 1 and "tier" in err


def test_export_doctor_backup_restore(capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path) -> None:
    run(capsys, home, "import", str(f.markdown_folder(tmp_path / "kb")))
    code, out, _ = run(capsys, home, "export", str(tmp_path / "out"))
    assert code == 0 and len(list((tmp_path / "out").rglob("*.md"))) == 3
    code, out, _ = run(capsys, home, "doctor", "--json")
    assert code == 0 and all(c["ok"] for c in json.loads(out))
    code, out, _ = run(capsys, home, "backup", "--out", str(tmp_path / "copy.sqlite"))
    assert code == 0 and Path(out.strip()).exists()
    run(capsys, home, "import", str(f.write(tmp_path / "more.csv", f.FAQ_CSV_EN)))
    code, out, _ = run(capsys, home, "restore", str(tmp_path / "copy.sqlite"))
    assert code == 0
    code, out, _ = run(capsys, home, "items", "--json")
    assert len(json.loads(out)) == 3
    code, _, err = run(capsys, home, "--as", "alice", "restore", str(tmp_path / "copy.sqlite"))
    assert code == 1 and "may not restore backups" in err


def test_search_similar_reindex_and_gaps(capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path) -> None:
    run(capsys, home, "import", str(f.markdown_folder(tmp_path / "kb")), str(f.write(tmp_path / "faq.csv", f.FAQ_CSV_ZH)))
    code, out, _ = run(capsys, home, "search", "竞品", "降价", "--json")
    hits = json.loads(out)
    assert code == 0 and hits[0]["id"] == "objection-price-zht"
    assert set(hits[0]) == {"id", "kind", "title", "score", "snippet", "found_by"}
    assert hits[0]["title"].startswith("競品降價")
    code, out, _ = run(capsys, home, "search", "部署", "--kind", "faq", "--limit", "1", "--json")
    assert len(json.loads(out)) == 1 and json.loads(out)[0]["kind"] == "faq"
    # a file imported a moment ago is found at once
    f.write(tmp_path / "new.md", "---\nkind: lesson\ntitle: 投标保证金\n---\n保证金必须在截止前三天到账。\n")
    run(capsys, home, "import", str(tmp_path / "new.md"))
    code, out, _ = run(capsys, home, "search", "保证金", "--json")
    assert json.loads(out)[0]["id"] == "new"
    code, out, _ = run(capsys, home, "similar", "--item", "case-edu-wechat-leads", "--json")
    assert code == 0 and all(h["id"] != "case-edu-wechat-leads" for h in json.loads(out))
    code, out, _ = run(capsys, home, "similar", "--item", "nope")
    assert code == 1
    # the similar items within a filter, as search takes it
    code, out, _ = run(capsys, home, "similar", "--text", "能否私有化部署并支持国密？教育行业微信获客线索", "--json")
    assert code == 0 and len({h["kind"] for h in json.loads(out)}) > 1
    code, out, _ = run(capsys, home, "similar", "--text", "能否私有化部署并支持国密？教育行业微信获客线索", "--kind", "faq",
                       "--json")
    assert code == 0 and json.loads(out) and {h["kind"] for h in json.loads(out)} == {"faq"}
    code, out, _ = run(capsys, home, "reindex")
    assert code == 0 and "reindexed 6 items" in out
    code, out, _ = run(capsys, home, "search", "量子计算机", "--json")
    assert json.loads(out) == []
    code, out, _ = run(capsys, home, "gaps", "--json")
    assert [g["query"] for g in json.loads(out)] == ["量子计算机"]
    code, out, _ = run(capsys, home, "search", '"unbalanced', "((", "--json")
    assert code == 0


def test_templates_and_proposal_commands(capsys: pytest.CaptureFixture[str], demo_home: Path, tmp_path: Path) -> None:
    def cli(*args: str) -> tuple[int, str, str]:
        code = main(["--home", str(demo_home), *args])
        out, err = capsys.readouterr()
        return code, out, err

    code, out, _ = cli("templates", "--json")
    templates = {t["name"]: t for t in json.loads(out)}
    assert code == 0 and len(templates) >= 4
    tier = next(v for v in templates["tech-proposal-en"]["variables"] if v["name"] == "customer_tier")
    assert tier["type"] == "choice" and tier["choices"] == ["A", "B", "C"] and tier["required"] is True
    vars_file = f.write(tmp_path / "vars.yaml", (
        "customer: Contoso Retail Group\nproject_name: Omnichannel service\nindustry: retail\ncustomer_tier: B\n"
        "requirements: |\n  omnichannel customer service for 300 stores\n  chatbot answers FAQs\n"
        "products: [客服云]\ndeployment: SaaS\nbid_deadline: 2027-01-15\n"
        "pricing:\n  - {item: Service Cloud seats, quantity: 120, unit: seat/year, unit_price: 480}\n"
        "discount_rate: 5\ntax_rate: 0\n"))
    code, out, err = cli("--as", "alice", "proposal", "new", "--template", "tech-proposal-en", "--vars", str(vars_file), "--json")
    assert code == 0, err
    created = json.loads(out)
    number = created["id"]
    assert created["status"] == "draft" and created["author"] == "alice"
    assert [m["name"] for m in created["milestones"]][-1] == "bid_deadline"
    code, out, _ = cli("proposal", "show", number, "--json", "--markdown")
    shown = json.loads(out)
    assert "Contoso Retail Group" in shown["markdown"] and "$54,720.00" in shown["markdown"]
    out_md = tmp_path / "p.md"
    code, out, _ = cli("proposal", "render", number, "--format", "md", "--out", str(out_md))
    assert code == 0 and "DRAFT" in out_md.read_text(encoding="utf-8")
    code, out, _ = cli("proposal", "list", "--json")
    assert [p["id"] for p in json.loads(out)] == [number]
    bad = f.write(tmp_path / "bad.yaml", "customer: [unclosed\n")
    code, _, err = cli("proposal", "new", "--template", "tech-proposal-en", "--vars", str(bad))
    assert code == 1 and "YAML" in err
    code, _, err = cli("proposal", "new", "--template", "nope", "--vars", str(vars_file))
    assert code == 1 and "nope" in err
