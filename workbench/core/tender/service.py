"""Tender and questionnaire responses: the customer's document in (one row per requirement),
answers from the knowledge base and earlier responses, the engineer's edits with their history,
the compliance check, and the documents out.

Rights (the GUI shows them, the core decides them): everyone reads; whoever writes proposals
(authors, reviewers, admins) imports; the owner or an admin edits every row, assigns rows and
attaches the response to a proposal; the person a row is assigned to edits that row."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.core.changes import OpChanges, OpResult
from workbench.core.db.engine import Database
from workbench.core.db.models import (
    AuditEvent,
    Proposal,
    TenderResponse,
    TenderRow,
    TenderRowEvent,
    TenderSource,
    User,
    utcnow,
)
from workbench.core.errors import Conflict, Forbidden, InvalidInput, NotFound, WorkbenchError
from workbench.core.knowledge.language import in_region_forms
from workbench.core.search.service import SearchService
from workbench.core.tender import answers
from workbench.core.tender.answer_choice import derived_choice
from workbench.core.tender.languages import READERS_OF_TRADITIONAL, may_set_readers
from workbench.core.tender.model import Deviation, Extracted, ResponseDocument
from workbench.core.tender.reading import (
    check_rows,
    document,
    guessed_readers,
    is_owner,
    load_response,
    may_edit_row,
    people_of,
    readers_of,
    readers_set,
    response_view,
    rights,
    row_views,
)
from workbench.core.tender.views import (
    AutofillReport,
    CheckReport,
    ReadersChange,
    ResponseSheet,
    ResponseView,
    RowEventView,
    RowStatus,
    RowView,
)
from workbench.core.users import Permission, Role, UserView, label_for, labels

MAX_SOURCE_BYTES = 30 * 1024 * 1024  # the customer's file kept with the response
MAX_TEXT = 20_000  # characters of a response or a note
EVIDENCE_CHARS, PAGE_CHARS = 500, 40  # what the evidence columns hold
HISTORY_CHARS = 2_000  # of each value a history entry keeps
CHANGED = OpChanges(tenders=True)


class LoadedFile(Protocol):
    """What extraction hands over (``workbench.core.tender.extract.Loaded``)."""

    @property
    def extracted(self) -> Extracted: ...

    @property
    def content(self) -> bytes: ...


def _when(moment: dt.datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "?"


def _next_number(s: Session) -> str:
    prefix = f"T-{dt.date.today().year}-"
    taken = s.scalars(select(TenderResponse.number).where(TenderResponse.number.like(prefix + "%")))
    last = max((int(n.rsplit("-", 1)[1]) for n in taken if n.rsplit("-", 1)[1].isdigit()), default=0)
    return f"{prefix}{last + 1:03d}"


def _bounded(value: object) -> object:
    return value[:HISTORY_CHARS] if isinstance(value, str) else value


class TenderService:
    def __init__(self, db: Database, search: Callable[[], SearchService]) -> None:
        self._db = db
        self._search = search

    # --- importing -----------------------------------------------------------------------------

    def import_file(self, actor: UserView, path: Path, title: str | None = None,
                    customer: str = "") -> OpResult[ResponseView]:
        """Read the customer's file (extract.load: hostile, huge or unreadable files are refused
        with a reason) and save it as a new response, one row per requirement."""
        actor.require(Permission.EDIT_PROPOSALS)
        from workbench.core.tender.extract import load

        return self.import_loaded(actor, load(path), title, customer)

    def import_loaded(self, actor: UserView, loaded: LoadedFile, title: str | None = None,
                      customer: str = "") -> OpResult[ResponseView]:
        """Save what extraction found, in one transaction: all of it or nothing."""
        actor.require(Permission.EDIT_PROPOSALS)
        found = loaded.extracted
        if not found.requirements:
            raise InvalidInput("tender_no_requirements", name=found.source_name)
        if len(loaded.content) > MAX_SOURCE_BYTES:
            raise InvalidInput("tender_file_too_big", name=found.source_name,
                               size=round(len(loaded.content) / 2**20, 1), limit=MAX_SOURCE_BYTES // 2**20)
        shape = found.deviation_table
        with self._db.write() as s:
            now = utcnow()
            response = TenderResponse(
                number=_next_number(s),
                title=(title or found.title or Path(found.source_name).stem or found.source_name)[:300],
                customer=(customer.strip() or found.customer)[:200], source_name=found.source_name[:255],
                source_format=found.source_format.value, language=found.language, legend=dict(found.legend),
                deviation_table=None if shape is None else {
                    "headers": list(shape.headers), "columns": dict(shape.columns), "location": shape.location.to_json()},
                warnings=list(found.warnings), owner=actor.name, proposal=None, created_at=now, updated_at=now,
            )
            for no, req in enumerate(found.requirements, start=1):
                response.rows.append(TenderRow(
                    no=no, clause=req.clause[:80], mark=req.mark.value, symbol=req.symbol[:8], kind=req.kind.value,
                    text=req.text, chapter=req.chapter, points=req.points, category=req.category[:200],
                    location=req.location.to_json(), allowed_answers=list(req.allowed_answers), response="",
                    deviation="", note="", evidence="", evidence_item="", evidence_page="", answer_choice="",
                    answered_from="", status=RowStatus.OPEN, assignee=None, updated_by="", updated_at=None,
                ))
            s.add(response)
            s.flush()
            s.add(TenderSource(response_id=response.id, content=loaded.content, size=len(loaded.content),
                               sha256=hashlib.sha256(loaded.content).hexdigest()))
            s.add(AuditEvent(actor=actor.name, entity="tender", entity_key=response.number, action="import",
                             detail={"source": found.source_name, "rows": len(found.requirements)}))
            s.flush()
            return OpResult(response_view(response, labels(s, [actor.name])), CHANGED)

    # --- reading -------------------------------------------------------------------------------

    def all(self) -> list[ResponseView]:
        with self._db.read() as s:
            from sqlalchemy.orm import selectinload

            found = list(s.scalars(select(TenderResponse).options(selectinload(TenderResponse.rows))
                                   .order_by(TenderResponse.updated_at.desc(), TenderResponse.id.desc())))
            names = labels(s, [r.owner for r in found])
            return [response_view(r, names) for r in found]

    def get(self, response_id: str) -> ResponseView:
        with self._db.read() as s:
            response = load_response(s, response_id)
            return response_view(response, people_of(s, response))

    def sheet(self, actor: UserView | None, response_id: str) -> ResponseSheet:
        """Everything the Responses screen shows, read in one transaction."""
        with self._db.read() as s:
            response = load_response(s, response_id)
            names = people_of(s, response)
            report = check_rows(response)
            rows = row_views(s, response, response.rows, report, names)
            people = tuple(
                (u.name, label_for(u.name, u.display_name))
                for u in s.scalars(select(User).where(User.active.is_(True)).order_by(User.name))
                if u.role != Role.VIEWER.value
            )
            return ResponseSheet(response_view(response, names, report), tuple(rows), rights(actor, response),
                                 people, report)

    def rows(self, response_id: str) -> list[RowView]:
        with self._db.read() as s:
            response = load_response(s, response_id)
            return row_views(s, response, response.rows, check_rows(response), people_of(s, response))

    def check(self, response_id: str) -> CheckReport:
        with self._db.read() as s:
            return check_rows(load_response(s, response_id))

    def document(self, response_id: str) -> ResponseDocument:
        """The response as the documents out need it (model.py's shape)."""
        with self._db.read() as s:
            return document(load_response(s, response_id))

    def source(self, response_id: str) -> bytes:
        """The customer's own file as imported."""
        with self._db.read() as s:
            response = load_response(s, response_id, with_rows=False)
            kept = s.get(TenderSource, response.id)
            if kept is None:
                raise NotFound("tender_source_missing", id=response_id)
            return bytes(kept.content)

    def in_readers_forms(self, response_id: str, text: str) -> str:
        """``text`` (an answer being written) in the character forms of the response's readers:
        Taiwan's or Hong Kong's (``language.in_region_forms``; the words as written), unchanged
        for any other. What the row editor offers when the check warns of another region's
        forms; nothing is written until the engineer saves."""
        with self._db.read() as s:
            return in_region_forms(readers_of(load_response(s, response_id)), text)

    def history(self, response_id: str, row_no: int | None = None) -> list[RowEventView]:
        """Who changed what, when (oldest first)."""
        with self._db.read() as s:
            response = load_response(s, response_id, with_rows=False)
            stmt = select(TenderRowEvent).where(TenderRowEvent.response_id == response.id)
            if row_no is not None:
                stmt = stmt.where(TenderRowEvent.row_no == row_no)
            return [RowEventView(e.row_no, e.at, e.actor, e.action, dict(e.changes or {}))
                    for e in s.scalars(stmt.order_by(TenderRowEvent.id))]

    # --- answering -----------------------------------------------------------------------------

    def autofill(self, actor: UserView, response_id: str) -> OpResult[AutofillReport]:
        """Suggestions for every row without a response that ``actor`` may edit; rows whose best
        suggestion is in band auto are answered from it."""
        actor.require(Permission.EDIT_PROPOSALS)
        return answers.autofill(self._db, self._search, actor, response_id)

    def respond(
        self, actor: UserView, response_id: str, row_no: int, *, text: str | None = None,
        from_item: str | None = None, deviation: str | None = None, note: str | None = None,
        evidence: str | None = None, evidence_page: str | None = None, answer_choice: str | None = None,
        assign: str | None = None, expected_version: int | None = None,
    ) -> OpResult[RowView]:
        """Change one row: its response (typed, or accepted from a suggestion: a knowledge item's
        slug or an earlier answer "T-2026-001#3"), deviation, note, evidence, a questionnaire's
        answer, who it is assigned to ("" for nobody). With ``expected_version`` (the row's version
        the editor started from) a change saved meanwhile by someone else raises Conflict and
        nothing is written. Every change is kept in the row's history."""
        actor.require(Permission.EDIT_PROPOSALS)
        if text is not None and from_item is not None:
            raise InvalidInput("tender_text_and_item")
        for value in (text, note):
            if value is not None and len(value) > MAX_TEXT:
                raise InvalidInput("tender_response_too_long", field="text", length=len(value), limit=MAX_TEXT)
        for value, limit in ((evidence, EVIDENCE_CHARS), (evidence_page, PAGE_CHARS)):
            if value is not None and len(value.strip()) > limit:
                raise InvalidInput("tender_response_too_long", field="evidence", length=len(value.strip()), limit=limit)
        if deviation is not None and deviation not in {d.value for d in Deviation}:
            raise InvalidInput("tender_deviation_invalid", value=deviation)
        editing = any(v is not None for v in (text, from_item, deviation, note, evidence, evidence_page, answer_choice))
        with self._db.write() as s:
            response = load_response(s, response_id)
            row = next((r for r in response.rows if r.no == row_no), None)
            if row is None:
                raise NotFound("tender_row_not_found", id=response_id, row=row_no)
            if editing and not may_edit_row(actor, response, row):
                raise Forbidden("tender_row_forbidden", user=actor.name, row=row_no, id=response_id,
                                owner=response.owner)
            if assign is not None and not is_owner(actor, response):
                raise Forbidden("tender_assign_forbidden", user=actor.name, id=response_id, owner=response.owner)
            if expected_version is not None and row.version != expected_version:
                raise Conflict("tender_row_conflict", id=response_id, row=row_no, by=row.updated_by or "?",
                               at=_when(row.updated_at))
            changes: dict[str, list[object]] = {}

            def put(name: str, value: object) -> None:
                before = getattr(row, name)
                if before != value:
                    changes[name] = [_bounded(before), _bounded(value)]
                    setattr(row, name, value)

            used = reindex = False
            earlier_choice = ""
            if from_item is not None:
                accepted = answers.accept(s, actor, response, row, from_item.strip())
                put("response", accepted.text)
                put("answered_from", accepted.source)
                used, reindex, earlier_choice = accepted.knowledge, accepted.reindex, accepted.choice
            if text is not None:
                put("response", text.strip())
            if deviation is not None:
                put("deviation", deviation)
            if note is not None:
                put("note", note.strip())
            if evidence is not None:
                item, shown = answers.evidence_of(s, evidence.strip())
                put("evidence", shown[:EVIDENCE_CHARS])
                put("evidence_item", item)
            if evidence_page is not None:
                put("evidence_page", evidence_page.strip())
            if answer_choice is not None:
                put("answer_choice", answers.choice(row, answer_choice))
            elif row.allowed_answers and not row.answer_choice and (from_item is not None or deviation is not None):
                # an accepted answer or a deviation decides the customer's drop-down (answer_choice.py)
                put("answer_choice", derived_choice(row.allowed_answers, Deviation(row.deviation or ""),
                                                    row.response, earlier_choice))
            if assign is not None:
                put("assignee", self._assignee(s, assign))
            put("status", RowStatus.ANSWERED if row.response.strip() or row.answer_choice else RowStatus.OPEN)
            if changes:
                now = utcnow()
                row.updated_by, row.updated_at = actor.name, now
                response.updated_at = now
                s.add(TenderRowEvent(response_id=response.id, row_no=row.no, at=now, actor=actor.name,
                                     action="assign" if set(changes) == {"assignee"} else "respond",
                                     changes=changes))
            s.flush()
            view = row_views(s, response, [row], check_rows(response), people_of(s, response))[0]
            return OpResult(view, OpChanges(tenders=bool(changes), knowledge=used, index=reindex))

    @staticmethod
    def _assignee(s: Session, name: str) -> str | None:
        name = name.strip()
        if not name:
            return None
        user = s.scalar(select(User).where(User.name == name))
        if user is None or not user.active or user.role == Role.VIEWER.value:
            raise InvalidInput("tender_assignee_invalid", name=name)
        return user.name

    def rename(self, actor: UserView, response_id: str, title: str,
               customer: str | None = None) -> OpResult[ResponseView]:
        """A new title (and, when given, customer) for the response: the owner or an admin."""
        actor.require(Permission.EDIT_PROPOSALS)
        title = " ".join(title.split())
        if not title:
            raise InvalidInput("title_required")
        with self._db.write() as s:
            response = load_response(s, response_id)
            if not is_owner(actor, response):
                raise Forbidden("tender_rename_forbidden", user=actor.name, id=response_id, owner=response.owner)
            wanted = (title[:300], response.customer if customer is None else " ".join(customer.split())[:200])
            if (response.title, response.customer) == wanted:
                return OpResult(response_view(response, people_of(s, response)), OpChanges())
            before = {"title": response.title, "customer": response.customer}
            response.title, response.customer = wanted
            response.updated_at = utcnow()
            s.add(AuditEvent(actor=actor.name, entity="tender", entity_key=response.number, action="rename",
                             detail={"from": before, "title": response.title, "customer": response.customer}))
            s.flush()
            return OpResult(response_view(response, people_of(s, response)), CHANGED)

    def set_readers(self, actor: UserView, response_id: str, readers: str | None) -> OpResult[ReadersChange]:
        """Who reads a Traditional tender's answers, when the guess from its text is wrong: zh-TW
        (Taiwan's words), zh-HK (Hong Kong's character forms) or zh-Hant (Traditional characters
        only); None guesses again. The owner or an admin. What is accepted, exported or filled in
        from now on is written for them, and so are the answers still exactly as the library gave
        them (auto-accepted at import, say): those are written again, each with a history entry.
        Answers edited by hand keep their wording (``answers.rewrite_for_readers``)."""
        actor.require(Permission.EDIT_PROPOSALS)
        with self._db.write() as s:
            response = load_response(s, response_id)
            if not is_owner(actor, response):
                raise Forbidden("tender_readers_forbidden", user=actor.name, id=response_id, owner=response.owner)
            if not may_set_readers(response.language):
                raise InvalidInput("tender_readers_not_traditional", id=response_id)
            if readers is not None and readers not in READERS_OF_TRADITIONAL:
                raise InvalidInput("tender_readers_invalid", readers=readers, allowed=", ".join(READERS_OF_TRADITIONAL))
            if response.readers == readers:
                return OpResult(ReadersChange(response_view(response, people_of(s, response))), OpChanges())
            before, guess = response.readers, guessed_readers(response)
            was = readers_set(response) or guess
            response.readers = readers
            response.updated_at = utcnow()
            after = readers_set(response) or guess  # the guess reads every requirement: once
            done = answers.rewrite_for_readers(s, actor, response, was, after) if after != was else answers.Rewritten()
            s.add(AuditEvent(actor=actor.name, entity="tender", entity_key=response.number, action="readers",
                             detail={"from": before, "readers": readers, "guessed": guess, "rewritten": done.rows}))
            s.flush()
            view = response_view(response, people_of(s, response))
            return OpResult(ReadersChange(view, done.rows, done.kept), CHANGED)

    def attach(self, actor: UserView, response_id: str, proposal_number: str | None) -> OpResult[ResponseView]:
        """Attach the response to a proposal (None: to none), so its point-by-point chapter goes
        into that bid."""
        actor.require(Permission.EDIT_PROPOSALS)
        with self._db.write() as s:
            response = load_response(s, response_id)
            if not is_owner(actor, response):
                raise Forbidden("tender_attach_forbidden", user=actor.name, id=response_id, owner=response.owner)
            number = (proposal_number or "").strip() or None
            if number is not None and s.scalar(select(Proposal.id).where(Proposal.number == number)) is None:
                raise NotFound("proposal_not_found", id=number)
            if response.proposal == number:
                return OpResult(response_view(response, people_of(s, response)), OpChanges())
            response.proposal = number
            response.updated_at = utcnow()
            s.add(AuditEvent(actor=actor.name, entity="tender", entity_key=response.number, action="attach",
                             detail={"proposal": number}))
            s.flush()
            return OpResult(response_view(response, people_of(s, response)), OpChanges(tenders=True, proposals=True))

    # --- the documents out ----------------------------------------------------------------------

    def export(self, actor: UserView, response_id: str, fmt: str, out: Path) -> Path:
        """The 技术偏离表 and 点对点应答 as .docx (in the company's styles), or the table as .xlsx.
        Refused while the compliance check blocks."""
        from workbench.core.proposals.export import author_and_company
        from workbench.core.tender.export import FORMATS, write_response

        if fmt not in FORMATS:
            raise InvalidInput("tender_format_invalid", fmt=fmt)
        doc = self._ready(actor, response_id)
        author, company = author_and_company(self._db, actor.name, doc.language)
        return write_response(doc, fmt, out, company, author)

    def fill(self, actor: UserView, response_id: str, out: Path) -> Path:
        """The customer's own file with the answers written in (everything else in it as it was),
        written to ``out`` whole or not at all. Refused while the compliance check blocks."""
        from workbench.core.tender.fill import fill_customer_file

        doc = self._ready(actor, response_id)
        filled = fill_customer_file(self.source(response_id), doc)
        out = Path(out)
        partial = out.with_name(f".{out.name}.{os.getpid()}.part")
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(filled)
            os.replace(partial, out)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise WorkbenchError("export_failed", detail=str(exc)) from None
        return out

    def _ready(self, actor: UserView, response_id: str) -> ResponseDocument:
        """The document, once the check lets it out (InvalidInput naming the blocking ★ rows)."""
        actor.require(Permission.EDIT_PROPOSALS)
        report = self.check(response_id)
        if not report.ok:
            rows = ", ".join(str(n) for n in sorted({p.row_no for p in report.blocking}))
            raise InvalidInput("tender_check_blocks", id=response_id, rows=rows)
        return self.document(response_id)
