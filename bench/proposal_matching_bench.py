"""Proposal matching benchmark: the labelled scenarios of bench/proposal_matching_labels.py (a
template, the inputs a presales engineer types, per requirement line the library items that
answer it, per scenario the items that must not be placed), each matched as the app does when
the engineer presses Next on the proposal form (``ws.proposals.draft(template, raw)``: inputs
checked, every knowledge section matched, the draft rendered), in a fresh workspace with the
demo knowledge base, its search index and its meaning vectors built. Beside it, in the same run,
the baseline: the same drafts with matching by meaning switched off (``ws.meaning.enabled =
False``, the vector leg's own switch: ``SearchService.similar`` then returns the keyword hits
alone), the search's caches cleared before every scenario in both modes.

    python bench/proposal_matching_bench.py [--labels dev|heldout] [--only NAME ...] [--no-words-only]
                                            [--json PATH] [--txt PATH]

``--labels dev`` (the default) runs bench/proposal_matching_labels.py, the development set the
matching rules were tuned on; ``--labels heldout`` runs bench/proposal_matching_heldout.py, written
blind and never used for tuning (its results are for reading, not for fitting the rules to).

What it measures, and why these measures (a section is a short list filled for ALL the
requirement lines at once; its first ``count`` items go into the document, the rest are spares
the engineer can swap in on the knowledge page):

- line recall: the share of labelled requirement lines for which some labelled answer is PLACED
  in a section (any section of the template that takes that answer's kind): does the document
  answer the line? ``offered`` is the same counting placed and spares: could the engineer get an
  answer with one swap? Per section (a line x section pair, only pairs where the line has a
  labelled answer of that section's kind) it is reported too: the cases section may miss a line
  the FAQ section answers.
- placed precision: the share of placed items that answer some labelled line of the scenario
  (an item answering no line is noise the engineer must delete).
- must-not: labelled must-not items placed (violations), and those among the spares.
- first@section: of the sections with a labelled line, the share whose FIRST placed item answers
  some labelled line. A per-line hit@1 is not meaningful here: a section has one first item for
  several lines, and which line it answers first is not an order anybody reads; what the
  engineer sees first in a section should be useful, which this counts.
- empty: sections with a labelled line that placed nothing.
- time per scenario: ``draft()`` end to end (what the user waits for), p50 / p95 / max.

Subsets: by the customer's script (zh-Hans, zh-Hant: Taiwan/Hong Kong wording in a zh template,
en), by line flag (paraphrase, long, tender) for the line measures, and by template. Every line
x section pair without a placed answer is then explained from the section's report
(``SectionReport``: spare, left out as below_threshold / language / stale / excluded /
duplicate, with the relevance it scored) or, when the answer was not even a candidate, from the
line's own search (``ws.search.similar(text=line, kinds=...)``: the rank it came at and how many
of the line's words it shares). Writes bench/results/proposal_matching.json and .txt (dev labels;
the held-out run writes only what --json / --txt name).

The encoder runs in this process (the desktop app runs it in a process of its own: the time per
scenario here includes encoding the requirement lines on the same cores). The labels' stale
items were judged on LABELS_DATE; the bench says when today is past one of the answers' review
dates."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import io
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from contextlib import redirect_stdout
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from proposal_matching_labels import Scenario  # noqa: E402
from sqlalchemy import select  # noqa: E402

from workbench.core.db.models import KnowledgeItem  # noqa: E402
from workbench.core.proposals.catalog import ProposalTemplate  # noqa: E402
from workbench.core.proposals.matching import MAX_LINES, W_COVERAGE, W_INDUSTRY, W_PRODUCT  # noqa: E402
from workbench.core.proposals.model import SectionReport  # noqa: E402
from workbench.core.workspace import Workspace, WorkspaceSettings  # noqa: E402

MODES = ("shipped", "words-only")
# the label sets: module (SCENARIOS, LABELS_DATE) and where its outputs go when --json/--txt are not
# given (the held-out set's results are not kept beside the dev set's: nothing is written)
LABEL_SETS: dict[str, tuple[str, str | None]] = {
    "dev": ("proposal_matching_labels", "proposal_matching"),
    "heldout": ("proposal_matching_heldout", None),
}
# the example's inputs that the scenario does not give are dropped rather than kept: they would
# add the example customer's words to a matching query (integrations, background are not matched
# from today, but a template may start to)
DROPPED = ("requirements", "concerns", "competitors", "integrations", "background", "contact",
           "customer_attendees", "data_residency", "compliance")


def kind_of(slug: str) -> str:
    return slug.split("-", 1)[0]


def raw_inputs(template: ProposalTemplate, scenario: Scenario) -> dict[str, Any]:
    """The template's example.yaml (every required input filled) with the scenario's inputs and
    lines over it, as the form hands them to ``draft``."""
    example = yaml.safe_load((template.folder / "example.yaml").read_text(encoding="utf-8")) or {}
    raw = {k: v for k, v in example.items() if k not in DROPPED}
    raw.update(scenario.inputs)
    names = {v.name for v in template.variables}
    for name in ("requirements", "concerns"):
        if name in names:
            raw[name] = "\n".join(ln.text for ln in scenario.lines if ln.input == name)
    return raw


def run_scenario(ws: Workspace, scenario: Scenario) -> dict[str, Any]:
    template = ws.proposals.catalog.get(scenario.template)
    raw = raw_inputs(template, scenario)
    ws.search.forget()  # each scenario's lines searched as for the first time
    t = time.perf_counter()
    draft = ws.proposals.draft(scenario.template, raw)
    seconds = time.perf_counter() - t
    sections = {}
    for section in template.knowledge:
        report: SectionReport = draft.report[section.section]
        sections[section.section] = {
            "kinds": list(section.kinds), "count": section.count, "match_from": list(section.match_from),
            "placed": list(report.placed), "spares": list(report.spares),
            "left_out": [lo.to_json() for lo in report.left_out],
            "scores": {m.id: m.score for m in draft.matched.get(section.section, [])},
        }
    return {"seconds": seconds, "sections": sections}


def score(scenario: Scenario, result: dict[str, Any]) -> dict[str, Any]:
    """The scenario's measures from one run's sections."""
    sections = result["sections"]
    answering = {a for ln in scenario.lines for a in ln.answers}
    lines, pairs = [], []
    for number, line in enumerate(scenario.lines):
        placed_any = offered_any = False
        has_section = False
        for name, sec in sections.items():
            if line.input not in sec["match_from"]:
                continue
            wanted = [a for a in line.answers if kind_of(a) in sec["kinds"]]
            if not wanted:
                continue
            has_section = True
            placed = [a for a in wanted if a in sec["placed"]]
            spare = [a for a in wanted if a in sec["spares"]]
            placed_any |= bool(placed)
            offered_any |= bool(placed or spare)
            pairs.append({"line": number, "section": name, "flags": list(line.flags), "placed": bool(placed),
                          "offered": bool(placed or spare), "wanted": wanted})
        if has_section:
            lines.append({"line": number, "text": line.text, "flags": list(line.flags),
                          "placed": placed_any, "offered": offered_any})
    placed_items = [(name, i) for name, sec in sections.items() for i in sec["placed"]]
    spare_items = [(name, i) for name, sec in sections.items() for i in sec["spares"]]
    firsts = []
    for name, sec in sections.items():
        labelled = any(p["section"] == name for p in pairs)
        if labelled:
            firsts.append({"section": name, "first": sec["placed"][0] if sec["placed"] else None,
                           "useful": bool(sec["placed"]) and sec["placed"][0] in answering})
    return {
        "lines": lines, "pairs": pairs,
        "placed": len(placed_items), "placed_answering": sum(1 for _n, i in placed_items if i in answering),
        "unlabelled_placed": [f"{n}:{i}" for n, i in placed_items if i not in answering],
        "violations": [f"{n}:{i} ({scenario.must_not[i]})" for n, i in placed_items if i in scenario.must_not],
        "spare_violations": [f"{n}:{i}" for n, i in spare_items if i in scenario.must_not],
        "firsts": firsts, "empty": [f["section"] for f in firsts if f["first"] is None],
        "seconds": result["seconds"],
    }


def _share(hits: int, n: int) -> float | None:
    return round(hits / n, 3) if n else None


def aggregate(scored: Iterable[tuple[Scenario, dict[str, Any]]]) -> dict[str, Any]:
    lines = placed = answering = violations = spare_violations = firsts = useful = empty = 0
    line_hits = line_offered = pair_n = pair_hits = pair_offered = 0
    seconds = []
    for _s, sc in scored:
        lines += len(sc["lines"])
        line_hits += sum(ln["placed"] for ln in sc["lines"])
        line_offered += sum(ln["offered"] for ln in sc["lines"])
        pair_n += len(sc["pairs"])
        pair_hits += sum(p["placed"] for p in sc["pairs"])
        pair_offered += sum(p["offered"] for p in sc["pairs"])
        placed += sc["placed"]
        answering += sc["placed_answering"]
        violations += len(sc["violations"])
        spare_violations += len(sc["spare_violations"])
        firsts += len(sc["firsts"])
        useful += sum(f["useful"] for f in sc["firsts"])
        empty += len(sc["empty"])
        seconds.append(sc["seconds"])
    return {
        "lines": lines, "line_recall": _share(line_hits, lines), "line_offered": _share(line_offered, lines),
        "pairs": pair_n, "pair_recall": _share(pair_hits, pair_n), "pair_offered": _share(pair_offered, pair_n),
        "placed": placed, "placed_precision": _share(answering, placed),
        "violations": violations, "spare_violations": spare_violations,
        "sections": firsts, "first_at_section": _share(useful, firsts), "empty_sections": empty,
        "seconds_p50": round(statistics.median(seconds), 3) if seconds else None,
        "seconds_p95": round(sorted(seconds)[max(0, round(0.95 * len(seconds)) - 1)], 3) if seconds else None,
        "seconds_max": round(max(seconds), 3) if seconds else None,
    }


def line_subset(scored: list[tuple[Scenario, dict[str, Any]]], flag: str) -> dict[str, Any]:
    """Line recall over the lines with ``flag`` alone."""
    lines = [ln for _s, sc in scored for ln in sc["lines"] if flag in ln["flags"]]
    pairs = [p for _s, sc in scored for p in sc["pairs"] if flag in p["flags"]]
    return {"lines": len(lines), "line_recall": _share(sum(ln["placed"] for ln in lines), len(lines)),
            "line_offered": _share(sum(ln["offered"] for ln in lines), len(lines)),
            "pairs": len(pairs), "pair_recall": _share(sum(p["placed"] for p in pairs), len(pairs)),
            "pair_offered": _share(sum(p["offered"] for p in pairs), len(pairs))}


def subsets(scored: list[tuple[Scenario, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    out = {"all": aggregate(scored)}
    for script in ("zh-Hans", "zh-Hant", "en"):
        out[f"script:{script}"] = aggregate([(s, sc) for s, sc in scored if s.script == script])
    for flag in ("paraphrase", "long", "tender"):
        out[f"lines:{flag}"] = line_subset(scored, flag)
    for template in sorted({s.template for s, _sc in scored}):
        out[f"template:{template}"] = aggregate([(s, sc) for s, sc in scored if s.template == template])
    return out


# --- why a line got no labelled answer ------------------------------------------------------

def _why_low(rel: float, item: Any, scenario: Scenario, ranked: tuple[int, Any] | None, match_from: list[str]) -> str:
    """A below-threshold relevance taken apart (matching.relevance: W_COVERAGE x the share of lines
    answered + W_INDUSTRY x industry fit + W_PRODUCT x product fit; a clear answer scores at least
    CLEAR_ANSWER less an industry penalty, above every threshold, so a low one was not clear)."""
    where = (f"line search rank {ranked[0]}, shares {len(ranked[1].matched)} word(s) {list(ranked[1].matched)[:5]}"
             + (" by meaning only" if ranked[1].by_meaning_only else "")) if ranked else "not in the line's own search"
    if rel <= 0 or item is None:
        return f"answers no line by matching's rules ({where})"
    n = len([ln for ln in scenario.lines if ln.input in match_from][:MAX_LINES])
    industry = scenario.inputs.get("industry", "")
    products = [str(p) for p in scenario.inputs.get("products", [])]
    ind = 0.5 if not industry or not item.industry else float(item.industry == industry)
    prod = 0.5 if not products or not item.product else float(item.product.casefold() in {p.casefold() for p in products})
    k = (rel - W_INDUSTRY * ind - W_PRODUCT * prod) / W_COVERAGE * n
    return (f"not a clear answer; answers ~{k:.0f} of {n} lines, industry {item.industry} ({ind:g}), "
            f"product {item.product} ({prod:g}); {where}")


def explain(ws: Workspace, scenario: Scenario, results: dict[str, Any], scored: dict[str, Any],
            library: dict[str, Any]) -> list[dict[str, Any]]:
    """For each line x section pair with no labelled answer placed: each wanted item's fate."""
    template = ws.proposals.catalog.get(scenario.template)
    sections = {s.section: s for s in template.knowledge}
    out = []
    for pair in scored["pairs"]:
        if pair["placed"]:
            continue
        line = scenario.lines[pair["line"]]
        sec = results["sections"][pair["section"]]
        section = sections[pair["section"]]
        left = {lo["id"]: lo for lo in sec["left_out"]}
        pool = max(30, section.count * 6)
        found = ws.search.similar(text=line.text, limit=pool, kinds=section.kinds)
        rank = {h.id: (r + 1, h) for r, h in enumerate(found)}
        fates = []
        for slug in pair["wanted"]:
            if slug in sec["spares"]:
                fate = {"cause": "spare", "detail": f"spare {sec['spares'].index(slug) + 1} "
                                                    f"(relevance {sec['scores'].get(slug)}; placed: "
                                                    + ", ".join(f"{p} {sec['scores'].get(p)}" for p in sec["placed"]) + ")"}
            elif slug in left:
                lo = left[slug]
                fate = {"cause": lo["reason"], "detail": f"relevance {lo['relevance']} {lo['detail']}".strip()}
                if lo["reason"] == "below_threshold":
                    fate["detail"] += "; " + _why_low(lo["relevance"], library.get(slug), scenario, rank.get(slug),
                                                      sec["match_from"])
            elif slug in rank:
                r, h = rank[slug]
                fate = {"cause": "weak_line_hit",
                        "detail": f"line search rank {r}, shares {len(h.matched)} word(s) {list(h.matched)[:6]}"
                                  + (" (by meaning only)" if h.by_meaning_only else "")}
            else:
                fate = {"cause": "not_found", "detail": f"not in the line's top {pool} of kind {','.join(section.kinds)}"}
            fates.append({"item": slug, **fate})
        out.append({"scenario": scenario.name, "line": line.text, "flags": list(line.flags),
                    "section": pair["section"], "offered": pair["offered"], "fates": fates})
    return out


def primary_cause(miss: dict[str, Any]) -> str:
    """The cause of a miss: the nearest any wanted item came to being placed."""
    order = ["spare", "duplicate", "below_threshold", "weak_line_hit", "excluded", "language", "stale",
             "archived", "draft", "other_industry", "not_found"]
    causes = [f["cause"] for f in miss["fates"]]
    return min(causes, key=lambda c: order.index(c) if c in order else len(order))


# --- output ---------------------------------------------------------------------------------

def fmt(v: Any, pct: bool = True) -> str:
    if v is None:
        return "   -"
    return f"{v:.2f}" if pct else str(v)


def print_table(table: dict[str, dict[str, dict[str, Any]]]) -> None:
    shipped, words = table["shipped"], table.get("words-only", {})
    cols = [("line_recall", "line rec"), ("line_offered", "+spares"), ("pair_recall", "pair rec"),
            ("pair_offered", "+spares"), ("placed_precision", "prec"), ("first_at_section", "first@sec"),
            ("violations", "must-not"), ("empty_sections", "empty"), ("seconds_p50", "s p50"), ("seconds_p95", "s p95")]
    print(f"{'subset':<34}{'n':>5}  " + "  ".join(f"{c[1]:>15}" for c in cols))
    print(f"{'':<34}{'':>5}  " + "  ".join(f"{'shipped / words':>15}" for _c in cols))
    for name, row in shipped.items():
        base = words.get(name, {})
        n = row.get("lines")
        cells = []
        for key, _label in cols:
            a, b = row.get(key), base.get(key)
            integer = key in ("violations", "empty_sections")
            if key.startswith("seconds") or integer:
                cells.append(f"{a if a is not None else '-':>7} / {b if b is not None else '-':<5}")
            else:
                cells.append(f"{fmt(a):>7} / {fmt(b):<5}")
        print(f"{name:<34}{n if n is not None else '-':>5}  " + "  ".join(f"{c:>15}" for c in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labels", choices=sorted(LABEL_SETS), default="dev",
                        help="dev: the labels the rules were tuned on; heldout: the blind held-out set")
    parser.add_argument("--only", nargs="*", help="scenario names to run (default: all)")
    parser.add_argument("--no-words-only", dest="words_only", action="store_false",
                        help="skip the words-only baseline")
    parser.add_argument("--json", type=Path, help="default: bench/results/proposal_matching.json (dev labels only)")
    parser.add_argument("--txt", type=Path, help="default: bench/results/proposal_matching.txt (dev labels only)")
    args = parser.parse_args()
    module, stem = LABEL_SETS[args.labels]
    labels = importlib.import_module(module)
    if stem:
        args.json = args.json or HERE / "results" / f"{stem}.json"
        args.txt = args.txt or HERE / "results" / f"{stem}.txt"
    labels_date: str = labels.LABELS_DATE
    scenarios = [s for s in labels.SCENARIOS if not args.only or s.name in args.only]
    started = time.perf_counter()
    out: dict[str, Any] = {"labels_date": labels_date, "today": dt.date.today().isoformat(),
                           "scenarios": len(scenarios)}
    if args.labels != "dev":
        out["labels"] = args.labels
    with tempfile.TemporaryDirectory() as home, \
            Workspace.open(WorkspaceSettings(home=Path(home), load_demo=True, demo_history=False,
                                             automatic_backups=False)) as ws:
        t = time.perf_counter()
        ws.search.index.sync()
        out["index_s"] = round(time.perf_counter() - t, 2)
        t = time.perf_counter()
        out["vectors_encoded"] = ws.meaning.sync()  # wait for the vectors: matching blends both legs
        out["vectors_s"] = round(time.perf_counter() - t, 2)
        with ws.db.read() as db:
            library = {r.slug: SimpleNamespace(industry=r.industry or "", product=r.product or "", review_by=r.review_by)
                       for r in db.scalars(select(KnowledgeItem))}
            review_by = {slug: r.review_by for slug, r in library.items()}
        labelled = {a for s in scenarios for ln in s.lines for a in ln.answers} | set().union(*(s.must_not for s in scenarios))
        out["missing_items"] = sorted(labelled - set(library))
        if out["missing_items"]:
            print(f"labelled items not in the library: {out['missing_items']}")
        # answers whose review date has passed since the labels were written (matching now leaves them out)
        labels_day = dt.date.fromisoformat(labels_date)
        out["stale_since_labels"] = sorted(
            a for s in scenarios for ln in s.lines for a in ln.answers
            if (d := review_by.get(a)) is not None and labels_day <= d < dt.date.today())
        # warm up (the segmenter's dictionary, the encoder's first call, the templates), untimed
        ws.proposals.draft(scenarios[0].template, raw_inputs(ws.proposals.catalog.get(scenarios[0].template),
                                                             scenarios[0]))
        runs: dict[str, dict[str, dict[str, Any]]] = {}
        for mode in MODES:
            if mode == "words-only" and not args.words_only:
                continue
            ws.meaning.enabled = mode == "shipped"
            runs[mode] = {s.name: run_scenario(ws, s) for s in scenarios}
        ws.meaning.enabled = True
        scored = {mode: [(s, score(s, r[s.name])) for s in scenarios] for mode, r in runs.items()}
        table = {mode: subsets(sc) for mode, sc in scored.items()}
        misses = {mode: [m for s, sc in scored[mode] for m in explain(ws, s, runs[mode][s.name], sc, library)]
                  for mode in runs}
        # diagnostics run with the leg each mode had: redo the words-only explanations without it
        if "words-only" in runs:
            ws.meaning.enabled = False
            misses["words-only"] = [m for s, sc in scored["words-only"]
                                    for m in explain(ws, s, runs["words-only"][s.name], sc, library)]
            ws.meaning.enabled = True
    today = dt.date.today().isoformat()
    out["total_s"] = round(time.perf_counter() - started, 1)
    out["table"] = table
    out["per_scenario"] = {mode: {s.name: {**sc, "sections": runs[mode][s.name]["sections"]} for s, sc in scored[mode]}
                           for mode in scored}
    for mode in misses:
        for m in misses[mode]:
            m["cause"] = primary_cause(m)
    out["misses"] = misses
    buf = io.StringIO()
    with redirect_stdout(buf):
        report(out, scored, misses, today)
    text = buf.getvalue()
    print(text, end="")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.txt:
        args.txt.parent.mkdir(parents=True, exist_ok=True)
        args.txt.write_text(text, encoding="utf-8")


def report(out: dict[str, Any], scored: dict[str, list[tuple[Scenario, dict[str, Any]]]],
           misses: dict[str, list[dict[str, Any]]], today: str) -> None:
    n_lines = sum(len(s.lines) for s, _sc in scored["shipped"])
    which = f" ({out['labels']} labels)" if out.get("labels") else ""
    print(f"proposal matching{which}: {out['scenarios']} scenarios, {n_lines} lines; labels of {out['labels_date']}, "
          f"run {today}; index {out['index_s']} s, vectors {out['vectors_s']} s ({out['vectors_encoded']} encoded), "
          f"total {out['total_s']} s")
    print("shipped = words and meaning blended, as the app matches; words = ws.meaning.enabled False, same run\n")
    print_table(out["table"])
    print("\nline rec: lines with a labelled answer placed in some section; pair rec: line x section; +spares: placed"
          " or spare; prec: placed items answering a line; first@sec: a section's first item answers a line;"
          " must-not: labelled must-not items placed; empty: labelled sections placing nothing; s: draft() seconds")
    print("\nper scenario (shipped | words-only): line recall, precision, must-not placed, seconds")
    words = dict((s.name, sc) for s, sc in scored.get("words-only", []))
    for s, sc in scored["shipped"]:
        w = words.get(s.name)
        a = aggregate([(s, sc)])
        b = aggregate([(s, w)]) if w else {}
        print(f"  {s.name:<30} {s.template:<28} rec {fmt(a['line_recall'])} prec {fmt(a['placed_precision'])} "
              f"must-not {a['violations']} {a['seconds_p50']:.2f}s | rec {fmt(b.get('line_recall'))} "
              f"prec {fmt(b.get('placed_precision'))} must-not {b.get('violations', '-')} {b.get('seconds_p50', 0):.2f}s")
        for v in sc["violations"]:
            print(f"      MUST-NOT placed: {v}")
        if sc["unlabelled_placed"]:
            secs = out["per_scenario"]["shipped"][s.name]["sections"]
            print("      placed, answering no line: " + ", ".join(
                f"{x} ({secs[x.split(':')[0]]['scores'].get(x.split(':')[1])})" for x in sc["unlabelled_placed"]))
    for mode in misses:
        by_cause: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for m in misses[mode]:
            by_cause[m["cause"]].append(m)
        print(f"\nmisses ({mode}): {len(misses[mode])} line x section pairs with no labelled answer placed, by cause")
        for cause, ms in sorted(by_cause.items(), key=lambda kv: -len(kv[1])):
            print(f"  {cause}: {len(ms)}")
            if mode != "shipped":
                continue
            for m in ms:
                print(f"    [{m['scenario']} / {m['section']}] {m['line'][:70]}"
                      + (f"  ({', '.join(m['flags'])})" if m["flags"] else ""))
                for f in m["fates"]:
                    print(f"        {f['item']}: {f['cause']} - {f['detail']}")
    if "words-only" in misses:
        shipped_keys = {(m["scenario"], m["line"], m["section"]) for m in misses["shipped"]}
        words_keys = {(m["scenario"], m["line"], m["section"]) for m in misses["words-only"]}
        gained = sorted(words_keys - shipped_keys)
        lost = sorted(shipped_keys - words_keys)
        print(f"\nmeaning leg: {len(gained)} pairs answered only with it, {len(lost)} answered only without it")
        for k in gained:
            print(f"  + [{k[0]} / {k[2]}] {k[1][:70]}")
        for k in lost:
            print(f"  - [{k[0]} / {k[2]}] {k[1][:70]}")


if __name__ == "__main__":
    main()
