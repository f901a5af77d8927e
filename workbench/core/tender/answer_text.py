"""What each cell of a response's documents says: the deviation in words, the clause with its mark,
the evidence with its page, and the deviation table's columns (the tender's own header when it has
one, else the standard one). Shared by the .docx, the .xlsx and the Markdown chapter so that all
three say the same thing."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.knowledge.language import document_script
from workbench.core.tender.model import (
    DEVIATION_COLUMNS,
    DEVIATION_ZH,
    STANDARD_HEADERS,
    AnswerRow,
    Deviation,
    Kind,
    ResponseDocument,
)

DEVIATION_EN = {Deviation.NONE: "Compliant", Deviation.POSITIVE: "Exceeds", Deviation.NEGATIVE: "Does not comply",
                Deviation.UNSET: ""}
# the drop-down of a deviation column, in the order a reviewer reads them
DEVIATION_CHOICES = {"zh": ("无偏离", "正偏离", "负偏离"), "zh-Hant": ("無偏離", "正偏離", "負偏離"),
                     "en": ("Compliant", "Exceeds", "Does not comply")}
DEVIATION_HANT = {Deviation.NONE: "無偏離", Deviation.POSITIVE: "正偏離", Deviation.NEGATIVE: "負偏離",
                  Deviation.UNSET: ""}
QUESTIONNAIRE_HEADERS = ("ID", "Category", "Question", "Answer", "Response", "Evidence")
DEFAULT_ANSWERS = ("Yes", "No", "Partial", "N/A")

LABELS = {
    "zh": {"deviation_table": "技术偏离表", "point_by_point": "点对点应答", "requirement": "招标要求",
           "response": "应答", "deviation": "偏离情况", "note": "说明", "evidence": "证明材料", "points": "分值",
           "customer": "采购人", "bidder": "投标人", "date": "日期", "no_answer": "（未应答）", "legend": "标记说明",
           "scoring": "评分项", "item": "第 {no} 项", "tender_clause": "（招标文件 {number}）", "page": "页"},
    # a Traditional tender (Taiwan, Hong Kong) answered in its own script
    "zh-Hant": {"deviation_table": "技術偏離表", "point_by_point": "點對點應答", "requirement": "招標要求",
                "response": "應答", "deviation": "偏離情況", "note": "說明", "evidence": "證明材料", "points": "分值",
                "customer": "採購人", "bidder": "投標人", "date": "日期", "no_answer": "（未應答）",
                "legend": "標記說明", "scoring": "評分項", "item": "第 {no} 項", "tender_clause": "（招標文件 {number}）",
                "page": "頁"},
    "en": {"deviation_table": "Deviation table", "point_by_point": "Point-by-point response",
           "requirement": "Requirement", "response": "Response", "deviation": "Deviation", "note": "Remarks",
           "evidence": "Evidence", "points": "Points", "customer": "Customer", "bidder": "Submitted by",
           "date": "Date", "no_answer": "(not answered)", "legend": "Marks", "scoring": "Scoring item",
           "item": "Item {no}", "responses": "Responses", "question": "Question", "answer": "Answer",
           "category": "Category"},
}


def lang_key(language: str) -> str:
    return "zh" if language.startswith("zh") else "en"


def words_key(language: str) -> str:
    """Which words a document in ``language`` is written with: zh (Simplified), zh-Hant or en."""
    script = document_script(language)
    return "zh" if script == "zh-Hans" else script


def labels(language: str) -> dict[str, str]:
    return LABELS[words_key(language)]


def deviation_word(deviation: Deviation, language: str) -> str:
    key = words_key(language)
    return (DEVIATION_ZH if key == "zh" else DEVIATION_HANT if key == "zh-Hant" else DEVIATION_EN)[deviation]


def clause_label(row: AnswerRow, language: str) -> str:
    """The clause as the tender numbers it with its ★/▲ in front ("★3.1.2"); a row without a number
    is named by its position."""
    clause = row.clause.strip() or labels(language)["item"].format(no=row.no)
    return f"{row.mark.value}{clause}"


def evidence_parts(row: AnswerRow, language: str) -> tuple[str, str]:
    """The evidence and what follows it for its typed page: ("产品白皮书", "（第 12 页）") /
    ("Product white paper", ", p. 12") (with no-break spaces); ("", "第 12 页") when the page is all."""
    evidence, page = row.evidence.strip(), row.evidence_page.strip()
    if not page:
        return evidence, ""
    zh = lang_key(language) == "zh"
    word = labels(language).get("page", "")
    # no-break spaces: "第 12 页" and "p. 12" are never broken over two lines
    on_page = (page if "页" in page or "頁" in page else f"第\u00a0{page}\u00a0{word}") if zh else \
        (page if page.lower().startswith("p") else f"p.\u00a0{page}")
    if not evidence:
        return "", on_page
    return evidence, (f"（{on_page}）" if zh else f", {on_page}")


def evidence_label(row: AnswerRow, language: str) -> str:
    """"产品白皮书（第 12 页）" / "Product white paper, p. 12"; the page alone when that is all."""
    return "".join(evidence_parts(row, language))


def is_questionnaire(doc: ResponseDocument) -> bool:
    return bool(doc.rows) and sum(r.kind == Kind.QUESTION for r in doc.rows) * 2 > len(doc.rows)


def one_line(text: str) -> str:
    """A cell's text on one line (a table cell of the Markdown chapter cannot hold a line break)."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    deviation_column: int | None  # the column whose cells take the deviation drop-down
    choices: tuple[str, ...]  # that drop-down's values


def deviation_rows(doc: ResponseDocument) -> tuple[AnswerRow, ...]:
    """The rows a 技术偏离表 lists: the requirements (scoring rows are answered point by point only);
    a document without requirement rows lists what it has."""
    requirements = tuple(r for r in doc.rows if r.kind == Kind.REQUIREMENT)
    return requirements or tuple(r for r in doc.rows if r.kind != Kind.QUESTION) or doc.rows


def _role_values(row: AnswerRow, number: int, language: str) -> dict[str, str]:
    return {"no": str(number), "clause": clause_label(row, language), "requirement": row.requirement.strip(),
            "response": row.response.strip(), "deviation": deviation_word(row.deviation, language),
            "note": row.note.strip(), "evidence": evidence_label(row, language)}


def deviation_table(doc: ResponseDocument) -> Table:
    """The 技术偏离表: the tender's own columns in its own order when it printed an empty one (a
    column with no known role stays empty), else the standard seven in the document's language."""
    key = words_key(doc.language)
    shape = doc.deviation_table
    if shape is not None and shape.headers and shape.columns:
        headers = tuple(h.strip() for h in shape.headers)
        columns = {role: index for role, index in shape.columns.items() if 0 <= index < len(headers)}
    else:
        headers = STANDARD_HEADERS[key]
        columns = {role: index for index, role in enumerate(DEVIATION_COLUMNS)}
    rows = []
    for number, row in enumerate(deviation_rows(doc), start=1):
        cells = [""] * len(headers)
        for role, value in _role_values(row, number, doc.language).items():
            if role in columns:
                cells[columns[role]] = value
        rows.append(tuple(cells))
    return Table(headers, tuple(rows), columns.get("deviation"), DEVIATION_CHOICES[key])


def questionnaire_table(doc: ResponseDocument) -> Table:
    """A questionnaire's answers: ID, category, question, the drop-down's answer, the response and
    the evidence, one row per question."""
    rows = tuple(
        (r.clause.strip() or str(r.no), r.category.strip(), r.requirement.strip(), r.answer_choice.strip(),
         r.response.strip(), evidence_label(r, "en"))
        for r in doc.rows if r.kind == Kind.QUESTION)
    return Table(QUESTIONNAIRE_HEADERS, rows, 3, answer_choices(doc))


def answer_choices(doc: ResponseDocument) -> tuple[str, ...]:
    """The questionnaire's own drop-down values (in the order it lists them), else Yes/No/Partial/N/A."""
    seen: dict[str, None] = {}
    for row in doc.rows:
        for answer in row.allowed_answers:
            if answer.strip():
                seen.setdefault(answer.strip(), None)
    return tuple(seen) or DEFAULT_ANSWERS
