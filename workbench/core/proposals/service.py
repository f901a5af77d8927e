"""Proposals: from a template, the engineer's inputs and matched knowledge to a saved draft;
revisions, diffs, the due-soon list, and export."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from workbench.core.changes import OpChanges, OpResult
from workbench.core.db.engine import Database
from workbench.core.db.models import (
    AuditEvent,
    KnowledgeItem,
    Proposal,
    ProposalKnowledge,
    ProposalRevision,
    utcnow,
)
from workbench.core.errors import Conflict, InvalidInput, InvalidTransition, NotFound, Term
from workbench.core.proposals.catalog import ProposalTemplate, TemplateCatalog
from workbench.core.proposals.company_profile import effective_company, template_company
from workbench.core.proposals.matching import in_document, match_sections
from workbench.core.proposals.model import (
    CLEAN_EXPORT,
    DUE_SOON_DAYS,
    FINISHED,
    MatchedItem,
    ProposalStatus,
    ProposalView,
    RevisionView,
    SectionReport,
    is_mine,
)
from workbench.core.proposals.pricing import quote
from workbench.core.proposals.render import demote, render_markdown
from workbench.core.proposals.variables import Problems, coerce
from workbench.core.search.service import SearchService
from workbench.core.users import Permission, UserView, labels

CHANGED = OpChanges(proposals=True, knowledge=True)


@dataclass(frozen=True)
class Draft:
    """What the generator made, before anything is saved."""

    template: ProposalTemplate
    values: dict[str, Any]
    matched: dict[str, list[MatchedItem]]  # per section: the chosen items first, then spares
    chosen: dict[str, list[str]]
    markdown: str
    # per section: what matching placed and left out, and why (empty when the caller matched)
    report: dict[str, SectionReport] = field(default_factory=dict)


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    def conv(v: Any) -> Any:
        if isinstance(v, Decimal):
            return str(v)
        if isinstance(v, dt.date):
            return v.isoformat()
        if isinstance(v, list):
            return [conv(x) for x in v]
        if isinstance(v, dict):
            return {k: conv(x) for k, x in v.items()}
        return v

    return {k: conv(v) for k, v in values.items()}


def _revision_view(r: ProposalRevision, names: Mapping[str, str]) -> RevisionView:
    return RevisionView(r.number, r.markdown, tuple(r.knowledge or ()), r.note, r.locked, r.created_at, r.created_by,
                        names.get(r.created_by, r.created_by))


def to_view(p: Proposal, names: Mapping[str, str]) -> ProposalView:
    """``names``: login -> label for the author and the revisions' writers (``people_of``)."""
    return ProposalView(
        number=p.number, title=p.title, customer=p.customer, industry=p.industry, customer_tier=p.customer_tier,
        template=p.template, author=p.author, status=ProposalStatus(p.status), bid_deadline=p.bid_deadline,
        inputs=dict(p.inputs or {}), created_at=p.created_at, updated_at=p.updated_at, version=p.version,
        revisions=tuple(_revision_view(r, names) for r in p.revisions), approved_revision=p.approved_revision,
        author_label=names.get(p.author, p.author),
    )


def views(s: Session, proposals: Iterable[Proposal]) -> list[ProposalView]:
    """Proposals as views, their people's names looked up once for all of them."""
    rows = list(proposals)
    names = labels(s, [who for p in rows for who in (p.author, *(r.created_by for r in p.revisions))])
    return [to_view(p, names) for p in rows]


def view(s: Session, proposal: Proposal) -> ProposalView:
    return views(s, [proposal])[0]


@dataclass(frozen=True)
class Inserted:
    """A knowledge item as inserted into a proposal's draft (``ProposalService.insert_item``)."""

    title: str  # as the proposal's document reads it
    markdown: str


class ProposalService:
    def __init__(self, db: Database, catalog: TemplateCatalog, search: Callable[[], SearchService]) -> None:
        self._db = db
        self.catalog = catalog
        self._search = search

    # --- generating ----------------------------------------------------------------------------

    def match(self, template: ProposalTemplate, values: dict[str, Any]) -> dict[str, list[MatchedItem]]:
        """Items offered per knowledge section, best first: those placed, then spares to swap in
        (matching.py says which items qualify and why the others do not)."""
        return self.match_report(template, values)[0]

    def match_report(self, template: ProposalTemplate, values: dict[str, Any],
                     ) -> tuple[dict[str, list[MatchedItem]], dict[str, SectionReport]]:
        """The items offered per section and, per section, what was placed and what left out why."""
        return match_sections(self._db, self._search(), template, values)

    def draft(
        self,
        template_name: str,
        raw: dict[str, Any],
        chosen: dict[str, list[str]] | None = None,
        title: str | None = None,
        author: str = "",
        number: str = "",
        matched: dict[str, list[MatchedItem]] | None = None,
        report: dict[str, SectionReport] | None = None,
    ) -> Draft:
        """Validate inputs, match knowledge, render the Markdown draft. Saves nothing."""
        template = self.catalog.get(template_name)
        try:
            values = coerce(list(template.variables), raw)
        except Problems as exc:
            raise InvalidInput("proposal_inputs", count=len(exc.problems), problems=exc.problems) from None
        if matched is None:
            matched, report = self.match_report(template, values)
        picks: dict[str, list[str]] = {}
        knowledge: dict[str, list[MatchedItem]] = {}
        for section in template.knowledge:
            candidates = matched.get(section.section, [])
            wanted = (chosen or {}).get(section.section)
            if wanted is None:
                wanted = [c.id for c in candidates[: section.count]]
            by_id = {c.id: c for c in candidates}
            knowledge[section.section] = [by_id[w] for w in wanted if w in by_id]
            picks[section.section] = [w for w in wanted if w in by_id]
        context = self._context(template, values, knowledge, title, author, number)
        with self._db.read() as s:
            context["company"] = template_company(effective_company(s, template.language))
        markdown = render_markdown(template.folder, template.currency, context)
        return Draft(template, values, matched, picks, markdown, report or {})

    def _context(self, template: ProposalTemplate, values: dict[str, Any], knowledge: dict[str, list[MatchedItem]],
                 title: str | None, author: str, number: str) -> dict[str, Any]:
        typed = dict(values)
        money_totals = None
        for spec in template.variables:
            if spec.type == "table" and {"quantity", "unit_price"} <= {c.name for c in spec.columns}:
                priced = quote(values[spec.name], values.get("discount_rate"), values.get("tax_rate"),
                               values.get("unit_prices"), template.currency)
                typed[spec.name] = priced.rows
                if money_totals is None:
                    money_totals = priced
        return {
            "vars": typed,
            "knowledge": knowledge,
            "totals": money_totals,
            "proposal": {
                "title": title or self.default_title(template, values),
                "author": author,
                "date": dt.date.today(),
                "number": number,
            },
        }

    @staticmethod
    def default_title(template: ProposalTemplate, values: dict[str, Any]) -> str:
        customer = str(values.get("customer") or "").strip()
        name = template.title.get(template.language)
        if not customer:
            return name
        return f"{customer} {name}" if template.language.startswith("zh") else f"{name} for {customer}"

    # --- saving --------------------------------------------------------------------------------

    def create(
        self,
        actor: UserView,
        template_name: str,
        raw: dict[str, Any],
        title: str | None = None,
        chosen: dict[str, list[str]] | None = None,
        matched: dict[str, list[MatchedItem]] | None = None,
        markdown: str | None = None,
    ) -> OpResult[ProposalView]:
        """Create a proposal and its first revision. Nothing is saved if anything is wrong."""
        done = self.create_reported(actor, template_name, raw, title, chosen, matched, markdown)
        return OpResult(done.value[0], done.changes)

    def create_reported(
        self,
        actor: UserView,
        template_name: str,
        raw: dict[str, Any],
        title: str | None = None,
        chosen: dict[str, list[str]] | None = None,
        matched: dict[str, list[MatchedItem]] | None = None,
        markdown: str | None = None,
    ) -> OpResult[tuple[ProposalView, dict[str, SectionReport]]]:
        """``create``, with the match report of each knowledge section (what was placed, what
        left out and why; empty when the caller passed ``matched``). The report is not kept: a
        revision has no field for it (only its knowledge items)."""
        actor.require(Permission.EDIT_PROPOSALS)
        # Match and render before the write transaction (matching reads the index and may
        # queue index fixes; none of that may wait on our own write lock).
        with self._db.read() as s:
            provisional = self._next_number(s)
        draft = self.draft(template_name, raw, chosen, title, actor.label, provisional, matched)
        with self._db.write() as s:
            number = self._next_number(s)
            if number != provisional:  # someone else created one meanwhile: the number is in the text
                draft = self.draft(template_name, raw, draft.chosen, title, actor.label, number, draft.matched)
            values = draft.values
            now = utcnow()
            proposal = Proposal(
                number=number,
                title=title or self.default_title(draft.template, values),
                customer=str(values.get("customer") or ""),
                industry=str(values.get("industry") or ""),
                customer_tier=str(values.get("customer_tier") or ""),
                template=draft.template.name,
                author=actor.name,
                status=ProposalStatus.DRAFT.value,
                bid_deadline=values.get("bid_deadline"),
                inputs=_jsonable(raw),
                created_at=now,
                updated_at=now,
            )
            used = [m for section in draft.template.knowledge
                    for m in draft.matched.get(section.section, []) if m.id in draft.chosen.get(section.section, [])]
            proposal.revisions.append(ProposalRevision(
                number=1, markdown=markdown if markdown is not None else draft.markdown,
                knowledge=[m.to_json() for m in used], note="", locked=False, created_at=now, created_by=actor.name,
            ))
            s.add(proposal)
            s.flush()
            for item in used:
                self._record_use(s, proposal, item.id, item.section)
            s.add(AuditEvent(actor=actor.name, entity="proposal", entity_key=number, action="create",
                             detail={"template": draft.template.name}))
            s.flush()
            return OpResult((view(s, proposal), draft.report), CHANGED)

    @staticmethod
    def _next_number(s: Session) -> str:
        prefix = f"P-{dt.date.today().year}-"
        last = s.scalar(select(func.max(Proposal.number)).where(Proposal.number.like(prefix + "%")))
        n = int(last.rsplit("-", 1)[1]) + 1 if last else 1
        return f"{prefix}{n:04d}"

    @staticmethod
    def _record_use(s: Session, proposal: Proposal, slug: str, section: str) -> bool:
        """A knowledge item used in a proposal counts once for that proposal."""
        if s.get(ProposalKnowledge, (proposal.id, slug)) is not None:
            return False
        s.add(ProposalKnowledge(proposal_id=proposal.id, slug=slug, section=section))
        item = s.scalar(select(KnowledgeItem).where(KnowledgeItem.slug == slug))
        if item is not None:
            item.usage_count += 1
        return True

    def insert_item(self, actor: UserView, number: str, slug: str) -> OpResult[Inserted]:
        """The Markdown of a knowledge item the engineer inserts into the proposal's draft, as the
        proposal's document reads it (``matching.in_document``: a Simplified item in a Taiwan
        proposal in Taiwan's words, a Taiwan one in a Hong Kong proposal in Hong Kong's forms,
        as matching places them), its use counted once for the proposal."""
        actor.require(Permission.EDIT_PROPOSALS)
        with self._db.write() as s:
            proposal = self._load(s, number)
            item = s.scalar(select(KnowledgeItem).where(KnowledgeItem.slug == slug))
            if item is None:
                raise NotFound("item_not_found", id=slug)
            document = self.catalog.get(proposal.template).language
            title, body = in_document(item.title, item.body, item.language, document)
            added = self._record_use(s, proposal, slug, "inserted")
            return OpResult(Inserted(title, f"\n### {title}\n\n{demote(body, 2)}\n"), CHANGED if added else OpChanges())

    def save_revision(self, actor: UserView, number: str, markdown: str, note: str = "",
                      knowledge: list[dict[str, object]] | None = None,
                      expected_revision: int | None = None) -> OpResult[ProposalView]:
        """Save the edited draft as a new revision (earlier ones never change). With
        ``expected_revision`` (the latest revision the editor started from), a revision saved
        meanwhile by someone else raises Conflict and nothing is written."""
        actor.require(Permission.EDIT_PROPOSALS)
        with self._db.write() as s:
            proposal = self._load(s, number)
            self._require_author(actor, proposal)
            self._require_editable(proposal)
            latest = proposal.revisions[-1] if proposal.revisions else None
            if expected_revision is not None and latest is not None and latest.number != expected_revision:
                raise Conflict(id=number, by=latest.created_by,
                               at=latest.created_at.astimezone().strftime("%Y-%m-%d %H:%M"))
            if latest is not None and latest.markdown == markdown and not note:
                return OpResult(view(s, proposal), OpChanges())
            proposal.revisions.append(ProposalRevision(
                number=(latest.number + 1) if latest else 1, markdown=markdown,
                knowledge=knowledge if knowledge is not None else (latest.knowledge if latest else []),
                note=note[:500], locked=False, created_at=utcnow(), created_by=actor.name,
            ))
            proposal.updated_at = utcnow()
            s.add(AuditEvent(actor=actor.name, entity="proposal", entity_key=number, action="revise",
                             detail={"revision": len(proposal.revisions)}))
            s.flush()
            return OpResult(view(s, proposal), OpChanges(proposals=True))

    @staticmethod
    def _require_author(actor: UserView, proposal: Proposal) -> None:
        if not is_mine(actor, proposal.author):
            from workbench.core.errors import Forbidden

            raise Forbidden(user=actor.name, role=actor.role.value, action="edit someone else's proposal")

    @staticmethod
    def _require_editable(proposal: Proposal) -> None:
        """What reviewers are reading does not move under them; what they approved never changes."""
        if proposal.status == ProposalStatus.IN_REVIEW.value:
            raise InvalidTransition("proposal_in_review", id=proposal.number, state=Term("status_in_review"))
        if proposal.status in {s.value for s in CLEAN_EXPORT}:
            raise InvalidTransition("proposal_approved", id=proposal.number,
                                 revision=proposal.approved_revision or "?")

    # --- reading -------------------------------------------------------------------------------

    @staticmethod
    def _load(s: Session, number: str) -> Proposal:
        proposal = s.scalar(
            select(Proposal).options(selectinload(Proposal.revisions)).where(Proposal.number == number)
        )
        if proposal is None:
            raise NotFound("proposal_not_found", id=number)
        return proposal

    def get(self, number: str) -> ProposalView:
        with self._db.read() as s:
            return view(s, self._load(s, number))

    def all(self, status: str | None = None, customer: str | None = None) -> list[ProposalView]:
        stmt = select(Proposal).options(selectinload(Proposal.revisions)).order_by(Proposal.updated_at.desc())
        if status:
            stmt = stmt.where(Proposal.status == status)
        if customer:
            stmt = stmt.where(Proposal.customer.ilike(f"%{customer}%"))
        with self._db.read() as s:
            return views(s, s.scalars(stmt))

    def due_soon(self, days: int = DUE_SOON_DAYS, today: dt.date | None = None) -> list[tuple[ProposalView, str, dt.date]]:
        """Open proposals with a milestone in the next ``days`` days, soonest first (the
        definition the proposals table marks them by: ``ProposalView.due_soon``)."""
        today = today or dt.date.today()
        with self._db.read() as s:
            rows = views(s, s.scalars(select(Proposal).options(selectinload(Proposal.revisions)).where(
                Proposal.status.not_in([f.value for f in FINISHED]), Proposal.bid_deadline.is_not(None),
                Proposal.bid_deadline >= today)))
        out = [(v, *due) for v in rows if (due := v.due_soon(days, today)) is not None]
        return sorted(out, key=lambda x: x[2])

    def diff(self, number: str, a: int, b: int) -> list[str]:
        """A readable unified diff between two revisions."""
        view = self.get(number)
        revs = {r.number: r for r in view.revisions}
        if a not in revs or b not in revs:
            raise NotFound("proposal_not_found", id=f"{number} r{a}/r{b}")
        return list(difflib.unified_diff(
            revs[a].markdown.splitlines(), revs[b].markdown.splitlines(),
            fromfile=f"r{a}", tofile=f"r{b}", lineterm="", n=2,
        ))

    # --- exporting -----------------------------------------------------------------------------

    def export(self, number: str, fmt: str, out: Path, revision: int | None = None) -> Path:
        from workbench.core.proposals.export import author_and_company, export_proposal

        view = self.get(number)
        template = self.catalog.get(view.template)
        author, company = author_and_company(self._db, view.author, template.language)
        return export_proposal(view, template, fmt, out, revision, author, company)
