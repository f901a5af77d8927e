"""Tender extraction benchmark: a generated ~200-page Chinese 招标文件 .docx (投标邀请, a long
投标人须知, a 采购需求 chapter of numbered clauses with ★/▲ marks and many 技术参数 tables, the
评分标准 table, contract clauses and the empty 技术偏离表), read end to end with
``workbench.core.tender.extract.load``, beside a baseline measured in the same run: python-docx
merely opening the same file and reading every paragraph's and every cell's text.
It also counts what extraction found against what the generator wrote (precision / recall).

Then auto-answer, end to end: ``ws.tenders.autofill`` on the demo tender (a fresh import each run,
in a workspace with the demo knowledge base, its search index and meaning vectors built), per row, beside a baseline
in the same run: one plain keyword search (``ws.search.search``) of each row's text, cache cleared.
Before the timed runs, the two demo customer documents first start imported are autofilled once and
each labelled row (``ANSWERED_BY`` in scripts/make_demo_tenders.py: the demo item that answers a
clause or question) is scored: is that item the first suggestion (top-1), among the first three?

With ``--pages`` the PDF reading is timed beside pdfplumber merely extracting every page's text.

    python bench/tender_bench.py [--sections 32] [--runs 3] [--pages] [--no-autofill]

``--pages`` also has LibreOffice lay the file out as a PDF (its page count) and times load() on that.
Target: extraction of a 200-page tender in a few seconds, within a small factor of the baseline."""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import docx  # noqa: E402

from workbench.core.tender.extract import load  # noqa: E402
from workbench.core.tender.model import ExtractedRequirement, Kind  # noqa: E402
from workbench.core.users import UserView  # noqa: E402
from workbench.core.workspace import Workspace  # noqa: E402

SUBJECTS = ["服务器", "存储", "交换机", "防火墙", "负载均衡", "数据库", "中间件", "云管平台", "备份系统", "安全审计",
            "日志分析", "堡垒机", "态势感知", "终端管理", "邮件系统", "视频会议", "网盘", "统一身份认证",
            "运维监控", "数据中台", "容器平台", "灾备系统", "网络准入", "入侵检测"]
CLAUSES = ["须支持{n}个以上节点的集群部署，单节点故障不影响业务", "应提供不少于{n}年的原厂质保服务",
           "不低于{n}万IOPS的随机读写性能", "支持国密SM2/SM3/SM4算法，密钥长度不少于{n}位",
           "具备图形化管理界面，支持{n}级权限分级管理", "单台设备功耗不高于{n}0W",
           "提供不少于{n}人天的现场培训", "支持与现有系统对接，接口响应时间≤{n}00ms"]
BOILER = ("投标人应当遵守国家有关法律法规，投标文件应当按照本须知的规定编制、签署、密封和递交，"
          "未按规定编制的投标文件将被视为无效投标；投标人须承担编制和递交投标文件所涉及的一切费用。")


def write_tender(path: Path, sections: int, seed: int = 7) -> tuple[int, int]:
    """The tender; returns (requirements, scoring rows) it holds."""
    rnd = random.Random(seed)
    d = docx.Document()
    d.add_paragraph("某省政务云平台二期建设项目 招标文件", style="Title")
    d.add_heading("第一章 投标邀请", 1)
    for _ in range(40):
        d.add_paragraph(BOILER)
    d.add_heading("第二章 投标人须知", 1)
    for i in range(1, 400):
        d.add_paragraph(f"2.{i} {BOILER}")
    d.add_paragraph("投标人须对★条款逐条响应，任何一项★条款不满足将导致投标无效。")
    d.add_heading("第三章 采购需求", 1)
    d.add_paragraph("注：标注“★”的条款为实质性条款，不满足将导致投标无效；标注“▲”的为重要指标。")
    requirements = 0
    for s in range(1, sections + 1):
        subject = SUBJECTS[(s - 1) % len(SUBJECTS)]
        d.add_heading(f"3.{s} {subject}", 2)
        d.add_paragraph(f"本节规定{subject}的技术要求，具体如下：")
        for c in range(1, 41):
            mark = rnd.choice(["", "", "", "★", "▲"])
            text = rnd.choice(CLAUSES).format(n=rnd.randint(2, 9))
            d.add_paragraph(f"{mark}3.{s}.{c} {subject}{text}。")
            requirements += 1
        d.add_paragraph(f"{subject}技术参数表")
        table = d.add_table(rows=41, cols=4)
        table.style = "Table Grid"  # ruled, as tenders' tables are (a PDF reader finds tables by their rules)
        for col, head in enumerate(("序号", "指标项", "技术要求", "★")):
            table.cell(0, col).text = head
        for r in range(1, 41):
            table.cell(r, 0).text = str(r)
            table.cell(r, 1).text = f"{subject}参数{r}"
            table.cell(r, 2).text = rnd.choice(CLAUSES).format(n=rnd.randint(2, 9))
            table.cell(r, 3).text = rnd.choice(["", "", "★", "▲"])
            requirements += 1
    d.add_heading("第四章 评标办法", 1)
    for _ in range(30):
        d.add_paragraph("评标委员会应当按照评分标准对投标文件进行评审，" + BOILER)
    table = d.add_table(rows=31, cols=4)
    table.style = "Table Grid"
    for col, head in enumerate(("序号", "评分项", "分值", "评分细则")):
        table.cell(0, col).text = head
    for r in range(1, 31):
        table.cell(r, 0).text = str(r)
        table.cell(r, 1).text = f"评分项{r}"
        table.cell(r, 2).text = f"{rnd.randint(1, 10)}分"
        table.cell(r, 3).text = "完全满足得满分，每负偏离一项扣1分，扣完为止。"
    d.add_heading("第五章 合同主要条款", 1)
    for i in range(1, 300):
        d.add_paragraph(f"第{i}条 乙方应按合同约定履行义务，" + BOILER)
    d.add_heading("第六章 投标文件格式", 1)
    d.add_paragraph("技术偏离表")
    table = d.add_table(rows=6, cols=7)
    table.style = "Table Grid"
    for col, head in enumerate(("序号", "招标文件条款号", "招标文件技术要求", "投标文件响应", "偏离情况", "说明",
                                "证明材料页码")):
        table.cell(0, col).text = head
    d.save(str(path))
    return requirements, 30


def baseline(path: Path) -> int:
    """python-docx opening the file and reading every paragraph's and cell's text."""
    document = docx.Document(str(path))
    chars = sum(len(p.text) for p in document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                chars += len(cell.text)
    return chars


def as_pdf(path: Path, work: Path) -> Path | None:
    """The same tender laid out by LibreOffice as a PDF with a text layer."""
    binary = shutil.which("soffice")
    if binary is None:
        return None
    subprocess.run([binary, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(work), str(path)], check=True, capture_output=True, timeout=600)
    return work / (path.stem + ".pdf")


def labelled() -> dict[str, str]:
    """Clause or question id -> the demo knowledge item that answers it (the demo generator's labels)."""
    import importlib.util

    script = HERE.parent / "scripts" / "make_demo_tenders.py"
    spec = importlib.util.spec_from_file_location("make_demo_tenders", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.ANSWERED_BY)


def pdf_baseline(pdf: Path) -> float:
    """Seconds for pdfplumber to open the PDF and extract every page's text, nothing else."""
    import pdfplumber

    start = time.perf_counter()
    with pdfplumber.open(str(pdf)) as document:
        for page in document.pages:
            page.extract_text()
            page.close()
    return time.perf_counter() - start


def top_k(ws: Workspace, me: UserView) -> dict[str, object]:
    """Autofill the demo tender and questionnaire first start imported; where each labelled row's
    answer ranks among its suggestions."""
    labels = labelled()
    ranks: dict[str, int | None] = {}
    other_language: set[str] = set()  # labelled with an item in another language than the document's
    suggested = {"labelled": 0, "other": 0}  # bands auto and suggest, over the labelled rows
    for response in ws.tenders.all():
        ws.tenders.autofill(me, response.id)
        english = response.language.startswith("en")
        for row in ws.tenders.rows(response.id):
            answer = labels.get(row.clause)
            if answer is None or row.clause in ranks:
                continue
            ids = [s.id for s in row.suggestions]
            ranks[row.clause] = ids.index(answer) + 1 if answer in ids else None
            for s in row.suggestions:
                if s.band in ("auto", "suggest"):
                    suggested["labelled" if s.id == answer else "other"] += 1
            if ws.knowledge.get(answer).language.startswith("en") != english:
                other_language.add(row.clause)

    def counts(clauses: list[str]) -> dict[str, int]:
        found = [ranks[c] for c in clauses]
        return {"rows": len(found), "top1": sum(1 for r in found if r == 1),
                "top3": sum(1 for r in found if r is not None and r <= 3),
                "top5": sum(1 for r in found if r is not None)}

    same = [c for c in ranks if c not in other_language]
    return {"labelled": counts(list(ranks)), "labelled_same_language": counts(same),
            "labelled_other_language": sorted(other_language),
            "suggested": suggested,
            "misses_top3": {c: r for c, r in ranks.items() if r is None or r > 3}}


def autofill_times(runs: int, work: Path) -> dict[str, object]:
    """Median seconds of autofill on the demo tender and of the plain-search baseline; rows."""
    from workbench.core.paths import demo_tenders_dir
    from workbench.core.search.query import SearchRequest
    from workbench.core.tender.thresholds import thresholds
    from workbench.core.workspace import WorkspaceSettings

    tender = demo_tenders_dir() / "smart-park-tender-zh.docx"
    with Workspace.open(WorkspaceSettings(home=work / "home", load_demo=True, demo_history=False,
                                          automatic_backups=False)) as ws:
        me = ws.actor()
        ws.search.index.sync()  # the index and the meaning vectors built once, as the app does in the
        ws.meaning.sync()  # background after first start: autofill then blends both legs, as in use
        ws.search.search(SearchRequest(text="预热"))  # the segmenter's dictionary loaded before timing
        ranked = top_k(ws, me)
        limit = thresholds().max_query_chars
        ours, base, rows = [], [], 0
        for _ in range(runs):
            response = ws.tenders.import_file(me, tender).value
            texts = [r.text[:limit] for r in ws.tenders.rows(response.id)]
            rows = len(texts)
            ws.search.forget()
            start = time.perf_counter()
            ws.tenders.autofill(me, response.id)
            ours.append(time.perf_counter() - start)
            ws.search.forget()
            start = time.perf_counter()
            for text in texts:
                ws.search.search(SearchRequest(text=text))
            base.append(time.perf_counter() - start)
    return {**ranked, "autofill_rows": rows, "autofill_s": statistics.median(ours),
            "baseline_search_s": statistics.median(base)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sections", type=int, default=32)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", action="store_true")
    parser.add_argument("--no-autofill", dest="autofill", action="store_false")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "tender.json")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tender-bench-"))
    try:
        path = work / "招标文件.docx"
        written, scoring = write_tender(path, args.sections)
        ours, base = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            extracted = load(path).extracted
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            baseline(path)
            base.append(time.perf_counter() - start)
        found = [r for r in extracted.requirements if r.kind is Kind.REQUIREMENT]
        scored = [r for r in extracted.requirements if r.kind is Kind.SCORING]
        result: dict[str, Any] = {
            "file_mb": round(path.stat().st_size / 1048576, 2),
            "requirements_written": written,
            "requirements_found": len(found),
            "scoring_written": scoring,
            "scoring_found": len(scored),
            "starred_found": sum(1 for r in found if r.mark.value == "★"),
            "load_s": statistics.median(ours),
            "baseline_python_docx_s": statistics.median(base),
        }
        pdf = as_pdf(path, work) if args.pages else None
        if pdf is not None:
            start = time.perf_counter()
            from_pdf = load(pdf).extracted
            result["pdf_load_s"] = time.perf_counter() - start
            result["pdf_baseline_s"] = pdf_baseline(pdf)
            result["pages"] = from_pdf.pages
            result["pdf_requirements_found"] = sum(1 for r in from_pdf.requirements if r.kind is Kind.REQUIREMENT)
            result["pdf_scoring_found"] = sum(1 for r in from_pdf.requirements if r.kind is Kind.SCORING)

            def row_key(r: ExtractedRequirement) -> tuple[str, str, str, str]:
                return r.kind.value, r.clause, r.mark.value, "".join(r.text.split())

            same = sum(a == b for a, b in zip(map(row_key, extracted.requirements), map(row_key, from_pdf.requirements),
                                              strict=False))
            result["pdf_rows_same_as_docx"] = same
        if args.autofill:
            result.update(autofill_times(args.runs, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{'':60} {'seconds':>10}")
    print(f"{'load() end to end (read + extract)':60} {result['load_s']:10.3f}")
    print(f"{'baseline: python-docx open + read every paragraph and cell':60} "
          f"{result['baseline_python_docx_s']:10.3f}")
    if "pdf_load_s" in result:
        pages = int(result["pages"])
        print(f"{'load() of the same tender as a PDF (LibreOffice text layer)':60} {result['pdf_load_s']:10.3f}"
              f"  ({float(result['pdf_load_s']) * 1000 / pages:.0f} ms/page)")
        print(f"{'baseline: pdfplumber extract_text() of every page':60} {result['pdf_baseline_s']:10.3f}"
              f"  ({float(result['pdf_baseline_s']) * 1000 / pages:.0f} ms/page)")
        print(f"PDF: {result['pages']} pages; requirements {result['pdf_requirements_found']}/"
              f"{result['requirements_written']}, scoring rows {result['pdf_scoring_found']}/{result['scoring_written']}"
              f"; rows identical to the .docx reading (kind, clause, mark, text): {result['pdf_rows_same_as_docx']}")
    print(f".docx: {result['file_mb']} MB; requirements {result['requirements_found']}"
          f"/{result['requirements_written']}, scoring rows {result['scoring_found']}/{result['scoring_written']}")
    if "autofill_s" in result:
        rows = int(result["autofill_rows"])
        print(f"\n{'auto-answer, ' + str(rows) + ' rows of the demo tender':60} {'ms/row':>10} {'rows/s':>10}")
        for label, key in (("ws.tenders.autofill end to end (search, rank, save)", "autofill_s"),
                           ("baseline: one plain search of each row's text", "baseline_search_s")):
            seconds = float(result[key])
            print(f"{label:60} {seconds * 1000 / rows:10.1f} {rows / seconds:10.1f}")
        print("\nlabelled rows of the demo tender and questionnaire: the labelled item ranked")
        print(f"{'':44} {'rows':>6} {'top-1':>6} {'top-3':>6} {'top-5':>6}")
        for label, key in (("all labels", "labelled"), ("item in the document's language", "labelled_same_language")):
            c = result[key]
            print(f"{label:44} {c['rows']:6} {c['top1']:6} {c['top3']:6} {c['top5']:6}")
        print(f"labelled with an item in another language (offered to translate where the search ranks it): "
              f"{', '.join(result['labelled_other_language']) or '-'}")
        print(f"outside the first three (rank or None): {result['misses_top3']}")
        print(f"suggested on those rows (bands auto and suggest): {result['suggested']['labelled']} labelled answers, "
              f"{result['suggested']['other']} other items")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
