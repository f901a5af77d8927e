"""team mode: passwords and login sessions; the index queue becomes a change log that every
laptop's search index follows with its own watermark; a database identity

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("password_hash", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("password_set_at", sa.DateTime(), nullable=True))

    op.create_table(
        "user_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("client", sa.String(length=120), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.create_index("ix_user_sessions_user_id", ["user_id"], unique=False)

    # index_queue (rows deleted by whichever process indexed them) -> knowledge_changes (an
    # append-only log: every laptop remembers how far it has applied it)
    op.create_table(
        "knowledge_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("knowledge_changes", schema=None) as batch_op:
        batch_op.create_index("ix_knowledge_changes_slug", ["slug"], unique=False)
    op.execute(
        "INSERT INTO knowledge_changes (id, slug, changed_at, deleted) "
        "SELECT id, slug, queued_at, false FROM index_queue ORDER BY id"
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "SELECT setval(pg_get_serial_sequence('knowledge_changes', 'id'), "
            "COALESCE((SELECT MAX(id) FROM knowledge_changes), 0) + 1, false)"
        )
    with op.batch_alter_table("index_queue", schema=None) as batch_op:
        batch_op.drop_index("ix_index_queue_slug")
    op.drop_table("index_queue")

    # which database this is: a laptop's search index records it, so pointing the app at another
    # database (or a restored copy) is noticed and the index rebuilt
    settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.Text))
    op.bulk_insert(settings, [{"key": "database_id", "value": uuid.uuid4().hex}])


def downgrade() -> None:
    op.execute("DELETE FROM settings WHERE key = 'database_id'")
    op.create_table(
        "index_queue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("queued_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("index_queue", schema=None) as batch_op:
        batch_op.create_index("ix_index_queue_slug", ["slug"], unique=False)
    # every item once: each laptop re-indexes whatever it had not applied yet
    op.execute("INSERT INTO index_queue (slug, queued_at) SELECT slug, CURRENT_TIMESTAMP FROM knowledge_items")
    with op.batch_alter_table("knowledge_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_knowledge_changes_slug")
    op.drop_table("knowledge_changes")

    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_user_sessions_user_id")
    op.drop_table("user_sessions")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("password_set_at")
        batch_op.drop_column("password_hash")
