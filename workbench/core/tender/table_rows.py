"""The rows of a table that are requirements, scoring criteria or questions (see ``table_roles``
for how a table's kind and columns are read from its header)."""

from __future__ import annotations

import re

from workbench.core.tender.clauses import SYMBOLS, clause_of, mark_meaning, mentions_mark, split_head
from workbench.core.tender.model import ExtractedRequirement, Kind, Location
from workbench.core.tender.readers import Cell, Table
from workbench.core.tender.table_roles import (
    TABLE_QUESTIONNAIRE,
    TABLE_SCORING,
    Header,
    cell_at,
    points_in_text,
    points_of,
)
from workbench.core.tender.wording import SCOPE_REQUIREMENTS, is_modal, is_note

_TOTAL = re.compile(r"^(?:合计|合計|总分|總分|总计|總計|小计|小計|total|sum)\b", re.IGNORECASE)
_SHORT_NUMBER = re.compile(r"^[（(]?[\dA-Za-z一二三四五六七八九十.\-]{1,12}[)）.、]?$")


def _location(table: Table, r: int, cell: Cell, answer: Cell | None = None) -> Location:
    base = table.location
    if base.sheet is not None:
        return Location(sheet=base.sheet, cell=cell.ref or None, answer_cell=answer.ref if answer else None)
    if base.page is not None:
        return Location(page=base.page, row=r, column=cell.column)
    return Location(block=base.block, table=base.table, row=r, column=cell.column)


def _text(row: tuple[Cell, ...], header: Header, role: str) -> str:
    cell = cell_at(row, header.roles.get(role))
    return cell.text.strip() if cell is not None else ""


def _symbol(text: str) -> str:
    return next((ch for ch in text if ch in SYMBOLS), "")


def _section(row: tuple[Cell, ...]) -> str:
    """A row that only names a section ("一、硬件要求" across the whole width)."""
    texts = {c.text.strip() for c in row if c.text.strip()}
    return texts.pop() if len(texts) == 1 and (len(row) > 1 or row[0].span > 1) else ""


def _is_header_again(row: tuple[Cell, ...], header: Header) -> bool:
    return tuple(c.text for c in row) == header.headers


def _scoring(table: Table, header: Header, chapter: str) -> list[ExtractedRequirement]:
    out: list[ExtractedRequirement] = []
    for r in range(header.row + 1, len(table.rows)):
        row = table.rows[r]
        if _is_header_again(row, header):
            continue
        item, points_text = _text(row, header, "item"), _text(row, header, "points")
        detail = _text(row, header, "detail") or _text(row, header, "requirement")
        text = detail or item
        if not text or _TOTAL.match(item or text) or (_section(row) and not points_text):
            continue
        points = points_of(points_text) if points_text else points_in_text(text)
        head = split_head(text)
        no_cell = cell_at(row, header.roles.get("no"))
        clause = (no_cell.text.strip() or no_cell.number) if no_cell is not None else head.clause
        anchor = cell_at(row, header.roles.get("detail") or header.roles.get("requirement")
                         or header.roles.get("item")) or row[0]
        out.append(ExtractedRequirement(
            clause=clause or head.clause, mark=mark_meaning(head.symbol, {}), kind=Kind.SCORING, text=head.text,
            chapter=chapter, points=points, category=item if detail else "", symbol=head.symbol,
            location=_location(table, r, anchor)))
    return out


def _listed(table: Table, header: Header, chapter: str, language: str) -> list[ExtractedRequirement]:
    out: list[ExtractedRequirement] = []
    question = header.kind == TABLE_QUESTIONNAIRE and (header.question or language == "en")
    section = ""
    above = ""  # the item of the row above: an empty item cell is a merge that lost its text (PDF)
    for r in range(header.row + 1, len(table.rows)):
        row = table.rows[r]
        if _is_header_again(row, header):
            continue
        req_cell = cell_at(row, header.roles["requirement"])
        text = req_cell.text.strip() if req_cell is not None else ""
        if req_cell is None or not text:
            section = _section(row) or section
            continue
        if _section(row) and header.kind != TABLE_QUESTIONNAIRE:
            section, above = _section(row), ""
            continue
        if is_note(text) or (mentions_mark(text) and not _symbol(_text(row, header, "mark"))
                             and not split_head(text).symbol):
            continue
        head = split_head(text)
        no_cell = cell_at(row, header.roles.get("no"))
        clause = _text(row, header, "clause") or (
            (no_cell.text.strip() or no_cell.number) if no_cell is not None else "") or head.clause
        symbol = _symbol(_text(row, header, "mark")) or head.symbol
        if not symbol and no_cell is not None:
            symbol = _symbol(no_cell.text)
            clause = clause.strip(SYMBOLS + " ")
        above = _text(row, header, "item") or above
        category = above or section
        answer = cell_at(row, header.roles.get("response"))
        allowed = table.validations.get(answer.ref, ()) if answer is not None and answer.ref else ()
        out.append(ExtractedRequirement(
            clause=clause, mark=mark_meaning(symbol, {}), kind=Kind.QUESTION if question else Kind.REQUIREMENT,
            text=head.text if head.text else text, chapter=chapter, category=category, allowed_answers=allowed,
            symbol=symbol, location=_location(table, r, req_cell, answer)))
    return out


def _untyped(table: Table, chapter: str) -> list[ExtractedRequirement]:
    """A table without a known header in a requirement chapter: a row is a requirement when its
    text is one (a mark or a modal word); a short first cell is its clause number."""
    out: list[ExtractedRequirement] = []
    for r, row in enumerate(table.rows):
        cells = [c for c in row if c.text.strip()]
        if not cells or _section(row):
            continue
        clause = ""
        if len(cells) > 1 and _SHORT_NUMBER.match(cells[0].text.strip()):
            clause = clause_of(cells[0].text.strip() + " ")[0] or cells[0].text.strip()
            cells = cells[1:]
        body = max(cells, key=lambda c: len(c.text))
        text = " ".join(dict.fromkeys(c.text.strip() for c in cells))
        head = split_head(text)
        symbol = head.symbol or _symbol(" ".join(c.text for c in cells if len(c.text.strip()) == 1))
        if not (symbol or is_modal(head.text)) or is_note(text) or (mentions_mark(text) and not symbol):
            continue
        out.append(ExtractedRequirement(
            clause=clause or head.clause, mark=mark_meaning(symbol, {}), kind=Kind.REQUIREMENT, text=head.text,
            chapter=chapter, symbol=symbol, location=_location(table, r, body)))
    return out


def table_requirements(table: Table, header: Header | None, scope: str, chapter: str,
                       language: str) -> list[ExtractedRequirement]:
    if header is not None and header.kind == TABLE_SCORING:
        return _scoring(table, header, chapter)
    if scope != SCOPE_REQUIREMENTS:
        return []
    if header is not None and "requirement" in header.roles:
        return _listed(table, header, chapter, language)
    if table.location.sheet is not None:
        return []  # a sheet without a question / requirement column: instructions, lists
    return _untyped(table, chapter)
