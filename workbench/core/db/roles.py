"""PostgreSQL login roles for the people of a team database (migration 0011's model).

Each Workbench user of a team database is a PostgreSQL login role of the same name, a member of
one group role per Workbench role (``workbench_viewer`` < ``workbench_author`` <
``workbench_reviewer`` < ``workbench_admin``). The server holds the password (a SCRAM verifier
computed here, on the client, so the password itself never travels in an SQL statement or lands
in a server log); the app stores no hash of it, not even over the owner's connection. Administrators' roles have CREATEROLE, so they can manage
the others. Deactivation is NOLOGIN plus ending the person's open connections.

Whether a connection is a *person's* or the schema owner's (migrations, the administrator's
shared credential of older releases, superusers) is the server's ``workbench_is_owner()``: only
people are held to the row rules."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from workbench.core.errors import Forbidden, InvalidInput

GROUPS = {"viewer": "workbench_viewer", "author": "workbench_author", "reviewer": "workbench_reviewer",
          "admin": "workbench_admin"}
MAX_ROLE_NAME_BYTES = 63  # PostgreSQL's NAMEDATALEN - 1: longer names would be cut short


def has_team_roles(s: Session) -> bool:
    """Whether this is a PostgreSQL database with migration 0011's roles and rules."""
    if s.get_bind().dialect.name != "postgresql":
        return False
    return bool(s.execute(text("SELECT to_regprocedure('workbench_caller()') IS NOT NULL")).scalar())


def person(s: Session) -> str | None:
    """The person this connection signed in as (its PostgreSQL role), or None for the schema
    owner's connection (and on SQLite, or a database without team roles)."""
    if not has_team_roles(s):
        return None
    owner, name = s.execute(text("SELECT workbench_is_owner(), session_user::text")).one()
    return None if owner else str(name)


def can_manage_roles(s: Session) -> bool:
    """Whether this connection may create and alter login roles (CREATEROLE or superuser)."""
    if not has_team_roles(s):
        return False
    return bool(s.execute(text(
        "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")).scalar())


def _ident(s: Session, name: str) -> str:
    return s.get_bind().dialect.identifier_preparer.quote_identifier(name)


def _check_name(name: str) -> None:
    if len(name.encode("utf-8")) > MAX_ROLE_NAME_BYTES or name.lower().startswith("pg_") \
            or name.startswith("workbench_"):
        raise InvalidInput("team_role_name", name=name, maximum=MAX_ROLE_NAME_BYTES)


def ensure_login_role(s: Session, name: str, role: str, password: str | None, active: bool = True) -> None:
    """Create ``name``'s login role (or take over an existing plain one of that name: never a
    superuser's nor the schema owner's), put it in ``role``'s group only, let it log in or not
    (``active``: a person added, or reset while deactivated) and set its password when one is
    given."""
    _check_name(name)
    found = s.execute(text(
        "SELECT r.rolsuper, pg_has_role(r.oid, c.relowner, 'MEMBER') FROM pg_roles r, pg_class c "
        "WHERE r.rolname = :n AND c.oid = 'users'::regclass"), {"n": name}).first()
    if found is not None and (found[0] or found[1]):
        raise Forbidden("team_role_taken", name=name)
    if found is None:
        s.execute(text(f"CREATE ROLE {_ident(s, name)} {'LOGIN' if active else 'NOLOGIN'}"))
    else:  # e.g. a login left by another database of the server: as active as the person is
        set_login(s, name, active)
    set_group(s, name, role)
    if password is not None:
        set_password(s, name, password)


def exists(s: Session, name: str) -> bool:
    return s.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first() is not None


def set_group(s: Session, name: str, role: str) -> None:
    """Membership in ``role``'s group and no other; CREATEROLE for administrators only."""
    who = _ident(s, name)
    for group in GROUPS.values():
        if group != GROUPS[role]:
            s.execute(text(f"REVOKE {group} FROM {who}"))
    s.execute(text(f"GRANT {GROUPS[role]} TO {who}"))
    s.execute(text(f"ALTER ROLE {who} {'CREATEROLE' if role == 'admin' else 'NOCREATEROLE'}"))


def set_password(s: Session, name: str, password: str) -> None:
    """The role's password, as a SCRAM-SHA-256 verifier made by libpq on this computer."""
    dbapi = s.connection().connection.dbapi_connection
    assert dbapi is not None
    verifier = dbapi.pgconn.encrypt_password(
        password.encode("utf-8"), name.encode("utf-8"), b"scram-sha-256").decode("ascii")
    literal = "'" + verifier.replace("'", "''") + "'"
    s.connection().exec_driver_sql(f"ALTER ROLE {_ident(s, name)} PASSWORD {literal}")


def clear_password(s: Session, name: str) -> None:
    """The role keeps no password of its own (the server checks another service's)."""
    s.connection().exec_driver_sql(f"ALTER ROLE {_ident(s, name)} PASSWORD NULL")


def set_login(s: Session, name: str, allowed: bool) -> None:
    s.execute(text(f"ALTER ROLE {_ident(s, name)} {'LOGIN' if allowed else 'NOLOGIN'}"))


def end_connections(s: Session, name: str) -> int:
    """End every open connection of ``name`` (after their NOLOGIN is committed, so none comes
    back); how many were ended."""
    ended = s.execute(text(
        "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE usename = :n AND pid <> pg_backend_pid()"), {"n": name}).scalar()
    return int(ended or 0)
