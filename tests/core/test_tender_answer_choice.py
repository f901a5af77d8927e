"""A questionnaire's drop-down (Yes/No/Partial) is set when an accepted answer decides it, in the
customer's own spelling, and written into the customer's cell by fill with the validation kept;
undecided, it stays empty and the check says the drop-down is still open. Real .xlsx files made by
openpyxl and saved by LibreOffice Calc. Both backends."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.datavalidation import DataValidation

from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.tender.answer_choice import NO, NOT_APPLICABLE, PARTIAL, YES, option_for, text_stance
from workbench.core.workspace import Workspace

QUESTIONS = (("SEC-01", "Do you encrypt customer data at rest?"),
             ("SEC-02", "Is multi-factor authentication enforced for administrators?"),
             ("SEC-03", "Do you hold an ISO 27001 certificate?"),
             ("SEC-04", "Describe your incident response process."))


def _has_calc() -> bool:
    binary = shutil.which("soffice")
    return binary is not None and (Path(os.path.realpath(binary)).parent / "libsclo.so").exists()


calc = pytest.mark.skipif(not _has_calc(), reason="LibreOffice Calc (libreoffice-calc-nogui) is not installed")


def _questionnaire(path: Path, options: tuple[str, ...]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Security"
    for c, heading in enumerate(("ID", "Question", "Answer", "Comments"), start=1):
        ws.cell(1, c, heading).font = openpyxl.styles.Font(bold=True)
    for r, (qid, question) in enumerate(QUESTIONS, start=2):
        ws.cell(r, 1, qid)
        ws.cell(r, 2, question)
    ws.column_dimensions["B"].width = 50
    dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add(f"C2:C{len(QUESTIONS) + 1}")
    wb.save(str(path))
    return path


def _saved_by_calc(made: Path) -> Path:
    out = made.parent / "lo"
    out.mkdir()
    profile = made.parent / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(made)],
                   check=True, capture_output=True, timeout=180)
    return out / made.name


def _items(ws: Workspace) -> None:
    me = ws.actor()
    for slug, title, body in (
        ("enc-at-rest", "Encryption at rest", "Yes. All customer data is encrypted at rest with AES-256."),
        ("mfa-admins", "MFA for administrators", "Partially: enforced on the cloud console, VPN next quarter."),
        ("iso-27001", "ISO 27001", "否，认证审核计划于明年第二季度完成。"),
        ("incident", "Incident response", "No customer is left uninformed: we notify within 24 hours."),
    ):
        ws.knowledge.create(me, ItemDraft(kind=Kind.FAQ, title=title, body=body, slug=slug))


def test_the_customers_word_for_each_stance() -> None:
    # what each answer's opening says; an answer whose first clause is not such a word says nothing
    assert [text_stance(t) for t in ("Yes. We do.", "No.", "Partially: on consoles", "部分满足，除外",
                                     "是", "N/A - no such system", "No customer data leaves", "Yes we do")] == \
        [YES, NO, PARTIAL, PARTIAL, YES, NOT_APPLICABLE, None, None]
    lists = {("Yes", "No", "Partial", "N/A"): ("Yes", "No", "Partial", "N/A"),
             ("COMPLIANT", "Partially compliant", "Non-compliant"): ("COMPLIANT", "Non-compliant",
                                                                     "Partially compliant", ""),
             ("是", "否", "部分"): ("是", "否", "部分", ""),
             ("满足", "不满足", "部分满足", "不适用"): ("满足", "不满足", "部分满足", "不适用"),
             ("Yes - fully", "No (explain)", "Other"): ("Yes - fully", "No (explain)", "", ""),
             ("yes", "Y"): ("", "", "", "")}  # two options for one stance: not ours to pick
    for options, expected in lists.items():
        assert tuple(option_for(options, s) for s in (YES, NO, PARTIAL, NOT_APPLICABLE)) == expected


def test_accepting_an_answer_sets_the_drop_down_and_fill_writes_it(ws: Workspace, tmp_path: Path) -> None:
    _items(ws)
    me = ws.actor()
    made = _questionnaire(tmp_path / "vsa.xlsx", ("Compliant", "Partially compliant", "Non-compliant", "N/A"))
    rid = ws.tenders.import_file(me, made, title="VSA").value.id
    rows = ws.tenders.rows(rid)
    assert [r.allowed_answers for r in rows] == [("Compliant", "Partially compliant", "Non-compliant", "N/A")] * 4
    chosen = [ws.tenders.respond(me, rid, row.no, from_item=slug).value.answer_choice
              for row, slug in zip(rows, ("enc-at-rest", "mfa-admins", "iso-27001", "incident"), strict=True)]
    # Yes / Partially / 否 in the customer's words; "No customer is left…" decides nothing
    assert chosen == ["Compliant", "Partially compliant", "Non-compliant", ""]
    # the ISO answer is in Chinese in an English questionnaire: to be translated before it goes out
    assert [(p.row_no, p.code) for p in ws.tenders.check(rid).warnings] == [
        (rows[2].no, "tender_row_other_language"), (rows[3].no, "tender_row_choice_open")]

    # the engineer's deviation decides it too; a choice made by hand is never overwritten
    assert ws.tenders.respond(me, rid, rows[3].no, deviation="negative").value.answer_choice == "Non-compliant"
    ws.tenders.respond(me, rid, rows[0].no, answer_choice="n/a")
    assert ws.tenders.respond(me, rid, rows[0].no, from_item="enc-at-rest").value.answer_choice == "N/A"
    assert ws.tenders.respond(me, rid, rows[0].no, deviation="none").value.answer_choice == "N/A"
    assert [p.code for p in ws.tenders.check(rid).warnings] == [  # the drop-down is chosen
        "tender_row_other_language", "tender_row_negative"]

    out = ws.tenders.fill(me, rid, tmp_path / "filled.xlsx")
    sheet = openpyxl.load_workbook(str(out))["Security"]
    assert [sheet[f"C{r}"].value for r in range(2, 6)] == ["N/A", "Partially compliant", "Non-compliant",
                                                           "Non-compliant"]
    assert sheet["D2"].value.startswith("Yes. All customer data")
    assert [(v.formula1, str(v.sqref)) for v in sheet.data_validations.dataValidation] == \
        [('"Compliant,Partially compliant,Non-compliant,N/A"', "C2:C5")]


@calc
def test_a_chinese_list_saved_by_libreoffice(ws: Workspace, tmp_path: Path) -> None:
    _items(ws)
    me = ws.actor()
    path = _saved_by_calc(_questionnaire(tmp_path / "问卷.xlsx", ("是", "否", "部分", "不适用")))
    rid = ws.tenders.import_file(me, path, title="问卷").value.id
    rows = ws.tenders.rows(rid)
    assert rows[0].allowed_answers == ("是", "否", "部分", "不适用")
    for row, slug in zip(rows[:3], ("enc-at-rest", "mfa-admins", "iso-27001"), strict=True):
        ws.tenders.respond(me, rid, row.no, from_item=slug)
    ws.tenders.respond(me, rid, rows[3].no, text="7×24 值守，P1 事件 30 分钟内响应。")
    assert [r.answer_choice for r in ws.tenders.rows(rid)] == ["是", "部分", "否", ""]
    # (the questions are English, so are the document and the answers it expects: the two in Chinese are flagged)
    assert [(p.row_no, p.code) for p in ws.tenders.check(rid).warnings] == [
        (rows[2].no, "tender_row_other_language"), (rows[3].no, "tender_row_other_language"),
        (rows[3].no, "tender_row_choice_open")]

    out = ws.tenders.fill(me, rid, tmp_path / "filled.xlsx")
    sheet = openpyxl.load_workbook(str(out))["Security"]
    original = openpyxl.load_workbook(str(path))["Security"]
    assert [sheet[f"C{r}"].value for r in range(2, 6)] == ["是", "部分", "否", None]
    assert [(v.formula1, str(v.sqref)) for v in sheet.data_validations.dataValidation] == \
        [(v.formula1, str(v.sqref)) for v in original.data_validations.dataValidation] != []


def test_autofill_sets_the_drop_down_when_the_answer_decides_it(demo_ws: Workspace, tmp_path: Path) -> None:
    ws, me = demo_ws, demo_ws.actor()
    rid = next(r.id for r in ws.tenders.all() if r.source_name.endswith(".xlsx"))
    report = ws.tenders.autofill(me, rid).value
    accepted = [r for r in ws.tenders.rows(rid) if r.response]
    assert report.auto_accepted == len(accepted) > 0
    for row in accepted:  # as the answer opens: "Yes. …" is Yes; an answer without a stance leaves it open
        expected = {YES: "Yes", NO: "No", PARTIAL: "Partial", NOT_APPLICABLE: "N/A", None: ""}[text_stance(row.response)]
        assert row.answer_choice == expected
        assert ("tender_row_choice_open" in row.problems) == (expected == "")
    assert any(r.answer_choice == "Yes" for r in accepted)
    events = ws.tenders.history(rid, accepted[0].no)
    assert events[-1].action == "autofill"
    assert ("answer_choice" in events[-1].changes) == bool(accepted[0].answer_choice)


def test_an_earlier_responses_choice_comes_with_its_answer(ws: Workspace, tmp_path: Path) -> None:
    me = ws.actor()
    first = ws.tenders.import_file(me, _questionnaire(tmp_path / "a.xlsx", ("Yes", "No", "Partial", "N/A")),
                                   title="A").value.id
    no = ws.tenders.rows(first)[3].no
    ws.tenders.respond(me, first, no, text="We follow NIST SP 800-61; tabletop exercises are yearly.",
                       answer_choice="partial")
    second = ws.tenders.import_file(me, _questionnaire(tmp_path / "b.xlsx", ("是", "否", "部分")), title="B").value.id
    # the earlier row's own choice, in this list's words; the text alone would have decided nothing
    assert ws.tenders.respond(me, second, no, from_item=f"{first}#{no}").value.answer_choice == "部分"
