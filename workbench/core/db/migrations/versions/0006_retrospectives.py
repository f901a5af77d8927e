"""win/loss retrospectives: outcomes, managed lists of loss reasons and competitors, lessons

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# PostgreSQL: the trigger function of migration 0005, with the same exception for demo rows
APPEND_ONLY_EXCEPT_DEMO = """
CREATE OR REPLACE FUNCTION review_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND (OLD.detail::jsonb -> 'demo') = 'true'::jsonb THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'review_events is append-only' USING ERRCODE = 'integrity_constraint_violation';
END $$
"""
APPEND_ONLY = """
CREATE OR REPLACE FUNCTION review_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'review_events is append-only' USING ERRCODE = 'integrity_constraint_violation';
END $$
"""

# the taxonomy a new database starts with (workbench.core.retro.taxonomy.LOSS_REASONS, copied so
# this migration never changes when the code's list does)
REASONS = (
    ("price", "Price", "价格"),
    ("technical_fit", "Technical fit", "技术匹配度"),
    ("relationship", "Relationship", "客户关系"),
    ("timing", "Timing", "时机"),
    ("budget", "Budget", "预算"),
    ("requirements_mismatch", "Requirements mismatch", "需求不匹配"),
    ("competitor_strength", "Competitor strength", "竞争对手实力"),
    ("delivery_risk", "Delivery risk", "交付风险"),
    ("other", "Other", "其他"),
)


def upgrade() -> None:
    reasons = op.create_table(
        "loss_reasons",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label_en", sa.String(length=120), nullable=False),
        sa.Column("label_zh", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.bulk_insert(reasons, [
        {"code": c, "label_en": en, "label_zh": zh, "position": n, "active": True}
        for n, (c, en, zh) in enumerate(REASONS)
    ])
    op.create_table(
        "competitors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_table(
        "retrospectives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("contract_value", sa.BigInteger(), nullable=True),
        sa.Column("other_reason", sa.Text(), nullable=False),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("what_worked", sa.Text(), nullable=False),
        sa.Column("to_improve", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=80), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=80), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("proposal_id"),
    )
    with op.batch_alter_table("retrospectives", schema=None) as batch_op:
        batch_op.create_index("ix_retrospectives_outcome", ["outcome"], unique=False)
        batch_op.create_index("ix_retrospectives_decided_on", ["decided_on"], unique=False)
    op.create_table(
        "retro_reasons",
        sa.Column("retro_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["retro_id"], ["retrospectives.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["code"], ["loss_reasons.code"]),
        sa.PrimaryKeyConstraint("retro_id", "code"),
    )
    with op.batch_alter_table("retro_reasons", schema=None) as batch_op:
        batch_op.create_index("ix_retro_reasons_code", ["code", "rank"], unique=False)
    op.create_table(
        "retro_competitors",
        sa.Column("retro_id", sa.Integer(), nullable=False),
        sa.Column("competitor_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["retro_id"], ["retrospectives.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["competitor_id"], ["competitors.id"]),
        sa.PrimaryKeyConstraint("retro_id", "competitor_id"),
    )
    with op.batch_alter_table("retro_competitors", schema=None) as batch_op:
        batch_op.create_index("ix_retro_competitors_competitor_id", ["competitor_id"], unique=False)
    op.create_table(
        "retro_lessons",
        sa.Column("retro_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["retro_id"], ["retrospectives.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("retro_id", "slug"),
    )
    with op.batch_alter_table("retro_lessons", schema=None) as batch_op:
        batch_op.create_index("ix_retro_lessons_slug", ["slug"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        # The review audit trail stays append-only, except for rows the demo history generated
        # (marked in their detail), so that `workbench demo remove-history` can take them away.
        op.execute("DROP TRIGGER IF EXISTS review_events_no_delete")
        op.execute(
            "CREATE TRIGGER review_events_no_delete BEFORE DELETE ON review_events "
            "WHEN json_extract(OLD.detail, '$.demo') IS NOT 1 "
            "BEGIN SELECT RAISE(ABORT, 'review_events is append-only'); END"
        )
    elif op.get_bind().dialect.name == "postgresql":
        op.execute(APPEND_ONLY_EXCEPT_DEMO)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS review_events_no_delete")
        op.execute(
            "CREATE TRIGGER review_events_no_delete BEFORE DELETE ON review_events "
            "BEGIN SELECT RAISE(ABORT, 'review_events is append-only'); END"
        )
    elif op.get_bind().dialect.name == "postgresql":
        op.execute(APPEND_ONLY)
    op.drop_table("retro_lessons")
    op.drop_table("retro_competitors")
    op.drop_table("retro_reasons")
    op.drop_table("retrospectives")
    op.drop_table("competitors")
    op.drop_table("loss_reasons")
