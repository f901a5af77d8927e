"""A library answer as the text of a response row: the knowledge item's Markdown without its
markup. A row's response is plain text (typed in a plain box, written into a 偏离表 cell and into the
customer's own file), so "**认同**" would reach the customer with its asterisks and a table as lines
of pipes. Bold, code and link marks go, headings and quotes lose their marks, bullets become "•",
a table row becomes "cell：cell" (two columns) or its cells joined by "；", rules disappear."""

from __future__ import annotations

import re

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_STRONG = re.compile(r"(\*\*|__)(.+?)\1")
_CODE = re.compile(r"`+([^`]+)`+")
_HEADING = re.compile(r"^#{1,6}\s+")
_QUOTE = re.compile(r"^(>\s?)+")
_BULLET = re.compile(r"^[-*+]\s+")
_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$|^([-*_]\s*){3,}$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_TABLE_ROW = re.compile(r"^\|.*\|$")


def _cells(line: str) -> str:
    cells = [c.strip() for c in line.strip("|").split("|")]
    cells = [c for c in cells if c]
    zh = bool(_CJK.search(line))
    if len(cells) == 2:
        return cells[0] + ("：" if zh else ": ") + cells[1]
    return ("；" if zh else "; ").join(cells)


def plain_answer(markdown: str) -> str:
    lines: list[str] = []
    for raw in markdown.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if _RULE.match(line):
            continue
        if _TABLE_ROW.match(line) and len(line) > 1:
            line = _cells(line)
        line = _QUOTE.sub("", line)
        line = _HEADING.sub("", line)
        line = _BULLET.sub("• ", line)
        line = _LINK.sub(r"\1", line)
        line = _STRONG.sub(r"\2", line)
        line = _CODE.sub(r"\1", line)
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip()
