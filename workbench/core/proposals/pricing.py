"""Money: a quote's amounts, discount, tax and totals computed with Decimal, never typed.

A quote is the rows of a pricing table (item, quantity, unit price, and optionally the row's own
tax rate and billing kind) plus the quote's discount rate, default tax rate and tax basis (the
unit prices include tax, or exclude it). Totals are kept apart per billing kind (one-time,
annual, monthly): a one-time price and a yearly fee are never added into one figure. Within a
kind the tax is computed per tax rate, so a 13 % hardware row and a 6 % service row each carry
their own rate.

Amounts are computed to the cent, except in a currency whose amounts are whole (``WHOLE_UNITS``):
a New Taiwan dollar quote rounds each row's amount, the discount and the tax to the dollar, as
Taiwan's invoices (統一發票) and 營業稅 do, so that every figure the customer reads is whole and
the figures add up as shown.

The limits below are what a quote may hold (``row_problems``, ``rate_problem``,
``total_problem``); the proposal inputs are checked against them before anything is priced."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "HKD": "HK$", "TWD": "NT$"}
# Currencies quoted in whole units: the yen and the won have no smaller coin in use; New Taiwan
# dollar prices, invoices and tax are written in whole dollars in practice (NT$2,800,000, not
# NT$2,800,000.00), although ISO 4217 gives it two decimals.
WHOLE_UNITS = frozenset({"TWD", "JPY", "KRW"})
ONE = Decimal(1)

MAX_QUANTITY = Decimal(1_000_000_000)
MAX_AMOUNT = Decimal("99999999999.99")  # below 1,000 亿: with tax (at most 100 %) a total stays below 1 万亿
MAX_RATE = HUNDRED

# Billing kinds, in the order their totals are shown; a template names them in its own language.
ONE_TIME, ANNUAL, MONTHLY = "one-time", "annual", "monthly"
BILLING_KINDS = (ONE_TIME, ANNUAL, MONTHLY)
_KIND_NAMES = {
    ONE_TIME: ("one-time", "one time", "once", "一次性"),
    ANNUAL: ("annual", "yearly", "per year", "按年", "每年", "年付"),
    MONTHLY: ("monthly", "per month", "按月", "每月", "月付"),
}
_KINDS = {name.casefold(): kind for kind, names in _KIND_NAMES.items() for name in names}
# What a template's "unit prices" choice may say when the unit prices already include tax.
_INCLUSIVE = {"tax-inclusive", "include tax", "including tax", "含税", "单价含税", "含稅", "單價含稅"}


def cents(value: Decimal) -> Decimal:
    return _round(value, CENT)


def step_of(currency: str) -> Decimal:
    """What a computed amount in ``currency`` is rounded to: one unit or one cent."""
    return ONE if currency in WHOLE_UNITS else CENT


def _round(value: Decimal, step: Decimal) -> Decimal:
    return value.quantize(step, rounding=ROUND_HALF_UP)


def billing_kind(value: Any) -> str | None:
    """The billing kind a cell names (English or Chinese, any case); one-time when blank;
    None when it names none of them."""
    text = "" if value is None else str(value).strip()
    if not text:
        return ONE_TIME
    return _KINDS.get(text.casefold())


def prices_include_tax(value: Any) -> bool:
    """Whether a template's tax-basis choice says the unit prices include tax (blank: they do not)."""
    return str(value or "").strip().casefold() in _INCLUSIVE


# --- limits --------------------------------------------------------------------------------------

def rate_problem(rate: Decimal | None) -> tuple[str, str] | None:
    """(code, detail) when a percentage (discount or tax rate) is outside 0–100 %."""
    if rate is not None and not Decimal(0) <= rate <= MAX_RATE:
        return "percent", f"{rate.normalize():f}"
    return None


def row_problems(row: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(column, code, detail) for each value of a pricing row outside what a quote may hold.
    Negative numbers are refused earlier, by the input coercion."""
    out: list[tuple[str, str, str]] = []
    quantity, unit_price = row.get("quantity"), row.get("unit_price")
    if quantity is not None and quantity > MAX_QUANTITY:
        out.append(("quantity", "too_large", f"{quantity:f} > {MAX_QUANTITY:,}"))
        quantity = None
    if unit_price is not None and unit_price > MAX_AMOUNT:
        out.append(("unit_price", "too_large", f"{unit_price:f} > {MAX_AMOUNT:,}"))
        unit_price = None
    if quantity is not None and unit_price is not None and quantity * unit_price > MAX_AMOUNT:
        out.append(("unit_price", "too_large", f"{quantity:f} × {unit_price:f} > {MAX_AMOUNT:,}"))
    problem = rate_problem(row.get("tax_rate"))
    if problem is not None:
        out.append(("tax_rate", *problem))
    return out


def total_problem(rows: Iterable[dict[str, Any]]) -> str | None:
    """The detail when the rows together are more than a quote may hold."""
    total = sum((_amount(r) for r in rows), Decimal(0))
    return f"{total:,.2f} > {MAX_AMOUNT:,}" if total > MAX_AMOUNT else None


# --- pricing -------------------------------------------------------------------------------------

def _amount(row: dict[str, Any], step: Decimal = CENT) -> Decimal:
    quantity, unit_price = row.get("quantity"), row.get("unit_price")
    return _round(quantity * unit_price, step) if quantity is not None and unit_price is not None else Decimal(0)


def price_rows(rows: list[dict[str, Any]], tax_rate: Decimal | None = None, step: Decimal = CENT) -> list[dict[str, Any]]:
    """Each row gains ``amount`` = quantity × unit price (to the cent, or to the ``step`` of the
    quote's currency), its effective ``tax_rate`` (its own, else the quote's) and its
    ``billing`` kind (one-time when not given)."""
    default_rate = tax_rate or Decimal(0)
    priced = []
    for row in rows:
        own_rate = row.get("tax_rate")
        kind = billing_kind(row.get("billing")) or ONE_TIME
        priced.append({**row, "amount": _amount(row, step),
                       "tax_rate": default_rate if own_rate is None else own_rate, "billing": kind})
    return priced


@dataclass(frozen=True)
class TaxLine:
    """The tax at one rate: ``base`` is what it is computed on (after discount; tax-inclusive
    when the prices include tax)."""

    rate: Decimal
    base: Decimal
    tax: Decimal


@dataclass(frozen=True)
class Totals:
    """The totals of one billing kind. With tax-exclusive prices ``total`` = ``after_discount`` +
    ``tax``; with tax-inclusive prices ``total`` = ``after_discount`` and ``tax`` is the part of
    it that is tax ("of which tax")."""

    kind: str
    subtotal: Decimal
    discount: Decimal
    after_discount: Decimal
    tax: Decimal
    total: Decimal
    taxes: tuple[TaxLine, ...] = ()

    @property
    def total_in_capitals(self) -> str:
        """The total in Chinese capitals (人民币大写), e.g. 壹拾贰万叁仟肆佰伍拾陆元柒角捌分."""
        return rmb_capitals(self.total)

    @property
    def total_in_traditional_capitals(self) -> str:
        """The same in Traditional characters (大寫金額 in Taiwan and Hong Kong), e.g.
        壹拾貳萬參仟肆佰伍拾陸元柒角捌分."""
        return traditional_capitals(self.total)


def _kind_totals(kind: str, rows: list[dict[str, Any]], discount_rate: Decimal, included: bool,
                 step: Decimal = CENT) -> Totals:
    by_rate: dict[Decimal, Decimal] = {}
    for row in rows:
        rate = row["tax_rate"].normalize()
        by_rate[rate] = by_rate.get(rate, Decimal(0)) + row["amount"]
    lines = []
    discount = Decimal(0)
    for rate in sorted(by_rate, reverse=True):
        base = by_rate[rate]
        part = _round(base * discount_rate / HUNDRED, step)
        discount += part
        after = base - part
        tax = _round(after * rate / (HUNDRED + rate) if included else after * rate / HUNDRED, step)
        lines.append(TaxLine(rate, after, tax))
    subtotal = _round(sum(by_rate.values(), Decimal(0)), step)
    after_discount = subtotal - discount
    tax = sum((line.tax for line in lines), Decimal(0))
    total = after_discount if included else after_discount + tax
    return Totals(kind, subtotal, discount, after_discount, tax, total, tuple(line for line in lines if line.rate))


def totals(rows: list[dict[str, Any]], discount_rate: Decimal | None, tax_rate: Decimal | None) -> Totals:
    """The totals of priced rows taken as one kind, at one tax rate added to the prices."""
    rate = tax_rate or Decimal(0)
    return _kind_totals(ONE_TIME, [{**r, "tax_rate": rate} for r in rows], discount_rate or Decimal(0), False)


@dataclass(frozen=True)
class Quote:
    """A priced pricing table: ``rows`` (with ``amount``, ``tax_rate``, ``billing``), and the
    totals per billing kind present, in the order one-time, annual, monthly (never summed)."""

    rows: list[dict[str, Any]]
    kinds: tuple[Totals, ...]
    discount_rate: Decimal
    tax_rate: Decimal
    tax_included: bool
    step: Decimal = CENT  # what its computed amounts are rounded to (``step_of`` its currency)

    @property
    def rates(self) -> list[Decimal]:
        """The distinct tax rates of the rows, highest first."""
        return sorted({r["tax_rate"].normalize() for r in self.rows}, reverse=True)

    @property
    def mixed_rates(self) -> bool:
        """Rows carry different tax rates (a tax-rate column is then worth showing)."""
        return len(self.rates) > 1

    @property
    def taxed(self) -> bool:
        return any(r["tax_rate"] for r in self.rows)

    def _only_kind(self) -> Totals:
        if len(self.kinds) > 1:
            raise ValueError("this quote has one-time and recurring costs: their totals are in totals.kinds, "
                             "one per billing kind, and are never added together")
        return self.kinds[0] if self.kinds else _kind_totals(ONE_TIME, [], self.discount_rate, self.tax_included, self.step)

    # A template written before billing kinds reads these; they exist while there is one kind.
    subtotal = property(lambda self: self._only_kind().subtotal)
    discount = property(lambda self: self._only_kind().discount)
    after_discount = property(lambda self: self._only_kind().after_discount)
    tax = property(lambda self: self._only_kind().tax)
    total = property(lambda self: self._only_kind().total)

    @property
    def recurring(self) -> bool:
        """Some row is billed yearly or monthly (a billing column is then worth showing)."""
        return any(r["billing"] != ONE_TIME for r in self.rows)


def quote(rows: list[dict[str, Any]], discount_rate: Decimal | None = None, tax_rate: Decimal | None = None,
          tax_basis: Any = None, currency: str = "CNY") -> Quote:
    """Price the rows and total them per billing kind. ``tax_basis`` is the template's choice of
    whether the unit prices include tax (see :func:`prices_include_tax`); not given, they exclude it.
    ``currency``: the template's; in one of ``WHOLE_UNITS`` every computed amount is whole."""
    included = prices_include_tax(tax_basis)
    discount = discount_rate or Decimal(0)
    step = step_of(currency)
    priced = price_rows(rows, tax_rate, step)
    kinds = tuple(_kind_totals(kind, [r for r in priced if r["billing"] == kind], discount, included, step)
                  for kind in BILLING_KINDS if any(r["billing"] == kind for r in priced))
    return Quote(priced, kinds, discount, tax_rate or Decimal(0), included, step)


def format_money(value: Decimal | None, currency: str = "CNY") -> str:
    """An amount with its currency's symbol, to the cent; in a currency of ``WHOLE_UNITS`` a
    whole amount without decimals (NT$2,800,000), and one that is not (a unit price typed as
    NT$12.50) to the cent, as typed."""
    if value is None:
        return ""
    symbol = SYMBOLS.get(currency, currency + " ")
    sign = "-" if value < 0 else ""
    amount = abs(cents(value))
    if currency in WHOLE_UNITS and amount == amount.to_integral_value():
        return f"{sign}{symbol}{amount:,.0f}"
    return f"{sign}{symbol}{amount:,.2f}"


# --- 人民币大写 ----------------------------------------------------------------------------------

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿")
# Taiwan's and Hong Kong's 大寫 (checks, contracts, 政府採購 bids): the same rules in Traditional
# characters; three is 參 (Taiwan's banks and the Ministry of Finance's forms write 參, not 叁)
_TRADITIONAL = str.maketrans("贰叁陆万亿", "貳參陸萬億")


def traditional_capitals(value: Decimal) -> str:
    """``rmb_capitals`` in Traditional characters: NT$123,456 is 壹拾貳萬參仟肆佰伍拾陸元整."""
    return rmb_capitals(value).translate(_TRADITIONAL)


def rmb_capitals(value: Decimal) -> str:
    """An amount in Chinese capitals as written on cheques and contracts (the rules of the
    People's Bank of China for 中文大写金额, 《支付结算办法》附件一):

    - 拾 always has its digit: ¥16 is 壹拾陆元整;
    - 元 is followed by 整 when there are no 角 and 分; none after 角 or 分: ¥1,409.50 is
      壹仟肆佰零玖元伍角;
    - a run of zeros between two written digits is one 零, also when it spans 万, 元 or 角:
      ¥6,007.14 is 陆仟零柒元壹角肆分, ¥1,680.32 壹仟陆佰捌拾元零叁角贰分, ¥16,409.02
      壹万陆仟肆佰零玖元零贰分, ¥100,010,000 壹亿零壹万元整 (the rules allow leaving out the 零
      after 万 or 元 in some cases; this always writes it, which is allowed and leaves no gap);
    - below one yuan there is no 零元: ¥0.05 is 伍分; ¥0 is 零元整.

    Rounds to the cent; refuses a negative amount and one of 1 万亿 or more (ValueError)."""
    amount = cents(value)
    if amount < 0:
        raise ValueError(f"a negative amount has no Chinese capitals: {value}")
    if amount >= Decimal(10) ** 12:
        raise ValueError(f"amount too large for Chinese capitals: {value}")
    fen_total = int(amount * 100)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    if fen_total == 0:
        return "零元整"
    out: list[str] = []
    zero = False  # a zero was skipped since the last written digit

    def digit(d: int, unit: str) -> None:
        nonlocal zero
        if d == 0:
            zero = True
            return
        if zero and out:
            out.append("零")
        out.append(_DIGITS[d] + unit)
        zero = False

    text = str(yuan) if yuan else ""
    for position, char in enumerate(text):
        place = len(text) - 1 - position
        digit(int(char), _PLACES[place % 4])
        if place % 4 == 0 and place and int(text[max(0, position - 3): position + 1]):
            out.append(_GROUPS[place // 4])  # 万 / 亿 after a group that has a digit
    if yuan:
        out.append("元")
    digit(jiao, "角")
    digit(fen, "分")
    if not (jiao or fen):
        out.append("整")
    return "".join(out)
