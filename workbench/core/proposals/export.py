"""Export a proposal revision as Markdown, Word or PDF. Until the proposal is approved in
review every export carries a visible DRAFT mark.

Word and PDF: the document is written once in memory; a layout pass in LibreOffice (warm, see
office.py) tells on which page each heading landed, those numbers go into the table of
contents, and the file is written (and, for PDF, laid out once more and printed)."""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from sqlalchemy import select

from workbench.core.company import CompanyProfile
from workbench.core.db.engine import Database
from workbench.core.db.models import User
from workbench.core.errors import InvalidInput, NotFound, WorkbenchError
from workbench.core.proposals import office
from workbench.core.proposals.catalog import ProposalTemplate
from workbench.core.proposals.company_profile import effective_company
from workbench.core.proposals.docx_frame import DocumentInfo, document_words
from workbench.core.proposals.docx_writer import PAGE_PLACEHOLDER, WrittenDocument, build_docx
from workbench.core.proposals.escaping import escape_markdown
from workbench.core.proposals.model import ProposalView
from workbench.core.proposals.pdf import convert, heading_pages, page_texts

log = logging.getLogger(__name__)
FORMATS = ("md", "docx", "pdf")


def document_info(view: ProposalView, template: ProposalTemplate, revision: int | None = None,
                  author: str | None = None, company: CompanyProfile | None = None) -> DocumentInfo:
    """``author`` is the author's display name when the caller knows it (else the login)."""
    created = view.created_at.astimezone().date()
    zh = template.language.startswith("zh")
    return DocumentInfo(
        title=view.title,
        customer=view.customer,
        number=view.number,
        author=author or view.author_label,
        date=f"{created.year}年{created.month}月{created.day}日" if zh else f"{created:%B} {created.day}, {created.year}",
        language=template.language,
        draft=not view.exports_clean(revision if revision is not None else (view.latest.number if view.latest else 0)),
        image_root=template.folder,
        company=company or CompanyProfile(),
    )


def author_and_company(db: Database, login: str, language: str) -> tuple[str, CompanyProfile]:
    """What a document says about who wrote it: the author's display name (else the login) and
    the company profile (company_profile.py), read in one transaction."""
    with db.read() as s:
        display = s.scalar(select(User.display_name).where(User.name == login))
        return display or login, effective_company(s, language)


def _laid_out(written: WrittenDocument, info: DocumentInfo, work: Path, pdf: Path | None) -> Path | None:
    """Fill the TOC's page numbers from a layout pass; with ``pdf``, also print the final
    document there. Returns the PDF when one was written."""
    draft = work / "layout.docx"
    written.save(draft)
    if office.available():
        warm = office.Office()
        if pdf is not None:  # one load: pages found, TOC filled and printed in LibreOffice
            warm.layout(draft, pdf, placeholder=PAGE_PLACEHOLDER)
            return pdf
        if written.needs_pages:
            written.set_pages(warm.layout(draft))
        return None
    if office.soffice() is None:
        if pdf is not None:
            raise WorkbenchError("soffice_missing")
        written.set_pages({})  # Word without LibreOffice: the TOC lists the headings without page numbers
        return None
    first = convert(draft, work)
    if written.needs_pages:
        found = heading_pages(written.headings, page_texts(first), document_words(info)["toc"])
        written.set_pages(found)
        written.save(draft)
        first = convert(draft, work)
    if pdf is None:
        return None
    shutil.move(str(first), pdf)
    return pdf


def export_proposal(view: ProposalView, template: ProposalTemplate, fmt: str, out: Path,
                    revision: int | None = None, author: str | None = None,
                    company: CompanyProfile | None = None) -> Path:
    if fmt not in FORMATS:
        raise InvalidInput("export_failed", detail=f"unknown format {fmt!r} (use md, docx or pdf)")
    revisions = {r.number: r for r in view.revisions}
    chosen = revisions.get(revision) if revision is not None else view.latest
    if chosen is None:
        raise NotFound("proposal_not_found", id=f"{view.number} r{revision}")
    info = document_info(view, template, chosen.number, author, company)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        if fmt == "md":
            mark = f"> **{document_words(info)['draft']}**\n\n" if info.draft else ""
            out.write_text(f"# {escape_markdown(view.title)}\n\n{mark}{chosen.markdown}", encoding="utf-8")
            return out
        written = build_docx(chosen.markdown, template.reference_docx, info)
        with tempfile.TemporaryDirectory(prefix="wb-export-") as tmp:
            work = Path(tmp)
            if fmt == "docx":
                _laid_out(written, info, work, None)
                written.save(out)
                return out
            pdf = _laid_out(written, info, work, work / "out.pdf")
            assert pdf is not None
            tmp_out = out.with_name(out.name + ".part")
            shutil.move(str(pdf), tmp_out)
            tmp_out.replace(out)
            return out
    except WorkbenchError:
        raise
    except OSError as exc:
        raise WorkbenchError("export_failed", detail=str(exc)) from None
