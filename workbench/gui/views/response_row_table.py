"""The rows of the Responses screen (responses_view.py): the filter buttons (★ open, ▲ open, mine,
unanswered, all, each with its count) and words, the rows table, and moving through it: picking a
row asks first about an answer typed in the row being left, Ctrl+Down / Ctrl+Up step, Ctrl+Enter
saves and goes to the next open row, Alt+1 … Alt+5 accept a suggestion.

The screen is built on this; its strings keep the screen's translation context."""

from __future__ import annotations

from typing import Any, cast

from workbench.core.tender.views import ResponseSheet, RowView
from workbench.gui.models.response_rows import (
    FILTERS,
    RESPONSE_ROW_ROLE,
    STAR,
    TRIANGLE,
    ResponseRowsFilter,
    ResponseRowsModel,
    is_open,
)
from workbench.gui.qt import (
    QAbstractItemView,
    QCoreApplication,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QModelIndex,
    QPalette,
    QShortcut,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTableView,
    QTimer,
    QToolButton,
    QWidget,
)
from workbench.gui.unsaved import confirm_leave
from workbench.gui.views.response_row_editor import RowEditor

MAX_COLUMN_WIDTH = 110  # a long clause or name does not push the requirement out of sight
MARK_COLUMN = 2
KIND_COLUMN = 3
NARROW_TABLE = 680  # below this the kind column is hidden (the editor shows the kind)
REQUIREMENT_COLUMN = 4


class ResponseRowTable:
    """The rows part of the Responses screen; the screen provides the sheet, the editor, the state line."""

    sheet: ResponseSheet | None
    editor: RowEditor
    state: QLabel
    filter_buttons: dict[str, QToolButton]
    filter_text: QLineEdit
    rows_model: ResponseRowsModel
    proxy: ResponseRowsFilter
    rows: QTableView

    def _screen(self) -> QWidget:
        return cast(QWidget, self)

    def build_rows_table(self) -> QHBoxLayout:
        """The filters (returned, to be laid out above the table) and the table (``self.rows``)."""
        screen = self._screen()
        self.filter_buttons = {}
        filters = QHBoxLayout()
        filters.setSpacing(4)
        for mode in FILTERS:
            toggle = QToolButton()
            toggle.setObjectName(f"filter-{mode}")
            toggle.setCheckable(True)
            toggle.setAutoExclusive(True)
            toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            toggle.toggled.connect(lambda on, m=mode: self._filter_mode(m) if on else None)
            self.filter_buttons[mode] = toggle
            filters.addWidget(toggle)
        self.filter_text = QLineEdit()
        self.filter_text.setObjectName("RowFilterText")
        self.filter_text.setPlaceholderText(QCoreApplication.translate("ResponsesView", "Filter rows by clause or words"))
        self.filter_text.setClearButtonEnabled(True)
        self.filter_text.textChanged.connect(self._refilter)
        filters.addWidget(self.filter_text, 1)

        self.rows_model = ResponseRowsModel(screen)
        self.proxy = ResponseRowsFilter(screen)
        self.proxy.setSourceModel(self.rows_model)
        self.rows = QTableView()
        self.rows.setObjectName("ResponseRows")
        self.rows.setModel(self.proxy)
        table_look(self.rows)
        self.rows.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.rows.setWordWrap(False)
        self.rows.verticalHeader().setDefaultSectionSize(self.rows.fontMetrics().height() + 10)
        self.rows.horizontalHeader().setSectionResizeMode(REQUIREMENT_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.rows.horizontalHeader().setMinimumSectionSize(28)
        self.rows.installEventFilter(screen)
        self.rows.setItemDelegate(KeepColour(self.rows))
        self.rows.selectionModel().currentRowChanged.connect(self._row_selected)
        return filters

    def _shortcuts(self) -> None:
        """The keyboard flow anywhere on the screen, the response text included."""
        def add(keys: str, slot: Any) -> None:
            shortcut = QShortcut(QKeySequence(keys), self._screen())
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        add("Ctrl+Return", self.save_and_next)
        add("Ctrl+Enter", self.save_and_next)
        add("Ctrl+Down", lambda: self.step_row(1))
        add("Ctrl+Up", lambda: self.step_row(-1))
        for n in range(1, 6):
            add(f"Alt+{n}", lambda n=n: self.editor.accept_suggestion(n - 1))

    def _fit_rows(self) -> None:
        """Each column as wide as its content, within bounds (the requirement takes what is left)."""
        header = self.rows.horizontalHeader()
        for column in range(self.rows_model.columnCount()):
            if column != REQUIREMENT_COLUMN:
                self.rows.resizeColumnToContents(column)
                header.resizeSection(column, min(header.sectionSize(column) + 6, MAX_COLUMN_WIDTH))

    def _filter_mode(self, mode: str) -> None:
        self.proxy.mode = mode
        self.proxy.refilter()

    def _refilter(self, *_args: Any) -> None:
        self.proxy.text = self.filter_text.text().strip()
        self.proxy.refilter()

    def _update_filter_labels(self) -> None:
        rows = self.rows_model.rows
        me = self.proxy.me
        counts = {
            "star_open": sum(1 for r in rows if r.mark == STAR and is_open(r)),
            "important_open": sum(1 for r in rows if r.mark == TRIANGLE and is_open(r)),
            "mine": sum(1 for r in rows if me and r.assignee == me),
            "unanswered": sum(1 for r in rows if is_open(r)),
            "all": len(rows),
        }
        names = {"star_open": QCoreApplication.translate("ResponsesView", "★ open"), "important_open": QCoreApplication.translate("ResponsesView", "▲ open"), "mine": QCoreApplication.translate("ResponsesView", "Mine"),
                 "unanswered": QCoreApplication.translate("ResponsesView", "Unanswered"), "all": QCoreApplication.translate("ResponsesView", "All")}
        for mode, button in self.filter_buttons.items():
            button.setText(f"{names[mode]} ({counts[mode]})")
        # a questionnaire has no ★/▲: no mark column, no mark filters (unless one is in use)
        marked = {STAR: any(r.mark == STAR for r in rows), TRIANGLE: any(r.mark == TRIANGLE for r in rows)}
        self.rows.setColumnHidden(MARK_COLUMN, not (marked[STAR] or marked[TRIANGLE]))
        for mode, mark in (("star_open", STAR), ("important_open", TRIANGLE)):
            self.filter_buttons[mode].setVisible(marked[mark] or self.proxy.mode == mode)

    def _row_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row: RowView | None = current.data(RESPONSE_ROW_ROLE) if current.isValid() else None
        sheet, shown = self.sheet, self.editor.row
        if row is None or sheet is None:
            return  # a filter hid the row: the editor keeps it (and anything typed)
        if shown is not None and shown.no == row.no:
            self.editor.show_row(row, sheet.rights, sheet.people, sheet.response.id)
            return
        if shown is not None and not confirm_leave(self._screen(), self.editor, lambda: _ignore(self.select_row(row.no))):
            QTimer.singleShot(0, self._screen(), lambda: self.select_row(shown.no, quiet=True))
            return
        self.editor.show_row(row, sheet.rights, sheet.people, sheet.response.id)

    def select_row(self, no: int, quiet: bool = False) -> bool:
        """Pick row ``no`` (a filter that hides it is dropped, unless ``quiet``)."""
        source = self.rows_model.row_of(no)
        if source < 0:
            return False
        index = self.proxy.mapFromSource(self.rows_model.index(source, 0))
        if not index.isValid():
            if quiet:
                return False
            self.filter_text.clear()
            self.filter_buttons["all"].setChecked(True)
            index = self.proxy.mapFromSource(self.rows_model.index(source, 0))
        self.rows.selectRow(index.row())
        self.rows.scrollTo(index)
        return True

    def step_row(self, step: int) -> None:
        """Ctrl+Down / Ctrl+Up: the next or previous row as the table shows them."""
        current = self.rows.currentIndex()
        target = (current.row() + step) if current.isValid() else 0
        if 0 <= target < self.proxy.rowCount():
            self.rows.selectRow(target)

    def save_and_next(self) -> None:
        """Ctrl+Enter: save the row, then go to the next open row (in document order)."""
        shown = self.editor.row
        if shown is None:
            return
        from_no = shown.no

        def saved(ok: bool) -> None:
            if ok:
                self._go_next_open(from_no)

        self.editor.save(saved)

    def _go_next_open(self, from_no: int) -> None:
        candidates = sorted((r for r in self.rows_model.rows if is_open(r) and r.no != from_no
                             and self.proxy.accepts(r)), key=lambda r: r.no)
        after = [r for r in candidates if r.no > from_no] or candidates
        if after:
            self.select_row(after[0].no)
        else:
            self.state.setText(QCoreApplication.translate("ResponsesView", "No open rows left here"))

    def _row_saved(self, row: RowView) -> None:
        self.rows_model.replace(row)
        self._update_filter_labels()


class KeepColour(QStyledItemDelegate):
    """A selected row keeps its coloured text (★ red, ▲ orange, a negative deviation red): the
    selection's own text colour would turn them all black."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Any) -> None:
        super().initStyleOption(option, index)
        brush = index.data(Qt.ItemDataRole.ForegroundRole)
        if brush is not None:
            option.palette.setBrush(QPalette.ColorRole.HighlightedText, brush)


def table_look(table: QTableView) -> None:
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)


def _ignore(_value: object) -> None:
    """For callbacks that must return None."""
