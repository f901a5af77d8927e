"""What a person types into a proposal is text: every Markdown character comes out in the preview
and in the Word file exactly as typed, while the template's own Markdown and knowledge item bodies
keep their formatting."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from workbench.core.proposals.catalog import builtin_templates_dir, shared_reference_docx
from workbench.core.proposals.docx_writer import DocumentInfo, write_docx
from workbench.core.proposals.escaping import escape_markdown
from workbench.core.proposals.model import MatchedItem
from workbench.core.proposals.render import render_markdown
from workbench.core.workspace import Workspace

# the parser the Word and PDF export use (docx_writer.write_docx)
EXPORT_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
# what the places a value lands in may add around it, and nothing else
SKELETON_TAGS = {"h1", "h2", "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "br"}

# one line per Markdown construct a value could start by accident
SPECIAL = [
    "提供 7*24 小时服务，工作日 5*8",
    "# 背景不是章节",
    "<b>粗体</b> <!-- pagebreak --> <http://example.com> <x@y.cn>",
    "`代码` ``双``",
    "[链接](http://example.com) ![图](a.png) [TOC]",
    "甲 | 乙 | 丙",
    "1. 第一条",
    "2) 第二条",
    "- 破折号",
    "+ 加号",
    "> 引用",
    "===",
    "---",
    "***",
    "_下划线_ __粗__ snake_case",
    "~~删除~~ ~波浪~",
    "&amp; &#42; &copy;",
    "结尾的反斜杠 \\",
    "## 标题 ##",
    "全角：＊＃【】《》｜——「」",
]

TEMPLATE = """# 标题

前文 {{ vars.line }} 后文

{{ vars.text }}

- {{ vars.line }}

| 列 |
|---|
| {{ vars.line }} |

## {{ vars.line }}
"""


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _squeeze(text: str) -> str:
    """Whitespace is layout (a line break, the space of a soft break), not what was typed; so is
    the invisible word joiner (U+2060) the Word writer puts after a hyphen or slash inside an ID in
    a table cell so that the ID is never broken there (it is not in the PDF's text)."""
    return re.sub(r"[\s\u2060]+", "", text)


def preview(markdown: str) -> tuple[str, set[str]]:
    """The Markdown → HTML rendering: its text and the tags it used."""
    parser = _Html()
    parser.feed(EXPORT_PARSER.render(markdown))
    return "".join(parser.text), parser.tags


def word_text(markdown: str, out: Path) -> tuple[str, list[str]]:
    """The exported .docx: its text in document order (paragraphs and table cells) and the
    styles of its body paragraphs."""
    write_docx(markdown, shared_reference_docx(), out, DocumentInfo("T", "C", "N", "A", "D", "zh-Hans", False))
    document = docx.Document(str(out))
    # an ID's no-break hyphen is a w:noBreakHyphen element, a hyphen in Word and in the PDF's text
    text = "".join("-" if t.tag == qn("w:noBreakHyphen") else t.text or ""
                   for t in document.element.body.iter(qn("w:t"), qn("w:noBreakHyphen")))
    return text, [p.style.name for p in document.paragraphs]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("typed") / "typed"
    folder.mkdir()
    (folder / "template.md.j2").write_text(TEMPLATE, encoding="utf-8")
    return folder


def _expected(line: str, text: str) -> str:
    return _squeeze("T" + "标题" + "前文" + line + "后文" + text + line + "列" + line + line)


def _check(folder: Path, out: Path, line: str, text: str) -> None:
    markdown = render_markdown(folder, "CNY", {"vars": {"line": line, "text": text}})
    shown, tags = preview(markdown)
    assert _squeeze(shown) == _expected(line, text)[1:], (line, text, markdown)  # no cover title in HTML
    assert tags <= SKELETON_TAGS, (line, text, markdown, tags - SKELETON_TAGS)
    exported, styles = word_text(markdown, out)
    assert _squeeze(exported).endswith(_expected(line, text)[1:]), (line, text, markdown, exported)
    assert styles.count("Heading 1") == 1 and styles.count("Heading 2") == 1, (line, text, styles)


@pytest.mark.parametrize("typed", SPECIAL)
def test_each_markdown_character_class_survives_preview_and_word(folder: Path, tmp_path: Path, typed: str) -> None:
    _check(folder, tmp_path / "p.docx", typed, typed + "\n" + typed)


_ALPHABET = st.sampled_from(list("*_#<>`[]()|!-+=.)~&;:\\/ \n\t") + list("aZ07x") + list("中文，。＊＃【】"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(line=st.text(_ALPHABET.filter(lambda c: c not in "\n\t"), max_size=30), text=st.text(_ALPHABET, max_size=60))
def test_any_typed_text_survives_preview_and_word(folder: Path, tmp_path: Path, line: str, text: str) -> None:
    _check(folder, tmp_path / "h.docx", line, text)


@settings(max_examples=150, deadline=None)
@given(text=st.text(_ALPHABET, max_size=60))
def test_any_typed_text_survives_the_qt_preview(text: str) -> None:
    """The GUI previews with QTextDocument.setMarkdown (md4c, GitHub dialect), not markdown-it."""
    qtgui = pytest.importorskip("PySide6.QtGui")
    document = qtgui.QTextDocument()
    document.setMarkdown(f"前文 {escape_markdown(text)} 后文\n\n{escape_markdown(text)}\n\n| 列 |\n|---|\n"
                         f"| {escape_markdown(text.replace(chr(10), ' '))} |\n")
    assert _squeeze(document.toPlainText()) == _squeeze("前文" + text + "后文" + text + "列" + text)


def test_template_strings_keep_their_meaning_for_typed_values(tmp_path: Path) -> None:
    """A template compares, slices and transforms what was typed; its own Markdown stays Markdown."""
    (tmp_path / "template.md.j2").write_text(
        "{{ vars.x == 'A*B' }}|{{ vars.x | length }}|{{ '**' ~ vars.x ~ '**' }}|{{ vars.x | replace('*', '×') }}"
        "|{{ vars.xs | join('、') }}|{{ vars.x.split('*') | join('/') }}|{{ '%s!' % vars.x }}|{{ vars.x[1:] }}"
        "|{{ vars.x | lower }}|{{ vars.x + '_' }}|{{ '{}'.format(vars.x) }}|{{ vars.x | title }}"
        "|{{ vars.x | markdown }}|{{ vars.rows[0].item | trim }}|{{ 'x' if '*' in vars.x }}",
        encoding="utf-8")
    out = render_markdown(tmp_path, "CNY", {"vars": {"x": "A*B", "xs": ["<a>", "`b`"],
                                                      "rows": [{"item": " 1. *年费* ", "price": Decimal(3)}]}})
    assert out.split("|") == ["True", "3", "**A\\*B**", "A×B", "\\<a>、\\`b\\`", "A/B", "A\\*B!", "\\*B",
                              "a\\*b", "A\\*B_", "A\\*B", "A\\*b", "A*B", "1\\. \\*年费\\*", "x"]


def test_knowledge_bodies_stay_markdown_and_their_titles_are_text(tmp_path: Path) -> None:
    (tmp_path / "template.md.j2").write_text(
        "{% for item in knowledge.cases %}## {{ item.title }}\n\n{{ item.body | demote(2) }}\n"
        "{{ item.matched | join('、') }}\n{% endfor %}", encoding="utf-8")
    item = MatchedItem("case-1", "case", "客户 *A* 的案例", "# 做法\n\n**加粗** 与 `代码`", 1.0, ("7*24",), "cases")
    out = render_markdown(tmp_path, "CNY", {"vars": {}, "knowledge": {"cases": [item]}})
    assert out == "## 客户 \\*A\\* 的案例\n\n### 做法\n\n**加粗** 与 `代码`\n7\\*24\n"
    shown, tags = preview(out)
    assert {"strong", "code", "h3"} <= tags and "em" not in tags and "客户 *A* 的案例" in shown


# --- a whole proposal, through the service, the preview and the Word export --------------------------

@pytest.fixture
def proposal_ws(demo_ws: Workspace) -> Iterator[Workspace]:
    demo_ws.index.ensure()
    yield demo_ws


def test_a_proposal_shows_what_was_typed_in_every_field(proposal_ws: Workspace, tmp_path: Path) -> None:
    raw: dict[str, Any] = yaml.safe_load(
        (builtin_templates_dir() / "tech-proposal-zh" / "example.yaml").read_text(encoding="utf-8"))
    _, plain_tags = preview(proposal_ws.proposals.draft("tech-proposal-zh", dict(raw)).markdown)
    raw.update(
        customer="云*策* <测试> 公司",
        contact="张三_李四_",
        background="# 背景不是章节\n提供 7*24 小时服务，工作日 5*8",
        requirements="1. 设备 [接入] 与 `采集`\n- 预测性维护",
        integrations=["SAP | ERP", "<MES>"],
    )
    raw["pricing"] = [{"item": "*旗舰版* 许可 <年> \\", "quantity": 1, "unit": "套_", "unit_price": "1000"}]
    view = proposal_ws.proposals.create(proposal_ws.users.get("alice"), "tech-proposal-zh", raw).value
    markdown = view.latest.markdown  # type: ignore[union-attr]
    shown, tags = preview(markdown)
    exported, _styles = word_text(markdown, tmp_path / "p.docx")
    chapters = [p.text for p in docx.Document(str(tmp_path / "p.docx")).paragraphs if p.style.name == "Heading 1"]
    typed = ["云*策* <测试> 公司", "张三_李四_", "# 背景不是章节", "提供 7*24 小时服务，工作日 5*8",
             "设备 [接入] 与 `采集`", "SAP | ERP", "<MES>", "*旗舰版* 许可 <年> \\", "套_"]
    for text in typed:
        assert _squeeze(text) in _squeeze(shown), text
        assert _squeeze(text) in _squeeze(exported), text
    assert not any("背景不是章节" in c for c in chapters)
    assert tags <= plain_tags | {"p"}, tags - plain_tags  # no emphasis, code, links or HTML of its own
    rendered = EXPORT_PARSER.render(markdown)
    assert not any(f in rendered for f in ("<em>策</em>", "<em>旗舰版</em>", "<code>采集</code>", "<MES>", "<测试>"))
    # the Word export of the proposal itself, through the service
    out = proposal_ws.proposals.export(view.number, "docx", tmp_path / "export.docx")
    body = "".join(t.text or "" for t in docx.Document(str(out)).element.body.iter(qn("w:t")))
    assert all(_squeeze(text) in _squeeze(body) for text in typed)
    # the Markdown export's title line is the proposal's title, as typed
    exported_md = proposal_ws.proposals.export(view.number, "md", tmp_path / "p.md").read_text(encoding="utf-8")
    title_html = EXPORT_PARSER.render(exported_md.split("\n", 1)[0])
    assert title_html.startswith("<h1>云*策* &lt;测试&gt; 公司"), title_html
