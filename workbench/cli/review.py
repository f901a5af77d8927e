"""``workbench review ...``: the review workflow from a terminal, over the core only."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from workbench.cli.common import EXIT_OK, Command, actor, as_user_option, print_json, say, workspace
from workbench.core.errors import InvalidInput

if TYPE_CHECKING:
    from workbench.core.reviews.model import ReviewStatus
    from workbench.core.users import UserView
    from workbench.core.workspace import Workspace


def add_parsers(sub: Any) -> None:
    review = sub.add_parser("review", help="three-tier review: submit, queue, claim, approve, request changes")
    rsub = review.add_subparsers(dest="review_command", metavar="ACTION", required=True)

    def action(name: str, help_text: str, with_id: bool = True) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = rsub.add_parser(name, help=help_text)
        if with_id:
            parser.add_argument("id", help="proposal number, e.g. P-2026-0001")
        as_user_option(parser)
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


def cmd_review(args: argparse.Namespace, lang: str) -> int:
    with workspace(args) as ws:
        return run_review(ws, actor(ws, args), args, lang)


def parse_scores(pairs: list[str]) -> dict[str, str]:
    scores: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InvalidInput("review_score_format", value=pair)
        scores[name.strip()] = value.strip()
    return scores


def _when(value: dt.datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else "-"


def _state(status: ReviewStatus, lang: str) -> str:
    return say(f"review_state_{status.state.name.lower()}", lang)


def _line(status: ReviewStatus, lang: str, now: dt.datetime) -> str:
    flags = []
    if status.is_overdue(now):
        flags.append(say("cli_review_overdue", lang))
    if status.escalated_by:
        flags.append(say("cli_review_escalated", lang))
    if status.claimed_by:
        flags.append(say("cli_review_claimed_by", lang, name=status.claimed_by))
    mark = f" [{', '.join(flags)}]" if flags else ""
    return (f"{status.proposal}  r{status.revision}  {_state(status, lang):<22} due {_when(status.due_at)}  "
            f"since {_when(status.entered_at)}  {status.title}{mark}")


def _history(ws: Workspace, number: str, args: argparse.Namespace, lang: str, now: dt.datetime) -> None:
    reviews = ws.reviews
    events, comments = reviews.history(number), reviews.comments(number)
    if args.json:
        print_json({"status": reviews.status(number).to_json(now), "events": [e.to_json() for e in events],
                    "comments": [c.to_json() for c in comments]})
        return
    from workbench.core.reviews.states import Action

    for e in events:
        tier = f" tier {e.tier}" if e.tier else ""
        scores = " " + ", ".join(f"{k}={v}" for k, v in e.scores.items()) if e.scores else ""
        note = f" — {e.comment}" if e.comment else ""
        action = say(f"review_action_{Action(e.action).name.lower()}", lang)
        print(f"{_when(e.at)}  r{e.revision}{tier}  {e.actor}: {action}{scores}{note}")
    for c in comments:
        where = f" [{c.section}]" if c.section else ""
        reply = f" (re #{c.reply_to})" if c.reply_to else ""
        print(f"  #{c.id} r{c.revision} {c.author}{where}{reply}: {c.body}")


def _rubric(ws: Workspace, number: str, args: argparse.Namespace, lang: str) -> None:
    reviews = ws.reviews
    tier = args.tier or reviews.status(number).tier or 1
    rubric = reviews.rubric(number, tier)
    if args.json:
        print_json(rubric.to_json(lang))
        return
    print(f"{rubric.title.get(lang)} (pass mark {rubric.pass_mark}, 1..{rubric.scale})")
    for c in rubric.criteria:
        minimum = f", min {c.minimum}" if c.minimum else ""
        print(f"  {c.name:<16} x{c.weight:g}{minimum}  {c.label.get(lang)}: {c.help.get(lang)}")


def run_review(ws: Workspace, me: UserView, args: argparse.Namespace, lang: str) -> int:
    reviews = ws.reviews
    command = args.review_command
    now = reviews.clock()
    if command == "queue":
        rows = reviews.at_tier(args.tier) if args.tier else reviews.overdue() if args.overdue else reviews.queue(me)
        if args.json:
            print_json([r.to_json(now) for r in rows])
        else:
            for r in rows:
                print(_line(r, lang, now))
            print(say("cli_review_waiting", lang, count=len(rows)))
        return EXIT_OK
    if command == "metrics":
        metrics = reviews.metrics()
        if args.json:
            print_json(metrics.to_json())
        else:
            for t in metrics.tiers:
                rate = f"{t.pass_rate:.0%}" if t.pass_rate is not None else "-"
                hours = f"{t.median_hours:.1f} h" if t.median_hours is not None else "-"
                print(f"tier {t.tier}: {t.approved} approved, {t.changes_requested} sent back, "
                      f"pass rate {rate}, median turnaround {hours}")
            mean = f"{metrics.mean_rounds:.2f}" if metrics.mean_rounds is not None else "-"
            print(f"rounds per proposal: {mean} on average over {len(metrics.rounds)} proposals")
        return EXIT_OK
    if command == "settings":
        if args.resubmission is not None or args.sla_days is not None:
            current = reviews.change_settings(me, args.resubmission, args.sla_days).value
        else:
            current = reviews.settings()
        print(f"resubmission={current.resubmission.value} sla_days={current.sla_days}")
        return EXIT_OK
    number = args.id
    if command == "history":
        _history(ws, number, args, lang, now)
        return EXIT_OK
    if command == "rubric":
        _rubric(ws, number, args, lang)
        return EXIT_OK
    if command == "comment":
        made = reviews.comment(me, number, args.text, section=args.section, reply_to=args.reply_to).value
        print(f"#{made.id}")
        return EXIT_OK
    # decisions are taken on what this command just read: if someone acts in between, that is a
    # conflict naming them, not a silent double step
    seen = reviews.status(number).version
    result: Any
    if command == "submit":
        result = reviews.submit(me, number, seen)
    elif command == "claim":
        result = reviews.claim(me, number, seen)
    elif command == "release":
        result = reviews.release(me, number, seen)
    elif command == "approve":
        result = reviews.approve(me, number, parse_scores(args.score), args.comment, seen, section=args.section)
    elif command == "request-changes":
        result = reviews.request_changes(me, number, args.comment, parse_scores(args.score), seen,
                                         section=args.section)
    elif command == "withdraw":
        result = reviews.withdraw(me, number, seen)
    elif command == "reassign":
        result = reviews.reassign(me, number, args.to, args.comment, seen)
    else:
        result = reviews.escalate(me, number, args.comment, seen)
    status: ReviewStatus = result.value
    claimed = f" ({say('cli_review_claimant', lang, name=status.claimed_by)})" if status.claimed_by else ""
    print(f"{status.proposal}: {_state(status, lang)}{claimed}")
    return EXIT_OK


COMMANDS: dict[str, Command] = {"review": cmd_review}
