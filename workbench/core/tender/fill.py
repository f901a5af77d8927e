"""The answers written back into the customer's own file, everything else in it left as it was.

- a .docx with an empty 技术偏离表 (``doc.deviation_table``): that table is filled in place
  (``fill_docx``);
- a .docx without one: each answer goes in right after its requirement (``fill_docx``);
- an .xlsx questionnaire: the drop-down choice, the response and the evidence go into the cells of
  the question's row; the sheet XML is patched in the zip so drawings, comments and everything
  openpyxl would drop stay byte for byte (``fill_xlsx``);
- a PDF cannot be written into: the user is told to use the export (a 偏离表 .docx/.xlsx) instead.

Rows without an answer are left blank. Every refusal is an ``InvalidInput`` with a ``tender_fill_*``
code.
"""

from __future__ import annotations

from workbench.core.errors import InvalidInput
from workbench.core.tender.fill_docx import fill_docx
from workbench.core.tender.fill_xlsx import fill_xlsx
from workbench.core.tender.model import ResponseDocument, SourceFormat


def fill_customer_file(content: bytes, doc: ResponseDocument) -> bytes:
    """``content``: the customer's file in ``doc.source_format`` (as extraction read it, so every
    ``Location`` points into it); returns the same file with the answers written in."""
    if doc.source_format == SourceFormat.DOCX:
        return fill_docx(content, doc)
    if doc.source_format == SourceFormat.XLSX:
        return fill_xlsx(content, doc)
    raise InvalidInput("tender_fill_pdf", name=doc.source_name)
