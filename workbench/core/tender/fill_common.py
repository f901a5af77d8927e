"""What writing answers back into a customer's file needs in every format: which rows count as
answered, the words an answer is written with (Simplified, Traditional or English, after the
response's language), and a safety check of the zip container before any parser sees it."""

from __future__ import annotations

import io
import zipfile

from workbench.core.errors import InvalidInput
from workbench.core.knowledge.files import unsafe_zip
from workbench.core.knowledge.language import document_script
from workbench.core.tender.model import AnswerRow, Deviation, Mark

# The words written into the customer's file, by the response's language.
_WORDS: dict[str, dict[str, str]] = {
    "zh-Hans": {
        Deviation.NONE: "无偏离", Deviation.POSITIVE: "正偏离", Deviation.NEGATIVE: "负偏离",
        "answer": "应答：", "answer_to": "应答（{clause}）：", "note": "说明：", "evidence": "证明材料：",
        "page": "{evidence}，第 {page} 页", "paren": "（{text}）", "comments": "说明",
    },
    "zh-Hant": {
        Deviation.NONE: "無偏離", Deviation.POSITIVE: "正偏離", Deviation.NEGATIVE: "負偏離",
        "answer": "應答：", "answer_to": "應答（{clause}）：", "note": "說明：", "evidence": "證明材料：",
        "page": "{evidence}，第 {page} 頁", "paren": "（{text}）", "comments": "說明",
    },
    "en": {
        Deviation.NONE: "Complies", Deviation.POSITIVE: "Exceeds", Deviation.NEGATIVE: "Does not comply",
        "answer": "Response: ", "answer_to": "Response ({clause}): ", "note": "Remarks: ",
        "evidence": "Evidence: ", "page": "{evidence}, p. {page}", "paren": " ({text})", "comments": "Comments",
    },
}


def words(language: str) -> dict[str, str]:
    return _WORDS[document_script(language)]


def is_answered(row: AnswerRow) -> bool:
    """A row with anything to write: a response, a deviation or a drop-down choice. Unanswered rows
    are left blank in the customer's file (never "None")."""
    return bool(row.response.strip() or row.deviation is not Deviation.UNSET or row.answer_choice.strip())


def answered_rows(rows: tuple[AnswerRow, ...]) -> list[AnswerRow]:
    return sorted((r for r in rows if is_answered(r)), key=lambda r: r.no)


def deviation_label(row: AnswerRow, language: str) -> str:
    return words(language)[row.deviation] if row.deviation is not Deviation.UNSET else ""


def clause_label(row: AnswerRow) -> str:
    """The clause as the tender prints it, with its ★/▲ kept in front."""
    mark = row.mark.value if row.mark is not Mark.NONE else ""
    return f"{mark}{row.clause}".strip()


def response_text(row: AnswerRow) -> str:
    return (row.response or row.answer_choice).strip()


def evidence_text(row: AnswerRow, language: str) -> str:
    """"产品白皮书，第 12 页" / "Datasheet, p. 12"; a page already spelled out ("第12页") is appended as is."""
    evidence, page = row.evidence.strip(), row.evidence_page.strip()
    if not page:
        return evidence
    if not evidence:
        return page
    if page.replace("-", "").replace("–", "").replace(",", "").replace(" ", "").isdigit():
        return words(language)["page"].format(evidence=evidence, page=page)
    return f"{evidence} {page}"


def clean_text(text: str) -> str:
    """Text XML can hold: Windows line ends as "\n", other control characters (a vertical tab pasted
    from Excel, say) dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\t\n" or (ord(ch) >= 32 and ch not in "\ufffe\uffff"))


def open_package(content: bytes, name: str) -> zipfile.ZipFile:
    """The customer's .docx/.xlsx as a zip, refused when it is not one, would unpack to more than
    200 MB, hides a zip bomb or declares a DTD in an XML part (entity expansion)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(content))
        # the import's rules: sizes, ratios (also a bomb split into parts), a DTD anywhere in a part
        if unsafe_zip(zf) is not None:
            raise InvalidInput("tender_fill_unreadable", name=name)
        return zf
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError):
        raise InvalidInput("tender_fill_unreadable", name=name) from None
