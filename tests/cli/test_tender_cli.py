"""``workbench tender ...``: every command with --json, refusals exit 1 with one line in the
user's language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.test_tender_service import tender
from workbench.cli.main import main
from workbench.core.workspace import Workspace, WorkspaceSettings


@pytest.fixture
def rid(home: Path) -> str:
    ws = Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False))
    try:
        return ws.tenders.import_loaded(ws.actor(), tender(), "某医院客服云项目", "某医院").value.id
    finally:
        ws.close()


def run(capsys: pytest.CaptureFixture[str], home: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--home", str(home), "--no-demo", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_show_respond_check_export(capsys: pytest.CaptureFixture[str], home: Path, rid: str,
                                        tmp_path: Path) -> None:
    code, out, _ = run(capsys, home, "tender", "list", "--json")
    [listed] = json.loads(out)
    assert code == 0 and listed["id"] == rid and listed["progress"]["star_open"] == 2
    code, out, _ = run(capsys, home, "tender", "list")
    assert code == 0 and rid in out and "0/5" in out

    code, out, _ = run(capsys, home, "tender", "show", rid, "--json")
    shown = json.loads(out)
    first = shown["rows"][0]
    assert (first["no"], first["clause"], first["mark"], first["kind"], first["status"]) == (
        1, "3.1.1", "★", "requirement", "open")
    assert first["location"] == {"block": 10} and first["location_label"] == "第 11 段" and first["suggestions"] == [] and first["deviation"] == ""
    assert [r["kind"] for r in shown["rows"]][-1] == "scoring"

    code, out, err = run(capsys, home, "tender", "check", rid)
    assert code == 1 and "row 1 3.1.1 ★: unanswered" in out
    code, out, _ = run(capsys, home, "--lang", "zh", "tender", "check", rid, "--json")
    report = json.loads(out)
    assert code == 1 and [(p["row"], p["code"]) for p in report["blocking"]] == [
        (1, "tender_row_unanswered"), (2, "tender_row_unanswered")]

    code, out, err = run(capsys, home, "--lang", "zh", "tender", "export", rid, "--format", "docx",
                         "--out", str(tmp_path / "a.docx"))
    assert code == 1 and out == "" and err.strip().count("\n") == 0 and "★ 条款第 1, 2 行" in err

    code, out, _ = run(capsys, home, "tender", "respond", rid, "1", "--text", "支持，SM4-GCM 加密，KMS 管理密钥",
                       "--deviation", "positive", "--evidence", "产品白皮书", "--page", "12", "--json")
    row = json.loads(out)
    assert code == 0 and (row["status"], row["deviation"], row["evidence_page"], row["problems"]) == (
        "answered", "positive", "12", [])
    code, out, _ = run(capsys, home, "tender", "respond", rid, "2", "--text", "已通过等保三级测评",
                       "--evidence", "测评报告", "--assign", "alice")
    assert code == 0 and out.splitlines()[0] == f"Row 2 of {rid}: answered."
    code, _out, err = run(capsys, home, "tender", "respond", rid, "2", "--text", "x",
                          "--version", str(row["version"] - 1))
    assert code == 1 and "changed by" in err
    code, _out, err = run(capsys, home, "tender", "respond", rid, "3", "--text", "x", "--as", "alice")
    assert code == 1 and "may not edit row 3" in err
    code, _out, err = run(capsys, home, "tender", "respond", rid, "2", "--text", "已通过等保三级测评（第三方机构）",
                          "--as", "alice")
    assert code == 0

    code, out, _ = run(capsys, home, "tender", "check", rid)
    assert code == 0 and "No ★ row blocks" in out
    code, out, _ = run(capsys, home, "tender", "export", rid, "--format", "xlsx", "--out", str(tmp_path / "a.xlsx"),
                       "--json")
    assert code == 0 and Path(json.loads(out)["path"]).stat().st_size > 0
    code, _out, err = run(capsys, home, "tender", "attach", rid, "P-1999-0001")
    assert code == 1 and "P-1999-0001" in err
    code, out, _ = run(capsys, home, "tender", "attach", rid)
    assert code == 0 and "no proposal" in out


def test_autofill_and_unknown_response(capsys: pytest.CaptureFixture[str], home: Path, rid: str) -> None:
    code, out, _ = run(capsys, home, "tender", "autofill", rid, "--json")
    assert code == 0 and json.loads(out)["rows"] == 5
    code, _out, err = run(capsys, home, "--lang", "zh", "tender", "show", "T-1999-009")
    assert code == 1 and err.strip() == "应答“T-1999-009”不存在。"
    code, _out, err = run(capsys, home, "tender", "autofill", rid, "--as", "nina")
    assert code == 1 and err.count("\n") == 1


def test_import_a_real_tender(capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path) -> None:
    from tests.tender_files import write_tender_docx

    written = write_tender_docx(tmp_path / "招标文件.docx")
    code, out, _ = run(capsys, home, "tender", "import", str(written.path), "--title", "某医院客服云", "--json")
    counts = json.loads(out)
    expected = written.expected
    assert code == 0 and counts == {
        "id": counts["id"], "requirements": sum(1 for e in expected if e.kind == "requirement"),
        "starred": sum(1 for e in expected if e.mark == "★"), "important": sum(1 for e in expected if e.mark == "▲"),
        "scoring": sum(1 for e in expected if e.kind == "scoring"), "questions": 0}
    assert counts["starred"] > 0 and counts["scoring"] > 0
    code, out, _ = run(capsys, home, "--lang", "zh", "tender", "import", str(written.path))
    assert code == 0 and out.startswith("已导入 T-") and f"★ {counts['starred']} 条" in out
    junk = tmp_path / "notes.txt"
    junk.write_text("not a tender", encoding="utf-8")
    code, out, err = run(capsys, home, "tender", "import", str(junk))
    assert code == 1 and out == "" and err.count("\n") == 1 and "notes.txt" in err


def test_fill_the_customers_file(capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path) -> None:
    from tests.tender_files import write_questionnaire_xlsx

    sheet = write_questionnaire_xlsx(tmp_path / "questionnaire.xlsx")
    code, out, _ = run(capsys, home, "tender", "import", str(sheet.path), "--json")
    rid = json.loads(out)["id"]
    code, out, _ = run(capsys, home, "tender", "show", rid, "--json")
    first = json.loads(out)["rows"][0]
    code, out, _ = run(capsys, home, "tender", "respond", rid, "1", "--answer", first["allowed_answers"][0])
    assert code == 0
    target = tmp_path / "answered.xlsx"
    code, out, _ = run(capsys, home, "tender", "fill", rid, "--out", str(target), "--json")
    assert code == 0 and json.loads(out)["path"] == str(target) and target.stat().st_size > 0


def test_rename_and_attach_with_the_chapter(capsys: pytest.CaptureFixture[str], home: Path, rid: str) -> None:
    code, out, _ = run(capsys, home, "tender", "rename", rid, "  某医院 客服云  二期 ", "--customer", "某市第一医院",
                       "--json")
    view = json.loads(out)
    assert code == 0 and (view["title"], view["customer"]) == ("某医院 客服云 二期", "某市第一医院")
    code, _out, err = run(capsys, home, "--lang", "zh", "tender", "rename", rid, "x", "--as", "alice")
    assert code == 1 and "无权重命名" in err
    code, _out, err = run(capsys, home, "tender", "rename", rid, "   ")
    assert code == 1 and err.strip() == "A title is required."

    ws = Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False))
    try:
        from tests.reviewing import new_proposal

        number = new_proposal(ws, author=ws.actor().name)
    finally:
        ws.close()
    code, out, _ = run(capsys, home, "tender", "attach", rid, number)
    assert code == 0 and number in out
    ws = Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False))
    try:
        markdown = ws.proposals.get(number).latest.markdown  # type: ignore[union-attr]
    finally:
        ws.close()
    # the test proposal's text has no slot: the chapter goes at its end, in the proposal's language
    assert markdown.index("# Point-by-point response") > markdown.index("# Pricing") and "#### ★3.1.1" in markdown


def test_show_says_which_answer_is_in_the_other_language(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    from tests.core.test_tender_service import imported
    from workbench.core.tender.model import Kind, Mark

    ws = Workspace.open(WorkspaceSettings(home=home, automatic_backups=False))  # the demo library
    try:
        rid = imported(ws, tender((("1", Mark.NONE, Kind.REQUIREMENT, "系统须支持单点登录，兼容 LDAP/AD"),)))
    finally:
        ws.close()
    run(capsys, home, "tender", "autofill", rid)
    code, out, _ = run(capsys, home, "--lang", "zh", "tender", "show", rid)
    line = next(x for x in out.splitlines() if "faq-sso-ldap-en" in x)
    assert code == 0 and line.strip().startswith("? suggest") and line.endswith("(英文，需翻译)")
    code, out, _ = run(capsys, home, "tender", "show", rid, "--json")
    first = json.loads(out)["rows"][0]["suggestions"][0]
    assert (first["id"], first["foreign"], first["band"]) == ("faq-sso-ldap-en", True, "suggest")


def test_whom_a_traditional_tender_is_written_for(capsys: pytest.CaptureFixture[str], home: Path, rid: str) -> None:
    """The change is said with what it did to the answers: the one accepted from the library as
    it was is written again for the new readers, the one typed keeps its wording."""
    ws = Workspace.open(WorkspaceSettings(home=home, automatic_backups=False))  # the demo library
    try:
        traditional = ws.tenders.import_loaded(ws.actor(), tender(language="zh-Hant"), "市民服務平臺建置案",
                                               "香港特別行政區政府").value.id
        ws.tenders.respond(ws.actor(), traditional, 1, from_item="faq-crm-erp-integration")
        ws.tenders.respond(ws.actor(), traditional, 2, text="本公司提供帳戶權限稽核報告，並支援資料備份。")
    finally:
        ws.close()
    code, out, _ = run(capsys, home, "tender", "readers", traditional, "zh-TW")
    assert code == 0 and out.splitlines() == [  # the typed answer is in Taiwan's forms already
        f"{traditional} is now written for Taiwan readers.",
        "Answers taken unchanged from the library, written again for them: 1."]
    code, out, _ = run(capsys, home, "--lang", "zh", "tender", "readers", traditional, "auto", "--json")
    view = json.loads(out)
    assert code == 0 and (view["readers"], view["readers_set"], view["readers_guess"]) == ("zh-HK", False, "zh-HK")
    assert (view["rewritten"], view["kept"]) == (1, 1)  # 戶 is 户 for Hong Kong's readers
    code, out, _ = run(capsys, home, "--lang", "zh", "tender", "readers", traditional, "auto")
    assert code == 0 and out.strip() == f"{traditional} 按标书内容判断，面向香港读者撰写。"  # nothing changed
    code, _out, err = run(capsys, home, "tender", "readers", rid, "zh-TW")  # a Simplified tender
    assert code == 1 and "is not a Traditional Chinese tender" in err
    code, _out, err = run(capsys, home, "--lang", "zh", "tender", "readers", traditional, "zh-HK", "--as", "alice")
    assert code == 1 and "无权修改" in err


def test_the_check_names_characters_in_another_regions_forms(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    """A Taiwan tender (臺北市) with an answer typed in Hong Kong's forms: the check warns and names
    them with Taiwan's, in either language; a warning holds nothing back (the exit code is the
    blocking rows' alone)."""
    ws = Workspace.open(WorkspaceSettings(home=home, load_demo=False, automatic_backups=False))
    try:
        taiwan = ws.tenders.import_loaded(ws.actor(), tender(language="zh-Hant"), "市民服務平臺建置案",
                                          "臺北市政府資訊局").value.id
        ws.tenders.respond(ws.actor(), taiwan, 1, text="支援。帳户資料加密儲存，系統裏的金鑰定期輪換。",
                           evidence="白皮書", evidence_page="3")
    finally:
        ws.close()
    code, out, _ = run(capsys, home, "tender", "check", taiwan)
    assert code == (1 if "Blocking:" in out else 0) and "Warnings:" in out
    line = next(x for x in out.splitlines() if "region" in x)
    assert "row 1" in line and line.endswith("some characters are in another region's forms than the readers': 户→戶、裏→裡")
    code, out, _ = run(capsys, home, "--lang", "zh", "tender", "check", taiwan, "--json")
    found = [p for p in json.loads(out)["warnings"] if p["code"] == "tender_row_region_forms"]
    assert [(p["row"], p["detail"]) for p in found] == [(1, "户→戶、裏→裡")]
    _code, out, _ = run(capsys, home, "--lang", "zh", "tender", "check", taiwan)
    assert "部分字形不是读者地区的写法：户→戶、裏→裡" in out
