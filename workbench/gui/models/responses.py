"""The responses (one per customer document answered) as a table: title, customer, the file it came
from, and how far it is: "answered 12/40 · ★ open 3 · ▲ open 5"."""

from __future__ import annotations

from typing import Any

from workbench.core.tender.views import Progress, ResponseView
from workbench.gui.models.table import ROW_ROLE, Column, RowTableModel
from workbench.gui.palette import DANGER, WON
from workbench.gui.qt import QCoreApplication
from workbench.gui.when import local_time

RESPONSE_ROLE = ROW_ROLE


def progress_text(p: Progress) -> str:
    """"answered 12/40 · ★ open 3 · ▲ open 5" (the open counts only when there are any)."""
    parts = [QCoreApplication.translate("Responses", "answered %1/%2").replace("%1", str(p.answered)).replace("%2", str(p.total))]
    if p.star_open:
        parts.append(QCoreApplication.translate("Responses", "★ open %1").replace("%1", str(p.star_open)))
    if p.important_open:
        parts.append(QCoreApplication.translate("Responses", "▲ open %1").replace("%1", str(p.important_open)))
    return " · ".join(parts)


def progress_colour(p: Progress) -> str | None:
    if p.star_open or p.blocking:
        return DANGER
    return WON if p.total and p.answered == p.total else None


class ResponsesModel(RowTableModel[ResponseView]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__([
            Column(QCoreApplication.translate("Responses", "Title"), lambda r: r.title, tooltip=lambda r: r.title),
            Column(QCoreApplication.translate("Responses", "Customer"), lambda r: r.customer,
                   tooltip=lambda r: r.customer or None),
            Column(QCoreApplication.translate("Responses", "Source"), lambda r: r.source_name,
                   tooltip=lambda r: f"{r.source_name} · {r.source_format}"),
            Column(QCoreApplication.translate("Responses", "Progress"), lambda r: progress_text(r.progress),
                   sort_key=lambda r: (r.progress.answered / r.progress.total) if r.progress.total else 0.0,
                   foreground=lambda r: progress_colour(r.progress)),
            Column(QCoreApplication.translate("Responses", "Proposal"), lambda r: r.proposal or ""),
            Column(QCoreApplication.translate("Responses", "Updated"), lambda r: local_time(r.updated_at),
                   tooltip=lambda r: r.created_by_label),
        ], parent)

    def row_of(self, response_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == response_id), -1)
