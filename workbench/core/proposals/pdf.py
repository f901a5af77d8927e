"""PDF through a one-shot LibreOffice, where the warm one (office.py) cannot be used: no UNO
(Windows, macOS) or no python3-uno. Each conversion gets its own LibreOffice profile, so
concurrent exports never collide (two on the default profile: one silently produces nothing),
with the same font replacements as the warm one. Page numbers for the table of contents come
from the PDF's text: the page each heading is found on."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.proposals.office import soffice, write_profile

__all__ = ["convert", "heading_pages", "page_texts", "soffice"]  # soffice: doctor asks for it here
log = logging.getLogger(__name__)
TIMEOUT_S = 180


def convert(source: Path, out_dir: Path) -> Path:
    binary = soffice()
    if binary is None:
        raise WorkbenchError("soffice_missing")
    with tempfile.TemporaryDirectory(prefix="wb-lo-profile-") as profile:
        write_profile(Path(profile))
        try:
            done = subprocess.run(
                [binary, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                 "--convert-to", "pdf:writer_pdf_Export:{\"UseTaggedPDF\":{\"type\":\"boolean\",\"value\":\"true\"}}",
                 "--outdir", str(out_dir), str(source)],
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


def heading_pages(headings: list[tuple[int, str, str]], pages: list[str], toc_title: str) -> dict[str, int]:
    """The page (1-based) of each heading (level, numbered text, bookmark), searching forward
    from the page after the TOC."""
    squashed = [_squash(p) for p in pages]
    start = next((i + 1 for i, p in enumerate(squashed) if _squash(toc_title) in p), 0)
    found: dict[str, int] = {}
    at = start
    for _level, text, bookmark in headings:
        needle = _squash(text.split(" ", 1)[-1])
        page = next((i for i in range(at, len(squashed)) if needle and needle in squashed[i]), None)
        if page is not None:
            found[bookmark] = page + 1
            at = page
    return found
