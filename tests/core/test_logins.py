"""Logins (workbench/core/auth.py) on both backends: passwords, sessions kept on the laptop,
revocation, the bootstrap of an empty team database, and who the audit trail names."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, update

from tests.backends import ADMIN, Backend, password_of
from workbench.core.auth import SESSION_LIFETIME, TOUCH_INTERVAL, token_hash
from workbench.core.db.models import AuditEvent, User, UserSession, utcnow
from workbench.core.errors import Forbidden, InvalidInput, WorkbenchError
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.workspace import Workspace, WorkspaceSettings

PW = "correct horse battery"
# the app's own sign-in (argon2 hashes, session tokens, throttling) is a laptop's SQLite file's; on
# a team database the server checks each person's password (tests/core/test_team_roles.py)
LAPTOP_ONLY = pytest.mark.parametrize("backend_name", ["sqlite"])


def _team_ready(ws: Workspace) -> Workspace:
    """On a laptop's SQLite file, give the admin a password: login becomes required there too."""
    if not ws.login_required():
        ws.auth.change_password(ws.actor(), None, password_of(ADMIN))
    assert ws.login_required()
    return ws


def _again(ws: Workspace) -> Workspace:
    """A new Workspace on the same data folder (the app started again on this laptop)."""
    return Workspace.open(WorkspaceSettings(home=ws.paths.home, database_url=ws.settings.database_url,
                                            load_demo=False, automatic_backups=False))


def _laptop(ws: Workspace, home: Path) -> Workspace:
    """Another laptop (its own data folder) on the same database."""
    return Workspace.open(WorkspaceSettings(home=home, database_url=ws.settings.database_url or f"sqlite:///{ws.paths.database}",
                                            load_demo=False, automatic_backups=False))


def _audit(ws: Workspace, action: str) -> list[AuditEvent]:
    with ws.db.read() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


@LAPTOP_ONLY
def test_passwords_are_argon2id_hashes_and_verified(ws: Workspace) -> None:
    _team_ready(ws)
    ws.users.add(ws.actor(), "tom", "author", password=PW)
    with ws.db.read() as s:
        stored = s.scalar(select(User.password_hash).where(User.name == "tom"))
    assert stored is not None and stored.startswith("$argon2id$") and PW not in stored
    assert ws.login("tom", PW).name == "tom"
    assert ws.actor().name == "tom"


@LAPTOP_ONLY
def test_wrong_password_and_unknown_user_get_the_same_message_and_are_audited(ws: Workspace) -> None:
    _team_ready(ws)
    ws.logout()
    with pytest.raises(WorkbenchError) as wrong:
        ws.login(ADMIN, "not the password")
    with pytest.raises(WorkbenchError) as unknown:
        ws.login("nobody", "not the password")
    assert wrong.value.code == unknown.value.code == "login_failed"
    assert wrong.value.message("en") == unknown.value.message("en") == "Wrong user name or password."
    assert wrong.value.message("zh") == "用户名或密码错误。"
    failed = _audit(ws, "login_failed")
    assert [(e.actor, e.detail["reason"]) for e in failed] == [(ADMIN, "password"), ("nobody", "unknown")]
    with pytest.raises(WorkbenchError, match="Sign in first"):
        ws.actor()
    ws.login(ADMIN, password_of(ADMIN))
    assert _audit(ws, "login")[-1].actor == ADMIN


def test_short_passwords_are_refused(ws: Workspace) -> None:
    _team_ready(ws)
    with pytest.raises(InvalidInput) as short:
        ws.users.add(ws.actor(), "tom", "author", password="1234567")
    assert short.value.code == "password_too_short" and "8" in short.value.message("en")


@LAPTOP_ONLY
def test_an_old_hash_is_rehashed_at_login(ws: Workspace) -> None:
    _team_ready(ws)
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PW)
    ws.users.add(ws.actor(), "tom", "author", password=PW)
    with ws.db.write() as s:
        s.execute(update(User).where(User.name == "tom").values(password_hash=weak))
    ws.login("tom", PW)
    with ws.db.read() as s:
        stored = s.scalar(select(User.password_hash).where(User.name == "tom"))
    assert stored != weak and not PasswordHasher().check_needs_rehash(stored)
    ws.logout()
    assert ws.login("tom", PW).name == "tom"


@LAPTOP_ONLY
def test_inactive_users_cannot_log_in_and_deactivation_ends_their_sessions(ws: Workspace, tmp_path: Path) -> None:
    _team_ready(ws)
    admin = ws.actor()
    ws.users.add(admin, "tom", "author", password=PW)
    laptop = _laptop(ws, tmp_path / "toms-laptop")
    try:
        laptop.login("tom", PW)
        ws.users.set_active(admin, "tom", False)
        assert laptop.signed_in() is None
        with pytest.raises(WorkbenchError) as refused:
            laptop.login("tom", PW)
        assert refused.value.code == "login_failed"
        assert _audit(ws, "login_failed")[-1].detail["reason"] == "inactive"
        ws.users.set_active(admin, "tom", True)
        assert laptop.login("tom", PW).name == "tom"
    finally:
        laptop.close()


@LAPTOP_ONLY
def test_the_session_token_stays_on_the_laptop_and_resumes_in_a_new_workspace(ws: Workspace) -> None:
    _team_ready(ws)
    ws.users.add(ws.actor(), "tom", "author", password=PW)
    ws.login("tom", PW)
    token_file = ws.auth.token_file()
    assert token_file.parent == ws.paths.home / "sessions"
    assert token_file.stem == ws.auth.database_id()
    assert stat.S_IMODE(os.stat(token_file).st_mode) == 0o600
    token = token_file.read_text()
    with ws.db.read() as s:
        hashes = list(s.scalars(select(UserSession.token_hash)))
    assert token_hash(token) in hashes and token not in hashes  # the database has only the digest
    again = _again(ws)
    try:
        assert again.actor().name == "tom"  # no password asked
    finally:
        again.close()


@LAPTOP_ONLY
def test_sessions_expire_after_30_days_unused_and_slide_when_used(ws: Workspace) -> None:
    _team_ready(ws)
    start = utcnow()
    ws.auth.clock = lambda: start
    ws.logout()
    ws.login(ADMIN, password_of(ADMIN))
    # used again after 29 days: still valid, and it now lasts 30 days from then
    ws.auth.clock = lambda: start + dt.timedelta(days=29)
    assert ws.actor().name == ADMIN
    with ws.db.read() as s:
        session = s.scalar(select(UserSession).where(UserSession.revoked.is_(False)))
        assert session is not None
        assert session.expires_at == start + dt.timedelta(days=29) + SESSION_LIFETIME
        assert session.last_seen_at == start + dt.timedelta(days=29)
    # within the hour: not written again
    ws.auth.clock = lambda: start + dt.timedelta(days=29) + TOUCH_INTERVAL / 2
    ws.actor()
    with ws.db.read() as s:
        assert s.scalar(select(UserSession.last_seen_at).where(UserSession.revoked.is_(False))) == \
            start + dt.timedelta(days=29)
    # 30 days after the last use: over
    ws.auth.clock = lambda: start + dt.timedelta(days=59, minutes=1)
    with pytest.raises(WorkbenchError, match="Sign in first"):
        ws.actor()
    assert not ws.auth.token_file().exists()


@LAPTOP_ONLY
def test_logout_revokes_the_session(ws: Workspace) -> None:
    _team_ready(ws)
    token = ws.auth.token_file().read_text()
    ws.logout()
    with ws.db.read() as s:
        assert s.scalar(select(UserSession.revoked).where(UserSession.token_hash == token_hash(token))) is True
    assert not ws.auth.token_file().exists()
    # a copy of the token taken before does not sign anyone in afterwards
    ws.auth.token_file().parent.mkdir(exist_ok=True)
    ws.auth.token_file().write_text(token)
    again = _again(ws)
    try:
        assert again.signed_in() is None
    finally:
        again.close()
    assert _audit(ws, "logout")[-1].actor == ADMIN


@LAPTOP_ONLY
def test_a_password_reset_ends_every_session_of_that_user(ws: Workspace, tmp_path: Path) -> None:
    _team_ready(ws)
    ws.users.add(ws.actor(), "tom", "author", password=PW)
    toms = _laptop(ws, tmp_path / "toms-laptop")
    try:
        toms.login("tom", PW)
        ws.users.reset_password(ws.actor(), "tom", "a new password")
        assert toms.signed_in() is None
        with pytest.raises(WorkbenchError):
            toms.login("tom", PW)
        assert toms.login("tom", "a new password").name == "tom"
        # tom changes his own password: his other sessions end, this one stays
        other = _laptop(ws, tmp_path / "toms-phone")
        try:
            other.login("tom", "a new password")
            with pytest.raises(WorkbenchError) as wrong:
                toms.auth.change_password(toms.actor(), "not it", "third password")
            assert wrong.value.code == "password_wrong"
            toms.auth.change_password(toms.actor(), "a new password", "third password")
            assert toms.actor().name == "tom"
            assert other.signed_in() is None
        finally:
            other.close()
    finally:
        toms.close()


def test_as_another_user_is_refused_where_login_is_required(ws: Workspace) -> None:
    from workbench.cli.main import main

    where = ["--home", str(ws.paths.home)]
    if ws.settings.database_url:
        where += ["--database-url", ws.settings.database_url]
    if not ws.db.is_postgresql:
        assert main([*where, "--as", "alice", "whoami"]) == 0  # a laptop without passwords: allowed
    _team_ready(ws)
    assert main([*where, "--as", "alice", "import", str(ws.paths.home / "nothing.md")]) == 1
    with pytest.raises(WorkbenchError) as refused:
        ws.users.switch("alice")
    assert refused.value.code == "login_required_no_switch"


def test_the_first_admin_of_an_empty_team_database(backend: Backend, tmp_path: Path) -> None:
    """An empty database: nobody is signed in, the first administrator comes with a password,
    and only while there are no users."""
    home = tmp_path / "new"
    url = backend.url_for(home)  # a new, empty database: no admin bootstrapped by the fixtures
    ws = Workspace.open(WorkspaceSettings(home=home, database_url=url, automatic_backups=False))
    try:
        if ws.db.is_postgresql:
            assert ws.login_required() and ws.auth.needs_first_admin()
            assert ws.users.count() == 0  # never a passwordless admin on a team database
            assert ws.knowledge.items() == []  # the demo is not loaded into a team database
            with pytest.raises(WorkbenchError, match="Sign in first"):
                ws.actor()
            with pytest.raises(WorkbenchError) as no_password:
                ws.users.add(None, "boss", "admin")
            assert no_password.value.code == "bootstrap_needs_password"
            with pytest.raises(WorkbenchError) as not_admin:
                ws.users.add(None, "boss", "author", password=PW)
            assert not_admin.value.code == "bootstrap_admin_only"
            assert ws.create_first_admin("boss", PW).name == "boss"
            assert ws.actor().name == "boss"
        else:  # a laptop's first start: the person at it is its (passwordless) administrator
            assert not ws.login_required()
            assert ws.actor().role.value == "admin" and ws.knowledge.items()
        with pytest.raises(Forbidden):
            ws.users.add(None, "second", "admin", password=PW)  # only while there are no users
    finally:
        ws.close()


@pytest.mark.parametrize("role", ["viewer", "author", "reviewer"])
def test_permissions_per_role_on_write_paths(ws: Workspace, role: str) -> None:
    _team_ready(ws)
    ws.users.add(ws.actor(), "tom", role, 1 if role == "reviewer" else None, password=PW)
    ws.login("tom", PW)
    me = ws.actor()
    draft = ItemDraft(kind=Kind.FAQ, title="Tom's question", body="An answer.", slug="faq-tom")
    if role == "viewer":
        with pytest.raises(Forbidden):
            ws.knowledge.create(me, draft)
    else:
        assert ws.knowledge.create(me, draft).value.updated_by == "tom"
    with pytest.raises(Forbidden):
        ws.users.add(me, "eve", "admin", password=PW)
    with pytest.raises(Forbidden):
        ws.users.reset_password(me, ADMIN, "taken over!")
    with pytest.raises(Forbidden):
        ws.users.set_active(me, ADMIN, False)
    with pytest.raises(Forbidden):
        ws.users.set_role(me, "tom", "admin")
    with pytest.raises(Forbidden):
        ws.reviews.change_settings(me, sla_days=1)


def test_the_audit_trail_names_the_signed_in_user(ws: Workspace) -> None:
    _team_ready(ws)
    ws.users.add(ws.actor(), "tom", "admin", password=PW)
    ws.login("tom", PW)
    ws.users.add(ws.actor(), "eve", "author", password=PW)
    ws.users.set_role(ws.actor(), "eve", "reviewer", 2)
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, title="Q", body="A", slug="faq-q"))
    with ws.db.read() as s:
        events = {(e.action, e.entity_key): e.actor for e in s.scalars(select(AuditEvent))}
    assert events[("add", "eve")] == events[("set_role", "eve")] == "tom"
    assert ws.knowledge.get("faq-q").updated_by == "tom"


def test_admins_keep_the_last_admin_and_cannot_deactivate_themselves(ws: Workspace) -> None:
    _team_ready(ws)
    admin = ws.actor()
    with pytest.raises(WorkbenchError) as self_off:
        ws.users.set_active(admin, ADMIN, False)
    assert self_off.value.code == "user_deactivate_self"
    with pytest.raises(WorkbenchError) as last:
        ws.users.set_role(admin, ADMIN, "author")
    assert last.value.code == "last_admin"


def test_a_laptop_admin_sets_their_own_password_before_anyone_elses(backend: Backend, ws: Workspace) -> None:
    admin = ws.actor()
    if backend.is_postgresql:  # a team database: the admin has a password from the start
        assert ws.users.add(admin, "tom", "author", password=PW).value.name == "tom"
        return
    with pytest.raises(WorkbenchError) as first:
        ws.users.add(admin, "tom", "author", password=PW)
    assert first.value.code == "password_admin_first"
    ws.auth.change_password(admin, None, password_of(ADMIN))  # turns login on, and signs in
    assert ws.login_required() and ws.actor().name == ADMIN
    ws.users.add(ws.actor(), "tom", "author", password=PW)


@LAPTOP_ONLY
def test_repeated_failed_sign_ins_wait_until_the_window_passes_or_a_reset(ws: Workspace) -> None:
    """Five failures for one name within 15 minutes: further attempts are refused unchecked, with
    how long to wait, in both languages; the window passing or an administrator's reset lifts it."""
    from workbench.core.auth import FAILED_LIMIT, FAILED_WINDOW

    _team_ready(ws)
    ws.users.add(ws.actor(), "tom", "author", password=PW)
    admin = ws.actor()
    start = utcnow() - FAILED_WINDOW - dt.timedelta(minutes=5)  # all of it before the reset below
    with ws.db.write() as s:  # tom's password was set before all of it, too
        s.execute(update(User).where(User.name == "tom").values(password_set_at=start - dt.timedelta(minutes=1)))
    ws.auth.clock = lambda: start
    for _ in range(FAILED_LIMIT):
        with pytest.raises(WorkbenchError) as wrong:
            ws.login("tom", "guessing again")
        assert wrong.value.code == "login_failed"
    with pytest.raises(WorkbenchError) as held:
        ws.login("tom", PW)  # even the right password waits: it is not checked at all
    assert held.value.code == "login_throttled"
    assert "tom" in held.value.message("en") and "15 minutes" in held.value.message("en")
    assert "15 分钟" in held.value.message("zh")
    assert len(_audit(ws, "login_failed")) == FAILED_LIMIT  # refusals unchecked are not failures

    ws.auth.clock = lambda: start + FAILED_WINDOW + dt.timedelta(seconds=1)
    assert ws.login("tom", PW).name == "tom"
    ws.auth.clock = lambda: start + FAILED_WINDOW + dt.timedelta(minutes=1)
    for _ in range(FAILED_LIMIT):  # counted again from the successful sign-in
        with pytest.raises(WorkbenchError):
            ws.login("tom", "guessing again")
    with pytest.raises(WorkbenchError, match="Too many failed sign-ins"):
        ws.login("tom", PW)
    ws.users.reset_password(admin, "tom", "a brand new password")
    ws.auth.clock = utcnow
    assert ws.login("tom", "a brand new password").name == "tom"
    with pytest.raises(WorkbenchError) as other:  # one name's failures never hold another name
        ws.login(ADMIN, "guessing")
    assert other.value.code == "login_failed"


@LAPTOP_ONLY
def test_the_dummy_hash_is_paid_by_every_first_sign_in_known_or_not(ws: Workspace) -> None:
    """Not at import (every start and command paid 0.25-0.56 s for it) but before the name is
    looked up: a process's first sign-in does the same argon2 work whether the name exists, so
    not even that one tells names apart."""
    from workbench.core import auth

    _team_ready(ws)
    for name, password in (("nobody-here", "whatever-pass"), (ADMIN, "wrong password!")):
        auth._dummy_hash.cache_clear()
        with pytest.raises(WorkbenchError):
            _again(ws).login(name, password)
        assert auth._dummy_hash.cache_info().currsize == 1
