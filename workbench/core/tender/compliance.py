"""The compliance check of a response before it goes out: pure, over the answer rows.

A ★ row (实质性条款: one negative deviation voids the bid) *blocks* export while it is unanswered,
answered with 负偏离, answered with a near-copy of the requirement text (a response must state
the actual parameter, not repeat what was asked), or answered without evidence. The same
situations on ▲ rows and unmarked rows are *warnings*. A questionnaire question has no evidence
column, so it is not asked for evidence, but a question whose cell has a drop-down (Yes/No/Partial)
is answered only when that is chosen too: answered in words with the drop-down empty is a warning
(answer_choice.py fills it when the answer decides it). An answer written in the other language
than its requirement's (a Chinese FAQ accepted into an English questionnaire, to be translated;
either language answers a bilingual requirement) is not ready either: blocking on ★, a warning
elsewhere. An answer for Taiwan or Hong Kong readers written partly in the other region's
character forms (a Hong Kong engineer's 户 typed into a Taiwan tender) is a warning on any row:
the answers accepted from the library are in the readers' forms already, so the document would
mix two standards. Each problem names the row and a message code (errors.MESSAGES) saying why."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

from workbench.core.knowledge.language import in_region_forms
from workbench.core.tender.languages import in_other_language, row_language
from workbench.core.tender.model import AnswerRow, Deviation, Kind, Mark
from workbench.core.tender.views import CheckReport, Problem

UNANSWERED = "tender_row_unanswered"
NEGATIVE = "tender_row_negative"
COPIES_REQUIREMENT = "tender_row_copies_requirement"
NO_EVIDENCE = "tender_row_no_evidence"
CHOICE_OPEN = "tender_row_choice_open"
OTHER_LANGUAGE = "tender_row_other_language"
REGION_FORMS = "tender_row_region_forms"
SHOWN_FORMS = 5  # of an answer's characters in another region's forms, the first this many are named
COMPARED_CHARS = 2000  # a near-copy is judged on the first this many characters (bounded time)
CHECKED_FORMS = 20_000  # of an answer, the characters whose regional forms are checked (bounded time)


def normalized(text: str) -> str:
    """Letters and digits only (any script), case-folded, full-width folded: what two texts
    share once punctuation, spaces and ★/▲ are stripped."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in folded if unicodedata.category(c)[0] in "LN")


def copy_ratio(requirement: str, response: str) -> float:
    """How much ``response`` is the requirement again (0..1, difflib's ratio)."""
    a, b = normalized(requirement)[:COMPARED_CHARS], normalized(response)[:COMPARED_CHARS]
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def answered(row: AnswerRow) -> bool:
    return bool(row.response.strip() or row.answer_choice.strip())


def row_problems(row: AnswerRow, near_copy: float, language: str = "") -> list[str]:
    """The codes for one row, whatever its mark (``language``: the document's)."""
    if not answered(row):
        return [UNANSWERED]
    codes = []
    if row.deviation == Deviation.NEGATIVE:
        codes.append(NEGATIVE)
    if row.response.strip() and copy_ratio(row.requirement, row.response) >= near_copy:
        codes.append(COPIES_REQUIREMENT)
    if in_other_language(row.response, row_language(row.requirement, language)):
        codes.append(OTHER_LANGUAGE)
    if row.kind != Kind.QUESTION and not (row.evidence.strip() or row.evidence_page.strip()):
        codes.append(NO_EVIDENCE)
    if row.allowed_answers and not row.answer_choice.strip():
        codes.append(CHOICE_OPEN)  # answered in words, the customer's drop-down left empty
    return codes


def other_region_forms(response: str, readers: str) -> str:
    """The characters of ``response`` written in another region's forms than ``readers``'
    (zh-TW or zh-HK; any other: none), each with the readers' form ("户→戶、裏→裡"), the first
    ``SHOWN_FORMS``; "" when there are none."""
    text = response[:CHECKED_FORMS]
    forms = in_region_forms(readers, text)
    if forms == text or len(forms) != len(text):
        return ""
    pairs = list(dict.fromkeys(f"{a}→{b}" for a, b in zip(text, forms, strict=True) if a != b))
    return "、".join(pairs[:SHOWN_FORMS]) + ("…" if len(pairs) > SHOWN_FORMS else "")


def check(rows: Iterable[AnswerRow], near_copy: float, language: str = "", readers: str = "") -> CheckReport:
    """Blocking problems (★ rows) and warnings (the rest), in row order (``language``: the
    document's; ``readers``: whom its answers are written for, ``reading.readers_of``)."""
    blocking: list[Problem] = []
    warnings: list[Problem] = []
    for row in rows:
        for code in row_problems(row, near_copy, language):
            problem = Problem(row.no, row.clause, row.mark.value, code)
            (blocking if row.mark == Mark.SUBSTANTIVE else warnings).append(problem)
        forms = other_region_forms(row.response, readers) if readers and row.response.strip() else ""
        if forms:  # a warning on any row: the readers understand it, the document mixes two standards
            warnings.append(Problem(row.no, row.clause, row.mark.value, REGION_FORMS, forms))
    return CheckReport(tuple(blocking), tuple(warnings))
