"""index queue: items whose search-index entry must be refreshed

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "index_queue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("queued_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("index_queue", schema=None) as batch_op:
        batch_op.create_index("ix_index_queue_slug", ["slug"], unique=False)
    # Every item that exists before the queue does needs indexing once.
    op.execute(
        "INSERT INTO index_queue (slug, queued_at) SELECT slug, CURRENT_TIMESTAMP FROM knowledge_items"
    )


def downgrade() -> None:
    with op.batch_alter_table("index_queue", schema=None) as batch_op:
        batch_op.drop_index("ix_index_queue_slug")
    op.drop_table("index_queue")
