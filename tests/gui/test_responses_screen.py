"""The Responses screen through the desktop: a real tender .docx imported (by the button's path and
by dropping it), its rows with their marks, the filters, accepting a suggestion, the keyboard flow,
a viewer's read-only editor, a conflicting save, the compliance check's list and the export it
blocks and then lets through."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from tests.tender_files import write_tender_docx
from workbench.core import safekeeping as sk
from workbench.core.changes import OpChanges
from workbench.core.errors import say
from workbench.core.safekeeping import KeptEdit
from workbench.core.tender.views import RowView
from workbench.gui.models.response_rows import STAR, TRIANGLE
from workbench.gui.palette import DANGER, LINE
from workbench.gui.views.main_window import MainWindow
from workbench.gui.views.responses_view import ResponsesView

MARK_COLUMN = 2
ANSWER = "本项目采用双控制器冗余存储，任一控制器故障时业务自动切换，切换时间小于 5 秒，已在省级政务云稳定运行 3 年。"


@pytest.fixture
def view(qtbot, window: MainWindow) -> Iterator[ResponsesView]:  # type: ignore[no-untyped-def]
    window.nav.setCurrentRow(window.stack.indexOf(window.responses))
    qtbot.waitUntil(lambda: window.indexer.is_ready, timeout=30_000)
    yield window.responses


def import_tender(qtbot, view: ResponsesView, path: Path) -> str:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.imported, timeout=60_000) as got:
        view.import_file(path)
    response_id = got.args[0].id
    qtbot.waitUntil(lambda: view.sheet is not None and view.sheet.response.id == response_id
                    and view.editor.row is not None, timeout=20_000)
    return str(response_id)


def become(qtbot, view: ResponsesView, name: str) -> None:  # type: ignore[no-untyped-def]
    view.ctx.write(lambda ws, _me: ws.users.switch(name))
    qtbot.waitUntil(lambda: view.ctx.user is not None and view.ctx.user.name == name, timeout=10_000)


def shown_rows(view: ResponsesView) -> list[RowView]:
    return [view.proxy.index(i, 0).data(Qt.ItemDataRole.UserRole + 1) for i in range(view.proxy.rowCount())]


def test_import_shows_rows_with_marks_and_the_star_filter(qtbot, view: ResponsesView, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    written = write_tender_docx(tmp_path / "政务云扩容 招标文件.docx")
    assert view.import_button.isEnabled()
    response_id = import_tender(qtbot, view, written.path)
    rows = view.rows_model.rows
    starred = {e.clause for e in written.expected if e.mark == STAR and e.kind == "requirement"}
    assert starred <= {r.clause for r in rows if r.mark == STAR}
    assert not any(r.mark == STAR and "投标人须对" in r.text for r in rows)  # the instruction is no ★ row
    # the marks are visible, in colour
    for i, row in enumerate(rows):
        cell = view.rows_model.index(i, MARK_COLUMN)
        assert cell.data() == row.mark
        colour = cell.data(Qt.ItemDataRole.ForegroundRole)
        assert (colour.color().name() if colour else None) == {STAR: DANGER, TRIANGLE: LINE}.get(row.mark)
    # the list says how far it is
    listed = view.list_model.rows[view.list_model.row_of(response_id)]
    stars = sum(1 for r in rows if r.mark == STAR)
    assert view.list_model.index(view.list_model.row_of(response_id), 3).data().startswith(f"answered 0/{len(rows)}")
    assert listed.progress.star_open == stars
    assert f"★ open {stars}" in view.progress_line.text()

    qtbot.mouseClick(view.filter_buttons["star_open"], Qt.MouseButton.LeftButton)
    shown = shown_rows(view)
    assert len(shown) == stars and all(r.mark == STAR for r in shown)
    assert view.filter_buttons["star_open"].text().endswith(f"({stars})")
    view.filter_text.setText("双控制器")
    assert [r.clause for r in shown_rows(view)] == ["3.1"]
    view.filter_text.clear()
    qtbot.mouseClick(view.filter_buttons["important_open"], Qt.MouseButton.LeftButton)
    assert shown_rows(view) and all(r.mark == TRIANGLE for r in shown_rows(view))


def test_dropping_a_file_imports_it(qtbot, view: ResponsesView, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    written = write_tender_docx(tmp_path / "dropped.docx")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(written.path))])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(view.imported, timeout=60_000) as got:
        view.dropEvent(event)
    assert got.args[0].source_name == "dropped.docx"
    qtbot.waitUntil(lambda: view.list_model.rowCount() == 1 and view.sheet is not None, timeout=10_000)
    # a second file: the screen moves on to it
    second = import_tender(qtbot, view, write_tender_docx(tmp_path / "second.docx").path)
    assert view.list_model.rowCount() == 2
    assert view.list.currentIndex().data(Qt.ItemDataRole.UserRole + 1).id == second


def test_a_bad_file_says_why_in_the_ui_language(qtbot, view: ResponsesView, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "损坏的招标文件.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a Word file")
    view.ctx.lang = "zh"
    with qtbot.waitSignal(view.import_failed, timeout=30_000) as failed:
        view.import_file(broken)
    message = failed.args[0]
    assert message.startswith("损坏的招标文件.docx")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message.split("：", 1)[-1])  # the core's words, in Chinese
    assert view.banner.isVisible() and view.banner.text() == message
    assert view.import_button.isEnabled() and not view.busy.isVisible()
    view.reload()
    qtbot.wait(300)
    assert view.list_model.rowCount() == 0  # nothing half-saved


def test_accept_a_suggestion_then_ctrl_enter_saves_and_moves_on(qtbot, view: ResponsesView, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    response_id = import_tender(qtbot, view, write_tender_docx(tmp_path / "tender.docx").path)
    with qtbot.waitSignal(view.autofilled, timeout=60_000):
        view.autofill_button.click()
    qtbot.waitUntil(lambda: any(r.suggestions for r in view.rows_model.rows), timeout=20_000)

    # accept: Alt+1 anywhere in the editor fills the response from the library through the core
    target = next(r for r in view.rows_model.rows if r.suggestions and not r.response)
    assert view.select_row(target.no)
    qtbot.waitUntil(lambda: view.editor.row is not None and view.editor.row.no == target.no, timeout=5_000)
    assert view.editor.suggestions.count() == min(5, len(target.suggestions))
    assert view.editor.preview.toPlainText() == target.suggestions[0].preview
    view.editor.text.setFocus()
    qtbot.keyClick(view.editor.text, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: view.editor.row is not None and view.editor.row.response != "", timeout=10_000)
    accepted = view.editor.row
    assert accepted is not None and accepted.no == target.no
    assert target.suggestions[0].preview.strip()[:12] in view.editor.text.toPlainText()
    assert not view.editor.has_unsaved_changes()

    # type a real answer into an open ★ row and save with Ctrl+Enter: the next open row is shown
    star_rows = sorted((r for r in view.rows_model.rows if r.mark == STAR and r.status != "answered"),
                       key=lambda r: r.no)
    first = star_rows[0]
    assert view.select_row(first.no)
    qtbot.waitUntil(lambda: view.editor.row is not None and view.editor.row.no == first.no, timeout=5_000)
    editor = view.editor
    editor.text.setPlainText(ANSWER)
    editor.deviation.setCurrentIndex(editor.deviation.findData("positive"))
    editor.note.setText("切换时间优于要求")
    editor.evidence.setText("产品白皮书")
    editor.page.setText("12")
    assert editor.save_button.isEnabled() and editor.has_unsaved_changes()
    following = next(r.no for r in sorted(view.rows_model.rows, key=lambda r: r.no)
                     if r.no > first.no and r.status != "answered")
    qtbot.keyClick(editor.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.editor.row is not None and view.editor.row.no == following, timeout=10_000)
    assert view.editor.text.toPlainText() != ANSWER  # the next row's own response is shown
    saved = view.ctx.ws.tenders.sheet(view.ctx.user, response_id)  # type: ignore[union-attr]
    row = next(r for r in saved.rows if r.no == first.no)
    assert (row.response, row.deviation, row.evidence, row.evidence_page, row.status) == (
        ANSWER, "positive", "产品白皮书", "12", "answered")
    qtbot.waitUntil(lambda: view.rows_model.rows[view.rows_model.row_of(first.no)].status == "answered",
                    timeout=10_000)

    # Ctrl+Up goes back to the row before; nothing typed, so nothing is asked
    qtbot.keyClick(view.editor.text, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.editor.row is not None and view.editor.row.no == following - 1, timeout=5_000)


def test_a_viewer_reads_but_cannot_change(qtbot, view: ResponsesView, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import_tender(qtbot, view, write_tender_docx(tmp_path / "tender.docx").path)
    become(qtbot, view, "nina")
    qtbot.waitUntil(lambda: view.sheet is not None and not view.sheet.rights.may_edit
                    and view.editor.row is not None and not view.editor.may_edit(), timeout=10_000)
    editor = view.editor
    assert editor.requirement.toPlainText() == editor.row.text  # type: ignore[union-attr]
    assert editor.text.isReadOnly() and editor.note.isReadOnly() and editor.evidence.isReadOnly()
    assert not editor.deviation.isEnabled() and not editor.assignee.isEnabled()
    assert not editor.save_button.isEnabled() and not editor.accept_button.isEnabled()
    assert not view.autofill_button.isEnabled() and not view.import_button.isHidden()
    assert not view.rename_button.isEnabled() and not view.attach_button.isEnabled()
    qtbot.keyClicks(editor.text, "typed anyway")
    assert editor.text.toPlainText() == editor.row.response  # type: ignore[union-attr]
    assert not editor.has_unsaved_changes()
    assert "read-only" in view.meta.text()


def test_a_row_saved_meanwhile_is_a_conflict_that_keeps_the_typed_text(qtbot, view: ResponsesView, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    response_id = import_tender(qtbot, view, write_tender_docx(tmp_path / "tender.docx").path)
    editor = view.editor
    row = editor.row
    assert row is not None
    editor.text.setPlainText(ANSWER)
    ws = view.ctx.ws
    assert ws is not None
    # saved meanwhile elsewhere (another window of the same person, or a colleague)
    ws.tenders.respond(view.ctx.user, response_id, row.no, text="另一位同事的应答",  # type: ignore[arg-type]
                       expected_version=row.version)
    editor.save_button.click()
    qtbot.waitUntil(lambda: editor.error.isVisible(), timeout=10_000)
    assert str(row.no) in editor.error.text() or row.clause in editor.error.text()
    assert editor.text.toPlainText() == ANSWER
    qtbot.waitUntil(lambda: editor.row is not None and editor.row.response == "另一位同事的应答", timeout=10_000)
    assert editor.text.toPlainText() == ANSWER and editor.has_unsaved_changes()
    editor.save_button.click()  # seen: the second save goes on top of the newer version
    qtbot.waitUntil(lambda: editor.row is not None and editor.row.response == ANSWER, timeout=10_000)
    assert not editor.error.isVisible()


def test_the_check_lists_blocking_rows_and_export_waits_for_them(qtbot, view: ResponsesView, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    response_id = import_tender(qtbot, view, write_tender_docx(tmp_path / "tender.docx").path)
    panel = view.check_panel
    report = panel.report
    assert report is not None and report.blocking
    assert panel.problems.count() >= len(report.blocking)
    first = report.blocking[0]
    assert first.mark == STAR
    assert say(first.code, "en") in panel.problems.item(0).text()

    # a filter hides the row: clicking the problem still opens it
    qtbot.mouseClick(view.filter_buttons["important_open"], Qt.MouseButton.LeftButton)
    item = panel.problems.item(0)
    qtbot.mouseClick(panel.problems.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.problems.visualItemRect(item).center())
    qtbot.waitUntil(lambda: view.editor.row is not None and view.editor.row.no == first.row_no, timeout=5_000)
    assert view.rows.currentIndex().data(Qt.ItemDataRole.UserRole + 1).no == first.row_no

    out = tmp_path / "偏离表.docx"
    with qtbot.waitSignal(view.refused, timeout=30_000) as refused:
        view.export("docx", out)
    assert refused.args[0] and view.banner.isVisible()
    assert not out.exists()

    # every ★ row answered properly through the core: the check passes and the export is written
    ws = view.ctx.ws
    assert ws is not None
    for problem in report.blocking:
        row = next(r for r in view.rows_model.rows if r.no == problem.row_no)
        ws.tenders.respond(view.ctx.user, response_id, row.no, text=f"第 {row.no} 项：{ANSWER}",  # type: ignore[arg-type]
                           deviation="none", evidence="产品技术白皮书", evidence_page=str(10 + row.no))
    view.ctx.broadcast(OpChanges(tenders=True))
    qtbot.waitUntil(lambda: panel.report is not None and panel.report.ok, timeout=10_000)
    with qtbot.waitSignal(view.exported, timeout=60_000):
        view.export("docx", out)
    written = docx.Document(str(out))
    cells = " ".join(c.text.replace("\n", "") for t in written.tables for r in t.rows for c in r.cells)  # no line breaks
    assert ANSWER in cells

    # the customer's own file, answered: its empty 技术偏离表 now holds the answers
    filled = tmp_path / "招标文件-已应答.docx"
    with qtbot.waitSignal(view.exported, timeout=60_000) as done:
        view.fill(filled)
    assert Path(done.args[0]) == filled
    customer = docx.Document(str(filled))
    assert ANSWER in " ".join(c.text for t in customer.tables for r in t.rows for c in r.cells)


def test_leaving_a_row_with_typed_text_asks(qtbot, view: ResponsesView, tmp_path: Path,  # type: ignore[no-untyped-def]
                                            unsaved_questions: list[str]) -> None:
    import_tender(qtbot, view, write_tender_docx(tmp_path / "tender.docx").path)
    editor = view.editor
    first = editor.row
    assert first is not None
    editor.text.setFocus()
    editor.text.setPlainText(ANSWER)
    qtbot.keyClick(editor.text, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert unsaved_questions == [f"the response to row {first.clause}"]
    # the fixture answered Discard: the next row is shown, nothing was saved
    qtbot.waitUntil(lambda: editor.row is not None and editor.row.no == first.no + 1, timeout=5_000)
    assert view.rows_model.rows[view.rows_model.row_of(first.no)].response == ""


def test_row_models_without_a_view(qtbot, ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The table model and its filter over a real response's rows (no widgets)."""
    from workbench.gui.models.response_rows import ResponseRowsFilter, ResponseRowsModel
    from workbench.gui.models.responses import progress_text

    me = ws.actor()
    response = ws.tenders.import_file(me, write_tender_docx(tmp_path / "tender.docx").path).value
    rows = ws.tenders.sheet(me, response.id).rows
    star = next(r for r in rows if r.mark == STAR)
    ws.tenders.respond(me, response.id, star.no, text=ANSWER, deviation="negative", evidence="白皮书",
                       evidence_page="3", assign="alice")
    sheet = ws.tenders.sheet(me, response.id)
    model = ResponseRowsModel()
    model.set_rows(sheet.rows)
    proxy = ResponseRowsFilter()
    proxy.setSourceModel(model)

    def shown() -> list[int]:
        return [proxy.index(i, 0).data(Qt.ItemDataRole.UserRole + 1).no for i in range(proxy.rowCount())]

    assert shown() == [r.no for r in sheet.rows]
    proxy.mode = "star_open"
    proxy.refilter()
    assert star.no not in shown() and shown() == [r.no for r in sheet.rows if r.mark == STAR and r.no != star.no]
    proxy.mode, proxy.me = "mine", "alice"
    proxy.refilter()
    assert shown() == [star.no]
    proxy.mode, proxy.text = "all", "双控制器 冗余"  # every word, in the requirement or the response
    proxy.refilter()
    dual = next(r.no for r in sheet.rows if r.clause == "3.1")
    assert shown() == sorted([dual, star.no])

    i = model.row_of(star.no)
    long_row = max(sheet.rows, key=lambda r: len(r.text))
    requirement = model.index(model.row_of(long_row.no), 4)
    assert requirement.data(Qt.ItemDataRole.ToolTipRole) == long_row.text
    assert len(requirement.data()) <= 90
    assert model.index(i, 5).data() == "Does not comply"
    assert model.index(i, 5).data(Qt.ItemDataRole.ForegroundRole).color().name() == DANGER
    progress = ws.tenders.all()[0].progress
    assert progress_text(progress).startswith(f"answered 1/{len(sheet.rows)} · ★ open {progress.star_open}")


def test_rename_and_attach_to_a_proposal(qtbot, view: ResponsesView, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.reviewing import new_proposal
    from workbench.gui.views.response_actions import AttachDialog, RenameDialog

    response_id = import_tender(qtbot, view, write_tender_docx(tmp_path / "扩容.docx").path)
    assert view.rename_button.isEnabled() and view.attach_button.isEnabled()
    dialog = RenameDialog(view.sheet.response, view)  # type: ignore[union-attr]
    dialog.title.setText("  ")
    assert not dialog.ok.isEnabled()
    view.rename("政务云扩容 二期", "某省大数据局")
    qtbot.waitUntil(lambda: view.sheet is not None and view.sheet.response.title == "政务云扩容 二期", timeout=20_000)
    row = view.list_model.row_of(response_id)
    assert view.list_model.index(row, 0).data() == "政务云扩容 二期"
    assert view.list_model.index(row, 1).data() == "某省大数据局"

    ws = view.ctx.ws
    assert ws is not None and view.ctx.user is not None
    number = new_proposal(ws, author=view.ctx.user.name)
    attach = AttachDialog(view.sheet.response, ws.proposals.all(), view)  # type: ignore[union-attr]
    assert attach.chosen() is None and attach.choice.findData(number) > 0
    attach.choice.setCurrentIndex(attach.choice.findData(number))
    view.attach(attach.chosen())
    qtbot.waitUntil(lambda: view.sheet is not None and view.sheet.response.proposal == number, timeout=20_000)
    assert number in view.state.text()
    assert "# Point-by-point response" in ws.proposals.get(number).latest.markdown  # type: ignore[union-attr]
    assert view.list_model.index(view.list_model.row_of(response_id), 4).data() == number
    # a proposal in review takes no new chapter: the refusal is said and the response stays as it was
    view.attach(None)
    qtbot.waitUntil(lambda: view.sheet is not None and view.sheet.response.proposal is None, timeout=20_000)
    ws.reviews.submit(ws.users.get(view.ctx.user.name), number)
    reported: list[str] = []
    view.ctx.report = lambda exc, _parent=None: reported.append(view.ctx.message_for(exc))  # type: ignore[method-assign]
    view.attach(number)
    qtbot.waitUntil(lambda: bool(reported), timeout=20_000)
    assert "review" in reported[0] and ws.tenders.get(response_id).proposal is None


def test_a_questionnaire_shows_its_answers_where_a_tender_shows_deviations(qtbot, ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from workbench.core.paths import demo_tenders_dir
    from workbench.gui.models.response_rows import DEVIATION_COLUMN, ResponseRowsModel

    me = ws.actor()
    rid = ws.tenders.import_file(me, demo_tenders_dir() / "security-questionnaire-en.xlsx").value.id
    ws.tenders.respond(me, rid, 1, text="SAML 2.0 and OpenID Connect, with SCIM provisioning.", answer_choice="Yes")
    model = ResponseRowsModel()
    model.set_rows(ws.tenders.rows(rid))
    assert model.headerData(DEVIATION_COLUMN, Qt.Orientation.Horizontal) == "Answer"
    assert model.index(0, DEVIATION_COLUMN).data() == "Yes" and model.index(1, DEVIATION_COLUMN).data() == ""
    tender = ws.tenders.import_file(me, write_tender_docx(tmp_path / "t.docx").path).value.id
    model.set_rows(ws.tenders.rows(tender))
    assert model.headerData(DEVIATION_COLUMN, Qt.Orientation.Horizontal) == "Deviation"


def test_a_question_is_answered_from_its_drop_down_not_with_a_deviation(  # type: ignore[no-untyped-def]
        qtbot, view: ResponsesView, tmp_path: Path) -> None:
    from workbench.core.paths import demo_tenders_dir

    import_tender(qtbot, view, demo_tenders_dir() / "security-questionnaire-en.xlsx")
    question = next(r for r in view.rows_model.rows if r.kind == "question" and r.allowed_answers)
    assert view.select_row(question.no)
    qtbot.waitUntil(lambda: view.editor.row is not None and view.editor.row.no == question.no, timeout=5_000)
    editor = view.editor
    assert editor.deviation.isHidden() and not editor.answer.isHidden()
    assert editor.choice_label.text() == "Answer" and editor.answer_label.isHidden()
    # a tender's requirement, in the same editor, asks for the deviation again
    import_tender(qtbot, view, write_tender_docx(tmp_path / "t.docx").path)
    requirement = next(r for r in view.rows_model.rows if r.kind == "requirement")
    assert view.select_row(requirement.no)
    qtbot.waitUntil(lambda: view.editor.row is not None and view.editor.row.kind == "requirement", timeout=5_000)
    assert not editor.deviation.isHidden() and editor.choice_label.text() == "Deviation"


def _drafts(view: ResponsesView, response_id: str) -> list[KeptEdit]:
    ws, user = view.ctx.ws, view.ctx.user
    assert ws is not None and user is not None
    return ws.safekeeping.row_drafts(response_id, user.name, ws.server)


def test_typed_answer_is_kept_on_the_laptop_and_put_back_after_a_crash(  # type: ignore[no-untyped-def]
        qtbot, view: ResponsesView, tmp_path: Path) -> None:
    response_id = import_tender(qtbot, view, write_tender_docx(tmp_path / "tender.docx").path)
    editor = view.editor
    first = editor.row
    assert first is not None and first.response == ""
    editor.text.setPlainText(ANSWER)
    editor.evidence.setText("产品白皮书")
    qtbot.waitUntil(lambda: len(_drafts(view, response_id)) == 1, timeout=10_000)
    [draft] = _drafts(view, response_id)
    assert (draft.response_row, draft.base_version) == ((response_id, first.no), first.version)
    assert draft.row_fields()["text"] == ANSWER and draft.row_fields()["evidence"] == "产品白皮书"
    ws = view.ctx.ws
    assert ws is not None and ws.safekeeping.pending() == []  # a draft, never a save waiting for the server

    # discarding the change removes the draft
    editor.discard_unsaved()
    assert _drafts(view, response_id) == [] and editor.text.toPlainText() == ""
    editor.text.setPlainText(ANSWER)
    qtbot.waitUntil(lambda: len(_drafts(view, response_id)) == 1, timeout=10_000)

    # "after a crash": a new screen on the same laptop opens the response; the row's typed fields
    # come back, unsaved, the screen names the other row typed and not saved, and saving removes
    # the row's draft
    second = view.rows_model.rows[1]
    ws.safekeeping.keep(sk.response_row(ws.actor().name, ws.server, response_id, second.no,
                                        {"text": "第二行"}, second.version))
    again = ResponsesView(view.ctx)
    qtbot.addWidget(again)
    again.reload(select=response_id)
    qtbot.waitUntil(lambda: again.sheet is not None and again.sheet.response.id == response_id
                    and again.editor.row is not None, timeout=20_000)
    assert again.editor.row is not None and again.editor.row.no == first.no
    assert again.editor.text.toPlainText() == ANSWER and again.editor.has_unsaved_changes()
    assert f"row {second.no}." in again.state.text() and f"row {first.no}" not in again.state.text()
    assert "unsaved text" in again.editor.state.text()
    with qtbot.waitSignal(again.editor.saved, timeout=20_000):
        again.editor.save()
    assert [d.response_row for d in _drafts(view, response_id)] == [(response_id, second.no)]
    assert again.rows_model.rows[again.rows_model.row_of(first.no)].response == ANSWER
    editor.discard_unsaved()  # the first screen still holds the same text, unsaved


def test_the_requirement_is_read_whole_on_a_laptop_screen(  # type: ignore[no-untyped-def]
        qtbot, view: ResponsesView, window: MainWindow, tmp_path: Path) -> None:
    """At 1280×720 the row editor's requirement box is as tall as the requirement (up to six lines):
    it showed two lines of a three-line requirement. The response box keeps its height."""
    window.resize(1280, 720)
    tender = docx.Document()
    tender.add_heading("第三章 采购需求", 1)
    tender.add_paragraph("注：标注“★”的条款为实质性条款，不满足将导致投标无效。")
    tender.add_paragraph("★3.1.1 平台须采用微服务架构，支持私有化部署于采购人机房，支持 Kubernetes 1.24 及以上版本容器化"
                         "部署，且不依赖任何境外互联网服务；所有组件须提供离线安装介质，升级与回滚均可在采购人内网完成，"
                         "升级期间核心业务不中断，回滚时间不超过 15 分钟。")
    tender.add_paragraph("3.1.2 提供中文界面。")
    tender.save(str(tmp_path / "tender.docx"))
    import_tender(qtbot, view, tmp_path / "tender.docx")
    editor = view.editor
    longest = max((r for r in view.rows_model.rows if r.kind == "requirement"), key=lambda r: len(r.text))
    shortest = min((r for r in view.rows_model.rows if r.kind == "requirement"), key=lambda r: len(r.text))
    response_height = editor.text.height()
    line = editor.requirement.fontMetrics().lineSpacing()
    for row in (longest, shortest, longest):
        view.select_row(row.no)
        qtbot.waitUntil(lambda r=row: editor.row is not None and editor.row.no == r.no, timeout=5_000)
        document = editor.requirement.document()
        qtbot.waitUntil(lambda: editor.requirement.verticalScrollBar().maximum() == 0, timeout=5_000)
        assert document.size().height() >= (3 * line if row is longest else line)
        assert abs(editor.text.height() - response_height) <= 2


def test_an_answer_in_the_other_language_says_it_needs_translating(qtbot) -> None:  # type: ignore[no-untyped-def]
    from workbench.core.tender.views import Suggestion
    from workbench.gui.views.response_suggestions import SuggestionList

    def suggestion(slug: str, language: str, foreign: bool) -> Suggestion:
        return Suggestion(id=slug, title=slug, kind="faq", score=0.5, band="suggest", matched=(), status="published",
                          stale=False, language=language, preview="", found_by="meaning", foreign=foreign)

    listing = SuggestionList()
    qtbot.addWidget(listing)
    listing.show_suggestions((suggestion("faq-backup-rpo-rto", "zh-Hans", True),
                              suggestion("faq-sso-ldap-en", "en", True), suggestion("faq-pen-test-en", "en", False)),
                             keep_current=False)
    shown = [listing.itemWidget(listing.item(i)).text() for i in range(listing.count())]
    assert "in Chinese: translate" in shown[0] and "in English: translate" in shown[1]
    assert "translate" not in shown[2]


def test_an_answer_sharing_words_but_far_in_meaning_says_why_it_is_not_suggested(qtbot) -> None:  # type: ignore[no-untyped-def]
    from workbench.core.tender.views import Suggestion
    from workbench.gui.views.response_suggestions import SuggestionList

    far = Suggestion(id="case-mfg-compressor-remote-monitoring-en", title="Air-compressor OEM", kind="case", score=0.73,
                     band="none", matched=("export", "data"), status="published", stale=False, language="en",
                     preview="", found_by="far")
    listing = SuggestionList()
    qtbot.addWidget(listing)
    listing.show_suggestions((far, dataclasses.replace(far, id="x", found_by="words")), keep_current=False)
    shown = [listing.itemWidget(listing.item(i)).text() for i in range(listing.count())]
    assert "matched: export, data · far in meaning: not suggested" in shown[0]
    assert "far in meaning" not in shown[1]


def test_the_words_relevance_is_in_the_tip_not_beside_an_order_it_does_not_follow(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Suggestions are listed in the search's order; the relevance, which only sets the
    band, would read as a ranking out of order (0.36 over 0.47), so it is in the entry's tip."""
    from workbench.core.tender.views import Suggestion
    from workbench.gui.views.response_suggestions import SuggestionList

    def suggestion(slug: str, score: float) -> Suggestion:
        return Suggestion(id=slug, title=slug, kind="faq", score=score, band="suggest", matched=("等保三级",),
                          status="published", stale=False, language="zh-Hans", preview=f"{slug} 的答复")

    listing = SuggestionList()
    qtbot.addWidget(listing)
    listing.show_suggestions((suggestion("faq-first", 0.369), suggestion("faq-second", 0.474)), keep_current=False)
    lines = [listing.itemWidget(listing.item(i)).text() for i in range(listing.count())]
    assert all("0.3" not in line and "0.4" not in line for line in lines)
    assert "matched: 等保三级" in lines[0]
    tips = [listing.itemWidget(listing.item(i)).toolTip() for i in range(listing.count())]
    assert tips[0].startswith("faq-first 的答复") and "0.36" in tips[0] and "0.47" in tips[1]


def _in_traditional(source: Path, out: Path) -> Path:
    """The tender as a Traditional-script writer would have it (every run's text converted), naming
    no region: the screen can only guess Traditional characters."""
    import opencc

    to_traditional = opencc.OpenCC("s2t")
    document = docx.Document(str(source))
    paragraphs = [*document.paragraphs, *(p for t in document.tables for c in t._cells for p in c.paragraphs)]
    for paragraph in paragraphs:
        for run in paragraph.runs:
            run.text = to_traditional.convert(run.text)
    document.save(str(out))
    return out


def test_the_owner_corrects_whom_a_traditional_tender_is_written_for(qtbot, view: ResponsesView,  # type: ignore[no-untyped-def]
                                                                      tmp_path: Path) -> None:
    written = write_tender_docx(tmp_path / "simplified.docx")
    response_id = import_tender(qtbot, view, _in_traditional(written.path, tmp_path / "招標文件.docx"))
    label = view.readers_label
    assert not label.isHidden()
    assert "For Traditional Chinese readers, region not said (guessed)" in label.text()
    assert 'href="readers"' in label.text()  # the owner may change it
    menu = view.readers_menu()
    assert menu is not None
    choices = [a for a in menu.actions() if not a.isSeparator()]
    assert [a.text() for a in choices] == ["Taiwan readers", "Hong Kong readers",
                                           "Traditional Chinese readers, region not said",
                                           "As the tender says: Traditional Chinese readers, region not said"]
    assert [a.isChecked() for a in choices] == [False, False, False, True]
    ws = view.ctx.ws
    assert ws is not None
    from workbench.core.knowledge.model import ItemDraft, Kind

    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, title="账户权限审计", slug="faq-account-audit",
                                              body="系统按账户生成权限审计报告，支持导出。"))
    accepted = ws.tenders.respond(ws.actor(), response_id, 1, from_item="faq-account-audit").value.response
    assert "戶" in accepted  # written for Traditional characters only
    choices[1].trigger()
    qtbot.waitUntil(lambda: view.sheet is not None and view.sheet.response.readers == "zh-HK", timeout=20_000)
    assert "For Hong Kong readers" in label.text() and "guessed" not in label.text()
    assert "Written for Hong Kong readers from now on" in view.state.text()
    assert "Answers taken unchanged from the library, written again for them: 1." in view.state.text()
    row = view.sheet.rows[0]  # type: ignore[union-attr]
    assert "户" in row.response and "戶" not in row.response  # Hong Kong's form, on the screen
    # an answer typed in Taiwan's forms for these Hong Kong readers: the check panel names them
    ws.tenders.respond(ws.actor(), response_id, 2, text="系統裡保存帳戶稽核紀錄一年。")
    view.reload(select=response_id)
    problems = view.check_panel.problems
    qtbot.waitUntil(lambda: any("another region's forms" in problems.item(i).text()
                                for i in range(problems.count())), timeout=20_000)
    entry = next(problems.item(i).text() for i in range(problems.count()) if "region" in problems.item(i).text())
    assert entry.startswith("warning · row 2") and entry.endswith("readers': 裡→裏、戶→户")
    # the row editor offers to write it in the readers' forms: unsaved until the engineer saves
    assert view.select_row(2)
    editor = view.editor
    qtbot.waitUntil(lambda: editor.row is not None and editor.row.no == 2 and editor.forms_button.isVisible(),
                    timeout=10_000)
    editor.forms_button.click()
    qtbot.waitUntil(lambda: editor.text.toPlainText() == "系統裏保存帳户稽核紀錄一年。", timeout=10_000)
    assert not editor.forms_button.isVisible() and "save to keep it" in editor.state.text()
    assert ws.tenders.rows(response_id)[1].response == "系統裡保存帳戶稽核紀錄一年。"  # nothing written yet
    editor.save()
    qtbot.waitUntil(lambda: ws.tenders.rows(response_id)[1].response == "系統裏保存帳户稽核紀錄一年。", timeout=10_000)
    qtbot.waitUntil(lambda: not any("region" in problems.item(i).text() for i in range(problems.count())),
                    timeout=10_000)
    assert view.ctx.ws is not None and view.ctx.ws.tenders.document(response_id).language == "zh-HK"
    checked = [a.text() for a in view.readers_menu().actions() if a.isChecked()]  # type: ignore[union-attr]
    assert checked == ["Hong Kong readers"]

    # a Simplified tender's answers are written in its own language: nothing to say or choose
    simplified = import_tender(qtbot, view, written.path)
    assert view.sheet is not None and view.sheet.response.id == simplified
    assert label.isHidden() and view.readers_menu() is None
    # another author sees whom the Traditional one is written for, without the choice
    become(qtbot, view, "alice")
    view.reload(select=response_id)
    qtbot.waitUntil(lambda: view.sheet is not None and view.sheet.response.id == response_id
                    and not view.sheet.rights.may_assign, timeout=20_000)
    assert not label.isHidden() and "For Hong Kong readers" in label.text() and "href" not in label.text()
    assert view.readers_menu() is None
