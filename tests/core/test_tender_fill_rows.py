"""The demo tender's empty 偏离表 rows say "never break across pages", as our own exported table's
rows do: a short answer keeps that, a long one may break (kept whole it would leave most of a page
blank). Both backends."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

from workbench.core.paths import demo_tenders_dir
from workbench.core.tender.docx_body import body_tables, element_text, row_cells, table_rows
from workbench.core.workspace import Workspace

LONG = "\n".join(f"第 {n} 项：平台以微服务方式部署于采购人机房，全部组件运行在 Kubernetes 1.28 集群上，不依赖境外服务。"
                 for n in range(1, 9))


def test_a_long_answer_may_break_a_short_one_stays_whole(ws: Workspace, tmp_path: Path) -> None:
    me = ws.actor()
    rid = ws.tenders.import_file(me, demo_tenders_dir() / "smart-park-tender-zh.docx").value.id
    rows = ws.tenders.rows(rid)
    for row in rows:
        if row.kind != "scoring":
            ws.tenders.respond(me, rid, row.no, text=LONG if row.no == 2 else f"满足，见白皮书第 {row.no} 页。",
                               deviation="none", evidence="产品技术白皮书", evidence_page=str(row.no))
    assert ws.tenders.check(rid).ok
    filled = docx.Document(str(ws.tenders.fill(me, rid, tmp_path / "filled.docx")))
    table = next(t for t in body_tables(filled) if "投标文件响应" in [element_text(c) for c in row_cells(
        table_rows(t)[0])])
    trs = table_rows(table)
    answered = {element_text(row_cells(tr)[1]): tr for tr in trs[1:]}
    whole = {clause: tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for clause, tr in answered.items()}
    long_clause = f"{rows[1].mark}{rows[1].clause}"
    assert whole[long_clause] is False
    assert sum(whole.values()) == len(whole) - 1  # every other row stays whole, as the tender wants

    exported = docx.Document(str(ws.tenders.export(me, rid, "docx", tmp_path / "export.docx")))
    table = next(t for t in exported.tables if t.rows[0].cells[0].text == "序号")
    whole = {row.cells[1].text: row._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
             for row in table.rows[1:]}
    assert whole[long_clause] is False and sum(whole.values()) == len(whole) - 1
