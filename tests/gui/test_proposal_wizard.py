"""The new-proposal wizard makes nothing up: dates start empty, choices start unset, the wizard
will not go on (nor create) until the required ones are given, and an optional date that was set
can be emptied again and reaches the template as "not given"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from workbench.gui.date_field import DateField
from workbench.gui.views.main_window import MainWindow
from workbench.gui.views.proposal_form import TableEditor
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
    for template in ("tech-proposal-en", "tech-proposal-zh", "requirement-confirmation-zh", "feedback-list-zh"):
        wizard = open_wizard(qtbot, window, template)
        form = wizard.form
        assert form is not None
        dates = {n: e for n, e in form.editors.items() if isinstance(e, DateField)}
        combos = {n: e for n, e in form.editors.items() if isinstance(e, QComboBox)}
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
