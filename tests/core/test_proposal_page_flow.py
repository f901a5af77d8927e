"""How the exported text flows onto lines and pages, checked on LibreOffice's PDF: an ID near the
end of a line moves to the next line whole (PRJ-2026-0412, GB/T 22239-2019), and the text the
customer copies from the PDF is exactly what was typed; a page break or the document's end
never leaves one line, one bullet or one table-of-contents entry alone on a page (nor an empty
page after a full one)."""

from __future__ import annotations

import subprocess
import tempfile
import zipfile
from pathlib import Path

import pdfplumber
import pytest

from tests.core.test_proposal_docx import TEMPLATES, company_ws, template_inputs  # noqa: F401 (a fixture)
from workbench.core.proposals.catalog import builtin_templates_dir
from workbench.core.proposals.docx_frame import DocumentInfo
from workbench.core.proposals.docx_writer import write_docx
from workbench.core.proposals.office import soffice, write_profile
from workbench.core.workspace import Workspace

REFERENCE = builtin_templates_dir() / "_shared" / "reference.docx"
IDS = ["PRJ-2026-0412", "GB/T 22239-2019", "REQ-ABC-DEF", "ISO/IEC 27001:2022", "¥1,280,000.00", "99.99%",
       "SM2/SM3/SM4", "COVID-19"]
POSITIONS = 24  # each ID after a lead-in one character longer each time: one of them meets the line's end
INVISIBLE = {"\u2011", "\u00a0", "\u2060", "\u00ad", "\x1e"}


@pytest.fixture
def backend_name() -> str:
    return "sqlite"


def _info(language: str) -> DocumentInfo:
    return DocumentInfo("流程测试" if language == "zh-Hans" else "Flow", "C", "P-1", "A", "D", language, False)


def _to_pdf(*sources: Path) -> list[Path]:
    """LibreOffice's PDFs of ``sources``, in one run."""
    binary = soffice()
    assert binary is not None
    out = sources[0].parent
    with tempfile.TemporaryDirectory(prefix="wb-lo-profile-") as profile:
        write_profile(Path(profile))
        subprocess.run([binary, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(out), *map(str, sources)],
                       capture_output=True, timeout=300, check=True)
    return [out / f"{source.stem}.pdf" for source in sources]


def _pages(pdf: Path) -> list[list[str]]:
    with pdfplumber.open(pdf) as opened:
        return [[line for line in (page.extract_text() or "").splitlines() if line.strip()] for page in opened.pages]


@pytest.mark.parametrize("language", ["zh-Hans", "en"])
def test_an_id_near_a_line_end_stays_whole_and_its_text_is_as_typed(tmp_path: Path, language: str) -> None:
    zh = language == "zh-Hans"
    paragraphs = []
    for ident in IDS:
        for n in range(POSITIONS):
            lead = "测" * (30 + n // 2) + ("a" if n % 2 else "") if zh else "word " * 12 + "a" * n
            paragraphs.append(f"{lead} {ident} {'已签订。' if zh else 'is signed.'}")
    paragraphs.append("An end-to-end, state-of-the-art service." if not zh else "端到端 end-to-end 服务。")
    source = tmp_path / "ids.docx"
    write_docx("\n\n".join(paragraphs), REFERENCE, source, _info(language))
    with zipfile.ZipFile(source) as z:
        body = z.read("word/document.xml").decode()
    assert "<w:noBreakHyphen/>" in body  # Word's own no-break hyphen: Word keeps the ID whole too
    assert "end-to-end" in body  # an English compound may still break at its hyphens
    (pdf,) = _to_pdf(source)
    lines = [line for page in _pages(pdf) for line in page]
    text = "\n".join(lines)
    for ident in IDS:
        assert text.count(ident) == POSITIONS, (ident, [line for line in lines if ident[:3] in line][:6])
        # the sweep did reach the line's end: the ID went to the next line whole at least once
        assert any(line.startswith(ident) for line in lines), ident
    assert not INVISIBLE & set(text)
    plain = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert all(plain.count(ident) == POSITIONS for ident in IDS) and not INVISIBLE & set(plain)


def test_a_proposal_keeps_a_typed_id_whole_and_as_typed(company_ws: Workspace, tmp_path: Path) -> None:  # noqa: F811
    inputs = template_inputs("tech-proposal-en")
    inputs["project_name"] = "Contract PRJ-2026-0412 under GB/T 22239-2019"
    view = company_ws.proposals.create(company_ws.actor(), "tech-proposal-en", inputs).value
    assert view.latest is not None
    typed = view.latest.markdown.count("PRJ-2026-0412")
    assert typed >= 2
    pages = _pages(company_ws.proposals.export(view.number, "pdf", tmp_path / "p.pdf"))
    text = "\n".join(line for page in pages for line in page)
    assert text.count("PRJ-2026-0412") == typed
    assert "PRJ-2026-" not in text.replace("PRJ-2026-0412", "")
    assert "GB/T 22239-2019" in text and not INVISIBLE & set(text)


def test_no_page_holds_a_lone_line_before_a_page_break_or_at_the_end(tmp_path: Path) -> None:
    """Bullets up to a page break, one more in each section, so that one section's last bullet
    does not fit its page; tables of contents one entry longer each time, so that one's last entry
    does not fit its page. Before: an empty page, or a page with one bullet or one entry."""
    info = _info("zh-Hans")
    sections = []
    for i in range(8):
        bullets = "\n".join(f"- 第 {i} 节第 {n} 条：设备接入与数据采集。" for n in range(31 + i))
        sections.append(f"# 第 {i} 节\n\n{bullets}\n\n<!-- pagebreak -->\n")
    sources = [tmp_path / "bullets.docx"]
    write_docx("\n".join(sections), REFERENCE, sources[0], info)
    for chapters in range(30, 35):
        body = "\n\n".join(f"# 章节 {c}\n\n正文。" for c in range(chapters))
        sources.append(tmp_path / f"toc{chapters}.docx")
        write_docx(f"[TOC]\n\n<!-- pagebreak -->\n\n{body}\n", REFERENCE, sources[-1], info)
    spilled = 0
    for pdf in _to_pdf(*sources):
        pages = _pages(pdf)[1:]  # after the cover; each page has its header and footer lines
        body_lines = [len(page) - 2 for page in pages]
        assert min(body_lines) >= 2, (pdf.name, body_lines)
        spilled += sum(1 for n in body_lines if n < 6)
    assert spilled >= 3  # the sweep did push last lines over a page's end


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_template_has_no_page_of_one_line(company_ws: Workspace, tmp_path: Path, template: str) -> None:  # noqa: F811
    view = company_ws.proposals.create(company_ws.actor(), template, template_inputs(template)).value
    pages = _pages(company_ws.proposals.export(view.number, "pdf", tmp_path / "p.pdf"))
    body_lines = [len(page) - (3 if "DRAFT" in "".join(page[:2]) else 2) for page in pages[1:]]
    assert min(body_lines) >= 2, body_lines
