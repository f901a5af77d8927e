"""Plain values for knowledge items: what crosses from the core to the CLI and the GUI."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from enum import StrEnum

from workbench.core.errors import InvalidInput


class Kind(StrEnum):
    CASE = "case"
    FAQ = "faq"
    OBJECTION = "objection"
    LESSON = "lesson"


class Status(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


INDUSTRIES = ("manufacturing", "education", "healthcare", "finance", "retail", "saas", "energy")

_SLUG_RE = re.compile(r"^[\w][\w\-]{0,119}$")
_SLUG_STRIP = re.compile(r"[^\w]+")
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")


def slugify(text: str, prefix: str = "") -> str:
    """A stable id from a file name or a title: lower case, words joined by dashes."""
    slug = _SLUG_STRIP.sub("-", text.strip().lower()).strip("-_")
    if prefix and not slug.startswith(prefix + "-"):
        slug = f"{prefix}-{slug}" if slug else prefix
    return slug[:120].rstrip("-") or "item"


def validate_slug(slug: str) -> str:
    if not _SLUG_RE.match(slug):
        raise InvalidInput("invalid_slug", id=slug)
    return slug


def parse_kind(value: str) -> Kind:
    try:
        return Kind(str(value).strip().lower())
    except ValueError:
        raise InvalidInput("invalid_kind", kind=value, choices=", ".join(k.value for k in Kind)) from None


def parse_status(value: str) -> Status:
    try:
        return Status(str(value).strip().lower())
    except ValueError:
        raise InvalidInput(
            "invalid_status", status=value, choices=", ".join(s.value for s in Status)
        ) from None


def parse_date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput("invalid_date", value=str(value)) from None


def clean_tags(tags: object) -> list[str]:
    """Tags from a list or a comma/semicolon/、 separated string; trimmed, de-duplicated, ordered."""
    if tags is None:
        return []
    if isinstance(tags, str):
        parts = re.split(r"[,，;；、|]", tags)
    elif isinstance(tags, (list, tuple)):
        parts = [str(t) for t in tags if t is not None]
    else:
        parts = [str(tags)]
    seen: list[str] = []
    for part in parts:
        tag = part.strip().strip("#").strip()[:80]
        if tag and tag not in seen:
            seen.append(tag)
    return seen


@dataclass(frozen=True)
class ItemDraft:
    """What a person (or an import) says an item is; the service fills in the rest."""

    kind: Kind
    title: str
    body: str
    slug: str = ""
    industry: str = ""
    product: str = ""
    tags: tuple[str, ...] = ()
    customer: str = ""
    owner: str = ""
    status: Status = Status.PUBLISHED
    review_by: dt.date | None = None

    def __post_init__(self) -> None:
        # One canonical form, so the same content always hashes (and round-trips) the same.
        set_ = object.__setattr__
        set_(self, "title", " ".join(self.title.split()))
        set_(self, "body", _LEADING_BLANK_LINES.sub("", self.body.replace("\r\n", "\n")).rstrip())
        for name in ("slug", "industry", "product", "customer", "owner"):
            set_(self, name, str(getattr(self, name)).strip())
        set_(self, "tags", tuple(clean_tags(list(self.tags))))

    def content_hash(self) -> str:
        payload = {
            "kind": self.kind.value,
            "title": self.title,
            "body": self.body,
            "industry": self.industry,
            "product": self.product,
            "tags": list(self.tags),
            "customer": self.customer,
            "owner": self.owner,
            "status": self.status.value,
            "review_by": self.review_by.isoformat() if self.review_by else None,
        }
        raw = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
        return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class ItemView:
    slug: str
    kind: Kind
    title: str
    body: str
    industry: str
    product: str
    tags: tuple[str, ...]
    customer: str
    language: str
    owner: str
    status: Status
    review_by: dt.date | None
    verified_at: dt.datetime | None
    usage_count: int
    created_at: dt.datetime
    updated_at: dt.datetime
    updated_by: str
    version: int
    # ``owner`` is free text (who answers for the item); when it is a user's login, the name
    # people read for that user (their display name), else the text itself
    owner_label: str = ""

    def is_stale(self, today: dt.date | None = None) -> bool:
        today = today or dt.date.today()
        return self.status is not Status.ARCHIVED and self.review_by is not None and self.review_by < today

    def to_draft(self) -> ItemDraft:
        return ItemDraft(
            kind=self.kind,
            title=self.title,
            body=self.body,
            slug=self.slug,
            industry=self.industry,
            product=self.product,
            tags=self.tags,
            customer=self.customer,
            owner=self.owner,
            status=self.status,
            review_by=self.review_by,
        )

    def summary(self) -> dict[str, object]:
        return {
            "id": self.slug,
            "kind": self.kind.value,
            "title": self.title,
            "industry": self.industry,
            "product": self.product,
            "tags": list(self.tags),
            "status": self.status.value,
            "language": self.language,
            "owner": self.owner,
            "review_by": self.review_by.isoformat() if self.review_by else None,
            "stale": self.is_stale(),
            "updated_at": self.updated_at.isoformat(),
        }


@dataclass(frozen=True)
class VersionView:
    version: int
    action: str
    title: str
    body: str
    changed_by: str
    changed_at: dt.datetime
    fields: dict[str, object] = field(default_factory=dict)
    changed_by_label: str = ""  # the name people read (display name, else the login)


@dataclass(frozen=True)
class ItemFilter:
    kind: str | None = None
    industry: str | None = None
    product: str | None = None
    tag: str | None = None
    status: str | None = None
    include_archived: bool = False
    stale_only: bool = False
    text: str = ""


@dataclass(frozen=True)
class Facets:
    industries: tuple[str, ...]
    products: tuple[str, ...]
    tags: tuple[str, ...]
    owners: tuple[str, ...]
