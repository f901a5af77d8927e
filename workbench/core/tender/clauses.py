"""Clause numbers and ★/▲ marks at the front of a tender's text, in the forms tenders use:
3.1.1 / 3.1.1.2 / 1. / 1、 / （一） / (一) / 一、 / 1) / 1） / (1) / （1） / ① / 第十二条 / a) —
with a mark before the number, right after it, or at the end ("…（★）"), and a mark that the
text merely *mentions* ("对★条款逐条响应", "标注“★”的条款") told apart from a real one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.core.tender.model import Mark

SYMBOLS = "★☆▲△■◆●※＊*#"
_CN = "一二三四五六七八九十百零〇两"
_MARK = f"[{re.escape(SYMBOLS)}]"
# The clause forms, most specific first. A decimal clause is followed by a space, a 、/．, a
# mark or a Han character, never by a digit or a unit (so "3.5GHz" is not clause 3.5).
_CLAUSE = re.compile(
    r"^(?P<clause>"
    rf"第[{_CN}\d]+[条條款]"
    r"|\d{1,3}(?:\.\d{1,3})+(?=[\s、．.]|[★☆▲△■◆※＊*#\u4e00-\u9fff（(]|$)\.?"
    r"|\d{1,3}[、．](?!\d)"
    r"|\d{1,3}\.(?=\s|[\u4e00-\u9fff★☆▲△■◆])"
    rf"|[（(][{_CN}]+[)）]"
    rf"|[{_CN}]+[、．]"
    r"|[（(]\d{1,3}[)）]"
    r"|\d{1,3}[)）]"
    r"|[①-⑳⑴-⒇]"
    r"|[a-zA-Z][)）]"
    r")\s*"
)
_CHAPTER_LINE = re.compile(rf"^\s*第[{_CN}\d]+[章节節篇部分卷]")
# "标注“★”的条款", "带★号", "★条款", "★项", "★/▲" ... : the text speaks *about* the mark.
_MENTION = re.compile(
    rf"(?:标注|标有|标记|注明|带有?|打有?|加|有|含|以|用|標註|標有|標記|註明|帶有?)[“\"'「『（(]?{_MARK}"
    rf"|[“\"'「『]{_MARK}[”\"'」』]"
    rf"|{_MARK}\s*(?:号|號|标|標|条款|條款|条目|項|项|指标|指標|参数|參數|要求|内容|的|为|為|表示|[/、和或及与]\s*{_MARK})"
)
_TRAIL_MARK = re.compile(rf"[（(\[【]?\s*({_MARK})\s*[)）\]】]?\s*[。；;]?$")


@dataclass(frozen=True)
class Head:
    clause: str
    symbol: str  # the mark as printed, "" for none
    text: str  # what is left: the requirement verbatim


def chapter_line(text: str) -> bool:
    """"第三章 采购需求", "第二节 技术要求": a chapter heading whatever its style."""
    return bool(_CHAPTER_LINE.match(text)) and len(text) <= 60 and not text.rstrip().endswith(("。", "；"))


def clause_of(text: str) -> tuple[str, str]:
    m = _CLAUSE.match(text)
    if not m:
        return "", text
    return m.group("clause").rstrip("．、. "), text[m.end():]


def _mark_at(text: str) -> tuple[str, str]:
    text = text.lstrip()
    if text and text[0] in SYMBOLS and not _MENTION.match(text):
        if text[0] in "*#" and (len(text) < 2 or not text[1].strip() or text[1] in "*#"):
            return "", text  # a Markdown-ish bullet, not a mark
        return text[0], text[1:].lstrip(" ：:　")
    if text[:1] in "（(【[" and text[1:2] in SYMBOLS and text[2:3] in "）)】]":
        return text[1], text[3:].lstrip()
    return "", text


def split_head(text: str, number: str = "") -> Head:
    """Take the mark and the clause number off the front of ``text`` (``number``: the list number
    Word displays before it, which is not in the text)."""
    text = text.strip()
    symbol, rest = _mark_at(text)
    clause, rest = clause_of(rest)
    if not symbol:
        symbol, rest = _mark_at(rest)
    if number:
        clause = clause or number.rstrip("．、. ")
    if not symbol:
        m = _TRAIL_MARK.search(rest)
        if m and not mentions_mark(rest[: m.start() + 2]) and m.start() > 0:
            symbol = m.group(1)
            rest = rest[: m.start()].rstrip() + rest[m.end():].lstrip("。；; ")
    return Head(clause=clause, symbol=symbol, text=rest.strip())


def mentions_mark(text: str) -> bool:
    return bool(_MENTION.search(text))


def mark_meaning(symbol: str, legend: dict[str, str]) -> Mark:
    """What a printed mark means: the tender's legend decides; without one ★/☆/※ are substantive,
    ▲/△/■/◆/*/# important."""
    if not symbol:
        return Mark.NONE
    definition = legend.get(symbol, "")
    if definition:
        if re.search(r"实质|無效|无效|废标|廢標|否决|否決|必须满足|不得偏离|不允许偏离|substantive|mandatory", definition):
            return Mark.SUBSTANTIVE
        return Mark.IMPORTANT
    return Mark.SUBSTANTIVE if symbol in "★☆※" else Mark.IMPORTANT


_LEGEND = re.compile(
    rf"(?:标注|标有|标记|带有?|注明|打有?|有|標註|標有|標記|帶有?|註明)?\s*[“\"'「『（(]?\s*({_MARK})\s*[”\"'」』）)]?"
    r"\s*(?:号|號|符号|符號|标记|標記)?(?:的|者)?(?:条款|條款|条目|條目|项目?|項目?|指标|指標|参数|參數|内容|要求)?"
    r"\s*(?:均|都|皆|一律)?\s*(?:为|為|是|表示|系|属于|屬於|代表|即)\s*([^；;。\n]+?)"
    # a definition ends at the next mark's ("，标有“▲”的为…") as at a full stop or semicolon
    rf"(?=[，,]\s*(?:标注|标有|标记|带有?|注明|標註|標有|標記|帶有?|註明)\s*[“\"'「『（(]?\s*{_MARK}|[；;。\n]|$)"
)


def legend_entries(text: str) -> dict[str, str]:
    """The tender's own statement of what its marks mean ("标注“★”的条款为实质性条款，…；标注“▲”
    的为重要指标"): symbol -> definition. Empty when the text defines no mark."""
    out: dict[str, str] = {}
    for m in _LEGEND.finditer(text):
        definition = m.group(2).strip(" ，,")
        if len(definition) >= 2:
            out.setdefault(m.group(1), definition)
    return out
