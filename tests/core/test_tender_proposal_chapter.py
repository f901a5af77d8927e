"""A response attached to a proposal: its 点对点应答 chapter is written into the proposal at the
template's slot (a new revision, so it goes through review), refreshed when attached again, taken
out when detached, and refused while the proposal is in review. Both backends."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
import yaml

from workbench.core.errors import InvalidTransition
from workbench.core.tender.proposal_chapter import SLOT, attach_to_proposal, with_chapter
from workbench.core.workspace import Workspace

EXAMPLE = Path(__file__).resolve().parents[2] / "proposal_templates" / "tech-proposal-zh" / "example.yaml"


def _proposal(ws: Workspace) -> str:
    raw = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    return ws.proposals.create(ws.actor(), "tech-proposal-zh", raw, matched={}).value.number


def _tender(ws: Workspace) -> str:
    return next(r.id for r in ws.tenders.all() if r.source_name.endswith(".docx"))


def _docx_text(ws: Workspace, number: str, out: Path) -> list[str]:
    return [p.text for p in docx.Document(str(ws.proposals.export(number, "docx", out))).paragraphs]


def test_the_slot_is_filled_refilled_and_emptied() -> None:
    text = f"# A\n\nx\n\n{SLOT}\n\n# B\n"
    first = with_chapter(text, "<!-- point-by-point T-1 -->\n\n# 点对点应答\n\none\n\n<!-- /point-by-point -->")
    assert first.index("# 点对点应答") < first.index("# B") and SLOT not in first
    second = with_chapter(first, "<!-- point-by-point T-1 -->\n\n# 点对点应答\n\ntwo\n\n<!-- /point-by-point -->")
    assert "two" in second and "one" not in second and second.count("# 点对点应答") == 1
    assert with_chapter(second, None) == text
    assert with_chapter("# A\n", None) == "# A\n"
    assert with_chapter("# A\n", "<!-- point-by-point T-1 -->\n\n# P\n\n<!-- /point-by-point -->").endswith(
        "# P\n\n<!-- /point-by-point -->\n")


def test_no_response_attached_no_chapter(demo_ws: Workspace, tmp_path: Path) -> None:
    number = _proposal(demo_ws)
    markdown = demo_ws.proposals.get(number).latest.markdown  # type: ignore[union-attr]
    assert SLOT in markdown and "点对点应答" not in markdown
    text = _docx_text(demo_ws, number, tmp_path / "p.docx")
    assert not any("点对点" in t or "point-by-point" in t for t in text)


def test_attach_writes_the_chapter_and_attaching_again_refreshes_it(demo_ws: Workspace, tmp_path: Path) -> None:
    ws, me = demo_ws, demo_ws.actor()
    number, rid = _proposal(ws), _tender(ws)
    first_row = ws.tenders.rows(rid)[0]
    result = attach_to_proposal(ws.tenders, ws.proposals, me, rid, number)
    assert result.value.proposal == number and result.changes.proposals and result.changes.tenders
    proposal = ws.proposals.get(number)
    assert len(proposal.revisions) == 2
    text = _docx_text(ws, number, tmp_path / "p.docx")
    assert "点对点应答" in " ".join(text)
    assert any(t.endswith(f"{first_row.mark}{first_row.clause}") for t in text)
    assert any(first_row.text[:30] in t for t in text)
    # the chapter comes before the deployment chapter, where the template's slot is
    assert next(i for i, t in enumerate(text) if t.endswith("点对点应答")) < next(
        i for i, t in enumerate(text) if t.endswith("部署与安全"))

    ws.tenders.respond(me, rid, first_row.no, text="采用微服务架构，已在 Kubernetes 1.28 上私有化部署。",
                       deviation="none")
    attach_to_proposal(ws.tenders, ws.proposals, me, rid, number)
    markdown = ws.proposals.get(number).latest.markdown  # type: ignore[union-attr]
    assert "Kubernetes 1.28" in markdown and markdown.count("# 点对点应答") == 1
    assert len(ws.proposals.get(number).revisions) == 3

    detached = attach_to_proposal(ws.tenders, ws.proposals, me, rid, None)
    assert detached.value.proposal is None
    markdown = ws.proposals.get(number).latest.markdown  # type: ignore[union-attr]
    assert "点对点应答" not in markdown and SLOT in markdown


def test_a_proposal_in_review_is_refused_and_nothing_changes(demo_ws: Workspace) -> None:
    ws, me = demo_ws, demo_ws.actor()
    number, rid = _proposal(ws), _tender(ws)
    ws.reviews.submit(me, number)
    with pytest.raises(InvalidTransition):
        attach_to_proposal(ws.tenders, ws.proposals, me, rid, number)
    assert ws.tenders.get(rid).proposal is None
    assert len(ws.proposals.get(number).revisions) == 1
