"""The documents a response goes out as: a .docx (技术偏离表 + 点对点应答, or a questionnaire's
responses) in the company's styles, an .xlsx of the same table, and the point-by-point chapter as
Markdown for a proposal (``point_by_point_markdown``)."""

from __future__ import annotations

from pathlib import Path

from workbench.core.company import CompanyProfile
from workbench.core.errors import InvalidInput, WorkbenchError
from workbench.core.tender.export_docx import write_docx
from workbench.core.tender.export_xlsx import write_xlsx
from workbench.core.tender.model import ResponseDocument
from workbench.core.tender.point_by_point import point_by_point_markdown

FORMATS = ("docx", "xlsx")
__all__ = ["FORMATS", "point_by_point_markdown", "write_response"]


def write_response(doc: ResponseDocument, fmt: str, out: Path, company: CompanyProfile | None = None,
                   author: str | None = None) -> Path:
    """Write ``doc`` as ``fmt`` (docx or xlsx) to ``out`` (replaced whole, never left half-written).
    ``author``: the document properties' author (the company's name when not given)."""
    if fmt not in FORMATS:
        raise InvalidInput("export_failed", detail=f"unknown format {fmt!r} (use docx or xlsx)")
    profile = company or CompanyProfile()
    try:
        if fmt == "docx":
            return write_docx(doc, out, profile, author)
        return write_xlsx(doc, out, profile, author)
    except WorkbenchError:
        raise
    except OSError as exc:
        raise WorkbenchError("export_failed", detail=str(exc)) from None
