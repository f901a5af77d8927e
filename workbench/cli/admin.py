"""``workbench migrate``, ``doctor``, ``backup``, ``restore`` and ``reindex``: looking after the
database and the search index."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path
from typing import Any

from workbench.cli.common import EXIT_ERROR, EXIT_OK, Command, actor, print_json, say, schema, workspace


def add_parsers(sub: Any) -> None:
    sub.add_parser("reindex", help="rebuild the search index from the database and bring the vectors for "
                                   "matching by meaning up to date")

    mig = sub.add_parser("migrate", help="bring the database's schema up to this version (a team database: "
                                         "run once, by whoever looks after the server)")
    mig.add_argument("--check", action="store_true", help="only say whether a migration is needed (exit 1 if so)")

    doc = sub.add_parser("doctor", help="check the database and data folder")
    doc.add_argument("--repair", action="store_true")
    doc.add_argument("--json", action="store_true")

    bak = sub.add_parser("backup", help="write a consistent copy of the database")
    bak.add_argument("--out", type=Path, help="file or folder (default: the backups folder)")

    res = sub.add_parser("restore", help="replace the database with a backup (admin only)")
    res.add_argument("file", type=Path)


def cmd_reindex(args: argparse.Namespace, lang: str) -> int:
    def progress(done: int, total: int, _label: str) -> None:
        width = 30
        filled = width * done // max(total, 1)
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr, flush=True)

    with workspace(args) as ws:
        _ = ws.search  # the segmenter's dictionary
        count = ws.index.rebuild(progress)
        print(file=sys.stderr)
        print(say("cli_reindexed", lang, count=count))
        # the vectors encode only the items whose current version has none (or fetch them)
        encoded = ws.meaning.sync(progress)
        fetched, total = ws.meaning.vectors.last_fetched, ws.meaning.vectors.count()
    print(file=sys.stderr)
    print(say("cli_vectors_ready", lang, encoded=encoded, fetched=fetched, total=total))
    return EXIT_OK


def cmd_migrate(args: argparse.Namespace, lang: str) -> int:
    with schema(args) as db:
        where = db.where
        current, head = db.status()  # a database that cannot be opened: said, no traceback
        if current == head:
            print(say("cli_schema_current", lang, where=where, head=head))
            return EXIT_OK
        if args.check:
            print(say("cli_migration_needed", lang, where=where, current=current or say("cli_empty", lang), head=head))
            return EXIT_ERROR
        db.upgrade()
        print(say("cli_migrated", lang, where=where, current=current or say("cli_empty", lang), head=head))
        return EXIT_OK


def cmd_doctor(args: argparse.Namespace, lang: str) -> int:
    with schema(args) as db:
        checks = db.preflight()  # a server that is away or a schema behind: say so, open nothing
    if all(c.ok for c in checks):
        with workspace(args) as ws:
            checks = ws.doctor(repair=args.repair, preflighted=checks)
    if args.json:
        print_json([c.to_json() for c in checks])
    else:
        # the state words in one column: as wide as the widest of them in this language, counted
        # in terminal cells (a Chinese character takes two)
        width = max(_cells(say(code, lang)) for code in ("doctor_state_ok", "doctor_state_problem",
                                                          "doctor_state_repaired")) + 1
        for c in checks:
            state, name, detail = c.state_text(lang), c.name_text(lang), c.detail_text(lang)
            line = say("doctor_line", lang, name=name, detail=detail) if detail else name
            print(state + " " * (width - _cells(state)) + " " + line)
    return EXIT_OK if all(c.ok for c in checks) else EXIT_ERROR


def _cells(text: str) -> int:
    """The columns ``text`` takes in a terminal: wide (CJK) characters two, others one."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def cmd_backup(args: argparse.Namespace, lang: str) -> int:
    with workspace(args) as ws:
        print(ws.backups.write(args.out))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, lang: str) -> int:
    with workspace(args) as ws:
        safety = ws.backups.restore(lambda: actor(ws, args), args.file)  # closes the workspace first
    print(say("cli_restored", lang, file=args.file)
          + (say("cli_restored_safety", lang, safety=safety) if safety else ""))
    return EXIT_OK


COMMANDS: dict[str, Command] = {
    "reindex": cmd_reindex, "migrate": cmd_migrate, "doctor": cmd_doctor, "backup": cmd_backup,
    "restore": cmd_restore,
}
