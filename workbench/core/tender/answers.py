"""Answers from what the team already has: autofill over a response's open rows, and accepting
one suggestion into a row (the answer text copied, converted when needed; the item's usage
counted; the customer's wording kept as another question the item answers)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.core.changes import OpChanges, OpResult
from workbench.core.db.engine import Database
from workbench.core.db.models import (
    KnowledgeChange,
    KnowledgeItem,
    KnowledgeQuestion,
    TenderResponse,
    TenderRow,
    TenderRowEvent,
    TenderSuggestion,
    utcnow,
)
from workbench.core.errors import Forbidden, InvalidInput, NotFound
from workbench.core.search.service import SearchService
from workbench.core.tender.answer_choice import derived_choice
from workbench.core.tender.autofill import (
    EarlierAnswers,
    Source,
    answer_text,
    preview_of,
    question_digest,
    rank_row,
    search_row,
)
from workbench.core.tender.compliance import other_region_forms
from workbench.core.tender.model import Deviation
from workbench.core.tender.reading import is_owner, load_response, may_edit_row, readers_of
from workbench.core.tender.thresholds import Thresholds, thresholds
from workbench.core.tender.views import AutofillReport, RowStatus, Suggestion
from workbench.core.users import UserView

QUESTION_CHARS = 2_000  # of a customer's wording kept on an item


@dataclass(frozen=True)
class Accepted:
    text: str
    source: str  # the slug or "T-2026-001#3"
    knowledge: bool  # a knowledge item's usage changed
    reindex: bool = False  # the item got another wording: the search index must catch up
    choice: str = ""  # an earlier response's drop-down answer for the same question


def _item_source(item: KnowledgeItem) -> Source:
    return Source(item.slug, item.kind, item.title, item.body, item.language, item.status, item.review_by)


def _earlier(s: Session, response: TenderResponse, limits: Thresholds) -> list[tuple[Source, str]]:
    """The newest answered rows of other responses in the same language family."""
    family = "zh%" if response.language.startswith("zh") else "en%"
    found = s.execute(
        select(TenderResponse.number, TenderResponse.language, TenderRow.no, TenderRow.text, TenderRow.response,
               TenderRow.answered_from, TenderRow.answer_choice)
        .join(TenderRow, TenderRow.response_id == TenderResponse.id)
        .where(TenderResponse.id != response.id, TenderResponse.language.like(family),
               TenderRow.status == RowStatus.ANSWERED, TenderRow.response != "")
        .order_by(TenderRow.updated_at.desc(), TenderRow.id.desc())
        .limit(limits.earlier_rows)
    ).all()
    return [(Source(f"{number}#{no}", "response", f"{number} #{no}: {asked[:120]}", answer, language, "published",
                    origin=origin if "#" not in origin else "", choice=choice), asked)
            for number, language, no, asked, answer, origin, choice in found]


def autofill(db: Database, search: Callable[[], SearchService], actor: UserView,
             response_id: str) -> OpResult[AutofillReport]:
    limits = thresholds()
    today = dt.date.today()
    with db.read() as s:
        response = load_response(s, response_id)
        if not is_owner(actor, response) and not any(r.assignee == actor.name for r in response.rows):
            raise Forbidden("tender_row_forbidden", user=actor.name, row="*", id=response_id, owner=response.owner)
        targets = [(r.no, r.text) for r in response.rows
                   if not r.response.strip() and not r.answer_choice and may_edit_row(actor, response, r)]
        # zh-TW for a Taiwan tender (its answers in Taiwan's words), zh-HK for a Hong Kong one
        language = readers_of(response)
        earlier = EarlierAnswers(_earlier(s, response, limits), limits)
        digests = {no: question_digest(text) for no, text in targets}
        known: dict[str, list[str]] = {}
        if digests:
            for slug, digest in s.execute(select(KnowledgeQuestion.slug, KnowledgeQuestion.digest)
                                          .where(KnowledgeQuestion.digest.in_(set(digests.values())))):
                known.setdefault(digest, []).append(slug)
    engine = search()
    if targets:
        engine.index.sync()  # cheap when nothing changed: items saved a moment ago are found
    hits = {no: search_row(engine, text, limits) for no, text in targets}
    alike = {no: earlier.like(text, limits) for no, text in targets}
    slugs = ({h.id for found in hits.values() for h in found} | {x for v in known.values() for x in v}
             | {src.origin for found in alike.values() for src, _sim in found if src.origin})
    with db.read() as s:
        items = {i.slug: _item_source(i) for i in s.scalars(select(KnowledgeItem).where(KnowledgeItem.slug.in_(slugs)))}
    ranked: dict[int, list[Suggestion]] = {
        no: rank_row(text, language, hits[no], items, known.get(digests[no], ()), alike[no], limits, today)
        for no, text in targets
    }
    auto = 0
    with db.write() as s:
        response = load_response(s, response_id)
        now = utcnow()
        for row in response.rows:
            found = ranked.get(row.no)
            if found is None or row.response.strip() or row.answer_choice:  # answered meanwhile: left alone
                continue
            row.suggestions.clear()
            s.flush()
            for rank, sg in enumerate(found):
                row.suggestions.append(TenderSuggestion(
                    rank=rank, item=sg.id, kind=sg.kind, title=sg.title, score=sg.score, band=sg.band,
                    matched=list(sg.matched), status=sg.status, stale=sg.stale, language=sg.language,
                    preview=sg.preview, found_by=sg.found_by))
            if found and found[0].band == "auto":
                best = found[0]
                source = items.get(best.id) or next((src for src, _sim in alike[row.no] if src.id == best.id), None)
                if source is None:
                    continue
                text = answer_text(source, language)
                row.response, row.answered_from, row.status = text, best.id, RowStatus.ANSWERED
                row.updated_by, row.updated_at = actor.name, now
                changes: dict[str, list[object]] = {"response": ["", text[:2000]], "answered_from": ["", best.id]}
                chosen = derived_choice(row.allowed_answers or (), Deviation(row.deviation or ""), text, source.choice)
                if chosen:  # the customer's drop-down, when the answer decides it
                    row.answer_choice = chosen
                    changes["answer_choice"] = ["", chosen]
                s.add(TenderRowEvent(response_id=response.id, row_no=row.no, at=now, actor=actor.name,
                                     action="autofill", changes=changes))
                _count_use(s, best.id)
                auto += 1
        if ranked:
            response.updated_at = now
        s.flush()
    report = AutofillReport(rows=len(targets), suggested=sum(1 for v in ranked.values() if v), auto_accepted=auto)
    return OpResult(report, OpChanges(tenders=bool(ranked), knowledge=auto > 0))


def _count_use(s: Session, slug: str) -> bool:
    if "#" in slug:
        return False
    item = s.scalar(select(KnowledgeItem).where(KnowledgeItem.slug == slug))
    if item is None:
        return False
    item.usage_count += 1
    return True


def accept(s: Session, actor: UserView, response: TenderResponse, row: TenderRow, source_id: str) -> Accepted:
    """The answer ``source_id`` gives this row: a knowledge item (its usage counted and the
    row's wording kept on it as another question) or an earlier response's row."""
    if "#" in source_id:
        number, _, no = source_id.rpartition("#")
        earlier = None
        if no.isdigit():
            earlier = s.scalar(select(TenderRow).join(TenderResponse, TenderRow.response_id == TenderResponse.id)
                               .where(TenderResponse.number == number, TenderRow.no == int(no)))
        if earlier is None or not earlier.response.strip():
            raise NotFound("tender_item_unknown", id=source_id)
        return Accepted(earlier.response, source_id, knowledge=False, choice=earlier.answer_choice)
    item = s.scalar(select(KnowledgeItem).where(KnowledgeItem.slug == source_id))
    if item is None or item.status == "archived":
        raise NotFound("tender_item_unknown", id=source_id)
    text = answer_text(_item_source(item), readers_of(response))
    item.usage_count += 1
    wording = row.text[:QUESTION_CHARS]
    digest = question_digest(wording)
    reindex = False
    if digest != question_digest(item.title) and s.scalar(select(KnowledgeQuestion.id).where(
            KnowledgeQuestion.slug == item.slug, KnowledgeQuestion.digest == digest)) is None:
        s.add(KnowledgeQuestion(slug=item.slug, text=wording, digest=digest, source=f"{response.number}#{row.no}",
                                added_by=actor.name))
        s.add(KnowledgeChange(slug=item.slug))  # every search index re-indexes the item with it
        reindex = True
    return Accepted(text, source_id, knowledge=True, reindex=reindex)


@dataclass(frozen=True)
class Rewritten:
    """What a change of a tender's readers did to the answers already in its rows."""

    rows: int = 0  # answers taken unchanged from the library, written again for the new readers
    kept: int = 0  # answers edited (or from another tender) partly in another region's character forms


def rewrite_for_readers(s: Session, actor: UserView, response: TenderResponse, before: str, after: str) -> Rewritten:
    """Write again for ``after`` readers the answers that are still exactly what the library gave
    ``before`` readers (a Simplified item accepted, or auto-accepted at import, into a tender
    then taken for Taiwan's, now Hong Kong's): nobody changed them, so the library's answer for
    the new readers takes their place, with a history entry. An answer that differs in any way
    was edited (or its item changed since, or it came from another tender): it keeps its wording
    and is counted in ``kept`` when some of its characters are in another region's forms than the
    new readers' (the compliance check warns of those). The library's suggestions show their
    previews for the new readers."""
    rows = [r for r in response.rows if r.response.strip()]
    slugs = {r.answered_from for r in rows if r.answered_from and "#" not in r.answered_from}
    slugs |= {sg.item for r in response.rows for sg in r.suggestions if "#" not in sg.item}
    items = {i.slug: _item_source(i) for i in s.scalars(select(KnowledgeItem).where(KnowledgeItem.slug.in_(slugs)))} \
        if slugs else {}
    now = utcnow()
    rewritten = kept = 0
    for row in rows:
        source = items.get(row.answered_from)
        if source is not None and row.response == answer_text(source, before):
            text = answer_text(source, after)
            if text != row.response:
                s.add(TenderRowEvent(response_id=response.id, row_no=row.no, at=now, actor=actor.name,
                                     action="readers", changes={"response": [row.response[:2000], text[:2000]]}))
                row.response, row.updated_by, row.updated_at = text, actor.name, now
                rewritten += 1
            continue
        if other_region_forms(row.response, after):  # what the check now warns of
            kept += 1
    for row in response.rows:
        for sg in row.suggestions:
            source = items.get(sg.item)
            if source is not None:
                preview = preview_of(source, after)
                if preview != sg.preview:
                    sg.preview = preview
    return Rewritten(rewritten, kept)


def evidence_of(s: Session, evidence: str) -> tuple[str, str]:
    """(the knowledge item it names or "", what the row shows): a knowledge item's slug shows as
    its title."""
    if evidence and len(evidence) <= 120:
        title = s.scalar(select(KnowledgeItem.title).where(KnowledgeItem.slug == evidence))
        if title is not None:
            return evidence, title
    return "", evidence


def choice(row: TenderRow, value: str) -> str:
    """A questionnaire's answer: one of the allowed answers (as the customer spells it)."""
    value = value.strip()
    allowed = list(row.allowed_answers or ())
    if not value or not allowed:
        if len(value) > 120:
            raise InvalidInput("tender_response_too_long", field="answer", length=len(value), limit=120)
        return value
    for option in allowed:
        if option.casefold() == value.casefold():
            return str(option)
    raise InvalidInput("tender_answer_invalid", value=value, choices=" / ".join(allowed))
