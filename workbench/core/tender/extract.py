"""A customer's tender or questionnaire in, its requirements out: ``load(path) -> Loaded``.

Which text becomes a row:
- *Chapters decide first.* Headings (heading styles / outline levels, "第X章"/"第X节" lines, and
  short numbered lines without a modal word) open a chapter whose title says what it holds
  (``wording.chapter_scope``): 采购需求/技术要求/技术规格/商务要求/用户需求书/服务要求… hold
  requirements; 评分标准/评标办法 hold the scoring table; 投标邀请/投标人须知/合同/投标文件格式 are
  procedure. A chapter whose title says nothing inherits its parent's. A file with no requirement or
  scoring chapter at all (a bare requirement list, a questionnaire) is read whole.
- *In a requirement chapter*, running text is a requirement when it carries a mark or a modal word
  (须/必须/应/不得/不少于/≥/支持/具备/提供…; must/shall/should…), and is not a note (注：…), the
  tender's legend of its marks, a lead-in ("技术要求如下：") or an instruction that merely mentions a
  mark ("投标人须对★条款逐条响应"). A requirement table gives one row per table row.
- *Tables are known by their header* wherever they stand: a scoring table (评分项 | 分值 | 评分细则)
  gives scoring rows with points; a deviation table (… 投标响应 | 偏离情况 …) is the shape to fill
  (``Extracted.deviation_table``), not requirements; a questionnaire (ID | Category | Question |
  Answer) one question per row, its answer cell and drop-down kept.
- The legend ("标注“★”的条款为实质性条款…") is read wherever it stands and decides what each printed
  mark means (``clauses.mark_meaning``).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from workbench.core.errors import ImportRejected
from workbench.core.knowledge.language import detect_language
from workbench.core.tender.clauses import (
    chapter_line,
    legend_entries,
    mark_meaning,
    mentions_mark,
    split_head,
)
from workbench.core.tender.cover import COVER_LINES, SHEET_TOP, read_cover, read_sheets_cover
from workbench.core.tender.model import (
    DeviationTableShape,
    Extracted,
    ExtractedRequirement,
    Kind,
    Location,
    SourceFormat,
)
from workbench.core.tender.readers import Paragraph, Source, Table
from workbench.core.tender.table_roles import TABLE_DEVIATION, Header, cell_at, read_header
from workbench.core.tender.table_rows import table_requirements
from workbench.core.tender.wording import (
    SCOPE_OFF,
    SCOPE_REQUIREMENTS,
    SCOPE_SCORING,
    chapter_scope,
    is_lead_in,
    is_modal,
    is_note,
)

READERS = {".docx": SourceFormat.DOCX, ".xlsx": SourceFormat.XLSX, ".pdf": SourceFormat.PDF,
           ".doc": SourceFormat.DOCX, ".wps": SourceFormat.DOCX, ".xls": SourceFormat.XLSX}
_HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Loaded:
    extracted: Extracted
    content: bytes  # the file in extracted.source_format (a .doc/.wps/.xls converted by LibreOffice)


def load(path: Path) -> Loaded:
    """Read ``path`` (.docx .xlsx .pdf, or .doc .wps .xls through LibreOffice) and extract its
    requirements. Raises ``ImportRejected`` for a file that is unreadable, hostile or too big."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise ImportRejected("tender_unsupported", name=name)
    if not path.is_file():
        raise ImportRejected("import_path_missing", path=str(path))
    work: Path | None = None
    try:
        readable = path
        if suffix in (".doc", ".wps", ".xls"):
            from workbench.core.tender.readers.legacy import convert

            readable, work = convert(path, name)
        fmt = READERS[suffix]
        source = _read(readable, name, fmt)
        content = readable.read_bytes()
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    return Loaded(extracted=extract(source, name, fmt), content=content)


def _read(path: Path, name: str, fmt: SourceFormat) -> Source:
    if fmt is SourceFormat.DOCX:
        from workbench.core.tender.readers.docx import read_docx

        return read_docx(path, name)
    if fmt is SourceFormat.XLSX:
        from workbench.core.tender.readers.xlsx import read_xlsx

        return read_xlsx(path, name)
    from workbench.core.tender.readers.pdf import read_pdf

    return read_pdf(path, name)


def language_of(source: Source) -> str:
    parts: list[str] = []
    size = 0
    for block in source.blocks:
        text = block.text if isinstance(block, Paragraph) else " ".join(c.text for r in block.rows[:50] for c in r)
        parts.append(text)
        size += len(text)
        if size > 30_000:
            break
    found = detect_language("\n".join(parts))
    if found == "mixed":
        found = detect_language("".join(_HAN.findall("".join(parts))))
    return found if found in ("zh-Hans", "zh-Hant") else "en"


def _depth(clause: str) -> float:
    """How deep a clause number sits, for sub-chapter lines without a heading style."""
    if re.match(r"^\d+(\.\d+)+$", clause):
        return clause.count(".") + 1
    for depth, pattern in ((1, r"^[一二三四五六七八九十百]+$"), (2, r"^[（(][一二三四五六七八九十]+[)）]$"),
                           (3, r"^\d+$"), (4, r"^[（(]?\d+[)）]$"), (5, r"^[①-⑳]$")):
        if re.match(pattern, clause):
            return depth
    return 6


class _Walk:
    def __init__(self, root: str, spreadsheet: bool, language: str) -> None:
        self.root = root
        self.spreadsheet = spreadsheet
        self.language = language
        self.stack: list[tuple[float, str, str | None]] = []  # (level, title, scope)
        self.rows: list[ExtractedRequirement] = []
        self.legend: dict[str, str] = {}
        self.deviation: DeviationTableShape | None = None
        self.last_header: tuple[Header, int] | None = None  # (header, columns) of the last PDF table

    @property
    def scope(self) -> str:
        for _level, _title, scope in reversed(self.stack):
            if scope is not None:
                return scope
        return self.root

    @property
    def chapter(self) -> str:
        return " > ".join(title for _, title, _ in self.stack)

    def open(self, level: float, title: str) -> None:
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, title, chapter_scope(title)))

    def paragraph(self, p: Paragraph) -> None:
        text = p.text
        if not text:
            return
        title = f"{p.number} {text}".strip() if p.number else text
        if p.heading is not None:
            self.open(p.heading, title)
            return
        if chapter_line(title):
            self.open(2 if re.match(r"^\s*第\S+?[节節]", title) else 1, title)
            return
        entries = legend_entries(text)
        if entries and (mentions_mark(text) or is_note(text)):
            for symbol, definition in entries.items():
                self.legend.setdefault(symbol, definition)
            return
        head = split_head(text, p.number)
        requirement = bool(head.symbol) or is_modal(head.text)
        if head.clause and not requirement and len(head.text) <= 40 and not head.text.endswith(("。", "；", ";", ".")):
            self.open(10 + _depth(head.clause), title)  # a numbered sub-chapter line: "3.2 存储"
            return
        if self.scope != SCOPE_REQUIREMENTS or not requirement or is_note(text):
            return
        if not head.symbol and mentions_mark(text):
            return  # an instruction about marked clauses, not one itself
        if not head.symbol and is_lead_in(head.text):
            return
        self.rows.append(ExtractedRequirement(clause=head.clause, mark=mark_meaning(head.symbol, {}),
                                              kind=Kind.REQUIREMENT, text=head.text, chapter=self.chapter,
                                              symbol=head.symbol, location=p.location))

    def _continue_row(self, table: Table, header: Header) -> int:
        """A table row broken over a PDF page: its rest is the next page's first row, without a
        number. Joined to the row above; returns the new header row index (-1 or 0)."""
        first = table.rows[0] if table.rows else ()
        text_role = header.roles.get("requirement", header.roles.get("detail"))
        no, text = cell_at(first, header.roles.get("no")), cell_at(first, text_role)
        if no is None or no.text.strip() or text is None or not text.text.strip() or not self.rows:
            return -1
        last = self.rows[-1]
        if last.location.page is None:
            return -1
        self.rows[-1] = replace(last, text=last.text + text.text.strip())
        return 0

    def table(self, table: Table) -> None:
        header = read_header(table.rows, spreadsheet=self.spreadsheet)
        if table.location.page is not None:  # a PDF table goes on over the page without its header
            width = len(table.rows[0]) if table.rows else 0
            if header is None and self.last_header is not None and self.last_header[1] == width:
                header = replace(self.last_header[0], row=self._continue_row(table, self.last_header[0]))
            elif header is not None:
                self.last_header = (header, width)
        if header is not None and header.kind == TABLE_DEVIATION and self.deviation is None:
            self.deviation = DeviationTableShape(
                headers=header.headers,
                columns={role: header.columns[role] for role in
                         ("no", "clause", "requirement", "response", "deviation", "note", "evidence")
                         if role in header.columns},
                location=replace(table.location, row=header.row))
        scope = self.scope
        if self.spreadsheet:
            scope = SCOPE_REQUIREMENTS
        rows = table_requirements(table, header, scope, self.chapter, self.language)
        if header is not None and header.kind == TABLE_DEVIATION and scope != SCOPE_REQUIREMENTS:
            rows = []
        self.rows.extend(rows)


def _root_scope(source: Source) -> str:
    """SCOPE_OFF when the file has chapters that say where the requirements are, else the whole
    file is read (a bare requirement list or a questionnaire)."""
    for block in source.blocks:
        if isinstance(block, Paragraph) and block.text:
            title = f"{block.number} {block.text}".strip()
            heading = block.heading is not None or chapter_line(title) or (
                bool(split_head(title).clause) and len(title) <= 40)
            if heading and chapter_scope(title) in (SCOPE_REQUIREMENTS, SCOPE_SCORING):
                return SCOPE_OFF
    return SCOPE_REQUIREMENTS


def extract(source: Source, name: str, fmt: SourceFormat) -> Extracted:
    language = language_of(source)
    walk = _Walk(_root_scope(source), fmt is SourceFormat.XLSX, language)
    for block in source.blocks:
        if isinstance(block, Paragraph):
            walk.paragraph(block)
        else:
            walk.table(block)
    legend = walk.legend
    rows = tuple(replace(r, mark=mark_meaning(r.symbol, legend)) for r in walk.rows)
    warnings = list(source.warnings)
    if not rows:
        warnings.append("tender_nothing_found")
    if fmt is SourceFormat.XLSX:  # a workbook: its sheets' first rows
        cover = read_sheets_cover([[cell.text for cell in row] for row in block.rows[:SHEET_TOP]]
                                  for block in source.blocks if isinstance(block, Table))
    else:
        cover = read_cover(block.text for block in source.blocks[:COVER_LINES * 2] if isinstance(block, Paragraph))
    return Extracted(source_name=name, source_format=fmt, language=language, requirements=rows,
                     legend=dict(legend), deviation_table=walk.deviation, pages=source.pages,
                     warnings=tuple(warnings), title=cover.title, customer=cover.customer)


__all__ = ["Loaded", "Location", "extract", "load"]
