"""item vectors: the passage vectors of each item's current version, per encoder, shared through
the team's database so that a laptop fetches what another already encoded instead of encoding it

Revision ID: 0012
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "item_vectors",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("encoder", sa.String(length=80), nullable=False),
        sa.Column("content_key", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("dim", sa.Integer(), nullable=False),
        sa.Column("passages", sa.Integer(), nullable=False),
        sa.Column("vectors", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["knowledge_items.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id", "encoder"),
    )


def downgrade() -> None:
    op.drop_table("item_vectors")
