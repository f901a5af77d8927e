"""Knowledge items as a table model, and the proxy that filters and sorts it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from workbench.core.knowledge.language import to_simplified
from workbench.core.knowledge.model import ItemView
from workbench.core.knowledge.tags import same_tag
from workbench.gui.labels import industry_labels, kind_labels, label, status_labels
from workbench.gui.models.table import ROW_ROLE, SORT_ROLE, Column, RowTableModel
from workbench.gui.palette import DANGER, FADED
from workbench.gui.qt import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from workbench.gui.when import local_time

ITEM_ROLE = ROW_ROLE
Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("title", "kind", "industry", "product", "tags", "owner", "status", "review_by", "updated")


def column_titles() -> list[str]:
    return [
        QCoreApplication.translate("KnowledgeTable", "Title"),
        QCoreApplication.translate("KnowledgeTable", "Kind"),
        QCoreApplication.translate("KnowledgeTable", "Industry"),
        QCoreApplication.translate("KnowledgeTable", "Product"),
        QCoreApplication.translate("KnowledgeTable", "Tags"),
        QCoreApplication.translate("KnowledgeTable", "Owner"),
        QCoreApplication.translate("KnowledgeTable", "Status"),
        QCoreApplication.translate("KnowledgeTable", "Review by"),
        QCoreApplication.translate("KnowledgeTable", "Updated"),
    ]


class KnowledgeTableModel(RowTableModel[ItemView]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__([self._column(name, title) for name, title in zip(COLUMNS, column_titles(), strict=True)],
                         parent)
        self._haystacks: list[str] = []
        self._kinds, self._statuses, self._industries = kind_labels(), status_labels(), industry_labels()
        self._today = dt.date.today()

    def _column(self, name: str, title: str) -> Column[ItemView]:
        def show(item: ItemView) -> str:
            return self._display(item, name, item.is_stale(self._today))

        def colour(item: ItemView) -> str | None:
            if item.status.value == "archived":
                return FADED
            return DANGER if name == "review_by" and item.is_stale(self._today) else None

        sort_key, tooltip = None, None
        if name == "review_by":
            sort_key = lambda i: i.review_by.isoformat() if i.review_by else "9999"  # noqa: E731
            tooltip = lambda i: QCoreApplication.translate(  # noqa: E731
                "KnowledgeTable", "Past its review-by date: check it is still true, then Verify."
            ) if i.is_stale(self._today) else None
        elif name == "updated":
            sort_key = lambda i: i.updated_at.isoformat()  # noqa: E731
        elif name in ("title", "industry", "product", "tags", "owner"):  # elided when the table is narrow
            tooltip = lambda i: self._display(i, name, False) or None  # noqa: E731
        return Column(title, show, sort_key=sort_key, tooltip=tooltip, foreground=colour)

    def set_items(self, items: list[ItemView]) -> None:
        # what the quick filter matches: Traditional folded to Simplified, lower case
        self._haystacks = [
            to_simplified(" ".join((i.title, " ".join(i.tags), i.customer, i.slug)).lower()) for i in items
        ]
        self._today = dt.date.today()
        self.set_rows(items)

    def item(self, row: int) -> ItemView:
        return self.rows[row]

    def haystack(self, row: int) -> str:
        return self._haystacks[row]

    def row_of(self, slug: str) -> int:
        return next((row for row, item in enumerate(self.rows) if item.slug == slug), -1)

    def _display(self, item: ItemView, column: str, stale: bool) -> str:
        if column == "title":
            return item.title
        if column == "kind":
            return label(self._kinds, item.kind.value)
        if column == "industry":
            return label(self._industries, item.industry)
        if column == "product":
            return item.product
        if column == "tags":
            return ", ".join(item.tags)
        if column == "owner":
            return item.owner_label
        if column == "status":
            return label(self._statuses, item.status.value)
        if column == "review_by":
            if item.review_by is None:
                return ""
            text = item.review_by.isoformat()
            return f"⚠ {text}" if stale else text
        return local_time(item.updated_at)


class KnowledgeFilterProxy(QSortFilterProxyModel):
    """Filters by kind, industry, product, tag, status, staleness and free text
    (title, tags, customer; Traditional and Simplified alike)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._criteria: dict[str, str] = {}
        self._stale_only = False
        self._text = ""

    def set_criterion(self, name: str, value: str | None) -> None:
        self.beginFilterChange()
        if value:
            self._criteria[name] = value
        else:
            self._criteria.pop(name, None)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_stale_only(self, on: bool) -> None:
        self.beginFilterChange()
        self._stale_only = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = to_simplified(text.strip().lower())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, KnowledgeTableModel)
        item = model.item(source_row)
        criteria = self._criteria
        if "kind" in criteria and item.kind.value != criteria["kind"]:
            return False
        if "industry" in criteria and item.industry != criteria["industry"]:
            return False
        if "product" in criteria and item.product != criteria["product"]:
            return False
        if "tag" in criteria and not any(same_tag(criteria["tag"], t) for t in item.tags):  # 报价 is 報價
            return False
        if "status" in criteria and item.status.value != criteria["status"]:
            return False
        if self._stale_only and not item.is_stale():
            return False
        return not self._text or self._text in model.haystack(source_row)
