"""The 点对点应答 (point-by-point response) as Markdown the proposal renderer reads: every row under
a heading line with its clause and ★/▲, the requirement quoted, the response, the deviation and the
evidence. Everything from the customer's file or typed by the engineer is escaped
(``escape_markdown``): "7*24" stays "7*24" and a requirement line starting "# " stays a line.

Headings start at level 2 (a chapter of the tender, in the table of contents) and level 4 (one
row, outside it), so a proposal template's own chapter heading can stand above them."""

from __future__ import annotations

import re

from workbench.core.proposals.docx_refs import REF_CLOSE, REF_OPEN, REF_PAGE
from workbench.core.proposals.escaping import escape_markdown
from workbench.core.tender.answer_text import (
    clause_label,
    deviation_word,
    evidence_label,
    evidence_parts,
    labels,
    lang_key,
)
from workbench.core.tender.clauses import clause_of
from workbench.core.tender.model import AnswerRow, Kind, ResponseDocument

# "第四章 评分标准": a chapter number clause_of leaves to the chapter-line rule
_CHAPTER_NUMBER = re.compile(r"^\s*(第[一二三四五六七八九十百零〇两\d]+[章节節篇部分卷])\s*")


def _paragraphs(text: str) -> list[str]:
    return [escape_markdown(line.strip()) for line in text.splitlines() if line.strip()]


def _field(label: str, text: str, zh: bool, empty: str = "") -> list[str]:
    """"**label**：first line" and each further line as a paragraph of its own."""
    lines = _paragraphs(text) or ([escape_markdown(empty)] if empty else [])
    if not lines:
        return []
    colon = "：" if zh else ": "
    return [f"**{escape_markdown(label)}**{colon}{lines[0]}", *lines[1:]]


def _chapter(row: AnswerRow) -> str:
    """The innermost heading above the row ("3.1 平台总体要求", "第四章 评分标准"): the whole path
    repeats "第三章 采购需求 — 二、技术要求" in every heading and in the table of contents."""
    parts = [part.strip() for part in row.chapter.split(">") if part.strip()]
    return parts[-1] if parts else ""


def _chapter_heading(chapter: str, language: str) -> str:
    """The tender's section as our heading: the document numbers its own headings, so the tender's
    number goes after the title ("平台总体要求（招标文件 3.1）"), not before it, where the two
    numbers read as one ("5.1 3.1 平台总体要求")."""
    number, title = clause_of(chapter)
    if not number:
        found = _CHAPTER_NUMBER.match(chapter)
        if found:
            number, title = found.group(1), chapter[found.end():]
    title = title.strip()
    if not number or not title:
        return chapter
    return title + labels(language)["tender_clause"].format(number=number) if lang_key(language) == "zh" \
        else f"{title} (tender {number})"


def _evidence(row: AnswerRow, language: str) -> list[str]:
    """The evidence field; evidence of one line is marked as a possible name of a heading of the
    document (docx_refs.py), so that when it names one ("3.2 系统架构", "二、安全要求") the document
    shows that heading's page, whatever the layout, in place of a typed page."""
    words, zh = labels(language), lang_key(language) == "zh"
    evidence, on_page = evidence_parts(row, language)
    if not evidence or "\n" in evidence:
        return _field(words["evidence"], evidence_label(row, language), zh)
    page = f"{REF_PAGE}{escape_markdown(on_page)}" if on_page else ""
    colon = "：" if zh else ": "
    return [f"**{escape_markdown(words['evidence'])}**{colon}{REF_OPEN}{escape_markdown(evidence)}{page}{REF_CLOSE}"]


def _row_heading(row: AnswerRow, language: str) -> str:
    words = labels(language)
    heading = clause_label(row, language)
    if row.kind == Kind.SCORING:
        heading = f"{words['scoring']} {heading}"
    if row.kind == Kind.SCORING and row.points is not None:
        points = f"{row.points:g}"
        heading += f"（{points} 分）" if lang_key(language) == "zh" else f" ({points} points)"
    if row.kind == Kind.QUESTION and row.category.strip():
        heading += f" · {row.category.strip()}"
    return "#### " + escape_markdown(heading)


def _row(row: AnswerRow, language: str) -> list[str]:
    zh = lang_key(language) == "zh"
    words = labels(language)
    blocks = [_row_heading(row, language)]
    if row.kind == Kind.QUESTION:
        blocks += _field(words.get("question", "Question"), row.requirement, zh)
        if row.answer_choice.strip():
            blocks += _field(words.get("answer", "Answer"), row.answer_choice, zh)
    else:
        blocks += _field(words["requirement"], row.requirement, zh)
    blocks += _field(words["response"], row.response, zh, words["no_answer"])
    if row.kind != Kind.QUESTION:
        deviation = deviation_word(row.deviation, language)
        if deviation or row.note.strip():
            blocks += _field(words["deviation"], deviation or "—", zh)
            blocks += _field(words["note"], row.note, zh)
    blocks += _evidence(row, language)
    return blocks


def point_by_point_markdown(doc: ResponseDocument, lang: str) -> str:
    """Every row of ``doc`` answered point by point, in ``lang`` ("zh-Hans" / "en"), grouped under the
    tender's sections (level-2 headings) when the rows carry them."""
    blocks: list[str] = []
    chapter: str | None = None
    for row in doc.rows:
        here = _chapter(row)
        if here and here != chapter:
            blocks.append("## " + escape_markdown(_chapter_heading(here, lang)))
        chapter = here or chapter
        blocks.extend(_row(row, lang))
    return "\n\n".join(blocks) + ("\n" if blocks else "")
