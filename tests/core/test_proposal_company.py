"""Every bundled template speaks for the company in the profile (``workbench settings company``):
its name in the text and the opening block, its name, address and logo on the cover. The demo,
without a profile, speaks for the demo's company (云策科技) as before; a laptop with neither says
我方 / "our company" and never names the demo's company."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from tests.core.test_proposal_docx import LOGO, TEMPLATES, template_inputs
from workbench.core.company import CompanyProfiles
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
    assert "北辰智联信息技术有限公司" in markdown
    assert not [name for name in DEMO_NAMES if name in markdown]
    document = docx.Document(str(ws.proposals.export(view.number, "docx", tmp_path / "p.docx")))
    cover: list[str] = []
    for paragraph in document.paragraphs:  # the cover ends at the first page break
        cover.append(paragraph.text)
        if 'w:br w:type="page"' in paragraph._p.xml or 'type="page"' in paragraph._p.xml:
            break
    cover_text = "\n".join(cover)
    assert "北辰智联信息技术有限公司" in cover_text and "杭州市西湖区文三路 398 号" in cover_text
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
