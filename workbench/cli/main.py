"""The ``workbench`` command: no subcommand opens the desktop app; a subcommand runs headless."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from workbench import __version__
from workbench.core.errors import WorkbenchError, default_language

log = logging.getLogger("workbench.cli")

EXIT_OK, EXIT_ERROR, EXIT_REJECTED = 0, 1, 2


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
    p.add_argument("--lang", choices=["en", "zh"], help="language of messages (default: from the locale)")
    p.add_argument("--no-demo", action="store_true", help="do not load the demo knowledge base on first start")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    imp = sub.add_parser("import", help="import Markdown, .csv, .xlsx or .docx files and folders")
    imp.add_argument("paths", nargs="+", type=Path)
    imp.add_argument("--json", action="store_true")

    exp = sub.add_parser("export", help="write the knowledge base as Markdown files")
    exp.add_argument("folder", type=Path)
    exp.add_argument("--no-archived", action="store_true", help="leave archived items out")

    items = sub.add_parser("items", help="list knowledge items")
    items.add_argument("--kind")
    items.add_argument("--industry")
    items.add_argument("--product")
    items.add_argument("--tag")
    items.add_argument("--status")
    items.add_argument("--stale", action="store_true", help="only items past their review-by date")
    items.add_argument("--json", action="store_true")

    users = sub.add_parser("users", help="manage users")
    usub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = usub.add_parser("add", help="add a user (admin only; the first administrator of an empty database)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["author", "reviewer", "viewer", "admin"])
    add.add_argument("--tier", type=int, choices=[1, 2, 3])
    add.add_argument("--display-name", default="")
    _password_options(add, "give the user an initial password (asked for)")
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
    role.add_argument("--role", required=True, choices=["author", "reviewer", "viewer", "admin"])
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

    srch = sub.add_parser("search", help="full-text search (Simplified, Traditional, English)")
    srch.add_argument("query", nargs="+")
    srch.add_argument("--kind")
    srch.add_argument("--industry")
    srch.add_argument("--product")
    srch.add_argument("--tag")
    srch.add_argument("--status")
    srch.add_argument("--stale", action="store_true")
    srch.add_argument("--sort", choices=["relevance", "date"], default="relevance")
    srch.add_argument("--limit", type=int, default=10)
    srch.add_argument("--page", type=int, default=1)
    srch.add_argument("--json", action="store_true")

    sim = sub.add_parser("similar", help="items similar to an item or to a text (e.g. a requirement)")
    which = sim.add_mutually_exclusive_group(required=True)
    which.add_argument("--item", metavar="ID")
    which.add_argument("--text")
    sim.add_argument("--limit", type=int, default=10)
    sim.add_argument("--json", action="store_true")

    sub.add_parser("reindex", help="rebuild the search index from the database")

    gaps = sub.add_parser("gaps", help="searches that found nothing (content gaps)")
    gaps.add_argument("--json", action="store_true")

    dup = sub.add_parser("duplicates", help="pairs of near-duplicate items")
    dup.add_argument("--json", action="store_true")

    tpl = sub.add_parser("templates", help="proposal templates and their inputs")
    tpl.add_argument("--json", action="store_true")

    prop = sub.add_parser("proposal", help="create, show and render proposals")
    psub = prop.add_subparsers(dest="proposal_command", metavar="ACTION", required=True)
    new = psub.add_parser("new", help="create a proposal from a template and a YAML file of inputs")
    new.add_argument("--template", required=True)
    new.add_argument("--vars", required=True, type=Path, help="YAML file: variable name -> value")
    new.add_argument("--title")
    new.add_argument("--json", action="store_true")
    show = psub.add_parser("show", help="a proposal, its milestones and revisions")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    show.add_argument("--markdown", action="store_true", help="print the latest draft too")
    lst = psub.add_parser("list", help="proposals, newest first")
    lst.add_argument("--status")
    lst.add_argument("--due-soon", action="store_true", help="only those with a milestone in the next 7 days")
    lst.add_argument("--json", action="store_true")
    render = psub.add_parser("render", help="export as Word, PDF or Markdown")
    render.add_argument("id")
    render.add_argument("--format", choices=["docx", "pdf", "md"], required=True)
    render.add_argument("--out", type=Path, required=True)
    render.add_argument("--revision", type=int)
    diff = psub.add_parser("diff", help="what changed between two revisions")
    diff.add_argument("id")
    diff.add_argument("a", type=int)
    diff.add_argument("b", type=int)

    _review_parser(sub)
    from workbench.cli.retro import add_parsers as _retro_parsers

    _retro_parsers(sub)
    from workbench.cli.settings import add_parsers as _settings_parsers

    _settings_parsers(sub)

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
    return p


def _password_options(parser: argparse.ArgumentParser, text: str) -> None:
    parser.add_argument("--password", action="store_true", help=text)
    parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")


def _review_parser(sub: Any) -> None:
    review = sub.add_parser("review", help="three-tier review: submit, queue, claim, approve, request changes")
    rsub = review.add_subparsers(dest="review_command", metavar="ACTION", required=True)

    def action(name: str, help_text: str, with_id: bool = True) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = rsub.add_parser(name, help=help_text)
        if with_id:
            parser.add_argument("id", help="proposal number, e.g. P-2026-0001")
        # --as also after the action (``workbench review approve ID --as rita``)
        parser.add_argument("--as", dest="as_user", metavar="USER", default=argparse.SUPPRESS)
        return parser

    action("submit", "submit the latest revision for review (the author)")
    queue = action("queue", "what waits for you: overdue first, then the longest waiting", with_id=False)
    queue.add_argument("--tier", type=int, choices=[1, 2, 3], help="everything at a tier, claimed or not (leads)")
    queue.add_argument("--overdue", action="store_true", help="every overdue or escalated item (leads)")
    queue.add_argument("--json", action="store_true")
    action("claim", "take an item at your tier")
    action("release", "put a claimed item back in the tier's queue")
    approve = action("approve", "approve at your tier with the tier's rubric scores")
    approve.add_argument("--score", action="append", default=[], metavar="NAME=VALUE")
    approve.add_argument("--comment", default="")
    approve.add_argument("--section", default="", help="the heading the comment is about")
    changes = action("request-changes", "send it back to the author, saying what to change")
    changes.add_argument("--comment", required=True)
    changes.add_argument("--score", action="append", default=[], metavar="NAME=VALUE")
    changes.add_argument("--section", default="")
    action("withdraw", "take it out of review (the author)")
    reassign = action("reassign", "hand an item to another reviewer of its tier (leads)")
    reassign.add_argument("--to", required=True, metavar="USER")
    reassign.add_argument("--comment", default="")
    escalate = action("escalate", "put an item first in its tier's queue (leads)")
    escalate.add_argument("--comment", default="")
    comment = action("comment", "comment on the revision under review, or answer one")
    comment.add_argument("text")
    comment.add_argument("--section", default="")
    comment.add_argument("--reply-to", type=int)
    history = action("history", "the audit trail and comments of a proposal's review")
    history.add_argument("--json", action="store_true")
    rubric = action("rubric", "the rubric of the tier a proposal is at (or --tier)")
    rubric.add_argument("--tier", type=int, choices=[1, 2, 3])
    rubric.add_argument("--json", action="store_true")
    metrics = action("metrics", "pass rate and turnaround per tier, rounds per proposal", with_id=False)
    metrics.add_argument("--json", action="store_true")
    settings = action("settings", "show or change the review settings (admin)", with_id=False)
    settings.add_argument("--resubmission", choices=["resume", "restart"])
    settings.add_argument("--sla-days", type=int)


def main(argv: Sequence[str] | None = None) -> int:
    from workbench.core.db.open_lock import describe_process

    args = _parser().parse_args(argv)
    if args.command is None:
        from workbench.gui.app import run_app  # Qt is imported only for the desktop app

        describe_process("app", "workbench")  # a refused restore says "close the Workbench app"
        return run_app(home=args.home, database_url=args.database_url, load_demo=False if args.no_demo else None)
    describe_process("command", args.command)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    lang = args.lang or default_language()
    try:
        return COMMANDS[args.command](args, lang)
    except WorkbenchError as exc:
        print(exc.message(lang), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    finally:
        # a command's workspace ends with the command: its hold on the database goes with it
        while _opened:
            _opened.pop().close()


def _settings(args: argparse.Namespace) -> Any:
    from workbench.core.workspace import WorkspaceSettings

    # the demo: loaded on a laptop's first start (not into a team database), never with --no-demo
    options: dict[str, Any] = {"database_url": args.database_url, "load_demo": False if args.no_demo else None}
    if args.home is not None:
        options["home"] = args.home
    return WorkspaceSettings(**options)


_opened: list[Any] = []  # workspaces opened by the running command, closed when it ends


def _workspace(args: argparse.Namespace) -> Any:
    from workbench.core.workspace import Workspace

    ws = Workspace.open(_settings(args))
    _opened.append(ws)
    return ws


def _actor(ws: Any, args: argparse.Namespace) -> Any:
    """The signed-in user (or the local profile). ``--as NAME`` only on a laptop's own database
    without passwords: where login is required it would let anyone act as anyone."""
    if getattr(args, "as_user", None):
        if ws.login_required():
            raise WorkbenchError("as_refused")
        return ws.users.get(args.as_user)
    return ws.actor()


def _read_password(args: argparse.Namespace, prompt: str, confirm: bool = False) -> str:
    """A password from standard input (``--password-stdin``: one line) or typed unseen."""
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    import getpass

    password = getpass.getpass(prompt)
    if confirm and getpass.getpass("Repeat: " if prompt.isascii() else "再输入一次：") != password:
        raise WorkbenchError("passwords_differ")
    return password


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def cmd_import(args: argparse.Namespace, lang: str) -> int:
    """Exit 0 when every file was imported as it is (items kept because they were edited in the
    app since are reported, not an error); 2 when a file was refused, stopped part-way, or an
    item is in conflict (changed in the app and in the file)."""
    ws = _workspace(args)
    report = ws.importer.run(_actor(ws, args), args.paths).value
    if args.json:
        _print_json(report.to_json(lang))
    else:
        zh = lang == "zh"
        counts = (report.added, report.updated, report.unchanged, len(report.kept), len(report.conflicts),
                  len(report.rejected) + len(report.interrupted))
        print(
            "新增 {}，更新 {}，未变 {}，保留应用中的修改 {}，冲突 {}，拒绝 {}".format(*counts)
            if zh
            else "added {}, updated {}, unchanged {}, kept your newer edit {}, conflicts {}, rejected {}".format(*counts)
        )
        row = "第 {} 行" if zh else "row {}"
        for note in [*report.conflicts, *report.kept]:
            where = f"{note.path} ({row.format(note.row)})" if note.row else note.path
            print(f"  {where}: {note.reason(lang)}", file=sys.stderr)
        for stopped in report.interrupted:
            print(f"  {stopped.path}: {stopped.reason(lang)}", file=sys.stderr)
        for r in report.rejected:
            print(f"  {r.path}: {r.reason(lang)}", file=sys.stderr)
    failed = report.rejected or report.interrupted or report.conflicts
    return EXIT_REJECTED if failed else EXIT_OK


def cmd_export(args: argparse.Namespace, lang: str) -> int:
    from workbench.core.knowledge.export import export_markdown

    ws = _workspace(args)
    written = export_markdown(ws.knowledge, args.folder, include_archived=not args.no_archived)
    print(f"已导出 {len(written)} 个条目到 {args.folder}" if lang == "zh" else f"exported {len(written)} items to {args.folder}")
    return EXIT_OK


def cmd_items(args: argparse.Namespace, lang: str) -> int:
    from workbench.core.knowledge.model import ItemFilter

    ws = _workspace(args)
    flt = ItemFilter(
        kind=args.kind, industry=args.industry, product=args.product, tag=args.tag,
        status=args.status, stale_only=args.stale,
    )
    items = ws.knowledge.items(flt)
    if args.json:
        _print_json([i.summary() for i in items])
    else:
        for i in items:
            stale = " [stale]" if i.is_stale() else ""
            print(f"{i.slug:<48} {i.kind.value:<9} {i.industry:<13} {i.title}{stale}")
    return EXIT_OK


def cmd_users(args: argparse.Namespace, lang: str) -> int:
    ws = _workspace(args)
    zh = lang == "zh"
    command = args.users_command
    if command == "add":
        # the first administrator of an empty database is added by nobody (bootstrap)
        actor = None if ws.users.count() == 0 else _actor(ws, args)
        password = None
        if args.password or args.password_stdin:
            password = _read_password(args, "新用户的密码：" if zh else f"Password for {args.name}: ", confirm=True)
        if actor is None and password is not None:  # the first administrator, signed in at once
            user = ws.users.add(None, args.name, args.role, args.tier, args.display_name, password=password).value
            ws.login(args.name, password)
        else:
            user = ws.users.add(actor, args.name, args.role, args.tier, args.display_name, password=password).value
        print(f"已添加 {user.name}" if zh else f"added {user.name} ({user.role.value})")
    elif command == "switch":
        if ws.login_required():
            raise WorkbenchError("login_required_no_switch")
        ws.users.switch(args.name)
        print(args.name)
    elif command == "password":
        me = _actor(ws, args)
        if args.name and args.name != me.name:
            new = _read_password(args, f"{args.name} 的新密码：" if zh else f"New password for {args.name}: ",
                                 confirm=True)
            ws.users.reset_password(me, args.name, new)
            print(f"已重设 {args.name} 的密码" if zh else f"password of {args.name} reset; their sessions ended")
        else:
            old = None
            if ws.users.has_password(me.name):
                old = _read_password(args, "当前密码：" if zh else "Current password: ")
            new = _read_password(args, "新密码：" if zh else "New password: ", confirm=True)
            ws.auth.change_password(me, old, new)
            print("密码已修改" if zh else "password changed; your other sessions ended")
    elif command == "set-role":
        user = ws.users.set_role(_actor(ws, args), args.name, args.role, args.tier).value
        print(f"{user.name}: {user.role.value}" + (f" tier {user.tier}" if user.tier else ""))
    elif command == "set-name":
        me = _actor(ws, args)
        user = ws.users.set_display_name(me, me.name if args.me else args.name, args.display_name).value
        print(_person(user.name, user.display_name))
    elif command in ("deactivate", "activate"):
        user = ws.users.set_active(_actor(ws, args), args.name, command == "activate").value
        state = ("已启用" if user.active else "已停用") if zh else ("active" if user.active else "deactivated")
        print(f"{user.name}: {state}")
    else:
        users = ws.users.all()
        me = ws.signed_in()
        current = me.name if me is not None else None
        if args.json:
            _print_json([
                {"name": u.name, "display_name": u.display_name, "role": u.role.value, "tier": u.tier,
                 "active": u.active, "current": u.name == current}
                for u in users
            ])
        else:
            for u in users:
                mark = "*" if u.name == current else " "
                tier = f" tier {u.tier}" if u.tier else ""
                inactive = " (deactivated)" if not u.active else ""
                print(f"{mark} {u.name:<20} {u.role.value}{tier}{inactive}"
                      + (f"  {u.display_name}" if u.has_display_name else ""))
    return EXIT_OK


def _person(name: str, display_name: str) -> str:
    """A person as the CLI shows one: the display name with the login it stands for."""
    return f"{display_name} ({name})" if display_name and display_name != name else name


def cmd_login(args: argparse.Namespace, lang: str) -> int:
    ws = _workspace(args)
    try:
        name = args.name
        if not name:
            if args.password_stdin:
                raise WorkbenchError("login_failed")
            name = input("用户名：" if lang == "zh" else "User name: ").strip()
        user = ws.login(name, _read_password(args, "密码：" if lang == "zh" else "Password: "))
        where = ws.database_label()
        print(f"已登录：{user.name}（{where}）" if lang == "zh" else f"signed in as {user.name} on {where}")
    finally:
        ws.close()
    return EXIT_OK


def cmd_logout(args: argparse.Namespace, lang: str) -> int:
    ws = _workspace(args)
    try:
        ws.logout()
        print("已退出登录" if lang == "zh" else "signed out")
    finally:
        ws.close()
    return EXIT_OK


def cmd_whoami(args: argparse.Namespace, lang: str) -> int:
    ws = _workspace(args)
    try:
        me = _actor(ws, args) if args.as_user else ws.signed_in()
        required = ws.login_required()
        if args.json:
            _print_json({"name": me.name if me else None, "role": me.role.value if me else None,
                         "tier": me.tier if me else None, "database": ws.database_label(),
                         "login_required": required})
        elif me is None:
            raise WorkbenchError("not_signed_in")
        else:
            tier = f" tier {me.tier}" if me.tier else ""
            how = "" if required else (" (本机用户)" if lang == "zh" else " (local profile)")
            print(f"{me.name} · {me.role.value}{tier}{how} · {ws.database_label()}")
    finally:
        ws.close()
    return EXIT_OK if me is not None else EXIT_ERROR


def _search_ready(ws: Any) -> Any:
    """The search service with the index brought up to date first (a CLI run is short-lived)."""
    search = ws.search
    ws.index.ensure()
    return search


def cmd_search(args: argparse.Namespace, lang: str) -> int:
    from workbench.core.search.query import SearchRequest
    from workbench.core.search.service import check_search_text

    text = " ".join(args.query)
    # before anything opens: bytes the terminal could not decode, control characters
    check_search_text(text, args.kind, args.industry, args.product, args.tag, args.status, controls=True)
    ws = _workspace(args)
    search = _search_ready(ws)
    request = SearchRequest(
        text=text, kind=args.kind, industry=args.industry, product=args.product, tag=args.tag,
        status=args.status, stale=args.stale, sort=args.sort, page=args.page, per_page=max(1, args.limit),
    )
    results = search.search(request)
    if not results.hits and text.strip():
        search.record_miss(_actor(ws, args), text)
    if args.json:
        _print_json([h.to_json() for h in results.hits])
        return EXIT_OK
    zh = lang == "zh"
    if results.suggestion:
        print(f"您是不是要找：{results.suggestion}" if zh else f"Did you mean: {results.suggestion}")
    if results.matched_any:
        print("没有同时包含所有词的结果，以下结果包含部分词：" if zh else "Nothing matched every word; these match some:")
    for h in results.hits:
        print(f"{h.score:6.2f}  {h.id}  [{h.kind}]  {h.title}")
        print(f"        {h.snippet[:160]}")
    print(f"共 {results.total} 条" if zh else f"{results.total} found")
    return EXIT_OK


def cmd_similar(args: argparse.Namespace, lang: str) -> int:
    from workbench.core.search.service import check_search_text

    check_search_text(args.text, controls=True)
    ws = _workspace(args)
    hits = _search_ready(ws).similar(item_id=args.item, text=args.text, limit=max(1, args.limit))
    if args.json:
        _print_json([{**h.to_json(), "matched": list(h.matched)} for h in hits])
    else:
        for h in hits:
            print(f"{h.score:6.2f}  {h.id}  {h.title}")
            print(f"        {', '.join(h.matched[:12])}")
    return EXIT_OK


def cmd_reindex(args: argparse.Namespace, lang: str) -> int:
    ws = _workspace(args)
    _ = ws.search  # the segmenter's dictionary
    ws.index.parallel_rebuild = True  # a CLI process has no other threads: forking is safe

    def progress(done: int, total: int, _label: str) -> None:
        width = 30
        filled = width * done // max(total, 1)
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr, flush=True)

    count = ws.index.rebuild(progress)
    print(file=sys.stderr)
    print(f"已重建索引：{count} 个条目" if lang == "zh" else f"reindexed {count} items")
    return EXIT_OK


def cmd_gaps(args: argparse.Namespace, lang: str) -> int:
    ws = _workspace(args)
    gaps = ws.search.content_gaps()
    if args.json:
        _print_json([{"query": q, "count": n, "last": at.isoformat()} for q, n, at in gaps])
    else:
        for q, n, at in gaps:
            print(f"{n:4d}  {at.astimezone():%Y-%m-%d}  {q}")
    return EXIT_OK


def cmd_duplicates(args: argparse.Namespace, lang: str) -> int:
    ws = _workspace(args)
    pairs = _search_ready(ws).all_duplicates()
    if args.json:
        _print_json([p.__dict__ for p in pairs])
    else:
        for p in pairs:
            print(f"{p.similarity:.2f}  {p.id}  ~  {p.other_id}")
    return EXIT_OK


def cmd_templates(args: argparse.Namespace, lang: str) -> int:
    ws = _workspace(args)
    templates = ws.proposals.catalog.all()
    if args.json:
        _print_json([t.to_json(lang) for t in templates])
    else:
        for t in templates:
            print(f"{t.name:<30} {t.title.get(lang)}")
            for v in t.variables:
                req = "*" if v.required else " "
                extra = f" ({'|'.join(v.choices)})" if v.choices else ""
                print(f"    {req} {v.name:<20} {v.type}{extra}")
    for problem in ws.proposals.catalog.broken.values():
        print(problem.message(lang), file=sys.stderr)
    return EXIT_OK


def cmd_proposal(args: argparse.Namespace, lang: str) -> int:
    import yaml

    ws = _workspace(args)
    service = ws.proposals
    if args.proposal_command == "new":
        try:
            raw = yaml.safe_load(args.vars.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise WorkbenchError("proposal_vars_file", detail=str(exc)[:300]) from None
        if not isinstance(raw, dict):
            raise WorkbenchError("proposal_vars_file", detail="expected 'name: value' lines")
        _search_ready(ws)
        view = service.create(_actor(ws, args), args.template, raw, title=args.title).value
        if args.json:
            _print_json(view.to_json())
        else:
            print(view.number)
    elif args.proposal_command == "show":
        view = service.get(args.id)
        if args.json:
            _print_json(view.to_json(with_markdown=args.markdown))
        else:
            deadline = view.bid_deadline.isoformat() if view.bid_deadline else "-"
            print(f"{view.number}  {view.title}\n  {view.status.value} · {view.customer} · deadline {deadline}")
            for r in view.revisions:
                lock = " (locked)" if r.locked else ""
                print(f"  r{r.number}  {r.created_at.astimezone():%Y-%m-%d %H:%M}  {r.created_by}{lock}")
            if args.markdown and view.latest is not None:
                print(view.latest.markdown)
    elif args.proposal_command == "list":
        if args.due_soon:
            rows = service.due_soon()
            if args.json:
                _print_json([{**v.to_json(), "milestone": n, "due": d.isoformat()} for v, n, d in rows])
            else:
                for v, n, d in rows:
                    print(f"{d}  {n:<14} {v.number}  {v.title}")
        else:
            views = service.all(status=args.status)
            if args.json:
                _print_json([v.to_json() for v in views])
            else:
                for v in views:
                    print(f"{v.number}  {v.status.value:<18} {v.title}")
    elif args.proposal_command == "render":
        path = service.export(args.id, args.format, args.out, args.revision)
        print(path)
    else:
        print("\n".join(service.diff(args.id, args.a, args.b)))
    return EXIT_OK


def _database(args: argparse.Namespace) -> Any:
    """The database the command line points at, without opening the workspace (no migration)."""
    from workbench.core.db.engine import Database
    from workbench.core.paths import Paths

    settings = _settings(args)
    Paths(settings.home).ensure()
    return Database(settings.url)


def cmd_migrate(args: argparse.Namespace, lang: str) -> int:
    from sqlalchemy.exc import OperationalError

    from workbench.core.db import migrate
    from workbench.core.errors import DatabaseError
    from workbench.core.paths import Paths

    db = _database(args)
    where = db.engine.url.render_as_string(hide_password=True)
    try:
        try:
            current, head = migrate.status(db)
        except OperationalError as exc:
            reason = str(exc.orig or exc).strip().splitlines()[0][:200]
            raise DatabaseError(detail=f"{where}: {reason}") from exc
        if current == head:
            print(f"{where}: 结构已是最新（{head}）" if lang == "zh" else f"{where}: schema is current ({head})")
            return EXIT_OK
        if args.check:
            print(f"{where}: {current or '空'} → {head}，需要迁移" if lang == "zh"
                  else f"{where}: {current or 'empty'} -> {head}: migration needed")
            return EXIT_ERROR
        migrate.upgrade(db, backup_to=Paths(_settings(args).home).backups, explicit=True)
        print(f"{where}: {current or '空'} → {head}" if lang == "zh" else f"{where}: migrated {current or 'empty'} -> {head}")
        return EXIT_OK
    finally:
        db.dispose()


def cmd_doctor(args: argparse.Namespace, lang: str) -> int:
    from workbench.core.doctor import preflight, run_doctor

    db = _database(args)
    try:
        checks = preflight(db)  # a server that is away or a schema behind: say so, open nothing
    finally:
        db.dispose()
    if all(c.ok for c in checks):
        checks = run_doctor(_workspace(args), repair=args.repair, preflighted=checks)
    if args.json:
        _print_json([c.to_json() for c in checks])
    else:
        for c in checks:
            state = "repaired" if c.repaired else ("ok" if c.ok else "PROBLEM")
            print(f"{state:<9} {c.name}" + (f": {c.detail}" if c.detail else ""))
    return EXIT_OK if all(c.ok for c in checks) else EXIT_ERROR


def cmd_backup(args: argparse.Namespace, lang: str) -> int:
    from workbench.core.db.backup import backup_sqlite

    ws = _workspace(args)
    target = backup_sqlite(ws.db, args.out or ws.paths.backups)
    print(target)
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, lang: str) -> int:
    from workbench.core.db.backup import restore_sqlite
    from workbench.core.users import Permission

    ws = _workspace(args)
    try:
        if ws.db.file is None:
            raise WorkbenchError("restore_on_server")
        _actor(ws, args).require(Permission.RESTORE_BACKUP)
        database, backups = ws.db.file, ws.paths.backups
    finally:
        ws.close()  # this process must not hold the database open while it is restored
    safety = restore_sqlite(args.file, database, backups)
    if lang == "zh":
        print(f"已恢复 {args.file}" + (f"（原数据库已保存为 {safety}）" if safety else ""))
    else:
        print(f"restored {args.file}" + (f" (previous database saved as {safety})" if safety else ""))
    return EXIT_OK


def cmd_review(args: argparse.Namespace, lang: str) -> int:
    from workbench.cli.review import run_review

    ws = _workspace(args)
    try:
        return run_review(ws, _actor(ws, args), args, lang)
    finally:
        ws.close()


def cmd_retro(args: argparse.Namespace, lang: str) -> int:
    from workbench.cli.retro import run_retro

    ws = _workspace(args)
    try:
        return run_retro(ws, _actor(ws, args), args, lang)
    finally:
        ws.close()


def cmd_report(args: argparse.Namespace, lang: str) -> int:
    from workbench.cli.retro import run_report

    ws = _workspace(args)
    try:
        return run_report(ws, args, lang)
    finally:
        ws.close()


def cmd_demo(args: argparse.Namespace, lang: str) -> int:
    from workbench.cli.retro import run_demo

    ws = _workspace(args)
    try:
        return run_demo(ws, _actor(ws, args), args, lang)
    finally:
        ws.close()


def cmd_settings(args: argparse.Namespace, lang: str) -> int:
    from workbench.cli.settings import run_settings

    ws = _workspace(args)
    try:
        return run_settings(ws, lambda: _actor(ws, args), args, lang)
    finally:
        ws.close()


COMMANDS: dict[str, Callable[[argparse.Namespace, str], int]] = {
    "import": cmd_import,
    "export": cmd_export,
    "items": cmd_items,
    "users": cmd_users,
    "login": cmd_login,
    "logout": cmd_logout,
    "whoami": cmd_whoami,
    "search": cmd_search,
    "similar": cmd_similar,
    "reindex": cmd_reindex,
    "gaps": cmd_gaps,
    "duplicates": cmd_duplicates,
    "templates": cmd_templates,
    "proposal": cmd_proposal,
    "review": cmd_review,
    "retro": cmd_retro,
    "report": cmd_report,
    "demo": cmd_demo,
    "migrate": cmd_migrate,
    "doctor": cmd_doctor,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "settings": cmd_settings,
}
