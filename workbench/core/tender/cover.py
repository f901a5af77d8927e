"""What a tender's cover says about itself: the project's name and the buyer.

A Chinese tender opens with a cover (the project's name over 招标文件, then 项目编号, 采 购 人,
采购代理机构 and a date) or an invitation (项目名称：…, 采购人：…). A response imported from it is
named after the project and addressed to the buyer, as a presales engineer would name it, not
after the file ("招标文件（发售稿）.docx"): that title stands on the cover of the response the
customer receives. Only the first paragraphs are read, and a value is taken only from a line
that says what it is (项目名称：…), or from the cover itself: the first few lines, before any
chapter begins, where a name of some length stands over 招标文件 (a sentence or a short phrase
ending in 招标文件 is not a name). A file whose start says neither (a questionnaire, a bare
requirement list) keeps its file name."""

from __future__ import annotations

import re
from collections.abc import Iterable
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


@dataclass(frozen=True)
class Cover:
    title: str = ""  # the project's name
    customer: str = ""  # the buyer (采购人 / 招标人)


def read_cover(lines: Iterable[str]) -> Cover:
    """The project's name and the buyer from a tender's first paragraphs (``lines`` in order):
    a labelled line (项目名称：…, 采购人：…) first; else the name standing above the line that
    names the document (招标文件), or before it on the same line ("某某项目 招标文件")."""
    title = customer = ""
    before = ""  # the last non-empty line before the one naming the document
    above: str | None = None  # what stood above (or before) 招标文件 on the cover
    past_cover = False  # a chapter began (第一章 投标邀请): the cover, if any, is behind
    for n, raw in enumerate(line for line in lines if line and line.strip()):
        if n >= COVER_LINES:
            break
        line = raw.strip()
        past_cover = past_cover or n >= TITLE_PAGE or chapter_line(line)
        labeled = _LABELED.match(line)
        if labeled:
            label, value = _ENUMERATOR.sub("", _SPACE.sub("", labeled.group(1))), _value(labeled.group(2))
            if label in _PROJECT_LABELS and not title:
                title = value
            elif label in _BUYER_LABELS and not customer:
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
    return Cover(title=title or (above or ""), customer=customer)


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
