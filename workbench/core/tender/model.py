"""Plain values for answering a customer's document (a tender, 招标文件, or a questionnaire).

Three stages share these shapes:
- *extraction* (``extract.py``): the customer's file in, an ``Extracted`` out: every requirement with
  its clause number, ★/▲ mark, kind, verbatim text, chapter and its ``Location`` in the file;
- the *response* (``service.py``, stored in the database): one row per requirement with the answer,
  the deviation, the evidence and who works on it;
- the *documents out*: ``AnswerRow``s in a ``ResponseDocument`` go to the 技术偏离表 / point-by-point
  export (``export.py``) and back into the customer's own file (``fill.py``).

Nothing here touches a file or the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any


class Mark(StrEnum):
    """What a tender's mark *means* (the symbol a tender uses is kept in ``symbol``)."""

    SUBSTANTIVE = "★"  # 实质性条款: one negative deviation voids the bid (投标无效)
    IMPORTANT = "▲"  # 重要指标: not meeting it costs points
    NONE = ""


class Kind(StrEnum):
    REQUIREMENT = "requirement"  # a clause of a tender's technical / commercial requirements
    SCORING = "scoring"  # a row of the 评分标准 (carries points)
    QUESTION = "question"  # a questionnaire row


class Deviation(StrEnum):
    UNSET = ""
    NONE = "none"  # 无偏离
    POSITIVE = "positive"  # 正偏离 (exceeds the requirement; say how)
    NEGATIVE = "negative"  # 负偏离 (does not meet it)


DEVIATION_ZH = {Deviation.NONE: "无偏离", Deviation.POSITIVE: "正偏离", Deviation.NEGATIVE: "负偏离",
                Deviation.UNSET: ""}


class SourceFormat(StrEnum):
    DOCX = "docx"
    XLSX = "xlsx"
    PDF = "pdf"


@dataclass(frozen=True)
class Location:
    """Where a requirement (or the empty 偏离表) stands in the customer's file, precisely enough to
    write an answer back beside it. Fields not used by a format stay None. Stored as JSON."""

    # .docx: index of the block in body order (paragraphs and tables counted together, content
    # controls' inner paragraphs counted where they stand), and for a table cell its coordinates
    block: int | None = None
    table: int | None = None  # index among the body's tables, in order
    row: int | None = None
    column: int | None = None
    # .xlsx: the sheet, the question's cell and the cell its answer goes into
    sheet: str | None = None
    cell: str | None = None
    answer_cell: str | None = None
    # PDF (and a .docx converted from one): 1-based page
    page: int | None = None

    def label(self, lang: str = "en") -> str:
        """For people: "Sheet1!B5", "p. 14", "table 3, row 7", "paragraph 12"."""
        zh = lang.startswith("zh")
        if self.sheet is not None:
            return f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        if self.page is not None:
            return f"第 {self.page} 页" if zh else f"p. {self.page}"
        if self.table is not None:
            row = "" if self.row is None else (f"第 {self.row + 1} 行" if zh else f", row {self.row + 1}")
            return f"表 {self.table + 1} {row}".strip() if zh else f"table {self.table + 1}{row}"
        if self.block is not None:
            return f"第 {self.block + 1} 段" if zh else f"paragraph {self.block + 1}"
        return ""

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Location:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})


@dataclass(frozen=True)
class ExtractedRequirement:
    clause: str  # as the customer numbers it: "3.1.2", "（一）", "1)", "第五条", a table's 序号, "SEC-04"
    mark: Mark
    kind: Kind
    text: str  # verbatim (the mark and the clause number taken off the front)
    chapter: str = ""  # the headings above it, outermost first, joined by " > "
    points: float | None = None  # a scoring row's 分值
    category: str = ""  # a questionnaire's category / section
    allowed_answers: tuple[str, ...] = ()  # a questionnaire cell's drop-down (data validation)
    symbol: str = ""  # the mark as printed (★, ▲, ■, *), when there is one
    location: Location = field(default_factory=Location)


# Roles of the columns of a deviation table, in the standard order.
DEVIATION_COLUMNS = ("no", "clause", "requirement", "response", "deviation", "note", "evidence")
STANDARD_HEADERS = {
    "zh": ("序号", "招标文件条款号", "招标文件技术要求", "投标文件响应", "偏离情况", "说明", "证明材料及页码"),
    "zh-Hant": ("序號", "招標文件條款號", "招標文件技術要求", "投標文件響應", "偏離情況", "說明", "證明材料及頁碼"),
    "en": ("No.", "Clause", "Requirement", "Response", "Deviation", "Remarks", "Evidence (page)"),
}


@dataclass(frozen=True)
class DeviationTableShape:
    """The tender's own (empty) 偏离表, found in its 投标文件格式 chapter."""

    headers: tuple[str, ...]  # the column headings as the tender prints them
    columns: dict[str, int]  # role (DEVIATION_COLUMNS) -> column index; roles it lacks are absent
    location: Location  # the table (``table`` set); its header row is ``location.row`` (default 0)


@dataclass(frozen=True)
class Extracted:
    """What extraction found in one customer file."""

    source_name: str  # the file's name as the user had it
    source_format: SourceFormat  # after any LibreOffice conversion (.doc/.wps -> docx, .xls -> xlsx)
    language: str  # "zh-Hans" | "zh-Hant" | "en"
    requirements: tuple[ExtractedRequirement, ...]
    legend: dict[str, str] = field(default_factory=dict)  # symbol -> the tender's own definition
    deviation_table: DeviationTableShape | None = None
    pages: int | None = None  # PDF page count
    warnings: tuple[str, ...] = ()  # message codes for the user (errors.say), e.g. pages without text
    title: str = ""  # the project's name, as its cover or invitation says it (cover.py); "" if not said
    customer: str = ""  # the buyer (采购人 / 招标人), likewise


@dataclass(frozen=True)
class AnswerRow:
    """One answered row, as the documents out need it."""

    no: int  # 1-based, in document order
    clause: str
    mark: Mark
    kind: Kind
    requirement: str
    response: str
    deviation: Deviation
    chapter: str = ""
    points: float | None = None
    category: str = ""
    note: str = ""  # 说明: why a deviation, how a positive one exceeds
    evidence: str = ""  # 证明材料: what it is, e.g. "产品白皮书 第 12 页" or a proposal heading
    evidence_page: str = ""  # the page, when known
    allowed_answers: tuple[str, ...] = ()
    answer_choice: str = ""  # a questionnaire's drop-down value (Yes / No / Partial / N/A)
    location: Location = field(default_factory=Location)


@dataclass(frozen=True)
class ResponseDocument:
    """Everything an export or a write-back needs of one response."""

    title: str
    customer: str
    language: str  # "zh-Hans" | "zh-Hant" | "en": the language of the documents out
    source_name: str
    source_format: SourceFormat
    rows: tuple[AnswerRow, ...]
    deviation_table: DeviationTableShape | None = None
    legend: dict[str, str] = field(default_factory=dict)
