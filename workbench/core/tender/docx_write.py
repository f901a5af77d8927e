"""Low-level writing into a customer's .docx XML for the write-back (``fill_docx``): text into an
existing paragraph keeping its run formatting, a table row's cells by grid column, the style chain
a paragraph inherits (East Asian font, indentation, numbering, heading level)."""

from __future__ import annotations

import re
from copy import deepcopy
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from workbench.core.proposals.docx_writer import LATIN_TOKEN
from workbench.core.proposals.textwidth import break_lines
from workbench.core.tender.docx_body import element_text, row_cells, table_rows
from workbench.core.tender.fill_common import clean_text

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
# run properties that would hide or restyle an answer copied from its model run
_TRACKED = ("w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:rPrChange", "w:vanish", "w:specVanish", "w:webHidden")
EMPHASIS = ("w:b", "w:bCs", "w:i", "w:iCs", "w:u", "w:color", "w:highlight", "w:shd", "w:strike", "w:dstrike",
             "w:caps", "w:smallCaps", "w:em")
MIN_HALF_POINTS = 16  # 8 pt
_KEEP_IN_P = (qn("w:pPr"), qn("w:bookmarkStart"), qn("w:bookmarkEnd"))


# --- tables: cells by grid column -----------------------------------------------------------------

def _val(element: Any, path: str, default: str | None = None) -> str | None:
    found = element.find(path) if element is not None else None
    return found.get(qn("w:val"), default) if found is not None else default


def grid_starts(tr: Any) -> list[int]:
    """The grid column each of the row's cells starts at (``w:gridBefore`` and ``w:gridSpan`` counted),
    so that columns line up between a header row and body rows that merge cells differently."""
    column = int(_val(tr.find(qn("w:trPr")), qn("w:gridBefore"), "0") or 0)
    starts = []
    for tc in row_cells(tr):
        starts.append(column)
        column += int(_val(tc.find(qn("w:tcPr")), qn("w:gridSpan"), "1") or 1)
    return starts


def cells_by_grid(tr: Any) -> dict[int, Any]:
    return dict(zip(grid_starts(tr), row_cells(tr), strict=True))


# --- runs -----------------------------------------------------------------------------------------

def clean_rpr(rpr: Any, drop: tuple[str, ...] = ()) -> Any:
    """A copy of run properties without tracked changes, hidden text, and the ``drop`` tags."""
    if rpr is None:
        return OxmlElement("w:rPr")
    copy = deepcopy(rpr)
    copy.tag = qn("w:rPr")
    for tag in _TRACKED + drop:
        for child in copy.findall(qn(tag)):
            copy.remove(child)
    return copy


def model_rpr(p: Any) -> Any | None:
    """The formatting text written into ``p`` should have: its first run's, else its paragraph mark's
    (where Word keeps the formatting of an empty paragraph)."""
    for r in p.iter(qn("w:r")):
        rpr = r.find(qn("w:rPr"))
        if rpr is not None:
            return rpr
    ppr = p.find(qn("w:pPr"))
    return ppr.find(qn("w:rPr")) if ppr is not None else None


def make_run(rpr: Any, text: str) -> Any:
    """A ``w:r`` with ``rpr`` and ``text`` (line breaks as ``w:br``)."""
    r = OxmlElement("w:r")
    if rpr is not None and len(rpr):
        r.append(rpr)
    for i, line in enumerate(clean_text(text).split("\n")):
        if i:
            r.append(OxmlElement("w:br"))
        t = OxmlElement("w:t")
        t.text = line
        t.set(qn("xml:space"), "preserve")
        r.append(t)
    return r


def make_runs(rpr: Any, text: str) -> list[Any]:
    """``text`` as runs with ``rpr``; in Chinese text each Latin word, number or ID (Kubernetes
    1.24, OAuth 2.0, PRJ-2026-0412) a run of its own marked English. A run in Chinese (the
    language most tenders' styles give every run) lets LibreOffice end a line between any two
    letters of a Latin word ("Kuber / netes" in a narrow column); marked English, it breaks
    between words, as our own documents do. Text without Chinese is one run, as it was."""
    text = clean_text(text)
    if not has_cjk(text):
        return [make_run(rpr, text)]
    runs: list[Any] = []
    at = 0
    for match in LATIN_TOKEN.finditer(text):
        if match.start() > at:
            runs.append(make_run(deepcopy(rpr), text[at:match.start()]))
        runs.append(make_run(_english(rpr), match.group()))
        at = match.end()
    if at < len(text):
        runs.append(make_run(deepcopy(rpr), text[at:]))
    return runs


def _english(rpr: Any) -> Any:
    """A copy of run properties whose text is English (East Asian text keeps its language)."""
    english = deepcopy(rpr) if rpr is not None else OxmlElement("w:rPr")
    lang = english.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        english.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), "en-US")
    return english


def set_east_asia(rpr: Any, font: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rstyle = rpr.find(qn("w:rStyle"))
        if rstyle is not None:
            rstyle.addnext(fonts)
        else:
            rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), font)


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def write_cell(tc: Any, text: str, styles: Any, east_asia: str) -> None:
    """Replace a cell's text with ``text``, written into its first paragraph with the formatting of
    the run (or paragraph mark) already there. An East Asian font is set only when neither the run
    nor the styles it inherits name one."""
    paragraphs = tc.findall(qn("w:p"))
    if not paragraphs:
        paragraphs = [OxmlElement("w:p")]
        tc.append(paragraphs[0])
    p = paragraphs[0]
    rpr = clean_rpr(model_rpr(p))
    if not "".join(t.text or "" for t in tc.iter(qn("w:t"))).strip():
        _drop_tiny_size(rpr)
        mark = p.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
        if mark is not None:
            _drop_tiny_size(mark)
    for child in list(p):
        if child.tag not in _KEEP_IN_P:
            p.remove(child)
    for extra in paragraphs[1:]:  # the template's leftover empty (or "…") paragraphs
        if not "".join(t.text or "" for t in extra.iter(qn("w:t"))).strip(" .…-—"):
            tc.remove(extra)
    if not text:
        return
    if has_cjk(text) and not has_east_asia(styles, p, rpr):
        set_east_asia(rpr, east_asia)
    p.extend(make_runs(rpr, text))


def _drop_tiny_size(rpr: Any) -> None:
    """An empty cell's font size below 8 pt is not a size anyone reads: LibreOffice gives the empty
    cells of an HTML table 2 pt, and tenders squeeze empty rows the same way. The style's size applies."""
    for tag in ("w:sz", "w:szCs"):
        for size in rpr.findall(qn(tag)):
            value = size.get(qn("w:val"), "")
            if value.isdigit() and int(value) < MIN_HALF_POINTS:
                rpr.remove(size)


def first_east_asia(element: Any) -> str | None:
    for fonts in element.iter(qn("w:rFonts")):
        font = fonts.get(qn("w:eastAsia"))
        if font:
            return str(font)
    return None


# --- the style chain ------------------------------------------------------------------------------

def _style(styles: Any, style_id: str | None) -> Any | None:
    if styles is None or not style_id:
        return None
    for style in styles.iterchildren(qn("w:style")):
        if style.get(qn("w:styleId")) == style_id:
            return style
    return None


def _default_style(styles: Any, kind: str) -> Any | None:
    if styles is None:
        return None
    for style in styles.iterchildren(qn("w:style")):
        if style.get(qn("w:type")) == kind and style.get(qn("w:default")) in ("1", "true", "on"):
            return style
    return None


def style_chain(styles: Any, p: Any) -> list[Any]:
    """The paragraph's style, the styles it is based on, and the default paragraph style."""
    chain: list[Any] = []
    style = _style(styles, _val(p.find(qn("w:pPr")), qn("w:pStyle")))
    if style is None:
        style = _default_style(styles, "paragraph")
    while style is not None and style not in chain and len(chain) < 20:
        chain.append(style)
        style = _style(styles, _val(style, qn("w:basedOn")))
    return chain


def has_east_asia(styles: Any, p: Any, rpr: Any) -> bool:
    def named(rpr_el: Any) -> bool:
        fonts = rpr_el.find(qn("w:rFonts")) if rpr_el is not None else None
        return fonts is not None and bool(fonts.get(qn("w:eastAsia")) or fonts.get(qn("w:eastAsiaTheme")))

    if named(rpr):
        return True
    char_style = _style(styles, _val(rpr, qn("w:rStyle")))
    if char_style is not None and named(char_style.find(qn("w:rPr"))):
        return True
    if any(named(style.find(qn("w:rPr"))) for style in style_chain(styles, p)):
        return True
    defaults = styles.find(qn("w:docDefaults")) if styles is not None else None
    return defaults is not None and named(defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}"))


def is_heading(styles: Any, p: Any) -> bool:
    """A heading (an outline level, or a style named Heading/标题/Title): an answer copied from it
    would show up in the table of contents."""
    if p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}") is not None:
        return True
    for style in style_chain(styles, p):
        name = (_val(style, qn("w:name")) or "").lower()
        if name.startswith(("heading", "标题", "title")) or style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}") is not None:
            return True
    return False


def is_numbered(styles: Any, p: Any) -> bool:
    if p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None:
        return True
    return any(style.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None for style in style_chain(styles, p))


def left_indent(styles: Any, numbering: Any, p: Any) -> int:
    """Where the paragraph's text starts, in twips: its own indentation, else its list level's, else
    its style's."""
    def left(ind: Any) -> int | None:
        if ind is None:
            return None
        value = ind.get(qn("w:left")) or ind.get(qn("w:start"))
        return int(value) if value and value.lstrip("-").isdigit() else None

    ppr = p.find(qn("w:pPr"))
    own = left(ppr.find(qn("w:ind")) if ppr is not None else None)
    if own is not None:
        return own
    num = ppr.find(qn("w:numPr")) if ppr is not None else None
    if num is not None and numbering is not None:
        num_id, level = _val(num, qn("w:numId")), _val(num, qn("w:ilvl"), "0")
        for n in numbering.iterchildren(qn("w:num")):
            if n.get(qn("w:numId")) == num_id:
                abstract = _val(n, qn("w:abstractNumId"))
                for a in numbering.iterchildren(qn("w:abstractNum")):
                    if a.get(qn("w:abstractNumId")) == abstract:
                        for lvl in a.iterchildren(qn("w:lvl")):
                            if lvl.get(qn("w:ilvl")) == level:
                                found = left(lvl.find(f"{qn('w:pPr')}/{qn('w:ind')}"))
                                if found is not None:
                                    return found
    for style in style_chain(styles, p):
        found = left(style.find(f"{qn('w:pPr')}/{qn('w:ind')}"))
        if found is not None:
            return found
    return 0


# A 偏离表 row that "never breaks across pages" (w:cantSplit, as a tender's empty rows and our own
# tables have it) is right when short; a long answer kept whole moves to the next page and leaves the
# rest of this one blank (the demo tender's 31 rows filled from the library took 21 pages that way).
# A row whose tallest cell is estimated at more than LONG_ROW_LINES lines (its text broken at the
# cell's width at 10.5 pt) may break.
LONG_ROW_LINES = 14
CELL_PADDING_PT = 10.0


def cell_lines(tc: Any, text: str) -> int:
    """About how many lines ``text`` takes in cell ``tc`` (its w:tcW width; 90 pt when it has none)."""
    width = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
    twips = int(width.get(qn("w:w"), "0")) if width is not None and width.get(qn("w:type")) in (None, "dxa") else 0
    width_pt = max((twips or 1800) / 20 - CELL_PADDING_PT, 30.0)
    return sum(max(1, len(break_lines(line, 10.5, width_pt))) for line in text.split("\n"))


def allow_split(tr: Any) -> None:
    for element in list(tr.iter(qn("w:cantSplit"))):
        element.getparent().remove(element)


def let_long_rows_break(tbl: Any) -> None:
    """Every row of ``tbl`` but its header rows, taller than LONG_ROW_LINES, may break across pages."""
    for tr in table_rows(tbl):
        if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None:
            continue
        if max((cell_lines(tc, element_text(tc)) for tc in row_cells(tr)), default=0) > LONG_ROW_LINES:
            allow_split(tr)
