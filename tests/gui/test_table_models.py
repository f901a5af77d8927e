"""The shared table model, tested without a view: declared columns give display, sort key,
alignment, tooltip and colours; the review queue is built from it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSortFilterProxyModel, Qt

from workbench.core.reviews.model import ReviewStatus
from workbench.core.reviews.states import ReviewState
from workbench.gui import palette
from workbench.gui.models.review_queue import STATUS_ROLE, ReviewQueueModel
from workbench.gui.models.table import ROW_ROLE, SORT_ROLE, Column, RowTableModel

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def _status(number: str, due: dt.datetime, escalated: str | None = None) -> ReviewStatus:
    return ReviewStatus(number, f"Proposal {number}", "Contoso", "alice", "tech-proposal-en", ReviewState.TIER_1,
                        1, 1, None, NOW - dt.timedelta(days=1), due, escalated, None, "alice", "submit", 1,
                        author_label="Alice")


def test_declared_columns_answer_every_role(qtbot) -> None:  # type: ignore[no-untyped-def]
    model: RowTableModel[tuple[str, int]] = RowTableModel([
        Column("Name", lambda r: r[0], tooltip=lambda r: f"called {r[0]}"),
        Column("Size", lambda r: f"{r[1]:,}", sort_key=lambda r: r[1], align=Qt.AlignmentFlag.AlignRight,
               foreground=lambda r: palette.DANGER if r[1] > 1000 else None),
    ], background=lambda r: palette.WARN_BACKGROUND if r[0] == "b" else None)
    model.set_rows([("a", 20_000), ("b", 3), ("c", 100)])
    assert (model.rowCount(), model.columnCount()) == (3, 2)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Size"
    size = model.index(0, 1)
    assert size.data() == "20,000" and size.data(SORT_ROLE) == 20_000 and size.data(ROW_ROLE) == ("a", 20_000)
    assert size.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight.value
    assert size.data(Qt.ItemDataRole.ForegroundRole).color().name() == palette.DANGER
    assert model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole).color().name() == palette.WARN_BACKGROUND
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(2, 0).data(Qt.ItemDataRole.ToolTipRole) == "called c"
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(1)  # by number, not by the text "20,000" < "3"
    assert [proxy.index(i, 0).data() for i in range(3)] == ["b", "c", "a"]


def test_the_review_queue_marks_overdue_and_escalated_rows(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = ReviewQueueModel()
    late, calm, pushed = (_status("P-1", NOW - dt.timedelta(hours=1)), _status("P-2", NOW + dt.timedelta(days=2)),
                          _status("P-3", NOW + dt.timedelta(days=2), escalated="sara"))
    model.set_rows([late, calm, pushed], now=NOW)
    assert model.row_of("P-2") == 1 and model.index(1, 0).data(STATUS_ROLE) is calm
    assert model.index(0, 4).data().endswith("overdue") and not model.index(1, 4).data().endswith("overdue")
    assert model.index(0, 4).data(Qt.ItemDataRole.ForegroundRole).color().name() == palette.ERROR
    assert model.index(2, 3).data().endswith("escalated")
    backgrounds = [model.index(i, 0).data(Qt.ItemDataRole.BackgroundRole) for i in range(3)]
    assert backgrounds[1] is None and all(b.color().name() == palette.WARN_BACKGROUND for b in (backgrounds[0], backgrounds[2]))
    title = model.index(0, 1).data()
    assert title and model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == f"{title}\nContoso · Alice"  # whole when elided


def test_the_proposal_table_marks_what_the_core_calls_due_soon(qtbot) -> None:  # type: ignore[no-untyped-def]
    from workbench.core.proposals.model import ProposalStatus, ProposalView
    from workbench.gui.models.proposal_table import PROPOSAL_ROLE, ProposalFilterProxy, ProposalTableModel

    today = dt.date.today()

    def proposal(number: str, deadline: dt.date, status: ProposalStatus = ProposalStatus.DRAFT) -> ProposalView:
        return ProposalView(number, f"Proposal {number}", "Contoso", "retail", "A", "tech-proposal-en", "alice",
                            status, deadline, {}, NOW, NOW, 1, author_label="Alice")

    soon = proposal("P-1", today + dt.timedelta(days=3))
    later = proposal("P-2", today + dt.timedelta(days=60))
    done = proposal("P-3", today + dt.timedelta(days=3), ProposalStatus.SUBMITTED)
    model = ProposalTableModel("en")
    model.set_rows([soon, later, done])
    marked = [model.index(i, 0).data(Qt.ItemDataRole.BackgroundRole) is not None for i in range(3)]
    assert marked == [p.due_soon() is not None for p in (soon, later, done)] == [True, False, False]
    assert model.index(0, 6).data(Qt.ItemDataRole.ForegroundRole).color().name() == palette.DANGER
    assert model.index(0, 6).data() == f"Tier-3 review due · {today.isoformat()}" and model.index(2, 6).data() == ""
    assert model.index(0, 3).data() == "Alice" and model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole) == "alice"
    assert model.index(1, 0).data(PROPOSAL_ROLE) is later and model.row_of("P-3") == 2
    proxy = ProposalFilterProxy()
    proxy.setSourceModel(model)
    proxy.due_soon_only = True
    proxy.refilter()
    assert [proxy.index(i, 0).data() for i in range(proxy.rowCount())] == ["P-1"]


def test_the_proposal_table_names_milestones_in_its_language(qtbot) -> None:  # type: ignore[no-untyped-def]
    from workbench.core.proposals.model import ProposalStatus, ProposalView
    from workbench.gui.models.proposal_table import ProposalTableModel

    today = dt.date.today()
    soon = ProposalView("P-1", "Proposal P-1", "Contoso", "retail", "A", "tech-proposal-en", "alice",
                        ProposalStatus.DRAFT, today + dt.timedelta(days=3), {}, NOW, NOW, 1, author_label="Alice")
    shown = {}
    for lang in ("en", "zh"):
        model = ProposalTableModel(lang)
        model.set_rows([soon])
        shown[lang] = model.index(0, 6).data()
    assert shown == {"en": f"Tier-3 review due · {today.isoformat()}", "zh": f"高级评审截止 · {today.isoformat()}"}


def test_the_retrospectives_list_keeps_the_title_as_tooltip(qtbot) -> None:  # type: ignore[no-untyped-def]
    from workbench.gui.models.retro_list import RetroListModel, RetroRow

    model = RetroListModel()
    model.set_rows([RetroRow("P-7", "Contoso", "CRM renewal", "won · 2026-11-02"),
                    RetroRow("P-9", "Fabrikam", "Field service", "deadline 2026-12-01")])
    assert (model.rowCount(), model.columnCount()) == (2, 3)
    assert [model.headerData(i, Qt.Orientation.Horizontal) for i in range(3)] == ["Number", "Customer", "State"]
    assert [model.index(1, c).data() for c in range(3)] == ["P-9", "Fabrikam", "deadline 2026-12-01"]
    assert {model.index(0, c).data(Qt.ItemDataRole.ToolTipRole) for c in range(3)} == {"CRM renewal"}
    assert model.row_of("P-9") == 1 and model.row_of("P-1") == -1
    assert model.index(0, 0).data(ROW_ROLE).title == "CRM renewal"


def test_near_duplicates_open_the_item_of_the_cell_and_sort_by_overlap(qtbot) -> None:  # type: ignore[no-untyped-def]
    from workbench.core.search.service import DuplicatePair
    from workbench.gui.models.duplicates import DuplicatesModel
    from workbench.gui.models.table import CELL_ROLE

    model = DuplicatesModel()
    model.set_rows([DuplicatePair("sso", "Single sign-on", "saml", "SAML login", 0.82),
                    DuplicatePair("gdpr", "GDPR", "dpa", "Data processing", 0.935)])
    assert model.index(0, 0).data() == "Single sign-on  (sso)" and model.index(1, 2).data() == "94%"
    assert [model.index(0, c).data(CELL_ROLE) for c in range(3)] == ["sso", "saml", None]
    assert model.index(1, 2).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight.value
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(2, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(i, 0).data(CELL_ROLE) for i in range(2)] == ["gdpr", "sso"]


def test_editable_rows_take_what_is_typed_and_give_plain_rows_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    from workbench.gui.models.table import EditableRowsModel

    model = EditableRowsModel([("item", "Item"), ("quantity", "Quantity")])
    changed = []
    model.dataChanged.connect(lambda first, _last, _roles: changed.append((first.row(), first.column())))
    model.append({"item": "Gateway", "quantity": 2})
    model.append({"item": "Service"})
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Quantity"
    assert model.index(0, 1).data() == "2" and model.index(1, 1).data(Qt.ItemDataRole.EditRole) == ""
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(model.index(1, 1), "10") and changed == [(1, 1)]
    assert not model.setData(model.index(1, 1), "x", Qt.ItemDataRole.DisplayRole)
    model.remove(0)
    model.remove(5)  # no such row: nothing happens
    assert model.values() == [{"item": "Service", "quantity": "10"}]


def test_every_table_on_every_screen_is_built_on_the_one_base(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Each screen once copied its own table model: every table view the window and the Users
    dialog show now stands on RowTableModel (behind a sort/filter proxy or not)."""
    from PySide6.QtCore import QAbstractProxyModel
    from PySide6.QtWidgets import QTableView

    for row in range(window.nav.count()):  # the dashboard builds its cards when first shown
        window.nav.setCurrentRow(row)
    dialog = window.open_users()
    assert dialog is not None
    tables = [view for view in window.findChildren(QTableView) + dialog.findChildren(QTableView)
              if not view.objectName().startswith("qt_")]  # Qt's own (a date field's calendar)
    sources = []
    for view in tables:
        model = view.model()
        while isinstance(model, QAbstractProxyModel):
            model = model.sourceModel()
        sources.append(type(model))
    # the screens with tables: knowledge, proposals, reviews, retrospectives, dashboard, responses,
    # search's insights and the Users dialog
    assert len(tables) >= 8, [t.objectName() for t in tables]
    assert {"KnowledgeTableModel", "ProposalTableModel", "ReviewQueueModel", "RetroListModel", "ValuesTableModel",
            "ResponseRowsModel", "DuplicatesModel", "UsersModel"} <= {s.__name__ for s in sources}
    assert [s.__name__ for s in sources if not issubclass(s, RowTableModel)] == []
    dialog.close()
