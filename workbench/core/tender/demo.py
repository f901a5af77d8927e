"""The demo customer documents imported on first start, so a new user finds a tender and a
questionnaire on the Responses screen, every requirement a row, ready for 自动应答 (Autofill).

Only imported, not autofilled: autofill would build the search index during first start (seconds)
and its auto-accepted answers would count uses on the demo knowledge items before anyone chose them.

Idempotent: a document whose file name is already the source of a response is not imported again.
A demo file that fails to import is logged and skipped; first start goes on without it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.tender.service import TenderService
from workbench.core.tender.views import ResponseView
from workbench.core.users import UserView

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DemoTender:
    file: str
    title: str
    customer: str


# the files written by scripts/make_demo_tenders.py, with the names a presales engineer would give them
DEMO_TENDERS = (
    DemoTender("smart-park-tender-zh.docx", "滨江高新区智慧园区综合管理平台建设项目",
               "滨江市高新技术产业开发区管理委员会"),
    DemoTender("security-questionnaire-en.xlsx", "Vendor Security Assessment VSA-2026", "Harbourline"),
)


def load_demo_tenders(tenders: TenderService, actor: UserView, folder: Path) -> list[ResponseView]:
    """Import each demo document not imported yet; returns the responses made. The questionnaire
    goes first so the tender is the newest response, the one the screen lists first."""
    have = {r.source_name for r in tenders.all()}
    made: list[ResponseView] = []
    for demo in reversed(DEMO_TENDERS):
        path = folder / demo.file
        if demo.file in have or not path.is_file():
            continue
        try:
            made.append(tenders.import_file(actor, path, title=demo.title, customer=demo.customer).value)
        except WorkbenchError as exc:
            log.warning("demo tender not imported: %s: %s", path, exc)
    return made
