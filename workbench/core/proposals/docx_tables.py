"""Table layout: column widths from the content, cell padding counted, so that LibreOffice and
Word never break a number, an amount, an ID or a word (both break a cell's text wherever the
column is too narrow: "200 / 0", "$205,200.0 / 0", "REQ-001" over four lines, a two-character
Chinese word one character per line).

Each column gets at least its widest unbreakable piece plus padding; what is left of the
text width goes to the columns whose text would otherwise wrap, in proportion to how much
more they want (the automatic table layout of HTML). A table whose words cannot fit at the
body size is set smaller. Long tables break across pages with their header row repeated; no
"keep on one page", which leaves half a page blank."""

from __future__ import annotations

import itertools
import logging
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from workbench.core.proposals.textwidth import CJK_WORD, break_lines, longest_word, text_width

log = logging.getLogger(__name__)
CELL_MARGIN_PT = 5.0  # left and right padding of every cell
BORDER_PT = 1.0  # a cell's share of the rules left and right of it
SLACK_PT = 2.0  # rounding in the renderers' own measurement
SHORT_COLUMN = 0.25  # of the text width: a column whose text fits in this is set on one line
LONG_COLUMN_FLOOR = 0.15  # of the text width: the measure running text keeps (a smaller size rather than less)
SHORT_HEADER_EM = 5.0  # a header up to this wide ("确认状态", "Unit price") stays on one line
FONT_SIZES = (10.5, 9.0, 8.0)  # body size first; smaller when a table's words cannot fit
EMU_PER_PT = 12700
SAFETY_EM = 0.5  # a line broken here is this much shorter than the cell holds
# w:clear="none" is a line break's default (it means nothing for a break that is not after a
# floating image) and marks the breaks lay_out put in, which a later lay_out takes out: Markdown
# hard breaks are written without it
OUR_BREAK = "none"


def _cell_margins(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    old = tbl_pr.find(qn("w:tblCellMar"))
    if old is not None:
        tbl_pr.remove(old)
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("top", 30), ("left", int(CELL_MARGIN_PT * 20)), ("bottom", 30),
                        ("right", int(CELL_MARGIN_PT * 20))):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(value))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)


def _widths(cells: list[list[tuple[str, bool]]], columns: int, size: float) -> tuple[list[float], list[float]]:
    """(minimum, preferred) width of each column in points at font ``size``; a bold cell is
    a header cell."""
    pad = 2 * CELL_MARGIN_PT + BORDER_PT + SLACK_PT
    least = [pad + size] * columns
    wanted = [pad + size] * columns
    for row in cells:
        for n, (text, header) in enumerate(row[:columns]):
            bold = header
            word = longest_word(text, size, bold)
            least[n] = max(least[n], word + pad)
            # a long header may take two lines rather than claim a data column's width
            whole = text_width(text, size, bold)
            if header and whole > SHORT_HEADER_EM * size:
                whole = max(word, whole / 2 + size)
            wanted[n] = max(wanted[n], whole + pad)
    return least, wanted


def _fits_whole(least: list[float], wanted: list[float], usable_pt: float) -> bool:
    """Whether every short column can have its whole text on one line while each column of
    running text keeps a readable measure."""
    need = 0.0
    for low, want in zip(least, wanted, strict=True):
        if want <= usable_pt * SHORT_COLUMN:
            need += want
        else:
            need += max(low, min(want, usable_pt * LONG_COLUMN_FLOOR))
    return need <= usable_pt


def column_widths(cells: list[list[tuple[str, bool]]], columns: int, usable_pt: float) -> tuple[list[float], float]:
    """Each column's width in points and the font size the table is set in (the body size, or
    smaller when that is what keeps short cells whole). ``cells`` holds each row's (text, is a
    header) pairs."""
    measured = [(size, *_widths(cells, columns, size)) for size in FONT_SIZES]
    fitting = [m for m in measured if sum(m[1]) <= usable_pt]
    if not fitting:
        size, least, _ = measured[-1]
        log.warning("table with %d columns: its words need %.0f pt, the page has %.0f pt; words may break",
                    columns, sum(least), usable_pt)
        return [usable_pt * w / sum(least) for w in least], size
    size, least, wanted = next((m for m in fitting if _fits_whole(m[1], m[2], usable_pt)), fitting[0])
    if sum(wanted) <= usable_pt:
        spare = usable_pt - sum(wanted)
        return [w + spare * w / sum(wanted) for w in wanted], size
    # short columns (a status, a name, a date, an ID, an amount) get their whole text on one
    # line first, narrowest first, while the rest keeps at least its widest word; LibreOffice
    # breaks Chinese between any two characters (word joiners do not stop it), so a short
    # Chinese cell is kept whole by its width alone. Running text shares what is left.
    widths = list(least)
    spare = usable_pt - sum(least)
    for n in sorted(range(columns), key=lambda c: wanted[c] - least[c]):
        extra = wanted[n] - least[n]
        if wanted[n] <= usable_pt * SHORT_COLUMN and extra <= spare:
            widths[n] = wanted[n]
            spare -= extra
    rest = [n for n in range(columns) if widths[n] < wanted[n]]
    total = sum(wanted[n] - widths[n] for n in rest) or 1.0
    for n in rest:
        widths[n] += spare * (wanted[n] - widths[n]) / total
    if not rest:  # every column whole: the rest of the width in proportion
        widths = [w + spare * w / sum(widths) for w in widths]
    return widths, size


def _span_ranges(texts: list[str], starts: list[int]) -> list[tuple[int, int]]:
    """(first, last) cell of each spanning cell: it takes the empty cells after it."""
    ranges = []
    for start in sorted(set(starts)):
        end = start
        while end + 1 < len(texts) and not texts[end + 1].strip():
            end += 1
        if end > start:
            ranges.append((start, end))
    return ranges


def lay_out(table: Any, usable_emu: int, header_rows: int, body_size: float,
            spans: dict[int, list[int]] | None = None) -> None:
    """Size the columns, set the font size if smaller than the body's, and let the table break
    across pages: rows stay whole, the header repeats and stays with the first row. ``spans``:
    row -> the cells that span over the empty cells after them (merged here; their text, e.g. a
    total's label or an amount in 大写, widens no column)."""
    for br in list(table._tbl.iter(qn("w:br"))):  # the line breaks of an earlier layout (a wider page)
        if br.get(qn("w:clear")) == OUR_BREAK:
            br.getparent().remove(br)
    rows = list(table.rows)
    columns = len(table.columns)
    cells = [[(cell.text, n < header_rows) for cell in row.cells] for n, row in enumerate(rows)]
    merges: dict[int, list[tuple[int, int]]] = {}
    for n, starts in (spans or {}).items():
        merges[n] = _span_ranges([text for text, _ in cells[n]], starts)
        for start, _end in merges[n]:
            cells[n][start] = ("", False)
    # a table's borders sit a cell padding outside the text (Word's default indent); LibreOffice
    # squeezes a table that sticks out past the margin, so the table is that much narrower
    widths, size = column_widths(cells, columns, usable_emu / EMU_PER_PT - 2 * CELL_MARGIN_PT)
    _cell_margins(table)
    table.autofit = False
    for n, column in enumerate(table.columns):
        width = int(widths[n] * EMU_PER_PT)
        column.width = width
        for cell in column.cells:
            cell.width = width
    for row in rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                # tighter than body text: the cell padding already separates the rows
                paragraph.paragraph_format.space_after = Pt(2)
                paragraph.paragraph_format.line_spacing = 1.1
                if size < body_size:
                    for run in paragraph.runs:
                        run.font.size = Pt(size)
    for row in rows[:header_rows]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    for n, ranges in merges.items():
        for start, end in reversed(ranges):
            _span(rows[n], start, end, widths)
    for row in rows:
        at = 0
        for tc in row._tr.tc_lst:
            span = tc.grid_span
            for p in tc.iterchildren(qn("w:p")):
                break_between_words(p, sum(widths[at:at + span]), size)
            at += span


def break_between_words(p: Any, width_pt: float, size: float) -> None:
    """Line breaks (w:br) between the words of a cell paragraph's Chinese text that is wider than
    its cell: LibreOffice and Word break Chinese between any two characters ("异常补 / 偿",
    "服 / 务器", "单价（不含 / 税）"), and neither keeps a word whole for a word joiner. Each line
    is filled to a little less than the cell holds (the renderers must never wrap again inside
    it); Latin text is left to them, it breaks at spaces already."""
    pieces: list[tuple[Any, str]] = []  # (w:t, its text); None at a line break already there
    bold = False
    for run in p.iterchildren(qn("w:r")):
        rpr = run.find(qn("w:rPr"))
        if rpr is not None and rpr.find(qn("w:b")) is not None:
            bold = True
        for child in run:
            if child.tag == qn("w:t"):
                pieces.append((child, child.text or ""))
            elif child.tag in (qn("w:br"), qn("w:cr")):
                pieces.append((None, "\n"))
    text = "".join(t for _, t in pieces)
    room = width_pt - 2 * CELL_MARGIN_PT - BORDER_PT - SLACK_PT
    if CJK_WORD.search(text) is None or text_width(text, size, bold) <= room:
        return
    breaks: list[int] = []
    at = 0
    for segment in text.split("\n"):
        if CJK_WORD.search(segment) and text_width(segment, size, bold) > room:
            lines = break_lines(segment, size, room - size * SAFETY_EM, bold, spaces_first=False)
            end = len(lines[0])
            for line in lines[1:]:
                found = segment.find(line, end)
                breaks.append(at + found)
                end = found + len(line)
        at += len(segment) + 1
    if breaks:
        _insert_breaks(pieces, breaks)


def _insert_breaks(pieces: list[tuple[Any, str]], breaks: list[int]) -> None:
    """A w:br before each character offset in ``breaks`` of the text the w:t elements hold."""
    at = 0
    for element, text in pieces:
        start, at = at, at + len(text)
        if element is None:
            continue
        cuts = [b - start for b in breaks if start <= b < at]
        if not cuts:
            continue
        run = element.getparent()
        index = run.index(element)
        run.remove(element)
        for n, (a, b) in enumerate(itertools.pairwise([0, *cuts, len(text)])):
            if n:
                br = OxmlElement("w:br")
                br.set(qn("w:clear"), OUR_BREAK)  # a plain line break that a new layout takes out
                run.insert(index, br)
                index += 1
            if b > a:
                t = OxmlElement("w:t")
                t.text = text[a:b]
                t.set(qn("xml:space"), "preserve")
                run.insert(index, t)
                index += 1


def _span(row: Any, start: int, end: int, widths: list[float]) -> None:
    """Merge the row's cells ``start``..``end`` into one (a grid span)."""
    cells = row.cells
    merged = cells[start].merge(cells[end])
    merged.width = int(sum(widths[start:end + 1]) * EMU_PER_PT)
    for paragraph in merged.paragraphs[1:]:  # the empty cells' paragraphs
        if not paragraph.text:
            paragraph._p.getparent().remove(paragraph._p)
    for paragraph in merged.paragraphs:  # a line of text, not a figure in a number column
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
