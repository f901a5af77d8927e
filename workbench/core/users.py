"""Users, roles, reviewer tiers and the permission checks every service applies."""

from __future__ import annotations

import getpass
import re
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from workbench.core.changes import OpChanges, OpResult
from workbench.core.db.engine import Database
from workbench.core.db.models import AuditEvent, Setting, User
from workbench.core.errors import Forbidden, InvalidInput, NotFound, WorkbenchError


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


@dataclass(frozen=True)
class UserView:
    name: str
    display_name: str
    role: Role
    tier: int | None
    active: bool

    def can(self, permission: Permission) -> bool:
        return self.active and permission in _GRANTS[self.role]

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise Forbidden(user=self.name, role=self.role.value, action=permission.value)

    @property
    def label(self) -> str:
        return self.display_name or self.name


def _view(user: User) -> UserView:
    return UserView(user.name, user.display_name, Role(user.role), user.tier, user.active)


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

    def add(
        self,
        actor: UserView | None,
        name: str,
        role: str,
        tier: int | None = None,
        display_name: str = "",
    ) -> OpResult[UserView]:
        """Add a user. ``actor`` None is the bootstrap path (first start), allowed only when
        there are no users yet."""
        parsed, tier = validate_role_tier(role, tier)
        if not _NAME_RE.match(name):
            raise InvalidInput("import_bad_field", field="name", detail=name)
        with self._db.write() as s:
            if actor is None:
                if s.scalar(select(User.id).limit(1)) is not None:
                    raise Forbidden(user="?", role="viewer", action=Permission.MANAGE_USERS.value)
                actor_name = name
            else:
                actor.require(Permission.MANAGE_USERS)
                actor_name = actor.name
            if s.scalar(select(User.id).where(User.name == name)) is not None:
                raise WorkbenchError("user_exists", name=name)
            user = User(name=name, display_name=display_name, role=parsed.value, tier=tier)
            s.add(user)
            s.add(
                AuditEvent(
                    actor=actor_name,
                    entity="user",
                    entity_key=name,
                    action="add",
                    detail={"role": parsed.value, "tier": tier},
                )
            )
            s.flush()
            return OpResult(_view(user), OpChanges(users=True))

    def set_role(self, actor: UserView, name: str, role: str, tier: int | None = None) -> OpResult[UserView]:
        actor.require(Permission.MANAGE_USERS)
        parsed, tier = validate_role_tier(role, tier)
        with self._db.write() as s:
            user = s.scalar(select(User).where(User.name == name))
            if user is None:
                raise NotFound("user_not_found", name=name)
            user.role, user.tier = parsed.value, tier
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

    # --- the local profile -------------------------------------------------------------

    def current(self) -> UserView:
        with self._db.read() as s:
            name = s.scalar(select(Setting.value).where(Setting.key == CURRENT_USER_KEY))
        if name is None:
            return self.ensure_local_profile()
        return self.get(name)

    def switch(self, name: str) -> OpResult[UserView]:
        user = self.get(name)
        if not user.active:
            raise WorkbenchError("user_inactive", name=name)
        with self._db.write() as s:
            setting = s.get(Setting, CURRENT_USER_KEY)
            if setting is None:
                s.add(Setting(key=CURRENT_USER_KEY, value=name))
            else:
                setting.value = name
        return OpResult(user, OpChanges(users=True, settings=True))

    def ensure_local_profile(self) -> UserView:
        """First start: the person at this laptop becomes its administrator."""
        with self._db.read() as s:
            first = s.scalar(select(User).order_by(User.id).limit(1))
        if first is None:
            try:
                login = getpass.getuser()
            except (KeyError, OSError):
                login = "local"
            login = login if _NAME_RE.match(login) else "local"
            self.add(None, login, Role.ADMIN.value, display_name=login)
            name = login
        else:
            name = first.name
        self.switch(name)
        return self.get(name)
