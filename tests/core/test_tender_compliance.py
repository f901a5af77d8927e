"""The compliance check: each kind of blocking ★ row blocks, fixing it lets the response
through; ▲ and unmarked rows only warn. Pure, and through the service on both backends."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest

from tests.core.test_tender_service import imported, questionnaire
from workbench.core.errors import Forbidden, InvalidInput
from workbench.core.tender.compliance import (
    COPIES_REQUIREMENT,
    NEGATIVE,
    NO_EVIDENCE,
    OTHER_LANGUAGE,
    REGION_FORMS,
    UNANSWERED,
    check,
    copy_ratio,
)
from workbench.core.tender.languages import in_other_language
from workbench.core.tender.model import AnswerRow, Deviation, Kind, Mark
from workbench.core.tender.thresholds import thresholds
from workbench.core.workspace import Workspace

REQUIREMENT = "系统须支持国密 SM4 算法对敏感数据进行加密存储。"
GOOD = AnswerRow(1, "3.1.1", Mark.SUBSTANTIVE, Kind.REQUIREMENT, REQUIREMENT,
                 "支持。敏感字段以 SM4-GCM 加密存储，密钥由独立 KMS 管理并每 90 天轮换。", Deviation.NONE,
                 evidence="产品白皮书", evidence_page="12")
NEAR = thresholds().near_copy


@pytest.mark.parametrize(("change", "code"), [
    ({"response": ""}, UNANSWERED),
    ({"deviation": Deviation.NEGATIVE}, NEGATIVE),
    ({"response": "系统支持国密SM4算法，对敏感数据进行加密存储"}, COPIES_REQUIREMENT),
    ({"evidence": "", "evidence_page": ""}, NO_EVIDENCE),
])
def test_each_kind_of_star_row_blocks_and_the_fix_lets_it_through(change: dict[str, object], code: str) -> None:
    from dataclasses import replace

    assert check([GOOD], NEAR).ok
    broken = replace(GOOD, **change)  # type: ignore[arg-type]
    report = check([GOOD, replace(broken, no=2, clause="3.1.2")], NEAR)
    assert not report.ok and [(p.row_no, p.clause, p.mark, p.code) for p in report.blocking] == [(2, "3.1.2", "★", code)]
    assert report.warnings == ()
    # the same on an ▲ row and on an unmarked one: a warning, not a block
    for mark in (Mark.IMPORTANT, Mark.NONE):
        soft = check([replace(broken, mark=mark)], NEAR)
        assert soft.ok and [p.code for p in soft.warnings] == [code]


def test_an_answer_in_the_other_language_blocks_a_star_row_until_translated() -> None:
    from dataclasses import replace

    english = replace(GOOD, response="Supported: sensitive fields are encrypted with SM4-GCM, keys rotated every 90 days.")
    report = check([GOOD, replace(english, no=2, clause="3.1.2")], NEAR, "zh-Hans")
    assert [(p.row_no, p.code) for p in report.blocking] == [(2, OTHER_LANGUAGE)]
    assert [p.code for p in check([replace(english, mark=Mark.NONE)], NEAR, "zh-Hans").warnings] == [OTHER_LANGUAGE]
    assert check([GOOD], NEAR, "zh-Hans").ok
    # the row's requirement decides: an English row of a bilingual (中英文对照) tender is answered in
    # English, a row of both languages in either; the document's language only for a row of no words
    bilingual = replace(english, requirement="The system shall encrypt sensitive data with SM4.")
    both = replace(english, requirement="系统须支持国密 SM4 加密 / The system shall encrypt sensitive data with SM4.")
    assert check([bilingual, both], NEAR, "zh-Hans").ok
    assert not check([replace(english, requirement="3.1.1 ★")], NEAR, "zh-Hans").ok
    # a Chinese answer accepted into an English questionnaire, and its translation
    question = AnswerRow(1, "BC-01", Mark.NONE, Kind.QUESTION, "What are your RPO and RTO?",
                         "SaaS 环境备份与容灾指标：增量备份每 15 分钟，RPO ≤ 15 分钟，RTO ≤ 4 小时。", Deviation.UNSET)
    assert [p.code for p in check([question], NEAR, "en").warnings] == [OTHER_LANGUAGE]
    translated = replace(question, response="Incremental backups every 15 minutes: RPO ≤ 15 min, RTO ≤ 4 h.")
    assert check([translated], NEAR, "en").ok


@pytest.mark.parametrize(("text", "document", "other"), [
    ("支持", "en", False),  # a word or two of Chinese in an English answer: a name, not the answer's language
    ("支持。采用 SM4 国密算法加密存储。", "en", True),
    ("支持。採用 SM4 國密演算法加密儲存。", "en", True),
    ("SM4", "zh-Hans", False), ("99.9%", "zh-Hans", False), ("Kubernetes 1.24", "zh-Hans", False),
    ("Yes", "zh-Hans", False), ("支持 Kubernetes 1.24 及以上版本，可在 OpenShift 与 KubeSphere 上部署", "zh-Hans", False),
    ("We support single sign-on with LDAP and SAML.", "zh-Hans", True),
    ("We support single sign-on with LDAP and SAML.", "en", False),
    ("", "en", False),
])
def test_which_answers_are_in_the_other_language(text: str, document: str, other: bool) -> None:
    assert in_other_language(text, document) is other


def test_near_copy_is_judged_without_punctuation_and_spaces() -> None:
    assert copy_ratio(REQUIREMENT, "系统须支持国密SM4算法对敏感数据进行加密存储") == 1.0
    assert copy_ratio(REQUIREMENT, "满足：系统支持国密 SM4 算法对敏感数据进行加密存储。") >= NEAR
    assert copy_ratio(REQUIREMENT, GOOD.response) < NEAR
    assert copy_ratio("Must support SSO.", "MUST support SSO") == 1.0


def test_a_questionnaire_row_needs_no_evidence() -> None:
    question = AnswerRow(1, "SEC-01", Mark.NONE, Kind.QUESTION, "Do you support SSO?", "", Deviation.UNSET,
                         answer_choice="Yes")
    assert check([question], NEAR) == check([], NEAR)


def test_an_answer_in_another_regions_character_forms_is_a_warning_on_any_row() -> None:
    """Hong Kong's 户 and 裏 typed into an answer for Taiwan readers (and Taiwan's into one for Hong
    Kong's) are named with the readers' forms; a warning even on a ★ row (the readers understand
    it; the document would mix two standards); nothing for readers not said, nor for a Taiwan 台."""
    from dataclasses import replace

    from workbench.core.errors import say

    hong_kong = replace(GOOD, response="支援。帳户資料以 SM4 加密儲存，系統裏的金鑰每 90 天輪換。")
    report = check([hong_kong], NEAR, "zh-Hant", readers="zh-TW")
    assert report.ok and [(p.row_no, p.code, p.detail) for p in report.warnings] == [(1, REGION_FORMS, "户→戶、裏→裡")]
    assert say(REGION_FORMS, "en", detail=report.warnings[0].detail).endswith("readers': 户→戶、裏→裡")
    assert report.warnings[0].to_json()["detail"] == "户→戶、裏→裡"
    taiwan = replace(GOOD, response="支援。帳戶資料以 SM4 加密儲存，系統裡的金鑰每 90 天輪換，台北機房。")
    assert not check([taiwan], NEAR, "zh-Hant", readers="zh-TW").warnings
    assert [p.detail for p in check([taiwan], NEAR, "zh-Hant", readers="zh-HK").warnings] == ["戶→户、裡→裏"]
    for readers in ("zh-Hant", "zh-Hans", ""):
        assert not check([hong_kong, taiwan], NEAR, "zh-Hant", readers=readers).warnings
    many = replace(GOOD, response="户裏着説衞温啓峯")
    assert check([many], NEAR, "zh-Hant", readers="zh-TW").warnings[0].detail == "户→戶、裏→裡、着→著、説→說、衞→衛…"


def test_the_service_reports_the_check_per_row_and_in_progress(ws: Workspace) -> None:
    rid = imported(ws)
    me = ws.actor()
    report = ws.tenders.check(rid)
    assert [(p.row_no, p.code) for p in report.blocking] == [(1, UNANSWERED), (2, UNANSWERED)]
    assert {p.row_no for p in report.warnings} == {3, 4, 5}
    ws.tenders.respond(me, rid, 1, text=GOOD.response, evidence="产品白皮书", evidence_page="12")
    ws.tenders.respond(me, rid, 2, text="投标产品须通过网络安全等级保护三级测评，并提供测评报告。", deviation="negative",
                       evidence="等保测评报告")
    report = ws.tenders.check(rid)
    assert [(p.row_no, p.code) for p in report.blocking] == [(2, NEGATIVE), (2, COPIES_REQUIREMENT)]
    sheet = ws.tenders.sheet(me, rid)
    assert sheet.response.progress.blocking == 1 and sheet.response.progress.negative == 1
    assert sheet.row(2).problems == (NEGATIVE, COPIES_REQUIREMENT) and sheet.row(1).problems == ()
    ws.tenders.respond(me, rid, 2, text="已通过等保三级测评（证书编号 11010199999-00001），附测评报告", deviation="none")
    assert ws.tenders.check(rid).ok
    assert ws.tenders.get(rid).progress.blocking == 0
    # a questionnaire answered with its drop-downs only: nothing blocks, the open rows warn
    q = imported(ws, questionnaire())
    assert ws.tenders.check(q).ok and len(ws.tenders.check(q).warnings) == 2


def test_export_is_refused_while_the_check_blocks_and_written_once_fixed(ws: Workspace, tmp_path: Path) -> None:
    rid = imported(ws)
    me = ws.actor()
    with pytest.raises(InvalidInput) as refused:
        ws.tenders.export(me, rid, "docx", tmp_path / "out.docx")
    assert refused.value.code == "tender_check_blocks" and refused.value.params["rows"] == "1, 2"
    assert "1, 2" in refused.value.message("zh_CN") and not (tmp_path / "out.docx").exists()
    ws.tenders.respond(me, rid, 1, text=GOOD.response, deviation="none", evidence="产品白皮书", evidence_page="12")
    with pytest.raises(InvalidInput) as still:
        ws.tenders.export(me, rid, "xlsx", tmp_path / "out.xlsx")
    assert still.value.params["rows"] == "2"
    ws.tenders.respond(me, rid, 2, text="已通过等保三级测评，附测评报告", deviation="positive", evidence="等保测评报告",
                       evidence_page="35")
    with pytest.raises(InvalidInput) as unknown:
        ws.tenders.export(me, rid, "pdf", tmp_path / "out.pdf")
    assert unknown.value.code == "tender_format_invalid"
    written = ws.tenders.export(me, rid, "docx", tmp_path / "out.docx")
    # (the export keeps "SM4-GCM" on one line with a word joiner after the hyphen)
    # a cell's text without the line breaks the export puts between its words
    text = "\n".join(c.text.replace("\n", "") for t in docx.Document(str(written)).tables for r in t.rows for c in r.cells)
    text = text.replace("\u2060", "")
    assert GOOD.response in text and "已通过等保三级测评，附测评报告" in text and "正偏离" in text
    sheet = openpyxl.load_workbook(ws.tenders.export(me, rid, "xlsx", tmp_path / "out.xlsx")).active
    assert sheet is not None
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert GOOD.response in values and "35" in " ".join(values)
    with pytest.raises(Forbidden):
        ws.tenders.export(ws.users.get("nina"), rid, "docx", tmp_path / "nina.docx")
