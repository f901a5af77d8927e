from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests import factories as f
from workbench.core.knowledge.export import export_markdown
from workbench.core.knowledge.model import ItemFilter, Kind
from workbench.core.workspace import Workspace


def _import(ws: Workspace, *paths: Path):
    return ws.importer.run(ws.actor(), list(paths)).value


def test_markdown_folder_import_and_fields(ws: Workspace, tmp_path: Path) -> None:
    report = _import(ws, f.markdown_folder(tmp_path / "kb"))
    assert (report.added, report.updated, report.unchanged, report.rejected) == (3, 0, 0, [])
    case = ws.knowledge.get("case-edu-wechat-leads")
    assert case.kind is Kind.CASE
    assert case.tags == ("企业微信", "线索", "私有化部署")
    assert case.customer == "华东某职业教育集团"
    assert case.owner == "张伟"
    assert str(case.review_by) == "2027-06-30"
    assert case.language == "zh-Hans"
    assert case.body.startswith("## 客户背景")
    # id derived from the file name when the front matter has none
    faq = ws.knowledge.get("faq-on-premise")
    assert faq.language == "en"
    assert ws.knowledge.get("objection-price-zht").language == "zh-Hant"


def test_reimport_is_idempotent_and_updates_by_id(ws: Workspace, tmp_path: Path) -> None:
    folder = f.markdown_folder(tmp_path / "kb")
    _import(ws, folder)
    again = _import(ws, folder)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    path = folder / "case-edu-wechat-leads.md"
    path.write_text(path.read_text(encoding="utf-8").replace("37%", "41%"), encoding="utf-8")
    third = _import(ws, folder)
    assert (third.added, third.updated, third.unchanged) == (0, 1, 2)
    item = ws.knowledge.get("case-edu-wechat-leads")
    assert "41%" in item.body
    assert [v.action for v in ws.knowledge.history(item.slug)] == ["import", "import"]


@pytest.mark.parametrize(
    ("name", "payload", "encoding"),
    [
        ("faq-utf8.csv", f.FAQ_CSV_ZH, "utf-8"),
        ("faq-bom.csv", f.FAQ_CSV_ZH, "utf-8-sig"),
        ("faq-gbk.csv", f.FAQ_CSV_ZH, "gb18030"),
    ],
)
def test_csv_encodings(ws: Workspace, tmp_path: Path, name: str, payload: str, encoding: str) -> None:
    report = _import(ws, f.write(tmp_path / name, payload, encoding))
    assert report.rejected == [] and report.added == 2
    items = ws.knowledge.items(ItemFilter(kind="faq"))
    sm4 = next(i for i in items if "SM4" in i.title)
    assert sm4.body == "支持 SM2/SM3/SM4。"
    assert sm4.tags == ("国密", "数据安全")
    assert (sm4.industry, sm4.product) == ("finance", "CRM")


def test_csv_english_and_objection_headers(ws: Workspace, tmp_path: Path) -> None:
    report = _import(
        ws, f.write(tmp_path / "en.csv", f.FAQ_CSV_EN), f.write(tmp_path / "obj.csv", f.OBJECTION_CSV_ZH)
    )
    assert report.added == 2 and not report.rejected
    objection = ws.knowledge.items(ItemFilter(kind="objection"))[0]
    assert objection.title == "你们的实施周期太长"
    # the same question lands on the same item when re-imported
    assert _import(ws, tmp_path / "en.csv").unchanged == 1


def test_xlsx_with_title_row(ws: Workspace, tmp_path: Path) -> None:
    report = _import(ws, f.xlsx_faq(tmp_path / "faq.xlsx"))
    assert report.added == 2, report.rejected
    p1 = next(i for i in ws.knowledge.items() if i.title.startswith("P1"))
    assert p1.tags == ("SLA", "服务") and p1.industry == "energy"


def test_docx_case(ws: Workspace, tmp_path: Path) -> None:
    report = _import(ws, f.docx_case(tmp_path / "城商行复盘.docx"))
    assert report.added == 1, report.rejected
    item = ws.knowledge.items()[0]
    assert item.title == "某城商行数据治理项目复盘"
    assert "## 客户背景" in item.body
    assert "**2000 亿**" in item.body
    assert "- 数据标准 1200 项" in item.body
    assert "| 报送差错率 | 下降 85% |" in item.body


BAD_MARKDOWN = {
    "no-front.md": "# Just a heading\n\ntext\n",
    "bad-yaml.md": "---\nkind: faq\ntitle: [unclosed\n---\nbody\n",
    "not-mapping.md": "---\n- a\n- b\n---\nbody\n",
    "unknown-kind.md": "---\nkind: recipe\ntitle: x\n---\nbody\n",
    "bad-date.md": "---\nkind: faq\ntitle: x\nreview_by: next year\n---\nbody\n",
    "no-title.md": "---\nkind: faq\n---\nbody\n",
    "no-body.md": "---\nkind: faq\ntitle: x\n---\n\n",
    "empty.md": "",
}


def test_each_bad_file_is_rejected_and_the_rest_goes_on(ws: Workspace, tmp_path: Path) -> None:
    folder = f.markdown_folder(tmp_path / "kb")
    for name, text in BAD_MARKDOWN.items():
        f.write(folder / "bad" / name, text)
    (folder / "bad" / "junk.md").write_bytes(bytes(range(256)) * 40)
    (folder / "bad" / "latin1.md").write_bytes("---\nkind: faq\ntitle: caf\xe9\n---\n\xff\xfe\x80\x81".encode("latin-1"))
    (folder / "bad" / "junk.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "bad" / "text.docx").write_text("hello", encoding="utf-8")
    (folder / "bad" / "empty.docx").write_bytes(b"")
    f.zip_bomb_docx(folder / "bad" / "bomb.docx")
    f.entity_docx(folder / "bad" / "entities.docx", f.docx_case(tmp_path / "valid.docx"))
    f.write(folder / "bad" / "noheader.csv", "a,b\n1,2\n")
    f.write(folder / "bad" / "missing-answer.csv", "问题,回答\n有答案吗,有\n没有答案,\n")
    (folder / "bad" / "junk.xlsx").write_bytes(b"\x00\x01junk")
    report = _import(ws, folder)
    assert report.added == 3
    reasons = {Path(r.path).name: r.reason("en") for r in report.rejected}
    assert set(reasons) == set(BAD_MARKDOWN) | {
        "junk.md", "latin1.md", "junk.docx", "text.docx", "empty.docx", "bomb.docx", "entities.docx",
        "noheader.csv", "missing-answer.csv", "junk.xlsx",
    }
    assert "front matter" in reasons["no-front.md"]
    assert "line" in reasons["bad-yaml.md"]
    assert "recipe" in reasons["unknown-kind.md"]
    assert "next year" in reasons["bad-date.md"]
    assert "empty" in reasons["empty.md"]
    assert "binary" in reasons["junk.md"]
    assert "unsafe" in reasons["bomb.docx"]
    assert "DTD" in reasons["entities.docx"]
    assert "damaged" in reasons["junk.docx"]
    assert "Row 3" in reasons["missing-answer.csv"]
    # a rejected file leaves nothing behind: the good row of missing-answer.csv was not saved
    assert all(i.title != "有答案吗" for i in ws.knowledge.items())
    # reasons are available in Chinese too
    zh = {Path(r.path).name: r.reason("zh") for r in report.rejected}
    assert "安全风险" in zh["bomb.docx"]


def test_unsupported_and_missing_paths(ws: Workspace, tmp_path: Path) -> None:
    txt = f.write(tmp_path / "notes.txt", "hello")
    report = _import(ws, txt, tmp_path / "nope")
    assert [r.code for r in report.rejected] == ["import_unsupported", "import_path_missing"]


def test_duplicate_ids_within_one_import(ws: Workspace, tmp_path: Path) -> None:
    f.write(tmp_path / "a" / "x.md", f.MD_FAQ_EN)
    f.write(tmp_path / "b" / "x.md", f.MD_FAQ_EN.replace("Kubernetes 1.24+", "OpenShift"))
    report = _import(ws, tmp_path)
    assert report.added == 1
    assert [r.code for r in report.rejected] == ["import_duplicate_in_batch"]


def test_export_import_round_trip_is_lossless(ws: Workspace, tmp_path: Path) -> None:
    _import(ws, f.markdown_folder(tmp_path / "kb"), f.write(tmp_path / "faq.csv", f.FAQ_CSV_ZH))
    actor = ws.actor()
    ws.knowledge.archive(actor, "faq-on-premise")
    before = {i.slug: (i.to_draft(), i.language) for i in ws.knowledge.items(ItemFilter(include_archived=True))}
    written = export_markdown(ws.knowledge, tmp_path / "out")
    assert len(written) == len(before) == 5

    other = Workspace.open(type(ws.settings)(home=tmp_path / "other", load_demo=False, automatic_backups=False))
    try:
        report = other.importer.run(other.actor(), [tmp_path / "out"]).value
        assert report.added == 5 and not report.rejected
        after = {
            i.slug: (i.to_draft(), i.language)
            for i in other.knowledge.items(ItemFilter(include_archived=True))
        }
    finally:
        other.close()
    assert after == before
    # exporting again over the same folder and re-importing changes nothing
    assert _import(ws, tmp_path / "out").unchanged == 5


def test_progress_and_cancel(ws: Workspace, tmp_path: Path) -> None:
    for n in range(6):
        f.write(tmp_path / f"faq-{n}.md", f.MD_FAQ_EN.replace("on-premise?", f"on-premise #{n}?"))
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int, _path: str) -> None:
        seen.append((done, total))

    report = ws.importer.run(ws.actor(), [tmp_path], progress, cancelled=lambda: len(seen) >= 3).value
    assert report.cancelled
    assert report.added == 3
    assert seen[0] == (0, 6)


def test_zip_container_check_rejects_many_parts(tmp_path: Path) -> None:
    from workbench.core.errors import ImportRejected
    from workbench.core.knowledge.files import check_zip_container

    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w") as zf:
        for n in range(10_001):
            zf.writestr(f"p{n}", b"")
    with pytest.raises(ImportRejected):
        check_zip_container(path, "import_docx_unsafe", "import_docx_corrupt")
