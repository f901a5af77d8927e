"""Every bundled template speaks for the company in the profile (``workbench settings company``):
its name in the text and the opening block, its name, address and logo on the cover. The demo,
without a profile, speaks for the demo's company (云策科技) as before; a laptop with neither says
我方 / "our company" and never names the demo's company."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pdfplumber
import pytest
import yaml
from sqlalchemy import select

from tests.backends import BACKENDS
from tests.core.test_proposal_docx import LOGO, TEMPLATES, template_inputs
from workbench.cli.main import main
from workbench.core.company import MAX_TEXT, CompanyProfiles
from workbench.core.db.models import AuditEvent
from workbench.core.errors import InvalidInput
from workbench.core.workspace import Workspace

DEMO_NAMES = ("云策科技", "Yunce")


@pytest.fixture
def backend_name() -> str:
    return "sqlite"


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_template_takes_the_company_from_the_profile(ws: Workspace, tmp_path: Path, template: str) -> None:
    """On a laptop without the demo knowledge (whose items name the demo company themselves)."""
    logo = tmp_path / "logo.png"
    logo.write_bytes(LOGO)
    CompanyProfiles(ws.db).update(ws.actor(), name="北辰智联信息技术有限公司", address="杭州市西湖区文三路 398 号",
                                  logo=logo)
    view = ws.proposals.create(ws.actor(), template, template_inputs(template)).value
    markdown = view.latest.markdown if view.latest else ""
    name, address = "北辰智联信息技术有限公司", "杭州市西湖区文三路 398 号"
    if template.endswith(("zht", "zhhk")):  # a Traditional document writes them in Traditional characters
        # the characters only: 信息 stays 信息 (Taiwan would say 資訊), as typed
        name, address = "北辰智聯信息技術有限公司", "杭州市西湖區文三路 398 號"
    assert name in markdown
    assert not [name for name in DEMO_NAMES if name in markdown]
    document = docx.Document(str(ws.proposals.export(view.number, "docx", tmp_path / "p.docx")))
    cover: list[str] = []
    for paragraph in document.paragraphs:  # the cover ends where a paragraph starts the next page
        if paragraph.paragraph_format.page_break_before:
            break
        cover.append(paragraph.text)
    cover_text = "\n".join(cover)
    assert len(cover) < 20 and "1.1" not in cover_text
    assert name in cover_text and address in cover_text
    assert not [name for name in DEMO_NAMES if name in cover_text]
    assert document.inline_shapes, "the logo is on the cover"
    assert not [name for name in DEMO_NAMES if name in "\n".join(p.text for p in document.paragraphs)]


def test_the_demo_without_a_profile_speaks_for_the_demo_company(demo_ws: Workspace) -> None:
    zh = demo_ws.proposals.create(demo_ws.actor(), "tech-proposal-zh", template_inputs("tech-proposal-zh")).value
    en = demo_ws.proposals.create(demo_ws.actor(), "tech-proposal-en", template_inputs("tech-proposal-en")).value
    assert zh.latest is not None and en.latest is not None
    assert "**编制**：云策科技" in zh.latest.markdown and "云策科技将" in zh.latest.markdown
    assert "Yunce Technology" in en.latest.markdown


def test_without_profile_or_demo_the_text_names_no_company(ws: Workspace) -> None:
    view = ws.proposals.create(ws.actor(), "tech-proposal-zh", template_inputs("tech-proposal-zh")).value
    assert view.latest is not None
    markdown = view.latest.markdown
    assert "云策" not in markdown and "我方" in markdown
    en = ws.proposals.create(ws.actor(), "tech-proposal-en", template_inputs("tech-proposal-en")).value
    assert en.latest is not None
    assert "Yunce" not in en.latest.markdown and "our company" in en.latest.markdown


def test_a_company_name_that_looks_like_markdown_stays_text(ws: Workspace) -> None:
    CompanyProfiles(ws.db).update(ws.actor(), name="*Star* <Tech> #1")
    view = ws.proposals.create(ws.actor(), "tech-proposal-en", template_inputs("tech-proposal-en")).value
    assert view.latest is not None
    assert r"\*Star\* \<Tech> #1 will assign" in view.latest.markdown


# --- the English name and address (an English document names the company in English) ---------

ZH_NAME, ZH_ADDRESS = "北辰智联信息技术有限公司", "杭州市西湖区文三路 398 号"
EN_NAME, EN_ADDRESS = "Beichen Zhilian Information Technology Co., Ltd.", "398 Wensan Road, Xihu District, Hangzhou"


def _cover_text(pdf: Path) -> tuple[str, str]:
    """The PDF's first page (the cover) and the rest, as LibreOffice wrote them."""
    with pdfplumber.open(pdf) as opened:
        pages = [page.extract_text() or "" for page in opened.pages]
    return pages[0], "\n".join(pages[1:])


def test_an_english_proposal_names_the_company_in_english_and_a_chinese_one_in_chinese(
        ws: Workspace, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(LOGO)
    CompanyProfiles(ws.db).update(ws.actor(), name=ZH_NAME, address=ZH_ADDRESS, name_en=EN_NAME,
                                  address_en=EN_ADDRESS, logo=logo)
    en = ws.proposals.create(ws.actor(), "tech-proposal-en", template_inputs("tech-proposal-en")).value
    zh = ws.proposals.create(ws.actor(), "tech-proposal-zh", template_inputs("tech-proposal-zh")).value
    en_pdf = ws.proposals.export(en.number, "pdf", tmp_path / "en.pdf")
    zh_pdf = ws.proposals.export(zh.number, "pdf", tmp_path / "zh.pdf")
    cover, rest = _cover_text(en_pdf)
    flat = " ".join(cover.split())
    assert EN_NAME in flat and EN_ADDRESS in flat
    assert "北辰" not in cover + rest and "杭州" not in cover + rest
    assert f"information of {EN_NAME} It is" in flat  # the name's own full stop ends the sentence
    assert EN_NAME in " ".join(rest.split())  # in the text (who runs the service), not only on the cover
    with zipfile.ZipFile(ws.proposals.export(en.number, "docx", tmp_path / "en.docx")) as z:
        assert f"<Company>{EN_NAME}</Company>" in z.read("docProps/app.xml").decode()
    cover, rest = _cover_text(zh_pdf)
    assert ZH_NAME in cover and ZH_ADDRESS in cover.replace("\n", "")
    assert "Beichen" not in cover + rest and "Wensan" not in cover + rest


def test_an_english_proposal_without_english_names_carries_the_one_name_and_address(
        ws: Workspace, tmp_path: Path) -> None:
    profiles = CompanyProfiles(ws.db)
    profiles.update(ws.actor(), name=ZH_NAME, address=ZH_ADDRESS, name_en=EN_NAME)
    assert profiles.get().for_language("en").address == ZH_ADDRESS  # field by field
    profiles.update(ws.actor(), name_en="")  # cleared: the one name again
    en = ws.proposals.create(ws.actor(), "tech-proposal-en", template_inputs("tech-proposal-en")).value
    cover, _rest = _cover_text(ws.proposals.export(en.number, "pdf", tmp_path / "en.pdf"))
    assert ZH_NAME in cover and ZH_ADDRESS in cover.replace("\n", "") and "Beichen" not in cover


def test_a_traditional_document_names_the_company_in_traditional_characters(ws: Workspace) -> None:
    profiles = CompanyProfiles(ws.db)
    profiles.update(ws.actor(), name="数海云计算有限公司", address="上海市浦东新区张江路 88 号", name_en=EN_NAME)
    profile = profiles.get()
    assert profile.for_language("zh-Hant").name == "數海雲計算有限公司"
    assert profile.for_language("zh-Hant").address == "上海市浦東新區張江路 88 號"
    assert profile.for_language("zh-Hans").name == "数海云计算有限公司"  # as typed
    assert profiles.get().name == "数海云计算有限公司"  # what is kept is what was typed
    profiles.update(ws.actor(), name="启户数据有限公司")
    assert profiles.get().for_language("zh-TW").name == "啟戶數據有限公司"  # Taiwan's forms, the name's words
    assert profiles.get().for_language("zh-HK").name == "啓户數據有限公司"  # Hong Kong's forms


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_the_english_fields_are_kept_bounded_and_audited(ws: Workspace) -> None:
    profiles = CompanyProfiles(ws.db)
    profiles.update(ws.actor(), name=ZH_NAME, name_en=f"  {EN_NAME} ", address_en=EN_ADDRESS)
    profiles.update(ws.actor(), address=ZH_ADDRESS)  # the English ones stay
    kept = profiles.get()
    assert (kept.name, kept.address, kept.name_en, kept.address_en) == (ZH_NAME, ZH_ADDRESS, EN_NAME, EN_ADDRESS)
    with pytest.raises(InvalidInput) as refused:
        profiles.update(ws.actor(), name_en="x" * (MAX_TEXT + 1))
    assert refused.value.message("en") == f"The company's English name may have at most {MAX_TEXT} characters."
    assert refused.value.message("zh_CN") == f"公司英文名称最多 {MAX_TEXT} 个字符。"
    assert profiles.get().name_en == EN_NAME
    with ws.db.read() as s:
        details = [e.detail for e in s.scalars(select(AuditEvent).where(AuditEvent.action == "update_company")
                                              .order_by(AuditEvent.id))]
    assert [d["name_en"] for d in details] == [EN_NAME, EN_NAME]
    assert details[-1]["address_en"] == EN_ADDRESS and details[-1]["address"] == ZH_ADDRESS


def test_settings_company_command_sets_and_clears_the_english_fields(
        home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(home), "settings", "company", "--name", ZH_NAME, "--name-en", EN_NAME,
                 "--address-en", EN_ADDRESS]) == 0
    out = capsys.readouterr().out
    assert f"English name: {EN_NAME}" in out and f"English address: {EN_ADDRESS}" in out
    assert main(["--home", str(home), "--lang", "zh", "settings", "company", "--name-en", ""]) == 0
    out = capsys.readouterr().out
    assert "英文名称: （同上）" in out and f"英文地址: {EN_ADDRESS}" in out
    assert main(["--home", str(home), "settings", "company", "--json"]) == 0
    shown = yaml.safe_load(capsys.readouterr().out)
    assert (shown["name"], shown["name_en"], shown["address_en"]) == (ZH_NAME, "", EN_ADDRESS)
