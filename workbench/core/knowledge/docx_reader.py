"""Past proposals and case write-ups from .docx: title from the first heading, body as Markdown."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from workbench.core.errors import ImportRejected
from workbench.core.knowledge.files import check_zip_container
from workbench.core.knowledge.model import ItemDraft, Kind, slugify

_HEADING = re.compile(r"^(?:heading|标题|標題)\s*(\d)$", re.I)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def _escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _runs_markdown(paragraph: object) -> str:
    parts: list[str] = []
    for run in paragraph.runs:  # type: ignore[attr-defined]
        text = run.text
        if not text:
            continue
        core = _escape(text.strip())
        if not core:
            parts.append(text)
            continue
        lead = text[: len(text) - len(text.lstrip())]
        tail = text[len(text.rstrip()) :]
        if run.bold and run.italic:
            core = f"***{core}***"
        elif run.bold:
            core = f"**{core}**"
        elif run.italic:
            core = f"*{core}*"
        parts.append(f"{lead}{core}{tail}")
    return "".join(parts).strip()


def _heading_level(style_name: str) -> int | None:
    if style_name.lower() == "title":
        return 1
    match = _HEADING.match(style_name.strip())
    return int(match.group(1)) if match else None


def _table_markdown(table: object) -> str:
    rows: list[list[str]] = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells = [" ".join(c.text.split()).replace("|", "\\|") for c in row.cells]
        rows.append(cells)
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def read_docx(path: Path) -> ItemDraft:
    check_zip_container(path, "import_docx_unsafe", "import_docx_corrupt")
    import docx  # python-docx; imported here so start-up does not pay for it
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
        blocks = list(document.iter_inner_content())
    except (ValueError, KeyError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
            AttributeError, TypeError, OSError) as exc:
        raise ImportRejected("import_docx_corrupt", detail=type(exc).__name__) from None
    except Exception as exc:  # lxml and others raise their own types on damaged XML
        raise ImportRejected("import_docx_corrupt", detail=type(exc).__name__) from None

    title = ""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            md = _table_markdown(block)
            if md:
                out.append(md)
            continue
        assert isinstance(block, Paragraph)
        text = _runs_markdown(block)
        if not text:
            continue
        style = block.style.name if block.style is not None else ""
        level = _heading_level(style or "")
        if level is not None and not title:
            title = block.text.strip()
            continue
        if level is not None:
            out.append("#" * min(level + 1, 6) + " " + text)
        elif "List Number" in style:
            out.append(f"1. {text}")
        elif "List" in style:
            out.append(f"- {text}")
        else:
            out.append(text)
    body = "\n\n".join(out)
    if not body.strip():
        raise ImportRejected("import_no_body")
    return ItemDraft(kind=Kind.CASE, title=title or path.stem, body=body, slug=slugify(path.stem))
