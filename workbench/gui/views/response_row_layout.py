"""How the row editor shares its height on a small screen: the customer's requirement is read whole
(up to a few lines), the response keeps its height, the suggestions give way."""

from __future__ import annotations

from workbench.gui.qt import QLabel, QSplitter, Qt, QTextBrowser, QWidget

REQUIREMENT_LINES = 6  # a longer requirement scrolls in its box
REQUIREMENT_SHARE = 0.45  # of the editor's height, at most


def fit_requirement(split: QSplitter, requirement: QTextBrowser, middle: QWidget) -> None:
    """The first part of ``split`` (a heading, a meta line and ``requirement``) as tall as the
    requirement's text, up to REQUIREMENT_LINES lines and REQUIREMENT_SHARE of the split; the room
    is taken from (or given to) ``middle`` (the suggestions) down to its smallest, then from the
    last part (the response). On a 720-pixel screen a three-line requirement showed two lines."""
    sizes = split.sizes()
    total = sum(sizes)
    if total <= 0 or not split.isVisible():
        return
    document = requirement.document()
    document.setTextWidth(requirement.viewport().width())
    line = requirement.fontMetrics().lineSpacing()
    text = min(document.size().height(), REQUIREMENT_LINES * line + 2 * document.documentMargin())
    fixed = sizes[0] - requirement.height()  # the heading, the meta line and the spacing
    want = min(int(fixed + text + 2 * requirement.frameWidth() + 1), int(total * REQUIREMENT_SHARE))
    kept = max(sizes[1] - (want - sizes[0]), middle.minimumSizeHint().height())
    split.setSizes([want, kept, max(total - want - kept, 0)])


def elide(label: QLabel, text: str) -> None:
    """``text`` on one line of ``label``, cut in the middle to its width (the whole in a tooltip)."""
    label.setText(label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, max(label.width(), 80)))
