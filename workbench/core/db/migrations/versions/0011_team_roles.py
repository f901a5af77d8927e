"""team roles: every person signs in to PostgreSQL as themselves; the server enforces roles,
review tiers and the audit trail (nothing changes on SQLite)

Three steps, PostgreSQL only:

1. group roles ``workbench_viewer`` < ``workbench_author`` < ``workbench_reviewer`` <
   ``workbench_admin`` (each a member of the one before), created when missing (the migrating
   role needs CREATEROLE for that, or a superuser creates them once: README, team set-up);
2. privileges per table and column: viewers SELECT (never ``users.password_hash`` nor the login
   sessions) and count their searches that found nothing; authors and reviewers write the work tables and may only INSERT into the audit
   trails; admins also manage users and settings; nobody but the owner may UPDATE/DELETE an audit
   row, drop a trigger or read a password hash;
3. rules on the rows, checked against the calling person (``session_user`` mapped to ``users``)
   by SECURITY DEFINER trigger functions with a fixed ``search_path``: an audit row carries its
   caller's name; a review event must follow the proposal's event chain and the transition table
   (the reviewer's tier, not their own proposal, not at two tiers of one revision, the author
   submits and withdraws, leads reassign and escalate); at commit, a review item and its
   proposal's status must agree with the last event; a locked revision stays as it was; only an
   admin changes users (anyone their own display name).

Connections of the schema owner (and superusers) are not checked: the owner can change the
schema, and therefore everything, anyway (README: the trust model).

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None

GROUPS = ("workbench_viewer", "workbench_author", "workbench_reviewer", "workbench_admin")
REFUSED = "42501"  # insufficient_privilege: the app turns it into Forbidden
AUDIT_TRAILS = ("audit_events", "review_events", "tender_row_events")
USER_COLUMNS = ("id", "name", "display_name", "role", "tier", "active", "created_at", "password_set_at")


def _groups_sql() -> str:
    """Create the group roles that are missing (needs CREATEROLE); refuse clearly without it."""
    creates = "\n".join(
        f"""    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{g}') THEN
        IF NOT can THEN
            RAISE EXCEPTION 'role {g} is missing and % may not create roles', current_user
                USING HINT = 'Once, as a superuser: CREATE ROLE {g} NOLOGIN (README, team set-up).';
        END IF;
        CREATE ROLE {g} NOLOGIN;
    END IF;""" for g in GROUPS)
    chain = "\n".join(
        f"""    IF NOT pg_has_role('{b}', '{a}', 'MEMBER') THEN GRANT {a} TO {b}; END IF;"""
        for a, b in zip(GROUPS, GROUPS[1:]))
    return f"""DO $$
DECLARE can boolean := (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user);
BEGIN
{creates}
{chain}
    -- administrators end a deactivated person's connections (pg_terminate_backend). A superuser
    -- may hand this out, and CREATEROLE may up to PostgreSQL 15; otherwise README's set-up says
    -- how, once
    IF NOT pg_has_role('workbench_admin', 'pg_signal_backend', 'MEMBER') THEN
        BEGIN
            GRANT pg_signal_backend TO workbench_admin;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE WARNING 'GRANT pg_signal_backend TO workbench_admin needs a superuser (README, team set-up)';
        END;
    END IF;
END $$"""


def _functions(schema: str) -> list[str]:
    path = f'SET search_path = "{schema}", pg_temp'
    definer = f"LANGUAGE plpgsql SECURITY DEFINER {path}"

    def refuse(message: str, *args: str) -> str:
        extra = "".join(f", {a}" for a in args)
        return f"RAISE EXCEPTION '{message}'{extra} USING ERRCODE = '{REFUSED}'"

    return [
        # whether this connection is the schema owner's (or a superuser's): not checked
        f"""CREATE OR REPLACE FUNCTION workbench_is_owner() RETURNS boolean LANGUAGE sql STABLE {path} AS $$
    SELECT pg_has_role(session_user, c.relowner, 'MEMBER') FROM pg_class c WHERE c.oid = 'users'::regclass
$$""",
        # the calling person: their users row (active), or refused
        f"""CREATE OR REPLACE FUNCTION workbench_caller(OUT name text, OUT role text, OUT tier integer)
    STABLE {definer} AS $$
BEGIN
    SELECT u.name, u.role, u.tier INTO name, role, tier FROM users u
        WHERE u.name = session_user::text AND u.active;
    IF NOT FOUND THEN
        {refuse('% is not an active Workbench user', 'session_user')};
    END IF;
END $$""",
        # who holds a proposal's review by its events: the last claim, release or reassign since
        # the proposal last moved (a move clears the claim)
        f"""CREATE OR REPLACE FUNCTION workbench_claim_holder(pid integer) RETURNS text STABLE {definer} AS $$
DECLARE last record;
BEGIN
    SELECT e.action, e.actor, e.detail INTO last FROM review_events e WHERE e.proposal_id = pid
        AND (e.action IN ('claim', 'release', 'reassign', 'submit') OR e.state_before <> e.state_after)
        ORDER BY e.id DESC LIMIT 1;
    RETURN CASE last.action WHEN 'claim' THEN last.actor WHEN 'reassign' THEN last.detail->>'to' END;
END $$""",
        # the lead who last escalated a proposal since it last moved
        f"""CREATE OR REPLACE FUNCTION workbench_escalated_by(pid integer) RETURNS text STABLE {definer} AS $$
DECLARE last record;
BEGIN
    SELECT e.action, e.actor INTO last FROM review_events e WHERE e.proposal_id = pid
        AND (e.action IN ('escalate', 'submit') OR e.state_before <> e.state_after)
        ORDER BY e.id DESC LIMIT 1;
    RETURN CASE last.action WHEN 'escalate' THEN last.actor END;
END $$""",
        f"""CREATE OR REPLACE FUNCTION audit_events_actor() RETURNS trigger {definer} AS $$
BEGIN
    IF workbench_is_owner() THEN RETURN NEW; END IF;
    PERFORM workbench_caller();
    IF coalesce(NEW.actor, '') NOT IN ('', session_user::text) THEN
        {refuse('an audit row is written in the name of its writer (%), not of %', 'session_user', 'NEW.actor')};
    END IF;
    NEW.actor := session_user::text;
    RETURN NEW;
END $$""",
        f"""CREATE OR REPLACE FUNCTION review_events_rules() RETURNS trigger {definer} AS $$
DECLARE
    me record;
    proposal_author text;
    prev text;
    t integer;
    submitted integer;
    asked integer;
    expected text;
    holder text;
    lead boolean;
    target record;
BEGIN
    IF workbench_is_owner() THEN RETURN NEW; END IF;
    SELECT * INTO me FROM workbench_caller();
    IF NEW.actor IS DISTINCT FROM session_user::text THEN
        {refuse('a review event is written in the name of its writer (%), not of %', 'session_user', 'NEW.actor')};
    END IF;
    IF me.role = 'viewer' THEN {refuse('viewers take no part in reviews')}; END IF;
    SELECT p.author INTO proposal_author FROM proposals p WHERE p.id = NEW.proposal_id;
    SELECT e.state_after INTO prev FROM review_events e WHERE e.proposal_id = NEW.proposal_id
        ORDER BY e.id DESC LIMIT 1;
    prev := coalesce(prev, 'draft');
    IF NEW.state_before IS DISTINCT FROM prev THEN
        {refuse('the proposal stands at %, not at %', 'prev', 'NEW.state_before')};
    END IF;
    t := CASE prev WHEN 'tier_1' THEN 1 WHEN 'tier_2' THEN 2 WHEN 'tier_3' THEN 3 END;
    holder := workbench_claim_holder(NEW.proposal_id);
    lead := me.role = 'admin' OR (me.role = 'reviewer' AND me.tier = 3);
    SELECT e.revision INTO submitted FROM review_events e
        WHERE e.proposal_id = NEW.proposal_id AND e.action = 'submit' ORDER BY e.id DESC LIMIT 1;
    IF NEW.action IN ('submit', 'withdraw') THEN
        IF session_user::text IS DISTINCT FROM proposal_author THEN
            {refuse('only the author (%) submits or withdraws a proposal', 'proposal_author')};
        END IF;
        IF NEW.action = 'withdraw' THEN
            IF prev NOT IN ('tier_1', 'tier_2', 'tier_3', 'changes_requested') OR NEW.state_after <> 'draft' THEN
                {refuse('withdraw from % to % is not a transition', 'prev', 'NEW.state_after')};
            END IF;
        ELSE
            SELECT e.tier INTO asked FROM review_events e
                WHERE e.proposal_id = NEW.proposal_id AND e.action = 'request_changes' ORDER BY e.id DESC LIMIT 1;
            IF prev NOT IN ('draft', 'changes_requested')
               OR NOT (NEW.state_after = 'tier_1'
                       OR (prev = 'changes_requested' AND NEW.state_after = 'tier_' || asked)) THEN
                {refuse('submit from % to % is not a transition', 'prev', 'NEW.state_after')};
            END IF;
        END IF;
    ELSIF NEW.action IN ('approve', 'request_changes', 'claim') THEN
        IF t IS NULL THEN {refuse('the proposal is not in review (%)', 'prev')}; END IF;
        IF me.role <> 'reviewer' OR me.tier IS DISTINCT FROM t THEN
            {refuse('% (% tier %) may not review at tier %', 'me.name', 'me.role', 'me.tier', 't')};
        END IF;
        IF session_user::text = proposal_author THEN {refuse('nobody reviews their own proposal')}; END IF;
        IF NEW.action <> 'claim' AND (NEW.tier IS DISTINCT FROM t OR NEW.revision IS DISTINCT FROM submitted) THEN
            {refuse('a decision is on revision % at tier %', 'submitted', 't')};
        END IF;
        -- one reviewer per tier: whoever approved this revision at one tier reviews it at no other
        IF EXISTS (SELECT 1 FROM review_events e WHERE e.proposal_id = NEW.proposal_id
                   AND e.action = 'approve' AND e.actor = session_user::text
                   AND e.revision = submitted AND e.tier <> t) THEN
            {refuse('% approved this revision at another tier already', 'me.name')};
        END IF;
        -- a claimed review is decided (or claimed) only by whoever holds it
        IF holder IS DISTINCT FROM session_user::text AND holder IS NOT NULL THEN
            {refuse('% holds this review', 'holder')};
        END IF;
        expected := CASE NEW.action
                WHEN 'approve' THEN CASE t WHEN 3 THEN 'approved' ELSE 'tier_' || (t + 1) END
                WHEN 'request_changes' THEN 'changes_requested' ELSE prev END;
        IF NEW.state_after IS DISTINCT FROM expected THEN
            {refuse('% at % does not lead to %', 'NEW.action', 'prev', 'NEW.state_after')};
        END IF;
    ELSIF NEW.action IN ('release', 'reassign', 'escalate') THEN
        IF t IS NULL OR NEW.state_after IS DISTINCT FROM prev THEN
            {refuse('% at % is not a transition', 'NEW.action', 'prev')};
        END IF;
        IF NEW.action = 'release' THEN
            -- one's own claim, or a lead's release of anyone's
            IF holder IS NULL OR (holder <> session_user::text AND NOT lead) THEN
                {refuse('% may not release a review held by %', 'me.name', 'holder')};
            END IF;
        ELSIF NOT lead OR session_user::text = proposal_author THEN
            {refuse('only a review lead, not the author, may %', 'NEW.action')};
        ELSIF NEW.action = 'reassign' THEN
            -- to an active reviewer of this tier who is not the author and approved at no other tier
            SELECT u.name, u.role, u.tier INTO target FROM users u WHERE u.name = NEW.detail->>'to' AND u.active;
            IF NOT FOUND OR target.role <> 'reviewer' OR target.tier IS DISTINCT FROM t
               OR target.name = proposal_author
               OR EXISTS (SELECT 1 FROM review_events e WHERE e.proposal_id = NEW.proposal_id
                          AND e.action = 'approve' AND e.actor = target.name
                          AND e.revision = submitted AND e.tier <> t) THEN
                {refuse('% may not review this proposal at tier %', "NEW.detail->>'to'", 't')};
            END IF;
        END IF;
    ELSIF NEW.action = 'comment' THEN
        IF NEW.state_after IS DISTINCT FROM prev OR prev NOT IN ('tier_1', 'tier_2', 'tier_3', 'changes_requested') THEN
            {refuse('a comment does not move a proposal')};
        END IF;
        -- the author answers; reviewers and leads remark
        IF session_user::text IS DISTINCT FROM proposal_author AND NOT lead
           AND NOT (me.role = 'reviewer' AND me.tier IS NOT NULL) THEN
            {refuse('% takes no part in this review', 'me.name')};
        END IF;
    ELSE
        {refuse('% is not a review action', 'NEW.action')};
    END IF;
    RETURN NEW;
END $$""",
        # at commit: a review item says what its last event says
        f"""CREATE OR REPLACE FUNCTION review_items_follow_events() RETURNS trigger {definer} AS $$
DECLARE cur record; last record;
BEGIN
    IF workbench_is_owner() THEN RETURN NULL; END IF;
    SELECT i.proposal_id, i.state, i.revision, i.claimed_by, i.escalated_by INTO cur
        FROM review_items i WHERE i.id = NEW.id;
    IF NOT FOUND THEN RETURN NULL; END IF;
    SELECT e.state_after, e.revision INTO last FROM review_events e WHERE e.proposal_id = cur.proposal_id
        ORDER BY e.id DESC LIMIT 1;
    IF NOT FOUND OR last.state_after <> cur.state OR last.revision <> cur.revision THEN
        {refuse('a review item moves only with a review event (% revision %)', 'cur.state', 'cur.revision')};
    END IF;
    IF cur.claimed_by IS DISTINCT FROM workbench_claim_holder(cur.proposal_id)
       OR cur.escalated_by IS DISTINCT FROM workbench_escalated_by(cur.proposal_id) THEN
        {refuse('a review is claimed, released, reassigned or escalated only with a review event')};
    END IF;
    RETURN NULL;
END $$""",
        # at commit: a proposal's review status and approved revision agree with its review
        f"""CREATE OR REPLACE FUNCTION proposals_follow_review() RETURNS trigger {definer} AS $$
DECLARE cur record; item_state text;
BEGIN
    IF workbench_is_owner() THEN RETURN NULL; END IF;
    SELECT p.id, p.status, p.approved_revision INTO cur FROM proposals p WHERE p.id = NEW.id;
    IF NOT FOUND THEN RETURN NULL; END IF;
    SELECT i.state INTO item_state FROM review_items i WHERE i.proposal_id = cur.id;
    item_state := CASE WHEN item_state IN ('tier_1', 'tier_2', 'tier_3') THEN 'in_review' ELSE item_state END;
    IF cur.status IN ('in_review', 'changes_requested', 'approved') AND cur.status IS DISTINCT FROM item_state THEN
        {refuse('a proposal is % only through its review', 'cur.status')};
    END IF;
    IF cur.approved_revision IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM review_events e WHERE e.proposal_id = cur.id AND e.action = 'approve'
            AND e.state_after = 'approved' AND e.revision = cur.approved_revision) THEN
        {refuse('revision % was not approved', 'cur.approved_revision')};
    END IF;
    RETURN NULL;
END $$""",
        f"""CREATE OR REPLACE FUNCTION proposal_revisions_locked() RETURNS trigger {definer} AS $$
BEGIN
    IF workbench_is_owner() OR NOT OLD.locked THEN
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'DELETE' OR NEW.markdown IS DISTINCT FROM OLD.markdown OR NEW.number <> OLD.number
       OR NEW.knowledge::text IS DISTINCT FROM OLD.knowledge::text OR NOT NEW.locked
       OR NEW.proposal_id <> OLD.proposal_id THEN
        {refuse('revision % of a submitted proposal is locked', 'OLD.number')};
    END IF;
    RETURN NEW;
END $$""",
        # a viewer's search that finds nothing still counts as a content gap: the one write viewers
        # make, always in their own name
        f"""CREATE OR REPLACE FUNCTION search_misses_by() RETURNS trigger {definer} AS $$
BEGIN
    IF NOT workbench_is_owner() THEN
        PERFORM workbench_caller();
        NEW.last_by := session_user::text;
    END IF;
    RETURN NEW;
END $$""",
        # a review comment is its writer's: written in their name, never changed; removed only with
        # its proposal (the cascade of a proposal's deletion)
        f"""CREATE OR REPLACE FUNCTION review_comments_rules() RETURNS trigger {definer} AS $$
DECLARE me record;
BEGIN
    IF workbench_is_owner() THEN RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END; END IF;
    IF TG_OP = 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM proposals p WHERE p.id = OLD.proposal_id) THEN
            {refuse('a review comment stays with its proposal')};
        END IF;
        RETURN OLD;
    END IF;
    SELECT * INTO me FROM workbench_caller();
    IF TG_OP = 'UPDATE' THEN {refuse('a review comment is not changed')}; END IF;
    IF NEW.author IS DISTINCT FROM session_user::text THEN
        {refuse('a review comment is written in the name of its writer (%), not of %', 'session_user', 'NEW.author')};
    END IF;
    -- by those who take part: the proposal's author, reviewers, leads
    IF NOT (me.role = 'admin' OR (me.role = 'reviewer' AND me.tier IS NOT NULL)
            OR EXISTS (SELECT 1 FROM proposals p WHERE p.id = NEW.proposal_id AND p.author = session_user::text)) THEN
        {refuse('% takes no part in this review', 'me.name')};
    END IF;
    RETURN NEW;
END $$""",
        f"""CREATE OR REPLACE FUNCTION users_rules() RETURNS trigger {definer} AS $$
DECLARE me record;
BEGIN
    IF workbench_is_owner() THEN RETURN NEW; END IF;
    SELECT * INTO me FROM workbench_caller();
    IF (TG_OP = 'INSERT' AND NEW.password_hash IS NOT NULL)
       OR (TG_OP = 'UPDATE' AND NEW.password_hash IS DISTINCT FROM OLD.password_hash) THEN
        -- a person's password is the server's, never a hash here
        {refuse('a password is set on the server (ALTER ROLE), not in users')};
    END IF;
    IF me.role = 'admin' THEN RETURN NEW; END IF;
    IF TG_OP = 'UPDATE' AND OLD.name = session_user::text AND NEW.name = OLD.name AND NEW.role = OLD.role
       AND NEW.tier IS NOT DISTINCT FROM OLD.tier AND NEW.active = OLD.active
       AND NEW.password_set_at IS NOT DISTINCT FROM OLD.password_set_at THEN
        RETURN NEW;  -- one's own display name
    END IF;
    {refuse('only an administrator changes users')};
END $$""",
    ]


TRIGGERS = [
    "CREATE TRIGGER audit_events_actor BEFORE INSERT ON audit_events FOR EACH ROW "
    "EXECUTE FUNCTION audit_events_actor()",
    "CREATE TRIGGER review_events_rules BEFORE INSERT ON review_events FOR EACH ROW "
    "EXECUTE FUNCTION review_events_rules()",
    "CREATE CONSTRAINT TRIGGER review_items_follow_events AFTER INSERT OR UPDATE ON review_items "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION review_items_follow_events()",
    "CREATE CONSTRAINT TRIGGER proposals_follow_review AFTER INSERT OR UPDATE ON proposals "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION proposals_follow_review()",
    "CREATE TRIGGER proposal_revisions_locked BEFORE UPDATE OR DELETE ON proposal_revisions FOR EACH ROW "
    "EXECUTE FUNCTION proposal_revisions_locked()",
    "CREATE TRIGGER review_comments_rules BEFORE INSERT OR UPDATE OR DELETE ON review_comments FOR EACH ROW "
    "EXECUTE FUNCTION review_comments_rules()",
    "CREATE TRIGGER users_rules BEFORE INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION users_rules()",
    "CREATE TRIGGER search_misses_by BEFORE INSERT OR UPDATE ON search_misses FOR EACH ROW "
    "EXECUTE FUNCTION search_misses_by()",
]


def _grants(schema: str, tables: list[str]) -> list[str]:
    viewer, author, reviewer, admin = GROUPS
    q = f'"{schema}"'
    work = [t for t in tables if t not in ("users", "user_sessions", "settings", "alembic_version", *AUDIT_TRAILS)]
    cols = ", ".join(USER_COLUMNS)
    out = [
        f"REVOKE CREATE ON SCHEMA {q} FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA {q} TO {viewer}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {q} FROM PUBLIC",
    ]
    for t in tables:
        out.append(f'REVOKE ALL ON "{t}" FROM {", ".join(GROUPS)}')
    for t in tables:
        if t not in ("users", "user_sessions"):
            out.append(f'GRANT SELECT ON "{t}" TO {viewer}')
    out.append(f"GRANT SELECT ({cols}) ON users TO {viewer}")
    for t in work:
        out.append(f'GRANT INSERT, UPDATE, DELETE ON "{t}" TO {author}')
    for t in AUDIT_TRAILS:
        if t in tables:
            out.append(f'GRANT INSERT ON "{t}" TO {author}')
    out += [
        f"GRANT UPDATE (display_name) ON users TO {author}",
        f"GRANT INSERT, UPDATE ON search_misses TO {viewer}",
        # password_hash: inserted as NULL only (users_rules), never updated nor read
        f"GRANT INSERT ({cols}, password_hash), UPDATE ({cols}) ON users TO {admin}",
        f"GRANT INSERT, UPDATE, DELETE ON settings TO {admin}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {q} TO {author}",
        f"GRANT SELECT ON ALL SEQUENCES IN SCHEMA {q} TO {viewer}",
        f"REVOKE ALL ON FUNCTION workbench_caller() FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION workbench_caller() TO {viewer}",
        # tables later migrations add: readable by viewers, written by authors (a migration that
        # wants other rules says so)
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {q} GRANT SELECT ON TABLES TO {viewer}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {q} GRANT INSERT, UPDATE, DELETE ON TABLES TO {author}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {q} GRANT USAGE, SELECT ON SEQUENCES TO {author}",
    ]
    return out


def _run(sql: str) -> None:
    """One statement as it is: plpgsql's RAISE uses % (which SQLAlchemy and the driver would
    take for placeholders)."""
    dbapi = op.get_bind().connection.dbapi_connection
    assert dbapi is not None
    dbapi.cursor().execute(sql)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = bind.exec_driver_sql("SELECT current_schema()").scalar()
    tables = [r[0] for r in bind.exec_driver_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")]
    for sql in [_groups_sql(), *_functions(str(schema)), *TRIGGERS, *_grants(str(schema), tables)]:
        _run(sql)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for trigger, table in (("audit_events_actor", "audit_events"), ("review_events_rules", "review_events"),
                           ("review_items_follow_events", "review_items"),
                           ("proposals_follow_review", "proposals"),
                           ("proposal_revisions_locked", "proposal_revisions"), ("users_rules", "users"),
                           ("review_comments_rules", "review_comments"),
                           ("search_misses_by", "search_misses")):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {trigger}()")
    op.execute("DROP FUNCTION IF EXISTS workbench_claim_holder(integer)")
    op.execute("DROP FUNCTION IF EXISTS workbench_escalated_by(integer)")
    op.execute("DROP FUNCTION IF EXISTS workbench_caller()")
    op.execute("DROP FUNCTION IF EXISTS workbench_is_owner()")
    schema = bind.exec_driver_sql("SELECT current_schema()").scalar()
    for group in GROUPS:  # the roles stay (other databases of the server may use them)
        op.execute(f'REVOKE ALL ON ALL TABLES IN SCHEMA "{schema}" FROM {group}')
        op.execute(f'REVOKE ALL ON ALL SEQUENCES IN SCHEMA "{schema}" FROM {group}')
