"""The one walk over a .docx body that extraction and write-back share, so that a ``Location``'s
``block`` and ``table`` mean the same element to both.

- *blocks*: the body's paragraphs and tables in order; a block-level content control (``w:sdt``,
  whose text python-docx does not see) is replaced by the paragraphs and tables inside it.
- *tables*: every ``w:tbl`` that is not inside another table, in document order (a table inside a
  content control counts where it stands).
- a table's rows are its ``w:tr`` in order; a row's cells are its ``w:tc`` in order (a cell that spans
  several grid columns is one cell; a vertically merged continuation is a cell of its own).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docx.oxml.ns import qn

_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
_TR, _TC = qn("w:tr"), qn("w:tc")


def _blocks(parent: Any) -> Iterator[Any]:
    for child in parent.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)


def body_blocks(document: Any) -> list[Any]:
    """The body's ``w:p`` and ``w:tbl`` elements in order (``document``: a python-docx Document)."""
    return list(_blocks(document.element.body))


def body_tables(document: Any) -> list[Any]:
    """Every ``w:tbl`` not inside another table, in document order."""
    return [t for t in document.element.body.iter(_TBL) if not any(a.tag == _TBL for a in t.iterancestors())]


def table_rows(tbl: Any) -> list[Any]:
    return [tr for tr in tbl.iterchildren(_TR)]


def row_cells(tr: Any) -> list[Any]:
    """A row's ``w:tc`` in order (cells inside a row-level content control included)."""
    cells: list[Any] = []
    for child in tr.iterchildren():
        if child.tag == _TC:
            cells.append(child)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                cells.extend(content.iterchildren(_TC))
    return cells


def element_text(element: Any) -> str:
    """All the text of an element (runs inside content controls, hyperlinks and fields included);
    paragraphs joined by newlines."""
    paragraphs = [element] if element.tag == _P else list(element.iter(_P))
    out = []
    for p in paragraphs:
        parts = []
        for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
            parts.append(node.text or "" if node.tag == qn("w:t") else ("\t" if node.tag == qn("w:tab") else "\n"))
        out.append("".join(parts))
    return "\n".join(out)
