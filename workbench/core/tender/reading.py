"""Tender responses from the database to views: the rows with their suggestions and problems,
progress, rights. Used inside the service's read and write transactions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from workbench.core.db.models import KnowledgeItem, TenderResponse, TenderRow
from workbench.core.errors import NotFound
from workbench.core.tender.compliance import check as compliance_check
from workbench.core.tender.languages import READERS_OF_TRADITIONAL, language_fit, may_set_readers, readers
from workbench.core.tender.model import (
    AnswerRow,
    Deviation,
    DeviationTableShape,
    Kind,
    Location,
    Mark,
    ResponseDocument,
    SourceFormat,
)
from workbench.core.tender.thresholds import thresholds
from workbench.core.tender.views import (
    CheckReport,
    Progress,
    ResponseRights,
    ResponseView,
    RowStatus,
    RowView,
    Suggestion,
)
from workbench.core.users import Permission, Role, UserView, labels


def load_response(s: Session, number: str, with_rows: bool = True) -> TenderResponse:
    stmt = select(TenderResponse).where(TenderResponse.number == number)
    if with_rows:
        stmt = stmt.options(selectinload(TenderResponse.rows).selectinload(TenderRow.suggestions))
    response = s.scalar(stmt)
    if response is None:
        raise NotFound("tender_not_found", id=number)
    return response


def is_owner(user: UserView, response: TenderResponse) -> bool:
    """Whether ``user`` runs this response: its owner, or an admin (a viewer never)."""
    return user.can(Permission.EDIT_PROPOSALS) and (user.name == response.owner or user.role is Role.ADMIN)


def may_edit_row(user: UserView, response: TenderResponse, row: TenderRow) -> bool:
    return is_owner(user, response) or (user.can(Permission.EDIT_PROPOSALS) and row.assignee == user.name)


def rights(user: UserView | None, response: TenderResponse) -> ResponseRights:
    if user is None or not user.can(Permission.EDIT_PROPOSALS):
        return ResponseRights(may_edit=False, may_assign=False, may_export=False)
    owner = is_owner(user, response)
    mine = frozenset(r.no for r in response.rows if owner or r.assignee == user.name)
    return ResponseRights(may_edit=owner, may_assign=owner, may_export=True, rows=mine)


def answer_row(row: TenderRow) -> AnswerRow:
    return AnswerRow(
        no=row.no, clause=row.clause, mark=Mark(row.mark), kind=Kind(row.kind), requirement=row.text,
        response=row.response, deviation=Deviation(row.deviation), chapter=row.chapter, points=row.points,
        category=row.category, note=row.note, evidence=row.evidence, evidence_page=row.evidence_page,
        allowed_answers=tuple(row.allowed_answers or ()), answer_choice=row.answer_choice,
        location=Location.from_json(row.location),
    )


def check_rows(response: TenderResponse, readers: str | None = None) -> CheckReport:
    """The compliance check of ``response``'s rows, in the document's language, for its readers
    (``readers_of``, unless the caller has them: guessing reads every requirement)."""
    return compliance_check((answer_row(r) for r in response.rows), thresholds().near_copy, response.language,
                            readers if readers is not None else readers_of(response))


def progress(rows: Sequence[TenderRow], report: CheckReport) -> Progress:
    def is_open(r: TenderRow) -> bool:
        return r.status != RowStatus.ANSWERED

    return Progress(
        total=len(rows),
        answered=sum(1 for r in rows if not is_open(r)),
        star_open=sum(1 for r in rows if r.mark == Mark.SUBSTANTIVE.value and is_open(r)),
        important_open=sum(1 for r in rows if r.mark == Mark.IMPORTANT.value and is_open(r)),
        negative=sum(1 for r in rows if r.deviation == Deviation.NEGATIVE.value),
        blocking=len({p.row_no for p in report.blocking}),
    )


def response_view(response: TenderResponse, names: Mapping[str, str], report: CheckReport | None = None) -> ResponseView:
    chosen, guess = readers_set(response), guessed_readers(response)
    report = report if report is not None else check_rows(response, chosen or guess)
    return ResponseView(
        id=response.number, title=response.title, customer=response.customer, source_name=response.source_name,
        source_format=response.source_format, language=response.language, created_by=response.owner,
        created_by_label=names.get(response.owner, response.owner), created_at=response.created_at,
        updated_at=response.updated_at, proposal=response.proposal, progress=progress(response.rows, report),
        version=response.version, legend=dict(response.legend or {}), warnings=tuple(response.warnings or ()),
        has_deviation_table=response.deviation_table is not None, readers=chosen or guess,
        readers_set=chosen is not None, readers_guess=guess,
        readers_choices=READERS_OF_TRADITIONAL if may_set_readers(response.language) else (),
    )


def freshness(s: Session, slugs: Iterable[str]) -> dict[str, tuple[str, dt.date | None]]:
    """Slug -> (status, review_by) of knowledge items as they are now (a suggestion shows the
    item's current status, not the one it had when autofill ran)."""
    wanted = sorted({x for x in slugs if "#" not in x})
    if not wanted:
        return {}
    rows = s.execute(select(KnowledgeItem.slug, KnowledgeItem.status, KnowledgeItem.review_by)
                     .where(KnowledgeItem.slug.in_(wanted)))
    return {slug: (status, review_by) for slug, status, review_by in rows}


def row_view(row: TenderRow, names: Mapping[str, str], report: CheckReport,
             items: Mapping[str, tuple[str, dt.date | None]], today: dt.date, tender_language: str) -> RowView:
    lang = "zh" if tender_language.startswith("zh") else "en"  # of the location's label
    suggestions = []
    for sg in row.suggestions:
        status, stale = sg.status, sg.stale
        if sg.item in items:
            status, review_by = items[sg.item]
            stale = review_by is not None and review_by < today
        suggestions.append(Suggestion(
            id=sg.item, title=sg.title, kind=sg.kind, score=sg.score,
            band=sg.band if status == "published" and not stale else ("none" if sg.band == "none" else "suggest"),
            matched=tuple(sg.matched or ()), status=status, stale=stale, language=sg.language, preview=sg.preview,
            found_by=sg.found_by or "words",
            foreign=language_fit(sg.language, tender_language, sg.preview) == "foreign",
        ))
    location = Location.from_json(row.location)
    return RowView(
        no=row.no, clause=row.clause, mark=row.mark, kind=row.kind, text=row.text, chapter=row.chapter,
        points=row.points, category=row.category, location_label=location.label(lang),
        allowed_answers=tuple(row.allowed_answers or ()), response=row.response, deviation=row.deviation,
        note=row.note, evidence=row.evidence, evidence_item=row.evidence_item, evidence_page=row.evidence_page,
        answer_choice=row.answer_choice, status=row.status, assignee=row.assignee,
        assignee_label=names.get(row.assignee, row.assignee) if row.assignee else "",
        suggestions=tuple(suggestions), version=row.version, updated_by=row.updated_by, updated_at=row.updated_at,
        problems=report.for_row(row.no), symbol=row.symbol, location=dict(row.location or {}),
        answered_from=row.answered_from,
    )


def row_views(s: Session, response: TenderResponse, rows: Sequence[TenderRow], report: CheckReport,
              names: Mapping[str, str]) -> list[RowView]:
    items = freshness(s, (sg.item for r in rows for sg in r.suggestions))
    today = dt.date.today()
    return [row_view(r, names, report, items, today, response.language) for r in rows]


def people_of(s: Session, response: TenderResponse) -> dict[str, str]:
    return labels(s, [response.owner, *(r.assignee for r in response.rows), *(r.updated_by for r in response.rows)])


def readers_of(response: TenderResponse) -> str:
    """Who reads the response's answers: as its owner set them (a Traditional tender's only:
    ``TenderService.set_readers``), else guessed (``guessed_readers``)."""
    return readers_set(response) or guessed_readers(response)


def readers_set(response: TenderResponse) -> str | None:
    """Whom the response's owner set its answers to be written for, or None (guessed)."""
    if response.readers in READERS_OF_TRADITIONAL and may_set_readers(response.language):
        return response.readers
    return None


def guessed_readers(response: TenderResponse) -> str:
    """Who reads the response's answers as its text says (``languages.readers``: zh-TW for a
    tender evidently Taiwan's, zh-HK for one evidently Hong Kong's, else its language): from its
    title, its customer and its requirements."""
    return readers(response.language, [response.title, response.customer, *(r.text for r in response.rows)])


def document(response: TenderResponse) -> ResponseDocument:
    """The response as its documents are written: in the language of those who read it
    (``readers_of``), so that a Hong Kong tender's 偏離表 is told it is Hong Kong's."""
    shape = None
    if response.deviation_table:
        raw = response.deviation_table
        shape = DeviationTableShape(
            headers=tuple(raw.get("headers") or ()), columns={str(k): int(v) for k, v in (raw.get("columns") or {}).items()},
            location=Location.from_json(raw.get("location")),
        )
    return ResponseDocument(
        title=response.title, customer=response.customer, language=readers_of(response),
        source_name=response.source_name, source_format=SourceFormat(response.source_format),
        rows=tuple(answer_row(r) for r in response.rows), deviation_table=shape,
        legend=dict(response.legend or {}),
    )
