"""Two revisions side by side as HTML, for the proposal editor and the review pane."""

from __future__ import annotations

import difflib
import re

from workbench.gui.palette import DIFF_ADDED, DIFF_CHANGED, DIFF_HEADER, DIFF_REMOVED

STYLE = (f"<style>td{{font-size:9pt;padding:1px 4px}} .diff_add{{background:{DIFF_ADDED}}} "
         f".diff_chg{{background:{DIFF_CHANGED}}} .diff_sub{{background:{DIFF_REMOVED}}} "
         f"th{{background:{DIFF_HEADER}}}</style>")


def side_by_side(old: str, new: str, old_label: str, new_label: str) -> str:
    table = difflib.HtmlDiff(wrapcolumn=70).make_table(
        old.splitlines(), new.splitlines(), old_label, new_label, context=True, numlines=2)
    # difflib's "next change" links jump inside a browser page; in a QTextBrowser they are noise
    return STYLE + re.sub(r'<a href="#difflib_chg_[^"]*">[^<]*</a>', "", table)
