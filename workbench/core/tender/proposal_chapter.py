"""The attached response's 点对点应答 as a chapter of a proposal.

A bundled technical-proposal template marks where the chapter goes with a slot line,
``<!-- point-by-point -->`` (an HTML comment: invisible in the preview, the .docx and the PDF, so a
proposal without a tender says nothing about one). Attaching a response saves a new revision of the
proposal with the chapter between ``<!-- point-by-point ID -->`` and ``<!-- /point-by-point -->``;
attaching again refreshes it with the rows as they are now; detaching puts the slot back. The
chapter is part of the proposal's text, so it goes through the three-tier review with the rest.
A proposal without the slot (made before it, or the line deleted) gets the chapter at its end."""

from __future__ import annotations

import contextlib
import re

from workbench.core.changes import OpChanges, OpResult
from workbench.core.errors import WorkbenchError
from workbench.core.knowledge.language import document_script
from workbench.core.proposals.escaping import escape_markdown
from workbench.core.proposals.service import ProposalService
from workbench.core.tender.answer_text import labels, lang_key
from workbench.core.tender.model import Kind, Mark, ResponseDocument
from workbench.core.tender.point_by_point import point_by_point_markdown
from workbench.core.tender.service import TenderService
from workbench.core.tender.views import ResponseView
from workbench.core.users import UserView

SLOT = "<!-- point-by-point -->"
END = "<!-- /point-by-point -->"
_FILLED = re.compile(r"<!-- point-by-point [^>\n]*-->.*?<!-- /point-by-point -->", re.DOTALL)


def _intro(doc: ResponseDocument, language: str) -> str:
    rows = doc.rows
    questions = sum(1 for r in rows if r.kind == Kind.QUESTION)
    star = sum(1 for r in rows if r.mark == Mark.SUBSTANTIVE)
    important = sum(1 for r in rows if r.mark == Mark.IMPORTANT)
    title = escape_markdown(doc.title)
    if document_script(language) == "zh-Hant":
        if questions == len(rows):
            return f"本章逐題應答《{title}》的全部 {len(rows)} 個問題。"
        marks = f"，其中★實質性條款 {star} 條、▲重要條款 {important} 條" if star or important else ""
        return (f"本章按《{title}》的條款順序逐條應答，共 {len(rows)} 條{marks}；"
                "各條的偏離情況另見技術偏離表。")
    if lang_key(language) == "zh":
        if questions == len(rows):
            return f"本章逐题应答《{title}》的全部 {len(rows)} 个问题。"
        marks = f"，其中★实质性条款 {star} 条、▲重要条款 {important} 条" if star or important else ""
        return (f"本章按《{title}》的条款顺序逐条应答，共 {len(rows)} 条{marks}；"
                "各条的偏离情况另见技术偏离表。")
    if questions == len(rows):
        return f"This chapter answers each of the {len(rows)} questions of {title}."
    marks = f", of which {star} are marked ★ (substantive) and {important} ▲ (important)" if star or important else ""
    return (f"This chapter answers {title} point by point, in the order of its clauses: "
            f"{len(rows)} requirements{marks}. The deviation table lists the deviation of each.")


def chapter_markdown(doc: ResponseDocument, response_id: str, language: str) -> str:
    """The whole chapter, its markers included: heading, a sentence on what it answers, the rows."""
    heading = labels(language)["point_by_point"]
    body = point_by_point_markdown(doc, language).strip()
    return f"<!-- point-by-point {response_id} -->\n\n# {heading}\n\n{_intro(doc, language)}\n\n{body}\n\n{END}"


def with_chapter(markdown: str, chapter: str | None) -> str:
    """``markdown`` with its point-by-point slot (or earlier chapter) holding ``chapter``; None
    empties it back to the bare slot."""
    filling = chapter if chapter is not None else SLOT
    if _FILLED.search(markdown):
        return _FILLED.sub(lambda _m: filling, markdown, count=1)
    if SLOT in markdown:
        return markdown.replace(SLOT, filling, 1)
    if chapter is None:
        return markdown
    return markdown.rstrip("\n") + "\n\n" + chapter + "\n"


def _write(proposals: ProposalService, actor: UserView, number: str, response_id: str,
           chapter: str | None) -> OpChanges:
    view = proposals.get(number)
    latest = view.latest.markdown if view.latest is not None else ""
    text = with_chapter(latest, chapter)
    if text == latest:
        return OpChanges()
    note = f"点对点应答 {response_id}" if chapter is not None else f"点对点应答 {response_id} removed"
    return proposals.save_revision(actor, number, text, note=note,
                                   expected_revision=view.latest.number if view.latest else None).changes


def _language(proposals: ProposalService, template: str, fallback: str) -> str:
    """The proposal's language (its template's); the response's when the template is gone."""
    try:
        return proposals.catalog.get(template).language
    except WorkbenchError:
        return fallback


def attach_to_proposal(tenders: TenderService, proposals: ProposalService, actor: UserView,
                       response_id: str, number: str | None) -> OpResult[ResponseView]:
    """Attach the response to proposal ``number`` (None: detach) and write its chapter into that
    proposal as a new revision. Nothing changes when the proposal may not be edited now (in review,
    approved, someone else's): the error says why. A proposal it leaves loses the chapter when it
    may still be edited; an approved one keeps what was approved."""
    previous = tenders.get(response_id).proposal
    attached = tenders.attach(actor, response_id, number)
    changes = attached.changes
    try:
        if number:
            doc = tenders.document(response_id)
            language = _language(proposals, proposals.get(number).template, doc.language)
            chapter = chapter_markdown(doc, response_id, language)
            changes |= _write(proposals, actor, number, response_id, chapter)
    except WorkbenchError:
        if previous != number:
            tenders.attach(actor, response_id, previous)
        raise
    if previous and previous != number:
        # in review or approved: what the reviewers read stays as it is
        with contextlib.suppress(WorkbenchError):
            changes |= _write(proposals, actor, previous, response_id, None)
    return OpResult(attached.value, changes)
