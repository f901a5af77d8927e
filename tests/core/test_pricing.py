"""The commercial terms of a quote: tax basis, per-row tax rates, billing kinds kept apart, limits
on discounts and amounts, totals as table rows and the total in 人民币大写."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from workbench.core.errors import WorkbenchError
from workbench.core.proposals.catalog import TemplateCatalog, builtin_templates_dir
from workbench.core.proposals.pricing import (
    BILLING_KINDS,
    MAX_AMOUNT,
    billing_kind,
    format_money,
    prices_include_tax,
    quote,
    rmb_capitals,
    totals,
    traditional_capitals,
)
from workbench.core.proposals.variables import Problems, coerce
from workbench.core.workspace import Workspace

D = Decimal

# --- 人民币大写 ------------------------------------------------------------------------------------

CAPITALS = [
    # the examples of the People's Bank of China rules (支付结算办法, 附件一)
    ("1409.50", "壹仟肆佰零玖元伍角"),
    ("6007.14", "陆仟零柒元壹角肆分"),
    ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),
    ("107000.53", "壹拾万零柒仟元零伍角叁分"),
    ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
    ("325.04", "叁佰贰拾伍元零肆分"),
    # the brief's example and the usual edge cases
    ("123456.78", "壹拾贰万叁仟肆佰伍拾陆元柒角捌分"),
    ("0", "零元整"),
    ("0.05", "伍分"),
    ("0.50", "伍角"),
    ("0.55", "伍角伍分"),
    ("1", "壹元整"),
    ("1.05", "壹元零伍分"),
    ("10", "壹拾元整"),
    ("16", "壹拾陆元整"),
    ("10.50", "壹拾元零伍角"),
    ("100", "壹佰元整"),
    ("101", "壹佰零壹元整"),
    ("110", "壹佰壹拾元整"),
    ("1000", "壹仟元整"),
    ("1001", "壹仟零壹元整"),
    ("1010", "壹仟零壹拾元整"),
    ("10000", "壹万元整"),
    ("10010", "壹万零壹拾元整"),
    ("100000", "壹拾万元整"),
    ("100100", "壹拾万零壹佰元整"),
    ("1000001", "壹佰万零壹元整"),
    ("1006485.52", "壹佰万零陆仟肆佰捌拾伍元伍角贰分"),
    ("20000000", "贰仟万元整"),
    ("100000000", "壹亿元整"),
    ("100000001", "壹亿零壹元整"),
    ("100010000", "壹亿零壹万元整"),
    ("110000000", "壹亿壹仟万元整"),
    ("1000000000", "壹拾亿元整"),
    ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ("12.345", "壹拾贰元叁角伍分"),  # rounded half up to the cent
]


@pytest.mark.parametrize(("amount", "words"), CAPITALS)
def test_capitals_of_known_amounts(amount: str, words: str) -> None:
    assert rmb_capitals(D(amount)) == words


@pytest.mark.parametrize("amount", ["-0.01", "-100", "1000000000000", "1e15"])
def test_capitals_refuse_negative_and_huge_amounts(amount: str) -> None:
    with pytest.raises(ValueError):
        rmb_capitals(D(amount))


_DIGIT = {c: n for n, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
_SMALL = {"拾": 10, "佰": 100, "仟": 1000}


def parse_capitals(text: str) -> Decimal:
    """An independent reader of 大写 amounts: sections closed by 亿 and 万, places by 仟佰拾,
    zeros ignored; checks the shape it relies on (整 only without 角分, no 零 at either end)."""
    assert re.fullmatch(r"[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+", text), text
    assert not text.startswith("零") or text == "零元整", text
    if text.endswith("整"):
        assert "角" not in text and "分" not in text, text
        text = text[:-1]
    yuan_part, _, cents_part = text.rpartition("元") if "元" in text else ("", "", text)
    total, section, digit = 0, 0, 0
    for char in yuan_part:
        if char in _DIGIT:
            digit = _DIGIT[char]
        elif char in _SMALL:
            assert digit, f"{char} without its digit in {text}"  # 拾 is always 壹拾
            section += digit * _SMALL[char]
            digit = 0
        elif char == "万":
            total += (section + digit) * 10_000
            section = digit = 0
        elif char == "亿":
            total = (total + section + digit) * 100_000_000
            section = digit = 0
    total += section + digit
    fen = 0
    pending = 0
    for char in cents_part:
        if char in _DIGIT:
            pending = _DIGIT[char]
        elif char == "角":
            fen += pending * 10
            pending = 0
        elif char == "分":
            fen += pending
            pending = 0
    assert pending == 0, text
    return Decimal(total) + Decimal(fen) / 100


@given(st.integers(min_value=0, max_value=99_999_999_999_999))
def test_capitals_read_back_to_the_amount(fen: int) -> None:
    amount = Decimal(fen) / 100
    words = rmb_capitals(amount)
    assert parse_capitals(words) == amount
    assert "零零" not in words and not words.endswith("零") and "零元" not in words[1:]
    assert words.endswith("整") == (fen % 100 == 0)


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_no_zero_is_written_where_no_digit_follows_in_the_group(yuan: int) -> None:
    words = rmb_capitals(Decimal(yuan))
    assert "零万" not in words and "零亿" not in words and "零元" not in words and "亿万" not in words


_TRADITIONAL_DIGITS = "零壹貳參肆伍陸柒捌玖"


@pytest.mark.parametrize(("amount", "words"), [
    ("123456", "壹拾貳萬參仟肆佰伍拾陸元整"),
    ("1680.32", "壹仟陸佰捌拾元零參角貳分"),
    ("100010000", "壹億零壹萬元整"),
    ("0.05", "伍分"),
])
def test_traditional_capitals_of_known_amounts(amount: str, words: str) -> None:
    assert traditional_capitals(D(amount)) == words


@given(st.integers(min_value=0, max_value=99_999_999_999_999))
def test_traditional_capitals_are_the_same_amount_in_traditional_characters(fen: int) -> None:
    amount = Decimal(fen) / 100
    words = traditional_capitals(amount)
    assert re.fullmatch(f"[{_TRADITIONAL_DIGITS}拾佰仟萬億元角分整]+", words), words
    back = words.translate(str.maketrans(_TRADITIONAL_DIGITS + "萬億", "零壹贰叁肆伍陆柒捌玖万亿"))
    assert parse_capitals(back) == amount


def test_tax_inclusive_prices_are_understood_in_either_script() -> None:
    assert prices_include_tax("含稅") and prices_include_tax("含税") and prices_include_tax("單價含稅")
    assert not prices_include_tax("未稅") and not prices_include_tax("不含税")


# --- the quote ------------------------------------------------------------------------------------

MIXED = [
    {"item": "Gateways", "quantity": D(2), "unit_price": D("10000"), "tax_rate": D(13)},
    {"item": "Services", "quantity": D(10), "unit_price": D("3000"), "tax_rate": None, "billing": ""},
    {"item": "Support", "quantity": D(1), "unit_price": D("5000"), "tax_rate": None, "billing": "按年"},
    {"item": "Hosting", "quantity": D(12), "unit_price": D("100.005"), "tax_rate": D(0), "billing": "monthly"},
]


def test_tax_exclusive_prices_have_tax_added_per_rate_and_kinds_apart() -> None:
    q = quote(MIXED, discount_rate=D(10), tax_rate=D(6), tax_basis="不含税")
    assert not q.tax_included and q.mixed_rates and q.recurring
    assert [r["tax_rate"] for r in q.rows] == [D(13), D(6), D(6), D(0)]  # a row without a rate: the quote's
    assert [r["billing"] for r in q.rows] == ["one-time", "one-time", "annual", "monthly"]
    assert [r["amount"] for r in q.rows] == [D("20000.00"), D("30000.00"), D("5000.00"), D("1200.06")]
    one, annual, monthly = q.kinds
    assert (one.kind, annual.kind, monthly.kind) == BILLING_KINDS
    assert one.subtotal == D("50000.00") and one.discount == D("5000.00") and one.after_discount == D("45000.00")
    assert [(t.rate, t.base, t.tax) for t in one.taxes] == [(D(13), D("18000.00"), D("2340.00")),
                                                         (D(6), D("27000.00"), D("1620.00"))]
    assert one.tax == D("3960.00") and one.total == D("48960.00")
    assert annual.total == D("4500.00") + D("270.00")
    assert monthly.taxes == () and monthly.tax == 0 and monthly.total == D("1080.05")
    assert monthly.total_in_capitals == "壹仟零捌拾元零伍分"
    with pytest.raises(ValueError, match="never added together"):
        q.total  # noqa: B018  (no grand total of one-time and recurring costs)


def test_tax_inclusive_prices_show_the_tax_they_contain() -> None:
    q = quote(MIXED[:2], discount_rate=None, tax_rate=D(6), tax_basis="include tax")
    assert q.tax_included and not q.recurring
    (one,) = q.kinds
    assert one.total == one.after_discount == one.subtotal == D("50000.00")
    assert [(t.rate, t.tax) for t in one.taxes] == [(D(13), D("2300.88")), (D(6), D("1698.11"))]
    assert one.tax == D("3998.99")
    assert q.total == one.total  # one kind: the old single total is still there for older templates


def test_rows_without_the_new_fields_default_to_the_quote_rate_and_one_time() -> None:
    rows = [{"item": "x", "quantity": D(3), "unit_price": D("0.335")}, {"item": "note only"}]
    q = quote(rows, D(8), D(6))
    assert [r["amount"] for r in q.rows] == [D("1.01"), D(0)]
    assert [r["tax_rate"] for r in q.rows] == [D(6), D(6)] and {r["billing"] for r in q.rows} == {"one-time"}
    assert not q.tax_included and q.kinds[0].total == D("1.01") - D("0.08") + D("0.06")
    assert totals(q.rows, D(8), D(6)) == q.kinds[0]
    assert billing_kind("ANNUAL") == "annual" and billing_kind("每月") == "monthly" and billing_kind("weekly") is None


def test_a_new_taiwan_dollar_quote_is_in_whole_dollars_that_add_up() -> None:
    rows = [{"item": "license", "quantity": D(3), "unit_price": D("333.33")},  # 999.99
            {"item": "service", "quantity": D(7), "unit_price": D("12.5"), "tax_rate": D(0)}]  # 87.50
    q = quote(rows, discount_rate=D("3.3"), tax_rate=D(5), currency="TWD")
    assert [r["amount"] for r in q.rows] == [D(1000), D(88)]  # rounded half up, to the dollar
    (one,) = q.kinds
    assert one.subtotal == D(1088) and one.discount == D(33) + D(3)  # per rate: 33.00 and 2.904 -> 3
    assert one.after_discount == D(1052) and one.tax == D(48) and one.total == D(1100)  # 5 % of 967 = 48.35
    assert one.total_in_traditional_capitals == "壹仟壹佰元整"
    assert quote(rows, tax_rate=D(5), currency="CNY").kinds[0].subtotal == D("1087.49")  # cents elsewhere
    included = quote(rows[:1], tax_rate=D(5), tax_basis="含稅", currency="TWD").kinds[0]
    assert included.total == D(1000) and included.tax == D(48)  # 1000 × 5/105 = 47.62


@given(st.lists(st.tuples(st.integers(1, 10_000), st.integers(1, 10_000_000), st.sampled_from([0, 5, 13])),
                min_size=1, max_size=6),
       st.integers(0, 400), st.booleans())
def test_every_figure_of_a_taiwan_quote_is_whole_and_the_figures_add_up(
        rows: list[tuple[int, int, int]], discount_tenths: int, included: bool) -> None:
    priced = [{"item": f"r{n}", "quantity": D(q), "unit_price": D(cents_) / 100, "tax_rate": D(rate)}
              for n, (q, cents_, rate) in enumerate(rows)]
    q = quote(priced, discount_rate=D(discount_tenths) / 10, tax_rate=D(5),
              tax_basis="含稅" if included else None, currency="TWD")
    (one,) = q.kinds
    figures = [r["amount"] for r in q.rows] + [one.subtotal, one.discount, one.after_discount, one.tax, one.total]
    figures += [f for line in one.taxes for f in (line.base, line.tax)]
    assert all(f == f.to_integral_value() for f in figures), figures
    assert one.subtotal == sum(r["amount"] for r in q.rows)
    assert one.after_discount == one.subtotal - one.discount
    assert one.tax == sum(line.tax for line in one.taxes)
    assert one.total == (one.after_discount if included else one.after_discount + one.tax)
    assert one.total_in_traditional_capitals.endswith("元整")
    assert format_money(one.total, "TWD") == f"NT${one.total:,.0f}"


def test_money_is_shown_in_the_currencys_own_unit() -> None:
    assert format_money(D(2800000), "TWD") == "NT$2,800,000"
    assert format_money(D("-316400"), "TWD") == "-NT$316,400"
    assert format_money(D("12.5"), "TWD") == "NT$12.50"  # a unit price typed with cents stays as typed
    assert format_money(D(2800000), "CNY") == "¥2,800,000.00"
    assert format_money(D(1500), "JPY") == "JPY 1,500" and format_money(D(1500), "HKD") == "HK$1,500.00"


def test_the_taiwan_proposal_prices_in_whole_new_taiwan_dollars(ws: Workspace) -> None:
    example = yaml.safe_load((builtin_templates_dir() / "tech-proposal-zht" / "example.yaml").read_text("utf-8"))
    raw = {**example, "tax_rate": 5, "discount_rate": 5, "unit_prices": "未稅",
           "pricing": [{"item": "IoT平臺軟體授權", "quantity": 1, "unit": "套", "unit_price": "2800000"},
                       {"item": "邊緣閘道器", "quantity": 12, "unit": "臺", "unit_price": "76500.4"},
                       {"item": "年度維護", "quantity": 1, "unit": "年", "unit_price": "672000", "billing": "按年"}]}
    markdown = ws.proposals.draft("tech-proposal-zht", raw, matched={}).markdown
    table = _section(markdown, "## 報價明細", "## 報價說明")
    assert "| 1 | IoT平臺軟體授權 | 一次性 | 1 | 套 | NT$2,800,000 | NT$2,800,000 |" in table
    assert "| 2 | 邊緣閘道器 | 一次性 | 12 | 臺 | NT$76,500.40 | NT$918,005 |" in table  # 918,004.80
    assert "NT$3,718,005 |" in table and "-NT$185,900 |" in table  # 5 % of 3,718,005 = 185,900.25
    assert "NT$3,532,105 |" in table and "NT$176,605 |" in table and "NT$3,708,710 |" in table
    assert "新臺幣參佰柒拾萬零捌仟柒佰壹拾元整" in table
    assert ".00" not in table  # no cents on a whole amount


# --- the limits, checked with the inputs ------------------------------------------------------------

def _template(name: str) -> Any:
    return TemplateCatalog([builtin_templates_dir()]).get(name)


def _problems(name: str, **raw: Any) -> dict[str, str]:
    template = _template(name)
    base = {"pricing": [{"item": "a", "quantity": 1, "unit_price": 1}]}
    with pytest.raises(Problems) as caught:
        coerce(list(template.variables), {**base, **raw})
    return {p.field: p.message("en") + " | " + p.message("zh") for p in caught.value.problems
            if p.code not in ("required", "choose")}


def test_discount_and_tax_rates_are_percentages() -> None:
    found = _problems("tech-proposal-zh", discount_rate=150, tax_rate="100.5")
    assert found["discount_rate"] == ("Discount (%) (discount_rate) must be a percentage between 0 and 100 ('150'). | "
                                      "“折扣率（%） (discount_rate)”应为 0 到 100 之间的百分比（“150”）。")
    assert "between 0 and 100 ('100.5')" in found["tax_rate"]
    assert "cannot be negative ('-5')" in _problems("tech-proposal-en", discount_rate=-5)["discount_rate"]
    row = {"item": "a", "quantity": 1, "unit_price": 1, "tax_rate": 130}
    found = _problems("tech-proposal-en", pricing=[row])
    assert "Pricing, row 1, Tax rate (%) (pricing[1].tax_rate) must be a percentage between 0 and 100 ('130')" \
        in found["pricing[1].tax_rate"]


def test_quantities_prices_and_totals_are_bounded_and_not_negative() -> None:
    rows = [{"item": "a", "quantity": -1, "unit_price": 5},
            {"item": "b", "quantity": "2e9", "unit_price": 5},
            {"item": "c", "quantity": 1, "unit_price": "1e12"},
            {"item": "d", "quantity": 1000, "unit_price": "1e9"},
            {"item": "e", "quantity": 1, "unit_price": 1, "billing": "weekly"}]
    found = _problems("tech-proposal-en", pricing=rows)
    assert "cannot be negative" in found["pricing[1].quantity"]
    assert "(pricing[2].quantity) is more than a quote can hold (2000000000 > 1,000,000,000)" in found["pricing[2].quantity"]
    assert "超出报价允许的范围" in found["pricing[3].unit_price"]
    assert "1000 × 1000000000 > 99,999,999,999.99" in found["pricing[4].unit_price"]
    assert "'weekly' is not one of the choices (one-time, annual, monthly)" in found["pricing[5].billing"]
    many = [{"item": str(n), "quantity": 1, "unit_price": "60000000000"} for n in range(2)]
    assert "120,000,000,000.00 > 99,999,999,999.99" in _problems("tech-proposal-zh", pricing=many)["pricing"]
    fits = [{"item": "a", "quantity": 1, "unit_price": str(MAX_AMOUNT)}]
    assert "pricing" not in _problems("tech-proposal-zh", pricing=fits)


def test_the_shipped_templates_accept_the_new_columns_and_name_known_billing_kinds() -> None:
    for name in ("tech-proposal-zh", "tech-proposal-en"):
        spec = _template(name).variable("pricing")
        columns = {c.name: c for c in spec.columns}
        assert columns["tax_rate"].type == "number" and columns["billing"].type == "choice"
        assert [billing_kind(c) for c in columns["billing"].choices] == list(BILLING_KINDS)
        basis = _template(name).variable("unit_prices")
        assert basis is not None and basis.type == "choice" and not basis.required


# --- the two proposals, rendered ---------------------------------------------------------------------

ZH = {
    "customer": "华东某汽车零部件股份有限公司", "project_name": "设备预测性维护平台", "industry": "manufacturing",
    "customer_tier": "B", "requirements": "设备预测性维护", "products": ["IoT平台"], "deployment": "私有化部署",
    "xinchuang": "不涉及", "bid_deadline": "2027-03-15", "discount_rate": 10, "tax_rate": 6,
    "pricing": [
        {"item": "边缘网关", "quantity": 2, "unit": "台", "unit_price": "10000", "tax_rate": 13},
        {"item": "实施服务", "quantity": 10, "unit": "人天", "unit_price": "3000"},
        {"item": "年度维保", "quantity": 1, "unit": "年", "unit_price": "5000", "billing": "按年"},
        {"item": "云主机", "quantity": 12, "unit": "台·月", "unit_price": "100.005", "tax_rate": 0, "billing": "按月"},
    ],
}
EN = {
    "customer": "Contoso Bank", "project_name": "Branch service desk", "industry": "finance", "customer_tier": "A",
    "requirements": "one inbox", "products": ["Service Cloud"], "deployment": "SaaS", "bid_deadline": "2027-03-15",
    "discount_rate": 10, "tax_rate": 6,
    "pricing": [
        {"item": "Gateways", "quantity": 2, "unit": "pc", "unit_price": "10000", "tax_rate": 13},
        {"item": "Services", "quantity": 10, "unit": "day", "unit_price": "3000"},
        {"item": "Support", "quantity": 1, "unit": "year", "unit_price": "5000", "billing": "annual"},
    ],
}


def _section(markdown: str, start: str, end: str) -> str:
    return markdown[markdown.index(start): markdown.index(end)]


def _pricing(ws: Workspace, name: str, raw: dict[str, Any]) -> tuple[str, list[str]]:
    """The draft's Markdown and the rows of its pricing table."""
    markdown = ws.proposals.draft(name, raw, matched={}).markdown
    table = _section(markdown, "## 报价明细", "## 报价说明") if name.endswith("zh") else _section(markdown, "# Pricing", "Terms:")
    return markdown, [line for line in table.splitlines() if line.startswith("|")]


def test_the_chinese_proposal_prices_in_table_rows_with_capitals(ws: Workspace) -> None:
    markdown, lines = _pricing(ws, "tech-proposal-zh", ZH)
    assert lines[0] == "| 序号 | 项目 | 计费方式 | 数量 | 单位 | 单价（不含税） | 税率 | 金额 |"
    assert "| 1 | 边缘网关 | 一次性 | 2 | 台 | ¥10,000.00 | 13% | ¥20,000.00 |" in lines
    assert "| 4 | 云主机 | 按月 | 12 | 台·月 | ¥100.01 | 0% | ¥1,200.06 |" in lines
    gap = " | | | | |"  # 计费方式, 数量, 单位, 单价, 税率
    assert lines[6:] == [
        f"| | <!-- span -->**一次性费用小计** |{gap} ¥50,000.00 |",
        f"| | <!-- span -->商务优惠（10%） |{gap} -¥5,000.00 |",
        f"| | <!-- span -->优惠后金额 |{gap} ¥45,000.00 |",
        f"| | <!-- span -->增值税（13%，计税金额 ¥18,000.00） |{gap} ¥2,340.00 |",
        f"| | <!-- span -->增值税（6%，计税金额 ¥27,000.00） |{gap} ¥1,620.00 |",
        f"| | <!-- span -->**一次性费用合计（含税）** |{gap} ¥48,960.00 |",
        "| <!-- span -->**一次性费用合计（大写）**：人民币肆万捌仟玖佰陆拾元整 |" + " |" * 7,
        f"| | <!-- span -->**年度费用小计** |{gap} ¥5,000.00 |",
        f"| | <!-- span -->商务优惠（10%） |{gap} -¥500.00 |",
        f"| | <!-- span -->优惠后金额 |{gap} ¥4,500.00 |",
        f"| | <!-- span -->增值税（6%） |{gap} ¥270.00 |",
        f"| | <!-- span -->**年度费用合计（每年，含税）** |{gap} ¥4,770.00 |",
        "| <!-- span -->**年度费用合计（大写）**：人民币肆仟柒佰柒拾元整 |" + " |" * 7,
        f"| | <!-- span -->**月度费用小计** |{gap} ¥1,200.06 |",
        f"| | <!-- span -->商务优惠（10%） |{gap} -¥120.01 |",
        f"| | <!-- span -->优惠后金额 |{gap} ¥1,080.05 |",
        f"| | <!-- span -->**月度费用合计（每月）** |{gap} ¥1,080.05 |",
        "| <!-- span -->**月度费用合计（大写）**：人民币壹仟零捌拾元零伍分 |" + " |" * 7,
    ]
    assert all(line.count("|") == lines[0].count("|") for line in lines)  # every row has every column
    assert not any(line.startswith("- **") for line in _section(markdown, "## 报价明细", "## 报价说明").splitlines())
    assert "¥53,730.00" not in markdown and "¥54,810.05" not in markdown  # kinds never summed
    terms = _section(markdown, "## 报价说明", "# 附录")
    assert "1. 以上报价以人民币计价。单价不含税，增值税按各行所列税率另行计算并计入合计。" in terms
    assert "2. 按年、按月计费的项目分别合计" in terms and "已含增值税" not in markdown

    included = ws.proposals.draft("tech-proposal-zh", {**ZH, "unit_prices": "含税", "pricing": ZH["pricing"][:2]},
                                  matched={}).markdown
    table = _section(included, "## 报价明细", "## 报价说明")
    assert "| 序号 | 项目 | 数量 | 单位 | 单价（含税） | 税率 | 金额 |" in table  # one kind: no billing column
    assert "| | <!-- span -->其中税额（13%，计税金额 ¥18,000.00） | | | | | ¥2,070.80 |" in table
    assert "| | <!-- span -->**合计（含税）** | | | | | ¥45,000.00 |" in table
    assert "**合计（大写）**：人民币肆万伍仟元整" in table
    assert "单价为含税价，合计即含税总价" in included and "按年、按月" not in included

    one_rate = ws.proposals.draft("tech-proposal-zh", {**ZH, "discount_rate": "", "pricing": ZH["pricing"][1:2]},
                                  matched={}).markdown
    table = _section(one_rate, "## 报价明细", "## 报价说明")
    assert [line for line in table.splitlines() if line.startswith(("| |", "| <!--"))] == [
        "| | <!-- span -->增值税（6%） | | | | ¥1,800.00 |",
        "| | <!-- span -->**合计（含税）** | | | | ¥31,800.00 |",
        "| <!-- span -->**合计（大写）**：人民币叁万壹仟捌佰元整 | | | | | |",
    ]
    assert "单价不含税，增值税按6% 的税率另行计算并计入合计。" in one_rate


def test_the_english_proposal_prices_in_table_rows(ws: Workspace) -> None:
    markdown, lines = _pricing(ws, "tech-proposal-en", EN)
    assert lines[0] == "| # | Item | Billing | Quantity | Unit | Unit price (excl. tax) | Tax rate | Amount |"
    assert "| 3 | Support | Annual | 1 | year | $5,000.00 | 6% | $5,000.00 |" in lines
    gap = " | | | | |"
    assert f"| | <!-- span -->Tax (13% on $18,000.00) |{gap} $2,340.00 |" in lines
    assert f"| | <!-- span -->**One-time total incl. tax** |{gap} $48,960.00 |" in lines
    assert f"| | <!-- span -->**Annual recurring subtotal** |{gap} $5,000.00 |" in lines
    assert f"| | <!-- span -->**Annual recurring total (per year) incl. tax** |{gap} $4,770.00 |" in lines
    assert "$53,730.00" not in markdown
    assert "Unit prices exclude tax; tax is added at the rate shown for each item." in markdown
    assert "include tax at the rate shown" not in markdown
    included = ws.proposals.draft("tech-proposal-en", {**EN, "unit_prices": "include tax"}, matched={}).markdown
    assert "| | <!-- span -->Of which tax (13% on $18,000.00) | | | | | | $2,070.80 |" in included
    assert 'Unit prices include tax; the tax they contain is shown as "of which tax".' in included
    untaxed = ws.proposals.draft("tech-proposal-en", {**EN, "tax_rate": 0, "discount_rate": None,
                                                      "pricing": EN["pricing"][1:2]}, matched={}).markdown
    table = _section(untaxed, "# Pricing", "Terms:")
    assert [line for line in table.splitlines() if line.startswith(("| |", "| <!--"))] == ["| | <!-- span -->**Total** | | | | $30,000.00 |"]
    assert "Prices exclude applicable taxes and duties." in untaxed


def test_a_150_percent_discount_is_refused_and_nothing_is_saved(ws: Workspace) -> None:
    for name, raw in (("tech-proposal-zh", ZH), ("tech-proposal-en", EN)):
        with pytest.raises(WorkbenchError) as caught:
            ws.proposals.create(ws.actor(), name, {**raw, "discount_rate": "150%"})
        assert caught.value.code == "proposal_inputs"
        assert [p.field for p in caught.value.params["problems"]] == ["discount_rate"]
        assert "Discount (%) (discount_rate) must be a percentage between 0 and 100 ('150')." in caught.value.message("en")
        assert "“折扣率（%） (discount_rate)”应为 0 到 100 之间的百分比（“150”）。" in caught.value.message("zh")
    assert ws.proposals.all() == []
