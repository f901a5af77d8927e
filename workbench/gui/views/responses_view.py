"""The Responses screen: the customer's documents being answered (a tender's requirements, a
questionnaire's questions), and for the one picked its rows with filters (★ open, ▲ open, mine,
unanswered), the row editor beside them with the library's suggestions, the progress, the compliance
check's result, and the ways out (export the 技术偏离表 / point-by-point answer, fill the customer's
own file). A file is imported with Import… or by dropping it on the screen. All core work runs off
the UI thread; the screen reads again only when a write says tenders or knowledge changed."""

from __future__ import annotations

from typing import Any

from workbench.core.changes import OpChanges
from workbench.core.safekeeping import KeptEdit
from workbench.core.tender.views import (
    CheckReport,
    ResponseRights,
    ResponseSheet,
    ResponseView,
)
from workbench.core.users import UserView
from workbench.core.workspace import Workspace
from workbench.gui.context import AppContext
from workbench.gui.models.responses import RESPONSE_ROLE, ResponsesModel, progress_text
from workbench.gui.qt import (
    QEvent,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QModelIndex,
    QProgressBar,
    QPushButton,
    QSplitter,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    connect_for_life,
)
from workbench.gui.unsaved import confirm_leave
from workbench.gui.views.response_actions import ResponseActions
from workbench.gui.views.response_check import CheckPanel
from workbench.gui.views.response_files import ResponseFileWork
from workbench.gui.views.response_row_editor import RowEditor
from workbench.gui.views.response_row_table import KIND_COLUMN, NARROW_TABLE, ResponseRowTable, table_look

LIST_SOURCE_COLUMN, LIST_PROGRESS_COLUMN = 2, 3
NARROW_LIST = 1150  # below this the response list hides the source file's name


class ResponsesView(ResponseFileWork, ResponseActions, ResponseRowTable):
    imported = Signal(object)  # ResponseView
    import_failed = Signal(str)  # the message shown
    sheet_loaded = Signal(object)  # ResponseSheet
    exported = Signal(str)  # the file written
    refused = Signal(str)  # an export or fill refused: the message shown
    autofilled = Signal(object)  # AutofillReport

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ResponsesView")
        self.setAcceptDrops(True)
        self.ctx = ctx
        self.sheet: ResponseSheet | None = None
        self.check: CheckReport | None = None
        self._wanted = ""  # the response whose sheet is being read
        self._reads = 0  # sheet reads sent: answers to older ones are dropped
        self._busy = False
        self._open_row: tuple[str, int] | None = None  # a row to open once its response is read
        self._left_note = ""  # the state line's word on rows typed last time and not saved

        # --- the responses ---------------------------------------------------------------------
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.setObjectName("ImportResponse")
        self.import_button.setToolTip(self.tr("A tender or questionnaire: .docx, .xlsx, .pdf, .doc, .wps or .xls"))
        self.import_button.clicked.connect(lambda _c=False: self.open_import())
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(140)
        self.busy.hide()
        self.busy_label = QLabel()
        self.busy_label.setObjectName("Hint")
        drop_hint = QLabel(self.tr("or drop the customer's file here"))
        drop_hint.setObjectName("Hint")
        self.banner = QLabel()
        self.banner.setObjectName("ErrorLabel")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.hide()
        self.rename_button = QPushButton(self.tr("Rename…"))
        self.rename_button.setToolTip(self.tr("The response's title and customer"))
        self.rename_button.clicked.connect(lambda _c=False: self.choose_rename())
        self.attach_button = QPushButton(self.tr("Attach to proposal…"))
        self.attach_button.setToolTip(self.tr("Put the point-by-point answer into a proposal as a chapter"))
        self.attach_button.clicked.connect(lambda _c=False: self.choose_attach())
        bar = QHBoxLayout()
        bar.addWidget(self.import_button)
        bar.addWidget(drop_hint)
        bar.addStretch(1)
        bar.addWidget(self.busy_label)
        bar.addWidget(self.busy)
        bar.addWidget(self.rename_button)
        bar.addWidget(self.attach_button)

        self.list_model = ResponsesModel(self)
        self.list = QTableView()
        self.list.setObjectName("ResponseList")
        self.list.setModel(self.list_model)
        table_look(self.list)
        self.list.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.list.selectionModel().currentRowChanged.connect(self._response_selected)
        self.list.setMinimumHeight(52)
        self.list.installEventFilter(self)

        # --- the picked response: progress and actions (its title, customer and file are in the list) ---
        self.autofill_button = QPushButton(self.tr("Autofill"))
        self.autofill_button.setToolTip(self.tr("Suggest answers from the library for every row; strong matches "
                                                "to published, current items are accepted"))
        self.autofill_button.clicked.connect(lambda _c=False: self.autofill())
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("The deviation table and the point-by-point answer as Word or Excel"))
        self.export_button.clicked.connect(lambda _c=False: self.choose_export())
        self.fill_button = QPushButton(self.tr("Fill customer's file…"))
        self.fill_button.setToolTip(self.tr("The customer's own file with the answers written in"))
        self.fill_button.clicked.connect(lambda _c=False: self.choose_fill())
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("ResponseProgress")
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(8)
        self.progress_line = QLabel()
        self.progress_line.setObjectName("ProgressLine")
        self.progress_line.setStyleSheet("font-weight: 600;")
        self.meta = QLabel()
        self.meta.setObjectName("Hint")
        # whom a Traditional tender's answers are written for (Taiwan, Hong Kong): guessed from its
        # text, and the owner's to correct ("change" opens the choices)
        self.readers_label = QLabel()
        self.readers_label.setObjectName("ReadersLine")
        self.readers_label.setTextFormat(Qt.TextFormat.RichText)
        self.readers_label.linkActivated.connect(lambda _link: self.choose_readers())
        head = QHBoxLayout()
        head.addWidget(self.progress_line)
        head.addWidget(self.progress_bar, 1)
        head.addWidget(self.meta)
        head.addWidget(self.readers_label)
        for button in (self.autofill_button, self.export_button, self.fill_button):
            head.addWidget(button)

        # --- rows: filters, table, check ----------------------------------------------------------
        filters = self.build_rows_table()

        self.check_panel = CheckPanel(ctx.lang)
        self.check_panel.row_picked.connect(self.select_row)

        rows_box = QWidget()
        rows_layout = QVBoxLayout(rows_box)
        rows_layout.setContentsMargins(0, 0, 0, 0)
        rows_layout.addLayout(filters)
        rows_split = QSplitter(Qt.Orientation.Vertical)
        rows_split.addWidget(self.rows)
        rows_split.addWidget(self.check_panel)
        rows_split.setSizes([420, 120])
        rows_layout.addWidget(rows_split, 1)

        self.editor = RowEditor(ctx)
        self.editor.saved.connect(self._row_saved)
        self.editor.reload_wanted.connect(self.reload_sheet)
        self.work_split = QSplitter(Qt.Orientation.Horizontal)
        self.work_split.addWidget(rows_box)
        self.work_split.addWidget(self.editor)
        self.work_split.setStretchFactor(0, 3)
        self.work_split.setStretchFactor(1, 2)
        self.work_split.setSizes([660, 440])

        self.state = QLabel()
        self.state.setObjectName("Hint")
        self.state.setWordWrap(True)
        work = QWidget()
        work_layout = QVBoxLayout(work)
        work_layout.setContentsMargins(0, 0, 0, 0)
        work_layout.addLayout(head)
        work_layout.addWidget(self.work_split, 1)
        work_layout.addWidget(self.state)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(bar)
        top_layout.addWidget(self.banner)
        top_layout.addWidget(self.list, 1)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(top)
        self.split.addWidget(work)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([120, 700])  # the rows are where the day is spent
        layout = QVBoxLayout(self)
        layout.addWidget(self.split)

        self._shortcuts()
        self.filter_buttons["all"].setChecked(True)
        self._update_filter_labels()
        connect_for_life(self, ctx.ready, self.reload)
        connect_for_life(self, ctx.changed, self._on_changed)
        connect_for_life(self, ctx.user_changed, self._user_changed)
        self._show_sheet(None)
    # --- reading ---------------------------------------------------------------------------------

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.tenders or changes.knowledge:
            self.reload()

    def _user_changed(self, user: UserView) -> None:
        self.proxy.me = user.name
        self.proxy.refilter()
        if self.ctx.ws is not None:
            self.reload()  # what this person may do with each response

    def reload(self, select: str | None = None) -> None:
        """The list, then the picked response's sheet."""
        def listed(responses: list[ResponseView]) -> None:
            keep, shown = select or self._wanted, self._wanted
            self.list_model.set_rows(responses)
            self._fit_list()
            if keep and self._select_response(keep):
                if keep == shown:
                    self.reload_sheet()  # the same response (picking it again reads nothing): read it again
            elif responses:
                self.list.selectRow(0)
            else:
                self._wanted = ""
                self._show_sheet(None)

        self.ctx.read(lambda ws: ws.tenders.all(), listed, parent=self)

    def reload_sheet(self) -> None:
        response_id = self._wanted
        user = self.ctx.user
        if not response_id or user is None:
            return
        self._reads += 1
        read = self._reads

        def work(ws: Workspace) -> tuple[ResponseSheet, CheckReport]:
            sheet = ws.tenders.sheet(user, response_id)
            return sheet, sheet.check if sheet.check is not None else ws.tenders.check(response_id)

        def done(result: tuple[ResponseSheet, CheckReport]) -> None:
            if read == self._reads and response_id == self._wanted:
                self._show_sheet(*result)

        self.ctx.read(work, done, parent=self)

    def _fit_list(self) -> None:
        """The title keeps the room: the other columns as wide as their content, within bounds."""
        header = self.list.horizontalHeader()
        for column in range(1, self.list_model.columnCount()):
            self.list.resizeColumnToContents(column)
            limit = 360 if column == LIST_PROGRESS_COLUMN else 240
            header.resizeSection(column, min(header.sectionSize(column) + 12, limit))
    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self.rows and event.type() == QEvent.Type.Resize:
            self.rows.setColumnHidden(KIND_COLUMN, self.rows.width() < NARROW_TABLE)
        if watched is self.list and event.type() == QEvent.Type.Resize:
            # on a laptop screen the file name gives way to the title (it is in the progress line's tooltip)
            self.list.setColumnHidden(LIST_SOURCE_COLUMN, self.list.width() < NARROW_LIST)
        return super().eventFilter(watched, event)

    def _select_response(self, response_id: str) -> bool:
        row = self.list_model.row_of(response_id)
        if row < 0:
            return False
        if self.list.currentIndex().row() != row:
            self.list.selectRow(row)
        return True

    def _response_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        view: ResponseView | None = current.data(RESPONSE_ROLE) if current.isValid() else None
        if view is None or view.id == self._wanted:
            return
        shown = self._wanted
        if not confirm_leave(self, self.editor, lambda: _ignore(self._select_response(view.id))):
            QTimer.singleShot(0, self, lambda: self._select_response(shown))
            return
        self._wanted = view.id
        self.reload_sheet()

    def _show_sheet(self, sheet: ResponseSheet | None, check: CheckReport | None = None) -> None:
        previous = self.sheet
        same = sheet is not None and previous is not None and sheet.response.id == previous.response.id
        shown_no = self.editor.row.no if same and self.editor.row is not None else None
        self.sheet, self.check = sheet, check
        self.rows_model.set_rows(sheet.rows if sheet is not None else ())
        self._update_filter_labels()  # shows or hides the mark column: before it is fitted
        if not same:
            self._fit_rows()
        self.check_panel.show_report(check)
        self._show_header()
        self._enable()
        if sheet is None:
            self.editor.show_row(None, ResponseRights(False, False, False), ())
            return
        self.editor.response_title = sheet.response.title
        wanted, self._open_row = self._open_row, None
        if wanted is not None and wanted[0] == sheet.response.id and self.rows_model.row_of(wanted[1]) >= 0:
            self.select_row(wanted[1])  # a draft from the start-up offer: the editor puts its text back
            self._say_rows_left(sheet.response.id)
        elif shown_no is not None and self.rows_model.row_of(shown_no) >= 0:
            self.select_row(shown_no, quiet=True)  # the same row, newer data: the editor keeps typed text
        else:
            self.editor.show_row(None, sheet.rights, sheet.people, sheet.response.id)
            if self.proxy.rowCount() > 0:
                self.rows.selectRow(0)
            self._say_rows_left(sheet.response.id)
        self.sheet_loaded.emit(sheet)

    def _say_rows_left(self, response_id: str) -> None:
        """Name the other rows of this response whose typed answers a session that ended in a crash
        left (the row open in the editor has its text back already)."""
        shown = self.editor.row.no if self.editor.row is not None else None
        left = [no for no in self.editor.drafts.rows_left(response_id) if no != shown]
        if len(left) == 1:
            note = self.tr("Typed last time and not saved: row %1. Open it to save or discard it.").replace(
                "%1", str(left[0]))
        elif left:
            note = self.tr("Typed last time and not saved: rows %1. Open each to save or discard it.").replace(
                "%1", ", ".join(map(str, left)))
        else:
            note = ""
        if note or self.state.text() == self._left_note:
            self.state.setText(note)
        self._left_note = note

    def open_draft(self, draft: KeptEdit) -> None:
        """A row's answer typed before a crash, from the start-up offer: its response and row are
        opened and the editor puts the typed text back (saying so, and if the row changed since)."""
        self._open_row = draft.response_row
        self.reload(select=draft.response_row[0])

    def _show_header(self) -> None:
        sheet = self.sheet
        if sheet is None:
            self.progress_line.setText(self.tr("No response selected") if self.list_model.rowCount()
                                       else self.tr("Import a tender or a questionnaire to answer it"))
            self.meta.setText("")
            self.readers_label.hide()
            self.progress_bar.setValue(0)
            self.progress_bar.setRange(0, 1)
            return
        r = sheet.response
        self.show_readers(r, sheet.rights.may_assign)
        if not sheet.rights.may_edit and sheet.rights.rows:
            self.meta.setText(self.tr("you may edit the rows assigned to you"))
        elif not sheet.rights.may_edit:
            self.meta.setText(self.tr("read-only for you"))
        else:
            self.meta.setText("")
        negative = (" · " + self.tr("negative deviation %1").replace("%1", str(r.progress.negative))
                    if r.progress.negative else "")
        self.progress_line.setText(progress_text(r.progress) + negative)
        self.progress_line.setToolTip(f"{r.title} · {r.source_name} · "
                                      + self.tr("imported by %1").replace("%1", r.created_by_label))
        self.progress_bar.setRange(0, max(r.progress.total, 1))
        self.progress_bar.setValue(r.progress.answered)

    def _enable(self) -> None:
        rights = self.sheet.rights if self.sheet is not None else ResponseRights(False, False, False)
        self.import_button.setEnabled(not self._busy)
        self.autofill_button.setEnabled(rights.may_edit and not self._busy)
        for button in (self.rename_button, self.attach_button):  # the owner's (or an admin's)
            button.setEnabled(rights.may_assign and not self._busy)
        for button in (self.export_button, self.fill_button):
            button.setEnabled(rights.may_export and not self._busy)

def _ignore(_value: object) -> None:
    """For callbacks that must return None."""
