"""Wizard → draft → edit → export, through the desktop."""

from __future__ import annotations

import threading
from pathlib import Path

import docx
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from workbench.gui.views.main_window import MainWindow
from workbench.gui.views.proposal_form import TableEditor


def test_wizard_draft_edit_export(qtbot, demo_window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = demo_window.proposals
    demo_window.nav.setCurrentRow(2)
    view.new_proposal()
    qtbot.waitUntil(lambda: view.wizard is not None and view.wizard.isVisible(), timeout=10_000)
    wizard = view.wizard
    assert wizard is not None
    names = [wizard.template_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(wizard.template_list.count())]
    wizard.template_list.setCurrentRow(names.index("tech-proposal-zh"))
    wizard.next()
    form = wizard.form
    assert form is not None
    # leaving required fields empty keeps the wizard on the form and says which
    wizard.next()
    qtbot.waitUntil(lambda: wizard.form_errors.isVisible(), timeout=10_000)
    assert form.errors["customer"].isVisible() and wizard.currentPage() is wizard.form_page

    editors = form.editors
    editors["customer"].setText("华东某汽车零部件股份有限公司")
    editors["project_name"].setText("设备预测性维护平台")
    editors["industry"].setCurrentIndex(editors["industry"].findData("manufacturing"))
    editors["customer_tier"].setCurrentIndex(editors["customer_tier"].findData("A"))
    editors["deployment"].setCurrentIndex(editors["deployment"].findData("私有化部署"))
    editors["xinchuang"].setCurrentIndex(editors["xinchuang"].findData("不涉及"))
    editors["bid_deadline"].set_date("2027-03-15")
    editors["requirements"].setPlainText("对 380 台数控机床实现预测性维护，降低非计划停机\n设备接入与振动、温度数据采集\n私有化部署，满足等保三级")
    editors["products"].setPlainText("IoT平台")
    table: TableEditor = editors["pricing"]
    table.add_row({"item": "IoT平台软件许可", "quantity": "1", "unit": "套", "unit_price": "680000"})
    table.add_row({"item": "实施服务", "quantity": "20", "unit": "人天", "unit_price": "3200"})
    for editor in editors.values():
        assert isinstance(editor, (QLineEdit, QPlainTextEdit, QComboBox, TableEditor)) or editor is not None
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.knowledge_page, timeout=15_000)
    cases = wizard.knowledge_lists["cases"]
    titles = [cases.item(i).text() for i in range(cases.count())]
    assert any("数控机床" in t for t in titles)
    # an item can be read before it is checked: its body beside the lists
    cases.setCurrentRow(0)
    first = next(m for m in wizard.draft.matched["cases"] if m.id == cases.item(0).data(Qt.ItemDataRole.UserRole))  # type: ignore[union-attr]
    assert first.title in wizard.item_preview.toPlainText()
    assert first.body.strip().splitlines()[-1].lstrip("- ")[:12] in wizard.item_preview.toPlainText()
    # swap: drop the first case, take the first spare
    checked = [i for i in range(cases.count()) if cases.item(i).checkState() == Qt.CheckState.Checked]
    spare = next(i for i in range(cases.count()) if i not in checked)
    cases.item(checked[0]).setCheckState(Qt.CheckState.Unchecked)
    cases.item(spare).setCheckState(Qt.CheckState.Checked)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.draft_page, timeout=15_000)
    assert "¥680,000.00" in wizard.preview.toPlainText() or "680,000.00" in wizard.draft.markdown  # type: ignore[union-attr]
    # the export's table-of-contents mark shows as the headings, not as "[TOC]"
    assert "[TOC]" in wizard.draft.markdown and "[TOC]" not in wizard.preview.toPlainText()  # type: ignore[union-attr]
    with qtbot.waitSignal(wizard.created, timeout=15_000) as created:
        wizard.next()  # Finish
    number = created.args[0].number
    qtbot.waitUntil(lambda: view.current is not None and view.current.number == number, timeout=10_000)
    assert view.used.count() >= 1
    assert "tech-proposal-zh" not in view.meta.text() and view.template_titles["tech-proposal-zh"] in view.meta.text()
    assert view.model.rowCount() == 1  # one proposal, saved once

    # edit and save a revision
    view.editor.moveCursor(view.editor.textCursor().MoveOperation.End)
    view.editor.insertPlainText("\n\n# 补充说明\n\n客户要求 72小时 内提交根因分析报告。\n")
    assert view.save_button.isEnabled()
    view.save_revision()
    qtbot.waitUntil(lambda: view.current is not None and len(view.current.revisions) == 2, timeout=10_000)
    assert view.revisions.count() == 2

    # export to Word
    out = tmp_path / "proposal.docx"
    with qtbot.waitSignal(view.exported, timeout=120_000):
        view.export("docx", out)
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "补充说明" in headings
    assert any("DRAFT" in p.text for p in document.paragraphs[:10])


def _a_proposal_open(qtbot, demo_window: MainWindow):  # type: ignore[no-untyped-def]
    """A new proposal, selected on the Proposals screen."""
    from tests.reviewing import new_proposal

    ws = demo_window.ctx.ws
    assert ws is not None
    new_proposal(ws)
    view = demo_window.proposals
    demo_window.nav.setCurrentRow(2)
    view.reload()
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=15_000)
    view.table.selectRow(0)
    qtbot.waitUntil(lambda: view.current is not None, timeout=10_000)
    return view


def test_the_header_names_the_template_by_its_title_without_the_wizard(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The catalogue is read in the background once the screen shows its rows (before, only
    opening the wizard read it, and the header said 'template tech-proposal-zh')."""
    view = _a_proposal_open(qtbot, demo_window)  # from a bundled template, named in the header
    template = view.current.template
    qtbot.waitUntil(lambda: template in view.template_titles, timeout=30_000)
    qtbot.waitUntil(lambda: view.template_titles[template] in view.meta.text(), timeout=10_000)
    assert template not in view.meta.text()
    assert view.wizard is None  # nobody opened it


def test_knowledge_found_for_typed_pinyin_says_which_text_was_searched(qtbot, pinyin_read: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The editor's "find knowledge to insert" answers typed pinyin with its reading, as Search
    does, and says so in the list (a homophone is never searched silently); the note is a line
    of the list, never inserted."""
    view = _a_proposal_open(qtbot, pinyin_read)
    view.knowledge_query.setText("baojia")
    qtbot.waitUntil(lambda: view.found.count() > 1, timeout=15_000)
    note = view.found.item(0)
    assert "报价" in note.text() and note.data(Qt.ItemDataRole.UserRole) is None
    assert not note.flags() & Qt.ItemFlag.ItemIsSelectable
    assert all(view.found.item(i).data(Qt.ItemDataRole.UserRole) for i in range(1, view.found.count()))
    view.found.setCurrentItem(note)
    view.insert_selected()  # nothing happens: it is not an item
    view.knowledge_query.setText("报价")
    qtbot.waitUntil(lambda: view.found.count() > 0 and view.found.item(0).data(Qt.ItemDataRole.UserRole) is not None,
                    timeout=15_000)


def test_knowledge_being_typed_is_told_ahead_off_the_ui_thread(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """"Find knowledge to insert" starts its search's encoding while the engineer is still
    typing, as the Search screen does, never on the UI thread; the search then answers."""
    ws = demo_window.ctx.ws
    assert ws is not None
    told: list[tuple[str, int]] = []
    expect = ws.search.expect

    def spy(request):  # type: ignore[no-untyped-def]
        told.append((request.text, threading.get_ident()))
        expect(request)

    ws.search.expect = spy  # type: ignore[method-assign]
    view = _a_proposal_open(qtbot, demo_window)
    for end in range(1, len("数据迁移方案") + 1):
        view.knowledge_query.setText("数据迁移方案"[:end])
    qtbot.waitUntil(lambda: "数据迁移方案" in {t for t, _i in told}, timeout=10_000)
    assert threading.get_ident() not in {i for _t, i in told}
    qtbot.waitUntil(lambda: view.found.count() > 0, timeout=15_000)
    view.knowledge_query.setText("   ")  # nothing to search: nothing told, the list emptied
    qtbot.waitUntil(lambda: view.found.count() == 0, timeout=5_000)
    assert "" not in {t for t, _i in told}
