"""``workbench import``, ``export``, ``items``, ``search``, ``similar``, ``gaps`` and
``duplicates``: the knowledge base and its search from a terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from workbench.cli.common import EXIT_OK, EXIT_REJECTED, Command, actor, print_json, say, workspace

if TYPE_CHECKING:  # the search modules (whoosh, the segmenter) are imported by the commands that search
    from workbench.core.search.service import SearchResults, SearchService
    from workbench.core.workspace import Workspace


def _filters(parser: argparse.ArgumentParser) -> None:
    for name in ("--kind", "--industry", "--product", "--tag", "--status"):
        parser.add_argument(name)


def add_parsers(sub: Any) -> None:
    imp = sub.add_parser("import", help="import Markdown, .csv, .xlsx or .docx files and folders")
    imp.add_argument("paths", nargs="+", type=Path)
    imp.add_argument("--json", action="store_true")

    exp = sub.add_parser("export", help="write the knowledge base as Markdown files")
    exp.add_argument("folder", type=Path)
    exp.add_argument("--no-archived", action="store_true", help="leave archived items out")

    items = sub.add_parser("items", help="list knowledge items")
    _filters(items)
    items.add_argument("--stale", action="store_true", help="only items past their review-by date")
    items.add_argument("--json", action="store_true")

    srch = sub.add_parser("search", help="full-text search (Simplified, Traditional, English)")
    srch.add_argument("query", nargs="+")
    _filters(srch)
    srch.add_argument("--stale", action="store_true")
    srch.add_argument("--sort", choices=["relevance", "date"], default="relevance")
    srch.add_argument("--limit", type=int, default=10)
    srch.add_argument("--page", type=int, default=1)
    srch.add_argument("--as-typed", action="store_true",
                      help="search the text as typed: pinyin that finds nothing is not read as Chinese")
    srch.add_argument("--json", action="store_true")

    sim = sub.add_parser("similar", help="items similar to an item or to a text (e.g. a requirement)")
    which = sim.add_mutually_exclusive_group(required=True)
    which.add_argument("--item", metavar="ID")
    which.add_argument("--text")
    for name in ("--kind", "--industry", "--product", "--tag"):
        sim.add_argument(name, help="only items with this value (as search's filters)")
    sim.add_argument("--limit", type=int, default=10)
    sim.add_argument("--as-typed", action="store_true",
                     help="compare the text as typed: pinyin that shares no word is not read as Chinese")
    sim.add_argument("--json", action="store_true")

    gaps = sub.add_parser("gaps", help="searches that found nothing (content gaps)")
    gaps.add_argument("--json", action="store_true")

    dup = sub.add_parser("duplicates", help="pairs of near-duplicate items")
    dup.add_argument("--json", action="store_true")


def search_ready(ws: Workspace) -> SearchService:
    """The search service with the index brought up to date first (a CLI run is short-lived)."""
    search = ws.search
    ws.index.ensure()
    return search


def cmd_import(args: argparse.Namespace, lang: str) -> int:
    """Exit 0 when every file was imported as it is (items kept because they were edited in the
    app since are reported, not an error); 2 when a file was refused, stopped part-way, or an
    item is in conflict (changed in the app and in the file)."""
    with workspace(args) as ws:
        report = ws.importer.run(actor(ws, args), args.paths).value
    if args.json:
        print_json(report.to_json(lang))
    else:
        print(say("cli_import_counts", lang, added=report.added, updated=report.updated,
                  unchanged=report.unchanged, kept=len(report.kept), conflicts=len(report.conflicts),
                  rejected=len(report.rejected) + len(report.interrupted)))
        for note in [*report.conflicts, *report.kept]:
            where = f"{note.path} ({say('cli_row', lang, row=note.row)})" if note.row else note.path
            print(f"  {where}: {note.reason(lang)}", file=sys.stderr)
        for stopped in report.interrupted:
            print(f"  {stopped.path}: {stopped.reason(lang)}", file=sys.stderr)
        for r in report.rejected:
            print(f"  {r.path}: {r.reason(lang)}", file=sys.stderr)
    failed = report.rejected or report.interrupted or report.conflicts
    return EXIT_REJECTED if failed else EXIT_OK


def cmd_export(args: argparse.Namespace, lang: str) -> int:
    with workspace(args) as ws:
        written = ws.export_markdown(args.folder, include_archived=not args.no_archived)
    print(say("cli_exported", lang, count=len(written), folder=args.folder))
    return EXIT_OK


def cmd_items(args: argparse.Namespace, lang: str) -> int:
    from workbench.core.knowledge.model import ItemFilter

    flt = ItemFilter(
        kind=args.kind, industry=args.industry, product=args.product, tag=args.tag,
        status=args.status, stale_only=args.stale,
    )
    with workspace(args) as ws:
        items = ws.knowledge.items(flt)
    if args.json:
        print_json([i.summary() for i in items])
    else:
        for i in items:
            stale = " [stale]" if i.is_stale() else ""
            print(f"{i.slug:<48} {i.kind.value:<9} {i.industry:<13} {i.title}{stale}")
    return EXIT_OK


def cmd_search(args: argparse.Namespace, lang: str) -> int:
    from workbench.core.search.query import SearchRequest
    from workbench.core.search.service import check_search_text

    text = " ".join(args.query)
    # before anything opens: bytes the terminal could not decode, control characters
    check_search_text(text, args.kind, args.industry, args.product, args.tag, args.status, controls=True)
    request = SearchRequest(
        text=text, kind=args.kind, industry=args.industry, product=args.product, tag=args.tag,
        status=args.status, stale=args.stale, sort=args.sort, page=args.page, per_page=max(1, args.limit),
        as_typed=args.as_typed,
    )
    with workspace(args) as ws:
        search = search_ready(ws)
        results = search.search(request)
        if not results.hits and text.strip():
            search.record_miss(actor(ws, args), text)
    if args.json:
        _say_what_was_searched(results, lang, sys.stderr)  # the JSON stays JSON
        print_json([h.to_json() for h in results.hits])
        return EXIT_OK
    _say_what_was_searched(results, lang, sys.stdout)
    if results.matched_any:
        print(say("cli_matched_some_words", lang))
    for h in results.hits:
        print(f"{h.score:6.2f}  {h.id}  [{h.kind}]  {h.title}")
        print(f"        {h.snippet[:160]}")
        if h.by_meaning_only:
            print(f"        ({say('cli_found_by_meaning', lang)})")
    print(say("cli_found", lang, total=results.total))
    return EXIT_OK


def _say_what_was_searched(results: SearchResults, lang: str, out: TextIO) -> None:
    """Typed pinyin answered with its Chinese reading says so, with the way back; readings or
    corrections offered are listed (core/search/instead.py)."""
    if results.searched_for is not None:
        print(say("cli_searched_instead", lang, reading=results.searched_for, typed=results.request.text.strip()),
              file=out)
        if results.readings[1:]:
            print(say("cli_other_readings", lang, readings=" / ".join(results.readings[1:])), file=out)
    elif results.readings:
        print(say("cli_did_you_mean", lang, suggestion=" / ".join(results.readings)), file=out)
    elif results.suggestion:
        print(say("cli_did_you_mean", lang, suggestion=results.suggestion), file=out)


def cmd_similar(args: argparse.Namespace, lang: str) -> int:
    from workbench.core.search.query import SearchRequest
    from workbench.core.search.service import check_search_text

    check_search_text(args.text, args.kind, args.industry, args.product, args.tag, controls=True)
    filters = {"kind": args.kind, "industry": args.industry, "product": args.product, "tag": args.tag}
    with workspace(args) as ws:
        search = search_ready(ws)
        if args.text is not None:
            found = search.similar_to(args.text, limit=max(1, args.limit), as_typed=args.as_typed, **filters)
            _say_what_was_searched(found, lang, sys.stderr if args.json else sys.stdout)
            hits = found.hits
        else:
            hits = search.similar(item_id=args.item, limit=max(1, args.limit), within=SearchRequest(**filters))
    if args.json:
        print_json([{**h.to_json(), "matched": list(h.matched)} for h in hits])
    else:
        for h in hits:
            print(f"{h.score:6.2f}  {h.id}  {h.title}")
            print(f"        {', '.join(h.matched[:12])}")
    return EXIT_OK


def cmd_gaps(args: argparse.Namespace, lang: str) -> int:
    with workspace(args) as ws:
        gaps = ws.search.content_gaps()
    if args.json:
        print_json([{"query": q, "count": n, "last": at.isoformat()} for q, n, at in gaps])
    else:
        for q, n, at in gaps:
            print(f"{n:4d}  {at.astimezone():%Y-%m-%d}  {q}")
    return EXIT_OK


def cmd_duplicates(args: argparse.Namespace, lang: str) -> int:
    """Each pair with why it was reported: ``why`` "words" (it repeats the other's words;
    ``similarity`` is the share repeated) or "meaning" (the same said in other words or another
    language; ``similarity`` is the cosine), and ``reason`` in the person's language. Until the
    vectors of matching by meaning exist, pairs by their words only, and a note says so."""
    with workspace(args) as ws:
        search = search_ready(ws)
        pairs = search.all_duplicates()
        by_meaning = search.related.meaning_ready()
    reasons = {why: say(f"duplicate_why_{why}", lang) for why in {p.why for p in pairs}}
    if not by_meaning:
        print(say("duplicates_words_only", lang), file=sys.stderr)
    if pairs.cut:  # a library of many near-copies: the closest pairs only
        print(say("duplicates_cut", lang, found=pairs.found, shown=len(pairs)), file=sys.stderr)
    if args.json:
        print_json([{**p.__dict__, "reason": reasons[p.why]} for p in pairs])
    else:
        for p in pairs:
            print(f"{p.similarity:.2f}  {p.id}  ~  {p.other_id}  ({reasons[p.why]})")
    return EXIT_OK


COMMANDS: dict[str, Command] = {
    "import": cmd_import, "export": cmd_export, "items": cmd_items, "search": cmd_search,
    "similar": cmd_similar, "gaps": cmd_gaps, "duplicates": cmd_duplicates,
}
