"""``workbench templates`` and ``workbench proposal ...``: proposals from a terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.cli.common import EXIT_OK, Command, actor, print_json, say, workspace
from workbench.cli.knowledge import search_ready
from workbench.core.errors import InvalidInput

if TYPE_CHECKING:
    from workbench.core.proposals.model import SectionReport
    from workbench.core.workspace import Workspace


def add_parsers(sub: Any) -> None:
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


def cmd_templates(args: argparse.Namespace, lang: str) -> int:
    with workspace(args) as ws:
        catalog = ws.proposals.catalog
        templates = catalog.all()
        broken = list(catalog.broken.values())
    if args.json:
        print_json([t.to_json(lang) for t in templates])
    else:
        for t in templates:
            print(f"{t.name:<30} {t.display_title(lang)}")
            for v in t.variables:
                req = "*" if v.required else " "
                extra = f" ({'|'.join(v.choices)})" if v.choices else ""
                print(f"    {req} {v.name:<20} {v.type}{extra}")
    for problem in broken:
        print(problem.message(lang), file=sys.stderr)
    return EXIT_OK


def _variables(path: Path) -> dict[str, Any]:
    import yaml

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidInput("proposal_vars_file", detail=str(exc)[:300]) from None
    if not isinstance(raw, dict):
        raise InvalidInput("proposal_vars_file", detail="expected 'name: value' lines")
    return raw


def cmd_proposal(args: argparse.Namespace, lang: str) -> int:
    with workspace(args) as ws:
        service = ws.proposals
        if args.proposal_command == "new":
            raw = _variables(args.vars)
            search_ready(ws)
            view, report = service.create_reported(actor(ws, args), args.template, raw, title=args.title).value
            titles = {k.section: k.title.get(lang) for k in service.catalog.get(view.template).knowledge}
            if args.json:
                print_json({**view.to_json(), "match_report": [r.to_json() for r in report.values()]})
            else:
                print(view.number)  # alone on standard output: scripts take the new id from there
                for section, r in report.items():
                    print("\n".join(_report_lines(titles.get(section, section), r, lang)), file=sys.stderr)
        elif args.proposal_command == "show":
            _show(ws, args)
        elif args.proposal_command == "list":
            _list(ws, args)
        elif args.proposal_command == "render":
            print(service.export(args.id, args.format, args.out, args.revision))
        else:
            print("\n".join(service.diff(args.id, args.a, args.b)))
    return EXIT_OK


def _report_lines(title: str, report: SectionReport, lang: str) -> list[str]:
    """What matching placed in a knowledge section and what it left out, and why."""
    threshold = f"{report.threshold:.0%}"
    lines = [say("cli_match_none", lang, section=title, threshold=threshold) if report.no_good_match else
             say("cli_match_section", lang, section=title, placed=len(report.placed), spares=len(report.spares),
                 threshold=threshold)]
    counts = report.counts()
    if counts:
        comma = "，" if lang.startswith("zh") else ", "
        reasons = comma.join(say(f"cli_left_out_{reason}", lang, n=n) for reason, n in counts.items())
        lines.append(say("cli_match_left_out", lang, reasons=reasons))
    if report.converted:
        lines.append(say("cli_match_converted", lang, count=len(report.converted)))
    return lines


def _show(ws: Workspace, args: argparse.Namespace) -> None:
    view = ws.proposals.get(args.id)
    if args.json:
        print_json(view.to_json(with_markdown=args.markdown))
        return
    deadline = view.bid_deadline.isoformat() if view.bid_deadline else "-"
    print(f"{view.number}  {view.title}\n  {view.status.value} · {view.customer} · deadline {deadline}")
    for r in view.revisions:
        lock = " (locked)" if r.locked else ""
        print(f"  r{r.number}  {r.created_at.astimezone():%Y-%m-%d %H:%M}  {r.created_by}{lock}")
    if args.markdown and view.latest is not None:
        print(view.latest.markdown)


def _list(ws: Workspace, args: argparse.Namespace) -> None:
    service = ws.proposals
    if args.due_soon:
        rows = service.due_soon()
        if args.json:
            print_json([{**v.to_json(), "milestone": n, "due": d.isoformat()} for v, n, d in rows])
        else:
            for v, n, d in rows:
                print(f"{d}  {n:<14} {v.number}  {v.title}")
        return
    views = service.all(status=args.status)
    if args.json:
        print_json([v.to_json() for v in views])
    else:
        for v in views:
            print(f"{v.number}  {v.status.value:<18} {v.title}")


COMMANDS: dict[str, Command] = {"templates": cmd_templates, "proposal": cmd_proposal}
