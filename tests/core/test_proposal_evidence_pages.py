"""A response attached to a proposal: evidence that names a heading of the proposal shows that
heading's page through a PAGEREF field on its bookmark, in the Word file and in the PDF, where
LibreOffice lays it out; evidence naming no heading stays as typed. Both backends. The marks the
point-by-point chapter puts around its evidence, in English too."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pdfplumber
import pytest
import yaml
from docx.oxml.ns import qn

from workbench.core.proposals.catalog import shared_reference_docx
from workbench.core.proposals.docx_frame import DocumentInfo
from workbench.core.proposals.docx_refs import REF_CLOSE, REF_OPEN, REF_PAGE
from workbench.core.proposals.docx_writer import build_docx
from workbench.core.tender.proposal_chapter import attach_to_proposal
from workbench.core.workspace import Workspace

EXAMPLE = Path(__file__).resolve().parents[2] / "proposal_templates" / "tech-proposal-zh" / "example.yaml"
needs_office = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by .ci/run")


def _attached(ws: Workspace) -> tuple[str, list[int]]:
    """A proposal with the demo tender attached; its first three rows' evidence: a section of the
    proposal by its title (with a typed page that must give way), one by its number and title, and
    a chapter that the proposal does not have (with its typed page)."""
    me = ws.actor()
    raw = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    number = ws.proposals.create(me, "tech-proposal-zh", raw, matched={}).value.number
    rid = next(r.id for r in ws.tenders.all() if r.source_name.endswith(".docx"))
    rows = [r.no for r in ws.tenders.rows(rid)[:3]]
    for no, evidence, page in zip(rows, ("备份与容灾", "6.1 部署方案", "第九章 不存在的章节"), ("99", "", "7"),
                                  strict=True):
        ws.tenders.respond(me, rid, no, text="满足。", deviation="none", evidence=evidence,
                           evidence_page=page)
    attach_to_proposal(ws.tenders, ws.proposals, me, rid, number)
    return number, rows


def _evidence_lines(text: str) -> list[str]:
    return [re.sub(r"\s", "", line) for line in text.splitlines() if line.strip().startswith("证明材料")]


@needs_office
def test_evidence_naming_a_heading_of_the_proposal_shows_its_page(demo_ws: Workspace, tmp_path: Path) -> None:
    number, _rows = _attached(demo_ws)

    # Word: the two sections named get a PAGEREF on their heading's bookmark, filled from the layout
    document = docx.Document(str(demo_ws.proposals.export(number, "docx", tmp_path / "p.docx")))
    headings = {b.get(qn("w:name")): "".join(t.text for t in b.getparent().iter(qn("w:t")))
                for b in document.element.body.iter(qn("w:bookmarkStart"))}
    evidence = [p for p in document.paragraphs if p.text.startswith("证明材料")]
    fields = [re.findall(r"PAGEREF (\S+)", "".join(i.text for i in p._p.iter(qn("w:instrText"))))
              for p in evidence[:3]]
    assert [headings[f[0]] for f in fields[:2]] == ["备份与容灾", "部署方案"]
    assert fields[2] == []
    word_pages = [re.search(r"第\s*(\d+)\s*页", p.text) for p in evidence[:2]]
    assert all(word_pages) and "99" not in evidence[0].text  # the typed page gave way to the heading's
    assert evidence[2].text == "证明材料：第九章 不存在的章节（第\u00a07\u00a0页）"  # as typed, no field

    # PDF: the page shown is the page the heading is laid out on
    pdf = demo_ws.proposals.export(number, "pdf", tmp_path / "p.pdf")
    with pdfplumber.open(pdf) as opened:
        pages = [page.extract_text() or "" for page in opened.pages]
    def heading_page(title: str) -> int:
        return next(n for n, text in enumerate(pages, start=1)
                    if n > 2 and re.search(rf"^\s*[\d.]+\s*{title}\s*$", text, re.M))
    backup, deploy = heading_page("备份与容灾"), heading_page("部署方案")
    assert 2 < deploy <= backup  # pages of the body, after the cover and the contents
    shown = [line for text in pages for line in _evidence_lines(text)]
    assert shown[:3] == [f"证明材料：备份与容灾（第{backup}页）", f"证明材料：6.1部署方案（第{deploy}页）",
                         "证明材料：第九章不存在的章节（第7页）"]
    assert [int(m.group(1)) for m in word_pages if m] == [backup, deploy]  # Word and the PDF agree


def test_marked_names_in_english_and_what_is_left_alone() -> None:
    """Without a layout pass: the field, its words and the typed page giving way (English), a
    name set in bold still found, a name of no heading and a marker left open kept as text."""
    markdown = "\n\n".join([
        "# Architecture", "## Data platform", "text",
        f"**Evidence**: {REF_OPEN}Data Platform{REF_PAGE}, p.\u00a099{REF_CLOSE}",
        f"**Evidence**: {REF_OPEN}**1 Architecture**{REF_CLOSE}",
        f"**Evidence**: {REF_OPEN}Appendix Z{REF_PAGE}, p.\u00a07{REF_CLOSE}",
        f"**Evidence**: {REF_OPEN}Architecture",
        "## Rollout plan PRJ-2026-0412",
        f"**Evidence**: {REF_OPEN}Rollout plan PRJ-2026-0412{REF_CLOSE}",
    ])
    info = DocumentInfo("T", "C", "N", "A", "D", "en", False)
    written = build_docx(markdown, shared_reference_docx(), info)
    paragraphs = [p for p in written.document.paragraphs if p.text.startswith("Evidence")]
    bookmarks = {text.split(" ", 1)[1]: bookmark for _level, text, bookmark in written.headings}
    fields = [re.findall(r"PAGEREF (\S+)", "".join(i.text for i in p._p.iter(qn("w:instrText"))))
              for p in paragraphs]
    # an ID's hyphens are written as non-breaking hyphens (no line ends inside the ID): the name
    # that carries them still finds its heading
    rollout = next(b for name, b in bookmarks.items() if name.startswith("Rollout plan"))
    assert paragraphs[4]._p.find(".//" + qn("w:noBreakHyphen")) is not None
    assert fields == [[bookmarks["Data platform"]], [bookmarks["Architecture"]], [], [], [rollout]]
    assert [p.text for p in paragraphs] == ["Evidence: Data Platform, p.\u00a000", "Evidence: 1 Architecture, p.\u00a000",
                                            "Evidence: Appendix Z, p.\u00a07", "Evidence: Architecture",
                                            "Evidence: Rollout plan PRJ-2026-0412, p.\u00a000"]
    written.set_pages({bookmarks["Data platform"]: 4, bookmarks["Architecture"]: 3})
    assert [p.text for p in paragraphs[:2]] == ["Evidence: Data Platform, p.\u00a04", "Evidence: 1 Architecture, p.\u00a03"]
    assert paragraphs[1].runs[-1].bold  # the page is set like the name it follows
