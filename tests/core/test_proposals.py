"""Proposals: templates, typed inputs, matched knowledge, drafts, revisions, Word and PDF."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from workbench.core.errors import Forbidden, WorkbenchError
from workbench.core.proposals.catalog import TemplateCatalog, builtin_templates_dir
from workbench.core.proposals.pricing import format_money, price_rows, totals
from workbench.core.workspace import Workspace

# the template's shipped example (also what README and scripts/screenshots.py use)
VARS: dict[str, Any] = yaml.safe_load(
    (builtin_templates_dir() / "tech-proposal-zh" / "example.yaml").read_text(encoding="utf-8")
)
SUBTOTAL = Decimal("680000") + Decimal("12") * Decimal("18500.50") + 60 * Decimal(3200)  # 1,094,006.00 one-time
DISCOUNT = Decimal("87520.48")
TOTAL = SUBTOTAL - DISCOUNT  # the example's unit prices include tax (unit_prices: 含税); the annual row is apart


@pytest.fixture
def proposal_ws(demo_ws: Workspace) -> Workspace:
    demo_ws.index.ensure()
    return demo_ws


def test_pricing_is_computed_with_decimals() -> None:
    rows = price_rows([{"quantity": Decimal(12), "unit_price": Decimal("18500.50")},
                       {"quantity": Decimal(3), "unit_price": Decimal("0.335")}])
    assert [r["amount"] for r in rows] == [Decimal("222006.00"), Decimal("1.01")]
    t = totals(rows, Decimal(8), Decimal(6))
    assert t.subtotal == Decimal("222007.01")
    assert t.discount == Decimal("17760.56") and t.tax == Decimal("12254.79")
    assert t.total == t.subtotal - t.discount + t.tax
    assert format_money(Decimal("1234567.5"), "CNY") == "¥1,234,567.50"
    assert format_money(Decimal("99"), "USD") == "$99.00"


def test_catalog_has_the_four_templates_with_schemas() -> None:
    catalog = TemplateCatalog([builtin_templates_dir()])
    names = {t.name for t in catalog.all()}
    assert {"tech-proposal-zh", "requirement-confirmation-zh", "feedback-list-zh", "tech-proposal-en"} <= names, catalog.problems
    tech = catalog.get("tech-proposal-zh")
    pricing = tech.variable("pricing")
    assert pricing is not None and {c.name for c in pricing.columns} >= {"item", "quantity", "unit_price"}
    assert tech.variable("customer_tier") and tech.variable("customer_tier").choices == ("A", "B", "C")  # type: ignore[union-attr]
    assert {k.section for k in tech.knowledge} >= {"cases"}


def test_catalog_reloads_a_template_only_when_its_files_change(tmp_path: Path) -> None:
    folder = tmp_path / "templates" / "tech-proposal-en"
    shutil.copytree(builtin_templates_dir() / "tech-proposal-en", folder)
    catalog = TemplateCatalog([tmp_path / "templates"])
    first = catalog.get("tech-proposal-en")
    assert catalog.get("tech-proposal-en") is first  # unchanged: not parsed and checked again
    spec = folder / "template.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("currency:", "currency:  "), encoding="utf-8")
    assert catalog.get("tech-proposal-en") is not first
    (folder / "template.md.j2").write_text("{% if %}", encoding="utf-8")  # broken: left out, said why
    assert "tech-proposal-en" not in [t.name for t in catalog.all()] and "tech-proposal-en" in catalog.problems


def test_a_template_edited_on_disk_renders_its_new_text_and_a_broken_edit_is_reported(tmp_path: Path) -> None:
    """Compiled templates are kept between renders; an edit on disk is still picked up at once."""
    from workbench.core.proposals.render import render_markdown

    folder = tmp_path / "t"
    folder.mkdir()
    source = folder / "template.md.j2"
    source.write_text("# {{ vars.customer }}\n", encoding="utf-8")
    assert render_markdown(folder, "CNY", {"vars": {"customer": "Contoso"}}) == "# Contoso\n"
    assert render_markdown(folder, "CNY", {"vars": {"customer": "Fabrikam"}}) == "# Fabrikam\n"
    source.write_text("## For {{ vars.customer }}, with a longer text\n", encoding="utf-8")
    assert render_markdown(folder, "CNY", {"vars": {"customer": "Contoso"}}) == "## For Contoso, with a longer text\n"
    source.write_text("{% if %}", encoding="utf-8")
    with pytest.raises(WorkbenchError) as caught:
        render_markdown(folder, "CNY", {"vars": {}})
    assert "template.md.j2" in caught.value.message("en")


def test_create_matches_knowledge_and_counts_use(proposal_ws: Workspace) -> None:
    before = proposal_ws.knowledge.get("case-mfg-predictive-maintenance").usage_count
    view = proposal_ws.proposals.create(proposal_ws.users.get("alice"), "tech-proposal-zh", VARS).value
    assert view.number.startswith(f"P-{dt.date.today().year}-")
    assert view.status.value == "draft" and view.author == "alice"
    assert view.bid_deadline == dt.date(2026, 12, 20)
    used = {k["id"]: k for k in view.latest.knowledge}  # type: ignore[union-attr]
    assert "case-mfg-predictive-maintenance" in used
    assert used["case-mfg-predictive-maintenance"]["matched"]  # why it matched
    assert proposal_ws.knowledge.get("case-mfg-predictive-maintenance").usage_count == before + 1
    markdown = view.latest.markdown  # type: ignore[union-attr]
    assert "华东某汽车零部件股份有限公司" in markdown
    assert "¥1,094,006.00" in markdown  # subtotal
    assert format_money(TOTAL) in markdown  # total, computed
    assert "数控机床" in markdown  # the matched case's text is in the draft


def test_swap_a_matched_item_for_the_next_candidate(proposal_ws: Workspace) -> None:
    service = proposal_ws.proposals
    template = service.catalog.get("tech-proposal-zh")
    draft = service.draft("tech-proposal-zh", VARS)
    cases = draft.matched["cases"]
    count = next(k.count for k in template.knowledge if k.section == "cases")
    assert len(cases) > count  # spares to swap in
    swapped = [c.id for c in cases[1 : count + 1]]
    again = service.draft("tech-proposal-zh", VARS, chosen={"cases": swapped}, matched=draft.matched)
    assert again.chosen["cases"] == swapped
    assert cases[0].title not in again.markdown and cases[count].title in again.markdown


def test_bad_inputs_are_refused_and_nothing_is_saved(proposal_ws: Workspace) -> None:
    bad = {**VARS, "bid_deadline": "next Friday", "industry": "mining", "user_count": "many",
           "pricing": [{"item": "x", "quantity": -2, "unit_price": "12"}], "customer": ""}
    with pytest.raises(WorkbenchError) as caught:
        proposal_ws.proposals.create(proposal_ws.actor(), "tech-proposal-zh", bad)
    text = caught.value.message("en")
    for field in ("bid_deadline", "industry", "user_count", "pricing[1].quantity", "customer"):
        assert field in text
    # each problem names the input as the form labels it, in the reader's language
    assert "Industry (industry): 'mining' is not one of the choices (manufacturing," in text
    assert "Pricing, row 1, Quantity (pricing[1].quantity) cannot be negative ('-2')" in text
    zh = caught.value.message("zh")
    assert "“报价明细 第 1 行 数量 (pricing[1].quantity)”不能为负数" in zh
    assert "“所属行业 (industry)”：“mining”不在可选范围内" in zh
    assert proposal_ws.proposals.all() == []


def test_viewer_cannot_write_proposals(proposal_ws: Workspace) -> None:
    with pytest.raises(Forbidden):
        proposal_ws.proposals.create(proposal_ws.users.get("nina"), "tech-proposal-zh", VARS)


HOSTILE = {
    "escape": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "globals": "{{ vars.__init__.__globals__ }}",
    "loop": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "string": "{{ 'x' * 100000000 }}",
    "power": "{{ 9 ** 999999 }}",
    "undefined": "line one\n{{ vars.nonexistent_field }}",
    "unknown": "{{ os.system('true') }}",
    "syntax": "{% if %}",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_templates_are_stopped_with_file_and_line(proposal_ws: Workspace, tmp_path: Path, name: str) -> None:
    folder = proposal_ws.paths.home / "templates" / f"evil-{name}"
    shutil.copytree(builtin_templates_dir() / "tech-proposal-zh", folder)
    (folder / "template.yaml").write_text(
        (folder / "template.yaml").read_text(encoding="utf-8").replace("name: tech-proposal-zh", f"name: evil-{name}"),
        encoding="utf-8")
    (folder / "template.md.j2").write_text(HOSTILE[name], encoding="utf-8")
    from workbench.core.proposals import render

    old = render.TIME_LIMIT_S
    render.TIME_LIMIT_S = 1.0
    try:
        with pytest.raises(WorkbenchError) as caught:
            proposal_ws.proposals.create(proposal_ws.actor(), f"evil-{name}", VARS)
    finally:
        render.TIME_LIMIT_S = old
    message = caught.value.message("en")
    assert "template.md.j2" in message
    if name == "undefined":
        assert "line 2" in message and "nonexistent_field" in message
    assert proposal_ws.proposals.all() == []


def test_revisions_and_diff(proposal_ws: Workspace) -> None:
    alice = proposal_ws.users.get("alice")
    view = proposal_ws.proposals.create(alice, "tech-proposal-zh", VARS).value
    edited = view.latest.markdown.replace("项目背景", "项目背景与现状", 1)  # type: ignore[union-attr]
    again = proposal_ws.proposals.save_revision(alice, view.number, edited, note="客户反馈后修改").value
    assert [r.number for r in again.revisions] == [1, 2]
    assert again.revisions[0].markdown == view.latest.markdown  # type: ignore[union-attr]
    diff = proposal_ws.proposals.diff(view.number, 1, 2)
    assert any(line.startswith("+") and "项目背景与现状" in line for line in diff)
    with pytest.raises(Forbidden):  # someone else's proposal
        proposal_ws.proposals.save_revision(proposal_ws.users.get("rita"), view.number, "x")


def test_due_soon(proposal_ws: Workspace) -> None:
    soon = (dt.date.today() + dt.timedelta(days=9)).isoformat()
    later = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    a = proposal_ws.proposals.create(proposal_ws.actor(), "tech-proposal-zh", {**VARS, "bid_deadline": soon}).value
    proposal_ws.proposals.create(proposal_ws.actor(), "tech-proposal-zh", {**VARS, "bid_deadline": later})
    due = proposal_ws.proposals.due_soon()
    assert [(v.number, name) for v, name, _d in due] == [(a.number, "review_tier1")]


def _styles_east_asian(document: Any) -> dict[str, str | None]:
    out = {}
    for style in document.styles:
        rpr = style.element.rPr
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        out[style.name] = fonts.get(qn("w:eastAsia")) if fonts is not None else None
    return out


def test_docx_structure(proposal_ws: Workspace, tmp_path: Path) -> None:
    view = proposal_ws.proposals.create(proposal_ws.actor(), "tech-proposal-zh", VARS).value
    out = proposal_ws.proposals.export(view.number, "docx", tmp_path / "p.docx")
    document = docx.Document(str(out))
    paragraphs = document.paragraphs
    headings = [(p.style.name, p.text) for p in paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", "项目背景与需求理解")
    assert ("Heading 2", "需求理解") in headings
    # the title, broken between words where it would not fit one line
    title = next(p for p in paragraphs if p.style.name == "Title")
    assert title.text.replace("\n", " ") == view.title
    # the DRAFT mark on the cover and in the header
    assert any("DRAFT" in p.text for p in paragraphs[:10])
    header = document.sections[0].header
    header_text = "\n".join(p.text for p in header.paragraphs)
    assert view.customer in header_text and "商业机密" in header_text and "DRAFT" in header_text
    footer_xml = document.sections[0].footer._element.xml
    assert "NUMPAGES" in footer_xml and " PAGE " in footer_xml
    # pricing table with computed amounts and totals
    pricing = next(t for t in document.tables if "单价" in t.rows[0].cells[-2].text or "金额" in t.rows[0].cells[-1].text)
    body = [[c.text for c in row.cells] for row in pricing.rows]
    assert any("¥222,006.00" in cell for row in body for cell in row)
    # laid out for reading: header row repeats and stays with the rows, rows never split,
    # amounts right-aligned, the number column narrower than the item column
    assert pricing.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in pricing.rows)
    assert pricing.rows[0].cells[0].paragraphs[0].paragraph_format.keep_with_next
    assert pricing.rows[1].cells[-1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert pricing.columns[0].width < pricing.columns[1].width
    text = "\n".join(p.text for p in paragraphs)
    assert format_money(TOTAL) in text or any(format_money(TOTAL) in c.text for t in document.tables for r in t.rows for c in r.cells)
    # an East Asian font on every style the document uses
    fonts = _styles_east_asian(document)
    used = {p.style.name for p in paragraphs} | {"Header", "Footer"}
    assert all(fonts.get(name) for name in used), {n: fonts.get(n) for n in used if not fonts.get(n)}
    # a table of contents field
    assert any("TOC" in (t.text or "") for t in document.element.body.iter(qn("w:instrText")))


def test_markdown_export_carries_the_draft_mark(proposal_ws: Workspace, tmp_path: Path) -> None:
    view = proposal_ws.proposals.create(proposal_ws.actor(), "tech-proposal-zh", VARS).value
    text = proposal_ws.proposals.export(view.number, "md", tmp_path / "p.md").read_text(encoding="utf-8")
    assert "DRAFT" in text.splitlines()[2]


soffice = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdffonts") is None,
                             reason="LibreOffice and poppler-utils are installed by .ci/run")


@soffice
def test_pdf_has_chinese_text_in_the_cjk_font_and_a_filled_toc(proposal_ws: Workspace, tmp_path: Path) -> None:
    view = proposal_ws.proposals.create(proposal_ws.actor(), "tech-proposal-zh", VARS).value
    pdf = proposal_ws.proposals.export(view.number, "pdf", tmp_path / "p.pdf")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "NotoSansCJK" in fonts
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "华东某汽车零部件股份有限公司" in text and "预测性维护" in text
    pages = text.split("\f")
    toc = next(p for p in pages if "目录" in p)
    assert "项目背景与需求理解" in toc and "……" not in toc
    # the page the TOC names for chapter 1 is where chapter 1 is
    line = next(row for row in toc.splitlines() if "项目背景与需求理解" in row)
    page = int(re.search(r"(\d+)\s*$", line).group(1))  # type: ignore[union-attr]
    assert "项目背景与需求理解" in pages[page - 1]


@soffice
def test_concurrent_exports_do_not_collide(proposal_ws: Workspace, tmp_path: Path) -> None:
    view = proposal_ws.proposals.create(proposal_ws.actor(), "tech-proposal-zh", VARS).value
    errors: list[BaseException] = []

    def export(n: int) -> None:
        try:
            proposal_ws.proposals.export(view.number, "pdf", tmp_path / f"p{n}.pdf")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=export, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all((tmp_path / f"p{n}.pdf").stat().st_size > 10_000 for n in range(2))


# --- nothing is made up: required inputs are asked for, optional ones may stay empty ----------

TEMPLATES = ("tech-proposal-zh", "tech-proposal-en", "requirement-confirmation-zh", "feedback-list-zh",
             "tech-proposal-zht", "requirement-confirmation-zht", "feedback-list-zht", "tech-proposal-zhhk",
             "requirement-confirmation-zhhk", "feedback-list-zhhk")
# what each template says when an optional date was left empty (its "not given" branch), and what
# it must then not say (the sentence only a given date produces)
NOT_GIVEN = {
    "tech-proposal-zh": ("kickoff_date", "前后完成合同签订并启动项目", "正式启动"),
    "tech-proposal-en": ("kickoff_date", "we assume contract award and kick-off around", "planned to start on"),
    "requirement-confirmation-zh": ("confirm_by", "尽快反馈意见", "前完成确认并签字回传"),
    "feedback-list-zh": ("next_meeting", "尽快与", "下次与"),
    "tech-proposal-zht": ("kickoff_date", "前後完成合約簽訂並啟動專案", "正式啟動"),
    "requirement-confirmation-zht": ("confirm_by", "儘快回覆意見", "前完成確認並簽署回傳"),
    "feedback-list-zht": ("next_meeting", "儘快與", "下次與"),
    "tech-proposal-zhhk": ("kickoff_date", "前後完成簽訂合約並啓動項目", "正式啓動"),
    "requirement-confirmation-zhhk": ("confirm_by", "盡快回覆意見", "前完成確認並簽署交回"),
    "feedback-list-zhhk": ("next_meeting", "盡快與", "下次與"),
}
DEADLINE = dt.date(2027, 3, 15)


def test_every_shipped_template_is_checked_for_what_it_makes_up() -> None:
    shipped = {p.name for p in builtin_templates_dir().iterdir() if (p / "template.yaml").is_file()}
    assert shipped == set(TEMPLATES) == set(NOT_GIVEN)


def _required_only(template: Any) -> dict[str, Any]:
    """Every required input given (a choice takes its last option: never the first by accident),
    every optional one given empty as a form sends it."""
    raw: dict[str, Any] = {}
    for spec in template.variables:
        if not spec.required:
            raw[spec.name] = [] if spec.type in ("list", "table") else ""
        elif spec.type == "choice":
            raw[spec.name] = spec.choices[-1]
        elif spec.type == "date":
            raw[spec.name] = DEADLINE.isoformat()
        elif spec.type == "list":
            raw[spec.name] = ["CRM"]
        elif spec.type == "table":
            raw[spec.name] = [{c.name: "3" if c.type in ("number", "money") else ("2027-03-01" if c.type == "date" else
                               c.choices[-1] if c.type == "choice" else "甲 A") for c in spec.columns}]
        else:
            raw[spec.name] = "需求一 requirement one"
    return raw


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_optional_input_may_be_left_empty_and_its_not_given_branch_renders(ws: Workspace, name: str) -> None:
    template = ws.proposals.catalog.get(name)
    raw = _required_only(template)
    draft = ws.proposals.draft(name, raw, matched={})
    markdown = draft.markdown
    date_input, said, unsaid = NOT_GIVEN[name]
    spec = template.variable(date_input)
    assert spec is not None and spec.type == "date" and not spec.required
    assert draft.values[date_input] is None  # "not given", not a date made up in its place
    assert said in markdown and unsaid not in markdown
    for spec in template.variables:  # each optional input reaches the template empty
        if not spec.required:
            assert draft.values[spec.name] in (None, "", []), spec.name
    assert "None" not in markdown and "V1.0" not in markdown
    soon = dt.date.today() + dt.timedelta(days=30)
    for shown in (f"{soon:%B} {soon.day}, {soon.year}", f"{soon.year}年{soon.month}月{soon.day}日"):
        assert shown not in markdown  # no date of its own invention
    # given, the same date takes the other branch
    given = ws.proposals.draft(name, {**raw, date_input: "2027-05-04"}, matched={}).markdown
    assert unsaid in given and ("2027年5月4日" in given or "May 4, 2027" in given)


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_required_choice_left_unset_is_refused_and_nothing_is_saved(ws: Workspace, name: str) -> None:
    template = ws.proposals.catalog.get(name)
    raw = _required_only(template)
    raw["industry"] = ""  # the form's "— choose —"
    left_out = {k: v for k, v in raw.items() if k != "customer_tier"}  # a --vars file without it
    for attempt in (raw, left_out):
        with pytest.raises(WorkbenchError) as caught:
            ws.proposals.create(ws.actor(), name, attempt)
        assert caught.value.code == "proposal_inputs"
        problems = caught.value.params["problems"]
        assert [p.input for p in problems] == (["industry"] if attempt is raw else ["industry", "customer_tier"])
        assert "Choose Industry (industry): it is required." in caught.value.message("en")
        label = template.variable("industry").label.zh  # 所属行业; 所屬產業 in the Taiwan template
        assert f"请选择“{label} (industry)”（必填）。" in caught.value.message("zh")
    with pytest.raises(WorkbenchError) as caught:  # a value that is not among the options
        ws.proposals.create(ws.actor(), name, {**raw, "industry": "banking"})
    assert "'banking' is not one of the choices" in caught.value.message("en")
    assert ws.proposals.all() == []
    created = ws.proposals.create(ws.actor(), name, {**raw, "industry": "finance"}).value
    assert created.industry == "finance" and created.customer_tier == "C"


def test_a_required_date_left_empty_is_refused(ws: Workspace) -> None:
    raw = _required_only(ws.proposals.catalog.get("tech-proposal-en"))
    with pytest.raises(WorkbenchError) as caught:
        ws.proposals.draft("tech-proposal-en", {**raw, "bid_deadline": "  "}, matched={})
    assert [p.input for p in caught.value.params["problems"]] == ["bid_deadline"]
    assert "Bid deadline (bid_deadline) is required." in caught.value.message("en")


def test_no_required_choice_of_a_shipped_template_has_a_default() -> None:
    """A default on a required choice would be a fact about the customer nobody gave."""
    for template in TemplateCatalog([builtin_templates_dir()]).all():
        for spec in template.variables:
            if spec.type == "choice" and spec.required:
                assert spec.default is None, (template.name, spec.name)


def test_a_traditional_template_is_listed_with_its_script_for_a_chinese_reader(ws: Workspace) -> None:
    """Its Chinese title is its document's own (技術方案建議書): beside the Simplified template's
    技术方案建议书, a Chinese list says which one is Traditional; an English one says it already."""
    zht = ws.proposals.catalog.get("tech-proposal-zht")
    assert zht.language == "zh-TW" and zht.title.get("zh") == "技術方案建議書"
    assert zht.display_title("zh") == "技術方案建議書（繁体·台湾）"  # beside Hong Kong's
    assert zht.display_title("en") == "Technical proposal (Traditional Chinese, Taiwan)"
    assert ws.proposals.catalog.get("tech-proposal-zh").display_title("zh") == "技术方案建议书"
    zhhk = ws.proposals.catalog.get("tech-proposal-zhhk")
    assert zhhk.language == "zh-HK" and zhhk.display_title("zh") == "技術方案建議書（繁体·香港）"
