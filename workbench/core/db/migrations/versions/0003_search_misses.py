"""search misses: searches that found nothing, for the content-gaps list

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_misses",
        sa.Column("normalized", sa.String(length=300), nullable=False),
        sa.Column("query", sa.String(length=300), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(), nullable=False),
        sa.Column("last_by", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("normalized"),
    )


def downgrade() -> None:
    op.drop_table("search_misses")
