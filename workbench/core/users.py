"""Users, roles, reviewer tiers, passwords and the permission checks every service applies.

Administration (``UserService``): an admin adds users (with an initial password), resets a
password, sets role and tier, deactivates and activates. Passwords have at least 8 characters and
are not among the most common ones, on either backend. On a laptop's SQLite file they are hashed
with argon2id (argon2-cffi's ``PasswordHasher`` with its default parameters) and resetting one
or deactivating a user revokes that user's login sessions. On a team (PostgreSQL) database a
password is the server's only: it is set on the person's login role (``ALTER ROLE ... PASSWORD``,
a SCRAM verifier made on this computer; ``workbench.core.db.roles``) and the users table keeps no
hash of it. Logins and sessions themselves live in ``workbench.core.auth``."""

from __future__ import annotations

import getpass
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from workbench.core.changes import OpChanges, OpResult
from workbench.core.db import roles
from workbench.core.db.engine import Database
from workbench.core.db.models import AuditEvent, Setting, User, UserSession, utcnow
from workbench.core.errors import Forbidden, InvalidInput, NotFound
from workbench.core.passwords import check_guessable


class Role(StrEnum):
    AUTHOR = "author"
    REVIEWER = "reviewer"
    VIEWER = "viewer"
    ADMIN = "admin"


class Permission(StrEnum):
    EDIT_KNOWLEDGE = "edit knowledge items"
    IMPORT_KNOWLEDGE = "import knowledge"
    ARCHIVE_KNOWLEDGE = "archive knowledge items"
    EDIT_PROPOSALS = "write proposals"
    MANAGE_USERS = "manage users"
    RESTORE_BACKUP = "restore backups"
    MANAGE_REVIEWS = "change review settings"


_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: frozenset(),
    Role.AUTHOR: frozenset(
        {Permission.EDIT_KNOWLEDGE, Permission.IMPORT_KNOWLEDGE, Permission.ARCHIVE_KNOWLEDGE,
         Permission.EDIT_PROPOSALS}
    ),
    Role.REVIEWER: frozenset(
        {Permission.EDIT_KNOWLEDGE, Permission.IMPORT_KNOWLEDGE, Permission.ARCHIVE_KNOWLEDGE,
         Permission.EDIT_PROPOSALS}
    ),
    Role.ADMIN: frozenset(Permission),
}

CURRENT_USER_KEY = "current_user"
_NAME_RE = re.compile(r"^[\w.\-@]{1,80}$")
MAX_DISPLAY_NAME = 60  # characters; the column holds 120, a cover line and a table cell much less
# bidirectional embeddings/overrides/isolates: invisible, and they reorder what follows them
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024  # argon2 takes any length; this bounds the work one attempt costs

HASHER = PasswordHasher()  # argon2id, the library's default (RFC 9106 low-memory) parameters


def check_password(password: str) -> str:
    """``password`` when acceptable (long enough, not too long, not guessable); refused with a
    clear message otherwise. The same rules for the app's own logins and a team server's."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("password_too_short", minimum=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput("password_too_long", maximum=MAX_PASSWORD_LENGTH)
    check_guessable(password)
    return password


def hash_password(password: str) -> str:
    """The argon2id hash of an acceptable password (refused with a clear message otherwise)."""
    return HASHER.hash(check_password(password))


def clean_display_name(text: str) -> str:
    """A display name as stored: trimmed, runs of spaces made one; "" means none (the login is
    shown). Refused: control characters (newlines, tabs, bidirectional overrides) and more than
    ``MAX_DISPLAY_NAME`` characters."""
    if any(unicodedata.category(c) in ("Cc", "Cs") or c in _BIDI_CONTROLS for c in text):
        raise InvalidInput("display_name_control")
    cleaned = " ".join(text.split())
    if len(cleaned) > MAX_DISPLAY_NAME:
        raise InvalidInput("display_name_too_long", maximum=MAX_DISPLAY_NAME, length=len(cleaned))
    return cleaned


def label_for(name: str, display_name: str) -> str:
    """What people read for a user: the display name, or the login when none is set."""
    return display_name or name


def labels(s: Session, names: Iterable[str | None]) -> dict[str, str]:
    """Login -> label for every name given, in one query (a name no user has keeps itself:
    e.g. an account removed from an imported database)."""
    wanted = {n for n in names if n}
    if not wanted:
        return {}
    found = {n: d for n, d in s.execute(select(User.name, User.display_name).where(User.name.in_(wanted)))}
    return {n: label_for(n, found.get(n, "")) for n in wanted}


def revoke_sessions(s: Session, user_id: int, keep_token_hash: str | None = None) -> int:
    """Revoke a user's login sessions (all, or all but one); returns how many were open."""
    stmt = update(UserSession).where(UserSession.user_id == user_id, UserSession.revoked.is_(False))
    if keep_token_hash is not None:
        stmt = stmt.where(UserSession.token_hash != keep_token_hash)
    result = s.execute(stmt.values(revoked=True))
    return int(getattr(result, "rowcount", 0) or 0)


def local_login_name() -> str:
    """The OS login as a user name (the local profile on a laptop's own database)."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = "local"
    return login if _NAME_RE.match(login) else "local"


@dataclass(frozen=True)
class UserView:
    name: str
    display_name: str
    role: Role
    tier: int | None
    active: bool
    has_password: bool = False

    def can(self, permission: Permission) -> bool:
        return self.active and permission in _GRANTS[self.role]

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise Forbidden(user=self.name, role=self.role.value, action=permission.value)

    @property
    def label(self) -> str:
        return label_for(self.name, self.display_name)

    @property
    def has_display_name(self) -> bool:
        """Whether a display name tells more than the login (older versions copied the OS login
        into it on first start: that is not a name the person chose)."""
        return bool(self.display_name) and self.display_name != self.name


def _view(user: User) -> UserView:
    # password_set_at, not the (deferred) hash: on a team database with roles the password is
    # the server's and the app keeps no hash of it
    return UserView(user.name, user.display_name, Role(user.role), user.tier, user.active,
                    user.password_set_at is not None)


def validate_role_tier(role: str, tier: int | None) -> tuple[Role, int | None]:
    try:
        parsed = Role(role)
    except ValueError:
        raise InvalidInput("invalid_role", role=role, choices=", ".join(r.value for r in Role)) from None
    if parsed is Role.REVIEWER:
        if tier not in (1, 2, 3):
            raise InvalidInput("invalid_tier")
    elif tier is not None:
        raise InvalidInput("invalid_tier")
    return parsed, tier


class UserService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, name: str) -> UserView:
        with self._db.read() as s:
            user = s.scalar(select(User).where(User.name == name))
            if user is None:
                raise NotFound("user_not_found", name=name)
            return _view(user)

    def all(self) -> list[UserView]:
        with self._db.read() as s:
            return [_view(u) for u in s.scalars(select(User).order_by(User.name))]

    def count(self) -> int:
        with self._db.read() as s:
            return int(s.scalar(select(func.count(User.id))) or 0)

    def has_password(self, name: str) -> bool:
        with self._db.read() as s:
            return s.scalar(select(User.password_set_at).where(User.name == name)) is not None

    def passwords_in_use(self) -> bool:
        """Whether any active user has a password (a laptop's database then requires login)."""
        with self._db.read() as s:
            found = s.scalar(
                select(User.id).where(User.active.is_(True), User.password_set_at.is_not(None)).limit(1))
        return found is not None

    def add(
        self,
        actor: UserView | None,
        name: str,
        role: str,
        tier: int | None = None,
        display_name: str = "",
        password: str | None = None,
    ) -> OpResult[UserView]:
        """Add a user, with an initial password or none (none: the user can only be a local
        profile on a laptop's own database, never log in).

        ``actor`` None is the bootstrap path, allowed only while there are no users at all: the
        first administrator. On a team (PostgreSQL) database it must come with a password.

        On a team database with roles (migration 0011) the user also becomes a PostgreSQL login
        role of the same name in their role's group, with ``password`` as its (server-held)
        password; an administrator's own connection then keeps no hash of it."""
        parsed, tier = validate_role_tier(role, tier)
        if not _NAME_RE.match(name):
            raise InvalidInput("import_bad_field", field="name", detail=name)
        display_name = clean_display_name(display_name)
        if password is not None:
            check_password(password)
        # a team (PostgreSQL) database keeps no hash: the password is the server's
        password_hash = hash_password(password) if password is not None and self._db.is_sqlite else None
        with self._db.write() as s:
            if actor is None:
                if s.scalar(select(User.id).limit(1)) is not None:
                    raise Forbidden(user="?", role="viewer", action=Permission.MANAGE_USERS.value)
                if parsed is not Role.ADMIN:
                    raise InvalidInput("bootstrap_admin_only")
                if self._db.is_postgresql and password is None:
                    raise InvalidInput("bootstrap_needs_password")
                actor_name = name
            else:
                actor.require(Permission.MANAGE_USERS)
                if password is not None:
                    self._refuse_lockout(s, actor)
                actor_name = actor.name
            if s.scalar(select(User.id).where(User.name == name)) is not None:
                raise InvalidInput("user_exists", name=name)
            team = roles.has_team_roles(s)
            if team and not roles.can_manage_roles(s):
                raise Forbidden("team_needs_createrole", name=actor_name)
            user = User(name=name, display_name=display_name, role=parsed.value, tier=tier,
                        password_set_at=utcnow() if password is not None else None)
            if password_hash is not None:
                user.password_hash = password_hash  # a laptop's file: the app's own (argon2) sign-in
            s.add(user)
            s.add(
                AuditEvent(
                    actor=actor_name,
                    entity="user",
                    entity_key=name,
                    action="add",
                    detail={"role": parsed.value, "tier": tier, "password": password is not None},
                )
            )
            s.flush()
            if team:  # the password is the server's only (ALTER ROLE ... PASSWORD), never a hash here
                roles.ensure_login_role(s, name, parsed.value, password)
            return OpResult(_view(user), OpChanges(users=True))

    def _refuse_lockout(self, s: Session, actor: UserView) -> None:
        """On a laptop's database without passwords, the first password turns login on: an admin
        without a password of their own would lock themselves out by giving one to someone else."""
        if self._db.is_postgresql:
            return
        own = s.scalar(select(User.password_hash).where(User.name == actor.name))
        if own is None:
            raise Forbidden("password_admin_first")

    def set_role(self, actor: UserView, name: str, role: str, tier: int | None = None) -> OpResult[UserView]:
        actor.require(Permission.MANAGE_USERS)
        parsed, tier = validate_role_tier(role, tier)
        with self._db.write() as s:
            user = self._user(s, name)
            if user.role == Role.ADMIN.value and parsed is not Role.ADMIN:
                self._keep_one_admin(s, user)
            user.role, user.tier = parsed.value, tier
            if roles.can_manage_roles(s) and roles.exists(s, name):
                roles.set_group(s, name, parsed.value)
            s.add(
                AuditEvent(
                    actor=actor.name,
                    entity="user",
                    entity_key=name,
                    action="set_role",
                    detail={"role": parsed.value, "tier": tier},
                )
            )
            return OpResult(_view(user), OpChanges(users=True))

    def set_display_name(self, actor: UserView, name: str, display_name: str) -> OpResult[UserView]:
        """Change the name people read for ``name``: one's own, or (admin) anyone's. Empty clears
        it (the login is shown). Audited with the old and the new name. Everything that shows
        people's names changes with it, so every such view is told."""
        if actor.name != name:
            if not actor.can(Permission.MANAGE_USERS):
                raise Forbidden("display_name_not_yours", user=actor.name, name=name)
        elif not actor.active:
            raise Forbidden("user_inactive", name=name)
        cleaned = clean_display_name(display_name)
        with self._db.write() as s:
            user = self._user(s, name)
            if user.display_name == cleaned:
                return OpResult(_view(user), OpChanges())
            before, user.display_name = user.display_name, cleaned
            s.add(AuditEvent(actor=actor.name, entity="user", entity_key=name, action="set_display_name",
                             detail={"from": before, "to": cleaned}))
            return OpResult(_view(user), OpChanges(users=True, knowledge=True, proposals=True, review=True,
                                                   retro=True))

    def reset_password(self, actor: UserView, name: str, password: str) -> OpResult[UserView]:
        """An admin sets someone's password (e.g. forgotten); every session of theirs ends."""
        actor.require(Permission.MANAGE_USERS)
        check_password(password)  # the same rules on both backends
        password_hash = hash_password(password) if self._db.is_sqlite else None
        with self._db.write() as s:
            user = self._user(s, name)
            if user.name != actor.name:
                self._refuse_lockout(s, actor)
            user.password_set_at = utcnow()
            revoked = 0
            if roles.has_team_roles(s):
                # a team database: ALTER ROLE ... PASSWORD over the administrator's connection; the
                # app keeps no hash (an old one, from before the team roles, is dropped: it would
                # let the owner's connection sign the person in with their old password)
                if not roles.can_manage_roles(s):
                    raise Forbidden("team_needs_createrole", name=actor.name)
                roles.ensure_login_role(s, name, user.role, password, active=user.active)
                team = True
                if roles.person(s) is None:  # the owner's connection may read the hash and sessions
                    if user.password_hash is not None:
                        user.password_hash = None
                    revoked = revoke_sessions(s, user.id)
            else:  # a laptop's file: the app's own sign-in
                team = False
                assert password_hash is not None
                user.password_hash = password_hash
                revoked = revoke_sessions(s, user.id)
            s.add(AuditEvent(actor=actor.name, entity="user", entity_key=name, action="reset_password",
                             detail={"sessions_revoked": revoked}))
            view = _view(user)
        if team and name != actor.name:
            # after the commit: their open connections end, and come back only with the new password
            with self._db.write() as s:
                roles.end_connections(s, name)
        return OpResult(view, OpChanges(users=True))

    def set_active(self, actor: UserView, name: str, active: bool) -> OpResult[UserView]:
        """Deactivate (every session of theirs ends, they cannot log in, their work stays) or
        activate again."""
        actor.require(Permission.MANAGE_USERS)
        with self._db.write() as s:
            user = self._user(s, name)
            if not active and user.name == actor.name:
                raise Forbidden("user_deactivate_self")
            if not active and user.role == Role.ADMIN.value:
                self._keep_one_admin(s, user)
            user.active = active
            revoked = 0 if active or roles.person(s) else revoke_sessions(s, user.id)
            team_role = roles.can_manage_roles(s) and roles.exists(s, name)
            if team_role:
                roles.set_login(s, name, active)
            s.add(AuditEvent(actor=actor.name, entity="user", entity_key=name,
                             action="activate" if active else "deactivate",
                             detail={"sessions_revoked": revoked}))
            view = _view(user)
        if team_role and not active:
            # after the commit: NOLOGIN is in force, so an ended connection cannot come back
            with self._db.write() as s:
                roles.end_connections(s, name)
        return OpResult(view, OpChanges(users=True))

    @staticmethod
    def _user(s: Session, name: str) -> User:
        user = s.scalar(select(User).where(User.name == name))
        if user is None:
            raise NotFound("user_not_found", name=name)
        return user

    @staticmethod
    def _keep_one_admin(s: Session, leaving: User) -> None:
        others = s.scalar(select(func.count(User.id)).where(
            User.role == Role.ADMIN.value, User.active.is_(True), User.id != leaving.id))
        if not others:
            raise Forbidden("last_admin")

    # --- the local profile (a laptop's own database without passwords) -----------------------

    def current(self) -> UserView:
        with self._db.read() as s:
            name = s.scalar(select(Setting.value).where(Setting.key == CURRENT_USER_KEY))
        if name is None:
            return self.ensure_local_profile()
        return self.get(name)

    def switch(self, name: str) -> OpResult[UserView]:
        """Make ``name`` the local profile. Only where no login is required: a team database, or
        a laptop's database once anyone has a password, refuses it."""
        if not self._db.is_sqlite or self.passwords_in_use():
            raise Forbidden("login_required_no_switch")
        user = self.get(name)
        if not user.active:
            raise Forbidden("user_inactive", name=name)
        with self._db.write() as s:
            setting = s.get(Setting, CURRENT_USER_KEY)
            if setting is None:
                s.add(Setting(key=CURRENT_USER_KEY, value=name))
            else:
                setting.value = name
        return OpResult(user, OpChanges(users=True))

    def ensure_local_profile(self) -> UserView:
        """First start of a laptop's own SQLite database: the person at this laptop becomes its
        administrator, without a password. Never on a team database."""
        if not self._db.is_sqlite:
            raise Forbidden("not_signed_in")
        with self._db.read() as s:
            first = s.scalar(select(User).order_by(User.id).limit(1))
        if first is None:
            # no display name yet: the login is shown until the person sets theirs in Settings
            # (the OS account's full name is not asked for: it is often empty, "root" or a machine's)
            login = local_login_name()
            self.add(None, login, Role.ADMIN.value)
            name = login
        else:
            name = first.name
        self.switch(name)
        return self.get(name)
