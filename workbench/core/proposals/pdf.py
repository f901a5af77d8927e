"""PDF through LibreOffice, with the table of contents filled in: a first conversion tells on
which page each heading lands, the TOC field's result is written with those numbers, and the
document is converted again. Each conversion gets its own LibreOffice profile, so concurrent
exports never collide (two on the default profile: one silently produces nothing)."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from workbench.core.errors import WorkbenchError

log = logging.getLogger(__name__)
TIMEOUT_S = 180


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, out_dir: Path) -> Path:
    binary = soffice()
    if binary is None:
        raise WorkbenchError("soffice_missing")
    with tempfile.TemporaryDirectory(prefix="wb-lo-profile-") as profile:
        try:
            done = subprocess.run(
                [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", str(out_dir), str(source)],
                capture_output=True, text=True, timeout=TIMEOUT_S, check=False,
            )
        except subprocess.TimeoutExpired:
            raise WorkbenchError("pdf_failed", detail=f"no answer in {TIMEOUT_S} s") from None
    pdf = out_dir / (source.stem + ".pdf")
    if done.returncode != 0 or not pdf.exists():
        raise WorkbenchError("pdf_failed", detail=(done.stderr or done.stdout or "no output").strip()[:300])
    return pdf


def page_texts(pdf: Path) -> list[str]:
    tool = shutil.which("pdftotext")
    if tool is None:
        return []
    done = subprocess.run([tool, "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60, check=False)
    return done.stdout.split("\f") if done.returncode == 0 else []


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def heading_pages(headings: list[tuple[int, str]], pages: list[str], toc_title: str) -> list[int]:
    """The page (1-based) each heading is on, searching forward from the page after the TOC."""
    squashed = [_squash(p) for p in pages]
    start = next((i + 1 for i, p in enumerate(squashed) if _squash(toc_title) in p), 0)
    found = []
    at = start
    for _level, text in headings:
        needle = _squash(text)
        page = next((i for i in range(at, len(squashed)) if needle and needle in squashed[i]), None)
        if page is None:
            found.append(0)
            continue
        found.append(page + 1)
        at = page
    return found


def fill_toc(path: Path, entries: list[tuple[int, str, str]]) -> bool:
    """Write the TOC field's result: one paragraph per (level, text, page) entry."""
    document = docx.Document(str(path))
    target = None
    for paragraph in document.paragraphs:
        if any("TOC" in (t.text or "") for t in paragraph._p.iter(qn("w:instrText"))):
            target = paragraph
            break
    if target is None:
        return False
    p = target._p
    runs = list(p.iter(qn("w:r")))
    separate_at = next(i for i, r in enumerate(runs) if any(
        c.get(qn("w:fldCharType")) == "separate" for c in r.iter(qn("w:fldChar"))))
    for run in runs[separate_at + 1:]:
        run.getparent().remove(run)
    styles = {s.name for s in document.styles}
    last = target
    for level, text, page in entries:
        style = f"TOC {min(level, 3)}"
        paragraph = document.add_paragraph(style=style if style in styles else None)
        paragraph.add_run(f"{text}\t{page}")
        last._p.addnext(paragraph._p)
        last = paragraph
    end = OxmlElement("w:r")
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), "end")
    end.append(fld)
    last._p.append(end)
    document.save(str(path))
    return True


def numbered(headings: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Headings with the numbers the reference styles give levels 1-3 (1, 1.1, 1.1.1)."""
    counters = [0, 0, 0]
    out = []
    for level, text in headings:
        if level > 3:
            continue
        counters[level - 1] += 1
        for deeper in range(level, 3):
            counters[deeper] = 0
        out.append((level, ".".join(str(c) for c in counters[:level]) + " " + text))
    return out
