"""A PDF with a text layer as a ``Source`` (pdfplumber, which reads the text layer through
pdfminer.six; no OCR): ruled tables as ``Table``s, the text around them as paragraphs, each with its
1-based page in ``Location.page``. Lines that wrap are joined back into one paragraph: a new one
starts at a clause number, a mark, a chapter line or after a line that ends a sentence."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from workbench.core.errors import ImportRejected
from workbench.core.tender.model import Location
from workbench.core.tender.readers import (
    MAX_BLOCKS,
    MAX_PDF_PAGES,
    Cell,
    Paragraph,
    Source,
    Table,
    clip,
    too_big,
)
from workbench.core.tender.readers.container import check_size, head

_STARTS = re.compile(
    r"^\s*(?:[★☆▲△■◆●\*＊]|第[一二三四五六七八九十百零〇\d]+[章节條条部篇]|\d+(?:\.\d+)*[.．、)）\s]|"
    r"[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|[①-⑳]|注[:：]|[A-Z]{2,}-\d)"
)
_ENDS = tuple("。；;：:！？!?")
_SLACK = 12.0  # points: a character may stand over a table's outer rule (LibreOffice lets wide tables overflow)


def _join_lines(lines: list[tuple[str, float]], right: float) -> list[str]:
    """Wrapped lines back into paragraphs. ``lines``: (text, right edge); ``right``: the right
    margin of the page's text. A line that stops well short of the margin ends its paragraph."""
    out: list[str] = []
    open_ended = False
    for line, x1 in lines:
        line = line.strip()
        if not line:
            continue
        if out and open_ended and not _STARTS.match(line) and not out[-1].endswith(_ENDS):
            out[-1] = out[-1] + ("" if _is_cjk(out[-1][-1:]) or _is_cjk(line[:1]) else " ") + line
        else:
            out.append(line)
        open_ended = x1 >= right - 24  # within about two characters of the margin: the text wrapped
    return out


def _is_cjk(ch: str) -> bool:
    return bool(ch) and ("\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 - _SLACK <= x <= x1 + _SLACK and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _cell_texts(page: Any, table: Any) -> list[list[str]]:
    """Each cell's text from the characters whose centre lies in it. (pdfplumber's own
    ``extract`` wants a character wholly inside its cell and drops the last one of a line that
    touches the cell's rule.)"""
    from pdfplumber.utils.text import extract_text

    boxes = [list(row.cells) for row in table.rows]
    chars: list[list[list[dict[str, Any]]]] = [[[] for _ in row] for row in boxes]
    x0, top, x1, bottom = table.bbox
    for ch in page.chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not (x0 - _SLACK <= cx <= x1 + _SLACK and top <= cy <= bottom):
            continue
        for r, row in enumerate(boxes):
            hit = next((c for c, box in enumerate(row)
                        if box is not None and box[0] <= cx <= box[2] and box[1] <= cy <= box[3]), None)
            if hit is None and not x0 <= cx <= x1:  # over the table's outer rule: the edge cell's
                hit = next((c for c, box in enumerate(row) if box is not None and box[1] <= cy <= box[3]
                            and (box[2] >= x1 - 1 if cx > x1 else box[0] <= x0 + 1)), None)
            if hit is not None:
                chars[r][hit].append(ch)
                break
    return [[str(extract_text(cell_chars)).replace("\n", "") if cell_chars else "" for cell_chars in row]
            for row in chars]


def _page_blocks(page: Any, number: int) -> list[Paragraph | Table]:
    found = page.find_tables()
    boxes = [t.bbox for t in found]
    items: list[tuple[float, Paragraph | Table]] = []
    for t in found:
        texts = _cell_texts(page, t)
        rows = [tuple(Cell(text=clip(text), column=c, grid=c) for c, text in enumerate(row)) for row in texts]
        items.append((t.bbox[1], Table(rows=tuple(rows), location=Location(page=number))))
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes)) if boxes else page
    # the lines between two tables (or a table and the page's edge) are joined into paragraphs
    tables_top = sorted(top for top, _ in items)
    bucket: dict[int, list[tuple[float, str, float]]] = {}
    lines = outside.extract_text_lines(return_chars=False)
    right = max((line["x1"] for line in lines), default=0.0)
    for line in lines:
        key = sum(1 for t in tables_top if t < line["top"])
        bucket.setdefault(key, []).append((line["top"], line["text"], line["x1"]))
    for entries in bucket.values():
        first_top = entries[0][0]
        for i, text in enumerate(_join_lines([(t, x1) for _, t, x1 in entries], right)):
            items.append((first_top + i * 1e-3, Paragraph(text=clip(text), location=Location(page=number))))
    items.sort(key=lambda pair: pair[0])
    return [block for _, block in items]


def read_pdf(path: Path, name: str) -> Source:
    check_size(path)
    if head(path, 5) != b"%PDF-":
        raise ImportRejected("tender_corrupt", name=name, detail="not a PDF")
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(str(path))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ImportRejected("tender_encrypted", name=name) from None
    except Exception as exc:  # pdfplumber wraps pdfminer's errors (PDFPasswordIncorrect, syntax errors ...)
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError):
            raise ImportRejected("tender_encrypted", name=name) from None
        raise ImportRejected("tender_corrupt", name=name, detail=type(exc).__name__) from None
    blocks: list[Paragraph | Table] = []
    scanned: list[int] = []
    try:
        pages = len(pdf.pages)
        if pages > MAX_PDF_PAGES:
            raise too_big(name, "pages", "页数", MAX_PDF_PAGES)
        for number, page in enumerate(pdf.pages, start=1):
            if not page.chars:
                if page.images:
                    scanned.append(number)
                page.close()
                continue
            blocks.extend(_page_blocks(page, number))
            page.close()
            if len(blocks) > MAX_BLOCKS:
                raise too_big(name, "paragraphs", "段落", MAX_BLOCKS)
    except ImportRejected:
        raise
    except Exception as exc:
        raise ImportRejected("tender_corrupt", name=name, detail=type(exc).__name__) from None
    finally:
        pdf.close()
    if not blocks:
        raise ImportRejected("tender_pdf_no_text", name=name)
    return Source(blocks=tuple(blocks), pages=pages, warnings=("tender_scanned_pages",) if scanned else ())
