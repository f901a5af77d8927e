"""who reads a tender response's answers, when its owner said so: zh-TW (Taiwan), zh-HK (Hong Kong)
or zh-Hant (Traditional characters only); NULL while it is guessed from the tender's text

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tender_responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("readers", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tender_responses", schema=None) as batch_op:
        batch_op.drop_column("readers")
