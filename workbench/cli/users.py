"""``workbench users ...``, ``login``, ``logout`` and ``whoami``: people and who acts."""

from __future__ import annotations

import argparse
from typing import Any

from workbench.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    Command,
    actor,
    person,
    print_json,
    read_password,
    workspace,
)
from workbench.core.errors import Forbidden, InvalidInput, say

ROLES = ["author", "reviewer", "viewer", "admin"]


def add_parsers(sub: Any) -> None:
    users = sub.add_parser("users", help="manage users")
    usub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = usub.add_parser("add", help="add a user (admin only; the first administrator of an empty database)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--tier", type=int, choices=[1, 2, 3])
    add.add_argument("--display-name", default="")
    add.add_argument("--password", action="store_true", help="give the user an initial password (asked for)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    lst = usub.add_parser("list", help="list users")
    lst.add_argument("--json", action="store_true")
    sw = usub.add_parser("switch", help="make NAME the current profile (a laptop's database without passwords)")
    sw.add_argument("name")
    pw = usub.add_parser("password", help="change your own password, or (admin) reset NAME's password")
    pw.add_argument("name", nargs="?")
    pw.add_argument("--password-stdin", action="store_true",
                    help="read the passwords from standard input, one a line (current first, when asked)")
    role = usub.add_parser("set-role", help="change a user's role and tier (admin only)")
    role.add_argument("name")
    role.add_argument("--role", required=True, choices=ROLES)
    role.add_argument("--tier", type=int, choices=[1, 2, 3])
    rename = usub.add_parser(
        "set-name", help="set the name people read (proposal covers, tables): your own (--me), or (admin) NAME's; "
        "\"\" clears it and the login name is shown")
    whose = rename.add_mutually_exclusive_group(required=True)
    whose.add_argument("--me", action="store_true", help="your own display name")
    whose.add_argument("name", nargs="?", help="whose display name (admin, or your own login name)")
    rename.add_argument("display_name", metavar="DISPLAY_NAME")
    for action, text in (("deactivate", "deactivate a user: no login, sessions end, work stays (admin only)"),
                         ("activate", "activate a deactivated user again (admin only)")):
        usub.add_parser(action, help=text).add_argument("name")

    login = sub.add_parser("login", help="sign in to this database (its session stays on this computer)")
    login.add_argument("name", nargs="?")
    login.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    sub.add_parser("logout", help="sign out: this computer's session ends")
    who = sub.add_parser("whoami", help="who you act as, and on which database")
    who.add_argument("--json", action="store_true")


def cmd_users(args: argparse.Namespace, lang: str) -> int:
    with workspace(args) as ws:
        command = args.users_command
        if command == "add":
            # the first administrator of an empty database is added by nobody (bootstrap)
            me = None if ws.users.count() == 0 else actor(ws, args)
            password = None
            if args.password or args.password_stdin:
                password = read_password(args, say("cli_prompt_new_user_password", lang, name=args.name), lang,
                                         confirm=True)
            if me is None and password is not None:  # the first administrator, signed in at once
                user = ws.users.add(None, args.name, args.role, args.tier, args.display_name, password=password).value
                ws.login(args.name, password)
            else:
                user = ws.users.add(me, args.name, args.role, args.tier, args.display_name, password=password).value
            print(say("cli_user_added", lang, name=user.name, role=user.role.value))
        elif command == "switch":  # the core refuses where a login is required
            ws.users.switch(args.name)
            print(args.name)
        elif command == "password":
            me = actor(ws, args)
            if args.name and args.name != me.name:
                new = read_password(args, say("cli_prompt_reset_password", lang, name=args.name), lang, confirm=True)
                ws.users.reset_password(me, args.name, new)
                print(say("cli_password_reset", lang, name=args.name))
            else:
                old = None
                if ws.users.has_password(me.name):
                    old = read_password(args, say("cli_prompt_current_password", lang), lang)
                new = read_password(args, say("cli_prompt_new_password", lang), lang, confirm=True)
                ws.auth.change_password(me, old, new)
                print(say("cli_password_changed", lang))
        elif command == "set-role":
            user = ws.users.set_role(actor(ws, args), args.name, args.role, args.tier).value
            print(f"{user.name}: {user.role.value}" + (f" tier {user.tier}" if user.tier else ""))
        elif command == "set-name":
            me = actor(ws, args)
            user = ws.users.set_display_name(me, me.name if args.me else args.name, args.display_name).value
            print(person(user.name, user.display_name))
        elif command in ("deactivate", "activate"):
            user = ws.users.set_active(actor(ws, args), args.name, command == "activate").value
            print(f"{user.name}: {say('cli_user_active' if user.active else 'cli_user_deactivated', lang)}")
        else:
            _list(ws, args)
    return EXIT_OK


def _list(ws: Any, args: argparse.Namespace) -> None:
    users = ws.users.all()
    me = ws.signed_in()
    current = me.name if me is not None else None
    if args.json:
        print_json([
            {"name": u.name, "display_name": u.display_name, "role": u.role.value, "tier": u.tier,
             "active": u.active, "current": u.name == current}
            for u in users
        ])
        return
    for u in users:
        mark = "*" if u.name == current else " "
        tier = f" tier {u.tier}" if u.tier else ""
        inactive = " (deactivated)" if not u.active else ""
        print(f"{mark} {u.name:<20} {u.role.value}{tier}{inactive}"
              + (f"  {u.display_name}" if u.has_display_name else ""))


def cmd_login(args: argparse.Namespace, lang: str) -> int:
    with workspace(args) as ws:
        name = args.name
        if not name:
            if args.password_stdin:
                raise InvalidInput("login_failed")  # a name is needed: the password alone is no sign-in
            name = input(say("cli_prompt_user_name", lang)).strip()
        user = ws.login(name, read_password(args, say("cli_prompt_password", lang), lang))
        print(say("cli_signed_in", lang, name=user.name, where=ws.database_label()))
    return EXIT_OK


def cmd_logout(args: argparse.Namespace, lang: str) -> int:
    with workspace(args) as ws:
        ws.logout()
        print(say("cli_signed_out", lang))
    return EXIT_OK


def cmd_whoami(args: argparse.Namespace, lang: str) -> int:
    with workspace(args) as ws:
        me = actor(ws, args) if args.as_user else ws.signed_in()
        required = ws.login_required()
        if args.json:
            print_json({"name": me.name if me else None, "role": me.role.value if me else None,
                        "tier": me.tier if me else None, "database": ws.database_label(),
                        "login_required": required})
        elif me is None:
            raise Forbidden("not_signed_in")
        else:
            tier = f" tier {me.tier}" if me.tier else ""
            how = "" if required else say("cli_local_profile", lang)
            print(f"{me.name} · {me.role.value}{tier}{how} · {ws.database_label()}")
    return EXIT_OK if me is not None else EXIT_ERROR


COMMANDS: dict[str, Command] = {
    "users": cmd_users, "login": cmd_login, "logout": cmd_logout, "whoami": cmd_whoami,
}
