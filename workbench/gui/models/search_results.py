"""Search hits as a list model, painted by HitDelegate (title, facts line, highlighted snippet)."""

from __future__ import annotations

from typing import Any

from workbench.core.search.service import SearchHit
from workbench.gui.labels import industry_labels, kind_labels, label
from workbench.gui.palette import BORDER, HEADING, HIGHLIGHT, HOVER, MATCHED, MUTED, SELECTED, TEXT
from workbench.gui.qt import (
    QAbstractItemView,
    QAbstractListModel,
    QColor,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTextDocument,
)

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex
_MARK = f"<span style='background:{HIGHLIGHT};font-weight:600'>"


class SearchResultsModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit = self.hits[index.row()]
        if role == HIT_ROLE:
            return hit
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{hit.title}\n{hit.snippet}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.id
        return None


def hit_html(hit: SearchHit, matched_label: str, meaning_label: str = "") -> str:
    facts = [label(kind_labels(), hit.kind), label(industry_labels(), hit.industry), hit.product]
    facts_line = " · ".join(f for f in facts if f)
    if hit.tags:
        facts_line += " · " + " ".join(f"#{t}" for t in hit.tags[:5])
    matched = ""
    if hit.matched:
        matched = f"<div style='color:{MATCHED};font-size:9pt'>{matched_label} {', '.join(hit.matched[:10])}</div>"
    elif hit.by_meaning_only and meaning_label:  # no shared words to show: say why it is here
        matched = f"<div style='color:{MATCHED};font-size:9pt;font-style:italic'>{meaning_label}</div>"
    title = hit.title_html.replace("<b>", _MARK).replace("</b>", "</span>")
    snippet = hit.snippet_html.replace("<b>", _MARK).replace("</b>", "</span>")
    return (
        f"<div style='font-size:11pt;font-weight:600;color:{HEADING}'>{title}</div>"
        f"<div style='color:{MUTED};font-size:9pt'>{facts_line}</div>"
        f"<div style='color:{TEXT}'>{snippet}</div>{matched}"
    )


class HitDelegate(QStyledItemDelegate):
    """Draws a hit as rich text; height follows the text."""

    def __init__(self, view: QAbstractItemView, matched_label: str, meaning_label: str = "") -> None:
        super().__init__(view)
        self._view = view
        self._matched_label = matched_label
        self._meaning_label = meaning_label

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(8)
        width = self._view.viewport().width() - 4
        doc.setTextWidth(max(width, 200))
        doc.setHtml(hit_html(index.data(HIT_ROLE), self._matched_label, self._meaning_label))
        return doc

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: Index) -> None:
        doc = self._document(option, index)
        painter.save()
        # a light selection keeps the grey facts line and the highlights readable
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, QColor(SELECTED))
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(option.rect, QColor(HOVER))
        painter.translate(option.rect.topLeft())
        doc.drawContents(painter)
        painter.setPen(QColor(BORDER))  # the line between two hits
        painter.drawLine(0, option.rect.height() - 1, option.rect.width(), option.rect.height() - 1)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 2)
