"""Readers turn a customer's file into one plain shape, a ``Source``: paragraphs and tables in
document order, each with its ``Location``. Extraction (``tender/extract.py``) works on that shape
only, whatever the file was.

Every reader is bounded: files over ``MAX_FILE_BYTES``, zip containers that unpack too far, more
than ``MAX_BLOCKS`` paragraphs, ``MAX_TABLE_ROWS`` table rows or ``MAX_PDF_PAGES`` pages are
refused with ``ImportRejected`` (nothing is half-read), as are encrypted and damaged files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.core.errors import ImportRejected
from workbench.core.tender.model import Location

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_BLOCKS = 200_000  # paragraphs + table rows of one document
MAX_TABLE_ROWS = 50_000  # rows of one sheet / all tables together
MAX_PDF_PAGES = 1_500  # pdfplumber reads ~10 pages a second: bounded to a few minutes
MAX_CELL_CHARS = 20_000  # one cell / paragraph is cut beyond this (a requirement is never this long)


@dataclass(frozen=True)
class Paragraph:
    text: str
    location: Location
    heading: int | None = None  # outline level (1 = chapter) when the file says it is a heading
    number: str = ""  # the number Word displays before it (from w:numPr), e.g. "3.1.2", "（一）"


@dataclass(frozen=True)
class Cell:
    text: str
    column: int  # index of the cell in its row (what ``Location.column`` means)
    grid: int = 0  # first grid column it covers (a cell spanning columns counts once)
    span: int = 1
    ref: str = ""  # a spreadsheet's cell reference ("B5")
    number: str = ""  # the Word number shown in the cell's first paragraph, if any


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]
    location: Location  # block / table (docx), sheet (xlsx), page (pdf)
    validations: dict[str, tuple[str, ...]] = field(default_factory=dict)  # cell ref -> drop-down


Block = Paragraph | Table


@dataclass(frozen=True)
class Source:
    blocks: tuple[Block, ...]
    pages: int | None = None
    warnings: tuple[str, ...] = ()


def too_big(name: str, what: str, what_zh: str, limit: int) -> ImportRejected:
    return ImportRejected("tender_too_big", name=name, what=what, what_zh=what_zh, limit=limit)


def clip(text: str) -> str:
    return text if len(text) <= MAX_CELL_CHARS else text[:MAX_CELL_CHARS]
