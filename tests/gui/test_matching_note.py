"""The wizard's knowledge page says when a section found no good match (and what matching
left out) instead of filling it with noise."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.gui.test_proposal_wizard import open_wizard
from workbench.gui.views.main_window import MainWindow
from workbench.gui.views.proposal_form import TableEditor
from workbench.gui.views.proposal_wizard import ProposalWizard

GROCERY = {
    "customer": "某连锁超市",
    "project_name": "会员与客服平台",
    "requirements": "会员积分与营销活动管理\n门店客服热线与在线客服统一\n会员数据分析",
    "products": "CRM\n客服云",
}


def fill_grocery_bid(wizard: ProposalWizard) -> None:
    form = wizard.form
    assert form is not None
    e = form.editors
    for name in ("customer", "project_name"):
        e[name].setText(GROCERY[name])
    for name in ("requirements", "products"):
        e[name].setPlainText(GROCERY[name])
    for name, value in (("industry", "retail"), ("customer_tier", "B"), ("deployment", "SaaS"), ("xinchuang", "不涉及")):
        e[name].setCurrentIndex(e[name].findData(value))
    e["bid_deadline"].set_date("2027-03-15")
    pricing: TableEditor = e["pricing"]
    pricing.add_row({"item": "CRM", "quantity": "1", "unit": "套", "unit_price": "300000"})


def test_a_section_without_a_good_match_says_so(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    wizard = open_wizard(qtbot, demo_window, "tech-proposal-zh")
    fill_grocery_bid(wizard)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.knowledge_page, timeout=20_000)
    assert wizard.draft is not None and wizard.draft.report["faqs"].no_good_match

    note = wizard.knowledge_page.findChild(QLabel, "KnowledgeNote_faqs")
    assert note is not None and note.isVisible()
    assert note.text().startswith("No good match for FAQ — ") and "below the threshold (50%)" in note.text()
    assert wizard.knowledge_lists["faqs"].count() == 0 and not wizard.knowledge_lists["faqs"].isVisible()
    assert note.text().endswith("Nothing is placed here: write this section yourself or add knowledge.")

    cases = wizard.knowledge_lists["cases"]
    assert cases.count() > 0 and cases.item(0).checkState() == Qt.CheckState.Checked
    assert "relevance" in cases.item(0).text() and "%" in cases.item(0).text()
    left = wizard.knowledge_page.findChild(QLabel, "KnowledgeNote_cases")
    assert left is not None and left.text().startswith("Left out: ") and "past review date" in left.text()

    # swapping a case keeps the report (the matching is not run again)
    cases.item(0).setCheckState(Qt.CheckState.Unchecked)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.draft_page, timeout=20_000)
    assert wizard.draft is not None and wizard.draft.report["faqs"].no_good_match
    wizard.reject()
