"""The table model and its filter proxy, without any view."""

from __future__ import annotations

from tests import factories as f
from workbench.core.workspace import Workspace
from workbench.gui.models.knowledge_table import COLUMNS, ITEM_ROLE, KnowledgeFilterProxy, KnowledgeTableModel


def test_model_and_proxy_filters(qapp, ws: Workspace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws.importer.run(ws.actor(), [f.markdown_folder(tmp_path / "kb"), f.write(tmp_path / "faq.csv", f.FAQ_CSV_ZH)])
    model = KnowledgeTableModel()
    model.set_items(ws.knowledge.items())
    proxy = KnowledgeFilterProxy()
    proxy.setSourceModel(model)
    assert model.rowCount() == 5 and model.columnCount() == len(COLUMNS)
    proxy.set_criterion("kind", "faq")
    assert proxy.rowCount() == 3
    proxy.set_criterion("industry", "healthcare")
    assert proxy.rowCount() == 1
    proxy.set_criterion("kind", None)
    proxy.set_criterion("industry", None)
    # the quick filter folds Traditional and Simplified: 竞品 finds 競品
    proxy.set_text("竞品降价")
    assert proxy.rowCount() == 1
    assert proxy.index(0, 0).data(ITEM_ROLE).slug == "objection-price-zht"
    proxy.set_text("")
    proxy.set_criterion("tag", "私有化部署")
    assert sorted(proxy.index(r, 0).data(ITEM_ROLE).slug for r in range(proxy.rowCount())) == [
        "case-edu-wechat-leads",
        next(i.slug for i in ws.knowledge.items() if "私有化" in i.title),
    ]
