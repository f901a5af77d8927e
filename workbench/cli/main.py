"""The ``workbench`` command: no subcommand opens the desktop app; a subcommand runs headless.

Each domain's commands live in a module of their own (``knowledge``, ``proposals``, ``review``,
``retro``, ``users``, ``settings``, ``admin``), each giving ``add_parsers(sub)`` and ``COMMANDS``;
every command opens its workspace in a ``with`` block, so its hold on the database ends with it.

The command modules (and with them the core: SQLAlchemy, whoosh, the services) are imported
only when a command is given: ``workbench`` alone opens the desktop app, which shows its window
before it imports them (gui/app.py)."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from workbench import __version__
from workbench.core.errors import WorkbenchError, default_language

if TYPE_CHECKING:
    from workbench.cli.common import EXIT_ERROR, EXIT_OK, EXIT_REJECTED, Command

    COMMANDS: dict[str, Command]  # module __getattr__ below

log = logging.getLogger("workbench.cli")

__all__ = ["COMMANDS", "EXIT_ERROR", "EXIT_OK", "EXIT_REJECTED", "main"]


def _modules() -> tuple[ModuleType, ...]:
    """The command modules, in the order ``workbench --help`` lists the commands."""
    from workbench.cli import admin, knowledge, proposals, retro, review, settings, users
    from workbench.cli import tender as tender_cli

    return (knowledge, users, admin, proposals, review, retro, settings, tender_cli)


def _commands() -> dict[str, Command]:
    return {name: command for module in _modules() for name, command in module.COMMANDS.items()}


def __getattr__(name: str) -> Any:
    """``COMMANDS``, ``MODULES`` and the exit codes, imported when first asked for."""
    if name == "COMMANDS":
        return _commands()
    if name == "MODULES":
        return _modules()
    if name in ("EXIT_ERROR", "EXIT_OK", "EXIT_REJECTED"):
        from workbench.cli import common

        return getattr(common, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _global_options(p: argparse.ArgumentParser, version: bool = True) -> None:
    if version:
        p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--home", type=Path, help="data folder (default: per-user data folder or $WORKBENCH_HOME)")
    p.add_argument("--database-url", help="SQLAlchemy URL of another database (default: SQLite in the data folder)")
    p.add_argument("--as", dest="as_user", metavar="USER",
                   help="act as this user: only on a laptop's own database without passwords (default: "
                        "the signed-in user or the current profile)")
    p.add_argument("--lang", choices=["en", "zh", "zh_CN", "zh_TW"],
                   help="language of messages: zh is zh_CN; zh_TW is converted from it (default: from the locale)")
    p.add_argument("--no-demo", action="store_true", help="do not load the demo knowledge base on first start")


def _new_parser(add_help: bool = True, exit_on_error: bool = True) -> argparse.ArgumentParser:
    return argparse.ArgumentParser(
        prog="workbench",
        description="Presales Workbench. Without a command it opens the desktop app.",
        add_help=add_help,
        exit_on_error=exit_on_error,
    )


def _parser() -> argparse.ArgumentParser:
    p = _new_parser()
    _global_options(p)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for module in _modules():
        module.add_parsers(sub)
    return p


def _opens_the_app(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The global options when the arguments name no command (the desktop app), else None.
    Parsed without the command modules; anything else (a command, ``--help``, an error) goes
    to the full parser."""
    # no --help and no --version here: their actions would fire wherever they stand, also as a
    # command's own option (``tender respond ... --version 3``); the full parser handles them
    p = _new_parser(add_help=False, exit_on_error=False)
    _global_options(p, version=False)
    try:
        args, rest = p.parse_known_args(argv)
    except argparse.ArgumentError:  # reported by the full parser, with its usage
        return None
    return None if rest else args


def main(argv: Sequence[str] | None = None) -> int:
    app_args = _opens_the_app(argv)
    if app_args is not None:
        from workbench.gui.app import run_app  # Qt is imported only for the desktop app

        # run_app says what this process is (an app: a refused restore says "close the
        # Workbench app") before it opens the database, without importing the core first
        return run_app(home=app_args.home, database_url=app_args.database_url,
                       load_demo=False if app_args.no_demo else None, language=app_args.lang)
    args = _parser().parse_args(argv)
    from workbench.cli.common import EXIT_ERROR
    from workbench.core.workspace import describe_process

    describe_process("command", args.command)
    lang = args.lang or default_language()
    from workbench.core.logfile import command_log
    from workbench.core.paths import Paths, default_home

    # warnings and errors: one line on the terminal, the traceback in the data folder's log
    with command_log(Paths(args.home.expanduser() if args.home else default_home()).logs):
        try:
            return _commands()[args.command](args, lang)
        except WorkbenchError as exc:
            print(exc.message(lang), file=sys.stderr)
            return EXIT_ERROR
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:
            # the reader went away (``workbench items | head``): not a fault, nothing to log;
            # stdout is pointed at nothing so that the interpreter's final flush stays quiet
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 141  # what a shell reports for a command ended by SIGPIPE
        except Exception:  # a fault of ours: one line here, the traceback in the log
            log.exception("workbench %s stopped on an internal error", args.command)
            return EXIT_ERROR
