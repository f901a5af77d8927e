"""Tender responses through the service: import (all or nothing), answering rows with their
history, optimistic concurrency, rights, attaching to a proposal. Both backends."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text as sql

from workbench.core.errors import Conflict, Forbidden, ImportRejected, InvalidInput, NotFound
from workbench.core.tender.model import (
    DeviationTableShape,
    Extracted,
    ExtractedRequirement,
    Kind,
    Location,
    Mark,
    SourceFormat,
)
from workbench.core.users import UserView
from workbench.core.workspace import Workspace


@dataclass(frozen=True)
class Loaded:
    """What extraction hands the service (the shape of extract.Loaded)."""

    extracted: Extracted
    content: bytes


TENDER_ROWS = (
    ("3.1.1", Mark.SUBSTANTIVE, Kind.REQUIREMENT, "系统须支持国密 SM4 算法对敏感数据进行加密存储"),
    ("3.1.2", Mark.SUBSTANTIVE, Kind.REQUIREMENT, "投标产品须通过网络安全等级保护三级测评，并提供测评报告"),
    ("3.1.3", Mark.IMPORTANT, Kind.REQUIREMENT, "数据备份策略应满足 RPO 不大于 15 分钟、RTO 不大于 4 小时"),
    ("3.1.4", Mark.NONE, Kind.REQUIREMENT, "CRM 应支持与 SAP、用友等 ERP 系统对接"),
    ("1", Mark.NONE, Kind.SCORING, "技术方案完整性：方案完整、可行的得 10 分"),
)


def tender(rows: tuple[tuple[str, Mark, Kind, str], ...] = TENDER_ROWS, language: str = "zh-Hans",
           name: str = "招标文件.docx") -> Loaded:
    requirements = tuple(
        ExtractedRequirement(clause, mark, kind, text, chapter="第三章 技术要求",
                             points=10.0 if kind is Kind.SCORING else None,
                             symbol=mark.value, location=Location(block=10 + i))
        for i, (clause, mark, kind, text) in enumerate(rows)
    )
    shape = DeviationTableShape(("序号", "条款号", "招标要求", "投标响应", "偏离情况", "说明", "证明材料页码"),
                                {"no": 0, "clause": 1, "requirement": 2, "response": 3, "deviation": 4, "note": 5,
                                 "evidence": 6}, Location(table=4, row=0))
    fmt = SourceFormat.XLSX if name.endswith(".xlsx") else SourceFormat.DOCX
    return Loaded(Extracted(name, fmt, language, requirements, legend={"★": "实质性条款"}, deviation_table=shape),
                  b"PK\x03\x04 the customer's own file")


def questionnaire() -> Loaded:
    rows = (
        ExtractedRequirement("SEC-01", Mark.NONE, Kind.QUESTION, "Do you support SSO with SAML 2.0 or OIDC?",
                             category="Access", allowed_answers=("Yes", "No", "Partial"),
                             location=Location(sheet="Security", cell="B2", answer_cell="C2")),
        ExtractedRequirement("SEC-02", Mark.NONE, Kind.QUESTION, "Is the platform penetration-tested every year?",
                             category="Testing", allowed_answers=("Yes", "No", "Partial"),
                             location=Location(sheet="Security", cell="B3", answer_cell="C3")),
    )
    return Loaded(Extracted("questionnaire.xlsx", SourceFormat.XLSX, "en", rows), b"PK\x03\x04 xlsx")


def user(ws: Workspace, name: str) -> UserView:
    return ws.users.get(name)


def imported(ws: Workspace, loaded: Loaded | None = None, actor: UserView | None = None) -> str:
    return ws.tenders.import_loaded(actor or ws.actor(), loaded or tender(), "某医院客服云项目", "某医院").value.id


def test_import_keeps_every_row_the_file_and_its_shape(ws: Workspace) -> None:
    result = ws.tenders.import_loaded(ws.actor(), tender(), None, "某医院")
    view = result.value
    assert result.changes.tenders
    assert view.id.startswith("T-") and view.id.endswith("-001")
    assert view.title == "招标文件" and view.customer == "某医院" and view.source_format == "docx"
    assert view.progress.total == 5 and view.progress.answered == 0
    assert view.progress.star_open == 2 and view.progress.important_open == 1
    assert view.progress.blocking == 2
    second = imported(ws)
    assert second.endswith("-002")
    rows = ws.tenders.rows(view.id)
    assert [(r.no, r.clause, r.mark, r.kind) for r in rows] == [
        (1, "3.1.1", "★", "requirement"), (2, "3.1.2", "★", "requirement"), (3, "3.1.3", "▲", "requirement"),
        (4, "3.1.4", "", "requirement"), (5, "1", "", "scoring")]
    assert rows[4].points == 10.0 and rows[0].location == {"block": 10} and rows[0].status == "open"
    assert ws.tenders.source(view.id) == tender().content
    doc = ws.tenders.document(view.id)
    assert doc.deviation_table is not None and doc.deviation_table.columns["evidence"] == 6
    assert doc.deviation_table.location.table == 4 and doc.legend == {"★": "实质性条款"}
    assert [r.requirement for r in doc.rows] == [t for _c, _m, _k, t in TENDER_ROWS]
    assert [v.id for v in ws.tenders.all()] == [second, view.id]


def test_import_saves_nothing_when_refused(ws: Workspace) -> None:
    empty = Loaded(Extracted("空.docx", SourceFormat.DOCX, "zh-Hans", ()), b"PK")
    with pytest.raises(InvalidInput) as refused:
        ws.tenders.import_loaded(ws.actor(), empty)
    assert refused.value.code == "tender_no_requirements"
    huge = Loaded(tender().extracted, b"x" * (30 * 1024 * 1024 + 1))
    with pytest.raises(InvalidInput) as too_big:
        ws.tenders.import_loaded(ws.actor(), huge)
    assert too_big.value.code == "tender_file_too_big"
    with pytest.raises(Forbidden):
        ws.tenders.import_loaded(user(ws, "nina"), tender())
    assert ws.tenders.all() == []


def test_each_respond_leaves_the_row_as_said_and_in_its_history(ws: Workspace) -> None:
    rid = imported(ws)
    me = ws.actor()
    row = ws.tenders.respond(me, rid, 1, text="  支持 SM4，密钥由 KMS 管理  ").value
    assert (row.response, row.status, row.updated_by) == ("支持 SM4，密钥由 KMS 管理", "answered", me.name)
    assert row.problems == ("tender_row_no_evidence",)
    row = ws.tenders.respond(me, rid, 1, deviation="positive", note="另支持 SM2 签名",
                             evidence="产品白皮书", evidence_page="12", expected_version=row.version).value
    assert (row.deviation, row.note, row.evidence, row.evidence_page) == ("positive", "另支持 SM2 签名", "产品白皮书", "12")
    assert row.problems == ()
    unchanged = ws.tenders.respond(me, rid, 1, deviation="positive")
    assert not unchanged.changes.tenders and unchanged.value.version == row.version
    cleared = ws.tenders.respond(me, rid, 1, text="").value
    assert cleared.status == "open" and cleared.problems == ("tender_row_unanswered",)
    history = ws.tenders.history(rid, 1)
    assert [sorted(e.changes) for e in history] == [
        ["response", "status"], ["deviation", "evidence", "evidence_page", "note"], ["response", "status"]]
    assert history[0].changes["response"] == ["", "支持 SM4，密钥由 KMS 管理"] and history[0].actor == me.name
    assert history[2].changes["status"] == ["answered", "open"]
    with pytest.raises(InvalidInput) as bad:
        ws.tenders.respond(me, rid, 1, deviation="partly")
    assert bad.value.code == "tender_deviation_invalid"
    with pytest.raises(InvalidInput) as both:
        ws.tenders.respond(me, rid, 1, text="x", from_item="faq-x")
    assert both.value.code == "tender_text_and_item"
    with pytest.raises(NotFound) as missing:
        ws.tenders.respond(me, rid, 99, text="x")
    assert missing.value.code == "tender_row_not_found"
    with pytest.raises(NotFound):
        ws.tenders.respond(me, "T-1999-001", 1, text="x")


def test_history_is_append_only_in_the_database(ws: Workspace) -> None:
    rid = imported(ws)
    ws.tenders.respond(ws.actor(), rid, 2, text="已通过等保三级测评")
    for statement in ("UPDATE tender_row_events SET actor = 'someone'", "DELETE FROM tender_row_events"):
        with pytest.raises(Exception, match="append-only"), ws.db.write() as s:
            s.execute(sql(statement))
    assert [e.actor for e in ws.tenders.history(rid)] == [ws.actor().name]


def test_a_stale_version_is_a_conflict_naming_who_changed_it(ws: Workspace) -> None:
    rid = imported(ws)
    opened = ws.tenders.rows(rid)[0]
    ws.users.set_display_name(ws.actor(), "alice", "Alice Wang")
    ws.tenders.respond(ws.actor(), rid, 1, assign="alice")
    alice = user(ws, "alice")
    ws.tenders.respond(alice, rid, 1, text="支持 SM4", expected_version=ws.tenders.rows(rid)[0].version)
    with pytest.raises(Conflict) as conflict:
        ws.tenders.respond(ws.actor(), rid, 1, text="我的版本", expected_version=opened.version)
    assert conflict.value.code == "tender_row_conflict" and conflict.value.params["by"] == "alice"
    assert ws.tenders.rows(rid)[0].response == "支持 SM4"
    assert "alice" in conflict.value.message("zh_CN")


def test_rights_owner_assignee_viewer(ws: Workspace) -> None:
    rid = imported(ws)
    alice, rita, nina = user(ws, "alice"), user(ws, "rita"), user(ws, "nina")
    with pytest.raises(Forbidden) as refused:
        ws.tenders.respond(alice, rid, 2, text="已通过")
    assert refused.value.code == "tender_row_forbidden"
    with pytest.raises(Forbidden):
        ws.tenders.respond(nina, rid, 2, text="已通过")
    with pytest.raises(InvalidInput) as viewer:
        ws.tenders.respond(ws.actor(), rid, 2, assign="nina")
    assert viewer.value.code == "tender_assignee_invalid"
    assigned = ws.tenders.respond(ws.actor(), rid, 2, assign="alice").value
    assert assigned.assignee == "alice"
    assert ws.tenders.history(rid, 2)[-1].action == "assign"
    assert ws.tenders.respond(alice, rid, 2, text="已通过等保三级测评").value.status == "answered"
    with pytest.raises(Forbidden) as other_row:
        ws.tenders.respond(alice, rid, 3, text="x")
    assert other_row.value.code == "tender_row_forbidden"
    with pytest.raises(Forbidden) as assign:
        ws.tenders.respond(alice, rid, 2, assign="rita")
    assert assign.value.code == "tender_assign_forbidden"
    sheet = ws.tenders.sheet(alice, rid)
    assert not sheet.rights.may_edit and not sheet.rights.may_assign and sheet.rights.may_export
    assert sheet.rights.may_edit_row(2) and not sheet.rights.may_edit_row(1)
    assert sheet.row(2).assignee_label == "alice"
    owner = ws.tenders.sheet(ws.actor(), rid).rights
    assert owner.may_edit and owner.may_assign and all(owner.may_edit_row(n) for n in range(1, 6))
    watcher = ws.tenders.sheet(nina, rid)
    assert not (watcher.rights.may_edit or watcher.rights.may_export or watcher.rights.rows)
    logins = [login for login, _label in sheet.people]
    assert "alice" in logins and "rita" in logins and "nina" not in logins
    # the response of another author: rita owns it, the admin may act on it too
    theirs = imported(ws, actor=rita)
    with pytest.raises(Forbidden):
        ws.tenders.respond(alice, theirs, 1, text="x")
    assert ws.tenders.respond(ws.actor(), theirs, 1, text="管理员代答").value.status == "answered"
    unassigned = ws.tenders.respond(ws.actor(), rid, 2, assign="").value
    assert unassigned.assignee is None


def test_questionnaire_answers_are_the_allowed_ones(ws: Workspace) -> None:
    rid = imported(ws, questionnaire())
    me = ws.actor()
    row = ws.tenders.respond(me, rid, 1, answer_choice="yes").value
    assert row.answer_choice == "Yes" and row.status == "answered" and row.problems == ()
    with pytest.raises(InvalidInput) as refused:
        ws.tenders.respond(me, rid, 1, answer_choice="Maybe")
    assert refused.value.code == "tender_answer_invalid"
    assert ws.tenders.rows(rid)[0].answer_choice == "Yes"
    assert ws.tenders.rows(rid)[0].location_label == "Security!B2"


def test_attach_to_a_proposal(ws: Workspace) -> None:
    rid = imported(ws)
    with pytest.raises(NotFound) as missing:
        ws.tenders.attach(ws.actor(), rid, "P-1999-0001")
    assert missing.value.code == "proposal_not_found"
    with ws.db.write() as s:
        s.execute(sql("INSERT INTO proposals (number, title, customer, industry, customer_tier, template, author, "
                      "status, inputs, created_at, updated_at, version) VALUES ('P-2026-0042', 't', '', '', '', "
                      "'x', 'alice', 'draft', '{}', '2026-01-01', '2026-01-01', 1)"))
    with pytest.raises(Forbidden) as refused:
        ws.tenders.attach(user(ws, "alice"), rid, "P-2026-0042")
    assert refused.value.code == "tender_attach_forbidden"
    result = ws.tenders.attach(ws.actor(), rid, "P-2026-0042")
    assert result.value.proposal == "P-2026-0042" and result.changes.tenders
    assert ws.tenders.attach(ws.actor(), rid, None).value.proposal is None


def test_import_file_reads_real_files_and_saves_nothing_from_a_hostile_one(ws: Workspace, tmp_path: Path) -> None:
    from tests.tender_files import write_encrypted_docx, write_questionnaire_xlsx, write_tender_docx

    written = write_tender_docx(tmp_path / "招标文件.docx")
    view = ws.tenders.import_file(ws.actor(), written.path, customer="某医院").value
    rows = ws.tenders.rows(view.id)
    assert [(r.clause, r.mark, r.kind) for r in rows] == [(e.clause, e.mark, e.kind) for e in written.expected]
    assert all(r.text.startswith(e.text) for r, e in zip(rows, written.expected, strict=True))
    assert view.language == "zh-Hans" and view.has_deviation_table
    # named after the project its cover names (not the file, 招标文件.docx); the buyer as given
    assert view.title == "某市政务云平台扩容项目" and view.customer == "某医院"
    assert ws.tenders.source(view.id) == written.path.read_bytes()
    sheet = write_questionnaire_xlsx(tmp_path / "questionnaire.xlsx")
    questions = ws.tenders.rows(ws.tenders.import_file(ws.actor(), sheet.path, title="Security review").value.id)
    # not named: named after the title row above its table ("Acme Bank — Vendor Security
    # Assessment"), addressed to the bank before the dash, not after the file
    named = ws.tenders.import_file(ws.actor(), sheet.path).value
    assert (named.title, named.customer) == ("Vendor Security Assessment", "Acme Bank")
    assert [(r.clause, r.kind, r.allowed_answers) for r in questions] == [
        (e.clause, e.kind, e.allowed) for e in sheet.expected]
    before = [v.id for v in ws.tenders.all()]
    with pytest.raises(ImportRejected):
        ws.tenders.import_file(ws.actor(), write_encrypted_docx(tmp_path / "locked.docx"))
    assert [v.id for v in ws.tenders.all()] == before


def test_migration_0009_goes_down_and_up_again(ws: Workspace) -> None:
    """Downgrade drops the tables and the append-only triggers on either backend; upgrade
    brings them back and responses work as before."""
    from alembic import command
    from sqlalchemy import inspect

    from workbench.core.db import migrate

    imported(ws)
    cfg = migrate._config()
    with ws.db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008")
    tables = set(inspect(ws.db.engine).get_table_names())
    assert not tables & {"tender_responses", "tender_rows", "tender_row_events", "knowledge_questions"}
    assert migrate.upgrade(ws.db, explicit=True)
    rid = imported(ws)
    assert rid.endswith("-001")
    ws.tenders.respond(ws.actor(), rid, 1, text="支持")
    with pytest.raises(Exception, match="append-only"), ws.db.write() as s:
        s.execute(sql("DELETE FROM tender_row_events"))


def test_evidence_naming_a_knowledge_item_and_overlong_values(ws: Workspace) -> None:
    from workbench.core.knowledge.model import ItemDraft
    from workbench.core.knowledge.model import Kind as ItemKind

    ws.knowledge.create(ws.actor(), ItemDraft(kind=ItemKind.FAQ, title="等保三级测评报告", body="编号 11010199999-00001",
                                              slug="faq-mlps-report"))
    rid = imported(ws)
    row = ws.tenders.respond(ws.actor(), rid, 2, text="已通过等保三级测评", evidence="faq-mlps-report").value
    assert (row.evidence_item, row.evidence) == ("faq-mlps-report", "等保三级测评报告")
    assert ws.tenders.document(rid).rows[1].evidence == "等保三级测评报告"
    for field, value in (("evidence", "材" * 501), ("evidence_page", "1" * 41), ("text", "答" * 20_001)):
        with pytest.raises(InvalidInput) as refused:
            ws.tenders.respond(ws.actor(), rid, 2, **{field: value})  # type: ignore[arg-type]
        assert refused.value.code == "tender_response_too_long"
    assert ws.tenders.rows(rid)[1].evidence == "等保三级测评报告"
