"""The numbers auto-answer and the compliance check judge by, read from ``thresholds.json`` beside
this module (data, not code: a team tunes them without touching the logic)::

    auto            a suggestion this relevant (0..1) is accepted by autofill (published, fresh items only)
    suggest         below it a suggestion is shown in band "none"
    auto_kinds      the kinds of answer autofill may accept (a FAQ, an earlier response's answer);
                    a case or an objection is only ever suggested: it tells a story, not a parameter
    min_shared_words a search hit sharing fewer of the requirement's words is in band "none"
                    (one common word, 重大 or 记录, is not an answer)
    meaning_floor   a search hit found by its words alone whose meaning is this far from the
                    requirement (its best passage's cosine below this, once the library has
                    vectors) is in band "none": the words it shares are a coincidence (an
                    air-compressor case sharing access, record and field with a question on
                    field-level access control)
    near_copy       a response this similar to the requirement (difflib ratio after stripping
                    punctuation and spaces) is a copy of it, not an answer
    earlier_answer  an earlier response's row this similar to the requirement is offered
    candidates      suggestions kept per row
    max_query_chars the requirement text searched for (bounds the time per row)
    earlier_rows    earlier answered rows compared with each requirement (the newest)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from functools import cache
from importlib import resources
from typing import Any

FILE = "thresholds.json"


@dataclass(frozen=True)
class Thresholds:
    auto: float = 0.7
    suggest: float = 0.35
    min_shared_words: int = 2
    meaning_floor: float = 0.2
    auto_kinds: tuple[str, ...] = ("faq", "response")
    near_copy: float = 0.85
    earlier_answer: float = 0.5
    candidates: int = 5
    max_query_chars: int = 300
    earlier_rows: int = 2000

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Thresholds:
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            if isinstance(f.default, tuple):
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise ValueError(f"{FILE}: {f.name} must be a list of words")
                values[f.name] = tuple(value)
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"{FILE}: {f.name} must be a number")
            if isinstance(f.default, int):  # a count
                if value < 1:
                    raise ValueError(f"{FILE}: {f.name} must be at least 1")
                values[f.name] = int(value)
            else:
                if not 0 <= value <= 1:
                    raise ValueError(f"{FILE}: {f.name} must be between 0 and 1")
                values[f.name] = float(value)
        made = cls(**values)
        if made.suggest > made.auto:
            raise ValueError(f"{FILE}: suggest must not be above auto")
        return made


@cache
def thresholds() -> Thresholds:
    """The shipped thresholds (read once)."""
    text = resources.files("workbench.core.tender").joinpath(FILE).read_text(encoding="utf-8")
    return Thresholds.from_json(json.loads(text))
