"""The ``workbench`` command: no subcommand opens the desktop app; a subcommand runs headless.

Each domain's commands live in a module of their own (``knowledge``, ``proposals``, ``review``,
``retro``, ``users``, ``settings``, ``admin``), each giving ``add_parsers(sub)`` and ``COMMANDS``;
every command opens its workspace in a ``with`` block, so its hold on the database ends with it."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from workbench import __version__
from workbench.cli import admin, knowledge, proposals, retro, review, settings, users
from workbench.cli import tender as tender_cli
from workbench.cli.common import EXIT_ERROR, EXIT_OK, EXIT_REJECTED, Command
from workbench.core.errors import WorkbenchError, default_language
from workbench.core.logfile import command_log
from workbench.core.paths import Paths, default_home
from workbench.core.workspace import describe_process

log = logging.getLogger("workbench.cli")

__all__ = ["COMMANDS", "EXIT_ERROR", "EXIT_OK", "EXIT_REJECTED", "main"]

# in the order ``workbench --help`` lists the commands
MODULES = (knowledge, users, admin, proposals, review, retro, settings, tender_cli)

COMMANDS: dict[str, Command] = {name: command for module in MODULES for name, command in module.COMMANDS.items()}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="workbench",
        description="Presales Workbench. Without a command it opens the desktop app.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--home", type=Path, help="data folder (default: per-user data folder or $WORKBENCH_HOME)")
    p.add_argument("--database-url", help="SQLAlchemy URL of another database (default: SQLite in the data folder)")
    p.add_argument("--as", dest="as_user", metavar="USER",
                   help="act as this user: only on a laptop's own database without passwords (default: "
                        "the signed-in user or the current profile)")
    p.add_argument("--lang", choices=["en", "zh", "zh_CN", "zh_TW"],
                   help="language of messages: zh is zh_CN; zh_TW is converted from it (default: from the locale)")
    p.add_argument("--no-demo", action="store_true", help="do not load the demo knowledge base on first start")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for module in MODULES:
        module.add_parsers(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        from workbench.gui.app import run_app  # Qt is imported only for the desktop app

        describe_process("app", "workbench")  # a refused restore says "close the Workbench app"
        return run_app(home=args.home, database_url=args.database_url, load_demo=False if args.no_demo else None)
    describe_process("command", args.command)
    lang = args.lang or default_language()
    # warnings and errors: one line on the terminal, the traceback in the data folder's log
    with command_log(Paths(args.home.expanduser() if args.home else default_home()).logs):
        try:
            return COMMANDS[args.command](args, lang)
        except WorkbenchError as exc:
            print(exc.message(lang), file=sys.stderr)
            return EXIT_ERROR
        except KeyboardInterrupt:
            return 130
        except Exception:  # a fault of ours: one line here, the traceback in the log
            log.exception("workbench %s stopped on an internal error", args.command)
            return EXIT_ERROR
