"""team rules for review comments and shared vectors: a comment goes with its own comment event,
both on the server's clock; shared vectors are for the text an item has; viewers share vectors
through a checked function (nothing changes on SQLite)

PostgreSQL only, for people's own connections (the schema owner's are not checked, as in 0011):

1. a review comment is written on the revision under review, at the server's time, and at
   commit each comment has an event of its own (same proposal, writer, revision, tier and text: a
   comment event of the same section, or the approval or request for changes it explains): a
   comment cannot be slipped in without the trail showing it. A review
   event's time is the server's too (no back-dated approval);
2. a row of ``item_vectors`` (0012) carries the key of the item's current text (its content hash,
   or ``v<version>`` for an item without one) and the item's version, and its size fits its
   passages and dimension: a laptop cannot publish vectors for text the item does not have;
3. ``workbench_publish_vectors(...)``, SECURITY DEFINER with a fixed ``search_path``: any active
   person (viewers included, who may not write tables) replaces one item's vectors of one encoder,
   under the same checks.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

REFUSED = "42501"  # insufficient_privilege: the app turns it into Forbidden
MAX_PASSAGES = 8  # workbench.core.meaning.passages.MAX_PASSAGES (a migration does not import the app)
MAX_DIM = 4096  # larger than any encoder's output the app ships or accepts
SERVER_TIME = "(now() AT TIME ZONE 'UTC')"  # the columns hold UTC without a zone


def _refuse(message: str, *args: str) -> str:
    extra = "".join(f", {a}" for a in args)
    return f"RAISE EXCEPTION '{message}'{extra} USING ERRCODE = '{REFUSED}'"


def _functions(schema: str) -> list[str]:
    path = f'SET search_path = "{schema}", pg_temp'
    definer = f"LANGUAGE plpgsql SECURITY DEFINER {path}"
    vector_checks = f"""    SELECT k.content_hash, k.version INTO item FROM knowledge_items k WHERE k.id = v_item;
    IF NOT FOUND THEN {_refuse('no knowledge item %', 'v_item')}; END IF;
    IF v_key IS DISTINCT FROM coalesce(nullif(item.content_hash, ''), 'v' || item.version) THEN
        {_refuse('vectors of item % are for text it does not have (%)', 'v_item', 'v_key')};
    END IF;
    IF v_dim NOT BETWEEN 1 AND {MAX_DIM} OR v_passages NOT BETWEEN 1 AND {MAX_PASSAGES}
       OR octet_length(v_vectors) IS DISTINCT FROM v_passages * v_dim * 2 THEN
        {_refuse('vectors of item % do not fit their size', 'v_item')};
    END IF;"""
    return [
        # 0011's rules for a comment, and: on the revision under review, at the server's time
        f"""CREATE OR REPLACE FUNCTION review_comments_rules() RETURNS trigger {definer} AS $$
DECLARE me record; under_review integer;
BEGIN
    IF workbench_is_owner() THEN RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END; END IF;
    IF TG_OP = 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM proposals p WHERE p.id = OLD.proposal_id) THEN
            {_refuse('a review comment stays with its proposal')};
        END IF;
        RETURN OLD;
    END IF;
    SELECT * INTO me FROM workbench_caller();
    IF TG_OP = 'UPDATE' THEN {_refuse('a review comment is not changed')}; END IF;
    IF NEW.author IS DISTINCT FROM session_user::text THEN
        {_refuse('a review comment is written in the name of its writer (%), not of %', 'session_user', 'NEW.author')};
    END IF;
    IF NOT (me.role = 'admin' OR (me.role = 'reviewer' AND me.tier IS NOT NULL)
            OR EXISTS (SELECT 1 FROM proposals p WHERE p.id = NEW.proposal_id AND p.author = session_user::text)) THEN
        {_refuse('% takes no part in this review', 'me.name')};
    END IF;
    SELECT i.revision INTO under_review FROM review_items i WHERE i.proposal_id = NEW.proposal_id;
    IF under_review IS NULL OR NEW.revision IS DISTINCT FROM under_review THEN
        {_refuse('a comment is on the revision under review (%), not on %', 'under_review', 'NEW.revision')};
    END IF;
    NEW.at := {SERVER_TIME};
    RETURN NEW;
END $$""",
        # at commit: as many comment events as comments, field for field, per writer and text
        f"""CREATE OR REPLACE FUNCTION review_comments_have_events() RETURNS trigger {definer} AS $$
DECLARE c record; comments integer; events integer;
BEGIN
    IF workbench_is_owner() THEN RETURN NULL; END IF;
    SELECT * INTO c FROM review_comments WHERE id = NEW.id;
    IF NOT FOUND THEN RETURN NULL; END IF;
    SELECT count(*) INTO comments FROM review_comments x WHERE x.proposal_id = c.proposal_id
        AND x.author = c.author AND x.revision = c.revision AND x.tier IS NOT DISTINCT FROM c.tier
        AND x.section = c.section AND x.body = c.body;
    SELECT count(*) INTO events FROM review_events e WHERE e.proposal_id = c.proposal_id
        AND e.actor = c.author AND e.revision = c.revision AND e.tier IS NOT DISTINCT FROM c.tier
        AND e.comment = c.body
        AND ((e.action = 'comment' AND coalesce(e.detail->>'section', '') = c.section)
             OR e.action IN ('approve', 'request_changes'));  -- a decision's remark is its comment
    IF events < comments THEN
        {_refuse('a review comment is written with its comment event (% has none)', 'c.author')};
    END IF;
    RETURN NULL;
END $$""",
        f"""CREATE OR REPLACE FUNCTION review_events_at() RETURNS trigger {definer} AS $$
BEGIN
    IF NOT workbench_is_owner() THEN NEW.at := {SERVER_TIME}; END IF;
    RETURN NEW;
END $$""",
        f"""CREATE OR REPLACE FUNCTION item_vectors_rules() RETURNS trigger {definer} AS $$
DECLARE item record; v_item integer := NEW.item_id; v_key text := NEW.content_key; v_dim integer := NEW.dim;
    v_passages integer := NEW.passages; v_vectors bytea := NEW.vectors;
BEGIN
    IF workbench_is_owner() THEN RETURN NEW; END IF;
    PERFORM workbench_caller();
{vector_checks}
    NEW.version := item.version;
    RETURN NEW;
END $$""",
        f"""CREATE OR REPLACE FUNCTION workbench_publish_vectors(v_item integer, v_encoder text, v_key text,
        v_dim integer, v_passages integer, v_vectors bytea) RETURNS void {definer} AS $$
DECLARE item record;
BEGIN
    IF NOT workbench_is_owner() THEN PERFORM workbench_caller(); END IF;
{vector_checks}
    IF length(v_encoder) NOT BETWEEN 1 AND 80 THEN {_refuse('an encoder is named in 1 to 80 characters')}; END IF;
    DELETE FROM item_vectors WHERE item_id = v_item AND encoder = v_encoder;
    INSERT INTO item_vectors (item_id, encoder, content_key, version, dim, passages, vectors)
        VALUES (v_item, v_encoder, v_key, item.version, v_dim, v_passages, v_vectors);
END $$""",
    ]


TRIGGERS = [
    "CREATE CONSTRAINT TRIGGER review_comments_have_events AFTER INSERT ON review_comments "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION review_comments_have_events()",
    "CREATE TRIGGER review_events_at BEFORE INSERT ON review_events FOR EACH ROW EXECUTE FUNCTION review_events_at()",
    "CREATE TRIGGER item_vectors_rules BEFORE INSERT OR UPDATE ON item_vectors FOR EACH ROW "
    "EXECUTE FUNCTION item_vectors_rules()",
    "REVOKE ALL ON FUNCTION workbench_publish_vectors(integer, text, text, integer, integer, bytea) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION workbench_publish_vectors(integer, text, text, integer, integer, bytea) "
    "TO workbench_viewer",
]


def _run(sql: str) -> None:
    """One statement as it is (plpgsql's % is not a driver placeholder)."""
    dbapi = op.get_bind().connection.dbapi_connection
    assert dbapi is not None
    dbapi.cursor().execute(sql)


def _team_roles() -> ModuleType:
    """Migration 0011 (its review_comments_rules, restored by the downgrade)."""
    spec = importlib.util.spec_from_file_location("team_roles_0011", Path(__file__).with_name("0011_team_roles.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = str(bind.exec_driver_sql("SELECT current_schema()").scalar())
    for sql in [*_functions(schema), *TRIGGERS]:
        _run(sql)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for trigger, table in (("review_comments_have_events", "review_comments"), ("review_events_at", "review_events"),
                           ("item_vectors_rules", "item_vectors")):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {trigger}()")
    op.execute("DROP FUNCTION IF EXISTS workbench_publish_vectors(integer, text, text, integer, integer, bytea)")
    schema = str(bind.exec_driver_sql("SELECT current_schema()").scalar())
    previous = next(sql for sql in _team_roles()._functions(schema) if "review_comments_rules()" in sql)
    _run(previous)
