"""tender suggestions say which leg found them: "words" (the keyword ranking) or "meaning" (the
sentence vectors alone, no word in common), so the Responses screen can say why an answer that
shares no word with the requirement is offered

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tender_suggestions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("found_by", sa.String(length=10), nullable=False, server_default="words"))


def downgrade() -> None:
    with op.batch_alter_table("tender_suggestions", schema=None) as batch_op:
        batch_op.drop_column("found_by")
