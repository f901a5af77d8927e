"""The Proposals screen: the list (due-soon highlighted), and the editor of the selected proposal
with a live preview, the matched-knowledge panel, revisions with diffs, and export."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.core import safekeeping
from workbench.core.changes import OpChanges
from workbench.core.errors import ServerUnavailable
from workbench.core.proposals.model import PAGEBREAK, TOC_MARK, ProposalView
from workbench.core.safekeeping import KeptEdit, ReplayReport
from workbench.core.search.query import SearchRequest
from workbench.core.search.service import SearchResults
from workbench.core.users import Permission
from workbench.gui.connection import discard_kept, keep_edit, kept_copy, kept_when
from workbench.gui.context import AppContext
from workbench.gui.diff import side_by_side
from workbench.gui.markdown_preview import preview_markdown
from workbench.gui.models.proposal_table import (
    PROPOSAL_ROLE,
    ProposalFilterProxy,
    ProposalTableModel,
    status_labels,
)
from workbench.gui.qt import (
    QAbstractItemView,
    QByteArray,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QModelIndex,
    QPalette,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSettings,
    QShortcut,
    QShowEvent,
    QSplitter,
    Qt,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    connect_for_life,
)
from workbench.gui.unsaved import Autosaver, confirm_leave
from workbench.gui.views.proposal_wizard import ProposalWizard
from workbench.gui.views.title_first import TitleFirst
from workbench.gui.when import local_time

if TYPE_CHECKING:
    from workbench.core.proposals.service import Inserted

log = logging.getLogger(__name__)

MAX_COLUMN_WIDTH = 260
SPLIT_KEY = "proposals/split"
SPLIT_SHARE = (42, 58)  # the list's and the draft's shares of the screen's height
TITLE_COLUMN = 1


class ProposalsView(QWidget):
    """Also the proposal draft's :class:`~workbench.gui.unsaved.UnsavedWork`: picking another
    proposal, or quitting, asks first when the draft differs from the revision it started from;
    the draft is autosaved to this laptop as the person types."""

    exported = Signal(str)  # path
    submitted = Signal(str)  # proposal number, once in review

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProposalsView")
        self.ctx = ctx
        self.current: ProposalView | None = None
        self.wizard: ProposalWizard | None = None
        self._dirty = False  # the text differs from the revision shown
        self._saved_text = ""  # that revision's text
        self.kept: KeptEdit | None = None  # the shown proposal's draft kept on this laptop
        self.autosaver = Autosaver(ctx, self._autosave_snapshot, self)

        # list
        self.new_button = QPushButton(self.tr("New proposal…"))
        self.new_button.clicked.connect(self.new_proposal)
        self.filter_text = QLineEdit()
        self.filter_text.setPlaceholderText(self.tr("Filter by number, title or customer"))
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("All statuses"), "")
        for value, text in status_labels().items():
            self.status_filter.addItem(text, value)
        self.due_soon = QCheckBox(self.tr("Due soon"))
        self.model = ProposalTableModel(ctx.lang, self)
        self.proxy = ProposalFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("ProposalTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(True)
        # the title stretches and keeps 30% of the table at laptop size (about 20 CJK characters
        # at 1280 px): the author, the milestone and the customer give up width first (elided,
        # whole in their tooltips)
        self.title_first = TitleFirst(self.table, TITLE_COLUMN, [3, 6, 2, 5], share=0.3, floor=80)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.filter_text.textChanged.connect(self._refilter)
        self.status_filter.currentIndexChanged.connect(self._refilter)
        self.due_soon.toggled.connect(self._refilter)
        bar = QHBoxLayout()
        bar.addWidget(self.new_button)
        bar.addWidget(self.filter_text, 1)
        bar.addWidget(self.status_filter)
        bar.addWidget(self.due_soon)

        # editor
        self.title = QLabel()
        self.title.setObjectName("DetailTitle")
        self.meta = QLabel()
        self.meta.setObjectName("DetailMeta")
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("ProposalEditor")
        self.preview = QTextBrowser()
        self.preview.setObjectName("ProposalPreview")
        self._preview_timer = QTimer(self, singleShot=True, interval=250)
        self._preview_timer.timeout.connect(self._update_preview)
        self.editor.textChanged.connect(self._edited)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("What changed (optional)"))
        self.note.textEdited.connect(lambda _t: self.autosaver.changed())
        self.save_button = QPushButton(self.tr("Save revision"))
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.clicked.connect(lambda _c=False: self.save_revision())
        self.submit_button = QPushButton(self.tr("Submit for review"))
        self.submit_button.setObjectName("SubmitForReview")
        self.submit_button.clicked.connect(self.submit_for_review)
        self.export_docx = QPushButton(self.tr("Word…"))
        self.export_pdf = QPushButton(self.tr("PDF…"))
        self.export_md = QPushButton(self.tr("Markdown…"))
        for button, fmt in ((self.export_docx, "docx"), (self.export_pdf, "pdf"), (self.export_md, "md")):
            button.clicked.connect(lambda _c=False, f=fmt: self.choose_export(f))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.state = QLabel()
        self.state.setObjectName("Hint")
        actions = QHBoxLayout()
        actions.addWidget(self.note, 1)
        actions.addWidget(self.save_button)
        actions.addWidget(self.submit_button)
        actions.addWidget(QLabel(self.tr("Export:")))
        actions.addWidget(self.export_docx)
        actions.addWidget(self.export_pdf)
        actions.addWidget(self.export_md)
        actions.addWidget(self.progress)

        # side panel: knowledge in this draft, and search to insert any item
        self.used = QListWidget()
        self.used.setObjectName("UsedKnowledge")
        self.used.setWordWrap(True)
        self.knowledge_query = QLineEdit()
        self.knowledge_query.setPlaceholderText(self.tr("Find knowledge to insert…"))
        self.found = QListWidget()
        self.found.setObjectName("FoundKnowledge")
        self.found.setWordWrap(True)
        self.insert_button = QPushButton(self.tr("Insert at cursor"))
        self.insert_button.clicked.connect(self.insert_selected)
        self.insert_button.setEnabled(False)  # until a proposal this person may edit is shown
        self.found.itemActivated.connect(lambda _i: self.insert_selected())
        self._find_timer = QTimer(self, singleShot=True, interval=250)
        self._find_timer.timeout.connect(self._find)
        self.knowledge_query.textChanged.connect(self._knowledge_text_changed)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel(self.tr("Matched knowledge in this draft")))
        side_layout.addWidget(self.used, 1)
        side_layout.addWidget(self.knowledge_query)
        side_layout.addWidget(self.found, 1)
        side_layout.addWidget(self.insert_button)

        self.revisions = QListWidget()
        self.revisions.setObjectName("Revisions")
        self.revisions.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.revisions.setToolTip(self.tr("Select one revision to compare it with the one before, or two to compare them"))
        self.diff_view = QTextBrowser()
        self.revisions.itemSelectionChanged.connect(self._show_diff)
        history = QSplitter(Qt.Orientation.Vertical)
        history.addWidget(self.revisions)
        history.addWidget(self.diff_view)

        edit_split = QSplitter(Qt.Orientation.Horizontal)
        edit_split.addWidget(self.editor)
        edit_split.addWidget(self.preview)
        edit_split.addWidget(side)
        edit_split.setSizes([520, 520, 280])
        self.tabs = QTabWidget()
        self.tabs.addTab(edit_split, self.tr("Draft"))
        self.tabs.addTab(history, self.tr("Revisions"))
        editor_box = QWidget()
        editor_layout = QVBoxLayout(editor_box)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(self.title)
        editor_layout.addWidget(self.meta)
        editor_layout.addWidget(self.tabs, 1)
        editor_layout.addLayout(actions)
        editor_layout.addWidget(self.state)

        split = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(bar)
        top_layout.addWidget(self.table)
        split.addWidget(top)
        split.addWidget(editor_box)
        # the list keeps 42% of the height (about 10 proposals in a window 1000 pixels high, 6 at
        # 720) and the draft the rest; where the person drags the handle is kept (QSettings)
        self.split = split
        for index, share in enumerate(SPLIT_SHARE):
            split.setStretchFactor(index, share)  # a taller window grows both
        state = QSettings().value(SPLIT_KEY)
        self._split_placed = isinstance(state, QByteArray) and split.restoreState(state)
        split.splitterMoved.connect(lambda _pos, _index: QSettings().setValue(SPLIT_KEY, split.saveState()))
        # ...and four proposals stay in view, whatever the handle's place
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth()
                                    + 4 * self.table.verticalHeader().defaultSectionSize())
        layout = QVBoxLayout(self)
        layout.addWidget(split)

        QShortcut(QKeySequence.StandardKey.Save, self.editor).activated.connect(self.save_revision)
        connect_for_life(self, ctx.ready, self.reload)
        # template name -> its title in the UI language, once the catalogue was read: when the
        # screen is first shown with its rows, or for the wizard (reading it means checking each
        # template in the sandbox process: not at start-up, and not on the database worker)
        self.template_titles: dict[str, str] = {}
        self._titles_asked = False
        connect_for_life(self, ctx.changed, self._on_changed)
        connect_for_life(self, ctx.server_back, self._server_back)
        connect_for_life(self, ctx.user_changed, lambda _u: self._update_actions())
        self._show(None)

    # --- list ----------------------------------------------------------------------------------

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.proposals or changes.review:
            self.reload()

    def reload(self, select: str | None = None) -> None:
        self.ctx.read(lambda ws: ws.proposals.all(), lambda rows: self._loaded(rows, select), parent=self)

    def _loaded(self, rows: list[ProposalView], select: str | None) -> None:
        shown = self.current
        # the proposal shown when the rows arrive (a save may have moved on to another meanwhile)
        keep = select or (shown.number if shown else None)
        self.model.set_rows(rows)
        self._fit_columns()
        if self.isVisible():
            self._read_template_titles()
        if keep:
            self.select(keep)
        fresh = next((r for r in rows if shown is not None and r.number == shown.number), None)
        if fresh is not None and self.current is shown and not self._dirty:
            self._show(fresh)  # the same proposal, newer data

    def _update_preview(self) -> None:
        """The draft as Markdown, with the export-only marks shown for what they become."""
        toc = "*" + self.tr("[Table of contents: filled in on export]") + "*"
        page_break = "\n\n---\n\n"
        text = self.editor.toPlainText().replace(TOC_MARK, toc).replace(PAGEBREAK, page_break)
        self.preview.setMarkdown(text)

    def _fit_columns(self) -> None:
        """Every column as wide as its content (the title takes what is left), but a long
        customer name does not push the milestone column out of sight."""
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            if column != TITLE_COLUMN:
                self.table.resizeColumnToContents(column)
                header.resizeSection(column, min(header.sectionSize(column), MAX_COLUMN_WIDTH))
        self.title_first.remember()

    def select(self, number: str) -> bool:
        row = self.model.row_of(number)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.selectRow(index.row())
        return True

    def _select_quietly(self, number: str) -> None:
        """Move on to ``number`` once the draft left behind was saved. The list may already show
        it (the save's answer came before the list went back to the draft): then no row change
        follows, and the editor moves on here."""
        self.select(number)
        if self.current is not None and self.current.number == number:
            return
        row = self.model.row_of(number)
        view = self.model.index(row, 0).data(PROPOSAL_ROLE) if row >= 0 else None
        if view is not None and not self.has_unsaved_changes():
            self._show(view)

    def _refilter(self, *_args: Any) -> None:
        self.proxy.text = self.filter_text.text().strip()
        self.proxy.status = self.status_filter.currentData() or ""
        self.proxy.due_soon_only = self.due_soon.isChecked()
        self.proxy.refilter()

    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        view = current.data(PROPOSAL_ROLE) if current.isValid() else None
        shown = self.current
        if view is None and self._dirty:
            return  # a filter or a reload hid the row: the draft stays in the editor
        if view is not None and shown is not None and view.number == shown.number:
            if view.version == shown.version or self._dirty:
                return  # newer data for the draft being edited: saving it says if it was overtaken
            self._show(view)
            return
        if view is not None and not confirm_leave(self, self, lambda: self._select_quietly(view.number)):
            # cancelled, or saving first: the list shows the proposal still in the editor
            if shown is not None:
                QTimer.singleShot(0, self, lambda: self._back_to(shown.number))
            return
        self._show(view)

    def _back_to(self, number: str) -> None:
        """The list goes back to the draft left in the editor, unless its save finished first and
        the editor moved on (a save's answer can arrive before this, on a busy machine)."""
        if self.current is not None and self.current.number == number:
            self.select(number)

    # --- editor --------------------------------------------------------------------------------

    def _show(self, view: ProposalView | None, typed: str | None = None) -> None:
        """Show ``view``: its latest revision in the editor, or ``typed`` (the person typed on
        while it was being saved), or the draft of it kept on this laptop."""
        shown, self.current = self.current, view
        if view is None or shown is None or view.number != shown.number:
            self.autosaver.clear()  # the person was asked before leaving the draft (or it was clean)
            self.note.clear()
        self._saved_text = view.latest.markdown if view and view.latest else ""
        self._set_text(self._saved_text if typed is None else typed)
        self._update_preview()
        self._dirty = self.editor.toPlainText() != self._saved_text
        if typed is None:
            self._load_kept(view)
            self._load_draft(view)
        self.used.clear()
        self.revisions.clear()
        self.diff_view.clear()
        if view is None:
            self.title.setText(self.tr("No proposal selected"))
            self.meta.setText("")
        else:
            self.title.setText(f"{view.number} · {view.title}")
            deadline = view.bid_deadline.isoformat() if view.bid_deadline else "—"
            status = status_labels().get(view.status.value, view.status.value)
            self.meta.setText(
                self.tr("%1 · customer %2 · tier %3 · bid deadline %4 · template %5")
                .replace("%1", status).replace("%2", view.customer).replace("%3", view.customer_tier or "—")
                .replace("%4", deadline).replace("%5", self.template_titles.get(view.template, view.template))
            )
            for k in view.latest.knowledge if view.latest else ():
                entry = QListWidgetItem(f"{k.get('title')}  ·  " + self.tr("relevance %1%")  # type: ignore[arg-type]
                                        .replace("%1", f"{float(k.get('score', 0)) * 100:.0f}"))  # type: ignore[arg-type]
                entry.setToolTip(self.tr("Matched words: %1").replace("%1", ", ".join(k.get("matched", []))))  # type: ignore[arg-type]
                self.used.addItem(entry)
            for r in reversed(view.revisions):
                when = local_time(r.created_at)
                entry = QListWidgetItem(f"r{r.number} · {when} · {r.created_by_label}" + (f" · {r.note}" if r.note else ""))
                entry.setData(Qt.ItemDataRole.UserRole, r.number)
                self.revisions.addItem(entry)
        self._update_actions()

    def _set_text(self, text: str) -> None:
        """Replace the editor's text (left alone when it already holds it: the cursor, the
        scroll position and the undo history stay)."""
        if self.editor.toPlainText() != text:
            self.editor.blockSignals(True)
            self.editor.setPlainText(text)
            self.editor.blockSignals(False)

    def _update_actions(self) -> None:
        can = self.ctx.can(Permission.EDIT_PROPOSALS)
        self.new_button.setVisible(can)
        has = self.current is not None
        rights = self.current.rights(self.ctx.user) if self.current is not None else None
        editable = rights is not None and rights.may_edit
        self.editor.setReadOnly(not editable)
        self.save_button.setEnabled(editable and self._dirty)
        self.note.setEnabled(editable)
        if rights is not None and rights.is_mine and not editable:
            self.editor.setToolTip(self.tr("In review or approved: this revision is read-only"))
        else:
            self.editor.setToolTip("")
        self.submit_button.setEnabled(rights is not None and rights.may_submit and not self._dirty)
        for button in (self.export_docx, self.export_pdf, self.export_md):
            button.setEnabled(has)
        self.insert_button.setEnabled(editable)
        self.insert_button.setToolTip("" if editable else self.tr(
            "Only the proposal's author can insert knowledge, and only while it is not in review or approved."))

    def _edited(self) -> None:
        self._dirty = self.current is not None and self.editor.toPlainText() != self._saved_text
        self._preview_timer.start()
        self.autosaver.changed()
        self._update_actions()

    # --- unsaved work (workbench/gui/unsaved.py) --------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        """The text differs from the revision shown, and is not the copy already kept on this
        laptop to be saved when the server is back."""
        if not self._dirty:
            return False
        return self.kept is None or self.editor.toPlainText() != self.kept.payload.get("markdown")

    def unsaved_description(self) -> str:
        number = self.current.number if self.current is not None else ""
        return self.tr("the draft of %1").replace("%1", number)

    def save_unsaved(self, then: Callable[[bool], None]) -> None:
        self.save_revision(then)

    def discard_unsaved(self) -> None:
        """Back to what is saved (or to the copy kept to be saved when the server is back)."""
        kept = str(self.kept.payload.get("markdown", "")) if self.kept is not None else None
        self._set_text(self._saved_text if kept is None else kept)
        self._dirty = self.editor.toPlainText() != self._saved_text
        self.note.setText(str(self.kept.payload.get("note", "")) if self.kept is not None else "")
        self.autosaver.clear()
        self._update_preview()
        self._update_actions()
        self.state.setText(self.tr("Your unsaved changes were discarded."))

    def _autosave_snapshot(self, user: str, database: str) -> KeptEdit | None:
        view = self.current
        if view is None or not self.has_unsaved_changes():
            return None
        base = view.latest.number if view.latest else None
        return safekeeping.proposal_draft(user, database, view.number, self.editor.toPlainText(),
                                          self.note.text(), base)

    def save_revision(self, then: Callable[[bool], None] | None = None) -> None:
        """Save on top of the revision shown (a revision saved meanwhile by someone else is a
        Conflict); if the server is away, the draft is kept on this laptop and saved when it is back.
        ``then(ok)`` is told how it went (ok also when kept: nothing is lost by moving on)."""
        view = self.current
        done = then or (lambda _ok: None)
        if view is None or not self._dirty:
            done(True)
            return
        markdown, note = self.editor.toPlainText(), self.note.text()
        base = view.latest.number if view.latest else None

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ServerUnavailable):
                self.kept = keep_edit(self.ctx, lambda user, db: safekeeping.proposal_draft(
                    user, db, view.number, markdown, note, base))
                if self.kept is not None:
                    self.autosaver.flush()  # the kept copy holds the text now: no second copy
                    self.state.setText(self.tr(
                        "The team server cannot be reached. Your draft is kept on this laptop and will be saved "
                        "when the server is back."))
                    done(True)
                    return
            self.ctx.report(exc, self)
            done(False)

        def saved(revision: ProposalView) -> None:
            self._revision_saved(revision)
            done(True)

        self.ctx.write(
            lambda ws, actor: ws.proposals.save_revision(actor, view.number, markdown, note, expected_revision=base),
            saved, failed, parent=self,
        )

    def _revision_saved(self, saved: ProposalView) -> None:
        discard_kept(self.ctx, self.kept)  # this save supersedes any copy kept on the laptop
        self.kept = None
        self.autosaver.clear()
        self.note.clear()
        typed = self.editor.toPlainText()  # what was typed while the save was on its way stays
        self.current = saved
        self._show(saved, typed=typed)
        if self._dirty:
            self.autosaver.changed()
        self.state.setText(self.tr("Saved as revision %1").replace("%1", str(saved.latest.number if saved.latest else "")))

    def _load_kept(self, view: ProposalView | None) -> None:
        """A draft of this proposal kept on this laptop (not saved yet) goes back into the editor."""
        self.kept = kept_copy(self.ctx, "proposal", view.number) if view is not None else None
        if self.kept is None or view is None or not view.editable:
            return
        markdown = str(self.kept.payload.get("markdown", ""))
        if view.latest is not None and view.latest.markdown == markdown:
            return
        self.editor.blockSignals(True)
        self.editor.setPlainText(markdown)
        self.editor.blockSignals(False)
        self.note.setText(str(self.kept.payload.get("note", "")))
        self._update_preview()
        self._dirty = True
        self.state.setText(self.tr("Your draft kept on this laptop since %1 is in the editor; it is not saved yet.")
                           .replace("%1", kept_when(self.kept)))

    def _load_draft(self, view: ProposalView | None) -> None:
        """A draft of this proposal autosaved in a session that ended before it was saved or
        discarded goes back into the editor (the person saves or discards it as usual)."""
        left = kept_copy(self.ctx, "proposal", view.number, origin="autosave") if view is not None else None
        if left is None or view is None:
            return
        markdown = str(left.payload.get("markdown", ""))
        self.autosaver.adopt(left)
        if markdown == self.editor.toPlainText():
            if not self.has_unsaved_changes():
                self.autosaver.clear()  # nothing in it that is not saved or kept already
            return
        self._set_text(markdown)
        self.note.setText(str(left.payload.get("note", "")))
        self._update_preview()
        self._dirty = markdown != self._saved_text
        self.state.setText(self.tr("Your unsaved draft from %1 is back in the editor: save it as a revision, "
                                   "or discard it by picking another proposal.").replace("%1", kept_when(left)))

    def _server_back(self, report: ReplayReport) -> None:
        """Kept drafts were replayed: the shown one, if saved, is a saved revision now."""
        kept = self.kept
        for edit, value in report.saved:
            if kept is None or edit.key != kept.key:
                continue
            self.kept = None
            if self.current is None or self.current.number != value.number:
                continue
            if self.editor.toPlainText() == edit.payload.get("markdown"):
                self._revision_saved(value)
            else:  # typed on after the failed save: the next save goes on top of the saved one
                self.current = value

    def submit_for_review(self) -> None:
        view = self.current
        if view is None:
            return
        number = view.number

        def done(status: Any) -> None:
            self.state.setText(self.tr("Submitted %1 for review: %2").replace("%1", number).replace(
                "%2", self.tr("tier %1").replace("%1", str(status.tier))))
            self.submitted.emit(number)

        self.ctx.write(lambda ws, actor: ws.reviews.submit(actor, number), done, parent=self)

    def _show_diff(self) -> None:
        """Side by side: the selected revision against the one before it, or two selected ones."""
        view = self.current
        picked = sorted(int(i.data(Qt.ItemDataRole.UserRole)) for i in self.revisions.selectedItems())
        if view is None or not picked:
            return
        a, b = (picked[0], picked[-1]) if len(picked) > 1 else (max(picked[0] - 1, 1), picked[0])
        revs = {r.number: r for r in view.revisions}
        if a == b:
            self.diff_view.setMarkdown(preview_markdown(revs[b].markdown, self.tr("Contents")))
            return
        self.diff_view.setHtml(side_by_side(revs[a].markdown, revs[b].markdown, f"r{a}", f"r{b}"))

    # --- knowledge panel ------------------------------------------------------------------------

    def _knowledge_text_changed(self, text: str) -> None:
        """Search after the typing pause; meanwhile the coming search starts what it can ahead."""
        self._find_timer.start()
        request = _knowledge_request(text)
        if request is not None:
            self.ctx.ahead(lambda ws: ws.search.expect(request), parent=self)

    def _find(self) -> None:
        request = _knowledge_request(self.knowledge_query.text())
        if request is None:
            self.found.clear()
            return

        def shown(results: SearchResults) -> None:
            self.found.clear()
            if results.searched_for is not None:  # typed pinyin answered with its reading: said, as in Search
                note = QListWidgetItem(self.tr("Showing results for %1").replace("%1", results.searched_for))
                note.setFlags(Qt.ItemFlag.NoItemFlags)  # a line of the list, never inserted
                font = note.font()
                font.setBold(True)  # drawn in the enabled text colour: the disabled grey was easy to miss
                note.setFont(font)
                note.setForeground(self.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text))
                self.found.addItem(note)
            for hit in results.hits:
                entry = QListWidgetItem(f"{hit.title}")
                entry.setToolTip(hit.snippet)
                entry.setData(Qt.ItemDataRole.UserRole, hit.id)
                self.found.addItem(entry)

        self.ctx.read(lambda ws: ws.search.search(request), shown, parent=self, cpu=True)

    def insert_selected(self) -> None:
        view, entry = self.current, self.found.currentItem()
        if view is None or entry is None:
            return
        slug = entry.data(Qt.ItemDataRole.UserRole)
        if not slug:  # the list's note, not an item
            return
        number = view.number

        def done(inserted: Inserted) -> None:
            # in the proposal's script and region, its use counted once (the Knowledge screen follows)
            self.editor.textCursor().insertText(inserted.markdown)
            self.state.setText(self.tr("Inserted “%1”; save a revision to keep it.").replace("%1", inserted.title))

        self.ctx.write(lambda ws, actor: ws.proposals.insert_item(actor, number, slug), done, parent=self)

    # --- new and export ------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._split_placed and self.split.height() > 0:
            # first shown at its real height: the shares in pixels (set before, the splitter gave
            # the list only its minimum)
            self._split_placed = True
            height = sum(self.split.sizes()) or self.split.height()
            top = height * SPLIT_SHARE[0] // sum(SPLIT_SHARE)
            self.split.setSizes([top, height - top])
        if self.model.rowCount():
            self._read_template_titles()

    def _read_template_titles(self) -> None:
        """Once, when the screen shows its first rows: the catalogue's titles, so the header names a
        proposal's template by its title before anyone opens the wizard. Read on the CPU pool:
        the first read checks each template in the sandbox (a second or more), which on the
        database worker held up other reads and writes."""
        ws = self.ctx.ws
        if self._titles_asked or self.template_titles or ws is None:
            return
        self._titles_asked = True
        catalog = ws.proposals.catalog

        def failed(exc: BaseException) -> None:  # the names stay: nothing the person must act on
            log.warning("template titles not read: %r", exc)
            self._titles_asked = False

        self.ctx.runner.run(catalog.all, self._templates_read, failed, cpu=True, owner=self)

    def _templates_read(self, templates: list[Any]) -> None:
        self.template_titles = {t.name: t.display_title(self.ctx.lang) for t in templates}
        if self.current is not None and not self._dirty:
            self._show(self.current)  # the title instead of the name read before

    def new_proposal(self) -> None:
        def opened(templates: list[Any]) -> None:
            self._templates_read(templates)
            wizard = ProposalWizard(self.ctx, templates, self)
            wizard.created.connect(self._created)
            self.wizard = wizard
            wizard.show()

        self.ctx.read(lambda ws: ws.proposals.catalog.all(), opened, parent=self)

    def _created(self, view: ProposalView) -> None:
        self.reload(select=view.number)  # a draft being edited is asked about before it is left
        self.state.setText(self.tr("Created %1").replace("%1", view.number))

    def choose_export(self, fmt: str) -> None:
        view = self.current
        if view is None:
            return
        suffix = {"docx": "Word (*.docx)", "pdf": "PDF (*.pdf)", "md": "Markdown (*.md)"}[fmt]
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), f"{view.number}.{fmt}", suffix)
        if path:
            self.export(fmt, Path(path))

    def export(self, fmt: str, path: Path) -> None:
        view = self.current
        if view is None:
            return
        if self._dirty:
            self.state.setText(self.tr("Exporting the last saved revision; your unsaved edits are not in it."))
        self.progress.show()
        for button in (self.export_docx, self.export_pdf, self.export_md):
            button.setEnabled(False)
        number = view.number

        def done(out: Path) -> None:
            self._export_finished()
            self.state.setText(self.tr("Exported to %1").replace("%1", str(out)))
            self.exported.emit(str(out))

        def failed(exc: BaseException) -> None:
            self._export_finished()
            self.ctx.report(exc, self)

        self.ctx.read(lambda ws: ws.proposals.export(number, fmt, path), done, failed, parent=self, cpu=True)

    def _export_finished(self) -> None:
        self.progress.hide()
        self._update_actions()


def _knowledge_request(text: str) -> SearchRequest | None:
    """What "find knowledge to insert" searches for ``text`` (None: nothing to search)."""
    text = text.strip()
    return SearchRequest(text=text, per_page=15) if text else None
