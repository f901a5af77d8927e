"""Team mode that cannot be forged: every person connects to PostgreSQL as themselves and the
server refuses what their role may not do, whatever client they use.

A PostgreSQL 15 server of this module's own, where every login but the superuser's needs its
SCRAM password (as on a team's server). The team is made through the app over the owner's
connection; the people then use the app as themselves, and a plain psycopg connection of each
tries what the app would refuse."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.backends import PostgresServer, postgres_missing, running
from tests.reviewing import PASSING, new_proposal
from workbench.core.auth import LoginFailed
from workbench.core.errors import Forbidden
from workbench.core.retro.model import RetroInput
from workbench.core.workspace import Workspace, WorkspaceSettings

pytestmark = pytest.mark.skipif(postgres_missing() is not None, reason=str(postgres_missing()))

psycopg = pytest.importorskip("psycopg")

TEAM = [("tr_alice", "author", None), ("tr_rita", "reviewer", 1), ("tr_mike", "reviewer", 2),
        ("tr_sara", "reviewer", 3), ("tr_nina", "viewer", None)]
ADMIN = "tr_admin"
REVIEWER_OF = {1: "tr_rita", 2: "tr_mike", 3: "tr_sara"}


def pw(name: str) -> str:
    return f"{name}-Server-pw"


@pytest.fixture(scope="module")
def server() -> Iterator[PostgresServer]:
    """The superuser over trust (the owner, who migrates), everyone else by SCRAM password."""
    with running(PostgresServer()) as srv:
        yield srv


@pytest.fixture
def team(server: PostgresServer, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A fresh team database: its admin and five people created through the app over the
    owner's connection (their passwords go to the server)."""
    name = server.create_database()
    owner_url = server.url(name)
    with Workspace.open(WorkspaceSettings(home=tmp_path / "owner", database_url=owner_url, load_demo=False,
                                          automatic_backups=False)) as ws:
        ws.users.add(None, ADMIN, "admin", password=pw(ADMIN))
        for person, role, tier in TEAM:
            ws.users.add(ws.users.get(ADMIN), person, role, tier, password=pw(person))
    opened: list[Workspace] = []
    raws: list[Any] = []

    def as_person(person: str) -> Workspace:
        url = f"postgresql+psycopg://{person}:{pw(person)}@127.0.0.1:{server.port}/{name}"
        ws = Workspace.open(WorkspaceSettings(home=tmp_path / person, database_url=url, load_demo=False,
                                              automatic_backups=False))
        opened.append(ws)
        return ws

    def raw(person: str, password: str | None = None) -> Any:
        conn = psycopg.connect(host="127.0.0.1", port=server.port, dbname=name, user=person,
                               password=password or pw(person))
        raws.append(conn)
        return conn

    try:
        yield {"db": name, "as": as_person, "raw": raw, "owner_url": owner_url}
    finally:
        for conn in raws:
            conn.close()
        for ws in opened:
            ws.close()
        server.drop_database(name)


def refused(conn: Any, sql: str, params: tuple[Any, ...] = ()) -> str:
    """Run ``sql`` in a transaction of its own and commit; the server's refusal (its SQLSTATE),
    after which the connection is usable again. Fails the test when the server accepts it."""
    try:
        with conn.transaction():
            conn.execute(sql, params)
    except psycopg.errors.InsufficientPrivilege as exc:
        return str(exc.sqlstate)
    except psycopg.errors.IntegrityConstraintViolation as exc:
        return str(exc.sqlstate)
    raise AssertionError(f"the server accepted: {sql}")


def submitted(team: dict[str, Any], author: str = "tr_alice") -> tuple[str, int]:
    """A proposal of ``author`` submitted through the app as them; (number, its id)."""
    ws = team["as"](author)
    number = new_proposal(ws, author=author)
    ws.reviews.submit(ws.actor(), number)
    with team["raw"](author) as conn:
        pid = conn.execute("SELECT id FROM proposals WHERE number = %s", (number,)).fetchone()[0]
    return number, pid


def approve_as(team: dict[str, Any], tier: int, number: str) -> None:
    ws = team["as"](REVIEWER_OF[tier])
    ws.reviews.approve(ws.actor(), number, PASSING[tier])


def event_row(pid: int, actor: str, action: str, tier: int | None, before: str, after: str,
              revision: int = 1) -> tuple[str, tuple[Any, ...]]:
    return ("INSERT INTO review_events (proposal_id, at, actor, action, tier, revision, state_before, "
            "state_after, scores, comment, detail) VALUES (%s, now(), %s, %s, %s, %s, %s, %s, '{}', '', '{}')",
            (pid, actor, action, tier, revision, before, after))


# --- the people use the app as themselves ------------------------------------------------------

def test_people_work_through_the_app_as_themselves_and_the_trail_names_them(team: dict[str, Any]) -> None:
    number, _pid = submitted(team)
    alice = team["as"]("tr_alice")
    assert alice.actor().name == "tr_alice"  # the connection is the sign-in: no token, no hash
    for tier in (1, 2, 3):
        approve_as(team, tier, number)
    status = alice.reviews.status(number)
    assert status.state.value == "approved"
    actors = [e.actor for e in alice.reviews.history(number)]
    assert actors == ["tr_alice", "tr_rita", "tr_mike", "tr_sara"]
    with team["raw"]("tr_nina") as conn:
        audit = conn.execute("SELECT actor FROM audit_events WHERE action = 'add' ORDER BY id").fetchall()
    assert {a for (a,) in audit} == {ADMIN}


def test_the_app_refusal_is_the_servers_too_when_a_viewer_saves(team: dict[str, Any]) -> None:
    nina = team["as"]("tr_nina")
    with pytest.raises(Forbidden) as caught, nina.db.write() as s:
        s.execute(text("UPDATE knowledge_items SET title = 'x'"))
    assert caught.value.code == "server_refused"


def test_signing_in_by_name_and_password_connects_as_that_person(team: dict[str, Any], tmp_path: Path) -> None:
    with Workspace.open(WorkspaceSettings(home=tmp_path / "laptop", database_url=team["owner_url"],
                                          load_demo=False, automatic_backups=False)) as ws:
        # people added by a person-administrator have no hash in the app: the server checks
        admin = team["as"](ADMIN)
        admin.users.add(admin.actor(), "tr_newbie", "author", password=pw("tr_newbie"))
        with pytest.raises(LoginFailed):
            ws.login("tr_newbie", "not-the-password")
        assert ws.login("tr_newbie", pw("tr_newbie")).name == "tr_newbie"
        assert ws.auth.person() == "tr_newbie"
        with ws.db.read() as s:
            assert s.execute(text("SELECT session_user")).scalar() == "tr_newbie"


# --- forgeries over a plain connection -----------------------------------------------------------

def test_a_viewer_reads_and_writes_nothing(team: dict[str, Any]) -> None:
    conn = team["raw"]("tr_nina")
    assert conn.execute("SELECT count(*) FROM knowledge_items").fetchone() is not None
    assert refused(conn, "INSERT INTO knowledge_items (slug, kind, title, body, industry, product, customer, "
                         "language, owner, status, usage_count, content_hash, created_at, created_by, updated_at, "
                         "updated_by, version) VALUES ('x', 'faq', 'x', '', '', '', '', 'en', '', 'published', 0, '',"
                         " now(), 'tr_nina', now(), 'tr_nina', 1)") == "42501"
    assert refused(conn, "UPDATE proposals SET title = 'mine now'") == "42501"
    assert refused(conn, "INSERT INTO audit_events (at, actor, entity, entity_key, action, detail) "
                         "VALUES (now(), 'tr_nina', 'x', 'x', 'x', '{}')") == "42501"


def test_nobody_reads_password_hashes_or_login_sessions(team: dict[str, Any]) -> None:
    for person in ("tr_nina", "tr_alice", ADMIN):
        conn = team["raw"](person)
        assert refused(conn, "SELECT password_hash FROM users") == "42501"
        assert refused(conn, "SELECT * FROM users") == "42501"
        assert refused(conn, "SELECT token_hash FROM user_sessions") == "42501"
        assert conn.execute("SELECT name, role FROM users WHERE name = %s", (person,)).fetchone() is not None


def test_an_author_cannot_write_a_review_decision(team: dict[str, Any]) -> None:
    number, pid = submitted(team)
    conn = team["raw"]("tr_alice")
    sql, params = event_row(pid, "tr_alice", "approve", 1, "tier_1", "tier_2")
    assert refused(conn, sql, params) == "42501"
    # nor move the review or the proposal by hand (checked at commit)
    assert refused(conn, "UPDATE review_items SET state = 'approved' WHERE proposal_id = %s", (pid,)) == "42501"
    assert refused(conn, "UPDATE proposals SET status = 'approved', approved_revision = 1 WHERE id = %s",
                   (pid,)) == "42501"
    assert team["as"]("tr_alice").reviews.status(number).state.value == "tier_1"


def test_a_tier_1_reviewer_cannot_approve_at_tier_2(team: dict[str, Any]) -> None:
    number, pid = submitted(team)
    approve_as(team, 1, number)  # now at tier 2
    conn = team["raw"]("tr_rita")
    sql, params = event_row(pid, "tr_rita", "approve", 2, "tier_2", "tier_3")
    assert refused(conn, sql, params) == "42501"
    # claiming to be at tier 1 still does not match where the proposal stands
    sql, params = event_row(pid, "tr_rita", "approve", 1, "tier_1", "tier_2")
    assert refused(conn, sql, params) == "42501"
    # the tier-2 reviewer may not approve at tier 3 after their own tier either
    approve_as(team, 2, number)
    sql, params = event_row(pid, "tr_mike", "approve", 3, "tier_3", "approved")
    assert refused(team["raw"]("tr_mike"), sql, params) == "42501"


def test_a_reviewer_cannot_approve_their_own_proposal(team: dict[str, Any]) -> None:
    _number, pid = submitted(team, author="tr_rita")
    sql, params = event_row(pid, "tr_rita", "approve", 1, "tier_1", "tier_2")
    assert refused(team["raw"]("tr_rita"), sql, params) == "42501"


def test_nobody_writes_in_another_persons_name(team: dict[str, Any]) -> None:
    _number, pid = submitted(team)
    alice = team["raw"]("tr_alice")
    sql, params = event_row(pid, "tr_rita", "approve", 1, "tier_1", "tier_2")  # rita's approval, by alice
    assert refused(alice, sql, params) == "42501"
    assert refused(alice, "INSERT INTO audit_events (at, actor, entity, entity_key, action, detail) "
                          "VALUES (now(), 'tr_admin', 'user', 'tr_alice', 'set_role', '{}')") == "42501"
    # without a name, the server writes the writer's
    with alice.transaction():
        alice.execute("INSERT INTO audit_events (at, actor, entity, entity_key, action, detail) "
                      "VALUES (now(), '', 'note', 'x', 'remark', '{}')")
    row = alice.execute("SELECT actor FROM audit_events WHERE entity = 'note'").fetchone()
    assert row == ("tr_alice",)


def test_audit_trails_cannot_be_changed_deleted_or_unprotected(team: dict[str, Any]) -> None:
    submitted(team)
    admin = team["raw"](ADMIN)  # even an administrator
    for table in ("audit_events", "review_events"):
        assert refused(admin, f"UPDATE {table} SET actor = 'someone'") == "42501"
        assert refused(admin, f"DELETE FROM {table}") == "42501"
    assert refused(admin, "DROP TRIGGER review_events_append_only ON review_events") == "42501"
    assert refused(admin, "ALTER TABLE review_events DISABLE TRIGGER ALL") == "42501"
    assert refused(admin, "DROP TRIGGER audit_events_actor ON audit_events") == "42501"
    assert refused(admin, "CREATE TABLE review_events_copy (id int)") == "42501"
    # the trail is still all there
    assert admin.execute("SELECT count(*) FROM review_events").fetchone() == (1,)


def test_password_hashes_and_roles_are_not_reset_by_hand(team: dict[str, Any]) -> None:
    admin = team["raw"](ADMIN)
    assert refused(admin, "UPDATE users SET password_hash = 'x' WHERE name = 'tr_alice'") == "42501"
    alice = team["raw"]("tr_alice")
    assert refused(alice, "UPDATE users SET role = 'admin' WHERE name = 'tr_alice'") == "42501"
    assert refused(alice, "UPDATE users SET tier = 3 WHERE name = 'tr_rita'") == "42501"
    assert refused(alice, "UPDATE users SET display_name = 'Boss' WHERE name = 'tr_admin'") == "42501"
    assert refused(alice, "ALTER ROLE tr_alice CREATEROLE") == "42501"
    assert refused(alice, "GRANT workbench_admin TO tr_alice") == "42501"
    with alice.transaction():  # one's own display name is one's own
        alice.execute("UPDATE users SET display_name = 'Alice' WHERE name = 'tr_alice'")


def test_a_locked_revision_stays_as_reviewed(team: dict[str, Any]) -> None:
    _number, pid = submitted(team)
    alice = team["raw"]("tr_alice")
    assert refused(alice, "UPDATE proposal_revisions SET markdown = 'other text' WHERE proposal_id = %s",
                   (pid,)) == "42501"
    assert refused(alice, "UPDATE proposal_revisions SET locked = false WHERE proposal_id = %s", (pid,)) == "42501"


def test_deactivation_ends_open_connections_and_refuses_new_ones(team: dict[str, Any]) -> None:
    nina = team["raw"]("tr_nina")
    assert nina.execute("SELECT 1").fetchone() == (1,)
    admin = team["as"](ADMIN)
    admin.users.set_active(admin.actor(), "tr_nina", False)
    with pytest.raises(psycopg.OperationalError):
        nina.execute("SELECT 1")
    with pytest.raises(psycopg.OperationalError):
        team["raw"]("tr_nina")
    admin.users.set_active(admin.actor(), "tr_nina", True)
    assert team["raw"]("tr_nina").execute("SELECT 1").fetchone() == (1,)


def test_a_wrong_password_is_refused_by_the_server(team: dict[str, Any]) -> None:
    with pytest.raises(psycopg.OperationalError):
        team["raw"]("tr_alice", password="guessed-it")


def test_a_role_change_moves_the_person_to_the_other_group(team: dict[str, Any]) -> None:
    admin = team["as"](ADMIN)
    admin.users.set_role(admin.actor(), "tr_nina", "author")
    nina = team["raw"]("tr_nina")
    with nina.transaction():
        nina.execute("INSERT INTO competitors (name, key, active, created_at, created_by) "
                     "VALUES ('Rival', 'rival', true, now(), 'tr_nina')")
    admin.users.set_role(admin.actor(), "tr_nina", "viewer")
    assert refused(team["raw"]("tr_nina"), "DELETE FROM competitors") == "42501"


def test_a_viewers_search_that_finds_nothing_is_counted_in_their_own_name(team: dict[str, Any]) -> None:
    nina = team["as"]("tr_nina")
    nina.search.record_miss(nina.actor(), "quantum blockchain")
    with team["raw"]("tr_nina") as conn:
        with conn.transaction():  # another name is replaced by the writer's
            conn.execute("UPDATE search_misses SET last_by = 'tr_admin'")
        assert conn.execute("SELECT last_by, count FROM search_misses").fetchall() == [("tr_nina", 1)]


# --- the command line ----------------------------------------------------------------------------

def test_cli_users_create_alter_and_stop_server_logins(
        server: PostgresServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from workbench.cli.main import main

    name = server.create_database()
    try:
        owner = ["--home", str(tmp_path / "owner"), "--database-url", server.url(name), "--lang", "en"]
        monkeypatch.setattr("sys.stdin", io.StringIO(pw("tr_cli_anna") + "\n"))
        assert main([*owner, "users", "add", "tr_cli_anna", "--role", "admin", "--password-stdin"]) == 0
        # Anna from her own login (the password from PGPASSWORD, as libpq reads it)
        monkeypatch.setenv("PGPASSWORD", pw("tr_cli_anna"))
        anna_url = f"postgresql+psycopg://tr_cli_anna@127.0.0.1:{server.port}/{name}"
        anna = ["--home", str(tmp_path / "anna"), "--database-url", anna_url, "--lang", "en"]
        monkeypatch.setattr("sys.stdin", io.StringIO(pw("tr_cli_bob") + "\n"))
        assert main([*anna, "users", "add", "tr_cli_bob", "--role", "author", "--password-stdin"]) == 0

        def connect(person: str) -> Any:
            return psycopg.connect(host="127.0.0.1", port=server.port, dbname=name, user=person, password=pw(person))

        with connect("tr_cli_bob") as bob:
            assert bob.execute("SELECT pg_has_role('workbench_author', 'MEMBER')").fetchone() == (True,)
        assert main([*anna, "users", "set-role", "tr_cli_bob", "--role", "viewer"]) == 0
        with connect("tr_cli_bob") as bob:
            assert bob.execute("SELECT pg_has_role('workbench_author', 'MEMBER')").fetchone() == (False,)
            assert bob.execute("SELECT pg_has_role('workbench_viewer', 'MEMBER')").fetchone() == (True,)
        assert main([*anna, "users", "deactivate", "tr_cli_bob"]) == 0
        with pytest.raises(psycopg.OperationalError):
            connect("tr_cli_bob")
        # the app kept no hash of either password, not even the first one's (made over the owner's
        # connection): both are the server's only
        with psycopg.connect(host="127.0.0.1", port=server.port, dbname=name, user="postgres") as su:
            hashes = su.execute("SELECT name FROM users WHERE password_hash IS NOT NULL").fetchall()
            assert su.execute("SELECT count(*) FROM users WHERE password_set_at IS NOT NULL").fetchone() == (2,)
        assert hashes == []
    finally:
        server.drop_database(name)


# --- two reviewers at once, each on their own login -------------------------------------------------

def _reviewer(home: str, url: str, numbers: list[str], start: Any, results: Any) -> None:
    from workbench.core.errors import WorkbenchError

    ws = Workspace.open(WorkspaceSettings(home=Path(home), database_url=url, load_demo=False,
                                          automatic_backups=False))
    me = ws.actor()
    try:
        for number in numbers:
            seen = ws.reviews.status(number).version
            start.wait(timeout=30)
            try:
                ws.reviews.approve(me, number, PASSING[1], expected_version=seen)
            except WorkbenchError as exc:
                results.put((number, me.name, exc.code))
            else:
                results.put((number, me.name, "ok"))
    finally:
        ws.close()


@pytest.mark.slow
def test_two_reviewers_on_their_own_logins_approve_at_once_exactly_one_wins(
        team: dict[str, Any], server: PostgresServer, tmp_path: Path) -> None:
    import multiprocessing as mp

    admin = team["as"](ADMIN)
    admin.users.add(admin.actor(), "tr_rob", "reviewer", 1, password=pw("tr_rob"))
    numbers = [submitted(team)[0] for _ in range(3)]
    ctx = mp.get_context("spawn")
    start, results = ctx.Barrier(2), ctx.Queue()
    procs = []
    for person in ("tr_rita", "tr_rob"):
        url = f"postgresql+psycopg://{person}:{pw(person)}@127.0.0.1:{server.port}/{team['db']}"
        procs.append(ctx.Process(target=_reviewer, args=(str(tmp_path / f"race-{person}"), url, numbers, start,
                                                         results)))
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in range(2 * len(numbers))]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    for number in numbers:
        codes = sorted(code for n, _who, code in outcomes if n == number)
        assert codes == ["ok", "review_conflict"], codes  # one wins, the other is told (not the server's refusal)
        history = team["as"]("tr_alice").reviews.history(number)
        assert [e.action for e in history].count("approve") == 1


def test_a_viewers_laptop_follows_the_index_and_runs_the_doctor_on_their_login(team: dict[str, Any]) -> None:
    from workbench.core.knowledge.model import ItemDraft, Kind
    from workbench.core.search.query import SearchRequest

    alice = team["as"]("tr_alice")
    alice.knowledge.create(alice.actor(), ItemDraft(kind=Kind.FAQ, title="Rollback plan", body="zqrollback steps",
                                                    slug="faq-rollback"))
    nina = team["as"]("tr_nina")
    nina.index.ensure()
    nina.index.sync()
    assert nina.search.search(SearchRequest(text="zqrollback")).total == 1
    checks = {c.name: c for c in nina.doctor()}
    failing = {name: c.detail for name, c in checks.items() if not c.ok}
    assert "database server" in checks and "schema version" in checks
    assert not failing  # every check reads what it needs with a viewer's privileges


def test_an_open_app_of_a_deactivated_person_is_told_so_not_that_the_server_is_gone(team: dict[str, Any]) -> None:
    from workbench.core.errors import DatabaseError

    nina = team["as"]("tr_nina")
    assert nina.knowledge.items() is not None
    admin = team["as"](ADMIN)
    admin.users.set_active(admin.actor(), "tr_nina", False)
    try:
        with pytest.raises(DatabaseError) as caught:
            nina.knowledge.items()
        assert caught.value.code == "team_login_refused"
        assert "deactivated" in caught.value.message("en") and "停用" in caught.value.message("zh_CN")
    finally:  # the server's login roles outlive this test's database: later tests sign in as nina
        admin.users.set_active(admin.actor(), "tr_nina", True)


# --- the other review actions, forged over a plain connection --------------------------------------

def why_refused(conn: Any, sql: str, params: tuple[Any, ...] = ()) -> str:
    """The server's message when it refuses ``sql`` (as :func:`refused`, which it calls through)."""
    try:
        with conn.transaction():
            conn.execute(sql, params)
    except psycopg.errors.InsufficientPrivilege as exc:
        return str(exc)
    raise AssertionError(f"the server accepted: {sql}")


def lead_event(pid: int, actor: str, action: str, tier: int, state: str, to: str | None = None
               ) -> tuple[str, tuple[Any, ...]]:
    """A claim, release, reassign or escalate event (they keep the state); ``to``: whom it is handed to."""
    detail = psycopg.types.json.Json({"to": to} if to else {})
    return ("INSERT INTO review_events (proposal_id, at, actor, action, tier, revision, state_before, "
            "state_after, scores, comment, detail) VALUES (%s, now(), %s, %s, %s, 1, %s, %s, '{}', 'x', %s)",
            (pid, actor, action, tier, state, state, detail))


def holder(team: dict[str, Any], pid: int) -> tuple[Any, ...]:
    with team["raw"]("tr_nina") as conn:
        row = conn.execute("SELECT claimed_by, escalated_by FROM review_items WHERE proposal_id = %s",
                           (pid,)).fetchone()
    return tuple(row)


def test_nobody_submits_or_withdraws_another_persons_proposal(team: dict[str, Any]) -> None:
    alice = team["as"]("tr_alice")
    number = new_proposal(alice, author="tr_alice")
    pid = team["raw"]("tr_alice").execute("SELECT id FROM proposals WHERE number = %s", (number,)).fetchone()[0]
    for person in ("tr_rita", "tr_sara", ADMIN):
        sql, params = event_row(pid, person, "submit", 1, "draft", "tier_1")
        assert "only the author" in why_refused(team["raw"](person), sql, params)
    alice.reviews.submit(alice.actor(), number)
    for person in ("tr_rita", "tr_sara", ADMIN):
        sql, params = event_row(pid, person, "withdraw", 1, "tier_1", "draft")
        assert "only the author" in why_refused(team["raw"](person), sql, params)
    assert alice.reviews.status(number).state.value == "tier_1"
    alice.reviews.withdraw(alice.actor(), number)  # the author's own withdrawal passes the server
    assert alice.reviews.status(number).state.value == "draft"


def test_a_claim_only_at_ones_own_tier_and_only_of_a_free_review(team: dict[str, Any]) -> None:
    admin = team["as"](ADMIN)
    admin.users.add(admin.actor(), "tr_rob", "reviewer", 1, password=pw("tr_rob"))
    number, pid = submitted(team)
    for person in ("tr_mike", "tr_sara", "tr_alice", "tr_nina", ADMIN):  # not tier 1 reviewers
        sql, params = lead_event(pid, person, "claim", 1, "tier_1")
        assert refused(team["raw"](person), sql, params) == "42501"
    rita = team["as"]("tr_rita")
    rita.reviews.claim(rita.actor(), number)
    assert holder(team, pid) == ("tr_rita", None)
    rob = team["raw"]("tr_rob")  # a tier-1 reviewer too, but rita holds it
    sql, params = lead_event(pid, "tr_rob", "claim", 1, "tier_1")
    assert "tr_rita holds this review" in why_refused(rob, sql, params)
    sql, params = event_row(pid, "tr_rob", "approve", 1, "tier_1", "tier_2")
    assert "tr_rita holds this review" in why_refused(rob, sql, params)
    # nor is the claim moved by writing the review item (checked at commit)
    assert refused(rob, "UPDATE review_items SET claimed_by = 'tr_rob' WHERE proposal_id = %s", (pid,)) == "42501"
    assert refused(team["raw"]("tr_alice"), "UPDATE review_items SET claimed_by = NULL WHERE proposal_id = %s",
                   (pid,)) == "42501"
    assert holder(team, pid) == ("tr_rita", None)


def test_only_the_holder_or_a_lead_releases_and_only_a_lead_reassigns(team: dict[str, Any]) -> None:
    admin = team["as"](ADMIN)
    admin.users.add(admin.actor(), "tr_rob", "reviewer", 1, password=pw("tr_rob"))
    number, pid = submitted(team)
    sql, params = lead_event(pid, "tr_rita", "release", 1, "tier_1")
    assert refused(team["raw"]("tr_rita"), sql, params) == "42501"  # nothing held yet
    rita = team["as"]("tr_rita")
    rita.reviews.claim(rita.actor(), number)
    for person in ("tr_rob", "tr_mike", "tr_alice", "tr_nina"):
        sql, params = lead_event(pid, person, "release", 1, "tier_1")
        assert refused(team["raw"](person), sql, params) == "42501"
        sql, params = lead_event(pid, person, "reassign", 1, "tier_1", to=person)
        assert refused(team["raw"](person), sql, params) == "42501"
    sara = team["raw"]("tr_sara")  # a lead, but only to a tier-1 reviewer who is not the author
    for to in ("tr_mike", "tr_alice", "tr_nina", "nobody"):
        sql, params = lead_event(pid, "tr_sara", "reassign", 1, "tier_1", to=to)
        assert "may not review this proposal at tier 1" in why_refused(sara, sql, params)
    assert holder(team, pid) == ("tr_rita", None)
    lead = team["as"]("tr_sara")
    lead.reviews.reassign(lead.actor(), number, "tr_rob")
    assert holder(team, pid) == ("tr_rob", None)
    lead.reviews.release(lead.actor(), number)
    assert holder(team, pid) == (None, None)


def test_only_a_lead_escalates(team: dict[str, Any]) -> None:
    _author = team["as"](ADMIN)
    number, pid = submitted(team)
    for person in ("tr_rita", "tr_mike", "tr_alice", "tr_nina"):
        sql, params = lead_event(pid, person, "escalate", 1, "tier_1")
        assert refused(team["raw"](person), sql, params) == "42501"
    assert refused(team["raw"]("tr_alice"), "UPDATE review_items SET escalated_by = 'tr_sara' WHERE proposal_id = %s",
                   (pid,)) == "42501"
    assert holder(team, pid) == (None, None)
    admin = team["as"](ADMIN)
    admin.reviews.escalate(admin.actor(), number, "the bid is due on Friday")
    assert holder(team, pid) == (None, ADMIN)
    # an author may not own an admin's proposal's escalation: a lead's own proposal is not theirs to escalate
    _n, own = submitted(team, author=ADMIN)
    sql, params = lead_event(own, ADMIN, "escalate", 1, "tier_1")
    assert "not the author" in why_refused(team["raw"](ADMIN), sql, params)


def test_nobody_comments_in_another_persons_name_nor_changes_a_comment(team: dict[str, Any]) -> None:
    admin = team["as"](ADMIN)
    admin.users.add(admin.actor(), "tr_bob", "author", password=pw("tr_bob"))
    number, pid = submitted(team)
    rita = team["as"]("tr_rita")
    rita.reviews.comment(rita.actor(), number, "Section 2 needs the SLA figures")
    alice = team["raw"]("tr_alice")
    sql, params = event_row(pid, "tr_rita", "comment", 1, "tier_1", "tier_1")
    assert refused(alice, sql, params) == "42501"  # an event in rita's name
    assert refused(alice, "INSERT INTO review_comments (proposal_id, revision, tier, section, author, body, at) "
                          "VALUES (%s, 1, 1, '', 'tr_rita', 'looks fine to me', now())", (pid,)) == "42501"
    assert refused(alice, "UPDATE review_comments SET body = 'no remarks' WHERE author = 'tr_rita'") == "42501"
    assert refused(alice, "DELETE FROM review_comments WHERE author = 'tr_rita'") == "42501"
    for person in ("tr_nina", "tr_bob"):  # a viewer, an author not on this proposal
        sql, params = event_row(pid, person, "comment", 1, "tier_1", "tier_1")
        assert refused(team["raw"](person), sql, params) == "42501"
        assert refused(team["raw"](person), "INSERT INTO review_comments (proposal_id, revision, tier, section, "
                       "author, body, at) VALUES (%s, 1, 1, '', %s, 'my two cents', now())", (pid, person)) == "42501"
    assert [(c.author, c.body) for c in rita.reviews.comments(number)] == [
        ("tr_rita", "Section 2 needs the SLA figures")]
    author = team["as"]("tr_alice")  # the author answers in their own name
    author.reviews.comment(author.actor(), number, "Added them in revision 2")
    assert [c.author for c in rita.reviews.comments(number)] == ["tr_rita", "tr_alice"]


def test_one_reviewer_per_tier_even_after_a_change_of_tier(team: dict[str, Any]) -> None:
    number, pid = submitted(team)
    approve_as(team, 1, number)  # rita at tier 1
    admin = team["as"](ADMIN)
    admin.users.set_role(admin.actor(), "tr_rita", "reviewer", 2)  # now she reviews at tier 2
    rita = team["raw"]("tr_rita")
    sql, params = event_row(pid, "tr_rita", "approve", 2, "tier_2", "tier_3")
    assert "approved this revision at another tier" in why_refused(rita, sql, params)
    sql, params = event_row(pid, "tr_rita", "request_changes", 2, "tier_2", "changes_requested")
    assert "approved this revision at another tier" in why_refused(rita, sql, params)
    sql, params = lead_event(pid, "tr_rita", "claim", 2, "tier_2")
    assert "approved this revision at another tier" in why_refused(rita, sql, params)
    sql, params = lead_event(pid, "tr_sara", "reassign", 2, "tier_2", to="tr_rita")
    assert "may not review this proposal at tier 2" in why_refused(team["raw"]("tr_sara"), sql, params)
    approve_as(team, 2, number)  # another tier-2 reviewer still may
    assert team["as"]("tr_alice").reviews.status(number).state.value == "tier_3"


# --- safekeeping and index sync on a person's own login ---------------------------------------------

def test_kept_edits_replay_on_an_authors_login_and_stay_kept_for_a_viewer(team: dict[str, Any]) -> None:
    from workbench.core.safekeeping import KeptEdit
    from workbench.core.search.query import SearchRequest

    payload = {"kind": "faq", "title": "Handover checklist", "body": "zqhandover steps", "slug": "faq-handover"}
    nina, alice = team["as"]("tr_nina"), team["as"]("tr_alice")
    for ws, person in ((nina, "tr_nina"), (alice, "tr_alice")):
        ws.safekeeping.keep(KeptEdit("new_item", "faq-handover", person, ws.db.server, None, payload))
    viewer = nina.safekeeping.replay(nina, nina.actor()).value
    assert viewer.saved == [] and [e.user for e, _exc in viewer.refused] == ["tr_nina"]
    assert [e.target for e in nina.safekeeping.pending("tr_nina", nina.db.server)] == ["faq-handover"]  # not lost
    author = alice.safekeeping.replay(alice, alice.actor()).value
    assert [e.target for e, _view in author.saved] == ["faq-handover"] and author.refused == []
    assert alice.safekeeping.pending("tr_alice", alice.db.server) == []
    with team["raw"]("tr_nina") as conn:
        assert conn.execute("SELECT created_by FROM knowledge_items WHERE slug = 'faq-handover'").fetchone() == (
            "tr_alice",)
        assert conn.execute("SELECT actor FROM audit_events WHERE entity_key = 'faq-handover'").fetchall() == [
            ("tr_alice",)]
    # both laptops' indexes follow the change log on their own logins
    for ws in (alice, nina):
        ws.index.ensure()
        ws.index.sync()
        assert ws.search.search(SearchRequest(text="zqhandover")).total == 1


def test_a_whole_round_with_claims_changes_and_resubmission_passes_the_servers_rules(team: dict[str, Any]) -> None:
    number, pid = submitted(team)
    rita, alice, sara = team["as"]("tr_rita"), team["as"]("tr_alice"), team["as"]("tr_sara")
    rita.reviews.claim(rita.actor(), number)
    rita.reviews.request_changes(rita.actor(), number, "Add the SLA figures")
    assert holder(team, pid) == (None, None)  # a move clears the claim, on the server too
    alice.proposals.save_revision(alice.actor(), number, "# Revised\n\nWith SLA figures.", "SLA", expected_revision=1)
    alice.reviews.submit(alice.actor(), number)
    sara.reviews.escalate(sara.actor(), number, "due Friday")
    rita.reviews.approve(rita.actor(), number, PASSING[1])  # unclaimed: claimed by deciding
    approve_as(team, 2, number)
    sara.reviews.claim(sara.actor(), number)
    sara.reviews.approve(sara.actor(), number, PASSING[3])
    assert alice.reviews.status(number).state.value == "approved"
    assert [e.action for e in alice.reviews.history(number)] == [
        "submit", "claim", "request_changes", "submit", "escalate", "approve", "approve", "claim", "approve"]


# --- migration 0013: a comment goes with its event; shared vectors are for the item's text --------

def comment_rows(pid: int, person: str, body: str, revision: int = 1, at: str = "now()",
                 event_body: str | None = None) -> list[tuple[str, tuple[Any, ...]]]:
    """The comment event and the comment row the app writes for ``person``'s remark (``event_body``:
    another text in the event); ``at``: the time the client claims."""
    event = ("INSERT INTO review_events (proposal_id, at, actor, action, tier, revision, state_before, state_after, "
             f"scores, comment, detail) VALUES (%s, {at}, %s, 'comment', 1, %s, 'tier_1', 'tier_1', '{{}}', %s, '{{}}')",
             (pid, person, revision, body if event_body is None else event_body))
    row = ("INSERT INTO review_comments (proposal_id, revision, tier, section, author, body, at) "
           f"VALUES (%s, %s, 1, '', %s, %s, {at})", (pid, revision, person, body))
    return [event, row]


def refused_together(conn: Any, statements: list[tuple[str, tuple[Any, ...]]]) -> str:
    """The server's message when it refuses ``statements`` run in one transaction (at the latest,
    at its commit); fails the test when it accepts them."""
    try:
        with conn.transaction():
            for sql, params in statements:
                conn.execute(sql, params)
    except psycopg.errors.InsufficientPrivilege as exc:
        return str(exc)
    raise AssertionError(f"the server accepted: {statements}")


def test_a_comment_goes_with_its_own_comment_event_on_the_revision_under_review(team: dict[str, Any]) -> None:
    _number, pid = submitted(team)
    rita = team["raw"]("tr_rita")
    alone = comment_rows(pid, "tr_rita", "slipped in without a trail")[1:]
    assert "written with its comment event" in refused_together(rita, alone)
    other_text = comment_rows(pid, "tr_rita", "what the row says", event_body="what the trail says")
    assert "written with its comment event" in refused_together(rita, other_text)
    one_event_two_rows = comment_rows(pid, "tr_rita", "said twice") + comment_rows(pid, "tr_rita", "said twice")[1:]
    assert "written with its comment event" in refused_together(rita, one_event_two_rows)
    # another person's event does not carry one's comment: alice's answer, rita's event
    mixed = [comment_rows(pid, "tr_rita", "my answer")[0], comment_rows(pid, "tr_alice", "my answer")[1]]
    assert refused_together(team["raw"]("tr_alice"), mixed)  # the event in rita's name is refused first
    assert "revision under review" in refused_together(rita, comment_rows(pid, "tr_rita", "on a draft", revision=2))
    with team["raw"]("tr_nina") as conn:
        assert conn.execute("SELECT count(*) FROM review_comments").fetchone() == (0,)
    # written with its event, it passes, whatever time the client claims: both carry the server's
    with rita.transaction():
        for sql, params in comment_rows(pid, "tr_rita", "Section 2 needs figures", at="'2001-01-01'"):
            rita.execute(sql, params)
    with team["raw"]("tr_nina") as conn:
        times = conn.execute(
            "SELECT (SELECT at FROM review_comments), (SELECT max(at) FROM review_events WHERE action = 'comment'), "
            "now() AT TIME ZONE 'UTC'").fetchone()
    assert times[0] == times[1] and abs((times[2] - times[0]).total_seconds()) < 3600
    # the app's own comments go through the same rules
    ws = team["as"]("tr_rita")
    ws.reviews.comment(ws.actor(), _number, "And the SLA table")
    assert [c.body for c in ws.reviews.comments(_number)] == ["Section 2 needs figures", "And the SLA table"]


def test_a_review_decision_carries_the_servers_time_not_the_clients(team: dict[str, Any]) -> None:
    _number, pid = submitted(team)
    rita = team["raw"]("tr_rita")
    sql, params = event_row(pid, "tr_rita", "approve", 1, "tier_1", "tier_2")
    with rita.transaction():
        rita.execute(sql.replace("now()", "'2001-01-01'"), params)
        rita.execute("UPDATE review_items SET state = 'tier_2' WHERE proposal_id = %s", (pid,))
    with team["raw"]("tr_nina") as conn:
        at = conn.execute("SELECT at FROM review_events WHERE action = 'approve'").fetchone()[0]
    assert at.year >= 2026


def _item(team: dict[str, Any], slug: str) -> tuple[int, str, int]:
    alice = team["as"]("tr_alice")
    from workbench.core.knowledge.model import ItemDraft, Kind

    alice.knowledge.create(alice.actor(), ItemDraft(kind=Kind.FAQ, title="Backup window", body="Nightly at 02:00",
                                                    slug=slug))
    with team["raw"]("tr_nina") as conn:
        row = conn.execute("SELECT id, content_hash, version FROM knowledge_items WHERE slug = %s", (slug,)).fetchone()
    return int(row[0]), str(row[1]), int(row[2])


VECTORS_SQL = ("INSERT INTO item_vectors (item_id, encoder, content_key, version, dim, passages, vectors) "
               "VALUES (%s, 'use-test', %s, %s, 4, 1, %s)")
PUBLISH_SQL = "SELECT workbench_publish_vectors(%s, 'use-test', %s, 4, 1, %s)"
ROW = bytes(8)  # one passage of 4 float16 values


def test_shared_vectors_are_only_for_the_text_an_item_has(team: dict[str, Any]) -> None:
    from workbench.core.knowledge.model import ItemDraft, Kind

    item_id, key, version = _item(team, "faq-backup")
    assert key  # the app keys vectors by the content hash
    alice = team["raw"]("tr_alice")
    assert "text it does not have" in why_refused(alice, VECTORS_SQL, (item_id, "a" * 64, version, ROW))
    assert "do not fit their size" in why_refused(alice, VECTORS_SQL, (item_id, key, version, bytes(6)))
    with alice.transaction():  # the right key passes; the version is the server's
        alice.execute(VECTORS_SQL, (item_id, key, 999, ROW))
    assert alice.execute("SELECT version FROM item_vectors").fetchone() == (version,)
    assert "text it does not have" in why_refused(alice, "UPDATE item_vectors SET content_key = 'forged'")
    # the item changes: vectors of its old text are no longer accepted
    ws = team["as"]("tr_alice")
    view = ws.knowledge.get("faq-backup")
    ws.knowledge.update(ws.actor(), "faq-backup", ItemDraft(kind=Kind.FAQ, title="Backup window",
                                                            body="Nightly at 03:00", slug="faq-backup"),
                        expected_version=view.version)
    assert "text it does not have" in why_refused(alice, PUBLISH_SQL, (item_id, key, ROW))


def test_a_viewer_publishes_vectors_only_through_the_servers_checked_function(team: dict[str, Any]) -> None:
    item_id, key, version = _item(team, "faq-backup")
    nina = team["raw"]("tr_nina")
    assert refused(nina, VECTORS_SQL, (item_id, key, version, ROW)) == "42501"  # no table writes
    assert "text it does not have" in why_refused(nina, PUBLISH_SQL, (item_id, "b" * 64, ROW))
    assert "do not fit their size" in why_refused(nina, PUBLISH_SQL, (item_id, key, bytes(2)))
    with nina.transaction():
        nina.execute(PUBLISH_SQL, (item_id, key, ROW))
        nina.execute(PUBLISH_SQL, (item_id, key, ROW))  # again: it replaces, not adds
    assert nina.execute("SELECT item_id, content_key, version FROM item_vectors").fetchall() == [
        (item_id, key, version)]
    # a deactivated viewer's call is refused like everything else of theirs
    admin = team["as"](ADMIN)
    with admin.db.write() as s:
        s.execute(text("UPDATE users SET active = false WHERE name = 'tr_nina'"))
    try:
        assert "not an active Workbench user" in why_refused(nina, PUBLISH_SQL, (item_id, key, ROW))
    finally:
        with admin.db.write() as s:
            s.execute(text("UPDATE users SET active = true WHERE name = 'tr_nina'"))


def test_a_viewers_laptop_shares_what_it_encoded(team: dict[str, Any], caplog: pytest.LogCaptureFixture) -> None:
    from tests.core.test_meaning import ITEMS

    alice = team["as"]("tr_alice")
    for draft in ITEMS:
        alice.knowledge.create(alice.actor(), draft)
    nina = team["as"]("tr_nina")
    nina.index.ensure()
    with caplog.at_level("WARNING"):
        assert nina.meaning.sync() == len(ITEMS)
    assert "could not be shared" not in caplog.text
    with team["raw"]("tr_alice") as conn:
        shared = conn.execute("SELECT count(*) FROM item_vectors i JOIN knowledge_items k ON k.id = i.item_id "
                              "WHERE i.content_key = k.content_hash").fetchone()
    assert shared == (len(ITEMS),)


# --- passwords are the server's: add, reset, and what an administrator's login needs ----------------

def test_a_password_reset_is_the_servers_and_ends_the_persons_open_connections(team: dict[str, Any]) -> None:
    from workbench.core.errors import InvalidInput

    open_one = team["raw"]("tr_alice")
    admin = team["as"](ADMIN)
    with pytest.raises(InvalidInput) as short:
        admin.users.reset_password(admin.actor(), "tr_alice", "short")
    assert short.value.code == "password_too_short" and "8" in short.value.message("zh_CN")
    admin.users.reset_password(admin.actor(), "tr_alice", "a fresh Server-pw")
    with pytest.raises(psycopg.OperationalError):
        open_one.execute("SELECT 1")
    with pytest.raises(psycopg.OperationalError):
        team["raw"]("tr_alice")  # the old password
    assert team["raw"]("tr_alice", password="a fresh Server-pw").execute("SELECT 1").fetchone() == (1,)
    su = team["raw"]("postgres")
    assert su.execute("SELECT count(*) FROM users WHERE password_hash IS NOT NULL").fetchone() == (0,)
    # a deactivated person's new password does not let them in until they are activated again
    admin.users.set_active(admin.actor(), "tr_nina", False)
    try:
        admin.users.reset_password(admin.actor(), "tr_nina", "nina's new Server-pw")
        with pytest.raises(psycopg.OperationalError):
            team["raw"]("tr_nina", password="nina's new Server-pw")
    finally:
        admin.users.set_active(admin.actor(), "tr_nina", True)
    assert team["raw"]("tr_nina", password="nina's new Server-pw").execute("SELECT 1").fetchone() == (1,)


def test_an_administrator_without_createrole_is_told_what_the_server_needs(team: dict[str, Any]) -> None:
    su = team["raw"]("postgres")
    su.autocommit = True
    su.execute(f"ALTER ROLE {ADMIN} NOCREATEROLE")
    try:
        admin = team["as"](ADMIN)
        with pytest.raises(Forbidden) as caught:
            admin.users.add(admin.actor(), "tr_late", "author", password=pw("tr_late"))
        assert caught.value.code == "team_needs_createrole"
        assert "CREATEROLE" in caught.value.message("en") and "CREATEROLE" in caught.value.message("zh_CN")
        with pytest.raises(Forbidden):
            admin.users.reset_password(admin.actor(), "tr_alice", "a fresh Server-pw")
        assert team["raw"]("tr_alice").execute("SELECT 1").fetchone() == (1,)  # unchanged
    finally:
        su.execute(f"ALTER ROLE {ADMIN} CREATEROLE")


# --- retrospectives: a lesson learned again is added to another person's lesson item -----------

def test_an_author_adds_their_bid_to_a_lesson_another_person_wrote_down(team: dict[str, Any]) -> None:
    first, second = submitted(team)[0], submitted(team)[0]
    for number in (first, second):
        for tier in (1, 2, 3):
            approve_as(team, tier, number)
    sara, alice = team["as"]("tr_sara"), team["as"]("tr_alice")
    lesson = "Bring the security questionnaire answers to the first meeting"
    slug = sara.retros.record(sara.actor(), first, RetroInput("won", "2026-06-01", lessons=(lesson,))).value.lessons[0].slug
    # the author, on their own login, records the same lesson for their next bid
    again = alice.retros.record(alice.actor(), second, RetroInput(
        "lost", "2026-07-01", reasons=("price",), lessons=(lesson,))).value
    assert [ref.slug for ref in again.lessons] == [slug]
    item = alice.knowledge.get(slug)
    assert item.version == 2 and item.updated_by == "tr_alice" and item.body.count("From the retrospective of") == 2
    assert [(v.version, v.changed_by) for v in alice.knowledge.history(slug)] == [(1, "tr_sara"), (2, "tr_alice")]
    with team["raw"]("tr_nina") as conn:
        trail = conn.execute("SELECT actor, action FROM audit_events WHERE entity = 'knowledge_item' "
                             "AND entity_key = %s ORDER BY id", (slug,)).fetchall()
    assert trail == [("tr_sara", "create"), ("tr_alice", "edit")]
