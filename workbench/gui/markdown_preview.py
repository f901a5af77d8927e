"""Markdown as the previews show it. A proposal's ``[TOC]`` line is where the Word export puts
its table of contents; a preview shows the headings there instead of the raw marker."""

from __future__ import annotations

import re

from workbench.core.proposals.model import TOC_MARK

_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def _headings(lines: list[str]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    fenced = False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
            continue
        m = None if fenced else _HEADING.match(line)
        if m:
            out.append((len(m.group(1)), m.group(2)))
    return out


def preview_markdown(markdown: str, contents: str) -> str:
    """``markdown`` with each ``[TOC]`` line replaced by ``contents`` (the translated word) and the
    document's headings (levels 1-3) as a nested list."""
    lines = markdown.splitlines()
    if not any(line.strip() == TOC_MARK for line in lines):
        return markdown
    toc = [f"**{contents}**", ""] + [f"{'  ' * (level - 1)}- {text}" for level, text in _headings(lines)] + [""]
    out: list[str] = []
    for line in lines:
        out.extend(toc if line.strip() == TOC_MARK else [line])
    return "\n".join(out)
