"""What a tender's cover says about itself: the project's name and the buyer.

A Chinese tender opens with a cover (the project's name over 招标文件, then 项目编号, 采 购 人,
采购代理机构 and a date) or an invitation (项目名称：…, 采购人：…). A response imported from it is
named after the project and addressed to the buyer, as a presales engineer would name it, not
after the file ("招标文件（发售稿）.docx"): that title stands on the cover of the response the
customer receives. Only the first paragraphs are read, and a value is taken only from a line
that says what it is (项目名称：…), or from the cover itself: the first few lines, before any
chapter begins, where a name of some length stands over 招标文件 (a sentence or a short phrase
ending in 招标文件 is not a name).

An English questionnaire or RFP names itself in a title line at its start ("Acme Bank — Vendor
Security Assessment (VSA-2026)": the issuer before a dash, the document after it) or in labelled
lines (Project: …, Issued by: …); a spreadsheet's title sits in the rows above a sheet's table,
or on a sheet of its own (Instructions), each sheet read from its first rows (``sheet_lines``).
A file whose start says none of this (a bare requirement list) keeps its file name."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workbench.core.tender.clauses import chapter_line

COVER_LINES = 60  # the non-empty paragraphs looked at, from the start: a cover and an invitation
TITLE_PAGE = 8  # of those, the first lines are the cover: only there does 招标文件 name the document
MAX_TITLE = 120  # a longer line is a sentence, not a project's name
MIN_NAME = 6  # a shorter one is a phrase ("本项目"), not a project's name
_SENTENCE = re.compile(r"[，。；！？,;!?]")  # a name on a cover is not a sentence
_SPACE = re.compile(r"[\s\u3000]+")
# "label：value" (full-width or ASCII colon); the label's letters may be spaced out (采 购 人)
_LABELED = re.compile(r"^\s*([^：:]{1,24}?)\s*[：:]\s*(.+?)\s*$")
_PROJECT_LABELS = frozenset({
    "项目名称", "項目名稱", "采购项目名称", "採購項目名稱", "招标项目名称", "招標項目名稱", "标案名称", "標案名稱", "案名",
})
_BUYER_LABELS = frozenset({
    "采购人", "採購人", "招标人", "招標人", "采购单位", "採購單位", "招标单位", "招標單位", "采购人名称", "採購人名稱",
    "招标人名称", "招標人名稱", "招标机关", "招標機關", "机关名称", "機關名稱", "采购方", "採購方",
})
# what the document is, on its cover, spaces aside (招 标 文 件)
_DOCUMENT_KINDS = ("招标文件", "招標文件", "采购文件", "採購文件", "竞争性磋商文件", "競爭性磋商文件", "竞争性谈判文件",
                   "競爭性談判文件", "询价文件", "詢價文件", "询价通知书", "詢價通知書", "单一来源采购文件", "投标邀请书")
_TRAILING = "；;。，,"
# a label's own number in an invitation's list (一、项目名称, （二）采购人, 3. 招标人)
_ENUMERATOR = re.compile(r"^[（(]?[一二三四五六七八九十\d]{1,3}[)）]?[、.．]?")
# English labels, compared with their spaces collapsed and case folded
_EN_PROJECT_LABELS = frozenset({
    "project", "project name", "project title", "title", "questionnaire", "assessment", "rfp", "rfp title",
    "rfi", "rfq", "tender", "tender title", "subject",
})
_EN_BUYER_LABELS = frozenset({
    "customer", "client", "buyer", "purchaser", "issued by", "issuer", "requesting organization",
    "requesting organisation", "contracting authority",
})
# what an English document says it is, in its title line
_EN_KIND = re.compile(r"\b(?:questionnaire|assessment|request for (?:proposals?|information|quotations?)|rf[ipq]|"
                      r"tender|invitation to tender|due diligence|survey|checklist)\b", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LIST_ITEM = re.compile(r"^[(\[]?(?:\d{1,3}|[a-z])[.)\]]\s")  # "1. Answer every question", "a) ..."
# "Issuer — Document": an em or en dash, or a hyphen between spaces
_ISSUER_DASH = re.compile(r"^(.+?)\s+(?:—|–|--?)\s+(.+)$")
MIN_EN_WORDS = 3  # a title line has a few words: "Questionnaire" alone is a heading
# Words of any questionnaire's title: a title of these alone ("Vendor Security Questionnaire",
# "Request for Proposal") says less than the file's own name, which is kept then
_GENERIC = frozenset({
    "vendor", "supplier", "third-party", "third", "party", "security", "information", "it", "cyber",
    "cybersecurity", "privacy", "data", "protection", "risk", "compliance", "due", "diligence", "request",
    "requests", "for", "proposal", "proposals", "quotation", "quotations", "rfp", "rfi", "rfq",
    "questionnaire", "assessment", "survey", "checklist", "tender", "invitation", "to", "the", "a", "an",
    "of", "and", "&", "form", "template", "document", "standard", "general", "annual", "review", "service",
    "services", "cloud", "saas",
})
_WORD = re.compile(r"[\w&-]+")
SHEET_TOP = 12  # the rows of a sheet read for its title, above its table


@dataclass(frozen=True)
class Cover:
    title: str = ""  # the project's name
    customer: str = ""  # the buyer (采购人 / 招标人)


def read_cover(lines: Iterable[str]) -> Cover:
    """The project's name and the buyer from a tender's first paragraphs (``lines`` in order):
    a labelled line (项目名称：…, 采购人：…) first; else the name standing above the line that
    names the document (招标文件), or before it on the same line ("某某项目 招标文件")."""
    title = customer = english = english_issuer = ""
    before = ""  # the last non-empty line before the one naming the document
    above: str | None = None  # what stood above (or before) 招标文件 on the cover
    past_cover = False  # a chapter began (第一章 投标邀请): the cover, if any, is behind
    for n, raw in enumerate(line for line in lines if line and line.strip()):
        if n >= COVER_LINES:
            break
        line = raw.strip()
        past_cover = past_cover or n >= TITLE_PAGE or chapter_line(line)
        labeled = _LABELED.match(line)
        if not past_cover and not english and _english_title(line):  # "RFP 2026-014: Branch service desk" too
            found, issuer = _issuer_and_title(line)
            if issuer or _names_something(found):
                english, english_issuer = found, issuer
        if labeled:
            label, value = _ENUMERATOR.sub("", _SPACE.sub("", labeled.group(1))), _value(labeled.group(2))
            english_label = " ".join(labeled.group(1).split()).casefold()
            if (label in _PROJECT_LABELS or english_label in _EN_PROJECT_LABELS) and not title:
                title = value
            elif (label in _BUYER_LABELS or english_label in _EN_BUYER_LABELS) and not customer:
                customer = value
            before = ""
            continue
        if past_cover or _SENTENCE.search(line):  # past the cover, or a sentence ("投标人应阅读招标文件。")
            before = ""
            continue
        compact = _SPACE.sub("", line)
        kind = next((k for k in _DOCUMENT_KINDS if compact.endswith(k)), None)
        if kind is not None and above is None:
            head = _value(_strip_kind(line, kind))
            # a project's name is long (某市人民医院智慧病房项目); a short head is a phrase (本项目招标文件)
            above = head if len(head) >= MIN_NAME else (before if not head and len(before) >= MIN_NAME else "")
            continue
        before = line if len(line) <= MAX_TITLE else ""
    return Cover(title=title or above or english, customer=customer or english_issuer)


def _english_title(line: str) -> bool:
    """Whether ``line`` is an English document's title: it names what the document is (a
    questionnaire, an RFP...), in a few words, and is neither a sentence nor a list item."""
    return (not _CJK.search(line) and len(line) <= MAX_TITLE and bool(_EN_KIND.search(line))
            and len(line.split()) >= MIN_EN_WORDS and not line.endswith((".", ":", "?", "!"))
            and not _SENTENCE.search(line.replace(",", "")) and not _LIST_ITEM.match(line))


def _names_something(title: str) -> bool:
    """Whether a title names more than what kind of document it is: a code (VSA-2026, 2026), or a
    word of its own (a customer's or a project's name)."""
    return any(any(ch.isdigit() for ch in word) or word.casefold() not in _GENERIC for word in _WORD.findall(title))


def _issuer_and_title(line: str) -> tuple[str, str]:
    """(the title, the issuer) of a title line: "Acme Bank — Vendor Security Assessment" names
    its issuer before the dash when only the part after it says what the document is (and the
    part before holds no number: "Phase 2 - Security Assessment" names a phase)."""
    value = _value(line)
    split = _ISSUER_DASH.match(value)
    issuer = split.group(1) if split else ""
    if split and not _EN_KIND.search(issuer) and not any(ch.isdigit() for ch in issuer) and _EN_KIND.search(split.group(2)):
        return split.group(2).strip(), split.group(1).strip()
    return value, ""


def sheet_lines(rows: Iterable[Sequence[str]]) -> list[str]:
    """The lines a sheet's start reads as (its cells' texts by row): a row of one filled cell is
    a line; a row of a label and its value ("Issued by:" | "Acme Bank") is "label: value". The
    first row of more is the sheet's table (its header): the lines stop there."""
    out: list[str] = []
    for n, row in enumerate(rows):
        if n >= SHEET_TOP:
            break
        filled = [text.strip() for text in row if text and text.strip()]
        if not filled:
            continue
        if len(filled) == 1:
            out.append(filled[0])
        elif len(filled) == 2 and filled[0].endswith((":", "：")):
            out.append(f"{filled[0]} {filled[1]}")
        else:
            break
    return out


def read_sheets_cover(sheets: Iterable[Iterable[Sequence[str]]]) -> Cover:
    """``read_cover`` of a workbook: each sheet's start read apart (``sheet_lines``), the first
    title and the first customer found, in sheet order."""
    title = customer = ""
    for rows in sheets:
        found = read_cover(sheet_lines(rows))
        title, customer = title or found.title, customer or found.customer
        if title and customer:
            break
    return Cover(title, customer)


def _strip_kind(line: str, kind: str) -> str:
    """``line`` without the document's kind at its end, its letters spaced out or not."""
    letters = 0
    cut = len(line)
    while cut > 0 and letters < len(kind):
        cut -= 1
        if not line[cut].isspace():
            letters += 1
    return line[:cut]


def _value(text: str) -> str:
    value = _SPACE.sub(" ", text).strip().rstrip(_TRAILING).strip()
    return value if len(value) <= MAX_TITLE else ""
