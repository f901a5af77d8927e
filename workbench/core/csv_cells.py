"""CSV files made to be opened in a spreadsheet: text that a spreadsheet would run as a formula
is written inert.

Excel, LibreOffice and Google Sheets treat a cell that begins with ``=``, ``+``, ``-`` or ``@``
as a formula (``=cmd|' /C calc'!A0`` starts a program through DDE), and a leading tab or
carriage return hides such a start from a naive check. Any of our text can hold what a colleague
typed (a competitor's name, a customer, a title), so every text cell that begins with one of
those characters gets a leading apostrophe, the spreadsheet convention for "this is text"
(OWASP's advice for CSV injection). Numbers we computed are written as they are: they are ours,
and a negative amount must stay a number."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(value: object) -> object:
    """The cell as it should be written: text that would start a formula gets a leading ``'``;
    numbers (int, float, Decimal) are unchanged, None is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)):
        return value
    text = str(value)
    inert = "'" + text if text.startswith(FORMULA_STARTS) else text
    # a lone carriage return would end the row in Excel yet is not quoted by a writer whose
    # lines end in \n: line breaks inside a cell are written as \n (and so quoted)
    return inert.replace("\r\n", "\n").replace("\r", "\n")


def csv_text(headers: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """The whole table as CSV text (``\\n`` line ends), every cell passed through ``inert_cell``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([inert_cell(h) for h in headers])
    for row in rows:
        writer.writerow([inert_cell(v) for v in row])
    return out.getvalue()
