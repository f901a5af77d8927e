"""Evidence that is a section of the exported document: the 偏离表 shows that section's page through
a PAGEREF field on its heading's bookmark, filled from the layout pass and kept right by Word and
LibreOffice; evidence elsewhere keeps its typed page."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from tests.core.tender.test_export import COMPANY, zh_tender
from workbench.core.proposals.pdf import convert, page_texts
from workbench.core.tender.export import write_response

needs_office = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by .ci/run")


def _document() -> tuple[object, str]:
    doc = zh_tender()
    rows = list(doc.rows)
    # row 1 points at a section of this very document (no page typed: the document knows it);
    # row 2 at the chapter by its title; row 3 at an outside report with a typed page
    rows[0] = dataclasses.replace(rows[0], evidence="二、安全要求", evidence_page="")
    rows[1] = dataclasses.replace(rows[1], evidence="点对点应答", evidence_page="99")
    return dataclasses.replace(doc, rows=tuple(rows)), rows[2].evidence


@needs_office
def test_a_section_of_the_document_is_referenced_by_its_page(tmp_path: Path) -> None:
    doc, outside = _document()
    out = write_response(doc, "docx", tmp_path / "r.docx", COMPANY)  # type: ignore[arg-type]
    document = docx.Document(str(out))
    bookmarks = {b.get(qn("w:name")): b.getparent() for b in document.element.body.iter(qn("w:bookmarkStart"))}
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "序号")
    cells = [row.cells[6] for row in table.rows[1:5]]
    fields = [re.findall(r"PAGEREF (\S+)", "".join(i.text for i in c._tc.iter(qn("w:instrText")))) for c in cells]
    assert len(fields[0]) == 1 and len(fields[1]) == 1 and fields[2] == fields[3] == []
    section, chapter = (bookmarks[f[0]] for f in fields[:2])
    # the tender's "二、安全要求" is headed with its number after the title (ours number the headings)
    assert "".join(t.text for t in section.iter(qn("w:t"))) == "安全要求（招标文件 二）"
    assert "".join(t.text for t in chapter.iter(qn("w:t"))) == "点对点应答"
    # evidence from outside the document stays as typed (a line break the export put between two
    # of its words aside: "售后服务 / 承诺函" in a narrow column)
    assert cells[2].text.replace("\n", "") == f"{outside}"
    assert cells[3].text.replace("\n", "") == "等保三级测评报告摘要（第\u00a03\u00a0页）"  # and so does its typed page
    assert "第\u00a03\u00a0页" in cells[3].text  # kept on one line

    # the pages shown are where LibreOffice lays the headings out (after the contents page)
    pages = page_texts(convert(out, tmp_path))
    def first_page(heading: str) -> int:
        return next(n for n, text in enumerate(pages, start=1)
                    if n > 2 and re.search(rf"^\s*[\d.]*\s*{heading}\s*$", text, re.M))
    shown = [re.sub(r"\s", "", c.text) for c in cells[:2]]
    assert shown[0] == f"二、安全要求（第{first_page('安全要求（招标文件 二）')}页）"
    assert shown[1] == f"点对点应答（第{first_page('点对点应答')}页）"
