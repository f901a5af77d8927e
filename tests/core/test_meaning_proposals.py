"""Proposal matching with matching by meaning: a requirement line that shares no words with the
item that answers it (another language, a paraphrase) is answered once the vectors are there;
the keyword answers of other lines stay as they were."""

from __future__ import annotations

from typing import Any

from tests.core.test_matching import INPUTS
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.workspace import Workspace

ONPREM = ItemDraft(
    kind=Kind.CASE, slug="case-own-machine-room", industry="finance", product="数据中台",
    title="某城商行：本地化部署于客户机房",
    body="全部组件部署在行内机房，数据不出行内网络，不经过任何公有云，满足监管对数据驻留的要求。")
REPORTING = ItemDraft(
    kind=Kind.CASE, slug="case-east", industry="finance", product="数据中台",
    title="某农商行：EAST 监管报送自动化", body="EAST 报送周期由 15 个工作日缩短到 3 个工作日，数据质量检核规则自动派发整改工单。")


def _offered(ws: Workspace, requirements: str) -> dict[str, Any]:
    draft = ws.proposals.draft("tech-proposal-zh", {**INPUTS, "requirements": requirements})
    return {m.id: m for m in draft.matched["cases"]}


def test_a_requirement_in_other_words_is_answered_by_meaning(ws: Workspace) -> None:
    for draft in (ONPREM, REPORTING):
        ws.knowledge.create(ws.actor(), draft)
    ws.index.sync()
    requirements = "The system must run on servers inside our own building\nEAST 监管报送自动化"
    before = _offered(ws, requirements)
    assert "case-east" in before and "case-own-machine-room" not in before  # no shared words: words alone miss it
    ws.meaning.sync()
    after = _offered(ws, requirements)
    assert "case-own-machine-room" in after  # the line it answers shares none of its words
    assert "case-east" in after and after["case-east"].matched == before["case-east"].matched
