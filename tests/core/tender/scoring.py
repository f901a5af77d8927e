"""Precision and recall of extraction against a file's expected requirements."""

from __future__ import annotations

from dataclasses import dataclass

from tests.tender_files import Expect, Written
from workbench.core.tender.model import Extracted, ExtractedRequirement


def _norm(text: str) -> str:
    return "".join(text.split())


def matches(row: ExtractedRequirement, expect: Expect) -> bool:
    return _norm(expect.text) in _norm(row.text) and row.kind.value == expect.kind


@dataclass(frozen=True)
class Score:
    found: int
    expected: int
    extracted: int
    wrong: tuple[str, ...]  # found, but clause / mark / points / category differ

    @property
    def precision(self) -> float:
        return self.found / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


def score(extracted: Extracted, written: Written) -> Score:
    rows = list(extracted.requirements)
    used: set[int] = set()
    found = 0
    wrong: list[str] = []
    for expect in written.expected:
        index = next((i for i, r in enumerate(rows) if i not in used and matches(r, expect)), None)
        if index is None:
            continue
        used.add(index)
        found += 1
        row = rows[index]
        actual = (row.clause, row.mark.value, row.points, row.category, row.allowed_answers)
        wanted = (expect.clause, expect.mark, expect.points, expect.category or row.category,
                  expect.allowed or row.allowed_answers)
        if actual != wanted:
            wrong.append(f"{expect.text}: {actual} != {wanted}")
    return Score(found, len(written.expected), len(rows), tuple(wrong))
