"""What every command module shares: the workspace a command opens (closed when it ends), who
acts, passwords, JSON output and the catalogue's messages."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from workbench.core.errors import Forbidden, InvalidInput, WorkbenchError, default_language, say

if TYPE_CHECKING:  # imported when a command runs, not when ``workbench --help`` builds its parser
    from workbench.core.users import UserView
    from workbench.core.workspace import Schema, Workspace, WorkspaceSettings

EXIT_OK, EXIT_ERROR, EXIT_REJECTED = 0, 1, 2

Command = Callable[[argparse.Namespace, str], int]

__all__ = ["EXIT_ERROR", "EXIT_OK", "EXIT_REJECTED", "Command", "say"]


def settings(args: argparse.Namespace) -> WorkspaceSettings:
    from workbench.core.workspace import WorkspaceSettings

    # the demo: loaded on a laptop's first start (not into a team database), never with --no-demo
    options: dict[str, Any] = {"database_url": args.database_url, "load_demo": False if args.no_demo else None}
    if args.home is not None:
        options["home"] = args.home
    return WorkspaceSettings(**options)


@contextmanager
def workspace(args: argparse.Namespace) -> Iterator[Workspace]:
    """The workspace the command line points at, open for the block: its hold on the database
    ends with it, whatever happens."""
    with open_workspace(args) as ws:
        yield ws


SIGN_IN_TRIES = 3  # a password typed wrong this often: the command stops (the server's word)


def open_workspace(args: argparse.Namespace) -> Workspace:
    """Open the workspace; when the team server asks for the password of the address's login (the
    address carries none, nor does PGPASSWORD or ~/.pgpass), ask for it unseen at a terminal, and
    again when it is wrong. Not at a terminal: the server's request, which names PGPASSWORD and
    ~/.pgpass. The password stays in this process's memory only."""
    from workbench.core.workspace import SERVER_PASSWORD_CODES, Workspace

    wanted = settings(args)
    try:
        return Workspace.open(wanted)
    except WorkbenchError as exc:
        if exc.code not in SERVER_PASSWORD_CODES or not sys.stdin.isatty():
            raise
        asked = exc
    import getpass

    lang = getattr(args, "lang", None) or default_language()
    for _ in range(SIGN_IN_TRIES):
        if asked.code == "team_password_wrong":
            print(asked.message(lang), file=sys.stderr)
        password = getpass.getpass(say("cli_prompt_server_password", lang, name=asked.params.get("name", ""),
                                       server=asked.params.get("server", "")))
        try:
            return Workspace.open(wanted, password=password)
        except WorkbenchError as exc:
            if exc.code not in SERVER_PASSWORD_CODES:
                raise
            asked = exc
    raise asked


def schema(args: argparse.Namespace) -> Schema:
    from workbench.core.workspace import Schema

    """The database the command line points at, without opening the workspace (no migration)."""
    return Schema(settings(args))


def actor(ws: Workspace, args: argparse.Namespace) -> UserView:
    """The signed-in user (or the local profile). ``--as NAME`` only on a laptop's own database
    without passwords: where login is required it would let anyone act as anyone."""
    if getattr(args, "as_user", None):
        if ws.login_required():
            raise Forbidden("as_refused")
        return ws.users.get(args.as_user)
    return ws.actor()


def read_password(args: argparse.Namespace, prompt: str, lang: str, confirm: bool = False) -> str:
    """A password from standard input (``--password-stdin``: one line) or typed unseen."""
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    import getpass

    password = getpass.getpass(prompt)
    if confirm and getpass.getpass(say("cli_prompt_repeat", lang)) != password:
        raise InvalidInput("passwords_differ")
    return password


def print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def as_user_option(parser: argparse.ArgumentParser) -> None:
    """``--as`` also after the action (``workbench review approve ID --as rita``)."""
    parser.add_argument("--as", dest="as_user", metavar="USER", default=argparse.SUPPRESS)


def person(name: str, display_name: str) -> str:
    """A person as the CLI shows one: the display name with the login it stands for."""
    return f"{display_name} ({name})" if display_name and display_name != name else name
