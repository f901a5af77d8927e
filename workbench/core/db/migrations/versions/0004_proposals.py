"""proposals, their revisions, and the knowledge they use

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("customer", sa.String(length=200), nullable=False),
        sa.Column("industry", sa.String(length=80), nullable=False),
        sa.Column("customer_tier", sa.String(length=10), nullable=False),
        sa.Column("template", sa.String(length=120), nullable=False),
        sa.Column("author", sa.String(length=80), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("bid_deadline", sa.Date(), nullable=True),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.create_index("ix_proposals_customer", ["customer"], unique=False)
        batch_op.create_index("ix_proposals_author", ["author"], unique=False)
        batch_op.create_index("ix_proposals_status", ["status"], unique=False)
        batch_op.create_index("ix_proposals_bid_deadline", ["bid_deadline"], unique=False)
    op.create_table(
        "proposal_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("markdown", sa.Text(), nullable=False),
        sa.Column("knowledge", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("proposal_revisions", schema=None) as batch_op:
        batch_op.create_index("ix_proposal_revisions_proposal_id", ["proposal_id"], unique=False)
    op.create_table(
        "proposal_knowledge",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("section", sa.String(length=80), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("proposal_id", "slug"),
    )


def downgrade() -> None:
    op.drop_table("proposal_knowledge")
    op.drop_table("proposal_revisions")
    op.drop_table("proposals")
