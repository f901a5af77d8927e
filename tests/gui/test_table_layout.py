"""The knowledge table at laptop size: the title keeps a readable share of the table (the other
columns give up width, the least needed first, and show their whole value in a tooltip), and
nothing gives up width where there is room for everything."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView

from workbench.gui.models.knowledge_table import COLUMNS
from workbench.gui.views.main_window import MainWindow
from workbench.gui.views.title_first import TITLE_SHARE

KNOWLEDGE_ROW = 1


def widths(window: MainWindow) -> dict[str, int]:
    table = window.knowledge.table
    return {name: table.columnWidth(c) for c, name in enumerate(COLUMNS) if not table.isColumnHidden(c)}


def at_size(qtbot, window: MainWindow, width: int, height: int) -> dict[str, int]:  # type: ignore[no-untyped-def]
    window.resize(width, height)
    table = window.knowledge.table
    qtbot.waitUntil(lambda: table.viewport().width() > 0 and sum(widths(window).values())
                    <= table.viewport().width() + 1, timeout=5_000)
    return widths(window)


def test_the_title_keeps_its_share_at_laptop_size_and_the_rest_elides(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.nav.setCurrentRow(KNOWLEDGE_ROW)
    table = window.knowledge.table
    roomy = at_size(qtbot, window, 1600, 1000)
    wanted = window.knowledge.title_first.wanted
    assert all(roomy[name] == wanted[COLUMNS.index(name)] for name in roomy if name != "title")  # nothing gave up

    laptop = at_size(qtbot, window, 1280, 720)
    viewport = table.viewport().width()
    assert laptop["title"] >= int(TITLE_SHARE * viewport) - 1
    assert laptop["title"] >= table.fontMetrics().horizontalAdvance("标" * 16)  # a Chinese title reads
    assert laptop["tags"] < roomy["tags"]  # the least needed gave up width first...
    assert laptop["kind"] == roomy["kind"] and laptop["review_by"] == roomy["review_by"]  # ...these kept theirs
    assert table.horizontalHeader().sectionResizeMode(COLUMNS.index("title")) == QHeaderView.ResizeMode.Stretch
    # an elided header says its whole title; an elided cell what it holds
    header = table.horizontalHeader()
    assert header.textElideMode() == Qt.TextElideMode.ElideRight
    product = COLUMNS.index("product")
    assert table.model().headerData(product, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == \
        table.model().headerData(product, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "Product"
    proxy = table.model()
    tagged = next(r for r in range(proxy.rowCount()) if proxy.index(r, COLUMNS.index("tags")).data())
    for name in ("title", "tags", "industry", "owner"):
        index = proxy.index(tagged, COLUMNS.index(name))
        assert index.data(0) and index.data(3) == index.data(0)  # DisplayRole, ToolTipRole


def test_a_column_widened_by_hand_gets_its_width_back_when_there_is_room(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.nav.setCurrentRow(KNOWLEDGE_ROW)
    table = window.knowledge.table
    at_size(qtbot, window, 1600, 1000)
    table.horizontalHeader().resizeSection(COLUMNS.index("product"), 150)  # dragged wider
    assert at_size(qtbot, window, 1280, 720)["product"] < 150
    assert at_size(qtbot, window, 1600, 1000)["product"] == 150
    # a column shown again from the header's menu makes the others fit again
    table.setColumnHidden(COLUMNS.index("updated"), False)
    assert "updated" in widths(window)
    qtbot.waitUntil(lambda: widths(window)["title"] >= int(TITLE_SHARE * table.viewport().width()) - 1, timeout=5_000)


def test_the_proposal_title_keeps_its_share_at_laptop_size(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from tests.reviewing import new_proposal

    ws = window.ctx.ws
    assert ws is not None
    number = new_proposal(ws)
    view = window.proposals
    window.nav.setCurrentRow(window.stack.indexOf(view))
    window.resize(1280, 720)
    view.reload(select=number)
    qtbot.waitUntil(lambda: view.current is not None and view.current.number == number, timeout=10_000)
    table = view.table
    title = view.title_first.title_column
    qtbot.waitUntil(lambda: table.columnWidth(title) >= int(0.3 * table.viewport().width()) - 1, timeout=5_000)
    assert table.columnWidth(title) >= table.fontMetrics().horizontalAdvance("标" * 16)
    index = table.model().index(0, title)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == index.data()  # elided or not, the whole title


def test_widths_given_up_in_a_narrow_window_are_not_kept_for_the_next_start(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.nav.setCurrentRow(KNOWLEDGE_ROW)
    roomy = at_size(qtbot, window, 1600, 1000)
    assert at_size(qtbot, window, 1280, 720)["tags"] < roomy["tags"]
    window.knowledge.save_state()  # as closing the window does, at laptop size
    window.knowledge._restore_state()  # the next start...
    assert at_size(qtbot, window, 1600, 1000)["tags"] == roomy["tags"]  # ...in a wider window
