"""The new-proposal wizard makes nothing up: dates start empty, choices start unset, the wizard
will not go on (nor create) until the required ones are given, and an optional date that was set
can be emptied again and reaches the template as "not given"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from workbench.gui.date_field import DateField
from workbench.gui.views.main_window import MainWindow
from workbench.gui.views.proposal_form import TableEditor, VariableForm
from workbench.gui.views.proposal_wizard import ProposalWizard


def open_wizard(qtbot, win: MainWindow, template: str) -> ProposalWizard:  # type: ignore[no-untyped-def]
    view = win.proposals
    win.nav.setCurrentRow(win.stack.indexOf(view))
    view.new_proposal()
    qtbot.waitUntil(lambda: view.wizard is not None and view.wizard.isVisible(), timeout=10_000)
    wizard = view.wizard
    assert wizard is not None
    names = [wizard.template_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(wizard.template_list.count())]
    wizard.template_list.setCurrentRow(names.index(template))
    wizard.next()
    assert wizard.currentPage() is wizard.form_page and wizard.form is not None
    return wizard


def test_dates_start_empty_and_choices_unset(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    for template in ("tech-proposal-en", "tech-proposal-zh", "requirement-confirmation-zh", "feedback-list-zh",
                     "tech-proposal-zht", "requirement-confirmation-zht", "feedback-list-zht", "tech-proposal-zhhk",
                     "requirement-confirmation-zhhk", "feedback-list-zhhk"):
        wizard = open_wizard(qtbot, window, template)
        form = wizard.form
        assert form is not None
        dates = {n: e for n, e in form.editors.items() if isinstance(e, DateField)}
        # a choice starts unset unless the template has a default (the tax basis of the prices)
        combos = {n: e for n, e in form.editors.items()
                  if isinstance(e, QComboBox) and wizard.template.variable(n).default is None}  # type: ignore[union-attr]
        assert dates and combos
        assert {n: e.text() for n, e in dates.items()} == {n: "" for n in dates}, template
        assert {n: e.currentData() for n, e in combos.items()} == {n: "" for n in combos}, template
        assert all(e.currentText() == "— choose —" for e in combos.values())
        assert form.values()["industry"] == "" and form.values()["customer_tier"] == ""
        wizard.reject()


def test_create_is_refused_until_the_required_choices_and_date_are_given(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    wizard = open_wizard(qtbot, window, "tech-proposal-en")
    form = wizard.form
    assert form is not None
    e = form.editors
    e["customer"].setText("Contoso Bank")
    e["project_name"].setText("Branch service desk")
    e["requirements"].setPlainText("one inbox for 120 branches\nchatbot answers FAQs")
    e["products"].setPlainText("Service Cloud")
    pricing: TableEditor = e["pricing"]
    pricing.add_row({"item": "Service Cloud seats", "quantity": "120", "unit": "seat/year", "unit_price": "480"})

    wizard.next()  # industry, tier, deployment and the bid deadline are not given
    qtbot.waitUntil(lambda: wizard.form_errors.isVisible(), timeout=10_000)
    assert wizard.currentPage() is wizard.form_page
    for name in ("industry", "customer_tier", "deployment", "bid_deadline"):
        assert form.errors[name].isVisible(), name
    assert form.errors["industry"].text() == "Choose Industry: it is required."
    assert form.errors["bid_deadline"].text() == "Bid deadline is required."
    assert not form.errors["kickoff_date"].isVisible() and not form.errors["customer"].isVisible()
    assert "4 input(s) need fixing" in wizard.form_errors.text()
    assert window.proposals.model.rowCount() == 0

    e["industry"].setCurrentIndex(e["industry"].findData("finance"))
    assert not form.errors["industry"].isVisible()  # the note goes once the field is edited
    e["customer_tier"].setCurrentIndex(e["customer_tier"].findData("A"))
    e["deployment"].setCurrentIndex(e["deployment"].findData("On-premise"))
    e["bid_deadline"].set_date("2027-03-15")
    kickoff: DateField = e["kickoff_date"]
    kickoff.set_date("2027-04-01")  # set, then emptied again: the optional date is "not given"
    kickoff.edit.clear()
    assert form.values()["kickoff_date"] == ""
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.knowledge_page, timeout=15_000)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.draft_page, timeout=15_000)
    markdown = wizard.draft.markdown  # type: ignore[union-attr]
    assert "we assume contract award and kick-off around April 5, 2027" in markdown  # 3 weeks after the deadline
    assert "planned to start on" not in markdown
    assert "Proven in financial services" in markdown and "manufacturing" not in markdown.lower()
    with qtbot.waitSignal(wizard.created, timeout=15_000) as created:
        wizard.next()  # Create
    view = created.args[0]
    assert view.industry == "finance" and view.customer_tier == "A"
    assert view.inputs["kickoff_date"] == ""


def test_a_mistyped_date_is_said_beside_its_field(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    wizard = open_wizard(qtbot, window, "feedback-list-zh")
    form = wizard.form
    assert form is not None
    form.editors["next_meeting"].set_date("next Friday")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.form_errors.isVisible(), timeout=10_000)
    assert form.errors["next_meeting"].text() == "Next meeting: 'next Friday' is not a date (YYYY-MM-DD)."
    assert form.editors["next_meeting"].text() == "next Friday"  # kept as typed
    for editor in form.editors.values():
        assert isinstance(editor, (QLineEdit, QPlainTextEdit, QComboBox, TableEditor, DateField))


def test_the_calendar_fills_the_date_and_opens_on_today_when_empty(qtbot) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from workbench.gui.qt import QDate

    field = DateField()
    qtbot.addWidget(field)
    assert field.text() == "" and field.date() is None
    field._before_calendar()
    today = dt.date.today()
    assert field.calendar.selectedDate() == QDate(today.year, today.month, today.day)
    assert field.text() == ""  # opening the calendar fills nothing in
    field._picked(QDate(2027, 2, 3))
    assert field.text() == "2027-02-03" and field.date() == dt.date(2027, 2, 3)
    field.edit.clear()
    assert field.date() is None


def _pick(qtbot, table: TableEditor, row: int, column: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Choose ``text`` in a choice cell the way a person does: open the cell's drop-down, pick."""
    col = [c.name for c in table.spec.columns].index(column)
    index = table.model.index(row, col)
    table.view.setCurrentIndex(index)
    table.view.edit(index)
    qtbot.waitUntil(lambda: table.view.findChild(QComboBox) is not None, timeout=5_000)
    combo = table.view.findChild(QComboBox)
    assert combo is not None and [combo.itemText(i) for i in range(combo.count())] == ["", *table.spec.columns[col].choices]
    combo.setCurrentIndex(combo.findText(text))
    table.view.setCurrentIndex(table.model.index(row, 0))  # moving on closes the drop-down


def _fill_zh(form: VariableForm) -> None:
    e = form.editors
    e["customer"].setText("华东某汽车零部件股份有限公司")
    e["project_name"].setText("设备预测性维护平台")
    e["industry"].setCurrentIndex(e["industry"].findData("manufacturing"))
    e["customer_tier"].setCurrentIndex(e["customer_tier"].findData("B"))
    e["deployment"].setCurrentIndex(e["deployment"].findData("私有化部署"))
    e["xinchuang"].setCurrentIndex(e["xinchuang"].findData("不涉及"))
    e["bid_deadline"].set_date("2027-03-15")
    e["requirements"].setPlainText("设备预测性维护")
    e["products"].setPlainText("IoT平台")


def test_the_pricing_editor_takes_tax_rates_and_billing_kinds(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    wizard = open_wizard(qtbot, window, "tech-proposal-zh")
    form = wizard.form
    assert form is not None
    _fill_zh(form)
    e = form.editors
    table: TableEditor = e["pricing"]
    assert [c.name for c in table.spec.columns] == ["item", "quantity", "unit", "unit_price", "tax_rate", "billing"]
    assert [table.model.headerData(i, Qt.Orientation.Horizontal) for i in range(6)][-2:] == ["Tax rate (%)", "Billing"]
    table.add_row({"item": "边缘网关", "quantity": "2", "unit": "台", "unit_price": "10000", "tax_rate": "13"})
    table.add_row({"item": "实施服务", "quantity": "10", "unit": "人天", "unit_price": "3000"})
    table.add_row({"item": "年度维保", "quantity": "1", "unit": "年", "unit_price": "5000"})
    _pick(qtbot, table, 2, "billing", "按年")
    assert table.value()[2]["billing"] == "按年" and table.value()[0]["billing"] == ""
    assert e["unit_prices"].currentData() == "不含税"  # the template's default, shown
    e["unit_prices"].setCurrentIndex(e["unit_prices"].findData("含税"))
    e["tax_rate"].setText("6")

    e["discount_rate"].setText("150")  # refused by the core, said beside the field
    wizard.next()
    qtbot.waitUntil(lambda: wizard.form_errors.isVisible(), timeout=10_000)
    assert wizard.currentPage() is wizard.form_page
    assert form.errors["discount_rate"].text() == "Discount (%) must be a percentage between 0 and 100 ('150')."

    e["discount_rate"].setText("10")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.knowledge_page, timeout=15_000)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.draft_page, timeout=15_000)
    markdown = wizard.draft.markdown  # type: ignore[union-attr]
    assert "| 1 | 边缘网关 | 一次性 | 2 | 台 | ¥10,000.00 | 13% | ¥20,000.00 |" in markdown
    assert "| 3 | 年度维保 | 按年 | 1 | 年 | ¥5,000.00 | 6% | ¥5,000.00 |" in markdown
    # one-time: 50,000 - 10% = 45,000 incl. tax; annual: 5,000 - 10% = 4,500, never added to it
    assert "| | <!-- span -->**一次性费用合计（含税）** | | | | | | ¥45,000.00 |" in markdown
    assert "| | <!-- span -->**年度费用合计（每年，含税）** | | | | | | ¥4,500.00 |" in markdown
    assert "人民币肆万伍仟元整" in markdown and "人民币肆仟伍佰元整" in markdown
    assert "¥49,500.00" not in markdown
