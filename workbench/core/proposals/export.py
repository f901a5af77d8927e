"""Export a proposal revision as Markdown, Word or PDF. Until the proposal is approved in
review every export carries a visible DRAFT mark."""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.proposals.catalog import ProposalTemplate
from workbench.core.proposals.docx_writer import DocumentInfo, write_docx
from workbench.core.proposals.escaping import escape_markdown
from workbench.core.proposals.model import ProposalView
from workbench.core.proposals.pdf import convert, fill_toc, heading_pages, numbered, page_texts, soffice

log = logging.getLogger(__name__)
FORMATS = ("md", "docx", "pdf")
TOC_LEVELS = 2  # chapters and sections; a knowledge item's own headings stay out of the contents


def document_info(view: ProposalView, template: ProposalTemplate, revision: int | None = None) -> DocumentInfo:
    created = view.created_at.astimezone().date()
    zh = template.language.startswith("zh")
    return DocumentInfo(
        title=view.title,
        customer=view.customer,
        number=view.number,
        author=view.author_label,
        date=f"{created.year}年{created.month}月{created.day}日" if zh else f"{created:%B} {created.day}, {created.year}",
        language=template.language,
        draft=not view.exports_clean(revision if revision is not None else (view.latest.number if view.latest else 0)),
        image_root=template.folder,
    )


def _docx_with_toc(markdown: str, template: ProposalTemplate, info: DocumentInfo, out: Path, work: Path) -> Path | None:
    """Write the .docx; when LibreOffice is here, fill the table of contents with real page
    numbers. Returns the PDF of the final document when one was made on the way."""
    headings = [h for h in numbered(write_docx(markdown, template.reference_docx, out, info)) if h[0] <= TOC_LEVELS]
    if not headings or soffice() is None:
        return None
    # the TOC filled with placeholders takes the same room as the real one
    fill_toc(out, [(level, text, "…") for level, text in headings])
    first = convert(out, work)
    pages = page_texts(first)
    if not pages:
        return first
    found = heading_pages([(lvl, t.split(" ", 1)[1]) for lvl, t in headings], pages,
                          "目录" if info.zh else "Contents")
    write_docx(markdown, template.reference_docx, out, info)
    fill_toc(out, [(level, text, str(page) if page else "") for (level, text), page in zip(headings, found, strict=True)])
    return None


def export_proposal(view: ProposalView, template: ProposalTemplate, fmt: str, out: Path,
                    revision: int | None = None) -> Path:
    if fmt not in FORMATS:
        raise WorkbenchError("export_failed", detail=f"unknown format {fmt!r} (use md, docx or pdf)")
    revisions = {r.number: r for r in view.revisions}
    chosen = revisions.get(revision) if revision is not None else view.latest
    if chosen is None:
        raise WorkbenchError("proposal_not_found", id=f"{view.number} r{revision}")
    info = document_info(view, template, chosen.number)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        if fmt == "md":
            mark = ("> **草稿 DRAFT — 未经评审批准**\n\n" if info.zh else "> **DRAFT — not approved in review**\n\n") \
                if info.draft else ""
            out.write_text(f"# {escape_markdown(view.title)}\n\n{mark}{chosen.markdown}", encoding="utf-8")
            return out
        with tempfile.TemporaryDirectory(prefix="wb-export-") as tmp:
            work = Path(tmp)
            if fmt == "docx":
                _docx_with_toc(chosen.markdown, template, info, out, work)
                return out
            docx_path = work / f"{view.number}.docx"
            _docx_with_toc(chosen.markdown, template, info, docx_path, work)
            pdf = convert(docx_path, work)
            shutil.move(str(pdf), out)
            return out
    except WorkbenchError:
        raise
    except OSError as exc:
        raise WorkbenchError("export_failed", detail=str(exc)) from None


