"""Near-duplicate pairs for knowledge owners: each item cell stands for the item it opens, and
each pair says why it was reported: the same words (the overlap is the share of word pairs
repeated) or similar in meaning (the same said in other words or another language)."""

from __future__ import annotations

from typing import Any

from workbench.core.search.related import WORDS
from workbench.core.search.service import DuplicatePair
from workbench.gui.models.table import Column, RowTableModel
from workbench.gui.qt import QCoreApplication, Qt


class DuplicatesModel(RowTableModel[DuplicatePair]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__([
            Column(QCoreApplication.translate("InsightsPanel", "Item"), lambda p: f"{p.title}  ({p.id})",
                   value=lambda p: p.id, tooltip=lambda p: f"{p.title}  ({p.id})"),
            Column(QCoreApplication.translate("InsightsPanel", "Nearly repeats"),
                   lambda p: f"{p.other_title}  ({p.other_id})", value=lambda p: p.other_id,
                   tooltip=lambda p: f"{p.other_title}  ({p.other_id})"),
            Column(QCoreApplication.translate("InsightsPanel", "Overlap"),
                   lambda p: f"{p.similarity:.0%}" if p.why == WORDS else "",
                   sort_key=lambda p: p.similarity, align=Qt.AlignmentFlag.AlignRight),
            Column(QCoreApplication.translate("InsightsPanel", "Why"), _why,
                   # ascending: the pairs only the meaning found first (what the words alone
                   # would never show), then the near-copies; the closest first within each
                   # (one number: the proxy compares plain values only)
                   sort_key=lambda p: (1.0 if p.why == WORDS else 0.0) + (1.0 - p.similarity) / 2,
                   tooltip=_why_tip),
        ], parent)


def _why(p: DuplicatePair) -> str:
    if p.why == WORDS:
        return QCoreApplication.translate("InsightsPanel", "Same words")
    return QCoreApplication.translate("InsightsPanel", "Similar in meaning")


def _why_tip(p: DuplicatePair) -> str:
    if p.why == WORDS:
        return QCoreApplication.translate("InsightsPanel", "Repeats %1 of the other item's word pairs.").replace(
            "%1", f"{p.similarity:.0%}")
    return QCoreApplication.translate(
        "InsightsPanel", "Says the same in other words or in another language (similarity %1).").replace(
        "%1", f"{p.similarity:.2f}")
