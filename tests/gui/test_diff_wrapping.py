"""The side-by-side diff wraps a long line at word boundaries: at a space in English, between
two words in Chinese, never inside a Latin word, a number or a Chinese word; each line of both
revisions stays on one row, so the line numbers and change colours stay side by side."""

from __future__ import annotations

import re

import pytest
import rjieba
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser

from workbench.gui.diff import WORD_JOINER, side_by_side

EN_OLD = ("\n" * 170 + "| RPO / RTO | Recovery point objective / recovery time objective |\n"
          "| SIT / UAT | System integration testing / user acceptance testing |\n\nIntro.")
EN_NEW = (EN_OLD.replace("time objective", "time objective of four hours") + "\n\n## Store gateway\n\nEach store runs a small gateway that queues offline and syncs on "
          "reconnect, keeping 99.95% availability for order REQ-001 at $205,200.00 a year.")
ZH_OLD = "\n" * 1200 + "系统采用分布式架构，支持横向扩展。\n\n性能指标"
ZH_NEW = ("\n" * 1200 + "系统采用分布式架构，支持横向扩展，数据中台建设按照信创要求完成国产化适配，"
          "并提供全渠道服务台与监管报送平台的统一接入能力，满足招标文件的全部技术要求。\n\n性能指标")


def laid_out_lines(browser: QTextBrowser) -> list[tuple[str, list[str]]]:
    """Every paragraph of the shown document with the lines the view broke it into."""
    doc: QTextDocument = browser.document()
    doc.setTextWidth(browser.viewport().width())
    out = []
    block = doc.begin()
    while block.isValid():
        layout, text = block.layout(), block.text()
        lines = [text[layout.lineAt(n).textStart():layout.lineAt(n).textStart() + layout.lineAt(n).textLength()]
                 for n in range(layout.lineCount())]
        out.append((text, lines))
        block = block.next()
    return out


def boundaries(text: str) -> set[int]:
    """Where a Chinese line may break: between rjieba's words."""
    at, out = 0, set()
    for word in rjieba.cut(text):
        at += len(word)
        out.add(at)
    return out


@pytest.mark.parametrize("width", [360, 480, 700])
@pytest.mark.parametrize(("old", "new"), [(EN_OLD, EN_NEW), (ZH_OLD, ZH_NEW)])
def test_long_lines_wrap_between_words_and_stay_on_their_row(qtbot, width: int, old: str, new: str) -> None:  # type: ignore[no-untyped-def]
    browser = QTextBrowser()
    qtbot.addWidget(browser)
    browser.resize(width, 600)
    browser.show()
    browser.setHtml(side_by_side(old, new, "r1", "r2"))
    wrapped = 0
    for text, lines in laid_out_lines(browser):
        plain = text.replace(WORD_JOINER, "")
        if len(lines) > 1:
            wrapped += 1
        if plain.isdigit():
            assert len(lines) == 1, f"line number {plain} broken over {len(lines)} lines"
        at = 0
        for line in lines[:-1]:
            at += len(line.replace(WORD_JOINER, ""))
            before, after = plain[:at], plain[at:]
            assert not (re.search(r"[\w$%.,]$", before, re.ASCII) and re.match(r"[\w$%.,]", after, re.ASCII)), (
                f"broken inside a word or number: {before[-12:]!r} | {after[:12]!r}")
            if re.search(r"[\u4e00-\u9fff]$", before) and re.match(r"[\u4e00-\u9fff]", after):
                assert at in boundaries(plain), f"broken inside a Chinese word: {before[-6:]!r} | {after[:6]!r}"
    assert wrapped  # the long lines did wrap at this width
    html = side_by_side(old, new, "r1", "r2")
    assert "&gt;</td>" not in html and ">&gt;<" not in html  # no continuation rows: one row per line pair
    rows = re.findall(r"<tr><td.*?</tr>", html, re.S)
    assert rows and all(row.count("<td") == 6 for row in rows)  # both sides' number and text on every row


def test_indentation_and_the_changed_words_survive() -> None:
    html = side_by_side("- a\n    - nested item", "- a\n    - nested items", "r1", "r2")
    assert "&nbsp;&nbsp;&nbsp;&nbsp;-" in html  # the nested list's indentation still shows
    assert 'class="diff_' in html
    doc = QTextDocument()
    doc.setHtml(html)
    assert "nested items" in doc.toPlainText().replace("\xa0", " ")
