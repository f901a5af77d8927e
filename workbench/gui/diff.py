"""Two revisions side by side as HTML, for the proposal editor and the review pane.

Each row holds one line of each revision; the view wraps a long line inside its cell, so the
line numbers and the change colours of both sides stay on the same row. A line breaks at a
space, and between two Chinese words (segmented with rjieba), never inside a Latin word, a
number or a Chinese word ("objective", "99.95%", "数据中台" stay whole)."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from workbench.core.proposals.textwidth import CJK_WORD
from workbench.gui.palette import DIFF_ADDED, DIFF_CHANGED, DIFF_HEADER, DIFF_REMOVED

STYLE = (f"<style>td{{font-size:9pt;padding:1px 4px}} .diff_add{{background:{DIFF_ADDED}}} "
         f".diff_chg{{background:{DIFF_CHANGED}}} .diff_sub{{background:{DIFF_REMOVED}}} "
         f"th{{background:{DIFF_HEADER}}}</style>")
# between the characters of one Chinese word: no line break there, and nothing to see
WORD_JOINER = "\u2060"
# a line's text cell: difflib makes every space a no-break space and asks for no wrapping,
# which left the view only the choice to break anywhere ("objec / tive")
_TEXT_CELL = re.compile(r'<td nowrap="nowrap">(.*?)</td>')
TEXT_SHARE = 45  # percent of the width for each revision's text
NUMBER_WIDTH = 40  # pixels for a line number (four digits at 9 pt, and the padding)
_INDENT = re.compile(r"^(?:<span [^>]*>)?(?:&nbsp;)*")


@lru_cache(maxsize=4096)
def _cut(run: str) -> tuple[str, ...]:
    import rjieba

    return tuple(rjieba.cut(run))


def hold_words(line: str) -> str:
    """``line`` with a word joiner inside every Chinese word of two or more characters."""
    return CJK_WORD.sub(lambda m: "".join(WORD_JOINER.join(w) for w in _cut(m.group())), line)


def _breakable(cell: re.Match[str]) -> str:
    """Spaces the view may break a line at again; the indentation stays as it is."""
    text = cell.group(1)
    indent = _INDENT.match(text)
    at = indent.end() if indent else 0
    return f'<td width="{TEXT_SHARE}%">{text[:at]}{text[at:].replace("&nbsp;", " ")}</td>'


def side_by_side(old: str, new: str, old_label: str, new_label: str) -> str:
    table = difflib.HtmlDiff().make_table(
        [hold_words(line) for line in old.splitlines()], [hold_words(line) for line in new.splitlines()],
        old_label, new_label, context=True, numlines=2)
    # difflib's "next change" links jump inside a browser page; in a QTextBrowser they are noise
    table = re.sub(r'<a href="#difflib_chg_[^"]*">[^<]*</a>', "", table)
    table = table.replace('<table class="diff"', '<table class="diff" width="100%"', 1)
    # the line numbers keep a width of their own: squeezed by the text, "171" stood on three lines
    table = table.replace('<td class="diff_header"', f'<td class="diff_header" width="{NUMBER_WIDTH}"')
    return STYLE + _TEXT_CELL.sub(_breakable, table)
