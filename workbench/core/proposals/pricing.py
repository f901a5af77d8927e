"""Money: amounts, discount, tax and totals computed with Decimal, never typed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "HKD": "HK$", "TWD": "NT$"}


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    discount: Decimal
    after_discount: Decimal
    tax: Decimal
    total: Decimal


def price_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row with quantity and unit price gains ``amount`` = quantity × unit price."""
    priced = []
    for row in rows:
        quantity, unit_price = row.get("quantity"), row.get("unit_price")
        amount = cents(quantity * unit_price) if quantity is not None and unit_price is not None else Decimal(0)
        priced.append({**row, "amount": amount})
    return priced


def totals(rows: list[dict[str, Any]], discount_rate: Decimal | None, tax_rate: Decimal | None) -> Totals:
    subtotal = cents(sum((r["amount"] for r in rows), Decimal(0)))
    discount = cents(subtotal * (discount_rate or Decimal(0)) / HUNDRED)
    after = subtotal - discount
    tax = cents(after * (tax_rate or Decimal(0)) / HUNDRED)
    return Totals(subtotal, discount, after, tax, after + tax)


def format_money(value: Decimal | None, currency: str = "CNY") -> str:
    if value is None:
        return ""
    symbol = SYMBOLS.get(currency, currency + " ")
    sign = "-" if value < 0 else ""
    return f"{sign}{symbol}{abs(cents(value)):,.2f}"
