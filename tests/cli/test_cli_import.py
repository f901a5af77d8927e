"""`workbench import`: conflicts, kept edits and refused tables on the command line."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from tests import factories as f
from tests.backends import Backend, workspace_settings
from tests.cli.test_cli import run
from workbench.core.knowledge.model import ItemDraft
from workbench.core.workspace import Workspace

CSV = "id,Question,Answer\nfaq-sso,Do you support SSO?,SAML.\nfaq-ha,High availability?,Active-active.\n"


def test_conflicts_and_kept_edits_are_listed_and_exit_2(
        capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path, backend: Backend) -> None:
    path = f.write(tmp_path / "faq.csv", CSV)
    assert run(capsys, home, "import", str(path))[0] == 0
    ws = Workspace.open(workspace_settings(backend, home))
    try:
        for slug, body in (("faq-sso", "SAML and OIDC (alice)."), ("faq-ha", "Active-active, RPO 0.")):
            item = ws.knowledge.get(slug)
            draft = ItemDraft(kind=item.kind, title=item.title, body=body, slug=slug, owner=item.owner)
            ws.knowledge.update(ws.users.get("alice"), slug, draft, item.version)
    finally:
        ws.close()
    f.write(path, CSV.replace("SAML.", "SAML and CAS."))

    code, out, err = run(capsys, home, "import", str(path))
    assert code == 2
    assert "conflicts 1" in out and "kept your newer edit 1" in out
    assert re.search(r"faq\.csv \(row 2\): 'Do you support SSO\?' was changed in the app by alice", err)
    assert re.search(r"faq\.csv \(row 3\): 'High availability\?': kept your newer edit \(alice", err)

    code, out, err = run(capsys, home, "--lang", "zh", "import", str(path), "--json")
    report = json.loads(out)
    assert code == 2 and [c["id"] for c in report["conflicts"]] == ["faq-sso"]
    assert report["conflicts"][0]["row"] == 2 and "未采用文件中的版本" in report["conflicts"][0]["reason"]
    assert [k["id"] for k in report["kept"]] == ["faq-ha"]


def test_a_sheet_declaring_too_many_rows_is_refused_with_the_numbers(
        capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path) -> None:
    path = f.xlsx_faq(tmp_path / "huge.xlsx")
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    parts["xl/worksheets/sheet1.xml"] = re.sub(
        rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:D1000001"/>', parts["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    code, out, err = run(capsys, home, "import", str(path))
    assert code == 2 and "added 0" in out
    assert "huge.xlsx: The table has 1,000,001 rows; one file may hold at most 50,000." in err
    code, _, err = run(capsys, home, "--lang", "zh", "import", str(path))
    assert "表格有 1,000,001 行，单个文件最多 50,000 行" in err
