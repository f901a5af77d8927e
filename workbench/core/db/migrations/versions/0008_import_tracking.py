"""imports: remember what the last import wrote to each item, so a re-import can tell an edit
made in the app since (kept, or a conflict) from a change in the file (applied)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _row_hash(row: sa.Row[tuple[object, ...]], tags: list[str]) -> str:
    """The content hash of an item as stored (ItemDraft.content_hash as of this revision, frozen
    here so that later changes to the app cannot change what this migration computes)."""
    review_by = row.review_by
    if isinstance(review_by, (dt.date, dt.datetime)):
        review_by = review_by.isoformat()[:10]
    payload = {
        "kind": row.kind,
        "title": row.title,
        "body": row.body,
        "industry": row.industry,
        "product": row.product,
        "tags": tags,
        "customer": row.customer,
        "owner": row.owner,
        "status": row.status,
        "review_by": str(review_by)[:10] if review_by else None,
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table("knowledge_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("import_row_hash", sa.String(length=64), nullable=True))

    # Items whose latest change was an import: that import's draft is the stored content_hash and
    # the row is still as it left it. Items changed in the app since stay unknown (None): a
    # re-import that differs from them is reported as a conflict, never applied silently.
    conn = op.get_bind()
    latest = conn.execute(sa.text(
        "SELECT i.id, i.kind, i.title, i.body, i.industry, i.product, i.customer, i.owner, i.status, "
        "i.review_by, i.content_hash FROM knowledge_items i "
        "JOIN knowledge_versions v ON v.item_id = i.id "
        "WHERE v.action = 'import' AND v.version = "
        "(SELECT MAX(w.version) FROM knowledge_versions w WHERE w.item_id = i.id)"
    )).all()
    for row in latest:
        tags = list(conn.execute(
            sa.text("SELECT tag FROM knowledge_tags WHERE item_id = :id ORDER BY position"), {"id": row.id}
        ).scalars())
        conn.execute(
            sa.text("UPDATE knowledge_items SET import_hash = :h, import_row_hash = :r WHERE id = :id"),
            {"h": row.content_hash, "r": _row_hash(row, tags), "id": row.id},
        )


def downgrade() -> None:
    with op.batch_alter_table("knowledge_items", schema=None) as batch_op:
        batch_op.drop_column("import_row_hash")
        batch_op.drop_column("import_hash")
