"""``workbench tender ...``: answering a customer's tender or questionnaire from a terminal, over
the core only (``ws.tenders``)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    Command,
    actor,
    as_user_option,
    print_json,
    say,
    workspace,
)
from workbench.core.errors import InvalidInput
from workbench.core.tender.languages import READERS_OF_TRADITIONAL
from workbench.core.tender.views import CheckReport, ResponseView, RowView

if TYPE_CHECKING:
    from workbench.core.workspace import Workspace

FORMATS = ("docx", "xlsx")
DEVIATIONS = ("none", "positive", "negative", "")


def add_parsers(sub: Any) -> None:
    tender = sub.add_parser("tender", help="answer a customer's tender (招标文件) or questionnaire point by point")
    tsub = tender.add_subparsers(dest="tender_command", metavar="ACTION", required=True)

    def action(name: str, help_text: str, with_id: bool = True) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = tsub.add_parser(name, help=help_text)
        if with_id:
            parser.add_argument("id", help="response id, e.g. T-2026-001")
        parser.add_argument("--json", action="store_true")
        as_user_option(parser)
        return parser

    imp = action("import", "read a tender .docx/.xlsx/.pdf (or .doc/.wps/.xls) into a new response", with_id=False)
    imp.add_argument("file", type=Path)
    imp.add_argument("--title")
    imp.add_argument("--customer", default="")
    action("list", "the responses, newest first", with_id=False)
    action("show", "a response's rows with their answers and suggestions")
    action("autofill", "suggest answers for every open row; accept those in band auto")
    respond = action("respond", "answer, assign or annotate one row")
    respond.add_argument("row", type=int, help="the row's number (show lists them)")
    given = respond.add_mutually_exclusive_group()
    given.add_argument("--text", help="the response")
    given.add_argument("--from-item", metavar="ITEM", help="accept a suggestion: a knowledge item or T-YYYY-NNN#ROW")
    respond.add_argument("--deviation", choices=DEVIATIONS, help="none (无偏离) | positive (正偏离) | negative (负偏离)")
    respond.add_argument("--note", help="说明: why a deviation, how a positive one exceeds")
    respond.add_argument("--evidence", help="证明材料: a document name or a knowledge item")
    respond.add_argument("--page", dest="evidence_page", help="the evidence's page")
    respond.add_argument("--answer", dest="answer_choice", help="a questionnaire's drop-down answer (Yes / No / ...)")
    respond.add_argument("--assign", metavar="USER", help="assign the row ('' for nobody; owner or admin)")
    respond.add_argument("--version", dest="expected_version", type=int,
                         help="the row's version you started from: refused if someone changed it since")
    action("check", "the compliance check: exit 1 while a ★ row blocks, listing each and why")
    export = action("export", "write the 技术偏离表 and 点对点应答 (refused while the check blocks)")
    export.add_argument("--format", dest="fmt", choices=FORMATS, required=True)
    export.add_argument("--out", type=Path, required=True)
    fill = action("fill", "the customer's own file with the answers written in (refused while the check blocks)")
    fill.add_argument("--out", type=Path, required=True)
    attach = action("attach", "attach the response to a proposal and write its 点对点应答 chapter into it as a new "
                              "revision; again: the chapter refreshed (no PROPOSAL: detach)")
    attach.add_argument("proposal", nargs="?", help="proposal number, e.g. P-2026-0001")
    rename = action("rename", "a new title (and customer) for the response")
    rename.add_argument("title")
    rename.add_argument("--customer", help="the customer's name (unchanged when left out)")
    readers = action("readers", "whom a Traditional tender's answers are written for, when the guess from its text "
                                "is wrong: zh-TW (Taiwan's words), zh-HK (Hong Kong's character forms), zh-Hant "
                                "(Traditional characters only) or auto (guessed again)")
    readers.add_argument("readers", choices=(*READERS_OF_TRADITIONAL, "auto"))


def cmd_tender(args: argparse.Namespace, lang: str) -> int:
    with workspace(args) as ws:
        return run_tender(ws, args, lang)


def _counts(view: ResponseView, rows: list[RowView]) -> dict[str, object]:
    return {
        "id": view.id,
        "requirements": sum(1 for r in rows if r.kind == "requirement"),
        "starred": sum(1 for r in rows if r.mark == "★"),
        "important": sum(1 for r in rows if r.mark == "▲"),
        "scoring": sum(1 for r in rows if r.kind == "scoring"),
        "questions": sum(1 for r in rows if r.kind == "question"),
    }


def _summary(view: ResponseView) -> str:
    p = view.progress
    attached = f"  → {view.proposal}" if view.proposal else ""
    return (f"{view.id}  {p.answered}/{p.total}  ★{p.star_open} ▲{p.important_open}  "
            f"{view.title}  ({view.source_name}, {view.created_by_label}){attached}")


def _row_line(row: RowView, lang: str) -> str:
    status = say(f"tender_status_{row.status}", lang)
    who = f"  @{row.assignee}" if row.assignee else ""
    head = f"{row.no:>3}. {row.clause} {row.mark}".rstrip()
    text = " ".join(row.text.split())[:80]
    lines = [f"{head}  [{status}]{who}  {text}"]
    if row.response:
        deviation = f" ({row.deviation})" if row.deviation else ""
        lines.append(f"      → {' '.join(row.response.split())[:100]}{deviation}")
    for s in row.suggestions[:3]:
        flags = "".join(f" [{f}]" for f in (s.status if s.status != "published" else "", "stale" if s.stale else "") if f)
        why = {"meaning": f"  ({say('cli_found_by_meaning', lang)})",
               "far": f"  ({say('cli_far_in_meaning', lang)})"}.get(s.found_by, "")
        if s.foreign:
            why += f"  ({say('cli_foreign_answer_en' if s.language == 'en' else 'cli_foreign_answer_zh', lang)})"
        lines.append(f"      ? {s.band:<7} {s.shown_score}  {s.id}  {s.title[:60]}{flags}{why}")
    return "\n".join(lines)


def _check_lines(report: CheckReport, lang: str) -> list[str]:
    out: list[str] = []
    for title, problems in (("tender_check_blocking", report.blocking), ("tender_check_warnings", report.warnings)):
        if problems:
            out.append(say(title, lang))
            out += ["  " + say("tender_check_line", lang, row=p.row_no, clause=p.clause, mark=p.mark,
                               why=say(p.code, lang, detail=p.detail)) for p in problems]
    return out


def run_tender(ws: Workspace, args: argparse.Namespace, lang: str) -> int:
    tenders = ws.tenders
    command = args.tender_command
    if command == "list":
        views = tenders.all()
        if args.json:
            print_json([v.to_json() for v in views])
        else:
            for v in views:
                print(_summary(v))
            if not views:
                print(say("tender_none", lang))
        return EXIT_OK
    if command == "show":
        sheet = tenders.sheet(None, args.id)
        if args.json:
            print_json({**sheet.response.to_json(), "rows": [r.to_json() for r in sheet.rows]})
        else:
            print(_summary(sheet.response))
            for row in sheet.rows:
                print(_row_line(row, lang))
        return EXIT_OK
    if command == "check":
        checked = tenders.check(args.id)
        if args.json:
            print_json(checked.to_json())
        else:
            for line in _check_lines(checked, lang):
                print(line)
            if checked.ok:
                print(say("tender_check_ok", lang, warnings=len(checked.warnings)))
        return EXIT_OK if checked.ok else EXIT_ERROR
    me = actor(ws, args)
    if command == "import":
        view = tenders.import_file(me, args.file, args.title, args.customer).value
        counts = _counts(view, tenders.rows(view.id))
        if args.json:
            print_json(counts)
        else:
            print(say("tender_imported", lang, **counts))
        return EXIT_OK
    if command == "autofill":
        report = tenders.autofill(me, args.id).value
        if args.json:
            print_json(report.to_json())
        else:
            print(say("tender_autofilled", lang, rows=report.rows, suggested=report.suggested,
                      auto=report.auto_accepted))
        return EXIT_OK
    if command == "respond":
        row = tenders.respond(
            me, args.id, args.row, text=args.text, from_item=args.from_item, deviation=args.deviation,
            note=args.note, evidence=args.evidence, evidence_page=args.evidence_page,
            answer_choice=args.answer_choice, assign=args.assign, expected_version=args.expected_version,
        ).value
        if args.json:
            print_json(row.to_json())
        else:
            print(say("tender_row_saved", lang, row=row.no, id=args.id, status=say(f"tender_status_{row.status}", lang)))
            for code in row.problems:
                print("  " + say(code, lang))
        return EXIT_OK
    if command in ("export", "fill"):
        out = (tenders.export(me, args.id, args.fmt, args.out) if command == "export"
               else tenders.fill(me, args.id, args.out))
        if args.json:
            print_json({"id": args.id, "path": str(out)})
        else:
            print(say("tender_written", lang, path=out))
        return EXIT_OK
    if command == "attach":
        view = ws.attach_response(me, args.id, args.proposal).value
        if args.json:
            print_json(view.to_json())
        elif view.proposal:
            print(say("tender_attached", lang, id=view.id, proposal=view.proposal))
        else:
            print(say("tender_detached", lang, id=view.id))
        return EXIT_OK
    if command == "rename":
        view = tenders.rename(me, args.id, args.title, args.customer).value
        if args.json:
            print_json(view.to_json())
        else:
            print(say("tender_renamed", lang, id=view.id, title=view.title))
        return EXIT_OK
    if command == "readers":
        change = tenders.set_readers(me, args.id, None if args.readers == "auto" else args.readers).value
        view = change.response
        if args.json:
            print_json(change.to_json())
        else:
            region = say(f"readers_{view.readers}", lang)
            print(say("tender_readers_set" if view.readers_set else "tender_readers_guessed", lang,
                      id=view.id, readers=region))
            if change.rewritten:
                print(say("tender_readers_rewritten", lang, count=change.rewritten))
            if change.kept:
                print(say("tender_readers_kept", lang, count=change.kept))
        return EXIT_OK
    raise InvalidInput("invalid_input")


COMMANDS: dict[str, Command] = {"tender": cmd_tender}
