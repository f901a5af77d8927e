"""A questionnaire's drop-down answer (Yes / No / Partial / N/A) from what the row already says.

When an answer is accepted into a row whose cell has a drop-down (the .xlsx data validation list,
kept as the row's ``allowed_answers``), the customer's drop-down should not stay empty when we know
the answer: the engineer's deviation (无偏离/正偏离: it is met; 负偏离: it is not), an earlier
response's own choice when the answer comes from there, or the answer's opening word ("Yes. Our
platform…", "No.", "Partially:", "是。", "部分满足，…"). That stance is written as the customer's
list spells it: the one option that means it, matched case-insensitively in English or Chinese
("Yes", "Compliant", "是", "满足"; "Partial", "部分符合"; "N/A", "不适用"). When nothing decides it, or
the list has no single option for it, the choice stays empty and the compliance check says the
drop-down is still open. An answer's opening counts only when its whole first clause is such a word:
"No customer data leaves the region" says nothing about compliance."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from workbench.core.tender.model import Deviation

YES, NO, PARTIAL, NOT_APPLICABLE = "yes", "no", "partial", "n/a"
_WORDS = {
    YES: ("yes", "y", "yes, fully", "compliant", "fully compliant", "full", "fully", "comply", "complies",
          "met", "meets", "fully met", "supported", "true", "是", "是的", "满足", "完全满足", "符合", "完全符合",
          "支持", "完全支持", "具备", "有", "已满足", "响应"),
    NO: ("no", "n", "non-compliant", "noncompliant", "not compliant", "does not comply", "not met",
         "not supported", "false", "否", "不是", "不满足", "不符合", "不支持", "不具备", "无", "没有", "不响应"),
    PARTIAL: ("partial", "partially", "partly", "partially compliant", "partial compliance", "partially met",
              "partially supported", "in part", "部分", "部分满足", "部分符合", "部分支持", "部分具备", "部分响应"),
    NOT_APPLICABLE: ("n/a", "na", "n.a.", "not applicable", "none applicable", "不适用", "不涉及"),
}
_STANCE = {word: stance for stance, words in _WORDS.items() for word in words}
# where an option's own wording ends and its explanation starts: "Yes - fully compliant", "Yes (in place)"
_OPTION_TAIL = re.compile(r"\s+[-–—]\s+|\s*[(（:：,，;；]")
# where an answer's opening clause ends: "Yes. Our platform…", "部分满足，…", "No — …"
_CLAUSE_END = re.compile(r"\s*(?:[.,;!?，。；：！？、(（—–]|:(?!//)|\s-\s)")
_ANSWER_CHARS = 40  # of an answer's opening looked at (bounded time on a long answer)


def _folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def option_stance(option: str) -> str | None:
    """What the customer's option means (yes | no | partial | n/a), or None."""
    folded = _folded(option).rstrip(".。")
    if folded in _STANCE:
        return _STANCE[folded]
    head = _OPTION_TAIL.split(folded, maxsplit=1)[0].strip()
    return _STANCE.get(head) if head and head != folded else None


def option_for(options: Iterable[str], stance: str) -> str:
    """The one option of ``options`` meaning ``stance``, as the customer spells it ("" when none or
    when two would do)."""
    found = [o for o in options if option_stance(o) == stance]
    return found[0] if len(found) == 1 else ""


def text_stance(text: str) -> str | None:
    """The stance an answer's opening clause is, whole ("Yes. …", "Partially: …", "否，…"), or None."""
    clause = _CLAUSE_END.split(text.strip()[:_ANSWER_CHARS], maxsplit=1)[0]
    return _STANCE.get(_folded(clause)) if clause else None


def deviation_stance(deviation: Deviation) -> str | None:
    if deviation in (Deviation.NONE, Deviation.POSITIVE):
        return YES
    if deviation == Deviation.NEGATIVE:
        return NO
    return None


def derived_choice(allowed: Iterable[str], deviation: Deviation, response: str, earlier_choice: str = "") -> str:
    """The drop-down value the row's answer decides, in the customer's spelling; "" when undecided.
    The engineer's deviation counts first, then an earlier response's choice, then the answer's
    opening word."""
    options = [o for o in allowed if o.strip()]
    if not options:
        return ""
    for stance in (deviation_stance(deviation), option_stance(earlier_choice) if earlier_choice else None,
                   text_stance(response)):
        if stance is not None:
            return option_for(options, stance)
    return ""
