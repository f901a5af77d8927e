"""Logins and login sessions: who is using this workspace.

The rules:

- **When login is required.** Always on a PostgreSQL (team) database. On an SQLite file when any
  active user has a password: an admin turns a shared laptop into a login-protected one by giving
  people passwords. A laptop's own SQLite file with no passwords keeps the local profile (the
  person at the laptop, switchable in Settings or with ``--as``), and needs no login.
- **Passwords** are hashed with argon2id (argon2-cffi's ``PasswordHasher``, default parameters),
  rehashed at login when the parameters have changed since, at least 8 characters. An unknown
  user and a wrong password get the same message; inactive users cannot log in; every login and
  every failed login is an audit event.
- **Sessions.** A login creates a random token (``secrets.token_urlsafe(32)``) that stays on the
  laptop, in the data folder, in a file named after the database's identity (the ``database_id``
  settings row), readable by its owner only (0600). The database keeps only the token's SHA-256.
  A session lasts 30 days from its last use (sliding; its ``last_seen_at`` is written at most once
  an hour). Logging out revokes it; a password reset by an admin and a deactivation revoke all of
  the user's sessions; changing one's own password revokes the user's other sessions. A new
  Workspace on the same data folder resumes the session without asking for the password again.
- **The identity lives in the Workspace**, not in the shared database: ``Workspace.actor()``
  returns the signed-in user, or raises ``NotSignedIn`` when login is required and nobody is.
- **People's own connections.** On a team database with roles (migration 0011) a connection
  made as a person's PostgreSQL login *is* their sign-in: the server checked the password (or
  LDAP, Kerberos, a certificate), the actor is ``session_user`` and no token or hash is involved.
  Signing in by name and password over the schema owner's connection to such a person (who has
  no hash in the app) reconnects the workspace as them, so the server checks that password.
- **Bootstrap.** An empty team database gets its first administrator with a password
  (``UserService.add(None, ...)``, allowed only while there are no users); no passwordless
  administrator is ever created on PostgreSQL.

What this protects against, and what not (README, "Logins and the trust model"): it stops a
colleague at another laptop from acting as someone else *through the app*. It does not stop anyone
holding the database credentials the app itself uses: they can read and change every table, write
audit rows in anyone's name and drop the append-only trigger. A local SQLite file is as safe as the
laptop's disk.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import math
import os
import platform
import secrets
from collections.abc import Callable
from pathlib import Path

from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.core.changes import OpChanges, OpResult
from workbench.core.db import roles
from workbench.core.db.engine import Database
from workbench.core.db.models import (
    DATABASE_ID_KEY,
    AuditEvent,
    Setting,
    User,
    UserSession,
    database_identity,
    utcnow,
)
from workbench.core.errors import Forbidden, InvalidInput, WorkbenchError
from workbench.core.users import HASHER, UserView, _view, hash_password, revoke_sessions

log = logging.getLogger(__name__)

SESSION_LIFETIME = dt.timedelta(days=30)
TOUCH_INTERVAL = dt.timedelta(hours=1)  # last_seen_at (and the expiry) move at most this often
FAILED_LIMIT = 5  # failed sign-ins for one name ...
FAILED_WINDOW = dt.timedelta(minutes=15)  # ... within this long: further attempts wait



@functools.cache
def _dummy_hash() -> str:
    """Verified against when the user does not exist, so an unknown name costs as much as a
    wrong password. Computed on first use, not at import: an argon2 hash takes 0.25-0.56 s and
    64 MiB, which every start and every CLI command paid. ``Auth.login`` computes it before it
    looks the name up, for known and unknown names alike: the first sign-in of a process costs
    the same either way, so not even that one tells whether a name exists."""
    return HASHER.hash("not a password of anyone's")


class NotSignedIn(WorkbenchError):
    code = "not_signed_in"


class LoginFailed(WorkbenchError):
    code = "login_failed"


class TooManyAttempts(WorkbenchError):
    code = "login_throttled"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


class Auth:
    """The login state of one workspace: the session token on this laptop, checked against the
    database on every use."""

    def __init__(self, db: Database, sessions_dir: Path, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self._db = db
        self._dir = sessions_dir
        self.clock = clock
        self._token: str | None = None
        self._database_id: str | None = None
        self._person: str | None = None  # the person this connection is (see the module's rules)
        self._person_known = False

    def person(self) -> str | None:
        """The person whose own PostgreSQL login this workspace's connection is, or None."""
        if not self._person_known and not self._db.is_sqlite:
            with self._db.read() as s:
                self._person = roles.person(s)
            self._person_known = True
        return self._person

    # --- what kind of database this is ----------------------------------------------------

    def login_required(self) -> bool:
        if not self._db.is_sqlite:
            return True
        with self._db.read() as s:
            found = s.scalar(
                select(User.id).where(User.active.is_(True), User.password_hash.is_not(None)).limit(1))
        return found is not None

    def needs_first_admin(self) -> bool:
        """An empty team database: its first administrator must be created (with a password)."""
        with self._db.read() as s:
            return s.scalar(select(User.id).limit(1)) is None

    def database_id(self) -> str:
        if self._database_id is None:
            with self._db.read() as s:
                value = database_identity(s)
            if value is None:  # a database older than migration 0007's identity: give it one
                with self._db.write() as s:
                    row = s.get(Setting, DATABASE_ID_KEY)
                    if row is None:
                        row = Setting(key=DATABASE_ID_KEY, value=secrets.token_hex(16))
                        s.add(row)
                    value = row.value
            self._database_id = "".join(c for c in value if c.isalnum())[:64] or "database"
        return self._database_id

    def token_file(self) -> Path:
        return self._dir / f"{self.database_id()}.token"

    # --- signing in and out ----------------------------------------------------------------

    def login(self, name: str, password: str) -> UserView:
        """Check the password, open a session and keep its token on this laptop.

        The argon2 check (~0.4 s) runs outside any transaction: inside a write it would hold the
        database's one write lock (engine.py) and stall every colleague's saves for its length.
        After ``FAILED_LIMIT`` failures for one name within ``FAILED_WINDOW`` (counted since that
        user's last sign-in or password change), further attempts are refused unchecked until
        the window has passed or an administrator resets the password."""
        if self._db.is_postgresql and (self.person() is not None or self._server_checks(name)):
            return self._login_as_person(name, password)
        now = self.clock()
        _dummy_hash()  # before the look-up, whatever it finds (see _dummy_hash)
        with self._db.read() as s:
            user = s.scalar(select(User).where(User.name == name))
            stored = user.password_hash if user is not None else None
            failures, oldest = self._recent_failures(s, name, user, now)
        if failures >= FAILED_LIMIT:
            wait = max(1, math.ceil((oldest + FAILED_WINDOW - now).total_seconds() / 60))
            raise TooManyAttempts(name=name, minutes=wait)
        ok = self._verify(stored, password)
        with self._db.write() as s:
            user = s.scalar(select(User).where(User.name == name))
            changed = user is not None and user.password_hash != stored  # reset meanwhile
            if user is None or not ok or not user.active or changed:
                reason = ("unknown" if user is None else "password" if not ok else
                          "inactive" if not user.active else "changed")
                s.add(AuditEvent(at=now, actor=name[:80] or "?", entity="user", entity_key=name[:200] or "?",
                                 action="login_failed", detail={"reason": reason, "client": _client()}))
                failed = True
            else:
                failed = False
                assert user.password_hash is not None
                if HASHER.check_needs_rehash(user.password_hash):
                    user.password_hash = HASHER.hash(password)
                token = secrets.token_urlsafe(32)
                s.add(UserSession(token_hash=token_hash(token), user_id=user.id, client=_client(),
                                  created_at=now, expires_at=now + SESSION_LIFETIME, last_seen_at=now))
                s.add(AuditEvent(at=now, actor=user.name, entity="user", entity_key=user.name, action="login",
                                 detail={"client": _client()}))
                view = _view(user)
        if failed:  # the failed attempt is recorded (committed above), then refused
            raise LoginFailed()
        self._save_token(token)
        self._token = token
        return view

    def _server_checks(self, name: str) -> bool:
        """Over the owner's connection: whether ``name`` is a person of a team database with
        roles whom the app has no hash for (their password is the server's)."""
        with self._db.read() as s:
            if not roles.has_team_roles(s):
                return False
            user = s.scalar(select(User).where(User.name == name))
            return user is not None and user.password_hash is None and roles.exists(s, name)

    def _login_as_person(self, name: str, password: str) -> UserView:
        """Sign in by connecting as ``name`` with ``password``: the server checks it (a wrong
        one, an unknown name and a deactivated person are all "sign-in failed")."""
        if name != self.person():
            try:
                self._db.connect_as(name, password)
            except WorkbenchError:
                raise LoginFailed() from None
            self._person_known = False
        elif not self._db.password_works(name, password):  # signed in already: the password still asked
            raise LoginFailed()
        view = self.signed_in()
        if view is None or view.name != name:
            raise LoginFailed()
        return view

    @staticmethod
    def _recent_failures(s: Session, name: str, user: User | None, now: dt.datetime) -> tuple[int, dt.datetime]:
        """Failed sign-ins for ``name`` in the window and since its last success or password
        change, and when the oldest of them was."""
        since = now - FAILED_WINDOW
        if user is not None and user.password_set_at is not None:
            since = max(since, user.password_set_at)
        last_ok = s.scalar(select(func.max(AuditEvent.at)).where(
            AuditEvent.entity_key == name[:200], AuditEvent.entity == "user", AuditEvent.action == "login"))
        if last_ok is not None:
            since = max(since, last_ok)
        count, oldest = s.execute(select(func.count(AuditEvent.id), func.min(AuditEvent.at)).where(
            AuditEvent.entity_key == name[:200], AuditEvent.entity == "user",
            AuditEvent.action == "login_failed", AuditEvent.at > since)).one()
        return int(count or 0), oldest or now

    @staticmethod
    def _verify(stored: str | None, password: str) -> bool:
        try:
            return HASHER.verify(stored or _dummy_hash(), password) and stored is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def logout(self) -> None:
        """End this laptop's session (revoked in the database, token file removed)."""
        token, self._token = self._token or self._read_token(), None
        if token is not None:
            with self._db.write() as s:
                session = s.scalar(select(UserSession).where(UserSession.token_hash == token_hash(token)))
                if session is not None and not session.revoked:
                    session.revoked = True
                    user = s.get(User, session.user_id)
                    s.add(AuditEvent(actor=user.name if user else "?", entity="user",
                                     entity_key=user.name if user else "?", action="logout", detail={}))
        self._forget_token()

    def resume(self) -> UserView | None:
        """Pick up this laptop's session for this database, if it is still valid."""
        self._token = self._read_token()
        return self.signed_in()

    def signed_in(self) -> UserView | None:
        """The user of this laptop's session, or None (no session, or it expired, was revoked,
        or the user was deactivated). Slides the expiry at most once an hour. On a person's own
        connection: that person, while active."""
        me = self.person()
        if me is not None:
            with self._db.read() as s:
                user = s.scalar(select(User).where(User.name == me))
                return _view(user) if user is not None and user.active else None
        if self._token is None:
            return None
        now = self.clock()
        digest = token_hash(self._token)
        with self._db.read() as s:
            row = s.execute(select(UserSession, User).join(User, User.id == UserSession.user_id)
                            .where(UserSession.token_hash == digest)).first()
            if row is None:
                view, session_ok, stale = None, False, False
            else:
                session, user = row
                session_ok = not session.revoked and session.expires_at > now and user.active
                stale = now - session.last_seen_at >= TOUCH_INTERVAL
                view = _view(user)
        if not session_ok:
            self._token = None
            self._forget_token()
            return None
        if stale:
            with self._db.write() as s:
                touched = s.scalar(select(UserSession).where(UserSession.token_hash == digest))
                if touched is not None:
                    touched.last_seen_at, touched.expires_at = now, now + SESSION_LIFETIME
        return view

    def change_password(self, actor: UserView, old: str | None, new: str) -> OpResult[UserView]:
        """A user changes their own password (the current one is asked for when there is one).
        Their other sessions end; this one stays (and is opened, on a laptop where this first
        password turns login on)."""
        new_hash = hash_password(new)
        if self.person() is not None:
            return self._change_server_password(actor, old, new)
        keep = token_hash(self._token) if self._token else None
        with self._db.write() as s:
            user = s.scalar(select(User).where(User.name == actor.name))
            if user is None or not user.active:
                raise NotSignedIn()
            if user.password_hash is not None and not self._verify(user.password_hash, old or ""):
                raise Forbidden("password_wrong")
            user.password_hash, user.password_set_at = new_hash, utcnow()
            revoked = revoke_sessions(s, user.id, keep_token_hash=keep)
            s.add(AuditEvent(actor=user.name, entity="user", entity_key=user.name, action="change_password",
                             detail={"sessions_revoked": revoked}))
            view = _view(user)
        if keep is None:
            self.login(actor.name, new)
        return OpResult(view, OpChanges(users=True))

    def _change_server_password(self, actor: UserView, old: str | None, new: str) -> OpResult[UserView]:
        """A person changes their own PostgreSQL password (the current one checked by the server:
        a connection made with it)."""
        if actor.name != self.person():
            raise NotSignedIn()
        # A server that lets the person in with any password (a certificate, Kerberos, trust in
        # pg_hba.conf) has no password of theirs to change: setting one would look like a change
        # and do nothing.
        if self._db.password_works(actor.name, secrets.token_urlsafe(24)):
            raise InvalidInput("server_password_not_checked", name=actor.name)
        if not self._db.password_works(actor.name, old or ""):
            raise Forbidden("password_wrong")
        with self._db.write() as s:
            user = s.scalar(select(User).where(User.name == actor.name))
            if user is None or not user.active:
                raise NotSignedIn()
            roles.set_password(s, actor.name, new)
            view = _view(user)
        if not self._db.password_works(actor.name, new):
            # The server checks the password with another service (LDAP, RADIUS, PAM): the old one
            # still opens it and the role's own password is never asked for. It is taken away
            # again rather than left as a second secret that does nothing.
            with self._db.write() as s:
                roles.clear_password(s, actor.name)
            raise InvalidInput("server_password_elsewhere", name=actor.name)
        with self._db.write() as s:
            s.add(AuditEvent(actor=actor.name, entity="user", entity_key=actor.name, action="change_password",
                             detail={}))
        self._db.connect_as(actor.name, new)
        return OpResult(view, OpChanges(users=True))

    # --- the token file on this laptop ---------------------------------------------------------

    def _save_token(self, token: str) -> None:
        self._dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self._dir, 0o700)
        path = self.token_file()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, token.encode("ascii"))
        finally:
            os.close(fd)
        os.chmod(path, 0o600)  # also when the file was there before with other permissions

    def _read_token(self) -> str | None:
        try:
            text = self.token_file().read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return text or None

    def _forget_token(self) -> None:
        try:
            self.token_file().unlink(missing_ok=True)
        except OSError:
            log.warning("could not remove the session file %s", self.token_file())


def _client() -> str:
    return (platform.node() or "?")[:120]
