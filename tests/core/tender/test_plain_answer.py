"""A library answer's Markdown as the plain text of a response row."""

from __future__ import annotations

from workbench.core.tender.plain_answer import plain_answer


def test_markup_goes_and_the_words_stay() -> None:
    markdown = ("## 方案\n\n**认同**：采用 `SM4` 加密，详见[白皮书](https://example.com/w)。\n\n"
                "| 指标 | 数值 |\n|:---|---:|\n| 在线设备 | 100 万台 |\n\n- 鲲鹏\n* 海光\n\n\n> 引用\n\n---\n"
                "| ID | Control | Owner |\n|---|---|---|\n| AC-1 | SSO | IT |")
    assert plain_answer(markdown) == (
        "方案\n\n认同：采用 SM4 加密，详见白皮书。\n\n指标：数值\n在线设备：100 万台\n\n• 鲲鹏\n• 海光\n\n引用\n\n"
        "ID; Control; Owner\nAC-1; SSO; IT")


def test_plain_text_is_left_as_it_is() -> None:
    text = "平台支持 7*24 小时运维，RPO ≤ 15 分钟。\nSecond line: a | b is kept."
    assert plain_answer(text) == text
