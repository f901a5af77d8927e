"""tender responses: the customer's document, one row per requirement with its answer, the
suggestions auto-answer found, the rows' append-only history, and knowledge items' other wordings

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION tender_row_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'tender_row_events is append-only' USING ERRCODE = 'integrity_constraint_violation';
END $$
"""


def upgrade() -> None:
    op.create_table(
        "tender_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("customer", sa.String(length=200), nullable=False),
        sa.Column("source_name", sa.String(length=255), nullable=False),
        sa.Column("source_format", sa.String(length=10), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("legend", sa.JSON(), nullable=False),
        sa.Column("deviation_table", sa.JSON(), nullable=True),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("owner", sa.String(length=80), nullable=False),
        sa.Column("proposal", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("tender_responses", schema=None) as batch_op:
        batch_op.create_index("ix_tender_responses_owner", ["owner"], unique=False)
        batch_op.create_index("ix_tender_responses_proposal", ["proposal"], unique=False)
    op.create_table(
        "tender_sources",
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["response_id"], ["tender_responses.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("response_id"),
    )
    op.create_table(
        "tender_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("no", sa.Integer(), nullable=False),
        sa.Column("clause", sa.String(length=80), nullable=False),
        sa.Column("mark", sa.String(length=4), nullable=False),
        sa.Column("symbol", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("chapter", sa.Text(), nullable=False),
        sa.Column("points", sa.Float(), nullable=True),
        sa.Column("category", sa.String(length=200), nullable=False),
        sa.Column("location", sa.JSON(), nullable=False),
        sa.Column("allowed_answers", sa.JSON(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("deviation", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("evidence", sa.String(length=500), nullable=False),
        sa.Column("evidence_item", sa.String(length=120), nullable=False),
        sa.Column("evidence_page", sa.String(length=40), nullable=False),
        sa.Column("answer_choice", sa.String(length=120), nullable=False),
        sa.Column("answered_from", sa.String(length=160), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("assignee", sa.String(length=80), nullable=True),
        sa.Column("updated_by", sa.String(length=80), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["response_id"], ["tender_responses.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("response_id", "no", name="uq_tender_rows_response_no"),
    )
    with op.batch_alter_table("tender_rows", schema=None) as batch_op:
        batch_op.create_index("ix_tender_rows_response_id", ["response_id"], unique=False)
        batch_op.create_index("ix_tender_rows_status", ["status"], unique=False)
        batch_op.create_index("ix_tender_rows_assignee", ["assignee"], unique=False)
    op.create_table(
        "tender_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=160), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("band", sa.String(length=10), nullable=False),
        sa.Column("matched", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("stale", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("preview", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["row_id"], ["tender_rows.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("tender_suggestions", schema=None) as batch_op:
        batch_op.create_index("ix_tender_suggestions_row_id", ["row_id"], unique=False)
    op.create_table(
        "tender_row_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("row_no", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["response_id"], ["tender_responses.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("tender_row_events", schema=None) as batch_op:
        batch_op.create_index("ix_tender_row_events_response_id", ["response_id"], unique=False)
    op.create_table(
        "knowledge_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=160), nullable=False),
        sa.Column("added_by", sa.String(length=80), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug", "digest", name="uq_knowledge_questions_slug_digest"),
    )
    with op.batch_alter_table("knowledge_questions", schema=None) as batch_op:
        batch_op.create_index("ix_knowledge_questions_slug", ["slug"], unique=False)
        batch_op.create_index("ix_knowledge_questions_digest", ["digest"], unique=False)

    # a row's history is never rewritten: the database refuses it, not only the app
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER tender_row_events_no_{verb.lower()} BEFORE {verb} ON tender_row_events "
                "BEGIN SELECT RAISE(ABORT, 'tender_row_events is append-only'); END"
            )
    elif op.get_bind().dialect.name == "postgresql":
        op.execute(APPEND_ONLY_FUNCTION)
        op.execute(
            "CREATE TRIGGER tender_row_events_append_only BEFORE UPDATE OR DELETE ON tender_row_events "
            "FOR EACH ROW EXECUTE FUNCTION tender_row_events_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS tender_row_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS tender_row_events_no_delete")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS tender_row_events_append_only ON tender_row_events")
        op.execute("DROP FUNCTION IF EXISTS tender_row_events_append_only()")
    op.drop_table("knowledge_questions")
    op.drop_table("tender_row_events")
    op.drop_table("tender_suggestions")
    op.drop_table("tender_rows")
    op.drop_table("tender_sources")
    op.drop_table("tender_responses")
