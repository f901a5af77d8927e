"""``workbench retro ...`` and ``workbench report ...``: outcomes, retrospectives and the
dashboard's figures from a terminal, over the core only."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from workbench.cli.common import EXIT_OK, Command, actor, as_user_option, print_json, say, workspace
from workbench.core.errors import InvalidInput, NotFound
from workbench.core.retro.figures import GROUPINGS, LossReasons, ReportFilter, WinRate, to_csv
from workbench.core.retro.taxonomy import Outcome, outcome_label

if TYPE_CHECKING:
    from workbench.core.retro.model import RetroInput, RetroView
    from workbench.core.users import UserView
    from workbench.core.workspace import Workspace


def add_parsers(sub: Any) -> None:
    retro = sub.add_parser("retro", help="record the outcome of a bid and what the team learned")
    rsub = retro.add_subparsers(dest="retro_command", metavar="ACTION", required=True)
    rec = rsub.add_parser("record", help="record (or correct) a bid's outcome and retrospective")
    rec.add_argument("id", help="proposal number, e.g. P-2026-0001")
    rec.add_argument("--outcome", required=True, choices=[o.value for o in Outcome])
    rec.add_argument("--date", help="when the customer decided, YYYY-MM-DD (default: today)")
    rec.add_argument("--value", help="contract value (our bid's value when lost), e.g. 1200000 or 1,200,000.50")
    rec.add_argument("--reason", action="extend", nargs="+", metavar="R",
                     help="reason codes, the primary first (see 'workbench retro reasons')")
    rec.add_argument("--other-reason", metavar="TEXT", help="what reason 'other' was")
    rec.add_argument("--competitor", action="extend", nargs="+", metavar="C")
    rec.add_argument("--satisfaction", type=int, choices=range(1, 6), metavar="1..5")
    rec.add_argument("--worked", metavar="TEXT", help="what worked")
    rec.add_argument("--improve", metavar="TEXT", help="what to improve")
    rec.add_argument("--lesson", action="extend", nargs="+", metavar="TEXT",
                     help="a lesson; each becomes a knowledge item of kind 'lesson' (one the library already "
                          "holds in the same words gains this bid as a source)")
    rec.add_argument("--json", action="store_true")
    as_user_option(rec)
    show = rsub.add_parser("show", help="a bid's recorded outcome and retrospective")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    due = rsub.add_parser("due", help="decided bids without a retrospective; bids past deadline without an outcome")
    due.add_argument("--json", action="store_true")
    reasons = rsub.add_parser("reasons", help="the list of reasons (leads add and retire)")
    reasons.add_argument("--add", metavar="CODE")
    reasons.add_argument("--en", default="", help="English label of the reason added")
    reasons.add_argument("--zh", default="", help="Chinese label of the reason added")
    reasons.add_argument("--retire", metavar="CODE")
    reasons.add_argument("--json", action="store_true")
    as_user_option(reasons)
    rivals = rsub.add_parser("competitors", help="the list of competitors (leads add and retire)")
    rivals.add_argument("--add", metavar="NAME")
    rivals.add_argument("--retire", metavar="NAME")
    rivals.add_argument("--json", action="store_true")
    as_user_option(rivals)

    report = sub.add_parser("report", help="win rates, loss reasons, a customer's history")
    psub = report.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    win = psub.add_parser("win-rate", help="win rate by count and by value")
    win.add_argument("--by", required=True, choices=[*GROUPINGS, "period"], help="'period': per quarter")
    loss = psub.add_parser("loss-reasons", help="why bids were lost, most frequent first (a Pareto)")
    for parser in (win, loss):
        parser.add_argument("--from", dest="start", metavar="DATE", help="decided on or after, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", metavar="DATE", help="decided on or before, YYYY-MM-DD")
        parser.add_argument("--industry")
        parser.add_argument("--format", choices=["table", "csv", "json"], default="table")
    demo = sub.add_parser("demo", help="the demo history of decided bids (administrators)")
    dsub = demo.add_subparsers(dest="demo_command", metavar="ACTION", required=True)
    as_user_option(dsub.add_parser("remove-history", help="remove the demo proposals, reviews, retrospectives and lessons"))
    as_user_option(dsub.add_parser("add-history", help="add the demo history (again)"))
    customer = psub.add_parser("customer", help="proposals, outcomes, retrospectives and lessons of one customer")
    customer.add_argument("name")
    customer.add_argument("--json", action="store_true")


# --- retro ------------------------------------------------------------------------------------------


def _input(args: argparse.Namespace, before: RetroView | None) -> RetroInput:
    """What the command says, over what was recorded before (options left out keep their value)."""

    from workbench.core.retro.model import RetroInput

    def keep(given: Any, old: Any) -> Any:
        return given if given is not None else old

    return RetroInput(
        outcome=args.outcome,
        decided_on=args.date or (before.decided_on if before else dt.date.today()),
        value=keep(args.value, before.value if before else None),
        reasons=tuple(args.reason) if args.reason is not None else (before.reasons if before else ()),
        other_reason=keep(args.other_reason, before.other_reason if before else ""),
        competitors=tuple(args.competitor) if args.competitor is not None else (before.competitors if before else ()),
        satisfaction=keep(args.satisfaction, before.satisfaction if before else None),
        what_worked=keep(args.worked, before.what_worked if before else ""),
        to_improve=keep(args.improve, before.to_improve if before else ""),
        lessons=tuple(args.lesson or ()),
    )


def _describe(view: RetroView, lang: str, reason_labels: dict[str, str]) -> list[str]:
    value = f"{view.value:,.2f}" if view.value is not None else "-"
    lines = [f"{view.proposal}  {view.title}",
             f"  {outcome_label(view.outcome, lang)} · {view.decided_on} · {say('cli_retro_value', lang)} {value}"]
    if view.reasons:
        named = [reason_labels.get(code, code) for code in view.reasons]
        other = f" ({view.other_reason})" if view.other_reason else ""
        lines.append(f"  {say('cli_retro_reasons', lang)}: {named[0]}{other}"
                     + (f"; {', '.join(named[1:])}" if named[1:] else ""))
    if view.competitors:
        lines.append(f"  {say('cli_retro_competitors', lang)}: {', '.join(view.competitors)}")
    if view.satisfaction:
        lines.append(f"  {say('cli_retro_satisfaction', lang)}: {view.satisfaction}/5")
    if view.what_worked:
        lines.append(f"  {say('cli_retro_worked', lang)}: {view.what_worked}")
    if view.to_improve:
        lines.append(f"  {say('cli_retro_improve', lang)}: {view.to_improve}")
    for lesson in view.lessons:
        lines.append(f"  {say('cli_retro_lesson', lang)} {lesson.slug}: {lesson.title}")
    return lines


def run_retro(ws: Workspace, me: UserView, args: argparse.Namespace, lang: str) -> int:
    command = args.retro_command
    labels = {r.code: r.label(lang) for r in ws.retros.all_reasons()}
    if command == "record":
        before = ws.retros.get(args.id)
        view = ws.retros.record(me, args.id, _input(args, before),
                                expected_version=before.version if before else 0).value
        if args.json:
            print_json(view.to_json())
        else:
            print("\n".join(_describe(view, lang, labels)))
        return EXIT_OK
    if command == "show":
        shown = ws.retros.get(args.id)
        if shown is None:
            raise NotFound("retro_not_found", id=args.id)
        if args.json:
            print_json(shown.to_json())
        else:
            print("\n".join(_describe(shown, lang, labels)))
        return EXIT_OK
    if command == "due":
        due = ws.retros.due()
        if args.json:
            print_json([d.to_json() for d in due])
        else:
            for d in due:
                print(f"{d.proposal}  {d.author:<12} {d.describe(lang)}  {d.title}")
            print(say("cli_retro_due", lang, count=len(due)))
        return EXIT_OK
    if command == "reasons":
        if args.add:
            ws.retros.add_reason(me, args.add, args.en, args.zh)
        if args.retire:
            ws.retros.retire_reason(me, args.retire)
        reasons = ws.retros.all_reasons()
        if args.json:
            print_json([{"code": r.code, "en": r.label_en, "zh": r.label_zh, "active": r.active} for r in reasons])
        else:
            for r in reasons:
                retired = say("cli_retro_retired", lang) if not r.active else ""
                print(f"{r.code:<24} {r.label(lang)}{retired}")
        return EXIT_OK
    if args.add:
        ws.retros.add_competitor(me, args.add)
    if args.retire:
        ws.retros.retire_competitor(me, args.retire)
    names = ws.retros.lists().competitors
    if args.json:
        print_json(list(names))
    else:
        print("\n".join(names))
    return EXIT_OK


# --- report -----------------------------------------------------------------------------------------


def _filter(args: argparse.Namespace) -> ReportFilter:
    def day(value: str | None) -> dt.date | None:
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise InvalidInput("invalid_date", value=value) from None

    return ReportFilter(day(args.start), day(args.end), args.industry or None)


def _percent(value: float | None) -> str:
    return f"{value:.0%}" if value is not None else "-"


def _win_rate_out(rate: WinRate, fmt: str, lang: str) -> None:
    if fmt == "csv":
        print(to_csv(*rate.table(lang)), end="")
        return
    if fmt == "json":
        print_json({"by": rate.by, "rows": [dict(zip(["key", "won", "lost", "no_decision", "cancelled", "win_rate",
                                                        "won_value", "lost_value", "valued", "value_rate"],
                                                       r.row(), strict=True)) for r in rate.rows],
                     "total": {"won": rate.total.won, "decided": rate.total.decided, "win_rate": rate.total.rate,
                               "value_rate": rate.total.value_rate, "valued": rate.total.valued,
                               "no_decision": rate.total.no_decision, "cancelled": rate.total.cancelled}})
        return
    none = say("cli_report_none", lang)
    width = max([len(r.key) for r in rate.rows] + [12])
    head = [say(f"cli_report_{name}", lang) for name in ("won_decided", "win_rate", "by_value", "no_decision",
                                                          "cancelled")]
    print(f"{'':<{width}}  {head[0]:>12}  {head[1]:>8}  {head[2]:>10}  {head[3]:>11}  {head[4]:>9}")
    for r in rate.rows:
        stands = say("cli_report_stands", lang, won=r.won, decided=r.decided, stands_on=r.stands_on())
        print(f"{r.key or none:<{width}}  {stands:>12}  {_percent(r.rate):>8}  {_percent(r.value_rate):>10}  "
              f"{r.no_decision:>11}  {r.cancelled:>9}")
    t = rate.total
    print(say("cli_report_win_total", lang, bids=t.bids, won=t.won, decided=t.decided, rate=_percent(t.rate),
              valued=t.valued))


def _loss_out(pareto: LossReasons, fmt: str, lang: str) -> None:
    if fmt == "csv":
        print(to_csv(*pareto.table(lang)), end="")
        return
    if fmt == "json":
        print_json({"lost": pareto.lost, "with_reason": pareto.with_reason,
                     "rows": [{"code": r.code, "label": r.label(lang), "primary": r.primary,
                               "secondary": r.secondary, "cumulative": r.cumulative} for r in pareto.rows]})
        return
    for r in pareto.rows:
        bar = "#" * r.primary
        print(f"{r.label(lang):<24} {r.primary:>4} {say('cli_report_primary', lang)}  {r.secondary:>4} "
              f"{say('cli_report_secondary', lang)}  {r.cumulative:>5.0%}  {bar}")
    print(say("cli_report_loss_total", lang, lost=pareto.lost, with_reason=pareto.with_reason))


def run_report(ws: Workspace, args: argparse.Namespace, lang: str) -> int:
    command = args.report_command
    if command == "win-rate":
        _win_rate_out(ws.reports.win_rate(args.by, _filter(args)), args.format, lang)
    elif command == "loss-reasons":
        _loss_out(ws.reports.loss_reasons(_filter(args)), args.format, lang)
    else:
        page = ws.reports.customer(args.name)
        if args.json:
            print_json(page.to_json())
        else:
            total = page.total
            print(say("cli_report_customer", lang, customer=page.customer, won=total.won, decided=total.decided,
                      stands_on=total.stands_on()))
            for b in page.bids:
                outcome = outcome_label(b.retro.outcome, lang) if b.retro else b.status
                print(f"  {b.proposal}  {outcome:<12} {b.title}")
            for lesson in page.lessons:
                print(f"  {say('cli_retro_lesson', lang)}: {lesson.title}")
    return EXIT_OK


def run_demo(ws: Workspace, me: UserView, args: argparse.Namespace, lang: str) -> int:
    if args.demo_command == "remove-history":
        removed = ws.demo.remove(me).value
        print(say("cli_demo_removed", lang, proposals=removed.proposals, retrospectives=removed.retrospectives,
                  lessons=removed.lessons))
    else:
        added = ws.demo.add(me)
        if added is None:
            print(say("cli_demo_there", lang))
        else:
            print(say("cli_demo_added", lang, proposals=added.proposals))
    _ = ws.search  # the segmenter, then the lessons come and go from search at once
    ws.index.ensure()
    return EXIT_OK


def cmd_retro(args: argparse.Namespace, lang: str) -> int:
    with workspace(args) as ws:
        return run_retro(ws, actor(ws, args), args, lang)


def cmd_report(args: argparse.Namespace, lang: str) -> int:
    with workspace(args) as ws:
        return run_report(ws, args, lang)


def cmd_demo(args: argparse.Namespace, lang: str) -> int:
    with workspace(args) as ws:
        return run_demo(ws, actor(ws, args), args, lang)


COMMANDS: dict[str, Command] = {"retro": cmd_retro, "report": cmd_report, "demo": cmd_demo}
