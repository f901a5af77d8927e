"""The Proposals screen gives its list a fair share of the height: about ten proposals in view
at 1600x1000 and six at 1280x720, with the draft editor still a usable size below; where the
person drags the handle between them is kept for the next time."""

from __future__ import annotations

import pytest

from workbench.gui.views.main_window import MainWindow
from workbench.gui.views.proposals_view import ProposalsView


def rows_in_view(view: ProposalsView) -> float:
    return view.table.viewport().height() / view.table.verticalHeader().defaultSectionSize()


@pytest.mark.parametrize(("size", "rows"), [((1600, 1000), 10), ((1280, 720), 6)])
def test_the_list_shows_enough_proposals_and_the_draft_stays_usable(
        qtbot, window: MainWindow, size: tuple[int, int], rows: int) -> None:  # type: ignore[no-untyped-def]
    window.resize(*size)
    window.nav.setCurrentRow(2)
    view = window.proposals
    qtbot.waitUntil(lambda: view.isVisible() and abs(window.height() - size[1]) < 2, timeout=5_000)
    qtbot.waitUntil(lambda: rows_in_view(view) >= rows, timeout=5_000)
    assert view.editor.height() >= 5 * view.editor.fontMetrics().lineSpacing()
    assert view.editor.height() > view.table.height() * 0.6


def test_the_handle_stays_where_the_person_left_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.resize(1600, 1000)
    window.nav.setCurrentRow(2)
    view = window.proposals
    qtbot.waitUntil(lambda: view.isVisible() and view.split.sizes()[0] > 0, timeout=5_000)
    top = view.split.sizes()[0]
    view.split.moveSplitter(top + 120, 1)  # as a drag does: the signal that saves it follows
    moved = view.split.sizes()
    assert moved[0] == top + 120

    again = ProposalsView(window.ctx)
    qtbot.addWidget(again)
    again.resize(view.size())
    again.show()
    qtbot.waitUntil(lambda: again.split.sizes()[0] > 0, timeout=5_000)
    assert abs(again.split.sizes()[0] - moved[0]) <= 5  # not the 42% share of a first start
    assert abs(again.split.sizes()[0] - top) > 100
