"""Reading and changing knowledge items, with permissions, history and conflict detection."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Literal, cast

from sqlalchemy import Table, func, or_, select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from workbench.core.changes import OpChanges, OpResult
from workbench.core.db.engine import Database
from workbench.core.db.models import (
    AuditEvent,
    KnowledgeChange,
    KnowledgeItem,
    KnowledgeTag,
    KnowledgeVersion,
    utcnow,
)
from workbench.core.errors import Conflict, InvalidInput, NotFound
from workbench.core.knowledge.language import detect_language
from workbench.core.knowledge.model import (
    Facets,
    ItemDraft,
    ItemFilter,
    ItemView,
    Kind,
    Status,
    VersionView,
    validate_slug,
)
from workbench.core.knowledge.tags import merge_tag_counts, tag_spellings, unique_tags
from workbench.core.users import Permission, UserView, labels

ImportAction = Literal["added", "updated", "unchanged", "kept", "conflict"]
CHANGED = OpChanges(knowledge=True, index=True)
DEFAULT_REVIEW_DAYS = 180


def to_view(item: KnowledgeItem, names: Mapping[str, str] | None = None) -> ItemView:
    """``names``: login -> label (``labels``), to show an owner that is a login by their display
    name; without it the owner text is shown as stored."""
    return ItemView(
        slug=item.slug,
        kind=Kind(item.kind),
        title=item.title,
        body=item.body,
        industry=item.industry,
        product=item.product,
        tags=tuple(t.tag for t in item.tags),
        customer=item.customer,
        language=item.language,
        owner=item.owner,
        status=Status(item.status),
        review_by=item.review_by,
        verified_at=item.verified_at,
        usage_count=item.usage_count,
        created_at=item.created_at,
        updated_at=item.updated_at,
        updated_by=item.updated_by,
        version=item.version,
        owner_label=(names or {}).get(item.owner, item.owner),
    )


def view(s: Session, item: KnowledgeItem) -> ItemView:
    return to_view(item, labels(s, [item.owner]))


def _check_draft(draft: ItemDraft) -> None:
    if not draft.title.strip():
        raise InvalidInput("title_required")


def _apply(item: KnowledgeItem, draft: ItemDraft, actor: UserView) -> None:
    """Copy a draft onto the row. ``content_hash`` remembers the draft as given (before defaults)
    so re-importing the same source file is recognised as unchanged."""
    item.kind = draft.kind.value
    item.title = draft.title.strip()
    item.body = draft.body
    item.industry = draft.industry.strip()
    item.product = draft.product.strip()
    item.customer = draft.customer.strip()
    item.owner = draft.owner.strip() or item.owner or actor.label
    item.status = draft.status.value
    item.review_by = draft.review_by
    item.language = detect_language(f"{draft.title}\n{draft.body}")
    item.content_hash = draft.content_hash()
    wanted = unique_tags(draft.tags)  # 报价 and 報價 in one item are one tag (the first spelling kept)
    existing = {t.tag: t for t in item.tags}
    item.tags = [existing.get(tag) or KnowledgeTag(tag=tag) for tag in wanted]
    for position, tag in enumerate(item.tags):
        tag.position = position


def _record_import(item: KnowledgeItem, draft: ItemDraft) -> None:
    """Remember what this import read (the draft) and wrote (the row): see ``import_decision``."""
    item.import_hash = draft.content_hash()
    item.import_row_hash = to_view_hash(item)


def _snapshot(session: Session, item: KnowledgeItem, action: str, actor: str) -> None:
    session.flush()
    session.add(
        KnowledgeVersion(
            item_id=item.id,
            version=item.version,
            action=action,
            title=item.title,
            body=item.body,
            fields={
                "kind": item.kind,
                "industry": item.industry,
                "product": item.product,
                "customer": item.customer,
                "owner": item.owner,
                "status": item.status,
                "tags": [t.tag for t in item.tags],
                "review_by": item.review_by.isoformat() if item.review_by else None,
            },
            changed_by=actor,
            changed_at=item.updated_at,
        )
    )
    session.add(
        AuditEvent(
            actor=actor,
            entity="knowledge_item",
            entity_key=item.slug,
            action=action,
            detail={"version": item.version},
        )
    )
    session.add(KnowledgeChange(slug=item.slug))


class KnowledgeService:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- reading -------------------------------------------------------------------------

    def items(self, flt: ItemFilter | None = None) -> list[ItemView]:
        flt = flt or ItemFilter()
        stmt = select(KnowledgeItem).options(selectinload(KnowledgeItem.tags))
        if flt.kind:
            stmt = stmt.where(KnowledgeItem.kind == flt.kind)
        if flt.industry:
            stmt = stmt.where(KnowledgeItem.industry == flt.industry)
        if flt.product:
            stmt = stmt.where(KnowledgeItem.product == flt.product)
        if flt.tag:  # every spelling of the tag, across scripts and case
            stmt = stmt.where(
                KnowledgeItem.id.in_(select(KnowledgeTag.item_id).where(KnowledgeTag.tag.in_(tag_spellings(flt.tag))))
            )
        if flt.status:
            stmt = stmt.where(KnowledgeItem.status == flt.status)
        elif not flt.include_archived:
            stmt = stmt.where(KnowledgeItem.status != Status.ARCHIVED.value)
        if flt.stale_only:
            stmt = stmt.where(
                KnowledgeItem.review_by < dt.date.today(),
                KnowledgeItem.status != Status.ARCHIVED.value,
            )
        if flt.text.strip():
            like = f"%{flt.text.strip()}%"
            stmt = stmt.where(or_(KnowledgeItem.title.ilike(like), KnowledgeItem.body.ilike(like)))
        stmt = stmt.order_by(KnowledgeItem.kind, KnowledgeItem.title)
        with self._db.read() as s:
            rows = list(s.scalars(stmt))
            names = labels(s, [i.owner for i in rows])
            return [to_view(i, names) for i in rows]

    def get(self, slug: str) -> ItemView:
        with self._db.read() as s:
            return view(s, self._load(s, slug))

    def count(self) -> int:
        with self._db.read() as s:
            return int(s.scalar(select(func.count(KnowledgeItem.id))) or 0)

    def facets(self) -> Facets:
        with self._db.read() as s:
            live = KnowledgeItem.status != Status.ARCHIVED.value

            def distinct(col: object) -> tuple[str, ...]:
                rows = s.scalars(select(col).where(live).distinct().order_by(col))  # type: ignore[call-overload]
                return tuple(v for v in rows if v)

            counts = s.execute(
                select(KnowledgeTag.tag, func.count()).join(KnowledgeItem).where(live).group_by(KnowledgeTag.tag)
            )
            # one entry per tag across scripts (报价/報價), under its most used spelling
            tags = [tag for tag, _n in merge_tag_counts((str(t), int(n)) for t, n in counts)]
            return Facets(
                industries=distinct(KnowledgeItem.industry),
                products=distinct(KnowledgeItem.product),
                tags=tuple(tags),
                owners=distinct(KnowledgeItem.owner),
            )

    def history(self, slug: str) -> list[VersionView]:
        with self._db.read() as s:
            item = self._load(s, slug)
            names = labels(s, [v.changed_by for v in item.versions])
            return [
                VersionView(v.version, v.action, v.title, v.body, v.changed_by, v.changed_at, dict(v.fields),
                            names.get(v.changed_by, v.changed_by))
                for v in item.versions
            ]

    # --- writing -------------------------------------------------------------------------

    def create(self, actor: UserView, draft: ItemDraft) -> OpResult[ItemView]:
        actor.require(Permission.EDIT_KNOWLEDGE)
        _check_draft(draft)
        slug = validate_slug(draft.slug)
        with self._db.write() as s:
            if (taken := s.scalar(select(KnowledgeItem.title).where(KnowledgeItem.slug == slug))) is not None:
                raise InvalidInput("slug_taken", id=slug, title=taken)
            item = self._insert(s, actor, draft, slug, "create")
            return OpResult(view(s, item), CHANGED)

    def create_in(self, session: Session, actor: UserView, draft: ItemDraft) -> ItemView:
        """Create an item inside the caller's transaction (a retrospective's lessons are written
        with the retrospective or not at all); queued for the search index like any other."""
        actor.require(Permission.EDIT_KNOWLEDGE)
        _check_draft(draft)
        slug = validate_slug(draft.slug)
        if (taken := session.scalar(select(KnowledgeItem.title).where(KnowledgeItem.slug == slug))) is not None:
            raise InvalidInput("slug_taken", id=slug, title=taken)
        return view(session, self._insert(session, actor, draft, slug, "create"))

    def update(
        self, actor: UserView, slug: str, draft: ItemDraft, expected_version: int | None
    ) -> OpResult[ItemView]:
        """Save an edit. ``expected_version`` is the version the editor opened; if someone saved
        in between, Conflict is raised and nothing is written."""
        actor.require(Permission.EDIT_KNOWLEDGE)
        _check_draft(draft)
        try:
            with self._db.write() as s:
                item = self._load(s, slug)
                self._check_version(item, expected_version)
                changed = self._edit(s, item, draft, actor)
                return OpResult(view(s, item), CHANGED if changed else OpChanges())
        except StaleDataError:
            current = self.get(slug)
            raise Conflict(id=_named(current.title, slug), by=current.updated_by, at=_when(current.updated_at)) from None

    def update_in(self, session: Session, actor: UserView, slug: str, draft: ItemDraft) -> ItemView:
        """Save an edit inside the caller's transaction (a retrospective adds its bid to a lesson
        the library already holds, with the retrospective or not at all); a new version, queued
        for the search index like any edit."""
        actor.require(Permission.EDIT_KNOWLEDGE)
        _check_draft(draft)
        item = self._load(session, slug)
        self._edit(session, item, draft, actor)
        return view(session, item)

    def set_status(
        self, actor: UserView, slug: str, status: Status, expected_version: int | None = None
    ) -> OpResult[ItemView]:
        actor.require(
            Permission.ARCHIVE_KNOWLEDGE if status is Status.ARCHIVED else Permission.EDIT_KNOWLEDGE
        )
        with self._db.write() as s:
            item = self._load(s, slug)
            self._check_version(item, expected_version)
            if item.status == status.value:
                return OpResult(view(s, item), OpChanges())
            item.status = status.value
            self._touch(item, actor)
            action = {"archived": "archive", "published": "publish", "draft": "unpublish"}[status.value]
            _snapshot(s, item, action, actor.name)
            return OpResult(view(s, item), CHANGED)

    def archive(self, actor: UserView, slug: str, expected_version: int | None = None) -> OpResult[ItemView]:
        return self.set_status(actor, slug, Status.ARCHIVED, expected_version)

    def verify(self, actor: UserView, slug: str, days: int = DEFAULT_REVIEW_DAYS) -> OpResult[ItemView]:
        """The owner confirms the item is still true: freshness restarts from today."""
        actor.require(Permission.EDIT_KNOWLEDGE)
        with self._db.write() as s:
            item = self._load(s, slug)
            item.verified_at = utcnow()
            item.review_by = dt.date.today() + dt.timedelta(days=days)
            self._touch(item, actor)
            _snapshot(s, item, "verify", actor.name)
            return OpResult(view(s, item), CHANGED)

    def record_use(self, slug: str) -> OpResult[ItemView]:
        with self._db.write() as s:
            item = self._load(s, slug)
            item.usage_count += 1
            return OpResult(view(s, item), OpChanges(knowledge=True))

    # --- importing (workbench/core/knowledge/importer.py drives these, in batches) ---------

    @staticmethod
    def items_for_import(session: Session, slugs: list[str]) -> dict[str, KnowledgeItem]:
        """The items with these ids, tags loaded, for ``import_decision``/``apply_import``."""
        stmt = select(KnowledgeItem).options(selectinload(KnowledgeItem.tags)).where(KnowledgeItem.slug.in_(slugs))
        return {item.slug: item for item in session.scalars(stmt)}

    def apply_import(
        self, session: Session, actor: UserView, draft: ItemDraft, item: KnowledgeItem | None
    ) -> ImportAction:
        """Import one item inside the caller's (write) transaction, by ``import_decision``: add,
        update, or leave it (unchanged, kept, conflict). ``item`` is the row with the draft's id
        as loaded in this transaction, or None."""
        actor.require(Permission.IMPORT_KNOWLEDGE)
        _check_draft(draft)
        slug = validate_slug(draft.slug)
        action, stale = import_decision(item, draft)
        if action == "added":
            self._insert(session, actor, draft, slug, "import", imported=True)
        elif action == "updated":
            assert item is not None
            _apply(item, draft, actor)
            self._touch(item, actor)
            _record_import(item, draft)
            _snapshot(session, item, "import", actor.name)
        if not stale:
            return action
        assert item is not None
        # unchanged content, only the record is out of date: a statement of its own, so that
        # bookkeeping does not move the item's version (editors holding it would see a conflict)
        table = cast(Table, KnowledgeItem.__table__)
        session.execute(
            update(table)
            .where(table.c.id == item.id)
            .values(import_hash=draft.content_hash(), import_row_hash=to_view_hash(item))
        )
        return action

    # --- helpers -------------------------------------------------------------------------

    @staticmethod
    def _load(session: Session, slug: str) -> KnowledgeItem:
        item = session.scalar(
            select(KnowledgeItem)
            .options(selectinload(KnowledgeItem.tags), selectinload(KnowledgeItem.versions))
            .where(KnowledgeItem.slug == slug)
        )
        if item is None:
            raise NotFound("item_not_found", id=slug)
        return item

    @staticmethod
    def _check_version(item: KnowledgeItem, expected: int | None) -> None:
        if expected is not None and item.version != expected:
            raise Conflict(id=_named(item.title, item.slug), by=item.updated_by, at=_when(item.updated_at))

    @classmethod
    def _edit(cls, session: Session, item: KnowledgeItem, draft: ItemDraft, actor: UserView) -> bool:
        """The draft saved over the item as a new version; False when it changes nothing."""
        if to_view_hash(item) == draft.content_hash():
            return False
        _apply(item, draft, actor)
        cls._touch(item, actor)
        _snapshot(session, item, "edit", actor.name)
        return True

    @staticmethod
    def _touch(item: KnowledgeItem, actor: UserView) -> None:
        item.updated_at = utcnow()
        item.updated_by = actor.name

    @staticmethod
    def _insert(
        session: Session, actor: UserView, draft: ItemDraft, slug: str, action: str, imported: bool = False
    ) -> KnowledgeItem:
        now = utcnow()
        item = KnowledgeItem(
            slug=slug, created_at=now, created_by=actor.name, updated_at=now, updated_by=actor.name
        )
        item.tags = []
        _apply(item, draft, actor)
        if imported:
            _record_import(item, draft)
        session.add(item)
        _snapshot(session, item, action, actor.name)
        return item


def to_view_hash(item: KnowledgeItem) -> str:
    """The hash of what the row holds now (after defaults), to tell a no-op save."""
    return to_view(item).to_draft().content_hash()


def import_decision(item: KnowledgeItem | None, draft: ItemDraft) -> tuple[ImportAction, bool]:
    """What importing ``draft`` does to ``item``, and whether the item's import record is stale
    (its content already equals the file's, but the record says otherwise: it is brought up to
    date so that the next re-import compares with this one).

    Who changed the item since the last import: the file, if the draft differs from what that
    import read (``import_hash``); the app, if the item differs from what that import wrote
    (``import_row_hash``). Only the file: updated. Only the app: kept (the newer edit stays).
    Both: a conflict, never applied. An item never imported (or from before imports were
    recorded) counts as changed in the app, so a file that differs from it is a conflict too."""
    if item is None:
        return "added", False
    wanted = draft.content_hash()
    current = to_view_hash(item)
    # what the item would hold after the import (a file without an owner keeps the item's)
    result = replace(draft, owner=draft.owner or item.owner).content_hash()
    if result == current or (item.import_hash is None and wanted == item.content_hash):
        return "unchanged", (item.import_hash, item.import_row_hash) != (wanted, current)
    file_changed = item.import_hash != wanted
    app_changed = item.import_row_hash != current
    if not app_changed:
        return ("updated" if file_changed else "unchanged"), False
    return ("conflict" if file_changed else "kept"), False


def _when(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _named(title: str, slug: str) -> str:
    """An item as messages name it: by the title its author gave it, with the id in parentheses
    for the CLI (which takes ids); the edit-conflict message is shared with proposals, whose
    numbers are their names, so the title goes in through its {id}."""
    return f"{title} ({slug})"
