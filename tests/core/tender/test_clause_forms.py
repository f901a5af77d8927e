"""Clause numbers, marks and Word's number formats, one form at a time."""

from __future__ import annotations

import pytest

from workbench.core.tender.clauses import legend_entries, mark_meaning, mentions_mark, split_head
from workbench.core.tender.model import Mark
from workbench.core.tender.readers.numbering import chinese_number, format_number


@pytest.mark.parametrize(("text", "clause", "symbol", "rest"), [
    ("3.1.1 系统须支持双活", "3.1.1", "", "系统须支持双活"),
    ("3.1.1.2★支持热插拔", "3.1.1.2", "★", "支持热插拔"),
    ("★3.2 支持热插拔", "3.2", "★", "支持热插拔"),
    ("（一）应提供培训", "（一）", "", "应提供培训"),
    ("(一) 应提供培训", "(一)", "", "应提供培训"),
    ("一、商务要求", "一", "", "商务要求"),
    ("1) 支持RAID", "1)", "", "支持RAID"),
    ("1）支持RAID", "1）", "", "支持RAID"),
    ("(1) 支持RAID", "(1)", "", "支持RAID"),
    ("① 支持RAID", "①", "", "支持RAID"),
    ("第十二条 投标人须具备资质", "第十二条", "", "投标人须具备资质"),
    ("1. 交货期", "1", "", "交货期"),
    ("2、质保期", "2", "", "质保期"),
    ("▲ 内存不少于64GB", "", "▲", "内存不少于64GB"),
    ("内存不少于64GB（▲）", "", "▲", "内存不少于64GB"),
    ("3.5GHz 主频", "", "", "3.5GHz 主频"),
    ("2026年7月1日前提交", "", "", "2026年7月1日前提交"),
])
def test_split_head(text: str, clause: str, symbol: str, rest: str) -> None:
    head = split_head(text)
    assert (head.clause, head.symbol, head.text) == (clause, symbol, rest)


@pytest.mark.parametrize("text", ["投标人须对★条款逐条响应", "标注“★”的条款为实质性条款", "带★号的指标不允许负偏离",
                                  "★/▲条款须逐条应答"])
def test_mentions_are_not_marks(text: str) -> None:
    assert mentions_mark(text)
    assert split_head(text).symbol == ""


def test_legend_decides_the_meaning() -> None:
    legend = legend_entries("注：标注“★”的条款为实质性条款，不满足将导致投标无效；标注“■”的为加分项。")
    assert legend == {"★": "实质性条款，不满足将导致投标无效", "■": "加分项"}
    assert mark_meaning("★", legend) is Mark.SUBSTANTIVE
    assert mark_meaning("■", legend) is Mark.IMPORTANT
    assert mark_meaning("■", {"■": "实质性要求，不满足作废标处理"}) is Mark.SUBSTANTIVE
    assert mark_meaning("▲", {}) is Mark.IMPORTANT and mark_meaning("", {}) is Mark.NONE
    # "均为" / "均為": the ★ of "凡标有“★”的条款均为实质性要求" was missing from the legend
    assert legend_entries("凡标有“★”的条款均为实质性要求，标有“▲”的为重要条款。") == {
        "★": "实质性要求", "▲": "重要条款"}
    assert legend_entries("凡標有「★」的條款均為實質性要求。") == {"★": "實質性要求"}


def test_word_number_formats() -> None:
    assert [chinese_number(n) for n in (1, 10, 12, 20, 105, 1010)] == ["一", "十", "十二", "二十", "一百零五", "一千零一十"]
    assert format_number(3, "chineseCounting") == "三"
    assert format_number(2, "decimalEnclosedCircle") == "②"
    assert format_number(4, "upperRoman") == "IV"
    assert format_number(28, "lowerLetter") == "ab"
    assert format_number(2, "ideographTraditional") == "乙"
