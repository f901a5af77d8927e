"""Near-duplicate pairs for knowledge owners: each item cell stands for the item it opens."""

from __future__ import annotations

from typing import Any

from workbench.core.search.service import DuplicatePair
from workbench.gui.models.table import Column, RowTableModel
from workbench.gui.qt import QCoreApplication, Qt


class DuplicatesModel(RowTableModel[DuplicatePair]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__([
            Column(QCoreApplication.translate("InsightsPanel", "Item"), lambda p: f"{p.title}  ({p.id})",
                   value=lambda p: p.id),
            Column(QCoreApplication.translate("InsightsPanel", "Nearly repeats"),
                   lambda p: f"{p.other_title}  ({p.other_id})", value=lambda p: p.other_id),
            Column(QCoreApplication.translate("InsightsPanel", "Overlap"), lambda p: f"{p.similarity:.0%}",
                   sort_key=lambda p: p.similarity, align=Qt.AlignmentFlag.AlignRight),
        ], parent)
