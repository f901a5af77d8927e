"""Answered rows and response documents for the export and write-back tests: the shapes every part
of the tender work shares (workbench/core/tender/model.py), built with the defaults the tests share."""

from __future__ import annotations

from typing import Any

from workbench.core.tender.model import AnswerRow, Deviation, Kind, Mark, ResponseDocument, SourceFormat


def answer_row(no: int, clause: str, mark: Mark, requirement: str, response: str, deviation: Deviation,
               **extra: Any) -> AnswerRow:
    """A requirement row (``kind=`` for another kind); everything else by keyword."""
    return AnswerRow(no=no, clause=clause, mark=mark, kind=extra.pop("kind", Kind.REQUIREMENT),
                     requirement=requirement, response=response, deviation=deviation, **extra)


def response_document(title: str, customer: str, rows: tuple[AnswerRow, ...], source_name: str,
                      **extra: Any) -> ResponseDocument:
    """A Simplified Chinese .docx response unless ``language=`` / ``source_format=`` say otherwise."""
    return ResponseDocument(title=title, customer=customer, language=extra.pop("language", "zh-Hans"),
                            source_name=source_name, source_format=extra.pop("source_format", SourceFormat.DOCX),
                            rows=rows, **extra)
