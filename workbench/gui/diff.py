"""Two revisions side by side as HTML, for the proposal editor and the review pane."""

from __future__ import annotations

import difflib
import re

STYLE = ("<style>td{font-size:9pt;padding:1px 4px} .diff_add{background:#e6ffed} "
         ".diff_chg{background:#fff5b1} .diff_sub{background:#ffeef0} th{background:#f3f5f8}</style>")


def side_by_side(old: str, new: str, old_label: str, new_label: str) -> str:
    table = difflib.HtmlDiff(wrapcolumn=70).make_table(
        old.splitlines(), new.splitlines(), old_label, new_label, context=True, numlines=2)
    # difflib's "next change" links jump inside a browser page; in a QTextBrowser they are noise
    return STYLE + re.sub(r'<a href="#difflib_chg_[^"]*">[^<]*</a>', "", table)
