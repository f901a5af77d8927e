"""The index's fields, and how a knowledge item becomes a document."""

from __future__ import annotations

import datetime as dt

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from workbench.core.knowledge.model import ItemView
from workbench.core.search.analysis import analyzer

NEVER = 99991231


def build_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        industry=ID(stored=True),
        product=ID(stored=True),
        status=ID(stored=True),
        language=ID(stored=True),
        customer=ID(stored=True),
        tags=KEYWORD(stored=True, commas=True, lowercase=False, scorable=False),
        title=STORED(),
        body=STORED(),
        # One searchable field (title repeated for weight, tags, customer, product, body): a single
        # field is much faster to query than several (FIELD_NOTES), and phrase-capable.
        content=TEXT(analyzer=analyzer(), phrase=True, spelling=True),
        review_by=NUMERIC(int, bits=32, stored=True),
        updated=NUMERIC(int, bits=64, stored=True, sortable=True),
    )


def date_number(day: dt.date | None) -> int:
    return int(day.strftime("%Y%m%d")) if day else NEVER


def document(item: ItemView) -> dict[str, object]:
    searchable = "\n".join(
        part for part in (item.title, item.title, " ".join(item.tags), item.customer, item.product, item.body) if part
    )
    return {
        "id": item.slug,
        "kind": item.kind.value,
        "industry": item.industry,
        "product": item.product,
        "status": item.status.value,
        "language": item.language,
        "customer": item.customer,
        "tags": ",".join(item.tags),
        "title": item.title,
        "body": item.body,
        "content": searchable,
        "review_by": date_number(item.review_by),
        "updated": int(item.updated_at.timestamp()),
    }
