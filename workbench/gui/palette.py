"""The app's colours by what they mean, in one place: table models, charts, rich text and the
stylesheet (app.py fills the ``@name`` placeholders of workbench.qss from here)."""

from __future__ import annotations

import re

TEXT = "#1f2a37"  # body text, chart labels
MUTED = "#5f6b7a"  # hints, secondary text
HEADING = "#16324f"  # a search result's title
MATCHED = "#2f6f3e"  # the words a search result matched
FADED = "#8a8f98"  # retired or archived rows
INACTIVE = "#8a94a3"  # deactivated people
DANGER = "#c0392b"  # overdue dates, stale knowledge
ERROR = "#b02a37"  # a field that needs fixing, an overdue review
WARN_BACKGROUND = "#fff4e5"  # a row whose milestone is due soon
SELECTED = "#dbe9ff"  # a selected search result
HOVER = "#f3f7fd"  # a search result under the mouse
HIGHLIGHT = "#fff0a8"  # matched words in a search result
TAG_BACKGROUND = "#e8eef7"
TAG_TEXT = "#1f4e8c"
BANNER_BACKGROUND = "#fff4d6"  # the lost-connection banner
BANNER_BORDER = "#e8c66a"
BANNER_TEXT = "#5c3d00"
DIFF_ADDED = "#e6ffed"
DIFF_CHANGED = "#fff5b1"
DIFF_REMOVED = "#ffeef0"
SURFACE = "#f3f5f8"  # table headers, the diff's header row
DIFF_HEADER = SURFACE
# charts
WON = "#2f7d4f"
LOST = "#b54a3c"
NEUTRAL = "#3d6fb6"
LIGHT = "#9db7de"
LINE = "#e08a1e"
GRID = "#e3e7ed"
PAPER = "#ffffff"
# the stylesheet
SECONDARY = "#3b4756"  # meta lines, facet and section headings
NAV_BACKGROUND = TEXT
NAV_TEXT = "#d7dde5"
NAV_SELECTED = "#2c3b4d"
NAV_HOVER = "#263342"
ACCENT = "#3d8bfd"
BORDER = "#d9dee5"
TABLE_SELECTION = "#cfe2ff"
ERROR_BACKGROUND = "#fbeaec"
NOTICE_TEXT = "#7a5200"  # on BANNER_BACKGROUND: duplicates, demo data
NOTE_BACKGROUND = "#e7f1ff"  # a restored draft
NOTE_TEXT = "#1f3f6b"

_PLACEHOLDER = re.compile(r"@([A-Z_]+)\b")


def stylesheet(text: str) -> str:
    """``text`` with each ``@NAME`` replaced by the colour of that name here."""
    names = globals()
    return _PLACEHOLDER.sub(lambda m: str(names[m.group(1)]), text)

